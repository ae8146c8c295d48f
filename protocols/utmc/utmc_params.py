"""UTMC-700 parameter catalogue: every setting of the tabs Main, Network, Interfaces, Service
(and the per-channel interface choice of the Devices tab), declared once in the model the module
catalogue uses too (protocols.params.catalogue_model).

Names (ru) follow the vendor's installation guide (UTMC-700 guide, "Настройка УТМЦ", items 10–13 and
20); English labels are ours. The guide gives no wire ids, sizes or most defaults: those are
**our** specification (docs/protocols/utmc.md) and can be replaced by a vendor's table without
touching the GUI or the operations.

Public API::

    PARAMETERS: tuple[Parameter, ...]               in tab order
    parameter(key) -> Parameter                     KeyError for an unknown key
    parameter_by_code(code) -> Parameter | None
    parameters_for(tab) -> list[Parameter]
    defaults() -> dict[str, object]                 writable/readable defaults
    validate(values) -> list[Problem]               unknown keys and every value's rules
    ERROR_FLAGS: tuple[str, ...]                    bit order of the "error flags" word

Values and their rules (bytes, text, files) are protocols.params.param_values, as for the module:
INT -> int, BOOL -> bool, CHOICE -> the choice's key (str), TEXT/PASSWORD -> str, IPV4 -> "a.b.c.d",
DATETIME -> naive datetime (device clock), FLAGS -> frozenset of flag names.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from protocols.params.catalogue_model import NO_MODULES, Access, Catalogue, Choice, Group, Kind, Parameter, Problem
from protocols.params.param_values import check_value, unknown_parameter
from protocols.text import Text


class Tab(enum.Enum):
    MAIN = "main"
    NETWORK = "network"
    INTERFACES = "interfaces"
    SERVICE = "service"
    DEVICES = "devices"

    @property
    def label(self) -> Text:
        return TAB_LABELS[self]

    @property
    def group(self) -> Group:
        return Group(self.value, self.label)


TAB_LABELS = {
    Tab.MAIN: Text("Параметры УТМЦ. Основные", "UTMC parameters: Main"),
    Tab.NETWORK: Text("Параметры УТМЦ. Сеть", "UTMC parameters: Network"),
    Tab.INTERFACES: Text("Параметры УТМЦ. Интерфейсы", "UTMC parameters: Interfaces"),
    Tab.SERVICE: Text("Параметры УТМЦ. Сервис", "UTMC parameters: Service"),
    Tab.DEVICES: Text("Параметры приборов", "Devices"),
}


# -- shared vocabularies ----------------------------------------------------------------
SECONDS = Text("с", "s")
MINUTES = Text("мин", "min")
HOURS = Text("ч", "h")
BYTES = Text("байт", "bytes")

BAUD_RATES = (300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)

ERROR_FLAGS = (
    "I2C", "RTC", "USB", "SOC", "SD", "File", "PWR", "GSM",
    "RS1", "RS2", "RS3", "RS4", "RS5", "RS6", "RS7", "RS8",
    "ROM", "RAM", "ETH", "ARJ", "SND", "RTMm", "ETHm", "JRMm", "GSMm", "SERm",
)  # fmt: skip

ERROR_FLAG_TEXTS = {
    "I2C": Text("ошибка работы канала I2C", "I2C bus error"),
    "RTC": Text("ошибка работы часов реального времени", "real-time clock error"),
    "USB": Text("ошибка работы USB", "USB error"),
    "SOC": Text("закрыт сокет по каналу Ethernet", "Ethernet socket closed"),
    "SD": Text("ошибка работы с картой памяти", "memory card error"),
    "File": Text("ошибка работы с файлами", "file error"),
    "PWR": Text("отсутствует внешнее питание", "no external power"),
    "GSM": Text("ошибка работы с модулем GSM", "GSM module error"),
    **{
        f"RS{n}": Text(f"ошибка работы с каналом RS{n}", f"RS channel {n} error")
        for n in range(1, 9)
    },
    "ROM": Text("ошибка памяти программ", "program memory error"),
    "RAM": Text("ошибка оперативной памяти", "RAM error"),
    "ETH": Text("ошибка закрытия сокета Ethernet", "Ethernet socket close error"),
    "ARJ": Text("ошибка архивной записи", "archive write error"),
    "SND": Text("нет ответа от процесса передачи данных", "no answer from the transfer process"),
    "RTMm": Text("нет ответа от часов реального времени", "no answer from the real-time clock"),
    "ETHm": Text("нет ответа от модуля Ethernet", "no answer from the Ethernet module"),
    "JRMm": Text("нет ответа от карты памяти", "no answer from the memory card"),
    "GSMm": Text("нет ответа от модуля GSM", "no answer from the GSM module"),
    "SERm": Text("нет ответа от процесса опроса устройств", "no answer from the device polling process"),
}

def _c(code: int, key: str, label: Text) -> Choice:
    return Choice(key, label, code)


SERVER_INTERFACES = (
    _c(1, "ETH", Text("Ethernet", "Ethernet")),
    _c(2, "GSM", Text("GSM (GPRS)", "GSM (GPRS)")),
)
NO_SERVER = _c(0, "NON", Text("NON — не используется", "NON — not used"))


def _p(key: str, code: int, tab: Tab, ru: str, en: str, kind: Kind, **kw: Any) -> Parameter:
    return Parameter(key, Text(ru, en), tab.group, kind, code, kw.pop("default", None), modules=NO_MODULES, **kw)


def _text(key: str, code: int, tab: Tab, ru: str, en: str, length: int, default: str = "", **kw: Any) -> Parameter:
    return _p(key, code, tab, ru, en, Kind.TEXT, default=default, max_length=length, **kw)


def _uint(key: str, code: int, tab: Tab, ru: str, en: str, lo: int, hi: int, default: int, size: int,
          **kw: Any) -> Parameter:
    return _p(key, code, tab, ru, en, Kind.INT, default=default, min=lo, max=hi, width=size, **kw)


M, N, I, S, D = Tab.MAIN, Tab.NETWORK, Tab.INTERFACES, Tab.SERVICE, Tab.DEVICES  # noqa: E741

_MAIN = (
    _p("serial_number", 0x0101, M, "Серийный номер", "Serial number", Kind.TEXT, max_length=16,
       access=Access.RO, default=""),
    _p("firmware_version", 0x0102, M, "Версия ПО", "Firmware version", Kind.TEXT, max_length=16,
       access=Access.RO, default=""),
    _p("firmware_id", 0x0103, M, "ID ПО", "Firmware ID", Kind.TEXT, max_length=16, access=Access.RO, default=""),
    _p("time_zone", 0x0110, M, "Часовой пояс", "Time zone", Kind.INT, default=3, min=-12, max=14, signed=True,
       unit=Text("ч от UTC", "h from UTC")),
    _p("current_time", 0x0111, M, "Текущее время на УТМЦ", "Current time on the UTMC", Kind.DATETIME,
       default=datetime(2025, 1, 1),
       help=Text("«Синхронизировать время» ставит сюда время ПК; запись — только по «Записать».",
                 "\"Synchronise time\" puts the PC time here; it is written only by \"Write\".")),
)  # fmt: skip

_NETWORK = (
    _text("ntp_server", 0x0201, N, "Сервер синхронизации времени", "Time synchronisation (NTP) server", 63,
          "pool.ntp.org", help=Text("Используется при формате журнала «CSV».", "Used with the CSV journal format.")),
    _p("eth_dhcp", 0x0210, N, "Ethernet: получать IP-адрес автоматически (DHCP)",
       "Ethernet: obtain the IP address automatically (DHCP)", Kind.BOOL, default=False),
    _p("eth_ip", 0x0211, N, "Ethernet: IP-адрес", "Ethernet: IP address", Kind.IPV4, default="192.168.0.200"),
    _p("eth_mask", 0x0212, N, "Ethernet: маска подсети", "Ethernet: subnet mask", Kind.IPV4, default="255.255.255.0"),
    _p("eth_gateway", 0x0213, N, "Ethernet: шлюз", "Ethernet: gateway", Kind.IPV4, default="192.168.0.1"),
    _p("eth_dns", 0x0214, N, "Ethernet: DNS-сервер", "Ethernet: DNS server", Kind.IPV4, default="8.8.8.8"),
    _uint("control_port", 0x0220, N, "Порт контроля по сети", "Network control port", 1, 65535, 4001, 2,
          help=Text("TCP-порт для подключения конфигуратора по сети.", "TCP port the configurator connects to.")),
    _uint("transfer_period", 0x0230, N, "Период передачи на сервер", "Transfer period to the server",
          1, 1440, 60, 2, unit=MINUTES),
    _uint("transfer_offset", 0x0231, N, "Смещение передачи на сервер", "Transfer offset from the hour",
          0, 59, 5, 1, unit=MINUTES),
    _text("main_server_address", 0x0240, N, "Адрес основного сервера", "Main server address", 63,
          help=Text("Без протокола в начале (не «http://»).", "Without a protocol prefix (no \"http://\").")),
    _text("main_server_script", 0x0241, N, "Имя скрипта на основном сервере", "Script name on the main server", 63),
    _uint("main_server_port", 0x0242, N, "Порт основного сервера", "Main server port", 1, 65535, 80, 2),
    _p("main_server_interface", 0x0243, N, "Интерфейс связи с основным сервером", "Main server interface",
       Kind.CHOICE, default="ETH", choices=SERVER_INTERFACES),
    _text("ftp_login", 0x0244, N, "Логин FTP", "FTP login", 31,
          help=Text("Для передачи файлов «.csv» на сервер FTP.", "For .csv files sent to an FTP server.")),
    _p("ftp_password", 0x0245, N, "Пароль FTP", "FTP password", Kind.PASSWORD, default="", max_length=31),
    _text("extra_server_address", 0x0250, N, "Адрес дополнительного сервера", "Additional server address", 63),
    _text("extra_server_script", 0x0251, N, "Имя скрипта на дополнительном сервере",
          "Script name on the additional server", 63),
    _uint("extra_server_port", 0x0252, N, "Порт дополнительного сервера", "Additional server port",
          1, 65535, 80, 2),
    _p("extra_server_interface", 0x0253, N, "Интерфейс связи с дополнительным сервером",
       "Additional server interface", Kind.CHOICE, default="NON", choices=(NO_SERVER, *SERVER_INTERFACES),
       help=Text("«NON» — дополнительный сервер не используется.", "\"NON\": no additional server.")),
    _text("object_address", 0x0260, N, "Адрес объекта", "Object address", 63,
          help=Text("Папка для данных в формате журнала «CSV».", "Folder for data in the CSV journal format.")),
    _text("update_server_address", 0x0270, N, "Адрес сервера обновления (FTP)", "Update server address (FTP)", 63),
    _uint("update_server_port", 0x0271, N, "Порт сервера обновления", "Update server port", 1, 65535, 21, 2),
    _text("update_server_login", 0x0272, N, "Логин сервера обновления", "Update server login", 31),
    _p("update_server_password", 0x0273, N, "Пароль сервера обновления", "Update server password", Kind.PASSWORD,
       default="", max_length=31),
    _text("gprs_apn", 0x0280, N, "Точка доступа GPRS (APN)", "GPRS access point (APN)", 63,
          help=Text("Пусто — точка доступа оператора по умолчанию.", "Empty: the operator's default APN.")),
    _text("gprs_user", 0x0281, N, "Пользователь GPRS", "GPRS user", 31),
    _p("gprs_password", 0x0282, N, "Пароль GPRS", "GPRS password", Kind.PASSWORD, default="", max_length=31),
    _p("gsm_ip", 0x0290, N, "IP-адрес модуля GSM", "GSM module IP address", Kind.IPV4, default="0.0.0.0",
       access=Access.RO),
    _p("gsm_control", 0x0291, N, "Использовать модуль GSM для управления УТМЦ", "Use the GSM module for control",
       Kind.BOOL, default=False),
    _uint("control_socket_max_hold", 0x0292, N, "Максимальное время удержания сокета управления",
          "Maximum hold time of the control socket", 10, 65535, 600, 2, unit=SECONDS),
    _uint("max_packet_size", 0x0293, N, "Максимальный размер посылки", "Maximum packet size",
          64, 65535, 1024, 2, unit=BYTES),
    _uint("server_reply_timeout", 0x0294, N, "Время ожидания ответа сервера", "Server reply timeout",
          1, 3600, 30, 2, unit=SECONDS),
)  # fmt: skip

MODEM_STREAMS = 5
_INTERFACES = (
    _uint("poll_period", 0x0301, I, "Период опроса приборов", "Device poll period", 1, 1440, 60, 2, unit=MINUTES),
    _p("modem_mode", 0x0310, I, "Режим работы модема", "Modem mode", Kind.CHOICE, default="off", choices=(
        _c(0, "off", Text("0 — выключен", "0 — off")),
        _c(1, "on", Text("1 — включен (прозрачный канал)", "1 — on (transparent channel)")),
        _c(2, "listen", Text("2 — прослушка", "2 — listen")),
    )),
    _p("modem_interface", 0x0311, I, "Интерфейс модема", "Modem interface", Kind.CHOICE, default="USB", choices=(
        _c(0, "USB", Text("USB", "USB")), _c(1, "GSM", Text("GSM", "GSM"))),
       help=Text("Ethernet для модемного соединения доступен всегда.", "Ethernet is always available as well.")),
    _p("rs_baud", 0x0320, I, "Параметры RS: скорость", "RS parameters: baud rate", Kind.INT, default=9600,
       width=4, allowed=BAUD_RATES),
    _p("rs_data_bits", 0x0321, I, "Параметры RS: биты данных", "RS parameters: data bits", Kind.INT, default=8,
       allowed=(7, 8)),
    _p("rs_parity", 0x0322, I, "Параметры RS: чётность", "RS parameters: parity", Kind.CHOICE, default="N", choices=(
        _c(0, "N", Text("нет", "none")), _c(1, "E", Text("чёт", "even")),
        _c(2, "O", Text("нечет", "odd")))),
    _p("rs_stop_bits", 0x0323, I, "Параметры RS: стоп-биты", "RS parameters: stop bits", Kind.INT, default=1,
       allowed=(1, 2)),
    *(
        p
        for n in range(1, MODEM_STREAMS + 1)
        for p in (
            _uint(f"modem_rs_channel_{n}", 0x0330 + n, I, f"Номер канала RS в режиме модема (поток {n})",
                  f"RS channel in modem mode (stream {n})", 1, 8, n, 1),
            _uint(f"modem_tcp_port_{n}", 0x0340 + n, I, f"Порт TCP канала связи в режиме модема (поток {n})",
                  f"TCP port in modem mode (stream {n})", 1, 65535, 5000 + n, 2,
                  help=Text("5 потоков — только по Ethernet; для USB и GSM используется первый.",
                            "5 streams on Ethernet only; USB and GSM use the first.")),
        )
    ),
    _uint("modem_socket_max_hold", 0x0350, I, "Максимальное время удержания модемного сокета",
          "Maximum hold time of the modem socket", 10, 65535, 600, 2, unit=SECONDS),
)  # fmt: skip

_SERVICE = (
    _p("server_result", 0x0401, S, "Результат связи с сервером", "Server result", Kind.TEXT, default="",
       max_length=15, access=Access.RO,
       help=Text("«SRV1»/«SRV2» — передача на сервер 1/2 удалась.", "\"SRV1\"/\"SRV2\": sent to server 1/2.")),
    _p("journal_format", 0x0402, S, "Формат журнала", "Journal format", Kind.CHOICE, default="dat", choices=(
        _c(0, "dat", Text("dat — двоичный, по TCP", "dat — binary, over TCP")),
        _c(1, "csv", Text("csv — текстовый, по FTP", "csv — text, over FTP")))),
    _p("last_written_record", 0x0403, S, "Время последней записи в журнал", "Last record written to the journal",
       Kind.DATETIME, access=Access.RO, default=datetime(2000, 1, 1)),
    _p("last_sent_record", 0x0404, S, "Время последней переданной записи", "Last record sent to the server",
       Kind.DATETIME, access=Access.RO, default=datetime(2000, 1, 1)),
    _p("error_flags", 0x0405, S, "Флаги ошибок", "Error flags", Kind.FLAGS, default=frozenset(), width=4,
       choices=tuple(Choice(name, ERROR_FLAG_TEXTS[name], bit) for bit, name in enumerate(ERROR_FLAGS)),
       access=Access.RO),
    _uint("settings_password", 0x0410, S, "Пароль доступа к настройкам", "Settings password", 0, 65535, 0, 2,
          access=Access.WO, masked=True,
          help=Text("Число 0…65535, по умолчанию 0. Изменение также возможно при нажатой кнопке SA2.",
                    "A number 0…65535, default 0. Changes are also accepted while button SA2 is pressed.")),
)  # fmt: skip

CHANNELS = 8
CHANNEL_INTERFACES = (_c(0, "RS232", Text("RS232", "RS232")), _c(1, "RS485", Text("RS485", "RS485")))
_DEVICES = tuple(
    _p(f"channel_interface_{n}", 0x0500 + n, D, f"Интерфейс канала {n}", f"Channel {n} interface", Kind.CHOICE,
       default="RS485", choices=CHANNEL_INTERFACES)
    for n in range(1, CHANNELS + 1)
)

PARAMETERS: tuple[Parameter, ...] = (*_MAIN, *_NETWORK, *_INTERFACES, *_SERVICE, *_DEVICES)
CATALOGUE = Catalogue(PARAMETERS)


def parameter(key: str) -> Parameter:
    return CATALOGUE.parameter(key)


def parameter_by_code(code: int) -> Parameter | None:
    return CATALOGUE.by_code(code)


def parameters_for(tab: Tab) -> list[Parameter]:
    return [p for p in PARAMETERS if p.group.id == tab.value]


def defaults() -> dict[str, object]:
    """Default value of every parameter that has one in the form (write-only ones included)."""
    return {p.key: p.default for p in PARAMETERS}


def validate(values: Mapping[str, object]) -> list[Problem]:
    """Every problem of `values`: unknown keys and the rules of each value."""
    problems: list[Problem] = []
    for key, value in values.items():
        if key not in CATALOGUE:
            problems.append(unknown_parameter(key))
        else:
            problems += check_value(CATALOGUE.parameter(key), value)
    return problems
