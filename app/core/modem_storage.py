"""The modem's SMS storage (GSM manual §6.4.1.3, "Additional" tab): list and clear SM, ME or MT.

A full storage is the usual reason why replies from the modules stop arriving (GSM manual
Appendix Б): clearing it lets the network deliver what it kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.links.at_modem import STORAGES, AtModem, StoredMessage
from app.core.progress import ProgressCallback, ProgressReporter
from protocols.modem.at_commands import AtError, MessageStatus, StorageUsage
from protocols.text import Text


@dataclass
class StorageListing:
    usage: StorageUsage
    messages: list[StoredMessage]


def _check(storage: str) -> str:
    name = storage.upper()
    if name not in STORAGES:
        raise ValueError(f"unknown SMS storage {storage!r}; known: {', '.join(STORAGES)}")
    return name


async def list_storage(modem: AtModem, storage: str) -> StorageListing:
    name = _check(storage)
    usage = (await modem.select_storage(name))[0]
    messages = await modem.list_messages(MessageStatus.ALL)
    return StorageListing(StorageUsage(name, usage.used, usage.total), messages)


async def clear_storage(modem: AtModem, storage: str, *, progress: ProgressCallback | None = None) -> int:
    """Delete every message in ``storage``; returns how many there were."""
    name = _check(storage)
    usage = (await modem.select_storage(name))[0]
    reporter = ProgressReporter(progress, usage.used)
    try:
        await modem.command("AT+CMGD=1,4")  # delete all at once, where the modem supports it
        reporter.step(Text("Хранилище очищено", "Storage cleared"), advance=usage.used)
        left = (await modem.select_storage(name))[0].used
        if left == 0:
            return usage.used
    except AtError:
        pass
    deleted = 0
    for message in await modem.list_messages(MessageStatus.ALL):
        await modem.delete_message(message.index)
        deleted += 1
        reporter.step(Text(f"Удалено SMS {message.index}", f"Deleted SMS {message.index}"))
    return max(deleted, usage.used)
