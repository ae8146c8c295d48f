"""One request/reply kernel for every device: module frames and UTMC-700 frames, over any link.

    session = Session(link, MODULE_CODEC, timeout=5.0)           protocols.module.module_codec / utmc_codec
    frame = await session.request(mf.StatusRequest())            numbered, sent, its reply awaited
    await session.pipeline(requests, on_reply, window=3)         several in flight, replies in order

The codec says everything that differs between devices (:class:`Codec`): how a request is
encoded with its sequence number, how received bytes are decoded, which frame answers which
request, whether a refusal came back, which requests are safe to repeat and whether a repeat
keeps its number. The session does the rest the same way for both: numbering from a random start
(a stale reply of an earlier session is unlikely to match), dropping what came unasked before a
request, skipping late replies and line noise, repeating unanswered requests where a repeat is
safe, keeping up to ``window`` requests in flight (what lets a transfer run at the wire's speed),
and counting noise and stray frames. A link a session works on is *framed*: its trace listeners
(:class:`app.core.links.base.TraceListener`, the exchange log) get every frame sent and received
described and with its secret bytes marked, and the bytes no frame was read from, instead of the
raw bytes; the exchange log renders from that.

:class:`TransferInterrupted` is what a write raises when the link fails half-way: its ``written``
says exactly what the device confirmed and what not.
"""

from __future__ import annotations

import asyncio
import random
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from app.core.links.base import FrameEvent, Link
from protocols.errors import DeviceError, LinkClosed, LinkError, LinkTimeout
from protocols.text import Text

Q = TypeVar("Q")  # a request as an operation builds it (the session gives it its number)
F = TypeVar("F")  # a decoded frame
Q_contra = TypeVar("Q_contra", contravariant=True)


class Codec(Protocol[Q_contra, F]):
    """What the session needs to know of one device's frames (protocols.module.module_codec, utmc_codec)."""

    #: a repeat gets a new sequence number (True) or keeps the one it was sent with
    renumbers_repeats: bool

    def encode(self, request: Q_contra, seq: int) -> bytes: ...

    def decode(self, buffer: bytes) -> tuple[int, F | None]:
        """Incremental, never raises: bytes consumed without a frame are noise (damaged frames too)."""
        ...

    def answers(self, frame: F, request: Q_contra, seq: int) -> bool: ...

    def refusal(self, frame: F, request: Q_contra) -> DeviceError | None:
        """The device's refusal the frame carries, or None."""
        ...

    def repeatable(self, request: Q_contra) -> bool:
        """Whether sending the request again after a lost reply does no harm."""
        ...

    def describe(self, frame: F) -> Text:
        """What the frame is, for the exchange log."""
        ...

    def secret_positions(self, frame: F, raw: bytes) -> frozenset[int] | None:
        """Indexes of ``raw`` (the frame's bytes, noise before it allowed) to mask in the log; None
        when the layout does not tell (the log then masks by the passwords typed)."""
        ...


class TransferInterrupted(LinkClosed):
    """The link failed during a write; ``written`` says what the device confirmed and what not."""

    def __init__(self, cause: LinkError, written: Text) -> None:
        self.cause = cause
        super().__init__(Text(f"{cause.text.ru}. {written.ru}", f"{cause.text.en}. {written.en}"), written=written)


COALESCE = 1460
"""Requests built in one turn of the pipeline go out in one write until they hold this many bytes
(one Ethernet frame's TCP payload); one of half that or more goes out at once, not waiting for the
next one to be built (its own wire time outweighs a write's cost). Each write costs a system call
that wakes the other side (a quarter of a millisecond on loopback, the time of 300 bytes on a
10 Mbit/s wire), so a window of small requests leaves together."""


@dataclass
class _InFlight(Generic[Q]):
    index: int
    request: Q
    seq: int
    data: bytes


