"""«Прочитать настройки» and the backup before «Отправить», through the real widgets against the demo's
simulators (TCP/IP, CENC and the meter's direct channel over loopback TCP and a pty; SMS through the
virtual modem)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.core.settings_store import load_settings
from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from simulators.module import VirtualModule
from simulators.transport import TcpSimulatorServer
from tests import gui_harness
from tests.gui_harness import run, wait_idle

qloop, app_settings, demo, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.demo, gui_harness.window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(120)]


def set_text(qtbot, page, key: str, text: str) -> None:
    widget = page.settings.form.rows[key].editor.widget
    widget.clear()
    qtbot.keyClicks(widget, text)


def backup_in(summary: str) -> Path:
    found = re.search(r"Резервная копия \(.*\): (\S+\.json)", summary)
    assert found, summary
    return Path(found.group(1))


@pytest.mark.parametrize("method", [Method.TCP, Method.CENC, pytest.param(Method.DIRECT, marks=pytest.mark.slow)])
def test_read_change_send_with_a_backup(qtbot, window, method, user_home):
    page = window.module_page
    page.settings.set_module(ModuleType.GSM_2G4G)
    page.delivery.set_method(method)
    assert page.transfer.read_button.isVisible()
    set_text(qtbot, page, "apn", "typed.before.reading")
    page.transfer.read_button.click()
    wait_idle(qtbot, window, 40)
    transfer = page.transfer
    assert page.settings.values["apn"] == "internet", transfer.summary.text()  # the module's, not the typed one
    rows = transfer.results()
    assert rows["Точка доступа (APN) = internet"] == "прочитано — в форме было: typed.before.reading"
    assert "перенесены в форму" in transfer.summary.text() and "Пароли доступа модуль не сообщает" in \
        transfer.summary.text()
    assert page.settings.form.rows["apn"].editor.widget.text() == "internet"

    set_text(qtbot, page, "apn", f"{method.value}.apn")
    transfer.send_button.click()
    wait_idle(qtbot, window, 40)
    assert page.module_actions.last_ok, transfer.summary.text()
    backup = backup_in(transfer.summary.text())
    assert backup.parent == user_home / "backups" and load_settings(backup).values["apn"] == "internet"
    page.transfer.read_button.click()  # what the module holds now
    wait_idle(qtbot, window, 40)
    assert page.settings.values["apn"] == f"{method.value}.apn", transfer.summary.text()
    assert "12345678" not in window.log_panel.text()


def test_read_by_sms_fills_what_the_documented_queries_report(qtbot, window):
    page = window.module_page
    page.settings.set_module(ModuleType.GSM_2G4G)
    page.delivery.set_method(Method.SMS)
    page.phones.limit.setChecked(True)
    page.phones.wait.setValue(60)
    page.settings.values.update(mode="client", server="10.9.9.9", cellular_mode="lte_only")
    page.settings.rebuild()
    page.transfer.read_button.click()  # three phones, none chosen: which one?
    assert "Выберите в списке номер" in page.transfer.summary.text() and not page.module_actions.runner.busy
    page.phones.list.setCurrentRow(1)
    page.transfer.read_button.click()
    wait_idle(qtbot, window, 40)
    summary = page.transfer.summary.text()
    assert page.settings.values["mode"] == "sms" and page.settings.values["server"] == "", summary
    assert page.settings.values["cellular_mode"] == "lte_only"  # no SMS query reports it: left as it was
    assert page.phones.phones()[1] in summary and "остальные поля формы не изменены" in summary
    assert page.transfer.results()["Режим работы = SMS"].startswith("прочитано по SMS — в форме было: Клиент")


@pytest.fixture
def unreadable_module(qtbot, qloop):
    module = VirtualModule(ModuleType.GSM_2G4G, restart_time=0.05)
    module.reads_refused = True
    server = run(qtbot, qloop, TcpSimulatorServer(module.serve).start("127.0.0.1", 0))
    yield module, server.address[1]
    run(qtbot, qloop, server.close())


def test_an_unreadable_module_is_written_only_after_the_question(qtbot, window, unreadable_module, user_home):
    module, port = unreadable_module
    page = window.module_page
    page.settings.set_module(ModuleType.GSM_2G4G)
    page.delivery.set_method(Method.TCP)
    page.delivery.tcp.host.setText("127.0.0.1")
    page.delivery.tcp.port.setValue(port)
    set_text(qtbot, page, "apn", "forced.apn")
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    box = page.module_actions.backup_question
    assert box is not None and box.isVisible(), page.transfer.summary.text()
    assert "Ничего не записано" in page.transfer.summary.text() and module.values["apn"] == "internet"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    wait_idle(qtbot, window)
    assert module.values["apn"] == "internet" and not (user_home / "backups").exists()

    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    page.module_actions.backup_question.findChild(type(page.transfer.send_button), "write_without_backup").click()
    qtbot.waitUntil(lambda: module.values["apn"] == "forced.apn", timeout=10000)
    wait_idle(qtbot, window)
    assert "без резервной копии" in page.transfer.summary.text()

    module.reads_refused = False
    page.settings.password.setText("11111111")  # a wrong password: stopped, and nothing to ask
    page.module_actions.backup_question = None
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    assert "Неверный пароль" in page.transfer.summary.text() and page.module_actions.backup_question is None
