"""UTMC-700 payloads — **our** specification (docs/protocols/utmc.md): the typed records.

One frozen dataclass per request and per reply, each with one ``construct`` struct (``LAYOUT``),
as the module frames have. A request names the type of the reply that answers it
(``IdentifyRequest`` is a ``Request[IdentifyReply]``), so a session hands out typed replies and
nothing above the codec reads an untyped Container. Framing is protocols/utmc/utmc_frames.py.

    encode_message(ReadParamsRequest(codes=(1, 2))) -> bytes    the payload
    build_payload(command, reply, **fields) -> bytes             the same, by command and field names
    parse_payload(command, reply, payload) -> Message            ProtocolError on anything malformed
    request.reply_from(payload) -> its reply's record
    error_payload(code, detail) / parse_error(payload) -> (code, detail)
"""

from __future__ import annotations

import dataclasses
import enum
import struct
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar, cast

from construct import (
    Bytes,
    Construct,
    GreedyBytes,
    Int8ul,
    Int16ul,
    Int32ul,
    PascalString,
    Prefixed,
    PrefixedArray,
    Struct,
    Terminated,
)
from construct import ConstructError as _ConstructError

from protocols.construct_records import Record, TupleOf
from protocols.errors import ProtocolError
from protocols.text import Text


class Command(enum.IntEnum):
    IDENTIFY = 0x01
    READ_PARAMS = 0x02
    WRITE_PARAMS = 0x03
    DEVICES_READ = 0x10
    DEVICES_WRITE = 0x11
    DEVICES_COUNT = 0x12
    POLL_ALL = 0x20
    POLL_ONE = 0x21
    FILE_LIST = 0x30
    FILE_INFO = 0x31
    FILE_READ = 0x32
    FILE_WRITE_BEGIN = 0x33
    FILE_WRITE_DATA = 0x34
    FILE_WRITE_END = 0x35
    FIRMWARE_UPDATE = 0x40
    TRANSFER_NOW = 0x41
    DISCOVER = 0x50


# Each request's operation in words, for the exchange log and for messages: a refusal or a malformed
# reply names the operation, never the request's internal name.
OPERATIONS: dict[Command, Text] = {
    Command.IDENTIFY: Text("установление связи", "identify"),
    Command.READ_PARAMS: Text("чтение параметров", "parameter read"),
    Command.WRITE_PARAMS: Text("запись параметров", "parameter write"),
    Command.DEVICES_READ: Text("чтение приборов", "device read"),
    Command.DEVICES_WRITE: Text("запись приборов", "device write"),
    Command.DEVICES_COUNT: Text("число приборов в каналах", "device count"),
    Command.POLL_ALL: Text("опрос всех приборов", "poll all"),
    Command.POLL_ONE: Text("опрос прибора", "poll one"),
    Command.FILE_LIST: Text("список файлов", "file list"),
    Command.FILE_INFO: Text("сведения о файле", "file info"),
    Command.FILE_READ: Text("чтение файла", "file read"),
    Command.FILE_WRITE_BEGIN: Text("начало загрузки файла", "file upload begin"),
    Command.FILE_WRITE_DATA: Text("загрузка файла", "file upload"),
    Command.FILE_WRITE_END: Text("конец загрузки файла", "file upload end"),
    Command.FIRMWARE_UPDATE: Text("обновление ПО", "firmware update"),
    Command.TRANSFER_NOW: Text("передача на сервер", "transfer to the server"),
    Command.DISCOVER: Text("поиск", "search"),
}
assert set(OPERATIONS) == set(Command), "every request has its words"


def operation(command: int) -> Text:
    """The operation of ``command`` in words; an unknown command by its number."""
    try:
        return OPERATIONS[Command(command)]
    except ValueError:
        return Text(f"команда {command:#04x}", f"command {command:#04x}")


class ErrorCode(enum.IntEnum):
    UNKNOWN_COMMAND = 0x01
    BAD_REQUEST = 0x02
    ACCESS_DENIED = 0x03  # wrong settings password
    BAD_VALUE = 0x04
    NOT_FOUND = 0x05
    INTEGRITY = 0x06  # CRC32 of an uploaded file does not match
    BUSY = 0x07
    STORAGE_FULL = 0x08
    BAD_IMAGE = 0x09  # firmware file refused by the device's own check
    READ_ONLY = 0x0A
    SEQUENCE = 0x0B  # a chunk out of order



