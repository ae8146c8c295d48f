"""CENC packets: module ↔ CENC server (device side) and configurator ↔ CENC server (upper level).

From the CENCn manual (CENCn guide): the packet codes (table 1), the error codes (table 2), the
ports and timeouts (server settings) and the system addresses ``0.0.0.N``. Ours, because the
vendor's protocol descriptions are supplied only on request: the framing, every field layout, the
login/selection exchange of the upper level and the error codes 0x80–0x82 (see
docs/protocols/cenc.md). Everything that knows the layout is in this module.

Packet: ``"CN" | LEN u16 | CODE u8 | PAYLOAD | CRC-16/CCITT-FALSE u16``, big-endian; LEN counts
CODE+PAYLOAD; the CRC covers LEN, CODE and PAYLOAD.

:func:`decode` is incremental: ``(consumed, packet)``, ``packet`` None while incomplete; bytes
before the start mark are skipped. A damaged packet raises :class:`PacketError` (a ProtocolError)
whose ``consumed`` says how many bytes to drop before decoding on; :class:`PacketStream` does
that for a byte stream and collects errors instead of raising.
"""

from __future__ import annotations

import binascii
import enum
from dataclasses import dataclass
from typing import ClassVar

from construct import (
    Bytes,
    Construct,
    ConstructError,
    Int8ub,
    Int16ub,
    PascalString,
    Struct,
    Switch,
    Terminated,
)

from protocols import crc16
from protocols.byte_stream import ByteStream
from protocols.errors import ConfiguratorError, DeviceError, LinkError, ProtocolError
from protocols.text import Text

# --- defaults from the CENCn manual, "Настройки сервера" ------------------------------------
DEVICE_PORT = 11001  # CENC:Device:ServerPort
UPPER_PORT = 22002  # CENC:AMR:ServerPort
DIRECT_BASE_PORT = 7500  # CENC:Device:DirectAccess:MinimalPortNumber
CHANNEL_LIFETIME_S = 60  # CENC:ConnectionLifetimeSeconds
DEVICE_INACTIVE_S = 3600  # CENC:Device:InactiveDisconnectionTimeoutSeconds
DEVICE_PING_S = 120  # CENC:Device:InactiveToPingSeconds
REGISTRATION_TIMEOUT_S = 300  # CENC:Device:RegistrationTimeoutSeconds (then NAK 0x01)
UPPER_INACTIVE_S = 120  # CENC:AMR:InactiveDisconnectionTimeoutSeconds

# --- framing (ours) --------------------------------------------------------------------------
MARK = b"CN"
HEADER_SIZE = 4  # mark + LEN
CRC_SIZE = 2
MAX_PAYLOAD = 2048  # a longer packet is refused with error 0x03


class Code(enum.IntEnum):
    """Packet codes, table 1 of the CENCn manual (BEL shares 0x07 with ACK3)."""

    ACK = 0x06
    ACK3 = 0x07
    BEL = 0x07
    ACK4 = 0x08
    NAK = 0x15
    INF = 0x49
    INF2 = 0x43
    INF3 = 0x4E
    INF4 = 0x46
    INF5 = 0x4A
    ENQ = 0x05
    ENQ2 = 0x50
    DC1 = 0x11
    DC2 = 0x12
    DAC = 0x41
    WRD = 0x44
    TSN = 0x54
    QST = 0x51
    RSP = 0x52


# --- error codes, table 2 of the CENCn manual (+ ours from 0x80) ----------------------------
INTERNAL_ERROR = 0x01
BAD_PACKET = 0x02
PACKET_TOO_LARGE = 0x03
DRIVER_ERROR = 0x04
CHANNEL_BUSY = 0x05
DEVICE_OFFLINE = 0x06
DEVICE_NAK = 0x07
DUPLICATE_ADDRESS = 0x65
IDENTIFY_FIRST = 0x66
BAD_LOGIN = 0x80  # ours
UNKNOWN_DEVICE = 0x81  # ours
NO_ACCESS = 0x82  # ours: the manual says only "the server returns NAK"
LOGIN_BLOCKED = 0x83  # ours: too many wrong logins from this address; detail = minutes left

