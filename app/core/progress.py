"""Progress reporting shared by the long operations (configure, status, SMS batches, UTMC files).

An operation takes ``progress: ProgressCallback | None`` and calls it with a :class:`Progress`
after each step; the GUI turns it into a progress bar and a status line, the CLI prints it.
Cancellation is asyncio's own: the caller cancels the task; operations catch
``asyncio.CancelledError`` only to record what was done, then re-raise or return a result
marked ``cancelled``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from protocols.text import Text


@dataclass(frozen=True)
class Progress:
    """``done`` of ``total`` steps finished; ``text`` says what is happening now."""

    done: int
    total: int
    text: Text

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0


ProgressCallback = Callable[[Progress], None]
"""Called on the event loop thread; must not block."""


class ProgressReporter:
    """Counts steps of one operation and forwards them to an optional callback."""

    def __init__(self, callback: ProgressCallback | None, total: int) -> None:
        self.callback, self.total, self.done = callback, max(total, 0), 0

    def step(self, text: Text, *, advance: int = 1) -> None:
        """Report ``text`` and count ``advance`` more steps as done."""
        self.done = min(self.total, self.done + advance) if self.total else self.done + advance
        self.note(text)

    def note(self, text: Text) -> None:
        """Report ``text`` without counting a step (e.g. "waiting for the reply")."""
        if self.callback is not None:
            self.callback(Progress(self.done, self.total, text))

    def add(self, steps: int) -> None:
        """The operation found more work than planned (e.g. a retry)."""
        self.total += steps
