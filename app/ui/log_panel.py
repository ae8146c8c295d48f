"""The exchange log: every byte the links send and receive, with passwords masked.

Links call their listeners with ("tx" | "rx" | "info", bytes). The panel shows text traffic
(AT commands, SMS) as text and binary frames as hex, masks secrets before anything is shown or
saved, and can save the log to a file (the masked text, as shown). Our module frames are masked
by their layout (protocols.frame_secrets: the password fields and password parameters, ``**``
per byte); other traffic by replacing every typed secret with asterisks.

SMS PDUs (after AT+CMGS/AT+CMGW, and in +CMGL/+CMGR listings) are shown decoded — recipient or
sender and text — with the SMS passwords masked (protocols.sms_commands.mask_sms_secrets), so
an access password never travels to the log as hex anyone can decode.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.ui.i18n import tr
from protocols.errors import ConfiguratorError

MAX_LINES = 5000
_ARROWS = {"tx": "→", "rx": "←", "info": "·"}


_PIN = re.compile(rb'(\+CPIN="?)([^",\r\n]*)')  # AT+CPIN="…" (the modem's echo of it included)


def mask(data: bytes, secrets: Iterable[str]) -> bytes:
    for secret in secrets:
        if secret:
            raw = secret.encode("utf-8", "replace")
            data = data.replace(raw, b"*" * len(raw))
    return _PIN.sub(lambda m: m.group(1) + b"*" * len(m.group(2)), data)


_HEX_LINE = re.compile(rb"[0-9A-Fa-f]{14,}")  # a PDU: SMSC, first octet, address… at least 7 bytes
_CTRL_Z, _ESC = b"\x1a", b"\x1b"


def mask_text(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "*" * len(secret))
    return text


def render_pdu(hex_line: bytes, secrets: Iterable[str] = ()) -> str | None:
    """A PDU as ``PDU → +79…: ******** APN internet``; None if the bytes are not a PDU."""
    from protocols.sms_commands import mask_sms_secrets  # the decoders load with the first traffic, not at start
    from protocols.sms_pdu import SmsDeliver, SmsSubmit, decode_pdu

    try:
        sms = decode_pdu(hex_line.decode("ascii"))
    except (ConfiguratorError, ValueError):
        return None
    if isinstance(sms, SmsSubmit):
        head = f"PDU → {sms.destination or '—'}"
    elif isinstance(sms, SmsDeliver):
        head = f"PDU ← {sms.sender}"
    else:
        state = tr("доставлено") if sms.delivered else tr("не доставлено")
        report = tr("отчёт о доставке")
        return f"PDU: {report} {sms.recipient} ({state})"
    part = f" [{sms.concat.sequence}/{sms.concat.total}]" if sms.concat is not None else ""
    structured = mask_sms_secrets(sms.text)
    # A command or reply of the SMS grammar is masked by its structure, exactly; any other text
    # by searching for the typed passwords (which may also hide the same letters elsewhere).
    text = structured if structured != sms.text else mask_text(sms.text, secrets)
    return f"{head}{part}: {text}".replace("\r", "\\r").replace("\n", "\\n")


def render_traffic(data: bytes, secrets: Iterable[str] = ()) -> str:
    """Traffic as shown in the log: our module frames as hex with exactly their secret bytes masked,
    SMS PDUs decoded and masked, the rest through :func:`render`."""
    from protocols.frame_secrets import masked_hex, secret_positions  # loaded with the first traffic

    positions = secret_positions(data)
    if positions is not None:
        return masked_hex(data, positions)
    body = data.rstrip(_CTRL_Z + _ESC)
    if _HEX_LINE.fullmatch(body):  # the PDU after the "> " prompt
        decoded = render_pdu(body, secrets)
        if decoded is not None:
            return decoded
    lines = data.split(b"\n")
    if not any(_HEX_LINE.fullmatch(line.strip()) for line in lines):
        return render(mask(data, secrets))
    shown: list[str] = []
    for line in lines:  # a listing: +CMGL: … header lines, each followed by its PDU
        decoded = render_pdu(line.strip(), secrets) if _HEX_LINE.fullmatch(line.strip()) else None
        shown.append(decoded if decoded is not None else render(mask(line, secrets)))
    return "\\n".join(shown)


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
        self._pending: dict[str, bytes] = {}  # per source: received hex not yet ended by a line break
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

    def listener(self, source: str) -> Callable[[str, bytes], None]:
        """A traffic listener for a link; ``source`` names it in the log (e.g. "TCP/IP")."""
        return lambda direction, data: self.add(source, direction, data)

    def add(self, source: str, direction: str, data: bytes) -> None:
        held = self._pending.pop(source, b"")
        if direction != "rx" and held:
            self._show(source, "rx", held)  # the modem said no more: show what was held back
        elif direction == "rx":
            # A PDU split between two reads is held back until its line ends, so it is decoded
            # (and masked) whole instead of appearing as two hex halves.
            data = held + data
            head, newline, tail = data.rpartition(b"\n")
            if re.fullmatch(rb"[0-9A-Fa-f]+\r?", tail):
                self._pending[source] = tail
                data = head + newline
                if not data:
                    return
        self._show(source, direction, data)

    def _show(self, source: str, direction: str, data: bytes) -> None:
        stamp = time.strftime("%H:%M:%S") + f".{int(time.time() * 1000) % 1000:03d}"
        if direction == "info":  # the link's own words ("close /dev/ttyUSB0 → IEC 62056-21"), not traffic
            shown = mask_text(data.decode("utf-8", "replace"), self.secrets())
        else:
            shown = render_traffic(data, self.secrets())
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
