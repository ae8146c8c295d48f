"""TCP client link (module in server mode, CENC, UTMC Ethernet, simulators)."""

from __future__ import annotations

import asyncio
import contextlib

from app.core.links.base import Link
from protocols.errors import LinkClosed
from protocols.text import Text


class TcpLink(Link):
    def __init__(self, host: str, port: int, *, connect_timeout: float = 10.0) -> None:
        super().__init__()
        self.host, self.port, self.connect_timeout = host, port, connect_timeout
        self.description = f"TCP {host}:{port}"
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None

    async def _open(self) -> None:
        try:
            reader, self._writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port), self.connect_timeout
            )
        except (OSError, TimeoutError) as error:
            raise LinkClosed(
                Text(
                    f"Не удалось подключиться к {self.host}:{self.port}: {error or 'тайм-аут'}",
                    f"Cannot connect to {self.host}:{self.port}: {error or 'timed out'}",
                )
            ) from error
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
