"""Where virtual devices meet real links: pty pairs and loopback TCP servers.

A simulator is an async ``handler(endpoint)`` called once per connection. The endpoint reads
and writes bytes through the real transport, optionally paced at a baud rate (so wire time in
tests and benchmarks is real) and with faults switched on (garbage, dropped or slow replies,
port closed mid-transfer), in the spirit of pymodbus's transport manipulator.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from protocols import platform_caps

BITS_PER_BYTE = 10  # start + 8 data (or 7 data + parity) + stop


def loop_clock() -> float:
    """The simulators' default clock: the running event loop's time, so a device's restarts and busy
    periods agree with the waits of whoever talks to it (a test's loop may skip idle waiting);
    ``time.monotonic`` outside a loop (the clock asyncio's own loop uses)."""
    try:
        return asyncio.get_running_loop().time()
    except RuntimeError:
        return time.monotonic()


@dataclass
class Faults:
    """Fault switches; may be changed while the simulator runs (the demo toggles them)."""

    garbage: float = 0.0  # probability that a reply is preceded by random bytes
    drop: float = 0.0  # probability that a reply is silently dropped
    slow: float = 0.0  # extra seconds before each reply
    close_after: int | None = None  # close the connection after this many reply bytes
    storage_full: bool = False  # device-specific: e.g. the modem's SIM storage reports full
    seed: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        self.rng.seed(self.seed)

    @classmethod
    def parse(cls, specs: list[str], seed: int = 0) -> Faults:
        """From CLI specs like ``garbage=0.2``, ``drop=1``, ``slow=2.5``, ``close_after=100``, ``storage_full``."""
        faults = cls(seed=seed)
        for spec in specs:
            name, _, value = spec.partition("=")
            name = name.strip().replace("-", "_")
            if name == "storage_full":
                faults.storage_full = value.lower() not in ("0", "false", "no")
            elif name == "close_after":
                faults.close_after = int(value)
            elif name in ("garbage", "drop", "slow"):
                setattr(faults, name, float(value))
            else:
                raise ValueError(f"unknown fault {name!r}; known: garbage, drop, slow, close_after, storage_full")
        return faults


class ConnectionClosedByFault(Exception):
    """Raised inside a handler when the close_after fault cut the connection."""


class Endpoint:
    """One connection as the simulated device sees it."""

    def __init__(
        self,
        read: Callable[[], Awaitable[bytes]],
        write: Callable[[bytes], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        faults: Faults,
        baud: int | None,
    ) -> None:
        self._read, self._write, self._close = read, write, close
        self.faults = faults
        self.baud = baud  # may be changed by the device (IEC 62056-21 speed switch)
        self._sent = 0
        self.closed = False
        # Event-loop times for half-duplex devices: when the last bytes from the peer came in, and
        # when our last bytes started to go out. Taken on the safe side: a busy machine can only
        # make the peer look later, never sooner.
        self.arrived_at = 0.0
        self.sent_at: float | None = None
        self.peer = ""  # the client's address (TCP), for servers that treat clients by address

    def wire_time(self, size: int) -> float:
        return size * BITS_PER_BYTE / self.baud if self.baud else 0.0

    async def read(self) -> bytes:
        """Next bytes from the peer (b"" when it hung up), delayed by their wire time."""
        data = await self._read()
        self.arrived_at = asyncio.get_running_loop().time()
        if data and self.baud:
            await asyncio.sleep(self.wire_time(len(data)))
        return data

    async def write(self, data: bytes, *, reply: bool = True) -> None:
        """Send bytes; a ``reply`` is subject to the drop/garbage/slow/close faults."""
        if self.closed:
            raise ConnectionClosedByFault
        faults = self.faults
        if reply:
            if faults.slow:
                await asyncio.sleep(faults.slow)
            if faults.drop and faults.rng.random() < faults.drop:
                return
            if faults.garbage and faults.rng.random() < faults.garbage:
                data = bytes(faults.rng.randrange(256) for _ in range(faults.rng.randint(1, 8))) + data
        if faults.close_after is not None and self._sent + len(data) > faults.close_after:
            data = data[: max(0, faults.close_after - self._sent)]
            await self._paced_write(data)
            await self.close()
            raise ConnectionClosedByFault
        await self._paced_write(data)

    async def _paced_write(self, data: bytes) -> None:
        if not self.baud or len(data) <= 1:
            if data:
                self.sent_at = asyncio.get_running_loop().time()
                await self._write(data)
                self._sent += len(data)
                if self.baud:
                    await asyncio.sleep(self.wire_time(len(data)))
            return
        # Chunks of ~5 ms of wire time keep the pacing smooth without a sleep per byte.
        loop = asyncio.get_running_loop()
        chunk = max(1, int(self.baud / BITS_PER_BYTE * 0.005))
        start = loop.time()
        for offset in range(0, len(data), chunk):
            piece = data[offset : offset + chunk]
            self.sent_at = loop.time()
            await self._write(piece)
            self._sent += len(piece)
            delay = start + self.wire_time(offset + len(piece)) - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)

    async def close(self) -> None:
        if not self.closed:
            self.closed = True
            await self._close()


Handler = Callable[[Endpoint], Awaitable[None]]


class TcpSimulatorServer:
    """A loopback TCP server that runs ``handler`` per connection."""

    def __init__(self, handler: Handler, faults: Faults | None = None, baud: int | None = None) -> None:
        self.handler, self.faults, self.baud = handler, faults or Faults(), baud
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> TcpSimulatorServer:
        self._server = await asyncio.start_server(self._serve, host, port)
        return self

    @property
    def address(self) -> tuple[str, int]:
        assert self._server is not None
        host, port = self._server.sockets[0].getsockname()[:2]
        return host, port

    @property
    def url(self) -> str:
        host, port = self.address
        return f"{host}:{port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def write(data: bytes) -> None:
            writer.write(data)
            await writer.drain()

        async def close() -> None:
            writer.close()

        async def read() -> bytes:
            try:
                return await reader.read(65536)
            except OSError:
                return b""

        endpoint = Endpoint(read, write, close, self.faults, self.baud)
        peer = writer.get_extra_info("peername")
        endpoint.peer = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self.handler(endpoint)
        except (ConnectionClosedByFault, ConnectionError):
            pass
        except asyncio.CancelledError:
            # Server shutdown: nothing awaits this per-connection task, and letting the
            # cancellation escape makes asyncio log a spurious error from its done-callback.
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None


class PtySimulator:
    """A pseudo-terminal pair: the device holds the master, clients open ``path`` like a COM port.

    POSIX only (Linux, macOS). The handler is restarted after each session so the device stays
    available, like a real device that remains plugged in.
    """

    def __init__(self, handler: Handler, faults: Faults | None = None, baud: int | None = None) -> None:
        if not pty_supported():
            raise OSError("pty devices are not available here; use the TCP endpoint (socket://)")
        self.handler, self.faults, self.baud = handler, faults or Faults(), baud
        self._master = self._slave = -1
        self.path = ""
        self._task: asyncio.Task[None] | None = None
        self._incoming: asyncio.Queue[bytes] = asyncio.Queue()

    async def start(self) -> PtySimulator:
        import pty
        import tty

        self._master, self._slave = pty.openpty()
        tty.setraw(self._slave)  # no echo, no line discipline: a clean byte pipe
        os.set_blocking(self._master, False)
        self.path = os.ttyname(self._slave)
        loop = asyncio.get_running_loop()
        loop.add_reader(self._master, self._on_readable)
        self._task = asyncio.create_task(self._run())
        return self

    def unread(self) -> int:
        """Bytes the device wrote that the client has not read yet."""
        return _unread(self._slave) if self._slave >= 0 else 0

    def _on_readable(self) -> None:
        try:
            data = os.read(self._master, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            self._incoming.put_nowait(data)

    async def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                written = os.write(self._master, view)
                view = view[written:]
            except BlockingIOError:
                await asyncio.sleep(0.001)

    async def _run(self) -> None:
        while self._master >= 0:
            endpoint = Endpoint(self._incoming.get, self._write, self._unplug, self.faults, self.baud)
            try:
                await self.handler(endpoint)
            except ConnectionClosedByFault:
                return
            # A closed session on a pty cannot hang up the far side: forget what it was sending.
            await self._drain()
            await asyncio.sleep(0.05)

    async def _drain(self) -> None:
        while not self._incoming.empty():
            self._incoming.get_nowait()

    async def _unplug(self) -> None:
        """The close_after fault: the device vanishes like an unplugged USB adapter — after the
        bytes it sent have arrived, as on a real line. (Closing a pty master discards what the
        client has not read yet, which would make the fault cut more than it says.)"""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 2.0
        await asyncio.sleep(0.02)  # the pty moves written bytes to the client's side asynchronously
        while self._slave >= 0 and _unread(self._slave) and loop.time() < deadline:
            await asyncio.sleep(0.01)
        await self._hang_up()

    async def _hang_up(self) -> None:
        """Close the device's side: the client's next read fails like an unplugged adapter's."""
        if self._master >= 0:
            asyncio.get_running_loop().remove_reader(self._master)
            os.close(self._master)
            self._master = -1

    async def close(self) -> None:
        task, self._task = self._task, None
        # Python 3.11's wait_for can swallow a cancellation that lands as its inner read completes;
        # a handler looping on wait_for then carries on, so cancel until the task has ended.
        while task is not None and not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=0.1)
        if task is not None and not task.cancelled():
            task.exception()  # retrieved: a handler failure at shutdown is not logged as unhandled
        await self._hang_up()
        if self._slave >= 0:
            os.close(self._slave)
            self._slave = -1


def _unread(fd: int) -> int:
    """Bytes waiting in a terminal's input queue (FIONREAD)."""
    import fcntl
    import termios

    return int.from_bytes(fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"), sys.byteorder, signed=True)


def pty_supported() -> bool:
    """False on Windows, or where ``CONFIGURATOR_WITHOUT=pty`` (protocols/platform_caps.py)."""
    return platform_caps.current().pty


Close = Callable[[], Awaitable[None]]


async def serial_endpoint(handler: Handler, faults: Faults | None = None, baud: int | None = None,
                          host: str = "127.0.0.1") -> tuple[str, Close]:
    """A serial port for ``handler``: a pty's path where ptys exist, else ``socket://host:port``.

    pyserial opens both, so a client names the port the same way on every platform."""
    if pty_supported():
        pty = await PtySimulator(handler, faults, baud).start()
        return pty.path, pty.close
    server = await TcpSimulatorServer(handler, faults, baud).start(host, 0)
    return f"socket://{server.url}", server.close
