"""Read a communication module's settings over a link that carries our frames (TCP/IP, CENC, the
module's serial port, the direct channel) — «Прочитать настройки», and the backup before a write.

    reading = await read_module_settings(link, module, password, *, timeout, retries, progress)
    backup = await backup_module_settings(link, module, password, target=..., timeout=...)
    done = await configure_with_backup(link, module, values, password, target=..., backup=True, ...)

Every parameter of the module type is asked for except the write-only new passwords (the module
never tells them). A parameter the module does not know or will not tell is listed in
``reading.failed`` with the module's reason; a refusal of the whole request (wrong password,
unknown command) or a lost link raises. Reads are repeated after a timeout. Cancelling the task
stops the reading (CancelledError).

A backup is the reading saved as an ordinary module settings file without passwords (the
settings-file rule), in the backups folder: ``configure --config BACKUP`` or «Загрузить
настройки» put it back. ``configure_with_backup`` keeps it before writing; if the module cannot be
read, nothing is written (BackupFailed) unless the caller asks to write without one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.core.atomic_file import write_atomically
from app.core.backups import Backup, BackupFailed, keep_backup
from app.core.links.base import Link
from app.core.module_ops import DEFAULT_TIMEOUT, WRITE_ONLY_KEYS, configure_module, plan_configuration
from app.core.module_results import ConfigureResult
from app.core.progress import ProgressCallback, ProgressReporter
from app.core.session import Session
from protocols.errors import ConfiguratorError, ProtocolError
from protocols.files.settings_file import dumps
from protocols.module import module_frames as mf
from protocols.module.error_codes import error_text
from protocols.module.module_codec import MODULE_CODEC
from protocols.params.catalogue import Parameter, parameters_for
from protocols.params.module_types import ModuleType
from protocols.params.param_values import decode_value
from protocols.text import Text

CODES_PER_REQUEST = 64  # keeps a reply well under a frame's size (as configure's read-back does)
SETTINGS = Text("настройки модуля", "the module's settings")


@dataclass
class SettingsReading:
    module: ModuleType
    values: dict[str, object] = field(default_factory=dict)  # what the module holds
    failed: dict[str, Text] = field(default_factory=dict)  # parameters it did not tell, and why
    write_only: list[str] = field(default_factory=list)  # never read: the new passwords

    @property
    def ok(self) -> bool:
        return bool(self.values) and not self.failed

    def summary(self) -> Text:
        text = Text(f"Прочитано из модуля параметров: {len(self.values)}",
                    f"Parameters read from the module: {len(self.values)}")
        if self.failed:
            text = Text(f"{text.ru}; не прочитано: {len(self.failed)}", f"{text.en}; not read: {len(self.failed)}")
        return text


def readable_parameters(module: ModuleType) -> list[Parameter]:
    return [p for p in parameters_for(module) if p.key not in WRITE_ONLY_KEYS]


async def read_module_settings(link: Link, module: ModuleType, password: str, *, timeout: float = DEFAULT_TIMEOUT,
                               retries: int = 2, progress: ProgressCallback | None = None) -> SettingsReading:
    """Every readable parameter of ``module`` as the module holds it; see the module docstring."""
    params = readable_parameters(module)
    reading = SettingsReading(module, write_only=[p.key for p in parameters_for(module) if p.key in WRITE_ONLY_KEYS])
    batches = [params[i : i + CODES_PER_REQUEST] for i in range(0, len(params), CODES_PER_REQUEST)]
    reporter = ProgressReporter(progress, len(batches))
    session = Session(link, MODULE_CODEC, timeout=timeout, retries=retries)

    def note_retry(attempt: int) -> None:
        reporter.note(Text(f"Нет ответа, повтор ({attempt})", f"No reply, repeating ({attempt})"))

    for number, batch in enumerate(batches, 1):
        reporter.note(Text(f"Чтение настроек модуля, запрос {number} из {len(batches)}",
                           f"Reading the module's settings, request {number} of {len(batches)}"))
        request = mf.ReadParamsRequest(password=password, codes=tuple(p.code for p in batch))
        reply = await session.request(request, on_retry=note_retry)
        if not isinstance(reply, mf.ReadParamsReply):
            raise ProtocolError(Text("Модуль ответил не на чтение параметров",
                                     "The module's reply does not answer the parameter read"))
        _take(reading, batch, reply)
        reporter.step(Text("Настройки прочитаны", "Settings read") if number == len(batches)
                      else Text(f"Прочитан запрос {number}", f"Request {number} read"))
    return reading


def _take(reading: SettingsReading, batch: Sequence[Parameter], reply: mf.ReadParamsReply) -> None:
    results = {r.code: r for r in reply.results}
    for param in batch:
        entry = results.get(param.code)
        if entry is None:
            reading.failed[param.key] = Text("нет в ответе модуля", "missing from the module's reply")
        elif entry.result != mf.RESULT_OK:
            reading.failed[param.key] = error_text(entry.result)
        else:
            try:
                reading.values[param.key] = decode_value(param, entry.value)
            except ProtocolError as error:
                reading.failed[param.key] = error.text


# --- backups ------------------------------------------------------------------------------------
def save_reading(path: Path, reading: SettingsReading) -> None:
    """The reading as a module settings file (passwords left out), written atomically."""
    write_atomically(path, dumps(reading.module, reading.values).encode("utf-8"))


def keep_module_backup(reading: SettingsReading, target: str, now: datetime | None = None) -> Backup:
    """``target`` names the module and the way in (e.g. ``tcp:10.1.2.3:8000``) in the file name."""
    kept = [p for p in readable_parameters(reading.module) if p.key in reading.values and not p.secret]
    holds = Text(f"параметров {len(kept)}, без паролей", f"{len(kept)} parameters, no passwords")
    return keep_backup(reading.module.value, target, ".json", lambda path: save_reading(path, reading), holds, now)


async def backup_module_settings(link: Link, module: ModuleType, password: str, *, target: str,
                                 timeout: float = DEFAULT_TIMEOUT, retries: int = 2,
                                 progress: ProgressCallback | None = None,
                                 now: datetime | None = None) -> tuple[Backup, SettingsReading]:
    """Read the module and keep what it holds; BackupFailed (nothing kept) if it cannot be read."""
    try:
        reading = await read_module_settings(link, module, password, timeout=timeout, retries=retries,
                                             progress=progress)
    except ConfiguratorError as error:
        raise BackupFailed.reading(SETTINGS, error) from error
    if not reading.values:
        first = next(iter(reading.failed.values()), Text("модуль не сообщил ни одного параметра",
                                                         "the module reported no parameter"))
        raise BackupFailed.reading(SETTINGS, ConfiguratorError(first))
    # written (and fsynced) in a thread: a fleet keeps hundreds of backups while other sessions wait for replies
    return await asyncio.to_thread(keep_module_backup, reading, target, now), reading


@dataclass
class BackedUpConfiguration:
    result: ConfigureResult
    backup: Backup | None  # None: written without a backup, as the user asked
    unread: dict[str, Text] = field(default_factory=dict)  # parameters the backup could not read

    def lines(self, lang: str) -> list[str]:
        lines = []
        if self.unread:
            lines.append(Text(f"Не прочитаны для резервной копии: {', '.join(self.unread)}",
                              f"Not read for the backup: {', '.join(self.unread)}").get(lang))
        lines.append((self.backup.line if self.backup is not None else Text(
            "Записано без резервной копии (по вашему выбору)", "Written without a backup (as you chose)")).get(lang))
        return lines


async def configure_with_backup(link: Link, module: ModuleType, values: Mapping[str, object], password: str, *,
                                target: str, backup: bool = True, progress: ProgressCallback | None = None,
                                only: Sequence[str] | None = None, timeout: float = DEFAULT_TIMEOUT,
                                retries: int = 2, restart: bool = True,
                                now: datetime | None = None) -> BackedUpConfiguration:
    """Keep a backup of the module's settings, then :func:`configure_module` (its result is returned
    with the backup; a backup that cannot be made raises BackupFailed and nothing is written)."""
    plan_configuration(module, values, password, only)  # a bad value is refused before anything is read
    kept: Backup | None = None
    unread: dict[str, Text] = {}
    if backup:
        kept, reading = await backup_module_settings(link, module, password, target=target, timeout=timeout,
                                                     retries=retries, progress=progress, now=now)
        unread = reading.failed
    result = await configure_module(link, module, values, password, progress=progress, only=only, timeout=timeout,
                                    retries=retries, restart=restart)
    return BackedUpConfiguration(result, kept, unread)
