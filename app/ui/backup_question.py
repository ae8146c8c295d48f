"""The question asked when what a device holds could not be read for a backup.

Nothing has been written at that point. «Записать без резервной копии» goes on without one;
«Отмена» (the default, also Esc) leaves the device as it is. The box is window-modal but opened
with ``open()``, so the asyncio loop keeps running while it waits.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from app.ui.i18n import tr


def ask_without_backup(parent: QWidget, reason: str, write_anyway: Callable[[], None]) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Резервная копия не сделана"), reason, parent=parent)
    box.setObjectName("backup_question")
    box.setInformativeText(tr("Записать без резервной копии? Вернуть прежние настройки будет не из чего."))
    write = box.addButton(tr("Записать без резервной копии"), QMessageBox.ButtonRole.DestructiveRole)
    write.setObjectName("write_without_backup")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def answered(_result: int) -> None:
        if box.clickedButton() is write:
            write_anyway()

    box.finished.connect(answered)
    box.open()
    return box
