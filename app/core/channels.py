"""Delivery channels to a communication module, as plain settings, and the link each one needs.

The settings are what the user fills in on the "Connection settings" panel (GSM manual §6.4,
NB-IoT manual §7.4); :func:`build_link` turns them into a (not yet opened) :class:`Link` that
carries our binary frames to the module:

    TcpChannel(host, port=8000, timeout=20)          module in Server mode, static-IP SIM
    SerialChannel(port, baud=9600)                   the module's own serial port
    CencChannel(host, port=22002, user, password, device_serial | device_address)
                                                     module in Client CENC mode, through CENCn
    DirectChannel(port, baud=9600, meter_password, protocol, module_port, parity="auto")
                                                     through the meter's interface
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.links.base import Link
from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from protocols.errors import ValidationError
from protocols.iec62056_21 import PARITY_MODES
from protocols.text import Text

DEFAULT_TCP_PORT = 8000  # 001 §6.4.3
DEFAULT_REPLY_TIMEOUT = 20.0  # 001 §6.4.3 "Время ожидания ответа"
DEFAULT_CENC_PORT = 22002  # 003: CENCn port for upper-level software
DEFAULT_DIRECT_BAUD = 9600  # 001 §6.4.2: the optical port starts at 9600
DIRECT_PROTOCOLS = ("iec", "spodes")
DIRECT_PARITIES = PARITY_MODES


class _ReplyTimeout:
    """Every channel answers ``reply_timeout``: how long to wait for the module's reply."""

    timeout: float

    @property
    def reply_timeout(self) -> float:
        return self.timeout


@dataclass(frozen=True)
class TcpChannel(_ReplyTimeout):
    host: str
    port: int = DEFAULT_TCP_PORT
    timeout: float = DEFAULT_REPLY_TIMEOUT

    def describe(self) -> Text:
        return Text(f"TCP/IP {self.host}:{self.port}", f"TCP/IP {self.host}:{self.port}")


@dataclass(frozen=True)
class SerialChannel(_ReplyTimeout):
    port: str
    baud: int = 9600
    timeout: float = 5.0

    def describe(self) -> Text:
        return Text(f"порт {self.port}, {self.baud} бит/с", f"port {self.port}, {self.baud} bit/s")


@dataclass(frozen=True)
class CencChannel(_ReplyTimeout):
    host: str
    user: str
    password: str
    port: int = DEFAULT_CENC_PORT
    device_serial: str | None = None
    device_address: str | None = None  # system address on the CENC server, e.g. 0.0.0.94
    timeout: float = DEFAULT_REPLY_TIMEOUT

    def describe(self) -> Text:
        device = self.device_serial or self.device_address or "?"
        where = f"CENC {self.host}:{self.port}"
        return Text(f"{where}, устройство {device}", f"{where}, device {device}")


@dataclass(frozen=True)
class DirectChannel(_ReplyTimeout):
    port: str
    meter_password: str
    baud: int = DEFAULT_DIRECT_BAUD
    protocol: str = "iec"  # "iec" (IEC 62056-21) or "spodes" (СПОДЭС/DLMS)
    module_port: str | None = None  # the meter's port the module sits on (CE207/307/208/308 СПОДЭС)
    timeout: float = DEFAULT_REPLY_TIMEOUT
    parity: str = "auto"  # IEC 7E1: "auto", "software" (computed bit) or "hardware" (the port or converter)

    def describe(self) -> Text:
        return Text(f"прямой канал через счётчик, {self.port}", f"direct channel through the meter, {self.port}")


Channel = TcpChannel | SerialChannel | CencChannel | DirectChannel


def check_channel(channel: Channel) -> None:
    """Every missing or wrong setting at once, before anything is opened."""
    problems: list[Text] = []

    def need(ok: bool, ru: str, en: str) -> None:
        if not ok:
            problems.append(Text(ru, en))

    need(channel.reply_timeout >= 1, "Время ожидания ответа — не меньше 1 с", "Reply timeout must be at least 1 s")
    if isinstance(channel, TcpChannel):
        need(bool(channel.host.strip()), "Не указан адрес модуля", "The module's address is missing")
        need(0 < channel.port < 65536, "Порт: от 1 до 65535", "Port: 1 to 65535")
    elif isinstance(channel, SerialChannel):
        need(bool(channel.port.strip()), "Не указан COM-порт", "The COM port is missing")
        need(channel.baud > 0, "Неверная скорость порта", "Invalid baud rate")
    elif isinstance(channel, CencChannel):
        need(bool(channel.host.strip()), "Не указан адрес сервера CENC", "The CENC server address is missing")
        need(0 < channel.port < 65536, "Порт CENC: от 1 до 65535", "CENC port: 1 to 65535")
        need(bool(channel.user), "Не указан пользователь CENC", "The CENC user is missing")
        need(
            bool(channel.device_serial) != bool(channel.device_address),
            "Укажите устройство: заводской номер или системный адрес (одно из двух)",
            "Name the device: its serial number or its system address (one of the two)",
        )
    elif isinstance(channel, DirectChannel):
        need(bool(channel.port.strip()), "Не указан COM-порт", "The COM port is missing")
        need(
            bool(channel.meter_password),
            "Не указан пароль доступа к счётчику",
            "The meter access password is missing",
        )
        need(
            channel.protocol in DIRECT_PROTOCOLS,
            "Протокол: iec или spodes",
            "Protocol: iec or spodes",
        )
        need(
            channel.parity in DIRECT_PARITIES,
            "Контроль чётности: auto, software или hardware",
            "Parity: auto, software or hardware",
        )
    if problems:
        raise ValidationError(problems)


def build_link(channel: Channel) -> Link:
    """The link for ``channel`` (not opened yet). Raises ValidationError for bad settings."""
    check_channel(channel)
    if isinstance(channel, TcpChannel):
        return TcpLink(channel.host, channel.port, connect_timeout=min(channel.timeout, 10.0),
                       peer=Text("модулю связи ", "the communication module "))
    if isinstance(channel, SerialChannel):
        return SerialLink(channel.port, channel.baud)
    if isinstance(channel, CencChannel):
        return _cenc_link(channel)
    return _direct_link(channel)


def _cenc_link(channel: CencChannel) -> Link:
    from app.core.links.cenc import CencLink  # imported only when a CENC channel is used

    return CencLink(
        channel.host,
        channel.port,
        user=channel.user,
        password=channel.password,
        device_serial=channel.device_serial,
        device_address=channel.device_address,
        connect_timeout=min(channel.timeout, 10.0),
        reply_timeout=channel.timeout,
    )


def _direct_link(channel: DirectChannel) -> Link:
    from app.core.links.direct import DirectChannelLink  # pulls in the IEC and DLMS sessions: only when used

    return DirectChannelLink(
        channel.port,
        channel.baud,
        meter_password=channel.meter_password,
        protocol=channel.protocol,
        module_port=channel.module_port,
        parity=channel.parity,
    )  # its own per-exchange timeout with the meter stays at the link's default
