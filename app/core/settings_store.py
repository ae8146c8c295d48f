"""Module settings files on disk: atomic save, checked load (format in protocols/settings_file.py)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from protocols.errors import SettingsFileError
from protocols.module_types import ModuleType
from protocols.settings_file import LoadedSettings, dumps, loads
from protocols.text import Text

MAX_FILE_BYTES = 1_000_000  # a settings file is a few kilobytes; anything larger is not one


def save_settings(path: str | os.PathLike[str], module: ModuleType, values: Mapping[str, object], *,
                  include_passwords: bool = False) -> None:
    """Write the file atomically: a temporary file in the same folder, fsync, then replace.

    A crash or a full disk leaves either the old file or the new one, never half of one.
    """
    target = Path(path)
    text = dumps(module, values, include_passwords=include_passwords)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    except OSError as error:
        raise _io_error(target, error) from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise _io_error(target, error) from error


def load_settings(path: str | os.PathLike[str]) -> LoadedSettings:
    target = Path(path)
    try:
        with open(target, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _io_error(target, error) from error
    if len(data) > MAX_FILE_BYTES:
        raise SettingsFileError(Text(f"{target}: файл слишком большой для файла настроек",
                                     f"{target}: too large for a settings file"))
    return loads(data)


def _io_error(target: Path, error: OSError) -> SettingsFileError:
    reason = error.strerror or str(error)
    return SettingsFileError(Text(f"{target}: ошибка файла: {reason}", f"{target}: file error: {reason}"))
