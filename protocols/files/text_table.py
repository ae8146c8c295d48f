"""Lists exported from Excel and other Windows tools: the text, the separator, the rows and their line numbers.

    text = decode_table(data, where)     UTF-16 with a BOM (Excel's «Текст Юникод»), UTF-8 with or without a
                                         BOM, else Windows-1251; SettingsFileError naming the line otherwise
    table = split_table(text, where)     separator found (tab, ";", ",", or none: one column), rows kept
                                         with the line each starts on, Excel's "quoted; fields" understood
    header_key(cell)                     a header cell compared the forgiving way ("Серийный номер (8 цифр)"
                                         → "серийный номер")

Excel saves "CSV (разделители — запятые)" with ";" under Russian regional settings (the comma is
the decimal mark there), "CSV UTF-8" with a BOM, and "Текст Юникод" as tab-separated UTF-16 LE
with a BOM. Whole-line ``#`` comments of our own text lists are blank lines here (a line holding
the table's separator is a row, whatever it starts with); a trailing ``# …`` is left to the list's
own rules, and is not looked at when finding the separator.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from protocols.errors import SettingsFileError
from protocols.text import Text, shown

SEPARATORS = ("\t", ";", ",")  # on a tie the first wins: a ";" file keeps its decimal commas
SEPARATOR_NAMES = {"\t": Text("табуляция", "tab"), ";": Text("«;»", "“;”"), ",": Text("«,»", "“,”")}
_SAMPLE_LINES = 200  # the separator is judged on the first lines; a list is uniform


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line of the file the row starts on
    cells: list[str]  # stripped; trailing empty cells dropped

    def cell(self, index: int | None) -> str:
        return self.cells[index] if index is not None and index < len(self.cells) else ""


@dataclass(frozen=True)
class Table:
    separator: str | None  # None: one value a line
    rows: list[Row]  # rows with something in them, in file order


def decode_table(data: bytes, where: str) -> str:
    """The text of a list file; ``where`` (its path) starts the error message."""
    if data.startswith(b"PK\x03\x04"):  # a zip: an .xlsx workbook (or another archive) is not a text list
        raise SettingsFileError(Text(
            f"{where}: это книга Excel, а не текст: сохраните лист как «CSV (разделители — точки с запятой)» "
            "или «Текст Юникод»",
            f"{where}: an Excel workbook, not text: save the sheet as “CSV (semicolon delimited)” or “Unicode Text”"))
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode(data[len(bom):], encoding, where, len(bom))
    if b"\0" in data:  # neither UTF-8 nor Windows-1251 text has NUL bytes: UTF-16 saved without its BOM
        odd_zeros = data[1::2].count(0)
        return _decode(data, "utf-16-le" if odd_zeros >= data[0::2].count(0) else "utf-16-be", where, 0)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode(data, "cp1251", where, 0)


def _decode(data: bytes, encoding: str, where: str, skipped: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        good = data[: error.start].decode(encoding, "replace")
        line = good.count("\n") + 1
        names = {"utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "cp1251": "UTF-8 или Windows-1251"}
        names_en = {**names, "cp1251": "UTF-8 or Windows-1251"}
        raise SettingsFileError(Text(f"{where}, строка {line}: не текст в кодировке {names[encoding]}",
                                     f"{where}, line {line}: not {names_en[encoding]} text")) from error


def _is_comment(line: str, separator: str | None = None) -> bool:
    """Our text lists' ``#`` lines; in a table a row like "#5;…" is data (it holds the separator)."""
    return line.lstrip().startswith("#") and (separator is None or separator not in line)


def _without_comment(line: str) -> str:
    return line.split("#", 1)[0]


def find_separator(lines: list[str]) -> str | None:
    """The separator most lines hold, None when no line holds one outside a trailing ``#`` comment."""
    filled = [line for line in lines if line.strip()]
    sample = ([line for line in filled if not _is_comment(line)] or filled)[:_SAMPLE_LINES]
    counts = {sep: sum(sep in line for line in sample) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])  # max keeps the first of equal counts
    if not counts[best] or not any(best in _without_comment(line) for line in sample):
        return None  # "+79001234567  # Иванов, кв. 5": the comma is the comment's
    return best


def file_lines(text: str) -> list[str]:
    """The lines as Notepad and Excel count them (CR LF, LF or CR), each with its line break."""
    return io.StringIO(text, newline="").readlines()


def split_table(text: str, where: str) -> Table:
    lines = file_lines(text)
    separator = find_separator(lines)
    if separator is None:
        rows = [Row(number, [line.strip()]) for number, line in enumerate(lines, 1)
                if line.strip() and not _is_comment(line)]
        return Table(None, rows)
    return Table(separator, _csv_rows(lines, separator, where))


def _csv_rows(lines: list[str], separator: str, where: str) -> list[Row]:
    # Comment lines become blank lines, so csv's line count stays the file's.
    reader = csv.reader(("\n" if _is_comment(line, separator) else line for line in lines), delimiter=separator,
                        quotechar='"', doublequote=True, strict=False)
    rows, start = [], 1
    try:
        for cells in reader:
            stripped = [cell.strip() for cell in cells]
            while stripped and not stripped[-1]:
                stripped.pop()
            if stripped:
                rows.append(Row(start, stripped))
            start = reader.line_num + 1
    except csv.Error as error:  # an unclosed quote running past csv's field size limit, and the like
        raise SettingsFileError(Text(f"{where}, строка {start}: не закрыты кавычки или поле слишком длинное",
                                     f"{where}, line {start}: unclosed quotes or a field too long")) from error
    return rows


def header_key(cell: str) -> str:
    """A header cell without case, ё, brackets, punctuation and extra spaces, for comparing with known names."""
    text = re.sub(r"\([^)]*\)", " ", cell.casefold().replace("ё", "е"))
    text = re.sub(r"[^\w№]+", " ", text)
    return " ".join(text.split())


def column_label(index: int, header: Row | None, *, genitive: bool = False) -> Text:
    """How a message names a column: its number (from 1) and, if there is one, its header."""
    word = "столбца" if genitive else "столбец"
    title = shown(header.cell(index)) if header is not None else ""
    if title:
        return Text(f"{word} {index + 1} «{title}»", f"column {index + 1} “{title}”")
    return Text(f"{word} {index + 1}", f"column {index + 1}")
