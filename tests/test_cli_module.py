"""``main.py configure`` / ``main.py status`` as subprocesses against ``main.py simulate module``."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.settings_store import save_settings
from protocols.params.module_types import ModuleType
from simulators.transport import pty_supported
from tests.simulator_process import run_main, simulator_process


def main(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return run_main(*args, timeout=timeout)


@pytest.fixture(scope="module")
def simulator() -> Iterator[dict[str, str]]:
    extra = ["--pty"] if pty_supported() else []
    # each command is a process of its own that knows of no restart: the module must not be found starting
    with simulator_process("module", "--module", "gsm-2g4g", "--seed", "7", "--restart-time", "0",
                           *extra) as endpoints:
        yield endpoints


def tcp_args(endpoints: dict[str, str]) -> list[str]:
    host, _, port = endpoints["tcp"].rpartition(":")
    return ["--via", "tcp", "--host", host, "--tcp-port", port, "--timeout", "3"]


def test_configure_over_tcp_then_status_over_the_serial_port(simulator: dict[str, str]) -> None:
    done = main("configure", "--module", "gsm-2g4g", *tcp_args(simulator), "--set", "apn=m2m.beeline",
                "--set", "period=900", "--lang", "en")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Access point (APN) [apn] = m2m.beeline: applied" in done.stdout
    assert "Configuration transferred (applied: 2)" in done.stdout
    via = ["--via", "serial", "--port", simulator["serial"]] if "serial" in simulator else tcp_args(simulator)
    status = main("status", "--module", "gsm-2g4g", *via, "--kind", "all", "--json", "--lang", "en")
    assert status.returncode == 0, status.stderr
    rows = json.loads(status.stdout)["values"]
    assert rows["gprs"]["meaning"] == 'TCP connection in "Server" mode established'
    assert rows["module_type"] == "gsm-2g4g" and rows["signal"]["code"] in range(16)
    assert len(rows["imei"]) == 15 and rows["iccid"].startswith("89") and rows["version"] == "c1.0v1.4.8420.1.1.1"
    one = main("status", "--module", "gsm-2g4g", *tcp_args(simulator), "--kind", "imei", "--lang", "en")
    assert one.returncode == 0 and f"IMEI: {rows['imei']}" in one.stdout and "ICCID" not in one.stdout


def test_settings_file_is_written(simulator: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "meter.json"
    save_settings(path, ModuleType.GSM_2G4G, {"apn": "from.file", "reset_hours": 12})
    done = main("configure", "--module", "gsm-2g4g", *tcp_args(simulator), "--config", str(path), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "from.file: applied" in done.stdout and "[reset_hours] = 12: applied" in done.stdout
    wrong = main("configure", "--module", "nb-iot", *tcp_args(simulator), "--config", str(path))
    assert wrong.returncode == 2 and "GSM 2G+4G" in wrong.stderr


def test_refusals_exit_non_zero_with_every_reason(simulator: dict[str, str]) -> None:
    bad = main("configure", "--module", "gsm-2g4g", *tcp_args(simulator), "--set", "apn=a b", "--set",
               "period=5", "--set", "colour=red", "--lang", "en")  # fmt: skip
    assert bad.returncode == 2
    assert "Unknown parameter “colour”" in bad.stderr
    assert "allowed from 60 to 65535" in bad.stderr and "spaces and commas are not allowed" in bad.stderr
    password = main("configure", "--module", "gsm-2g4g", *tcp_args(simulator), "--set", "apn=x",
                    "--password", "11111111", "--lang", "en")  # fmt: skip
    # the backup read before the write is refused first: nothing is written, and no --no-backup is offered
    assert password.returncode == 1 and "0x02: Wrong password" in password.stderr
    assert "Nothing was written" in password.stderr and "--no-backup" not in password.stderr
    unprotected = main("configure", "--module", "gsm-2g4g", *tcp_args(simulator), "--set", "apn=x",
                       "--password", "11111111", "--no-backup", "--lang", "en")  # fmt: skip
    assert unprotected.returncode == 1 and "0x02: Wrong password" in unprotected.stdout
    assert "Not applied: apn" in unprotected.stderr
    ipv6 = main("status", "--module", "gsm-2g4g", *tcp_args(simulator), "--kind", "ipv6", "--lang", "en")
    assert ipv6.returncode == 2 and "NB-IoT modules only" in ipv6.stderr
    missing = main("status", "--module", "gsm-2g4g", "--via", "cenc", "--lang", "en")
    assert missing.returncode == 2 and "--cenc-host" in missing.stderr and "--device-serial" in missing.stderr


def test_help_names_the_settings_of_every_channel() -> None:
    text = main("configure", "--help").stdout
    for option in ("--host", "--cenc-port 22002", "--device-address", "--meter-password", "--module-port", "--baud"):
        assert option in text


@pytest.mark.slow
def test_cenc_and_direct_channels_end_to_end() -> None:
    with (
        simulator_process("cenc", "--upper-port", "0", "--device-port", "0", "--direct-base", "-1") as cenc_endpoints,
        simulator_process("meter", "--baud", "0") as meter_endpoints,
    ):
        host, _, port = cenc_endpoints["upper"].rpartition(":")
        via_cenc = ["--via", "cenc", "--cenc-host", host, "--cenc-port", port, "--cenc-user", "admin",
                    "--cenc-password", "admin", "--device-address", cenc_endpoints["modules"][0]["address"]]
        status = main("status", "--module", "gsm-2g4g", *via_cenc, "--kind", "status", "--json", "--lang", "en")
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout)["values"]["cenc"]["meaning"] == "registered"
        done = main("configure", "--module", "gsm-2g4g", *via_cenc, "--set", "period=1200", "--lang", "en")
        assert done.returncode == 0 and "[period] = 1200: applied" in done.stdout, done.stdout + done.stderr
        port_path = meter_endpoints.get("serial") or f"socket://{meter_endpoints['tcp']}"
        direct = main("configure", "--module", "gsm-2g4g", "--via", "direct", "--port", port_path,
                      "--meter-password", "777777", "--set", "apn=direct.apn", "--lang", "en")  # fmt: skip
        assert direct.returncode == 0 and "direct.apn: applied" in direct.stdout, direct.stdout + direct.stderr


def test_nb_iot_with_firmware_2_6_or_lower_refuses_tcp_and_cenc() -> None:
    tcp = main("configure", "--module", "nb-iot", "--via", "tcp", "--host", "127.0.0.1", "--firmware", "2.6",
               "--set", "apn=x", "--lang", "en")
    assert tcp.returncode == 2
    assert "--via tcp refused: NB-IoT, firmware 2.6: Available with module firmware above 2.6" in tcp.stderr
    cenc = main("status", "--module", "nb-iot", "--via", "cenc", "--cenc-host", "h", "--cenc-user", "u",
                "--device-serial", "1", "--firmware", "v04v2.5.8415.3.1.1")
    assert cenc.returncode == 2 and "выше 2.6" in cenc.stderr
