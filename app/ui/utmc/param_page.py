"""One parameter tab (Main, Network, Interfaces, Service): the table and its buttons.

«Прочитать» and «Записать» act on the rows ticked in column «1» (UTMC-700 guide item 8). On the Main
tab «Синхронизировать время» puts the PC clock into the value of «Текущее время на УТМЦ» and
ticks that row, without writing anything (item 10).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.i18n import tr
from app.ui.utmc.param_table import ParameterTable, ParameterTableModel
from protocols.utmc.utmc_params import Tab, parameters_for

TIME_KEY = "current_time"


class ParameterPage(QWidget):
    read_requested = Signal(list)  # keys
    write_requested = Signal(list)

    def __init__(self, tab: Tab) -> None:
        super().__init__()
        self.tab = tab
        self.setObjectName(f"utmc_page_{tab.value}")
        self.model = ParameterTableModel(parameters_for(tab), self)
        self.table = ParameterTable(self.model, f"utmc_table_{tab.value}")
        self.select_all = QPushButton(tr("Выбрать все"))
        self.select_all.setObjectName(f"utmc_select_all_{tab.value}")
        self.select_none = QPushButton(tr("Снять выбор"))
        self.select_none.setObjectName(f"utmc_select_none_{tab.value}")
        self.read_button = QPushButton(tr("Прочитать"))
        self.read_button.setObjectName(f"utmc_read_{tab.value}")
        self.write_button = QPushButton(tr("Записать"))
        self.write_button.setObjectName(f"utmc_write_{tab.value}")
        self.sync_time = QPushButton(tr("Синхронизировать время"))
        self.sync_time.setObjectName("utmc_sync_time")
        self.sync_time.setToolTip(tr("Ставит время ПК в колонку «Значение»; в УТМЦ запишется только по «Записать»"))
        self.sync_time.setVisible(any(p.key == TIME_KEY for p in self.model.params))
        self.message = QLabel()
        self.message.setObjectName(f"utmc_message_{tab.value}")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.select_all)
        buttons.addWidget(self.select_none)
        buttons.addWidget(self.sync_time)
        buttons.addStretch(1)
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.write_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.select_all.clicked.connect(lambda: self.model.set_selected(self.model.keys(), True))
        self.select_none.clicked.connect(lambda: self.model.set_selected(self.model.keys(), False))
        self.read_button.clicked.connect(self._read)
        self.write_button.clicked.connect(self._write)
        self.sync_time.clicked.connect(self.synchronise_time)

    def synchronise_time(self) -> None:
        now = datetime.now().replace(microsecond=0)
        self.model.set_values({TIME_KEY: now})
        self.model.set_selected([TIME_KEY], True)
        self.show_message(tr("Время ПК {time} подставлено; нажмите «Записать», чтобы записать его в УТМЦ")
                          .format(time=now.strftime("%d.%m.%Y %H:%M:%S")), hint=True)

    def _read(self) -> None:
        keys = [k for k in self.model.selected_keys() if self.model.param(k).readable]
        if not keys:
            self.show_message(tr("Отметьте в колонке «1» параметры для чтения"), error=True)
            return
        self.read_requested.emit(keys)

    def _write(self) -> None:
        selected = self.model.selected_keys()
        keys = [k for k in selected if self.model.param(k).writable]
        if not keys:
            self.show_message(tr("Отметьте в колонке «1» параметры для записи (доступные для записи)"), error=True)
            return
        problems = self.model.problems(keys)
        if problems:
            self.show_message(tr("Не записано, исправьте значения:") + "\n" + "\n".join(problems), error=True)
            return
        self.write_requested.emit(keys)

    def show_message(self, text: str, *, error: bool = False, hint: bool = False) -> None:
        """The line under the table; ``hint``: it asks for a next step and goes once that is done."""
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)
        self.message.setProperty("hint", hint)

    def clear_hint(self) -> None:
        if self.message.property("hint"):
            self.show_message("")
