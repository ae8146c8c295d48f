"""The direct-channel panel's «Контроль чётности 7-E-1» through the real widgets and the demo meter."""

from __future__ import annotations

import pytest

from protocols.params.delivery_methods import Method
from simulators.transport import pty_supported
from tests import gui_harness
from tests.gui_harness import wait_idle

qloop, app_settings, demo, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.demo, gui_harness.window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]


def test_parity_choice_reaches_the_link_and_is_remembered(qtbot, window):
    page = window.module_page
    page.delivery.set_method(Method.DIRECT)
    panel = page.delivery.direct
    assert [panel.parity.itemData(i) for i in range(panel.parity.count())] == ["auto", "software", "hardware"]
    assert panel.channel().parity == "auto"
    panel.parity.setCurrentIndex(panel.parity.findData("software"))
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 40)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    state = page.delivery.state()
    panel.parity.setCurrentIndex(0)
    page.delivery.restore(state)
    assert panel.channel().parity == "software"


@pytest.mark.skipif(not pty_supported(), reason="the demo meter is on a pty here")
def test_hardware_parity_on_a_port_without_7e1_is_refused_in_words(qtbot, window):
    page = window.module_page
    page.delivery.set_method(Method.DIRECT)
    panel = page.delivery.direct
    panel.parity.setCurrentIndex(panel.parity.findData("hardware"))
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 40)
    assert not page.module_actions.last_ok
    assert "не поддерживает 7E1" in page.transfer.summary.text()
