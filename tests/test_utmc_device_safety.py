"""No device lost on a UTMC-700: empty lists refused, only the file's channels replaced, explicit
clearing, a dated backup before every overwrite that the ordinary commands put back, and the
difference reported. The CLI in-process against ``main.py simulate utmc`` in its own process
(loopback TCP, and its pty where there is one)."""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.cli import run
from app.core.utmc_device_write import diff_tables, plan_device_write
from app.core.utmc_local_files import load_device_file, load_settings
from protocols.errors import ValidationError
from protocols.utmc.utmc_devices import parse_device_lines
from tests.simulator_process import simulator_process

CH1 = "1;ЕМ Энергомера СЕ102;12345678;1;ENM;5678;9600\n2;ЕМ Энергомера СЕ102;12345679;1;ENM;5679;9600\n"
CH2 = "257;ЕМ Энергомера СЕ102;22345678;1;ENM;1234;9600\n258;ЕМ Энергомера СЕ102;22345679;1;ENM;1235;9600;T\n"


def _simulator(*extra: str) -> Iterator[dict[str, str]]:
    pty = [] if sys.platform == "win32" else ["--pty"]
    with simulator_process("utmc", "--baud", "0", "--eth-bitrate", "0", *pty, *extra) as endpoints:
        yield endpoints


@pytest.fixture
def simulator() -> Iterator[dict[str, str]]:
    yield from _simulator()


def tcp(endpoints: dict[str, str]) -> list[str]:
    host, port = endpoints["tcp"].rsplit(":", 1)
    return ["--via", "tcp", "--host", host, "--tcp-port", port]


def usb_or_tcp(endpoints: dict[str, str]) -> list[str]:
    return ["--via", "serial", "--port", endpoints["serial"]] if "serial" in endpoints else tcp(endpoints)


