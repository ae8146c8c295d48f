"""Reading the UTMC's device lists: only the frames that hold devices, and always one consistent list.

Against the virtual UTMC over loopback TCP (unpaced: nothing here waits for a clock)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest

from app.core.links.tcp import TcpLink
from app.core.utmc_ops import UtmcService
from protocols.errors import DeviceError
from protocols.utmc import utmc_messages as m
from protocols.utmc.utmc_codec import UTMC_CODEC
from protocols.utmc.utmc_devices import DeviceRecord, first_number
from protocols.utmc.utmc_frames import Command, ErrorCode, Frame, parse_payload
from protocols.utmc.utmc_models import MODELS
from protocols.utmc.utmc_params import CHANNELS
from simulators.transport import TcpSimulatorServer
from simulators.utmc import DeviceRefusal, VirtualUtmc, ethernet_handler


def devices(channel: int, count: int, serial_base: int = 0) -> list[DeviceRecord]:
    first = first_number(channel)
    return [DeviceRecord(first + i, MODELS[i % len(MODELS)], f"{serial_base + first + i:08d}", 1, "ENM", first + i)
            for i in range(count)]


class LoggingUtmc(VirtualUtmc):
    """Remembers every request it answered: (command, channel, start) for the device table."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[str, int, int]] = []

    def process(self, frame: Frame) -> Frame:
        if frame.command == Command.DEVICES_READ:
            request = parse_payload(Command.DEVICES_READ, False, frame.payload)
            assert isinstance(request, m.DevicesReadRequest)
            self.asked.append(("read", request.channel, request.start))
        elif frame.command == Command.DEVICES_COUNT:
            self.asked.append(("count", 0, 0))
        return super().process(frame)


class OlderUtmc(LoggingUtmc):
    """A device that does not know DEVICES_COUNT."""

    def _on_devices_count(self, _request: m.DevicesCountRequest) -> m.DevicesCountReply:
        raise DeviceRefusal(ErrorCode.UNKNOWN_COMMAND, "0x12")


class ReplacedMeanwhileUtmc(LoggingUtmc):
    """Another connection replaces channel 1's list just after the host counted the devices."""

    replacement = devices(1, 5, serial_base=50_000_000)

    def _on_devices_count(self, request: m.DevicesCountRequest) -> m.DevicesCountReply:
        counted = super()._on_devices_count(request)
        self.channels[1] = list(self.replacement)
        return counted


class ShortFramesUtmc(LoggingUtmc):
    """Answers at most 100 records per frame (fewer than asked for)."""

    def _on_devices_read(self, request: m.DevicesReadRequest) -> m.DevicesReadReply:
        return super()._on_devices_read(replace(request, count=min(request.count, 100)))


@asynccontextmanager
async def serve(utmc: VirtualUtmc) -> AsyncIterator[TcpLink]:
    server = await TcpSimulatorServer(ethernet_handler(utmc, None)).start()
    try:
        async with TcpLink(*server.address) as link:
            yield link
    finally:
        await server.close()


@pytest.fixture
def table() -> dict[int, list[DeviceRecord]]:
    return {2: devices(2, 256), 5: devices(5, 1), 8: devices(8, 129)}


def fill(utmc: VirtualUtmc, table: dict[int, list[DeviceRecord]]) -> None:
    for channel in range(1, CHANNELS + 1):
        utmc.channels[channel] = list(table.get(channel, []))


def expected(table: dict[int, list[DeviceRecord]], channels: range | list[int] = range(1, CHANNELS + 1)) -> list[
        tuple[int, str]]:
    return [(r.number, r.serial) for c in channels for r in table.get(c, [])]


def numbers(records: list[DeviceRecord]) -> list[tuple[int, str]]:
    return [(r.number, r.serial) for r in records]


async def test_only_frames_holding_devices_are_asked_for(table: dict[int, list[DeviceRecord]]) -> None:
    utmc = LoggingUtmc()
    fill(utmc, table)
    steps: list[tuple[int, int]] = []
    async with serve(utmc) as link:
        service = UtmcService(link)
        await service.identify()
        read = await service.read_devices(progress=lambda step: steps.append((step.done, step.total)))
    assert numbers(read) == expected(table)
    # the first channel's first frame goes with the count (whether it holds devices or not); then only
    # frames holding devices, full ones but for a short last frame (protocols.utmc.utmc_frames.table_frames)
    assert utmc.asked == [("count", 0, 0), ("read", 1, 0), ("read", 2, 0), ("read", 2, 128), ("read", 5, 0),
                          ("read", 8, 0), ("read", 8, 97)]
    assert steps == [(n, CHANNELS) for n in range(1, CHANNELS + 1)]  # empty channels are reported too


async def test_channels_come_back_in_the_order_asked(table: dict[int, list[DeviceRecord]]) -> None:
    utmc = LoggingUtmc()
    fill(utmc, table)
    async with serve(utmc) as link:
        read = await UtmcService(link).read_devices([8, 1, 2])
    assert numbers(read) == expected(table, [8, 1, 2])


async def test_a_device_without_the_count_asks_every_frame_a_channel_can_have(
        table: dict[int, list[DeviceRecord]]) -> None:
    utmc = OlderUtmc()
    fill(utmc, table)
    async with serve(utmc) as link:
        service = UtmcService(link)
        await service.identify()
        read = await service.read_devices()
    assert numbers(read) == expected(table)
    assert [a for a in utmc.asked if a[0] == "read"] == [("read", 1, 0), ("read", 1, 32), ("read", 1, 160)] + [
        ("read", c, s) for c in range(2, 9) for s in (0, 128)]


async def test_a_list_replaced_during_the_read_comes_back_whole(table: dict[int, list[DeviceRecord]]) -> None:
    table = {1: devices(1, 200), **table}
    utmc = ReplacedMeanwhileUtmc()
    fill(utmc, table)
    async with serve(utmc) as link:
        read = await UtmcService(link).read_devices([1, 2])
    # channel 1 is the new list, not the first 128 of the old one followed by the new one's rest
    assert numbers(read) == numbers(ReplacedMeanwhileUtmc.replacement) + expected(table, [2])


async def test_a_device_sending_fewer_records_than_asked_is_read_to_the_end(
        table: dict[int, list[DeviceRecord]]) -> None:
    utmc = ShortFramesUtmc()
    fill(utmc, table)
    async with serve(utmc) as link:
        read = await UtmcService(link).read_devices()
    assert numbers(read) == expected(table)


async def test_refused_reads_name_the_device_table() -> None:
    utmc = LoggingUtmc()
    utmc.reads_refused = True
    async with serve(utmc) as link:
        with pytest.raises(DeviceError) as caught:
            await UtmcService(link).read_devices([1])
    assert caught.value.code == ErrorCode.UNKNOWN_COMMAND and "device read" in caught.value.text.en


def test_every_command_has_a_name_in_the_exchange_log() -> None:
    names = {UTMC_CODEC.describe(Frame(command, 1)).en for command in Command}
    assert "device count #1" in names and len(names) == len(Command)
