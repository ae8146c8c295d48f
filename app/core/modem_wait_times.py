"""How long the modem's checks and SMS batches wait, and on which clock (app.core.modem_preflight uses them).

A module of its own, without the AT driver: the window shows the limit and keeps a :class:`ModemWaits`
from start-up, and the modem's code is imported when the modem is first used.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ModemWaits:
    limit: float = 60.0  # seconds to wait for the SIM and the network together
    poll: float = 1.0
    retry_pauses: tuple[float, ...] = (2.0, 5.0, 10.0)  # before each new try of an SMS refused for a passing reason
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


#: what the CLI and the GUI use (immutable: a test that needs a fake clock puts another here)
DEFAULT_WAITS = ModemWaits()


def modem_waits(limit: float | None = None) -> ModemWaits:
    """:data:`DEFAULT_WAITS` with another limit."""
    base = DEFAULT_WAITS
    return base if limit is None else ModemWaits(limit, base.poll, base.retry_pauses, base.clock, base.sleep)
