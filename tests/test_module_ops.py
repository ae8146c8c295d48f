"""Configure a module and read its status through real loopback TCP and pty links to the virtual module."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from app.core.module_ops import configure_module, read_all_status, read_status
from app.core.module_results import ConfigureResult, Confirmation, Outcome
from app.core.progress import Progress
from protocols.errors import DeviceError, LinkClosed, LinkTimeout, ValidationError
from protocols.module import module_frames as mf
from protocols.params import catalogue
from protocols.text import Text
from simulators.module import VirtualModule
from simulators.transport import Faults, PtySimulator, TcpSimulatorServer, pty_supported

pytestmark = pytest.mark.virtual_time

ADMIN = "12345678"


class Rig:
    def __init__(self, module: VirtualModule, server: TcpSimulatorServer) -> None:
        self.module, self.server = module, server

    def link(self) -> TcpLink:
        return TcpLink(*self.server.address, connect_timeout=2)


async def start(module_type: str = "gsm-2g4g", faults: Faults | None = None, **kwargs: object) -> Rig:
    module = VirtualModule(module_type, restart_time=0.02, **kwargs)  # type: ignore[arg-type]
    server = await TcpSimulatorServer(module.serve, faults).start()
    return Rig(module, server)


@pytest.fixture
async def rig() -> AsyncIterator[Rig]:
    made = await start()
    yield made
    await asyncio.sleep(0.01)
    await made.server.close()


def new_values(module_type: str = "gsm-2g4g") -> dict[str, object]:
    values = catalogue.defaults(catalogue.ModuleType.from_id(module_type))
    values.update(mode="client-cenc", server="cenc.example.org", port=11001, apn="m2m.mts", period=600)
    return values


def assert_honest(result: ConfigureResult, module: VirtualModule) -> None:
    """Whatever the result calls applied, the module holds; whatever was not sent, it does not."""
    defaults = catalogue.defaults(module.module_type)
    for item in result.parameters:
        if item.key in ("new_admin_password", "user_password"):
            continue
        if item.outcome is Outcome.APPLIED:
            assert module.values[item.key] == item.value, item.key
        if item.outcome is Outcome.NOT_SENT and item.value != defaults[item.key]:
            assert module.values[item.key] == defaults[item.key], item.key


async def test_configure_reads_back_and_restarts_over_tcp(rig: Rig) -> None:
    steps: list[Progress] = []
    values = {**new_values(), "new_admin_password": "87654321"}
    async with rig.link() as link:
        result = await configure_module(link, "gsm-2g4g", values, ADMIN, progress=steps.append, timeout=2)
    assert result.ok, result.lines("en")
    assert result.restarted and rig.module.restarts == 1
    assert rig.module.active["mode"] == "client-cenc" and rig.module.active["server"] == "cenc.example.org"
    assert rig.module.admin_password == "87654321"
    assert result.get("apn").confirmed_by is Confirmation.READ_BACK
    assert result.get("new_admin_password").confirmed_by is Confirmation.REPLY  # passwords are never read out
    assert [p.key for p in result.parameters][-1] == "mode"  # the mode goes last
    assert steps[-1].done == steps[-1].total and steps[-1].fraction == 1.0
    assert "••••••" in "\n".join(result.lines("en")) and "87654321" not in "\n".join(result.lines("en"))


@pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX")
async def test_configure_and_every_status_kind_over_the_modules_serial_port() -> None:
    module = VirtualModule("nb-iot", restart_time=0.02, seed=4)
    sim = await PtySimulator(module.serve, baud=57600).start()
    try:
        async with SerialLink(sim.path, 57600) as link:
            result = await configure_module(link, "nb-iot", {"apn": "nb.iot", "mqtt_enabled": True,
                                                             "mqtt_host": "mq.example"}, ADMIN, timeout=2)
            assert result.ok, result.lines("en")
            assert module.values["mqtt_host"] == "mq.example"
            await asyncio.sleep(0.15)  # the module restarts; its port stays
            readings = {kind: await read_status(link, kind, module="nb-iot", timeout=2)
                        for kind in ("status", "extended", "imei", "ip", "ipv6", "iccid")}
    finally:
        await sim.close()
    assert readings["imei"].value == module.identity.imei and readings["iccid"].value == module.identity.iccid
    assert readings["ipv6"].value == module.identity.ipv6 and readings["ip"].value == module.identity.ipv4
    extended = readings["extended"].extended
    assert extended is not None and extended.mqtt_client is not None and extended.mqtt_client.code == 1
    assert readings["status"].status.version_text == "v04v5.24.8415.3.1.1"


async def test_validation_refuses_before_any_byte(rig: Rig) -> None:
    values = {**new_values(), "apn": "two words", "period": 5, "server": ""}
    async with rig.link() as link:
        with pytest.raises(ValidationError) as refused:
            await configure_module(link, "gsm-2g4g", values, ADMIN, timeout=2)
        with pytest.raises(ValidationError):
            await configure_module(link, "gsm-2g4g", {"apn": "ok"}, "", timeout=2)
        with pytest.raises(ValidationError):
            await configure_module(link, "gsm-2g4g", {"apn": "ok"}, ADMIN, only=["port"], timeout=2)
    assert {p.key for p in refused.value.problems} >= {"apn", "period", "server"}  # every problem at once
    assert rig.module.bytes_received == 0 and rig.module.values["apn"] == "internet"


async def test_wrong_password_fails_every_parameter_with_code_02(rig: Rig) -> None:
    async with rig.link() as link:
        result = await configure_module(link, "gsm-2g4g", new_values(), "00000000", timeout=2)
    assert not result.ok and isinstance(result.error, DeviceError) and result.error.code == 0x02
    assert {(p.outcome, p.code) for p in result.parameters} == {(Outcome.FAILED, 0x02)}
    assert "Wrong password" in result.get("apn").line("en")
    assert rig.module.values["apn"] == "internet" and rig.module.restarts == 0


async def test_wrong_password_stops_at_the_first_refusal_and_sends_nothing_more(rig: Rig) -> None:
    frames: list[bytes] = []
    async with rig.link() as link:
        link.listeners.append(lambda direction, data: frames.append(data) if direction == "tx" else None)
        # small frames: the values need several write requests; only the first may go out
        result = await configure_module(link, "gsm-2g4g", new_values(), "00000000", timeout=2, max_frame_bytes=40)
    assert len(frames) == 1 and result.password_refused
    refused = result.with_outcome(Outcome.FAILED)
    assert refused and all(p.code == 0x02 for p in refused)
    assert result.with_outcome(Outcome.NOT_SENT) and result.with_outcome(Outcome.APPLIED) == []
    assert "Неверный пароль доступа" in result.summary("ru") and "не изменены" in result.summary("ru")
    assert "Wrong access password" in result.summary("en")
    assert rig.module.restarts == 0


async def test_module_refusals_are_reported_per_parameter() -> None:
    rig = await start("nb-iot")  # the user picked GSM 2G+4G, but the meter holds an NB-IoT module
    values = {"apn": "m2m", "bands": frozenset({"gsm900"}), "cellular_mode": "auto", "mode": "sms"}
    async with rig.link() as link:
        result = await configure_module(link, "gsm-2g4g", values, ADMIN, timeout=2)
    await rig.server.close()
    assert result.get("apn").outcome is Outcome.APPLIED
    assert (result.get("bands").outcome, result.get("bands").code) == (Outcome.FAILED, 0x03)
    assert (result.get("mode").outcome, result.get("mode").code) == (Outcome.FAILED, 0x05)
    assert result.restarted is True and not result.ok
    assert_honest(result, rig.module)


async def test_garbage_before_every_reply_is_skipped() -> None:
    rig = await start(faults=Faults(garbage=1.0, seed=3))
    async with rig.link() as link:
        result = await configure_module(link, "gsm-2g4g", new_values(), ADMIN, timeout=2)
    assert result.ok, result.lines("en")
    await asyncio.sleep(rig.module.restart_time)  # the module starts after its restart
    async with rig.link() as link:
        report = await read_all_status(link, "gsm-2g4g", timeout=2)
    await rig.server.close()
    assert report.ok and len(report.readings) == 5


async def test_dropped_replies_end_in_a_clear_timeout_and_nothing_claimed() -> None:
    rig = await start(faults=Faults(drop=1.0))
    async with rig.link() as link:
        result = await configure_module(link, "gsm-2g4g", new_values(), ADMIN, timeout=0.2, retries=1)
        with pytest.raises(LinkTimeout) as timed_out:
            await read_status(link, "imei", timeout=0.1, retries=2)
    await rig.server.close()
    assert isinstance(result.error, LinkTimeout) and not result.ok
    assert {p.outcome for p in result.parameters} == {Outcome.NOT_CONFIRMED}
    assert "3 attempts" in str(timed_out.value)
    assert "No reply within 0.1 s" in str(timed_out.value)  # the session's timeout, not what was left of it
    assert rig.module.values["apn"] == "m2m.mts"  # it did apply: "not confirmed" is the honest word


@pytest.mark.parametrize("seed", range(6))
async def test_lost_replies_are_settled_by_reads(seed: int) -> None:
    rig = await start(faults=Faults(drop=0.4, seed=seed))
    async with rig.link() as link:
        result = await configure_module(link, "gsm-2g4g", new_values(), ADMIN, timeout=0.15, retries=4,
                                        max_frame_bytes=60)
    await rig.server.close()
    assert_honest(result, rig.module)
    # Every parameter is settled by a write reply or a read-back; only the restart reply (after which
    # the module drops the connection) cannot be recovered.
    assert all(p.outcome is Outcome.APPLIED for p in result.parameters), result.lines("en")
    assert result.error is None or (isinstance(result.error, LinkClosed) and result.restarted is False)


async def test_slow_replies_within_and_beyond_the_timeout() -> None:
    faults = Faults(slow=0.15)
    rig = await start(faults=faults)
    async with rig.link() as link:
        assert (await read_status(link, "status", timeout=1)).status.system_address
        with pytest.raises(LinkTimeout):
            await read_status(link, "status", timeout=0.05, retries=0)
    await rig.server.close()


async def test_connection_closed_mid_transfer_says_what_applied() -> None:
    faults = Faults(close_after=30)  # the first write reply (17 bytes) arrives; the second is cut
    rig = await start(faults=faults)
    async with rig.link() as link:  # small frames: three or more writes
        result = await configure_module(link, "gsm-2g4g", new_values(), ADMIN, timeout=1, max_frame_bytes=40)
    await rig.server.close()
    assert isinstance(result.error, LinkClosed)
    outcomes = [p.outcome for p in result.parameters]
    assert Outcome.APPLIED in outcomes and Outcome.NOT_CONFIRMED in outcomes and Outcome.NOT_SENT in outcomes
    assert all(p.confirmed_by is Confirmation.REPLY for p in result.with_outcome(Outcome.APPLIED))
    assert result.restarted is False and rig.module.restarts == 0
    assert_honest(result, rig.module)


async def test_cancellation_returns_what_was_done() -> None:
    rig = await start(faults=Faults(slow=0.3))
    async with rig.link() as link:
        task = asyncio.create_task(configure_module(link, "gsm-2g4g", new_values(), ADMIN, timeout=2))
        await asyncio.sleep(0.1)
        task.cancel()
        result = await task
    await asyncio.sleep(0.3)
    await rig.server.close()
    assert result.cancelled and not result.ok
    assert {p.outcome for p in result.parameters} == {Outcome.NOT_CONFIRMED}
    assert "Cancelled" in result.lines("en")


async def test_status_kinds_and_ipv6_rules(rig: Rig) -> None:
    async with rig.link() as link:
        with pytest.raises(ValidationError):
            await read_status(link, "ipv6", module="gsm-2g4g", timeout=1)
        assert rig.module.bytes_received == 0
        with pytest.raises(DeviceError) as refused:
            await read_status(link, "ipv6", timeout=1)  # module type unknown: the module itself refuses
        report = await read_all_status(link, "gsm-2g4g", timeout=1)
    assert refused.value.code == 0x06 and "IPv6" in str(refused.value)
    assert report.ok and [r.kind for r in report.readings] == ["status", "extended", "imei", "ip", "iccid"]
    rows = {row.key: row.value.en for row in report.snapshot.rows()}
    assert rows["imei"] == rig.module.identity.imei and rows["module_type"] == "GSM 2G+4G"
    assert rows["ip"] == "Not obtained"  # SMS mode: no Internet, no address


async def test_lost_reply_to_a_password_change_is_settled_by_the_password_in_force(rig: Rig) -> None:
    original = rig.module.process
    dropped: list[bytes] = []

    def lose_first_write_reply(data: bytes) -> bytes:
        reply = original(data)
        if not dropped and reply[6:7] == bytes([mf.WriteParamsReply.COMMAND]):
            dropped.append(reply)
            return b""
        return reply

    rig.module.process = lose_first_write_reply  # type: ignore[method-assign]
    values = {"apn": "m2m.mts", "new_admin_password": "55556666", "mode": "server"}
    async with rig.link() as link:
        result = await configure_module(link, "gsm-2g4g", values, ADMIN, timeout=0.3)
    assert dropped and result.ok, result.lines("en")
    assert result.get("new_admin_password").reason == T_NEW_PASSWORD and rig.module.admin_password == "55556666"
    assert result.get("apn").confirmed_by is Confirmation.READ_BACK and rig.module.active["mode"] == "server"


T_NEW_PASSWORD = Text("модуль принимает новый пароль", "the module accepts the new password")