_Str = PascalString(Int8ul, "utf8")
_Blob = Prefixed(Int8ul, GreedyBytes)
_EMPTY = Struct()


@dataclass(frozen=True)
class Message:
    """The payload of one frame: typed fields, laid out on the wire by ``LAYOUT``."""

    COMMAND: ClassVar[Command]
    LAYOUT: ClassVar[Construct]


R = TypeVar("R", bound=Message)


@dataclass(frozen=True)
class Request(Message, Generic[R]):
    """A request from the host; ``R`` is the type of the reply that answers it."""

    def reply_from(self, payload: bytes) -> R:
        """The reply's record from its payload (ProtocolError if malformed)."""
        # REPLIES[COMMAND] is R: test_utmc_messages checks every request's declared reply type
        return cast(R, parse_payload(self.COMMAND, True, payload))


@dataclass(frozen=True)
class ParamValue:
    """A parameter to write: its code and its encoded value (protocols.params.param_values)."""

    code: int
    value: bytes


@dataclass(frozen=True)
class ParamReading:
    code: int
    status: int  # 0 read, else an ErrorCode
    value: bytes


@dataclass(frozen=True)
class ParamStatus:
    code: int
    status: int  # 0 written, else an ErrorCode


@dataclass(frozen=True)
class ListedFile:
    name: str
    is_dir: int  # 1 a folder, 0 a file
    size: int


# replies first: each request names its reply's type
@dataclass(frozen=True)
class IdentifyReply(Message):
    COMMAND = Command.IDENTIFY
    LAYOUT = Struct("serial" / _Str, "firmware_version" / _Str, "firmware_id" / _Str,
                    "max_payload" / Int16ul, "channels" / Int8ul, "per_channel" / Int16ul)
    serial: str
    firmware_version: str
    firmware_id: str
    max_payload: int
    channels: int
    per_channel: int


@dataclass(frozen=True)
class ReadParamsReply(Message):
    COMMAND = Command.READ_PARAMS
    LAYOUT = Struct("params" / TupleOf(PrefixedArray(Int16ul, Record(
        Struct("code" / Int16ul, "status" / Int8ul, "value" / _Blob), ParamReading))))
    params: tuple[ParamReading, ...]


@dataclass(frozen=True)
class WriteParamsReply(Message):
    COMMAND = Command.WRITE_PARAMS
    LAYOUT = Struct("statuses" / TupleOf(PrefixedArray(Int16ul, Record(
        Struct("code" / Int16ul, "status" / Int8ul), ParamStatus))))
    statuses: tuple[ParamStatus, ...]


@dataclass(frozen=True)
class DevicesReadReply(Message):
    COMMAND = Command.DEVICES_READ
    LAYOUT = Struct("channel" / Int8ul, "total" / Int16ul, "start" / Int16ul, "records" / GreedyBytes)
    channel: int
    total: int
    start: int
    records: bytes  # 32-byte device records (protocols.utmc.utmc_devices)


@dataclass(frozen=True)
class DevicesWriteReply(Message):
    COMMAND = Command.DEVICES_WRITE
    LAYOUT = Struct("channel" / Int8ul, "received" / Int16ul, "committed" / Int8ul)
    channel: int
    received: int
    committed: int  # 1: the channel's new list is in force


@dataclass(frozen=True)
class DevicesCountReply(Message):
    COMMAND = Command.DEVICES_COUNT
    LAYOUT = Struct("totals" / TupleOf(PrefixedArray(Int8ul, Int16ul)))
    totals: tuple[int, ...]  # devices in channels 1, 2, …


@dataclass(frozen=True)
class PollAllReply(Message):
    COMMAND = Command.POLL_ALL
    LAYOUT = Struct("polled" / Int16ul, "answered" / Int16ul)
    polled: int
    answered: int


@dataclass(frozen=True)
class PollOneReply(Message):
    COMMAND = Command.POLL_ONE
    LAYOUT = Struct("number" / Int16ul, "result" / Int8ul)
    number: int
    result: int  # 1 answered, 0 not


@dataclass(frozen=True)
class FileListReply(Message):
    COMMAND = Command.FILE_LIST
    LAYOUT = Struct("entries" / TupleOf(PrefixedArray(Int16ul, Record(
        Struct("name" / _Str, "is_dir" / Int8ul, "size" / Int32ul), ListedFile))))
    entries: tuple[ListedFile, ...]


