"""The «Парк приборов» workspace through its real widgets (pytest-qt), against a CENC simulator in its own process
over loopback TCP with a silent module and one refusing the password: the table coloured per result, the
«Только ошибки» filter, the counts and histogram, cancel and «Продолжить», «Повторить неудачные», the report."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.core.fleet_report import FILLS
from app.core.fleet_results import Result
from app.core.settings_store import save_settings
from protocols.fleet.fleet_devices import Delivery
from protocols.params import catalogue
from protocols.params.module_types import ModuleType
from tests import gui_harness
from tests.simulator_process import simulator_process

pytestmark = pytest.mark.gui
USER, PASSWORD = "fleet", "cenc-pw"
qloop, app_settings = gui_harness.qloop, gui_harness.app_settings


@pytest.fixture
def cenc() -> Iterator[dict[str, Any]]:
    with simulator_process("cenc", "--modules", "5", "--silent", "1", "--refusing", "1", "--latency", "0.05",
                           "--upper-port", "0", "--device-port", "0", "--direct-base", "0", "--user", USER,
                           "--password", PASSWORD) as endpoints:
        yield endpoints


@pytest.fixture
def page(qtbot, qloop, cenc: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from app.ui.fleet_workspace import FleetWorkspace
    from app.ui.i18n import install_language

    monkeypatch.setenv("CONFIGURATOR_HOME", str(tmp_path / "home"))
    install_language("ru")
    workspace = FleetWorkspace()
    qtbot.addWidget(workspace)
    workspace.show()
    devices = tmp_path / "fleet.csv"
    devices.write_text("Серийный номер;Группа\r\n" + "".join(f"{m['serial']};Г{i % 2}\r\n"
                                                              for i, m in enumerate(cenc["modules"])), encoding="utf-8")
    assert workspace.load_list(devices)
    host, port = cenc["upper"].rsplit(":", 1)
    workspace.via.setCurrentIndex(workspace.via.findData(Delivery.CENC))
    workspace.cenc_host.setText(host)
    workspace.cenc_port.setValue(int(port))
    workspace.cenc_user.setText(USER)
    workspace.cenc_password.setText(PASSWORD)
    workspace.timeout.setValue(3)  # the silent modules; the others answer in milliseconds
    yield workspace
    workspace.cancel_all()
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=10000)


def results(page) -> dict[str, Result | None]:
    model = page.model
    return {d.serial: model.result_of(row) for row, d in enumerate(model.devices)}


@pytest.mark.slow  # a simulator in its own process; the silent modules' timeouts waited
def test_status_of_a_fleet_in_the_table_filter_counts_and_report(qtbot, page, cenc, tmp_path: Path) -> None:
    silent, refusing = cenc["silent"][0], cenc["refusing"][0]
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.busy()
    qtbot.waitUntil(lambda: not page.busy(), timeout=60000)
    assert "Готово" in page.status.text()
    found = results(page)
    assert found[silent] is Result.NO_REPLY and found[refusing] is Result.WRONG_PASSWORD
    assert [r for s, r in found.items() if s not in (silent, refusing)] == [Result.OK] * 3
    row = [d.serial for d in page.model.devices].index(silent)
    brush = page.model.data(page.model.index(row, 3), Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name().upper() == "#" + FILLS[Result.NO_REPLY]
    assert "Нет ответа" in page.model.data(page.model.index(row, 4))
    assert "ОК: 3" in page.counts.text() and "Нет ответа: 1" in page.counts.text()
    assert sum(page.histogram.levels) == 4  # the refusing module's signal was read too
    page.only_failed.setChecked(True)  # «Только ошибки»
    assert page.proxy.rowCount() == 2
    report = tmp_path / "report.xlsx"
    assert page.save_report(report)
    assert load_workbook(report).worksheets[0].max_row == 6
    # «Повторить неудачные»: only the two that failed run again
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy(), timeout=60000)
    assert page.journal_path is not None
    with sqlite3.connect(page.journal_path) as db:
        attempts = dict(db.execute("SELECT key, attempts FROM devices"))
    assert attempts[silent] == 2 and attempts[refusing] == 2
    assert sorted(attempts.values()) == [1, 1, 1, 2, 2]


@pytest.mark.slow  # a simulator in its own process; the silent modules' timeouts waited
def test_cancel_then_continue_runs_only_the_devices_left(qtbot, page) -> None:
    page.concurrency.setValue(1)
    assert page.start()
    qtbot.waitUntil(lambda: any(page.model.outcomes), timeout=30000)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)  # the running session finishes
    qtbot.waitUntil(lambda: not page.busy(), timeout=30000)
    done = dict(page.model.outcomes)
    assert 1 <= len(done) < 5 and "Продолжить" in page.status.text()
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)  # the current journal
    qtbot.waitUntil(lambda: not page.busy(), timeout=60000)
    assert len(page.model.outcomes) == 5
    with sqlite3.connect(page.journal_path) as db:
        attempts = dict(db.execute("SELECT key, attempts FROM devices"))
    assert all(attempts[key] == 1 for key in done)  # nothing finished ran again


@pytest.mark.slow  # a simulator in its own process; the silent modules' timeouts waited
def test_configure_from_a_settings_file_refuses_nothing_else(qtbot, page, cenc, tmp_path: Path) -> None:
    values = {**catalogue.defaults(ModuleType.GSM_2G4G), "apn": "m2m.gui"}
    settings = tmp_path / "apn.json"
    save_settings(settings, ModuleType.GSM_2G4G, values)
    page.operation.setCurrentIndex(page.operation.findData("configure"))
    assert not page.start()  # no settings file yet: said in words
    assert "файл настроек" in page.status.text()
    assert page.load_configuration(settings)
    assert page.start()
    qtbot.waitUntil(lambda: not page.busy(), timeout=60000)
    found = results(page)
    assert found[cenc["silent"][0]] is Result.NO_REPLY and found[cenc["refusing"][0]] is Result.WRONG_PASSWORD
    assert list(found.values()).count(Result.OK) == 3
    ok = next(o for o in page.model.outcomes.values() if o.result is Result.OK)
    assert ok.backup and Path(ok.backup).is_file()


@pytest.mark.slow  # a simulator in its own process; the silent modules' timeouts waited
def test_export_for_cehes_writes_the_devices_that_succeeded(qtbot, page, cenc, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit

    from app.core.fleet_list import load_fleet_list
    from app.ui.cehes_export_dialog import CehesExportDialog

    assert not page.cehes_button.isEnabled()  # no run yet: the tooltip says why
    assert "сначала запустите работу" in page.cehes_button.toolTip()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert not page.cehes_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy(), timeout=60000)
    assert page.cehes_button.isEnabled()
    asked: list[CehesExportDialog] = []

    def fill(dialog: CehesExportDialog) -> int:  # the user fills the dialog's fields and presses OK
        asked.append(dialog)
        assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
        assert (dialog.address.value(), dialog.timeout.value()) == (16, 35)  # the CLI's defaults
        qtbot.keyClicks(dialog.password, "dlms-secret")
        dialog.address.setValue(17)
        return QDialog.DialogCode.Accepted

    out = tmp_path / "to-cehes.xlsx"
    monkeypatch.setattr(CehesExportDialog, "exec", fill)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(out), ""))
    qtbot.mouseClick(page.cehes_button, Qt.MouseButton.LeftButton)
    assert asked and page.busy()  # written in a worker thread
    qtbot.waitUntil(lambda: not page.busy(), timeout=30000)
    assert "Для ceHes: приборов 3" in page.status.text() and "не выгружено" not in page.status.text()
    exported = load_fleet_list(out)  # ceHes takes it: Table 6's rules hold
    succeeded = sorted(s for s, r in results(page).items() if r is Result.OK)
    assert sorted(d.serial for d in exported.devices) == succeeded
    groups = {m["serial"]: f"Г{i % 2}" for i, m in enumerate(cenc["modules"])}
    for device in exported.devices:
        row = device.cehes
        assert row is not None and row.ip == "127.0.0.1" and row.port and row.device_type == "CE308"
        assert row.channel_name == f"CENC 127.0.0.1:{row.port}" and row.group == groups[device.serial]
        assert (row.protocol_name, row.protocol_address, row.protocol_password, row.protocol_timeout) == (
            "DLMS 17", 17, "dlms-secret", 35)
    # without the DLMS password nothing of our list can go to ceHes: said per device, in words
    assert page.export_cehes(tmp_path / "none.xlsx", CehesExportDialog(page).defaults())
    qtbot.waitUntil(lambda: not page.busy(), timeout=30000)
    assert "приборов 0" in page.status.text() and "не указан пароль протокола DLMS" in page.status.text()


def test_a_bad_list_is_refused_in_words(qtbot, qloop, tmp_path: Path) -> None:
    from app.ui.fleet_workspace import FleetWorkspace

    workspace = FleetWorkspace()
    qtbot.addWidget(workspace)
    bad = tmp_path / "bad.csv"
    bad.write_text("Серийный номер;Адрес\r\n1;300.1.1.1\r\n", encoding="utf-8")
    assert not workspace.load_list(bad)
    assert "строка 2" in workspace.status.text() and workspace.model.rowCount() == 0
    assert not workspace.start()
    assert "Сначала загрузите список" in workspace.status.text()


def test_configure_takes_the_module_workspaces_form(qtbot, qloop, app_settings) -> None:
    from app.ui.i18n import install_language
    from app.ui.main_window import MainWindow
    from protocols.errors import ValidationError

    install_language("ru")
    window = MainWindow(app_settings)
    qtbot.addWidget(window)
    window.module_page.settings.set_values(ModuleType.GSM_2G4G, {"apn": "m2m.form"})
    window.module_page.settings.set_module(ModuleType.GSM_2G4G)
    page = window.fleet_page
    assert window.workspaces.tabText(window.workspaces.indexOf(page)) == "Парк приборов"
    assert not page.form_button.isEnabled()  # a status run writes nothing
    page.operation.setCurrentIndex(page.operation.findData("configure"))
    assert page.form_button.isEnabled()
    qtbot.mouseClick(page.form_button, Qt.MouseButton.LeftButton)
    assert page.configuration is not None and "m2m.form" in page.settings_label.text()
    values, keys = page.configuration.values_for(ModuleType.GSM_2G4G)
    assert values["apn"] == "m2m.form" and "apn" in keys
    with pytest.raises(ValidationError):  # made for GSM 2G+4G: an NB-IoT module gets nothing
        page.configuration.values_for(ModuleType.NB_IOT)


@pytest.mark.slow  # a simulator in its own process; the silent modules' timeouts waited
def test_the_demo_fleet_and_its_cehes_list(qtbot, qloop, tmp_path: Path) -> None:
    from app.demo import start_demo
    from app.ui.fleet_workspace import FleetWorkspace
    from app.ui.i18n import install_language

    install_language("ru")
    endpoints, stop = gui_harness.run(qtbot, qloop, start_demo(fleet_modules=5))
    workspace = FleetWorkspace()
    qtbot.addWidget(workspace)
    try:
        workspace.demo_prefill(endpoints)  # the demo fleet's server and its list
        assert workspace.model.rowCount() == 5 and workspace.via.currentData() is Delivery.CENC
        workspace.timeout.setValue(3)  # the silent modules; the others answer in milliseconds
        assert workspace.start()
        qtbot.waitUntil(lambda: not workspace.busy(), timeout=60000)
        over_cenc = results(workspace)
        assert list(over_cenc.values()).count(Result.OK) == 2  # two silent, one with another password
        assert list(over_cenc.values()).count(Result.NO_REPLY) == 2
        # the ceHes workbook: each row a TCP channel to the device's direct-access port on the server
        assert workspace.load_list(Path(endpoints["fleet_cehes"]))
        workspace.via.setCurrentIndex(workspace.via.findData(None))
        assert workspace.start()
        qtbot.waitUntil(lambda: not workspace.busy(), timeout=60000)
        assert results(workspace) == over_cenc
    finally:
        gui_harness.run(qtbot, qloop, stop())
