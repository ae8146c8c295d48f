"""How long the modem's checks and SMS batches wait, and on which clock (app.core.modem_preflight uses them).

A module of its own, without the AT driver: the window shows the limit and keeps a :class:`ModemWaits`
from start-up, and the modem's code is imported when the modem is first used.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.core.loop_sleep import loop_sleep, loop_time


@dataclass(frozen=True)
class ModemWaits:
    limit: float = 60.0  # seconds to wait for the SIM and the network together
    poll: float = 1.0
    retry_pauses: tuple[float, ...] = (2.0, 5.0, 10.0)  # before each new try of an SMS refused for a passing reason
    clock: Callable[[], float] = loop_time
    sleep: Callable[[float], Awaitable[None]] = loop_sleep


#: what the CLI and the GUI use (app.core.modem_preflight.DEFAULT_WAITS is this one: a test that needs a fake
#: clock puts another there)
DEFAULT_WAITS = ModemWaits()
