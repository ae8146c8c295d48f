"""The byte link: one small interface for every way bytes reach a device.

Subclasses implement only the raw transport (``_open``, ``_close``, ``_write``) and hand
received bytes to ``_feed``; the base owns buffering, timeouts, cancellation and the traffic
log, so every link behaves the same for the operations above it.

Traffic listeners hear every byte (``listener("tx" | "rx", data)``) and the link's own notes
(``listener("info", english text)``: opened, closed, lost). A :class:`TraceListener` (the exchange
log, app.core.exchange_log) hears more: the notes as bilingual :class:`Text` (``note``), and on a
link a request/reply session (app.core.session) works on, the frames the session sent and decoded
(``frame``, :class:`FrameEvent`: what each frame is and which of its bytes are secret) instead of
the bytes, so the log shows frames without decoding bytes itself.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

from app.core.links.failures import lost_reason
from protocols.byte_stream import ByteStream, Decoder
from protocols.errors import LinkClosed, LinkError, LinkTimeout
from protocols.text import Text

T = TypeVar("T")
TrafficListener = Callable[[str, bytes], None]
"""Called with ("tx" | "rx" | "info", bytes); must not block."""


@dataclass(frozen=True)
class FrameEvent:
    """A frame a session sent or received, or bytes it skipped, as the exchange log needs it."""

    direction: str  # "tx" | "rx"
    raw: bytes  # the bytes on the wire; received: with the noise skipped just before the frame
    summary: Text | None  # what the frame is; None: bytes no frame was read from (noise, unasked)
    secret: frozenset[int] | None  # indexes of raw to mask; None: not known from a layout


@runtime_checkable
class TraceListener(Protocol):
    """A traffic listener that also hears decoded frames and the link's notes in both languages;
    must not block."""

    def __call__(self, direction: str, data: bytes) -> None: ...

    def frame(self, event: FrameEvent) -> None: ...

    def note(self, text: Text) -> None: ...


class Link(ABC):
    """An open/send/receive/close byte pipe with timeouts and a traffic log."""

    #: human-readable description for logs and messages, e.g. "COM3 9600 8N1"
    description: str = "link"

    def __init__(self) -> None:
        self._buffer = ByteStream()
        self._data = asyncio.Event()
        self._failure: LinkError | None = None
        self._is_open = False
        self.listeners: list[TrafficListener] = []
        #: a session decodes this link's traffic: trace listeners get its frames, not the bytes
        self.framed = False

    # -- public interface -------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._is_open

    async def open(self) -> None:
        if self._is_open:
            return
        self._buffer.clear()
        self._failure = None
        await self._open()
        self._is_open = True
        self._note(Text(f"Открыт канал {self.description}", f"Opened {self.description}"))

    async def close(self) -> None:
        if not self._is_open:
            return
        self._is_open = False
        try:
            await self._close()
        finally:
            self._note(Text(f"Закрыт канал {self.description}", f"Closed {self.description}"))
            self._data.set()

    async def __aenter__(self) -> Link:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def send(self, data: bytes, *, logged: bytes | None = None) -> None:
        """Send ``data``; the traffic log gets ``logged`` instead when given (a PIN masked)."""
        self._check_usable()
        self._log("tx", data if logged is None else logged)
        try:
            await self._write(data)
        except LinkError:
            raise
        except OSError as error:
            raise self._lost(error) from error

    @property
    def traced(self) -> bool:
        """Whether a listener wants decoded frames (sessions describe frames only then)."""
        return any(isinstance(listener, TraceListener) for listener in self.listeners)

    def trace(self, event: FrameEvent) -> None:
        """Hand a session's decoded frame to the listeners that take frames."""
        for listener in list(self.listeners):
            if isinstance(listener, TraceListener):
                listener.frame(event)

    def discard_input(self) -> bytes:
        """Drop whatever arrived unasked (late replies, noise) and return it."""
        return self._buffer.clear()

    async def receive(self, size: int | None = None, *, until: bytes | None = None, timeout: float) -> bytes:
        """Wait for ``size`` bytes, for a terminator ``until`` (included), or for any bytes."""

        def take(buffer: bytes) -> tuple[int, bytes | None]:
            if until is not None:
                end = buffer.find(until)
                return (end + len(until), buffer[: end + len(until)]) if end >= 0 else (0, None)
            if size is not None:
                return (size, buffer[:size]) if len(buffer) >= size else (0, None)
            return (len(buffer), buffer) if buffer else (0, None)

        return await self.receive_frame(take, timeout=timeout)

    async def receive_frame(self, decode: Decoder[T], *, timeout: float) -> T:
        """Feed the buffer to an incremental decoder until it yields a frame.

        Bytes the decoder consumes without a frame (garbage before a start byte) are dropped.
        A ProtocolError from the decoder propagates: the caller decides to resync or fail.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            frame = self._buffer.next(decode)
            if frame is not None:
                return frame
            # Bytes that cannot complete a frame do not hide a lost connection.
            if self._failure is not None:
                raise self._failure
            self._check_usable()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise LinkTimeout(
                    Text(
                        f"Нет ответа за {round(timeout, 2):g} с ({self.description})",
                        f"No reply within {round(timeout, 2):g} s ({self.description})",
                    )
                )
            self._data.clear()
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation
            # that arrives just as data does, and a cancelled download would run on to the end.
            try:
                async with asyncio.timeout(remaining):
                    await self._data.wait()
            except TimeoutError:
                continue

    # -- for subclasses ---------------------------------------------------------------
    @abstractmethod
    async def _open(self) -> None: ...

    @abstractmethod
    async def _close(self) -> None: ...

    @abstractmethod
    async def _write(self, data: bytes) -> None: ...

    def _feed(self, data: bytes) -> None:
        """Called on the event loop thread with bytes that arrived."""
        if data:
            self._log("rx", data)
            self._buffer.feed(data)
            self._data.set()

    def _feed_failure(self, failure: LinkError) -> None:
        """The transport died (EOF, port unplugged): wake up readers with this error."""
        if self._failure is None:
            self._failure = failure
            self._note(Text(f"Соединение потеряно ({self.description}): {failure.text.ru}",
                            f"Connection lost ({self.description}): {failure.text.en}"))
        self._data.set()

    def _lost(self, error: BaseException | None = None) -> LinkClosed:
        reason = lost_reason(error)
        return LinkClosed(Text(
            f"Соединение потеряно ({self.description})" + (f": {reason.ru}" if reason.ru else ""),
            f"Connection lost ({self.description})" + (f": {reason.en}" if reason.en else ""),
        ))

    def _check_usable(self) -> None:
        if self._failure is not None:
            raise self._failure
        if not self._is_open:
            raise LinkClosed(Text(f"Канал закрыт ({self.description})", f"Link is closed ({self.description})"))

    def _log(self, direction: str, data: bytes) -> None:
        for listener in list(self.listeners):
            if not (self.framed and isinstance(listener, TraceListener)):  # those hear the frames instead
                listener(direction, data)

    def _note(self, text: Text) -> None:
        """What the link did (opened, closed, lost), for the exchange log in the UI's language."""
        for listener in list(self.listeners):
            if isinstance(listener, TraceListener):
                listener.note(text)
            else:
                listener("info", text.en.encode())
