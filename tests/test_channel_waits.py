"""The waits the manuals ask for: module start after a restart, pause before configuring through the meter."""

from __future__ import annotations

import asyncio
import socket

import pytest

from app.core.channel_waits import ChannelWaits, WaitTimes, opened_channel
from app.core.links.channels import CencChannel, DirectChannel, SerialChannel, TcpChannel
from app.core.links.meter_sessions import SessionClock
from app.core.module_ops import configure_module, read_status
from app.core.progress import Progress
from protocols.errors import LinkClosed, LinkError, LinkTimeout
from protocols.params.module_types import ModuleType
from simulators.module import VirtualModule
from simulators.transport import TcpSimulatorServer

pytestmark = pytest.mark.virtual_time

ADMIN = "12345678"


class FakeTime:
    """A clock and a sleep that advances it: waits are checked without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def fake_waits(times: WaitTimes | None = None) -> tuple[ChannelWaits, FakeTime, SessionClock]:
    fake = FakeTime()
    sessions = SessionClock(fake.clock)
    return ChannelWaits(times, sessions=sessions, clock=fake.clock, sleep=fake.sleep), fake, sessions


TCP = TcpChannel("10.0.0.5", 8000)
DIRECT = DirectChannel("/dev/ttyUSB0", meter_password="777777")


def test_defaults_are_the_manuals() -> None:
    times = WaitTimes()
    assert times.module_start == 30  # 15–30 s initialisation
    assert times.direct_pause(ModuleType.GSM_2G4G) == 30  # GSM manual §6.4.2
    assert times.direct_pause(ModuleType.NB_IOT) == 60 and times.direct_pause(ModuleType.NB_IOT_2) == 60
    assert times.direct_pause(None) == 30


def test_nothing_to_wait_for_a_module_never_restarted() -> None:
    waits, _, _ = fake_waits()
    assert waits.remaining(TCP, ModuleType.GSM_2G4G, configuring=True)[0] == 0


def test_restart_wait_counts_from_the_restart_and_concerns_that_module_only() -> None:
    waits, fake, _ = fake_waits()
    waits.mark_restarted(TCP)
    fake.now += 12
    left, why = waits.remaining(TCP, ModuleType.GSM_2G4G, configuring=False)
    assert left == 18 and "restarting" in why.en
    assert waits.remaining(TcpChannel("10.0.0.5", 8001), None, configuring=False)[0] == 0
    assert waits.remaining(TcpChannel("10.0.0.5", 8000, timeout=5), None, configuring=False)[0] == 18  # same module
    fake.now += 18
    assert waits.remaining(TCP, None, configuring=False)[0] == 0


def test_direct_pause_before_configuring_but_not_before_reading() -> None:
    waits, fake, sessions = fake_waits()
    sessions.mark_ended("/dev/ttyUSB0")
    fake.now += 10
    left, why = waits.remaining(DIRECT, ModuleType.NB_IOT, configuring=True)
    assert left == 50 and "at least 60 s" in why.en
    assert waits.remaining(DIRECT, ModuleType.GSM_2G4G, configuring=True)[0] == 20
    assert waits.remaining(DIRECT, ModuleType.GSM_2G4G, configuring=False)[0] == 0
    other_port = DirectChannel("/dev/ttyUSB1", meter_password="777777")
    assert waits.remaining(other_port, ModuleType.GSM_2G4G, configuring=True)[0] == 0


def test_the_longer_of_two_waits_is_kept() -> None:
    waits, fake, sessions = fake_waits()
    sessions.mark_ended(DIRECT.port)
    waits.mark_restarted(DIRECT)
    fake.now += 5
    left, why = waits.remaining(DIRECT, ModuleType.NB_IOT, configuring=True)
    assert left == 55 and "meter" in why.en
    left, why = waits.remaining(DIRECT, ModuleType.NB_IOT, configuring=False)
    assert left == 25 and "restarting" in why.en


def test_targets_tell_channels_apart() -> None:
    waits, _, _ = fake_waits()
    for channel in (SerialChannel("COM3"), CencChannel("cenc", "u", "p", device_serial="123")):
        waits.mark_restarted(channel)
    assert waits.remaining(SerialChannel("COM3", baud=115200), None, configuring=False)[0] == 30
    assert waits.remaining(CencChannel("cenc", "u", "p", device_serial="124"), None, configuring=False)[0] == 0
    assert waits.remaining(CencChannel("cenc", "u2", "p", device_serial="123"), None, configuring=False)[0] == 30


async def test_wait_counts_down_every_second() -> None:
    waits, fake, _ = fake_waits()
    waits.mark_restarted(TCP)
    fake.now += 26.5
    shown: list[Progress] = []
    waited = await waits.wait_before(TCP, None, configuring=False, progress=shown.append)
    assert waited == 3.5 and fake.slept == [1.0, 1.0, 1.0, 0.5]
    assert [p.text.ru for p in shown] == [f"Модуль перезапускается после настройки: ещё {n} с" for n in (4, 3, 2, 1)]
    assert shown[0].text.en == "The module is restarting after configuration: 4 s left"
    assert await waits.wait_before(TCP, None, configuring=False) == 0


async def test_a_wait_can_be_cancelled() -> None:
    waits = ChannelWaits(WaitTimes(module_start=30))
    waits.mark_restarted(TCP)
    task = asyncio.create_task(waits.wait_before(TCP, None, configuring=False))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 1)


def test_errors_soon_after_a_restart_say_so() -> None:
    waits, fake, _ = fake_waits()
    plain = LinkTimeout("No reply within 20 s")
    assert waits.explain(plain, TCP) is plain  # no restart: nothing to add
    waits.mark_restarted(TCP)
    fake.now += 40
    explained = waits.explain(plain, TCP)
    assert isinstance(explained, LinkTimeout)
    assert explained.message("en").startswith("No reply within 20 s\nThe module restarted 40 s ago")
    assert "перезапускался 40 с назад" in explained.message("ru")
    assert isinstance(waits.explain(LinkClosed("gone"), TCP), LinkClosed)
    fake.now += 1000
    assert waits.explain(plain, TCP) is plain  # long ago: not the reason


def test_the_restart_explains_only_a_module_that_did_not_answer() -> None:
    from app.core.links.channels import CencChannel
    from app.core.links.failures import connect_failure
    from protocols import cenc

    waits, fake, _ = fake_waits()
    over_cenc = CencChannel("cenc.example", "user", "secret", device_serial="009218054000101")
    for channel in (TCP, over_cenc):
        waits.mark_restarted(channel)
    fake.now += 20
    wrong_password = cenc.refusal(cenc.BAD_LOGIN)
    assert waits.explain(wrong_password, over_cenc) is wrong_password  # the user's mistake, not the restart
    unknown = cenc.refusal(cenc.UNKNOWN_DEVICE)
    assert waits.explain(unknown, over_cenc) is unknown
    server_down = connect_failure("cenc.example", 22002, ConnectionRefusedError(111, "refused"), 10)
    assert waits.explain(server_down, over_cenc) is server_down  # the server, not the module
    offline = cenc.refusal(cenc.DEVICE_OFFLINE)  # the module is not back on the server yet
    assert "перезапускался 20 с назад" in waits.explain(offline, over_cenc).message("ru")
    refused = connect_failure("10.0.0.5", 8000, ConnectionRefusedError(111, "refused"), 10)
    assert "перезапускался" in waits.explain(refused, TCP).message("ru")  # not listening yet
    typo = connect_failure("no-such-host.invalid", 8000, socket.gaierror(socket.EAI_NONAME, "unknown"), 10)
    assert waits.explain(typo, TCP) is typo


async def test_status_right_after_configuring_waits_for_the_start_then_answers() -> None:
    """Through the real virtual module over loopback TCP: without the wait the read falls into the
    module's start and fails with the restart named; with it, it answers."""
    module = VirtualModule("gsm-2g4g", restart_time=0.6)
    server = await TcpSimulatorServer(module.serve).start()
    channel = TcpChannel(*server.address, timeout=1)
    waits = ChannelWaits(WaitTimes(module_start=0.0), clock=asyncio.get_running_loop().time)  # the module's clock
    try:
        async with opened_channel(channel, ModuleType.GSM_2G4G, configuring=True, waits=waits) as link:
            result = await configure_module(link, "gsm-2g4g", {"apn": "m2m.test"}, ADMIN, timeout=1)
        assert result.ok and result.restarted is True
        assert "it takes 15–30 s to start" in result.lines("en")[-2]
        waits.mark_restarted(channel)
        with pytest.raises(LinkError) as failed:
            async with opened_channel(channel, ModuleType.GSM_2G4G, waits=waits) as link:
                await read_status(link, "status", timeout=0.3, retries=0)
        assert "The module restarted 0 s ago" in failed.value.message("en")

        waits.times = WaitTimes(module_start=0.8)
        shown: list[Progress] = []
        async with opened_channel(channel, ModuleType.GSM_2G4G, progress=shown.append, waits=waits) as link:
            reading = await read_status(link, "status", timeout=1)
        assert reading.status is not None
        assert shown and all("restarting" in p.text.en for p in shown)
    finally:
        await server.close()
