"""An event loop whose clock jumps to the next timer whenever nothing else is ready.

Timeouts and sleeps then take no real time, and a test's outcome cannot depend on the machine's
load: only the order of events counts. For code that does no real I/O (in-memory links).

    result = run_in_virtual_time(coroutine)      (result, virtual seconds it took)
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        super().__init__()
        self._now = 0.0

    def time(self) -> float:
        return self._now

    def _run_once(self) -> None:
        # nothing to do now: the next timer is due (asyncio's own loop would sleep until then)
        if not self._ready and self._scheduled:  # type: ignore[attr-defined]
            self._now = max(self._now, self._scheduled[0].when())  # type: ignore[attr-defined]
        super()._run_once()  # type: ignore[misc]


def run_in_virtual_time(coroutine: Coroutine[Any, Any, T]) -> tuple[T, float]:
    loop = VirtualTimeLoop()
    try:
        result = loop.run_until_complete(coroutine)
        return result, loop.time()
    finally:
        loop.close()
