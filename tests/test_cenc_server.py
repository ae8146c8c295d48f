"""The virtual CENC server at packet level: every documented error path, and junk input."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator

import pytest

from protocols import cenc
from protocols.cenc import Ack, Data, DeviceInfo, Login, Nak, PacketStream, Ping, Register, Registered, SelectDevice
from simulators.cenc import CencServer, CencUser
from simulators.cenc_throttle import LoginThrottle


async def no_wait(_seconds: float) -> None:
    """The login throttle's delays are tested in test_cenc_throttle.py; here they need not pass."""


class Peer:
    """A raw TCP peer that speaks CENC packets."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer, self.stream = reader, writer, PacketStream()
        self.pending: list[object] = []

    @classmethod
    async def connect(cls, address: tuple[str, int]) -> Peer:
        return cls(*await asyncio.open_connection(*address))

    async def send(self, *packets: cenc.Packet, raw: bytes = b"") -> None:
        self.writer.write(raw + b"".join(cenc.encode(p) for p in packets))
        await self.writer.drain()

    async def next(self, timeout: float = 2.0) -> object:
        while not self.pending:
            data = await asyncio.wait_for(self.reader.read(65536), timeout)
            if not data:
                return None  # the server hung up
            self.pending += self.stream.feed(data)
        return self.pending.pop(0)

    def close(self) -> None:
        self.writer.close()


@pytest.fixture
async def server() -> AsyncIterator[CencServer]:
    server = await CencServer([CencUser("admin", "secret")], direct_base_port=0,
                              throttle=LoginThrottle(sleep=no_wait)).start(upper_port=0, device_port=0)
    yield server
    await server.close()


async def test_device_side_error_codes(server: CencServer) -> None:
    device = await Peer.connect(server.device_address)
    await device.send(Data(b"too early"))
    assert await device.next() == Nak(cenc.IDENTIFY_FIRST)  # 0x66: register (INF) first
    await device.send(Ping())
    assert await device.next() == Ack()
    await device.send(raw=cenc.MARK + (cenc.MAX_PAYLOAD + 100).to_bytes(2, "big"))
    assert await device.next() == Nak(cenc.PACKET_TOO_LARGE)
    damaged = bytearray(cenc.encode(Register("1")))
    damaged[-1] ^= 1
    await device.send(raw=bytes(damaged))
    assert await device.next() == Nak(cenc.BAD_PACKET)
    await device.send(Register("111", "CE308", "gsm-2g4g", "1.0"))
    registered = await device.next()
    assert isinstance(registered, Registered) and registered.address == "0.0.0.1" and registered.direct_port
    await device.send(Login("x", "y"))  # an upper-level packet on the device port
    assert await device.next() == Nak(cenc.BAD_PACKET)
    twin = await Peer.connect(server.device_address)
    await twin.send(Register("111"))
    assert await twin.next() == Nak(cenc.DUPLICATE_ADDRESS)
    assert await twin.next() is None  # and the duplicate is disconnected
    second = await Peer.connect(server.device_address)
    await second.send(Register("222"))
    assert (await second.next()) == Registered("0.0.0.2", server.devices["222"].direct_port)
    for peer in (device, twin, second):
        peer.close()


async def test_upper_side_error_codes_and_relay(server: CencServer) -> None:
    device = await Peer.connect(server.device_address)
    await device.send(Register("111", "CE308"))
    await device.next()
    upper = await Peer.connect(server.upper_address)
    await upper.send(SelectDevice(cenc.Selector.SERIAL, "111"))
    assert await upper.next() == Nak(cenc.IDENTIFY_FIRST)  # log in first
    await upper.send(Login("admin", "bad"))
    assert await upper.next() == Nak(cenc.BAD_LOGIN)
    await upper.send(Login("admin", "secret"))  # a failed login may be retried
    assert await upper.next() == Ack()
    await upper.send(Data(b"x"))
    assert await upper.next() == Nak(cenc.IDENTIFY_FIRST)  # no device chosen yet
    await upper.send(Register("999"))
    assert await upper.next() == Nak(cenc.BAD_PACKET)
    await upper.send(SelectDevice(cenc.Selector.ADDRESS, "0.0.0.1"))
    info = await upper.next()
    assert isinstance(info, DeviceInfo) and info.serial == "111" and info.device_type == "CE308"
    await upper.send(Data(b"request"))
    assert await device.next() == Data(b"request")
    await device.send(Data(b"reply"))
    assert await upper.next() == Data(b"reply")
    await device.send(Nak(cenc.DEVICE_NAK, 0x04))
    assert await upper.next() == Nak(cenc.DEVICE_NAK, 0x04)
    await device.send(Ping())  # the device's ping is the server's business, not the client's
    assert await device.next() == Ack()
    device.close()
    assert await upper.next() == Nak(cenc.DEVICE_OFFLINE)
    await upper.send(Data(b"x"))
    assert await upper.next() == Nak(cenc.IDENTIFY_FIRST)
    upper.close()


async def test_junk_never_breaks_the_server(server: CencServer) -> None:
    rng = random.Random(7)
    for address in (server.device_address, server.upper_address):
        peer = await Peer.connect(address)
        for _ in range(30):
            junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
            if rng.random() < 0.3:
                junk += cenc.MARK + junk  # mark followed by nonsense
            await peer.send(raw=junk)
        await peer.send(Ping())
        # whatever NAKs the junk earned, the server still answers the ping
        while (item := await peer.next()) != Ack():
            assert isinstance(item, Nak) and item.error in (cenc.BAD_PACKET, cenc.PACKET_TOO_LARGE, 0x66)
        peer.close()
    device = await Peer.connect(server.device_address)
    await device.send(Register("333"))
    assert isinstance(await device.next(), Registered)
    device.close()
