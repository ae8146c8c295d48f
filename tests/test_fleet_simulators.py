"""A simulated fleet: GPRS-like reply latency (drawn, slept on an injected clock), silent and refusing modules
spread over the fleet, N modules in Server mode on N TCP ports, and the CENC simulator naming its odd ones."""

from __future__ import annotations

import argparse
import random

import pytest

from protocols.module import module_frames
from protocols.module.error_codes import WRONG_PASSWORD
from protocols.module.module_frames import ErrorReply, ReadParamsRequest, StatusReply, StatusRequest
from protocols.params.catalogue import DEFAULT_ADMIN_PASSWORD
from protocols.params.module_types import ModuleType
from simulators import run_cenc, run_module
from simulators.fleet_behaviour import REFUSING_PASSWORD, Latency, ReplyDelay, Role, apply_role, spread_roles
from simulators.module import VirtualModule
from simulators.transport import Faults
from tests.test_cenc_module import runner_args

pytestmark = pytest.mark.virtual_time


def test_latency_is_spread_around_its_median_and_clipped() -> None:
    latency = Latency(0.3, 0.35)
    rng = random.Random(1)
    draws = sorted(latency.draw(rng) for _ in range(2000))
    median = draws[len(draws) // 2]
    assert 0.27 < median < 0.33
    assert draws[0] >= 0.3 / 4 and draws[-1] <= 0.3 * 6
    assert draws[int(0.95 * len(draws))] > 1.4 * median  # a tail, not a constant
    assert Latency(0.0).draw(rng) == 0.0


async def test_a_reply_delay_sleeps_on_the_injected_clock() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    delay = ReplyDelay(Latency(0.3, 0.0), random.Random(0), sleep)
    assert await delay() == 0.3 and slept == [0.3]


def test_odd_modules_are_spread_over_the_fleet_never_the_first() -> None:
    roles = spread_roles(100, silent=5, refusing=2)
    assert len(roles.silent) == 5 and len(roles.refusing) == 2 and not roles.silent & roles.refusing
    assert roles.role(0) is Role.ANSWERS and 0 not in roles.silent | roles.refusing
    assert max(roles.silent | roles.refusing) > 50  # not bunched at the start
    with pytest.raises(ValueError):
        spread_roles(3, silent=2, refusing=1)


async def test_silent_modules_answer_nothing_refusing_ones_refuse_the_password() -> None:
    silent, refusing = VirtualModule(ModuleType.GSM_2G4G, seed=1), VirtualModule(ModuleType.GSM_2G4G, seed=2)
    apply_role(silent, Role.SILENT)
    apply_role(refusing, Role.REFUSING)
    status = module_frames.encode(StatusRequest(seq=1))
    read = module_frames.encode(ReadParamsRequest(seq=2, password=DEFAULT_ADMIN_PASSWORD, codes=(1,)))
    assert await silent.answer(status) == b""
    assert isinstance(module_frames.decode(await refusing.answer(status))[1], StatusReply)  # status needs no password
    refused = module_frames.decode(await refusing.answer(read))[1]
    assert isinstance(refused, ErrorReply) and refused.error == WRONG_PASSWORD
    assert refusing.admin_password == REFUSING_PASSWORD


def module_args(**overrides: object) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    run_module.add_arguments(parser)
    args = parser.parse_args(["--count", "3", "--silent", "1", "--serial-number", "009218054000101"])
    for name, value in overrides.items():
        setattr(args, name, value)
    return args


async def test_n_modules_in_server_mode_each_on_its_own_tcp_port() -> None:
    endpoints, close = await run_module.start(module_args(), Faults())
    try:
        modules = endpoints["modules"]
        assert isinstance(modules, list)
        assert [m["serial"] for m in modules] == ["009218054000101", "009218054000102", "009218054000103"]
        assert len({m["tcp"] for m in modules}) == 3 and endpoints["tcp"] == modules[0]["tcp"]
        assert endpoints["silent"] == ["009218054000102"] and endpoints["refusing"] == []
    finally:
        await close()


async def test_the_cenc_simulator_names_its_silent_and_refusing_modules() -> None:
    args = runner_args(modules=4, silent=1, refusing=1, direct_base=-1)
    endpoints, close = await run_cenc.start(args, Faults())
    try:
        modules = endpoints["modules"]
        assert isinstance(modules, list)
        serials = [m["serial"] for m in modules]
        assert endpoints["silent"] == [serials[1]] and endpoints["refusing"] == [serials[2]]
    finally:
        await close()
