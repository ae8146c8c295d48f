"""Start-up, measured from outside the process against baselines measured in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_start.py [--runs 5]

CLI: a cheap command (``main.py decode-lcd …`` and ``main.py --version``) from spawn to exit,
against a bare ``python -c pass``. Target: within 4x.
GUI: ``main.py`` from spawn to its main window shown (the window prints ``first-window-shown`` once
it is shown and Qt's event loop has turned, which paints it: CONFIGURATOR_REPORT_START; the asyncio
loop is loaded after that), against a bare PySide6 QMainWindow from spawn to the same moment. Both
include the imports. Target: within 2.5x.

Medians of ``--runs`` runs each, the kinds interleaved so that load on the machine falls on all
alike; the range (fastest–slowest) is printed beside each median. Exits 1 when a ratio is over its
target. Every kind runs once first, unmeasured, which writes the .pyc files an installed program has
(PYTHONDONTWRITEBYTECODE is not passed on).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI_TARGET, GUI_TARGET = 4.0, 2.5
SHOWN = "first-window-shown"
BARE_WINDOW = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
QTimer.singleShot(0, lambda: (print("{SHOWN}", flush=True), app.quit()))  # after the loop turns, as main.py
app.exec()
"""


def _environment() -> dict[str, str]:
    settings = os.path.join(tempfile.mkdtemp(), "settings.ini")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               CONFIGURATOR_REPORT_START="1", CONFIGURATOR_SETTINGS_FILE=settings, PYTHONPATH=str(ROOT))
    # the program as installed starts from compiled .pyc files (pip compiles them, the bundle carries them): the
    # warm-up run writes them, which PYTHONDONTWRITEBYTECODE in the caller's environment would forbid
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def until_exit(args: list[str]) -> Callable[[], float]:
    def measure() -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, env=_environment(), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - started

    return measure


def until_shown(args: list[str]) -> Callable[[], float]:
    """Seconds from spawn to the process printing that its window is shown; the process is then stopped."""

    def measure() -> float:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=_environment(), stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        assert process.stdout is not None
        try:
            for line in process.stdout:
                if line.startswith(SHOWN):
                    return time.perf_counter() - started
            raise RuntimeError(f"{' '.join(args)} ended without showing a window")
        finally:
            process.kill()
            process.wait()

    return measure


def _line(name: str, times: list[float]) -> str:
    return f"  {name:<34} median {statistics.median(times) * 1000:7.1f} ms  (range {min(times) * 1000:.1f}–" \
           f"{max(times) * 1000:.1f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each kind (median taken; default 5)")
    parser.add_argument("--no-gui", action="store_true", help="measure the command line only")
    args = parser.parse_args()
    kinds: dict[str, Callable[[], float]] = {
        "python -c pass": until_exit(["-c", "pass"]),
        "main.py decode-lcd": until_exit(["main.py", "decode-lcd", "--module", "gsm-2g4g", "--group1", "130",
                                          "--group2", "167"]),
        "main.py --version": until_exit(["main.py", "--version"]),
    }
    if not args.no_gui:
        kinds["bare QMainWindow shown"] = until_shown(["-c", BARE_WINDOW])
        kinds["main.py main window shown"] = until_shown(["main.py"])
    for measure in kinds.values():  # warm the file cache and the .pyc files first
        measure()
    times: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(args.runs):
        for name, measure in kinds.items():
            times[name].append(measure())
    print(f"start-up, medians of {args.runs} runs, from outside the process:")
    for name, found in times.items():
        print(_line(name, found))
    median = {name: statistics.median(found) for name, found in times.items()}
    over = False
    for name in ("main.py decode-lcd", "main.py --version"):
        ratio = median[name] / median["python -c pass"]
        over |= ratio > CLI_TARGET
        print(f"CLI {name}: {ratio:.2f}x a bare `python -c pass` (target <= {CLI_TARGET:g}x)")
    if not args.no_gui:
        ratio = median["main.py main window shown"] / median["bare QMainWindow shown"]
        over |= ratio > GUI_TARGET
        print(f"GUI main window: {ratio:.2f}x a bare QMainWindow (target <= {GUI_TARGET:g}x)")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
