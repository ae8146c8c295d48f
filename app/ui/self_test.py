"""``--demo --self-test``: drive the real window against the built-in simulators and exit.

Reads the status and the extended status over TCP/IP, then configures the module over TCP/IP
(APN and period changed, mode kept at Server so the module stays reachable) and checks that
every parameter was applied; then establishes the connection with the simulated UTMC-700 over
Ethernet and over its USB port and checks its identity was filled in each time. The USB port is a
serial port: a pty, or ``socket://`` where ptys do not exist (Windows), which needs pyserial's URL
handlers inside the one-file executable. First it checks what the one-file executable must carry:
Qt's own Russian translation in use (with the Russian UI), the window's icon, and the templates,
each loadable as it is. Prints one line per step; the exit code is 0 only if all passed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from app.core.links.channels import SerialChannel
from app.core.phone_list import load_phones
from app.core.utmc_local_files import load_device_file
from app.resources import TEMPLATES, resource_path
from app.ui.i18n import installed_qt_translation, language
from app.ui.main_window import MainWindow
from protocols.params.delivery_methods import Method

STEP_TIMEOUT = 30.0


async def _idle(window: MainWindow) -> None:
    actions = window.module_page.module_actions
    await _until_idle(lambda: actions.runner.busy, actions.runner.cancel)


async def _until_idle(busy: Callable[[], bool], cancel: Callable[[], None]) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT
    await asyncio.sleep(0)
    while busy():
        if time.monotonic() > deadline:
            cancel()
            raise TimeoutError("the operation did not finish in time")
        await asyncio.sleep(0.02)


async def run_self_test(window: MainWindow) -> int:
    page = window.module_page
    failures: list[str] = []

    def check(name: str, ok: bool, detail: str = "") -> None:
        print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}", flush=True)
        if not ok:
            failures.append(name)

    check("Qt's own Russian translation (qtbase_ru.qm) in use", language() != "ru" or
          installed_qt_translation() is not None)
    check("the window's icon", not window.windowIcon().pixmap(32, 32).isNull())
    shipped = all(template.path.is_file() for template in TEMPLATES)
    check("the templates, loadable as they are", shipped
          and bool(load_phones(resource_path("templates", "phones.csv")).names)
          and bool(load_device_file(resource_path("templates", "utmc-devices.xlsx"))))

    page.delivery.set_method(Method.TCP)
    for kind in ("status", "extended"):
        page.status.buttons[kind].click()
        await _idle(window)
        snapshot = page.status.snapshot
        got = snapshot.status is not None and (kind != "extended" or snapshot.extended is not None)
        check(f"read {kind} over TCP/IP", got, page.status.message.text())
    values = page.settings.values
    values.update(mode="server", apn="demo.apn", period=600)
    assert page.settings.form is not None
    page.settings.form.reload()
    page.transfer.send_button.click()
    await _idle(window)
    results = page.transfer.results()
    applied = bool(results)
    check("configure over TCP/IP", applied and window.module_page.module_actions.last_ok,
          page.transfer.summary.text())
    utmc = window.utmc_page
    window.workspaces.setCurrentWidget(utmc)
    utmc.connection.identify_button.click()
    await _until_idle(utmc.busy, utmc.cancel_all)
    check("UTMC-700: establish connection over Ethernet", bool(utmc.connection.serial.text()), utmc.status.text())
    utmc.connection.connect_button.click()  # «Отключить»
    await _until_idle(utmc.busy, utmc.cancel_all)
    utmc.connection.com_radio.setChecked(True)
    utmc.connection.serial.clear()
    utmc.connection.identify_button.click()
    await _until_idle(utmc.busy, utmc.cancel_all)
    opened = utmc.utmc_actions.channel
    check("UTMC-700: establish connection over USB (serial port)",
          isinstance(opened, SerialChannel) and bool(utmc.connection.serial.text()), utmc.status.text())
    window.workspaces.setCurrentIndex(0)
    print("self-test " + ("passed" if not failures else "FAILED: " + ", ".join(failures)), flush=True)
    return 0 if not failures else 1
