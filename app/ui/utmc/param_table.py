"""A UTMC parameter tab as a table: select column «1», name, value (UTMC-700 guide items 8–13).

The rows come from the UTMC parameter catalogue (protocols.utmc.utmc_params), declared in the model
the module form is generated from; a typed value goes through the same value rules
(protocols.params.param_values) as the CLI, settings files and the module form, and a value is shown as
the module form shows one (choices by label, switches on/off, secrets masked). Text that does not
fit is kept as typed, shown in red with the reason, and blocks writing until corrected: nothing
the user typed is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.ui.i18n import pick, tr
from protocols.errors import ValidationError
from protocols.params.catalogue_model import Kind, Parameter, Problem
from protocols.params.param_values import DATETIME_FORMAT, OFF, ON, checked_value, format_value, int_range, shown_value

SELECT, NAME, VALUE = range(3)
ERROR_COLOUR = QColor("#fde2e1")
READ_ONLY_COLOUR = QColor("#f2f2f2")
_Index = QModelIndex | QPersistentModelIndex


def label_of(param: Parameter) -> str:
    """The row name: the catalogue label plus the unit, in the UI language."""
    label = pick(param.label)
    return f"{label}, {pick(param.unit)}" if param.unit is not None else label


class ParameterTableModel(QAbstractTableModel):
    """Rows of parameters with a selection flag, the typed value and its problem (if any)."""

    values_changed = Signal()

    def __init__(self, params: Iterable[Parameter], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.params = list(params)
        self.selected: set[str] = set()
        self.values: dict[str, object] = {}  # valid values only
        self.texts: dict[str, str] = {}  # what the user typed when it is not valid
        self.errors: dict[str, str] = {}

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008,N802 - Qt API
        return 0 if parent.isValid() else len(self.params)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008,N802 - Qt API
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("1", tr("Параметр"), tr("Значение"))[section]
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == SELECT:
            return tr("Отметьте строки для чтения или записи")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        param = self.params[index.row()]
        if index.column() == SELECT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == VALUE and param.writable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        param = self.params[index.row()]
        column = index.column()
        if column == SELECT and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if param.key in self.selected else Qt.CheckState.Unchecked
        if column == NAME:
            if role == Qt.ItemDataRole.DisplayRole:
                return label_of(param)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(param)
        if column == VALUE:
            return self._value_data(param, role)
        if role == Qt.ItemDataRole.BackgroundRole and not param.writable:
            return QBrush(READ_ONLY_COLOUR)
        return None

    def _value_data(self, param: Parameter, role: int) -> Any:
        key = param.key
        if role == Qt.ItemDataRole.DisplayRole:
            if key in self.errors:
                return self.texts.get(key, "")
            return pick(shown_value(param, self.values[key])) if key in self.values else ""
        if role == Qt.ItemDataRole.EditRole:
            if key in self.errors:
                return self.texts.get(key, "")
            value = self.values.get(key)
            return "" if value is None else format_value(param, value, mask=False)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self.errors:
                return QBrush(ERROR_COLOUR)
            if not param.writable:
                return QBrush(READ_ONLY_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in self.errors:
                return self.errors[key]
            if param.kind is Kind.FLAGS and key in self.values:
                flags = self.values[key]
                lines = [f"{c.value} — {pick(c.label)}" for c in param.choices
                         if isinstance(flags, frozenset | set) and c.value in flags]
                return "\n".join(lines) or tr("Ошибок нет")
            return self._tooltip(param)
        return None

    def _tooltip(self, param: Parameter) -> str:
        parts = []
        if param.help is not None:
            parts.append(pick(param.help))
        if param.kind is Kind.INT and param.allowed:
            parts.append(tr("Допустимо: {values}").format(values=", ".join(map(str, param.allowed))))
        elif param.kind is Kind.INT:
            parts.append(tr("Диапазон: {lo}…{hi}").format(lo=int_range(param)[0], hi=int_range(param)[1]))
        if param.kind is Kind.DATETIME and param.writable:
            parts.append(tr("Формат: ГГГГ-ММ-ДД чч:мм:сс"))
        if not param.writable:
            parts.append(tr("Только чтение"))
        if not param.readable:
            parts.append(tr("Только запись: УТМЦ его не возвращает"))
        return "\n".join(parts)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        param = self.params[index.row()]
        if index.column() == SELECT and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            self.set_selected([param.key], checked)
            return True
        if index.column() == VALUE and role == Qt.ItemDataRole.EditRole and param.writable:
            self.set_text(param.key, str(value))
            return True
        return False

    # -- values -----------------------------------------------------------------------------
    def row_of(self, key: str) -> int:
        return next(i for i, p in enumerate(self.params) if p.key == key)

    def param(self, key: str) -> Parameter:
        return self.params[self.row_of(key)]

    def keys(self) -> list[str]:
        return [p.key for p in self.params]

    def _changed(self, key: str, column: int) -> None:
        row = self.row_of(key)
        self.dataChanged.emit(self.index(row, column), self.index(row, column))

    def set_text(self, key: str, text: str) -> None:
        """A value typed by the user: kept as typed if invalid, with the reason."""
        param = self.param(key)
        try:
            value = checked_value(param, text)
        except ValidationError as error:
            self.texts[key] = text
            reasons = (pick(p.text) for p in error.problems if isinstance(p, Problem))
            self.errors[key] = "\n".join(reasons) or error.message()
            self.values.pop(key, None)
        else:
            self.values[key] = value
            self.texts.pop(key, None)
            self.errors.pop(key, None)
        self._changed(key, VALUE)
        self.values_changed.emit()

    def set_values(self, values: Mapping[str, object]) -> None:
        """Values from the device or a settings file (already typed and checked)."""
        for key, value in values.items():
            if key not in self.keys():
                continue
            self.values[key] = value
            self.texts.pop(key, None)
            self.errors.pop(key, None)
            self._changed(key, VALUE)
        self.values_changed.emit()

    def set_selected(self, keys: Iterable[str], checked: bool) -> None:
        for key in keys:
            if checked:
                self.selected.add(key)
            else:
                self.selected.discard(key)
            self._changed(key, SELECT)

    def selected_keys(self) -> list[str]:
        return [key for key in self.keys() if key in self.selected]

    def problems(self, keys: Iterable[str]) -> list[str]:
        """Why these rows cannot be written: invalid or empty values."""
        found = []
        for key in keys:
            param = self.param(key)
            if key in self.errors:
                found.append(self.errors[key])
            elif key not in self.values:
                found.append(tr("«{name}»: значение не задано").format(name=label_of(param)))
        return found


class ValueDelegate(QStyledItemDelegate):
    """Choice lists for enumerations and yes/no, masked input for secrets, plain text otherwise."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        model = index.model()
        param = model.params[index.row()] if isinstance(model, ParameterTableModel) else None
        if param is not None and param.kind in (Kind.CHOICE, Kind.BOOL):
            combo = QComboBox(parent)
            combo.setObjectName(f"editor_{param.key}")
            if param.kind is Kind.CHOICE:
                for choice in param.choices:
                    combo.addItem(pick(choice.label), choice.value)
            else:
                combo.addItem(pick(ON), "1")
                combo.addItem(pick(OFF), "0")
            return combo
        editor = QLineEdit(parent)
        if param is not None:
            editor.setObjectName(f"editor_{param.key}")
            if param.secret:
                editor.setEchoMode(QLineEdit.EchoMode.Password)
            elif param.kind is Kind.DATETIME:
                editor.setPlaceholderText(DATETIME_FORMAT.replace("%", ""))
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            position = editor.findData(text)
            editor.setCurrentIndex(max(position, 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ParameterTable(QTableView):
    def __init__(self, model: ParameterTableModel, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setModel(model)
        self.setItemDelegateForColumn(VALUE, ValueDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.SelectedClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(SELECT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Stretch)
        self.setAlternatingRowColors(False)
