"""Take the user guide's screenshots of every page against the built-in simulators.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/take_screenshots.py
    .venv/bin/python docs/screenshots/take_screenshots.py --laptops
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python \
        docs/screenshots/take_screenshots.py --only modem --out /tmp/shots --fit-screen

Runs the real window in --demo mode, drives it like a user and saves PNG files next to this script
(or in ``--out``).

``--laptops`` takes the window as our users' laptops show it: it starts Xvfb itself (through
``xvfb-run``) three times — 1366×768 at QT_SCALE_FACTOR 1.0 and 1.25, 1920×1080 at 1.5 — and saves
``laptop-<scale>-tcp.png`` (the module workspace after a transfer over TCP/IP),
``laptop-<scale>-sms.png`` (the SMS method after a batch) and ``laptop-<scale>-utmc-devices.png``
(the UTMC devices page after a poll), each at the size a maximised window has there: the screen less
the Windows task bar and title bar. ``--laptop`` takes one set on the display it runs on.

``--only modem`` takes only the modem-check pictures (the SIM PIN dialog, the checks after a batch),
against a virtual modem whose SIM asks for a PIN; ``--fit-screen`` sizes the window to the screen.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent
os.environ.setdefault("CONFIGURATOR_HOME", tempfile.mkdtemp(prefix="configurator-home-"))  # backups go there

from PySide6.QtCore import QSettings, QSize  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.ui.app_settings import AppSettings  # noqa: E402
from app.ui.i18n import install_language  # noqa: E402
from protocols.params.delivery_methods import Method  # noqa: E402
from protocols.params.module_types import ModuleType  # noqa: E402


async def idle(window) -> None:
    await asyncio.sleep(0.05)
    while window.module_page.module_actions.runner.busy:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)


async def shot(widget: QWidget, name: str) -> None:
    await asyncio.sleep(0.2)  # let Qt lay out and paint (no nested processEvents inside a task)
    widget.grab().save(str(OUT / name))
    print("saved", name, flush=True)


def choose(page, key: str, value: str) -> None:
    combo = page.settings.form.rows[key].editor.widget
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def module(page, kind: ModuleType) -> None:
    page.settings.module_combo.setCurrentIndex(page.settings.module_combo.findData(kind.value))


async def modem_checks(window) -> None:
    """The modem's checks: the PIN asked over them, then every check with a weak-signal warning."""
    from app.ui.modem_check_widgets import PinDialog
    from simulators.modem import VirtualModem
    from simulators.modem_readiness import ModemConditions
    from simulators.module import VirtualModule
    from simulators.sms_network import SmsNetwork
    from simulators.transport import PtySimulator

    network = SmsNetwork(default_reply_delay=0.3)
    phones = ["+79001234511", "+79001234512"]
    for number, phone in enumerate(phones, start=1):
        network.add_module(phone, VirtualModule(ModuleType.GSM_2G4G, serial=f"00921805400040{number}", phone=phone,
                                                seed=50 + number, restart_time=0.05))
    modem = VirtualModem(network, submit_time=0.05, conditions=ModemConditions(pin="2468", csq=7))
    pty = await PtySimulator(modem.serve).start()
    page = window.module_page
    try:
        module(page, ModuleType.GSM_2G4G)
        page.delivery.set_method(Method.SMS)
        page.tabs.setCurrentWidget(page.transfer)
        page.delivery.modem.port.setEditText(pty.path)
        page.phones.set_phones(phones)
        page.phones.limit.setChecked(True)
        page.phones.wait.setValue(60)
        page.transfer.send_button.click()
        dialog = None
        while dialog is None:
            await asyncio.sleep(0.05)
            dialog = next((d for d in window.findChildren(PinDialog) if d.isVisible()), None)
        dialog.pin.setText("2468")
        await asyncio.sleep(0.3)
        screen = QGuiApplication.primaryScreen()
        screen.grabWindow(0).save(str(OUT / "modem-sim-pin.png"))
        print("saved modem-sim-pin.png", flush=True)
        dialog.accept()
        await idle(window)
        page.middle_scroll.ensureWidgetVisible(page.delivery.modem.checks)  # under the modem settings
        await shot(window, "modem-checks.png")
        page.delivery.modem.checks.show_result(None)
    finally:
        await pty.close()
        await network.close()


async def status_leds(window) -> None:
    """The status tab with the LED table unfolded, for an NB-IoT module (its four-flash cycle)."""
    page = window.module_page
    module(page, ModuleType.NB_IOT)
    page.tabs.setCurrentWidget(page.status)
    page.status.leds.toggle.setChecked(True)
    await shot(window, "17-status-leds.png")
    page.status.leds.toggle.setChecked(False)


