"""A fleet's device list in our own format: the columns, their names in the header row, and their values.

One device a row, with a header row naming the columns in any order (Russian or English, any case;
the first row of the template resources/templates/fleet-devices.*):

    «Серийный номер»          serial            the device (meter) serial number: the list's key   required
    «Группа»                  group             a name to count and filter by                        optional
    «Доставка»                delivery          tcp, cenc or sms (TCP/IP, TCP/IP CENC, SMS); empty:    optional
                                                the command line's / window's choice
    «Адрес»                   host              tcp: the module's IP address or DNS name (Server mode)
    «Порт»                    port              tcp: its port (default 8000)
    «Сервер CENC»             cenc_server       cenc: HOST or HOST:PORT; empty: the command line's
    «Серийный номер в CENC»   cenc_serial       cenc: the serial the module registers with (default: the
                                                serial number)
    «Системный адрес»         system_address    cenc: the device's address on the server, 0.0.0.94
                                                (instead of the serial)
    «Телефон»                 phone             sms: the number of the SIM in the meter
    «Пароль модуля»           password          the module's administrator password (default: the one
                                                given for the run, else the factory 12345678)
    «Тип модуля»              module            gsm-2g4g …, «GSM 2G+4G», or a platform id (8420); empty: read
                                                from the module (its version's platform id, 002 App. 4)
    «Тип счётчика»            meter_type        CE208, CE308, CE207, CE307: for the ceHes export     optional

Everything here is pure: what a cell means and whether it is valid. Loading files is
app/core/fleet_list.py.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from protocols.files.text_table import header_key
from protocols.fleet import cehes_devices
from protocols.fleet.cehes_devices import CehesRow
from protocols.params.module_types import ModuleType
from protocols.text import Text, shown


class Delivery(enum.Enum):
    TCP = "tcp"
    CENC = "cenc"
    SMS = "sms"

    @property
    def label(self) -> Text:
        return _DELIVERY_LABELS[self]


_DELIVERY_LABELS = {
    Delivery.TCP: Text("TCP/IP", "TCP/IP"),
    Delivery.CENC: Text("TCP/IP CENC", "TCP/IP CENC"),
    Delivery.SMS: Text("SMS", "SMS"),
}
_DELIVERY_WORDS = {"tcp": Delivery.TCP, "tcp/ip": Delivery.TCP, "tcpip": Delivery.TCP, "cenc": Delivery.CENC,
                   "tcp/ip cenc": Delivery.CENC, "tcp cenc": Delivery.CENC, "sms": Delivery.SMS, "смс": Delivery.SMS}


@dataclass(frozen=True)
class Column:
    key: str
    name: Text  # the header the template writes (Russian) and its English
    aliases: tuple[str, ...] = ()  # other header texts that mean the same (compared with header_key)


COLUMNS = (
    Column("serial", Text("Серийный номер", "Serial number"),
           ("заводской номер", "серийный номер счетчика", "заводской номер счетчика", "serial")),
    Column("group", Text("Группа", "Group")),
    Column("delivery", Text("Доставка", "Delivery"), ("метод доставки", "via")),
    Column("host", Text("Адрес", "Host"), ("ip адрес", "адрес модуля", "address", "ip address")),
    Column("port", Text("Порт", "Port"), ("tcp порт", "tcp port")),
    Column("cenc_server", Text("Сервер CENC", "CENC server")),
    Column("cenc_serial", Text("Серийный номер в CENC", "CENC serial")),
    Column("system_address", Text("Системный адрес", "System address")),
    Column("phone", Text("Телефон", "Phone"), ("номер телефона", "номер абонента", "phone number")),
    Column("password", Text("Пароль модуля", "Module password"), ("пароль", "password")),
    Column("module", Text("Тип модуля", "Module type"), ("module",)),
    Column("meter_type", Text("Тип счётчика", "Meter type"), ("тип счетчика", "тип устройства")),
)
_BY_HEADER = {header_key(name): column for column in COLUMNS
              for name in (column.name.ru, column.name.en, *column.aliases)}
DEFAULT_TCP_PORT = 8000  # 001 §6.4.3


def our_columns(cells: list[str]) -> dict[str, int]:
    """Where each of our columns is in a header row (the first of repeated names)."""
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        column = _BY_HEADER.get(header_key(cell))
        if column is not None:
            found.setdefault(column.key, position)
    return found


def column_name(key: str) -> Text:
    return next(c.name for c in COLUMNS if c.key == key)


@dataclass(frozen=True)
class FleetDevice:
    """One device of a fleet list, checked; where it came from (``row``: the file's row number)."""

    row: int
    serial: str
    group: str = ""
    delivery: Delivery | None = None  # None: the run's choice
    host: str = ""
    port: int | None = None
    cenc_server: str = ""  # HOST or HOST:PORT; "" = the run's
    cenc_serial: str = ""
    system_address: str = ""
    phone: str = ""  # international form (+7…)
    password: str = ""  # "" = the run's
    module: ModuleType | None = None  # None = read from the module
    meter_type: str = ""  # CE208 … for the ceHes export; "" unknown
    cehes: CehesRow | None = field(default=None, compare=False)  # the ceHes row it came from

    @property
    def key(self) -> str:
        """What identifies the device in the journal: its serial number."""
        return self.serial


def delivery_of(text: str) -> Delivery | None:
    return _DELIVERY_WORDS.get(" ".join(text.strip().casefold().split()))


def module_of(text: str) -> ModuleType | None:
    """``gsm-2g4g``, «GSM 2G+4G», «NB-IoT (2-е поколение)», a platform id (8420) → the module type."""
    cleaned = " ".join(text.strip().split())
    folded = cleaned.casefold()
    for module in ModuleType:
        if folded in (module.value, module.label.ru.casefold(), module.label.en.casefold()):
            return module
    return ModuleType.from_platform(cleaned) if len(cleaned) == 4 else None


def host_problem(host: str) -> Text | None:
    """Why ``host`` is not an IPv4 address or a DNS name, or None."""
    if not host or any(c.isspace() or not c.isprintable() for c in host) or len(host) > 253:
        return Text(f"не адрес и не имя хоста: «{shown(host)}»", f"not an address or a host name: “{shown(host)}”")
    if all(c.isdigit() or c == "." for c in host):
        if not cehes_devices.ipv4(host):
            return Text(f"адрес {host}: четыре числа от 0 до 255 через точку",
                        f"address {host}: four numbers 0 to 255 separated by dots")
        return None
    labels = host.split(".")
    if any(not 1 <= len(label) <= 63 or not all(c.isalnum() or c == "-" for c in label)
           or label.startswith("-") or label.endswith("-") for label in labels):
        return Text(f"имя хоста «{shown(host)}»: части между точками — от 1 до 63 букв, цифр и «-»",
                    f"host name “{shown(host)}”: the parts between dots are 1 to 63 letters, digits and “-”")
    return None


def port_of(text: str, *, low: int = 1) -> int | None:
    cleaned = text.strip()
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 5 and low <= int(cleaned) <= 65535:
        return int(cleaned)
    return None


def split_server(text: str) -> tuple[str, int | None]:
    """``HOST`` or ``HOST:PORT`` (ValueError when the port is not one)."""
    host, sep, port = text.strip().rpartition(":")
    if not sep:
        return text.strip(), None
    number = port_of(port)
    if number is None:
        raise ValueError(port)
    return host, number
