"""The ways to a device, as plain settings that read and write themselves as URLs.

Each way in is one frozen dataclass. :func:`channel_from_url` parses a URL into one and ``url()``
writes it back (``channel_from_url(c.url()) == c`` for every channel), so the command line, the
windows, settings and device lists describe a link the same way; ``app.core.links.open_link`` builds
the link from either:

    serial://COM3?baud=9600&parity=E&bytesize=7      SerialChannel      a COM port, a tty, a pty
    serial:///dev/ttyUSB0?baud=115200                SerialChannel
    socket://127.0.0.1:7000 (rfc2217://, loop://)    SerialChannel      pyserial's URL ports, as --port takes them
    tcp://10.1.2.3:8000?timeout=20                   TcpChannel         module in Server mode, UTMC-700 Ethernet
    cenc://user:password@cenc.example:22002?serial=009218054000101&timeout=20
    cenc://user:password@cenc.example?address=0.0.0.94      CencChannel  module in Client CENC mode (003)
    cenc-direct://cenc.example:7501?timeout=20       CencDirectChannel  the device's direct-access port (003)
    direct://COM3?password=777777&protocol=spodes&module_port=Com1&parity=auto&baud=9600&timeout=20
                                                     DirectChannel      through the meter (GSM manual §6.4.2)

Options left out take their defaults (the manuals': port 8000, 22002, a 20 s reply timeout, 9600 bit/s);
``url()`` writes only the options that differ. Names, passwords and ports are percent-encoded
(``p%40ss`` is ``p@ss``). A URL carries the passwords it was given: it is a setting, never a log line
(``describe()`` is). The settings say where and how long to wait; every wrong one is reported at once
by :func:`check_channel` (a ValidationError), before anything is opened.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from typing import Any, ClassVar, cast
from urllib.parse import quote, unquote

from app.core.links.defaults import DEFAULT_CENC_PORT, DEFAULT_DIRECT_BAUD, DEFAULT_REPLY_TIMEOUT, DEFAULT_TCP_PORT
from protocols.errors import ValidationError
from protocols.meter.iec62056_21 import PARITY_MODES
from protocols.text import Text

DEFAULT_SERIAL_BAUD = 9600
DEFAULT_SERIAL_TIMEOUT = 5.0
CONNECT_TIMEOUT = 10.0  # a TCP connection gets the reply timeout, at most this
DIRECT_PROTOCOLS = ("iec", "spodes")
DIRECT_PARITIES = PARITY_MODES
SERIAL_PARITIES = ("N", "E", "O")
SERIAL_BYTESIZES = (5, 6, 7, 8)
#: pyserial's URL handlers: such a URL is itself the serial port (``--port socket://host:port``)
PYSERIAL_SCHEMES = ("socket", "rfc2217", "loop", "spy")


class _Channel:
    """What every channel answers: its reply timeout, its URL and, for messages, where it leads."""

    scheme: ClassVar[str]
    #: URL option → (field, parser); ``url()`` writes those that differ from the field's default
    options: ClassVar[dict[str, tuple[str, Callable[[str], object]]]]
    timeout: float

    @property
    def reply_timeout(self) -> float:
        return self.timeout

    @property
    def connect_timeout(self) -> float:
        return min(self.timeout, CONNECT_TIMEOUT)

    def _query(self) -> str:
        """``?option=value&…`` for the options whose value is not the default ("" for a required one)."""
        defaults = {f.name: "" if f.default is MISSING else f.default for f in fields(cast(Any, self))}
        pairs = [(option, getattr(self, name)) for option, (name, _) in self.options.items()]
        text = "&".join(f"{option}={quote(_option_text(value), safe='')}" for option, value in pairs
                        if value != defaults[self.options[option][0]])
        return "?" + text if text else ""


@dataclass(frozen=True)
class SerialChannel(_Channel):
    port: str
    baud: int = DEFAULT_SERIAL_BAUD
    timeout: float = DEFAULT_SERIAL_TIMEOUT
    bytesize: int = 8
    parity: str = "N"

    scheme = "serial"
    options = {"baud": ("baud", int), "bytesize": ("bytesize", int), "parity": ("parity", str),
               "timeout": ("timeout", float)}

    def url(self) -> str:
        return f"serial://{_path_text(self.port)}{self._query()}"

    def describe(self) -> Text:
        return Text(f"порт {self.port}, {self.baud} бит/с", f"port {self.port}, {self.baud} bit/s")

    def target(self) -> str:
        return f"serial:{self.port}"

    def problems(self) -> list[Text]:
        return _problems(bool(self.port.strip()), "Не указан COM-порт", "The COM port is missing",
                         self.baud > 0, "Неверная скорость порта", "Invalid baud rate",
                         self.bytesize in SERIAL_BYTESIZES, "Бит данных: 5, 6, 7 или 8", "Data bits: 5, 6, 7 or 8",
                         self.parity in SERIAL_PARITIES, "Чётность: N, E или O", "Parity: N, E or O")


@dataclass(frozen=True)
class TcpChannel(_Channel):
    host: str
    port: int = DEFAULT_TCP_PORT
    timeout: float = DEFAULT_REPLY_TIMEOUT

    scheme = "tcp"
    options = {"timeout": ("timeout", float)}

    def url(self) -> str:
        return f"tcp://{_host_text(self.host)}:{self.port}{self._query()}"

    def describe(self) -> Text:
        return Text(f"TCP/IP {self.host}:{self.port}", f"TCP/IP {self.host}:{self.port}")

    def target(self) -> str:
        return f"tcp:{self.host}:{self.port}"

    def problems(self) -> list[Text]:
        return _problems(bool(self.host.strip()), "Не указан адрес модуля", "The module's address is missing",
                         0 < self.port < 65536, "Порт: от 1 до 65535", "Port: 1 to 65535")


@dataclass(frozen=True)
class CencChannel(_Channel):
    host: str
    user: str
    password: str
    port: int = DEFAULT_CENC_PORT
    device_serial: str | None = None
    device_address: str | None = None  # system address on the CENC server, e.g. 0.0.0.94
    timeout: float = DEFAULT_REPLY_TIMEOUT

    scheme = "cenc"
    options = {"serial": ("device_serial", str), "address": ("device_address", str),
               "timeout": ("timeout", float)}

    def url(self) -> str:
        return f"cenc://{_user_text(self.user, self.password)}{_host_text(self.host)}:{self.port}{self._query()}"

    def describe(self) -> Text:
        device = self.device_serial or self.device_address or "?"
        where = f"CENC {self.host}:{self.port}"
        return Text(f"{where}, устройство {device}", f"{where}, device {device}")

    def target(self) -> str:
        return f"cenc:{self.host}:{self.port}:{self.device_serial or self.device_address}"

    def problems(self) -> list[Text]:
        found = _problems(
            bool(self.host.strip()), "Не указан адрес сервера CENC", "The CENC server address is missing",
            0 < self.port < 65536, "Порт CENC: от 1 до 65535", "CENC port: 1 to 65535",
            bool(self.user), "Не указан пользователь CENC", "The CENC user is missing",
            bool((self.device_serial or "").strip()) != bool((self.device_address or "").strip()),
            "Укажите устройство: заводской номер или системный адрес (одно из двух)",
            "Name the device: its serial number or its system address (one of the two)")
        if (self.device_address or "").strip():
            from protocols import cenc  # the codec (construct) only when a CENC channel is checked
            from protocols.errors import ProtocolError

            try:
                cenc.parse_address(self.device_address or "")
            except ProtocolError as error:
                found.append(error.text)
        return found


@dataclass(frozen=True)
class CencDirectChannel(_Channel):
    """The direct-access (transparent) port the CENC server gives a registered device: plain bytes."""

    host: str
    port: int
    timeout: float = DEFAULT_REPLY_TIMEOUT

    scheme = "cenc-direct"
    options = {"timeout": ("timeout", float)}

    def url(self) -> str:
        return f"cenc-direct://{_host_text(self.host)}:{self.port}{self._query()}"

    def describe(self) -> Text:
        where = f"{self.host}:{self.port}"
        return Text(f"CENC, порт прямого доступа {where}", f"CENC direct-access port {where}")

    def target(self) -> str:
        return f"cenc-direct:{self.host}:{self.port}"

    def problems(self) -> list[Text]:
        return _problems(bool(self.host.strip()), "Не указан адрес сервера CENC", "The CENC server address is missing",
                         0 < self.port < 65536, "Порт прямого доступа: от 1 до 65535",
                         "Direct-access port: 1 to 65535")


@dataclass(frozen=True)
class DirectChannel(_Channel):
    port: str
    meter_password: str
    baud: int = DEFAULT_DIRECT_BAUD
    protocol: str = "iec"  # "iec" (IEC 62056-21) or "spodes" (СПОДЭС/DLMS)
    module_port: str | None = None  # the meter's port the module sits on (CE207/307/208/308 СПОДЭС)
    timeout: float = DEFAULT_REPLY_TIMEOUT
    parity: str = "auto"  # IEC 7E1: "auto", "software" (computed bit) or "hardware" (the port or converter)

    scheme = "direct"
    options = {"password": ("meter_password", str), "protocol": ("protocol", str), "baud": ("baud", int),
               "module_port": ("module_port", str), "parity": ("parity", str), "timeout": ("timeout", float)}

    def url(self) -> str:
        return f"direct://{_path_text(self.port)}{self._query()}"

    def describe(self) -> Text:
        return Text(f"прямой канал через счётчик, {self.port}", f"direct channel through the meter, {self.port}")

    def target(self) -> str:
        return f"direct:{self.port}"

    def problems(self) -> list[Text]:
        return _problems(
            bool(self.port.strip()), "Не указан COM-порт", "The COM port is missing",
            bool(self.meter_password), "Не указан пароль доступа к счётчику", "The meter access password is missing",
            self.protocol in DIRECT_PROTOCOLS, "Протокол: iec или spodes", "Protocol: iec or spodes",
            self.parity in DIRECT_PARITIES, "Контроль чётности: auto, software или hardware",
            "Parity: auto, software or hardware")


Channel = SerialChannel | TcpChannel | CencChannel | CencDirectChannel | DirectChannel
LinkDescription = str | Channel
"""What ``open_link`` takes: a URL or a channel."""

_KINDS: dict[str, type[Channel]] = {kind.scheme: kind for kind in
                                    (SerialChannel, TcpChannel, CencChannel, CencDirectChannel, DirectChannel)}


def check_channel(channel: Channel) -> None:
    """Every missing or wrong setting at once, before anything is opened."""
    problems = _settings_problems(channel)
    if problems:
        raise ValidationError(problems)


def _settings_problems(channel: Channel) -> list[Text]:
    return _problems(channel.reply_timeout >= 1, "Время ожидания ответа — не меньше 1 с",
                     "Reply timeout must be at least 1 s") + channel.problems()


def channel_from_url(url: str) -> Channel:
    """The channel a URL describes (the forms in the module's docstring); ValidationError names every
    part that is wrong: an unknown kind, a missing port, an option that is not a number or not known."""
    scheme, separator, rest = url.strip().partition("://")
    if not separator:
        raise ValidationError([Text(f"Не адрес канала: «{url}» (например tcp://10.1.2.3:8000)",
                                    f"Not a link address: “{url}” (e.g. tcp://10.1.2.3:8000)")])
    if scheme in PYSERIAL_SCHEMES:
        return SerialChannel(url.strip())
    kind = _KINDS.get(scheme)
    if kind is None:
        known = ", ".join([*_KINDS, *PYSERIAL_SCHEMES])
        raise ValidationError([Text(f"Неизвестный тип канала «{scheme}»: известны {known}",
                                    f"Unknown link kind “{scheme}”: known are {known}")])
    where, _, query = rest.partition("?")
    problems: list[Text] = []
    values = _options(kind, query, problems)
    if kind is SerialChannel or kind is DirectChannel:
        values["port"] = unquote(where)
    else:
        values.update(_authority(kind, where, problems))
    if kind is DirectChannel:
        values.setdefault("meter_password", "")
    if problems:  # with the settings' own problems, so that every wrong part is named at once
        try:
            problems += [p for p in _settings_problems(cast(Any, kind)(**values)) if p not in problems]
        except TypeError:  # a required part is missing: already among the problems
            pass
        raise ValidationError(problems)
    return cast(Any, kind)(**values)  # the fields come from the kind's own options


# -- the parts of a URL ----------------------------------------------------------------------------


def _options(kind: type[Channel], query: str, problems: list[Text]) -> dict[str, object]:
    values: dict[str, object] = {}
    for part in filter(None, query.split("&")):
        option, _, text = part.partition("=")
        option, text = unquote(option), unquote(text)
        if option not in kind.options:
            known = ", ".join(kind.options)
            problems.append(Text(f"{kind.scheme}://: неизвестный параметр «{option}» (известны: {known})",
                                 f"{kind.scheme}://: unknown option “{option}” (known: {known})"))
            continue
        name, parse = kind.options[option]
        try:
            values[name] = parse(text)
        except ValueError:
            problems.append(Text(f"{kind.scheme}://: {option} — не число: «{text}»",
                                 f"{kind.scheme}://: {option} is not a number: “{text}”"))
    return values


def _authority(kind: type[Channel], where: str, problems: list[Text]) -> dict[str, object]:
    """``[user[:password]@]host[:port]`` (an IPv6 host in brackets), decoded."""
    authority = where.removesuffix("/")
    userinfo, at, hostport = authority.rpartition("@")
    values: dict[str, object] = {}
    if kind is CencChannel:
        user, _, password = userinfo.partition(":")
        values.update(user=unquote(user), password=unquote(password))
    elif at:
        problems.append(Text(f"{kind.scheme}://: имя пользователя здесь не нужно",
                             f"{kind.scheme}://: takes no user name"))
    if hostport.startswith("[") and "]" in hostport:
        host, _, after = hostport[1:].partition("]")
        port_text = after.removeprefix(":")
        if after and not after.startswith(":"):
            problems.append(Text(f"Неверный адрес: «{where}»", f"Invalid address: “{where}”"))
    else:
        host, colon, port_text = hostport.rpartition(":")
        if not colon:
            host, port_text = hostport, ""
        host = unquote(host)
    values["host"] = host
    if port_text:
        try:
            values["port"] = int(port_text)
        except ValueError:
            problems.append(Text(f"{kind.scheme}://: порт — не число: «{port_text}»",
                                 f"{kind.scheme}://: the port is not a number: “{port_text}”"))
    elif kind is CencDirectChannel:
        problems.append(Text(f"Укажите порт прямого доступа: {kind.scheme}://{where}",
                             f"The direct-access port is missing: {kind.scheme}://{where}"))
    return values


def _option_text(value: object) -> str:
    if isinstance(value, float):
        text = f"{value:g}"
        return text if float(text) == value else repr(value)
    return str(value)


def _host_text(host: str) -> str:
    """An IPv6 address in brackets; any other text percent-encoded (so every host comes back as it was)."""
    if ":" in host:
        try:
            if str(ipaddress.IPv6Address(host)) == host:
                return f"[{host}]"
        except ValueError:
            pass
    return quote(host, safe="")


def _user_text(user: str, password: str) -> str:
    if not user and not password:
        return ""
    return quote(user, safe="") + (":" + quote(password, safe="") if password else "") + "@"


def _path_text(port: str) -> str:
    return quote(port, safe="/:\\@")


def _problems(*checks: bool | str) -> list[Text]:
    """``ok, ru, en, ok, ru, en, …`` → the texts of the checks that failed."""
    return [Text(str(checks[i + 1]), str(checks[i + 2])) for i in range(0, len(checks), 3) if not checks[i]]
