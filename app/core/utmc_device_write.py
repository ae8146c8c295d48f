"""Writing a UTMC-700 device table without losing devices: the rule, the difference, the backup.

    plan = plan_device_write(records, channels=None, clear=())   DeviceWritePlan, ValidationError if refused
    before = await read_channels(service, plan.channels)         what the UTMC holds now (BackupFailed if not)
    diff = diff_tables(before, plan)                             per channel: added / removed / changed
    done = await write_device_table(service, plan, before=before) backup first, then the write; DeviceTableWrite

The rule (the same for the GUI and the CLI):

- a list replaces only the channels it holds devices for, or the channels named (``channels``);
- a channel is emptied only when the user names it to be cleared (``clear``): an empty list, a
  named channel the list has no devices for, or an empty file never clears anything by itself;
- before the write, what the UTMC holds in those channels is read and kept as a dated backup (an
  ordinary device-list file: ``utmc-devices … write BACKUP`` puts it back); if it cannot be read,
  nothing is written unless the caller asks to write without a backup (``backup=False``);
- the result says per channel what changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from app.core.backups import Backup, BackupFailed, keep_backup, mention_backup
from app.core.progress import ProgressCallback
from app.core.utmc_local_files import save_device_file
from app.core.utmc_ops import DevicesWriteResult, UtmcService
from protocols.errors import ConfiguratorError, ValidationError
from protocols.params.catalogue_model import Problem
from protocols.text import Text
from protocols.utmc.utmc_devices import DeviceRecord
from protocols.utmc.utmc_params import CHANNELS

TABLE = Text("таблицу приборов УТМЦ", "the UTMC's device table")


def _listed(numbers: Iterable[int]) -> str:
    return ", ".join(map(str, numbers))


@dataclass(frozen=True)
class DeviceWritePlan:
    records: list[DeviceRecord]  # what the chosen channels will hold
    channels: list[int]  # every channel replaced, the cleared ones included
    cleared: list[int] = field(default_factory=list)  # channels emptied because the user asked for it
    left_out: dict[int, int] = field(default_factory=dict)  # channel -> devices of the list not written

    def notes(self) -> list[Text]:
        if not self.left_out:
            return []
        items = ", ".join(f"{c} ({n})" for c, n in sorted(self.left_out.items()))
        return [Text(f"Не записываются приборы каналов, которые не выбраны (приборов): {items}",
                     f"Devices of channels not chosen are not written (devices): {items}")]


def plan_device_write(records: Sequence[DeviceRecord], channels: Iterable[int] | None = None,
                      clear: Iterable[int] = ()) -> DeviceWritePlan:
    """Which channels the list replaces and which it empties; ValidationError when that would remove
    devices the user did not ask to remove."""
    cleared = sorted(set(clear))
    listed = {r.channel for r in records}
    chosen = set(channels) if channels is not None else set(listed)
    problems: list[Problem] = []
    outside = sorted(c for c in {*chosen, *cleared} if not 1 <= c <= CHANNELS)
    if outside:
        problems.append(Problem("channels", Text(f"Каналы 1…{CHANNELS}, а не {_listed(outside)}",
                                                 f"Channels are 1…{CHANNELS}, not {_listed(outside)}")))
    both = sorted(set(cleared) & listed & chosen)
    if both:
        problems.append(Problem("clear", Text(
            f"Каналы {_listed(both)} названы для очистки, но в списке есть их приборы: уберите одно из двух",
            f"Channels {_listed(both)} are named to be cleared but the list has devices for them: drop one")))
    empty = sorted(chosen - listed - set(cleared))
    if empty:
        problems.append(Problem("channels", Text(
            f"В списке нет приборов каналов {_listed(empty)}: пустой список не записывается, чтобы не удалить "
            f"приборы случайно. Очистить каналы можно только явно (--clear-channels {_listed(empty)})",
            f"The list has no devices for channels {_listed(empty)}: an empty list is not written, so that "
            f"no devices are removed by accident. Clear channels only explicitly (--clear-channels "
            f"{_listed(empty)})")))
    if not records and not cleared and not problems:
        problems.append(Problem("", Text(
            "Список приборов пуст: записывать нечего. Пустой список не очищает УТМЦ; чтобы очистить каналы, "
            "назовите их явно (--clear-channels)",
            "The device list is empty: nothing to write. An empty list does not clear the UTMC; to clear "
            "channels, name them explicitly (--clear-channels)")))
    if problems:
        raise ValidationError(problems)
    written = sorted(chosen - set(cleared))
    left_out: dict[int, int] = {}
    for record in records:
        if record.channel not in written:
            left_out[record.channel] = left_out.get(record.channel, 0) + 1
    return DeviceWritePlan([r for r in records if r.channel in written], sorted({*written, *cleared}), cleared,
                           left_out)


@dataclass(frozen=True)
class ChannelChange:
    channel: int
    added: list[int]  # device numbers
    removed: list[int]
    changed: list[int]
    kept: int

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def text(self) -> Text:
        def part(ru: str, en: str, numbers: list[int]) -> tuple[str, str]:
            shown = _listed(numbers[:12]) + (" …" if len(numbers) > 12 else "")
            return (f"{ru} {len(numbers)} ({shown})", f"{en} {len(numbers)} ({shown})") if numbers \
                else (f"{ru} 0", f"{en} 0")

        parts = [part("добавлено", "added", self.added), part("удалено", "removed", self.removed),
                 part("изменено", "changed", self.changed)]
        return Text(f"Канал {self.channel}: " + ", ".join(p[0] for p in parts) + f", без изменений {self.kept}",
                    f"Channel {self.channel}: " + ", ".join(p[1] for p in parts) + f", unchanged {self.kept}")


@dataclass(frozen=True)
class TableDiff:
    channels: list[ChannelChange]

    @property
    def removed(self) -> int:
        return sum(len(c.removed) for c in self.channels)

    @property
    def changes_anything(self) -> bool:
        return any(c.changes_anything for c in self.channels)

    def lines(self) -> list[Text]:
        return [c.text() for c in self.channels]


def diff_tables(before: Sequence[DeviceRecord], plan: DeviceWritePlan) -> TableDiff:
    """Per channel of the plan: devices added, removed and changed (by device number; the poll result,
    which only the UTMC sets, is not a change)."""
    changes = []
    for channel in plan.channels:
        old = {r.number: r for r in before if r.channel == channel}
        new = {r.number: r for r in plan.records if r.channel == channel}
        changed = sorted(n for n in old.keys() & new.keys() if not old[n].same_settings(new[n]))
        changes.append(ChannelChange(channel, sorted(new.keys() - old.keys()), sorted(old.keys() - new.keys()),
                                     changed, len(old.keys() & new.keys()) - len(changed)))
    return TableDiff(changes)


async def read_channels(service: UtmcService, channels: Sequence[int],
                        progress: ProgressCallback | None = None) -> list[DeviceRecord]:
    """What the UTMC holds in ``channels`` now; BackupFailed when it cannot be read."""
    try:
        return await service.read_devices(channels, progress)
    except ConfiguratorError as error:
        raise BackupFailed.reading(TABLE, error) from error


def backup_device_table(serial: str, before: Sequence[DeviceRecord], channels: Sequence[int],
                        now: datetime | None = None) -> Backup:
    """Keep ``before`` (the channels' devices as read) as a device-list file; nothing to keep if empty."""
    held = sorted({r.channel for r in before})
    if not before:
        return Backup(None, Text(f"в каналах {_listed(channels)} приборов не было",
                                 f"channels {_listed(channels)} held no devices"))
    holds = Text(f"приборов {len(before)}, каналы {_listed(held)}", f"{len(before)} devices, channels {_listed(held)}")
    return keep_backup(f"utmc-{serial}", "devices", ".csv", lambda path: save_device_file(path, before), holds, now)


@dataclass
class DeviceTableWrite:
    plan: DeviceWritePlan
    written: DevicesWriteResult
    diff: TableDiff | None  # None: written without reading first (no backup)
    backup: Backup | None

    def lines(self) -> list[Text]:
        lines = [*self.plan.notes()]
        changes = {c.channel: c.text() for c in self.diff.channels} if self.diff is not None else {}
        for channel in self.plan.channels:
            count = self.written.channels.get(channel, 0)
            change = changes.get(channel)
            if change is None:
                lines.append(Text(f"Канал {channel}: в УТМЦ теперь приборов {count}",
                                  f"Channel {channel}: the UTMC now holds {count} devices"))
            else:
                lines.append(Text(f"{change.ru}; в УТМЦ теперь приборов {count}",
                                  f"{change.en}; the UTMC now holds {count} devices"))
        lines.append(self.backup.line if self.backup is not None else Text(
            "Записано без резервной копии (по вашему выбору)", "Written without a backup (as you chose)"))
        return lines


async def write_device_table(service: UtmcService, plan: DeviceWritePlan, *, backup: bool = True,
                             before: Sequence[DeviceRecord] | None = None, progress: ProgressCallback | None = None,
                             now: datetime | None = None) -> DeviceTableWrite:
    """Back up the channels (reading them unless ``before`` is given), then write the plan.

    ``backup=False`` writes without reading or keeping anything: only on the user's explicit request.
    A failed write says in its message where the backup is.
    """
    kept: Backup | None = None
    diff: TableDiff | None = None
    if backup:
        if before is None:
            before = await read_channels(service, plan.channels, progress)
        kept = backup_device_table(await utmc_serial(service), before, plan.channels, now)
        diff = diff_tables(before, plan)
    try:
        written = await service.write_devices(plan.records, plan.channels, progress)
    except ConfiguratorError as error:
        mention_backup(error, kept)
        raise
    return DeviceTableWrite(plan, written, diff, kept)


async def utmc_serial(service: UtmcService) -> str:
    """The serial number that names the UTMC's backups ("Установить связь" if not done yet)."""
    if service.identity is not None:
        return service.identity.serial
    try:
        return (await service.identify()).serial
    except ConfiguratorError as error:
        raise BackupFailed.reading(Text("серийный номер УТМЦ", "the UTMC's serial number"), error) from error
