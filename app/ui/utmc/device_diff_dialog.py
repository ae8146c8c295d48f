"""Before «Записать приборы»: what the write changes in the UTMC, device by device.

The dialog lists, per channel, the devices the write adds (+), removes (−) and changes (≠) against
what the UTMC holds now (read just before): the settings of a device added or removed, and for a
changed one only what changes («сетевой адрес: 5604 → 9004»). Removing
anything needs an explicit tick («Удалить из УТМЦ приборов: N») before «Записать в УТМЦ» is
enabled; «Отмена» is the default. Nothing is written from here: ``accepted`` tells the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.utmc_device_write import DeviceWritePlan, TableDiff
from app.ui.i18n import pick, tr
from protocols.utmc_devices import FIELD_NAMES, DeviceRecord

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


ROWS_MEASURED = 64


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
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("diff_table")
        self.table.setHorizontalHeaderLabels([tr("Изменение"), "№", tr("Прибор"), tr("Что меняется")])
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # the widths from the first rows, not from every one: a full channel is 256 rows (the rest have tooltips)
        header.setResizeContentsPrecision(ROWS_MEASURED)
        rows: list[tuple[str, QColor, int, str, str]] = []
        for change in diff.channels:
            rows += [(tr("− удалится"), REMOVED, number, device_name(old[number]), settings_text(old[number]))
                     for number in change.removed]
            rows += [(tr("≠ изменится"), CHANGED, number, device_name(new[number]),
                      changes_text(old[number], new[number])) for number in change.changed]
            rows += [(tr("+ добавится"), ADDED, number, device_name(new[number]), settings_text(new[number]))
                     for number in change.added]
        rows.sort(key=lambda row: row[2])  # by device number
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            self._row(index, *row)
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

    def _row(self, row: int, what: str, colour: QColor, number: int, device: str, details: str) -> None:
        cells = (what, number, device, details)
        for column, value in enumerate(cells):
            item = QTableWidgetItem()
            if column == 1:
                item.setData(0, value)  # sorts as a number
            else:
                item.setText(str(value))
                item.setToolTip(str(value))
            if column == 0:
                item.setForeground(colour)
            self.table.setItem(row, column, item)

    def rows(self) -> list[tuple[str, int, str, str]]:
        """What the table shows (tests read it)."""
        found = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, c) for c in range(4)]
            found.append((items[0].text() if items[0] else "", int(items[1].data(0)) if items[1] else 0,
                          items[2].text() if items[2] else "", items[3].text() if items[3] else ""))
        return found
