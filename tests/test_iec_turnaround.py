"""IEC 62056-21 timing on a half-duplex line, through the virtual meter on a real pty.

The meter answers no sooner than its reaction time (200 ms; 20 ms when the third letter of its
maker's code is lower case) and does not hear bytes sent sooner than that after its own message.
The reader waits as long after every meter message. The waits take an injected clock, so the
tests of their lengths do not wait.
"""

from __future__ import annotations

import asyncio

import pytest

from app.core.links.direct import DirectChannelLink, SessionClock
from protocols.errors import LinkTimeout
from protocols.meter import iec62056_21 as iec
from simulators.meter import VirtualMeter
from simulators.transport import PtySimulator, pty_supported

pytestmark = [pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX"), pytest.mark.virtual_time]


class EchoModule:
    def process(self, data: bytes) -> bytes:
        return data[::-1]


def two_bytes(buffer: bytes) -> tuple[int, bytes | None]:
    return (2, buffer[:2]) if len(buffer) >= 2 else (0, None)


class FakeTime:
    """A clock that moves only when someone sleeps on it; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds
        await asyncio.sleep(0)


class HastyClock:
    """A reader's clock that runs a second ahead at every look: it never waits for the line."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_reaction_time_follows_the_third_letter() -> None:
    assert iec.Identification("EKT", "5", "CE308").reaction_time == iec.REACTION_TIME == 0.2
    assert iec.Identification("EKt", "5", "CE308").reaction_time == iec.FAST_REACTION_TIME == 0.02
    assert VirtualMeter(EchoModule()).reply_delay == 0.2
    assert VirtualMeter(EchoModule(), manufacturer="EKt").reply_delay == 0.02
    with pytest.raises(ValueError, match="at least 200 ms"):
        VirtualMeter(EchoModule(), reply_delay=0.05)  # a meter may not answer sooner than the standard allows
    assert VirtualMeter(EchoModule(), manufacturer="EKt", reply_delay=0.05).reply_delay == 0.05


@pytest.mark.parametrize(("manufacturer", "turnaround"), [("EKT", 0.2), ("EKt", 0.02)])
async def test_the_reader_waits_the_meters_reaction_time_before_each_message(manufacturer: str,
                                                                          turnaround: float) -> None:
    meter_time, reader_time = FakeTime(), FakeTime()
    meter = VirtualMeter(EchoModule(), manufacturer=manufacturer, half_duplex=False, sleep=meter_time.sleep)
    sim = await PtySimulator(meter.serve).start()
    link = DirectChannelLink(sim.path, meter_password="777777", sessions=SessionClock(),
                             clock=reader_time.clock, sleep=reader_time.sleep)
    sent: list[float] = []
    link.line.listeners.append(lambda direction, _data: sent.append(reader_time.now) if direction == "tx" else None)
    async with link:
        await link.send(b"hi")
        assert await link.receive_frame(two_bytes, timeout=2) == b"ih"
    await sim.close()
    # sign-on, option select, password, one exchange, break: every message after the first
    # follows a meter message, and each waited the full reaction time (the fake clock stands still)
    assert len(sent) == 5
    break_wire_time = len(iec.encode_command(iec.BREAK)) * 10 / 9600
    assert reader_time.sleeps == [turnaround] * 4 + [pytest.approx(break_wire_time, abs=1e-6)]
    assert meter_time.sleeps == [turnaround] * 4  # the meter took its reaction time before each answer


async def test_a_half_duplex_meter_loses_what_is_sent_too_soon_and_ours_is_not() -> None:
    meter = VirtualMeter(EchoModule(), manufacturer="EKt")  # 20 ms: the real waits stay short
    sim = await PtySimulator(meter.serve, baud=9600).start()
    async with DirectChannelLink(sim.path, meter_password="777777", sessions=SessionClock()) as link:
        for word in (b"ab", b"cd", b"ef"):
            await link.send(word)
            assert await link.receive_frame(two_bytes, timeout=3) == word[::-1]
    assert meter.too_soon == 0 and meter.sessions == 1
    hasty = DirectChannelLink(sim.path, meter_password="777777", sessions=SessionClock(), clock=HastyClock(),
                              timeout=0.3)
    with pytest.raises(LinkTimeout):  # a reader that does not let the line turn round is not heard
        await hasty.open()
    assert meter.too_soon > 0
    await sim.close()
