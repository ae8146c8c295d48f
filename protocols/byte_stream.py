"""A receive buffer cut into frames by an incremental decoder, in time linear in the bytes.

Every link, stream reader and simulator keeps received bytes here and asks for the next frame
with a decoder ``decode(buffer) -> (consumed, frame | None)``. The decoder sees a window at the
front of the buffer, not the whole buffer: a flood of small frames would otherwise copy the whole
backlog for every frame. The window follows the frames: twice the last frame, at least
MIN_WINDOW; it doubles while the decoder needs more bytes than it holds and more have arrived
(a long frame, or noise that can only be told from a frame with more bytes ahead), so each call
costs O(bytes it consumes + MIN_WINDOW). Decoders must decide the same on a window as on the
whole buffer once they decide at all — which every incremental decoder does, since bytes arrive
in pieces anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
Decoder = Callable[[bytes], tuple[int, T | None]]
"""Incremental decoder: returns (bytes consumed, frame or None when incomplete)."""

MIN_WINDOW = 256


class ByteStream:
    def __init__(self) -> None:
        self._buffer = bytearray()
        self._window = MIN_WINDOW
        self.examined = 0  # bytes handed to decoders so far: the work a flood or noise costs

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def __len__(self) -> int:
        return len(self._buffer)

    def clear(self) -> bytes:
        """Drop everything buffered and return it."""
        dropped = bytes(self._buffer)
        self._buffer.clear()
        return dropped

    def drop(self, count: int) -> None:
        del self._buffer[:count]

    @property
    def pending(self) -> bytes:
        return bytes(self._buffer)

    def next(self, decode: Decoder[T]) -> T | None:
        """The next frame, or None when the buffered bytes do not complete one.

        What the decoder consumes without a frame (noise) is dropped. An exception from the decoder
        propagates with the buffer as it was; the caller drops what it decides to.
        """
        window = self._window
        buffer = self._buffer
        try:
            while buffer:
                size = min(len(buffer), window)
                with memoryview(buffer) as view:
                    chunk = bytes(view[:size])
                self.examined += size
                consumed, frame = decode(chunk)
                if consumed:
                    del buffer[:consumed]
                if frame is not None:
                    window = max(MIN_WINDOW, 2 * consumed)
                    return frame
                if size < len(buffer) + consumed and consumed < size // 2:
                    window *= 2  # the decoder needs more of what is already here to decide
                elif not consumed:
                    return None
            return None
        finally:
            self._window = window


__all__ = ["MIN_WINDOW", "ByteStream", "Decoder"]
