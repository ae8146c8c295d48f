"""Binary frames between the configurator and a communication module (our specification).

The vendor's frames are not public; docs/protocols/module-frames.md specifies the ones this
product uses. Everything that knows their layout is in this module, so a vendor specification
can replace it without touching the operations, the GUI or the virtual module.

Frame: ``A5 | LEN u16 | ~LEN u16 | SEQ u8 | CMD u8 | PAYLOAD | CRC-16/MODBUS u16 (little-endian)``;
LEN counts SEQ+CMD+PAYLOAD; the CRC covers every byte before it. Multi-byte fields of the header
and the payloads are big-endian. Framing lives in :func:`encode`/:func:`decode`; each message has
one ``construct`` struct for its payload.

Decoding is incremental: :func:`decode` returns ``(consumed, frame)``; ``frame`` is None while a
frame is incomplete. Bytes before a start byte are skipped. A start byte whose length check fails
is skipped too (resync). A CRC mismatch or an unparsable payload raises :class:`FrameError`
(a ProtocolError) whose ``consumed`` tells the caller how many bytes to drop before decoding on.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from construct import (
    Adapter,
    Bytes,
    Const,
    Construct,
    ConstructError,
    GreedyBytes,
    Int8ub,
    Int16ub,
    PascalString,
    Prefixed,
    PrefixedArray,
    StreamError,
    Struct,
    Terminated,
    TerminatedError,
)

from protocols import cenc, crc16
from protocols.byte_stream import ByteStream
from protocols.construct_records import Record, TupleOf
from protocols.errors import ConfiguratorError, ProtocolError, ValidationError
from protocols.module.error_codes import INVALID_COMMAND, SMS_STRUCTURE
from protocols.text import Text

START = 0xA5
HEADER_SIZE = 5  # start, LEN, ~LEN
CRC_SIZE = 2
MAX_BODY = 4096  # SEQ+CMD+PAYLOAD; a longer LEN is a false start
NOT_REPORTED = 0xFF  # a status code the module does not report (e.g. band on NB-IoT)
RESULT_OK = 0x00  # per-parameter result: applied / read; otherwise an Appendix A error code

# --- CRC-16/MODBUS (poly 0x8005 reflected, init 0xFFFF, no final xor; check("123456789") = 0x4B37)
crc16_modbus = crc16.MODBUS


# --- Field adapters ---------------------------------------------------------------------------


class _OptionalCode(Adapter):
    """u8 status code; NOT_REPORTED ↔ None."""

    def _decode(self, obj: int, context: Any, path: str) -> int | None:
        return None if obj == NOT_REPORTED else obj

    def _encode(self, obj: int | None, context: Any, path: str) -> int:
        if obj == NOT_REPORTED:
            raise ValueError(f"code {NOT_REPORTED:#x} is reserved for 'not reported'; use None")
        return NOT_REPORTED if obj is None else obj


class _DottedAddress(Adapter):
    """4 bytes ↔ "a.b.c.d" (the CENC system address, e.g. 0.0.0.94)."""

    def _decode(self, obj: bytes, context: Any, path: str) -> str:
        return cenc.format_address(obj)

    def _encode(self, obj: str, context: Any, path: str) -> bytes:
        try:
            return cenc.parse_address(obj)
        except ProtocolError as error:  # construct reports a field's refusal as ValueError
            raise ValueError(error.text.en) from error


class _IpAddress(Adapter):
    """4 or 16 bytes ↔ address text; all zeros ↔ None (no address obtained)."""

    def __init__(self, size: int) -> None:
        super().__init__(Bytes(size))
        self.size = size

    def _decode(self, obj: bytes, context: Any, path: str) -> str | None:
        if not any(obj):
            return None
        return str(ipaddress.ip_address(obj))

    def _encode(self, obj: str | None, context: Any, path: str) -> bytes:
        if obj is None:
            return bytes(self.size)
        packed = ipaddress.ip_address(obj).packed
        if len(packed) != self.size:
            raise ValueError(f"{obj!r} is not an IPv{4 if self.size == 4 else 6} address")
        return packed


_Ascii = PascalString(Int8ub, "ascii")
_Code = Int16ub


@dataclass(frozen=True)
class ParamValue:
    """A parameter's binary code and its encoded value (opaque here: see protocols.params.param_values)."""

    code: int
    value: bytes