ERROR_TEXTS: dict[int, Text] = {
    INTERNAL_ERROR: Text("Внутренняя ошибка сервера CENC", "CENC server internal error"),
    BAD_PACKET: Text("Сервер CENC получил некорректный пакет", "The CENC server received an invalid packet"),
    PACKET_TOO_LARGE: Text("Превышен максимальный размер пакета CENC", "The CENC packet exceeds the maximum size"),
    DRIVER_ERROR: Text(
        "Драйвер устройства на сервере CENC вернул ошибку", "The device driver on the CENC server returned an error"
    ),
    CHANNEL_BUSY: Text(
        "Прибор занят: канал к нему уже установлен другим клиентом",
        "The device is busy: another client already holds its channel",
    ),
    DEVICE_OFFLINE: Text(
        "Прибор не отвечает или не подключён к серверу CENC",
        "The device does not answer or is not connected to the CENC server",
    ),
    DEVICE_NAK: Text("Прибор отказал в обмене (NAK)", "The device refused the exchange (NAK)"),
    DUPLICATE_ADDRESS: Text(
        "Дублирование системного адреса: с этим адресом уже подключено другое устройство",
        "Duplicate system address: another device is connected with this address",
    ),
    IDENTIFY_FIRST: Text(
        "Сервер CENC ждёт сначала пакет регистрации (вход или выбор прибора)",
        "The CENC server expects an identification packet first (login or device choice)",
    ),
    BAD_LOGIN: Text("Неверное имя пользователя или пароль CENC", "Wrong CENC user name or password"),
    UNKNOWN_DEVICE: Text(
        "Прибор не зарегистрирован на сервере CENC (проверьте серийный номер или системный адрес)",
        "The device is not registered on the CENC server (check the serial number or system address)",
    ),
    NO_ACCESS: Text(
        "У пользователя нет доступа к этому прибору (обратитесь к администратору CENC)",
        "The user has no access to this device (ask the CENC administrator)",
    ),
    LOGIN_BLOCKED: Text(
        "Слишком много неверных входов с этого адреса: сервер CENC временно не принимает вход",
        "Too many wrong logins from this address: the CENC server refuses logins for a while",
    ),
}

#: Codes that report the device's own refusal rather than the server's.
DEVICE_SIDE_CODES = frozenset({DRIVER_ERROR, DEVICE_NAK})


class CencRefused(LinkError):
    """The CENC server answered NAK: ``code`` from table 2 (or ours), ``detail`` the second code."""

    def __init__(self, code: int, message: Text, detail: int = 0) -> None:
        self.code, self.detail = code, detail
        super().__init__(message)


def refusal(code: int, detail: int = 0) -> ConfiguratorError:
    """The error a NAK stands for: DeviceError for the device's refusals, CencRefused otherwise."""
    text = ERROR_TEXTS.get(code, Text(f"Сервер CENC вернул ошибку 0x{code:02X}", f"CENC server error 0x{code:02X}"))
    prefix = Text(f"CENC 0x{code:02X}: ", f"CENC 0x{code:02X}: ")
    text = Text(prefix.ru + text.ru, prefix.en + text.en)
    if code == LOGIN_BLOCKED and detail:
        text = Text(f"{text.ru}; попробуйте снова через {detail} мин", f"{text.en}; try again in {detail} min")
    elif detail:
        text = Text(f"{text.ru} (код ошибки прибора {detail})", f"{text.en} (device error code {detail})")
    if code in DEVICE_SIDE_CODES:
        return DeviceError(code, text)
    return CencRefused(code, text, detail)


# --- system addresses ------------------------------------------------------------------------
def parse_address(text: str) -> bytes:
    """``"0.0.0.94"`` → 4 bytes; ProtocolError when it is not four numbers 0–255."""
    parts = text.strip().split(".")
    # isascii: str.isdigit() also accepts digits such as "²" that int() refuses
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() and int(p) <= 255 for p in parts):
        raise ProtocolError(
            Text(
                f"Системный адрес должен иметь вид 0.0.0.94, а не {text!r}",
                f"A system address looks like 0.0.0.94, not {text!r}",
            )
        )
    return bytes(int(p) for p in parts)


