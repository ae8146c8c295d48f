"""Device records of the UTMC-700 ("Параметры приборов", seed 004 items 14–23).

A record: device number (numbering runs through all channels: channel c holds numbers
``256 × (c − 1) + 1 … 256 × c``), model, serial number (the last 8 digits), version 0–255,
manufacturer (3 capital letters), network address (0 … 4 294 967 295), baud rate and a note.
Latin capital letters in the note switch features: C cold water, H hot water, M monthly
journal, T time synchronisation, P pulse-counter format (СЭТ СИПУ).

Device-list file (the guide's item 17), one device per line, ``;``-separated::

    number;model;serial;version;manufacturer;address;baud[;note]
    1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem

    parse_device_lines(text) -> list[DeviceRecord]      SettingsFileError listing every bad line
    format_device_lines(records) -> str
    record_from_fields(fields, where) -> (record | None, problems)   shared with the xlsx loader
    problems_of_record(record) -> list[Problem]
    encode_records(records) / decode_records(data)      our wire form (docs/protocols/utmc.md)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from construct import Bytes, Int8ul, Int16ul, Int32ul, Struct

from protocols.catalogue_model import Problem, Severity
from protocols.errors import ProtocolError, SettingsFileError
from protocols.text import Text
from protocols.utmc_models import LOOKALIKES, DeviceModel, find_model, model_by_code
from protocols.utmc_params import BAUD_RATES, CHANNELS

PER_CHANNEL = 256
MAX_NUMBER = CHANNELS * PER_CHANNEL
NOTE_BYTES = 14
NOTE_FLAGS = {
    "C": Text("счётчик холодной воды", "cold water meter"),
    "H": Text("счётчик горячей воды", "hot water meter"),
    "M": Text("считывание месячного журнала", "read the monthly journal"),
    "T": Text("синхронизация времени", "time synchronisation"),
    "P": Text("формат счётчика импульсов", "pulse-counter format"),
}
FIELD_NAMES = (
    Text("Номер устройства", "Device number"),
    Text("Модель", "Model"),
    Text("Серийный номер", "Serial number"),
    Text("Версия", "Version"),
    Text("Производитель", "Manufacturer"),
    Text("Сетевой адрес", "Network address"),
    Text("Скорость обмена", "Baud rate"),
    Text("Примечание", "Note"),
)


def first_number(channel: int) -> int:
    return PER_CHANNEL * (channel - 1) + 1


def channel_of(number: int) -> int:
    return (number - 1) // PER_CHANNEL + 1


@dataclass(frozen=True)
class DeviceRecord:
    number: int
    model: DeviceModel
    serial: str  # 8 digits
    version: int = 0
    manufacturer: str = "ENM"
    address: int = 0
    baud: int = 9600
    note: str = ""
    poll_result: bool | None = None  # last poll: True 1 (green), False 0 (yellow), None never read

    @property
    def channel(self) -> int:
        return channel_of(self.number)

    @property
    def flags(self) -> frozenset[str]:
        return frozenset(ch for ch in self.note if ch in NOTE_FLAGS)

    def same_settings(self, other: DeviceRecord) -> bool:
        """Equal apart from the poll result (which only the device sets)."""
        return replace(self, poll_result=None) == replace(other, poll_result=None)


def normalise_serial(text: str) -> str:
    """Short serial numbers get their leading zeros back (spreadsheets drop them)."""
    text = text.strip()
    return text.zfill(8) if text.isdigit() else text


def normalise_manufacturer(text: str) -> str:
    """Cyrillic look-alikes become Latin: the guide's example ``ЕТО`` is typed in Cyrillic."""
    return text.strip().translate(LOOKALIKES)


_NOWHERE = Text("", "")


