"""The code paths Windows takes, run here: no ptys (socket:// serial endpoints) and no event-loop
signal handlers (Ctrl-C through a plain signal handler). protocols/platform_caps.py switches them;
child processes get ``CONFIGURATOR_WITHOUT``, in-process tests replace ``platform_caps.CAPS``."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.console import ctrl_c_stop
from app.core.links import open_link, open_modem
from app.core.links.channels import DirectChannel, SerialChannel
from app.core.module_ops import read_status
from app.core.sms_delivery import deliver_configuration
from app.core.sms_results import PhoneStatus
from app.core.utmc_ops import UtmcService
from app.demo import start_demo
from protocols import platform_caps
from protocols.params.module_types import ModuleType
from protocols.platform_caps import PlatformCaps
from protocols.sms.sms_commands import build_sms_texts
from simulators.transport import PtySimulator
from tests.simulator_process import ROOT, run_main, simulator_process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="switches Windows' paths on where they are not")

WINDOWS_LIKE = {"CONFIGURATOR_WITHOUT": "pty,loop-signals", "QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture
def no_pty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_caps, "CAPS", PlatformCaps(pty=False, loop_signals=True))


def test_caps_follow_the_platform_and_the_switch() -> None:
    assert platform_caps.detect({}, "linux") == PlatformCaps(pty=True, loop_signals=True)
    assert platform_caps.detect({}, "win32") == PlatformCaps(pty=False, loop_signals=False)
    assert platform_caps.detect({"CONFIGURATOR_WITHOUT": " PTY , loop-signals"}, "linux") == \
        PlatformCaps(pty=False, loop_signals=False)
    assert platform_caps.detect({"CONFIGURATOR_WITHOUT": "pty"}, "darwin") == PlatformCaps(pty=False, loop_signals=True)
    with pytest.warns(UserWarning, match="unknown ptys"):
        platform_caps.detect({"CONFIGURATOR_WITHOUT": "ptys"}, "linux")


@pytest.mark.slow
async def test_demo_without_ptys_serves_every_serial_port_over_socket_urls(no_pty: None) -> None:
    with pytest.raises(OSError, match="socket://"):
        PtySimulator(lambda endpoint: asyncio.sleep(0))
    endpoints, stop = await start_demo()
    try:
        serial_ports = {key: endpoints[key] for key in ("direct_port", "modem_port", "utmc_serial")}
        assert all(port.startswith("socket://127.0.0.1:") for port in serial_ports.values()), serial_ports
        # the UTMC's USB port, as the UTMC workspace opens it
        async with open_link(f"serial://{endpoints['utmc_serial']}?baud=115200") as link:  # socket://…: the port
            identity = await UtmcService(link).identify()
        assert identity.serial
        # the direct channel through the meter
        channel = DirectChannel(endpoints["direct_port"], endpoints["meter_password"])
        async with open_link(channel) as link:
            reading = await read_status(link, "status", module=ModuleType.GSM_2G4G, timeout=channel.reply_timeout)
        assert reading.reply is not None
        # an SMS batch through the GSM modem
        phones = endpoints["phones"].split(",")
        texts = build_sms_texts(ModuleType.GSM_2G4G, {"apn": "windows.apn"}, "12345678")
        async with open_modem(SerialChannel(endpoints["modem_port"], 115200)) as modem:
            await modem.initialize()
            result = await deliver_configuration(modem, phones, texts, wait_limit=20, poll_interval=0.2)
        assert [p.status for p in result.phones] == [PhoneStatus.APPLIED] * len(phones)
    finally:
        await stop()


@pytest.mark.slow
def test_simulators_without_ptys_offer_socket_serial_ports() -> None:
    env = {"CONFIGURATOR_WITHOUT": "pty"}
    with simulator_process("modem", "--meters", "2", "--reply-delay", "0.1", "--submit-time", "0.02",
                           env=env) as modem:
        assert modem["serial"] == f"socket://{modem['tcp']}"
        send = run_main("--lang", "en", "sms-send", "--module", "gsm-2g4g", "--port", modem["serial"],
                        "--phone", modem["phones"][0], "--set", "apn=socket.apn", "--wait", "20", env=env, timeout=60)
        assert send.returncode == 0, send.stderr
        assert "Applied: 1 of 1" in send.stdout
    with simulator_process("module", "--pty", env=env) as module:
        assert module["serial"].startswith("socket://127.0.0.1:")
        status = run_main("--lang", "en", "status", "--module", "gsm-2g4g", "--via", "serial", "--port",
                          module["serial"], "--kind", "status", env=env, timeout=60)
        assert status.returncode == 0, status.stderr
    with simulator_process("utmc", "--pty", "--baud", "0", env=env) as utmc:
        assert utmc["serial"].startswith("socket://127.0.0.1:")
        info = run_main("--lang", "en", "utmc-info", "--via", "serial", "--port", utmc["serial"], env=env)
        assert info.returncode == 0, info.stderr
    with simulator_process("meter", "--baud", "0", env=env) as meter:
        assert meter["serial"] == f"socket://{meter['tcp']}"


@pytest.mark.slow
@pytest.mark.gui
def test_demo_self_test_as_on_windows(tmp_path: Path) -> None:
    """The GUI's demo on socket:// serial ports, including the UTMC over its USB port."""
    env = {**WINDOWS_LIKE, "CONFIGURATOR_SETTINGS_FILE": str(tmp_path / "settings.ini")}
    done = run_main("--demo", "--self-test", env=env, timeout=90)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS UTMC-700: establish connection over USB (serial port)" in done.stdout