@dataclass(frozen=True)
class FileInfoReply(Message):
    COMMAND = Command.FILE_INFO
    LAYOUT = Struct("size" / Int32ul, "crc32" / Int32ul)
    size: int
    crc32: int


@dataclass(frozen=True)
class FileReadReply(Message):
    COMMAND = Command.FILE_READ
    LAYOUT = Struct("offset" / Int32ul, "data" / GreedyBytes)
    offset: int
    data: bytes


@dataclass(frozen=True)
class FileWriteBeginReply(Message):
    COMMAND = Command.FILE_WRITE_BEGIN
    LAYOUT = _EMPTY


@dataclass(frozen=True)
class FileWriteDataReply(Message):
    COMMAND = Command.FILE_WRITE_DATA
    LAYOUT = Struct("received" / Int32ul)
    received: int


@dataclass(frozen=True)
class FileWriteEndReply(Message):
    COMMAND = Command.FILE_WRITE_END
    LAYOUT = Struct("size" / Int32ul, "crc32" / Int32ul)
    size: int
    crc32: int


@dataclass(frozen=True)
class FirmwareUpdateReply(Message):
    COMMAND = Command.FIRMWARE_UPDATE
    LAYOUT = Struct("firmware_id" / _Str)
    firmware_id: str


@dataclass(frozen=True)
class TransferNowReply(Message):
    COMMAND = Command.TRANSFER_NOW
    LAYOUT = _EMPTY


@dataclass(frozen=True)
class DiscoverReply(Message):
    COMMAND = Command.DISCOVER
    LAYOUT = Struct("serial" / _Str, "firmware_version" / _Str, "ip" / Bytes(4), "control_port" / Int16ul)
    serial: str
    firmware_version: str
    ip: bytes  # 4 bytes; 0.0.0.0 while the device has no address
    control_port: int


@dataclass(frozen=True)
class IdentifyRequest(Request[IdentifyReply]):
    COMMAND = Command.IDENTIFY
    LAYOUT = _EMPTY


@dataclass(frozen=True)
class ReadParamsRequest(Request[ReadParamsReply]):
    COMMAND = Command.READ_PARAMS
    LAYOUT = Struct("codes" / TupleOf(PrefixedArray(Int16ul, Int16ul)))
    codes: tuple[int, ...]


@dataclass(frozen=True)
class WriteParamsRequest(Request[WriteParamsReply]):
    COMMAND = Command.WRITE_PARAMS
    LAYOUT = Struct("password" / Int16ul, "params" / TupleOf(PrefixedArray(Int16ul, Record(
        Struct("code" / Int16ul, "value" / _Blob), ParamValue))))
    password: int
    params: tuple[ParamValue, ...]


@dataclass(frozen=True)
class DevicesReadRequest(Request[DevicesReadReply]):
    COMMAND = Command.DEVICES_READ
    LAYOUT = Struct("channel" / Int8ul, "start" / Int16ul, "count" / Int16ul)
    channel: int
    start: int
    count: int


@dataclass(frozen=True)
class DevicesWriteRequest(Request[DevicesWriteReply]):
    COMMAND = Command.DEVICES_WRITE
    LAYOUT = Struct("password" / Int16ul, "channel" / Int8ul, "total" / Int16ul, "start" / Int16ul,
                    "records" / GreedyBytes)
    password: int
    channel: int
    total: int  # records of the whole list; total = 0 empties the channel
    start: int
    records: bytes


@dataclass(frozen=True)
class DevicesCountRequest(Request[DevicesCountReply]):
    COMMAND = Command.DEVICES_COUNT
    LAYOUT = _EMPTY


@dataclass(frozen=True)
class PollAllRequest(Request[PollAllReply]):
    COMMAND = Command.POLL_ALL
    LAYOUT = _EMPTY


@dataclass(frozen=True)
class PollOneRequest(Request[PollOneReply]):
    COMMAND = Command.POLL_ONE
    LAYOUT = Struct("number" / Int16ul)
    number: int


@dataclass(frozen=True)
class FileListRequest(Request[FileListReply]):
    COMMAND = Command.FILE_LIST
    LAYOUT = Struct("path" / _Str)
    path: str  # a folder; "" the card's root