@dataclass(frozen=True)
class ParamReadResult:
    code: int
    result: int  # RESULT_OK or an Appendix A error code (0x03 unknown parameter …)
    value: bytes


@dataclass(frozen=True)
class ParamWriteResult:
    code: int
    result: int  # RESULT_OK (applied) or an Appendix A error code (0x03, 0x04, 0x05)

    @property
    def applied(self) -> bool:
        return self.result == RESULT_OK


_Blob = Prefixed(Int8ub, GreedyBytes)
_PARAM_VALUE = Record(Struct("code" / _Code, "value" / _Blob), ParamValue)
_PARAM_READ = Record(Struct("code" / _Code, "result" / Int8ub, "value" / _Blob), ParamReadResult)
_PARAM_WRITE = Record(Struct("code" / _Code, "result" / Int8ub), ParamWriteResult)
_INFO = ("status" / Int8ub, "system_address" / _DottedAddress(Bytes(4)), "version" / _Ascii)


def _payload(*fields: Construct) -> Construct:
    return Struct(*fields, Terminated)  # trailing bytes are a structure error, not ignored


# --- Messages ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Frame:
    """Base of every message; ``seq`` is echoed by the reply so stale replies can be told apart."""

    COMMAND: ClassVar[int]
    PAYLOAD: ClassVar[Construct]
    seq: int = 0


@dataclass(frozen=True)
class StatusRequest(Frame):
    COMMAND = 0x01
    PAYLOAD = _payload()


@dataclass(frozen=True)
class ExtendedStatusRequest(Frame):
    COMMAND = 0x02
    PAYLOAD = _payload()


@dataclass(frozen=True)
class ImeiRequest(Frame):
    COMMAND = 0x03
    PAYLOAD = _payload()


@dataclass(frozen=True)
class IpRequest(Frame):
    COMMAND = 0x04
    PAYLOAD = _payload()


@dataclass(frozen=True)
class Ipv6Request(Frame):
    COMMAND = 0x05
    PAYLOAD = _payload()


@dataclass(frozen=True)
class IccidRequest(Frame):
    COMMAND = 0x06
    PAYLOAD = _payload()


@dataclass(frozen=True)
class ReadParamsRequest(Frame):
    """Read parameters by binary code; needs the administrator password (error 0x02 otherwise)."""

    COMMAND = 0x10
    PAYLOAD = _payload("password" / _Ascii, "codes" / TupleOf(PrefixedArray(Int8ub, _Code)))
    password: str
    codes: tuple[int, ...]


@dataclass(frozen=True)
class WriteParamsRequest(Frame):
    """Write parameters (code, length, value); the module checks the administrator password."""

    COMMAND = 0x11
    PAYLOAD = _payload("password" / _Ascii, "values" / TupleOf(PrefixedArray(Int8ub, _PARAM_VALUE)))
    password: str
    values: tuple[ParamValue, ...]


@dataclass(frozen=True)
class RestartRequest(Frame):
    """Apply the written settings by restarting the module (as the MODE SMS command does)."""

    COMMAND = 0x12
    PAYLOAD = _payload("password" / _Ascii)
    password: str


@dataclass(frozen=True)
class ModuleInfoReply(Frame):
    """Common head of the information replies: Appendix A status byte, CENC system address and
    version string (every status button of the vendor tool fills these three fields)."""

    status: int
    system_address: str
    version: str


@dataclass(frozen=True)
class StatusReply(ModuleInfoReply):
    COMMAND = 0x81
    PAYLOAD = _payload(*_INFO)


