"""«Шаблоны…»: the files users exchange (phone list, UTMC-700 device lists), saved as a copy where
the user chooses. The templates are the ones shipped in ``resources/templates`` (app.resources)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.os_errors import os_error_reason
from app.resources import TEMPLATES, Template
from app.ui.i18n import pick, tr

OK_STYLE, ERROR_STYLE = "color: #1b5e20;", "color: #b00020;"


class TemplatesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templates_dialog")
        self.setWindowTitle(tr("Шаблоны"))
        self.list = QListWidget()
        self.list.setObjectName("templates_list")
        for template in TEMPLATES:
            self.list.addItem(pick(template.title))
        self.description = QLabel()
        self.description.setObjectName("template_description")
        self.description.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("template_message")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(tr("Сохранить копию…"))
        self.save_button.setObjectName("template_save")
        self.save_button.setToolTip(tr("Сохранить копию выбранного шаблона в папку, которую вы укажете"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        intro = QLabel(tr("Образцы файлов, которые читает программа. Сохраните копию, заполните её и откройте "
                          "в программе."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(self.description)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._chosen)
        self.save_button.clicked.connect(self.ask_save)
        self.list.setCurrentRow(0)
        self.resize(520, 360)

    def current(self) -> Template:
        return TEMPLATES[max(self.list.currentRow(), 0)]

    def _chosen(self, _row: int) -> None:
        self.description.setText(pick(self.current().description))
        self.message.clear()

    def ask_save(self) -> None:
        template = self.current()
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suffix = Path(template.name).suffix
        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить копию шаблона"), str(Path(folder) / template.name),
                                              tr("Файлы {suffix} (*{suffix})").format(suffix=suffix))
        if name:
            self.save_copy(template, Path(name))

    def save_copy(self, template: Template, target: Path) -> bool:
        try:
            shutil.copyfile(template.path, target)
        except OSError as error:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(tr("Копия не сохранена ({path}): {reason}").format(
                path=target, reason=pick(os_error_reason(error))))
            return False
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(tr("Копия сохранена: {path}").format(path=target))
        return True
