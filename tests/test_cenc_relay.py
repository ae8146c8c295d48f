"""CENC relay end to end over loopback TCP: virtual server, modules in Client-CENC mode, links."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.core.links import open_link
from app.core.links.cenc import CencDirectLink, CencLink
from protocols import cenc
from protocols.cenc import CencRefused
from protocols.errors import DeviceError, LinkClosed, LinkTimeout, ValidationError
from simulators.cenc import CencServer, CencTimings, CencUser
from simulators.cenc_throttle import LoginThrottle
from simulators.module_cenc_client import ModuleCencClient
from simulators.transport import Faults

pytestmark = pytest.mark.virtual_time


async def no_wait(_seconds: float) -> None:
    """The login throttle's delays are tested in test_cenc_throttle.py; here they need not pass."""

SERIALS = ["012657163203900", "012657163203901"]


class EchoDevice:
    """Stands in for the module's frame handler: answers each chunk with its upper-case copy."""

    def __init__(self, serial: str) -> None:
        self.serial, self.meter_type, self.module_type = serial, "CE308", "gsm-2g4g"
        self.received = b""

    def process(self, data: bytes) -> bytes:
        self.received += data
        return data.upper()


class Rig:
    def __init__(self, server: CencServer, clients: list[ModuleCencClient]) -> None:
        self.server, self.clients = server, clients
        self.host, self.port = server.upper_address

    def link(self, **kwargs: object) -> CencLink:
        options: dict[str, object] = {"user": "admin", "password": "secret", "reply_timeout": 2.0}
        options.update(kwargs)
        return CencLink(self.host, self.port, **options)  # type: ignore[arg-type]


async def make_rig(faults: Faults | None = None, timings: CencTimings | None = None, modules: int = 2) -> Rig:
    users = [CencUser("admin", "secret"), CencUser("viewer", "pw", frozenset({SERIALS[0]}))]
    server = await CencServer(users, faults=faults, timings=timings, direct_base_port=0,
                              throttle=LoginThrottle(sleep=no_wait)).start(upper_port=0, device_port=0)
    clients = []
    for serial in SERIALS[:modules]:
        client = await ModuleCencClient(EchoDevice(serial), *server.device_address, reconnect_period=0.1).start()
        await client.wait_registered()  # in order, so addresses are 0.0.0.1, 0.0.0.2
        clients.append(client)
    return Rig(server, clients)


@pytest.fixture
async def rig() -> AsyncIterator[Rig]:
    rig = await make_rig()
    yield rig
    for client in rig.clients:
        await client.stop()
    await rig.server.close()


async def test_modules_register_with_addresses_and_direct_ports(rig: Rig) -> None:
    assert [c.address for c in rig.clients] == ["0.0.0.1", "0.0.0.2"]
    records = [rig.server.devices[s] for s in SERIALS]
    assert all(r.online and r.direct_port > 0 for r in records)
    assert rig.clients[0].direct_port == records[0].direct_port
    assert records[0].device_type == "CE308" and records[0].module_type == "gsm-2g4g"


@pytest.mark.parametrize("by", ["serial", "address"])
async def test_login_choose_and_relay(rig: Rig, by: str) -> None:
    choice = {"device_serial": SERIALS[1]} if by == "serial" else {"device_address": "0.0.0.2"}
    log: list[tuple[str, bytes]] = []
    link = rig.link(**choice)
    link.listeners.append(lambda d, b: log.append((d, b)))
    async with link:
        assert link.device is not None and link.device.serial == SERIALS[1] and link.device.address == "0.0.0.2"
        await link.send(b"ping frame\n")
        assert await link.receive(until=b"\n", timeout=2) == b"PING FRAME\n"
        big = bytes(range(97, 123)) * 400  # > MAX_PAYLOAD: cut into several DAC packets and joined again
        await link.send(big)
        assert await link.receive(size=len(big), timeout=2) == big.upper()
    assert rig.clients[1].module.received.startswith(b"ping frame\n")  # type: ignore[attr-defined]
    assert ("tx", b"ping frame\n") in log and ("rx", b"PING FRAME\n") in log
    assert not any(b"secret" in data for _, data in log)  # the password never reaches the exchange log


