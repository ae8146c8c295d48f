"""«Чтение состояния»: request buttons and the module status in the manuals' words (000 §8.3, 001 §7.2).

The rows and their wording come from protocols.module.module_status.StatusSnapshot.rows(); the page
lays them out in the vendor tool's two columns «Состояние» and «Прочее» and adds a signal
quality bar judged against the recommended level. Each request starts from an empty panel, and the
line above the values says what was read, when and from where (method and address or serial number),
so a value is never taken for another module's; errors are red. «Запросить всё» sends every request
the module type answers, one after the other, into one panel. With the SMS method the page shows what
the modules answer by SMS (001 §6.4.1.2.2): «Запросить настройки по SMS» and a table per phone.
«Индикация светодиодов» unfolds what the module type's LEDs mean (app.ui.led_indication).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.fit import explain_disabled, transparent_viewport
from app.ui.i18n import pick, tr
from app.ui.led_indication import LedIndication
from app.ui.signal_plot import SignalQualityBar
from app.ui.transfer_tab import KeyedRows, verdict_item
from protocols.module.module_status import StatusSnapshot
from protocols.module.status_tables import module_technology
from protocols.params.module_types import ModuleType
from protocols.sms.sms_grammar import QUERIES

STATUS_KINDS = ("status", "extended", "imei", "ip", "ipv6", "iccid", "all")
ERROR_STYLE = "color: #b00020;"
SIDE_BY_SIDE_WIDTH = 760  # below this the two status columns squeeze their values into slivers


def _button_labels() -> dict[str, str]:
    return {
        "status": tr("Запросить статус"),
        "extended": tr("Запросить расширенный статус"),
        "imei": tr("Запросить IMEI"),
        "ip": tr("Запросить текущий IP"),
        "ipv6": tr("Запросить текущий IPv6"),
        "iccid": tr("Запросить ICCID"),
        "all": tr("Запросить всё"),
    }


class StatusTab(QWidget):
    requested = Signal(str)  # one of STATUS_KINDS
    sms_query_requested = Signal()
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.module = ModuleType.GSM_2G4G
        self.snapshot = StatusSnapshot(module_hint=self.module)
        self.buttons: dict[str, QPushButton] = {}
        # two columns, the long names in the right one: the page fits beside the settings on a laptop
        grid = QGridLayout()
        places = {"status": (0, 0), "extended": (0, 1), "imei": (1, 0), "ip": (1, 1), "iccid": (2, 0),
                  "ipv6": (2, 1), "all": (3, 0)}
        for kind, label in _button_labels().items():
            button = QPushButton(label)
            button.setObjectName(f"status_{kind}")
            button.clicked.connect(lambda _checked=False, k=kind: self.requested.emit(k))
            self.buttons[kind] = button
            grid.addWidget(button, *places[kind])
        self.buttons["all"].setToolTip(tr("Все запросы состояния по очереди, в одну панель"))
        self.leds = LedIndication()
        self.leds.set_module(self.module)
        grid.addWidget(self.leds.toggle, 3, 1)
        self.cancel_button = QPushButton(tr("Отмена"))
        self.cancel_button.setObjectName("status_cancel")
        explain_disabled(self.cancel_button, False, tr("Нет запроса, который можно отменить"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.clear_button = QPushButton(tr("Очистить состояние"))
        self.clear_button.setObjectName("status_clear")
        self.clear_button.clicked.connect(self.clear)
        grid.addWidget(self.cancel_button, 4, 0)
        grid.addWidget(self.clear_button, 4, 1)
        self.message = QLabel()
        self.message.setObjectName("status_message")
        self.message.setWordWrap(True)
        self.source = QLabel()
        self.source.setObjectName("status_source")
        self.source.setWordWrap(True)
        self.source.setStyleSheet("color: #555555;")
        self.available = True
        self.unavailable_reason = ""
        self.read_from: tuple[str, str, str] | None = None  # (request, where, when) of the values shown
        self.sms_button = QPushButton(tr("Запросить настройки по SMS"))
        self.sms_button.setObjectName("status_sms_settings")
        self.sms_button.setToolTip(tr("Команды {commands} без параметров — по одному SMS на каждый номер "
                                      "списка; ответы модулей показываются ниже").format(
            commands=", ".join(item.name for item in QUERIES)))
        self.sms_button.clicked.connect(self.sms_query_requested)
        self.sms_table = QTableWidget(0, 2)
        self.sms_table.setObjectName("sms_settings_table")
        self.sms_table.verticalHeader().hide()
        self.sms_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.sms_rows = KeyedRows(self.sms_table)
        self.sms_box = QGroupBox(tr("Настройки модулей по SMS"))
        self.sms_box.setObjectName("sms_settings_box")
        sms_layout = QVBoxLayout(self.sms_box)
        sms_layout.addWidget(self.sms_button)
        sms_layout.addWidget(self.sms_table)
        self.sms_box.hide()
        self.sms_columns: list[str] = []
        box = QGroupBox(tr("Статус модуля"))
        self.status_box = box
        self.columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, box)
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
        layout.addWidget(self.source)
        layout.addWidget(self.leds, 1)
        layout.addWidget(self.sms_box, 1)
        # the status scrolls inside the tab, so a long status never widens or heightens the window
        self.status_scroll = QScrollArea()
        self.status_scroll.setObjectName("status_scroll")
        self.status_scroll.setWidgetResizable(True)
        self.status_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.status_scroll.setViewport(transparent_viewport())  # the tab's own background
        self.status_scroll.setWidget(box)
        layout.addWidget(self.status_scroll, 1)
        self.signal_row = QWidget()
        signal_row = QHBoxLayout(self.signal_row)
        signal_row.setContentsMargins(0, 0, 0, 0)
        signal_row.addWidget(QLabel(tr("Качество сигнала")))
        signal_row.addWidget(self.quality, 1)
        layout.addWidget(self.signal_row)
        self.value_labels: dict[str, QLabel] = {}
        self.show_snapshot()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        """«Состояние» and «Прочее» side by side when the tab is wide, one above the other on a laptop."""
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        self.columns.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)

    def set_module(self, module: ModuleType) -> None:
        self.module = module
        self.leds.set_module(module)
        self.buttons["ipv6"].setVisible(module.is_nb_iot)  # IPv6 is an NB-IoT request (000 §8.3)
        if self.snapshot.status is None:
            self.snapshot = StatusSnapshot(module_hint=module)
            self.show_snapshot()

    def set_available(self, available: bool, reason: str = "") -> None:
        self.available = available
        self.unavailable_reason = reason
        for button in self.buttons.values():
            explain_disabled(button, available, reason)
        self.show_message("" if available else reason)

    def show_message(self, text: str, *, error: bool = False) -> None:
        """The line under the buttons: progress and results in the normal colour, errors in red."""
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def begin(self, kind: str, where: str) -> None:
        """A new request: the previous result goes, the line says what is being read from where."""
        self.snapshot = StatusSnapshot(module_hint=self.module)
        self.read_from = None
        self.show_snapshot()
        self.source.setText(tr("{what}: {where}…").format(what=self.buttons[kind].text(), where=where))
        self.show_message(tr("Запрос…"))

    def show_source(self, kind: str, where: str, at: str) -> None:
        """«{what}: прочитано в {time}, {where}» over the values (kept across a language switch)."""
        self.read_from = (kind, where, at)
        self.source.setText(tr("{what}: прочитано в {time}, {where}").format(
            what=self.buttons[kind].text(), time=at, where=where))

    def finish(self, snapshot: StatusSnapshot, kind: str, where: str, at: str, problems: list[str]) -> None:
        """The answer of request ``kind`` read from ``where`` at ``at``; ``problems``: requests that failed."""
        self.apply(snapshot)
        self.show_source(kind, where, at)
        if problems:
            self.show_message("\n".join(problems), error=True)
        else:
            self.show_message(tr("Ответ получен"))

    def fail(self, text: str) -> None:
        """The request failed: nothing of an earlier answer stays on the panel."""
        self.snapshot = StatusSnapshot(module_hint=self.module)
        self.read_from = None
        self.show_snapshot()
        source = self.source.text().removesuffix("…")
        if source:
            self.source.setText(tr("{what} — не прочитано").format(what=source))
        self.show_message(text, error=True)

    def set_sms_mode(self, on: bool) -> None:
        """The SMS method: the settings query and its table in place of the status read over a link."""
        self.sms_box.setVisible(on)
        for widget in (self.status_scroll, self.signal_row):
            widget.setVisible(not on)

    def set_busy(self, busy: bool) -> None:
        explain_disabled(self.cancel_button, busy, tr("Нет запроса, который можно отменить"))
        for button in self.buttons.values():
            explain_disabled(button, not busy and self.available,
                             tr("Идёт операция: дождитесь её окончания или нажмите «Отмена»") if busy
                             else self.unavailable_reason)
        explain_disabled(self.sms_button, not busy, tr("Идёт операция: дождитесь её окончания или нажмите «Отмена»"))

    # --- settings by SMS -------------------------------------------------------------------------
    def start_sms_query(self, phones: list[str], columns: list[str]) -> None:
        self.sms_columns = columns
        headers = [tr("Телефон"), tr("Результат"), *columns]
        self.sms_table.clear()
        self.sms_table.setColumnCount(len(headers))
        self.sms_table.setHorizontalHeaderLabels(headers)
        self.sms_rows.reset()
        self.sms_table.resizeColumnsToContents()  # the headers' widths; each row widens them as it is filled
        for phone in phones:
            self.set_sms_row(phone, tr("ожидание"), None, {})

    def set_sms_row(self, phone: str, result: str, ok: bool | None, cells: dict[str, str]) -> None:
        row = self.sms_rows.row(phone)
        self.sms_table.setItem(row, 1, verdict_item(result, ok))
        for column, name in enumerate(self.sms_columns, 2):
            self.sms_table.setItem(row, column, QTableWidgetItem(cells.get(name, "")))
        self.sms_rows.fit(row)

    def sms_results(self) -> dict[str, list[str]]:
        """Per phone: result and the reported values, as shown (tests read it)."""
        found: dict[str, list[str]] = {}
        for row in range(self.sms_table.rowCount()):
            cells = [self.sms_table.item(row, c) for c in range(self.sms_table.columnCount())]
            found[cells[0].text() if cells[0] else ""] = [c.text() if c else "" for c in cells[1:]]
        return found

    def apply(self, snapshot: StatusSnapshot) -> None:
        self.snapshot = snapshot
        self.show_snapshot()

    def clear(self) -> None:
        self.snapshot = StatusSnapshot(module_hint=self.module)
        self.read_from = None
        self.show_message("")
        self.source.clear()
        self.show_snapshot()

    def show_snapshot(self) -> None:
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
