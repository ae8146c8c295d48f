"""Remembered state of the window: geometry, language, recent files, connection settings.

The :class:`QSettings` object is injected, so tests use an INI file in a temporary directory and
never touch the user's registry or ~/.config. Passwords are never remembered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


def stored_int(data: Mapping[str, object], key: str, default: int) -> int:
    """``int()`` of a number kept in a state section, ``default`` when the key is absent.

    A JSON section holds numbers as int, float or text; anything else is as corrupt as text that is
    not a number, and raises like ``int()`` does.
    """
    value = data.get(key, default)
    if isinstance(value, (int, float, str)):
        return int(value)
    raise TypeError(f"state value {key!r} is not a number: {value!r}")


def default_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Energomera-open", "configurator")


class AppSettings:
    def __init__(self, store: QSettings) -> None:
        self.store = store

    # --- language -------------------------------------------------------------------------
    def language(self, fallback: str = "ru") -> str:
        value = self.store.value("ui/language", fallback)
        return value if value in ("ru", "en") else fallback

    def set_language(self, lang: str) -> None:
        self.store.setValue("ui/language", lang)

    # --- window ---------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self.store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, data: QByteArray) -> None:
        self.store.setValue("window/geometry", data)

    # --- recent files ---------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        raw = self.store.value("files/recent", "[]")
        try:
            items = json.loads(raw) if isinstance(raw, str) else []
        except ValueError:
            items = []
        return [str(item) for item in items if isinstance(item, str)][:MAX_RECENT]

    def add_recent_file(self, path: str | Path) -> list[str]:
        text = str(Path(path))
        items = [text] + [p for p in self.recent_files() if p != text]
        self.store.setValue("files/recent", json.dumps(items[:MAX_RECENT], ensure_ascii=False))
        return items[:MAX_RECENT]

    # --- plain values (module page, connection panels) -------------------------------------
    def section(self, name: str) -> dict[str, object]:
        raw = self.store.value(f"state/{name}", "{}")
        try:
            data = json.loads(raw) if isinstance(raw, str) else {}
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def set_section(self, name: str, data: dict[str, object]) -> None:
        self.store.setValue(f"state/{name}", json.dumps(data, ensure_ascii=False))

    def sync(self) -> None:
        self.store.sync()
