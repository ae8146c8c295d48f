"""GUI responsiveness: cold start to the first shown window, and the longest event-loop stall
during a full SMS batch sent through the GUI against the simulators.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py

Targets: start under 1.5 s; no stall over 50 ms. A stall is measured with a 5 ms Qt timer: the
largest gap between two ticks beyond the timer's period is the longest time the window could not
repaint or react to a click.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
START_TARGET, STALL_TARGET = 1.5, 0.050


def cold_start(runs: int = 3) -> float:
    """Median seconds from process spawn to the first shown window (the app prints the moment)."""
    times = []
    for _ in range(runs):
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   CONFIGURATOR_REPORT_START="1",
                   CONFIGURATOR_SETTINGS_FILE=os.path.join(tempfile.mkdtemp(), "s.ini"))
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("first-window-shown"):
                times.append(time.perf_counter() - started)
                break
        process.kill()
        process.wait()
    return statistics.median(times)


BATCH_PHONES = 50


async def _sms_batch_stall(app) -> tuple[float, str]:
    from PySide6.QtCore import QSettings, QTimer

    from app.demo import start_demo
    from app.ui.app_settings import AppSettings
    from app.ui.main_window import MainWindow
    from protocols.delivery_methods import Method

    endpoints, stop = await start_demo(sms_meters=BATCH_PHONES)
    settings = AppSettings(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, endpoints)
    window.show()
    page = window.module_page
    page.delivery.set_method(Method.SMS)
    page.phones.wait.setValue(30)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    await asyncio.sleep(0.3)
    timer.start()
    last[0] = time.perf_counter()
    page.transfer.send_button.click()
    await asyncio.sleep(0.05)
    while page.module_actions.runner.busy:
        await asyncio.sleep(0.02)
    timer.stop()
    summary = page.transfer.summary.text().splitlines()[0]
    window.close()
    await stop()
    return max(gaps) - 0.005, summary


def sms_batch_stall() -> tuple[float, str]:
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return loop.run_until_complete(_sms_batch_stall(app))


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = cold_start()
    print(f"cold start to first shown window: {start:.3f} s (target < {START_TARGET} s) "
          f"{'OK' if start < START_TARGET else 'OVER'}")
    stall, summary = sms_batch_stall()
    print(f"longest event-loop stall during an SMS batch to {BATCH_PHONES} phones ({summary}): {stall * 1000:.1f} ms "
          f"(target <= {STALL_TARGET * 1000:.0f} ms) {'OK' if stall <= STALL_TARGET else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
