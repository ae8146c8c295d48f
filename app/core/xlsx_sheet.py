"""The first sheet of an Excel workbook as rows of cell values, with one sentence for a damaged file.

    rows = first_sheet_rows(path)      list of tuples, openpyxl's values (read-only, computed values)
    cell_text(value)                   a cell as the text a person sees in it ("12" for 12.0, "" for empty)

Our users' spreadsheets follow the conventions of their other imports (the ceHes guide, 2.2.34):
the data is on the first sheet, other sheets are not read. Every list the program reads from a
workbook (UTMC-700 device lists, fleet device lists) goes through here, so a workbook that is not
one, or whose first sheet is damaged, is refused the same way everywhere: the file, what is wrong,
the place in its XML when the parser gives one, and what to do.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.os_errors import os_error_reason
from protocols.errors import SettingsFileError
from protocols.text import Text

log = logging.getLogger(__name__)


def open_error(path: Path, error: OSError) -> SettingsFileError:
    reason = os_error_reason(error)
    return SettingsFileError(Text(f"Не открыть {path}: {reason.ru}", f"Cannot open {path}: {reason.en}"))


def broken_workbook(path: Path, error: Exception, what: Text) -> SettingsFileError:
    """One sentence for a damaged workbook, with the place in its XML when the parser gives one."""
    position = getattr(error, "position", None)  # xml.etree.ElementTree.ParseError: (line, column)
    if isinstance(position, tuple) and len(position) == 2:
        line, column = position
        where = Text(f" (XML: строка {line}, столбец {column})", f" (XML line {line}, column {column})")
    else:
        where = Text("", "")
    return SettingsFileError(Text(f"{path}: {what.ru}{where.ru}; откройте его в Excel и сохраните заново",
                                  f"{path}: {what.en}{where.en}; open it in Excel and save it again"))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def first_sheet_rows(path: Path) -> list[tuple[object, ...]]:
    """Every row of the first sheet (computed values, not formulas); SettingsFileError for a file that
    cannot be opened, is not a workbook, or whose first sheet is damaged."""
    from openpyxl import load_workbook  # here, not at import: it costs more than the workspaces that use it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise open_error(path, error) from error
    except Exception as error:  # openpyxl lets zip, XML and value errors of a broken file through as they are
        log.info("%s: openpyxl refused the workbook: %r", path, error)
        raise broken_workbook(path, error, Text("это не книга Excel (.xlsx) или файл повреждён",
                                                "not an Excel workbook (.xlsx), or the file is damaged")) from error
    try:  # in read-only mode the sheet's XML is parsed here, row by row
        return list(book.worksheets[0].iter_rows(values_only=True)) if book.worksheets else []
    except OSError as error:
        raise open_error(path, error) from error
    except Exception as error:
        log.info("%s: openpyxl could not read the first sheet: %r", path, error)
        raise broken_workbook(path, error, Text("первый лист книги повреждён",
                                                "the workbook's first sheet is damaged")) from error
    finally:
        book.close()
