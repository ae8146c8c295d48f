"""«Чтение состояния»: request buttons and the module status in the seeds' words (000 §8.3, 001 §7.2).

The rows and their wording come from protocols.module_status.StatusSnapshot.rows(); the page
lays them out in the vendor tool's two columns «Состояние» and «Прочее» and adds a signal
quality bar judged against the recommended level.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import pick, tr
from app.ui.signal_plot import SignalQualityBar
from protocols.module_status import StatusSnapshot
from protocols.module_types import ModuleType
from protocols.status_tables import module_technology

STATUS_KINDS = ("status", "extended", "imei", "ip", "ipv6", "iccid")


def _button_labels() -> dict[str, str]:
    return {
        "status": tr("Запросить статус"),
        "extended": tr("Запросить расширенный статус"),
        "imei": tr("Запросить IMEI"),
        "ip": tr("Запросить текущий IP"),
        "ipv6": tr("Запросить текущий IPv6"),
        "iccid": tr("Запросить ICCID"),
    }


class StatusTab(QWidget):
    requested = Signal(str)  # one of STATUS_KINDS
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.module = ModuleType.GSM_2G4G
        self.snapshot = StatusSnapshot(module_hint=self.module)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for index, (kind, label) in enumerate(_button_labels().items()):
            button = QPushButton(label)
            button.setObjectName(f"status_{kind}")
            button.clicked.connect(lambda _checked=False, k=kind: self.requested.emit(k))
            self.buttons[kind] = button
            grid.addWidget(button, index // 3, index % 3)
        self.cancel_button = QPushButton(tr("Отмена"))
        self.cancel_button.setObjectName("status_cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.clear_button = QPushButton(tr("Очистить состояние"))
        self.clear_button.setObjectName("status_clear")
        self.clear_button.clicked.connect(self.clear)
        grid.addWidget(self.cancel_button, 2, 0)
        grid.addWidget(self.clear_button, 2, 1)
        self.message = QLabel()
        self.message.setObjectName("status_message")
        self.message.setWordWrap(True)
        box = QGroupBox(tr("Статус модуля"))
        columns = QHBoxLayout(box)
        self.state_box = QGroupBox(tr("Состояние"))
        self.other_box = QGroupBox(tr("Прочее"))
        self.state_form = QFormLayout(self.state_box)
        self.other_form = QFormLayout(self.other_box)
        columns.addWidget(self.state_box, 3)
        columns.addWidget(self.other_box, 2)
        self.quality = SignalQualityBar()
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(box)
        signal_row = QHBoxLayout()
        signal_row.addWidget(QLabel(tr("Качество сигнала")))
        signal_row.addWidget(self.quality, 1)
        layout.addLayout(signal_row)
        layout.addStretch(1)
        self.value_labels: dict[str, QLabel] = {}
        self.render()

    def set_module(self, module: ModuleType) -> None:
        self.module = module
        self.buttons["ipv6"].setVisible(module.is_nb_iot)  # IPv6 is an NB-IoT request (000 §8.3)
        if self.snapshot.status is None:
            self.snapshot = StatusSnapshot(module_hint=module)
            self.render()

    def set_available(self, available: bool, reason: str = "") -> None:
        for button in self.buttons.values():
            button.setEnabled(available)
        self.message.setText("" if available else reason)

    def set_busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
        for button in self.buttons.values():
            button.setEnabled(not busy)

    def apply(self, snapshot: StatusSnapshot) -> None:
        self.snapshot = snapshot
        self.render()

    def clear(self) -> None:
        self.snapshot = StatusSnapshot(module_hint=self.module)
        self.message.clear()
        self.render()

    def render(self) -> None:
        for form in (self.state_form, self.other_form):
            while form.rowCount():
                form.removeRow(0)
        self.value_labels = {}
        for row in self.snapshot.rows():
            value = QLabel(pick(row.value))
            value.setObjectName(f"status_value_{row.key}")
            value.setWordWrap(True)
            self.value_labels[row.key] = value
            form = self.state_form if row.column == "state" else self.other_form
            form.addRow(pick(row.label) + ":", value)
        extended = self.snapshot.extended
        if extended is None or extended.signal is None:
            self.quality.show_level(None)
            return
        band = extended.band.code if extended.band is not None else None
        family = extended.status.module
        self.quality.show_level(extended.signal.code, module_technology(family, band))
