"""«Параметры приборов»: channel, its interface, the device table and its buttons (UTMC-700 guide items 14–23).

Editing (add, edit, remove, import from a file) changes only the table; «Записать приборы»
sends the selected channel's list to the UTMC and «Прочитать приборы» replaces it with what the
UTMC holds, including the last poll results. Operations are requested through signals; the
workspace runs them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import pick, tr
from app.ui.utmc.device_dialog import DeviceDialog
from app.ui.utmc.device_table import DeviceTableModel
from protocols.utmc.utmc_devices import PER_CHANNEL, DeviceRecord, first_number
from protocols.utmc.utmc_params import CHANNEL_INTERFACES, CHANNELS


class DevicesPage(QWidget):
    read_devices_requested = Signal(int)  # channel
    write_devices_requested = Signal(int, list)  # channel, records
    poll_all_requested = Signal()
    poll_one_requested = Signal(int)  # device number
    read_interfaces_requested = Signal()
    write_interfaces_requested = Signal(dict)  # {"channel_interface_N": "RS232"|"RS485"}
    import_requested = Signal()
    export_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("utmc_page_devices")
        self.model = DeviceTableModel(self)
        self.dialog: DeviceDialog | None = None  # the add/edit dialog while it is open
        self.channel = QComboBox()
        self.channel.setObjectName("utmc_channel")
        for n in range(1, CHANNELS + 1):
            self.channel.addItem(tr("Канал {n} (приборы {first}…{last})").format(
                n=n, first=first_number(n), last=first_number(n) + PER_CHANNEL - 1), n)
        self.count = QLabel()
        self.count.setObjectName("utmc_device_count")
        self.interfaces: dict[int, QComboBox] = {}
        interface_box = QGroupBox(tr("Выбор интерфейса (каналы 1–8)"))
        interface_row = QHBoxLayout(interface_box)  # one row: the page fits a laptop screen at 125 %
        for n in range(1, CHANNELS + 1):
            combo = QComboBox()
            combo.setObjectName(f"utmc_channel_interface_{n}")
            combo.setToolTip(tr("Интерфейс канала {n}").format(n=n))
            for choice in CHANNEL_INTERFACES:
                combo.addItem(pick(choice.label), choice.value)
            combo.setCurrentIndex(combo.findData("RS485"))
            self.interfaces[n] = combo
            number = QLabel(str(n))
            number.setToolTip(tr("Канал {n}").format(n=n))
            number.setBuddy(combo)
            interface_row.addWidget(number)
            interface_row.addWidget(combo, 1)
        self.read_interfaces = QPushButton(tr("Прочитать"))
        self.read_interfaces.setObjectName("utmc_read_interfaces")
        self.read_interfaces.setToolTip(tr("Прочитать интерфейсы всех каналов из УТМЦ"))
        self.write_interfaces = QPushButton(tr("Записать"))
        self.write_interfaces.setObjectName("utmc_write_interfaces")
        self.write_interfaces.setToolTip(tr("Записать интерфейсы всех каналов в УТМЦ"))
        interface_row.addSpacing(8)
        interface_row.addWidget(self.read_interfaces)
        interface_row.addWidget(self.write_interfaces)
        self.table = QTableView()
        self.table.setObjectName("utmc_devices_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # widths fitted to each column's longest text when the rows change (fit_columns), not measured
        # cell by cell: a full channel refills in milliseconds; the user may still drag them
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button = self._button(tr("Добавить прибор"), "utmc_add_device", self.add_device)
        self.edit_button = self._button(tr("Изменить"), "utmc_edit_device", self.edit_selected)
        self.remove_button = self._button(tr("Удалить"), "utmc_remove_device", self.remove_selected)
        # short names (the guide's full ones in the tooltips): the buttons fit one row on a laptop
        self.import_button = self._button(tr("Список из файла…"), "utmc_import_devices",
                                          self.import_requested.emit)
        self.import_button.setToolTip(tr("Прочитать список приборов из файла (текст через «;» или книга Excel)"))
        self.export_button = self._button(tr("Список в файл…"), "utmc_export_devices",
                                          self.export_requested.emit)
        self.export_button.setToolTip(tr("Сохранить список приборов в файл (текст через «;» или книга Excel)"))
        self.write_button = self._button(tr("Записать приборы"), "utmc_write_devices",
                                         lambda: self.write_devices_requested.emit(self.current_channel(),
                                                                                   self.model.channel_records()))
        self.read_button = self._button(tr("Прочитать приборы"), "utmc_read_devices",
                                        lambda: self.read_devices_requested.emit(self.current_channel()))
        self.poll_all_button = self._button(tr("Опросить все устройства"), "utmc_poll_all",
                                            self.poll_all_requested.emit)
        self.poll_one_button = self._button(tr("Опросить устройство"), "utmc_poll_one", self._poll_one)
        self.message = QLabel()
        self.message.setObjectName("utmc_devices_message")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Канал УТМЦ")))
        top.addWidget(self.channel)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.read_button)
        top.addWidget(self.write_button)
        edit_row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            edit_row.addWidget(button)
        edit_row.addSpacing(12)
        edit_row.addWidget(self.import_button)
        edit_row.addWidget(self.export_button)
        edit_row.addStretch(1)
        edit_row.addWidget(self.poll_one_button)
        edit_row.addWidget(self.poll_all_button)
        self.message.hide()  # no empty line until there is something to say
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(interface_box)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.message)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self.read_interfaces.clicked.connect(self.read_interfaces_requested.emit)
        self.write_interfaces.clicked.connect(lambda: self.write_interfaces_requested.emit(self.interface_values()))
        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self.fit_columns)
        self._update_count()
        self.fit_columns()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- channel and interfaces ----------------------------------------------------------------
    def current_channel(self) -> int:
        return int(self.channel.currentData())

    def set_channel(self, channel: int) -> None:
        self.channel.setCurrentIndex(self.channel.findData(channel))

    def _channel_changed(self, *_args: object) -> None:
        self.model.set_channel(self.current_channel())

    def _update_count(self) -> None:
        n = len(self.model.channel_records())
        self.count.setText(tr("приборов в канале: {n} из {max}").format(n=n, max=PER_CHANNEL))

    def fit_columns(self) -> None:
        """Each column as wide as its header or its longest text, whichever is wider."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        margin = self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table)
        padding = 2 * (margin + 1) + 8  # the item delegate's margins, and a little air
        for column, text in enumerate(self.model.longest_texts()):
            width = metrics.horizontalAdvance(text) + padding if text else 0
            self.table.setColumnWidth(column, max(width, header.sectionSizeFromContents(column).width()))

    def interface_values(self) -> dict[str, str]:
        return {f"channel_interface_{n}": str(combo.currentData()) for n, combo in self.interfaces.items()}

    def set_interface_values(self, values: dict[str, object]) -> None:
        for n, combo in self.interfaces.items():
            value = values.get(f"channel_interface_{n}")
            if value is not None:
                combo.setCurrentIndex(max(combo.findData(str(value)), 0))

    # -- editing -------------------------------------------------------------------------------
    def selected_record(self) -> DeviceRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def add_device(self) -> None:
        channel = self.current_channel()
        if len(self.model.channel_records(channel)) >= PER_CHANNEL:
            self.show_message(tr("В канале {n} уже {max} приборов — больше добавить нельзя").format(
                n=channel, max=PER_CHANNEL), error=True)
            return
        self._open_dialog(DeviceDialog(channel, self.model.numbers(), parent=self), None)

    def edit_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            self.show_message(tr("Выберите прибор в таблице"), error=True)
            return
        self._open_dialog(DeviceDialog(record.channel, self.model.numbers(), record, parent=self), record)

    def _open_dialog(self, dialog: DeviceDialog, old: DeviceRecord | None) -> None:
        """Window-modal but not exec(): the asyncio loop keeps running while the dialog is open."""
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog, old))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _dialog_accepted(self, dialog: DeviceDialog, old: DeviceRecord | None) -> None:
        record = dialog.result_record
        if record is None:
            return
        if old is None:
            self.model.add(record)
            text = tr("Прибор {number} добавлен; нажмите «Записать приборы», чтобы занести список в УТМЦ")
        else:
            self.model.update(old.number, record)
            text = tr("Прибор {number} изменён")
        self.select_number(record.number)
        self.show_message(text.format(number=record.number), hint=old is None)
        self.dialog = None

    def remove_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            self.show_message(tr("Выберите прибор в таблице"), error=True)
            return
        self.model.remove(record.number)
        self.show_message(tr("Прибор {number} удалён из таблицы").format(number=record.number))

    def select_number(self, number: int) -> None:
        try:
            row = self.model.row_of_number(number)
        except StopIteration:
            return
        self.table.selectRow(row)

    def _poll_one(self) -> None:
        record = self.selected_record()
        if record is None:
            self.show_message(tr("Выберите прибор в таблице, чтобы опросить его"), error=True)
            return
        self.poll_one_requested.emit(record.number)

    def merge(self, records: list[DeviceRecord]) -> None:
        """Records from a file: added to the table, replacing those with the same numbers."""
        numbers = {r.number for r in records}
        self.model.set_records([*(r for r in self.model.records if r.number not in numbers), *records])
        if records and all(r.channel != self.current_channel() for r in records):
            self.set_channel(records[0].channel)

    def show_message(self, text: str, *, error: bool = False, hint: bool = False) -> None:
        """The line under the table; ``hint``: it asks for a next step and goes once that is done."""
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setProperty("hint", hint)

    def clear_hint(self) -> None:
        """The step the hint asked for is done (the list written or replaced): the hint goes."""
        if self.message.property("hint"):
            self.show_message("")