def format_address(raw: bytes) -> str:
    return ".".join(str(b) for b in raw)


def address_of(number: int) -> str:
    """The N-th system address the server hands out (1 → 0.0.0.1, 256 → 0.0.1.0)."""
    return format_address(number.to_bytes(4, "big"))


# --- packets ---------------------------------------------------------------------------------
_Text = PascalString(Int8ub, "utf8")


@dataclass(frozen=True)
class Packet:
    code: ClassVar[Code]


@dataclass(frozen=True)
class Ack(Packet):
    """Confirmation (login accepted, ping answered)."""

    code: ClassVar[Code] = Code.ACK


@dataclass(frozen=True)
class Registered(Packet):
    """ACK to a registration: the system address and direct-access port given to the device."""

    code: ClassVar[Code] = Code.ACK
    address: str
    direct_port: int  # 0 when direct access is off


@dataclass(frozen=True)
class Nak(Packet):
    """An error: ``error`` from table 2, ``detail`` the second code (device or driver error)."""

    code: ClassVar[Code] = Code.NAK
    error: int
    detail: int = 0


@dataclass(frozen=True)
class Ping(Packet):
    """ENQ: connection check, answered by ACK."""

    code: ClassVar[Code] = Code.ENQ


@dataclass(frozen=True)
class Register(Packet):
    """INF5: a device announces itself after connecting to the device port."""

    code: ClassVar[Code] = Code.INF5
    serial: str
    device_type: str = ""  # meter type, e.g. "CE308"
    module_type: str = ""  # our module type id, e.g. "gsm-2g4g"
    firmware: str = ""


@dataclass(frozen=True)
class Login(Packet):
    """INF4 (authentication packet): upper-level software logs in."""

    code: ClassVar[Code] = Code.INF4
    user: str
    password: str


class Selector(enum.IntEnum):
    SERIAL = 1
    ADDRESS = 2


@dataclass(frozen=True)
class SelectDevice(Packet):
    """QST: choose the device by serial number or by system address."""

    code: ClassVar[Code] = Code.QST
    by: Selector
    value: str


@dataclass(frozen=True)
class DeviceInfo(Packet):
    """RSP: the chosen device; from now on DAC packets go to it."""

    code: ClassVar[Code] = Code.RSP
    serial: str
    address: str
    direct_port: int
    device_type: str = ""
    module_type: str = ""
    firmware: str = ""


@dataclass(frozen=True)
class Data(Packet):
    """DAC: bytes of the device's own protocol, relayed unchanged in either direction."""

    code: ClassVar[Code] = Code.DAC
    payload: bytes


def data_packets(payload: bytes) -> list[Data]:
    """The device's bytes cut into DAC packets of at most MAX_PAYLOAD bytes (relayed as a stream)."""
    return [Data(payload[i : i + MAX_PAYLOAD]) for i in range(0, len(payload), MAX_PAYLOAD)]


_ADDRESS = Bytes(4)
_PAYLOADS: dict[Code, Construct] = {
    Code.NAK: Struct("error" / Int8ub, "detail" / Int8ub),
    Code.INF5: Struct("serial" / _Text, "device_type" / _Text, "module_type" / _Text, "firmware" / _Text),
    Code.INF4: Struct("user" / _Text, "password" / _Text),
    Code.QST: Struct(
        "by" / Int8ub,
        "value" / Switch(lambda ctx: ctx.by, {Selector.SERIAL: _Text, Selector.ADDRESS: _ADDRESS}),
    ),
    Code.RSP: Struct(
        "serial" / _Text,
        "address" / _ADDRESS,
        "direct_port" / Int16ub,
        "device_type" / _Text,
        "module_type" / _Text,
        "firmware" / _Text,
    ),
}
_REGISTERED = Struct("address" / _ADDRESS, "direct_port" / Int16ub)


def _exact(struct: Struct) -> Struct:
    """The same fields, but trailing bytes are a damaged packet rather than ignored (for parsing)."""
    return Struct(*struct.subcons, Terminated)


