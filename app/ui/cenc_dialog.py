"""«Настройки обмена с CENC»: server, port for upper-level software, user, password, device."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.links.defaults import DEFAULT_CENC_PORT, DEFAULT_REPLY_TIMEOUT
from app.ui.app_settings import stored_int
from app.ui.i18n import tr

if TYPE_CHECKING:
    from app.core.links.channels import CencChannel


class CencSettings:
    """What the dialog edits; the password is kept in memory only."""

    def __init__(self) -> None:
        self.host = ""
        self.port = DEFAULT_CENC_PORT
        self.user = ""
        self.password = ""
        self.by_serial = True
        self.device = ""
        self.timeout = int(DEFAULT_REPLY_TIMEOUT)

    def state(self) -> dict[str, object]:
        return {"host": self.host, "port": self.port, "user": self.user, "by_serial": self.by_serial,
                "device": self.device, "timeout": self.timeout}

    def restore(self, data: dict[str, object]) -> None:
        self.host = str(data.get("host", self.host))
        self.port = stored_int(data, "port", self.port)
        self.user = str(data.get("user", self.user))
        self.by_serial = bool(data.get("by_serial", self.by_serial))
        self.device = str(data.get("device", self.device))
        self.timeout = stored_int(data, "timeout", self.timeout)

    def channel(self) -> CencChannel:
        from app.core.links.channels import CencChannel  # with the first channel made, not with the window

        return CencChannel(
            host=self.host.strip(), user=self.user, password=self.password, port=self.port,
            device_serial=self.device.strip() if self.by_serial and self.device.strip() else None,
            device_address=self.device.strip() if not self.by_serial and self.device.strip() else None,
            timeout=float(self.timeout),
        )

    def summary(self) -> str:
        if not self.host:
            return tr("Сервер CENC не задан")
        kind = tr("заводской номер") if self.by_serial else tr("системный адрес")
        return tr("{host}:{port}, пользователь «{user}», {kind} {device}").format(
            host=self.host, port=self.port, user=self.user, kind=kind, device=self.device or "—")


class CencDialog(QDialog):
    def __init__(self, settings: CencSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cenc_dialog")
        self.setWindowTitle(tr("Настройки обмена с CENC"))
        self.settings = settings
        self.host = QLineEdit(settings.host)
        self.host.setObjectName("cenc_host")
        self.port = QSpinBox()
        self.port.setObjectName("cenc_port")
        self.port.setRange(1, 65535)
        self.port.setValue(settings.port)
        self.user = QLineEdit(settings.user)
        self.user.setObjectName("cenc_user")
        self.password = QLineEdit(settings.password)
        self.password.setObjectName("cenc_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.by_serial = QRadioButton(tr("по заводскому номеру"))
        self.by_serial.setObjectName("cenc_by_serial")
        self.by_address = QRadioButton(tr("по системному адресу"))
        self.by_address.setObjectName("cenc_by_address")
        group = QButtonGroup(self)
        group.addButton(self.by_serial)
        group.addButton(self.by_address)
        (self.by_serial if settings.by_serial else self.by_address).setChecked(True)
        self.device = QLineEdit(settings.device)
        self.device.setObjectName("cenc_device")
        self.device.setPlaceholderText(tr("например 009218054000001 или 0.0.0.94"))
        self.timeout = QSpinBox()
        self.timeout.setRange(1, 600)
        self.timeout.setValue(settings.timeout)
        self.timeout.setSuffix(tr(" с"))
        form = QFormLayout()
        form.addRow(tr("Адрес сервера"), self.host)
        form.addRow(tr("Порт для ПО верхнего уровня"), self.port)
        form.addRow(tr("Пользователь"), self.user)
        form.addRow(tr("Пароль"), self.password)
        form.addRow(tr("Устройство"), self.by_serial)
        form.addRow("", self.by_address)
        form.addRow(tr("Заводской номер / системный адрес"), self.device)
        form.addRow(tr("Время ожидания ответа"), self.timeout)
        note = QLabel(tr("Настройки предоставляет системный администратор сервера CENC."))
        note.setWordWrap(True)
        from PySide6.QtWidgets import QDialogButtonBox  # with the dialog, not with the window

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        s = self.settings
        s.host, s.port, s.user = self.host.text().strip(), self.port.value(), self.user.text()
        s.password, s.by_serial, s.device = self.password.text(), self.by_serial.isChecked(), self.device.text()
        s.timeout = self.timeout.value()
        super().accept()
