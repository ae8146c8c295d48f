"""SMS scenarios through the real widgets against the demo's simulated modem and meters: our commands
and their warning, firmware before 2.0, a Master SIM loaded into the form, settings read by SMS,
passwords in the exchange log."""

from __future__ import annotations

import pytest

from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from tests import gui_harness
from tests.gui_harness import wait_idle
from tests.test_gui_module import pick_module, set_choice, type_into

qloop, app_settings, demo, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.demo, gui_harness.window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]


def sms_text_lines(page) -> list[str]:
    page.delivery.set_method(Method.SMS_TEXT)
    page.delivery.sms_text.button.click()
    return page.transfer.text.toPlainText().splitlines()


def test_our_commands_only_for_changed_values_with_a_warning(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "sms")  # chosen: MODE is sent; the SMS mode greys out the port and the period
    lines = sms_text_lines(page)
    assert [line.split()[1] for line in lines] == ["APN", "USER", "PSW", "RESET", "MODE"]
    assert not page.transfer.warnings.isVisible()
    page.settings.expert.click()
    set_choice(page, "cellular_mode", "lte_only")
    lines = sms_text_lines(page)
    assert "12345678 CELL 2" in lines and not any(" AUTH" in line or " BANDS" in line for line in lines)
    warning = page.transfer.warnings.text()
    assert page.transfer.warnings.isVisibleTo(page) and "CELL" in warning and "0x06" in warning


def test_firmware_before_2_0_keeps_the_mode_field_and_leaves_mode_and_psw_out(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    type_into(qtbot, page.settings.firmware, "c1.0v1.4.8420.1.1.1")  # the manual's example module
    page.settings.firmware.editingFinished.emit()
    mode_row = page.settings.form.rows["mode"]
    assert mode_row.container.isVisibleTo(page) and page.settings.form.rows["apn_password"].container.isVisibleTo(page)
    set_choice(page, "mode", "server")
    lines = sms_text_lines(page)
    assert lines[-1].split()[1] == "RESET" and not any(" PSW" in line or " MODE" in line for line in lines)
    warning = page.transfer.warnings.text()
    assert "1.4" in warning and "PSW, MODE" in warning and "2.0" in warning


def test_master_sim_read_is_compared_with_the_form_and_loaded_into_it(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    set_choice(page, "mode", "client")
    type_into(qtbot, page.settings.form.rows["server"].editor.widget, "srv.sim.ru")
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "sim.apn")
    page.delivery.set_method(Method.MASTER_SIM)
    page.delivery.master_sim.save_button.click()
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    page.delivery.master_sim.read_button.click()
    wait_idle(qtbot, window)
    assert "Совпадают с формой настроек" in page.transfer.summary.text()
    assert not page.transfer.load_button.isVisibleTo(page)
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "other.apn")
    set_choice(page, "mode", "server")
    page.delivery.master_sim.read_button.click()
    wait_idle(qtbot, window)
    summary = page.transfer.summary.text()
    assert "Отличаются от формы" in summary and "Точка доступа (APN)" in summary and "Режим работы" in summary
    assert page.transfer.load_button.isVisibleTo(page)
    assert not any(line.startswith("12345678") for line in page.transfer.text.toPlainText().splitlines())
    page.transfer.load_button.click()
    values = page.settings.values
    assert values["apn"] == "sim.apn" and values["mode"] == "client" and values["server"] == "srv.sim.ru"
    assert page.settings.form.rows["apn"].editor.value() == "sim.apn"
    assert "загружены в форму" in page.transfer.summary.text()


def test_settings_by_sms_on_the_status_tab(qtbot, window, tmp_path):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.delivery.set_method(Method.SMS)
    page.tabs.setCurrentWidget(page.status)
    assert page.status.sms_box.isVisibleTo(page) and page.status.sms_button.isEnabled()
    assert not page.status.buttons["status"].isEnabled()
    type_into(qtbot, page.phones.entry, "+79005550099")  # nobody: no reply
    page.phones.add_button.click()
    page.phones.limit.setChecked(True)
    page.phones.wait.setValue(3)
    page.status.sms_button.click()
    wait_idle(qtbot, window, 30)
    results = page.status.sms_results()
    first = results["+79001234501"]
    assert first[0] == "ОК", results
    assert "internet" in first and "8000" in first  # the server and its port in columns of their own
    assert "SMS не доставлено: номер не обслуживается" in results["+79005550099"][0]  # nobody has this number
    assert "Ответили на все запросы: 3 из 4" in page.status.message.text()
    assert not page.status.buttons["status"].isEnabled()  # still the SMS method after the operation
    log = window.log_panel.text()
    assert "PDU → +79001234501: ******** MODE" in log and "12345678" not in log
    saved = tmp_path / "log.txt"
    window.log_panel.save(saved)
    text = saved.read_text(encoding="utf-8")
    assert "******** APN" in text and "12345678" not in text


@pytest.mark.parametrize("piece", [1, 3, 17, 64, 1000])
def test_log_decodes_pdus_split_between_reads_and_masks_their_passwords(qtbot, piece):
    from datetime import datetime

    from app.ui.log_panel import LogPanel
    from protocols.sms.sms_pdu import encode_deliver, encode_submit

    log = LogPanel()
    qtbot.addWidget(log)
    log.secret_sources.append(lambda: ["apnSecret"])
    modem = log.listener("Модем")
    submit = encode_submit("+79001234501", "87654321 PSW apnSecret")[0].hex.encode()
    modem("tx", submit + b"\x1a")
    stored = encode_submit("", "12345678 APN sim.apn")[0].hex.encode()
    reply = encode_deliver("+79001234501", "CE208\r\n012345678\r\nAPN: inet\r\nuser\r\nother", datetime(2024, 1, 2))
    listing = b"\r\n+CMGL: 1,2,,22\r\n" + stored + b"\r\n+CMGL: 2,1,,40\r\n" + reply[0].hex.encode() + b"\r\n\r\nOK\r\n"
    for start in range(0, len(listing), piece):  # the modem's answer arrives in pieces
        modem("rx", listing[start:start + piece])
    text = log.text()
    assert "PDU → +79001234501: ******** PSW *********" in text
    assert "PDU → —: ******** APN sim.apn" in text
    assert "PDU ← +79001234501: CE208\\r\\n012345678\\r\\nAPN: inet\\r\\nuser\\r\\n*****" in text
    for secret in ("87654321", "12345678 ", "apnSecret", "other", stored.decode()[:30]):
        assert secret not in text
    modem("tx", b"AT\r")
    assert text.count("PDU") == 3


def test_without_the_mode_chosen_the_restart_command_is_left_out_and_said_so(qtbot, window):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.settings.values.pop("mode", None)  # «Не выбран»: the module keeps its mode
    page.settings.form.reload()
    lines = sms_text_lines(page)
    assert lines and "MODE" not in [line.split()[1] for line in lines]
    assert "команда MODE не отправляется" in page.transfer.warnings.text()
    assert "MODE" not in page.transfer.summary.text()
    set_choice(page, "mode", "sms")
    lines = sms_text_lines(page)
    assert lines[-1].split()[1] == "MODE" and "Команда MODE — последней." in page.transfer.summary.text()
    assert "не отправляется" not in page.transfer.warnings.text()
