"""The modem's checks in the window, through the real widgets against a virtual modem on a real pty:
«Проверка модема» with a line per check, the masked PIN dialog (tries left, never saved unless asked,
a wrong PIN forgotten), a busy SIM and a network search waited for, the service-centre field, Cancel,
«Определить модем» and the Master SIM."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from app.core.modem_preflight import ModemWaits
from app.ui.modem_check_widgets import PinDialog
from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from simulators.modem_readiness import ModemConditions
from tests import gui_harness
from tests.gui_harness import run, wait_idle
from tests.modem_fixtures import FakeTime, ModemBench, modem_bench
from tests.test_gui_module import pick_module, type_into

qloop, app_settings, demo, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.demo, gui_harness.window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]


class SlowFakeTime(FakeTime):
    """Fake time whose sleeps still give the window a few milliseconds: a wait can be watched and cancelled.
    From ``held_from`` on, a sleep lasts until it is cancelled: a wait that stays however slow the machine."""

    held_from: float | None = None

    async def sleep(self, seconds: float) -> None:
        if self.held_from is not None and self.now >= self.held_from:
            await asyncio.Event().wait()  # ends only by cancellation
        await super().sleep(seconds)
        await asyncio.sleep(0.005)


@pytest.fixture
def fake_time() -> SlowFakeTime:
    return SlowFakeTime()


@pytest.fixture
def window_modem_waits(fake_time: SlowFakeTime) -> ModemWaits:
    """The window's modem waits on the fake clock the virtual modems share."""
    return ModemWaits(clock=fake_time.clock, sleep=fake_time.sleep)


@pytest.fixture
def modem_factory(qtbot, qloop, fake_time) -> Iterator[Callable[..., ModemBench]]:
    """Starts virtual modems (two meters each) in the window's loop, on the fake clock."""
    contexts = []

    def start(**conditions: object) -> ModemBench:
        context = modem_bench(2, clock=fake_time.clock, conditions=ModemConditions(**conditions))  # type: ignore[arg-type]
        contexts.append(context)
        return run(qtbot, qloop, context.__aenter__())

    yield start
    for context in reversed(contexts):
        run(qtbot, qloop, context.__aexit__(None, None, None))


def use_modem(page, bench: ModemBench, method: Method = Method.SMS) -> None:
    pick_module(page, ModuleType.GSM_2G4G)
    page.delivery.set_method(method)
    page.delivery.modem.port.setEditText(bench.url)
    page.phones.set_phones(list(bench.modules))
    page.phones.limit.setChecked(True)
    page.phones.wait.setValue(5)


def pin_dialog(qtbot, window) -> PinDialog:
    found: list[PinDialog] = []

    def shown() -> bool:
        found[:] = [d for d in window.findChildren(PinDialog) if d.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=10000)
    return found[0]


def answer(qtbot, dialog: PinDialog, pin: str, *, remember: bool = False) -> None:
    assert dialog.pin.echoMode() is QLineEdit.EchoMode.Password
    type_into(qtbot, dialog.pin, pin)
    dialog.remember.setChecked(remember)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def checks(page) -> list[str]:
    return page.delivery.modem.checks.texts()


def test_checks_shown_and_pin_asked_masked_then_every_phone_configured(qtbot, window, modem_factory):
    bench = modem_factory(pin="2468", csq=7)
    page = window.module_page
    use_modem(page, bench)
    page.transfer.send_button.click()
    dialog = pin_dialog(qtbot, window)
    assert dialog.tries.text() == "Осталось попыток: 3."
    assert checks(page) == ["SIM-карта: требуется PIN-код (осталось попыток: 3)"]  # shown while it asks
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    type_into(qtbot, dialog.pin, "24a")  # digits only, 4 to 8
    assert dialog.pin.text() == "24" and not ok.isEnabled()
    answer(qtbot, dialog, "2468")
    wait_idle(qtbot, window, 30)
    assert set(page.transfer.results().values()) == {"ОК"}, page.transfer.results()
    assert checks(page) == [
        "SIM-карта: готова, PIN-код принят", "Сеть: зарегистрирован (домашняя сеть), SIMULATED NET, GSM",
        "Сигнал: -99 дБм — ниже рекомендуемого -85 дБм (GSM): SMS могут не уходить, поднимите антенну модема или "
        "подключите выносную", "SMS-центр: +79168999100", "Память SMS: SM: свободно 30 из 30",
    ]
    assert "⚠" in page.delivery.modem.checks.lines.text() and page.delivery.modem.checks.isVisibleTo(page)
    assert page.transfer.warnings.isVisibleTo(page) and "Сигнал: -99 дБм" in page.transfer.warnings.text()
    assert bench.modem.readiness.pins_entered == ["2468"]
    log = window.log_panel.text()
    assert 'AT+CPIN="****"' in log and "2468" not in log
    page.save_state()
    assert "pin" not in window.app_settings.section("module")["delivery"]["modem"]  # not asked to remember


