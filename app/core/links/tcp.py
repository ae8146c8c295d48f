"""TCP client link (module in server mode, CENC, UTMC Ethernet, simulators)."""

from __future__ import annotations

import asyncio
import contextlib

from app.core.links.base import Link
from protocols.errors import LinkClosed
from protocols.text import Text

_ANY_PEER = Text("", "")


async def connect(
    host: str, port: int, timeout: float, peer: Text = _ANY_PEER
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Open a TCP connection; a refusal or timeout is a LinkClosed naming ``peer`` and the address."""
    try:
        async with asyncio.timeout(timeout):  # not wait_for: it may swallow cancellation (3.11)
            return await asyncio.open_connection(host, port)
    except (OSError, TimeoutError) as error:
        raise LinkClosed(
            Text(
                f"Не удалось подключиться к {peer.ru}{host}:{port}: {error or 'тайм-аут'}",
                f"Cannot connect to {peer.en}{host}:{port}: {error or 'timed out'}",
            )
        ) from error


class TcpLink(Link):
    def __init__(self, host: str, port: int, *, connect_timeout: float = 10.0) -> None:
        super().__init__()
        self.host, self.port, self.connect_timeout = host, port, connect_timeout
        self.description = f"TCP {host}:{port}"
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None

    async def _open(self) -> None:
        reader, self._writer = await connect(self.host, self.port, self.connect_timeout)
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
