"""GUI entry point called by app/cli: ``launch_gui(demo, self_test, lang) -> exit code``.

The window is built and shown before the asyncio event loop it runs on (qasync) is loaded: asyncio and
qasync take tens of milliseconds to import, which the window does not wait for — it is painted in a turn
of Qt's own event loop, then the asyncio loop takes over. Nothing the window makes needs asyncio before
its first operation. With ``--demo`` the simulators run on the loop before the window exists, so there the
loop comes first.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.ui import error_hook
from app.ui.app_settings import AppSettings, default_settings
from app.ui.i18n import install_language

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

SETTINGS_FILE_ENV = "CONFIGURATOR_SETTINGS_FILE"  # an INI file instead of the user's settings (tests, bench)


def make_settings() -> AppSettings:
    path = os.environ.get(SETTINGS_FILE_ENV)
    store = QSettings(path, QSettings.Format.IniFormat) if path else default_settings()
    return AppSettings(store)


def launch_gui(demo: bool = False, self_test: bool = False, lang: str = "ru") -> int:
    started = time.perf_counter()
    # what start-up makes (modules, widgets) lives as long as the window: the collector's passes over it while
    # the window is built would only delay it (~15 ms); it is frozen once the window is shown (out of the
    # collector's passes), and the collector runs as usual from then on
    gc.disable()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Energomera configurator")
    app.setQuitOnLastWindowClosed(False)  # the coroutine below ends the loop; Qt must not stop it first
    from app.ui.main_window import app_icon

    app.setWindowIcon(app_icon())  # the task bar and every dialog
    settings = make_settings()
    # --lang en on the command line wins; otherwise the language chosen last time in the menu.
    install_language(lang if lang != "ru" else settings.language("ru"))
    error_hook.install()  # an error while the window is built is shown and logged too
    window = None
    if not (demo or self_test):
        window = _window(settings, {})
        app.processEvents()  # the window is painted when the loop turns (Qt's: asyncio's is not loaded yet)
        _shown(started)
    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    error_hook.install(loop)
    with loop:
        return loop.run_until_complete(_main(app, settings, window, demo, self_test, started))


def _window(settings: AppSettings, endpoints: dict[str, str]) -> MainWindow:
    """The main window, shown (it is painted when the event loop next turns)."""
    from app.ui.main_window import MainWindow

    try:
        window = MainWindow(settings, endpoints)
        window.show()
        return window
    except BaseException:
        gc.enable()
        raise


def _shown(started: float) -> None:
    """The window is painted: what start-up made is kept out of the collector's passes, which run again."""
    gc.freeze()
    gc.enable()
    if os.environ.get("CONFIGURATOR_REPORT_START"):
        print(f"first-window-shown {time.perf_counter() - started:.3f}", flush=True)


async def _main(app: QApplication, settings: AppSettings, window: MainWindow | None, demo: bool, self_test: bool,
                started: float) -> int:
    import asyncio

    closing = asyncio.Event()
    stop_demo = None
    try:
        if window is None:
            endpoints: dict[str, str] = {}
            if demo or self_test:
                from app.demo import start_demo

                endpoints, stop_demo = await start_demo()
            window = _window(settings, endpoints)
            await asyncio.sleep(0)  # the window is painted when the loop turns
            _shown(started)
        window.closed.connect(closing.set)
        if not window.isVisible():  # closed in the turn that painted it
            closing.set()
        if self_test:
            from app.ui.self_test import run_self_test

            code = await run_self_test(window)
            window.close()
            return code
        await closing.wait()
        return 0
    finally:
        if stop_demo is not None:
            await stop_demo()


__all__ = ["launch_gui"]