@dataclass(frozen=True)
class FileInfoRequest(Request[FileInfoReply]):
    COMMAND = Command.FILE_INFO
    LAYOUT = Struct("path" / _Str)
    path: str


@dataclass(frozen=True)
class FileReadRequest(Request[FileReadReply]):
    COMMAND = Command.FILE_READ
    LAYOUT = Struct("path" / _Str, "offset" / Int32ul, "length" / Int16ul)
    path: str
    offset: int
    length: int


@dataclass(frozen=True)
class FileWriteBeginRequest(Request[FileWriteBeginReply]):
    COMMAND = Command.FILE_WRITE_BEGIN
    LAYOUT = Struct("password" / Int16ul, "path" / _Str, "size" / Int32ul, "crc32" / Int32ul)
    password: int
    path: str
    size: int
    crc32: int


@dataclass(frozen=True)
class FileWriteDataRequest(Request[FileWriteDataReply]):
    COMMAND = Command.FILE_WRITE_DATA
    LAYOUT = Struct("offset" / Int32ul, "data" / GreedyBytes)
    offset: int
    data: bytes


@dataclass(frozen=True)
class FileWriteEndRequest(Request[FileWriteEndReply]):
    COMMAND = Command.FILE_WRITE_END
    LAYOUT = _EMPTY


@dataclass(frozen=True)
class FirmwareUpdateRequest(Request[FirmwareUpdateReply]):
    COMMAND = Command.FIRMWARE_UPDATE
    LAYOUT = Struct("password" / Int16ul, "path" / _Str)
    password: int
    path: str


@dataclass(frozen=True)
class TransferNowRequest(Request[TransferNowReply]):
    COMMAND = Command.TRANSFER_NOW
    LAYOUT = _EMPTY


@dataclass(frozen=True)
class DiscoverRequest(Request[DiscoverReply]):
    COMMAND = Command.DISCOVER
    LAYOUT = _EMPTY


@dataclass(frozen=True)
class ErrorReply:
    """What an error reply (flags 3) carries, whatever the command."""

    LAYOUT: ClassVar[Construct] = Struct("code" / Int8ul, "detail" / _Str)
    code: int
    detail: str


REQUESTS: dict[Command, type[Message]] = {cls.COMMAND: cls for cls in (
    IdentifyRequest, ReadParamsRequest, WriteParamsRequest, DevicesReadRequest, DevicesWriteRequest,
    DevicesCountRequest, PollAllRequest, PollOneRequest, FileListRequest, FileInfoRequest, FileReadRequest,
    FileWriteBeginRequest, FileWriteDataRequest, FileWriteEndRequest, FirmwareUpdateRequest, TransferNowRequest,
    DiscoverRequest)}
REPLIES: dict[Command, type[Message]] = {cls.COMMAND: cls for cls in (
    IdentifyReply, ReadParamsReply, WriteParamsReply, DevicesReadReply, DevicesWriteReply, DevicesCountReply,
    PollAllReply, PollOneReply, FileListReply, FileInfoReply, FileReadReply, FileWriteBeginReply,
    FileWriteDataReply, FileWriteEndReply, FirmwareUpdateReply, TransferNowReply, DiscoverReply)}

# Not compiled: construct's compiled strings take a short read as the whole string ("\x03ab" -> "ab")
_PARSERS = {cls: Struct("body" / cls.LAYOUT, Terminated) for cls in (*REQUESTS.values(), *REPLIES.values())}
_ERROR_PARSER = Struct("body" / ErrorReply.LAYOUT, Terminated)
_PARSE_ERRORS = (_ConstructError, UnicodeError, ValueError, struct.error, IndexError, OverflowError)
_BUILD_ERRORS = (_ConstructError, UnicodeError, ValueError, TypeError, OverflowError, AttributeError)


def _command(command: int) -> Command:
    try:
        return Command(command)
    except ValueError as error:
        raise ProtocolError(Text(f"Неизвестная команда УТМЦ {command:#04x}",
                                 f"Unknown UTMC command {command:#04x}")) from error


def _fields(record: Message | ErrorReply) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


@dataclass(frozen=True)
class _Plain:
    """A layout of fixed-size integers, maybe ending in the rest of the payload as bytes: packed with
    struct, about ten times faster than construct. The device-list and file transfers are made of
    such messages and every one of them is on the wire's critical path (docs/protocols/utmc.md);
    ``LAYOUT`` stays the one declaration, this is derived from it."""

    packer: struct.Struct
    names: tuple[str, ...]  # the integer fields, in order
    tail: str | None  # the GreedyBytes field at the end, if any


