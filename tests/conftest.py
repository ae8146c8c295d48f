"""Shared fixtures for every test."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from app.core.channel_waits import ChannelWaits, WaitTimes
from app.core.modem_preflight import ModemWaits
from app.core.user_dirs import HOME_ENV
from tests import message_log

NO_WAITS = WaitTimes(module_start=0.0, direct_gsm=0.0, direct_nb_iot=0.0)

# Hypothesis' per-example deadline measures wall time: on a busy machine it fails tests that are
# correct. Work is bounded by the tests themselves (and pytest-timeout), not by a stopwatch.
settings.register_profile("configurator", deadline=None)
settings.load_profile("configurator")


@pytest.fixture(autouse=True)
def user_home(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Backups, logs and reports of every test (and of the commands it runs) go to a temporary folder,
    never to the user's own."""
    home = tmp_path_factory.mktemp("configurator-home")
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


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
