"""Byte links: one small interface (app.core.links.base.Link) for every way bytes reach a device.

Links are opened in one place, :func:`open_link` (app.core.links.registry), from a URL or the channel
settings it parses to (app.core.links.channels):

    serial://COM3?baud=9600&parity=E&bytesize=7      socket://127.0.0.1:7000 (pyserial's URL ports)
    tcp://10.1.2.3:8000?timeout=20                   cenc://user:password@cenc.example:22002?serial=…&timeout=20
    cenc-direct://cenc.example:7501                  direct://COM3?password=777777&protocol=iec&parity=auto

:func:`open_modem` puts the GSM modem's AT driver on such a link. The concrete links (serial_port, tcp,
cenc, direct) are imported by the registry alone, when a link of their kind is first built.

The names below are imported at their first use: a light module of the package (meter_sessions, ports)
then costs only itself — the window imports those at start-up, the links when it first opens one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.links.base import Link
    from app.core.links.channels import LinkDescription, channel_from_url
    from app.core.links.registry import open_link, open_modem

__all__ = ["Link", "LinkDescription", "channel_from_url", "open_link", "open_modem"]
_WHERE = {"Link": "base", "LinkDescription": "channels", "channel_from_url": "channels", "open_link": "registry",
          "open_modem": "registry"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = found  # the next use finds it at once
    return found
