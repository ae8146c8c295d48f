"""The report of a fleet run as an Excel workbook: one row per device, a summary, a signal-level chart.

    write_report(path, ReportInput(operation, records, …), lang="ru")

First sheet «Приборы» ("Devices"): per device its serial number, group, channel, result («OK» or the
error in words) and its kind, what the module told (IMEI, ICCID, version, module type, signal level as
a dBm range, registration, band, IP), for a status run whether the list's password was accepted and the
module's mode, APN and server, for a configuration run each parameter's outcome and the backup kept
first, then when the session started and how long it took. Rows are coloured by result; the header row
stays in view and filters.

Second sheet «Сводка» ("Summary"): the run (operation, list, journals, engineers, what was written), the
count per result, the count per group and result, and the distribution of signal levels (Table 4 of
both manuals) with a bar chart — the picture a supervisor looks at first.

The headers are Russian, or English with ``lang="en"``; the workbook is written atomically (the old
report stays whole if writing fails).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.atomic_file import atomic_output
from app.core.fleet_journal import JournalRecord
from app.core.fleet_results import RESULTS, DeviceOutcome, Result
from app.core.os_errors import os_error_reason
from protocols.errors import SettingsFileError
from protocols.module.status_tables import SIGNAL_LEVELS
from protocols.params.catalogue import parameter
from protocols.params.module_types import ModuleType
from protocols.text import Text

T = Text
NOT_RUN = T("Не выполнялось", "Not run")
FILLS = {
    Result.OK: "C8E6C9", Result.PARTIAL: "FFF59D", Result.WRONG_PASSWORD: "FFCDD2", Result.INVALID: "FFE0B2",
    Result.REFUSED: "FFCDD2", Result.NO_REPLY: "FFCCBC", Result.NO_CONNECTION: "FFCCBC", Result.ERROR: "FFCDD2",
    Result.CANCELLED: "E0E0E0",
}
NOT_RUN_FILL = "EEEEEE"
OPERATIONS = {"status": T("чтение состояния", "status"), "configure": T("настройка", "configuration")}


@dataclass
class ReportInput:
    operation: str  # "status" or "configure"
    records: Sequence[JournalRecord]
    list_path: str = ""
    journals: Sequence[str] = ()
    configuration: Sequence[Text] = ()  # what a configuration run writes, passwords masked
    elapsed: float | None = None
    operators: Sequence[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Column:
    title: Text
    width: int


def result_text(record: JournalRecord) -> tuple[Text, Text]:
    """(kind, «OK» or the error in words) of a device."""
    outcome = record.outcome
    if outcome is None or not record.done and outcome.result is not Result.CANCELLED:
        return NOT_RUN, T("", "")
    words = T("OK", "OK") if outcome.result is Result.OK else outcome.message
    notes = [n for n in outcome.notes if n.ru]
    if notes:
        words = T("; ".join([words.ru, *(n.ru for n in notes)]), "; ".join([words.en, *(n.en for n in notes)]))
    return outcome.result.label, words


def _module_label(outcome: DeviceOutcome) -> Text | None:
    if outcome.module is None:
        return None
    try:
        return ModuleType.from_id(outcome.module).label
    except ValueError:
        return T(outcome.module, outcome.module)


def _mode_label(value: str) -> Text:
    try:
        return parameter("mode").choice(value).label
    except KeyError:
        return T(value, value)


def _parameter_keys(records: Sequence[JournalRecord]) -> list[tuple[str, Text]]:
    keys: dict[str, Text] = {}
    for record in records:
        for item in record.outcome.parameters if record.outcome else []:
            keys.setdefault(item.key, item.label)
    return list(keys.items())


def _columns(operation: str, parameters: list[tuple[str, Text]]) -> list[_Column]:
    head = [_Column(T("Серийный номер", "Serial number"), 18), _Column(T("Группа", "Group"), 16),
            _Column(T("Канал", "Channel"), 30), _Column(T("Итог", "Outcome"), 16),
            _Column(T("Результат", "Result"), 48), _Column(T("IMEI", "IMEI"), 17), _Column(T("ICCID", "ICCID"), 22),
            _Column(T("Версия", "Version"), 22), _Column(T("Тип модуля", "Module type"), 16),
            _Column(T("Уровень сигнала", "Signal level"), 16), _Column(T("Регистрация", "Registration"), 24),
            _Column(T("Диапазон", "Band"), 16), _Column(T("IP", "IP"), 15)]
    if operation == "status":
        head += [_Column(T("Пароль модуля", "Module password"), 14), _Column(T("Режим", "Mode"), 16),
                 _Column(T("APN", "APN"), 16), _Column(T("Сервер", "Server"), 22)]
    else:
        head += [_Column(label, 18) for _key, label in parameters]
        head += [_Column(T("Резервная копия", "Backup"), 40)]
    return head + [_Column(T("Время", "Time"), 20), _Column(T("Длительность, с", "Duration, s"), 12)]


def _cell(value: Text | str | None, lang: str) -> str:
    if value is None:
        return ""
    return value.get(lang) if isinstance(value, Text) else value


def _row(record: JournalRecord, operation: str, parameters: list[tuple[str, Text]], lang: str) -> list[object]:
    device, outcome = record.device, record.outcome
    kind, words = result_text(record)
    base: list[object] = [device.serial, device.group, _cell(outcome.channel if outcome else None, lang),
                          kind.get(lang), words.get(lang)]
    if outcome is None:
        return base
    base += [outcome.imei or "", outcome.iccid or "", outcome.version or "", _cell(_module_label(outcome), lang),
             _cell(outcome.signal_text, lang), _cell(outcome.registration, lang), _cell(outcome.band, lang),
             outcome.ip or ""]
    if operation == "status":
        password = {True: T("принят", "accepted"), False: T("не подходит", "refused"), None: T("", "")}
        server = outcome.settings.get("server", "")
        if server and outcome.settings.get("port"):
            server = f"{server}:{outcome.settings['port']}"
        mode = outcome.settings.get("mode")
        base += [password[outcome.password_ok].get(lang), _mode_label(mode).get(lang) if mode else "",
                 outcome.settings.get("apn", ""), server]
    else:
        by_key = {p.key: p for p in outcome.parameters}
        for key, _label in parameters:
            item = by_key.get(key)
            if item is None:
                base.append("")
                continue
            text = _outcome_word(item.outcome).get(lang)
            if item.reason is not None and item.outcome != "applied":
                text += f": {item.reason.get(lang)}"
            base.append(f"{item.value} — {text}")
        base.append(outcome.backup or "")
    started = outcome.started.replace(tzinfo=None) if outcome.started else None
    return [*base, started, outcome.duration]


_OUTCOME_WORDS = {"applied": T("применено", "applied"), "failed": T("ошибка", "failed"),
                  "not_confirmed": T("не подтверждено", "not confirmed"), "not_sent": T("не отправлено", "not sent")}


def _outcome_word(value: str) -> Text:
    return _OUTCOME_WORDS.get(value, T(value, value))


def write_report(path: Path, report: ReportInput, *, lang: str = "ru") -> None:
    """The workbook; SettingsFileError (in words) when it cannot be written."""
    book = Workbook()
    devices = book.active
    assert devices is not None
    devices.title = T("Приборы", "Devices").get(lang)
    parameters = _parameter_keys(report.records)
    columns = _columns(report.operation, parameters)
    devices.append([c.title.get(lang) for c in columns])
    for index, column in enumerate(columns, 1):
        devices.column_dimensions[get_column_letter(index)].width = column.width
        devices.cell(1, index).font = Font(bold=True)
    for record in report.records:
        devices.append(_row(record, report.operation, parameters, lang))
        row = devices.max_row
        devices.cell(row, 1).number_format = "@"  # the serial number keeps its leading zeros
        colour = FILLS[record.outcome.result] if record.outcome and (record.done or record.outcome.result is
                                                                     Result.CANCELLED) else NOT_RUN_FILL
        fill = PatternFill("solid", fgColor=colour)
        for index in (4, 5):
            devices.cell(row, index).fill = fill
        if record.outcome is not None:
            devices.cell(row, len(columns) - 1).number_format = "yyyy-mm-dd hh:mm:ss"
    devices.freeze_panes = "A2"
    devices.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(devices.max_row, 1)}"
    _summary(book.create_sheet(T("Сводка", "Summary").get(lang)), report, lang)
    try:
        with atomic_output(path) as out:
            book.save(out)
    except OSError as error:
        reason = os_error_reason(error)
        raise SettingsFileError(T(f"Отчёт {path} не сохранён: {reason.ru}",
                                  f"The report {path} was not saved: {reason.en}")) from error


def _kind(record: JournalRecord) -> Result | None:
    if record.outcome is None or not (record.done or record.outcome.result is Result.CANCELLED):
        return None
    return record.outcome.result


def _summary(sheet: Worksheet, report: ReportInput, lang: str) -> None:
    bold = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    for letter in "BCDEFGHIJKL":
        sheet.column_dimensions[letter].width = 14
    operation = OPERATIONS.get(report.operation, T(report.operation, report.operation))
    sheet.append([T("Парк приборов", "Device fleet").get(lang) + ": " + operation.get(lang)])
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    kinds = [_kind(r) for r in report.records]
    info: list[tuple[Text, object]] = [
        (T("Список приборов", "Device list"), report.list_path),
        (T("Журнал", "Journal"), ", ".join(report.journals)),
        (T("Инженеры", "Engineers"), ", ".join(report.operators)),
        (T("Приборов в списке", "Devices in the list"), len(report.records)),
        (T("Выполнено", "Done"), sum(k is not None and k is not Result.CANCELLED for k in kinds)),
    ]
    if report.elapsed is not None:
        info.append((T("Время работы, с", "Run time, s"), report.elapsed))
    for label, value in info:
        sheet.append([label.get(lang), value])
    if report.configuration:
        sheet.append([T("Записывалось", "Written").get(lang), "; ".join(t.get(lang) for t in report.configuration)])
    sheet.append([])
    counts = Counter(kinds)
    start = sheet.max_row + 1
    sheet.append([T("Итог", "Outcome").get(lang), T("Приборов", "Devices").get(lang)])
    for result in RESULTS:
        sheet.append([result.label.get(lang), counts.get(result, 0)])
    sheet.append([NOT_RUN.get(lang), counts.get(None, 0)])
    for cell in sheet[start]:
        cell.font = bold
    sheet.append([])
    _groups(sheet, report.records, kinds, lang)
    sheet.append([])
    _signal(sheet, report.records, lang)


def _groups(sheet: Worksheet, records: Sequence[JournalRecord], kinds: list[Result | None], lang: str) -> None:
    shown = [r for r in RESULTS if r in kinds] + ([None] if None in kinds else [])
    header = [T("Группа", "Group").get(lang), *((r.label if r else NOT_RUN).get(lang) for r in shown),
              T("Всего", "Total").get(lang)]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    per_group: dict[str, Counter[Result | None]] = {}
    for record, kind in zip(records, kinds, strict=True):
        per_group.setdefault(record.device.group, Counter())[kind] += 1
    for group, counts in per_group.items():
        name = group or T("(без группы)", "(no group)").get(lang)
        sheet.append([name, *(counts.get(r, 0) for r in shown), sum(counts.values())])


def signal_distribution(records: Sequence[JournalRecord]) -> tuple[list[int], int]:
    """Devices per signal level 0–9 (Table 4), and those whose level was not read."""
    levels = [0] * len(SIGNAL_LEVELS)
    unknown = 0
    for record in records:
        level = record.outcome.signal if record.outcome is not None else None
        if level is not None and 0 <= level < len(levels):
            levels[level] += 1
        elif record.done:
            unknown += 1
    return levels, unknown


def _signal(sheet: Worksheet, records: Sequence[JournalRecord], lang: str) -> None:
    levels, unknown = signal_distribution(records)
    title = T("Распределение уровня сигнала", "Signal level distribution").get(lang)
    sheet.append([title])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    header_row = sheet.max_row + 1
    sheet.append([T("Уровень сигнала, дБм", "Signal level, dBm").get(lang), T("Приборов", "Devices").get(lang),
                  T("Код (таблица 4)", "Code (Table 4)").get(lang)])
    for level, count in enumerate(levels):
        sheet.append([SIGNAL_LEVELS[level].text.get(lang), count, level])
    last = sheet.max_row
    sheet.append([T("Не прочитан", "Not read").get(lang), unknown])
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = T("Приборов", "Devices").get(lang)
    chart.x_axis.title = T("дБм", "dBm").get(lang)
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=2, min_row=header_row, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last))
    chart.width, chart.height = 22, 9
    sheet.add_chart(chart, f"E{header_row}")
