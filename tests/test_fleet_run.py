"""The fleet run's scheduling, without devices: sessions are stand-ins that wait to be released."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from app.core import fleet_run
from app.core.fleet_jobs import JobContext
from app.core.fleet_results import DeviceOutcome, Result
from app.core.fleet_run import STARTED, STARTS_PER_TURN, FleetEvent, FleetRun
from protocols.fleet.fleet_devices import Delivery
from protocols.text import Text


@dataclass
class Job:  # what FleetRun reads of a DeviceJob
    key: str
    server: str = "tcp"
    delivery: Delivery = Delivery.TCP

    @property
    def target(self) -> str:
        return self.key


async def test_sessions_start_a_few_per_turn_of_the_loop_up_to_the_concurrency(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Fifty connections opened in one go held the window for 30 ms; the run starts STARTS_PER_TURN at a
    time and lets the loop turn in between, still filling every place."""
    release = asyncio.Event()

    async def session(_job: Job, _context: JobContext) -> DeviceOutcome:
        await release.wait()
        return DeviceOutcome(Result.OK, Text("", ""))

    monkeypatch.setattr(fleet_run, "run_link_job", session)
    events: list[FleetEvent] = []
    run = FleetRun([Job(f"device-{n}") for n in range(60)], JobContext("status"),
                   concurrency=50, per_server=50, on_event=events.append)
    running = asyncio.create_task(run.run())
    started = []
    for _ in range(12):
        await asyncio.sleep(0)
        started.append(sum(event.kind == STARTED for event in events))
    assert started[-1] == 50  # every place filled, no more
    steps = [b - a for a, b in zip([0, *started], started, strict=False)]
    assert max(steps) == STARTS_PER_TURN < 50
    release.set()
    summary = await running
    assert summary.counts[Result.OK] == 60
