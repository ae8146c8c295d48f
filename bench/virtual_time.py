"""An asyncio event loop whose clock jumps over idle time: field-long waits in a moment of real time.

    asyncio.run(main(), loop_factory=VirtualTimeLoop)   # Python 3.12+; or run(main()) below

``loop.time()`` is the process's CPU time (all its threads) plus an offset. Whenever nothing is
ready to run and no bytes arrive for a moment (``settle``), the offset grows so that the next
timer is due at once: a 40 s reply delay or a 30 s poll costs a few milliseconds of real time.
Every wait that goes through the loop (asyncio.sleep, timeouts, call_later, the simulators'
pacing of a serial line at its baud rate) is measured on this clock, and so is all the work done
in the process (both sides' code: the simulators count as ours), at the speed this machine does
it. What is not counted is the time the process waits for the machine — a pty or a reader thread
handing bytes over, a CPU taken by another process — which on a real line is the modelled
pacing's business, and which on a loaded machine would otherwise swamp the figures.
``time.monotonic`` is not affected.

Bytes between two ends of a pty, or from a reader thread (``call_soon_threadsafe``), take a moment
to arrive even when nothing else is pending; the loop waits a moment for them before it jumps
(longer before a long jump), and does not jump at all while ``loop.busy()`` says bytes are still
on their way (e.g. unread in a pty: ``simulators.transport.PtySimulator.unread``). A jump made
too early could only make a run look slower, never faster.
"""

from __future__ import annotations

import asyncio
import selectors
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
SHORT_SETTLE = 0.002  # before a jump of up to LONG_JUMP
LONG_SETTLE = 0.02
LONG_JUMP = 0.1


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        super().__init__(selectors.DefaultSelector())
        self.offset = 0.0
        self.jumped = 0.0  # seconds skipped in all
        self.busy: Callable[[], object] = lambda: False  # truthy: bytes are on their way
        selector = self._selector  # type: ignore[attr-defined]
        real_select = selector.select

        def select(timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
            if timeout is None or timeout <= 0:
                return real_select(timeout)  # nothing scheduled (block really) or work is ready
            settle = SHORT_SETTLE if timeout <= LONG_JUMP else LONG_SETTLE
            started = self.time()
            events = real_select(min(timeout, settle))
            if events or self.busy():
                return events
            skip = timeout - (self.time() - started)
            if skip > 0:
                self.offset += skip
                self.jumped += skip
            return []

        selector.select = select

    def time(self) -> float:
        return time.process_time() + self.offset


def run(main: Coroutine[Any, Any, T]) -> T:
    """asyncio.run on a VirtualTimeLoop (Python 3.11 has no loop_factory)."""
    loop = VirtualTimeLoop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(main)
    finally:
        try:
            tasks = asyncio.all_tasks(loop)
            for task in tasks:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()
