"""Phone lists for SMS batches: our one-number-a-line text files and tables exported from Excel.

Numbers are normalised to international form: ``8 (900) 123-45-67``, ``79001234567`` and
``9001234567`` all become ``+79001234567``; other countries must be written with ``+``.

A text list has one number a line; blank lines and ``#`` comments are allowed, and a comment
after a number is the name shown beside it (``+79001234567  # Иванов, кв. 5``). A table saved
from Excel (";", "," or tab separated; UTF-8, UTF-8 with a BOM, Windows-1251 or UTF-16 "Unicode
text") may have a header row and other columns: the numbers are taken from the column whose
header names a phone («Телефон», «Номер абонента», "Phone" …) or, without one, from the column
whose values are phone numbers — and then the list says which column it took, so a wrong guess
is seen before anything is sent. A name column («ФИО», «Абонент», «Фамилия» + «Имя» …, "Name")
gives the name shown beside each phone in the results; other columns are ignored.

Bad rows and duplicates are reported with their line numbers, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.core.atomic_file import write_atomically
from app.core.os_errors import os_error_reason
from protocols.errors import SettingsFileError, ValidationError
from protocols.files.text_table import Row, Table, column_label, decode_table, header_key, split_table
from protocols.text import Text, shown

_SEPARATORS = " -()\t."
_EXPONENT = re.compile(r"\d+(?:,\d+)?[eE]\+?\d+")  # "7,90012E+10": "." is a separator, removed already
EXPONENT_REASON = "Excel saved the number as 7.9E+10: format the column as text and save again"


@dataclass(frozen=True)
class PhoneProblem:
    line: int  # 1-based; 0 when not from a file
    raw: str
    text: Text


@dataclass
class PhoneList:
    phones: list[str] = field(default_factory=list)
    problems: list[PhoneProblem] = field(default_factory=list)  # bad lines
    duplicates: list[PhoneProblem] = field(default_factory=list)  # repeated numbers (kept once)
    names: dict[str, str] = field(default_factory=dict)  # phone → the name the list gives it
    notes: list[Text] = field(default_factory=list)  # which column was taken, and why: shown to the user


def normalise_phone(raw: str) -> str:
    """International form ``+<digits>``; ValueError with the reason if it is not a phone number."""
    text = raw.strip()
    for ch in _SEPARATORS:
        text = text.replace(ch, "")
    plus = text.startswith("+")
    digits = text[1:] if plus else text
    if _EXPONENT.fullmatch(text):
        raise ValueError(EXPONENT_REASON)
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise ValueError("not a phone number")
    if plus:
        if not 7 <= len(digits) <= 15:
            raise ValueError("an international number has 7 to 15 digits")
        return "+" + digits
    if len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] == "9":
        return "+7" + digits
    raise ValueError("write the number as +<country code><number>, e.g. +79001234567")


def phone_problem_text(line: int, raw: str, reason: str) -> Text:
    reasons_ru = {
        "not a phone number": "это не номер телефона",
        "an international number has 7 to 15 digits": "в международном номере от 7 до 15 цифр",
        "write the number as +<country code><number>, e.g. +79001234567":
            "запишите номер как +<код страны><номер>, например +79001234567",
        EXPONENT_REASON: "Excel сохранил номер как число 7,9E+10: задайте столбцу текстовый формат и сохраните снова",
    }
    where_ru = f"строка {line}: " if line else ""
    where_en = f"line {line}: " if line else ""
    raw = shown(raw)  # pasted text may hold lone surrogates; the message must still print
    return Text(f"{where_ru}«{raw}» — {reasons_ru.get(reason, reason)}", f"{where_en}“{raw}” — {reason}")


def _row_problem(line: int, raw: str, reason: Text) -> PhoneProblem:
    return PhoneProblem(line, raw, Text(f"строка {line}: {reason.ru}", f"line {line}: {reason.en}"))


def _words(key: str) -> list[str]:
    return key.split()


def is_phone_header(key: str) -> bool:
    """A header (``header_key`` form) that names a phone number column."""
    return key in _PHONE_KEYS or any(w.startswith(_PHONE_WORDS) or w in _PHONE_SHORT for w in _words(key))


def _name_kind(key: str) -> str | None:
    """"full" for a whole-name column, "part" for Фамилия / Имя / Отчество, None for anything else."""
    if is_phone_header(key):
        return None
    if key in _NAME_PARTS:
        return "part"
    if any(w.startswith(_NAME_WORDS) for w in _words(key)):
        return "full"
    return None


def _is_known_header(key: str) -> bool:
    return is_phone_header(key) or _name_kind(key) is not None or any(w.startswith(_OTHER_WORDS) for w in _words(key))


_PHONE_KEYS = {"номер абонента", "абонентский номер", "номер sim", "sim", "номер сим", "номер sim карты"}
_PHONE_WORDS = ("телефон", "phone", "msisdn", "мобильн", "сотов", "mobile")
_PHONE_SHORT = {"тел", "tel", "cell"}
_NAME_PARTS = {"фамилия", "имя", "отчество", "first name", "last name", "surname", "middle name"}
_NAME_WORDS = ("фио", "наименован", "назван", "абонент", "потребител", "владел", "клиент", "организац", "name",
               "owner", "customer", "subscriber", "client")
_OTHER_WORDS = ("адрес", "address", "серийн", "заводск", "зав", "serial", "счетчик", "счётчик", "meter", "№", "no",
                "номер", "number", "примечан", "коммент", "note", "comment", "квартир", "дом", "улиц")


def _phone_of(cell: str) -> tuple[str | None, str]:
    """(normalised phone or None, the cell without a trailing comment)."""
    raw = cell.split("#", 1)[0].strip().strip(";,")
    try:
        return normalise_phone(raw), raw
    except ValueError:
        return None, raw


@dataclass(frozen=True)
class _Columns:
    phone: int
    names: list[int]
    notes: list[Text]


def _choose_columns(table: Table, header: Row | None, data: list[Row]) -> _Columns:
    width = max((len(r.cells) for r in [*data, *([header] if header else [])]), default=1)
    valid = [sum(_phone_of(r.cell(c))[0] is not None for r in data) for c in range(width)]
    filled = [sum(bool(r.cell(c)) for r in data) for c in range(width)]
    keys = [header_key(header.cell(c)) for c in range(width)] if header else [""] * width
    names = _name_columns(keys)
    notes: list[Text] = []
    by_header = [c for c in range(width) if is_phone_header(keys[c])]
    if len(by_header) == 1:
        return _Columns(by_header[0], names, notes)
    candidates = by_header or [c for c in range(width) if valid[c] and 2 * valid[c] >= filled[c]]
    if not candidates:
        used = [c for c in range(width) if filled[c]]
        if len(used) <= 1:  # one column of bad numbers: each row is reported
            return _Columns(used[0] if used else 0, names, notes)
        raise SettingsFileError(Text(
            "не найден столбец с номерами телефонов: назовите его в первой строке «Телефон»",
            "no column of phone numbers found: name it “Phone” in the first row"))
    chosen = max(candidates, key=lambda c: (valid[c], -c))
    if len(candidates) > 1 or width > 1:
        label = column_label(chosen, header, genitive=True)
        why = Text("по заголовку", "by its header") if by_header else Text("по содержимому", "by its content")
        others = [c for c in candidates if c != chosen]
        also = Text("", "")
        if others:
            listed = ", ".join(str(c + 1) for c in others)
            also = Text(f"; похожи на номера и столбцы {listed} — чтобы взять другой, назовите его «Телефон»",
                        f"; columns {listed} look like phone numbers too — name the one to use “Phone”")
        notes.append(Text(f"Номера взяты из {label.ru} ({why.ru}){also.ru}",
                          f"Phone numbers taken from {label.en} ({why.en}){also.en}"))
    return _Columns(chosen, names, notes)


def _name_columns(keys: list[str]) -> list[int]:
    full = [c for c, key in enumerate(keys) if _name_kind(key) == "full"]
    if full:
        return full[:1]
    order = {"фамилия": 0, "last name": 0, "surname": 0, "имя": 1, "first name": 1, "отчество": 2, "middle name": 2}
    return sorted((c for c, key in enumerate(keys) if _name_kind(key) == "part"), key=lambda c: order[keys[c]])


def _header_of(table: Table) -> tuple[Row | None, list[Text]]:
    """The first row, when it is a header: it names a known column, or it has no digit at all."""
    if not table.rows:
        return None, []
    first = table.rows[0]
    if any(_is_known_header(header_key(cell)) for cell in first.cells):
        return first, []
    if not any(ch.isdigit() for cell in first.cells for ch in cell):
        cells = shown("; ".join(first.cells))
        return first, [Text(f"Строка {first.line} «{cells}» принята за заголовок",
                            f"Line {first.line} “{cells}” is taken as the header")]
    return None, []


def parse_phone_text(text: str, where: str = "") -> PhoneList:
    """The phones of a list's text (see the module's docstring); SettingsFileError if no column holds them."""
    table = split_table(text, where or "список номеров")
    header, notes = _header_of(table)
    data = table.rows[1:] if header is not None else table.rows
    if table.separator is None:  # one value a line: the number, and a comment after it is its name
        columns = _Columns(0, [], [])
    else:
        try:
            columns = _choose_columns(table, header, data)
        except SettingsFileError as error:
            prefix = f"{where}: " if where else ""
            raise SettingsFileError(Text(prefix + error.text.ru, prefix + error.text.en)) from error
    result = PhoneList(notes=notes + columns.notes)
    first_line: dict[str, int] = {}
    for row in data:
        cell = row.cell(columns.phone)
        phone, raw = _phone_of(cell)
        if phone is None:
            if not raw:
                result.problems.append(_row_problem(row.line, raw, Text("нет номера телефона", "no phone number")))
                continue
            try:
                normalise_phone(raw)
            except ValueError as error:
                result.problems.append(PhoneProblem(row.line, raw, phone_problem_text(row.line, raw, str(error))))
            continue
        if phone in first_line:
            result.duplicates.append(_row_problem(row.line, raw, Text(
                f"{phone} уже есть в строке {first_line[phone]}", f"{phone} repeats line {first_line[phone]}")))
            continue
        first_line[phone] = row.line
        result.phones.append(phone)
        name = " ".join(row.cell(c) for c in columns.names if row.cell(c)) if columns.names \
            else (cell.split("#", 1)[1].strip() if "#" in cell else "")
        if name:
            result.names[phone] = name
    return result


def parse_phones(lines: Iterable[str]) -> PhoneList:
    """The phones of a list given as lines (a typed number, a test)."""
    return parse_phone_text("\n".join(lines))


def load_phones(path: str | Path) -> PhoneList:
    """Read a phone list file: a text list or a table saved from Excel, in any of the encodings above."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SettingsFileError(
            Text(f"Не удалось прочитать список номеров {path}: {os_error_reason(error).ru}",
                 f"Cannot read the phone list {path}: {os_error_reason(error).en}")
        ) from error
    return parse_phone_text(decode_table(data, str(path)), str(path))


