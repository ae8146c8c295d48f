"""Before «Записать приборы»: what the write changes in the UTMC, device by device.

The dialog lists, per channel, the devices the write adds (+), removes (−) and changes (≠) against
what the UTMC holds now (read just before): the settings of a device added or removed, and for a
changed one only what changes («сетевой адрес: 5604 → 9004»). Removing
anything needs an explicit tick («Удалить из УТМЦ приборов: N») before «Записать в УТМЦ» is
enabled; «Отмена» is the default. Nothing is written from here: ``accepted`` tells the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.utmc_device_write import DeviceWritePlan, TableDiff
from app.ui.i18n import pick, tr
from protocols.utmc.utmc_devices import FIELD_NAMES, DeviceRecord

ADDED, REMOVED, CHANGED = QColor("#1b5e20"), QColor("#b00020"), QColor("#9a6700")


def _fields(record: DeviceRecord) -> dict[str, str]:
    """The settings a user compares, by their names in the table of the devices page."""
    names = [pick(name) for name in FIELD_NAMES]
    return {names[1]: record.model.list_label, names[2]: record.serial, names[3]: str(record.version),
            names[4]: record.manufacturer, names[5]: str(record.address), names[6]: str(record.baud),
            names[7]: record.note or "—"}


def device_name(record: DeviceRecord) -> str:
    return tr("{model}, № {serial}").format(model=record.model.list_label, serial=record.serial)


def settings_text(record: DeviceRecord) -> str:
    text = tr("адрес {address}, {baud} бит/с, версия {version}, {manufacturer}").format(
        address=record.address, baud=record.baud, version=record.version, manufacturer=record.manufacturer)
    return text + (tr(", примечание {note}").format(note=record.note) if record.note else "")


def changes_text(old: DeviceRecord, new: DeviceRecord) -> str:
    """Only what differs: «сетевой адрес: 5604 → 9004; примечание: — → T»."""
    before, after = _fields(old), _fields(new)
    differ = [name for name in before if before[name] != after[name]]
    return "; ".join(f"{name.lower()}: {before[name]} → {after[name]}" for name in differ)


Row = tuple[str, QColor, int, str, str]  # change, its colour, device number, device, what changes


class DiffModel(QAbstractTableModel):
    """The rows of the difference; the view asks only for the cells it paints (a channel is 256 rows)."""

    def __init__(self, rows: list[Row], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.headers = [tr("Изменение"), "№", tr("Прибор"), tr("Что меняется")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        what, colour, number, device, details = self.rows[index.row()]
        text = (what, str(number), device, details)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text if role == Qt.ItemDataRole.DisplayRole or index.column() != 1 else None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return colour
        return None

    def longest_texts(self) -> list[str]:
        longest = list(self.headers)
        for what, _colour, number, device, _details in self.rows:
            for column, text in enumerate((what, str(number), device)):
                if len(text) > len(longest[column]):
                    longest[column] = text
        return longest


class DeviceDiffDialog(QDialog):
    def __init__(self, diff: TableDiff, plan: DeviceWritePlan, before: Sequence[DeviceRecord],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("utmc_diff_dialog")
        self.setWindowTitle(tr("Запись приборов в УТМЦ: что изменится"))
        self.diff = diff
        old = {r.number: r for r in before}
        new = {r.number: r for r in plan.records}
        heading = QLabel("\n".join(pick(line) for line in diff.lines()))
        heading.setObjectName("diff_summary")
        heading.setWordWrap(True)
        rows: list[Row] = []
        for change in diff.channels:
            rows += [(tr("− удалится"), REMOVED, number, device_name(old[number]), settings_text(old[number]))
                     for number in change.removed]
            rows += [(tr("≠ изменится"), CHANGED, number, device_name(new[number]),
                      changes_text(old[number], new[number])) for number in change.changed]
            rows += [(tr("+ добавится"), ADDED, number, device_name(new[number]), settings_text(new[number]))
                     for number in change.added]
        rows.sort(key=lambda row: row[2])  # by device number
        self.model = DiffModel(rows, self)
        self.table = QTableView()
        self.table.setObjectName("diff_table")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        # widths from each column's longest text, not by measuring every cell; the last one takes the rest
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        for column, text in enumerate(self.model.longest_texts()[:3]):
            self.table.setColumnWidth(column, max(metrics.horizontalAdvance(text) + 16,
                                                  header.sectionSizeFromContents(column).width()))
        note = QLabel(tr("Перед записью список, который сейчас в УТМЦ, сохраняется как резервная копия; "
                         "её можно записать обратно (файл — обычный список приборов)."))
        note.setObjectName("diff_backup_note")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        self.confirm_removal = QCheckBox(tr("Удалить из УТМЦ приборов: {n}").format(n=diff.removed))
        self.confirm_removal.setObjectName("confirm_removal")
        self.confirm_removal.setStyleSheet(f"color: {REMOVED.name()}; font-weight: bold;")
        self.confirm_removal.setVisible(diff.removed > 0)
        warning = QLabel(tr("Приборы, отмеченные «− удалится», УТМЦ перестанет опрашивать. Если это не нужно, "
                            "нажмите «Отмена» и прочитайте список из УТМЦ."))
        warning.setObjectName("removal_warning")
        warning.setWordWrap(True)
        warning.setVisible(diff.removed > 0)
        buttons = QDialogButtonBox()
        self.write_button = QPushButton(tr("Записать в УТМЦ"))
        self.write_button.setObjectName("diff_write")
        self.write_button.setAutoDefault(False)
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("diff_cancel")
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.write_button.setEnabled(diff.removed == 0)
        self.confirm_removal.toggled.connect(self.write_button.setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(warning)
        layout.addWidget(self.confirm_removal)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def rows(self) -> list[tuple[str, int, str, str]]:
        """What the table shows (tests read it)."""
        return [(what, number, device, details) for what, _colour, number, device, details in self.model.rows]