def test_a_wrong_pin_stops_sends_nothing_and_is_forgotten(qtbot, window, modem_factory):
    bench = modem_factory(pin="2468")
    page = window.module_page
    use_modem(page, bench)
    page.transfer.send_button.click()
    answer(qtbot, pin_dialog(qtbot, window), "1111", remember=True)
    wait_idle(qtbot, window, 30)
    summary = page.transfer.summary.text()
    assert "Ничего не отправлено: Неверный PIN-код" in summary and "Осталось попыток: 2." in summary
    rows = set(page.transfer.results().values())  # every command of the form, for each phone
    row = rows.pop()
    assert not rows and row.startswith("не отправлено APN, ") and row.endswith(": проверка модема не пройдена")
    assert not bench.modem.submitted and bench.modem.readiness.pins_entered == ["1111"]
    stop = page.delivery.modem.checks.stop
    assert stop.isVisibleTo(page) and stop.text().startswith("Неверный PIN-код: SIM-карта его не приняла.")
    assert checks(page) == ["SIM-карта: неверный PIN-код"]
    assert page.delivery.modem.pin == "" and not page.delivery.modem.remember_pin  # never offered again
    page.transfer.send_button.click()
    dialog = pin_dialog(qtbot, window)  # asked again, by the user's own new start
    assert dialog.tries.text() == "Осталось попыток: 2." and dialog.pin.text() == ""
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    wait_idle(qtbot, window, 30)
    assert "SIM-карта требует PIN-код, а он не введён" in page.transfer.summary.text()
    assert bench.modem.readiness.pins_entered == ["1111"]


def test_a_remembered_pin_is_kept_and_used_again_after_a_replug(qtbot, window, modem_factory):
    bench = modem_factory(pin="2468")
    page = window.module_page
    use_modem(page, bench)
    page.transfer.send_button.click()
    answer(qtbot, pin_dialog(qtbot, window), "2468", remember=True)
    wait_idle(qtbot, window, 30)
    page.save_state()
    assert window.app_settings.section("module")["delivery"]["modem"]["pin"] == "2468"  # asked for
    bench.modem.readiness.power_cycle()
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 30)
    assert not [d for d in window.findChildren(PinDialog) if d.isVisible()]
    assert set(page.transfer.results().values()) == {"ОК"}
    assert bench.modem.readiness.pins_entered == ["2468", "2468"]


def test_busy_sim_and_network_search_are_waited_for(qtbot, window, modem_factory, fake_time):
    bench = modem_factory(sim_busy=15, unregistered=20)
    page = window.module_page
    use_modem(page, bench)
    view, shown = page.delivery.modem.checks, []  # every state the view was given, in order
    show = view.show_result

    def record(result):  # type: ignore[no-untyped-def]
        show(result)
        shown.extend(line for line in view.texts() if "ждём" in line)

    view.show_result = record  # type: ignore[method-assign]
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 30)
    assert "SIM-карта: занята (инициализация) — ждём, ещё 60 с" in shown
    assert "Сеть: поиск сети — ждём, ещё 45 с" in shown and not any("ещё 24 с" in line for line in shown)
    assert set(page.transfer.results().values()) == {"ОК"}
    assert 35 <= sum(s for s in fake_time.slept if s <= 1) <= 36  # 15 s busy SIM + 20 s network search
    assert checks(page)[:2] == ["SIM-карта: готова", "Сеть: зарегистрирован (домашняя сеть), SIMULATED NET, GSM"]


def test_cancel_during_the_network_search_sends_nothing(qtbot, window, modem_factory, fake_time):
    bench = modem_factory(unregistered=10_000)
    page = window.module_page
    use_modem(page, bench)
    page.delivery.modem.wait.setValue(600)
    fake_time.held_from = fake_time.now + 5  # the search is still waited for when the cancel comes
    page.transfer.send_button.click()
    qtbot.waitUntil(lambda: "Сеть: поиск сети — ждём" in page.transfer.step.text(), timeout=10000)
    page.transfer.cancel_button.click()
    wait_idle(qtbot, window, 30)
    assert "Ничего не отправлено: Проверка модема отменена" in page.transfer.summary.text()
    assert not bench.modem.submitted


def test_service_centre_field_is_used_when_the_sim_has_none_and_remembered(qtbot, window, modem_factory):
    bench = modem_factory(smsc="")
    page = window.module_page
    use_modem(page, bench)
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 30)
    assert "в поле «SMS-центр» настроек модема" in page.transfer.summary.text() and not bench.modem.submitted
    type_into(qtbot, page.delivery.modem.smsc, "+79160000001")
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 30)
    assert set(page.transfer.results().values()) == {"ОК"}
    assert "SMS-центр: +79160000001 (задан на этот сеанс, на SIM не записан)" in checks(page)
    page.save_state()
    assert window.app_settings.section("module")["delivery"]["modem"]["smsc"] == "+79160000001"


@pytest.mark.slow
def test_detect_shows_the_modems_state(qtbot, window, modem_factory):
    bench = modem_factory(pin="2468")
    page = window.module_page
    use_modem(page, bench)
    page.delivery.modem.detect_button.click()
    wait_idle(qtbot, window, 60)
    assert bench.url in page.delivery.modem.found.text()
    assert checks(page) == ["SIM-карта: требуется PIN-код (осталось попыток: 3)"]
    assert bench.modem.readiness.pins_entered == []


def test_master_sim_asks_for_the_pin(qtbot, window, modem_factory):
    bench = modem_factory(pin="2468", unregistered=10_000)  # the SIM is written without the network
    page = window.module_page
    use_modem(page, bench, Method.MASTER_SIM)
    page.delivery.master_sim.save_button.click()
    answer(qtbot, pin_dialog(qtbot, window), "2468")
    wait_idle(qtbot, window, 30)
    assert "проверка чтением: совпадает" in page.transfer.summary.text()
    assert checks(page) == ["SIM-карта: готова, PIN-код принят"]