@dataclass(frozen=True)
class ExtendedStatusReply(ModuleInfoReply):
    """Codes as on the meter's LCD (000 Table 5, 001 Table 6); None where the module type has no
    such field (band, SIM and meter link on NB-IoT; loaders and MQTT client on GSM)."""

    COMMAND = 0x82
    PAYLOAD = _payload(
        *_INFO,
        "gprs" / _OptionalCode(Int8ub),
        "registration" / _OptionalCode(Int8ub),
        "band" / _OptionalCode(Int8ub),
        "signal" / _OptionalCode(Int8ub),
        "sim" / _OptionalCode(Int8ub),
        "meter_link" / _OptionalCode(Int8ub),
        "http_loader" / _OptionalCode(Int8ub),
        "mqtt_client" / _OptionalCode(Int8ub),
        "mqtt_loader" / _OptionalCode(Int8ub),
        "transceiver_firmware" / _Ascii,
    )
    gprs: int | None = None
    registration: int | None = None
    band: int | None = None
    signal: int | None = None
    sim: int | None = None
    meter_link: int | None = None
    http_loader: int | None = None
    mqtt_client: int | None = None
    mqtt_loader: int | None = None
    transceiver_firmware: str = ""


@dataclass(frozen=True)
class ImeiReply(ModuleInfoReply):
    COMMAND = 0x83
    PAYLOAD = _payload(*_INFO, "imei" / _Ascii)
    imei: str = ""


@dataclass(frozen=True)
class IpReply(ModuleInfoReply):
    COMMAND = 0x84
    PAYLOAD = _payload(*_INFO, "ip" / _IpAddress(4))
    ip: str | None = None


@dataclass(frozen=True)
class Ipv6Reply(ModuleInfoReply):
    COMMAND = 0x85
    PAYLOAD = _payload(*_INFO, "ipv6" / _IpAddress(16))
    ipv6: str | None = None

    def __post_init__(self) -> None:
        # one spelling per address (compressed), so equal addresses give equal replies
        if self.ipv6 is not None:
            try:
                object.__setattr__(self, "ipv6", str(ipaddress.IPv6Address(self.ipv6)))
            except ValueError:
                pass  # left as given: encode() reports it


@dataclass(frozen=True)
class IccidReply(ModuleInfoReply):
    COMMAND = 0x86
    PAYLOAD = _payload(*_INFO, "iccid" / _Ascii)
    iccid: str = ""


@dataclass(frozen=True)
class ReadParamsReply(Frame):
    COMMAND = 0x90
    PAYLOAD = _payload("status" / Int8ub, "results" / TupleOf(PrefixedArray(Int8ub, _PARAM_READ)))
    status: int
    results: tuple[ParamReadResult, ...]


@dataclass(frozen=True)
class WriteParamsReply(Frame):
    """One result per written parameter, so a partial write says exactly which values applied."""

    COMMAND = 0x91
    PAYLOAD = _payload("status" / Int8ub, "results" / TupleOf(PrefixedArray(Int8ub, _PARAM_WRITE)))
    status: int
    results: tuple[ParamWriteResult, ...]


@dataclass(frozen=True)
class RestartReply(Frame):
    """Sent before the module restarts."""

    COMMAND = 0x92
    PAYLOAD = _payload("status" / Int8ub)
    status: int


@dataclass(frozen=True)
class ErrorReply(Frame):
    """The whole request was refused: ``error`` is an Appendix A code (0x01–0x06)."""

    COMMAND = 0xFF
    PAYLOAD = _payload("command" / Int8ub, "error" / Int8ub)
    command: int
    error: int


MESSAGE_TYPES: tuple[type[Frame], ...] = (
    StatusRequest, ExtendedStatusRequest, ImeiRequest, IpRequest, Ipv6Request, IccidRequest,
    ReadParamsRequest, WriteParamsRequest, RestartRequest,
    StatusReply, ExtendedStatusReply, ImeiReply, IpReply, Ipv6Reply, IccidReply,
    ReadParamsReply, WriteParamsReply, RestartReply, ErrorReply,
)  # fmt: skip
_BY_COMMAND: dict[int, type[Frame]] = {cls.COMMAND: cls for cls in MESSAGE_TYPES}
REPLY_FLAG = 0x80
REPLY_TYPES: dict[type[Frame], type[Frame]] = {
    cls: _BY_COMMAND[cls.COMMAND | REPLY_FLAG] for cls in MESSAGE_TYPES if not cls.COMMAND & REPLY_FLAG
}


