"""«Дополнительно» (the modem's SMS storage, 001 §6.4.1.3) and «Уровень сигнала» (live plot)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.fit import explain_disabled
from app.ui.i18n import pick, tr
from app.ui.signal_plot import SignalPlot, SignalQualityBar
from protocols.module.status_tables import RadioTechnology
from protocols.text import Text

# The storages of 3GPP TS 27.005 «AT+CPMS» a GSM modem offers; the vendor tool lists the same.
STORAGES: tuple[tuple[str, Text], ...] = (
    ("SM", Text("SIM-карта (SM)", "SIM card (SM)")),
    ("ME", Text("Память модема (ME)", "Modem memory (ME)")),
    ("MT", Text("SIM-карта и память модема (MT)", "SIM and modem memory (MT)")),
)


class StorageTab(QWidget):
    list_requested = Signal(str)  # storage name
    clear_requested = Signal(str)
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.storage = QComboBox()
        self.storage.setObjectName("sms_storage")
        for name, label in STORAGES:
            self.storage.addItem(pick(label), name)
        self.storage.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.storage.setMinimumContentsLength(16)
        self.list_button = QPushButton(tr("Получить SMS"))
        self.list_button.setObjectName("storage_list")
        self.list_button.clicked.connect(lambda: self.list_requested.emit(self.storage_name()))
        self.clear_button = QPushButton(tr("Очистить выбранное хранилище"))
        self.clear_button.setObjectName("storage_clear")
        self.clear_button.clicked.connect(lambda: self.clear_requested.emit(self.storage_name()))
        self.message = QLabel()
        self.message.setObjectName("storage_message")
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("storage_messages")
        self.table.setHorizontalHeaderLabels([tr("№"), tr("Отправитель"), tr("Время"), tr("Текст")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        form = QFormLayout()
        form.addRow(tr("Хранилище SMS"), self.storage)
        buttons = QHBoxLayout()
        buttons.addWidget(self.list_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        note = QLabel(tr("Здесь видны SMS в хранилище GSM-модема компьютера, в том числе ответы модулей. "
                         "Если ответы не приходят, причиной может быть заполненное хранилище: очистите его."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def storage_name(self) -> str:
        return str(self.storage.currentData())

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    def set_busy(self, busy: bool) -> None:
        why = tr("Идёт операция: дождитесь её окончания или нажмите «Отмена»")
        explain_disabled(self.list_button, not busy, why)
        explain_disabled(self.clear_button, not busy, why)

    def show_messages(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeRowsToContents()


class SignalTab(QWidget):
    """Polls the module every few seconds while the engineer moves the antenna."""

    start_requested = Signal()
    stop_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.interval = QSpinBox()
        self.interval.setObjectName("signal_interval")
        self.interval.setRange(2, 60)
        self.interval.setValue(5)
        self.interval.setSuffix(tr(" с"))
        self.start_button = QPushButton(tr("Начать"))
        self.start_button.setObjectName("signal_start")
        self.start_button.clicked.connect(self.start_requested)
        self.stop_button = QPushButton(tr("Остановить"))
        self.stop_button.setObjectName("signal_stop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop_requested)
        self.plot = SignalPlot()
        self.clear_button = QPushButton(tr("Очистить"))
        self.clear_button.clicked.connect(lambda: self.plot.clear())
        self.quality = SignalQualityBar()
        self.quality.setObjectName("signal_tab_quality")
        self.message = QLabel()
        self.message.setObjectName("signal_message")
        self.message.setWordWrap(True)
        intro = QLabel(tr("Программа запрашивает расширенный статус модуля с заданным периодом и рисует уровень "
                          "сигнала. Перемещайте антенну и следите, чтобы уровень был не ниже рекомендуемого "
                          "(пунктир)."))
        intro.setWordWrap(True)
        period = QHBoxLayout()  # two short rows rather than one wide: the tab fits beside the settings
        period.addWidget(QLabel(tr("Период опроса")))
        period.addWidget(self.interval)
        period.addStretch(1)
        controls = QHBoxLayout()
        controls.addWidget(self.start_button)
        controls.addWidget(self.stop_button)
        controls.addWidget(self.clear_button)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(period)
        layout.addLayout(controls)
        layout.addWidget(self.quality)
        layout.addWidget(self.message)
        layout.addWidget(self.plot, 1)

    def set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.interval.setEnabled(not running)

    def add_sample(self, level: int, technology: RadioTechnology) -> None:
        self.plot.add(level, technology)
        self.quality.show_level(level, technology)