class Session(Generic[Q, F]):
    def __init__(self, link: Link, codec: Codec[Q, F], *, timeout: float, retries: int = 2) -> None:
        self.link, self.codec, self.timeout, self.retries = link, codec, timeout, retries
        link.framed = True
        self._seq = random.randrange(256)
        self.noise_bytes = 0  # bytes skipped that were no frame: line noise, damaged frames, unasked bytes
        self.stray_frames = 0  # good frames that answered nothing awaited (late replies)
        self.attempts = 0  # frames sent, repeats included

    def next_seq(self) -> int:
        self._seq = (self._seq + 1) % 256
        return self._seq

    async def request(
        self,
        request: Q,
        *,
        retries: int | None = None,
        timeout: float | None = None,
        accept_error: bool = False,
        on_retry: Callable[[int], None] | None = None,
    ) -> F:
        """Send ``request`` and return the frame that answers it.

        ``retries``: repeats after a timeout (default: the session's; none for a request the codec
        calls unsafe to repeat). A refusal raises its DeviceError unless ``accept_error``, then
        the refusing frame is returned. ``on_retry(attempt)`` is called before each repeat.
        """
        replies: list[F] = []
        await self.pipeline([request], lambda _index, frame: replies.append(frame), window=1, retries=retries,
                            timeout=timeout, accept_error=accept_error, on_retry=on_retry)
        return replies[0]

    async def pipeline(
        self,
        requests: Iterable[Q],
        on_reply: Callable[[int, F], None],
        *,
        window: int | Callable[[], int] = 1,
        retries: int | None = None,
        timeout: float | None = None,
        accept_error: bool = False,
        on_sent: Callable[[int], None] | None = None,
        on_retry: Callable[[int], None] | None = None,
    ) -> None:
        """Send ``requests`` keeping up to ``window`` unanswered; ``on_reply(index, frame)`` in order.

        Requests are taken from the iterable as the window frees up, so the next one is built
        while the device works. A callable ``window`` is asked each time: a pipeline whose next
        requests depend on an early reply keeps them back until that reply is in. ``on_sent(index)``
        is called once a request's bytes were handed to the link. After a timeout everything
        unanswered is sent again, in order.
        """
        retries = self.retries if retries is None else retries
        timeout = self.timeout if timeout is None else timeout
        outstanding: deque[_InFlight[Q]] = deque()
        pending = enumerate(requests)
        exhausted = False
        failures = 0
        while not exhausted or outstanding:
            batch: list[_InFlight[Q]] = []  # built, not yet handed to the link
            while not exhausted and len(outstanding) < (window if isinstance(window, int) else window()):
                item = next(pending, None)
                if item is None:
                    exhausted = True
                    break
                if not outstanding:
                    self._drop_unasked()  # nothing is awaited: whatever came belongs to nothing
                index, request = item
                seq = self.next_seq()
                flight = _InFlight(index, request, seq, self.codec.encode(request, seq))
                outstanding.append(flight)
                batch.append(flight)
                if len(flight.data) >= COALESCE // 2 or sum(len(f.data) for f in batch) >= COALESCE:
                    await self._send(batch, on_sent)
                    batch = []
            if batch:
                await self._send(batch, on_sent)
            if not outstanding:
                break
            head = outstanding[0]
            try:
                frame = await self._reply_to(head, timeout)
            except LinkTimeout as error:
                failures += 1
                allowed = retries if all(self.codec.repeatable(f.request) for f in outstanding) else 0
                if failures > allowed:
                    self._drop_unasked()  # the log shows what did come (a cut frame), not nothing
                if failures > allowed and failures == 1:
                    raise
                if failures > allowed:  # the message says it was not a single lost reply
                    raise LinkTimeout(Text(f"{error.text.ru} (попыток: {failures})",
                                           f"{error.text.en} ({failures} attempts)")) from error
                if on_retry is not None:
                    on_retry(failures)
                self._drop_unasked()
                for flight in outstanding:  # repeat everything unanswered, in order
                    if self.codec.renumbers_repeats:
                        flight.seq = self.next_seq()
                        flight.data = self.codec.encode(flight.request, flight.seq)
                    await self._send([flight])
                continue
            failures = 0
            outstanding.popleft()
            refusal = self.codec.refusal(frame, head.request)
            if refusal is not None and not accept_error:
                raise refusal
            on_reply(head.index, frame)
            # replies already in the buffer are taken without waiting: yield between them, so a burst
            # of frames (each decoded, logged, shown) never holds the GUI's loop for long
            await asyncio.sleep(0)

    # -- the wire ---------------------------------------------------------------------------
    async def _send(self, flights: list[_InFlight[Q]], on_sent: Callable[[int], None] | None = None) -> None:
        """Hand requests to the link in one write (see COALESCE)."""
        if self.link.traced:
            for flight in flights:
                consumed, frame = self.codec.decode(flight.data)
                if frame is not None and consumed == len(flight.data):
                    self.link.trace(FrameEvent("tx", flight.data, self.codec.describe(frame),
                                               self.codec.secret_positions(frame, flight.data)))
        self.attempts += len(flights)
        await self.link.send(flights[0].data if len(flights) == 1 else b"".join(f.data for f in flights))
        if on_sent is not None:
            for flight in flights:
                on_sent(flight.index)

    async def _reply_to(self, flight: _InFlight[Q], timeout: float) -> F:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            frame = await self.link.receive_frame(self._decode, timeout=max(0.0, deadline - loop.time()))
            if self.codec.answers(frame, flight.request, flight.seq):
                return frame
            self.stray_frames += 1

    def _decode(self, buffer: bytes) -> tuple[int, F | None]:
        consumed, frame = self.codec.decode(buffer)
        if frame is None:
            if consumed:
                self.noise_bytes += consumed
                self._trace_unread(buffer[:consumed])
        elif self.link.traced:
            raw = buffer[:consumed]
            self.link.trace(FrameEvent("rx", raw, self.codec.describe(frame), self.codec.secret_positions(frame, raw)))
        return consumed, frame

    def _drop_unasked(self) -> None:
        dropped = self.link.discard_input()
        if dropped:
            self.noise_bytes += len(dropped)
            self._trace_unread(dropped)

    def _trace_unread(self, data: bytes) -> None:
        if self.link.traced:
            self.link.trace(FrameEvent("rx", data, None, None))

