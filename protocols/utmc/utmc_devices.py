"""Device records of the UTMC-700 ("Параметры приборов", UTMC-700 guide items 14–23).

A record: device number (numbering runs through all channels: channel c holds numbers
``256 × (c − 1) + 1 … 256 × c``), model, serial number (the last 8 digits), version 0–255,
manufacturer (3 capital letters), network address (0 … 4 294 967 295), baud rate and a note.
Latin capital letters in the note switch features: C cold water, H hot water, M monthly
journal, T time synchronisation, P pulse-counter format (СЭТ СИПУ).

Device-list file (the guide's item 17), one device per line, ``;``-separated::

    number;model;serial;version;manufacturer;address;baud[;note]
    1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem

The same list saved from Excel is accepted too: a header row naming the columns (FIELD_NAMES,
in Russian or English, or the guide's own wording such as «Аббревиатура производителя (3
буквы)»), in any order, with other columns (an address, a subscriber) ignored; separated by
";", "," or tab. Without a header row the fields are in the guide's order.

    parse_device_table(text, where) -> list[DeviceRecord]  any of the above; the guide's ``;`` lines
                                                           exactly as parse_device_lines reads them
    parse_device_lines(text) -> list[DeviceRecord]      SettingsFileError listing every bad line
    device_columns(header) -> list[int | None] | None   where each field is in a header row (None: no header)
    records_from_rows(rows) -> list[DeviceRecord]       the same for (where, fields) rows (xlsx sheets)
    format_device_lines(records) -> str
    problems_of_record(record) -> list[Problem]
    encode_records(records) / decode_records(data)      our wire form (docs/protocols/utmc.md)
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields

from construct import Bytes, FormatField, Int8ul, Int16ul, Int32ul, Struct

from protocols.errors import ProtocolError, SettingsFileError
from protocols.files.text_table import header_key, split_table
from protocols.params.catalogue_model import Problem, Severity
from protocols.text import Text, lone_surrogate, shown
from protocols.utmc.utmc_models import LOOKALIKES, MODELS, DeviceModel, find_model, model_by_code
from protocols.utmc.utmc_params import BAUD_RATES, CHANNELS

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


# Other names the columns go by: the guide's item 17 wording (with its "Серевой адрес") and the usual ones.
_HEADER_ALIASES = (
    ("номер прибора", "№ прибора", "device no"),  # not a bare "№": Excel lists number their rows with it
    ("модель прибора", "тип прибора"),
    ("заводской номер", "зав номер", "serial", "serial no"),
    ("версия прибора",),
    ("аббревиатура производителя", "manufacturer code"),
    ("серевой адрес", "адрес в сети"),  # not a bare "Адрес": that is where the meter is installed
    ("скорость", "baud"),
    ("комментарий", "comment"),
)
_COLUMN_KEYS = {header_key(alias): index for index, names in enumerate(_HEADER_ALIASES) for alias in names}
_COLUMN_KEYS.update({header_key(text): index for index, name in enumerate(FIELD_NAMES) for text in (name.ru, name.en)})


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
_BAUD_INDEX = {baud: index for index, baud in enumerate(BAUD_RATES)}


def _plainly_valid(r: DeviceRecord) -> bool:
    """A quick test that implies "no problems": a 2048-device list is checked before its first byte goes out."""
    serial, man, note = r.serial, r.manufacturer, r.note
    return (1 <= r.number <= MAX_NUMBER and len(serial) == 8 and serial.isascii() and serial.isdigit()
            and 0 <= r.version <= 255 and len(man) == 3 and man.isascii() and man.isalpha() and man.isupper()
            and 0 <= r.address <= 0xFFFFFFFF and r.baud in _BAUD_INDEX
            and (not note or (len(note) <= NOTE_BYTES and note.isascii() and note.isprintable() and ";" not in note)))


def errors_of(records: Iterable[DeviceRecord]) -> list[Problem]:
    """The errors (not the warnings) of ``records``: everything that keeps them off the device. A list
    is checked before its first byte goes out, so a record that plainly passes costs one quick test."""
    return [p for r in records if not _plainly_valid(r) for p in problems_of_record(r) if p.is_error]


def problems_of_record(record: DeviceRecord, where: Text = _NOWHERE) -> list[Problem]:
    if _plainly_valid(record):
        return []

    def err(ru: str, en: str, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(f"device:{record.number}", Text(where.ru + ru, where.en + en), severity)

    problems = []
    if not 1 <= record.number <= MAX_NUMBER:
        problems.append(err(f"номер прибора {record.number} вне 1…{MAX_NUMBER}",
                            f"device number {record.number} is outside 1…{MAX_NUMBER}"))
    if not (len(record.serial) == 8 and record.serial.isascii() and record.serial.isdigit()):
        problems.append(err(f"серийный номер «{shown(record.serial)}»: нужны последние 8 цифр",
                            f"serial number \"{shown(record.serial)}\": the last 8 digits are required"))
    if not 0 <= record.version <= 255:
        problems.append(err(f"версия {record.version} вне 0…255", f"version {record.version} is outside 0…255"))
    man = record.manufacturer
    if not (len(man) == 3 and man.isascii() and man.isalpha() and man.isupper()):
        problems.append(err(f"производитель «{shown(man)}»: нужны 3 прописные латинские буквы",
                            f"manufacturer \"{shown(man)}\": 3 capital Latin letters are required"))
    if not 0 <= record.address <= 0xFFFFFFFF:
        problems.append(err(f"сетевой адрес {record.address} вне 0…4294967295",
                            f"network address {record.address} is outside 0…4294967295"))
    if record.baud not in BAUD_RATES:
        problems.append(err(f"скорость {record.baud} не из ряда {', '.join(map(str, BAUD_RATES))}",
                            f"baud rate {record.baud} is not one of {', '.join(map(str, BAUD_RATES))}"))
    surrogate = lone_surrogate(record.note)
    if surrogate is not None:
        problems.append(err(f"примечание «{shown(record.note)}»: символ {surrogate} — не текст (половина "
                            "суррогатной пары UTF-16)",
                            f"note \"{shown(record.note)}\": character {surrogate} is not text (half of a "
                            "UTF-16 surrogate pair)"))
    elif len(record.note.encode()) > NOTE_BYTES or any(ord(c) < 32 or c == ";" for c in record.note):
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
        return None, [err(f"нужно 7 или 8 полей, а их {len(values)}",
                          f"7 or 8 fields are required, found {len(values)}")]
    problems: list[Problem] = []
    numbers: dict[int, int] = {}
    for index in (0, 3, 5, 6):
        try:
            numbers[index] = _int_field(values[index])
        except ValueError:
            name = FIELD_NAMES[index]
            problems.append(err(f"«{name.ru}»: нужно целое число, а не «{shown(values[index])}»",
                                f"\"{name.en}\": an integer is required, not \"{shown(values[index])}\""))
    model = find_model(values[1])
    if model is None:
        problems.append(err(f"неизвестная модель «{shown(values[1])}»", f"unknown model \"{shown(values[1])}\""))
    if len(numbers) < 4:
        return None, problems
    record = DeviceRecord(
        number=numbers[0], model=model or MODELS[0], serial=normalise_serial(values[2]), version=numbers[3],
        manufacturer=normalise_manufacturer(values[4]), address=numbers[5], baud=numbers[6],
        note=values[7] if len(values) == 8 else "",
    )
    problems += problems_of_record(record, where)  # every other field is checked too
    return (record if model is not None else None), problems


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


def device_columns(header: Sequence[str]) -> list[int | None] | None:
    """Where each of FIELD_NAMES is in a header row; None when the row names none of them (no header).

    SettingsFileError names a column the list needs and the header lacks (only the note may be missing)."""
    found: dict[int, int] = {}
    for position, cell in enumerate(header):
        index = _COLUMN_KEYS.get(header_key(str(cell)))
        if index is not None:
            found.setdefault(index, position)  # a repeated header: the first column counts
    if not found:
        return None
    missing = [FIELD_NAMES[i] for i in range(len(FIELD_NAMES) - 1) if i not in found]
    if missing:
        raise SettingsFileError(Text("нет столбца " + ", ".join(f"«{n.ru}»" for n in missing) + " в первой строке",
                                     "no " + ", ".join(f"“{n.en}”" for n in missing) + " column in the first row"))
    return [found.get(i) for i in range(len(FIELD_NAMES))]


def parse_device_table(text: str, where: str) -> list[DeviceRecord]:
    """A device list as the guide writes it or as Excel saves it (see the module's docstring)."""
    table = split_table(text, where)
    if not table.rows:
        return []
    try:
        columns = device_columns(table.rows[0].cells)
    except SettingsFileError as error:
        raise SettingsFileError(Text(f"{where}: {error.text.ru}", f"{where}: {error.text.en}")) from error
    if columns is None:
        if table.separator in (";", None):  # the guide's format, read exactly as documented
            return parse_device_lines(text)
        rows = table.rows
        return records_from_rows((Text(f"строка {r.line}: ", f"line {r.line}: "), r.cells) for r in rows)
    return records_from_rows(
        (Text(f"строка {r.line}: ", f"line {r.line}: "), [r.cell(c) for c in columns])
        for r in table.rows[1:]
    )


def parse_device_lines(text: str) -> list[DeviceRecord]:
    """All records of a device-list file, or SettingsFileError naming every bad line."""
    return records_from_rows(
        (Text(f"строка {line_no}: ", f"line {line_no}: "), line.split(";"))
        for line_no, line in enumerate(text.splitlines(), 1)
        if line.strip()
    )


def records_from_rows(rows: Iterable[tuple[Text, Sequence[str]]]) -> list[DeviceRecord]:
    """Records of file lines or sheet rows given as (where, fields); nothing unless every row is good."""
    found: list[tuple[Text, DeviceRecord]] = []
    problems: list[Problem] = []
    for where, fields in rows:
        record, row_problems = record_from_fields(fields, where)
        problems += row_problems
        if record is not None:
            found.append((where, record))
    problems += check_unique(found)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise device_file_error(errors)
    return sorted((r for _, r in found), key=lambda r: r.number)


def device_file_error(problems: Sequence[Problem]) -> SettingsFileError:
    return SettingsFileError(Text(
        "Список приборов не загружен:\n" + "\n".join(p.text.ru for p in problems),
        "Device list not loaded:\n" + "\n".join(p.text.en for p in problems),
    ), problems=problems)


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
assert RECORD_SIZE == 32


def _struct_format(layout: Struct) -> str:
    """The ``struct`` format of a flat construct Struct of integers and byte strings.

    The layout is declared once, with construct; whole tables are packed with ``struct``, which is
    some fifty times faster than construct's per-record build and parse (2048 records per write).
    """
    codes = []
    for field in layout.subcons:
        inner = field.subcon
        if isinstance(inner, FormatField):
            codes.append(inner.fmtstr.lstrip("<"))
        elif isinstance(inner, Bytes) and isinstance(inner.length, int):
            codes.append(f"{inner.length}s")
        else:  # pragma: no cover - a layout change that needs a new mapping
            raise TypeError(f"no struct code for {field.name}")
    return "<" + "".join(codes)


_PACKED = struct.Struct(_struct_format(WIRE_RECORD))
assert _PACKED.size == RECORD_SIZE
_POLL_CODES = {None: 0xFF, True: 1, False: 0}
_POLL_VALUES = {0xFF: None, 1: True, 0: False}


def encode_records(records: Iterable[DeviceRecord], *, checked: bool = False) -> bytes:
    """Wire form; ``checked=True`` skips the rules when the caller has just checked every record."""
    records = list(records)
    if not checked:
        problems = errors_of(records)
        if problems:
            raise device_file_error(problems)
    pack = _PACKED.pack
    return b"".join(
        pack(r.number, r.model.code, bytes.fromhex(r.serial), r.version, r.manufacturer.encode("ascii"),
             r.address, _BAUD_INDEX[r.baud], r.note.encode(), _POLL_CODES[r.poll_result])
        for r in records
    )


def decode_records(data: bytes) -> list[DeviceRecord]:
    """Records of a device-table frame; ProtocolError names the first record that does not fit."""
    if len(data) % RECORD_SIZE:
        raise ProtocolError(Text(f"Таблица приборов: {len(data)} байт не кратно {RECORD_SIZE}",
                                 f"Device table: {len(data)} bytes is not a multiple of {RECORD_SIZE}"))
    return [_record_from_wire(fields) for fields in _PACKED.iter_unpack(data)]


def _record_from_wire(fields: tuple) -> DeviceRecord:
    number, model_code, bcd, version, manufacturer, address, baud, note, poll = fields
    model, serial = model_by_code(model_code), bcd.hex()
    if model is not None and serial.isdigit() and baud < len(BAUD_RATES) and poll in _POLL_VALUES \
            and manufacturer.isalpha() and manufacturer.isupper() and 1 <= number <= MAX_NUMBER:
        note = note.rstrip(b"\0")
        if note.isascii() and note.isalnum() or not note:  # the usual notes ("T", "CM"): nothing to check
            return _trusted_record(number, model, serial, version, manufacturer.decode(), address,
                                   BAUD_RATES[baud], note.decode(), _POLL_VALUES[poll])
    return _checked_record_from_wire(fields)


_FIELD_NAMES = tuple(f.name for f in dataclass_fields(DeviceRecord))
_new = object.__new__


def _trusted_record(*values: object) -> DeviceRecord:
    """A record from values already checked, without the frozen dataclass's ``__init__`` (one
    ``object.__setattr__`` per field): half the time of decoding a 4 KiB frame, which is time the
    wire stands idle after the last frame of a read."""
    record = _new(DeviceRecord)
    record.__dict__.update(zip(_FIELD_NAMES, values, strict=True))
    return record


def _checked_record_from_wire(fields: tuple) -> DeviceRecord:
    """The slow path: a record with an unusual note, or one whose ProtocolError says what is wrong."""
    number, model_code, bcd, version, manufacturer_bytes, address, baud, note_bytes, poll = fields

    def bad(ru: str, en: str) -> ProtocolError:
        return ProtocolError(Text(f"Прибор {number} от УТМЦ: {ru}", f"Device {number} from the UTMC: {en}"))

    model = model_by_code(model_code)
    if model is None:
        raise bad(f"неизвестный код модели {model_code:#06x}", f"unknown model code {model_code:#06x}")
    serial = bcd.hex()
    if not serial.isdigit():
        raise bad(f"серийный номер не BCD ({serial})", f"serial number is not BCD ({serial})")
    if baud >= len(BAUD_RATES) or poll not in _POLL_VALUES:
        raise bad("неверный код скорости или результата опроса", "invalid baud or poll result code")
    try:
        manufacturer = manufacturer_bytes.decode("ascii")
        note = note_bytes.rstrip(b"\0").decode()
    except UnicodeDecodeError as error:
        raise bad("недопустимые символы", "invalid characters") from error
    record = DeviceRecord(number, model, serial, version, manufacturer, address, BAUD_RATES[baud], note,
                          _POLL_VALUES[poll])
    if not (1 <= number <= MAX_NUMBER and manufacturer.isalpha() and manufacturer.isupper()) \
            or any(ord(c) < 32 or c == ";" for c in note):
        problems = [p for p in problems_of_record(record) if p.is_error]
        raise bad(*((problems[0].text.ru, problems[0].text.en) if problems else ("недопустимые поля", "bad fields")))
    return record
