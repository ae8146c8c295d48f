"""The left column of the module workspace: module type, firmware, access password, basic/expert
switch and the generated settings form, all editing one values dict per module type."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import pick, tr
from app.ui.parameter_form import ParameterForm
from protocols.catalogue import DEFAULT_ADMIN_PASSWORD, Problem, defaults, parameters_for, validate
from protocols.module_types import ModuleType
from protocols.version import parse_firmware


class SettingsColumn(QWidget):
    module_changed = Signal(object)  # ModuleType
    values_changed = Signal()

    def __init__(self, module: ModuleType = ModuleType.GSM_2G4G) -> None:
        super().__init__()
        self.module = module
        self.values_by_module: dict[ModuleType, dict[str, object]] = {}
        self.module_combo = QComboBox()
        self.module_combo.setObjectName("module_type")
        for item in ModuleType:
            self.module_combo.addItem(f"{pick(item.label)} ({item.designation})", item.value)
        self.module_combo.setCurrentIndex(self.module_combo.findData(module.value))
        self.firmware = QLineEdit()
        self.firmware.setObjectName("module_firmware")
        self.firmware.setPlaceholderText(tr("неизвестна — показаны все параметры"))
        self.firmware.setToolTip(tr("Версия ВПО модуля, например 2.7 или строка версии из статуса; "
                                    "заполняется при чтении статуса"))
        self.password = QLineEdit(DEFAULT_ADMIN_PASSWORD)
        self.password.setObjectName("access_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setToolTip(tr("Текущий пароль администратора модуля (по умолчанию 12345678)"))
        self.expert = QCheckBox(tr("Экспертный режим"))
        self.expert.setObjectName("expert_mode")
        self.problems_label = QLabel()
        header = QFormLayout()
        header.addRow(tr("Тип модуля"), self.module_combo)
        header.addRow(tr("Версия ВПО модуля"), self.firmware)
        header.addRow(tr("Пароль доступа администратора"), self.password)
        header.addRow(self.expert)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setObjectName("settings_scroll")
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

    def firmware_version(self) -> tuple[int, int] | None:
        return parse_firmware(self.firmware.text())

    def set_module(self, module: ModuleType) -> None:
        self.module_combo.setCurrentIndex(self.module_combo.findData(module.value))

    def set_values(self, module: ModuleType, values: dict[str, object]) -> None:
        """Take values from a file or a Master SIM: missing keys keep their current value."""
        merged = dict(self.values_by_module.get(module) or defaults(module))
        merged.update(values)
        self.values_by_module[module] = merged
        if module is self.module:
            self.rebuild()
        else:
            self.set_module(module)

    def reset_defaults(self) -> None:
        self.values_by_module[self.module] = defaults(self.module)
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
        self.check()

    def _edited(self) -> None:
        self.check()
        self.values_changed.emit()

    # --- validation -------------------------------------------------------------------------
    def check(self) -> list[Problem]:
        """Every problem of the current values (unreadable text first), shown on the form."""
        assert self.form is not None
        problems = [*self.form.unreadable.values(), *validate(self.module, self.values)]
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
