"""UTMC-700 frames — **our** specification (docs/protocols/utmc.md), not the vendor's protocol.

The vendor does not publish the configurator ↔ UTMC-700 protocol. This module is the one place
that knows our replacement, so a real specification can take its place later.

Framing (all integers little-endian)::

    A5 5A | length u16 | ~length u16 | command u8 | flags u8 | seq u8 | payload | crc u16

``length`` counts command..payload; ``crc`` is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF)
over the same bytes. flags: bit 0 reply, bit 1 error reply. The host numbers requests with
``seq``; the reply repeats it. The length/complement pair lets the decoder skip noise quickly.

    encode_frame(frame) -> bytes
    decode_frame(buffer) -> (consumed, Frame | None)     resynchronising stream decoder
    parse_frame(data) -> Frame                           one complete frame, strict (ProtocolError)
    build_payload(command, reply, **fields) -> bytes     payload of a request or reply
    parse_payload(command, reply, payload) -> Container  ProtocolError on anything malformed
    error_payload(code, detail) / parse_error(payload) -> (code, detail)
"""

from __future__ import annotations

import binascii
import enum
import re
import struct
from dataclasses import dataclass
from typing import Any

from construct import (
    Bytes,
    Container,
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

from protocols import crc16 as crc16_module
from protocols.errors import ProtocolError
from protocols.text import Text

MAGIC = b"\xa5\x5a"
HEADER_SIZE = 6
BODY_HEADER = 3
MAX_PAYLOAD = 8192  # frames longer than this are noise
FILE_CHUNK = 4096  # data bytes per file read/write frame
DEVICES_PER_FRAME = 128  # device records per table frame (4 KiB)
FLAG_REPLY, FLAG_ERROR = 0x01, 0x02
# the magic, then a length whose high byte fits MAX_PAYLOAD and a complement whose high byte fits too
_CANDIDATE = re.compile(rb"\xa5\x5a.[\x00-\x20].[\xdf-\xff]", re.DOTALL)


class Command(enum.IntEnum):
    IDENTIFY = 0x01
    READ_PARAMS = 0x02
    WRITE_PARAMS = 0x03
    DEVICES_READ = 0x10
    DEVICES_WRITE = 0x11
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


ERROR_TEXTS = {
    ErrorCode.UNKNOWN_COMMAND: Text("неизвестная команда", "unknown command"),
    ErrorCode.BAD_REQUEST: Text("неверный запрос", "malformed request"),
    ErrorCode.ACCESS_DENIED: Text("неверный пароль доступа к настройкам", "wrong settings password"),
    ErrorCode.BAD_VALUE: Text("недопустимое значение", "value not accepted"),
    ErrorCode.NOT_FOUND: Text("не найдено", "not found"),
    ErrorCode.INTEGRITY: Text("контрольная сумма файла не совпала", "file checksum mismatch"),
    ErrorCode.BUSY: Text("УТМЦ занято", "the UTMC is busy"),
    ErrorCode.STORAGE_FULL: Text("нет места на SD-карте", "the SD card is full"),
    ErrorCode.BAD_IMAGE: Text("файл прошивки отвергнут", "firmware file refused"),
    ErrorCode.READ_ONLY: Text("параметр только для чтения", "read-only parameter"),
    ErrorCode.SEQUENCE: Text("нарушен порядок частей", "parts out of order"),
}


# What each request asks of the device, in words for messages (a refusal names the operation, not the
# command): Russian in the prepositional case («УТМЦ отказало в …», «… при …»), English an infinitive.
OPERATIONS = {
    Command.IDENTIFY: Text("чтении сведений об УТМЦ", "to identify itself"),
    Command.READ_PARAMS: Text("чтении параметров", "to read the parameters"),
    Command.WRITE_PARAMS: Text("записи параметров", "to write the parameters"),
    Command.DEVICES_READ: Text("чтении списка приборов", "to read the device list"),
    Command.DEVICES_WRITE: Text("записи списка приборов", "to write the device list"),
    Command.POLL_ALL: Text("опросе всех устройств", "to poll all devices"),
    Command.POLL_ONE: Text("опросе устройства", "to poll the device"),
    Command.FILE_LIST: Text("чтении списка файлов", "to list its files"),
    Command.FILE_INFO: Text("чтении сведений о файле", "to describe the file"),
    Command.FILE_READ: Text("чтении файла", "to read the file"),
    Command.FILE_WRITE_BEGIN: Text("начале записи файла", "to begin writing the file"),
    Command.FILE_WRITE_DATA: Text("записи части файла", "to write a part of the file"),
    Command.FILE_WRITE_END: Text("завершении записи файла", "to finish writing the file"),
    Command.FIRMWARE_UPDATE: Text("обновлении ВПО", "to update its firmware"),
    Command.TRANSFER_NOW: Text("передаче данных на сервер", "to send its data to the server"),
    Command.DISCOVER: Text("поиске УТМЦ в сети", "to answer the network search"),
}
assert set(OPERATIONS) == set(Command), "every request has its words"


def error_text(code: int) -> Text:
    try:
        return ERROR_TEXTS[ErrorCode(code)]
    except ValueError:
        return Text(f"код ошибки {code:#04x}", f"error code {code:#04x}")


@dataclass(frozen=True)
class Frame:
    command: int
    seq: int
    payload: bytes = b""
    reply: bool = False
    error: bool = False


_HEADER = Struct("magic" / Bytes(2), "length" / Int16ul, "inverse" / Int16ul).compile()


def crc16(data: bytes) -> int:
    return binascii.crc_hqx(data, 0xFFFF)


def encode_frame(frame: Frame) -> bytes:
    if len(frame.payload) > MAX_PAYLOAD:
        raise ProtocolError(Text(f"Слишком длинная посылка: {len(frame.payload)} байт",
                                 f"Payload too long: {len(frame.payload)} bytes"))
    flags = (FLAG_REPLY if frame.reply else 0) | (FLAG_ERROR if frame.error else 0)
    body = bytes((frame.command, flags, frame.seq & 0xFF)) + frame.payload
    header = _HEADER.build(dict(magic=MAGIC, length=len(body), inverse=len(body) ^ 0xFFFF))
    return header + body + crc16(body).to_bytes(2, "little")


def _frame_from_body(body: bytes) -> Frame:
    flags = body[1]
    return Frame(body[0], body[2], bytes(body[3:]), bool(flags & FLAG_REPLY), bool(flags & FLAG_ERROR))


def decode_frame(buffer: bytes) -> tuple[int, Frame | None]:
    """Incremental decoder for Link.receive_frame: skips noise, returns (consumed, frame or None).

    A frame that fails its CRC was corrupted in transit (the caller times out and repeats); every
    magic inside it is tried, in time linear in the bytes examined (crc16.Windows)."""
    data = bytes(buffer)
    size, position = len(data), 0
    windows: crc16_module.Windows | None = None
    while True:
        found = _CANDIDATE.search(data, position)
        start = found.start() if found is not None else data.find(MAGIC, max(position, size - HEADER_SIZE + 1))
        if start < 0:  # keep a trailing A5: it may be the first half of the magic
            return (size - 1 if size > position and data.endswith(MAGIC[:1]) else size), None
        if size - start < HEADER_SIZE:
            return start, None
        length = data[start + 2] | data[start + 3] << 8
        if data[start + 4] | data[start + 5] << 8 != length ^ 0xFFFF or not (
            BODY_HEADER <= length <= MAX_PAYLOAD + BODY_HEADER
        ):
            position = start + 1  # not a header: look for the next magic
            continue
        end = start + HEADER_SIZE + length + 2
        if size < end:
            return start, None
        received = data[end - 2] | data[end - 1] << 8
        body = start + HEADER_SIZE
        computed = crc16(data[body : end - 2]) if windows is None else windows(body, end - 2)
        if computed != received:
            windows = windows or crc16_module.CCITT_FALSE.windows(data)
            position = start + 1
            continue
        return end, _frame_from_body(data[body : end - 2])


def parse_frame(data: bytes) -> Frame:
    """Exactly one frame, nothing before or after it; ProtocolError says what is wrong."""

    def bad(ru: str, en: str) -> ProtocolError:
        return ProtocolError(Text(f"Кадр УТМЦ: {ru}", f"UTMC frame: {en}"))

    if len(data) < HEADER_SIZE + BODY_HEADER + 2 or data[:2] != MAGIC:
        raise bad("нет заголовка A5 5A", "no A5 5A header")
    header = _HEADER.parse(data[:HEADER_SIZE])
    if header.inverse != header.length ^ 0xFFFF or header.length < BODY_HEADER:
        raise bad("повреждена длина", "corrupted length")
    if len(data) != HEADER_SIZE + header.length + 2:
        raise bad(f"длина {len(data)} вместо {HEADER_SIZE + header.length + 2}",
                  f"length {len(data)} instead of {HEADER_SIZE + header.length + 2}")
    body = data[HEADER_SIZE:-2]
    if crc16(body) != int.from_bytes(data[-2:], "little"):
        raise bad("неверная CRC", "CRC mismatch")
    return _frame_from_body(body)


# -- payloads ---------------------------------------------------------------------------
Str = PascalString(Int8ul, "utf8")
Path = PascalString(Int8ul, "utf8")
Blob = Prefixed(Int8ul, GreedyBytes)
EMPTY = Struct()

PARAM_VALUE = Struct("code" / Int16ul, "status" / Int8ul, "value" / Blob)
PARAM_STATUS = Struct("code" / Int16ul, "status" / Int8ul)
FILE_ENTRY = Struct("name" / Str, "is_dir" / Int8ul, "size" / Int32ul)

REQUESTS: dict[Command, Struct] = {
    Command.IDENTIFY: EMPTY,
    Command.READ_PARAMS: Struct("codes" / PrefixedArray(Int16ul, Int16ul)),
    Command.WRITE_PARAMS: Struct(
        "password" / Int16ul, "params" / PrefixedArray(Int16ul, Struct("code" / Int16ul, "value" / Blob))
    ),
    Command.DEVICES_READ: Struct("channel" / Int8ul, "start" / Int16ul, "count" / Int16ul),
    Command.DEVICES_WRITE: Struct(
        "password" / Int16ul, "channel" / Int8ul, "total" / Int16ul, "start" / Int16ul, "records" / GreedyBytes
    ),
    Command.POLL_ALL: EMPTY,
    Command.POLL_ONE: Struct("number" / Int16ul),
    Command.FILE_LIST: Struct("path" / Path),
    Command.FILE_INFO: Struct("path" / Path),
    Command.FILE_READ: Struct("path" / Path, "offset" / Int32ul, "length" / Int16ul),
    Command.FILE_WRITE_BEGIN: Struct("password" / Int16ul, "path" / Path, "size" / Int32ul, "crc32" / Int32ul),
    Command.FILE_WRITE_DATA: Struct("offset" / Int32ul, "data" / GreedyBytes),
    Command.FILE_WRITE_END: EMPTY,
    Command.FIRMWARE_UPDATE: Struct("password" / Int16ul, "path" / Path),
    Command.TRANSFER_NOW: EMPTY,
    Command.DISCOVER: EMPTY,
}

REPLIES: dict[Command, Struct] = {
    Command.IDENTIFY: Struct(
        "serial" / Str, "firmware_version" / Str, "firmware_id" / Str,
        "max_payload" / Int16ul, "channels" / Int8ul, "per_channel" / Int16ul,
    ),
    Command.READ_PARAMS: Struct("params" / PrefixedArray(Int16ul, PARAM_VALUE)),
    Command.WRITE_PARAMS: Struct("statuses" / PrefixedArray(Int16ul, PARAM_STATUS)),
    Command.DEVICES_READ: Struct("channel" / Int8ul, "total" / Int16ul, "start" / Int16ul, "records" / GreedyBytes),
    Command.DEVICES_WRITE: Struct("channel" / Int8ul, "received" / Int16ul, "committed" / Int8ul),
    Command.POLL_ALL: Struct("polled" / Int16ul, "answered" / Int16ul),
    Command.POLL_ONE: Struct("number" / Int16ul, "result" / Int8ul),
    Command.FILE_LIST: Struct("entries" / PrefixedArray(Int16ul, FILE_ENTRY)),
    Command.FILE_INFO: Struct("size" / Int32ul, "crc32" / Int32ul),
    Command.FILE_READ: Struct("offset" / Int32ul, "data" / GreedyBytes),
    Command.FILE_WRITE_BEGIN: EMPTY,
    Command.FILE_WRITE_DATA: Struct("received" / Int32ul),
    Command.FILE_WRITE_END: Struct("size" / Int32ul, "crc32" / Int32ul),
    Command.FIRMWARE_UPDATE: Struct("firmware_id" / Str),
    Command.TRANSFER_NOW: EMPTY,
    Command.DISCOVER: Struct(
        "serial" / Str, "firmware_version" / Str, "ip" / Bytes(4), "control_port" / Int16ul
    ),
}

ERROR_REPLY = Struct("code" / Int8ul, "detail" / Str)

_PARSERS = {
    (cmd, reply): (Struct("body" / struct, Terminated)).compile()
    for reply, table in ((False, REQUESTS), (True, REPLIES))
    for cmd, struct in table.items()
}
_ERROR_PARSER = Struct("body" / ERROR_REPLY, Terminated).compile()
# compiled parsers report short input through the struct module rather than construct
_PARSE_ERRORS = (_ConstructError, UnicodeError, ValueError, struct.error, IndexError, OverflowError)


def _command(command: int) -> Command:
    try:
        return Command(command)
    except ValueError as error:
        raise ProtocolError(Text(f"Неизвестная команда УТМЦ {command:#04x}",
                                 f"Unknown UTMC command {command:#04x}")) from error


def build_payload(command: int, reply: bool = False, **fields: Any) -> bytes:
    table = REPLIES if reply else REQUESTS
    try:
        return table[_command(command)].build(fields)
    except (_ConstructError, UnicodeError, ValueError, TypeError, OverflowError) as error:
        raise ProtocolError(Text(f"Не собрать посылку {command:#04x}: значение поля вне допустимого",
                                 f"Cannot build payload {command:#04x}: {error}")) from error


def parse_payload(command: int, reply: bool, payload: bytes) -> Container:
    parser = _PARSERS[(_command(command), reply)]
    try:
        return parser.parse(payload).body
    except _PARSE_ERRORS as error:
        kind = ("ответ УТМЦ", "UTMC reply") if reply else ("запрос к УТМЦ", "request to the UTMC")
        operation = OPERATIONS[Command(command)]
        raise ProtocolError(Text(f"Неверный {kind[0]} при {operation.ru}: {payload[:32].hex()}",
                                 f"Malformed {kind[1]} when asked {operation.en}: {payload[:32].hex()}")) from error


def error_payload(code: int, detail: str = "") -> bytes:
    return ERROR_REPLY.build(dict(code=code, detail=detail.encode()[:255].decode(errors="ignore")))


def parse_error(payload: bytes) -> tuple[int, str]:
    try:
        body = _ERROR_PARSER.parse(payload).body
    except _PARSE_ERRORS as error:
        raise ProtocolError(Text(f"Неверный ответ с ошибкой: {payload[:32].hex()}",
                                 f"Malformed error reply: {payload[:32].hex()}")) from error
    return body.code, body.detail
