"""A user named Иван keeping his files in «Мои документы»: Cyrillic letters and spaces in every path the
configurator reads or writes — its settings and recent files, the per-user backups and error log,
module and UTMC settings files, phone and device lists, the exchange log, downloads — through the
GUI's own save/load and the CLI's file commands. The per-user folders are found from the home
folder's conventions (XDG here, %APPDATA% on Windows), not from CONFIGURATOR_HOME. The child
processes also turn Python's use of the locale's default encoding into an error (Windows' would be
cp1251), so no file is read or written without saying its encoding."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.settings_store import save_settings
from app.ui.app_settings import AppSettings
from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from tests import gui_harness
from tests.gui_harness import wait_idle
from tests.simulator_process import ROOT, simulator_process
from tests.test_excel_lists import GUIDE_LINES
from tests.test_gui_module import set_choice, type_into

qloop, demo, window = gui_harness.qloop, gui_harness.demo, gui_harness.window



class RussianHome:
    """C:\\Users\\Иван as Windows lays it out, and the same person's folders as Linux and macOS name them."""

    def __init__(self, root: Path) -> None:
        self.home = root / "Users" / "Иван Петров"
        self.documents = self.home / "Мои документы"
        self.documents.mkdir(parents=True)
        self.env = {
            "HOME": str(self.home), "USERPROFILE": str(self.home),
            "APPDATA": str(self.home / "AppData" / "Roaming"), "LOCALAPPDATA": str(self.home / "AppData" / "Local"),
            "TEMP": str(self.home / "AppData" / "Local" / "Temp"), "TMP": str(self.home / "AppData" / "Local" / "Temp"),
            "TMPDIR": str(self.home / "AppData" / "Local" / "Temp"),
            "XDG_CONFIG_HOME": str(self.home / ".config"), "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_STATE_HOME": str(self.home / ".local" / "state"), "XDG_CACHE_HOME": str(self.home / ".cache"),
        }
        Path(self.env["TEMP"]).mkdir(parents=True)

    def backups(self) -> list[Path]:
        folder = Path(self.env["XDG_DATA_HOME"]) / "energomera-configurator" / "backups"
        return sorted(folder.iterdir()) if folder.is_dir() else []

    def child_env(self) -> dict[str, str]:
        """For a child process: this home, and no file opened in the locale's encoding."""
        env = {k: v for k, v in os.environ.items() if k not in ("CONFIGURATOR_SETTINGS_FILE", "CONFIGURATOR_HOME")}
        # openpyxl asks tempfile for a text file only to take its name, then writes it in binary
        return {**env, **self.env, "QT_QPA_PLATFORM": "offscreen", "PYTHONWARNDEFAULTENCODING": "1",
                "PYTHONWARNINGS": "error::EncodingWarning,ignore::EncodingWarning:openpyxl.worksheet._writer"}

    def main(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "main.py", "--lang", "en", *args], cwd=ROOT, env=self.child_env(),
                              capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def russian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RussianHome]:
    home = RussianHome(tmp_path)
    for name, value in home.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CONFIGURATOR_HOME", raising=False)  # the folders as this user's system names them
    yield home


@pytest.fixture
def app_settings(russian: RussianHome) -> AppSettings:
    """The window's own settings file in Иван's profile, where Windows keeps it (%APPDATA%)."""
    path = Path(russian.env["APPDATA"]) / "Energomera-open" / "configurator.ini"
    return AppSettings(QSettings(str(path), QSettings.Format.IniFormat))


@pytest.mark.gui
@pytest.mark.timeout(90)
def test_gui_saves_and_loads_in_cyrillic_folders(qtbot, window, russian: RussianHome, monkeypatch) -> None:
    docs = russian.documents
    module_file = docs / "настройки счётчика №5.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(module_file), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.ask_save_settings()
    assert module_file.is_file()
    window.app_settings.sync()
    stored = AppSettings(QSettings(window.app_settings.store.fileName(), QSettings.Format.IniFormat))
    assert stored.recent_files()[0] == str(module_file)  # read back from the INI file in %APPDATA%
    window.recent_menu.actions()[0].trigger()  # «Последние файлы» opens it again
    assert "Загружены настройки" in window.log_panel.text() and str(module_file) in window.log_panel.text()

    exchange_log = docs / "журнал обмена.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(exchange_log), ""))
    window.log_panel.save_button.click()
    assert str(module_file) in exchange_log.read_text(encoding="utf-8")

    # «Отправить» keeps what the module held as a backup in the per-user folder first
    page = window.module_page
    page.delivery.set_method(Method.TCP)
    set_choice(page, "mode", "server")  # the module stays reachable over TCP/IP
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "ivan.apn")
    page.transfer.send_button.click()
    wait_idle(qtbot, window)
    assert page.module_actions.last_ok, page.transfer.summary.text()
    backups = russian.backups()
    assert len(backups) == 1 and russian.home in backups[0].parents
    assert str(backups[0]) in page.transfer.summary.text()

    utmc = window.utmc_page.utmc_actions
    devices = docs / "Список приборов УТМЦ.csv"
    devices.write_bytes(GUIDE_LINES.encode("cp1251"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(devices), ""))
    utmc.import_devices()
    assert len(window.utmc_page.devices.model.records) == 2
    for name in ("Приборы (копия).xlsx", "Приборы (копия).txt"):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, n=name, **k: (str(docs / n), ""))
        utmc.export_devices()
        assert utmc.import_devices_from(docs / name)
    utmc_file = docs / "настройки УТМЦ.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(utmc_file), ""))
    utmc.save_settings_file()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(utmc_file), ""))
    utmc.load_settings_file()
    wait_idle(qtbot, window)
    assert str(utmc_file) in window.app_settings.recent_files()


