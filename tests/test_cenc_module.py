"""The virtual module in Client-CENC mode reached through the virtual CENC server with our frames."""

from __future__ import annotations

import argparse
import asyncio
import json

import pytest

from app.core.links.base import Link
from app.core.links.cenc import CencDirectLink, CencLink
from protocols import cenc
from protocols.cenc import CencRefused
from protocols.module import module_frames
from protocols.module.module_frames import (
    ParamValue,
    ReadParamsReply,
    ReadParamsRequest,
    RestartReply,
    RestartRequest,
    StatusReply,
    StatusRequest,
    WriteParamsReply,
    WriteParamsRequest,
)
from protocols.params.catalogue import parameter
from protocols.params.module_types import ModuleType
from protocols.params.param_values import decode_value, encode_value
from simulators import run_cenc
from simulators.transport import Faults
from tests.simulator_process import simulator_process

pytestmark = pytest.mark.virtual_time

ADMIN = "12345678"  # the module's default administrator password (catalogue)


async def ask(link: Link, request: module_frames.Frame) -> module_frames.Frame:
    await link.send(module_frames.encode(request))
    return await link.receive_frame(module_frames.decode, timeout=3)


def runner_args(**overrides: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": 0,
        "modules": 2,
        "module_type": "gsm-2g4g",
        "meter_type": "CE308",
        "user": "admin",
        "password": "pw",
        "upper_port": 0,
        "device_port": 0,
        "direct_base": 0,
        "reconnect": 0.1,
        "seed": 0,
    }
    values.update(overrides)
    return argparse.Namespace(**values)


async def test_configure_and_read_back_through_cenc() -> None:
    endpoints, close = await run_cenc.start(runner_args(), Faults())
    try:
        json.dumps(endpoints)  # printable as the one JSON line of `simulate`
        modules = endpoints["modules"]
        assert [m["address"] for m in modules] == ["0.0.0.1", "0.0.0.2"]
        host, port = endpoints["upper"].split(":")
        serial = modules[1]["serial"]
        apn, mode = parameter("apn"), parameter("mode")
        by_code = {apn.code: apn, mode.code: mode}
        async with CencLink(host, int(port), user="admin", password="pw", device_serial=serial) as link:
            status = await ask(link, StatusRequest(seq=1))
            assert isinstance(status, StatusReply) and status.system_address == "0.0.0.2"
            value = ParamValue(apn.code, encode_value(apn, "internet.cenc"))
            written = await ask(link, WriteParamsRequest(seq=2, password=ADMIN, values=(value,)))
            assert isinstance(written, WriteParamsReply) and all(r.applied for r in written.results)
            read = await ask(link, ReadParamsRequest(seq=3, password=ADMIN, codes=(apn.code, mode.code)))
            assert isinstance(read, ReadParamsReply)
            values = {r.code: decode_value(by_code[r.code], r.value) for r in read.results}
            assert values == {apn.code: "internet.cenc", mode.code: "client-cenc"}
            restarted = await ask(link, RestartRequest(seq=4, password=ADMIN))
            assert isinstance(restarted, RestartReply)  # the reply arrives before the module hangs up
            with pytest.raises(CencRefused) as info:  # then the module restarts: offline for a moment
                await link.receive(size=1, timeout=2)
            assert info.value.code == cenc.DEVICE_OFFLINE
        # it dials the server again after its period and keeps its system address
        direct_host, direct_port = endpoints["direct"][serial].split(":")
        read = None
        for _ in range(50):
            try:
                async with CencDirectLink(direct_host, int(direct_port)) as direct:
                    read = await ask(direct, ReadParamsRequest(seq=5, password=ADMIN, codes=(apn.code,)))
                break
            except CencRefused:
                await asyncio.sleep(0.1)
        assert isinstance(read, ReadParamsReply) and read.seq == 5
        assert decode_value(apn, read.results[0].value) == "internet.cenc"
    finally:
        await close()


def test_simulate_cenc_prints_endpoints() -> None:
    with simulator_process("cenc", "--modules", "2", "--upper-port", "0", "--device-port", "0",
                           "--direct-base", "0") as endpoints:
        pass
    assert set(endpoints) == {"upper", "devices", "direct", "modules"}
    assert [m["address"] for m in endpoints["modules"]] == ["0.0.0.1", "0.0.0.2"]
    assert set(endpoints["direct"]) == {m["serial"] for m in endpoints["modules"]}


async def test_configure_module_and_read_status_through_cenc() -> None:
    module_ops = pytest.importorskip("app.core.module_ops")
    from protocols.params.catalogue import defaults

    endpoints, close = await run_cenc.start(runner_args(modules=1), Faults())
    try:
        host, port = endpoints["upper"].split(":")
        serial = endpoints["modules"][0]["serial"]
        values = defaults(ModuleType.GSM_2G4G)
        values.update(mode="client-cenc", server="127.0.0.1", apn="internet.cenc")
        values["port"] = int(endpoints["devices"].split(":")[1])
        link = CencLink(host, int(port), user="admin", password="pw", device_serial=serial)
        async with link:
            result = await module_ops.configure_module(link, ModuleType.GSM_2G4G, values, ADMIN, timeout=3)
        assert result.ok, result.lines("en")
        assert result.get("apn").outcome.name == "APPLIED" and result.restarted is True
        # the module restarted with the new settings and dialled the server again
        reading = None
        for _ in range(50):
            try:
                async with CencLink(host, int(port), user="admin", password="pw", device_address="0.0.0.1") as again:
                    reading = await module_ops.read_status(again, "status", module=ModuleType.GSM_2G4G, timeout=3)
                break
            except CencRefused as error:
                assert error.code == cenc.DEVICE_OFFLINE
                await asyncio.sleep(0.1)
        assert reading is not None and reading.reply.system_address == "0.0.0.1"
    finally:
        await close()
