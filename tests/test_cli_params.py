"""``params`` and ``sms-text`` commands, run through the CLI entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import run
from app.core.settings_store import save_settings
from protocols.params.catalogue import defaults
from protocols.params.module_types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def test_params_lists_the_catalogue_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["params", "--module", "gsm-2g4g"]) == 0
    ru = capsys.readouterr().out.splitlines()
    assert ru[0].split("\t")[:4] == ["mode", "Режим работы", "sms", "sms (SMS), client-cenc (Клиент CENC), "
                                     "server (Сервер), client (Клиент)"]
    assert any(line.startswith("period\t") and "60..65535" in line and "TIMEOUT" in line for line in ru)
    assert any(line.startswith("auth_type\t") and "(своя)" in line for line in ru)
    assert run(["params", "--module", "nb-iot", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "port\tPort\t80\t1..65535" in en and "ntp_server\tNTP server address\tntp1.vniiftri.ru" in en
    assert run(["params", "--module", "nb-iot", "--basic"]) == 0
    assert "mqtt_host" not in capsys.readouterr().out


def test_sms_text_prints_commands_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["sms-text", "--module", "gsm-2g4g", "--password", "11112222", "--set", "mode=client",
                "--set", "server=10.1.2.3", "--set", "port=5000"])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "11112222 APN internet"
    assert "11112222 DNS 10.1.2.3" in lines and "11112222 PORT 5000" in lines
    assert lines[-1] == "11112222 MODE 6"


def test_sms_text_from_a_settings_file_with_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "nb.json"
    save_settings(config, ModuleType.NB_IOT, defaults(ModuleType.NB_IOT) | {"ntp_enabled": True, "period": 900})
    code = run(["sms-text", "--module", "nb-iot", "--config", str(config), "--only", "ntp_enabled",
                "--only", "period"])
    assert code == 0
    assert capsys.readouterr().out.splitlines() == ["12345678 TIMEOUT 900", "12345678 NTP 1"]


def test_sms_text_reports_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["sms-text", "--module", "gsm-2g4g", "--lang", "en", "--set", "mode=client", "--set", "period=10",
                "--set", "apn=a b", "--set", "port=x", "--set", "nope=1", "--set", "reset_hours"])
    assert code == 2  # bad input
    captured = capsys.readouterr()
    assert captured.out == ""
    errors = captured.err.splitlines()
    assert len(errors) == 6
    for fragment in ("nope", "Port", "60 to 65535", "Access point (APN)", "IP address/DNS name", "KEY=VALUE"):
        assert any(fragment in line for line in errors), fragment


def test_sms_text_wrong_module_file_and_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "gsm.json"
    save_settings(config, ModuleType.GSM_2G4G, defaults(ModuleType.GSM_2G4G))
    assert run(["sms-text", "--module", "nb-iot", "--config", str(config)]) == 2
    assert "GSM 2G+4G" in capsys.readouterr().err
    code = run(["sms-text", "--module", "gsm-2g4g", "--set", "mode=client-cenc", "--set", "server=c.ru",
                "--set", "period=120"])
    assert code == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("предупреждение:") and "12345678 TIMEOUT 120" in captured.out


def test_bad_settings_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.json"
    config.write_text("{not json", encoding="utf-8")
    assert run(["sms-text", "--module", "nb-iot", "--config", str(config)]) == 2
    assert "JSON" in capsys.readouterr().err


def test_through_a_real_process() -> None:
    result = subprocess.run([sys.executable, "main.py", "sms-text", "--module", "gsm-2g3g4g", "--only", "mode"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "12345678 MODE 0\n"


def test_sms_text_sends_our_commands_only_when_asked_and_warns(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sms-text", "--module", "gsm-2g4g", "--lang", "en"]) == 0
    out = capsys.readouterr()
    # the SMS mode (the default) greys out the port and the period: not sent
    assert [line.split()[1] for line in out.out.splitlines()] == ["APN", "USER", "PSW", "RESET", "MODE"]
    assert run(["sms-text", "--module", "gsm-2g4g", "--set", "port=9000", "--lang", "en"]) == 0
    assert "12345678 PORT 9000" in capsys.readouterr().out.splitlines()  # asked for by name: sent
    assert "warning" not in out.err
    assert run(["sms-text", "--module", "gsm-2g4g", "--set", "cellular_mode=lte_only", "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert "12345678 CELL 2" in out.out.splitlines()
    assert "warning: The command CELL is this configurator's own, not documented by the vendor" in out.err


def test_sms_text_for_firmware_before_2_0_leaves_mode_and_psw_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sms-text", "--module", "gsm-2g4g", "--set", "mode=server", "--firmware", "c1.0v1.4.8420.1.1.1",
                "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert not any(word in out.out for word in (" MODE", " PSW"))
    assert "Module firmware 1.4 has no PSW, MODE commands" in out.err
    assert run(["sms-text", "--module", "gsm-2g4g", "--firmware", "new", "--lang", "en"]) == 2
    assert "--firmware: not a firmware version: “new”" in capsys.readouterr().err
