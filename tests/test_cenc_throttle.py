"""The virtual CENC server's login throttle (ours), through our CENC links over loopback TCP.

Wrong logins from one address are answered later and later, the fifth in a row blocks the
address (logins and direct-access ports) for five minutes; the configurator says so in words.
The server's clock is injected: the delays are checked, not waited for.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.core.links.cenc import CencDirectLink, CencLink
from protocols import cenc
from protocols.cenc import CencRefused
from simulators.cenc import CencServer, CencUser
from simulators.cenc_throttle import LoginThrottle
from simulators.module_cenc_client import ModuleCencClient

SERIAL = "012657163203900"


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class Device:
    serial, meter_type, module_type = SERIAL, "CE308", "gsm-2g4g"

    def process(self, data: bytes) -> bytes:
        return data.upper()


@pytest.fixture
async def rig() -> AsyncIterator[tuple[CencServer, FakeTime]]:
    time = FakeTime()
    server = await CencServer([CencUser("admin", "secret")], direct_base_port=0,
                              throttle=LoginThrottle(clock=time.clock, sleep=time.sleep)).start(upper_port=0,
                                                                                                  device_port=0)
    client = await ModuleCencClient(Device(), *server.device_address, reconnect_period=0.1).start()
    await client.wait_registered()
    yield server, time
    await client.stop()
    await server.close()


def link(server: CencServer, password: str) -> CencLink:
    return CencLink(*server.upper_address, user="admin", password=password, device_serial=SERIAL, reply_timeout=2)


async def refused(opening: CencLink) -> CencRefused:
    with pytest.raises(CencRefused) as caught:
        await opening.open()
    assert not opening.is_open
    return caught.value


async def test_wrong_logins_wait_longer_each_time_then_the_address_is_blocked(rig) -> None:
    server, time = rig
    for _ in range(4):
        assert (await refused(link(server, "wrong"))).code == cenc.BAD_LOGIN
    assert time.sleeps == [1.0, 2.0, 4.0, 8.0]  # each wrong login answered later than the one before
    blocked = await refused(link(server, "wrong"))
    assert blocked.code == cenc.LOGIN_BLOCKED and blocked.detail == 5
    assert "Слишком много неверных входов" in blocked.message("ru") and "через 5 мин" in blocked.message("ru")
    assert "try again in 5 min" in blocked.message("en")
    assert (await refused(link(server, "secret"))).code == cenc.LOGIN_BLOCKED  # even the right password
    direct = CencDirectLink(*server.upper_address[:1], server.devices[SERIAL].direct_port)
    async with direct:  # nor through the device's direct-access port
        with pytest.raises(CencRefused) as caught:
            await direct.receive(size=1, timeout=2)
        assert caught.value.code == cenc.LOGIN_BLOCKED
    time.now += 4 * 60
    assert (await refused(link(server, "secret"))).detail == 1  # a minute left
    time.now += 61
    async with link(server, "secret") as opened:
        await opened.send(b"back\n")
        assert await opened.receive(until=b"\n", timeout=2) == b"BACK\n"
    assert len(time.sleeps) == 4  # blocked logins are answered at once


async def test_a_good_login_clears_the_count_and_old_failures_are_forgotten(rig) -> None:
    server, time = rig
    for _ in range(2):
        await refused(link(server, "wrong"))
    async with link(server, "secret"):
        pass
    await refused(link(server, "wrong"))
    time.now += 16 * 60
    await refused(link(server, "wrong"))
    assert time.sleeps == [1.0, 2.0, 1.0, 1.0]
