"""Per-test wall and CPU time, to find the tests that wait in real time instead of working.

    pytest -p tests.cpu_durations            # prints the tests with the most idle (wall − CPU) time
    CPU_DURATIONS_JSON=out.json pytest -p tests.cpu_durations   # also writes every test's figures

CPU counts this process and the child processes it has reaped (``os.times``), so a test that runs
the CLI in a subprocess is charged for the child's work. A test whose wall time is much larger than
its CPU time is sleeping, polling or waiting for a timeout. Use it in one process (without ``-n``):
the figures are kept where the tests run. On a loaded machine wall time also holds the time spent
waiting for a CPU, so compare with the load average it prints.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Generator

import pytest

_FIGURES: dict[str, tuple[float, float]] = {}
_RUN_START: list[float] = []


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    wall0, cpu0 = time.perf_counter(), _cpu()
    yield
    _FIGURES[item.nodeid] = (time.perf_counter() - wall0, _cpu() - cpu0)


def pytest_sessionstart() -> None:
    _RUN_START[:] = [time.perf_counter(), _cpu()]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FIGURES:
        return
    wall = time.perf_counter() - _RUN_START[0]
    cpu = _cpu() - _RUN_START[1]
    write = terminalreporter.write_line
    write(f"whole run: wall {wall:.1f} s, CPU {cpu:.1f} s, CPU/wall {cpu / wall:.2f}, "
          f"load average now {os.getloadavg()[0]:.2f}")
    idle = sorted(_FIGURES.items(), key=lambda kv: kv[1][0] - kv[1][1], reverse=True)
    write("tests with the most idle time (wall − CPU):")
    for nodeid, (w, c) in idle[:40]:
        write(f"  {w:7.2f} s wall {c:7.2f} s CPU  {nodeid}")
    path = os.environ.get("CPU_DURATIONS_JSON")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"wall": wall, "cpu": cpu, "tests": _FIGURES}, out, indent=0)
