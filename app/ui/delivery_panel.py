"""«МЕТОД ДОСТАВКИ» + «НАСТРОЙКИ СОЕДИНЕНИЯ»: the method list and the chosen method's settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.channel_waits import ChannelWaits
from app.ui.connection_panels import (
    CencPanel,
    DirectPanel,
    MasterSimPanel,
    ModemSettings,
    SmsTextPanel,
    TcpPanel,
)
from app.ui.i18n import pick, tr
from protocols.params.delivery_methods import Method, available_methods
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware


class CurrentPageStack(QWidget):
    """The method's settings page: one page shown at a time, the panel as tall as that page — unlike a
    QStackedWidget, whose layout keeps the height of the tallest page (the wrapped notes of the hidden
    methods would make the middle column scroll)."""

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> int:  # noqa: N802 (QStackedWidget's name)
        self._pages.append(page)
        self._layout.addWidget(page)
        page.setVisible(self._current is None)
        if self._current is None:
            self._current = page
        return len(self._pages) - 1

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802
        self._current = page
        for other in self._pages:
            other.setVisible(other is page)

    def currentWidget(self) -> QWidget | None:  # noqa: N802
        return self._current

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]


class DeliveryPanel(QWidget):
    method_changed = Signal(object)  # Method

    def __init__(self, waits: ChannelWaits) -> None:
        super().__init__()
        self.modem = ModemSettings()
        self.direct = DirectPanel(waits)
        self.tcp = TcpPanel()
        self.cenc = CencPanel()
        self.master_sim = MasterSimPanel()
        self.sms_text = SmsTextPanel()
        methods_box = QGroupBox(tr("МЕТОД ДОСТАВКИ"))
        methods_box.setObjectName("delivery_methods")
        methods_layout = QVBoxLayout(methods_box)
        self.group = QButtonGroup(self)
        self.buttons: dict[Method, QRadioButton] = {}
        for index, method in enumerate(Method):
            button = QRadioButton(pick(method.label))
            button.setObjectName(f"method_{method.value}")
            self.group.addButton(button, index)
            self.buttons[method] = button
            methods_layout.addWidget(button)
        self.unavailable = QLabel()
        self.unavailable.setWordWrap(True)
        self.unavailable.setStyleSheet("color: #555555;")
        methods_layout.addWidget(self.unavailable)
        settings_box = QGroupBox(tr("НАСТРОЙКИ СОЕДИНЕНИЯ"))
        settings_box.setObjectName("connection_settings")
        self.stack = CurrentPageStack()
        self.pages: dict[Method, QWidget] = {
            Method.SMS: QWidget(),
            Method.DIRECT: self.direct,
            Method.TCP: self.tcp,
            Method.CENC: self.cenc,
            Method.MASTER_SIM: self.master_sim,
            Method.SMS_TEXT: self.sms_text,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        settings_layout = QVBoxLayout(settings_box)
        settings_layout.addWidget(self.modem)
        settings_layout.addWidget(self.stack)
        self.layout_ = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(methods_box)
        layout.addWidget(settings_box, 1)
        self.group.idToggled.connect(self._toggled)
        self.buttons[Method.TCP].setChecked(True)

    def add_after_methods(self, widget: QWidget, stretch: int = 0) -> None:
        """A panel between the method list and «НАСТРОЙКИ СОЕДИНЕНИЯ» (the SMS phone list: what changes from
        one batch to the next comes first, in view on a laptop screen; the modem is set up once)."""
        self.layout_.insertWidget(1, widget, stretch)

    def method(self) -> Method:
        for method, button in self.buttons.items():
            if button.isChecked():
                return method
        return Method.TCP

    def set_method(self, method: Method) -> None:
        if self.buttons[method].isEnabled():
            self.buttons[method].setChecked(True)

    def _toggled(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        method = self.method()
        self.stack.setCurrentWidget(self.pages[method])
        self.modem.setVisible(method.uses_modem)
        self.stack.setVisible(method is not Method.SMS)
        self.method_changed.emit(method)

    def set_module(self, module: ModuleType, firmware: Firmware | None) -> None:
        """Grey out what this module and firmware cannot use, with the reason."""
        self.direct.set_nb_iot(module.is_nb_iot)
        reasons: list[str] = []
        for method, available, why in available_methods(module, firmware):
            button = self.buttons[method]
            button.setEnabled(available)
            button.setToolTip(pick(why) if why else "")
            if why is not None:
                reasons.append(f"{pick(method.label)}: {pick(why)}")
        self.unavailable.setText("\n".join(reasons))
        self.unavailable.setVisible(bool(reasons))
        if not self.buttons[self.method()].isEnabled():
            for method, button in self.buttons.items():
                if button.isEnabled():
                    self.set_method(method)
                    break

    def state(self) -> dict[str, object]:
        return {"method": self.method().value, "modem": self.modem.state(), "direct": self.direct.state(),
                "tcp": self.tcp.state(), "cenc": self.cenc.state()}

    def restore(self, data: dict[str, object]) -> None:
        for name, panel in (("modem", self.modem), ("direct", self.direct), ("tcp", self.tcp), ("cenc", self.cenc)):
            part = data.get(name)
            if isinstance(part, dict):
                try:
                    panel.restore(part)
                except (TypeError, ValueError):
                    pass  # a damaged remembered value: keep the defaults
        try:
            self.set_method(Method(data.get("method", Method.TCP.value)))
        except ValueError:
            pass
