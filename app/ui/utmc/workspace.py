"""The «УТМЦ-700» workspace (UTMC-700 guide «Настройка УТМЦ»).

Top: the connection strip (COM or Ethernet, «Установить связь», identity, settings password,
settings files). Tabs: «Параметры УТМЦ. Основные», «…Сеть», «…Интерфейсы», «…Сервис»,
«Параметры приборов», «Файлы». Bottom: the status line, the progress bar and «Отмена».

Constructed by the main window as ``UtmcWorkspace(context)``; it also works alone
(``UtmcWorkspace()`` makes its own settings and log) for screenshots and tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.ui.app_settings import AppSettings
from app.ui.fit import ScrollingTabs, VerticalScroll, explain_disabled
from app.ui.i18n import pick, tr
from app.ui.log_panel import LogPanel
from app.ui.utmc.actions import UtmcActions
from app.ui.utmc.connection_panel import ConnectionPanel
from app.ui.utmc.devices_page import DevicesPage
from app.ui.utmc.files_page import FilesPage
from app.ui.utmc.param_page import ParameterPage
from app.ui.workspace_context import WorkspaceContext
from protocols.utmc.utmc_params import CHANNELS, Tab, parameter

PARAMETER_TABS = (Tab.MAIN, Tab.NETWORK, Tab.INTERFACES, Tab.SERVICE)
OK_STYLE, ERROR_STYLE, CANCELLED_STYLE = "color: #1b5e20;", "color: #b00020;", "color: #9a6700;"


def standalone_context() -> WorkspaceContext:
    """Settings in a temporary INI file and a private log: the workspace without the main window."""
    path = Path(tempfile.mkdtemp(prefix="utmc-ui-")) / "settings.ini"
    return WorkspaceContext(AppSettings(QSettings(str(path), QSettings.Format.IniFormat)), LogPanel())


class UtmcWorkspace(QWidget):
    STAGED = True  # built in stages by the window (app/ui/workspace_slot.py)

    def __init__(self, context: WorkspaceContext | None = None, *, staged: bool = False) -> None:
        """``staged``: the construction left in ``stages``, to be run one per event-loop turn."""
        super().__init__()
        self.setObjectName("utmc_workspace")
        self.context = context or standalone_context()
        self.stages = self._construct()
        if not staged:
            for _ in self.stages:
                pass

    def _construct(self) -> Iterator[None]:
        self.connection = ConnectionPanel()
        self.pages = {tab: ParameterPage(tab) for tab in PARAMETER_TABS}
        yield
        self.devices = DevicesPage()
        self.files = FilesPage()
        yield
        # pages scroll up and down rather than heighten the window; long tab names are shortened with "…"
        self.tabs = ScrollingTabs("utmc_tabs")
        for tab, page in self.pages.items():
            self.tabs.add_page(page, pick(tab.label), f"utmc_scroll_{tab.value}")
        self.tabs.add_page(self.devices, pick(Tab.DEVICES.label), "utmc_scroll_devices")
        self.tabs.add_page(self.files, tr("Файлы"), scrolls=False)
        self.status = QLabel()
        self.status.setObjectName("utmc_status")
        self.status.setWordWrap(True)
        # a long message (a refused device list) scrolls within three lines instead of heightening the window
        line = self.status.fontMetrics().lineSpacing()
        self.status_scroll = VerticalScroll(self.status, "utmc_status_scroll", min_height=line + 4)
        self.status_scroll.setMaximumHeight(3 * line + 4)
        self.progress = QProgressBar()
        self.progress.setObjectName("utmc_progress")
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton(tr("Отмена"))
        self.cancel_button.setObjectName("utmc_cancel")
        explain_disabled(self.cancel_button, False, tr("Нет операции, которую можно отменить"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_scroll, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.connection)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        yield
        self.utmc_actions = UtmcActions(self)
        self._connect_widgets()
        self.context.log.secret_sources.append(self.secrets)
        self.restore_state()

    def _connect_widgets(self) -> None:
        a, c, d, f = self.utmc_actions, self.connection, self.devices, self.files
        c.refresh_requested.connect(a.refresh_ports)
        c.connect_requested.connect(a.toggle_connection)
        c.search_requested.connect(a.search)
        c.identify_requested.connect(a.identify)
        c.save_settings_requested.connect(a.save_settings_file)
        c.load_settings_requested.connect(a.load_settings_file)
        for page in self.pages.values():
            page.read_requested.connect(a.read_parameters)
            page.write_requested.connect(lambda keys, p=page: a.write_parameters(
                {k: p.model.values[k] for k in keys}))
        d.read_interfaces_requested.connect(lambda: a.read_parameters(list(d.interface_values())))
        d.write_interfaces_requested.connect(a.write_parameters)
        d.read_devices_requested.connect(a.read_devices)
        d.write_devices_requested.connect(a.write_devices)
        d.poll_all_requested.connect(a.poll_all)
        d.poll_one_requested.connect(a.poll_one)
        d.import_requested.connect(a.import_devices)
        d.export_requested.connect(a.export_devices)
        f.choose_firmware_requested.connect(a.choose_firmware)
        f.update_requested.connect(a.update_firmware)
        f.download_requested.connect(a.download)
        f.transfer_requested.connect(a.transfer_to_server)
        self.cancel_button.clicked.connect(a.cancel)

    # -- values of the whole form ------------------------------------------------------------------
    def apply_values(self, values: dict[str, object]) -> None:
        for page in self.pages.values():
            page.model.set_values(values)
        self.devices.set_interface_values(values)

    def form_values(self) -> dict[str, object]:
        """Every valid value in the form, channel interfaces included (for the settings file)."""
        values: dict[str, object] = {}
        for page in self.pages.values():
            values.update(page.model.values)
        values.update(self.devices.interface_values())
        return values

    def secrets(self) -> list[str]:
        found = [self.connection.password.text()]
        for page in self.pages.values():
            for key, value in page.model.values.items():
                if parameter(key).secret:
                    found.append(str(value))
        return [s for s in found if s and s != "0"]

    # -- progress and messages ---------------------------------------------------------------------
    def start_progress(self, name: str) -> None:
        self.progress.setRange(0, 0)  # busy until the operation reports numbers
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText(tr("{name}…").format(name=name))

    def show_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.status.setText(text)

    def finish(self, text: str, *, ok: bool = True) -> None:
        self.progress.hide()
        self.status.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.status.setText(text)
        self.context.log.note(("" if ok else tr("Ошибка: ")) + text)

    def cancelled(self, name: str) -> None:
        """The user cancelled ``name``: said as such, not as an error."""
        self.progress.hide()
        self.status.setStyleSheet(CANCELLED_STYLE)
        text = tr("Отменено: {name}").format(name=name)
        self.status.setText(text)
        self.context.log.note(text)

    def set_busy(self, busy: bool) -> None:
        explain_disabled(self.cancel_button, busy, tr("Нет операции, которую можно отменить"))
        why = tr("Идёт операция «{name}»: дождитесь её окончания или нажмите «Отмена»").format(
            name=self.utmc_actions.runner.name) if busy else ""
        for widget in (self.connection, *self.pages.values(), self.devices, self.files):
            widget.setEnabled(not busy)
            widget.setToolTip(why)  # shown over every control of the page that has no tooltip of its own
        if not busy and self.progress.isVisible() and self.progress.maximum() == 0:
            self.progress.hide()

    # -- window integration ------------------------------------------------------------------------
    def busy(self) -> bool:
        return self.utmc_actions.busy()

    def cancel_all(self) -> None:
        self.utmc_actions.cancel()

    def retire(self) -> None:
        """Replaced by a workspace in another language: the operation stops and the link closes."""
        self.utmc_actions.cancel()
        self.context.log.secret_sources[:] = [s for s in self.context.log.secret_sources if s != self.secrets]
        with contextlib.suppress(RuntimeError):  # no running loop: nothing was opened either
            self.utmc_actions.closing = asyncio.get_event_loop().create_task(self.utmc_actions.close())

    def save_state(self) -> None:
        self.context.settings.set_section("utmc", {
            "connection": self.connection.state(),
            "channel": self.devices.current_channel(),
            "tab": self.tabs.currentIndex(),
        })

    def restore_state(self) -> None:
        data = self.context.settings.section("utmc")
        connection = data.get("connection")
        if isinstance(connection, dict):
            self.connection.restore(connection)
        channel = data.get("channel")
        if isinstance(channel, int) and 1 <= channel <= CHANNELS:
            self.devices.set_channel(channel)
        tab = data.get("tab")
        if isinstance(tab, int):
            self.tabs.setCurrentIndex(tab)

    def demo_prefill(self, endpoints: dict[str, str]) -> None:
        """--demo: the simulated UTMC's Ethernet port ("utmc_tcp" host:port), USB port ("utmc_serial")
        and UDP search port ("utmc_discovery" host:port)."""
        tcp = endpoints.get("utmc_tcp")
        if tcp:
            host, _, port = tcp.rpartition(":")
            self.connection.eth_radio.setChecked(True)
            self.connection.host.setEditText(host)
            self.connection.tcp_port.setValue(int(port))
        serial = endpoints.get("utmc_serial")
        if serial:
            self.connection.port.setEditText(serial)
        discovery = endpoints.get("utmc_discovery")
        if discovery:
            host, _, port = discovery.rpartition(":")
            self.utmc_actions.discovery_targets = [(host, int(port))]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        self.utmc_actions.cancel()
        with contextlib.suppress(RuntimeError):
            asyncio.get_event_loop().create_task(self.utmc_actions.close())
        super().closeEvent(event)
