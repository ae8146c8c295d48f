"""The exchange log: every byte the links send and receive, with passwords masked.

Links call their listeners with ("tx" | "rx" | "info", bytes). The panel shows text traffic
(AT commands, SMS) as text and binary frames as hex, replaces every known secret by asterisks
before anything is shown or saved, and can save the log to a file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.ui.i18n import tr

MAX_LINES = 5000
_ARROWS = {"tx": "→", "rx": "←", "info": "·"}


def mask(data: bytes, secrets: Iterable[str]) -> bytes:
    for secret in secrets:
        if secret:
            raw = secret.encode("utf-8", "replace")
            data = data.replace(raw, b"*" * len(raw))
    return data


def render(data: bytes) -> str:
    """Printable text as text (CR/LF shown), anything else as hex bytes."""
    printable = all(32 <= b < 127 or b in (9, 10, 13) for b in data)
    if printable and data:
        return data.decode("ascii").replace("\r", "\\r").replace("\n", "\\n")
    return data.hex(" ").upper()


class LogPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        # Each workspace adds a callable returning the passwords currently typed in it.
        self.secret_sources: list[Callable[[], Iterable[str]]] = []
        self.view = QPlainTextEdit()
        self.view.setObjectName("exchange_log")
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(MAX_LINES)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.save_button = QPushButton(tr("Сохранить журнал…"))
        self.save_button.clicked.connect(self._ask_save)
        self.clear_button = QPushButton(tr("Очистить журнал"))
        self.clear_button.clicked.connect(self.view.clear)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def listener(self, source: str) -> Callable[[str, bytes], None]:
        """A traffic listener for a link; ``source`` names it in the log (e.g. "TCP/IP")."""
        return lambda direction, data: self.add(source, direction, data)

    def add(self, source: str, direction: str, data: bytes) -> None:
        stamp = time.strftime("%H:%M:%S") + f".{int(time.time() * 1000) % 1000:03d}"
        shown = render(mask(data, self.secrets()))
        self.view.appendPlainText(f"{stamp} {_ARROWS.get(direction, '·')} [{source}] {shown}")

    def secrets(self) -> list[str]:
        # Longest first, so a password that contains another one is masked whole.
        found = {secret for source in self.secret_sources for secret in source() if secret}
        return sorted(found, key=len, reverse=True)

    def note(self, text: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        self.view.appendPlainText(f"{stamp} · {text}")

    def text(self) -> str:
        return self.view.toPlainText()

    def save(self, path: Path) -> None:
        path.write_text(self.text() + "\n", encoding="utf-8")

    def _ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить журнал обмена"), "exchange-log.txt",
                                              tr("Текстовые файлы (*.txt)"))
        if name:
            self.save(Path(name))
