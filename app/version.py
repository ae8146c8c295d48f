"""The program's version: the installed package's metadata, else ``pyproject.toml`` beside the sources."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "energomera-configurator"
PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def program_version() -> str:
    """E.g. "0.1.0"; "?" when neither the package metadata nor pyproject.toml is there."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    try:
        with PYPROJECT.open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "?"
