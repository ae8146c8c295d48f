"""Module settings files on disk: atomic save, checked load (format in protocols/files/settings_file.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from app.core.atomic_file import write_atomically
from app.core.os_errors import os_error_reason
from protocols.errors import SettingsFileError
from protocols.files.settings_file import LoadedSettings, dumps, loads
from protocols.params.module_types import ModuleType
from protocols.text import Text, not_text_problem, surrogate_in

MAX_FILE_BYTES = 1_000_000  # a settings file is a few kilobytes; anything larger is not one


def save_settings(path: str | os.PathLike[str], module: ModuleType, values: Mapping[str, object], *,
                  include_passwords: bool = False) -> None:
    """Write the file atomically (see app/core/atomic_file.py): the old file or the new one, never half."""
    target = Path(path)
    surrogate = surrogate_in(dict(values))
    if surrogate is not None:  # pasted text that is not text: say which value, save nothing
        problem = not_text_problem(*surrogate)
        raise SettingsFileError(Text(f"{target}: не сохранён: {problem.ru}", f"{target}: not saved: {problem.en}"))
    data = dumps(module, values, include_passwords=include_passwords).encode("utf-8")
    try:
        write_atomically(target, data)
    except OSError as error:
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
    reason = os_error_reason(error)
    return SettingsFileError(Text(f"Файл {target}: {reason.ru}", f"File {target}: {reason.en}"))
