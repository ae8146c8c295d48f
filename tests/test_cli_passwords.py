"""Passwords kept off the command line: each password option reads its environment variable, and ``-``
asks for it without echo. Against the simulators through loopback TCP and pty."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import termios
import time
from collections.abc import Iterator

import pytest

from tests.simulator_process import ROOT, run_main, simulator_process

WRONG = "11111111"


@pytest.fixture(scope="module")
def module_tcp() -> Iterator[list[str]]:
    with simulator_process("module", "--module", "gsm-2g4g", "--seed", "3") as endpoints:
        host, _, port = endpoints["tcp"].rpartition(":")
        yield ["--via", "tcp", "--host", host, "--tcp-port", port, "--timeout", "3"]


def test_help_names_the_variables_and_the_prompt() -> None:
    text = run_main("configure", "--help").stdout
    for name in ("CONFIGURATOR_PASSWORD", "CONFIGURATOR_CENC_PASSWORD", "CONFIGURATOR_METER_PASSWORD"):
        assert name in text
    assert "'-' asks for it without echo" in text
    assert "CONFIGURATOR_UTMC_PASSWORD" in run_main("utmc-write", "--help").stdout


def test_module_password_from_the_environment_and_the_option_wins(module_tcp: list[str]) -> None:
    refused = run_main("configure", "--module", "gsm-2g4g", *module_tcp, "--set", "apn=env.apn", "--lang", "en",
                       env={"CONFIGURATOR_PASSWORD": WRONG})
    assert refused.returncode == 1 and "0x02: Wrong password" in refused.stderr  # the variable was used
    done = run_main("configure", "--module", "gsm-2g4g", *module_tcp, "--set", "apn=env.apn", "--password",
                    "12345678", "--lang", "en", env={"CONFIGURATOR_PASSWORD": WRONG})
    assert done.returncode == 0 and "env.apn: applied" in done.stdout


def test_dash_reads_the_password_from_piped_input() -> None:
    done = subprocess.run([sys.executable, "main.py", "sms-text", "--module", "gsm-2g4g", "--password", "-",
                           "--only", "apn"], cwd=ROOT, input="Piped123\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "Piped123 APN internet\n"
    empty = subprocess.run([sys.executable, "main.py", "sms-text", "--module", "gsm-2g4g", "--password", "-",
                            "--lang", "en"], cwd=ROOT, input="", capture_output=True, text=True, timeout=60)
    assert empty.returncode == 2 and "--password -: no module administrator password entered" in empty.stderr


def _read_until(fd: int, marker: bytes, timeout: float = 30) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            seen += os.read(fd, 1024)
    return seen


def test_dash_on_a_terminal_asks_without_echo() -> None:
    master, slave = os.openpty()

    def own_terminal() -> None:  # the child's controlling terminal is the pty, as in a console window
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [sys.executable, "main.py", "sms-text", "--module", "gsm-2g4g", "--password", "-", "--only", "apn",
         "--lang", "en"],
        cwd=ROOT, stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=own_terminal)  # noqa: PLW1509
    os.close(slave)
    try:
        prompt = _read_until(master, b": ")
        assert b"Module administrator password: " in prompt
        os.write(master, b"Typed987\n")
        out, _ = process.communicate(timeout=60)
        echoed = _read_until(master, b"\n", timeout=2)
    finally:
        os.close(master)
    assert process.returncode == 0 and out == b"Typed987 APN internet\n"
    assert b"Typed987" not in echoed  # not echoed to the terminal


@pytest.mark.slow
def test_cenc_and_meter_passwords_from_the_environment() -> None:
    with (
        simulator_process("cenc", "--upper-port", "0", "--device-port", "0", "--direct-base", "-1") as cenc,
        simulator_process("meter", "--baud", "0") as meter,
    ):
        host, _, port = cenc["upper"].rpartition(":")
        via_cenc = ["--via", "cenc", "--cenc-host", host, "--cenc-port", port, "--cenc-user", "admin",
                    "--device-address", cenc["modules"][0]["address"]]
        status = run_main("status", "--module", "gsm-2g4g", *via_cenc, "--kind", "status", "--lang", "en",
                          env={"CONFIGURATOR_CENC_PASSWORD": "admin"})
        assert status.returncode == 0, status.stderr
        refused = run_main("status", "--module", "gsm-2g4g", *via_cenc, "--kind", "status", "--lang", "en",
                           env={"CONFIGURATOR_CENC_PASSWORD": "wrong"})
        assert refused.returncode != 0
        port_path = meter.get("serial") or f"socket://{meter['tcp']}"
        direct = run_main("configure", "--module", "gsm-2g4g", "--via", "direct", "--port", port_path,
                          "--set", "apn=direct.apn", "--lang", "en", env={"CONFIGURATOR_METER_PASSWORD": "777777"})
        assert direct.returncode == 0 and "direct.apn: applied" in direct.stdout, direct.stdout + direct.stderr


def test_utmc_password_from_the_environment() -> None:
    with simulator_process("utmc", "--baud", "0", "--eth-bitrate", "0", "--password", "4321") as utmc:
        host, _, port = utmc["tcp"].rpartition(":")
        args = ["utmc-write", "--via", "tcp", "--host", host, "--tcp-port", port, "poll_period=20", "--lang", "en"]
        assert run_main(*args, env={"CONFIGURATOR_UTMC_PASSWORD": "4321"}).returncode == 0
        refused = run_main(*args, env={"CONFIGURATOR_UTMC_PASSWORD": "9"})
        assert refused.returncode == 1 and "wrong settings password" in refused.stderr
        bad = run_main(*args, env={"CONFIGURATOR_UTMC_PASSWORD": "many"})
        assert bad.returncode == 2
        assert "variable CONFIGURATOR_UTMC_PASSWORD: UTMC settings password: a whole number is needed" in bad.stderr
