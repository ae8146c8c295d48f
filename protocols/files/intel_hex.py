"""Firmware files in Intel HEX, checked completely before a single byte goes to a device.

    load_firmware(text_or_bytes, name="firmware.hex", max_size=...) -> FirmwareImage
    SettingsFileError names the line (and what is wrong with it) for a corrupt file.
    firmware_id(binary) -> str          "ID ПО": what a UTMC running this memory image reports
    firmware_version(binary) -> str | None   "Версия ПО" from the image's version record (None: no record)
    version_record("1.08") -> bytes     the record a firmware build puts into its image

The firmware ID identifies the program, not the unit: it is the CRC32 of the memory image (gaps
filled with 0xFF, from the lowest address), so every concentrator running the same image reports
the same ID and the host knows the ID an update must produce before it sends the file.

Parsing is done by the ``intelhex`` package; this module adds the checks an upload needs: an
End-of-File record at the end and nothing after it, some data, and an image that fits the
device's program memory.

The version record is our rule (docs/protocols/utmc.md, "Firmware version"): the ASCII marker
``UTMCFW:``, 1–16 version characters and a zero byte, anywhere in the memory image, found by
scanning. An image without the marker has no version (the device keeps reporting its previous
one); a marker that does not start a well-formed record, or records that disagree, make the file
refused, by the host before sending and by the device on FIRMWARE_UPDATE.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

import intelhex
from intelhex import IntelHex, IntelHexError

from protocols.errors import SettingsFileError, ValidationError
from protocols.params.catalogue_model import Problem
from protocols.text import Text

MAX_IMAGE = 1 << 20  # program memory of the UTMC-700 controller (our assumption: 1 MiB)
VERSION_MARKER = b"UTMCFW:"
VERSION_MAX = 16  # the device's "Версия ПО" holds at most 16 characters (protocols.utmc.utmc_params)
VERSION_CHARS = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-_")


@dataclass(frozen=True)
class FirmwareImage:
    name: str
    text: bytes  # the .hex file exactly as it is uploaded
    start: int  # lowest address
    binary: bytes  # the memory image, gaps filled with 0xFF
    segments: tuple[tuple[int, int], ...]  # (start, end) address ranges with data
    version: str | None = None  # from the version record; None: the image carries none

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


def version_record(version: str) -> bytes:
    """The bytes a firmware build places in its image so that the device reports ``version``."""
    raw = version.encode("ascii", errors="replace")
    if not 1 <= len(raw) <= VERSION_MAX or not set(raw) <= VERSION_CHARS:
        raise ValidationError([Problem("firmware_version", Text(
            f"Версия ПО «{version}»: 1–{VERSION_MAX} символов из цифр, латинских букв, «.», «-», «_»",
            f"Firmware version \"{version}\": 1–{VERSION_MAX} characters of digits, Latin letters, \".\", "
            "\"-\", \"_\""))])
    return VERSION_MARKER + raw + b"\0"


def firmware_version(binary: bytes, *, start: int = 0, name: str = "firmware.hex") -> str | None:
    """The version a UTMC reports while running this memory image; None if it carries no version record.

    ``start`` is the image's lowest address (only for naming where a bad record is). A marker that
    does not begin a well-formed record, or two records naming different versions, raise
    SettingsFileError: a build that meant to say its version but got it wrong is refused, not guessed at.
    """
    found: str | None = None
    at = binary.find(VERSION_MARKER)
    while at >= 0:
        begin = at + len(VERSION_MARKER)
        end = binary.find(b"\0", begin, begin + VERSION_MAX + 1)
        raw = binary[begin:end] if end >= 0 else b""
        if not raw or not set(raw) <= VERSION_CHARS:
            raise _error(name, None, f"запись версии ПО по адресу {start + at:#010x} повреждена "
                         f"(после «UTMCFW:» нужны 1–{VERSION_MAX} символов версии и нулевой байт)",
                         f"the firmware version record at {start + at:#010x} is malformed "
                         f"(\"UTMCFW:\" must be followed by 1–{VERSION_MAX} version characters and a zero byte)")
        version = raw.decode("ascii")
        if found is not None and version != found:
            raise _error(name, None, f"в образе две разные версии ПО: {found} и {version} "
                         f"(адрес {start + at:#010x})",
                         f"the image names two different firmware versions: {found} and {version} "
                         f"(address {start + at:#010x})")
        found = version
        at = binary.find(VERSION_MARKER, end + 1)
    return found


def _error(name: str, line: int | None, ru: str, en: str) -> SettingsFileError:
    where_ru = f"{name}, строка {line}: " if line else f"{name}: "
    where_en = f"{name}, line {line}: " if line else f"{name}: "
    return SettingsFileError(Text(where_ru + ru, where_en + en), line=line)


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


def _intelhex_fault(error: IntelHexError) -> Text:
    """The intelhex library's complaint in words (its English text goes no further)."""
    if isinstance(error, intelhex.AddressOverlapError):
        address = getattr(error, "address", 0)
        return Text(f"данные по адресу 0x{address:X} заданы дважды",
                    f"the data at address 0x{address:X} is given twice")
    if isinstance(error, (intelhex.DuplicateStartAddressRecordError, intelhex.InvalidStartAddressValueError,
                          intelhex.StartAddressRecordError)):
        return Text("неверная или повторная запись начального адреса",
                    "an invalid or repeated start address record")
    if isinstance(error, intelhex.ExtendedAddressRecordError):
        return Text("неверная запись расширенного адреса", "an invalid extended address record")
    return Text("нарушена структура записей", "the record structure is broken")


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
        fault = _intelhex_fault(error)
        raise _error(name, getattr(error, "line", None), f"ошибка формата Intel HEX: {fault.ru}",
                     f"Intel HEX format error: {fault.en}") from error
    segments = tuple(hexfile.segments())
    if not segments:
        raise _error(name, None, "в файле нет данных", "the file holds no data")
    start, end = hexfile.minaddr(), hexfile.maxaddr() + 1
    if end - start > max_size:
        raise _error(name, None, f"образ {end - start} байт больше памяти {max_size} байт",
                     f"the image of {end - start} bytes exceeds the {max_size}-byte memory")
    binary = bytes(hexfile.tobinstr(start=start, end=end - 1))
    return FirmwareImage(name, raw, start, binary, segments, firmware_version(binary, start=start, name=name))


def build_hex(binary: bytes, start: int = 0x08000000, *, version: str | None = None) -> bytes:
    """An Intel HEX file for an image (the simulator's and the tests' sample firmware).

    With ``version`` the image ends with that version record.
    """
    if version is not None:
        binary = binary + version_record(version)
    hexfile = IntelHex()
    hexfile.frombytes(binary, offset=start)
    out = io.StringIO()
    hexfile.write_hex_file(out)
    return out.getvalue().encode("ascii")
