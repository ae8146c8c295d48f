"""The program's version, read at run time from its one source: ``version`` in pyproject.toml.

``main.py --version``, the GUI's window title and «О программе» all show :func:`program_version`.
The source tree and the PyInstaller bundle (which carries pyproject.toml) read the file itself; an
installed wheel, which has no pyproject.toml beside it, reads the package metadata built from it.
"""

from __future__ import annotations

import sys
from pathlib import Path

DISTRIBUTION = "energomera-configurator"
PYPROJECT = Path(getattr(sys, "_MEIPASS", None) or Path(__file__).resolve().parents[1]) / "pyproject.toml"


def _from_pyproject(path: Path) -> str | None:
    import tomllib  # only here: --version and the GUI's title need it, other commands do not

    try:
        project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    version = project.get("version") if project.get("name") == DISTRIBUTION else None
    return version if isinstance(version, str) else None


def program_version() -> str:
    """E.g. "0.1.0"; "?" when neither pyproject.toml nor the package metadata can be read."""
    found = _from_pyproject(PYPROJECT)
    if found is not None:
        return found
    from importlib import metadata  # an installed wheel (importing it costs tens of milliseconds)

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "?"
