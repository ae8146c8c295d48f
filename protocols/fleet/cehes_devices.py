"""The ceHes head-end's device workbook: import and export (seed 002 §2.2.34–2.2.35, Table 6).

Table 6 names twelve columns and their rules; the guide's own correctly filled example (Figure 86)
has the last two columns in the other order («серийный номер устройства» before «тип устройства»),
so a workbook is read by its header names, never by column position:

    number  header                       value                       rule
    1       канал связи имя              text                        1–100 characters
    2       канал связи тип              TCP (any case)              ceHes's own export writes TCP/IP (Fig. 94)
    3       адрес ip                     [0..255].[0..255].[0..255].[0..255]
    4       порт ip                      number 0–65535
    5       протокол имя                 text                        1–100 characters
    6       протокол тип                 DLMS (any case)
    7       протокол адрес               number 0–65535
    8       протокол пароль              text                        1–100 characters
    9       протокол тайм аут            number 0–65535              seconds
    10      группа имя                   text                        1–100 characters
    11      тип устройства               se208, se308, se207, se307  Figure 86 writes CE208 …: any case,
                                                                     Latin or Cyrillic «СЕ»
    12      серийный номер устройства    text                        1–100 characters

Import is all or nothing (2.2.34: the import succeeds only if every row is valid), and only the first
sheet is read. An export (:func:`export_cells`) writes the twelve columns in Table 6's order, the
device type as Figure 86 writes it (CE208) and the channel type as Table 6 asks (TCP).

The DLMS protocol settings of a row (address, password, timeout) are the meter's, for the head-end's
polling; the configurator keeps them only to hand the row back to ceHes unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from protocols.files.text_table import header_key
from protocols.text import Text, shown

CHANNEL_NAME, CHANNEL_TYPE, IP, PORT = "channel_name", "channel_type", "ip", "port"
PROTOCOL_NAME, PROTOCOL_TYPE, PROTOCOL_ADDRESS = "protocol_name", "protocol_type", "protocol_address"
PROTOCOL_PASSWORD, PROTOCOL_TIMEOUT, GROUP, DEVICE_TYPE, SERIAL = (
    "protocol_password", "protocol_timeout", "group", "device_type", "serial")


@dataclass(frozen=True)
class CehesColumn:
    key: str
    number: int  # Table 6 «Порядковый номер»
    header: str  # as Table 6 writes it (the ceHes workbook is Russian whatever the user's language)


COLUMNS = (
    CehesColumn(CHANNEL_NAME, 1, "канал связи имя"),
    CehesColumn(CHANNEL_TYPE, 2, "канал связи тип"),
    CehesColumn(IP, 3, "адрес ip"),
    CehesColumn(PORT, 4, "порт ip"),
    CehesColumn(PROTOCOL_NAME, 5, "протокол имя"),
    CehesColumn(PROTOCOL_TYPE, 6, "протокол тип"),
    CehesColumn(PROTOCOL_ADDRESS, 7, "протокол адрес"),
    CehesColumn(PROTOCOL_PASSWORD, 8, "протокол пароль"),
    CehesColumn(PROTOCOL_TIMEOUT, 9, "протокол тайм аут"),
    CehesColumn(GROUP, 10, "группа имя"),
    CehesColumn(DEVICE_TYPE, 11, "тип устройства"),
    CehesColumn(SERIAL, 12, "серийный номер устройства"),
)
_BY_HEADER = {header_key(c.header): c for c in COLUMNS}
DEVICE_TYPES = ("CE208", "CE308", "CE207", "CE307")  # 2.2.34 note: the only types ceHes imports
CHANNEL_TYPES = ("TCP", "TCP/IP")
PROTOCOL_TYPES = ("DLMS",)
MAX_TEXT = 100
_IPV4 = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})")


@dataclass(frozen=True)
class CehesRow:
    """One device of a ceHes workbook, its values checked and normalised."""

    channel_name: str
    channel_type: str  # TCP
    ip: str
    port: int
    protocol_name: str
    protocol_type: str  # DLMS
    protocol_address: int
    protocol_password: str
    protocol_timeout: int
    group: str
    device_type: str  # CE208, CE308, CE207 or CE307
    serial: str


def is_cehes_header(cells: Sequence[str]) -> bool:
    """Whether a header row is a ceHes workbook's: it names at least three of Table 6's columns (our own
    list shares none of them)."""
    return len({_BY_HEADER[key].key for cell in cells if (key := header_key(cell)) in _BY_HEADER}) >= 3


def cehes_columns(cells: Sequence[str]) -> tuple[dict[str, int], list[CehesColumn]]:
    """Where each Table 6 column is in the header row (the first of repeated names), and the ones missing."""
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        column = _BY_HEADER.get(header_key(cell))
        if column is not None:
            found.setdefault(column.key, position)
    return found, [c for c in COLUMNS if c.key not in found]


def missing_columns_text(missing: Sequence[CehesColumn]) -> Text:
    names = ", ".join(f"«{c.header}»" for c in missing)
    return Text(f"в первой строке нет столбцов ceHes (таблица 6): {names}",
                f"the first row lacks the ceHes columns (Table 6): {names}")


def ipv4(text: str) -> bool:
    match = _IPV4.fullmatch(text)
    return match is not None and all(int(part) <= 255 for part in match.groups())


def device_type(text: str) -> str | None:
    """«CE208», «се208», «СЕ308» (Cyrillic), «se207» → CE208 …; None for any other type."""
    cleaned = text.strip().upper().replace("С", "C").replace("Е", "E").replace("S", "C").replace(" ", "")
    return cleaned if cleaned in DEVICE_TYPES else None


def _number(text: str) -> int | None:
    cleaned = text.strip()
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 6 else None


def parse_row(cells: Mapping[str, str]) -> tuple[CehesRow | None, list[Text]]:
    """The row's values by column key, checked by Table 6's rules: the row, or every problem in it."""
    problems: list[Text] = []
    labels = {c.key: c.header for c in COLUMNS}

    def text(key: str) -> str:
        value = cells.get(key, "").strip()
        if not 1 <= len(value) <= MAX_TEXT:
            problems.append(Text(f"«{labels[key]}»: от 1 до {MAX_TEXT} символов",
                                 f"“{labels[key]}”: 1 to {MAX_TEXT} characters"))
        return value

    def number(key: str, high: int = 65535) -> int:
        raw = cells.get(key, "")
        value = _number(raw)
        if value is None or value > high:
            problems.append(Text(f"«{labels[key]}»: число от 0 до {high}, а не «{shown(raw)}»",
                                 f"“{labels[key]}”: a number 0 to {high}, not “{shown(raw)}”"))
            return 0
        return value

    def choice(key: str, allowed: Sequence[str], written: str) -> str:
        raw = cells.get(key, "").strip()
        if raw.upper() not in allowed:
            problems.append(Text(f"«{labels[key]}»: допустимо {written}, а не «{shown(raw)}»",
                                 f"“{labels[key]}”: {written} is accepted, not “{shown(raw)}”"))
        return allowed[0]

    channel_name = text(CHANNEL_NAME)
    channel_type = choice(CHANNEL_TYPE, CHANNEL_TYPES, "TCP")
    ip = cells.get(IP, "").strip()
    if not ipv4(ip):
        problems.append(Text(f"«{labels[IP]}»: адрес вида [0..255].[0..255].[0..255].[0..255], а не «{shown(ip)}»",
                             f"“{labels[IP]}”: an address like [0..255].[0..255].[0..255].[0..255], not "
                             f"“{shown(ip)}”"))
    port = number(PORT)
    protocol_name = text(PROTOCOL_NAME)
    protocol_type = choice(PROTOCOL_TYPE, PROTOCOL_TYPES, "DLMS")
    protocol_address = number(PROTOCOL_ADDRESS)
    protocol_password = text(PROTOCOL_PASSWORD)
    protocol_timeout = number(PROTOCOL_TIMEOUT)
    group = text(GROUP)
    raw_type = cells.get(DEVICE_TYPE, "")
    kind = device_type(raw_type)
    if kind is None:
        problems.append(Text(f"«{labels[DEVICE_TYPE]}»: допустимо CE208, CE308, CE207, CE307, а не «{shown(raw_type)}»",
                             f"“{labels[DEVICE_TYPE]}”: CE208, CE308, CE207, CE307 are accepted, not "
                             f"“{shown(raw_type)}”"))
    serial = text(SERIAL)
    if problems:
        return None, problems
    assert kind is not None
    return CehesRow(channel_name, channel_type, ip, port, protocol_name, protocol_type, protocol_address,
                    protocol_password, protocol_timeout, group, kind, serial), []


def export_cells(row: CehesRow) -> list[object]:
    """The row as an export writes it, in Table 6's order (numbers as numbers)."""
    return [row.channel_name, "TCP", row.ip, row.port, row.protocol_name, "DLMS", row.protocol_address,
            row.protocol_password, row.protocol_timeout, row.group, row.device_type, row.serial]


def export_problems(row: CehesRow) -> list[Text]:
    """What keeps a row made by the configurator (not read from ceHes) from passing Table 6's checks."""
    cells = {key: str(value) for key, value in zip((c.key for c in COLUMNS), export_cells(row), strict=True)}
    return parse_row(cells)[1]
