"""The «Модуль связи» workspace: settings column, delivery panel, phone list and the tabs.

Layout as in the vendor tool (GSM manual §6–7): module type and basic/expert settings on the left,
«МЕТОД ДОСТАВКИ» with «НАСТРОЙКИ СОЕДИНЕНИЯ» in the middle, the tabs «Передача настроек»,
«Чтение состояния», «Дополнительно» on the right, the phone list under the delivery panel when
sending by SMS. «Дополнительно» holds the modem's SMS storage (the vendor's page) and two pages that
go beyond the vendor tool: the live signal plot and the LCD decoder — three tab names fit beside the
settings on a laptop screen at 125 %, five would not. The columns are in a splitter; each scrolls up
and down on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.ui.delivery_panel import DeliveryPanel
from app.ui.fit import ScrollingTabs, VerticalScroll
from app.ui.i18n import tr
from app.ui.module_actions import ModuleActions
from app.ui.phone_panel import PhonePanel
from app.ui.settings_column import SettingsColumn
from app.ui.transfer_tab import TransferTab
from app.ui.workspace_context import WorkspaceContext
from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType

if TYPE_CHECKING:
    from app.ui.extra_tabs import SignalTab, StorageTab
    from app.ui.lcd_decoder import LcdDecoderPage
    from app.ui.status_tab import StatusTab


class ModuleWorkspace(QWidget):
    STAGED = True  # built in stages by the window (app/ui/workspace_slot.py)

    def __init__(self, context: WorkspaceContext, *, staged: bool = False) -> None:
        """``staged``: the construction left in ``stages``, to be run one per event-loop turn."""
        super().__init__()
        self.setObjectName("module_workspace")
        self.context = context
        self.stages = self._construct()
        if not staged:
            for _ in self.stages:
                pass

    def _construct(self) -> Iterator[None]:
        context = self.context
        self.settings = SettingsColumn()
        yield
        self.delivery = DeliveryPanel(context.waits)
        yield
        self.module_actions = ModuleActions(self)
        self.phones = PhonePanel(*self.module_actions.phone_list_functions())
        self.transfer = TransferTab()
        # each page scrolls up and down: a long result or refusal list never makes the window taller;
        # on a laptop screen the five tab names may be shortened with "…", never hidden. «Чтение состояния»
        # and «Дополнительно» are made when first opened (or used): the start needs neither.
        self.tabs = ScrollingTabs("module_tabs")
        self.tabs.add_page(self.transfer, tr("Передача настроек"), "transfer_scroll")
        self.status_page = self.tabs.add_deferred(self._make_status, tr("Чтение состояния"), "status_page_scroll")
        self.extra_page = self.tabs.add_deferred(self._make_extra, tr("Дополнительно"), "extra_scroll")
        self.delivery.add_after_methods(self.phones, 1)
        # scrolls rather than growing the window past a laptop screen (phone list + modem)
        self.middle_scroll = VerticalScroll(self.delivery, "delivery_scroll")
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("module_splitter")
        splitter.setChildrenCollapsible(False)  # a column can be narrowed, never made to vanish
        splitter.addWidget(self.settings)
        splitter.addWidget(self.middle_scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 5)
        splitter.setSizes([420, 320, 620])
        yield
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

    # --- the pages made when first opened ------------------------------------------------------
    @property
    def status(self) -> StatusTab:
        return self.status_page.content()

    @property
    def extra_tabs(self) -> QTabWidget:
        return self.extra_page.content()

    @property
    def storage(self) -> StorageTab:
        self.extra_page.content()
        return self._storage

    @property
    def signal(self) -> SignalTab:
        self.extra_page.content()
        return self._signal

    @property
    def lcd(self) -> LcdDecoderPage:
        self.extra_page.content()
        return self._lcd

    def _make_status(self) -> StatusTab:
        from app.ui.status_tab import StatusTab

        status = StatusTab()
        status.set_module(self.settings.module)
        self._method_to_status(status, self.delivery.method())
        self.module_actions.connect_status(status)
        return status

    def _make_extra(self) -> QTabWidget:
        from app.ui.extra_tabs import SignalTab, StorageTab
        from app.ui.lcd_decoder import LcdDecoderPage

        self._storage, self._signal, self._lcd = StorageTab(), SignalTab(), LcdDecoderPage()
        extra = QTabWidget()
        extra.setObjectName("extra_tabs")
        extra.setDocumentMode(True)
        extra.addTab(self._storage, tr("Хранилище SMS"))
        extra.addTab(self._signal, tr("Сигнал"))
        extra.addTab(self._lcd, tr("Код ЖКИ"))
        self._lcd.module_combo.setCurrentIndex(self._lcd.module_combo.findData(self.settings.module.value))
        self.module_actions.connect_extra(self._storage, self._signal)
        return extra

    # --- reactions ----------------------------------------------------------------------------
    def module(self) -> ModuleType:
        return self.settings.module

    def _module_changed(self, *_args: object) -> None:
        module = self.settings.module
        self.delivery.set_module(module, self.settings.firmware_version())
        status = self.status_page.built()
        if status is not None:
            status.set_module(module)
        if self.extra_page.built() is not None:
            self._lcd.module_combo.setCurrentIndex(self._lcd.module_combo.findData(module.value))

    def _method_changed(self, method: Method) -> None:
        self.phones.setVisible(method is Method.SMS)
        labels = {Method.MASTER_SIM: tr("Сохранить на SIM"), Method.SMS_TEXT: tr("Сформировать SMS")}
        self.transfer.set_send_label(labels.get(method, tr("Отправить")))
        self.transfer.show_text(None)
        self.transfer.sms_note.setVisible(not method.uses_link)
        # read from the module itself: over a link, or by the documented SMS queries (not from a SIM or a text)
        self.transfer.read_button.setVisible(method.uses_link or method is Method.SMS)
        status = self.status_page.built()
        if status is not None:
            self._method_to_status(status, method)

    def _method_to_status(self, status: StatusTab, method: Method) -> None:
        status.set_sms_mode(method is Method.SMS)
        if method is Method.SMS:
            reason = tr("По SMS модули сообщают свои настройки: нажмите «Запросить настройки по SMS». "
                        "Статус модуля читается по прямому каналу, TCP/IP или TCP/IP CENC.")
        else:
            reason = tr("Чтение состояния недоступно для метода «{method}»: выберите метод, который связывается "
                        "с модулем.").format(method=self.delivery.buttons[method].text())
        status.set_available(method.uses_link, reason)

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

    def retire(self) -> None:
        """Replaced by a workspace in another language: nothing of this one keeps running."""
        self.module_actions.cancel_all()
        self.context.log.secret_sources[:] = [s for s in self.context.log.secret_sources if s != self.secrets]

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

    def carry_over(self) -> dict[str, Any]:
        """What the workspace of the next language takes over (what the user typed, passwords included)."""
        return self.module_actions.carry_over()

    def take_over(self, carried: dict[str, Any]) -> None:
        self.module_actions.take_over(carried)
