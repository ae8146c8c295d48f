"""A model chooser grouped by meter kind, as the guide lists them (UTMC-700 guide item 15.2)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox

from app.ui.i18n import pick
from protocols.utmc.utmc_models import DeviceModel, MeterKind, model_by_code, models_of


class ModelCombo(QComboBox):
    """Kind headings are disabled rows; each model row holds its code and shows its interfaces."""

    def __init__(self) -> None:
        super().__init__()
        self.setMaxVisibleItems(25)
        items = QStandardItemModel(self)
        bold = QFont()
        bold.setBold(True)
        for kind in MeterKind:
            heading = QStandardItem(pick(kind.label))
            heading.setEnabled(False)
            heading.setSelectable(False)
            heading.setFont(bold)
            items.appendRow(heading)
            for model in models_of(kind):
                item = QStandardItem("    " + model.list_label)
                item.setData(model.code, 256)  # Qt.UserRole
                items.appendRow(item)
        self.setModel(items)
        self.set_model(models_of(MeterKind.ELECTRICITY)[0])

    def current_model(self) -> DeviceModel | None:
        code = self.currentData()
        return model_by_code(code) if isinstance(code, int) else None

    def set_model(self, model: DeviceModel) -> None:
        index = self.findData(model.code)
        if index >= 0:
            self.setCurrentIndex(index)
