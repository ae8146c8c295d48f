"""Shared pieces of the module-configurator GUI tests: a qasync loop that Qt event processing
(qtbot.waitUntil) drives, the demo simulators started in it, and a window with its settings in a
temporary INI file."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import QSettings

from app.demo import DemoPace
from app.ui.app_settings import AppSettings
from app.ui.i18n import install_language


@pytest.fixture
def qloop(qapp) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop running inside Qt's event processing (what qasync gives the application)."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    loop._after_run_forever()  # noqa: SLF001 (qasync's own counterpart of already_running=True)
    executor = getattr(loop, "_QEventLoop__default_executor", None)
    if executor is not None:
        executor.shutdown(wait=True)
    asyncio.set_event_loop(None)
    # already_running=True registered the loop as the thread's running loop; unregister it, or the
    # next test's asyncio.run() refuses to start ("cannot be called from a running event loop")
    asyncio.events._set_running_loop(None)  # noqa: SLF001


def run(qtbot, loop: asyncio.AbstractEventLoop, coro, timeout: float = 20.0):
    task = asyncio.ensure_future(coro, loop=loop)
    qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
    return task.result()


@pytest.fixture
def app_settings(tmp_path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "configurator.ini"), QSettings.Format.IniFormat))


# The GUI tests' demo answers sooner than the one users see: the meter reacts in 20 ms (a maker code whose
# third letter is lower case, which IEC 62056-21 allows), SMS replies come in 20 ms, a wrong CENC login is
# refused after 20 ms. What the window does with an answer does not depend on how long it took; the waits
# themselves are tests/test_gui_waits.py's.
TEST_PACE = DemoPace(meter_maker="EKt", sms_reply=0.02, sms_submit=0.01, wrong_login=0.02)


@pytest.fixture
def demo(qtbot, qloop) -> Iterator[dict[str, str]]:
    from app.demo import start_demo

    endpoints, stop = run(qtbot, qloop, start_demo(fleet_modules=0, pace=TEST_PACE))  # the fleet: test_gui_fleet
    yield endpoints
    run(qtbot, qloop, stop())


@pytest.fixture
def window(qtbot, qloop, demo, app_settings, window_waits, window_modem_waits):
    """The main window on the demo's devices, with the waits of ``window_waits`` and ``window_modem_waits``
    (tests/conftest.py)."""
    from app.ui.main_window import MainWindow

    install_language("ru")
    win = MainWindow(app_settings, demo, window_waits, window_modem_waits)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.module_page.module_actions.cancel_all()
    qtbot.waitUntil(lambda: not win.module_page.module_actions.runner.busy, timeout=5000)


def wait_idle(qtbot, window, timeout: float = 20.0) -> None:
    actions = window.module_page.module_actions
    qtbot.waitUntil(lambda: not actions.runner.busy, timeout=int(timeout * 1000))
