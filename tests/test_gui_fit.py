"""The window on a field laptop and the inline notes a field engineer relies on.

Our users' laptops: 1366×768 at 125 % (1092×582 logical pixels, less the task bar) and 1920×1080
at 150 % (1280×720). The window's minimum size stays within 1092×582 in both workspaces, with every
delivery method, module type and tab; at the size the window takes on its first start on such a
laptop, every button, switch and check box of every page is on screen and not covered (scrolled
into view where its page scrolls).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QMessageBox, QScrollArea, QTabWidget, QWidget

from app.ui.i18n import install_language
from app.ui.parameter_form import ParameterForm
from app.ui.signal_plot import SignalQualityBar
from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware
from protocols.sms.sms_commands import plan_sms_texts
from tests import gui_harness

pytestmark = pytest.mark.gui
qloop, app_settings = gui_harness.qloop, gui_harness.app_settings

# 1366×768 less a taskbar (40) and a title bar (~31), with a few pixels for the frame
LAPTOP = QSize(1366 - 16, 768 - 40 - 31)
# the same laptop at 125 %: 1092×582 logical pixels is the whole work area, the most the window may ask
MOST = QSize(1092, 582)
# and the window's first size there (MainWindow.first_size: the work area less frame and title bar)
LAPTOP_125 = QSize(1092 - 16, 582 - 40)


@pytest.fixture
def plain_window(qtbot, qloop, app_settings):
    from app.ui.main_window import MainWindow

    install_language("ru")
    win = MainWindow(app_settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    install_language("ru")


def minimum(window: QWidget) -> QSize:
    return window.minimumSizeHint().expandedTo(window.minimumSize())


def tab_paths(tabs: QTabWidget) -> list[list[tuple[QTabWidget, int]]]:
    """Every page of ``tabs`` as the tab clicks that open it (pages with their own tabs: each of those)."""
    from app.ui.fit import ScrollingTabs

    paths = []
    for index in range(tabs.count()):
        page = tabs.page(index) if isinstance(tabs, ScrollingTabs) else tabs.widget(index)
        inner = page if isinstance(page, QTabWidget) else None
        if inner is None:
            paths.append([(tabs, index)])
        else:
            paths += [[(tabs, index), (inner, sub)] for sub in range(inner.count())]
    return paths


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_minimum_size_fits_a_laptop_at_125_percent_everywhere(qtbot, plain_window, lang):
    """Both workspaces, every module type, basic and expert, every method, every tab (the module
    workspace's and the UTMC's): the window never asks for more than 1092×582 logical pixels."""
    plain_window.switch_language(lang)
    page = plain_window.module_page
    seen = QSize(0, 0)
    for workspace in range(plain_window.workspaces.count()):
        plain_window.workspaces.setCurrentIndex(workspace)
        for path in tab_paths(page.tabs) + tab_paths(plain_window.utmc_page.tabs):
            for tabs, index in path:
                tabs.setCurrentIndex(index)
            for expert in (False, True):
                page.settings.expert.setChecked(expert)
                for module in ModuleType:
                    page.settings.set_module(module)
                    for method in Method:
                        page.delivery.set_method(method)
                        size = minimum(plain_window)
                        seen = seen.expandedTo(size)
                        assert size.width() <= MOST.width() and size.height() <= MOST.height(), \
                            (workspace, path, expert, module, method, size)
    assert seen.width() <= MOST.width() and seen.height() <= MOST.height()


def reachable_problems(window: QWidget, root: QWidget) -> list[str]:
    """Buttons, switches and check boxes under ``root`` that are shown but off screen or covered,
    after scrolling each into view within its scroll areas."""
    problems = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or button.width() == 0 or button.window() is not window:
            continue
        areas = []
        parent = button.parentWidget()
        while parent is not None and parent is not window:
            if isinstance(parent, QScrollArea):
                areas.append(parent)
            parent = parent.parentWidget()
        for area in areas:  # innermost first
            area.ensureWidgetVisible(button, 0, 0)
        centre = button.mapTo(window, button.rect().center())
        name = button.objectName() or button.text() or type(button).__name__
        if not window.rect().contains(centre):
            problems.append(f"{name}: outside the window at {centre.toTuple()}")
            continue
        hit = window.childAt(centre)
        if hit is not button and not button.isAncestorOf(hit):
            problems.append(f"{name}: covered by {type(hit).__name__} {hit.objectName() if hit else ''}")
        for area in areas:
            viewport = area.viewport()
            inside = button.mapTo(viewport, QPoint(0, 0))
            if inside.y() < 0 or inside.y() + button.height() > viewport.height() + 1:
                problems.append(f"{name}: cut by its scroll area {area.objectName()}")
    return problems


def test_the_reachability_check_sees_covered_cut_and_outside_buttons(qtbot):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 200)
    fine = QPushButton("fine", window)
    fine.setGeometry(10, 10, 80, 30)
    covered = QPushButton("covered", window)
    covered.setGeometry(10, 60, 80, 30)
    cover = QWidget(window)
    cover.setGeometry(0, 50, 200, 50)
    outside = QPushButton("outside", window)
    outside.setGeometry(400, 10, 80, 30)
    content = QWidget()
    QVBoxLayout(content).addWidget(QPushButton("scrolled"))
    content.setMinimumHeight(400)
    area = QScrollArea(window)
    area.setGeometry(150, 110, 140, 80)
    area.setWidget(content)
    window.show()
    qtbot.waitExposed(window)
    found = reachable_problems(window, window)
    assert [p.split(":")[0] for p in found] == ["covered", "outside"], found  # the scrolled one is brought into view


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_button_is_reachable_at_125_percent(qtbot, plain_window, lang):
    plain_window.switch_language(lang)
    plain_window.resize(LAPTOP_125)
    qtbot.waitUntil(lambda: plain_window.size() == LAPTOP_125)
    page = plain_window.module_page
    page.settings.expert.setChecked(True)
    plain_window.workspaces.setCurrentIndex(0)
    for path in tab_paths(page.tabs):
        for tabs, index in path:
            tabs.setCurrentIndex(index)
        for method in Method:
            page.delivery.set_method(method)
            qtbot.wait(1)  # the layouts settle
            assert reachable_problems(plain_window, plain_window) == [], (path, method)
    plain_window.workspaces.setCurrentIndex(1)
    for path in tab_paths(plain_window.utmc_page.tabs):
        for tabs, index in path:
            tabs.setCurrentIndex(index)
        qtbot.wait(1)
        assert reachable_problems(plain_window, plain_window) == [], path


@pytest.mark.parametrize("size", [LAPTOP, LAPTOP_125], ids=["768px", "768px-125%"])
def test_the_wait_limit_is_in_view_without_scrolling(qtbot, plain_window, size):
    """«Ограничить ожидание подтверждения» (GSM manual §6.4.1.2.1) in view on a 768-pixel laptop, on by default."""
    plain_window.resize(size)
    page = plain_window.module_page
    page.delivery.set_method(Method.SMS)
    qtbot.waitUntil(lambda: plain_window.size() == size)
    qtbot.wait(1)
    limit, scroll = page.phones.limit, page.middle_scroll
    assert scroll.verticalScrollBar().value() == 0
    top = limit.mapTo(scroll.viewport(), QPoint(0, 0)).y()
    assert 0 <= top and top + limit.height() <= scroll.viewport().height(), (top, scroll.viewport().height())
    assert limit.isChecked() and page.phones.wait.isEnabled() and page.phones.wait_limit() == 60.0


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
    old = ParameterForm(ModuleType.GSM_2G4G, False, values, firmware=Firmware(1, 5))
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
        english = ParameterForm(ModuleType.GSM_2G4G, False, {}, firmware=Firmware(1, 5))
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
    assert "MODE —" not in page.transfer.summary.text()  # a fresh form: the mode was not chosen, not sent
    combo = page.settings.form.rows["mode"].editor.widget
    combo.setCurrentIndex(combo.findData("sms"))
    combo.activated.emit(combo.currentIndex())
    page.delivery.sms_text.button.click()
    assert "MODE" in page.transfer.summary.text()
    page.settings.firmware.setText("1.5")
    page.settings.firmware.editingFinished.emit()
    plan = plan_sms_texts(page.settings.module, page.settings.values, "12345678", firmware=Firmware(1, 5))
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
    phones.clear_button.click()  # asks first
    question = phones.clear_question
    assert question is not None and phones.phones() == ["+79001234567"]
    question.button(QMessageBox.StandardButton.Yes).click()
    assert phones.phones() == []


def test_sms_note_only_with_methods_that_send_sms_commands(qtbot, plain_window):
    page = plain_window.module_page
    for method in Method:
        page.delivery.set_method(method)
        assert page.transfer.sms_note.isVisibleTo(page.transfer) is (not method.uses_link), method


def test_transfer_rows_show_values_as_the_form_does():
    from app.core.module_results import ParameterResult
    from app.ui.module_delivery import shown_value
    from protocols.params.catalogue import parameter

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


def test_a_batchs_results_update_their_own_rows_and_widen_the_result_column(qtbot, plain_window):
    """Rows are found by phone without scanning the table; each row widens the column it fills."""
    transfer = plain_window.module_page.transfer
    plain_window.module_page.tabs.setCurrentWidget(transfer)
    phones = [f"+7900{n:07d}" for n in range(300)]
    transfer.start("Отправка SMS")
    for phone in phones:
        transfer.set_row(phone, "ожидание", None)
    width = transfer.table.columnWidth(1)
    for phone in reversed(phones):
        transfer.set_row(phone, "настройки применены, ответ получен", True)
    assert transfer.table.rowCount() == len(phones)
    assert transfer.results() == dict.fromkeys(phones, "настройки применены, ответ получен")
    assert transfer.table.columnWidth(1) > width
    transfer.start("Отправка SMS")  # a new run starts from an empty table: no row of the last one is reused
    transfer.set_row(phones[5], "ожидание", None)
    assert transfer.results() == {phones[5]: "ожидание"}


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
