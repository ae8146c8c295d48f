"""Login throttle of the virtual CENC server (ours: the CENCn manual describes none).

Per client address: each wrong login is answered later than the one before (1, 2, 4, 8 s); the
fifth wrong login in a row blocks the address for 5 minutes, during which its logins and its
connections to the direct-access ports are refused with NAK 0x83 (detail: minutes left). A good
login clears the count; a count is forgotten 15 minutes after its last wrong login. The clock and
the sleep are injectable, so tests of the throttle do not wait. docs/protocols/cenc.md.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from simulators.transport import loop_clock


@dataclass(frozen=True)
class ThrottleRules:
    first_delay: float = 1.0  # seconds before the answer to the first wrong login
    max_delay: float = 8.0  # the delay doubles per wrong login up to this
    block_after: int = 5  # wrong logins in a row that block the address
    block_for: float = 300.0
    forget_after: float = 900.0


@dataclass
class _Record:
    failures: int = 0
    last_failure: float = 0.0
    blocked_until: float = 0.0


class LoginThrottle:
    def __init__(
        self,
        rules: ThrottleRules | None = None,
        *,
        clock: Callable[[], float] = loop_clock,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.rules = rules or ThrottleRules()
        self.clock, self.sleep = clock, sleep
        self._records: dict[str, _Record] = {}

    def blocked_minutes(self, address: str) -> int:
        """Minutes (rounded up, at least 1) the address stays blocked; 0 when it is not."""
        record = self._records.get(address)
        left = 0.0 if record is None else record.blocked_until - self.clock()
        return max(1, min(255, math.ceil(left / 60))) if left > 0 else 0

    async def failed(self, address: str) -> int:
        """Count a wrong login and wait before it is answered; the minutes blocked if it blocks."""
        now = self.clock()
        record = self._records.setdefault(address, _Record())
        if now - record.last_failure > self.rules.forget_after:
            record.failures = 0
        record.failures += 1
        record.last_failure = now
        if record.failures >= self.rules.block_after:
            record.failures = 0
            record.blocked_until = now + self.rules.block_for
            return self.blocked_minutes(address)
        await self.sleep(min(self.rules.max_delay, self.rules.first_delay * 2 ** (record.failures - 1)))
        return 0

    def succeeded(self, address: str) -> None:
        self._records.pop(address, None)


__all__ = ["LoginThrottle", "ThrottleRules"]
