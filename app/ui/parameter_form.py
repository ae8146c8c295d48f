"""The settings form of one module type, generated from the parameter catalogue.

Basic and expert mode are two views of the same values (NB-IoT manual §7.3): the form reads and
writes a shared ``values`` dict, so switching mode or rebuilding the form loses nothing. Rows
appear and disappear with the catalogue's conditions (mode, switches, firmware), disabled rows
say why, and the catalogue's problems are shown under the fields they belong to (a greyed-out
or hidden field is not checked: its value is not sent). A field whose SMS command the known
firmware lacks (protocols.sms.sms_grammar: MODE and PSW before 2.0) says so; a field can carry a grey
hint of the page's (:meth:`ParameterForm.set_hint`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.ui.field_editors import FieldEditor, editor_for
from app.ui.fit import WrappedNote
from app.ui.i18n import pick, tr
from protocols.errors import ValidationError
from protocols.params.catalogue import Parameter, Problem, groups_for
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware
from protocols.sms.sms_grammar import SmsCommand, command_for_key, min_firmware, too_new

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #9a6700;"
NOTE_STYLE = "color: #555555;"


def sms_command_missing(key: str, firmware: Firmware | None) -> SmsCommand | None:
    """The SMS command of ``key`` when the known firmware does not have it yet (MODE, PSW before 2.0)."""
    try:
        found = command_for_key(key)
    except KeyError:
        return None
    return found if too_new(found, firmware) else None


def sms_firmware_note(key: str, firmware: Firmware | None) -> str | None:
    """The inline note under a field whose SMS command this firmware lacks, or None."""
    missing = sms_command_missing(key, firmware)
    if missing is None or firmware is None:
        return None
    return tr("SMS-команда {command} есть с ВПО {since}, а у модуля {version}: по SMS и через Мастер SIM "
              "это значение не передаётся").format(version=str(firmware), command=missing.name,
                                            since=min_firmware(missing))


class _Row:
    def __init__(self, param: Parameter, editor: FieldEditor, layout: QFormLayout, label: QLabel) -> None:
        self.param, self.editor, self.layout, self.label = param, editor, layout, label
        self.message = WrappedNote()
        self.message.setObjectName(f"problem_{param.key}")
        self.message.hide()
        self.firmware_note = WrappedNote()
        self.firmware_note.setObjectName(f"firmware_note_{param.key}")
        self.firmware_note.setStyleSheet(WARNING_STYLE)
        self.firmware_note.hide()
        self.hint = WrappedNote()
        self.hint.setObjectName(f"hint_{param.key}")
        self.hint.setStyleSheet(NOTE_STYLE)
        self.hint.hide()
        self.container = QWidget()
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor.widget)
        box.addWidget(self.message)
        box.addWidget(self.firmware_note)
        box.addWidget(self.hint)

    def show_problem(self, problem: Problem | None) -> None:
        if problem is None:
            self.message.hide()
            self.message.clear()
            return
        self.message.setText(pick(problem.text))
        self.message.setStyleSheet(ERROR_STYLE if problem.is_error else WARNING_STYLE)
        self.message.show()


class ParameterForm(QWidget):
    """Groups of fields for ``module``; ``values`` is shared with the page and kept up to date."""

    def __init__(self, module: ModuleType, expert: bool, values: dict[str, object],
                 firmware: Firmware | None = None, on_change: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.module, self.expert, self.values, self.firmware = module, expert, values, firmware
        self._on_change = on_change
        self.rows: dict[str, _Row] = {}
        self.unreadable: dict[str, Problem] = {}  # text that coerce() could not read, per field
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.notes = QLabel()
        self.notes.setObjectName("form_notes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(NOTE_STYLE)
        outer.addWidget(self.notes)
        self.summary = QLabel()
        self.summary.setObjectName("form_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.hide()
        outer.addWidget(self.summary)
        for view in groups_for(module, expert):
            box = QGroupBox(pick(view.group.label))
            box.setObjectName(f"group_{view.group.id}")
            layout = QFormLayout(box)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for param in view.parameters:
                editor = editor_for(param, module)
                label = QLabel(self._label_text(param))
                label.setWordWrap(True)
                row = _Row(param, editor, layout, label)
                if param.help is not None:
                    tip = pick(param.help)
                    label.setToolTip(tip)
                    editor.widget.setToolTip(tip)
                layout.addRow(label, row.container)
                editor.set_value(values.get(param.key, param.default_for(module)))
                editor.on_change(partial(self._edited, param.key))
                note = sms_firmware_note(param.key, firmware)
                row.firmware_note.setText(note or "")
                row.firmware_note.setVisible(note is not None)
                self.rows[param.key] = row
            outer.addWidget(box)
        outer.addStretch(1)
        self.refresh()

    @staticmethod
    def _label_text(param: Parameter) -> str:
        text = pick(param.label)
        if param.unit is None or text.endswith(f", {pick(param.unit)}"):
            return text
        return f"{text}, {pick(param.unit)}"

    def _edited(self, key: str) -> None:
        row = self.rows[key]
        try:
            self.values[key] = row.editor.value()
            self.unreadable.pop(key, None)
        except ValidationError as error:
            self.unreadable[key] = next(
                (p for p in error.problems if isinstance(p, Problem)), Problem(key, error.text))
        self.refresh()
        if self._on_change is not None:
            self._on_change(key)

    def refresh(self) -> None:
        """Show, hide, enable and disable rows for the current values; collect the reasons."""
        reasons: list[str] = []
        for row in self.rows.values():
            param = row.param
            shown = param.is_visible(self.values)
            row.layout.setRowVisible(row.label, shown)
            enabled = param.is_enabled(self.values)
            row.editor.widget.setEnabled(enabled)
            row.label.setEnabled(enabled)
            why = param.why_unavailable(self.values)
            if shown and not enabled and why is not None:
                text = pick(why)
                row.editor.widget.setToolTip(text)
                if text not in reasons:
                    reasons.append(text)
            elif param.help is not None:
                row.editor.widget.setToolTip(pick(param.help))
        self.notes.setText("\n".join(f"• {reason}" for reason in reasons))
        self.notes.setVisible(bool(reasons))

    def show_problems(self, problems: list[Problem]) -> None:
        """Put each problem under its field; problems of hidden fields go to the summary line."""
        by_key: dict[str, Problem] = {}
        elsewhere: list[Problem] = []
        for item in [*self.unreadable.values(), *problems]:
            if item.key in self.rows and self.rows[item.key].container.isVisibleTo(self):
                if item.key not in by_key or (item.is_error and not by_key[item.key].is_error):
                    by_key[item.key] = item
            else:
                elsewhere.append(item)
        for key, row in self.rows.items():
            row.show_problem(by_key.get(key))
        self.summary.setText("\n".join(pick(p.text) for p in elsewhere))
        self.summary.setVisible(bool(elsewhere))

    def set_hint(self, key: str, text: str) -> None:
        """A grey line under the field (empty: none)."""
        row = self.rows.get(key)
        if row is not None:
            row.hint.setText(text)
            row.hint.setVisible(bool(text))

    def shown_keys(self) -> set[str]:
        """The fields in view and usable now (not hidden, not greyed out)."""
        return {key for key, row in self.rows.items()
                if row.container.isVisibleTo(self) and row.editor.widget.isEnabled()}

    def reload(self) -> None:
        """Put the shared values back into the editors (after loading a file)."""
        self.unreadable.clear()
        for key, row in self.rows.items():
            row.editor.set_value(self.values.get(key, row.param.default_for(self.module)))
        self.refresh()

