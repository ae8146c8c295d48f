"""The fleet journal (SQLite): outcomes committed one by one, what resume and retry-failed pick, several
engineers' journals merged, passwords never stored, a file that is not a journal refused in words."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.fleet_journal import FleetJournal, merge_records
from app.core.fleet_results import DeviceOutcome, ParameterOutcome, Result
from protocols.errors import SettingsFileError, ValidationError
from protocols.fleet.fleet_devices import Delivery, FleetDevice
from protocols.params.module_types import ModuleType
from protocols.text import Text

T0 = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
DEVICES = [FleetDevice(2 + i, f"00921805400010{i}", "Север" if i < 2 else "Юг", Delivery.TCP, "10.0.0.1", 8000 + i,
                       password="11112222", module=ModuleType.GSM_2G4G) for i in range(4)]


def outcome(result: Result, minutes: int = 0, **extra: Any) -> DeviceOutcome:
    return DeviceOutcome(result, Text("слово", "word"), started=T0, finished=T0 + timedelta(minutes=minutes), **extra)


def new_journal(path: Path, operation: str = "status") -> FleetJournal:
    return FleetJournal.create(path, operation, Path("list.csv"), "ours", DEVICES, [Text("APN = x", "APN = x")], "d1")


def test_each_outcome_is_committed_at_once_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "run.journal.sqlite"
    journal = new_journal(path)
    full = outcome(Result.OK, imei="861234567890123", signal=5, signal_text=Text("-83...-79 дБм", "-83...-79 dBm"),
                   parameters=[ParameterOutcome("apn", Text("APN", "APN"), "x", "applied")], delivery="tcp")
    journal.record(DEVICES[0].key, full)
    # another connection (another process) sees it without the first one closing: it is committed
    with FleetJournal.open(path) as other:
        records = other.records()
    assert [r.state for r in records] == ["done", "pending", "pending", "pending"]
    back = records[0].outcome
    assert back is not None and back.imei == "861234567890123" and back.signal == 5 and back.delivery == "tcp"
    assert back.parameters[0].outcome == "applied" and back.signal_text == full.signal_text
    assert records[0].device.password == "" and records[0].device.module is ModuleType.GSM_2G4G
    journal.close()
    assert b"11112222" not in path.read_bytes()  # passwords are never stored


def test_resume_picks_devices_without_an_outcome_retry_the_failed(tmp_path: Path) -> None:
    journal = new_journal(tmp_path / "j.sqlite")
    journal.record(DEVICES[0].key, outcome(Result.OK))
    journal.record(DEVICES[1].key, outcome(Result.NO_REPLY))
    journal.record(DEVICES[2].key, outcome(Result.CANCELLED))  # stopped: run again on resume
    assert journal.keys(pending=True) == [DEVICES[2].key, DEVICES[3].key]
    assert journal.keys(failed=True) == [DEVICES[1].key]
    journal.record(DEVICES[1].key, outcome(Result.OK, 5))
    assert journal.keys(failed=True) == []
    assert [r.attempts for r in journal.records()] == [1, 2, 1, 0]
    journal.close()


def test_a_resumed_run_must_be_the_same_operation_and_settings(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    new_journal(path).close()
    with pytest.raises(SettingsFileError):  # an existing journal is not overwritten
        new_journal(path)
    with FleetJournal.open(path) as journal:
        journal.check_same_run("status", "d1")
        with pytest.raises(ValidationError):
            journal.check_same_run("configure", "d1")
        with pytest.raises(ValidationError):
            journal.check_same_run("status", "other")
        assert journal.add_devices([*DEVICES, FleetDevice(9, "new")]) == 1
        assert journal.configuration_summary == [Text("APN = x", "APN = x")]


def test_engineers_journals_merge_with_the_latest_outcome_per_device(tmp_path: Path) -> None:
    first, second = new_journal(tmp_path / "a.sqlite"), new_journal(tmp_path / "b.sqlite")
    first.record(DEVICES[0].key, outcome(Result.NO_REPLY, 1))
    first.record(DEVICES[1].key, outcome(Result.OK, 1))
    second.record(DEVICES[0].key, outcome(Result.OK, 9))  # later: it wins
    second.record(DEVICES[1].key, outcome(Result.NO_REPLY, 0))  # earlier: it does not
    second.record(DEVICES[2].key, outcome(Result.OK, 3))
    operation, records = merge_records([first, second])
    assert operation == "status"
    assert [r.outcome.result if r.outcome else None for r in records] == [Result.OK, Result.OK, Result.OK, None]
    third = new_journal(tmp_path / "c.sqlite", "configure")
    with pytest.raises(ValidationError):
        merge_records([first, third])
    for journal in (first, second, third):
        journal.close()


def test_files_that_are_not_journals_are_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(SettingsFileError) as caught:
        FleetJournal.open(tmp_path / "missing.sqlite")
    assert "нечего продолжать" in caught.value.text.ru
    text = tmp_path / "text.sqlite"
    text.write_text("not a database at all, just some text " * 40)
    with pytest.raises(SettingsFileError) as caught:
        FleetJournal.open(text)
    assert "не база SQLite" in caught.value.text.ru
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(SettingsFileError) as caught:
        FleetJournal.open(other)
    assert "не журнал" in caught.value.text.ru


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.dictionaries(st.sampled_from(["result", "message", "signal", "started", "parameters", "notes", "settings",
                                        "duration", "delivery", "password_ok"]),
                       st.one_of(st.none(), st.integers(), st.text(max_size=8), st.lists(st.text(max_size=3)),
                                 st.dictionaries(st.text(max_size=3), st.text(max_size=3)))))
def test_a_damaged_outcome_record_reads_back_without_an_exception(tmp_path: Path, data: dict[str, object]) -> None:
    found = DeviceOutcome.from_json(data)
    assert isinstance(found.result, Result) and isinstance(found.settings, dict)


def test_fleet_report_merges_engineers_journals_into_one_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from openpyxl import load_workbook

    from app.cli import run

    first, second = new_journal(tmp_path / "north.sqlite"), new_journal(tmp_path / "south.sqlite")
    first.record(DEVICES[0].key, outcome(Result.OK, 1, signal=5, signal_text=Text("-83...-79 дБм", "-83...-79 dBm")))
    first.record(DEVICES[1].key, outcome(Result.NO_REPLY, 1))
    second.record(DEVICES[1].key, outcome(Result.OK, 5, signal=7, signal_text=Text("-71...-67 дБм", "-71...-67 dBm")))
    second.record(DEVICES[2].key, outcome(Result.WRONG_PASSWORD, 2))
    first.close()
    second.close()
    monkeypatch.chdir(tmp_path)
    code = run(["fleet", "report", "north.sqlite", "south.sqlite", "--report", "all.xlsx", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1  # one device refused the password, one was not run
    assert document["counts"]["ok"] == 2 and document["counts"]["wrong_password"] == 1
    assert document["counts"]["not_run"] == 1 and document["journal"] is None
    book = load_workbook(tmp_path / "all.xlsx")
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [d.serial for d in DEVICES]
    summary = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert "north.sqlite, south.sqlite" in str(summary["Журнал"])
