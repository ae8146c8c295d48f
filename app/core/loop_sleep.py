"""``asyncio.sleep`` as the default sleep of the waits (app.core.channel_waits, app.core.modem_wait_times),
and the clock it sleeps on as their default clock.

The window makes its waits before it shows and loads asyncio with its event loop, after it shows:
the default sleep imports asyncio when it first sleeps, not when the waits are made.
"""

from __future__ import annotations

import sys
import time


def loop_time() -> float:
    """The clock ``loop_sleep`` sleeps on: the running event loop's time (asyncio's and qasync's loops
    read time.monotonic; a test's loop may skip idle waiting); time.monotonic outside a loop."""
    asyncio = sys.modules.get("asyncio")  # not imported yet: no loop runs
    if asyncio is not None:
        try:
            return float(asyncio.get_running_loop().time())
        except RuntimeError:
            pass
    return time.monotonic()


async def loop_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)
