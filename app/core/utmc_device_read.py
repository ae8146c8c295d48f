"""Reading UTMC-700 device lists at the link's speed: only the frames that hold devices, all at once.

    records = await read_device_lists(client, channels, per_channel=256, progress=None)

Waiting for each reply before the next request leaves the link idle for a round trip per frame,
and asking an empty channel costs a round trip for nothing. So the device is first asked how
many devices each channel holds (DEVICES_COUNT, docs/protocols/utmc.md), then every frame those
lists need is requested in one pipeline and the device answers them back to back. Empty
channels cost nothing more. A device that does not know DEVICES_COUNT (it answers "unknown
command") is asked for every frame a channel can have (``per_channel`` devices, IDENTIFY says
how many); a frame past the end of a list answers with the list's ``total`` and no records, a
few bytes on the wire. Channels come back in the order asked, and progress is reported per
channel.

What arrives is checked before it is used: the frames of a channel must report the total
counted and follow each other without a gap. A channel whose list was replaced meanwhile (by
another connection), or whose device answered with fewer records than asked, is read again one
frame after another (the plain way), so the result is always one consistent list per channel.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from app.core.progress import Progress, ProgressCallback
from app.core.utmc_client import UtmcClient
from protocols.errors import DeviceError, ProtocolError
from protocols.text import Text
from protocols.utmc.utmc_devices import DeviceRecord, decode_records
from protocols.utmc.utmc_frames import DEVICES_PER_FRAME
from protocols.utmc.utmc_messages import DevicesCountRequest, DevicesReadReply, DevicesReadRequest, ErrorCode

WINDOW = 16
"""Requests in flight: each is 16 bytes, so the device's input buffer holds them all; 16 covers
every frame of a full 8-channel table (8 × 2), so the request for the last frame leaves as soon
as the first one does."""


async def _counts(client: UtmcClient) -> dict[int, int] | None:
    """Devices per channel as the device counts them; None if it does not know DEVICES_COUNT."""
    try:
        reply = await client.request(DevicesCountRequest())
    except DeviceError as error:
        if error.code == ErrorCode.UNKNOWN_COMMAND:
            return None
        raise
    return {channel: total for channel, total in enumerate(reply.totals, 1)}


@dataclass
class _Channel:
    total: int | None = None  # as DEVICES_COUNT or else the first frame said
    records: list[DeviceRecord] = field(default_factory=list)
    consistent: bool = True  # frames agreed on the total and followed each other


def _frame(reply: DevicesReadReply) -> tuple[int, int, list[DeviceRecord]]:
    return reply.total, reply.start, decode_records(reply.records)


async def read_device_lists(client: UtmcClient, channels: Sequence[int], *, per_channel: int,
                            progress: ProgressCallback | None = None) -> list[DeviceRecord]:
    """The device lists of ``channels``, in that order, each channel's devices in the device's order."""
    counts = await _counts(client)
    state: dict[int, _Channel] = {}
    plan: list[tuple[int, int]] = []  # (channel, start) of every frame asked for, in order
    for channel in channels:
        if counts is not None and channel in counts:
            state[channel] = _Channel(total=counts[channel])
            frames = -(-counts[channel] // DEVICES_PER_FRAME)
        else:  # the device will say what it holds (or refuse a channel it does not have)
            state[channel] = _Channel()
            frames = max(1, -(-per_channel // DEVICES_PER_FRAME))
        plan += [(channel, index * DEVICES_PER_FRAME) for index in range(frames)]
    position = {channel: number for number, channel in enumerate(channels, 1)}
    reported = [0]  # channels reported to ``progress`` so far, in the order of ``channels``

    def requests() -> Iterator[DevicesReadRequest]:
        for channel, start in plan:
            yield DevicesReadRequest(channel=channel, start=start, count=DEVICES_PER_FRAME)

    def on_reply(index: int, reply: DevicesReadReply) -> None:
        channel, asked = plan[index]
        total, start, batch = _frame(reply)
        read = state[channel]
        if read.total is None:
            read.total = total
        if total != read.total or start != asked:
            read.consistent = False
        elif start == len(read.records):
            read.records += batch
        elif start < total:  # a gap: the device sent fewer records than asked for in an earlier frame
            read.consistent = False
        if index + 1 == len(plan) or plan[index + 1][0] != channel:
            for finished in channels[reported[0] : position[channel]]:  # empty ones before it, then itself
                _report(finished)

    def _report(channel: int) -> None:
        reported[0] += 1
        if progress:
            progress(Progress(reported[0], len(channels), Text(f"Чтение приборов канала {channel}",
                                                               f"Reading devices of channel {channel}")))

    await client.pipeline(requests(), on_reply, window=WINDOW)
    for channel in channels[reported[0] :]:  # empty channels at the end
        _report(channel)
    records: list[DeviceRecord] = []
    for channel in channels:
        read = state[channel]
        if not read.consistent or read.total is None or len(read.records) != read.total:
            read.records = await _read_one_by_one(client, channel)
        records += read.records
    return records


async def _read_one_by_one(client: UtmcClient, channel: int) -> list[DeviceRecord]:
    """One frame after another until the channel's total is reached (every reply says the total)."""
    records: list[DeviceRecord] = []
    total: int | None = None
    while total is None or len(records) < total:
        reply = await client.request(DevicesReadRequest(channel=channel, start=len(records),
                                                        count=DEVICES_PER_FRAME))
        total, start, batch = _frame(reply)
        if start != len(records) or (not batch and len(records) < total):
            raise ProtocolError(Text("УТМЦ не отдало записи приборов", "The UTMC sent no device records"))
        records += batch
    return records
