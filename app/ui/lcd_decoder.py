"""LCD code decoder: the technician types the digits the meter shows, the tool explains them.

The decoding is protocols.module.status_lcd.decode_lcd (NB-IoT manual Table 5, 001 Table 6); this page only
asks for the two digit groups and shows each field's meaning.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import pick, tr
from protocols.errors import ConfiguratorError
from protocols.module.status_lcd import decode_lcd, lcd_fields
from protocols.params.module_types import ModuleType


class LcdDecoderPage(QWidget):
    def __init__(self, module: ModuleType = ModuleType.GSM_2G4G) -> None:
        super().__init__()
        self.module_combo = QComboBox()
        self.module_combo.setObjectName("lcd_module")
        for item in ModuleType:
            self.module_combo.addItem(pick(item.label), item.value)
        self.module_combo.setCurrentIndex(self.module_combo.findData(module.value))
        self.group1 = QLineEdit()
        self.group1.setObjectName("lcd_group1")
        self.group2 = QLineEdit()
        self.group2.setObjectName("lcd_group2")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("lcd_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("lcd_table")
        self.table.setHorizontalHeaderLabels([tr("Поле"), tr("Значение"), tr("Расшифровка")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Тип модуля"), self.module_combo)
        form.addRow(tr("Группа 1"), self.group1)
        form.addRow(tr("Группа 2"), self.group2)
        intro = QLabel(tr("Введите цифры, которые счётчик показывает на индикаторе в группе информации о модуле "
                          "связи: программа расшифрует каждое поле."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.module_combo.currentIndexChanged.connect(self.decode)
        self.group1.textChanged.connect(self.decode)
        self.group2.textChanged.connect(self.decode)
        self.decode()

    def module(self) -> ModuleType:
        return ModuleType.from_id(self.module_combo.currentData())

    def decode(self) -> None:
        module = self.module()
        specs = lcd_fields(module)
        counts = [sum(1 for s in specs if s.group == g) for g in (1, 2)]
        self.hint.setText(tr("Для этого модуля: группа 1 — {n1} цифры, группа 2 — {n2} цифры (например «{example}»).")
                          .format(n1=counts[0], n2=counts[1], example="1" * counts[0] + " " + "1" * counts[1]))
        self.table.setRowCount(0)
        self.error.clear()
        if not self.group1.text().strip() and not self.group2.text().strip():
            return
        try:
            fields = decode_lcd(module, self.group1.text(), self.group2.text())
        except ConfiguratorError as error:
            self.error.setText(pick(error.text))
            return
        self.table.setRowCount(len(fields))
        for row, item in enumerate(fields):
            where = tr("Группа {group}, поле {field}: {name}").format(
                group=item.group, field=item.field, name=pick(item.name))
            for column, text in enumerate((where, item.raw, pick(item.meaning))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
