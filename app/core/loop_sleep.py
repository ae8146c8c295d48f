"""``asyncio.sleep`` as the default sleep of the waits (app.core.channel_waits, app.core.modem_wait_times).

The window makes its waits before it shows and loads asyncio with its event loop, after it shows:
the default sleep imports asyncio when it first sleeps, not when the waits are made.
"""

from __future__ import annotations


async def loop_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)
