"""The main window: workspaces as tabs, menus, the exchange log dock, remembered geometry.

Workspaces: «Модуль связи», «УТМЦ-700» and «Парк приборов», one row each in WORKSPACES. Each is imported and built the
first time its tab is shown (app/ui/workspace_slot.py): the window opens with the workspace on screen
only. The language switch rebuilds the built workspaces in the new language, carrying over what the user
typed; the one on screen is rebuilt in stages across event-loop turns, so the window never freezes; the
old workspaces are closed (their links too) and deleted, not left running.
The window fits a field laptop at 125 % (1366×768: 1092×582 logical pixels): its minimum size stays
below that in every workspace, the log dock can be hidden (toolbar, «Вид» menu, its own ×).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar

from app.core.channel_waits import ChannelWaits, WaitTimes
from app.core.modem_wait_times import ModemWaits
from app.resources import resource_path
from app.ui.app_settings import AppSettings
from app.ui.i18n import install_language, language, tr
from app.ui.log_panel import LogPanel
from app.ui.workspace_context import WorkspaceContext
from app.ui.workspace_slot import WorkspaceEntry, WorkspaceSlot, WorkspaceTabs
from app.version import program_version

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from app.ui.fleet_workspace import FleetWorkspace
    from app.ui.module_workspace import ModuleWorkspace
    from app.ui.templates_dialog import TemplatesDialog
    from app.ui.utmc.workspace import UtmcWorkspace

ICON = ("icons", "configurator.png")
WORKSPACES = (
    WorkspaceEntry("module", lambda: tr("Модуль связи"), "app.ui.module_workspace", "ModuleWorkspace"),
    WorkspaceEntry("utmc", lambda: tr("УТМЦ-700"), "app.ui.utmc.workspace", "UtmcWorkspace",
                   background=("protocols.utmc.utmc_frames", "protocols.utmc.utmc_devices", "app.core.utmc_client",
                               "app.core.utmc_local_files", "app.core.utmc_ops", "app.core.utmc_device_write",
                               "app.core.utmc_sd_card", "app.core.utmc_param_write", "app.core.utmc_discovery"),
                   preload=("app.ui.utmc.actions", "app.ui.utmc.device_dialog", "app.ui.utmc.devices_page",
                            "app.ui.utmc.files_page", "app.ui.utmc.param_page")),
    WorkspaceEntry("fleet", lambda: tr("Парк приборов"), "app.ui.fleet_workspace", "FleetWorkspace",
                   background=("openpyxl", "app.core.fleet_jobs", "app.core.fleet_journal", "app.core.fleet_list",
                               "app.core.fleet_plan", "app.core.fleet_report", "app.core.fleet_run")),
)


def demo_waits() -> WaitTimes:
    """The demo's waits: its simulated modules start at once, the countdown is seen in seconds."""
    from app.demo import DEMO_WAITS

    return DEMO_WAITS


def app_icon() -> QIcon:
    """The application icon (resources/icons), shared by the window and the application."""
    return QIcon(str(resource_path(*ICON)))


