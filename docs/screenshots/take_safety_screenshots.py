"""Screenshots of «Прочитать настройки» (module) and of the difference shown before a UTMC device write.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_safety_screenshots.py [OUT] [SUFFIX]

Set QT_SCALE_FACTOR (1, 1.25, 1.5) to see them as on a laptop with display scaling; the guide's
copies are taken at 1. Drives the real widgets against the built-in simulators, like a user.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
SUFFIX = sys.argv[2] if len(sys.argv) > 2 else ""
os.environ.setdefault("CONFIGURATOR_HOME", tempfile.mkdtemp(prefix="configurator-home-"))  # backups go there

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.ui.app_settings import AppSettings  # noqa: E402
from app.ui.i18n import install_language  # noqa: E402
from protocols.params.delivery_methods import Method  # noqa: E402
from protocols.params.module_types import ModuleType  # noqa: E402

DEVICES = "\n".join(f"{n};ЕМ Энергомера СЕ102;{12345600 + n};1;ENM;{5600 + n};9600" for n in range(1, 9))


async def shot(widget: QWidget, name: str) -> None:
    await asyncio.sleep(0.3)  # let Qt lay out and paint
    path = OUT / name.replace(".png", f"{SUFFIX}.png")
    widget.grab().save(str(path))
    print("saved", path, flush=True)


async def until(condition, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the window did not get there in time")
        await asyncio.sleep(0.05)


async def read_settings() -> None:
    from app.demo import start_demo
    from app.ui.main_window import MainWindow

    endpoints, stop = await start_demo()
    settings = AppSettings(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, endpoints)
    screen = window.screen().availableGeometry()
    window.resize(min(1366, screen.width()), min(768, screen.height()))
    window.show()
    page = window.module_page
    try:
        page.settings.set_module(ModuleType.GSM_2G4G)
        page.delivery.set_method(Method.TCP)
        apn = page.settings.form.rows["apn"].editor.widget
        apn.setText("typed.before.reading")
        apn.textEdited.emit("typed.before.reading")
        page.transfer.read_button.click()
        await until(lambda: not page.module_actions.runner.busy)
        await shot(window, "16-read-settings.png")
        window.close()
    finally:
        await stop()


async def device_difference() -> None:
    from dataclasses import replace

    from app.ui.utmc.workspace import UtmcWorkspace
    from protocols.utmc.utmc_devices import parse_device_lines
    from simulators.transport import TcpSimulatorServer
    from simulators.utmc import VirtualUtmc

    utmc = VirtualUtmc(serial="70012345", seed=3)
    utmc.channels[1] = parse_device_lines(DEVICES)
    server = await TcpSimulatorServer(utmc.serve).start("127.0.0.1", 0)
    ws = UtmcWorkspace()
    ws.resize(1280, 720)
    ws.show()
    try:
        ws.connection.eth_radio.setChecked(True)
        ws.connection.host.setEditText("127.0.0.1")
        ws.connection.tcp_port.setValue(server.address[1])
        devices = ws.devices
        ws.tabs.setCurrentWidget(devices)
        devices.read_button.click()
        await until(lambda: not ws.busy() and len(devices.model.records) == 8)
        devices.model.remove(2)
        devices.model.remove(7)
        devices.model.update(4, replace(devices.model.channel_records(1)[2], address=9004, note="T"))
        devices.merge(parse_device_lines("9;ЕМ Энергомера СЕ102;12345609;1;ENM;5609;9600;M"))
        devices.write_button.click()
        await until(lambda: ws.utmc_actions.diff_dialog is not None and ws.utmc_actions.diff_dialog.isVisible())
        await shot(ws.utmc_actions.diff_dialog, "utmc-diff-dialog.png")
        ws.utmc_actions.diff_dialog.confirm_removal.setChecked(True)
        ws.utmc_actions.diff_dialog.write_button.click()
        await until(lambda: not ws.busy() and ".csv" in ws.status.text())
        await shot(ws, "utmc-devices-written.png")
        await ws.utmc_actions.close()
        ws.close()
    finally:
        await server.close()


async def scenario() -> None:
    await read_settings()
    await device_difference()


def main() -> int:
    import qasync

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # the scenario closes one window before opening the next
    install_language(os.environ.get("CONFIGURATOR_LANG", "ru"))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(scenario())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
