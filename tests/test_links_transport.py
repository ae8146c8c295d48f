"""The byte links against simulator endpoints over a real pty and loopback TCP."""

from __future__ import annotations

import asyncio

import pytest

from app.core.links import open_link, serial_port
from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from protocols.errors import LinkClosed, LinkTimeout
from simulators.transport import Endpoint, Faults, PtySimulator, TcpSimulatorServer, pty_supported

pytestmark = pytest.mark.virtual_time


async def echo_upper(endpoint: Endpoint) -> None:
    """Answers each chunk ending in newline with its upper-case copy."""
    pending = b""
    while data := await endpoint.read():
        pending += data
        while b"\n" in pending:
            line, _, pending = pending.partition(b"\n")
            await endpoint.write(line.upper() + b"\n")


async def test_tcp_link_round_trip_and_timeout() -> None:
    server = await TcpSimulatorServer(echo_upper).start()
    link = open_link(f"tcp://{server.url}")
    assert isinstance(link, TcpLink)
    log: list[tuple[str, bytes]] = []
    link.listeners.append(lambda d, b: log.append((d, b)))
    async with link:
        await link.send(b"hello\n")
        assert await link.receive(until=b"\n", timeout=2) == b"HELLO\n"
        with pytest.raises(LinkTimeout):
            await link.receive(until=b"\n", timeout=0.1)
    assert ("tx", b"hello\n") in log and any(d == "rx" for d, _ in log)
    await server.close()


async def test_tcp_link_reports_lost_connection() -> None:
    server = await TcpSimulatorServer(echo_upper, Faults(close_after=3)).start()
    async with TcpLink(*server.address) as link:
        await link.send(b"abcdef\n")
        assert await link.receive(size=3, timeout=2) == b"ABC"
        with pytest.raises(LinkClosed):
            await link.receive(until=b"\n", timeout=2)
    await server.close()


async def test_tcp_connect_refused_is_link_closed() -> None:
    server = await TcpSimulatorServer(echo_upper).start()
    host, port = server.address
    await server.close()
    with pytest.raises(LinkClosed, match=f"Cannot connect to {host}:{port}"):
        await TcpLink(host, port, connect_timeout=2).open()


async def test_dropped_and_garbage_replies() -> None:
    faults = Faults(drop=1.0)
    server = await TcpSimulatorServer(echo_upper, faults).start()
    async with TcpLink(*server.address) as link:
        await link.send(b"x\n")
        with pytest.raises(LinkTimeout):
            await link.receive(until=b"\n", timeout=0.2)
        faults.drop, faults.garbage = 0.0, 1.0
        await link.send(b"y\n")
        reply = await link.receive(until=b"Y\n", timeout=2)
        assert reply.endswith(b"Y\n") and len(reply) > 2
    await server.close()


@pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX")
async def test_serial_link_over_pty_is_paced_at_baud_rate() -> None:
    sim = await PtySimulator(echo_upper, baud=9600).start()
    link = open_link(f"serial://{sim.path}?baud=9600")
    assert isinstance(link, SerialLink)
    payload = b"z" * 479 + b"\n"  # 480 bytes each way = 0.5 s of wire time at 9600 baud
    loop = asyncio.get_running_loop()  # the simulator paces the line on the loop's clock
    async with link:
        start = loop.time()
        await link.send(payload)
        reply = await link.receive(until=b"\n", timeout=60)  # only a stuck link takes that long
        elapsed = loop.time() - start
    assert reply == payload.upper()
    assert elapsed >= 0.95  # paced: never faster than the wire (how much slower is bench/'s business)
    await sim.close()


@pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX")
async def test_serial_port_loss_is_reported() -> None:
    sim = await PtySimulator(echo_upper, Faults(close_after=2)).start()
    async with SerialLink(sim.path) as link:
        await link.send(b"hello\n")
        with pytest.raises(LinkClosed):
            await link.receive(until=b"\n", timeout=3)
    await sim.close()


async def test_receive_is_cancellable() -> None:
    server = await TcpSimulatorServer(echo_upper).start()
    async with TcpLink(*server.address) as link:
        task = asyncio.create_task(link.receive(until=b"\n", timeout=30))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    await server.close()


async def test_serial_link_over_socket_url_reads_whole_chunks() -> None:
    """Windows has no pty: the demo reaches serial simulators through pyserial's socket:// URLs."""
    server = await TcpSimulatorServer(echo_upper).start()
    link = SerialLink(f"socket://{server.url}")
    received: list[bytes] = []
    link.listeners.append(lambda direction, data: received.append(data) if direction == "rx" else None)
    async with link:
        await link.send(b"q" * 999 + b"\n")
        assert await link.receive(until=b"\n", timeout=3) == b"Q" * 999 + b"\n"
    assert len(received) < 10  # chunks, not one event per byte
    await server.close()


@pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX")
@pytest.mark.timeout(10)
async def test_pty_simulator_closes_a_handler_that_lost_one_cancellation() -> None:
    """Python 3.11's wait_for can swallow a cancellation; closing must still end the handler."""
    swallowed = 0

    async def stubborn(endpoint: Endpoint) -> None:
        nonlocal swallowed
        while True:
            try:
                await endpoint.read()
            except asyncio.CancelledError:
                if swallowed:
                    raise
                swallowed += 1

    sim = await PtySimulator(stubborn).start()
    await asyncio.sleep(0.01)
    await asyncio.wait_for(sim.close(), 2)
    assert swallowed == 1


@pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX")
@pytest.mark.timeout(60)  # a close that waited out the hour-long poll fails here
async def test_closing_a_serial_link_does_not_wait_for_the_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serial_port, "READ_POLL", 3600.0)
    sim = await PtySimulator(echo_upper).start()
    closed = 0
    for _ in range(10):
        link = SerialLink(sim.path)
        await link.open()
        await link.close()  # wakes the reader instead of waiting out its poll
        closed += 1
    await sim.close()
    assert closed == 10 and not link.is_open