@pytest.mark.skipif(sys.platform == "win32", reason="Qt asks Windows itself for %APPDATA%, not the environment")
def test_default_settings_file_lives_in_the_users_profile(russian: RussianHome) -> None:
    """The GUI's settings file where Qt puts it for this user, written and read back by two processes."""
    document = russian.documents / "настройки счётчика.json"
    write = ("from app.ui.launch import make_settings; s = make_settings(); "
             f"s.add_recent_file({str(document)!r}); s.sync(); print(s.store.fileName())")
    read = "from app.ui.launch import make_settings; print(make_settings().recent_files()[0])"
    first = subprocess.run([sys.executable, "-c", write], cwd=ROOT, env=russian.child_env(), capture_output=True,
                           text=True, encoding="utf-8", timeout=60)
    assert first.returncode == 0, first.stderr
    settings_file = Path(first.stdout.strip())
    assert settings_file.is_file() and russian.home in settings_file.parents
    second = subprocess.run([sys.executable, "-c", read], cwd=ROOT, env=russian.child_env(), capture_output=True,
                            text=True, encoding="utf-8", timeout=60)
    assert second.stdout.strip() == str(document), second.stderr


def test_error_log_in_the_users_log_folder(russian: RussianHome) -> None:
    script = ("import logging; from app.ui.error_hook import setup_logging; path = setup_logging(); "
              "logging.getLogger('configurator').error('нет связи с «USB-SERIAL CH340 (COM7)»'); print(path)")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=russian.child_env(), capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    log = Path(done.stdout.strip())
    assert log.parent == Path(russian.env["XDG_STATE_HOME"]) / "energomera-configurator" / "logs"
    assert "нет связи с «USB-SERIAL CH340 (COM7)»" in log.read_text(encoding="utf-8")


@pytest.mark.slow
def test_cli_file_commands_in_cyrillic_folders(russian: RussianHome) -> None:
    docs = russian.documents
    settings = docs / "настройки счётчика.json"
    save_settings(settings, ModuleType.GSM_2G4G, {"apn": "ivan.apn", "mode": "server"})
    text = russian.main("sms-text", "--module", "gsm-2g4g", "--config", str(settings))
    assert text.returncode == 0 and "APN ivan.apn" in text.stdout, text.stderr

    with simulator_process("module", "--restart-time", "0") as module:  # the restore follows at once
        host, port = module["tcp"].rsplit(":", 1)
        via = ["--module", "gsm-2g4g", "--via", "tcp", "--host", host, "--port", port]
        configure = russian.main("configure", *via, "--config", str(settings))
        assert configure.returncode == 0, configure.stderr
        (backup,) = russian.backups()  # what the module held, kept before the write
        assert str(backup) in configure.stdout + configure.stderr
        restore = russian.main("configure", *via, "--config", str(backup), "--no-backup")
        assert restore.returncode == 0, restore.stderr

    with simulator_process("modem", "--meters", "1", "--reply-delay", "0.1", "--submit-time", "0.02") as modem:
        phones = docs / "Абоненты улицы Мира.csv"
        phones.write_bytes(f"ФИО;Телефон\r\nИванов;{modem['phones'][0]}\r\n".encode("cp1251"))
        send = russian.main("sms-send", "--module", "gsm-2g4g", "--port", f"socket://{modem['tcp']}", "--phones",
                            str(phones), "--set", "apn=ivan.apn", "--wait", "20")
    assert send.returncode == 0, send.stderr
    assert send.stdout.startswith(f"{modem['phones'][0]}\tИванов\tOK")

    with simulator_process("utmc", "--baud", "0", "--eth-bitrate", "0") as utmc:
        host, port = utmc["tcp"].rsplit(":", 1)
        via = ["--via", "tcp", "--host", host, "--tcp-port", port]
        devices = docs / "Список приборов.txt"
        devices.write_bytes(GUIDE_LINES.encode("cp1251"))
        assert russian.main("utmc-devices", "import", str(devices), *via).returncode == 0
        exported = docs / "Приборы (выгрузка).xlsx"
        export = russian.main("utmc-devices", "export", str(exported), "--channels", "1", *via)
        assert export.returncode == 0 and exported.is_file(), export.stderr
        again = russian.main("utmc-devices", "import", str(exported), *via)
        assert again.returncode == 0, again.stderr
        assert len(russian.backups()) == 2  # the device table it replaced, kept first
        journal = docs / "журнал 10 января.dat"
        get = russian.main("utmc-get-file", "2025/01/10/00.dat", "--out", str(journal), *via)
        assert get.returncode == 0 and journal.read_bytes().startswith(b"UTMJ"), get.stderr
