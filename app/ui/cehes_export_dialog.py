"""The DLMS settings ceHes needs for the devices a fleet run reached (the CLI's --dlms-* options): asked
before «Экспорт для ceHes…» writes the workbook. The password is masked and not remembered."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from app.core.cehes_export import DlmsDefaults
from app.ui.i18n import tr


class CehesExportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Экспорт для ceHes"))
        defaults = DlmsDefaults()
        self.password = QLineEdit()
        self.password.setObjectName("cehes_dlms_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.address = QSpinBox()
        self.address.setRange(0, 65535)
        self.address.setValue(defaults.address)
        self.timeout = QSpinBox()
        self.timeout.setRange(0, 65535)
        self.timeout.setValue(defaults.timeout)
        self.timeout.setSuffix(tr(" с"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("DLMS <адрес>"))
        note = QLabel(tr("Протокол DLMS счётчиков для строк, которых нет в списке ceHes (строки из списка ceHes "
                         "выгружаются как были)"))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(tr("Пароль протокола"), self.password)
        form.addRow(tr("Адрес протокола"), self.address)
        form.addRow(tr("Тайм-аут протокола"), self.timeout)
        form.addRow(tr("Имя протокола"), self.name)
        form.addRow(self.buttons)

    def defaults(self) -> DlmsDefaults:
        return DlmsDefaults(self.password.text(), self.address.value(), self.timeout.value(), self.name.text().strip())
