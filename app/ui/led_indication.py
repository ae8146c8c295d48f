"""«Индикация светодиодов» on the status tab: what the module's LEDs say, worded as in the manuals
(001 Appendix В for the GSM modules, 000 Appendix Б for NB-IoT; protocols.module.status_leds).

A technician on site reads the LEDs before anything can be requested over a link, so the table is
there with every delivery method; it is folded away until asked for and follows the module type.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.ui.i18n import pick, tr
from protocols.module.status_leds import NB_LED_CYCLE, led_indications
from protocols.params.module_types import ModuleType


class LedIndication(QGroupBox):
    """The LED table of one module type; :attr:`toggle` shows and hides it."""

    def __init__(self) -> None:
        super().__init__(tr("Индикация светодиодов модуля"))
        self.setObjectName("status_leds")
        self.toggle = QPushButton(tr("Индикация светодиодов"))
        self.toggle.setObjectName("status_leds_toggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(tr("Что означают светодиоды модуля (приложения руководств)"))
        self.toggle.toggled.connect(self.setVisible)
        self.cycle = QLabel(pick(NB_LED_CYCLE))
        self.cycle.setObjectName("status_leds_cycle")
        self.cycle.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("status_leds_table")
        self.table.setHorizontalHeaderLabels([tr("Светодиод"), tr("Индикация"), tr("Значение")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):  # the indication and its meaning share the width and wrap
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())  # wrapped meanings
        layout = QVBoxLayout(self)
        layout.addWidget(self.cycle)
        layout.addWidget(self.table)
        self.module: ModuleType | None = None
        self.hide()

    def set_module(self, module: ModuleType) -> None:
        if module is self.module:
            return
        self.module = module
        rows = led_indications(module)
        self.cycle.setVisible(module.is_nb_iot)  # the NB-IoT LEDs speak in a cycle of four flashes
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, text in enumerate((row.led, row.pattern, row.meaning)):
                self.table.setItem(number, column, QTableWidgetItem(pick(text)))
        self.table.resizeRowsToContents()

    def rows(self) -> list[list[str]]:
        """The table as shown (tests read it)."""
        return [[item.text() if (item := self.table.item(r, c)) else "" for c in range(3)]
                for r in range(self.table.rowCount())]
