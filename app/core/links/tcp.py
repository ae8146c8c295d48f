"""TCP client link (module in server mode, CENC, UTMC Ethernet, simulators)."""

from __future__ import annotations

import asyncio
import contextlib

from app.core.links.base import Link
from app.core.links.failures import connect_failure
from protocols.text import Text

_ANY_PEER = Text("", "")


async def connect(
    host: str, port: int, timeout: float, peer: Text = _ANY_PEER
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Open a TCP connection; any failure is a ConnectFailed (LinkClosed) naming ``peer``, the address,
    what happened and what to check (app.core.links.failures)."""
    try:
        async with asyncio.timeout(timeout):  # not wait_for: it may swallow cancellation (3.11)
            return await asyncio.open_connection(host, port)
    # UnicodeError: the idna codec refuses a name (a label over 63 characters); ValueError: a NUL in it;
    # OverflowError: a port beyond 65535
    except (OSError, TimeoutError, UnicodeError, ValueError, OverflowError) as error:
        raise connect_failure(host, port, error, timeout, peer) from error


class TcpLink(Link):
    def __init__(self, host: str, port: int, *, connect_timeout: float = 10.0, peer: Text = _ANY_PEER) -> None:
        super().__init__()
        self.host, self.port, self.connect_timeout = host, port, connect_timeout
        self.peer = peer  # who is at the address, for messages: "модулю связи ", "УТМЦ " …
        self.description = f"TCP {host}:{port}"
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None

    async def _open(self) -> None:
        reader, self._writer = await connect(self.host, self.port, self.connect_timeout, self.peer)
        self._reader_task = asyncio.create_task(self._pump(reader))

    async def _pump(self, reader: asyncio.StreamReader) -> None:
        try:
            while data := await reader.read(65536):
                self._feed(data)
            self._feed_failure(self._lost())
        except OSError as error:
            self._feed_failure(self._lost(error))

    async def _close(self) -> None:
        if self._reader_task:
            self._reader_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader_task
        if self._writer:
            self._writer.close()
            with contextlib.suppress(Exception):
                await self._writer.wait_closed()
        self._writer = self._reader_task = None

    async def _write(self, data: bytes) -> None:
        assert self._writer is not None
        self._writer.write(data)
        await self._writer.drain()
