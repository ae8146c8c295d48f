"""The exchange log: what the links said and did, rendered and masked for people, in both languages.

    log = ExchangeLog(show)                              show(LogLine) appends a line somewhere
    log.secret_sources.append(lambda: typed_passwords)   what to hide in traffic no layout explains
    link.listeners.append(log.listener("TCP/IP"))        a trace listener named for the log

A link a request/reply session works on hands the log its frames (app.core.session): each is shown
as what it is («запрос статуса №12») and its bytes in hex, with exactly the secret bytes of its
layout as ``**`` (protocols.module.frame_secrets: password fields, password parameters and the CRC of such
a frame). Bytes no frame was read from (noise, replies nobody awaited) are shown as such. Other
traffic (AT commands, SMS) is shown as text, SMS PDUs decoded with the SMS passwords masked by
their structure (protocols.sms.sms_commands.mask_sms_secrets), and every typed password replaced with
asterisks. A link's own notes (opened, closed, lost) come as bilingual text; the UI shows each line
in its language. Nothing here knows Qt: the panel (app.ui.log_panel) only shows the lines.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from protocols.errors import ConfiguratorError
from protocols.secret_bytes import masked_hex
from protocols.text import Text

if TYPE_CHECKING:
    from app.core.links.base import FrameEvent

_PIN = re.compile(rb'(\+CPIN="?)([^",\r\n]*)')  # AT+CPIN="…" (the modem's echo of it included)
_HEX_LINE = re.compile(rb"[0-9A-Fa-f]{14,}")  # a PDU: SMSC, first octet, address… at least 7 bytes
_CTRL_Z, _ESC = b"\x1a", b"\x1b"


@dataclass(frozen=True)
class LogLine:
    at: float  # seconds since the epoch
    direction: str  # "tx" | "rx" | "info"
    source: str  # which link, as the workspace named it ("TCP/IP", "Модем")
    text: Text


def mask(data: bytes, secrets: Iterable[str]) -> bytes:
    for secret in secrets:
        if secret:
            raw = secret.encode("utf-8", "replace")
            data = data.replace(raw, b"*" * len(raw))
    return _PIN.sub(lambda m: m.group(1) + b"*" * len(m.group(2)), data)


def mask_text(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "*" * len(secret))
    return text


def render(data: bytes) -> str:
    """Printable text as text (CR/LF shown), anything else as hex bytes."""
    printable = all(32 <= b < 127 or b in (9, 10, 13) for b in data)
    if printable and data:
        return data.decode("ascii").replace("\r", "\\r").replace("\n", "\\n")
    return data.hex(" ").upper()


def render_pdu(hex_line: bytes, secrets: Iterable[str] = ()) -> Text | None:
    """A PDU as ``PDU → +79…: ******** APN internet``; None if the bytes are not a PDU."""
    # here, not at import: the log is built with the window, the SMS decoders are needed with the first PDU
    from protocols.sms.sms_commands import mask_sms_secrets
    from protocols.sms.sms_pdu import SmsDeliver, SmsSubmit, decode_pdu

    try:
        sms = decode_pdu(hex_line.decode("ascii"))
    except (ConfiguratorError, ValueError):
        return None
    if isinstance(sms, SmsSubmit):
        head = f"PDU → {sms.destination or '—'}"
    elif isinstance(sms, SmsDeliver):
        head = f"PDU ← {sms.sender}"
    else:
        state = Text("доставлено", "delivered") if sms.delivered else Text("не доставлено", "not delivered")
        return Text(f"PDU: отчёт о доставке {sms.recipient} ({state.ru})",
                    f"PDU: delivery report {sms.recipient} ({state.en})")
    part = f" [{sms.concat.sequence}/{sms.concat.total}]" if sms.concat is not None else ""
    structured = mask_sms_secrets(sms.text)
    # A command or reply of the SMS grammar is masked by its structure, exactly; any other text
    # by searching for the typed passwords (which may also hide the same letters elsewhere).
    text = structured if structured != sms.text else mask_text(sms.text, secrets)
    shown = f"{head}{part}: {text}".replace("\r", "\\r").replace("\n", "\\n")
    return Text(shown, shown)


def render_traffic(data: bytes, secrets: Iterable[str] = ()) -> Text:
    """Bytes no session decoded, as shown in the log: whole module frames as hex with exactly their
    secret bytes masked, SMS PDUs decoded and masked, the rest through :func:`render` with every
    typed secret masked."""
    # the module frames' layouts are imported with the first traffic, not with the window (~35 ms)
    from protocols.module.frame_secrets import secret_positions

    positions = secret_positions(data)
    if positions is not None:
        return _same(masked_hex(data, positions))
    body = data.rstrip(_CTRL_Z + _ESC)
    if _HEX_LINE.fullmatch(body):  # the PDU after the "> " prompt
        decoded = render_pdu(body, secrets)
        if decoded is not None:
            return decoded
    lines = data.split(b"\n")
    if not any(_HEX_LINE.fullmatch(line.strip()) for line in lines):
        return _same(render(mask(data, secrets)))
    shown: list[Text] = []
    for line in lines:  # a listing: +CMGL: … header lines, each followed by its PDU
        decoded = render_pdu(line.strip(), secrets) if _HEX_LINE.fullmatch(line.strip()) else None
        shown.append(decoded if decoded is not None else _same(render(mask(line, secrets))))
    return Text("\\n".join(t.ru for t in shown), "\\n".join(t.en for t in shown))


def render_frame(event: FrameEvent, secrets: Iterable[str] = ()) -> Text:
    """A frame a session sent or read: what it is, then its bytes with the secret ones masked."""
    if event.secret is not None:
        shown = masked_hex(event.raw, event.secret)
    else:  # the layout does not tell: hide what was typed as a password
        shown = mask(event.raw, secrets).hex(" ").upper()
    if event.summary is None:
        return Text(f"байты вне кадров: {shown}", f"bytes outside frames: {shown}")
    return Text(f"{event.summary.ru}: {shown}", f"{event.summary.en}: {shown}")


def _same(text: str) -> Text:
    return Text(text, text)


class ExchangeLog:
    """Turns what links report into :class:`LogLine` records for ``show``; ``clock`` stamps them."""

    def __init__(self, show: Callable[[LogLine], None], *, clock: Callable[[], float] = time.time) -> None:
        self.show, self.clock = show, clock
        # Each workspace adds a callable returning the passwords currently typed in it.
        self.secret_sources: list[Callable[[], Iterable[str]]] = []

    def listener(self, source: str) -> SourceListener:
        """A trace listener for one link; ``source`` names it in the log."""
        return SourceListener(self, source)

    def secrets(self) -> list[str]:
        # Longest first, so a password that contains another one is masked whole.
        found = {secret for source in self.secret_sources for secret in source() if secret}
        return sorted(found, key=len, reverse=True)

    def line(self, source: str, direction: str, text: Text) -> None:
        self.show(LogLine(self.clock(), direction, source, text))


class SourceListener:
    """One link's listener (app.core.links.base.TraceListener): bytes, frames and notes."""

    def __init__(self, log: ExchangeLog, source: str) -> None:
        self.log, self.source = log, source
        self._pending = b""  # received hex not yet ended by a line break

    def __call__(self, direction: str, data: bytes) -> None:
        held, self._pending = self._pending, b""
        if direction != "rx" and held:
            self._show("rx", held)  # the modem said no more: show what was held back
        elif direction == "rx":
            # A PDU split between two reads is held back until its line ends, so it is decoded
            # (and masked) whole instead of appearing as two hex halves.
            data = held + data
            head, newline, tail = data.rpartition(b"\n")
            if re.fullmatch(rb"[0-9A-Fa-f]+\r?", tail):
                self._pending = tail
                data = head + newline
                if not data:
                    return
        self._show(direction, data)

    def frame(self, event: FrameEvent) -> None:
        self.log.line(self.source, event.direction, render_frame(event, self.log.secrets()))

    def note(self, text: Text) -> None:
        secrets = self.log.secrets()
        self.log.line(self.source, "info", Text(mask_text(text.ru, secrets), mask_text(text.en, secrets)))

    def _show(self, direction: str, data: bytes) -> None:
        self.log.line(self.source, direction, render_traffic(data, self.log.secrets()))
