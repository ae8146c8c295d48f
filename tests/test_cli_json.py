"""``--json`` of every command against the simulators (pty and loopback TCP), docs/cli.md kept in step
with what the commands print, and the exit codes per case."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli.commands import COMMANDS
from app.cli.exit_codes import ExitCode
from tests import cli_reference
from tests.cli_json_shapes import SHAPES, document_problems
from tests.simulator_process import ROOT, simulator_process

Results = list[tuple[cli_reference.Example, int, Any, str]]


@pytest.fixture(scope="module")
def endpoints() -> Iterator[dict[str, str]]:
    with cli_reference.simulators() as found:
        yield found


@pytest.fixture(scope="module")
def examples(endpoints: dict[str, str]) -> Results:
    return cli_reference.run_examples(endpoints)


def test_every_command_has_a_documented_shape_and_an_example() -> None:
    assert set(SHAPES) == set(COMMANDS) - {"simulate"}
    assert {example.command for example in cli_reference.EXAMPLES} == set(SHAPES)


def test_each_commands_json_matches_its_shape_and_exit_code(examples: Results) -> None:
    assert cli_reference.check(examples) == []
    by_command = {example.command: document for example, _, document, _ in examples}
    assert by_command["configure"]["parameters"][0] == {
        "key": "apn", "label": "Access point (APN)", "value": "m2m.example", "status": "applied", "code": None,
        "reason": None, "confirmed_by": "read-back"}  # fmt: skip
    phones = {p["phone"]: p for p in by_command["sms-send"]["phones"]}
    assert phones["+79000000000"]["status"] == "applied" and phones["+79000000002"]["status"] == "no_reply"
    assert phones["+79000000002"]["commands"][0]["delivery"] == "delivered"
    utmc = {p["key"]: p for p in by_command["utmc-read"]["parameters"]}
    assert utmc["poll_period"]["value"] == 15 and utmc["current_time"]["value"][10] == "T"  # typed; ISO 8601
    assert utmc["ftp_password"]["value"] in ("", "********") and isinstance(utmc["error_flags"]["value"], list)
    assert by_command["sim-read"]["texts"] == ["******** APN sim.example", "******** PSW ********",
                                               "******** MODE 0"]


def test_docs_cli_md_is_what_the_commands_print(examples: Results, endpoints: dict[str, str]) -> None:
    expected = cli_reference.documented(examples, endpoints)
    assert cli_reference.DOC.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is out of date: run `python -m tests.cli_reference`")


def _json(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    """``main.py ARGS --json --lang en`` as its own process."""
    done = subprocess.run([sys.executable, "main.py", *args, "--json", "--lang", "en"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, **(env or {})})
    document = json.loads(done.stdout)  # stdout holds the document and nothing else
    command = args[0] if args[0] in COMMANDS else None
    if command is not None:
        assert document_problems(command, document) == []
    assert document["exit_code"] == done.returncode
    return done.returncode, document, done.stderr


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_bad_input_is_2_with_every_problem_named() -> None:
    code, document, err = _json("configure", "--module", "gsm-2g4g", "--via", "tcp", "--host", "192.0.2.1",
                                "--set", "colour=red", "--set", "period=5", "--set", "apn")
    assert code == ExitCode.BAD_INPUT and document["error"]["kind"] == "bad_input"
    keys = {p["key"] for p in document["error"]["problems"]}
    assert {"colour", "period", "apn"} <= keys and "Unknown parameter “colour”" in err
    for args in (["utmc-info", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port", "99999"],
                 ["status", "--module", "nb-iot", "--via", "tcp", "--host", "a" * 64 + ".example"],
                 ["decode-lcd", "--module", "gsm-2g4g", "--group1", "1Z0", "--group2", "167"],
                 ["sms-text", "--module", "gsm-2g4g", "--config", "no-such-file.json"],
                 ["no-such-command"]):
        code, document, err = _json(*args)
        assert code == ExitCode.BAD_INPUT and document["error"]["message"], args
        assert document["ok"] is False and "Traceback" not in err


def test_timeouts_that_cannot_work_are_refused_when_parsing() -> None:
    for value in ("inf", "nan", "0", "-3", "1e999"):
        code, document, _ = _json("status", "--module", "gsm-2g4g", "--via", "tcp", "--host", "127.0.0.1",
                                  "--timeout", value)
        assert code == ExitCode.BAD_INPUT, value
        assert document["error"]["message"].startswith("--timeout: a time in seconds from 1 to 3600"), value


def test_cannot_connect_is_3() -> None:
    port = str(_closed_port())
    code, document, _ = _json("configure", "--module", "gsm-2g4g", "--via", "tcp", "--host", "127.0.0.1",
                              "--tcp-port", port, "--set", "apn=x")
    assert code == ExitCode.NO_CONNECTION and document["error"]["kind"] == "no_connection"
    code, document, _ = _json("utmc-read", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port", port)
    assert code == ExitCode.NO_CONNECTION
    code, document, _ = _json("sim-read", "--port", "/dev/no-such-modem")
    assert code == ExitCode.NO_CONNECTION and "/dev/no-such-modem" in document["message"]


def test_refused_by_the_device_is_1_with_its_code(endpoints: dict[str, str]) -> None:
    via = ["--via", "tcp", "--host", "127.0.0.1", "--tcp-port", endpoints["module_tcp_port"]]
    # the backup read first is refused: nothing written, the module's code in the error
    code, document, _ = _json("configure", "--module", "gsm-2g4g", *via, "--set", "apn=x", "--password", "Zq7#pass")
    assert code == ExitCode.INCOMPLETE and document["error"]["kind"] == "incomplete"
    assert document["error"]["code"] == 2 and "Nothing was written" in document["error"]["message"]
    code, document, _ = _json("configure", "--module", "gsm-2g4g", *via, "--set", "apn=x", "--password", "Zq7#pass",
                              "--no-backup")
    assert code == ExitCode.INCOMPLETE and document["error"] is None and document["backup"] is None
    assert document["parameters"][0]["status"] == "failed" and document["parameters"][0]["code"] == 2
    assert "Zq7#pass" not in json.dumps(document)
    code, document, _ = _json("utmc-write", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port",
                              endpoints["utmc_tcp_port"], "--password", "9", "poll_period=5")
    assert code == ExitCode.INCOMPLETE and document["error"]["kind"] == "incomplete"
    assert document["error"]["code"] is not None and "SA2" in document["error"]["message"]
    code, document, _ = _json("decode-version", "c1.0v1.4.9999.1")
    assert code == ExitCode.INCOMPLETE and document["module_type"] is None


def test_ctrl_c_is_130_and_the_batch_so_far_is_reported(tmp_path: Path) -> None:
    with simulator_process("modem", "--meters", "1", "--reply-delay", "0.2", "--submit-time", "0.05", "--silent",
                           "+79000000000") as modem:
        process = subprocess.Popen(
            [sys.executable, "main.py", "sms-send", "--module", "gsm-2g4g", "--port", modem["serial"], "--phone",
             "+79000000000", "--set", "apn=x", "--json", "--lang", "en"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        assert process.stderr is not None
        for line in process.stderr:  # the batch waits for the silent meter's reply until Ctrl-C
            if "Waiting for replies" in line:
                break
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=60)
    assert process.returncode == ExitCode.CANCELLED
    document = json.loads(out)
    assert document_problems("sms-send", document) == []
    assert document["cancelled"] is True and document["phones"][0]["commands"][0]["sent"] is True
