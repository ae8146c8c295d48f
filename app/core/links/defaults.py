"""The manuals' defaults of the ways to a device (app.core.links.channels), in a module of their own: the
window's forms show them from start-up, the channels are imported when one is first made."""

from __future__ import annotations

DEFAULT_TCP_PORT = 8000  # 001 §6.4.3
DEFAULT_REPLY_TIMEOUT = 20.0  # 001 §6.4.3 "Время ожидания ответа"
DEFAULT_CENC_PORT = 22002  # 003: CENCn port for upper-level software
DEFAULT_DIRECT_BAUD = 9600  # 001 §6.4.2: the optical port starts at 9600
