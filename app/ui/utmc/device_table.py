"""The device list of the Devices tab as a table model (UTMC-700 guide items 14–23).

The model keeps every channel's records and shows one channel at a time. A record read from
the UTMC carries its last poll result: 1 paints the row green, 0 yellow (item 23). The view asks
only for the cells it paints; :meth:`DeviceTableModel.longest_texts` gives it each column's longest
text, so that it can size the columns without measuring every row (2048 records).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.ui.i18n import pick, tr
from protocols.utmc.utmc_devices import FIELD_NAMES, NOTE_FLAGS, DeviceRecord

POLLED_COLOUR = QColor("#c8f7c5")  # green: polled (1)
NOT_POLLED_COLOUR = QColor("#fff3a3")  # yellow: not polled (0)
RESULT_COLUMN = 8
COLUMNS = 9
_Index = QModelIndex | QPersistentModelIndex


def poll_text(result: bool | None) -> str:
    """The manual's 1/0 (item 23) with its meaning beside it."""
    if result is None:
        return ""
    return tr("1 — опрошен") if result else tr("0 — не опрошен")


class DeviceTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.records: list[DeviceRecord] = []
        self.channel = 1
        self._rows: list[DeviceRecord] = []
        self._poll_texts: dict[bool | None, str] = {}

    # -- content ------------------------------------------------------------------------------
    def set_channel(self, channel: int) -> None:
        self.channel = channel
        self._refresh()

    def set_records(self, records: Iterable[DeviceRecord]) -> None:
        self.records = sorted(records, key=lambda r: r.number)
        self._refresh()

    def replace_channel(self, channel: int, records: Iterable[DeviceRecord]) -> None:
        """The records of one channel as read back from the UTMC; other channels stay."""
        others = [r for r in self.records if r.channel != channel]
        self.set_records([*others, *records])

    def _refresh(self) -> None:
        self.beginResetModel()
        self._rows = [r for r in self.records if r.channel == self.channel]
        self._poll_texts = {result: poll_text(result) for result in (True, False, None)}  # translated once
        self.endResetModel()

    def channel_records(self, channel: int | None = None) -> list[DeviceRecord]:
        wanted = self.channel if channel is None else channel
        return [r for r in self.records if r.channel == wanted]

    def record_at(self, row: int) -> DeviceRecord:
        return self._rows[row]

    def row_of_number(self, number: int) -> int:
        return next(i for i, r in enumerate(self._rows) if r.number == number)

    def numbers(self) -> set[int]:
        return {r.number for r in self.records}

    def add(self, record: DeviceRecord) -> None:
        self.set_records([*self.records, record])

    def update(self, old_number: int, record: DeviceRecord) -> None:
        self.set_records([record if r.number == old_number else r for r in self.records])

    def remove(self, number: int) -> None:
        self.set_records([r for r in self.records if r.number != number])

    def set_poll_results(self, results: dict[int, bool]) -> None:
        self.set_records([replace(r, poll_result=results[r.number])
                          if results.get(r.number, r.poll_result) != r.poll_result else r for r in self.records])

    def longest_texts(self) -> list[str]:
        """Per column, the longest text among the shown rows (by characters: measuring one string per
        column in pixels costs nothing, measuring every cell costs ~0.1 s for a full channel)."""
        longest = [""] * COLUMNS
        for record in self._rows:
            for column, text in enumerate(self._texts(record)):
                if len(text) > len(longest[column]):
                    longest[column] = text
        return longest

    def _texts(self, record: DeviceRecord) -> tuple[str, ...]:
        return (
            str(record.number), record.model.list_label, record.serial, str(record.version),
            record.manufacturer, str(record.address), str(record.baud), record.note,
            self._poll_texts[record.poll_result],
        )

    # -- Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008,N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008,N802 - Qt API
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == RESULT_COLUMN:
            return tr("Результат опроса")
        names = [pick(name) for name in FIELD_NAMES]
        names[0] = "№"
        return names[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(record)[column]
        if role == Qt.ItemDataRole.BackgroundRole and record.poll_result is not None:
            return QBrush(POLLED_COLOUR if record.poll_result else NOT_POLLED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 7 and record.flags:
                return "\n".join(f"{flag} — {pick(NOTE_FLAGS[flag])}" for flag in sorted(record.flags))
            if column == RESULT_COLUMN and record.poll_result is not None:
                return tr("1 — опросить удалось") if record.poll_result else tr("0 — прибор не опрошен")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 3, 5, 6, RESULT_COLUMN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
