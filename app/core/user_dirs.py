"""Per-user folders of the configurator (backups, logs, reports, data), by each platform's conventions.

    user_dir("backups") -> Path        created on first use, readable by the user only on POSIX

Where they are:

- Windows: logs in ``%LOCALAPPDATA%\\Energomera Configurator\\logs``, the others in
  ``%APPDATA%\\Energomera Configurator\\<kind>``;
- Linux: logs in ``$XDG_STATE_HOME/energomera-configurator/logs`` (``~/.local/state/…``), the others in
  ``$XDG_DATA_HOME/energomera-configurator/<kind>`` (``~/.local/share/…``);
- macOS: logs in ``~/Library/Logs/Energomera Configurator``, the others in
  ``~/Library/Application Support/Energomera Configurator/<kind>``.

The environment variable ``CONFIGURATOR_HOME`` replaces all of that with ``$CONFIGURATOR_HOME/<kind>``
(tests point it at a temporary folder; a portable install can point it next to the executable).
No Qt here: the command line and the GUI find the same folders.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HOME_ENV = "CONFIGURATOR_HOME"
KINDS = ("backups", "logs", "reports", "data")
WINDOWS_NAME = "Energomera Configurator"
POSIX_NAME = "energomera-configurator"


def _base(kind: str) -> Path:
    home = Path.home()
    if sys.platform == "win32":
        variable = "LOCALAPPDATA" if kind == "logs" else "APPDATA"
        root = os.environ.get(variable) or str(home / "AppData" / ("Local" if kind == "logs" else "Roaming"))
        return Path(root) / WINDOWS_NAME / kind
    if sys.platform == "darwin":
        if kind == "logs":
            return home / "Library" / "Logs" / WINDOWS_NAME
        return home / "Library" / "Application Support" / WINDOWS_NAME / kind
    if kind == "logs":
        return Path(os.environ.get("XDG_STATE_HOME") or home / ".local" / "state") / POSIX_NAME / kind
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / POSIX_NAME / kind


def user_dir(kind: str) -> Path:
    """The folder for ``kind`` (one of KINDS), created if missing; OSError if it cannot be."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of user folder: {kind!r} (known: {', '.join(KINDS)})")
    override = os.environ.get(HOME_ENV)
    folder = Path(override) / kind if override else _base(kind)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # backups and logs may hold device data
    return folder
