"""Firmware files in Intel HEX, checked completely before a single byte goes to a device.

    load_firmware(text_or_bytes, name="firmware.hex", max_size=...) -> FirmwareImage
    SettingsFileError names the line (and what is wrong with it) for a corrupt file.
    firmware_id(binary) -> str          "ID ПО": what a UTMC running this memory image reports

The firmware ID identifies the program, not the unit: it is the CRC32 of the memory image (gaps
filled with 0xFF, from the lowest address), so every concentrator running the same image reports
the same ID and the host knows the ID an update must produce before it sends the file.

Parsing is done by the ``intelhex`` package; this module adds the checks an upload needs: an
End-of-File record at the end and nothing after it, some data, and an image that fits the
device's program memory.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

from intelhex import IntelHex, IntelHexError

from protocols.errors import SettingsFileError
from protocols.text import Text

MAX_IMAGE = 1 << 20  # program memory of the UTMC-700 controller (our assumption: 1 MiB)


@dataclass(frozen=True)
class FirmwareImage:
    name: str
    text: bytes  # the .hex file exactly as it is uploaded
    start: int  # lowest address
    binary: bytes  # the memory image, gaps filled with 0xFF
    segments: tuple[tuple[int, int], ...]  # (start, end) address ranges with data

    @property
    def crc32(self) -> int:
        return zlib.crc32(self.binary)

    @property
    def firmware_id(self) -> str:
        """What the device reports as "ID ПО" after the update."""
        return firmware_id(self.binary)


def firmware_id(binary: bytes) -> str:
    """"ID ПО" of a memory image: its CRC32 as 8 hex digits (our specification)."""
    return f"{zlib.crc32(binary):08X}"


def _error(name: str, line: int | None, ru: str, en: str) -> SettingsFileError:
    where_ru = f"{name}, строка {line}: " if line else f"{name}: "
    where_en = f"{name}, line {line}: " if line else f"{name}: "
    error = SettingsFileError(Text(where_ru + ru, where_en + en))
    error.line = line  # type: ignore[attr-defined]
    return error


def _check_lines(name: str, text: str) -> None:
    """Character-level checks intelhex does not report with a line number."""
    lines = text.splitlines()
    eof_line = None
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        if eof_line is not None:
            raise _error(name, number, "данные после записи конца файла", "data after the End-of-File record")
        if not line.startswith(":"):
            raise _error(name, number, "строка не начинается с «:»", "the line does not start with \":\"")
        body = line[1:]
        if len(body) % 2 or any(c not in "0123456789abcdefABCDEF" for c in body):
            raise _error(name, number, "не шестнадцатеричные символы", "non-hexadecimal characters")
        if len(body) < 10:
            raise _error(name, number, "слишком короткая запись", "record too short")
        record = bytes.fromhex(body)
        if record[0] + 5 != len(record):
            raise _error(name, number, "длина записи не совпадает", "record length does not match")
        if sum(record) & 0xFF:
            raise _error(name, number, "неверная контрольная сумма", "invalid checksum")
        if record[3] == 0x01:
            eof_line = number
    if eof_line is None:
        raise _error(name, None, "нет записи конца файла (:00000001FF) — файл обрезан?",
                     "no End-of-File record (:00000001FF) — is the file truncated?")


def load_firmware(data: bytes | str, name: str = "firmware.hex", max_size: int = MAX_IMAGE) -> FirmwareImage:
    raw = data.encode("ascii", errors="replace") if isinstance(data, str) else bytes(data)
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _error(name, line, "недопустимый символ (не ASCII)", "invalid (non-ASCII) character") from error
    _check_lines(name, text)
    hexfile = IntelHex()
    try:
        hexfile.loadhex(io.StringIO(text))
    except IntelHexError as error:
        raise _error(name, getattr(error, "line", None), f"ошибка формата Intel HEX ({error})",
                     f"Intel HEX format error ({error})") from error
    segments = tuple(hexfile.segments())
    if not segments:
        raise _error(name, None, "в файле нет данных", "the file holds no data")
    start, end = hexfile.minaddr(), hexfile.maxaddr() + 1
    if end - start > max_size:
        raise _error(name, None, f"образ {end - start} байт больше памяти {max_size} байт",
                     f"the image of {end - start} bytes exceeds the {max_size}-byte memory")
    binary = hexfile.tobinstr(start=start, end=end - 1)
    return FirmwareImage(name, raw, start, bytes(binary), segments)


def build_hex(binary: bytes, start: int = 0x08000000) -> bytes:
    """An Intel HEX file for an image (the simulator's and the tests' sample firmware)."""
    hexfile = IntelHex()
    hexfile.frombytes(binary, offset=start)
    out = io.StringIO()
    hexfile.write_hex_file(out)
    return out.getvalue().encode("ascii")
