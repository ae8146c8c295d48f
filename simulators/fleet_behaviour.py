"""How the modules of a simulated fleet answer: GPRS-like reply latency, some silent, some refusing.

    delay = ReplyDelay(Latency(median=0.3), random.Random(seed))   await delay() before each reply
    roles = spread_roles(count=1000, silent=10, refusing=2)           which modules misbehave, evenly spread
    apply_role(module, roles.role(index), delay)                      on a simulators.module.VirtualModule

A GPRS round trip is not a constant: measured sessions show a long tail, so the delay is drawn from a
log-normal distribution around the median (``spread`` is the standard deviation of its logarithm; 0.35
puts nine replies in ten between 0.55× and 1.8× the median), clipped to [median/4, 6×median] so one
draw cannot stall a benchmark. A *silent* module is registered on its CENC server (or accepts the TCP
connection in Server mode) but never answers a frame, like a module whose radio lost the network; a
*refusing* module has another administrator password than the factory one, so it answers status
requests (they carry no password) and refuses every read and write with Appendix A error 0x02.

The sleep is injectable (simulators' clock rule): tests draw and "sleep" without waiting.
"""

from __future__ import annotations

import asyncio
import enum
import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

REFUSING_PASSWORD = "87654321"  # not the factory 12345678: the list's (default) password is refused


@dataclass(frozen=True)
class Latency:
    """Round-trip seconds of a module's reply: log-normal around ``median``; 0 = answer at once."""

    median: float = 0.3
    spread: float = 0.35

    def draw(self, rng: random.Random) -> float:
        if self.median <= 0:
            return 0.0
        value = self.median * math.exp(rng.gauss(0.0, self.spread)) if self.spread > 0 else self.median
        return min(max(value, self.median / 4), self.median * 6)


Sleep = Callable[[float], Awaitable[None]]


class ReplyDelay:
    """Awaited before each reply of one module; returns the seconds it waited."""

    def __init__(self, latency: Latency, rng: random.Random, sleep: Sleep = asyncio.sleep) -> None:
        self.latency, self.rng, self.sleep = latency, rng, sleep

    async def __call__(self) -> float:
        seconds = self.latency.draw(self.rng)
        if seconds > 0:
            await self.sleep(seconds)
        return seconds


class Role(enum.Enum):
    ANSWERS = "answers"
    SILENT = "silent"
    REFUSING = "refusing"


@dataclass(frozen=True)
class FleetRoles:
    count: int
    silent: frozenset[int]
    refusing: frozenset[int]

    def role(self, index: int) -> Role:
        if index in self.silent:
            return Role.SILENT
        if index in self.refusing:
            return Role.REFUSING
        return Role.ANSWERS


def spread_roles(count: int, silent: int = 0, refusing: int = 0) -> FleetRoles:
    """``silent`` and ``refusing`` modules spread evenly over ``count`` (never the first one, so a fleet of
    any size starts with a module that answers); ValueError when they do not fit."""
    if count < 0 or silent < 0 or refusing < 0:
        raise ValueError("counts must not be negative")
    odd = silent + refusing
    if odd > max(count - 1, 0):
        raise ValueError(f"{silent} silent and {refusing} refusing modules do not fit in a fleet of {count}")
    picked = [1 + (i * (count - 1)) // odd for i in range(odd)] if odd else []
    return FleetRoles(count, frozenset(picked[:silent]), frozenset(picked[silent:]))


class FleetModule(Protocol):
    """What :func:`apply_role` sets on a virtual module (simulators.module.VirtualModule has them)."""

    silent: bool
    reply_delay: Callable[[], Awaitable[float]] | None

    def set_admin_password(self, password: str) -> None: ...


def apply_role(module: FleetModule, role: Role, delay: Callable[[], Awaitable[float]] | None = None) -> None:
    module.reply_delay = delay
    module.silent = role is Role.SILENT
    if role is Role.REFUSING:
        module.set_admin_password(REFUSING_PASSWORD)
