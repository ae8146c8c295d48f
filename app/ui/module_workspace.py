"""The «Модуль связи» workspace: settings column, delivery panel, phone list and the tabs.

Layout as in the vendor tool (GSM manual §6–7): module type and basic/expert settings on the left,
«МЕТОД ДОСТАВКИ» with «НАСТРОЙКИ СОЕДИНЕНИЯ» in the middle, the tabs «Передача настроек»,
«Чтение состояния», «Дополнительно» on the right, the phone list under the delivery panel when
sending by SMS. Two tabs go beyond the vendor tool: the live signal plot and the LCD decoder.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.ui.delivery_panel import DeliveryPanel
from app.ui.extra_tabs import SignalTab, StorageTab
from app.ui.i18n import tr
from app.ui.lcd_decoder import LcdDecoderPage
from app.ui.module_actions import ModuleActions
from app.ui.phone_panel import PhonePanel
from app.ui.settings_column import SettingsColumn
from app.ui.status_tab import StatusTab
from app.ui.transfer_tab import TransferTab
from app.ui.workspace_context import WorkspaceContext
from protocols.delivery_methods import Method
from protocols.module_types import ModuleType


class ModuleWorkspace(QWidget):
    def __init__(self, context: WorkspaceContext) -> None:
        super().__init__()
        self.setObjectName("module_workspace")
        self.context = context
        self.settings = SettingsColumn()
        self.delivery = DeliveryPanel()
        self.module_actions = ModuleActions(self)
        self.phones = PhonePanel(*self.module_actions.phone_list_functions())
        self.transfer = TransferTab()
        self.status = StatusTab()
        self.signal = SignalTab()
        self.storage = StorageTab()
        self.lcd = LcdDecoderPage()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("module_tabs")
        self.tabs.addTab(self.transfer, tr("Передача настроек"))
        self.tabs.addTab(self.status, tr("Чтение состояния"))
        self.tabs.addTab(self.signal, tr("Сигнал"))  # short: five tabs fit a 1366-pixel laptop screen
        self.tabs.addTab(self.storage, tr("Дополнительно"))
        self.tabs.addTab(self.lcd, tr("Код ЖКИ"))
        # On a laptop screen the five tabs may not fit: shorten the names with "…" (full name in the
        # tooltip) rather than hide the last tabs behind scroll arrows.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        for index in range(self.tabs.count()):
            self.tabs.setTabToolTip(index, self.tabs.tabText(index))
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.delivery, 3)
        middle_layout.addWidget(self.phones, 2)
        # scrolls rather than growing the window past a 1366×768 laptop screen (modem + phone list)
        self.middle_scroll = QScrollArea()
        self.middle_scroll.setObjectName("delivery_scroll")
        self.middle_scroll.setWidgetResizable(True)
        self.middle_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.middle_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.middle_scroll.setWidget(middle)
        scroll_bar = self.middle_scroll.verticalScrollBar().sizeHint().width()
        self.middle_scroll.setMinimumWidth(middle.minimumSizeHint().width() + scroll_bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("module_splitter")
        splitter.addWidget(self.settings)
        splitter.addWidget(self.middle_scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 5)
        splitter.setSizes([440, 320, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.settings.module_changed.connect(self._module_changed)
        self.settings.firmware.editingFinished.connect(self._module_changed)
        self.delivery.method_changed.connect(self._method_changed)
        context.log.secret_sources.append(self.secrets)
        self.module_actions.connect_widgets()
        self.restore_state()
        self._module_changed()
        self._method_changed(self.delivery.method())

    # --- reactions ----------------------------------------------------------------------------
    def module(self) -> ModuleType:
        return self.settings.module

    def _module_changed(self, *_args: object) -> None:
        module = self.settings.module
        self.delivery.set_module(module, self.settings.firmware_version())
        self.status.set_module(module)
        self.lcd.module_combo.setCurrentIndex(self.lcd.module_combo.findData(module.value))

    def _method_changed(self, method: Method) -> None:
        self.phones.setVisible(method is Method.SMS)
        labels = {Method.MASTER_SIM: tr("Сохранить на SIM"), Method.SMS_TEXT: tr("Сформировать SMS")}
        self.transfer.set_send_label(labels.get(method, tr("Отправить")))
        self.transfer.show_text(None)
        self.transfer.sms_note.setVisible(not method.uses_link)
        # read from the module itself: over a link, or by the documented SMS queries (not from a SIM or a text)
        self.transfer.read_button.setVisible(method.uses_link or method is Method.SMS)
        self.status.set_sms_mode(method is Method.SMS)
        if method is Method.SMS:
            reason = tr("По SMS модули сообщают свои настройки: нажмите «Запросить настройки по SMS». "
                        "Статус модуля читается по прямому каналу, TCP/IP или TCP/IP CENC.")
        else:
            reason = tr("Чтение состояния недоступно для метода «{method}»: выберите метод, который связывается "
                        "с модулем.").format(method=self.delivery.buttons[method].text())
        self.status.set_available(method.uses_link, reason)

    def secrets(self) -> list[str]:
        found = self.settings.secrets()
        found.append(self.delivery.direct.meter_password.text())
        found.append(self.delivery.cenc.settings.password)
        return [s for s in found if s]

    # --- window integration ---------------------------------------------------------------------
    def busy(self) -> bool:
        return self.module_actions.busy()

    def cancel_all(self) -> None:
        self.module_actions.cancel_all()

    def save_state(self) -> None:
        self.context.settings.set_section("module", {
            "module": self.settings.module.value,
            "expert": self.settings.expert.isChecked(),
            "delivery": self.delivery.state(),
            "phones": self.phones.state(),
        })

    def restore_state(self) -> None:
        data = self.context.settings.section("module")
        try:
            self.settings.set_module(ModuleType.from_id(str(data.get("module", ModuleType.GSM_2G4G.value))))
        except ValueError:
            pass
        self.settings.expert.setChecked(bool(data.get("expert", False)))
        delivery = data.get("delivery")
        if isinstance(delivery, dict):
            self.delivery.restore(delivery)
        phones = data.get("phones")
        if isinstance(phones, dict):
            self.phones.restore(phones)

    def demo_prefill(self, endpoints: dict[str, str]) -> None:
        self.module_actions.demo_prefill(endpoints)