async def test_open_link_urls(rig: Rig) -> None:
    link = open_link(f"cenc://admin:secret@{rig.host}:{rig.port}?address=0.0.0.1")
    assert isinstance(link, CencLink)
    async with link:
        await link.send(b"x\n")
        assert await link.receive(until=b"\n", timeout=2) == b"X\n"
    direct = open_link(f"cenc-direct://{rig.host}:{rig.server.devices[SERIALS[0]].direct_port}")
    assert isinstance(direct, CencDirectLink)
    default_port = open_link("cenc://u:p%40ss@example.org?serial=1")
    assert isinstance(default_port, CencLink) and default_port.port == 22002 and default_port._password == "p@ss"
    # a wrong description is refused as input, before anything is opened, as the settings are
    with pytest.raises(ValidationError, match="one of the two"):
        open_link("cenc://u:p@example.org")  # no device chosen
    with pytest.raises(ValidationError, match="one of the two"):
        open_link("cenc://u:p@example.org?serial=1&address=0.0.0.1")  # both
    empty_serial = CencLink("h", user="u", password="p", device_serial="", device_address=" 0.0.0.94 ")
    assert empty_serial.description.endswith("0.0.0.94")
    with pytest.raises(ValidationError, match="0.0.0.94"):
        open_link("cenc://u:p@example.org?address=0.0.0.300")
    with pytest.raises(ValidationError, match="direct-access port is missing"):
        open_link("cenc-direct://example.org")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"password": "wrong", "device_serial": SERIALS[0]}, cenc.BAD_LOGIN),
        ({"user": "nobody", "device_serial": SERIALS[0]}, cenc.BAD_LOGIN),
        ({"device_serial": "999"}, cenc.UNKNOWN_DEVICE),
        ({"device_address": "0.0.0.77"}, cenc.UNKNOWN_DEVICE),
        ({"user": "viewer", "password": "pw", "device_serial": SERIALS[1]}, cenc.NO_ACCESS),
    ],
)
async def test_refusals_at_open(rig: Rig, kwargs: dict[str, str], code: int) -> None:
    link = rig.link(**kwargs)
    with pytest.raises(CencRefused) as info:
        await link.open()
    assert info.value.code == code and not link.is_open
    assert info.value.message("ru") != str(info.value)  # both languages


async def test_device_offline_and_busy(rig: Rig) -> None:
    async with rig.link(device_serial=SERIALS[0]):
        with pytest.raises(CencRefused) as info:
            await rig.link(device_address="0.0.0.1").open()
        assert info.value.code == cenc.CHANNEL_BUSY and "busy" in str(info.value)
        direct = CencDirectLink(rig.host, rig.server.devices[SERIALS[0]].direct_port)
        async with direct:
            with pytest.raises(CencRefused) as info:
                await direct.receive(size=1, timeout=2)
            assert info.value.code == cenc.CHANNEL_BUSY
    await rig.clients[1].stop()
    await asyncio.sleep(0.05)
    with pytest.raises(CencRefused) as info:
        await rig.link(device_serial=SERIALS[1]).open()
    assert info.value.code == cenc.DEVICE_OFFLINE and "not connected" in str(info.value)


async def test_device_drops_mid_session_then_reconnects(rig: Rig) -> None:
    async with rig.link(device_serial=SERIALS[0]) as link:
        rig.clients[0].drop_connection()
        with pytest.raises(CencRefused) as info:
            await link.receive(size=1, timeout=2)
        assert info.value.code == cenc.DEVICE_OFFLINE
        with pytest.raises(CencRefused):
            await link.send(b"more")  # the session no longer has its device
    assert await rig.clients[0].wait_registered(timeout=3) == "0.0.0.1"  # same address after reconnecting
    assert rig.clients[0].connections == 2
    async with rig.link(device_serial=SERIALS[0]) as link:
        await link.send(b"again\n")
        assert await link.receive(until=b"\n", timeout=2) == b"AGAIN\n"


async def test_device_nak_is_device_error_and_session_survives(rig: Rig) -> None:
    async with rig.link(device_serial=SERIALS[0]) as link:
        rig.clients[0].refuse_data = 0x03
        await link.send(b"req\n")
        with pytest.raises(DeviceError) as info:
            await link.receive(until=b"\n", timeout=2)
        assert info.value.code == cenc.DEVICE_NAK and "3" in str(info.value)
        rig.clients[0].refuse_data = None
        await link.send(b"req\n")
        assert await link.receive(until=b"\n", timeout=2) == b"REQ\n"


async def test_direct_access_port_is_transparent(rig: Rig) -> None:
    port = rig.server.devices[SERIALS[1]].direct_port
    async with CencDirectLink(rig.host, port) as link:
        await link.send(b"raw bytes\n")
        assert await link.receive(until=b"\n", timeout=2) == b"RAW BYTES\n"
    await rig.clients[1].stop()
    await asyncio.sleep(0.05)
    async with CencDirectLink(rig.host, port) as link:
        with pytest.raises(CencRefused) as info:
            await link.receive(size=1, timeout=2)
        assert info.value.code == cenc.DEVICE_OFFLINE


async def test_duplicate_serial_is_refused_with_0x65(rig: Rig) -> None:
    twin = await ModuleCencClient(EchoDevice(SERIALS[0]), *rig.server.device_address, reconnect_period=5).start()
    try:
        for _ in range(100):
            if twin.last_error is not None:
                break
            await asyncio.sleep(0.02)
        assert twin.last_error == cenc.DUPLICATE_ADDRESS and not twin.registered.is_set()
    finally:
        await twin.stop()


