"""Request/reply exchange of our module frames over any link (TCP, serial, CENC, direct channel).

A :class:`FrameSession` numbers requests, waits for the reply that answers the request (same
sequence number and type; late replies to an earlier, timed-out request and line noise are
skipped), and repeats a request that got no answer when the caller says repeating is safe.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

from app.core.links.base import Link
from protocols import module_frames as mf
from protocols.error_codes import device_error
from protocols.errors import LinkTimeout
from protocols.text import Text


class FrameSession:
    def __init__(self, link: Link, *, timeout: float, retries: int = 2) -> None:
        self.link, self.timeout, self.retries = link, timeout, retries
        self._seq = random.randrange(256)  # a fresh start makes a stale reply of an earlier session unlikely to match
        self.noise_frames = 0  # bad frames (CRC, structure) skipped while waiting
        self.stray_frames = 0  # good frames that answered something else
        self.attempts = 0

    def next_seq(self) -> int:
        self._seq = (self._seq + 1) % 256
        return self._seq

    async def request(
        self,
        build: Callable[[int], mf.Frame],
        *,
        retries: int | None = None,
        accept_error: bool = False,
        on_retry: Callable[[int], None] | None = None,
    ) -> mf.Frame:
        """Send ``build(seq)`` and return its reply.

        ``retries``: extra attempts after a timeout (default: the session's; 0 for requests that
        must not be repeated blindly). An ErrorReply raises the DeviceError of its Appendix A code
        unless ``accept_error``, then it is returned.
        """
        attempts = 1 + (self.retries if retries is None else retries)
        last: LinkTimeout | None = None
        for attempt in range(attempts):
            if attempt and on_retry is not None:
                on_retry(attempt)
            request = build(self.next_seq())
            self.link.discard_input()  # whatever came unasked belongs to nothing we wait for
            self.attempts += 1
            await self.link.send(mf.encode(request))
            try:
                reply = await self._reply_to(request)
            except LinkTimeout as error:
                last = error
                continue
            if isinstance(reply, mf.ErrorReply) and not accept_error:
                raise device_error(reply.error)
            return reply
        assert last is not None
        if attempts == 1:
            raise last
        raise LinkTimeout(
            Text(f"{last.text.ru} (попыток: {attempts})", f"{last.text.en} ({attempts} attempts)")
        ) from last

    async def _reply_to(self, request: mf.Frame) -> mf.Frame:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while True:
            remaining = max(0.0, deadline - loop.time())
            frame = await self.link.receive_frame(self._decode, timeout=remaining)
            if mf.is_reply_to(frame, request):
                return frame
            self.stray_frames += 1

    def _decode(self, buffer: bytes) -> tuple[int, mf.Frame | None]:
        try:
            return mf.decode(buffer)
        except mf.FrameError as error:  # noise on the line: drop it and look further
            self.noise_frames += 1
            return error.consumed, None
