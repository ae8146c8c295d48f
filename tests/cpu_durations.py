"""Per-test wall and CPU time, to find the tests that wait in real time instead of working.

    pytest -p tests.cpu_durations            # prints the tests with the most idle (wall − CPU) time
    CPU_DURATIONS_JSON=out.json pytest -p tests.cpu_durations   # also writes every test's figures

CPU counts the process that ran the test and the child processes it has reaped (``os.times``), so a
test that runs the CLI in a subprocess is charged for the child's work. A test whose wall time is
much larger than its CPU time is sleeping, polling or waiting for a timeout. With ``-n`` the workers
hand their figures to the controlling process at the end; the run's CPU then counts the workers'
tests, not the controlling process. On a loaded machine wall time also holds the time spent waiting
for a CPU, so compare with the load average it prints.
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


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controlling process prints the figures
        workeroutput["cpu_durations"] = json.dumps(_FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    figures = getattr(node, "workeroutput", {}).get("cpu_durations")
    if figures:
        _FIGURES.update({nodeid: (w, c) for nodeid, (w, c) in json.loads(figures).items()})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FIGURES:
        return
    wall = time.perf_counter() - _RUN_START[0]
    cpu = sum(c for _, c in _FIGURES.values())
    tests_wall = sum(w for w, _ in _FIGURES.values())
    write = terminalreporter.write_line
    write(f"whole run: wall {wall:.1f} s; in tests: wall {tests_wall:.1f} s, CPU {cpu:.1f} s, "
          f"CPU/wall {cpu / tests_wall:.2f}; load average now {os.getloadavg()[0]:.2f}")
    idle = sorted(_FIGURES.items(), key=lambda kv: kv[1][0] - kv[1][1], reverse=True)
    write(f"idle (wall − CPU) in all: {tests_wall - cpu:.1f} s; tests with the most:")
    for nodeid, (w, c) in idle[:int(os.environ.get("CPU_DURATIONS_TOP", "40"))]:
        write(f"  {w:7.2f} s wall {c:7.2f} s CPU  {nodeid}")
    path = os.environ.get("CPU_DURATIONS_JSON")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"wall": wall, "cpu": cpu, "tests": _FIGURES}, out, indent=0)