async def scenario(only: str | None = None, fit_screen: bool = False) -> None:
    from app.demo import start_demo
    from app.ui.cenc_dialog import CencDialog
    from app.ui.main_window import MainWindow

    endpoints, stop = await start_demo()
    settings = AppSettings(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, endpoints)
    if fit_screen:
        window.setGeometry(QGuiApplication.primaryScreen().availableGeometry())
    else:
        window.resize(1400, 900)
    window.show()
    page = window.module_page
    try:
        if only == "modem":
            await modem_checks(window)
            return
        if only == "leds":
            await status_leds(window)
            return
        module(page, ModuleType.GSM_2G4G)
        choose(page, "mode", "server")
        await shot(window, "01-main-window.png")

        page.settings.expert.click()
        module(page, ModuleType.NB_IOT)
        page.settings.values["nidd_enabled"] = True
        page.settings.form.reload()
        page.settings.check()
        await shot(window, "02-expert-nb-iot.png")
        page.settings.values["nidd_enabled"] = False

        module(page, ModuleType.GSM_2G4G)
        page.settings.expert.click()
        choose(page, "mode", "client")
        page.settings.form.rows["server"].editor.widget.setText("300.1.1.1")
        page.settings.form.rows["server"].editor.widget.textEdited.emit("300.1.1.1")
        page.delivery.set_method(Method.TCP)
        page.transfer.send_button.click()
        await asyncio.sleep(0.3)
        for box in window.findChildren(QWidget, "refusal_dialog"):
            box.close()
        await shot(window, "03-invalid-input.png")

        choose(page, "mode", "server")
        page.settings.form.rows["server"].editor.widget.setText("")
        page.settings.form.rows["server"].editor.widget.textEdited.emit("")
        page.settings.form.rows["apn"].editor.widget.setText("internet.demo")
        page.settings.form.rows["apn"].editor.widget.textEdited.emit("internet.demo")
        page.transfer.send_button.click()
        await idle(window)
        await shot(window, "04-transfer-tcp.png")

        page.tabs.setCurrentWidget(page.status)
        page.status.buttons["all"].click()  # every request in turn, into one panel
        await idle(window)
        await shot(window, "05-status.png")

        page.delivery.set_method(Method.DIRECT)
        page.tabs.setCurrentWidget(page.transfer)
        page.transfer.send_button.click()
        await idle(window)
        await shot(window, "06-direct-channel.png")

        page.delivery.set_method(Method.CENC)
        dialog = CencDialog(page.delivery.cenc.settings, window)
        dialog.show()
        await shot(dialog, "07-cenc-dialog.png")
        dialog.close()

        page.delivery.set_method(Method.SMS)
        page.tabs.setCurrentWidget(page.transfer)
        names = ("Иванов И. И., ул. Мира 1", "ТСЖ «Северное», щит 2", "Петрова А. С., кв. 14")
        phone_table = Path(tempfile.mkdtemp()) / "Абоненты.csv"  # as Excel saves «CSV (разделители — точки с запятой)»
        phone_table.write_bytes("\r\n".join(["ФИО;Телефон;Заводской номер"] + [
            f"{name};{phone};0092180540003{n:02d}" for n, (name, phone) in
            enumerate(zip(names, endpoints["phones"].split(","), strict=True), 1)]).encode("cp1251"))
        page.phones.load(phone_table)
        page.phones.add("+79005550099")
        page.phones.wait.setValue(60)  # the manual recommends at least 60 s; the silent phone waits it out
        page.transfer.send_button.click()
        await idle(window)
        await shot(window, "08-sms-batch.png")

        page.phones.list.takeItem(page.phones.list.count() - 1)  # the silent phone: no second minute
        page.tabs.setCurrentWidget(page.status)
        page.status.sms_button.click()
        await idle(window)
        await shot(window, "15-sms-settings.png")

        page.tabs.setCurrentWidget(page.storage)
        page.storage.list_button.click()
        await idle(window)
        await shot(window, "09-sms-storage.png")

        page.delivery.set_method(Method.MASTER_SIM)
        page.delivery.master_sim.save_button.click()
        await idle(window)
        page.settings.form.rows["apn"].editor.widget.setText("other.apn")  # the form changed since
        page.settings.form.rows["apn"].editor.widget.textEdited.emit("other.apn")
        page.delivery.master_sim.read_button.click()
        await idle(window)
        await shot(window, "10-master-sim.png")

        await modem_checks(window)

        page.delivery.set_method(Method.SMS_TEXT)
        page.settings.expert.setChecked(True)
        choose(page, "cellular_mode", "lte_only")  # an expert value away from its default: our CELL command
        page.delivery.sms_text.button.click()
        await shot(window, "11-sms-text.png")
        choose(page, "cellular_mode", "auto")
        page.settings.expert.setChecked(False)

        page.delivery.set_method(Method.TCP)
        page.tabs.setCurrentWidget(page.signal)
        page.signal.interval.setValue(2)
        page.signal.start_button.click()
        await asyncio.sleep(9)
        page.signal.stop_button.click()
        await shot(window, "12-signal-plot.png")

        page.tabs.setCurrentWidget(page.lcd)
        page.lcd.group1.setText("120")
        page.lcd.group2.setText("165")
        await shot(window, "13-lcd-decoder.png")

        window.switch_language("en")
        window.module_page.tabs.setCurrentWidget(window.module_page.status)
        await shot(window, "14-english.png")
        window.switch_language("ru")
    finally:
        window.close()
        await stop()


