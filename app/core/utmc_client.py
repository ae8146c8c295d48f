"""Request/reply exchange with a UTMC-700 over any Link (USB serial, TCP), our frames.

    client = UtmcClient(link, timeout=3.0, retries=2)
    reply = await client.request(Command.IDENTIFY)                  -> construct Container
    await client.pipeline(requests, on_reply, window=2)            several frames in flight

Replies are matched by sequence number, so late or repeated replies are ignored. A request
that times out is sent again (``retries`` times); the device's commands are built so that a
repeat does no harm (see docs/protocols/utmc.md). An error reply raises DeviceError with the
device's code. :class:`TransferInterrupted` is what a write operation raises when the link
fails half-way: its message says exactly what was written.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from construct import Container

from app.core.links.base import Link
from protocols.errors import DeviceError, LinkClosed, LinkError, LinkTimeout
from protocols.text import Text
from protocols.utmc_frames import (
    OPERATIONS,
    Command,
    Frame,
    build_payload,
    decode_frame,
    encode_frame,
    error_text,
    parse_error,
    parse_payload,
)

Request = tuple[Command, dict[str, Any]]
Progress = Callable[[int, int, Text], None]
"""progress(done, total, what): called after each confirmed step; must not block."""


class TransferInterrupted(LinkClosed):
    """The link failed during a write; ``written`` says what the device confirmed and what not."""

    def __init__(self, cause: LinkError, written: Text) -> None:
        self.cause, self.written = cause, written
        super().__init__(Text(f"{cause.text.ru}. {written.ru}", f"{cause.text.en}. {written.en}"))


def device_error(command: Command, payload: bytes) -> DeviceError:
    code, detail = parse_error(payload)
    text = error_text(code)
    # the device's own words, quoted as such: they are the UTMC's, in whatever language it speaks
    said_ru, said_en = (f" (УТМЦ: «{detail}»)", f" ({detail})") if detail else ("", "")
    operation = OPERATIONS[command]
    return DeviceError(code, Text(f"УТМЦ отказало в {operation.ru}: {text.ru}{said_ru}",
                                  f"The UTMC refused {operation.en}: {text.en}{said_en}"))


class UtmcClient:
    def __init__(self, link: Link, *, timeout: float = 3.0, retries: int = 2) -> None:
        self.link, self.timeout, self.retries = link, timeout, retries
        self._seq = 0

    def _next_seq(self) -> int:
        self._seq = (self._seq + 1) & 0xFF
        return self._seq

    async def request(self, command: Command, *, retries: int | None = None, timeout: float | None = None,
                      **fields: Any) -> Container:
        replies: list[Container] = []
        await self.pipeline([(command, fields)], lambda _i, reply: replies.append(reply), window=1,
                            retries=retries, timeout=timeout)
        return replies[0]

    async def pipeline(
        self,
        requests: Iterable[Request],
        on_reply: Callable[[int, Container], None],
        *,
        window: int = 2,
        retries: int | None = None,
        timeout: float | None = None,
        on_sent: Callable[[int], None] | None = None,
    ) -> None:
        """Send ``requests`` keeping up to ``window`` unanswered; ``on_reply(index, reply)`` in order.

        ``on_sent(index)`` is called once a request's bytes were handed to the link without error.
        """
        retries = self.retries if retries is None else retries
        timeout = self.timeout if timeout is None else timeout
        outstanding: deque[tuple[int, Command, int, bytes]] = deque()  # (index, command, seq, frame bytes)
        pending = enumerate(requests)  # built lazily: the next frame is encoded while the device works
        exhausted = False
        attempts = 0
        while not exhausted or outstanding:
            while not exhausted and len(outstanding) < window:
                item = next(pending, None)
                if item is None:
                    exhausted = True
                    break
                index, (command, fields) = item
                seq = self._next_seq()
                data = encode_frame(Frame(command, seq, build_payload(command, False, **fields)))
                await self.link.send(data)
                outstanding.append((index, command, seq, data))
                if on_sent:
                    on_sent(index)
            if not outstanding:
                break
            index, command, seq, _ = outstanding[0]
            try:
                frame = await self._receive(command, seq, timeout)
            except LinkTimeout:
                attempts += 1
                if attempts > retries:
                    raise
                self.link.discard_input()
                for _, _, _, data in outstanding:  # repeat everything unanswered, in order
                    await self.link.send(data)
                continue
            attempts = 0
            outstanding.popleft()
            if frame.error:
                raise device_error(command, frame.payload)
            on_reply(index, parse_payload(command, True, frame.payload))

    async def _receive(self, command: Command, seq: int, timeout: float) -> Frame:
        while True:
            frame = await self.link.receive_frame(decode_frame, timeout=timeout)
            if frame.reply and frame.seq == seq and frame.command == command:
                return frame
            # a late reply to an earlier (repeated) request, or noise that looked like a frame: skip it
