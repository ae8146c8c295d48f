"""The journal of a fleet run: a SQLite file (stdlib sqlite3) with every device and its outcome.

    journal = FleetJournal.create(path, operation, fleet, configuration)   a new run
    journal = FleetJournal.open(path)                                      to resume, retry or report
    journal.record(key, outcome)                                           committed at once
    records = journal.records()                                            every device, in list order

Each device's outcome is committed the moment it is known, so killing the program at any moment loses
at most the sessions that were running; ``--resume`` («Продолжить») then runs the devices without an
outcome, ``--retry-failed`` («Повторить неудачные») the ones whose outcome is a failure. The journal
is written in SQLite's WAL mode with NORMAL synchronisation: a commit survives the program being
killed (the operating system holds it), not a power cut in the same second; where WAL cannot work
(some network folders) it falls back to a rollback journal with full synchronisation. The WAL is
checkpointed into the database when the journal is closed, not during the run (a checkpoint flushes
the disk, which would hold every running session that long).

What it holds, so that several engineers can split a list and merge their work
(:func:`merge_records`, ``fleet report``): the table ``meta`` (format, operation, the list file and
its kind, the configuration written — its summary without passwords and a digest —, when and where
it was made), ``devices`` (per device: its key — the serial number —, the list's row and fields,
state ``pending``/``done``/``cancelled``, the result, the outcome as JSON, when it finished, who ran
it: user@computer) and ``attempts`` (every session, retries included). Passwords are never stored.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import socket
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.fleet_results import DeviceOutcome, Result
from app.core.os_errors import os_error_reason
from app.version import program_version
from protocols.errors import SettingsFileError, ValidationError
from protocols.fleet.cehes_devices import CehesRow
from protocols.fleet.fleet_devices import Delivery, FleetDevice
from protocols.params.module_types import ModuleType
from protocols.text import Text

FORMAT = "energomera-fleet-journal"
VERSION = 1
PENDING, DONE, CANCELLED = "pending", "done", "cancelled"
OPERATIONS = ("status", "configure")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    key TEXT PRIMARY KEY, position INTEGER NOT NULL, device TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending', result TEXT, outcome TEXT, finished TEXT, operator TEXT,
    attempts INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, result TEXT, outcome TEXT, finished TEXT, operator TEXT);
"""


def operator() -> str:
    """Who runs the program, for the journal: user@computer."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment (a service account)
        user = "?"
    return f"{user}@{socket.gethostname()}"


@dataclass(frozen=True)
class JournalRecord:
    position: int
    device: FleetDevice
    state: str
    outcome: DeviceOutcome | None
    operator: str = ""
    attempts: int = 0

    @property
    def key(self) -> str:
        return self.device.key

    @property
    def done(self) -> bool:
        return self.state == DONE

    @property
    def failed(self) -> bool:
        return self.done and self.outcome is not None and self.outcome.result.failed


def device_to_json(device: FleetDevice) -> dict[str, Any]:
    data: dict[str, Any] = {f.name: getattr(device, f.name) for f in fields(device) if f.name != "cehes"}
    data["delivery"] = device.delivery.value if device.delivery else None
    data["module"] = device.module.value if device.module else None
    data["password"] = ""  # never stored
    data["cehes"] = None if device.cehes is None else {f.name: getattr(device.cehes, f.name)
                                                         for f in fields(device.cehes)}
    return data


def device_from_json(data: Any) -> FleetDevice:
    """A device back from the journal; ValueError when the record is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("serial"), str):
        raise ValueError("not a device record")

    def text(key: str) -> str:
        value = data.get(key)
        return value if isinstance(value, str) else ""

    def number(key: str) -> int | None:
        value = data.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    try:
        delivery = Delivery(data["delivery"]) if data.get("delivery") else None
        module = ModuleType.from_id(data["module"]) if data.get("module") else None
    except (ValueError, TypeError) as error:
        raise ValueError("not a device record") from error
    cehes = None
    raw = data.get("cehes")
    if isinstance(raw, dict):
        with contextlib.suppress(TypeError):
            cehes = CehesRow(**{f.name: raw[f.name] for f in fields(CehesRow) if f.name in raw})
    return FleetDevice(number("row") or 0, text("serial"), text("group"), delivery, text("host"), number("port"),
                       text("cenc_server"), text("cenc_serial"), text("system_address"), text("phone"), "", module,
                       text("meter_type"), cehes)


