"""Per-user folders, the private rotating error log, atomic phone lists, settings files with a repeated key."""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from pathlib import Path

import pytest

from app.core import atomic_file
from app.core.phone_list import load_phones, save_phones
from app.core.user_dirs import HOME_ENV, KINDS, user_dir
from app.core.utmc_local_files import load_settings as load_utmc_settings
from app.core.utmc_local_files import save_settings as save_utmc_settings
from protocols.errors import SettingsFileError
from protocols.files.settings_file import loads

POSIX = os.name == "posix"


def test_every_kind_has_its_folder_under_configurator_home(user_home: Path) -> None:
    for kind in KINDS:
        folder = user_dir(kind)
        assert folder == user_home / kind and folder.is_dir()
        if POSIX:
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with pytest.raises(ValueError):
        user_dir("downloads")


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG folders are the Linux convention")
def test_without_the_override_the_xdg_folders_are_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(HOME_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert user_dir("backups") == tmp_path / "data" / "energomera-configurator" / "backups"
    assert user_dir("logs") == tmp_path / "state" / "energomera-configurator" / "logs"


@pytest.fixture
def error_log():
    from app.ui import error_hook

    root = logging.getLogger()
    before = list(root.handlers)
    yield error_hook
    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_the_error_log_is_per_user_private_and_rotated(error_log, user_home: Path, monkeypatch) -> None:
    monkeypatch.setattr(error_log, "LOG_BYTES", 2000)
    old = user_home / "logs" / error_log.LOG_NAME
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text("from an older run\n")
    if POSIX:
        old.chmod(0o644)
    path = error_log.setup_logging()
    assert path == old and error_log.setup_logging() == path  # one handler, however often it is set up
    for n in range(60):
        logging.getLogger("configurator").error("traceback line %d %s", n, "x" * 40)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["configurator.log", "configurator.log.1", "configurator.log.2", "configurator.log.3"]
    assert path.stat().st_size <= 2000
    if POSIX:
        for name in files:
            assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
    assert "traceback line 59" in path.read_text(encoding="utf-8")


def test_the_window_opens_the_error_log_with_its_first_record(error_log, user_home: Path, monkeypatch) -> None:
    """The window's start-up installs the handler; the file is opened by the first record, which it holds."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # install() sets it: put back afterwards
    path = user_home / "logs" / error_log.LOG_NAME
    error_log.install()
    error_log.install()  # once is enough: one handler however often
    assert not path.exists() and error_log._logged_to() is None
    logging.getLogger("configurator").error("первая запись")
    assert path.read_text(encoding="utf-8").count("первая запись") == 1
    assert error_log._logged_to() == path and error_log.setup_logging() == path
    if POSIX:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_phone_list_save_that_fails_leaves_the_old_list(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "phones.txt"
    save_phones(path, ["+79001234567", "+79007654321"])

    def disk_gone(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "fsync", disk_gone)
    with pytest.raises(SettingsFileError):
        save_phones(path, ["+79001112233"])
    assert load_phones(path).phones == ["+79001234567", "+79007654321"]
    assert [p.name for p in tmp_path.iterdir()] == ["phones.txt"]  # no half-written leftovers


def test_a_module_settings_file_with_a_repeated_key_is_refused_naming_it() -> None:
    text = ('{"format": "energomera-module-settings", "version": 1, "module": "gsm-2g4g",\n'
            ' "values": {"apn": "first.apn", "port": 8000, "apn": "second.apn"}}')
    with pytest.raises(SettingsFileError) as caught:
        loads(text)
    assert "«apn»" in caught.value.text.ru and "“apn”" in caught.value.text.en
    header = '{"format": "energomera-module-settings", "module": "gsm-2g4g", "version": 1, "module": "nb-iot",' \
             ' "values": {}}'
    with pytest.raises(SettingsFileError, match="module"):
        loads(header)


def test_a_utmc_settings_file_with_a_repeated_key_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "utmc.json"
    save_utmc_settings(path, {"poll_period": 30})
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"poll_period": 30', '"poll_period": 30, "poll_period": 60'), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["values"]["poll_period"] == 60  # what json alone would do
    with pytest.raises(SettingsFileError) as caught:
        load_utmc_settings(path)
    assert "«poll_period»" in caught.value.text.ru and "utmc.json" in caught.value.text.en
