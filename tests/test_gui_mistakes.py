"""Ordinary mistakes under time pressure end well: through the real widgets against the simulators.

A greyed-out field never blocks «Отправить» and is not sent; a mode change that takes the module out
of the method's reach is asked about; a fresh form does not send the mode; a wrong password stops at
the first refusal with a red bar; the progress line ends with the failure; the status tab never shows
an earlier answer as a new one; «Очистить» asks; a refused number is reported for the field; the
Master SIM differing from the form is a warning; switching the language leaves nothing running.
"""

from __future__ import annotations

import asyncio
import socket

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox

from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from simulators.module import VirtualModule
from simulators.transport import TcpSimulatorServer
from tests import gui_harness
from tests.gui_harness import run, wait_idle
from tests.test_gui_module import pick_module, set_choice, type_into

qloop, app_settings, demo, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.demo, gui_harness.window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]


@pytest.fixture
def own_module(qtbot, qloop, window):
    """A GSM 2G+4G module in Server mode of our own (its values and restarts can be looked at),
    chosen on the TCP/IP panel."""
    module = VirtualModule("gsm-2g4g", restart_time=0.05)
    module.values["mode"] = "server"
    server = run(qtbot, qloop, TcpSimulatorServer(module.serve).start())
    page = window.module_page
    page.delivery.tcp.host.setText(server.address[0])
    page.delivery.tcp.port.setValue(server.address[1])
    page.delivery.set_method(Method.TCP)
    yield module
    run(qtbot, qloop, server.close())


def sent_names(page) -> set[str]:
    return {name.split(" = ")[0] for name in page.transfer.results()}


def test_a_greyed_out_field_never_blocks_sending_and_is_not_sent(qtbot, window, own_module):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "client")
    server_row = page.settings.form.rows["server"]
    type_into(qtbot, server_row.editor.widget, "300.1.1.1")
    assert server_row.message.isVisibleTo(page)  # red under the field while it is in use
    set_choice(page, "mode", "server")
    assert not server_row.editor.widget.isEnabled()
    assert not server_row.message.isVisibleTo(page)  # greyed out: no longer checked
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    names = sent_names(page)
    assert "Режим работы" in names and "IP Адрес/DNS Имя" not in names
    assert own_module.values["server"] == "" and own_module.values["mode"] == "server"


def test_a_fresh_form_does_not_send_the_mode(qtbot, window, own_module):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    assert page.settings.form.rows["mode"].editor.value() == "sms"  # what the form shows by default
    assert page.settings.form.rows["mode"].hint.isVisibleTo(page)  # «Не выбран: не передаётся…»
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "fresh.apn")
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    assert "Режим работы" not in sent_names(page)
    assert own_module.values["mode"] == "server" and own_module.values["apn"] == "fresh.apn"


def test_a_mode_from_a_settings_file_is_sent(qtbot, window, own_module, tmp_path):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "server")
    path = tmp_path / "server.json"
    assert window.save_settings(path)
    page.settings.reset_defaults()  # the mode is no longer chosen …
    assert not page.settings.mode_chosen()
    assert window.load_settings(path)  # … until the file brings it
    assert page.settings.mode_chosen() and not page.settings.form.rows["mode"].hint.isVisibleTo(page)
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    assert "Режим работы" in sent_names(page)


def test_a_mode_that_cuts_the_module_off_is_asked_about(qtbot, window, own_module):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "sms")  # over TCP/IP the module would stop accepting connections
    page.transfer.send_button.click()
    question = page.module_actions.question
    assert question is not None and question.isVisible()
    text = question.text()
    assert "«SMS»" in text and "TCP/IP" in text and "по SMS" in text and "по прямому каналу" in text
    question.button(QMessageBox.StandardButton.No).click()
    assert not page.module_actions.runner.busy and own_module.bytes_received == 0  # nothing sent
    assert "Не отправлено" in page.transfer.summary.text()
    set_choice(page, "mode", "client-cenc")
    type_into(qtbot, page.settings.form.rows["server"].editor.widget, "cenc.example.ru")
    page.transfer.send_button.click()
    question = page.module_actions.question
    assert question is not None and "CENC" in question.text()
    question.button(QMessageBox.StandardButton.Yes).click()
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    assert own_module.values["mode"] == "client-cenc"


def test_the_same_mode_or_no_mode_is_not_asked_about(qtbot, window, own_module):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "server")  # the mode TCP/IP needs
    page.transfer.send_button.click()
    assert page.module_actions.question is None
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok


def test_server_mode_through_cenc_is_asked_about(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "server")
    page.delivery.set_method(Method.CENC)
    page.transfer.send_button.click()
    question = page.module_actions.question
    assert question is not None
    text = question.text()
    assert "сервер" in text.lower() and "по TCP/IP — на IP-адрес SIM-карты модуля, порт 8000" in text
    question.button(QMessageBox.StandardButton.No).click()
    assert not page.module_actions.runner.busy


def test_a_wrong_password_stops_at_the_first_refusal_with_a_red_bar(qtbot, window, own_module):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.settings.password.setText("99999999")
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    transfer = page.transfer
    # the first request (reading the module for the backup) is refused: nothing is written
    assert "0x02: Неверный пароль" in transfer.summary.text() and "Ничего не записано" in transfer.summary.text()
    assert "Пароль доступа администратора" in transfer.summary.text()  # what to correct, in the form's words
    assert page.module_actions.backup_question is None  # not offered to write without a backup: it would fail
    assert transfer.failed and "#c62828" in transfer.progress.styleSheet()
    assert transfer.progress.value() < transfer.progress.maximum()  # not a full bar
    assert transfer.step.text().startswith("Остановлено")
    assert own_module.restarts == 0 and own_module.values["apn"] == "internet"
    assert "#b00020" in page.settings.password.styleSheet()  # the field to correct is marked
    type_into(qtbot, page.settings.password, "12345678")
    assert page.settings.password.styleSheet() == ""


