"""Load a fleet's device list: the utility's ceHes workbook or our own list (xlsx or text).

    fleet = load_fleet_list(path)        FleetList: devices in file order, which format, notes

What the file is, is told by its first row: the ceHes import/export workbook (seed 002 §2.2.34,
Table 6 — protocols/fleet/cehes_devices.py) when it names Table 6's columns, else our own list
(protocols/fleet/fleet_devices.py). Workbooks (.xlsx) are read from their first sheet
(app/core/xlsx_sheet.py), text lists as Excel and Notepad save them (protocols/files/text_table.py:
«CSV (разделители — точки с запятой)» in Windows-1251, CSV UTF-8, «Текст Юникод»).

All or nothing, as ceHes imports: every bad row is reported with its row number (the row Excel shows)
and what is wrong in it, and no device is returned — a run never starts on half a list. A serial
number given twice is a bad row too (the journal keys devices by it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.phone_list import normalise_phone, phone_problem_text
from app.core.xlsx_sheet import cell_text, first_sheet_rows, open_error
from protocols.cenc import parse_address
from protocols.errors import ProtocolError, SettingsFileError, ValidationError
from protocols.files.text_table import decode_table, split_table
from protocols.fleet import cehes_devices
from protocols.fleet.fleet_devices import (
    COLUMNS,
    Delivery,
    FleetDevice,
    column_name,
    delivery_of,
    host_problem,
    module_of,
    our_columns,
    port_of,
    split_server,
)
from protocols.text import Text, shown

CEHES, OURS = "cehes", "ours"
MAX_CELL = 1000  # longer cells are not a device's data (and would flood a message)


@dataclass
class FleetList:
    path: Path
    kind: str  # CEHES or OURS
    devices: list[FleetDevice] = field(default_factory=list)

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(d.group for d in self.devices))


@dataclass(frozen=True)
class _Row:
    number: int  # as Excel (xlsx) or Notepad (text) numbers it
    cells: list[str]


def _rows(path: Path) -> list[_Row]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows = first_sheet_rows(path)
        return [_Row(n, [cell_text(c) for c in row]) for n, row in enumerate(rows, 1)
                if any(cell_text(c) for c in row)]
    try:
        data = path.read_bytes()
    except OSError as error:
        raise open_error(path, error) from error
    table = split_table(decode_table(data, str(path)), str(path))
    return [_Row(row.line, list(row.cells)) for row in table.rows]


def load_fleet_list(path: Path) -> FleetList:
    """The devices of a ceHes workbook or of our list; ValidationError lists every bad row, SettingsFileError
    says why the file is not a device list."""
    path = Path(path)
    rows = _rows(path)
    if not rows:
        raise SettingsFileError(Text(f"{path}: в списке нет строк", f"{path}: the list has no rows"))
    header, body = rows[0], rows[1:]
    if cehes_devices.is_cehes_header(header.cells):
        devices, problems, serials = _cehes(header, body)
        kind = CEHES
    else:
        devices, problems, serials = _ours(path, header, body)
        kind = OURS
    problems += _duplicates(serials)
    if problems:
        problems.sort(key=lambda item: item[0])
        raise ValidationError([Text(f"{path}, {p.ru}", f"{path}, {p.en}") for _row, p in problems])
    if not devices:
        raise SettingsFileError(Text(f"{path}: в списке нет приборов (только строка заголовков)",
                                     f"{path}: the list holds no devices (only the header row)"))
    return FleetList(path, kind, devices)


def _where(row: int, problem: Text) -> tuple[int, Text]:
    return row, Text(f"строка {row}: {problem.ru}", f"row {row}: {problem.en}")


def _too_long(row: _Row) -> tuple[int, Text] | None:
    for index, cell in enumerate(row.cells):
        if len(cell) > MAX_CELL:
            return _where(row.number, Text(f"ячейка {index + 1}: больше {MAX_CELL} символов",
                                           f"cell {index + 1}: over {MAX_CELL} characters"))
    return None


Found = tuple[list[FleetDevice], list[tuple[int, Text]], list[tuple[int, str]]]
"""The devices, the problems by row, and every row's serial number (bad rows too: a repeat is named)."""


def _cehes(header: _Row, body: list[_Row]) -> Found:
    columns, missing = cehes_devices.cehes_columns(header.cells)
    if missing:
        raise SettingsFileError(cehes_devices.missing_columns_text(missing))

    def device(number: int, cells: dict[str, str]) -> tuple[FleetDevice | None, list[Text]]:
        parsed, found = cehes_devices.parse_row(cells)
        if parsed is None:
            return None, found
        return FleetDevice(number, parsed.serial, parsed.group, Delivery.TCP, parsed.ip, parsed.port,
                           meter_type=parsed.device_type, cehes=parsed), []

    return _read_rows(body, columns, cehes_devices.SERIAL, device)


def _ours(path: Path, header: _Row, body: list[_Row]) -> Found:
    columns = our_columns(header.cells)
    if "serial" not in columns:
        names = ", ".join(f"«{c.name.ru}»" for c in COLUMNS)
        names_en = ", ".join(f"“{c.name.en}”" for c in COLUMNS)
        raise SettingsFileError(Text(
            f"{path}: в первой строке нет столбца «Серийный номер»: это не список приборов ceHes (таблица 6) и не "
            f"наш (столбцы {names}; шаблон — «Файл → Шаблоны…»)",
            f"{path}: the first row has no “Serial number” column: neither a ceHes device list (Table 6) nor ours "
            f"(columns {names_en}; a template is in «Файл → Шаблоны…»)"))
    return _read_rows(body, columns, "serial", _our_row)