_REGISTERED_EXACT = _exact(_REGISTERED)
_PAYLOADS_EXACT: dict[Code, Construct] = {code: _exact(struct) for code, struct in _PAYLOADS.items()}


def _payload(packet: Packet) -> bytes:
    match packet:
        case Ack() | Ping():
            return b""
        case Registered(address, port):
            return _REGISTERED.build({"address": parse_address(address), "direct_port": port})
        case Nak(error, detail):
            return _PAYLOADS[Code.NAK].build({"error": error, "detail": detail})
        case Register(serial, device_type, module_type, firmware):
            return _PAYLOADS[Code.INF5].build(
                {"serial": serial, "device_type": device_type, "module_type": module_type, "firmware": firmware}
            )
        case Login(user, password):
            return _PAYLOADS[Code.INF4].build({"user": user, "password": password})
        case SelectDevice(by, value):
            raw: str | bytes = parse_address(value) if by == Selector.ADDRESS else value
            return _PAYLOADS[Code.QST].build({"by": int(by), "value": raw})
        case DeviceInfo(serial, address, port, device_type, module_type, firmware):
            return _PAYLOADS[Code.RSP].build(
                {
                    "serial": serial,
                    "address": parse_address(address),
                    "direct_port": port,
                    "device_type": device_type,
                    "module_type": module_type,
                    "firmware": firmware,
                }
            )
        case Data(payload):
            return payload
    raise ProtocolError(Text(f"Пакет CENC {packet!r} не кодируется", f"Cannot encode CENC packet {packet!r}"))


