"""The devices a fleet run reached, as a ceHes import workbook (seed 002 §2.2.34, Table 6), so the
head-end can take over polling them.

    exported = write_cehes_export(path, records, DlmsDefaults(password="…"))

Only the devices whose session ended OK are written. A device that came from a ceHes workbook goes back
as its row was (ceHes identifies channels, protocols and groups by name, 2.2.35). A device from our own
list gets a row made from what the run knows:

    канал связи имя / тип    «TCP 10.1.2.3:8000» or «CENC 10.5.114.138:7501» / TCP
    адрес ip, порт ip        tcp: the row's address (or the IP the module reported) and port;
                             cenc: the CENC server and the device's direct-access port (transparent mode,
                             one TCP port per device — the CENCn guide §1.2, the server told it)
    протокол имя, тип,       the DLMS settings of the meters, given for the export (the configurator does not
    адрес, пароль, тайм аут  talk DLMS to them): DlmsDefaults; Figure 86's address 16 and timeout 35 by default,
                             the password has no default
    группа имя               the row's group («Без группы» when empty)
    тип устройства           the list's «Тип счётчика», else the meter type the module registered with on CENC
    серийный номер           the serial number

A device whose row would break Table 6's rules (no IPv4 address, a meter type ceHes does not import,
no DLMS password) is left out and said why. The workbook is written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from app.core.atomic_file import atomic_output
from app.core.fleet_journal import JournalRecord
from app.core.fleet_results import Result
from app.core.os_errors import os_error_reason
from protocols.errors import SettingsFileError
from protocols.fleet import cehes_devices
from protocols.fleet.cehes_devices import COLUMNS, CehesRow, export_cells, export_problems
from protocols.fleet.fleet_devices import DEFAULT_TCP_PORT, Delivery, delivery_of, split_server
from protocols.text import Text

NO_GROUP = "Без группы"


@dataclass(frozen=True)
class DlmsDefaults:
    """The head-end's DLMS protocol settings for rows not read from ceHes (Figure 86's values by default)."""

    password: str = ""
    address: int = 16
    timeout: int = 35
    name: str = ""  # "" = «DLMS <address>»

    @property
    def protocol_name(self) -> str:
        return self.name or f"DLMS {self.address}"


@dataclass
class ExportResult:
    written: int = 0
    left_out: list[tuple[str, Text]] = field(default_factory=list)  # (serial, why)


def _row(record: JournalRecord, dlms: DlmsDefaults) -> tuple[CehesRow | None, Text | None]:
    device, outcome = record.device, record.outcome
    assert outcome is not None
    if device.cehes is not None:
        return device.cehes, None
    if not dlms.password:
        return None, Text("не указан пароль протокола DLMS счётчиков для ceHes",
                          "no DLMS protocol password of the meters for ceHes")
    delivery = delivery_of(outcome.delivery or "") or device.delivery
    if delivery is Delivery.CENC:
        host = split_server(device.cenc_server)[0] if device.cenc_server else _channel_host(outcome.channel)
        port = outcome.direct_port
        if not port:
            return None, Text("порт прямого доступа CENC неизвестен (сервер его не сообщил)",
                              "the CENC direct-access port is unknown (the server did not tell it)")
        name = f"CENC {host}:{port}"
    elif delivery is Delivery.TCP:
        host = device.host if cehes_devices.ipv4(device.host) else (outcome.ip or "")
        port = device.port or DEFAULT_TCP_PORT
        name = f"TCP {host}:{port}"
    else:
        return None, Text("доставка SMS: ceHes опрашивает по TCP", "delivery by SMS: ceHes polls over TCP")
    meter = cehes_devices.device_type(device.meter_type or outcome.meter_type or "")
    if meter is None:
        shown = device.meter_type or outcome.meter_type or "?"
        return None, Text(f"тип счётчика {shown}: ceHes принимает CE208, CE308, CE207, CE307",
                          f"meter type {shown}: ceHes accepts CE208, CE308, CE207, CE307")
    row = CehesRow(name, "TCP", host, port, dlms.protocol_name, "DLMS", dlms.address, dlms.password, dlms.timeout,
                   device.group or NO_GROUP, meter, device.serial)
    problems = export_problems(row)
    if problems:
        return None, Text("; ".join(p.ru for p in problems), "; ".join(p.en for p in problems))
    return row, None


def _channel_host(channel: Text | None) -> str:
    """The CENC server's address from the channel's words («CENC host:port, устройство …»)."""
    words = channel.en if channel is not None else ""
    if words.startswith("CENC "):
        return words[5:].split(",", 1)[0].rsplit(":", 1)[0]
    return ""


def cehes_rows(records: Sequence[JournalRecord], dlms: DlmsDefaults) -> tuple[list[CehesRow], ExportResult]:
    result = ExportResult()
    rows = []
    for record in records:
        if not record.done or record.outcome is None or record.outcome.result is not Result.OK:
            continue
        row, why = _row(record, dlms)
        if row is None:
            assert why is not None
            result.left_out.append((record.device.serial, why))
        else:
            rows.append(row)
    result.written = len(rows)
    return rows, result


def write_cehes_export(path: Path, records: Sequence[JournalRecord], dlms: DlmsDefaults) -> ExportResult:
    rows, result = cehes_rows(records, dlms)
    write_cehes_rows(path, rows)
    return result


def write_cehes_rows(path: Path, rows: Sequence[CehesRow]) -> None:
    """A ceHes import workbook: Table 6's header row, then the rows (SettingsFileError when not written)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Устройства"
    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(export_cells(row))
        sheet.cell(sheet.max_row, 12).number_format = "@"  # the serial number keeps its leading zeros
        sheet.cell(sheet.max_row, 8).number_format = "@"
    for letter, width in zip("ABCDEFGHIJKL", (28, 10, 16, 8, 16, 8, 10, 20, 10, 24, 10, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    try:
        with atomic_output(path) as out:
            book.save(out)
    except OSError as error:
        reason = os_error_reason(error)
        raise SettingsFileError(Text(f"{path} не сохранён: {reason.ru}", f"{path} was not saved: {reason.en}"),
                                ) from error