def write_file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def table(endpoints: dict[str, str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """"number address" of every device the UTMC holds (exported through the CLI)."""
    capsys.readouterr()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "now.csv"
        assert run(["utmc-devices", "export", str(path), *tcp(endpoints)]) == 0
        capsys.readouterr()
        return [f"{r.number} {r.address}" for r in load_device_file(path)] if path.read_bytes() else []


def backup_of(out: str) -> Path:
    found = re.search(r"\): (\S+\.(?:csv|json))$", out, re.MULTILINE)
    assert found, out
    return Path(found.group(1))


def test_empty_files_are_refused_and_leave_the_table_alone(simulator, tmp_path, capsys) -> None:
    assert run(["utmc-devices", "write", str(write_file(tmp_path / "all.csv", CH1 + CH2)), *tcp(simulator)]) == 0
    before = table(simulator, capsys)
    assert len(before) == 4
    header_only = tmp_path / "header.xlsx"
    book = Workbook()
    book.active.append(["Номер устройства", "Модель", "Серийный номер", "Версия", "Производитель", "Сетевой адрес",
                        "Скорость обмена", "Примечание"])
    book.save(header_only)
    for empty in (write_file(tmp_path / "empty.csv", ""), write_file(tmp_path / "blank.csv", "\n  \n\t\n"),
                  header_only):
        for extra in (["--check"], []):
            capsys.readouterr()
            assert run(["--lang", "en", "utmc-devices", "write", str(empty), *tcp(simulator), *extra]) != 0
            err = capsys.readouterr().err
            assert "empty" in err and "--clear-channels" in err, err
        assert run(["utmc-devices", "import", str(empty), *tcp(simulator)]) != 0
    comments = write_file(tmp_path / "comments.csv", "# список пуст\n# ничего не записывать\n")
    assert run(["utmc-devices", "write", str(comments), *tcp(simulator)]) != 0  # a comment is no device either
    assert table(simulator, capsys) == before


def test_a_file_replaces_only_its_channels_and_a_named_channel_must_be_in_it(simulator, tmp_path, capsys) -> None:
    assert run(["utmc-devices", "write", str(write_file(tmp_path / "all.csv", CH1 + CH2)), *tcp(simulator)]) == 0
    one = write_file(tmp_path / "one.csv", "1;ЕМ Энергомера СЕ102;12345678;1;ENM;9999;9600\n")
    capsys.readouterr()
    assert run(["--lang", "en", "utmc-devices", "write", str(one), *tcp(simulator), "--channels", "1,2"]) != 0
    err = capsys.readouterr().err
    assert "no devices for channels 2" in err and "--clear-channels 2" in err
    assert run(["--lang", "en", "utmc-devices", "write", str(one), *usb_or_tcp(simulator)]) == 0
    out = capsys.readouterr().out
    assert "Channel 1: added 0, removed 1 (2), changed 1 (1), unchanged 0" in out
    assert "Channel 2" not in out  # not touched, not even read
    assert table(simulator, capsys) == ["1 9999", "257 1234", "258 1235"]
    backup = backup_of(out)
    assert backup.parent.name == "backups" and backup.name.startswith("utmc-70012345_devices_")
    assert [(r.number, r.address) for r in load_device_file(backup)] == [(1, 5678), (2, 5679)]
    # the backup is an ordinary device list: writing it puts channel 1 back as it was
    assert run(["--lang", "en", "utmc-devices", "write", str(backup), *tcp(simulator)]) == 0
    assert "Channel 1: added 1 (2), removed 0, changed 1 (1)" in capsys.readouterr().out
    assert table(simulator, capsys) == ["1 5678", "2 5679", "257 1234", "258 1235"]


def test_clearing_is_explicit_backed_up_and_restorable(simulator, tmp_path, capsys) -> None:
    assert run(["utmc-devices", "write", str(write_file(tmp_path / "all.csv", CH1 + CH2)), *tcp(simulator)]) == 0
    capsys.readouterr()
    assert run(["utmc-devices", "write", *tcp(simulator), "--clear-channels", "2"]) == 0
    out = capsys.readouterr().out
    assert "Канал 2: добавлено 0, удалено 2 (257, 258)" in out and "в УТМЦ теперь приборов 0" in out
    assert table(simulator, capsys) == ["1 5678", "2 5679"]
    backup = backup_of(out)
    assert run(["utmc-devices", "write", str(backup), *tcp(simulator)]) == 0
    assert table(simulator, capsys) == ["1 5678", "2 5679", "257 1234", "258 1235"]
    restored = parse_device_lines(CH2)
    assert [r.note for r in load_device_file(backup)] == [r.note for r in restored]
    clash = write_file(tmp_path / "ch2.csv", CH2)
    assert run(["--lang", "en", "utmc-devices", "write", str(clash), *tcp(simulator), "--clear-channels", "2"]) != 0
    assert "named to be cleared but the list has devices" in capsys.readouterr().err
    assert run(["utmc-devices", "write", *tcp(simulator), "--clear-channels", "all", "--check"]) == 0
    assert "будут заменены каналы 1, 2, 3, 4, 5, 6, 7, 8" in capsys.readouterr().out
    assert len(table(simulator, capsys)) == 4  # --check wrote nothing


@pytest.fixture
def unreadable() -> Iterator[dict[str, str]]:
    yield from _simulator("--refuse-reads")


def test_an_unreadable_table_is_not_overwritten_without_an_explicit_no_backup(unreadable, tmp_path, capsys) -> None:
    source = write_file(tmp_path / "ch1.csv", CH1)
    capsys.readouterr()
    assert run(["--lang", "en", "utmc-devices", "write", str(source), *tcp(unreadable)]) == 1
    err = capsys.readouterr().err
    assert "Could not read the UTMC's device table for a backup" in err and "Nothing was written" in err
    assert "--no-backup" in err
    assert run(["--lang", "en", "utmc-write", *tcp(unreadable), "poll_period=20"]) == 1
    assert "Could not read the UTMC's parameters" in capsys.readouterr().err
    assert run(["--lang", "en", "utmc-devices", "write", str(source), *tcp(unreadable), "--no-backup"]) == 0
    out = capsys.readouterr().out
    assert "Channel 1: the UTMC now holds 2 devices" in out and "Written without a backup" in out


def test_parameters_are_backed_up_and_the_backup_is_written_back_with_config(simulator, capsys) -> None:
    assert run(["utmc-write", *tcp(simulator), "poll_period=15", "time_zone=5"]) == 0
    capsys.readouterr()
    assert run(["--lang", "en", "utmc-write", *usb_or_tcp(simulator), "poll_period=45", "time_zone=7",
                "ftp_password=Secret1", "--sync-time"]) == 0
    out = capsys.readouterr().out
    backup = backup_of(out)
    assert backup.name.startswith("utmc-70012345_settings_")
    kept = load_settings(backup)
    assert kept == {"poll_period": 15, "time_zone": 5}  # no password, no clock
    assert "Secret1" not in backup.read_text(encoding="utf-8")
    assert run(["utmc-write", *tcp(simulator), "--config", str(backup)]) == 0
    assert run(["utmc-read", *tcp(simulator), "poll_period", "time_zone"]) == 0
    shown = capsys.readouterr().out
    assert re.search(r"poll_period\s+15\b", shown) and re.search(r"time_zone\s+5\b", shown)


def test_plan_and_difference_rules() -> None:
    records = parse_device_lines(CH1 + CH2)
    plan = plan_device_write(records, channels=[2])
    assert [r.number for r in plan.records] == [257, 258] and plan.channels == [2] and plan.left_out == {1: 2}
    assert "1 (2)" in plan.notes()[0].en
    with pytest.raises(ValidationError, match="Channels are 1…8"):
        plan_device_write(records, clear=[9])
    diff = diff_tables(parse_device_lines(CH2.replace(";T", ";M")), plan_device_write(records, clear=[3]))
    assert [(c.channel, c.added, c.removed, c.changed, c.kept) for c in diff.channels] == [
        (1, [1, 2], [], [], 0), (2, [], [], [258], 1), (3, [], [], [], 0)]
    assert diff.removed == 0 and diff.changes_anything