def normalise_phones(phones: Iterable[str]) -> list[str]:
    """Typed numbers (a GUI list, the command line) normalised; ValidationError naming every bad one."""
    normalised, problems = [], []
    for raw in phones:
        try:
            normalised.append(normalise_phone(raw))
        except ValueError as error:
            problems.append(PhoneProblem(0, raw, phone_problem_text(0, raw, str(error))))
    if problems:
        raise ValidationError(problems)
    return normalised


def phone_lines(phones: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """Our text list: a number a line, its name (if any) as the comment after it."""
    names = names or {}
    lines = []
    for phone in phones:
        name = " ".join(names.get(phone, "").split())  # one line, whatever the cell held
        lines.append(f"{phone}  # {name}\n" if name else f"{phone}\n")
    return "".join(lines)


def save_phones(path: str | Path, phones: Iterable[str], names: Mapping[str, str] | None = None) -> None:
    """Write one normalised number a line (with its name), atomically (the old list or the new one,
    never half); ValidationError (nothing written) if any is bad."""
    normalised = normalise_phones(phones)
    named = {phone: name for raw, name in (names or {}).items() if (phone := _phone_of(raw)[0]) is not None}
    try:
        write_atomically(path, phone_lines(normalised, named).encode("utf-8"))
    except OSError as error:
        raise SettingsFileError(
            Text(f"Не удалось записать список номеров {path}: {os_error_reason(error).ru}",
                 f"Cannot write the phone list {path}: {os_error_reason(error).en}")
        ) from error


def phones_or_error(phone_list: PhoneList) -> list[str]:
    """The phones, or ValidationError listing every bad line (duplicates are only warned about)."""
    if phone_list.problems:
        raise ValidationError(phone_list.problems)
    return phone_list.phones
