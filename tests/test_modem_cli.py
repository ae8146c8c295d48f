"""The SMS commands of main.py against `main.py simulate modem` in another process (pty and socket://)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.simulator_process import run_main, simulator_process

ENV = {"QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture
def simulator() -> Iterator[dict]:
    with simulator_process("modem", "--meters", "3", "--reply-delay", "0.2", "--submit-time", "0.05",
                           "--sim-size", "5", "--silent", "+79000000002", env=ENV) as endpoints:
        yield endpoints


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return run_main("--lang", "en", *args, timeout=60, env=ENV)


def test_sms_send_prints_per_phone_results(simulator: dict, tmp_path: Path) -> None:
    phones = tmp_path / "phones.txt"
    phones.write_text("+79000000000\n8 900 000 00 01\n+79000000002\n", encoding="utf-8")
    port = simulator.get("serial") or f"socket://{simulator['tcp']}"
    run = _main("sms-send", "--module", "gsm-2g4g", "--port", port, "--phones", str(phones),
                "--set", "apn=cli.apn", "--set", "mode=sms", "--wait", "1")
    assert run.returncode == 1, run.stderr  # one meter never replies
    lines = dict(line.split("\t", 1) for line in run.stdout.splitlines() if line.startswith("+7"))
    assert lines["+79000000000"].startswith("OK") and lines["+79000000001"].startswith("OK")
    # the SMS reached the silent meter: the network's delivery report says when
    assert re.fullmatch(r"NO REPLY\tno reply to APN, MODE \(SMS delivered \d\d:\d\d:\d\d\)", lines["+79000000002"])
    assert "Applied: 2 of 3" in run.stdout


def test_sim_write_read_clear_and_storage(simulator: dict) -> None:
    port = simulator.get("serial") or f"socket://{simulator['tcp']}"  # pyserial's socket:// close takes 0.3 s
    write = _main("sim-write", "--module", "gsm-2g4g", "--port", port, "--set", "apn=sim.apn", "--set", "mode=sms")
    assert write.returncode == 0, write.stderr
    assert write.stdout.splitlines()[:2] == ["******** APN sim.apn", "******** MODE 0"]
    read = _main("sim-read", "--port", port, "--show-password")
    assert read.returncode == 0 and read.stdout.splitlines() == ["12345678 APN sim.apn", "12345678 MODE 0"]
    listing = _main("modem-storage", "--port", port, "--storage", "SM", "list")
    assert listing.returncode == 0 and "stored, unsent" in listing.stdout and "2 of 5 used" in listing.stderr
    too_much = _main("sim-write", "--module", "gsm-2g4g", "--port", port, "--set", "apn=a", "--set", "server=b.c",
                     "--set", "port=1", "--set", "period=600", "--set", "reset_hours=2", "--set", "mode=client")
    assert too_much.returncode == 1 and "need 6 free SMS slots, 5 of 5 are free" in too_much.stderr
    kept = _main("sim-read", "--port", port)
    assert kept.returncode == 0 and len(kept.stdout.splitlines()) == 2  # the refused write changed nothing
    assert _main("sim-clear", "--port", port).returncode == 0
    assert _main("sim-read", "--port", port).returncode == 1  # nothing on the SIM any more


def test_detect_and_bad_port_messages(simulator: dict) -> None:
    detect = _main("modem-detect", "--ports", f"socket://{simulator['tcp']}", "--bauds", "115200")
    assert detect.returncode == 0 and "SIMULATED VGSM-900" in detect.stdout
    missing = _main("sim-read", "--port", "/dev/no-such-modem")
    assert missing.returncode == 3 and "Port /dev/no-such-modem not found" in missing.stderr
    assert "Errno" not in missing.stderr and "No such file" not in missing.stderr


def test_sms_query_reports_each_phones_settings(simulator: dict) -> None:
    port = simulator.get("serial") or f"socket://{simulator['tcp']}"
    run = _main("sms-query", "--port", port, "--phone", "+79000000000", "--phone", "+79000000002", "--wait", "1")
    assert run.returncode == 1, run.stderr  # one meter never replies
    rows = {line.split("\t", 1)[0]: line.split("\t") for line in run.stdout.splitlines() if line.startswith("+7")}
    ok = rows["+79000000000"]
    assert ok[1:3] == ["OK", "OK"]
    assert "Operating mode=SMS" in ok and "Access point (APN)=internet" in ok and "Server=" in ok and "Port=8000" in ok
    assert "Connection set-up period, s=300" in ok and "Re-initialisation period, h=24" in ok
    assert rows["+79000000002"][1] == "NO REPLY"
    assert rows["+79000000002"][2].startswith("no reply to MODE, APN, DNS, TIMEOUT, RESET (SMS delivered ")
    assert "Answered every query: 1 of 2" in run.stdout