def is_reply_to(reply: Frame, request: Frame) -> bool:
    """Whether ``reply`` answers ``request``: same sequence number and the matching (or error) type."""
    if reply.seq != request.seq:
        return False
    if isinstance(reply, ErrorReply):
        return reply.command == request.COMMAND
    return type(reply) is REPLY_TYPES.get(type(request))


def _payload_names(cls: type[Frame]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.name != "seq"]


# --- Framing ----------------------------------------------------------------------------------

_HEADER = Struct("start" / Const(bytes([START])), "length" / Int16ub, "length_check" / Int16ub)
# A start byte whose LEN and ~LEN high bytes fit a body of at most MAX_BODY: found in C, so runs of
# start bytes in noise cost nothing in Python.
_CANDIDATE = re.compile(rb"\xa5[\x00-\x10].[\xef-\xff]", re.DOTALL)
_BODY = Struct("seq" / Int8ub, "command" / Int8ub, "payload" / GreedyBytes)


class FrameError(ProtocolError):
    """A frame that cannot be used. ``consumed``: bytes to drop before decoding on. For a frame
    with a good CRC, ``seq``/``command`` say what it was and ``device_error`` the Appendix A code a
    module answers with (0x06 unknown command, 0x01 malformed payload)."""

    def __init__(
        self,
        message: Text,
        consumed: int,
        seq: int | None = None,
        command: int | None = None,
        device_error: int | None = None,
    ) -> None:
        super().__init__(message)
        self.consumed = consumed
        self.seq = seq
        self.command = command
        self.device_error = device_error


def _structure_fault(error: Exception) -> Text:
    """What a construct or value error means, in words (construct's own text is for the log)."""
    path = str(getattr(error, "path", "") or "").replace("(parsing)", "").replace("(building)", "").strip(" ->")
    where = f" ({path})" if path else ""
    if isinstance(error, StreamError):
        return Text("сообщение короче, чем должно быть", f"the message is shorter than it must be{where}")
    if isinstance(error, TerminatedError):
        return Text("в конце сообщения лишние байты", f"extra bytes at the end of the message{where}")
    ours = next((e for e in (error, error.__cause__, error.__context__) if isinstance(e, ConfiguratorError)), None)
    if ours is not None:
        return ours.text
    return Text("поле с недопустимым значением", f"a field with an invalid value{where}")


def encode(frame: Frame) -> bytes:
    cls = type(frame)
    if _BY_COMMAND.get(getattr(cls, "COMMAND", -1)) is not cls:
        raise ValidationError([Text(f"Не сообщение модуля: {cls.__name__}", f"Not a module message: {cls.__name__}")])
    try:
        payload = cls.PAYLOAD.build({name: getattr(frame, name) for name in _payload_names(cls)})
        body = _BODY.build({"seq": frame.seq, "command": cls.COMMAND, "payload": payload})
    except (ConstructError, ValueError, TypeError, AttributeError) as error:
        fault = _structure_fault(error)
        raise ValidationError(
            [Text(f"Сообщение модуля 0x{cls.COMMAND:02X} не кодируется: {fault.ru}",
                  f"Cannot encode the module message 0x{cls.COMMAND:02X} ({cls.__name__}): {fault.en}")]
        ) from error
    if len(body) > MAX_BODY:
        raise ValidationError(
            [Text(f"Сообщение {cls.__name__} длиннее {MAX_BODY} байт", f"{cls.__name__} exceeds {MAX_BODY} bytes")]
        )
    data = _HEADER.build({"length": len(body), "length_check": len(body) ^ 0xFFFF}) + body
    return data + crc16_modbus(data).to_bytes(CRC_SIZE, "little")


