"""Byte links. ``open_link(url)`` builds one from a URL:

    serial://COM3?baud=9600&parity=N&bytesize=8     serial:///dev/ttyUSB0?baud=115200
    serial://socket://127.0.0.1:7000                (pyserial URL handlers pass through)
    tcp://192.168.0.10:8000

Other schemes (``cenc://``, ``direct://`` …) live in ``app/core/links/<scheme>.py`` and
provide ``link_from_url(parsed: urllib.parse.SplitResult) -> Link``; they are found by name.
A variant scheme ``<family>-<variant>://`` (``cenc-direct://``) is handled by the family's module.
"""

from __future__ import annotations

import importlib
from urllib.parse import parse_qs, urlsplit

from app.core.links.base import Link
from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from protocols.errors import LinkError
from protocols.text import Text


def open_link(url: str) -> Link:
    """Build (not open) a link from its URL."""
    scheme, _, rest = url.partition("://")
    if scheme == "serial":
        path, _, query = rest.partition("?")
        options = {k: v[-1] for k, v in parse_qs(query).items()}
        return SerialLink(
            path,
            int(options.get("baud", 9600)),
            bytesize=int(options.get("bytesize", 8)),
            parity=options.get("parity", "N").upper(),
        )
    parsed = urlsplit(url)
    if scheme == "tcp":
        if not parsed.hostname or not parsed.port:
            raise LinkError(Text(f"В адресе нет узла или порта: {url}", f"Address lacks host or port: {url}"))
        return TcpLink(parsed.hostname, parsed.port)
    try:
        module = importlib.import_module(f"app.core.links.{scheme.split('-', 1)[0]}")
    except ModuleNotFoundError as error:
        raise LinkError(Text(f"Неизвестный тип канала: {scheme}", f"Unknown link kind: {scheme}")) from error
    return module.link_from_url(parsed)


__all__ = ["Link", "SerialLink", "TcpLink", "open_link"]