# --- our users' laptops -------------------------------------------------------------------------------
LAPTOPS = (("1366x768", "1"), ("1366x768", "1.25"), ("1920x1080", "1.5"))
TASK_BAR, TITLE_BAR = 40, 30  # Windows' task bar and a window's title bar, in logical pixels


def maximised_size(window) -> QSize:
    """The client area of a maximised window on this screen with the Windows task bar below it."""
    free = window.screen().availableSize()
    return QSize(free.width(), free.height() - TASK_BAR - TITLE_BAR)


async def laptop_scenario(tag: str) -> None:
    from app.demo import start_demo
    from app.ui.main_window import MainWindow

    endpoints, stop = await start_demo()
    settings = AppSettings(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, endpoints)
    size = maximised_size(window)
    window.resize(size)
    window.show()
    page = window.module_page
    print(f"{tag}: window {size.width()}×{size.height()} logical pixels, minimum "
          f"{window.minimumSizeHint().width()}×{window.minimumSizeHint().height()}", flush=True)
    try:
        module(page, ModuleType.GSM_2G4G)
        choose(page, "mode", "server")
        page.settings.form.rows["apn"].editor.widget.setText("internet.demo")
        page.settings.form.rows["apn"].editor.widget.textEdited.emit("internet.demo")
        page.delivery.set_method(Method.TCP)
        page.transfer.send_button.click()
        await idle(window)
        await shot(window, f"laptop-{tag}-tcp.png")

        page.delivery.set_method(Method.SMS)
        choose(page, "mode", "sms")
        page.transfer.send_button.click()
        await idle(window)
        await shot(window, f"laptop-{tag}-sms.png")

        from app.resources import resource_path

        window.workspaces.setCurrentWidget(window.utmc_page)
        utmc = window.utmc_page
        utmc.connection.identify_button.click()
        await utmc_idle(utmc)
        utmc.tabs.setCurrentWidget(utmc.devices)
        utmc.utmc_actions.import_devices_from(resource_path("templates", "utmc-devices.txt"))
        utmc.devices.write_button.click()
        await utmc_idle(utmc)
        utmc.devices.poll_all_button.click()
        await utmc_idle(utmc)
        await shot(window, f"laptop-{tag}-utmc-devices.png")
    finally:
        window.close()
        await stop()


async def utmc_idle(page) -> None:
    await asyncio.sleep(0.05)
    while page.busy():
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)


def laptops() -> int:
    """Every laptop set, each in its own Xvfb display (the scale factor is fixed when Qt starts)."""
    for screen, scale in LAPTOPS:
        env = {**os.environ, "QT_SCALE_FACTOR": scale}
        env.pop("QT_QPA_PLATFORM", None)
        code = subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", sys.executable, __file__,
                                "--laptop"], env=env, cwd=ROOT)
        if code:
            return code
    return 0


def main() -> int:
    import qasync

    global OUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--laptops", action="store_true", help="the laptop sets, each in its own Xvfb")
    parser.add_argument("--laptop", action="store_true", help="one laptop set on this display")
    parser.add_argument("--only", choices=("modem", "leds"), help="take only these pictures")
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNG files go")
    parser.add_argument("--fit-screen", action="store_true", help="the window as large as the screen")
    args = parser.parse_args()
    if args.laptops:
        return laptops()
    OUT = args.out
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    install_language("ru")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    tag = str(round(float(scale) * 100))
    with loop:
        loop.run_until_complete(laptop_scenario(tag) if args.laptop else scenario(args.only, args.fit_screen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