class MainWindow(QMainWindow):
    closed = Signal()  # the user closed the window (after confirming if a transfer was running)

    def __init__(self, settings: AppSettings, demo_endpoints: dict[str, str] | None = None,
                 waits: ChannelWaits | None = None, modem_waits: ModemWaits | None = None) -> None:
        """``waits``: the manuals' waits on the application's clock (the demo's shorter ones in --demo);
        ``modem_waits``: the GSM modem's, on the same clock."""
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowIcon(app_icon())
        self.app_settings = settings
        self.demo_endpoints = dict(demo_endpoints or {})
        self.channel_waits = waits or ChannelWaits(demo_waits() if self.demo_endpoints else None)
        self.modem_waits = modem_waits or ModemWaits()
        self.log_panel = LogPanel()
        self.log_dock = QDockWidget(self)
        self.log_dock.setObjectName("log_dock")
        self.log_dock.setWidget(self.log_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.log_toggle = self.log_dock.toggleViewAction()  # kept: the menus are rebuilt, the action stays
        self.log_toggle.setObjectName("log_toggle")
        self.workspaces = WorkspaceTabs()
        self.workspaces.setObjectName("workspaces")
        self.setCentralWidget(self.workspaces)
        # the toolbar sits beside the workspace tabs, not in a row of its own: a row more for the pages
        self.tool_bar = QToolBar()
        self.tool_bar.setObjectName("main_toolbar")
        self.tool_bar.setMovable(False)
        self.tool_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.workspaces.setCornerWidget(self.tool_bar, Qt.Corner.TopRightCorner)
        self.templates_dialog: TemplatesDialog | None = None
        context = self._context()
        for entry in WORKSPACES:
            slot = WorkspaceSlot(entry, context)
            if entry.name == "fleet":  # «Парк приборов» configures with the module workspace's form
                slot.built.connect(self._give_fleet_the_form)
            self.workspaces.addTab(slot, entry.title())
        self._retitle()
        self._build_menus()
        self.workspaces.slot(self.workspaces.currentIndex()).workspace()  # the one on screen, before it shows
        geometry = settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(self.first_size())
            # a laptop screen keeps the log at its minimum (three lines): the pages need the height more
            self.resizeDocks([self.log_dock], [150 if self.height() >= 800 else 90 if self.height() >= 640 else 1],
                             Qt.Orientation.Vertical)

    def first_size(self) -> QSize:
        """1400×900, or the screen's free area on a smaller screen (a 1366×768 field laptop)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        wanted = QSize(1400, 900)
        if screen is None:
            return wanted
        free = screen.availableSize()
        return wanted.boundedTo(QSize(free.width() - 16, free.height() - 40)).expandedTo(self.minimumSizeHint())

    # --- workspaces ---------------------------------------------------------------------------------
    def workspace(self, name: str) -> Any:
        """The workspace called ``name`` in WORKSPACES, built now if it is not yet."""
        for slot in self.workspaces.slots():
            if slot.entry.name == name:
                return slot.workspace()
        raise KeyError(name)

    @property
    def module_page(self) -> ModuleWorkspace:
        return cast("ModuleWorkspace", self.workspace("module"))

    @property
    def utmc_page(self) -> UtmcWorkspace:
        return cast("UtmcWorkspace", self.workspace("utmc"))

    @property
    def fleet_page(self) -> FleetWorkspace:
        return cast("FleetWorkspace", self.workspace("fleet"))

    def _give_fleet_the_form(self, fleet: FleetWorkspace) -> None:
        fleet.set_form_source(lambda: (self.module_page.settings.module, self.module_page.settings.values_to_send()))

    def _pages(self) -> list[Any]:
        """The workspaces built so far (one never opened has nothing running and nothing to save)."""
        return [w for w in (slot.built_workspace() for slot in self.workspaces.slots()) if w is not None]

    def _context(self) -> WorkspaceContext:
        return WorkspaceContext(self.app_settings, self.log_panel, self.demo_endpoints, self.channel_waits,
                                self.modem_waits)

    def _retitle(self) -> None:
        title = tr("Конфигуратор модулей связи и УТМЦ-700 {version}").format(version=program_version())
        self.setWindowTitle(title + (tr(" — демо") if self.demo_endpoints else ""))
        self.log_dock.setWindowTitle(tr("Журнал обмена"))
        self.log_panel.save_button.setText(tr("Сохранить журнал…"))
        self.log_panel.clear_button.setText(tr("Очистить журнал"))
        for index, slot in enumerate(self.workspaces.slots()):
            self.workspaces.setTabText(index, slot.entry.title())
        if self.templates_dialog is not None:  # built in the previous language
            self.templates_dialog.close()
            self.templates_dialog.deleteLater()
            self.templates_dialog = None

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(tr("Файл"))
        self.load_action = QAction(tr("Загрузить настройки…"), self)
        self.load_action.setShortcut(QKeySequence.StandardKey.Open)
        self.load_action.triggered.connect(self.ask_load_settings)
        self.save_action = QAction(tr("Сохранить настройки…"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.ask_save_settings)
        file_menu.addAction(self.load_action)
        file_menu.addAction(self.save_action)
        self.recent_menu = QMenu(tr("Недавние файлы"), self)
        file_menu.addMenu(self.recent_menu)
        self._fill_recent()
        file_menu.addSeparator()
        defaults_action = file_menu.addAction(tr("Значения по умолчанию"))
        defaults_action.triggered.connect(lambda: self.module_page.settings.reset_defaults())
        self.templates_action = file_menu.addAction(tr("Шаблоны…"))
        self.templates_action.setObjectName("templates_action")
        self.templates_action.setToolTip(tr("Образцы списка номеров и списков приборов УТМЦ: сохранить копию"))
        self.templates_action.triggered.connect(self.show_templates)
        save_log = file_menu.addAction(tr("Сохранить журнал обмена…"))
        save_log.triggered.connect(self.log_panel._ask_save)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(tr("Выход"))
        quit_action.triggered.connect(self.close)
        view_menu = bar.addMenu(tr("Вид"))
        log_toggle = self.log_toggle
        log_toggle.setText(tr("Журнал обмена"))
        log_toggle.setToolTip(tr("Показать или скрыть журнал обмена внизу окна"))
        view_menu.addAction(log_toggle)
        language_menu = view_menu.addMenu(tr("Язык / Language"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("ru", "Русский"), ("en", "English")):
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == language())
            action.setObjectName(f"language_{code}")
            action.triggered.connect(lambda _checked=False, c=code: self.switch_language(c))
            group.addAction(action)
            self.language_actions[code] = action
        help_menu = bar.addMenu(tr("Справка"))
        about = help_menu.addAction(tr("О программе"))
        about.triggered.connect(self._about)
        for action in self.tool_bar.actions():  # not clear(): it would delete the dock's own toggle action
            self.tool_bar.removeAction(action)
        self.tool_bar.setWindowTitle(tr("Панель инструментов"))
        self.tool_bar.addAction(self.load_action)
        self.tool_bar.addAction(self.save_action)
        self.tool_bar.addSeparator()
        self.tool_bar.addAction(log_toggle)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.app_settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.load_settings(Path(p)))
        self.recent_menu.setEnabled(bool(files))

    # --- settings files -------------------------------------------------------------------------
    def ask_load_settings(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # the dialogs' classes load when first opened

        name, _ = QFileDialog.getOpenFileName(self, tr("Загрузить настройки модуля"), "",
                                              tr("Настройки модуля (*.json);;Все файлы (*)"))
        if name:
            self.load_settings(Path(name))

    def ask_save_settings(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить настройки модуля"), "module-settings.json",
                                              tr("Настройки модуля (*.json)"))
        if not name:
            return
        answer = QMessageBox.question(self, tr("Пароли"), tr("Сохранить в файл и пароли? Обычно их не сохраняют."),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        self.save_settings(Path(name), include_passwords=answer == QMessageBox.StandardButton.Yes)

    def load_settings(self, path: Path) -> bool:
        if self.module_page.module_actions.load_settings_file(path):
            self.app_settings.add_recent_file(path)
            self._fill_recent()
            return True
        return False

    def save_settings(self, path: Path, include_passwords: bool = False) -> bool:
        if self.module_page.module_actions.save_settings_file(path, include_passwords):
            self.app_settings.add_recent_file(path)
            self._fill_recent()
            return True
        return False

    # --- language, closing ------------------------------------------------------------------------
    def switch_language(self, lang: str) -> None:
        if lang == language():
            return
        from PySide6.QtWidgets import QMessageBox

        if any(page.busy() for page in self._pages()):
            QMessageBox.information(self, tr("Язык"), tr("Язык можно сменить после окончания операции."))
            self.language_actions[language()].setChecked(True)
            return
        for page in self._pages():
            page.save_state()
        if not install_language(lang):
            QMessageBox.warning(self, "Language", "The English translation file is missing.")
            self.language_actions[language()].setChecked(True)
            return
        self.app_settings.set_language(lang)
        context = self._context()
        for slot in self.workspaces.slots():
            slot.rebuild(context)
        self._retitle()
        self._build_menus()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if any(page.busy() for page in self._pages()):
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(self, tr("Идёт обмен"),
                                          tr("Идёт обмен с устройством. Прервать его и закрыть программу?"),
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            for page in self._pages():
                page.cancel_all()
        for page in self._pages():
            page.save_state()
        self.app_settings.set_geometry(self.saveGeometry())
        self.app_settings.sync()
        event.accept()
        self.closed.emit()

    def show_templates(self) -> TemplatesDialog:
        """«Шаблоны…»: non-modal, so the event loop (and any transfer) keeps running."""
        if self.templates_dialog is None:
            from app.ui.templates_dialog import TemplatesDialog

            self.templates_dialog = TemplatesDialog(self)
        self.templates_dialog.show()
        self.templates_dialog.raise_()
        return self.templates_dialog

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.NoIcon, tr("О программе"), tr(
            "Конфигуратор модулей связи и УТМЦ-700\nВерсия {version}\n\n"
            "Открытый конфигуратор модулей связи GSM/LTE/NB-IoT счётчиков и концентратора УТМЦ-700.\n"
            "Все действия программы доступны и из командной строки: python main.py --help").format(
                version=program_version()), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("about_dialog")
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.open()
