"""Local files of the UTMC workspace: the settings file and device lists (``;`` text or xlsx).

    save_settings(path, values, include_secrets=False)     JSON, written atomically
    load_settings(path) -> dict[str, object]                SettingsFileError lists every problem
    load_device_file(path) -> list[DeviceRecord]            .xlsx by openpyxl, anything else as `;` text
    save_device_file(path, records, encoding="cp1251")     same choice by suffix

Device-list text files are read as UTF-16 with a BOM (Excel's «Текст Юникод»), UTF-8 (with or
without BOM) or, failing that, Windows-1251, the encoding of the vendor's Windows tool, in the
guide's ``;`` format or as a table saved from Excel (protocols/utmc/utmc_devices.py); they are written
in Windows-1251 unless told otherwise. Spreadsheets follow the conventions of our users' other
imports (ceHes guide): data on the first sheet, a header row, and nothing is imported unless
every row is valid. openpyxl is imported by the functions that read or write a workbook: it takes
longer to import than the rest of the UTMC workspace, which opens without it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from app.core.atomic_file import atomic_output, write_atomically
from app.core.xlsx_sheet import cell_text, first_sheet_rows, open_error
from protocols.errors import ConfiguratorError, SettingsFileError
from protocols.files.json_errors import json_error_text
from protocols.files.settings_file import DuplicateKeyError, json_object_pairs
from protocols.files.text_table import decode_table
from protocols.params.catalogue_model import Problem
from protocols.params.param_values import from_json, to_json, unknown_parameter
from protocols.text import Text, lone_surrogate, not_text_problem, surrogate_in
from protocols.utmc.utmc_devices import (
    FIELD_NAMES,
    DeviceRecord,
    device_columns,
    format_device_lines,
    parse_device_table,
    records_from_rows,
)
from protocols.utmc.utmc_params import parameter

SETTINGS_FORMAT = "utmc-700-settings"
POLL_RESULT = Text("Результат опроса", "Poll result")


def _open_error(path: Path, error: OSError) -> SettingsFileError:
    return open_error(path, error)


# -- settings file ----------------------------------------------------------------------
def save_settings(path: Path, values: Mapping[str, object], include_secrets: bool = False) -> None:
    """All values of the form; passwords only when asked for."""
    stored = {}
    for key, value in values.items():
        param = parameter(key)
        if param.secret and not include_secrets:
            continue
        stored[key] = to_json(param, value)
    surrogate = surrogate_in(stored)
    if surrogate is not None:  # pasted text that is not text: say which value, save nothing
        problem = not_text_problem(*surrogate)
        raise SettingsFileError(Text(f"{path}: не сохранён: {problem.ru}", f"{path}: not saved: {problem.en}"))
    document = {"format": SETTINGS_FORMAT, "version": 1, "values": stored}
    try:
        write_atomically(Path(path), json.dumps(document, ensure_ascii=False, indent=2).encode())
    except OSError as error:
        raise _open_error(Path(path), error) from error


def load_settings(path: Path) -> dict[str, object]:
    """Values to put into the form (writing them to the device stays a separate, explicit step)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"), object_pairs_hook=json_object_pairs)
    except OSError as error:
        raise _open_error(Path(path), error) from error
    except DuplicateKeyError as error:
        raise SettingsFileError(Text(f"{path}: {error.text.ru}", f"{path}: {error.text.en}")) from error
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        where = json_error_text(error)
        raise SettingsFileError(Text(f"{path}: не файл настроек (формат JSON нарушен — {where.ru})",
                                     f"{path}: not a settings file (broken JSON — {where.en})")) from error
    if not isinstance(document, dict) or document.get("format") != SETTINGS_FORMAT \
            or not isinstance(document.get("values"), dict):
        raise SettingsFileError(Text(f"{path}: это не файл настроек УТМЦ-700", f"{path}: not a UTMC-700 settings file"))
    surrogate = surrogate_in(document["values"])
    if surrogate is not None:
        problem = not_text_problem(*surrogate)
        raise SettingsFileError(Text(f"{path}: {problem.ru}", f"{path}: {problem.en}"))
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for key, raw in document["values"].items():
        try:
            param = parameter(key)
        except KeyError:
            problems.append(unknown_parameter(key))
            continue
        try:
            values[key] = from_json(param, raw)
        except ConfiguratorError as error:
            problems += getattr(error, "problems", [Problem(key, error.text)])
    if problems:
        raise SettingsFileError(Text(f"{path}:\n" + "\n".join(p.text.ru for p in problems),
                                     f"{path}:\n" + "\n".join(p.text.en for p in problems)))
    return values


