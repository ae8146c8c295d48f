"""Never freeze: the longest event-loop stall of the main window during each long operation.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py [--runs 3]

The simulated devices (the demo's: a GSM modem on an SMS network of 50 meters, a UTMC-700 on
Ethernet) run in a process of their own, as real devices do outside the program; the window runs
here, in a qasync loop as in main.py, and each operation is started the way its button starts it.

A stall is measured with a 5 ms precise Qt timer running through the operation: the largest gap
between two ticks beyond the timer's period is the longest time the window could not repaint or
take a click. Bound: the timer's period (a loop never blocked); the same timer over 3 s of an idle
window is printed first, as the noise floor of the machine at the time (on a loaded machine the
process waits for a CPU too, and every figure grows by about that much). Target: every operation's
worst stall under 50 ms. Beside each stall the bench prints the most CPU time the window's thread
spent between two ticks: what the code did in one go, the same on an idle and a loaded machine.

Operations: an SMS batch to 50 phones; a language switch and back; the first opening of the UTMC
workspace; the first opening of the devices page holding 2048 records; writing and reading the
device list of all eight channels (2048 records); «Опросить все устройства»; a 1 MiB journal
download; a 128 KiB firmware upload.

With ``--runs N`` every operation is measured N times (a fresh window and fresh simulators each
run); the median and range of the worst stalls are printed per operation. Exits 1 when a median
is at or over the target. ``BENCH_GUI_PROFILE=<part of a name>`` prints that operation's profile
(cProfile, by cumulative time) on stderr, to find what stalls it; ``BENCH_GUI_SAMPLE=<part of a
name>`` samples the window thread's stack every half millisecond and prints the stacks seen during
that operation's longest go (the CPU figure), to find what one go was made of.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STALL_TARGET = 0.050
TICK_MS = 5
BATCH_PHONES = 50
JOURNAL = "2025/01/09/12.dat"  # 1 MiB on the simulated UTMC's SD card
FIRMWARE_BYTES = 128 * 1024
CHANNELS = range(1, 9)
IDLE_SECONDS = 3.0
FIRMWARE_FILE: list[Path] = []  # made once, before the first measurement
PROFILE = os.environ.get("BENCH_GUI_PROFILE", "")  # a part of an operation's name: its profile on stderr
SAMPLE = os.environ.get("BENCH_GUI_SAMPLE", "")  # a part of an operation's name: its longest go's stacks


# -- the simulators' process -----------------------------------------------------------------------
async def _serve_simulators() -> None:
    from app.demo import start_demo

    endpoints, stop = await start_demo(sms_meters=BATCH_PHONES)
    print(json.dumps(endpoints), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the bench closes stdin
    await stop()


def start_simulators() -> tuple[subprocess.Popen[str], dict[str, str]]:
    process = subprocess.Popen([sys.executable, __file__, "--simulators"], cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        raise RuntimeError("the simulators' process ended before giving its endpoints")
    return process, json.loads(line)


def stop_simulators(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.close()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# -- measuring -------------------------------------------------------------------------------------
class StallMeter:
    """The longest gap between the ticks of a precise 5 ms timer, beyond its period; and the most CPU time
    the window's thread spent between two ticks (what the code did in one go, whatever the machine's load)."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = self.last_cpu = 0.0
        self.worst = self.worst_cpu = 0.0
        self.worst_cpu_span = (0.0, 0.0)  # when the longest go was (perf_counter)

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.worst = max(self.worst, now - self.last)
        if cpu - self.last_cpu > self.worst_cpu:
            self.worst_cpu, self.worst_cpu_span = cpu - self.last_cpu, (self.last, now)
        self.last, self.last_cpu = now, cpu

    def start(self) -> None:
        self.worst = self.worst_cpu = 0.0
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.worst_cpu_span = (self.last, self.last)
        self.timer.start()

    def stop(self) -> tuple[float, float]:
        """(the longest stall, the most CPU time between two ticks), in seconds."""
        self._tick()
        self.timer.stop()
        return max(0.0, self.worst - TICK_MS / 1000), self.worst_cpu