def test_the_progress_line_ends_with_the_failure_not_a_stale_step(qtbot, window):
    page = window.module_page
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    page.delivery.tcp.host.setText("127.0.0.1")
    page.delivery.tcp.port.setValue(port)
    page.delivery.set_method(Method.TCP)
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    step = page.transfer.step.text()
    assert "Соединение" not in step and step.startswith("Остановлено: Не удалось подключиться")
    assert f"127.0.0.1:{port}" in page.transfer.summary.text() and "Errno" not in page.transfer.summary.text()
    assert page.transfer.failed


def test_each_status_request_starts_empty_and_says_when_and_where(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.delivery.set_method(Method.TCP)
    page.tabs.setCurrentWidget(page.status)
    status = page.status
    status.buttons["imei"].click()
    wait_idle(qtbot, window)
    imei = status.value_labels["imei"].text()
    assert imei.isdigit()
    source = status.source.text()
    assert "Запросить IMEI" in source and "TCP/IP 127.0.0.1:" in source and "прочитано в" in source
    status.buttons["iccid"].click()  # a new request: the IMEI of the previous one does not stay
    wait_idle(qtbot, window)
    assert status.value_labels["iccid"].text().startswith("89")
    assert status.value_labels["imei"].text() == "Нет данных"
    page.delivery.set_method(Method.CENC)
    page.delivery.cenc.settings.password = "wrong-password"
    status.buttons["status"].click()
    wait_idle(qtbot, window)
    message = status.message.text()
    assert "CENC" in message and "#b00020" in status.message.styleSheet()  # errors are red
    assert "перезапускался" not in message  # a wrong CENC password is not a restart
    assert status.value_labels["iccid"].text() == "Нет данных"  # nothing of the TCP/IP module left
    assert "не прочитано" in status.source.text()


def test_the_restart_note_only_for_a_lost_link_to_the_module_restarted(qtbot, window, own_module):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok
    page.delivery.set_method(Method.CENC)  # another module: its wrong password says nothing of a restart
    page.delivery.cenc.settings.password = "wrong-password"
    page.tabs.setCurrentWidget(page.status)
    page.status.buttons["status"].click()
    wait_idle(qtbot, window)
    assert "перезапускался" not in page.status.message.text()


def test_phone_number_refused_for_the_field_and_clear_asks(qtbot, window):
    page = window.module_page
    page.delivery.set_method(Method.SMS)
    phones = page.phones
    before = phones.phones()
    type_into(qtbot, phones.entry, "12ab")
    phones.add_button.click()
    assert phones.error.isVisibleTo(page) and "«12ab»" in phones.error.text()
    assert "строка" not in phones.error.text()  # a typed number has no line
    assert "#b00020" in phones.entry.styleSheet()
    type_into(qtbot, phones.entry, "+79001112233")
    assert phones.entry.styleSheet() == ""  # typing again clears the mark
    phones.add_button.click()
    phones.clear_button.click()
    assert phones.clear_question is not None
    phones.clear_question.button(QMessageBox.StandardButton.No).click()
    assert phones.phones() == [*before, "+79001112233"]  # «Нет» keeps every number


def test_master_sim_differing_from_the_form_is_a_warning(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "sms")
    page.delivery.set_method(Method.MASTER_SIM)
    page.delivery.master_sim.save_button.click()
    wait_idle(qtbot, window)
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "other.apn")
    page.delivery.master_sim.read_button.click()
    wait_idle(qtbot, window)
    summary = page.transfer.summary
    assert "Отличаются от формы" in summary.text()
    assert "#9a6700" in summary.styleSheet()  # amber, not the success green
    assert "#2e7d32" not in summary.styleSheet()


def test_switching_the_language_leaves_no_old_workspace_alive(qtbot, window):
    old_module, old_utmc = window.module_page, window.utmc_page
    window.switch_language("en")
    try:
        qtbot.waitUntil(lambda: not shiboken6.isValid(old_module) and not shiboken6.isValid(old_utmc))
        assert window.module_page is not old_module and shiboken6.isValid(window.module_page)
        # the new workspaces' only: the module one on screen, the UTMC one once it is opened again
        assert window.log_panel.secret_sources == [window.module_page.secrets]
        utmc = window.utmc_page  # built when asked for, in the new language
        assert window.log_panel.secret_sources == [window.module_page.secrets, utmc.secrets]
    finally:
        window.switch_language("ru")


def test_switching_the_language_closes_the_utmc_link(qtbot, qloop, window):
    utmc = window.utmc_page
    utmc.connection.identify_button.click()
    qtbot.waitUntil(lambda: not utmc.busy(), timeout=10000)
    link = utmc.utmc_actions.link
    assert link is not None and link.is_open
    window.switch_language("en")
    try:
        qtbot.waitUntil(lambda: not link.is_open, timeout=5000)
    finally:
        window.switch_language("ru")
    run(qtbot, qloop, asyncio.sleep(0))


def test_the_status_read_line_survives_a_language_switch(qtbot, window):
    page = window.module_page
    page.delivery.set_method(Method.TCP)
    page.status.buttons["imei"].click()
    wait_idle(qtbot, window)
    window.switch_language("en")
    try:
        status = window.module_page.status
        assert status.value_labels["imei"].text().isdigit()
        assert status.source.text().startswith("Request IMEI: read at ") and "TCP/IP 127.0.0.1:" in status.source.text()
    finally:
        window.switch_language("ru")