def problems_of_record(record: DeviceRecord, where: Text = _NOWHERE) -> list[Problem]:
    def err(ru: str, en: str, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(f"device:{record.number}", Text(where.ru + ru, where.en + en), severity)

    problems = []
    if not 1 <= record.number <= MAX_NUMBER:
        problems.append(err(f"номер прибора {record.number} вне 1…{MAX_NUMBER}",
                            f"device number {record.number} is outside 1…{MAX_NUMBER}"))
    if not (len(record.serial) == 8 and record.serial.isascii() and record.serial.isdigit()):
        problems.append(err(f"серийный номер «{record.serial}»: нужны последние 8 цифр",
                            f"serial number \"{record.serial}\": the last 8 digits are required"))
    if not 0 <= record.version <= 255:
        problems.append(err(f"версия {record.version} вне 0…255", f"version {record.version} is outside 0…255"))
    man = record.manufacturer
    if not (len(man) == 3 and man.isascii() and man.isalpha() and man.isupper()):
        problems.append(err(f"производитель «{man}»: нужны 3 прописные латинские буквы",
                            f"manufacturer \"{man}\": 3 capital Latin letters are required"))
    if not 0 <= record.address <= 0xFFFFFFFF:
        problems.append(err(f"сетевой адрес {record.address} вне 0…4294967295",
                            f"network address {record.address} is outside 0…4294967295"))
    if record.baud not in BAUD_RATES:
        problems.append(err(f"скорость {record.baud} не из ряда {', '.join(map(str, BAUD_RATES))}",
                            f"baud rate {record.baud} is not one of {', '.join(map(str, BAUD_RATES))}"))
    if len(record.note.encode()) > NOTE_BYTES or any(ord(c) < 32 or c == ";" for c in record.note):
        problems.append(err(f"примечание длиннее {NOTE_BYTES} байт или с недопустимыми символами",
                            f"note longer than {NOTE_BYTES} bytes or with forbidden characters"))
    cyrillic = sorted({c for c in record.note if c in "СНМТР"})
    if cyrillic:
        problems.append(err(f"в примечании русские буквы {''.join(cyrillic)}: УТМЦ понимает только латинские",
                            f"the note has Cyrillic {''.join(cyrillic)}: the UTMC reads Latin letters only",
                            Severity.WARNING))
    return problems


def _int_field(raw: str) -> int:
    text = raw.strip()
    if text.endswith(".0"):  # spreadsheets store whole numbers as floats
        text = text[:-2]
    return int(text)


def record_from_fields(fields: Sequence[str], where: Text) -> tuple[DeviceRecord | None, list[Problem]]:
    """One record from the fields of a file line or spreadsheet row; ``where`` prefixes messages."""

    def err(ru: str, en: str) -> Problem:
        return Problem("device", Text(where.ru + ru, where.en + en))

    values = [f.strip() for f in fields]
    while len(values) > 8 and not values[-1]:
        values.pop()
    if len(values) not in (7, 8):
        return None, [err(f"нужно 7 или 8 полей через «;», а их {len(values)}",
                          f"7 or 8 \";\"-separated fields are required, found {len(values)}")]
    problems: list[Problem] = []
    numbers: dict[int, int] = {}
    for index in (0, 3, 5, 6):
        try:
            numbers[index] = _int_field(values[index])
        except ValueError:
            name = FIELD_NAMES[index]
            problems.append(err(f"«{name.ru}»: нужно целое число, а не «{values[index]}»",
                                f"\"{name.en}\": an integer is required, not \"{values[index]}\""))
    model = find_model(values[1])
    if model is None:
        problems.append(err(f"неизвестная модель «{values[1]}»", f"unknown model \"{values[1]}\""))
    if problems or model is None:
        return None, problems
    record = DeviceRecord(
        number=numbers[0], model=model, serial=normalise_serial(values[2]), version=numbers[3],
        manufacturer=normalise_manufacturer(values[4]), address=numbers[5], baud=numbers[6],
        note=values[7] if len(values) == 8 else "",
    )
    return record, problems_of_record(record, where)


def check_unique(records: Iterable[tuple[Text, DeviceRecord]]) -> list[Problem]:
    seen: dict[int, Text] = {}
    problems = []
    for where, record in records:
        first = seen.get(record.number)
        if first is not None:
            problems.append(Problem("device", Text(
                f"{where.ru}номер прибора {record.number} уже занят ({first.ru.rstrip(': ')})",
                f"{where.en}device number {record.number} is already used ({first.en.rstrip(': ')})")))
        else:
            seen[record.number] = where
    return problems


def parse_device_lines(text: str) -> list[DeviceRecord]:
    """All records of a device-list file, or SettingsFileError naming every bad line."""
    found: list[tuple[Text, DeviceRecord]] = []
    problems: list[Problem] = []
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = Text(f"строка {line_no}: ", f"line {line_no}: ")
        record, line_problems = record_from_fields(line.split(";"), where)
        problems += line_problems
        if record is not None:
            found.append((where, record))
    problems += check_unique(found)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise device_file_error(errors)
    return sorted((r for _, r in found), key=lambda r: r.number)


def device_file_error(problems: Sequence[Problem]) -> SettingsFileError:
    error = SettingsFileError(Text(
        "Список приборов не загружен:\n" + "\n".join(p.text.ru for p in problems),
        "Device list not loaded:\n" + "\n".join(p.text.en for p in problems),
    ))
    error.problems = list(problems)  # type: ignore[attr-defined]
    return error


def format_device_lines(records: Iterable[DeviceRecord]) -> str:
    lines = []
    for r in sorted(records, key=lambda r: r.number):
        fields = [r.number, r.model.file_name, r.serial, r.version, r.manufacturer, r.address, r.baud]
        line = ";".join(map(str, fields))
        lines.append(f"{line};{r.note}" if r.note else line)
    return "\r\n".join(lines) + ("\r\n" if lines else "")


# -- our wire form: 32 bytes per record ------------------------------------------------
WIRE_RECORD = Struct(
    "number" / Int16ul,
    "model" / Int16ul,
    "serial" / Bytes(4),  # BCD, 8 digits, most significant first
    "version" / Int8ul,
    "manufacturer" / Bytes(3),
    "address" / Int32ul,
    "baud" / Int8ul,  # index into BAUD_RATES
    "note" / Bytes(NOTE_BYTES),  # UTF-8, zero padded
    "poll" / Int8ul,  # 0 not polled, 1 polled, 0xFF unknown
)
RECORD_SIZE = WIRE_RECORD.sizeof()
_RECORD = WIRE_RECORD.compile()  # compiled: 2048 records take milliseconds, not tens of them
_POLL_CODES = {None: 0xFF, True: 1, False: 0}
_POLL_VALUES = {0xFF: None, 1: True, 0: False}
assert RECORD_SIZE == 32


def encode_records(records: Iterable[DeviceRecord], *, checked: bool = False) -> bytes:
    """Wire form; ``checked=True`` skips the rules when the caller has just checked every record."""
    out = bytearray()
    for r in records:
        problems = [] if checked else [p for p in problems_of_record(r) if p.is_error]
        if problems:
            raise device_file_error(problems)
        out += _RECORD.build(dict(
            number=r.number, model=r.model.code, serial=bytes.fromhex(r.serial), version=r.version,
            manufacturer=r.manufacturer.encode("ascii"), address=r.address, baud=BAUD_RATES.index(r.baud),
            note=r.note.encode().ljust(NOTE_BYTES, b"\0"), poll=_POLL_CODES[r.poll_result],
        ))
    return bytes(out)


def decode_records(data: bytes) -> list[DeviceRecord]:
    """Records of a device-table frame; ProtocolError names the first record that does not fit."""
    if len(data) % RECORD_SIZE:
        raise ProtocolError(Text(f"Таблица приборов: {len(data)} байт не кратно {RECORD_SIZE}",
                                 f"Device table: {len(data)} bytes is not a multiple of {RECORD_SIZE}"))
    parse = _RECORD.parse
    return [_record_from_wire(parse(data[i : i + RECORD_SIZE])) for i in range(0, len(data), RECORD_SIZE)]


def _record_from_wire(item: dict) -> DeviceRecord:
    number = item["number"]

    def bad(ru: str, en: str) -> ProtocolError:
        return ProtocolError(Text(f"Прибор {number} от УТМЦ: {ru}", f"Device {number} from the UTMC: {en}"))

    model = model_by_code(item["model"])
    if model is None:
        raise bad(f"неизвестный код модели {item['model']:#06x}", f"unknown model code {item['model']:#06x}")
    serial = item["serial"].hex()
    if not serial.isdigit():
        raise bad(f"серийный номер не BCD ({serial})", f"serial number is not BCD ({serial})")
    baud, poll = item["baud"], item["poll"]
    if baud >= len(BAUD_RATES) or poll not in _POLL_VALUES:
        raise bad("неверный код скорости или результата опроса", "invalid baud or poll result code")
    try:
        manufacturer = item["manufacturer"].decode("ascii")
        note = item["note"].rstrip(b"\0").decode()
    except UnicodeDecodeError as error:
        raise bad("недопустимые символы", "invalid characters") from error
    record = DeviceRecord(number, model, serial, item["version"], manufacturer, item["address"], BAUD_RATES[baud],
                          note, _POLL_VALUES[poll])
    if not (1 <= number <= MAX_NUMBER and manufacturer.isalpha() and manufacturer.isupper()) \
            or any(ord(c) < 32 or c == ";" for c in note):
        problems = [p for p in problems_of_record(record) if p.is_error]
        raise bad(*((problems[0].text.ru, problems[0].text.en) if problems else ("недопустимые поля", "bad fields")))
    return record