async def test_server_closing_mid_transfer_and_timeouts() -> None:
    faults = Faults()
    rig = await make_rig(faults, modules=1)
    try:
        async with rig.link(device_serial=SERIALS[0]) as link:
            faults.drop = 1.0
            await link.send(b"lost\n")
            with pytest.raises(LinkTimeout):
                await link.receive(until=b"\n", timeout=0.3)
            faults.drop, faults.garbage = 0.0, 1.0  # junk before packets is skipped by the framing
            await link.send(b"junk\n")
            assert await link.receive(until=b"\n", timeout=2) == b"JUNK\n"
            faults.garbage, faults.close_after = 0.0, 0  # the server hangs up on its next bytes
            await link.send(b"cut\n")
            with pytest.raises(LinkClosed):
                await link.receive(until=b"\n", timeout=2)
    finally:
        await rig.clients[0].stop()
        await rig.server.close()


async def test_cancelled_receive_leaves_the_link_usable(rig: Rig) -> None:
    async with rig.link(device_serial=SERIALS[0]) as link:
        task = asyncio.create_task(link.receive(until=b"\n", timeout=10))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await link.send(b"after\n")
        assert await link.receive(until=b"\n", timeout=2) == b"AFTER\n"


async def test_login_timeout_and_refused_connection() -> None:
    silent = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    link = CencLink("127.0.0.1", port, user="a", password="b", device_serial="1", reply_timeout=0.2,
                    login_timeout=0.2)
    with pytest.raises(LinkTimeout):
        await link.open()
    opening = asyncio.create_task(link.open())  # cancelling a login in progress leaves nothing open
    await asyncio.sleep(0.05)
    opening.cancel()
    with pytest.raises(asyncio.CancelledError):
        await opening
    assert not link.is_open and link._writer is None
    silent.close()
    await silent.wait_closed()
    with pytest.raises(LinkClosed, match=f"Cannot connect to the CENC server 127.0.0.1:{port}"):
        await CencLink("127.0.0.1", port, user="a", password="b", device_serial="1", connect_timeout=1).open()


async def test_server_timeouts_registration_ping_and_idle_clients() -> None:
    timings = CencTimings(registration_timeout=0.2, device_ping=0.1, upper_inactive=0.3, channel_lifetime=0.2)
    rig = await make_rig(timings=timings, modules=1)
    try:
        reader, writer = await asyncio.open_connection(*rig.server.device_address)
        data = await asyncio.wait_for(reader.read(100), 2)  # never registers: NAK 0x01, then closed
        assert cenc.decode(data)[1] == cenc.Nak(cenc.INTERNAL_ERROR)
        assert await asyncio.wait_for(reader.read(100), 2) == b""
        writer.close()
        await asyncio.sleep(0.3)  # several ping periods: the module answered each, it stays online
        assert rig.server.devices[SERIALS[0]].online and rig.clients[0].connections == 1
        stale = rig.link(device_serial=SERIALS[0], keepalive=100)
        await stale.open()
        await asyncio.sleep(0.25)  # idle past the channel lifetime: another client may take the device
        async with rig.link(device_serial=SERIALS[0]) as fresh:
            await fresh.send(b"mine\n")
            assert await fresh.receive(until=b"\n", timeout=2) == b"MINE\n"
        await asyncio.sleep(0.4)  # idle past the upper-level inactivity timeout: the server hangs up
        with pytest.raises(LinkClosed):
            await stale.receive(size=1, timeout=1)
        await stale.close()
        async with rig.link(device_serial=SERIALS[0], keepalive=0.1) as kept:
            await asyncio.sleep(0.5)  # pings keep the idle connection open
            await kept.send(b"alive\n")
            assert await kept.receive(until=b"\n", timeout=2) == b"ALIVE\n"
    finally:
        await rig.clients[0].stop()
        await rig.server.close()


async def test_direct_port_refusal_followed_by_a_reset_keeps_the_refusal() -> None:
    """Our request can cross the server's close: the reset that follows must not hide its NAK."""
    import socket
    import struct

    async def refuse(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(cenc.encode(cenc.Nak(cenc.DEVICE_OFFLINE)))
        await writer.drain()
        await reader.read(1)  # the client's request arrives unread by the "server"…
        await asyncio.sleep(0.05)
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()  # …and the close becomes a reset

    server = await asyncio.start_server(refuse, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    link = CencDirectLink("127.0.0.1", port)
    await link.open()
    await asyncio.sleep(0.02)
    await link.send(b"request bytes that the server never reads")
    with pytest.raises(CencRefused) as info:
        await link.receive(size=1, timeout=2)
    assert info.value.code == cenc.DEVICE_OFFLINE
    await link.close()
    server.close()
    await server.wait_closed()
