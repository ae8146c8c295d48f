"""The «Парк приборов» table and histogram: one row per device of the list, coloured by result.

    model = FleetModel(); model.set_devices(devices); model.set_outcome(key, outcome)
    proxy = FailedOnly(model)          «Только ошибки»: hides the rows that ended OK and those not run
    histogram = SignalHistogram(); histogram.set_levels([…10 counts…], unknown)

A model/view table: rows are painted when seen, never measured all at once, so a list of thousands
stays responsive while outcomes stream in (one row's change repaints one row).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.fleet_report import FILLS
from app.core.fleet_results import DeviceOutcome, Result
from app.ui.i18n import pick, tr
from protocols.fleet.fleet_devices import FleetDevice
from protocols.module.status_tables import SIGNAL_LEVELS

Index = QModelIndex | QPersistentModelIndex
RUNNING = "running"


class FleetModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.devices: list[FleetDevice] = []
        self.outcomes: dict[str, DeviceOutcome] = {}
        self.running: set[str] = set()
        self._rows: dict[str, int] = {}
        self.headers = [tr("Серийный номер"), tr("Группа"), tr("Канал"), tr("Итог"), tr("Результат"),
                        tr("Уровень сигнала"), tr("IMEI"), tr("Версия"), tr("Длительность, с")]

    # -- filling ---------------------------------------------------------------------------------
    def set_devices(self, devices: Sequence[FleetDevice]) -> None:
        self.beginResetModel()
        self.devices = list(devices)
        self._rows = {d.key: i for i, d in enumerate(self.devices)}
        self.outcomes.clear()
        self.running.clear()
        self.endResetModel()

    def set_outcomes(self, outcomes: dict[str, DeviceOutcome]) -> None:
        """Every device's outcome at once (a journal continued): one reset, not a repaint per row."""
        self.beginResetModel()
        self.outcomes = dict(outcomes)
        self.running.clear()
        self.endResetModel()

    def set_running(self, key: str) -> None:
        self.running.add(key)
        self._changed(key)

    def set_outcome(self, key: str, outcome: DeviceOutcome | None) -> None:
        self.running.discard(key)
        if outcome is None:
            self.outcomes.pop(key, None)
        else:
            self.outcomes[key] = outcome
        self._changed(key)

    def _changed(self, key: str) -> None:
        row = self._rows.get(key)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def result_of(self, row: int) -> Result | None:
        outcome = self.outcomes.get(self.devices[row].key)
        return outcome.result if outcome is not None else None

    # -- Qt ------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's names and default)
        return 0 if parent.isValid() else len(self.devices)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        device = self.devices[index.row()]
        outcome = self.outcomes.get(device.key)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() in (3, 4) and outcome is not None:
            return QBrush(QColor("#" + FILLS[outcome.result]))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4 and outcome is not None:
            return pick(outcome.message)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(device, outcome, index.column())

    def _text(self, device: FleetDevice, outcome: DeviceOutcome | None, column: int) -> str:
        if column == 0:
            return device.serial
        if column == 1:
            return device.group
        if outcome is None:
            if column == 3:
                return tr("Идёт обмен…") if device.key in self.running else ""
            return ""
        values: list[str] = [
            pick(outcome.channel) if outcome.channel else "",
            pick(outcome.result.label),
            "OK" if outcome.result is Result.OK else pick(outcome.message),
            pick(outcome.signal_text) if outcome.signal_text else "",
            outcome.imei or "",
            outcome.version or "",
            f"{outcome.duration:.1f}",
        ]
        return values[column - 2]


class FailedOnly(QSortFilterProxyModel):
    """«Только ошибки»: rows whose session ended with anything but OK (those not run yet are hidden too)."""

    def __init__(self, model: FleetModel) -> None:
        super().__init__()
        self.fleet = model
        self.setSourceModel(model)
        self.only_failed = False

    def set_only_failed(self, on: bool) -> None:
        self.beginFilterChange()
        self.only_failed = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt's name)
        if not self.only_failed:
            return True
        result = self.fleet.result_of(source_row)
        return result is not None and result.failed


class SignalHistogram(QWidget):
    """Devices per signal level (Table 4 of the manuals), a bar each; the levels not read counted apart."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("fleet_histogram")
        self.levels = [0] * len(SIGNAL_LEVELS)
        self.unknown = 0
        self.setMinimumSize(220, 90)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._update_tooltip()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(320, 120)

    def set_levels(self, levels: Sequence[int], unknown: int) -> None:
        self.levels, self.unknown = list(levels), unknown
        self._update_tooltip()
        self.update()

    def _update_tooltip(self) -> None:
        lines = [f"{pick(SIGNAL_LEVELS[i].text)}: {n}" for i, n in enumerate(self.levels)]
        lines.append(tr("Не прочитан: {n}").format(n=self.unknown))
        self.setToolTip("\n".join(lines))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802, ARG002 (Qt's name)
        painter = QPainter(self)
        line = painter.fontMetrics().height()
        width, height = self.width(), self.height()
        painter.drawText(0, line, tr("Уровень сигнала, устройств"))
        top = 2 * line + 4  # the title, and a line for the counts above the highest bar
        slot = max(width // len(self.levels), 1)
        peak = max(max(self.levels), 1)
        span = max(height - top - line - 4, 1)
        for level, count in enumerate(self.levels):
            bar = round(span * count / peak)
            x = level * slot
            painter.fillRect(x + 2, top + span - bar, slot - 4, bar, QColor("#5c8fd6"))
            centred = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
            if count:
                painter.drawText(x, top + span - bar - line - 2, slot, line, centred, str(count))
            painter.drawText(x, top + span + 2, slot, line, centred, str(level))
        painter.end()
