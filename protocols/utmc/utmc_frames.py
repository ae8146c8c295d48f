"""UTMC-700 frames — **our** specification (docs/protocols/utmc.md), not the vendor's protocol.

The vendor does not publish the configurator ↔ UTMC-700 protocol. This module is the one place
that knows our replacement, so a real specification can take its place later.

Framing (all integers little-endian)::

    A5 5A | length u16 | ~length u16 | command u8 | flags u8 | seq u8 | payload | crc u16

``length`` counts command..payload; ``crc`` is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF)
over the same bytes. flags: bit 0 reply, bit 1 error reply. The host numbers requests with
``seq``; the reply repeats it. The length/complement pair lets the decoder skip noise quickly.

Payloads are typed records (protocols/utmc/utmc_messages.py, whose functions are also found here):

    encode_frame(frame) -> bytes
    decode_frame(buffer) -> (consumed, Frame | None)     resynchronising stream decoder
    parse_frame(data) -> Frame                           one complete frame, strict (ProtocolError)
    build_payload(command, reply, **fields) -> bytes     payload of a request or reply, by field names
    parse_payload(command, reply, payload) -> Message    its typed record; ProtocolError on anything malformed
    table_frames(total) -> [(start, count)]              how a device-table transfer is cut into frames
    error_payload(code, detail) / parse_error(payload) -> (code, detail)
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

from construct import Bytes, Int16ul, Struct

from protocols import crc16 as crc16_module
from protocols.errors import ProtocolError
from protocols.text import Text
from protocols.utmc.utmc_messages import (  # the payloads' API, here beside the framing it travels in
    REPLIES,
    REQUESTS,
    Command,
    ErrorCode,
    Message,
    build_payload,
    error_payload,
    parse_error,
    parse_payload,
)

MAGIC = b"\xa5\x5a"
HEADER_SIZE = 6
BODY_HEADER = 3
MAX_PAYLOAD = 8192  # frames longer than this are noise
FILE_CHUNK = 4096  # data bytes per file read/write frame
DEVICES_PER_FRAME = 128  # device records per table frame (4 KiB)
SHORT_FRAME = 32
"""Device records in the first and the last frame of a table transfer (1 KiB). The wire waits while
the first frame is built and, after the last one, while the receiver takes it in: a short frame
at either end keeps both waits short, and the full frames between them keep the per-frame cost low."""
FLAG_REPLY, FLAG_ERROR = 0x01, 0x02
# the magic, then a length whose high byte fits MAX_PAYLOAD and a complement whose high byte fits too
_CANDIDATE = re.compile(rb"\xa5\x5a.[\x00-\x20].[\xdf-\xff]", re.DOTALL)


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


def table_frames(total: int, *, short_first: bool = True, short_last: bool = True) -> list[tuple[int, int]]:
    """(start, count) of the frames that carry ``total`` device records, in order: at most
    DEVICES_PER_FRAME each, the first and the last SHORT_FRAME long where asked (and there are
    more records than that). No records is one frame of none (it empties a list, or asks for one)."""
    if total <= 0:
        return [(0, 0)]
    head = SHORT_FRAME if short_first and total > SHORT_FRAME else 0
    tail = SHORT_FRAME if short_last and total - head > SHORT_FRAME else 0
    spans = [(0, head)] if head else []
    end = total - tail
    spans += [(start, min(DEVICES_PER_FRAME, end - start)) for start in range(head, end, DEVICES_PER_FRAME)]
    if tail:
        spans.append((end, tail))
    return spans


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


__all__ = [
    "BODY_HEADER", "DEVICES_PER_FRAME", "ERROR_TEXTS", "FILE_CHUNK", "FLAG_ERROR", "FLAG_REPLY", "HEADER_SIZE",
    "MAGIC", "MAX_PAYLOAD", "REPLIES", "REQUESTS", "SHORT_FRAME", "Command", "ErrorCode", "Frame", "Message",
    "build_payload", "crc16", "decode_frame", "encode_frame", "error_payload", "error_text", "parse_error",
    "parse_frame", "parse_payload", "table_frames",
]
