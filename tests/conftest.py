"""Shared fixtures for every test."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from app.core.channel_waits import ChannelWaits, WaitTimes
from app.core.modem_preflight import ModemWaits
from app.core.user_dirs import HOME_ENV
from app.ui.launch import SETTINGS_FILE_ENV
from tests import message_log
from tests.virtual_io_time import VirtualIoTimeLoop

NO_WAITS = WaitTimes(module_start=0.0, direct_gsm=0.0, direct_nb_iot=0.0)

# Hypothesis' per-example deadline measures wall time: on a busy machine it fails tests that are
# correct. Work is bounded by the tests themselves (and pytest-timeout), not by a stopwatch.
settings.register_profile("configurator", deadline=None)
settings.load_profile("configurator")


@pytest.fixture(autouse=True)
def user_home(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Backups, logs, reports and GUI settings of every test (and of the commands it runs) go to a
    temporary folder, never to the user's own, nor to one another test running at the same time."""
    home = tmp_path_factory.mktemp("configurator-home")
    monkeypatch.setenv(HOME_ENV, str(home))
    monkeypatch.setenv(SETTINGS_FILE_ENV, str(home / "settings.ini"))
    return home


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, Callable[[], object]]:
    """The loops of pytest-asyncio's tests: for tests marked ``virtual_time``, one whose clock skips idle
    waiting (tests/virtual_io_time.py); for the others, asyncio's own."""
    if item.get_closest_marker("virtual_time") is not None:
        return {"virtual_time": VirtualIoTimeLoop}
    return {"asyncio": asyncio.new_event_loop}


@pytest.fixture
def no_channel_waits() -> ChannelWaits:
    """A fresh record of restarts and sessions, without the manuals' 30–60 s waits: the simulated
    devices do not need them. Tests of the waits themselves set ``times`` on the returned object."""
    return ChannelWaits(NO_WAITS)


@pytest.fixture
def window_waits() -> ChannelWaits:
    """The waits of the GUI tests' window (tests/gui_harness.py): the demo's modules restart in 0.05 s, so
    0.3 s after a restart rather than the demo's 3 s, and no pause between sessions with the simulated
    meter. A test module defines its own ``window_waits`` to test the waits themselves."""
    return ChannelWaits(WaitTimes(module_start=0.3, direct_gsm=0.0, direct_nb_iot=0.0))


@pytest.fixture
def window_modem_waits() -> ModemWaits:
    """The GSM modem's waits of the GUI tests' window: the application's; a test module that drives a modem
    through busy SIMs and network searches defines its own on a fake clock."""
    return ModemWaits()


# --- every error message the run produces, as the Russian UI and CLI would show it ---------------
# tests/test_messages_russian.py (moved to the end of the run) checks them for the C library's
# English, errno numbers and Python exception names; tests/message_log.py keeps them.
message_log.install()


def pytest_runtest_setup(item: pytest.Item) -> None:
    message_log.CURRENT_TEST[0] = item.nodeid


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``after_all`` run last: they look at what the whole run produced."""
    items.sort(key=lambda item: item.get_closest_marker("after_all") is not None)


# --- a run spread over processes (pytest -n 2): the workers' messages are checked at the end ------
# Messages travel as UTF-8 bytes with surrogates kept: a decoder fuzzed with undecodable bytes may
# quote them, and the channel between the processes only carries valid UTF-8 text.
_WORKERS: dict[str, list[object]] = {"checks": [], "lost": []}  # in the controlling process


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand what it recorded to the controlling process
        workeroutput["error_messages"] = [(text.encode("utf-8", "surrogatepass"), test)
                                          for text, test in message_log.ERROR_MESSAGES.items()]
        workeroutput["checks_messages"] = any(item.get_closest_marker("after_all") for item in session.items)
        return
    report = ""
    if _WORKERS["lost"]:
        report = f"the messages of {', '.join(map(str, _WORKERS['lost']))} never reached the controlling process"
    elif any(_WORKERS["checks"]):
        report = message_log.problems(message_log.ERROR_MESSAGES)
    if report:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"\nerror messages of the run: {report}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    output = getattr(node, "workeroutput", {})
    if "error_messages" not in output:
        _WORKERS["lost"].append(getattr(node, "gateway", node))
        return
    for text, test in output["error_messages"]:
        message_log.ERROR_MESSAGES.setdefault(text.decode("utf-8", "surrogatepass"), test)
    _WORKERS["checks"].append(bool(output.get("checks_messages")))
