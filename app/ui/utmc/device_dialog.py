"""Add or edit one device of the UTMC list (UTMC-700 guide items 15–16, 19).

Fields as in the guide: model (grouped by kind, with interfaces), serial number (last 8 digits),
version 0–255, manufacturer (3 capital letters), network address, baud rate and the note with
its flags C/H/M/T/P. The number runs through all channels (256 × (channel − 1) + 1 …); the
dialog offers the first free one. «Подсказка…» opens the guide's notes for the model and fills
in the suggested address and speed. OK is refused, with the reasons, while a field is wrong.
"""

from __future__ import annotations

from collections.abc import Set

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import pick, tr
from app.ui.utmc.address_help import AddressHelpDialog
from app.ui.utmc.model_combo import ModelCombo
from protocols.utmc.utmc_address_help import Suggestion, notes_for
from protocols.utmc.utmc_devices import (
    NOTE_FLAGS,
    PER_CHANNEL,
    DeviceRecord,
    first_number,
    normalise_manufacturer,
    normalise_serial,
    problems_of_record,
)
from protocols.utmc.utmc_models import DeviceModel
from protocols.utmc.utmc_params import BAUD_RATES


def first_free(channel: int, used: Set[int]) -> int | None:
    start = first_number(channel)
    return next((n for n in range(start, start + PER_CHANNEL) if n not in used), None)


