"""«Передача настроек»: send, progress per step and per phone, cancel, results per parameter/phone.

The progress line and bar always end in the outcome: a failure turns the bar red where the run
stopped and the line says what stopped it (never a stale «Соединение…»); a run that went to its
end with some failures shows a red full bar; a result to look at (the Master SIM differs from the
form) is amber.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.fit import explain_disabled
from app.ui.i18n import tr

OK_COLOR, FAIL_COLOR, WAIT_COLOR = QColor("#2e7d32"), QColor("#c62828"), QColor("#9a6700")
FAILED_BAR = f"QProgressBar {{ text-align: center; }} QProgressBar::chunk {{ background-color: {FAIL_COLOR.name()}; }}"


class KeyedRows:
    """The rows of a results table, found by their first cell's text without scanning the table.

    A batch's results arrive phone by phone; scanning the rows for each one, and measuring every
    cell to size a column to its contents, made showing n results cost n² (a visible freeze at a
    few hundred phones). Columns grow to fit each row as it is filled instead."""

    def __init__(self, table: QTableWidget) -> None:
        self.table = table
        self._rows: dict[str, int] = {}
        self._widths: dict[tuple[int, str], int] = {}  # (column, text): the width its cell needs

    def reset(self) -> None:
        self.table.setRowCount(0)
        self._rows.clear()
        self._widths.clear()  # the language or the font may have changed since

    def row(self, key: str) -> int:
        """The row whose first cell reads ``key``, appended with that first cell if there is none."""
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(key))
        return row

    def fit(self, row: int) -> None:
        """Widen the columns the user may size (not a stretching one) to the cells of ``row``."""
        header = self.table.horizontalHeader()
        for column in range(self.table.columnCount()):
            if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
                continue
            if column == self.table.columnCount() - 1 and header.stretchLastSection():
                continue
            item = self.table.item(row, column)
            text = "" if item is None else item.text()
            needed = self._widths.get((column, text))
            if needed is None:  # a batch repeats a few texts («ожидание»…): each is measured once
                hint = self.table.sizeHintForIndex(self.table.model().index(row, column)).width()
                # as resizeColumnsToContents measures: the grid line takes a pixel of the column
                needed = self._widths[column, text] = hint + int(self.table.showGrid())
            if needed > self.table.columnWidth(column):
                self.table.setColumnWidth(column, needed)


def verdict_item(text: str, ok: bool | None) -> QTableWidgetItem:
    """A result cell: green when ok, red when not, amber while still waiting (None)."""
    item = QTableWidgetItem(text)
    item.setForeground(WAIT_COLOR if ok is None else OK_COLOR if ok else FAIL_COLOR)
    return item


class TransferTab(QWidget):
    send_requested = Signal()
    read_requested = Signal()  # «Прочитать настройки»: fill the form from the module
    cancel_requested = Signal()
    load_requested = Signal()  # «Загрузить в форму»: the settings read from a Master SIM

    def __init__(self) -> None:
        super().__init__()
        self.send_button = QPushButton(tr("Отправить"))
        self.send_button.setObjectName("send")
        self.send_button.clicked.connect(self.send_requested)
        self.read_button = QPushButton(tr("Прочитать настройки"))
        self.read_button.setObjectName("read_settings")
        self.read_button.setToolTip(tr("Прочитать настройки из модуля и заполнить ими форму: прочитать, изменить, "
                                       "отправить"))
        self.read_button.clicked.connect(self.read_requested)
        self.cancel_button = QPushButton(tr("Отмена"))
        self.cancel_button.setObjectName("transfer_cancel")
        explain_disabled(self.cancel_button, False, tr("Нет передачи, которую можно отменить"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.progress = QProgressBar()
        self.progress.setObjectName("transfer_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.step = QLabel()
        self.step.setObjectName("transfer_step")
        self.step.setWordWrap(True)
        self.failed = False  # the last run ended in a failure (the bar is red)
        self.summary = QLabel()
        self.summary.setObjectName("transfer_summary")
        self.summary.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("transfer_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(f"color: {WAIT_COLOR.name()};")
        self.warnings.hide()
        self.shown_warnings: list[str] = []
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("transfer_results")
        self.table.setHorizontalHeaderLabels([tr("Параметр / телефон"), tr("Результат")])
        # the result column always in view: a long value (every band of «Рабочие частоты») is elided,
        # its full text in the tooltip, instead of pushing «Результат» out of the table
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rows = KeyedRows(self.table)
        self.text = QPlainTextEdit()
        self.text.setObjectName("sms_text_view")
        self.text.setReadOnly(True)
        self.text.hide()
        self.copy_button = QPushButton(tr("Копировать текст"))
        self.copy_button.setObjectName("copy_sms_text")
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        self.copy_button.hide()
        self.load_button = QPushButton(tr("Загрузить в форму"))
        self.load_button.setObjectName("load_into_form")
        self.load_button.setToolTip(tr("Перенести настройки, прочитанные с SIM-карты, в форму настроек"))
        self.load_button.clicked.connect(self.load_requested)
        self.load_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        # about SMS commands: shown only with the methods that send them (SMS, Master SIM, SMS text)
        self.sms_note = note = QLabel(tr("Новые настройки гарантированно применены только после ответа на все "
                                         "сообщения. Команда смены режима работы (MODE) отправляется последней: "
                                         "модуль перезагружается."))
        note.setObjectName("sms_note")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.step)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.text, 1)
        text_buttons = QHBoxLayout()
        text_buttons.addWidget(self.copy_button)
        text_buttons.addWidget(self.load_button)
        text_buttons.addStretch(1)
        layout.addLayout(text_buttons)
        layout.addWidget(note)

    def set_send_label(self, text: str) -> None:
        self.send_button.setText(text)

    def set_busy(self, busy: bool) -> None:
        why = tr("Идёт операция: дождитесь её окончания или нажмите «Отмена»")
        explain_disabled(self.send_button, not busy, why)
        explain_disabled(self.read_button, not busy, why)
        explain_disabled(self.cancel_button, busy, tr("Нет передачи, которую можно отменить"))

    def start(self, first_step: str) -> None:
        self.rows.reset()
        self.summary.clear()
        self.show_warnings([])
        self._bar_failed(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.step.setStyleSheet("")
        self.step.setText(first_step)

    def _bar_failed(self, failed: bool) -> None:
        self.failed = failed
        self.progress.setStyleSheet(FAILED_BAR if failed else "")
        self.progress.setFormat(tr("ошибка") if failed else "%p%")

    def show_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.step.setText(text)

    def set_row(self, name: str, result: str, ok: bool | None) -> None:
        """Add or update the row of ``name``; ok None means still waiting."""
        row = self.rows.row(name)
        name_item = self.table.item(row, 0)
        assert name_item is not None  # KeyedRows.row found or created the first cell
        name_item.setToolTip(name)
        cell = verdict_item(result, ok)
        cell.setToolTip(result)
        self.table.setItem(row, 1, cell)
        self.rows.fit(row)

    def results(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            name, result = self.table.item(row, 0), self.table.item(row, 1)
            if name is not None and result is not None:
                found[name.text()] = result.text()
        return found

    def finish(self, summary: str, ok: bool, *, complete: bool = False, warning: bool = False) -> None:
        """Show the verdict; `complete`: the operation ran to its end (the bar is full even if some
        phones failed), not stopped by an error or a refusal; `warning`: done, but look (amber)."""
        colour = WAIT_COLOR if ok and warning else OK_COLOR if ok else FAIL_COLOR
        self.summary.setText(summary)
        self.summary.setStyleSheet(f"color: {colour.name()}; font-weight: bold;")
        self._bar_failed(not ok)
        if ok or complete:
            self.progress.setRange(0, max(self.progress.maximum(), 1))
            self.progress.setValue(self.progress.maximum())
        if ok:
            self.step.setStyleSheet("")
            self.step.clear()  # "Чтение настроек с SIM-карты…" must not outlive the reading
        else:  # the progress line says what stopped the run, never a stale «Соединение…»
            self.step.setStyleSheet(f"color: {FAIL_COLOR.name()};")
            first = summary.split("\n", 1)[0]
            self.step.setText(tr("Завершено с ошибками") if complete else tr("Остановлено: {reason}").format(
                reason=first))

    def show_warnings(self, lines: list[str]) -> None:
        self.shown_warnings = list(lines)
        self.warnings.setText("\n".join(f"⚠ {line}" for line in lines))
        self.warnings.setVisible(bool(lines))

    def add_warnings(self, lines: list[str]) -> None:
        if lines:
            self.show_warnings([*self.shown_warnings, *lines])

    def show_text(self, text: str | None, *, loadable: bool = False) -> None:
        self.text.setPlainText(text or "")
        self.text.setVisible(text is not None)
        self.copy_button.setVisible(text is not None)
        self.load_button.setVisible(text is not None and loadable)
