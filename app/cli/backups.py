"""What the commands that overwrite a device say about the backup kept first (app/core/backups.py)."""

from __future__ import annotations

from typing import Any

from app.cli.output import Output
from app.core.backups import Backup, BackupFailed
from protocols.text import Text

NO_BACKUP_HINT = Text("Чтобы записать без резервной копии, добавьте --no-backup.",
                      "To write without a backup, add --no-backup.")


def refused(error: BackupFailed) -> BackupFailed:
    """``error`` with the --no-backup hint where writing anyway makes sense (its cause kept, so a link
    that never answered still exits as "cannot connect")."""
    if not error.may_write_anyway:
        return error
    return BackupFailed(Text(f"{error.text.ru} {NO_BACKUP_HINT.ru}", f"{error.text.en} {NO_BACKUP_HINT.en}"),
                        error.cause)


def backup_record(backup: Backup | None, out: Output) -> dict[str, Any] | None:
    """The backup for a JSON document: its path (null when there was nothing to keep) and what it holds;
    null when written without a backup (--no-backup)."""
    if backup is None:
        return None
    return {"path": None if backup.path is None else str(backup.path), "holds": out.text(backup.holds)}
