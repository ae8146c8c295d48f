"""The left column of the module workspace: module type, firmware, access password, basic/expert
switch and the generated settings form, all editing one values dict per module type.

What is sent (:meth:`SettingsColumn.values_to_send`) is the form's values less those of greyed-out
or hidden fields, and the operating mode only once it was chosen — by the user, or taken from a
file, a Master SIM or the module: a freshly started form must not switch a module to the SMS mode
it shows by default.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.fit import VerticalScroll
from app.ui.i18n import pick, tr
from app.ui.parameter_form import ParameterForm
from protocols.params.catalogue import (
    DEFAULT_ADMIN_PASSWORD,
    Problem,
    applicable,
    defaults,
    parameters_for,
    validate,
)
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware, parse_firmware


class SettingsColumn(QWidget):
    module_changed = Signal(object)  # ModuleType
    values_changed = Signal()

    def __init__(self, module: ModuleType = ModuleType.GSM_2G4G) -> None:
        super().__init__()
        self.module = module
        self.values_by_module: dict[ModuleType, dict[str, object]] = {}
        self.chosen_by_module: dict[ModuleType, set[str]] = {}  # keys the user (or a file …) set
        self.module_combo = QComboBox()
        self.module_combo.setObjectName("module_type")
        for item in ModuleType:
            self.module_combo.addItem(f"{pick(item.label)} ({item.designation})", item.value)
        self.module_combo.setCurrentIndex(self.module_combo.findData(module.value))
        # the longest name ("NB-IoT (2-е поколение) (NB02)") need not widen the column: the list shows it whole
        self.module_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.module_combo.setMinimumContentsLength(14)
        self.firmware = QLineEdit()
        self.firmware.setObjectName("module_firmware")
        self.firmware.setPlaceholderText(tr("неизвестна — показаны все параметры"))
        self.firmware.setToolTip(tr("Версия ВПО модуля, например 2.7 или строка версии из статуса; "
                                    "заполняется при чтении статуса"))
        self.password = QLineEdit(DEFAULT_ADMIN_PASSWORD)
        self.password.setObjectName("access_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setToolTip(tr("Текущий пароль администратора модуля (по умолчанию 12345678)"))
        self.password.textEdited.connect(lambda _text: self.password_refused(False))
        self.expert = QCheckBox(tr("Экспертный режим"))
        self.expert.setObjectName("expert_mode")
        self.problems_label = QLabel()
        header = QFormLayout()
        for text, field in ((tr("Тип модуля"), self.module_combo), (tr("Версия ВПО модуля"), self.firmware),
                            (tr("Пароль доступа администратора"), self.password)):
            label = QLabel(text)
            label.setWordWrap(True)  # a narrow column wraps the label instead of growing the window
            label.setBuddy(field)
            header.addRow(label, field)
        header.addRow(self.expert)
        # the form scrolls up and down, never sideways: the column is as wide as the form needs
        self.scroll_area = VerticalScroll(name="settings_scroll", framed=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.scroll_area, 1)
        self.form: ParameterForm | None = None
        self.module_combo.currentIndexChanged.connect(self._module_picked)
        self.expert.toggled.connect(lambda _on: self.rebuild())
        self.firmware.editingFinished.connect(self.rebuild)
        self.rebuild()

    # --- state ------------------------------------------------------------------------------
    @property
    def values(self) -> dict[str, object]:
        if self.module not in self.values_by_module:
            self.values_by_module[self.module] = defaults(self.module)
        return self.values_by_module[self.module]

    @property
    def chosen(self) -> set[str]:
        return self.chosen_by_module.setdefault(self.module, set())

    def mode_chosen(self) -> bool:
        return "mode" in self.chosen

    def usable_keys(self) -> set[str]:
        """Fields in use with the current values: not greyed out or hidden by them."""
        return set(applicable(self.module, self.values))

    def values_to_send(self) -> dict[str, object]:
        """The values that go to the module: those of usable fields, the mode only when chosen."""
        usable = self.usable_keys()
        return {key: value for key, value in self.values.items()
                if key in usable and (key != "mode" or self.mode_chosen())}

    def password_refused(self, refused: bool) -> None:
        """Mark the access password field while the module's last word on it was «Неверный пароль»."""
        self.password.setStyleSheet("QLineEdit { border: 1px solid #b00020; }" if refused else "")
        self.password.setToolTip(tr("Модуль не принял этот пароль (ошибка 0x02): введите действующий") if refused
                                 else tr("Текущий пароль администратора модуля (по умолчанию 12345678)"))

    def firmware_version(self) -> Firmware | None:
        return parse_firmware(self.firmware.text())

    def set_module(self, module: ModuleType) -> None:
        self.module_combo.setCurrentIndex(self.module_combo.findData(module.value))
        # the longest name ("NB-IoT (2-е поколение) (NB02)") need not widen the column: the list shows it whole
        self.module_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.module_combo.setMinimumContentsLength(14)

    def set_values(self, module: ModuleType, values: dict[str, object]) -> None:
        """Take values from a file or a Master SIM: missing keys keep their current value."""
        merged = dict(self.values_by_module.get(module) or defaults(module))
        merged.update(values)
        self.values_by_module[module] = merged
        self.chosen_by_module.setdefault(module, set()).update(values)
        if module is self.module:
            self.rebuild()
        else:
            self.set_module(module)

    def reset_defaults(self) -> None:
        self.values_by_module[self.module] = defaults(self.module)
        self.chosen_by_module[self.module] = set()
        self.rebuild()

    def _module_picked(self) -> None:
        self.module = ModuleType.from_id(self.module_combo.currentData())
        self.rebuild()
        self.module_changed.emit(self.module)

    def rebuild(self) -> None:
        self.form = ParameterForm(self.module, self.expert.isChecked(), self.values,
                                  self.firmware_version(), on_change=self._edited)
        self.form.setObjectName("parameter_form")
        self.scroll_area.setWidget(self.form)
        self._mode_hint()
        self.check()

    def _edited(self, key: str) -> None:
        self.chosen.add(key)
        if key == "mode":
            self._mode_hint()
        self.check()
        self.values_changed.emit()

    def _mode_hint(self) -> None:
        assert self.form is not None
        self.form.set_hint("mode", "" if self.mode_chosen() else tr(
            "Не выбран: не передаётся, модуль останется в своём режиме."))

    # --- validation -------------------------------------------------------------------------
    def check(self) -> list[Problem]:
        """Every problem of the current values (unreadable text first), shown on the form."""
        assert self.form is not None
        usable = self.usable_keys()
        problems = [p for p in [*self.form.unreadable.values(), *validate(self.module, self.values)]
                    if not p.key or p.key in usable or p.key not in self.values]
        self.form.show_problems(problems)
        return problems

    def errors(self) -> list[Problem]:
        return [p for p in self.check() if p.is_error]

    def secrets(self) -> list[str]:
        found = [self.password.text()]
        for param in parameters_for(self.module):
            if param.secret and isinstance(self.values.get(param.key), str):
                found.append(str(self.values[param.key]))
        return [s for s in found if s]
