"""The exchange log panel: shows the lines app.core.exchange_log renders, in the UI's language.

Rendering and masking happen in the core (frames described by the session that sent or read them,
secrets masked by their layout or by the passwords typed); the panel stamps each line with its
time, shows it, and saves the log to a file (the masked text, as shown).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.core.exchange_log import ExchangeLog, LogLine, SourceListener
from app.ui.i18n import pick, tr

MAX_LINES = 5000
_ARROWS = {"tx": "→", "rx": "←", "info": "·"}


class LogPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.log = ExchangeLog(self._show)
        self.view = QPlainTextEdit()
        self.view.setObjectName("exchange_log")
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(MAX_LINES)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # three lines at least; the buttons beside the log, not under it: the dock stays low on a laptop
        self.view.setMinimumHeight(3 * self.view.fontMetrics().lineSpacing() + 12)
        self.save_button = QPushButton(tr("Сохранить журнал…"))
        self.save_button.setObjectName("log_save")
        self.save_button.clicked.connect(self._ask_save)
        self.clear_button = QPushButton(tr("Очистить журнал"))
        self.clear_button.setObjectName("log_clear")
        self.clear_button.clicked.connect(self.view.clear)
        buttons = QVBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    @property
    def secret_sources(self) -> list[Callable[[], Iterable[str]]]:
        """Each workspace adds a callable returning the passwords currently typed in it."""
        return self.log.secret_sources

    def listener(self, source: str) -> SourceListener:
        """A traffic listener for a link; ``source`` names it in the log (e.g. "TCP/IP")."""
        return self.log.listener(source)

    def _show(self, line: LogLine) -> None:
        stamp = time.strftime("%H:%M:%S", time.localtime(line.at)) + f".{int(line.at * 1000) % 1000:03d}"
        self.view.appendPlainText(f"{stamp} {_ARROWS.get(line.direction, '·')} [{line.source}] {pick(line.text)}")

    def note(self, text: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        self.view.appendPlainText(f"{stamp} · {text}")

    def text(self) -> str:
        return self.view.toPlainText()

    def save(self, path: Path) -> None:
        path.write_text(self.text() + "\n", encoding="utf-8")

    def _ask_save(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # the dialog's class loads when first opened

        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить журнал обмена"), "exchange-log.txt",
                                              tr("Текстовые файлы (*.txt)"))
        if name:
            self.save(Path(name))
