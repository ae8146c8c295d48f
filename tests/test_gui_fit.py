"""The window on a field laptop (1366×768) and the inline notes a field engineer relies on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QBoxLayout

from app.ui.i18n import install_language
from app.ui.parameter_form import ParameterForm
from app.ui.signal_plot import SignalQualityBar
from protocols.delivery_methods import Method
from protocols.module_types import ModuleType
from protocols.sms_commands import plan_sms_texts
from tests import gui_harness

pytestmark = pytest.mark.gui
qloop, app_settings = gui_harness.qloop, gui_harness.app_settings

# 1366×768 less a taskbar (40) and a title bar (~31), with a few pixels for the frame
LAPTOP = QSize(1366 - 16, 768 - 40 - 31)


@pytest.fixture
def plain_window(qtbot, qloop, app_settings):
    from app.ui.main_window import MainWindow

    install_language("ru")
    win = MainWindow(app_settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    install_language("ru")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_window_fits_a_laptop_screen_with_every_method_and_module(qtbot, plain_window, lang):
    plain_window.switch_language(lang)
    page = plain_window.module_page
    page.settings.expert.setChecked(True)
    for module in ModuleType:
        page.settings.set_module(module)
        for method in Method:
            page.delivery.set_method(method)
            hint = plain_window.minimumSizeHint()
            assert hint.width() <= LAPTOP.width() and hint.height() <= LAPTOP.height(), (module, method, hint)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_module_tab_is_whole_on_a_laptop_screen(qtbot, plain_window, lang):
    plain_window.switch_language(lang)
    plain_window.resize(LAPTOP)
    tabs = plain_window.module_page.tabs
    bar = tabs.tabBar()
    qtbot.waitUntil(lambda: plain_window.width() == LAPTOP.width())
    qtbot.waitUntil(lambda: bar.sizeHint().width() <= tabs.width())  # no "…", no scroll arrows
    assert not tabs.usesScrollButtons()  # narrower still: names shortened with "…", never hidden tabs
    assert [tabs.tabToolTip(i) for i in range(tabs.count())] == [tabs.tabText(i) for i in range(tabs.count())]


def test_status_columns_stack_when_the_tab_is_narrow(qtbot, plain_window):
    status = plain_window.module_page.status
    plain_window.module_page.tabs.setCurrentWidget(status)
    status.resize(600, 500)
    qtbot.waitUntil(lambda: status.columns.direction() is QBoxLayout.Direction.TopToBottom)
    status.resize(900, 500)
    qtbot.waitUntil(lambda: status.columns.direction() is QBoxLayout.Direction.LeftToRight)


def test_first_start_window_is_no_larger_than_the_screen(qtbot, plain_window):
    free = plain_window.screen().availableSize()
    size = plain_window.first_size()
    assert size.width() <= max(free.width(), plain_window.minimumSizeHint().width())
    assert size.height() <= max(free.height(), plain_window.minimumSizeHint().height())
    assert size.width() <= 1400 and size.height() <= 900


def test_mode_and_apn_password_fields_note_the_firmware_without_their_sms_commands(qtbot):
    install_language("ru")
    values: dict[str, object] = {}
    old = ParameterForm(ModuleType.GSM_2G4G, False, values, firmware=(1, 5))
    qtbot.addWidget(old)
    old.show()
    for key, command in (("mode", "MODE"), ("apn_password", "PSW")):
        note = old.rows[key].firmware_note
        assert note.isVisibleTo(old), key
        assert command in note.text() and "2.0" in note.text() and "1.5" in note.text()
    assert not old.rows["apn"].firmware_note.isVisibleTo(old)  # APN exists in every firmware
    for firmware in ((2, 0), None):  # the command exists, or the firmware is unknown: no note
        form = ParameterForm(ModuleType.GSM_2G4G, False, {}, firmware=firmware)
        qtbot.addWidget(form)
        assert not form.rows["mode"].firmware_note.isVisibleTo(form)
    install_language("en")
    try:
        english = ParameterForm(ModuleType.GSM_2G4G, False, {}, firmware=(1, 5))
        qtbot.addWidget(english)
        assert "MODE" in english.rows["mode"].firmware_note.text()
        assert not any("а" <= ch <= "я" for ch in english.rows["mode"].firmware_note.text().lower())
    finally:
        install_language("ru")


def test_firmware_typed_into_the_column_shows_the_note(qtbot, plain_window):
    settings = plain_window.module_page.settings
    settings.firmware.setText("1.4")
    settings.firmware.editingFinished.emit()
    assert settings.form is not None and settings.form.rows["mode"].firmware_note.isVisibleTo(settings.form)
    settings.firmware.setText("2.7")
    settings.firmware.editingFinished.emit()
    assert not settings.form.rows["mode"].firmware_note.isVisibleTo(settings.form)


def test_generated_sms_text_mentions_mode_only_when_it_is_sent(qtbot, plain_window):
    page = plain_window.module_page
    page.delivery.set_method(Method.SMS_TEXT)
    page.delivery.sms_text.button.click()
    assert "MODE" in page.transfer.summary.text()
    page.settings.firmware.setText("1.5")
    page.settings.firmware.editingFinished.emit()
    plan = plan_sms_texts(page.settings.module, page.settings.values, "12345678", firmware=(1, 5))
    assert "MODE" in plan.skipped
    page.delivery.sms_text.button.click()
    assert page.transfer.text.toPlainText().count("\n") == len(plan.texts) - 1
    assert "MODE —" not in page.transfer.summary.text()


def test_signal_bar_text_is_centred_once_coloured(qtbot):
    bar = SignalQualityBar()
    qtbot.addWidget(bar)
    bar.show_level(7)
    assert "text-align: center" in bar.styleSheet()


def test_phone_error_shows_only_while_a_number_is_refused(qtbot, plain_window):
    phones = plain_window.module_page.phones
    plain_window.module_page.delivery.set_method(Method.SMS)
    assert not phones.error.isVisibleTo(phones)
    phones.entry.setText("12ab")
    phones.add_button.click()
    assert phones.error.isVisibleTo(phones) and phones.error.text()
    phones.entry.setText("+79001234567")
    phones.add_button.click()
    assert not phones.error.isVisibleTo(phones)
    assert phones.phones()[-1] == "+79001234567"
    phones.clear_button.click()
    assert phones.phones() == []


def test_sms_note_only_with_methods_that_send_sms_commands(qtbot, plain_window):
    page = plain_window.module_page
    for method in Method:
        page.delivery.set_method(method)
        assert page.transfer.sms_note.isVisibleTo(page.transfer) is (not method.uses_link), method


def test_transfer_rows_show_values_as_the_form_does():
    from app.core.module_results import ParameterResult
    from app.ui.module_delivery import shown_value
    from protocols.catalogue import parameter

    install_language("ru")
    assert shown_value(ParameterResult(parameter("mode"), "server")) == "Сервер"
    assert shown_value(ParameterResult(parameter("cellular_mode"), "auto")) != "auto"
    bands = parameter("bands")
    chosen = frozenset(c.value for c in bands.choices[:2])
    assert shown_value(ParameterResult(bands, chosen)) == ", ".join(
        c.label.ru for c in bands.choices[:2])
    assert shown_value(ParameterResult(parameter("mode"), "no-such-mode")) == "no-such-mode"
    assert shown_value(ParameterResult(parameter("apn_password"), "secret")) == "••••••"
    assert shown_value(ParameterResult(parameter("period"), 300)) == "300"
    install_language("en")
    try:
        assert shown_value(ParameterResult(parameter("mode"), "server")) == "Server"
    finally:
        install_language("ru")


def test_result_column_stays_in_view_with_a_long_parameter_row(qtbot, plain_window):
    transfer = plain_window.module_page.transfer
    plain_window.module_page.tabs.setCurrentWidget(transfer)
    name = "Рабочие частоты = " + ", ".join(f"Полоса LTE {n}" for n in range(1, 40))
    transfer.set_row(name, "применено", True)
    table = transfer.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    right = table.columnViewportPosition(1) + table.columnWidth(1)
    assert right <= table.viewport().width()
    assert table.item(0, 0).toolTip() == name


def test_phone_list_file_with_bad_lines_is_reported_and_nothing_lost(qtbot, plain_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    phones = plain_window.module_page.phones
    plain_window.module_page.delivery.set_method(Method.SMS)
    phones.set_phones(["+79001234567"])
    bad = tmp_path / "phones.txt"
    bad.write_text("+79001112233\nhello\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    phones.load_button.click()
    assert phones.error.isVisibleTo(phones)
    assert "2" in phones.error.text()  # the bad line is named by its number
    assert phones.phones() == ["+79001234567"]  # what was in the list is not lost
    good = tmp_path / "good.txt"
    good.write_text("+79001112233\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    phones.load_button.click()
    assert not phones.error.isVisibleTo(phones)
    assert phones.phones() == ["+79001112233"]
