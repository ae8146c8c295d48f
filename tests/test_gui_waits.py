"""The manuals' waits as the engineer sees them: a countdown, then the answer."""

from __future__ import annotations

import pytest

from app.core import channel_waits
from app.demo import DEMO_WAITS
from protocols.delivery_methods import Method
from protocols.module_types import ModuleType
from tests import gui_harness
from tests.gui_harness import wait_idle
from tests.test_gui_module import pick_module, type_into

qloop, app_settings, demo, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.demo, gui_harness.window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]


def test_status_after_configuring_counts_down_the_module_start(qtbot, window):
    channel_waits.WAITS.times = DEMO_WAITS  # the demo's 3 s module start
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "wait.apn")
    page.delivery.set_method(Method.TCP)
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    page.status.buttons["status"].click()
    message = page.status.message
    qtbot.waitUntil(lambda: message.text().startswith("Модуль перезапускается после настройки: ещё"), timeout=2000)
    qtbot.waitUntil(lambda: message.text().endswith("ещё 1 с"), timeout=3000)  # it counts down
    wait_idle(qtbot, window)
    assert page.status.message.text() == "Ответ получен"
    assert page.status.value_labels["version"].text().startswith("c1.0v")


def test_configuring_again_through_the_meter_keeps_the_pause(qtbot, window):
    channel_waits.WAITS.times = DEMO_WAITS  # the demo's 5 s pause (the manual: 30 s for GSM)
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.delivery.set_method(Method.DIRECT)
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 40)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    page.transfer.send_button.click()
    step = page.transfer.step
    pause = "Пауза после последнего сеанса со счётчиком (не менее 5 с): ещё"
    qtbot.waitUntil(lambda: step.text().startswith(pause), timeout=2000)
    qtbot.waitUntil(lambda: step.text() == f"{pause} 1 с", timeout=6000)  # it counts down
    wait_idle(qtbot, window, 40)
    assert page.module_actions.last_ok, page.transfer.summary.text()