def _crc(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF; check("123456789") = 0x29B1)."""
    return binascii.crc_hqx(data, 0xFFFF)


def encode(packet: Packet) -> bytes:
    try:
        payload = _payload(packet)
    except (ConstructError, ValueError, OverflowError) as error:
        raise ProtocolError(
            Text("Пакет CENC не кодируется: значение поля вне допустимого", f"Cannot encode CENC packet: {error}")
        ) from error
    if len(payload) > MAX_PAYLOAD:
        raise PacketError(
            Text(
                f"Пакет CENC длиннее {MAX_PAYLOAD} байт ({len(payload)})",
                f"CENC packet longer than {MAX_PAYLOAD} bytes ({len(payload)})",
            ),
            0,
            PACKET_TOO_LARGE,
        )
    body = (1 + len(payload)).to_bytes(2, "big") + bytes([packet.code]) + payload
    return MARK + body + _crc(body).to_bytes(2, "big")


class PacketError(ProtocolError):
    """A damaged packet: drop ``consumed`` bytes and decode on; ``error`` is the NAK code to answer."""

    def __init__(self, message: Text, consumed: int, error: int = BAD_PACKET) -> None:
        self.consumed, self.error = consumed, error
        super().__init__(message)


def _bad(what: str, what_en: str, consumed: int, error: int = BAD_PACKET) -> PacketError:
    return PacketError(Text(f"Некорректный пакет CENC: {what}", f"Invalid CENC packet: {what_en}"), consumed, error)


def decode(buffer: bytes) -> tuple[int, Packet | None]:
    """The first packet in ``buffer``: ``(consumed, packet)``, packet None while incomplete.

    A damaged packet raises PacketError; its ``consumed`` reaches the next place a packet may
    start (every mark inside the damaged one is tried), so one error stands for one damaged run.
    Linear in the bytes examined (CRCs of candidates inside a damaged packet: crc16.Windows)."""
    data = bytes(buffer)
    size, position = len(data), 0
    damaged: PacketError | None = None
    windows: crc16.Windows | None = None
    while True:
        start = data.find(MARK, position)
        if start < 0:
            # keep a trailing "C" that may be the first half of the mark
            resume = size - 1 if size > position and data.endswith(MARK[:1]) else size
            return _resume(resume, damaged)
        if size - start < HEADER_SIZE:
            return _resume(start, damaged)
        length = data[start + 2] << 8 | data[start + 3]
        if length == 0 or length > MAX_PAYLOAD + 1:
            if damaged is None:
                damaged = (
                    _bad("нулевая длина", "zero length", start + 1)
                    if length == 0
                    else _bad(f"длина {length} больше допустимой", f"length {length} exceeds the limit", start + 1,
                              PACKET_TOO_LARGE)
                )  # fmt: skip
            position = start + 1
            continue
        end = start + HEADER_SIZE + length + CRC_SIZE
        if size < end:
            return _resume(start, damaged)
        received = data[end - 2] << 8 | data[end - 1]
        computed = _crc(data[start + 2 : end - CRC_SIZE]) if windows is None else windows(start + 2, end - CRC_SIZE)
        if computed != received:
            if damaged is None:
                damaged = _bad("неверная контрольная сумма", "CRC mismatch", start + 1)
            if windows is None:
                windows = crc16.CCITT_FALSE.windows(data)
            position = start + 1
            continue
        if damaged is not None:
            return _resume(start, damaged)
        return end, _parse(data[start + 4], data[start + 5 : end - CRC_SIZE], end)


def _resume(position: int, damaged: PacketError | None) -> tuple[int, None]:
    """Noise up to ``position`` is dropped; a damaged run up to it is reported."""
    if damaged is not None:
        damaged.consumed = position
        raise damaged
    return position, None


def _parse(code: int, payload: bytes, consumed: int) -> Packet:
    try:
        match code:
            case Code.ACK if not payload:
                return Ack()
            case Code.ACK:
                fields = _REGISTERED_EXACT.parse(payload)
                return Registered(format_address(fields.address), fields.direct_port)
            case Code.ENQ if not payload:
                return Ping()
            case Code.ENQ:
                raise _bad("ENQ с данными", "ENQ with a payload", consumed)
            case Code.DAC:
                return Data(payload)
            case Code.NAK | Code.INF5 | Code.INF4 | Code.QST | Code.RSP:
                fields = _PAYLOADS_EXACT[Code(code)].parse(payload)
            case _:
                raise _bad(f"код 0x{code:02X} не поддерживается", f"unsupported code 0x{code:02X}", consumed)
    except ConstructError as error:
        raise _bad(f"поля пакета 0x{code:02X}", f"fields of packet 0x{code:02X}: {error}", consumed) from error
    except UnicodeDecodeError as error:
        raise _bad("текст не в UTF-8", "text is not UTF-8", consumed) from error
    match code:
        case Code.NAK:
            return Nak(fields.error, fields.detail)
        case Code.INF5:
            return Register(fields.serial, fields.device_type, fields.module_type, fields.firmware)
        case Code.INF4:
            return Login(fields.user, fields.password)
        case Code.QST:
            if fields.by not in iter(Selector):
                raise _bad(f"способ выбора {fields.by}", f"selector {fields.by}", consumed)
            by = Selector(fields.by)
            value = format_address(fields.value) if by == Selector.ADDRESS else fields.value
            return SelectDevice(by, value)
    return DeviceInfo(
        fields.serial,
        format_address(fields.address),
        fields.direct_port,
        fields.device_type,
        fields.module_type,
        fields.firmware,
    )


class PacketStream:
    """Cuts a byte stream into packets, dropping damaged ones (they are returned as errors)."""

    def __init__(self) -> None:
        self._stream = ByteStream()

    def feed(self, data: bytes) -> list[Packet | PacketError]:
        self._stream.feed(data)
        out: list[Packet | PacketError] = []
        while True:
            try:
                packet = self._stream.next(decode)
            except PacketError as error:
                self._stream.drop(max(1, error.consumed))
                out.append(error)
                continue
            if packet is None:
                return out
            out.append(packet)

    @property
    def pending(self) -> bytes:
        return self._stream.pending


__all__ = [
    "Ack",
    "Code",
    "CencRefused",
    "Data",
    "DeviceInfo",
    "ERROR_TEXTS",
    "Login",
    "Nak",
    "Packet",
    "PacketError",
    "PacketStream",
    "Ping",
    "Register",
    "Registered",
    "SelectDevice",
    "Selector",
    "address_of",
    "data_packets",
    "decode",
    "encode",
    "format_address",
    "parse_address",
    "refusal",
]
