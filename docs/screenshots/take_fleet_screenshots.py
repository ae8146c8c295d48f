"""The user guide's pictures of «Парк приборов»: a status run of 40 modules through the CENC simulator (3 silent,
1 refusing the password), as our users' laptops show the window.

    .venv/bin/python docs/screenshots/take_fleet_screenshots.py            # three Xvfb displays, as take_screenshots
    QT_SCALE_FACTOR=1.25 xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python \
        docs/screenshots/take_fleet_screenshots.py --one

Saves ``fleet-<scale>.png`` (1366×768 at 1.0 and 1.25, 1920×1080 at 1.5) next to this script; ``--lang en`` takes
``fleet-en-<scale>.png`` in English.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("CONFIGURATOR_HOME", tempfile.mkdtemp(prefix="configurator-home-"))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from take_screenshots import LAPTOPS, OUT, maximised_size, shot  # noqa: E402

from app.ui.app_settings import AppSettings  # noqa: E402
from app.ui.i18n import install_language  # noqa: E402
from protocols.fleet.fleet_devices import Delivery  # noqa: E402

USER, PASSWORD = "engineer", "Cenc-7351"


async def scenario(tag: str, name: str) -> None:
    from app.ui.main_window import MainWindow

    simulator = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "simulate", "cenc", "--modules", "40", "--silent", "3", "--refusing",
         "1", "--latency", "0.1", "--upper-port", "0", "--device-port", "0", "--direct-base", "-1", "--user", USER,
         "--password", PASSWORD], cwd=ROOT, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert simulator.stdout is not None
    endpoints = json.loads(simulator.stdout.readline())
    folder = Path(tempfile.mkdtemp(prefix="fleet-shots-"))
    devices = folder / "Парк-Северный.csv"
    groups = ("ТП-12", "ТП-14", "ТП-31")
    devices.write_bytes(("Серийный номер;Группа\r\n" + "".join(
        f"{m['serial']};{groups[i % 3]}\r\n" for i, m in enumerate(endpoints["modules"]))).encode("cp1251"))
    settings = AppSettings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    size = maximised_size(window)
    window.resize(size)
    window.show()
    page = window.fleet_page
    window.workspaces.setCurrentWidget(page)
    print(f"{tag}: window {size.width()}×{size.height()}, minimum {window.minimumSizeHint().width()}×"
          f"{window.minimumSizeHint().height()}", flush=True)
    try:
        page.load_list(devices)
        host, port = endpoints["upper"].rsplit(":", 1)
        page.via.setCurrentIndex(page.via.findData(Delivery.CENC))
        page.cenc_host.setText(host)
        page.cenc_port.setValue(int(port))
        page.cenc_user.setText(USER)
        page.cenc_password.setText(PASSWORD)
        page.timeout.setValue(3)
        page.concurrency.setValue(20)
        page.start_button.click()
        while page.busy():
            await asyncio.sleep(0.1)
        await shot(window, name)
    finally:
        window.close()
        simulator.terminate()
        simulator.wait(timeout=10)


def main() -> int:
    import qasync

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--one", action="store_true", help="one picture on this display")
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    args = parser.parse_args()
    if not args.one:
        for screen, scale in LAPTOPS:
            env = {**os.environ, "QT_SCALE_FACTOR": scale}
            env.pop("QT_QPA_PLATFORM", None)
            code = subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", sys.executable, __file__,
                                    "--one", "--lang", args.lang], env=env, cwd=ROOT)
            if code:
                return code
        return 0
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    install_language(args.lang)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    tag = str(round(float(os.environ.get("QT_SCALE_FACTOR", "1")) * 100))
    name = f"fleet-{tag}.png" if args.lang == "ru" else f"fleet-en-{tag}.png"
    OUT.mkdir(parents=True, exist_ok=True)
    with loop:
        loop.run_until_complete(scenario(tag, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
