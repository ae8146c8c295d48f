"""The same request/reply scenarios over every kind of link, as python-can's back-to-back tests run
one suite over every interface.

Each scenario is run against the real virtual module over each wire of tests/back2back.py (pty,
``socket://``, TCP, CENC relay, CENC direct access, the direct channel through an IEC 62056-21 and a
СПОДЭС meter), with the link opened from its URL by app.core.links.open_link. Where a scenario does
not apply to a kind of link, the parametrisation says why (NOT_HERE); nothing is left out silently.
The answers come as fast as the simulators give them; only the silent module is waited for (half a
second: silence is silence however busy the machine is).
"""

from __future__ import annotations

import asyncio

import pytest

from app.core.links import open_link
from app.core.module_ops import configure_module, read_status
from app.core.module_results import Confirmation, Outcome
from protocols.errors import ConfiguratorError, LinkClosed, LinkTimeout
from simulators.transport import pty_supported
from tests.back2back import KINDS, MODULE_TYPE, FieldModule, wire

pytestmark = pytest.mark.virtual_time

ADMIN = "12345678"  # the module's administrator password (catalogue default)
REPLY = 5.0  # an upper bound for an answer that comes; reached only when something is wrong
SILENCE = 0.5  # how long a module that never answers is waited for

NO_LOGIN = "no password on the way in: the module's own password is the wrong-password scenario"
NOT_HERE = {
    ("way_in_password", "pty"): NO_LOGIN,
    ("way_in_password", "socket"): NO_LOGIN,
    ("way_in_password", "tcp"): NO_LOGIN,
    ("way_in_password", "cenc-direct"): NO_LOGIN + " (the direct-access port takes none)",
    ("noise", "direct-iec"): "IEC 62056-21 cannot tell line noise from the meter's own NAK: noise is recovered or "
                             "reported, not promised away (test_direct_channel.py::"
                             "test_garbage_on_the_line_is_recovered_or_reported)",
}
NO_PTY = pytest.mark.skipif(not pty_supported(), reason="no pseudo-terminals here (Windows, CONFIGURATOR_WITHOUT="
                                                        "pty): the socket kind runs the same scenarios")


def kinds(scenario: str) -> list[object]:
    """Every kind of link for ``scenario``, those it does not apply to skipped with the reason."""
    params: list[object] = []
    for kind in KINDS:
        reason = NOT_HERE.get((scenario, kind))
        marks = [pytest.mark.skip(reason=reason)] if reason else [NO_PTY] if kind == "pty" else []
        params.append(pytest.param(kind, marks=marks, id=kind))
    return params


@pytest.mark.parametrize("kind", kinds("status"))
async def test_status_read(kind: str) -> None:
    module = FieldModule()
    async with wire(kind, module) as line, open_link(line.url) as link:
        status = await read_status(link, "status", module=MODULE_TYPE, timeout=REPLY)
        imei = await read_status(link, "imei", module=MODULE_TYPE, timeout=REPLY)
    assert status.status is not None and status.status.version_text == module.identity.version
    assert imei.value == module.identity.imei


@pytest.mark.parametrize("kind", kinds("configure"))
async def test_configuration_with_read_back(kind: str) -> None:
    module = FieldModule()
    async with wire(kind, module) as line, open_link(line.url) as link:
        result = await configure_module(link, MODULE_TYPE, {"apn": "b2b.apn", "period": 600}, ADMIN,
                                        only=("apn", "period"), timeout=REPLY)
    assert result.ok and result.restarted, result.lines("en")
    assert {p.key: (p.outcome, p.confirmed_by) for p in result.parameters} == {
        "apn": (Outcome.APPLIED, Confirmation.READ_BACK), "period": (Outcome.APPLIED, Confirmation.READ_BACK)}
    assert (module.active["apn"], module.active["period"]) == ("b2b.apn", 600)  # in effect after the restart


@pytest.mark.parametrize("kind", kinds("wrong_password"))
async def test_wrong_module_password_is_refused(kind: str) -> None:
    module = FieldModule()
    async with wire(kind, module) as line, open_link(line.url) as link:
        restarts = module.restarts
        result = await configure_module(link, MODULE_TYPE, {"apn": "never.apn", "period": 600}, "00000000",
                                        only=("apn", "period"), timeout=REPLY)
    assert result.password_refused and not result.ok
    assert [(p.outcome, p.code) for p in result.parameters] == [(Outcome.FAILED, 0x02)] * 2  # 0x02: wrong password
    assert (module.values["apn"], module.values["period"]) == ("internet", 300)  # untouched
    assert module.restarts == restarts  # and not restarted


@pytest.mark.parametrize("kind", kinds("way_in_password"))
async def test_wrong_password_on_the_way_in_is_refused(kind: str) -> None:
    module = FieldModule()
    async with wire(kind, module) as line:
        assert line.wrong_way_in is not None
        with pytest.raises(ConfiguratorError) as refused:
            async with open_link(line.wrong_way_in):
                pass
    assert "password" in refused.value.message("en")
    assert not isinstance(refused.value, LinkTimeout)  # refused, not left unanswered
    assert module.frames_received == []  # nothing reached the module


@pytest.mark.parametrize("kind", kinds("silent"))
async def test_a_silent_module_times_out(kind: str) -> None:
    module = FieldModule()
    async with wire(kind, module) as line, open_link(line.url) as link:
        module.mute = True
        with pytest.raises(LinkTimeout):
            await read_status(link, "status", module=MODULE_TYPE, timeout=SILENCE, retries=0)
        for _ in range(1000):  # a loaded machine may hand the request over after the timeout: it still arrives
            if module.frames_received:
                break
            await asyncio.sleep(0.01)
    assert module.frames_received  # it was asked, and said nothing


@pytest.mark.parametrize("kind", kinds("noise"))
async def test_noise_on_the_line_is_skipped(kind: str) -> None:
    module = FieldModule()
    async with wire(kind, module) as line, open_link(line.url) as link:
        line.faults.garbage = 1.0  # random bytes before everything the far end sends from now on
        status = await read_status(link, "status", module=MODULE_TYPE, timeout=REPLY)
        imei = await read_status(link, "imei", module=MODULE_TYPE, timeout=REPLY)
    assert status.status is not None and imei.value == module.identity.imei


@pytest.mark.parametrize("kind", kinds("hang_up"))
async def test_the_far_end_hanging_up_closes_the_link(kind: str) -> None:
    module = FieldModule()
    async with wire(kind, module) as line, open_link(line.url) as link:
        module.on_request = lambda: setattr(line.faults, "close_after", 0)  # cut as the request arrives
        with pytest.raises(LinkClosed):  # at once, not after the reply timeout
            await read_status(link, "status", module=MODULE_TYPE, timeout=REPLY, retries=0)