def _read_rows(body: list[_Row], columns: dict[str, int], serial: str,
               device: Callable[[int, dict[str, str]], tuple[FleetDevice | None, list[Text]]]) -> Found:
    """Every row through ``device(number, cells by key)``; the serial number of every row kept."""
    devices: list[FleetDevice] = []
    problems: list[tuple[int, Text]] = []
    serials: list[tuple[int, str]] = []
    for row in body:
        long = _too_long(row)
        if long is not None:
            problems.append(long)
            continue
        cells = {key: row.cells[at] if at < len(row.cells) else "" for key, at in columns.items()}
        serials.append((row.number, cells.get(serial, "").strip()))
        made, found = device(row.number, cells)
        if made is None:
            problems += [_where(row.number, p) for p in found]
        else:
            devices.append(made)
    return devices, problems, serials


def _our_row(number: int, cells: dict[str, str]) -> tuple[FleetDevice | None, list[Text]]:
    problems: list[Text] = []

    def cell(key: str) -> str:
        return cells.get(key, "").strip()

    def bad(key: str, ru: str, en: str) -> None:
        name = column_name(key)
        problems.append(Text(f"«{name.ru}»: {ru}", f"“{name.en}”: {en}"))

    serial = cell("serial")
    if not serial:
        bad("serial", "не указан", "missing")
    delivery = delivery_of(cell("delivery")) if cell("delivery") else None
    if cell("delivery") and delivery is None:
        bad("delivery", f"tcp, cenc или sms, а не «{shown(cell('delivery'))}»",
            f"tcp, cenc or sms, not “{shown(cell('delivery'))}”")
    host = cell("host")
    if host and (problem := host_problem(host)) is not None:
        problems.append(Text(f"«{column_name('host').ru}»: {problem.ru}", f"“{column_name('host').en}”: {problem.en}"))
    port = port_of(cell("port")) if cell("port") else None
    if cell("port") and port is None:
        bad("port", f"число от 1 до 65535, а не «{shown(cell('port'))}»",
            f"a number 1 to 65535, not “{shown(cell('port'))}”")
    server = cell("cenc_server")
    if server:
        try:
            server_host, _port = split_server(server)
        except ValueError:
            bad("cenc_server", f"АДРЕС или АДРЕС:ПОРТ, а не «{shown(server)}»",
                f"HOST or HOST:PORT, not “{shown(server)}”")
        else:
            if (problem := host_problem(server_host)) is not None:
                bad("cenc_server", problem.ru, problem.en)
    address = cell("system_address")
    if address:
        try:
            parse_address(address)
        except ProtocolError as error:
            problems.append(error.text)
    if address and cell("cenc_serial"):
        bad("system_address", "и серийный номер в CENC, и системный адрес: укажите одно из двух",
            "both a CENC serial and a system address: give one of the two")
    phone = cell("phone")
    if phone:
        try:
            phone = normalise_phone(phone)
        except ValueError as error:
            reason = phone_problem_text(0, phone, str(error))
            bad("phone", reason.ru, reason.en)
    module = module_of(cell("module")) if cell("module") else None
    if cell("module") and module is None:
        bad("module", f"неизвестный тип «{shown(cell('module'))}» (gsm-2g4g, gsm-2g3g4g, nb-iot, nb-iot-2, "
                      "gsm-gx01 или код платформы, например 8420)",
            f"unknown type “{shown(cell('module'))}” (gsm-2g4g, gsm-2g3g4g, nb-iot, nb-iot-2, gsm-gx01 or a "
            "platform id such as 8420)")
    meter_type = cell("meter_type")
    if meter_type:
        meter_type = cehes_devices.device_type(meter_type) or meter_type  # kept as written when not a ceHes type
    problems += _delivery_needs(delivery, host, phone, cells)
    if problems:
        return None, problems
    return FleetDevice(number, serial, cell("group"), delivery, host, port, server, cell("cenc_serial"), address,
                       phone, cell("password"), module, meter_type), []


def _delivery_needs(delivery: Delivery | None, host: str, phone: str, cells: dict[str, str]) -> list[Text]:
    """What a row's own delivery needs from the row (the run's choice is checked when the run is planned)."""
    if delivery is Delivery.TCP and not host:
        name = column_name("host")
        return [Text(f"доставка tcp: нужен «{name.ru}»", f"delivery tcp needs “{name.en}”")]
    if delivery is Delivery.SMS and not phone:
        name = column_name("phone")
        return [Text(f"доставка sms: нужен «{name.ru}»", f"delivery sms needs “{name.en}”")]
    return []


def _duplicates(serials: Iterable[tuple[int, str]]) -> list[tuple[int, Text]]:
    first: dict[str, int] = {}
    problems = []
    for row, serial in serials:
        if not serial:
            continue
        if serial in first:
            problems.append(_where(row, Text(f"серийный номер {shown(serial)} уже есть в строке {first[serial]}",
                                             f"serial number {shown(serial)} is already in row {first[serial]}")))
        else:
            first[serial] = row
    return problems
