"""Run a fleet: many device sessions at once, bounded overall and per server, each outcome journaled.

    run = FleetRun(jobs, context, journal, concurrency=50, per_server=20, on_event=…)
    summary = await run.run()          run.stop(): no new sessions; run.abort(): cancel the running ones

Scheduling. A session starts whenever fewer than ``concurrency`` run in all and fewer than
``per_server`` run against its server (a CENC server, or the host of TCP/IP rows: one CENC server's
direct-access ports are one host); servers take turns, so one busy server does not starve the others.
Two rows that reach the same module (the same address and port, the same CENC device) never run at the
same time. A session ends by itself — a silent module after its reply timeout and repeats — so it
holds one place for that long, never the others.

CENC logins. The first session to a CENC server runs alone until it has logged in; the others follow
at once. A server that refuses the login (wrong user or password, blocked address) would refuse every
device behind it, and a burst of wrong logins gets the address blocked (docs/protocols/cenc.md), so its
other devices are not tried: they are recorded as refused with the server's answer.

Stopping. ``stop()`` (Ctrl-C, «Отмена») starts nothing more; the running sessions finish or time out,
and their outcomes are journaled. ``abort()`` (a second Ctrl-C) cancels them as well: those devices
stay without an outcome and run again on resume. Every outcome is committed to the journal the moment
it is known (app/core/fleet_journal.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from app.core.fleet_jobs import JobContext, run_link_job
from app.core.fleet_journal import FleetJournal
from app.core.fleet_plan import DeviceJob
from app.core.fleet_results import DeviceOutcome, Result
from protocols.errors import ConfiguratorError
from protocols.fleet.fleet_devices import Delivery
from protocols.text import Text

DEFAULT_CONCURRENCY = 50  # sessions at once in all
DEFAULT_PER_SERVER = 20  # sessions at once per CENC server (CENCn allows 1000 upper-level connections)
STARTS_PER_TURN = 8
"""Sessions started in one turn of the event loop: fifty connections opened at once held the window
for 30 ms (each is a socket and its notifiers); eight at a time leave it a turn in between."""

STARTED, FINISHED = "started", "finished"


@dataclass(frozen=True)
class FleetEvent:
    kind: str  # STARTED or FINISHED
    key: str
    outcome: DeviceOutcome | None = None


EventCallback = Callable[[FleetEvent], None]
SmsRunner = Callable[[Sequence[DeviceJob], Callable[[DeviceJob, DeviceOutcome], None], asyncio.Event],
                     Awaitable[None]]
"""Runs the SMS jobs as one batch (app/core/fleet_sms.py): reports each outcome as soon as it is known,
stops waiting when the event is set."""


@dataclass
class FleetSummary:
    counts: Counter[Result] = field(default_factory=Counter)
    elapsed: float = 0.0
    stopped: bool = False  # stopped before every device had its turn
    aborted: bool = False  # running sessions were cancelled
    not_started: int = 0
    error: ConfiguratorError | None = None  # what stopped the run itself (the journal could not be written)

    @property
    def done(self) -> int:
        return sum(n for result, n in self.counts.items() if result.done)

    @property
    def ok(self) -> bool:
        return (not self.stopped and not self.aborted and self.error is None and self.not_started == 0
                and all(result is Result.OK for result, n in self.counts.items() if n))


class FleetRun:
    def __init__(self, jobs: Sequence[DeviceJob], context: JobContext, journal: FleetJournal | None = None, *,
                 concurrency: int = DEFAULT_CONCURRENCY, per_server: int = DEFAULT_PER_SERVER,
                 on_event: EventCallback | None = None, sms: SmsRunner | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.context, self.journal, self.on_event, self.sms, self.clock = context, journal, on_event, sms, clock
        self.concurrency, self.per_server = max(1, concurrency), max(1, per_server)
        self.link_jobs = [j for j in jobs if j.delivery is not Delivery.SMS]
        self.sms_jobs = [j for j in jobs if j.delivery is Delivery.SMS]
        self.summary = FleetSummary()
        self._queues: dict[str, deque[DeviceJob]] = {}
        for job in self.link_jobs:
            self._queues.setdefault(job.server, deque()).append(job)
        self._turn: deque[str] = deque(self._queues)
        self._running: dict[asyncio.Task[None], DeviceJob] = {}
        self._per_server: Counter[str] = Counter()
        self._targets: set[str] = set()
        self._logged_in: set[str] = set()  # CENC servers that accepted the login
        self._refused: dict[str, DeviceOutcome] = {}  # CENC servers that refused it
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._aborted = False

    # -- control ---------------------------------------------------------------------------------
    def stop(self) -> None:
        """No new sessions; the running ones finish or time out."""
        self._stop.set()
        self._wake.set()

    def abort(self) -> None:
        """Cancel the running sessions too (their devices stay to be run again)."""
        self._aborted = True
        self.stop()
        for task in self._running:
            task.cancel()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # -- the run ---------------------------------------------------------------------------------
    async def run(self) -> FleetSummary:
        started = self.clock()
        self.context.opened = self._opened
        sms_task = asyncio.create_task(self._run_sms()) if self.sms_jobs and self.sms is not None else None
        try:
            while True:
                capped = False
                if not self._stop.is_set():
                    capped = self._start_what_fits()
                if not self._running and (self._stop.is_set() or not any(self._queues.values())):
                    break
                if capped:  # more fit: they start after the window's next turn
                    await asyncio.sleep(0)
                    continue
                await self._wake.wait()
                self._wake.clear()
            if sms_task is not None:
                await sms_task
        except asyncio.CancelledError:
            self.abort()
            await self._settle(sms_task)
            raise
        finally:
            self.summary.elapsed = round(self.clock() - started, 3)
        self.summary.not_started = sum(len(q) for q in self.queues_left()) + (
            len(self.sms_jobs) if self.sms_jobs and self.sms is None else 0)
        self.summary.stopped = self._stop.is_set() and self.summary.not_started > 0
        self.summary.aborted = self._aborted
        return self.summary

    def queues_left(self) -> list[deque[DeviceJob]]:
        return [q for q in self._queues.values() if q]

    async def _settle(self, sms_task: asyncio.Task[None] | None) -> None:
        tasks = [*self._running, *([sms_task] if sms_task is not None else [])]
        for task in tasks:
            task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.gather(*tasks, return_exceptions=True)

    def _start_what_fits(self) -> bool:
        """Start sessions up to the concurrency, at most STARTS_PER_TURN of them; True if it stopped there."""
        idle_rounds = started = 0
        while len(self._running) < self.concurrency and self._turn and idle_rounds < len(self._turn):
            if started == STARTS_PER_TURN:
                return True
            server = self._turn[0]
            self._turn.rotate(-1)
            job = self._next_job(server)
            if job is None:
                idle_rounds += 1
                continue
            idle_rounds = 0
            self._start(job)
            started += 1
        for server in [s for s in self._turn if not self._queues[s]]:
            self._turn.remove(server)
        return False

    def _next_job(self, server: str) -> DeviceJob | None:
        queue = self._queues[server]
        if not queue:
            return None
        if server in self._refused:
            while queue:
                self._refuse(queue.popleft(), self._refused[server])
            return None
        limit = self.per_server if (server in self._logged_in or not server.startswith("cenc:")) else 1
        if self._per_server[server] >= limit:
            return None
        for index, job in enumerate(queue):
            if job.target not in self._targets:
                del queue[index]
                return job
        return None

    def _start(self, job: DeviceJob) -> None:
        self._per_server[job.server] += 1
        self._targets.add(job.target)
        task = asyncio.create_task(self._session(job))
        self._running[task] = job
        self._emit(FleetEvent(STARTED, job.key))

    def _opened(self, job: DeviceJob) -> None:
        """A session's link is open: its CENC server accepted the login."""
        if job.server not in self._logged_in:
            self._logged_in.add(job.server)
            self._wake.set()

    async def _session(self, job: DeviceJob) -> None:
        task = asyncio.current_task()
        try:
            try:
                outcome = await run_link_job(job, self.context)
            except asyncio.CancelledError:
                outcome = cancelled(job, self.context.now())
            if outcome.server_refused:
                self._refused.setdefault(job.server, outcome)
            self._finish(job, outcome)
        finally:
            if task is not None:
                self._running.pop(task, None)
            self._per_server[job.server] -= 1
            self._targets.discard(job.target)
            if job.server not in self._logged_in and job.server not in self._refused:
                self._logged_in.add(job.server)  # the first session ended without a refused login: go on
            self._wake.set()

    def _refuse(self, job: DeviceJob, because: DeviceOutcome) -> None:
        now = self.context.now()
        outcome = DeviceOutcome(Result.REFUSED, Text(
            f"не запускался: сервер отказал во входе — {because.message.ru}",
            f"not run: the server refused the login — {because.message.en}"), started=now, finished=now,
            channel=job.describe(), delivery=job.delivery.value, server_refused=True)
        self._emit(FleetEvent(STARTED, job.key))
        self._finish(job, outcome)

    def _finish(self, job: DeviceJob, outcome: DeviceOutcome) -> None:
        """Journal the outcome at once, count it, tell the watcher; a journal that cannot be written stops the
        run (what is not journaled would be run again)."""
        if self.journal is not None:
            try:
                self.journal.record(job.key, outcome)
            except ConfiguratorError as error:
                self.summary.error = error
                self.stop()
        self.summary.counts[outcome.result] += 1
        self._emit(FleetEvent(FINISHED, job.key, outcome))

    def _emit(self, event: FleetEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)

    async def _run_sms(self) -> None:
        assert self.sms is not None
        for job in self.sms_jobs:
            self._emit(FleetEvent(STARTED, job.key))
        await self.sms(self.sms_jobs, self._finish, self._stop)


def cancelled(job: DeviceJob, now: datetime) -> DeviceOutcome:
    return DeviceOutcome(Result.CANCELLED, Text("прервано до конца сеанса: прибор будет опрошен снова при продолжении",
                                                "stopped before the session ended: run again on resume"),
                         started=now, finished=now, channel=job.describe(), delivery=job.delivery.value)