# -- device lists -------------------------------------------------------------------------
def load_device_file(path: Path) -> list[DeviceRecord]:
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _load_xlsx(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _open_error(path, error) from error
    return parse_device_table(decode_table(data, str(path)), str(path))


def save_device_file(path: Path, records: Iterable[DeviceRecord], encoding: str = "cp1251") -> None:
    path = Path(path)
    records = list(records)
    xlsx = path.suffix.lower() == ".xlsx"
    _check_savable(path, records, "utf-8" if xlsx else encoding, xlsx=xlsx)
    try:
        if xlsx:
            _save_xlsx(path, records)
        else:
            write_atomically(path, format_device_lines(records).encode(encoding))
    except OSError as error:
        raise _open_error(path, error) from error
    except UnicodeEncodeError as error:  # a model name in an encoding without Cyrillic
        raise SettingsFileError(Text(f"{path}: текст не записать в кодировке {encoding}",
                                     f"{path}: the text cannot be written in {encoding}")) from error


def _check_savable(path: Path, records: list[DeviceRecord], encoding: str, *, xlsx: bool) -> None:
    """Nothing is written when a device's text cannot be: the message names the device and the field."""
    if xlsx:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    for r in records:
        for index, text in ((2, r.serial), (4, r.manufacturer), (7, r.note)):
            field = FIELD_NAMES[index]
            control = ILLEGAL_CHARACTERS_RE.search(text) if xlsx else None
            if control is not None:  # XML 1.0 has no place for them
                code = f"U+{ord(control.group()):04X}"
                raise SettingsFileError(Text(
                    f"{path}: не сохранён: прибор {r.number}, «{field.ru}»: управляющий символ {code} "
                    "не записать в книгу Excel",
                    f"{path}: not saved: device {r.number}, “{field.en}”: control character {code} cannot be "
                    "written to an Excel workbook"))
            surrogate = lone_surrogate(text)
            if surrogate is not None:
                problem = not_text_problem(f"{field.ru}", surrogate)
                raise SettingsFileError(Text(f"{path}: не сохранён: прибор {r.number}, {problem.ru}",
                                             f"{path}: not saved: device {r.number}, "
                                             f"{not_text_problem(field.en, surrogate).en}"))
            try:
                text.encode(encoding)
            except UnicodeEncodeError as error:
                char = text[error.start]
                raise SettingsFileError(Text(
                    f"{path}: не сохранён: прибор {r.number}, «{field.ru}»: символ «{char}» не записать в "
                    f"кодировке {encoding}",
                    f"{path}: not saved: device {r.number}, “{field.en}”: character “{char}” cannot be written "
                    f"in {encoding}")) from error


def _load_xlsx(path: Path) -> list[DeviceRecord]:
    rows = first_sheet_rows(path)
    if not rows:
        raise SettingsFileError(Text(f"{path}: первый лист пуст", f"{path}: the first sheet is empty"))
    try:
        columns = device_columns([cell_text(c) for c in rows[0]])
    except SettingsFileError as error:
        raise SettingsFileError(Text(f"{path}: {error.text.ru}", f"{path}: {error.text.en}")) from error
    if columns is None:
        raise SettingsFileError(Text(f"{path}: нет столбца «{FIELD_NAMES[0].ru}» в первой строке",
                                     f"{path}: no \"{FIELD_NAMES[0].en}\" column in the first row"))
    cells = ([cell_text(row[i]) if i is not None and i < len(row) else "" for i in columns] for row in rows[1:])
    return records_from_rows(
        (Text(f"строка {row_no}: ", f"row {row_no}: "), fields)
        for row_no, fields in enumerate(cells, 2)
        if any(fields)
    )


def _save_xlsx(path: Path, records: list[DeviceRecord]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Приборы"
    sheet.append([name.ru for name in FIELD_NAMES] + [POLL_RESULT.ru])
    for r in sorted(records, key=lambda r: r.number):
        poll = "" if r.poll_result is None else int(r.poll_result)
        sheet.append([r.number, r.model.file_name, r.serial, r.version, r.manufacturer, r.address, r.baud, r.note,
                      poll])
        sheet.cell(sheet.max_row, 3).number_format = "@"  # the serial keeps its leading zeros
    for column, width in zip("ABCDEFGHI", (10, 40, 14, 8, 14, 14, 12, 14, 10), strict=True):
        sheet.column_dimensions[column].width = width
    with atomic_output(path) as out:
        book.save(out)
