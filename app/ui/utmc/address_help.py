"""«Подсказка по подключению»: the guide's notes for a meter model and an address suggestion.

The notes and the rules come from protocols.utmc.utmc_address_help (UTMC-700 guide, «Особенности
подключения счётчиков к УТМЦ»). The user types the factory number as printed on the meter; each
rule that applies shows the address (and speed, version where the guide names them) it gives.
«Применить» hands the chosen suggestion back to the device dialog.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import pick, tr
from app.ui.utmc.model_combo import ModelCombo
from protocols.utmc.utmc_address_help import GENERAL_NOTES, Suggestion, notes_for, suggest
from protocols.utmc.utmc_models import DeviceModel


def suggestion_text(suggestion: Suggestion) -> str:
    parts = []
    if suggestion.address is not None:
        parts.append(tr("адрес {address}").format(address=suggestion.address))
    if suggestion.baud is not None:
        parts.append(tr("скорость {baud}").format(baud=suggestion.baud))
    if suggestion.version is not None:
        parts.append(tr("версия {version}").format(version=suggestion.version))
    return f"{', '.join(parts)} — {pick(suggestion.rule)}"


def notes_html(model: DeviceModel) -> str:
    notes = notes_for(model)
    lines = []
    if notes is None:
        lines.append("<p>" + escape(tr("Для этой модели в руководстве нет особых указаний: адрес и скорость "
                                       "задайте по документации на прибор.")) + "</p>")
    else:
        lines.append(f"<p><b>{escape(pick(notes.title))}</b></p><ol>")
        lines += [f"<li>{escape(pick(note))}</li>" for note in notes.notes]
        lines.append("</ol>")
        if notes.baud is not None:
            lines.append("<p>" + escape(tr("Скорость по руководству: {baud}").format(baud=notes.baud)) + "</p>")
    lines.append("<p><i>" + escape(tr("Для всех приборов:")) + "</i></p><ul>")
    lines += [f"<li>{escape(pick(note))}</li>" for note in GENERAL_NOTES]
    lines.append("</ul>")
    return "".join(lines)


class AddressHelpDialog(QDialog):
    def __init__(self, model: DeviceModel | None = None, serial: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("utmc_address_help")
        self.setWindowTitle(tr("Подсказка по подключению прибора"))
        self.resize(720, 560)
        self.models = ModelCombo()
        self.models.setObjectName("utmc_help_model")
        if model is not None:
            self.models.set_model(model)
        self.factory_number = QLineEdit(serial)
        self.factory_number.setObjectName("utmc_help_serial")
        self.factory_number.setPlaceholderText(tr("как на корпусе прибора, например 8412415"))
        self.notes = QTextBrowser()
        self.notes.setObjectName("utmc_help_notes")
        self.suggestions = QListWidget()
        self.suggestions.setObjectName("utmc_help_suggestions")
        self.suggestions.setMaximumHeight(90)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Модель прибора"), self.models)
        form.addRow(tr("Заводской номер"), self.factory_number)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.addButton(tr("Применить"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("utmc_help_apply")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Закрыть"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.notes, 1)
        layout.addWidget(QLabel(tr("Предлагаемый адрес:")))
        layout.addWidget(self.suggestions)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.models.currentIndexChanged.connect(self.refresh)
        self.factory_number.textChanged.connect(self.refresh)
        self.suggestions.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        model = self.models.current_model()
        self.suggestions.clear()
        if model is None:
            return
        self.notes.setHtml(notes_html(model))
        for suggestion in suggest(model, self.factory_number.text()):
            item = QListWidgetItem(suggestion_text(suggestion))
            item.setData(Qt.ItemDataRole.UserRole, suggestion)
            self.suggestions.addItem(item)
        if self.suggestions.count():
            self.suggestions.setCurrentRow(0)
            self.empty.clear()
        elif (notes := notes_for(model)) is None or notes.rule is None:
            self.empty.setText(tr("Правила адреса для этой модели в руководстве нет — смотрите примечания."))
        else:
            self.empty.setText(tr("Введите заводской номер, чтобы получить адрес."))
        self.apply_button.setEnabled(self.suggestions.count() > 0)

    def chosen(self) -> Suggestion | None:
        item = self.suggestions.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
