"""The modem's checks in the window: «Проверка модема» (a line per check with its state) and the SIM PIN dialog.

The checks themselves are app.core.modem_preflight's; these widgets only show them and ask for the
PIN. The PIN field is masked; the PIN is kept for this session and written to the settings file
only when «Запомнить PIN-код» is ticked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import pick, tr

if TYPE_CHECKING:  # the checks are imported with the modem's first use, not with the window
    import asyncio

    from app.core.modem_checks import PreflightResult
    from app.core.modem_preflight import PinRequest

# symbol and colour per CheckState (by value); the words of each line say the same for anyone who cannot see colour
_MARKS = {
    "ok": ("✔", "#2e7d32"),
    "warning": ("⚠", "#9a6700"),
    "waiting": ("…", "#9a6700"),
    "failed": ("✖", "#c62828"),
    "unknown": ("?", "#555555"),
}


class ModemChecksView(QWidget):
    """«Проверка модема»: one short line per check, the reason nothing was sent under them."""

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel(tr("Проверка модема"))
        self.title.setStyleSheet("font-weight: bold;")
        self.lines = QLabel()
        self.lines.setObjectName("modem_checks")
        self.lines.setWordWrap(True)
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        self.stop = QLabel()
        self.stop.setObjectName("modem_checks_stop")
        self.stop.setWordWrap(True)
        self.stop.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.lines)
        layout.addWidget(self.stop)
        self.result: PreflightResult | None = None
        self.show_result(None)

    def show_result(self, result: PreflightResult | None) -> None:
        self.result = result
        rows = []
        if result is not None:  # none at start-up: html is imported with the first checks
            import html

            for check in result.checks:
                mark, colour = _MARKS[check.state.value]
                rows.append(f'<span style="color:{colour}">{mark}</span>&nbsp;{html.escape(pick(check.line()))}')
        self.lines.setText("<br>".join(rows))
        stop = result.stop if result is not None else None
        self.stop.setText(pick(stop) if stop is not None else "")
        self.stop.setVisible(stop is not None)
        self.setVisible(result is not None and bool(result.checks or stop))

    def texts(self) -> list[str]:
        """The lines as the user reads them (tests, screenshots)."""
        return [pick(c.line()) for c in self.result.checks] if self.result is not None else []


class PinDialog(QDialog):
    """Asks for the SIM PIN: masked, 4 to 8 digits, the tries left as the modem tells them."""

    def __init__(self, parent: QWidget | None, request: PinRequest, prefill: str = "") -> None:
        # the dialog's own classes load when it is first opened, not with the window
        from PySide6.QtCore import QRegularExpression
        from PySide6.QtGui import QRegularExpressionValidator
        from PySide6.QtWidgets import QDialogButtonBox

        super().__init__(parent)
        self.setObjectName("pin_dialog")
        self.setWindowTitle(tr("PIN-код SIM-карты"))
        intro = QLabel(tr("SIM-карта в модеме запрашивает PIN-код. Программа вводит его один раз и не повторяет "
                          "ввод сама."))
        intro.setWordWrap(True)
        tries = request.tries_left
        if tries == 1:
            text = tr("Осталась последняя попытка: после неверного PIN-кода SIM-карта заблокируется и потребуется "
                      "PUK-код.")
        elif tries is not None:
            text = tr("Осталось попыток: {n}.").format(n=tries)
        else:
            text = tr("Модем не сообщает, сколько попыток осталось: после трёх неверных PIN-кодов подряд SIM-карта "
                      "блокируется.")
        self.tries = QLabel(text)
        self.tries.setObjectName("pin_tries")
        self.tries.setWordWrap(True)
        if tries is None or tries <= 1:
            self.tries.setStyleSheet("color: #c62828;")
        self.pin = QLineEdit(prefill)
        self.pin.setObjectName("pin_edit")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self.pin))
        self.pin.setPlaceholderText(tr("от 4 до 8 цифр"))
        self.remember = QCheckBox(tr("Запомнить PIN-код на этом компьютере"))
        self.remember.setObjectName("remember_pin")
        self.remember.setToolTip(tr("PIN-код будет записан в файл настроек программы открытым текстом"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.tries, self.pin, self.remember, self.buttons):
            layout.addWidget(widget)
        self.pin.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok_button = self.buttons.button(self.buttons.StandardButton.Ok)
        ok_button.setEnabled(4 <= len(self.pin.text()) <= 8)

    async def ask(self) -> tuple[str, bool] | None:
        """Open the dialog (the event loop keeps running) and wait: (PIN, remember) or None if cancelled."""
        import asyncio

        answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def finished(code: int) -> None:
            if not answer.done():
                answer.set_result(code)

        self.finished.connect(finished)
        self.open()
        try:
            code = await answer
        finally:
            self.close()
            self.deleteLater()
        if code != QDialog.DialogCode.Accepted:
            return None
        return self.pin.text(), self.remember.isChecked()
