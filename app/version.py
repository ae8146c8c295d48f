"""The program's version, read at run time from its one source: ``version`` in pyproject.toml.

``main.py --version``, the GUI's window title and «О программе» all show :func:`program_version`.
The source tree and the PyInstaller bundle (which carries pyproject.toml) read the file itself; an
installed wheel, which has no pyproject.toml beside it, reads the package metadata built from it.

The window's title needs the version before the window shows, so the file is read cheaply when it
begins its ``[project]`` table as pyproject.toml does: ``name`` and ``version`` first, each a plain quoted
string on its line. A file written any other way is read by the full TOML parser (whose import alone takes
several milliseconds); wherever the quick reading of a valid file gives an answer, the parser gives
the same.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DISTRIBUTION = "energomera-configurator"
PYPROJECT = Path(getattr(sys, "_MEIPASS", None) or Path(__file__).resolve().parents[1]) / "pyproject.toml"

_TEXT = r"[^\x00-\x08\x0a-\x1f\x7f"  # what a TOML basic string or comment may hold, less what closes it
_KEY = re.compile(rf'(name|version)[ \t]*=[ \t]*"({_TEXT}"\\]*)"[ \t]*(?:#{_TEXT}]*)?')
_MULTILINE = ('"' * 3, "'" * 3)


def quick_project_fields(text: str) -> dict[str, str] | None:
    """``name`` and ``version`` when the ``[project]`` table begins with them, each a plain quoted string on
    its own line; None when the file is written otherwise (then only the TOML parser can say)."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines.count("[project]") != 1:
        return None
    start = lines.index("[project]")
    before = "\n".join(lines[:start])
    if any(quotes in before for quotes in _MULTILINE):
        return None  # the header could be inside a multi-line string
    found: dict[str, str] = {}
    for line in lines[start + 1:]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY.fullmatch(line)
        if match is None or match.group(1) in found:
            return None
        found[match.group(1)] = match.group(2)
        if len(found) == 2:
            return found
    return None


def _from_pyproject(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    project: dict[str, object] | None = dict(quick) if (quick := quick_project_fields(text)) is not None else None
    if project is None:
        import tomllib  # only here: the quick reading covers the file as the project writes it

        try:
            table = tomllib.loads(text).get("project", {})
        except tomllib.TOMLDecodeError:
            return None
        if not isinstance(table, dict):
            return None
        project = table
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
