"""Reading UTMC-700 device lists at the link's speed: only the frames that hold devices, all at once.

    records = await read_device_lists(client, channels, per_channel=256, progress=None)

Waiting for each reply before the next request leaves the link idle for a round trip per frame,
and asking an empty channel costs a round trip for nothing. So the device is asked how many
devices each channel holds (DEVICES_COUNT, docs/protocols/utmc.md) together with the first
records of the first channel (the wire carries them while the count travels back), then every
other frame those lists need is requested in the same pipeline and the device answers them back
to back. Empty channels cost nothing more. A device that does not know DEVICES_COUNT (it answers "unknown
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
from typing import Any

from app.core.progress import Progress, ProgressCallback
from app.core.utmc_client import UtmcClient
from protocols.errors import DeviceError, ProtocolError
from protocols.text import Text
from protocols.utmc.utmc_devices import DeviceRecord, decode_records
from protocols.utmc.utmc_frames import DEVICES_PER_FRAME, SHORT_FRAME, table_frames
from protocols.utmc.utmc_messages import (
    DevicesCountReply,
    DevicesCountRequest,
    DevicesReadReply,
    DevicesReadRequest,
    ErrorCode,
    Message,
    Request,
)

WINDOW = 16
"""Requests in flight: each is 16 bytes, so the device's input buffer holds them all; 16 covers
every frame of a full 8-channel table, so the request for the last frame leaves as soon as the
first one does."""


@dataclass
class _Channel:
    total: int | None = None  # as DEVICES_COUNT or else the first frame said
    records: list[DeviceRecord] = field(default_factory=list)
    consistent: bool = True  # frames agreed on the total and followed each other


def _frame(reply: DevicesReadReply) -> tuple[int, int, list[DeviceRecord]]:
    return reply.total, reply.start, decode_records(reply.records)


def _rest_of_plan(channels: Sequence[int], counts: dict[int, int] | None,
                  per_channel: int) -> list[tuple[int, int, int]]:
    """(channel, start, count) of every frame after the first channel's first SHORT_FRAME records,
    which are asked for together with DEVICES_COUNT. Without counts, every frame a channel can have."""
    plan: list[tuple[int, int, int]] = []
    holding = [c for c in channels if counts is None or counts.get(c, 1)]  # channels that may hold devices
    for number, channel in enumerate(channels):
        last = channel == holding[-1] if holding else False  # its last frame ends the read: a short one
        if counts is not None and channel in counts:  # an empty channel costs nothing more (but the first's
            total = counts[channel]                    # frame, asked with the count: table_frames(0) is it)
            spans = table_frames(total, short_first=number == 0, short_last=last) if total or number == 0 else []
        else:  # the device will say what it holds (or refuse a channel it does not have)
            asked = SHORT_FRAME if number == 0 else 0
            spans = [(0, asked)] if asked else []
            spans += [(start, DEVICES_PER_FRAME) for start in range(asked, max(per_channel, 1), DEVICES_PER_FRAME)]
        plan += [(channel, start, count) for start, count in spans]
    return plan[1:]  # the first channel's first frame is already asked for


async def read_device_lists(client: UtmcClient, channels: Sequence[int], *, per_channel: int,
                            progress: ProgressCallback | None = None) -> list[DeviceRecord]:
    """The device lists of ``channels``, in that order, each channel's devices in the device's order."""
    if not channels:
        return []
    state = {channel: _Channel() for channel in channels}
    # DEVICES_COUNT and the first frame of the first channel go out together: the frame's bytes
    # are on the wire while the count travels back, and the other requests follow the count
    plan: list[tuple[int, int, int]] = [(channels[0], 0, SHORT_FRAME)]  # (channel, start, count) per frame
    counted = [False]
    position = {channel: number for number, channel in enumerate(channels, 1)}
    reported = [0]  # channels reported to ``progress`` so far, in the order of ``channels``

    def requests() -> Iterator[Request[Any]]:
        yield DevicesCountRequest()
        index = 0
        while index < len(plan):  # the plan grows when DEVICES_COUNT is answered (``window`` waits for it)
            channel, start, count = plan[index]
            yield DevicesReadRequest(channel=channel, start=start, count=count)
            index += 1

    def counts_known(counts: dict[int, int] | None) -> None:
        for channel in channels:
            if counts is not None and channel in counts:
                state[channel].total = counts[channel]
        plan.extend(_rest_of_plan(channels, counts, per_channel))
        counted[0] = True

    def on_refusal(index: int, error: DeviceError) -> None:
        if index == 0 and error.code == ErrorCode.UNKNOWN_COMMAND:
            counts_known(None)  # a device without DEVICES_COUNT: ask for every frame a channel can have
            return
        raise error

    def on_reply(index: int, reply: Message) -> None:
        if isinstance(reply, DevicesCountReply):
            counts_known({channel: total for channel, total in enumerate(reply.totals, 1)})
            return
        assert isinstance(reply, DevicesReadReply)
        channel, asked, _ = plan[index - 1]
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
        if index == len(plan) or plan[index][0] != channel:
            for finished in channels[reported[0] : position[channel]]:  # empty ones before it, then itself
                _report(finished)

    def _report(channel: int) -> None:
        reported[0] += 1
        if progress:
            progress(Progress(reported[0], len(channels), Text(f"Чтение приборов канала {channel}",
                                                               f"Reading devices of channel {channel}")))

    await client.pipeline(requests(), on_reply, window=lambda: WINDOW if counted[0] else 2, on_refusal=on_refusal)
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