class StackSampler:
    """The window thread's stack every half millisecond (BENCH_GUI_SAMPLE): the project's frames of each."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, tuple[str, ...]]] = []
        self._main = threading.main_thread().ident or 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._interval = sys.getswitchinterval()

    def __enter__(self) -> StackSampler:
        sys.setswitchinterval(0.0002)  # the sampler gets the GIL while the window thread runs Python code
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        sys.setswitchinterval(self._interval)

    def _run(self) -> None:
        root = str(ROOT)
        while not self._stop.wait(0.0005):
            frame = sys._current_frames().get(self._main)  # noqa: SLF001 (a sampler's way in)
            stack = []
            while frame is not None:
                code = frame.f_code
                if code.co_filename.startswith(root) and "bench_gui" not in code.co_filename:
                    stack.append(f"{Path(code.co_filename).relative_to(root)}:{frame.f_lineno} {code.co_name}")
                frame = frame.f_back
            self.samples.append((time.perf_counter(), tuple(reversed(stack))))

    def report(self, span: tuple[float, float], stream: Any) -> None:
        within = Counter(stack for when, stack in self.samples if span[0] <= when <= span[1])
        total = sum(within.values())
        print(f"longest go: {(span[1] - span[0]) * 1000:.1f} ms, {total} samples", file=stream)
        for stack, count in within.most_common(8):
            print(f"  {count:4d}  " + (" > ".join(stack[-6:]) or "(outside the project's code: Qt, the loop)"),
                  file=stream)


async def until(condition: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not finished in {timeout:g} s")
        await asyncio.sleep(0.01)


async def settle(seconds: float = 0.2) -> None:
    """Turns of the loop after an operation: what it left queued (repaints, deferred work) counts too."""
    await asyncio.sleep(seconds)


# -- the operations --------------------------------------------------------------------------------
def device_records() -> list[Any]:
    from protocols.utmc.utmc_devices import DeviceRecord, first_number
    from protocols.utmc.utmc_models import MODELS

    return [DeviceRecord(number=first_number(channel) + n, model=MODELS[(channel * 256 + n) % len(MODELS)],
                         serial=f"{(channel * 256 + n) * 7919 % 10**8:08d}", version=n % 256, manufacturer="ENM",
                         address=channel * 256 + n, baud=9600, note="T" if n % 3 else "")
            for channel in CHANNELS for n in range(256)]


async def sms_batch(window: Any) -> str:
    from protocols.params.delivery_methods import Method

    page = window.module_page
    page.delivery.set_method(Method.SMS)
    page.phones.wait.setValue(30)
    page.transfer.send_button.click()
    await until(lambda: not page.module_actions.runner.busy, "SMS batch")
    return page.transfer.summary.text().splitlines()[0]


async def language_switch(window: Any) -> str:
    slots = window.workspaces.slots()

    def rebuilt() -> bool:
        return all(not slot.building() for slot in slots) and slots[window.workspaces.currentIndex()].built_workspace()

    for lang in ("en", "ru"):
        window.switch_language(lang)
        await until(rebuilt, f"language switch to {lang}")
        await settle()
    return "ru → en → ru, the module workspace on screen"


async def open_utmc(window: Any) -> str:
    slot = next(slot for slot in window.workspaces.slots() if slot.entry.name == "utmc")
    window.workspaces.setCurrentWidget(slot)
    await until(lambda: slot.built_workspace() is not None, "opening the UTMC workspace")
    await settle()
    return "imported and built on its first opening"


async def open_devices(window: Any) -> str:
    utmc = window.utmc_page
    utmc.devices.merge(device_records())  # while the page is hidden, as a file import leaves it
    utmc.tabs.setCurrentWidget(utmc.devices)
    await settle()
    model = utmc.devices.model
    return f"{len(model.records)} records, {len(model.channel_records())} in the channel shown"


async def write_devices(window: Any) -> str:
    utmc = window.utmc_page
    actions = utmc.utmc_actions
    for channel in CHANNELS:
        utmc.devices.set_channel(channel)
        actions.write_devices(channel, utmc.devices.model.channel_records())
        await until(lambda: not actions.busy(), f"reading channel {channel} before the write")
        dialog = actions.diff_dialog
        if dialog is None:
            raise RuntimeError(f"channel {channel}: no difference shown before the write: {utmc.status.text()}")
        dialog.write_button.click()
        await until(lambda: not actions.busy(), f"writing channel {channel}")
    await settle()
    return utmc.status.text()


async def read_devices(window: Any) -> str:
    utmc = window.utmc_page
    actions = utmc.utmc_actions
    for channel in CHANNELS:
        utmc.devices.set_channel(channel)
        utmc.devices.read_button.click()
        await until(lambda: not actions.busy(), f"reading channel {channel}")
    await settle()
    read = len(utmc.devices.model.records)
    if read != 2048:
        raise RuntimeError(f"read {read} records, not 2048: {utmc.status.text()}")
    return f"{read} records read"


async def poll_all(window: Any) -> str:
    utmc = window.utmc_page
    utmc.devices.poll_all_button.click()
    await until(lambda: not utmc.utmc_actions.busy(), "«Опросить все устройства»")
    await settle()
    return utmc.status.text()


async def download_journal(window: Any) -> str:
    utmc = window.utmc_page
    utmc.tabs.setCurrentWidget(utmc.files)
    await settle()
    target = Path(tempfile.mkdtemp()) / "12.dat"
    utmc.utmc_actions.download_to(JOURNAL, target)
    await until(lambda: not utmc.utmc_actions.busy(), "journal download")
    await settle()
    return f"{target.stat().st_size} bytes: {utmc.status.text()}"


def firmware_file() -> Path:
    """A firmware image as the vendor ships it (Intel HEX), made before the measurement starts."""
    from protocols.files.intel_hex import build_hex

    hex_file = Path(tempfile.mkdtemp()) / "utmc_fw.hex"
    hex_file.write_bytes(build_hex(bytes(range(256)) * (FIRMWARE_BYTES // 256), version="1.08"))
    return hex_file


async def upload_firmware(window: Any) -> str:
    utmc = window.utmc_page
    utmc.utmc_actions.upload_firmware(FIRMWARE_FILE[0])  # the file as «Загрузить файл» chose it
    await until(lambda: not utmc.utmc_actions.busy(), "firmware upload")
    await settle()
    return utmc.status.text()


async def idle(_window: Any) -> str:
    await asyncio.sleep(IDLE_SECONDS)
    return "the noise floor: the same timer while the window has nothing to do"


IDLE = f"idle window, {IDLE_SECONDS:g} s (not a target)"
OPERATIONS: list[tuple[str, Callable[[Any], Awaitable[str]]]] = [
    (IDLE, idle),
    (f"SMS batch to {BATCH_PHONES} phones", sms_batch),
    ("language switch", language_switch),
    ("first opening of the UTMC workspace", open_utmc),
    ("first opening of the devices page, 2048 records", open_devices),
    ("UTMC write, 8 channels (2048 records)", write_devices),
    ("UTMC read, 8 channels (2048 records)", read_devices),
    ("«Опросить все устройства»", poll_all),
    ("journal download (1 MiB)", download_journal),
    (f"firmware upload ({FIRMWARE_BYTES // 1024} KiB)", upload_firmware),
]


async def one_run(endpoints: dict[str, str]) -> dict[str, tuple[float, float, str]]:
    from PySide6.QtCore import QSettings

    from app.ui.app_settings import AppSettings
    from app.ui.i18n import install_language
    from app.ui.main_window import MainWindow

    if not FIRMWARE_FILE:
        FIRMWARE_FILE.append(firmware_file())
    install_language("ru")
    settings = AppSettings(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, endpoints)
    window.resize(1366, 768)
    window.show()
    await settle(0.5)
    meter = StallMeter()
    found: dict[str, tuple[float, float, str]] = {}
    try:
        for name, operation in OPERATIONS:
            profile = cProfile.Profile() if PROFILE and PROFILE in name else None
            sampler = StackSampler() if SAMPLE and SAMPLE in name else None
            meter.start()
            if profile is not None:
                profile.enable()
            if sampler is not None:
                with sampler:
                    outcome = await operation(window)
            else:
                outcome = await operation(window)
            found[name] = (*meter.stop(), outcome)
            if profile is not None:
                profile.disable()
                pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
            if sampler is not None:
                sampler.report(meter.worst_cpu_span, sys.stderr)
    finally:
        for page in window._pages():  # noqa: SLF001 (the bench closes what the window built)
            page.retire()
        await settle(0.3)
        window.close()
    return found


def measure(runs: int) -> dict[str, list[tuple[float, float, str]]]:
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    results: dict[str, list[tuple[float, float, str]]] = {name: [] for name, _ in OPERATIONS}
    with loop:
        for _ in range(runs):
            process, endpoints = start_simulators()
            try:
                for name, found in loop.run_until_complete(one_run(endpoints)).items():
                    results[name].append(found)
            finally:
                stop_simulators(process)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of every operation (median taken; default 3)")
    parser.add_argument("--simulators", action="store_true", help=argparse.SUPPRESS)  # the simulators' process
    args = parser.parse_args()
    if args.simulators:
        asyncio.run(_serve_simulators())
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results = measure(args.runs)
    over = False
    print(f"longest event-loop stall per operation, medians of {args.runs} runs (target < "
          f"{STALL_TARGET * 1000:.0f} ms; bound: a {TICK_MS} ms timer that never waits); beside it the most CPU "
          f"time the window's thread spent in one go (the same figure without the machine's load):")
    for name, found in results.items():
        stalls = [stall for stall, _cpu, _ in found]
        median = statistics.median(stalls)
        cpu = statistics.median(cpu for _stall, cpu, _ in found)
        if name != IDLE:
            over |= median >= STALL_TARGET
        mark = "" if name == IDLE else "ok" if median < STALL_TARGET else "OVER"
        print(f"  {name:<50} {median * 1000:6.1f} ms  (range {min(stalls) * 1000:.1f}–{max(stalls) * 1000:.1f})  "
              f"cpu {cpu * 1000:5.1f} ms  {mark:<4}  {found[-1][2]}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
