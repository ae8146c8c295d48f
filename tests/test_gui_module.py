"""Whole scenarios through the real widgets of the module configurator against the simulators."""

from __future__ import annotations

import pytest

from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from tests import gui_harness
from tests.gui_harness import wait_idle

# the shared fixtures, by name
qloop, app_settings, demo, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.demo, gui_harness.window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]


def pick_module(page, module: ModuleType) -> None:
    combo = page.settings.module_combo
    combo.setCurrentIndex(combo.findData(module.value))


def type_into(qtbot, widget, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def set_choice(page, key: str, value: str) -> None:
    combo = page.settings.form.rows[key].editor.widget
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def test_module_type_basic_and_expert_fields(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    basic = set(page.settings.form.rows)
    page.settings.expert.click()
    expert = set(page.settings.form.rows)
    assert basic < expert and {"cellular_mode", "bands"} <= expert - basic
    pick_module(page, ModuleType.NB_IOT)
    assert "mqtt_host" in page.settings.form.rows and "bands" not in page.settings.form.rows
    assert not page.delivery.buttons[Method.SMS].isEnabled()  # 000 §7.4: no SMS via modem for NB-IoT
    # firmware 2.6 or lower: no TCP/IP nor CENC for NB-IoT
    type_into(qtbot, page.settings.firmware, "2.6")
    page.settings.firmware.editingFinished.emit()
    assert not page.delivery.buttons[Method.TCP].isEnabled()
    assert not page.delivery.buttons[Method.CENC].isEnabled()
    type_into(qtbot, page.settings.firmware, "2.7")
    page.settings.firmware.editingFinished.emit()
    assert page.delivery.buttons[Method.TCP].isEnabled()


def test_invalid_input_is_refused_with_reasons(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "client")
    row = page.settings.form.rows["server"]
    assert row.editor.widget.isEnabled()
    type_into(qtbot, row.editor.widget, "300.1.1.1")
    assert row.message.isVisibleTo(page) and "Y.X.X.X" in row.message.text()
    page.settings.form.rows["period"].editor.widget.clear()
    qtbot.keyClicks(page.settings.form.rows["period"].editor.widget, "abc")
    page.delivery.set_method(Method.TCP)
    page.transfer.send_button.click()
    text = page.transfer.summary.text()
    assert "Настройки не отправлены" in text and "Y.X.X.X" in text and "abc" in text
    assert not page.module_actions.runner.busy  # nothing was sent


def test_configure_and_read_every_status_over_tcp(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.settings.expert.click()
    set_choice(page, "mode", "server")
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "tcp.apn")
    page.delivery.set_method(Method.TCP)
    assert page.transfer.send_button.isEnabled()
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    transfer = page.transfer
    assert page.module_actions.last_ok, (transfer.summary.text(), transfer.step.text(), transfer.results())
    assert any("tcp.apn" in name for name in page.transfer.results())
    page.status.buttons["all"].click()  # every request into one panel
    wait_idle(qtbot, window)
    labels = page.status.value_labels
    assert labels["imei"].text().isdigit() and len(labels["imei"].text()) == 15
    assert labels["iccid"].text().startswith("89")
    assert "дБм" in labels["signal"].text()
    assert labels["version"].text().startswith("c1.0v")
    assert page.status.quality.value() > 0
    page.status.clear_button.click()
    assert page.status.value_labels["imei"].text() == "Нет данных"
    assert "••" not in window.log_panel.text() and "12345678" not in window.log_panel.text()


def test_configure_over_cenc(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "client-cenc")
    server, port = window.demo_endpoints["cenc_host"], int(window.demo_endpoints["cenc_port"])
    page.settings.values.update(server=server, port=port)
    page.settings.form.reload()
    page.delivery.set_method(Method.CENC)
    page.status.buttons["status"].click()
    wait_idle(qtbot, window)
    assert page.status.value_labels["system_address"].text().startswith("0.0.0.")
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 30)
    assert page.module_actions.last_ok, page.transfer.summary.text()


def test_configure_over_direct_channel(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "direct.apn")
    page.delivery.set_method(Method.DIRECT)
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 40)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    assert "777777" not in window.log_panel.text()


