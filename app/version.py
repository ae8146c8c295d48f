"""The program's version, read at run time from its one source: ``version`` in pyproject.toml.

``main.py --version``, the GUI's «О программе» and its window title all show :func:`app_version`.
The source tree and the PyInstaller bundle (which carries pyproject.toml) read the file itself;
an installed wheel, which has no pyproject.toml beside it, reads the package metadata built from it.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

DISTRIBUTION = "energomera-configurator"
UNKNOWN = "unknown"


def _pyproject() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # the unpacked one-file executable
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[1]
    return root / "pyproject.toml"


@cache
def app_version() -> str:
    """``0.1.0``; "unknown" only if neither pyproject.toml nor the package metadata can be read."""
    path = _pyproject()
    if path.is_file():
        import tomllib  # only here: --version and the GUI's title need it, other commands do not

        try:
            project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            project = {}
        if project.get("name") == DISTRIBUTION and isinstance(project.get("version"), str):
            return str(project["version"])
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN
