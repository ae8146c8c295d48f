"""The window builds what is on screen: the other workspace and the module workspace's «Чтение состояния»
and «Дополнительно» pages are built when first opened (or asked for), in stages across event-loop turns;
the links, codecs and files the first page does not use are imported with the first operation."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings

from app.ui.app_settings import AppSettings
from app.ui.i18n import install_language
from app.ui.main_window import MainWindow
from app.ui.utmc.workspace import UtmcWorkspace
from tests.simulator_process import ROOT

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path) -> MainWindow:
    install_language("ru")
    win = MainWindow(AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    win.show()
    return win


def _utmc_slot(window: MainWindow):
    return next(slot for slot in window.workspaces.slots() if slot.entry.name == "utmc")


def test_only_the_workspace_on_screen_is_built_at_start(window):
    module_slot = window.workspaces.slot(window.workspaces.currentIndex())
    assert module_slot.entry.name == "module" and module_slot.built_workspace() is not None
    assert _utmc_slot(window).built_workspace() is None
    assert not _utmc_slot(window).building()
    page = module_slot.built_workspace()
    assert page.status_page.built() is None and page.extra_page.built() is None
    assert window.log_panel.secret_sources == [page.secrets]  # the UTMC one joins when it is built


def test_opening_a_tab_builds_it_in_stages(qtbot, window):
    slot = _utmc_slot(window)
    window.workspaces.setCurrentWidget(slot)
    assert slot.building() and slot.built_workspace() is None  # not in the click's own turn
    qtbot.waitUntil(lambda: slot.built_workspace() is not None, timeout=20000)
    assert not slot.building()
    utmc = slot.built_workspace()
    assert isinstance(utmc, UtmcWorkspace)
    qtbot.waitUntil(utmc.isVisible)  # a widget added to a shown layout shows on the next turn
    assert window.workspaces.indexOf(utmc) == window.workspaces.indexOf(slot)
    assert window.log_panel.secret_sources[-1] == utmc.secrets


def test_asked_for_while_building_it_is_finished_at_once(window):
    slot = _utmc_slot(window)
    slot.build_soon()  # its modules start loading by a thread
    assert slot.building()
    utmc = window.utmc_page  # what a menu action or the language switch asks for
    assert isinstance(utmc, UtmcWorkspace) and slot.built_workspace() is utmc and not slot.building()


def test_module_pages_are_built_when_first_opened(qtbot, window):
    page = window.module_page
    page.tabs.setCurrentIndex(page.tabs.indexOf(page.status_page))
    qtbot.waitUntil(lambda: page.status_page.built() is not None)
    assert page.status_page.built() is page.status
    qtbot.waitUntil(page.status.isVisible)
    assert page.extra_page.built() is None
    assert page.lcd.module_combo.currentData() == page.settings.module.value  # asking builds it, set up
    assert page.extra_page.built() is not None


# what the first page shows needs none of these: each comes with the operation that uses it
NOT_AT_START = ("construct", "protocols.cenc", "protocols.module.module_frames", "protocols.sms.sms_pdu",
                "protocols.sms.sms_commands", "protocols.module.status_tables", "app.core.links.channels",
                "app.core.links.registry", "app.core.links.base", "app.core.links.at_modem",
                "app.core.modem_preflight", "app.core.modem_checks", "app.core.phone_list", "logging.handlers",
                "html", "app.cli.output", "asyncio", "qasync")  # the event loop is loaded once the window shows


def test_the_window_shows_without_the_links_codecs_and_files(tmp_path) -> None:
    """The GUI as main.py starts it, until it says its window is shown: the modules imported by then."""
    code = ("import json, os, sys\n"
            "class Shown:\n"
            "    def write(self, text):\n"
            "        if text.startswith('first-window-shown'):\n"
            "            sys.__stdout__.write(json.dumps(sorted(sys.modules)) + '\\n')\n"
            "            sys.__stdout__.flush()\n"
            "            os._exit(0)\n"
            "        return len(text)\n"
            "    def flush(self):\n"
            "        pass\n"
            "sys.stdout = Shown()\n"
            "from app.cli import run\n"
            "run([])\n")
    env = dict(os.environ, CONFIGURATOR_SETTINGS_FILE=str(tmp_path / "s.ini"), CONFIGURATOR_REPORT_START="1",
               QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "app.ui.module_workspace" in loaded  # the window was built
    assert not [name for name in loaded for heavy in NOT_AT_START if name == heavy or name.startswith(heavy + ".")]