_INTEGERS = {id(Int8ul): "B", id(Int16ul): "H", id(Int32ul): "I"}


def _plain(layout: Construct) -> _Plain | None:
    if not isinstance(layout, Struct):
        return None
    codes, names, tail = [], [], None
    for number, field in enumerate(layout.subcons):
        inner = getattr(field, "subcon", None)  # "name" / construct is a Renamed around it
        if inner is GreedyBytes and number == len(layout.subcons) - 1:
            tail = field.name
        elif inner is not None and id(inner) in _INTEGERS:
            codes.append(_INTEGERS[id(inner)])
            names.append(field.name)
        else:
            return None
    return _Plain(struct.Struct("<" + "".join(codes)), tuple(names), tail)


def encode_message(message: Message) -> bytes:
    """The payload bytes of a request or reply record."""
    plain = _PLAIN.get(type(message))
    try:
        if plain is None:
            return bytes(message.LAYOUT.build(_fields(message)))
        packed = plain.packer.pack(*[getattr(message, name) for name in plain.names])
        if plain.tail is None:
            return packed
        tail = getattr(message, plain.tail)
        if not isinstance(tail, bytes | bytearray | memoryview):  # bytes(5) would be five zeros
            raise TypeError(f"{plain.tail} must be bytes, not {type(tail).__name__}")
        return packed + bytes(tail)
    except (*_BUILD_ERRORS, struct.error) as error:
        raise ProtocolError(Text(f"Не собрать посылку {message.COMMAND:#04x}: значение поля вне допустимого",
                                 f"Cannot build payload {message.COMMAND:#04x}: {error}")) from error


def build_payload(command: int, reply: bool = False, **fields: Any) -> bytes:
    """The payload of ``command``'s request (or reply) with these field values."""
    cls = (REPLIES if reply else REQUESTS)[_command(command)]
    try:
        message = cls(**fields)
    except TypeError as error:
        raise ProtocolError(Text(f"Не собрать посылку {command:#04x}: не те поля",
                                 f"Cannot build payload {command:#04x}: {error}")) from error
    return encode_message(message)


def parse_payload(command: int, reply: bool, payload: bytes) -> Message:
    """The typed record of ``command``'s request (or reply) payload."""
    cls = (REPLIES if reply else REQUESTS)[_command(command)]
    plain = _PLAIN.get(cls)
    if plain is not None:
        size = plain.packer.size
        if len(payload) == size or (plain.tail is not None and len(payload) > size):
            fields = dict(zip(plain.names, plain.packer.unpack_from(payload), strict=True))
            if plain.tail is not None:
                fields[plain.tail] = bytes(payload[size:])
            return cls(**fields)
        raise _malformed(cls, reply, payload)
    try:
        body = _PARSERS[cls].parse(payload).body
    except _PARSE_ERRORS as error:
        raise _malformed(cls, reply, payload) from error
    return cls(**{f.name: body[f.name] for f in dataclasses.fields(cls)})


def _malformed(cls: type[Message], reply: bool, payload: bytes) -> ProtocolError:
    kind = ("ответ", "reply") if reply else ("запрос", "request")
    name = OPERATIONS[cls.COMMAND]
    return ProtocolError(Text(f"Неверный {kind[0]} УТМЦ ({name.ru}): {payload[:32].hex()}",
                              f"Malformed UTMC {kind[1]} ({name.en}): {payload[:32].hex()}"))


_PLAIN = {cls: plain for cls in (*REQUESTS.values(), *REPLIES.values()) if (plain := _plain(cls.LAYOUT)) is not None}


def error_payload(code: int, detail: str = "") -> bytes:
    return bytes(ErrorReply.LAYOUT.build(dict(code=code, detail=detail.encode()[:255].decode(errors="ignore"))))


def parse_error(payload: bytes) -> tuple[int, str]:
    try:
        body = _ERROR_PARSER.parse(payload).body
    except _PARSE_ERRORS as error:
        raise ProtocolError(Text(f"Неверный ответ с ошибкой: {payload[:32].hex()}",
                                 f"Malformed error reply: {payload[:32].hex()}")) from error
    return int(body.code), str(body.detail)
