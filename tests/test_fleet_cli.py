"""``main.py fleet`` end to end, each program in its own process over real loopback TCP: a CENC simulator with a
silent module and one refusing the list's password, N modules in Server mode, the SMS batch through the
modem simulator; the report workbook and the journal checked, a run killed mid-way resumed without redoing
the devices it had finished, the ceHes export read back as a ceHes list."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.core.fleet_list import CEHES, load_fleet_list
from tests.simulator_process import ROOT, simulator_process

# programs started as processes, and the silent modules' reply timeouts waited in real time
pytestmark = pytest.mark.slow

CENC_USER, CENC_PASSWORD = "fleet", "cenc-pw"
TIMEOUT = "3"  # the silent modules' reply timeout (the others answer in milliseconds over loopback)


def fleet(folder: Path, *args: str, lang: str = "en", timeout: float = 120) -> tuple[int, dict[str, Any], str]:
    """``main.py fleet ARGS --json --lang LANG`` in ``folder``: exit code, document, stderr."""
    env = {**os.environ, "CONFIGURATOR_CENC_PASSWORD": CENC_PASSWORD, "CONFIGURATOR_HOME": str(folder / "home")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "fleet", *args, "--json", "--lang", lang],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=timeout)
    return done.returncode, json.loads(done.stdout), done.stderr


def cenc_args(endpoints: dict[str, Any]) -> list[str]:
    host, port = endpoints["upper"].rsplit(":", 1)
    return ["--via", "cenc", "--cenc-host", host, "--cenc-port", port, "--cenc-user", CENC_USER,
            "--timeout", TIMEOUT, "--retries", "0"]


def write_list(path: Path, serials: list[str], groups: tuple[str, ...] = ("Север", "Юг")) -> Path:
    rows = "".join(f"{s};{groups[i % len(groups)]}\r\n" for i, s in enumerate(serials))
    path.write_bytes(("Серийный номер;Группа\r\n" + rows).encode("cp1251"))  # as Excel saves it
    return path


@pytest.fixture
def cenc() -> Iterator[dict[str, Any]]:
    with simulator_process("cenc", "--modules", "6", "--silent", "1", "--refusing", "1", "--latency", "0.02",
                           "--upper-port", "0", "--device-port", "0", "--direct-base", "0", "--user", CENC_USER,
                           "--password", CENC_PASSWORD) as endpoints:
        yield endpoints


def by_serial(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["serial"]: d for d in document["devices"]}


def test_status_of_a_cenc_fleet_with_silent_and_refusing_modules(cenc: dict[str, Any], tmp_path: Path) -> None:
    serials = [m["serial"] for m in cenc["modules"]]
    silent, refusing = cenc["silent"][0], cenc["refusing"][0]
    devices = write_list(tmp_path / "fleet.csv", serials)
    code, document, err = fleet(tmp_path, "status", "--devices", str(devices), *cenc_args(cenc), lang="ru")
    assert code == 1, err  # some failed
    assert document["counts"]["ok"] == 4 and document["counts"]["no_reply"] == 1, document["counts"]
    assert document["counts"]["wrong_password"] == 1 and document["counts"]["not_run"] == 0
    found = by_serial(document)
    assert found[silent]["result"] == "no_reply"
    assert found[refusing]["result"] == "wrong_password" and found[refusing]["password_ok"] is False
    assert found[refusing]["imei"]  # its status was read all the same
    good = found[serials[0]]
    assert good["module_type"] == "gsm-2g4g" and good["imei"] and good["iccid"] and good["signal_dbm"]
    assert good["password_ok"] is True and good["settings"]["mode"] == "client-cenc"
    # the report: one row per device, the headers, a summary with counts and a signal chart
    report = Path(document["report"])
    assert report == tmp_path / "fleet-status.xlsx" and Path(document["journal"]).is_file()
    book = load_workbook(report)
    devices, summary = book.worksheets
    headers = [c.value for c in devices[1]]
    for name in ("Серийный номер", "Группа", "Канал", "Результат", "IMEI", "ICCID", "Версия", "Тип модуля",
                 "Уровень сигнала", "Регистрация", "Диапазон", "IP", "Время", "Длительность, с"):
        assert name in headers, name
    rows = {row[0]: row for row in devices.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(serials)
    assert rows[serials[0]][headers.index("Результат")] == "OK"
    assert "Нет ответа" in str(rows[silent][headers.index("Результат")])
    labels = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert labels["ОК"] == 4 and labels["Нет ответа"] == 1 and labels["Неверный пароль"] == 1
    assert len(summary._charts) == 1  # the signal-level distribution
    assert "Распределение уровня сигнала" in labels


def test_configure_a_cenc_fleet_backs_up_writes_and_exports_for_cehes(cenc: dict[str, Any], tmp_path: Path) -> None:
    serials = [m["serial"] for m in cenc["modules"]]
    silent, refusing = cenc["silent"][0], cenc["refusing"][0]
    devices = write_list(tmp_path / "fleet.csv", serials)
    code, document, err = fleet(tmp_path, "configure", "--devices", str(devices), *cenc_args(cenc), "--set",
                                "apn=m2m.fleet", "--report", "out.xlsx", "--cehes", "to-cehes.xlsx",
                                "--dlms-password", "1234567812345678")
    assert code == 1, err
    found = by_serial(document)
    assert found[silent]["result"] == "no_reply" and found[silent]["parameters"] == []
    assert found[refusing]["result"] == "wrong_password"
    ok = [found[s] for s in serials if s not in (silent, refusing)]
    for device in ok:
        assert device["result"] == "ok", device
        assert device["parameters"] == [{"key": "apn", "label": "Access point (APN)", "value": "m2m.fleet",
                                         "status": "applied", "reason": None}]
        assert device["backup"] and Path(device["backup"]).is_file() and device["restarted"] is True
    assert document["cehes_export"]["written"] == 4 and document["cehes_export"]["left_out"] == []
    exported = load_fleet_list(tmp_path / "to-cehes.xlsx")  # ceHes takes it: Table 6's rules hold
    assert exported.kind == CEHES and {d.serial for d in exported.devices} == {d["serial"] for d in ok}
    assert all(d.meter_type == "CE308" and d.host == "127.0.0.1" and d.port for d in exported.devices)
    headers = [c.value for c in load_workbook(tmp_path / "out.xlsx").worksheets[0][1]]
    assert "Access point (APN)" in headers and "Backup" in headers and "Serial number" in headers  # --lang en
    # the same journal cannot start another run; --retry-failed runs the failed ones only
    code, document, _ = fleet(tmp_path, "configure", "--devices", str(devices), *cenc_args(cenc), "--set",
                              "apn=m2m.fleet", "--report", "out.xlsx")
    assert code == 2 and "exists" in document["error"]["message"]
    code, document, _ = fleet(tmp_path, "configure", "--devices", str(devices), *cenc_args(cenc), "--set",
                              "apn=other", "--report", "out.xlsx", "--retry-failed")
    assert code == 2 and "other settings" in document["error"]["message"]


def test_a_killed_run_resumes_without_redoing_finished_devices(tmp_path: Path) -> None:
    with simulator_process("module", "--count", "10", "--latency", "0.15", "--serial-number",
                           "009218054000101") as endpoints:
        rows = "".join(f"{m['serial']};tcp;{m['tcp'].rsplit(':', 1)[0]};{m['tcp'].rsplit(':', 1)[1]}\r\n"
                       for m in endpoints["modules"])
        devices = tmp_path / "fleet.csv"
        devices.write_text("Серийный номер;Доставка;Адрес;Порт\r\n" + rows, encoding="utf-8")
        journal = tmp_path / "fleet-status.journal.sqlite"
        env = {**os.environ, "CONFIGURATOR_HOME": str(tmp_path / "home")}
        process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "fleet", "status", "--devices",
                                    str(devices), "--concurrency", "2", "--timeout", TIMEOUT], cwd=tmp_path, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            done = wait_for_done(journal, at_least=2, process=process)
            os.kill(process.pid, signal.SIGKILL)  # no chance to tidy up
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
        with sqlite3.connect(journal) as db:
            finished = {key for key, state in db.execute("SELECT key, state FROM devices") if state == "done"}
        assert len(finished) >= done and len(finished) < 10  # killed mid-way; what was committed stayed
        assert not (tmp_path / "fleet-status.xlsx").exists()
        code, document, err = fleet(tmp_path, "status", "--devices", str(devices), "--timeout", TIMEOUT, "--resume")
        assert code == 0, err
        assert document["resumed"] is True and document["counts"]["ok"] == 10
    with sqlite3.connect(journal) as db:
        attempts = dict(db.execute("SELECT key, attempts FROM devices"))
    assert all(attempts[key] == 1 for key in finished), attempts  # nothing finished was run again
    assert all(count == 1 for count in attempts.values())  # the sessions in flight at the kill were not journaled


def wait_for_done(journal: Path, *, at_least: int, process: subprocess.Popen[bytes]) -> int:
    """Until the journal holds ``at_least`` finished devices (the run is slow enough by its latency)."""
    deadline = time.monotonic() + 60  # only a broken run gets here
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before it could be killed"
        if journal.exists():
            try:
                with sqlite3.connect(journal) as db:
                    done = db.execute("SELECT COUNT(*) FROM devices WHERE state = 'done'").fetchone()[0]
            except sqlite3.OperationalError:  # created, not yet holding its tables
                done = 0
            if done >= at_least:
                return int(done)
        time.sleep(0.02)
    raise AssertionError("no outcome journaled in time")


def test_sms_rows_go_out_as_one_batch_through_the_modem(tmp_path: Path) -> None:
    with simulator_process("modem", "--meters", "3", "--reply-delay", "0.1", "--submit-time", "0.02",
                           "--silent", "+79000000002") as modem:
        devices = tmp_path / "sms.csv"
        devices.write_text("Серийный номер;Телефон;Доставка;Тип модуля\r\n"
                           + "".join(f"10000{i};{phone};sms;gsm-2g4g\r\n" for i, phone in enumerate(modem["phones"])),
                           encoding="utf-8")
        code, document, err = fleet(tmp_path, "configure", "--devices", str(devices), "--set", "apn=sms.fleet",
                                    "--port", modem["serial"], "--wait", "3")
        assert code == 1, err
        found = by_serial(document)
        assert found["100000"]["result"] == "ok" and found["100001"]["result"] == "ok"
        assert found["100002"]["result"] == "no_reply"
        assert found["100000"]["channel"] == "SMS +79000000000" and found["100000"]["delivery"] == "sms"
        # status by SMS: the documented queries, each module's settings as it reported them
        code, document, err = fleet(tmp_path, "status", "--devices", str(devices), "--port", modem["serial"],
                                    "--wait", "3")
    assert code == 1, err
    found = by_serial(document)
    assert found["100000"]["result"] == "ok" and found["100000"]["settings"]["apn"] == "sms.fleet"
    assert found["100002"]["result"] == "no_reply" and found["100002"]["settings"] == {}


def test_bad_usage_and_bad_lists_run_nothing(tmp_path: Path) -> None:
    devices = tmp_path / "bad.csv"
    devices.write_text("Серийный номер;Доставка;Адрес\r\n1;tcp;\r\n2;cenc;\r\n", encoding="utf-8")
    code, document, _ = fleet(tmp_path, "status", "--devices", str(devices))
    assert code == 2 and "row 2" in document["error"]["message"]
    assert not list(tmp_path.glob("*.sqlite"))  # nothing started, not even the journal
    good = write_list(tmp_path / "good.csv", ["1", "2"])
    code, document, _ = fleet(tmp_path, "status", "--devices", str(good))  # no delivery given anywhere
    assert code == 2 and "no delivery" in document["error"]["message"]
    code, document, _ = fleet(tmp_path, "status", "--devices", str(good), "--via", "sms", "--module", "gsm-2g4g")
    assert code == 2  # SMS rows without phones
    code, _document, _ = fleet(tmp_path, "configure", "--devices", str(good), "--via", "tcp")
    assert code == 2


def test_ctrl_c_lets_running_sessions_finish_and_writes_the_report(tmp_path: Path) -> None:
    with simulator_process("module", "--count", "8", "--latency", "0.15", "--serial-number",
                           "009218054000201") as endpoints:
        rows = "".join(f"{m['serial']};{m['tcp'].rsplit(':', 1)[0]};{m['tcp'].rsplit(':', 1)[1]}\r\n"
                       for m in endpoints["modules"])
        devices = tmp_path / "fleet.csv"
        devices.write_text("Серийный номер;Адрес;Порт\r\n" + rows, encoding="utf-8")
        env = {**os.environ, "CONFIGURATOR_HOME": str(tmp_path / "home")}
        process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "fleet", "status", "--devices",
                                    str(devices), "--via", "tcp", "--concurrency", "2", "--json", "--lang", "en"],
                                   cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            wait_for_done(tmp_path / "fleet-status.journal.sqlite", at_least=1, process=process)
            process.send_signal(signal.SIGINT)  # as Ctrl-C: no new sessions, the running ones finish
            output, _ = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
        assert process.returncode == 130
        document = json.loads(output)
        assert document["stopped"] is True and document["counts"]["not_run"] > 0
        assert document["counts"]["ok"] + document["counts"]["not_run"] == 8  # the running ones ended OK
        assert (tmp_path / "fleet-status.xlsx").is_file()  # the report of what was done
        code, document, err = fleet(tmp_path, "status", "--devices", str(devices), "--via", "tcp", "--resume")
    assert code == 0 and document["counts"]["ok"] == 8, err
