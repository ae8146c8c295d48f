"""Shared fixtures for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import channel_waits
from app.core.channel_waits import ChannelWaits, WaitTimes
from app.core.user_dirs import HOME_ENV

NO_WAITS = WaitTimes(module_start=0.0, direct_gsm=0.0, direct_nb_iot=0.0)


@pytest.fixture(autouse=True)
def user_home(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Backups, logs and reports of every test (and of the commands it runs) go to a temporary folder,
    never to the user's own."""
    home = tmp_path_factory.mktemp("configurator-home")
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture(autouse=True)
def no_channel_waits(monkeypatch: pytest.MonkeyPatch) -> ChannelWaits:
    """A fresh record of restarts and sessions, without the manuals' 30–60 s waits: the simulated
    devices do not need them. Tests of the waits themselves set ``times`` on the returned object."""
    waits = ChannelWaits(NO_WAITS)
    monkeypatch.setattr(channel_waits, "WAITS", waits)
    return waits