# -- Ctrl-C --------------------------------------------------------------------------------------
@pytest.fixture
def silent_device() -> Iterator[tuple[int, threading.Event]]:
    """A loopback TCP device that takes requests and never answers; the event is set on the first bytes."""
    server = socket.create_server(("127.0.0.1", 0))
    asked = threading.Event()
    connections: list[socket.socket] = []

    def serve() -> None:
        try:
            connection, _ = server.accept()
        except OSError:
            return
        connections.append(connection)
        if connection.recv(4096):
            asked.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], asked
    server.close()
    for connection in connections:
        connection.close()


def _start(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "main.py", "--lang", "en", *args], cwd=ROOT,
                            env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


COMMANDS_THAT_WAIT = {  # a device that never answers, and a wait far longer than the test
    "utmc-info": ("utmc-info", "--via", "tcp", "--host", "127.0.0.1", "--timeout", "60", "--tcp-port"),
    "status": ("status", "--module", "gsm-2g4g", "--via", "tcp", "--host", "127.0.0.1", "--timeout", "60",
               "--kind", "status", "--port"),
}


@pytest.mark.parametrize("command", list(COMMANDS_THAT_WAIT))
@pytest.mark.parametrize("without", ["loop-signals", ""])
def test_ctrl_c_ends_a_command_with_130(silent_device: tuple[int, threading.Event], without: str,
                                        command: str) -> None:
    port, asked = silent_device
    process = _start(*COMMANDS_THAT_WAIT[command], str(port), env={"CONFIGURATOR_WITHOUT": without})
    try:
        assert asked.wait(60), "the command never sent its request"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err and "Task was destroyed" not in err, err


@pytest.mark.parametrize("without", ["loop-signals", ""])
def test_ctrl_c_ends_an_sms_wait_and_shows_the_results(without: str) -> None:
    """sms-send waits for replies until Ctrl-C; the first Ctrl-C ends the wait and prints each phone's result,
    with or without the event loop's signal handlers."""
    env = {"CONFIGURATOR_WITHOUT": without}
    with simulator_process("modem", "--meters", "1", "--silent", "+79000000000", "--submit-time", "0.02") as modem:
        process = _start("sms-send", "--module", "gsm-2g4g", "--port", f"socket://{modem['tcp']}",
                         "--phone", "+79000000000", "--set", "apn=ctrl.c", env=env)
        try:
            assert process.stderr is not None
            for line in process.stderr:
                if "Waiting for replies" in line:
                    break
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=30)
        finally:
            process.kill()
    assert process.returncode == 130, err  # cancelled (docs/cli.md), the results so far still printed
    assert out.splitlines()[0].startswith("+79000000000\tNO REPLY"), out
    assert "Applied: 0 of 1" in out and "Traceback" not in err


def test_without_loop_signals_a_second_ctrl_c_interrupts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_caps, "CAPS", PlatformCaps(pty=True, loop_signals=False))
    stopped: list[bool] = []

    async def command() -> None:
        stop = ctrl_c_stop()
        signal.raise_signal(signal.SIGINT)
        await asyncio.wait_for(stop.wait(), 10)  # the first Ctrl-C: the wait ends, results can be shown
        stopped.append(True)
        signal.raise_signal(signal.SIGINT)  # the second: interrupted like any command
        await asyncio.sleep(10)

    with pytest.raises(KeyboardInterrupt):
        asyncio.run(command())
    assert stopped == [True]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_the_switch_is_read_from_the_environment() -> None:
    done = subprocess.run([sys.executable, "-c", "from protocols import platform_caps; "
                           "import json; print(json.dumps(platform_caps.current().__dict__))"],
                          cwd=ROOT, env={**os.environ, **WINDOWS_LIKE}, capture_output=True, text=True, timeout=30)
    assert json.loads(done.stdout) == {"pty": False, "loop_signals": False}


def test_the_window_program_refuses_a_command_it_could_not_report_on(tmp_path: Path) -> None:
    """The window program on Windows has no stdout or stderr when started from cmd: a command would run
    unseen, so it does not run. Redirected, it has somewhere to print, and runs."""
    with simulator_process("utmc", "--baud", "0", "--eth-bitrate", "0") as utmc:
        host, port = utmc["tcp"].rsplit(":", 1)
        exported = tmp_path / "devices.xlsx"
        command = [sys.executable, "main.py", "utmc-devices", "export", str(exported), "--via", "tcp", "--host", host,
                   "--tcp-port", port]
        # both closed at start: Python then has sys.stdout = sys.stderr = None, as a Windows GUI program has
        unseen = subprocess.run(["sh", "-c", 'exec "$@" >&- 2>&-', "sh", *command], cwd=ROOT, timeout=60)
        assert unseen.returncode == 2 and not exported.exists()
        redirected = subprocess.run(["sh", "-c", 'exec "$@" 2>&-', "sh", *command], cwd=ROOT, timeout=60,
                                    capture_output=True, text=True)
        assert redirected.returncode == 0 and exported.is_file(), redirected.stdout