def decode(buffer: bytes | bytearray) -> tuple[int, Frame | None]:
    """Decode the first frame in ``buffer``: ``(consumed, frame)``; frame None means "need more
    bytes" (``consumed`` then counts skipped garbage). Raises FrameError on a bad payload, and on a
    bad CRC (``consumed`` then reaches the next possible frame start).

    Linear in the bytes examined: a false start costs one header check, and the CRC of a candidate
    inside a frame that failed its CRC costs constant time (:class:`protocols.crc16.Windows`)."""
    data = bytes(buffer)
    size, position = len(data), 0
    damaged: FrameError | None = None  # the first frame of this call that failed its CRC
    windows: crc16.Windows | None = None
    while True:
        found = _CANDIDATE.search(data, position)
        start = found.start() if found is not None else data.find(START, max(position, size - HEADER_SIZE + 1))
        if start < 0 or size - start < HEADER_SIZE:
            resume = size if start < 0 else start
            if damaged is not None:
                damaged.consumed = resume
                raise damaged
            return resume, None
        length = data[start + 1] << 8 | data[start + 2]
        if data[start + 3] << 8 | data[start + 4] != length ^ 0xFFFF or not 2 <= length <= MAX_BODY:
            position = start + 1  # a start byte inside garbage: resync on the next one
            continue
        end = start + HEADER_SIZE + length + CRC_SIZE
        if size < end:
            if damaged is not None:
                damaged.consumed = start
                raise damaged
            return start, None
        received = data[end - 2] | data[end - 1] << 8
        if windows is None:
            computed = crc16_modbus(data[start : end - CRC_SIZE])
        else:
            computed = windows(start, end - CRC_SIZE)
        if computed != received:
            # Drop only the start byte: if this was a false start, a real frame may follow inside it.
            if damaged is None:
                damaged = FrameError(
                    Text(
                        f"Ошибка CRC кадра модуля: получено {received:04X}, вычислено {computed:04X}",
                        f"Module frame CRC error: received {received:04X}, computed {computed:04X}",
                    ),
                    consumed=start + 1,
                )
                windows = crc16_modbus.windows(data)
            position = start + 1
            continue
        if damaged is not None:
            damaged.consumed = start
            raise damaged
        return end, _parse_frame(data[start:end], start)


def _parse_frame(raw: bytes, start: int) -> Frame:
    """A frame whose CRC is good: its message, or FrameError naming the Appendix A code to answer."""
    consumed = start + len(raw)
    seq, command, payload = raw[HEADER_SIZE], raw[HEADER_SIZE + 1], raw[HEADER_SIZE + 2 : -CRC_SIZE]
    cls = _BY_COMMAND.get(command)
    if cls is None:
        raise FrameError(
            Text(f"Неизвестная команда кадра модуля: {command:02X}", f"Unknown module frame command: {command:02X}"),
            consumed, seq, command, INVALID_COMMAND,
        )  # fmt: skip
    try:
        fields = cls.PAYLOAD.parse(payload)
    except (ConstructError, ValueError) as error:
        fault = _structure_fault(error)
        raise FrameError(
            Text(
                f"Неверная структура сообщения модуля 0x{command:02X}: {fault.ru}",
                f"Malformed module message 0x{command:02X} ({cls.__name__}): {fault.en}",
            ),
            consumed, seq, command, SMS_STRUCTURE,
        ) from error  # fmt: skip
    return cls(**{name: fields[name] for name in _payload_names(cls)}, seq=seq)


class FrameReader:
    """Accumulates received bytes and hands out whole frames; after a FrameError the bad bytes are
    already dropped, so reading simply goes on."""

    def __init__(self) -> None:
        self._stream = ByteStream()

    def feed(self, data: bytes) -> None:
        self._stream.feed(data)

    @property
    def pending(self) -> int:
        return len(self._stream)

    def next_frame(self) -> Frame | None:
        try:
            return self._stream.next(decode)
        except FrameError as error:
            self._stream.drop(error.consumed)
            raise

    def frames(self) -> list[Frame]:
        """Every complete frame buffered so far (raises on the first bad one; call again after)."""
        result = []
        while (frame := self.next_frame()) is not None:
            result.append(frame)
        return result
