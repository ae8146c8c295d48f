"""Waits the manuals ask for before talking to a module, kept for the user instead of failing.

- After a restart (every configuration ends with one) the module initialises for 15 to 30 s
  before it answers (GSM manual §5, NB-IoT manual §5: "по истечении времени (от 15 до 30
  секунд)"). An operation on a module restarted less than ``module_start`` seconds ago waits
  out the rest.
- Configuring through the meter's direct channel must start at least 30 s (GSM) or 60 s
  (NB-IoT) after the last session with the meter (GSM manual §6.4.2, NB-IoT manual §7.4.1).
  Status reads are not configuring and do not wait for it.

Each wait is shown as a countdown through the operation's progress callback and can be cancelled
like the operation itself. An exchange that still fails soon after a restart says so: the error
gets a line about the restart, which is what the engineer needs to know to simply try again — but
only when the module itself did not answer or dropped the link (a wrong CENC password, an unknown
device, a mistyped address or a missing COM port are not explained by a restart).

A :class:`ChannelWaits` (the restarts seen, the meter sessions ended, and the clock and sleep that
time the waits) is handed to the operations that open a module's channel: the window keeps one in
its workspace context, a command makes its own, tests give one a fake clock.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.links.meter_sessions import PAUSE_GSM, PAUSE_NB_IOT, SessionClock, required_pause
from app.core.loop_sleep import loop_sleep, loop_time
from app.core.progress import Progress, ProgressCallback
from protocols.errors import LinkClosed, LinkError, LinkTimeout
from protocols.params.module_types import ModuleType
from protocols.text import Text

if TYPE_CHECKING:  # the links and the CENC codec are imported by the first wait or channel, not with the window
    from app.core.links.base import Link, TrafficListener
    from app.core.links.channels import Channel

MODULE_START = 30.0  # the longest initialisation the manuals give (15–30 s)
RESTART_MEMORY = 180.0  # how long after a restart a failed exchange is explained by it


@dataclass(frozen=True)
class WaitTimes:
    module_start: float = MODULE_START
    direct_gsm: float = PAUSE_GSM
    direct_nb_iot: float = PAUSE_NB_IOT

    def direct_pause(self, module: ModuleType | None) -> float:
        return required_pause(module, gsm=self.direct_gsm, nb_iot=self.direct_nb_iot)


def target_of(channel: Channel) -> str:
    """The module a channel reaches, as a key: the same module through the same way in."""
    return channel.target()


class ChannelWaits:
    """When modules were restarted; with its :class:`SessionClock` (when sessions with a meter ended, on
    the same clock), how long an operation must wait. ``clock`` and ``sleep`` time the waits."""

    def __init__(
        self,
        times: WaitTimes | None = None,
        *,
        sessions: SessionClock | None = None,
        clock: Callable[[], float] = loop_time,
        sleep: Callable[[float], Awaitable[None]] = loop_sleep,
    ) -> None:
        self.times = times or WaitTimes()
        self.sessions = sessions if sessions is not None else SessionClock(clock)
        self._clock, self._sleep = clock, sleep
        self._restarted: dict[str, float] = {}

    def mark_restarted(self, channel: Channel) -> None:
        self._restarted[target_of(channel)] = self._clock()

    def since_restart(self, channel: Channel) -> float | None:
        at = self._restarted.get(target_of(channel))
        return None if at is None else self._clock() - at

    def remaining(self, channel: Channel, module: ModuleType | None, *, configuring: bool) -> tuple[float, Text]:
        """Seconds still to wait (0 when none) and why."""
        waits: list[tuple[float, Text]] = []
        since = self.since_restart(channel)
        if since is not None:
            waits.append((self.times.module_start - since, Text(
                "Модуль перезапускается после настройки", "The module is restarting after configuration")))
        from app.core.links.channels import DirectChannel

        if configuring and isinstance(channel, DirectChannel):
            pause = self.times.direct_pause(module)
            waits.append((self.sessions.seconds_to_wait(channel.port, pause=pause), Text(
                f"Пауза после последнего сеанса со счётчиком (не менее {pause:g} с)",
                f"Pause after the last session with the meter (at least {pause:g} s)")))
        return max(waits, key=lambda w: w[0], default=(0.0, Text("", "")))

    async def wait_before(
        self, channel: Channel, module: ModuleType | None, *, configuring: bool,
        progress: ProgressCallback | None = None,
    ) -> float:
        """Wait until the channel may be used, counting down each second; returns the seconds waited."""
        waited = 0.0
        while True:
            left, why = self.remaining(channel, module, configuring=configuring)
            if left <= 0:
                return waited
            if progress is not None:
                seconds = math.ceil(left)
                progress(Progress(0, 0, Text(f"{why.ru}: ещё {seconds} с", f"{why.en}: {seconds} s left")))
            step = min(1.0, left)
            await self._sleep(step)
            waited += step

    def explain(self, error: LinkError, channel: Channel) -> LinkError:
        """``error`` with a line about a recent restart of this module when a module still starting
        explains it; else ``error`` itself."""
        since = self.since_restart(channel)
        if since is None or since > RESTART_MEMORY or not module_may_be_starting(error, channel):
            return error
        seconds = round(since)
        hint = Text(
            f"Модуль перезапускался {seconds} с назад для применения настроек: после перезапуска ему нужно "
            "до 30 с на инициализацию и время на регистрацию в сети и связь со счётчиком. Повторите запрос.",
            f"The module restarted {seconds} s ago to apply the settings: after a restart it needs up to "
            "30 s to initialise, then time to register in the network and to reach the meter. Try again.",
        )
        text = Text(f"{error.text.ru}\n{hint.ru}", f"{error.text.en}\n{hint.en}")
        kind = LinkTimeout if isinstance(error, LinkTimeout) else LinkClosed if isinstance(error, LinkClosed) \
            else LinkError
        return kind(text)


def module_may_be_starting(error: LinkError, channel: Channel) -> bool:
    """Whether a module still starting up could be why ``error`` happened: it did not answer, refused
    or dropped the connection, or is not yet back on the CENC server. Not: a CENC refusal of the user
    or the device choice, a connection to the CENC server or a COM port that failed, a bad address."""
    from app.core.links.channels import TcpChannel
    from app.core.links.failures import ConnectFailed
    from protocols import cenc

    if isinstance(error, cenc.CencRefused):
        return error.code == cenc.DEVICE_OFFLINE
    if isinstance(error, ConnectFailed):
        return isinstance(channel, TcpChannel) and error.cause in ("refused", "timeout", "reset", "unreachable")
    return isinstance(error, (LinkTimeout, LinkClosed))


@asynccontextmanager
async def opened_channel(
    channel: Channel,
    module: ModuleType | None,
    *,
    waits: ChannelWaits,
    configuring: bool = False,
    progress: ProgressCallback | None = None,
    listeners: Iterable[TrafficListener] = (),
) -> AsyncIterator[Link]:
    """Wait what ``waits`` say the manuals ask, open the channel's link, and close it afterwards.

    Link errors raised inside (or while opening) carry the restart hint of :meth:`ChannelWaits.explain`.
    """
    from app.core.links.registry import MODULE, open_link

    await waits.wait_before(channel, module, configuring=configuring, progress=progress)
    link = open_link(channel, peer=MODULE, sessions=waits.sessions)
    link.listeners.extend(listeners)
    try:
        await link.open()
        try:
            yield link
        finally:
            await link.close()
    except LinkError as error:
        explained = waits.explain(error, channel)
        if explained is error:
            raise
        raise explained from error