class FleetJournal:
    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path, self._db = path, connection
        self.operator = operator()

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, operation: str, list_path: Path, list_kind: str, devices: Sequence[FleetDevice],
               configuration_summary: Sequence[Text] = (), configuration_digest: str = "") -> FleetJournal:
        """A new journal (SettingsFileError when ``path`` exists: it is the record of an earlier run)."""
        path = Path(path)
        if path.exists():
            raise SettingsFileError(Text(
                f"Журнал {path} уже есть: --resume («Продолжить») продолжит ту работу, --retry-failed («Повторить "
                "неудачные») повторит неудачные; чтобы начать заново, укажите другой журнал или удалите этот",
                f"The journal {path} exists: --resume continues that run, --retry-failed repeats its failures; to "
                "start anew, name another journal or delete this one"))
        journal = cls(path, _connect(path))
        meta = {"format": FORMAT, "version": str(VERSION), "operation": operation, "list": str(list_path),
                "list_kind": list_kind, "configuration": json.dumps([[t.ru, t.en] for t in configuration_summary],
                                                                     ensure_ascii=False),
                "configuration_digest": configuration_digest, "created": datetime.now().astimezone().isoformat(),
                "created_by": journal.operator, "program_version": program_version()}
        with journal._write():
            journal._db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
        journal.add_devices(devices)
        return journal

    @classmethod
    def open(cls, path: Path) -> FleetJournal:
        path = Path(path)
        if not path.is_file():
            raise SettingsFileError(Text(f"Журнала {path} нет: нечего продолжать", f"There is no journal {path}: "
                                         "nothing to resume"))
        journal = cls(path, _connect(path, create=False))
        meta = journal.meta
        if meta.get("format") != FORMAT or meta.get("operation") not in OPERATIONS:
            journal.close()
            raise SettingsFileError(Text(f"{path}: это не журнал работы с парком приборов",
                                         f"{path}: not a fleet journal"))
        return journal

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> FleetJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Any:
        try:
            with self._db:
                yield
        except sqlite3.Error as error:
            raise _journal_error(self.path, error) from error

    # -- what it holds ----------------------------------------------------------------------------
    @property
    def meta(self) -> dict[str, str]:
        try:
            return dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as error:
            raise _journal_error(self.path, error) from error

    @property
    def operation(self) -> str:
        return self.meta.get("operation", "")

    @property
    def configuration_summary(self) -> list[Text]:
        try:
            items = json.loads(self.meta.get("configuration", "[]"))
        except json.JSONDecodeError:
            return []
        return [Text(str(i[0]), str(i[1])) for i in items if isinstance(i, list) and len(i) == 2]

    def check_same_run(self, operation: str, configuration_digest: str = "") -> None:
        """Refuse to continue a journal of another operation or another configuration (ValidationError)."""
        meta = self.meta
        if meta.get("operation") != operation:
            raise ValidationError([Text(
                f"Журнал {self.path} — от операции «{meta.get('operation')}», а запущена «{operation}»",
                f"The journal {self.path} is of the operation “{meta.get('operation')}”, this run is “{operation}”")])
        if meta.get("configuration_digest", "") != configuration_digest:
            raise ValidationError([Text(
                f"Журнал {self.path} начат с другими настройками: продолжайте с теми же (--set, --config) или начните "
                "новый журнал",
                f"The journal {self.path} was started with other settings: continue with the same ones (--set, "
                "--config) or start a new journal")])

    def add_devices(self, devices: Iterable[FleetDevice]) -> int:
        """Devices of the list the journal does not hold yet (a list grown since), as pending; how many."""
        with self._write():
            start = self._db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM devices").fetchone()[0]
            known = {row[0] for row in self._db.execute("SELECT key FROM devices")}
            new = [d for d in devices if d.key not in known]
            self._db.executemany(
                "INSERT INTO devices (key, position, device) VALUES (?, ?, ?)",
                [(d.key, start + i, json.dumps(device_to_json(d), ensure_ascii=False)) for i, d in enumerate(new)])
        return len(new)

    def record(self, key: str, outcome: DeviceOutcome) -> None:
        """The device's outcome, committed now (a cancelled session stays to be run again)."""
        state = DONE if outcome.result.done else CANCELLED
        data = json.dumps(outcome.to_json(), ensure_ascii=False)
        finished = outcome.finished.isoformat() if outcome.finished else None
        with self._write():
            self._db.execute("UPDATE devices SET state = ?, result = ?, outcome = ?, finished = ?, operator = ?, "
                             "attempts = attempts + 1 WHERE key = ?",
                             (state, outcome.result.value, data, finished, self.operator, key))
            self._db.execute("INSERT INTO attempts (key, result, outcome, finished, operator) VALUES (?, ?, ?, ?, ?)",
                             (key, outcome.result.value, data, finished, self.operator))

    def records(self) -> list[JournalRecord]:
        try:
            rows = self._db.execute("SELECT position, device, state, outcome, operator, attempts FROM devices "
                                    "ORDER BY position").fetchall()
        except sqlite3.Error as error:
            raise _journal_error(self.path, error) from error
        records = []
        for position, device, state, outcome, who, attempts in rows:
            try:
                parsed = device_from_json(json.loads(device))
            except (ValueError, TypeError):  # json.JSONDecodeError is a ValueError
                raise SettingsFileError(Text(f"{self.path}: запись о приборе повреждена (позиция {position})",
                                             f"{self.path}: a device record is damaged (position {position})"),
                                        ) from None
            result = None
            if outcome:
                with contextlib.suppress(ValueError, TypeError):
                    loaded = json.loads(outcome)
                    result = DeviceOutcome.from_json(loaded) if isinstance(loaded, dict) else None
            records.append(JournalRecord(int(position), parsed, str(state), result, str(who or ""), int(attempts)))
        return records

    def keys(self, *, pending: bool = False, failed: bool = False) -> list[str]:
        """The devices to run: without an outcome (``pending``), with a failed one (``failed``)."""
        return [r.key for r in self.records() if (pending and not r.done) or (failed and r.failed)]


