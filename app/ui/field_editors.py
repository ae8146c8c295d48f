"""One editor widget per catalogue parameter kind; the form never special-cases a parameter.

An editor reads the typed text through the catalogue's own ``coerce`` (so the CLI, files and the
form accept the same input) and raises the catalogue's ValidationError when the text cannot be
read; range and cross-field rules are left to ``catalogue.validate``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QWidget

from app.ui.i18n import pick, tr
from protocols.params.catalogue import Kind, Parameter, coerce
from protocols.params.module_types import ModuleType


class FieldEditor(ABC):
    """The widget of one parameter plus value conversion both ways."""

    widget: QWidget

    def __init__(self, param: Parameter, module: ModuleType) -> None:
        self.param, self.module = param, module

    @abstractmethod
    def value(self) -> object: ...

    @abstractmethod
    def set_value(self, value: object) -> None: ...

    @abstractmethod
    def on_change(self, callback: Callable[[], None]) -> None: ...


class TextEditor(FieldEditor):
    widget: QLineEdit

    def __init__(self, param: Parameter, module: ModuleType) -> None:
        super().__init__(param, module)
        self.widget = edit = QLineEdit()
        edit.setObjectName(f"field_{param.key}")
        # wide enough to read what is typed; a narrow form puts the field under its label instead
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("internet.example.ru"))
        if param.max_length:
            edit.setMaxLength(param.max_length)
        if param.kind is Kind.PASSWORD:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        elif param.kind is Kind.PHONE:
            edit.setPlaceholderText("+7XXXXXXXXXX")
        elif param.kind is Kind.HOST:
            edit.setPlaceholderText(tr("IP-адрес Y.X.X.X или DNS-имя"))

    def value(self) -> object:
        return coerce(self.param, self.widget.text(), self.module)

    def set_value(self, value: object) -> None:
        self.widget.setText("" if value is None else str(value))

    def on_change(self, callback: Callable[[], None]) -> None:
        self.widget.textEdited.connect(lambda _text: callback())


class IntEditor(TextEditor):
    def __init__(self, param: Parameter, module: ModuleType) -> None:
        super().__init__(param, module)
        if param.min is not None and param.max is not None:
            self.widget.setPlaceholderText(f"{param.min}–{param.max}")
            self.widget.setMinimumWidth(self.widget.fontMetrics().horizontalAdvance(f"{param.min}–{param.max}") + 16)


class BoolEditor(FieldEditor):
    widget: QCheckBox

    def __init__(self, param: Parameter, module: ModuleType) -> None:
        super().__init__(param, module)
        self.widget = box = QCheckBox(tr("Включено"))
        box.setObjectName(f"field_{param.key}")

    def value(self) -> object:
        return self.widget.isChecked()

    def set_value(self, value: object) -> None:
        self.widget.setChecked(bool(value))

    def on_change(self, callback: Callable[[], None]) -> None:
        self.widget.toggled.connect(lambda _on: callback())


class ChoiceEditor(FieldEditor):
    widget: QComboBox

    def __init__(self, param: Parameter, module: ModuleType) -> None:
        super().__init__(param, module)
        self.widget = combo = QComboBox()
        combo.setObjectName(f"field_{param.key}")
        for choice in param.choices_for(module):
            combo.addItem(pick(choice.label), choice.value)

    def value(self) -> object:
        return self.widget.currentData()

    def set_value(self, value: object) -> None:
        index = self.widget.findData(value)
        if index >= 0:
            self.widget.setCurrentIndex(index)

    def on_change(self, callback: Callable[[], None]) -> None:
        self.widget.activated.connect(lambda _index: callback())


class FlagsEditor(FieldEditor):
    COLUMNS = 2  # short labels (bands) side by side; long ones one under another, so the column stays narrow
    SHORT = 14

    def __init__(self, param: Parameter, module: ModuleType) -> None:
        super().__init__(param, module)
        self.widget = QWidget()
        self.widget.setObjectName(f"field_{param.key}")
        grid = QGridLayout(self.widget)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        choices = param.choices_for(module)
        columns = self.COLUMNS if all(len(pick(c.label)) <= self.SHORT for c in choices) else 1
        for index, choice in enumerate(choices):
            box = QCheckBox(pick(choice.label))
            box.setObjectName(f"field_{param.key}_{choice.value}")
            self.boxes[choice.value] = box
            grid.addWidget(box, index // columns, index % columns)

    def value(self) -> object:
        return frozenset(key for key, box in self.boxes.items() if box.isChecked())

    def set_value(self, value: object) -> None:
        chosen = value if isinstance(value, (set, frozenset, list, tuple)) else ()
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)

    def on_change(self, callback: Callable[[], None]) -> None:
        for box in self.boxes.values():
            box.toggled.connect(lambda _on: callback())


_EDITORS: dict[Kind, type[FieldEditor]] = {
    Kind.TEXT: TextEditor,
    Kind.PASSWORD: TextEditor,
    Kind.HOST: TextEditor,
    Kind.PHONE: TextEditor,
    Kind.INT: IntEditor,
    Kind.BOOL: BoolEditor,
    Kind.CHOICE: ChoiceEditor,
    Kind.FLAGS: FlagsEditor,
}


def editor_for(param: Parameter, module: ModuleType) -> FieldEditor:
    return _EDITORS[param.kind](param, module)
