"""Writing UTMC-700 parameters with a backup of the values they replace.

    done = await write_parameters_with_backup(service, values)      ParametersWrite(result, backup, unread)

The values about to be replaced are read first and kept as a UTMC settings file in the backups
folder (app.core.backups): «Прочитать настройки» of the UTMC workspace or ``utmc-write --config``
puts them back. Not kept: passwords (the settings-file rule), the current time (writing an old time
back would set the clock wrong) and what the UTMC does not let be read (the settings password). If
nothing can be read, the write does not happen (BackupFailed) unless the caller asks to write
without a backup (``backup=False``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from app.core.backups import Backup, BackupFailed, keep_backup, mention_backup
from app.core.progress import ProgressCallback
from app.core.utmc_device_write import utmc_serial
from app.core.utmc_local_files import save_settings
from app.core.utmc_ops import UtmcService, WriteResult
from protocols.errors import ConfiguratorError
from protocols.text import Text
from protocols.utmc.utmc_params import parameter

NOT_KEPT = ("current_time",)


def _kept(key: str) -> bool:
    param = parameter(key)
    return param.readable and not param.secret and key not in NOT_KEPT


@dataclass
class ParametersWrite:
    result: WriteResult
    backup: Backup | None  # None: written without a backup, as the user chose
    unread: dict[str, Text] = field(default_factory=dict)  # values that could not be read for the backup

    def lines(self, lang: str) -> list[str]:
        lines = []
        if self.unread:
            names = "; ".join(f"{parameter(k).label.get(lang)} — {why.get(lang)}" for k, why in self.unread.items())
            lines.append(Text(f"Не прочитаны для резервной копии: {names}",
                              f"Not read for the backup: {names}").get(lang))
        lines.append((self.backup.line if self.backup is not None else Text(
            "Записано без резервной копии (по вашему выбору)", "Written without a backup (as you chose)")).get(lang))
        return lines


async def write_parameters_with_backup(service: UtmcService, values: Mapping[str, object], *, backup: bool = True,
                                       progress: ProgressCallback | None = None,
                                       now: datetime | None = None) -> ParametersWrite:
    service.check_parameters(values)  # a typo is reported before anything is read or written
    kept: Backup | None = None
    unread: dict[str, Text] = {}
    if backup:
        kept, unread = await _backup(service, [k for k in values if _kept(k)], progress, now)
    try:
        result = await service.write_parameters(values, progress)
    except ConfiguratorError as error:
        mention_backup(error, kept)
        raise
    return ParametersWrite(result, kept, unread)


async def _backup(service: UtmcService, keys: list[str], progress: ProgressCallback | None,
                  now: datetime | None) -> tuple[Backup, dict[str, Text]]:
    what = Text("параметры УТМЦ", "the UTMC's parameters")
    if not keys:
        return Backup(None, Text("записываются только пароли или время, их копия не хранится",
                                 "only passwords or the time are written; no copy of them is kept")), {}
    try:
        read = await service.read_parameters(keys, progress)
    except ConfiguratorError as error:
        raise BackupFailed.reading(what, error) from error
    if not read.values:
        first = next(iter(read.failed.values()))
        raise BackupFailed.reading(what, ConfiguratorError(first))
    serial = await utmc_serial(service)
    names = Text(", ".join(parameter(k).label.ru for k in read.values),
                 ", ".join(parameter(k).label.en for k in read.values))
    holds = Text(f"прежние значения: {names.ru}", f"previous values: {names.en}")
    backup = keep_backup(f"utmc-{serial}", "settings", ".json", lambda path: save_settings(path, read.values), holds,
                         now)
    return backup, read.failed
