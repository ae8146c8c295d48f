"""Dated backups of what a device holds, kept before the configurator overwrites it.

Every write that replaces what a device holds (a UTMC-700 device table or parameters, a module's
settings over TCP/IP, CENC, its serial port or the direct channel) first reads what is there and
keeps it here, in the per-user folder ``user_dir("backups")``, as an ordinary file the ordinary
commands load again:

    module settings      <module>_<way in>_<date>.json   a module settings file (configure --config,
                                                          «Загрузить настройки»)
    UTMC device table    utmc-<serial>_devices_<date>.csv a device list (utmc-devices … write FILE)
    UTMC parameters      utmc-<serial>_settings_<date>.json a UTMC settings file (utmc-write --config,
                                                          «Прочитать настройки» of the UTMC workspace)

Passwords are not kept (the settings-file rule: they go into a file only when the user asks).
Reading the old state can fail; then the write does not happen and :class:`BackupFailed` says so —
the caller may ask the user and write without a backup only on an explicit answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.user_dirs import user_dir
from protocols.errors import ConfiguratorError, DeviceError, KeptBackup, LinkError
from protocols.module.error_codes import WRONG_PASSWORD
from protocols.text import Text

BACKUP_KIND = "backups"
_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


@dataclass(frozen=True)
class Backup:
    """Where the backup is (None: there was nothing to keep) and what it holds."""

    path: Path | None
    holds: Text

    @property
    def line(self) -> Text:
        if self.path is None:
            return Text(f"Резервная копия не нужна: {self.holds.ru}", f"No backup needed: {self.holds.en}")
        return Text(f"Резервная копия ({self.holds.ru}): {self.path}", f"Backup ({self.holds.en}): {self.path}")


class BackupFailed(ConfiguratorError):
    """No backup could be made (what the device holds could not be read, or the file not saved), so
    nothing was written."""

    def __init__(self, text: Text, cause: ConfiguratorError) -> None:
        self.cause = cause
        super().__init__(text)

    @classmethod
    def reading(cls, what: Text, cause: ConfiguratorError) -> BackupFailed:
        return cls(Text(f"Не удалось прочитать {what.ru} для резервной копии: {cause.text.ru}. Ничего не записано.",
                        f"Could not read {what.en} for a backup: {cause.text.en}. Nothing was written."), cause)

    @property
    def wrong_password(self) -> bool:
        """The device refused the password: a write would be refused too."""
        return isinstance(self.cause, DeviceError) and self.cause.code == WRONG_PASSWORD

    @property
    def may_write_anyway(self) -> bool:
        """Whether offering to write without a backup makes sense: the device answered but could not be
        read (not a wrong password, not a lost link — a write would fail the same way)."""
        return not self.wrong_password and not isinstance(self.cause, LinkError)


def backup_path(device: str, what: str, suffix: str, now: datetime | None = None) -> Path:
    """A new file name in the backups folder: ``<device>_<what>_<YYYY-MM-DD_hh-mm-ss><suffix>``."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d_%H-%M-%S")
    stem = "_".join(part for part in (_safe(device), _safe(what), stamp) if part)
    folder = user_dir(BACKUP_KIND)
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists():  # two writes within a second keep both backups
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def keep_backup(device: str, what: str, suffix: str, save: Callable[[Path], None], holds: Text,
                now: datetime | None = None) -> Backup:
    """Write a backup with ``save(path)`` (an atomic save of the ordinary file format); BackupFailed if
    the file cannot be written."""
    try:
        path = backup_path(device, what, suffix, now)
        save(path)
    except OSError as error:  # the folder cannot be created
        cause = ConfiguratorError(Text(str(error.strerror or error), str(error.strerror or error)))
        raise _not_saved(cause) from error
    except ConfiguratorError as error:  # the file cannot be written
        raise _not_saved(error) from error
    return Backup(path, holds)


def _not_saved(cause: ConfiguratorError) -> BackupFailed:
    return BackupFailed(Text(f"Резервную копию не сохранить: {cause.text.ru}. Ничего не записано.",
                             f"The backup cannot be saved: {cause.text.en}. Nothing was written."), cause)


def mention_backup(error: ConfiguratorError, backup: KeptBackup | None) -> ConfiguratorError:
    """A write that failed after the backup was kept: its message ends saying where the backup is
    (``error.backup`` holds it; ``error.reason`` is the message without that line)."""
    if backup is not None and backup.path is not None:
        error.mention_backup(backup)
    return error


def _safe(text: str) -> str:
    return _UNSAFE.sub("-", text).strip("-.")
