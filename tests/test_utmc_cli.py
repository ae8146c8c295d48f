"""The UTMC-700 CLI against `main.py simulate utmc` running in its own process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import run
from protocols.files.intel_hex import build_hex
from tests.simulator_process import simulator_process

SEED_LINES = (
    "1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem\r\n2;ЕМ Энергомера СЕ102;12345679;1;ЕТО;5679;9600;rem\r\n"
)


@pytest.fixture(scope="module")
def simulator() -> Iterator[dict[str, str]]:
    pty = [] if sys.platform == "win32" else ["--pty"]
    with simulator_process("utmc", "--baud", "0", "--eth-bitrate", "0", "--update-seconds", "0", *pty) as endpoints:
        yield endpoints


def tcp(endpoints: dict[str, str]) -> list[str]:
    host, port = endpoints["tcp"].rsplit(":", 1)
    return ["--via", "tcp", "--host", host, "--tcp-port", port]


def test_info_read_write(simulator: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--lang", "en", "utmc-info", *tcp(simulator)]) == 0
    assert "Serial number: 70012345" in capsys.readouterr().out
    if "serial" in simulator:
        assert run(["utmc-info", "--via", "serial", "--port", simulator["serial"]]) == 0
        assert "Серийный номер: 70012345" in capsys.readouterr().out
    assert run(["utmc-write", *tcp(simulator), "poll_period=15", "journal_format=csv", "--sync-time"]) == 0
    assert run(["utmc-read", *tcp(simulator), "poll_period", "journal_format"]) == 0
    out = capsys.readouterr().out
    assert "poll_period                15" in out and "journal_format             csv" in out


def test_write_refusals_exit_non_zero(simulator: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    # checked before connecting: an offline typo is a typo (2), whatever the host
    offline = ["--via", "tcp", "--host", "192.0.2.1"]
    assert run(["--lang", "en", "utmc-write", *offline, "time_zone=40", "serial_number=1", "x=1"]) == 2
    err = capsys.readouterr().err
    assert "Time zone" in err and "read-only" in err and "Unknown parameter" in err
    assert run(["--lang", "en", "utmc-write", *tcp(simulator), "--password", "9", "poll_period=5"]) == 1
    err = capsys.readouterr().err
    assert "wrong settings password" in err and "--password N" in err and "SA2" in err
    assert "The UTMC refused (parameter write)" in err and "WRITE_PARAMS" not in err
    assert run(["--lang", "ru", "utmc-write", *tcp(simulator), "--password", "9", "poll_period=5"]) == 1
    err = capsys.readouterr().err  # the Russian command line names the operation in words too
    assert "УТМЦ отказало (запись параметров): неверный пароль доступа к настройкам" in err
    assert "WRITE_PARAMS" not in err and "--password N" in err
    assert run(["--lang", "en", "utmc-info", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port", "1"]) == 3


def test_devices_files_and_update(simulator: dict[str, str], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "devices.csv"
    source.write_bytes(SEED_LINES.encode("cp1251"))
    assert run(["utmc-devices", "import", str(source), *tcp(simulator)]) == 0
    assert run(["utmc-devices", "export", str(tmp_path / "out.xlsx"), *tcp(simulator), "--channels", "1"]) == 0
    assert run(["utmc-devices", "read", *tcp(simulator), "--channels", "1"]) == 0
    assert "12345679" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600\n2;?;1;1;ENM;1;9600\n", encoding="utf-8")
    assert run(["--lang", "en", "utmc-devices", "import", str(bad), *tcp(simulator)]) == 2
    assert "line 2: unknown model" in capsys.readouterr().err
    assert run(["utmc-poll", *tcp(simulator)]) == 0
    assert run(["utmc-get-file", "2025/01/10/00.dat", "--out", str(tmp_path / "j.dat"), *tcp(simulator)]) == 0
    assert (tmp_path / "j.dat").read_bytes().startswith(b"UTMJ 2025/01/10/00.dat")
    hex_file = tmp_path / "fw.hex"
    hex_file.write_bytes(build_hex(bytes(range(200)), version="1.08"))
    assert run(["utmc-update", str(hex_file), *tcp(simulator)]) == 0
    out = capsys.readouterr().out
    assert "Файл прошивки: версия 1.08" in out and "УТМЦ работает с ПО из файла: версия 1.08" in out
    broken = tmp_path / "broken.hex"
    broken.write_text(hex_file.read_text().replace(":00000001FF", ""))
    assert run(["--lang", "en", "utmc-update", str(broken), *tcp(simulator)]) == 2  # a bad file: bad input
    assert "End-of-File" in capsys.readouterr().err


def test_search(simulator: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["utmc-search", "--target", simulator["discovery"], "--wait", "0.3"]) == 0
    assert simulator["tcp"] in capsys.readouterr().out
