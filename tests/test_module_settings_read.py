"""Reading a module's settings and keeping them as a backup before a write, over every channel that
carries our frames: TCP/IP and CENC over loopback TCP, the module's serial port and the direct
channel through the meter over real pty pairs. The CLI (``read-settings``, ``configure``) against
``main.py simulate module`` in its own process."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from app.core.backups import BackupFailed
from app.core.channel_waits import WaitTimes, opened_channel, target_of
from app.core.links.channels import CencChannel, Channel, DirectChannel, SerialChannel, TcpChannel
from app.core.module_ops import configure_module
from app.core.module_settings_read import configure_with_backup, read_module_settings
from app.core.settings_store import load_settings, save_settings
from protocols.params.catalogue import defaults, parameters_for
from protocols.params.module_types import ModuleType
from simulators.cenc import CencServer, CencUser
from simulators.meter import VirtualMeter
from simulators.module import VirtualModule
from simulators.module_cenc_client import ModuleCencClient
from simulators.transport import PtySimulator, TcpSimulatorServer, pty_supported
from tests.simulator_process import run_main, simulator_process

pytestmark = pytest.mark.virtual_time

GSM = ModuleType.GSM_2G4G
ADMIN = "12345678"
KINDS = ["tcp", "cenc", "serial", "direct"]
Settle = Callable[[], Awaitable[None]]


async def nothing_to_wait_for() -> None:
    return None


@asynccontextmanager
async def module_behind(kind: str, module: VirtualModule) -> AsyncIterator[tuple[Channel, Settle]]:
    """``module`` reachable through a channel of ``kind``, as the user would set it up, and what to
    wait for after the module restarted (a CENC client dials and registers again)."""
    if kind == "tcp":
        server = await TcpSimulatorServer(module.serve).start("127.0.0.1", 0)
        try:
            yield TcpChannel("127.0.0.1", server.address[1], timeout=3), nothing_to_wait_for
        finally:
            await server.close()
    elif kind == "serial":
        pty = await PtySimulator(module.serve).start()
        try:
            yield SerialChannel(pty.path, 9600, timeout=3), nothing_to_wait_for
        finally:
            await pty.close()
    elif kind == "direct":
        meter = VirtualMeter(module, protocol="iec", password="777777", serial=module.serial)
        pty = await PtySimulator(meter.serve).start()
        try:
            yield DirectChannel(pty.path, "777777", timeout=3), nothing_to_wait_for
        finally:
            await pty.close()
    else:
        cenc = await CencServer([CencUser("engineer", "Cenc-1")], direct_base_port=0).start("127.0.0.1", 0, 0)
        host, port = cenc.device_address
        module.values.update(mode="client-cenc", server=host, port=port)
        module.restart()
        await asyncio.sleep(module.restart_time)
        client = await ModuleCencClient(module, host, port).start()
        await client.wait_registered()
        seen = [client.connections]

        async def registered_again() -> None:
            while not (client.connections > seen[0] and client.registered.is_set()):
                await asyncio.sleep(0.02)
            seen[0] = client.connections

        try:
            channel = CencChannel("127.0.0.1", "engineer", "Cenc-1", cenc.upper_address[1], module.serial, timeout=5)
            yield channel, registered_again
        finally:
            await client.stop()
            await cenc.close()


@pytest.fixture
def short_start(no_channel_waits):
    no_channel_waits.times = WaitTimes(module_start=0.3, direct_gsm=0.0, direct_nb_iot=0.0)  # restart_time 0.05
    return no_channel_waits


# through the meter the exchange runs at the optical port's wire speed: seconds of real time
@pytest.mark.parametrize("kind", [pytest.param(k, marks=pytest.mark.slow) if k == "direct" else k for k in KINDS])
async def test_read_change_restore_through_the_backup(kind: str, short_start, user_home: Path) -> None:
    if kind in ("serial", "direct") and not pty_supported():
        pytest.skip("pty needs POSIX")
    module = VirtualModule(GSM, serial="009218054000777", seed=5, restart_time=0.05)
    module.values.update(apn="site.apn", apn_password="apnsecret", period=900, bands=frozenset({"gsm900", "lte_b3"}))
    module.restart()
    await asyncio.sleep(module.restart_time)  # it answers once it has started
    async with module_behind(kind, module) as (channel, settle):
        async with opened_channel(channel, GSM, waits=short_start) as link:
            reading = await read_module_settings(link, GSM, ADMIN, timeout=channel.reply_timeout)
        wanted = {p.key for p in parameters_for(GSM)} - {"new_admin_password", "user_password"}
        assert reading.ok and set(reading.values) == wanted
        assert {k: reading.values[k] for k in ("apn", "apn_password", "period", "bands")} == \
            {"apn": "site.apn", "apn_password": "apnsecret", "period": 900, "bands": frozenset({"gsm900", "lte_b3"})}
        before = dict(module.values)

        async with opened_channel(channel, GSM, waits=short_start, configuring=True) as link:
            done = await configure_with_backup(link, GSM, {"apn": "new.apn", "period": 300}, ADMIN,
                                               target=target_of(channel), only=["apn", "period"],
                                               timeout=channel.reply_timeout)
        assert done.result.ok and module.values["apn"] == "new.apn"
        short_start.mark_restarted(channel)  # as the GUI does: the next session waits for the module
        await asyncio.wait_for(settle(), 10)
        backup = done.backup.path
        assert backup is not None and backup.parent == user_home / "backups"
        assert backup.name.startswith(f"gsm-2g4g_{kind}-") and backup.suffix == ".json"
        loaded = load_settings(backup)
        assert loaded.module is GSM and "apn_password" not in loaded.values  # no passwords in a backup
        assert loaded.values == {k: v for k, v in reading.values.items() if k != "apn_password"}
        assert "apnsecret" not in backup.read_text(encoding="utf-8")

        async with opened_channel(channel, GSM, waits=short_start, configuring=True) as link:  # --config BACKUP
            restored = await configure_module(link, GSM, {**defaults(GSM), **loaded.values}, ADMIN,
                                              only=list(loaded.values), timeout=channel.reply_timeout)
        assert restored.ok
        assert {k: v for k, v in module.values.items() if k not in ("server", "port")} == \
            {k: v for k, v in before.items() if k not in ("server", "port")}
        assert module.values["apn_password"] == "apnsecret"  # left as it was: the backup did not touch it


async def test_an_unreadable_module_is_not_written_unless_asked(short_start, user_home: Path) -> None:
    module = VirtualModule(GSM, restart_time=0.05)
    module.reads_refused = True
    async with module_behind("tcp", module) as (channel, _settle):
        async with opened_channel(channel, GSM, waits=short_start, configuring=True) as link:
            with pytest.raises(BackupFailed) as failed:
                await configure_with_backup(link, GSM, {"apn": "x.apn"}, ADMIN, target="tcp:test", only=["apn"],
                                            timeout=3)
        assert not failed.value.wrong_password and "0x06" in failed.value.text.en
        assert "Nothing was written" in failed.value.text.en
        assert module.values["apn"] == "internet" and not (user_home / "backups").exists()
        async with opened_channel(channel, GSM, waits=short_start, configuring=True) as link:
            done = await configure_with_backup(link, GSM, {"apn": "x.apn"}, ADMIN, target="tcp:test", only=["apn"],
                                               timeout=3, backup=False)
        assert done.backup is None and module.values["apn"] == "x.apn"
        short_start.mark_restarted(channel)  # the next session waits for the module's start
        async with opened_channel(channel, GSM, waits=short_start, configuring=True) as link:
            module.reads_refused = False
            with pytest.raises(BackupFailed) as refused:
                await configure_with_backup(link, GSM, {"apn": "y.apn"}, "11111111", target="tcp:test",
                                            only=["apn"], timeout=3)
        assert refused.value.wrong_password and module.values["apn"] == "x.apn"


# --- the command line ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def simulated() -> Iterator[dict[str, str]]:
    extra = ["--pty"] if pty_supported() else []
    # each command is a process of its own that knows of no restart: the module must not be found starting
    with simulator_process("module", "--module", "gsm-2g4g", "--seed", "3", "--restart-time", "0",
                           *extra) as endpoints:
        yield endpoints


def tcp_args(endpoints: dict[str, str]) -> list[str]:
    host, _, port = endpoints["tcp"].rpartition(":")
    return ["--via", "tcp", "--host", host, "--port", port, "--timeout", "3"]


def test_read_settings_then_configure_from_the_file_and_from_the_backup(simulated, tmp_path: Path) -> None:
    via = ["--via", "serial", "--port", simulated["serial"]] if "serial" in simulated else tcp_args(simulated)
    out = tmp_path / "meter.json"
    read = run_main("read-settings", "--module", "gsm-2g4g", *via, "--out", str(out), "--lang", "en")
    assert read.returncode == 0, read.stderr
    assert "Access point (APN) [apn] = " in read.stdout and f"Saved to {out}" in read.stdout
    original = load_settings(out)
    assert "apn_password" not in original.values and original.values["mode"] == "server"
    edited = tmp_path / "edited.json"
    save_settings(edited, GSM, {**original.values, "apn": "edited.apn"})
    done = run_main("configure", "--module", "gsm-2g4g", *tcp_args(simulated), "--config", str(edited),
                    "--lang", "en")
    assert done.returncode == 0, done.stderr
    backup = Path(re.search(r"^Backup \(.*\): (\S+\.json)$", done.stdout, re.MULTILINE).group(1))
    assert load_settings(backup).values == original.values
    back = run_main("configure", "--module", "gsm-2g4g", *tcp_args(simulated), "--config", str(backup),
                    "--lang", "en")
    assert back.returncode == 0, back.stderr
    again = run_main("read-settings", "--module", "gsm-2g4g", *tcp_args(simulated), "--out", str(out))
    assert again.returncode == 0 and load_settings(out).values == original.values


def test_configure_stops_when_the_module_cannot_be_read() -> None:
    with simulator_process("module", "--module", "gsm-2g4g", "--refuse-reads") as endpoints:
        refused = run_main("configure", "--module", "gsm-2g4g", *tcp_args(endpoints), "--set", "apn=a.b",
                           "--lang", "en")
        assert refused.returncode == 1
        assert "Could not read the module's settings for a backup" in refused.stderr
        assert "--no-backup" in refused.stderr and "applied" not in refused.stdout
        read = run_main("read-settings", "--module", "gsm-2g4g", *tcp_args(endpoints), "--lang", "en")
        assert read.returncode == 1 and "0x06" in read.stderr
        forced = run_main("configure", "--module", "gsm-2g4g", *tcp_args(endpoints), "--set", "apn=a.b",
                          "--no-backup", "--lang", "en")
        assert "Access point (APN) [apn] = a.b" in forced.stdout and "Written without a backup" in forced.stdout
