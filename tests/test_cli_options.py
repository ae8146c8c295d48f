"""The command line's shape: commands imported only when run, options anywhere, one vocabulary for the
way to a device (old spellings kept), refusals at parse time, --version."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import command_parser, run, top_parser
from app.cli.commands import COMMANDS
from app.version import program_version
from tests import message_log
from tests.cli_reference import prepare_files
from tests.simulator_process import ROOT, run_main

HEAVY = ("gurux_dlms", "openpyxl", "construct", "serial", "simulators", "asyncio", "app.core.links", "PySide6",
         "app.cli.cmd_module", "app.cli.cmd_utmc", "app.cli.cmd_sms")


def _modules_after(args: list[str]) -> set[str]:
    code = ("import contextlib, io, json, sys\nfrom app.cli import run\n"
            "with contextlib.redirect_stdout(io.StringIO()): run(json.loads(sys.argv[1]))\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["decode-lcd", "--module", "gsm-2g4g", "--group1", "130",
                                                               "--group2", "167"], ["params", "--module", "nb-iot"]])
def test_listing_commands_and_cheap_commands_import_nothing_heavy(args: list[str]) -> None:
    loaded = _modules_after(args)
    assert not [name for name in loaded for heavy in HEAVY if name == heavy or name.startswith(heavy + ".")]


def test_top_level_help_lists_every_command_with_its_one_line_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for command in COMMANDS.values():
        assert f"{command.name} {' '.join(command.help.split())}" in text


def test_every_command_module_builds_exactly_the_commands_the_table_names() -> None:
    import importlib

    modules = {command.module for command in COMMANDS.values()}
    found = {name for module in modules for name in importlib.import_module(f"app.cli.{module}").PARSERS}
    assert found == set(COMMANDS)
    for name in COMMANDS:
        assert command_parser(name).prog == f"main.py {name}"
    assert {p.stem for p in (ROOT / "app" / "cli").glob("cmd_*.py")} == modules


def test_version_comes_from_pyproject(capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert program_version() == version
    assert run(["--version"]) == 0 and capsys.readouterr().out == f"energomera-configurator {version}\n"
    assert run_main("--version").stdout == f"energomera-configurator {version}\n"


def test_check_works_anywhere_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    prepare_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    nowhere = ["--via", "tcp", "--host", "192.0.2.1"]  # nothing is contacted: --check only reads the file
    for args in (["utmc-devices", "write", "--check", "devices.csv", *nowhere],
                 ["utmc-devices", "write", "devices.csv", "--check", *nowhere],
                 ["utmc-devices", "--check", "write", "devices.csv", *nowhere],
                 ["--check", "utmc-devices", "write", "devices.csv", *nowhere],
                 ["--lang", "en", *nowhere, "--check", "utmc-devices", "import", "devices.csv"]):
        assert run(args) == 0, args
        assert "2" in capsys.readouterr().out


def test_options_before_the_command_and_lang_anywhere(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--module", "gsm-2g4g", "--lang", "en", "decode-lcd", "--group1", "130", "--group2", "167"]) == 0
    assert "Group 1, field 1" in capsys.readouterr().out
    assert run(["decode-lcd", "--module", "gsm-2g4g", "--group1", "130", "--group2", "167", "--lang", "en"]) == 0
    assert "Group 1, field 1" in capsys.readouterr().out


def all_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """A parser's options with those of its sub-commands (``simulate module`` …)."""
    found = []
    for action in parser._actions:
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += all_actions(sub)
    return found


def test_one_vocabulary_for_the_way_to_a_device() -> None:
    """--port is a serial port and --tcp-port a TCP port in every command that has them (the simulators' too)."""
    for name in COMMANDS:
        actions = {s: a for a in all_actions(command_parser(name)) for s in a.option_strings
                   if a.help != argparse.SUPPRESS}  # an old spelling is still taken, never shown
        if "--port" in actions:
            assert actions["--port"].type.__name__ == "serial_port", name
        if "--tcp-port" in actions:
            assert actions["--tcp-port"].type.__name__ == "integer", name
        assert "--serial-port" not in actions  # one name, not two


def test_old_spelling_of_the_tcp_port_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    # configure --via tcp --port N meant the TCP port: still so, with a note; checked before connecting
    assert run(["--lang", "en", "configure", "--module", "gsm-2g4g", "--via", "tcp", "--host", "127.0.0.1", "--port",
                "99999", "--set", "apn=x"]) == 2
    assert "--port with --via tcp: 1 to 65535, not 99999" in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["utmc-info", "--via", "tcp", "--host", "h", "--tcp-port", "99999"], "--tcp-port: 1 to 65535, not 99999"),
    (["configure", "--module", "gsm-2g4g", "--via", "cenc", "--cenc-host", "h", "--cenc-port", "0"],
     "--cenc-port: 1 to 65535, not 0"),
    (["status", "--module", "gsm-2g4g", "--via", "tcp", "--host", "a" * 64 + ".ru"], "each part between dots"),
    (["utmc-search", "--target", "x..y:4002"], "each part between dots"),
    (["sim-read", "--port", "COM5", "--timeout", "nan"], "--timeout: a time in seconds from 1 to 600"),
    (["utmc-update", "f.hex", "--via", "tcp", "--host", "h", "--wait", "-3"], "--wait: a time in seconds"),
    (["sms-send", "--module", "gsm-2g4g", "--port", "COM5", "--phone", "1", "--wait", "inf", "--set", "a=1"],
     "--wait: a time in seconds"),
    (["configure", "--module", "gsm-2g4g", "--via", "serial", "--port", "COM1", "--baud", "0"], "--baud: 50 to"),
    (["utmc-poll", "--via", "tcp", "--host", "h", "--device", "2049"], "--device: 1 to 2048, not 2049"),
    (["utmc-read", "--via", "tcp", "--host", "h", "--password", "70000"], "UTMC settings password: 0 to 65535"),
    (["utmc-devices", "read", "--via", "tcp", "--host", "h", "--channels", "1,9"], "--channels: channels are 1 to 8"),
    (["utmc-write", "--via", "tcp", "--host", "192.0.2.1", "time_zone=40"], "Time zone"),
    (["configure", "--module", "gsm-2g4g", "--via", "tcp", "--host", "192.0.2.1", "--set", "period=5"],
     "allowed from 60 to 65535"),
    (["sms-text", "--module", "gsm-2g4g", "--config", "a\x00b"], "--config: not a file name: “a\\x00b”"),
])
def test_refused_before_connecting(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--lang", "en", *args]) == 2, args
    assert message in capsys.readouterr().err


def test_refusals_are_worded_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["utmc-info", "--via", "tcp", "--host", "h", "--tcp-port", "99999"]) == 2
    assert "--tcp-port: от 1 до 65535, а не 99999" in capsys.readouterr().err
    assert run(["decode-lcd", "--module", "gsm-2g4g"]) == 2
    assert "не указаны обязательные параметры: --group1, --group2" in capsys.readouterr().err
    # words the command does not take are quoted as typed: an English word there is the user's, not ours
    assert run(["decode-version", "c1.0v1.4.8420.1.1.1", "unreachable", "apn=x"]) == 2
    message = next(line for line in capsys.readouterr().err.splitlines() if "непонятные параметры" in line)
    assert message.endswith("непонятные параметры: «unreachable apn=x»") and not message_log.foreign(message)
    assert top_parser(listing=False).prog == "main.py"