class DeviceDialog(QDialog):
    def __init__(self, channel: int, used: Set[int], record: DeviceRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("utmc_device_dialog")
        self.channel = channel
        self.used = set(used) - ({record.number} if record else set())
        self.setWindowTitle(tr("Изменить прибор") if record else tr("Добавить прибор"))
        self.number = QSpinBox()
        self.number.setObjectName("device_number")
        self.number.setRange(first_number(channel), first_number(channel) + PER_CHANNEL - 1)
        self.model = ModelCombo()
        self.model.setObjectName("device_model")
        self.interfaces = QLabel()
        self.serial = QLineEdit()
        self.serial.setObjectName("device_serial")
        self.serial.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self))
        self.serial.setPlaceholderText(tr("последние 8 цифр"))
        self.version = QSpinBox()
        self.version.setObjectName("device_version")
        self.version.setRange(0, 255)
        self.manufacturer = QLineEdit("ENM")
        self.manufacturer.setObjectName("device_manufacturer")
        self.manufacturer.setMaxLength(3)
        self.manufacturer.setPlaceholderText(tr("3 прописные буквы, например ENM"))
        self.address = QLineEdit()
        self.address.setObjectName("device_address")
        self.address.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,10}"), self))
        self.baud = QComboBox()
        self.baud.setObjectName("device_baud")
        for baud in BAUD_RATES:
            self.baud.addItem(str(baud), baud)
        self.baud.setCurrentIndex(BAUD_RATES.index(9600))
        self.note = QLineEdit()
        self.note.setObjectName("device_note")
        self.flags: dict[str, QCheckBox] = {}
        flags_row = QHBoxLayout()
        for flag, meaning in NOTE_FLAGS.items():
            box = QCheckBox(flag)
            box.setObjectName(f"device_flag_{flag}")
            box.setToolTip(pick(meaning))
            box.toggled.connect(lambda on, f=flag: self._flag_toggled(f, on))
            self.flags[flag] = box
            flags_row.addWidget(box)
        flags_row.addStretch(1)
        self.help_button = QPushButton(tr("Подсказка по адресу…"))
        self.help_button.setObjectName("device_address_help")
        self.hint = QLabel()
        self.hint.setObjectName("device_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555555;")
        self.problems = QLabel()
        self.problems.setObjectName("device_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020;")
        address_row = QHBoxLayout()
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.help_button)
        form = QFormLayout()
        form.addRow(tr("Канал"), QLabel(str(channel)))
        form.addRow(tr("Номер устройства"), self.number)
        form.addRow(tr("Модель"), self.model)
        form.addRow(tr("Интерфейсы"), self.interfaces)
        form.addRow(tr("Серийный номер"), self.serial)
        form.addRow(tr("Версия"), self.version)
        form.addRow(tr("Производитель"), self.manufacturer)
        form.addRow(tr("Сетевой адрес"), address_row)
        form.addRow(tr("Скорость обмена"), self.baud)
        form.addRow(tr("Примечание"), self.note)
        form.addRow(tr("Признаки"), flags_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("device_ok")
        self.ok_button.setText(tr("Сохранить") if record else tr("Добавить прибор"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Отмена"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.help_button.clicked.connect(self.open_help)
        self.model.currentIndexChanged.connect(self._model_changed)
        self.note.textChanged.connect(self._note_changed)
        self.result_record: DeviceRecord | None = None
        self.help_dialog: AddressHelpDialog | None = None
        if record is not None:
            self.fill(record)
        else:
            free = first_free(channel, self.used)
            self.number.setValue(free if free is not None else first_number(channel))
        self._model_changed()

    def fill(self, record: DeviceRecord) -> None:
        self.number.setValue(record.number)
        self.model.set_model(record.model)
        self.serial.setText(record.serial)
        self.version.setValue(record.version)
        self.manufacturer.setText(record.manufacturer)
        self.address.setText(str(record.address))
        self.baud.setCurrentIndex(max(self.baud.findData(record.baud), 0))
        self.note.setText(record.note)

    # -- reactions ------------------------------------------------------------------------------
    def _model_changed(self, *_args: object) -> None:
        model = self.model.current_model()
        if model is None:
            return
        self.interfaces.setText(", ".join(model.interfaces))
        notes = notes_for(model)
        if notes is not None and notes.notes:
            self.hint.setText(" ".join(pick(n) for n in notes.notes[:3]))
        else:
            self.hint.setText(tr("Особых указаний по подключению в руководстве нет."))

    def _flag_toggled(self, flag: str, on: bool) -> None:
        text = self.note.text()
        if on and flag not in text:
            self.note.setText(text + flag)
        elif not on and flag in text:
            self.note.setText(text.replace(flag, ""))

    def _note_changed(self, text: str) -> None:
        for flag, box in self.flags.items():
            box.blockSignals(True)
            box.setChecked(flag in text)
            box.blockSignals(False)

    def open_help(self) -> None:
        self.help_dialog = dialog = AddressHelpDialog(self.model.current_model(), self.serial.text(), self)
        dialog.accepted.connect(lambda: self.apply_suggestion(dialog.chosen(), dialog.models.current_model()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def apply_suggestion(self, suggestion: Suggestion | None, model: DeviceModel | None = None) -> None:
        if suggestion is None:
            return
        if model is not None and model is not self.model.current_model():
            self.model.set_model(model)
        if suggestion.address is not None:
            self.address.setText(str(suggestion.address))
        if suggestion.baud is not None:
            self.baud.setCurrentIndex(max(self.baud.findData(suggestion.baud), 0))
        if suggestion.version is not None:
            self.version.setValue(suggestion.version)

    # -- result ----------------------------------------------------------------------------------
    def record(self) -> tuple[DeviceRecord | None, list[str]]:
        """The record in the fields, or the reasons it is not valid."""
        model = self.model.current_model()
        problems = []
        if model is None:
            problems.append(tr("Выберите модель прибора"))
        if not self.serial.text().strip():
            problems.append(tr("Введите серийный номер (последние 8 цифр)"))
        if not self.address.text().strip():
            problems.append(tr("Введите сетевой адрес"))
        if self.number.value() in self.used:
            problems.append(tr("Номер {number} уже занят другим прибором").format(number=self.number.value()))
        if problems or model is None:
            return None, problems
        record = DeviceRecord(
            number=self.number.value(), model=model, serial=normalise_serial(self.serial.text()),
            version=self.version.value(), manufacturer=normalise_manufacturer(self.manufacturer.text()),
            address=int(self.address.text()), baud=int(self.baud.currentData()), note=self.note.text(),
        )
        found = problems_of_record(record)
        errors = [pick(p.text) for p in found if p.is_error]
        return (None, errors) if errors else (record, [pick(p.text) for p in found])

    def try_accept(self) -> None:
        record, problems = self.record()
        if record is None:
            self.problems.setText("\n".join(problems))
            return
        self.result_record = record
        self.accept()