def _connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    try:
        uri = f"{path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
        # opened in a worker thread by the window (creating it waits for the disk), then used by the loop's thread
        # alone: one thread at a time, never two at once
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            connection.execute("PRAGMA synchronous=NORMAL" if mode == "wal" else "PRAGMA synchronous=FULL")
            if mode == "wal":  # the WAL is folded into the file when the journal closes, not mid-run: that flush
                connection.execute("PRAGMA wal_autocheckpoint=0")  # would hold every session for a disk's fsync
            connection.executescript(_SCHEMA)
            connection.commit()
        except sqlite3.Error:
            connection.close()
            raise
    except sqlite3.Error as error:
        raise _journal_error(path, error) from error
    except OSError as error:
        reason = os_error_reason(error)
        raise SettingsFileError(Text(f"Журнал {path} не открыть: {reason.ru}",
                                     f"The journal {path} cannot be opened: {reason.en}")) from error
    return connection


def _journal_error(path: Path, error: sqlite3.Error) -> SettingsFileError:
    if isinstance(error, sqlite3.DatabaseError) and "not a database" in str(error):
        return SettingsFileError(Text(f"{path}: это не журнал работы с парком приборов (не база SQLite)",
                                      f"{path}: not a fleet journal (not an SQLite database)"))
    if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
        return SettingsFileError(Text(f"Журнал {path} занят другой программой (идёт другая работа с ним?)",
                                      f"The journal {path} is in use by another program (another run?)"))
    return SettingsFileError(Text(f"Журнал {path} не прочитать или не записать: файл повреждён или недоступен",
                                  f"The journal {path} cannot be read or written: the file is damaged or not "
                                  "accessible"))


@dataclass(frozen=True)
class RunJournal:
    journal: FleetJournal
    keys: list[str] | None  # the devices to run; None: all of them (a new journal)
    added: int = 0  # devices of the list a resumed journal did not hold yet


def journal_for_run(path: Path, operation: str, list_path: Path, list_kind: str, devices: Sequence[FleetDevice], *,
                    digest: str = "", summary: Sequence[Text] = (), resume: bool = False,
                    retry_failed: bool = False) -> RunJournal:
    """A new journal, or (``resume``, ``retry_failed``) the journal of the same run to continue, with the devices
    to run: those without an outcome, those that failed, or both."""
    if not (resume or retry_failed):
        return RunJournal(FleetJournal.create(path, operation, list_path, list_kind, devices, summary, digest), None)
    journal = FleetJournal.open(path)
    try:
        journal.check_same_run(operation, digest)
        added = journal.add_devices(devices)
        return RunJournal(journal, journal.keys(pending=resume, failed=retry_failed), added)
    except BaseException:
        journal.close()
        raise


def merge_records(journals: Sequence[FleetJournal]) -> tuple[str, list[JournalRecord]]:
    """Several engineers' journals of one list as one: per device the latest outcome (by when it finished);
    the operation they share. ValidationError when they are of different operations."""
    operations = {j.operation for j in journals}
    if len(operations) != 1:
        raise ValidationError([Text("Журналы разных операций (чтение состояния и настройка) не объединить в один "
                                    "отчёт", "Journals of different operations (status and configure) do not merge "
                                    "into one report")])
    merged: dict[str, JournalRecord] = {}
    order: list[str] = []
    for journal in journals:
        for record in journal.records():
            if record.key not in merged:
                merged[record.key] = record
                order.append(record.key)
            elif _later(record, merged[record.key]):
                merged[record.key] = record
    return operations.pop(), [merged[key] for key in order]


def _later(new: JournalRecord, old: JournalRecord) -> bool:
    if not new.done or new.outcome is None:
        return False
    if not old.done or old.outcome is None:
        return True
    return _finished_at(new) > _finished_at(old)


def _finished_at(record: JournalRecord) -> float:
    finished = record.outcome.finished if record.outcome is not None else None
    try:
        return finished.timestamp() if finished is not None else 0.0
    except (OverflowError, OSError, ValueError):
        return 0.0


__all__ = ["FleetJournal", "JournalRecord", "Result", "RunJournal", "journal_for_run", "merge_records"]