def test_sms_batch_with_one_failing_phone(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.delivery.set_method(Method.SMS)
    assert page.phones.isVisible()
    type_into(qtbot, page.phones.entry, "8 (900) 555-00-99")  # nobody has this number: no reply
    page.phones.add_button.click()
    assert "+79005550099" in page.phones.phones()
    page.phones.limit.setChecked(True)
    page.phones.wait.setValue(10)
    set_choice(page, "mode", "sms")  # chosen: the batch ends with MODE, the module applies the settings
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "sms.apn")
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 40)
    results = page.transfer.results()
    assert results["+79001234501"] == "ОК", results
    assert "SMS не доставлено: номер не обслуживается" in results["+79005550099"]  # nobody has this number
    assert not page.module_actions.last_ok
    assert "Настройки применены: 3 из 4" in page.transfer.summary.text()
    progress = page.transfer.progress
    assert progress.value() == progress.maximum() > 1  # the batch ran to its end: 100 %
    assert not page.transfer.warnings.isVisible()  # documented commands only: nothing of ours
    log = window.log_panel.text()
    assert "PDU → +79001234501: ******** APN sms.apn" in log  # decoded, the password masked
    assert "12345678" not in log


def test_generate_sms_text(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "server")
    page.delivery.set_method(Method.SMS_TEXT)
    page.delivery.sms_text.button.click()
    lines = page.transfer.text.toPlainText().splitlines()
    assert lines and lines[-1].startswith("12345678 MODE")
    assert page.transfer.text.isVisibleTo(page)


def test_master_sim_write_and_read(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "server")
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "sim.apn")
    page.delivery.set_method(Method.MASTER_SIM)
    assert page.transfer.send_button.text() == "Сохранить на SIM"
    page.delivery.master_sim.save_button.click()
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    written = page.transfer.results()
    assert written and all(v == "записано" for v in written.values())
    page.delivery.master_sim.read_button.click()
    wait_idle(qtbot, window)
    texts = page.transfer.text.toPlainText().splitlines()
    assert any("sim.apn" in t for t in texts) and "MODE" in texts[-1]
    assert not any(t.startswith("12345678") for t in texts)  # the password is masked


@pytest.mark.slow
def test_detect_modem_and_sms_storage(qtbot, window):
    page = window.module_page
    page.delivery.set_method(Method.SMS)
    modem = page.delivery.modem
    modem.baud.setEditText("9600")
    modem.detect_button.click()
    wait_idle(qtbot, window, 30)
    assert modem.port_name() == window.demo_endpoints["modem_port"], modem.found.text()
    assert "Найден модем" in modem.found.text()
    page.storage.list_button.click()
    wait_idle(qtbot, window)
    assert page.storage.message.text().startswith("Сообщений в хранилище:")
    page.module_actions.clear_storage_now("SM")
    wait_idle(qtbot, window)
    assert page.storage.message.text().startswith("Удалено сообщений:")
    assert page.storage.table.rowCount() == 0


def test_status_tab_unfolds_what_the_leds_mean_for_the_module_type(qtbot, window):
    from PySide6.QtCore import Qt

    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.tabs.setCurrentWidget(page.status)
    leds = page.status.leds
    assert leds.toggle.isVisibleTo(page) and not leds.isVisibleTo(page)  # folded away until asked for
    qtbot.mouseClick(leds.toggle, Qt.MouseButton.LeftButton)
    assert leds.isVisibleTo(page) and not leds.cycle.isVisibleTo(page)
    rows = leds.rows()  # 001 Appendix В, in the manual's words and order
    assert len(rows) == 7
    assert rows[0] == ["Светодиод (красный)", "Горит постоянно - норма", "При наличии питания модуля от счетчика."]
    assert rows[-1][1:] == ["F2 непрерывно светится", "SIM инициализирована, успешная регистрация в сети оператора"]
    pick_module(page, ModuleType.NB_IOT)
    rows = leds.rows()  # 000 Appendix Б, with the four-flash cycle explained above the table
    assert len(rows) == 10 and rows[-1] == ["LED2", "4-я вспышка (длинная)", "Зарегистрирован на сервере CENC"]
    assert leds.cycle.isVisibleTo(page) and "4 раза" in leds.cycle.text()
    pick_module(page, ModuleType.GSM_2G4G)
    page.delivery.set_method(Method.SMS)  # no link to read the status over: the LEDs still explained
    assert leds.toggle.isEnabled() and leds.isVisibleTo(page) and len(leds.rows()) == 7
    qtbot.mouseClick(leds.toggle, Qt.MouseButton.LeftButton)
    assert not leds.isVisibleTo(page)
