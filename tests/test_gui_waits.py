"""The manuals' waits as the engineer sees them: a countdown, then the answer.

The window's waits run on a fake clock whose sleep moves it on at once, and every line the window was
given to show is recorded as it is shown (not sampled against the real time), so the countdown is
checked second by second. The demo's modules restart at once here: what follows the countdown is the
module's answer however busy the machine is. The waits' arithmetic itself is tests/test_channel_waits.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.channel_waits import ChannelWaits
from app.demo import DEMO_WAITS, start_demo
from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from tests import gui_harness
from tests.gui_harness import run, wait_idle
from tests.modem_fixtures import FakeTime
from tests.test_gui_module import pick_module, type_into

qloop, app_settings, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]

RESTARTING = "Модуль перезапускается после настройки: ещё"
PAUSE = "Пауза после последнего сеанса со счётчиком (не менее 5 с): ещё"


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def window_waits(fake_time: FakeTime) -> ChannelWaits:
    """The demo's waits (3 s module start, 5 s pause through a GSM module's meter) on the fake clock."""
    return ChannelWaits(DEMO_WAITS, clock=fake_time.clock, sleep=fake_time.sleep)


@pytest.fixture
def demo(qtbot, qloop) -> Iterator[dict[str, str]]:
    endpoints, stop = run(qtbot, qloop, start_demo(restart_time=0.0, fleet_modules=0, pace=gui_harness.TEST_PACE))
    yield endpoints
    run(qtbot, qloop, stop())


def recorded(widget: object, method: str, text_at: int) -> list[str]:
    """Every text ``widget.method`` is given from now on (its argument number ``text_at``), in order."""
    shown: list[str] = []
    original = getattr(widget, method)

    def record(*args: object, **kwargs: object) -> None:
        shown.append(str(args[text_at]))
        original(*args, **kwargs)

    setattr(widget, method, record)
    return shown


def test_status_after_configuring_counts_down_the_module_start(qtbot, window, fake_time: FakeTime) -> None:
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "wait.apn")
    page.delivery.set_method(Method.TCP)
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    shown, slept = recorded(page.status, "show_message", 0), len(fake_time.slept)
    page.status.buttons["status"].click()
    wait_idle(qtbot, window)
    assert [text for text in shown if text.startswith(RESTARTING)] == [f"{RESTARTING} {n} с" for n in (3, 2, 1)]
    assert fake_time.slept[slept:] == [1.0, 1.0, 1.0]  # the demo's 3 s module start, a second at a time
    assert page.status.message.text() == "Ответ получен"
    assert page.status.value_labels["version"].text().startswith("c1.0v")


def test_configuring_again_through_the_meter_keeps_the_pause(qtbot, window, fake_time: FakeTime) -> None:
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.delivery.set_method(Method.DIRECT)
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 40)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    shown, slept = recorded(page.transfer, "show_progress", 2), len(fake_time.slept)
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 40)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    # the 5 s pause after the meter session outlasts the 3 s module start: the longer one is counted down
    assert [text for text in shown if text.startswith(PAUSE)] == [f"{PAUSE} {n} с" for n in (5, 4, 3, 2, 1)]
    assert not any(text.startswith(RESTARTING) for text in shown)
    assert fake_time.slept[slept:] == [1.0] * 5
