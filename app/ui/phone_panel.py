"""The phone list of the SMS method (GSM manual §6.4.1.2.1): add, remove, load, save, clear, and
«Ограничить ожидание подтверждения» with its seconds.

The wait limit sits right under the number field, so it is in view without scrolling on a laptop
screen, and it is on by default (60 s, the manual's recommendation): without it a batch waits until
«Отмена». A number typed in the field that is not a phone number is reported under the field and the
field is marked; «Очистить» asks before emptying the list.

A list loaded from a table may name each phone («ФИО», «Абонент» …): the name is shown beside the
number here and in the results, kept in the window's state, and saved with the list; a grey line
says which column of the table the numbers were taken from when that was found by content.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.ui.app_settings import stored_int
from app.ui.i18n import pick, tr
from app.ui.runner import error_text

if TYPE_CHECKING:  # the phone list's code is injected (and imported with the first list opened)
    from PySide6.QtWidgets import QMessageBox

    from app.core.phone_list import PhoneList

DEFAULT_CONFIRMATION_WAIT = 60  # seconds; the manual recommends at least 60
FIELD_ERROR_STYLE = "QLineEdit { border: 1px solid #b00020; }"
PHONE_ROLE = Qt.ItemDataRole.UserRole  # an item shows "phone — name" and holds the phone


def phone_label(phone: str, names: dict[str, str]) -> str:
    """A phone as lists and results show it: with the name the list gave it."""
    name = names.get(phone)
    return f"{phone} — {name}" if name else phone


class PhonePanel(QGroupBox):
    """``load_file``/``save_file`` and ``check`` are app/core's phone list functions, injected."""

    def __init__(self, load_file: Callable[[Path], PhoneList],
                 save_file: Callable[[Path, list[str], dict[str, str]], None], check: Callable[[str], str]) -> None:
        super().__init__(tr("Номера абонентов"))
        self.setObjectName("phone_panel")
        self._load_file, self._save_file, self._check = load_file, save_file, check
        self._names: dict[str, str] = {}
        self.list = QListWidget()
        self.list.setObjectName("phone_list")
        self.entry = QLineEdit()
        self.entry.setObjectName("phone_entry")
        self.entry.setPlaceholderText("+7XXXXXXXXXX")
        self.entry.returnPressed.connect(self.add_from_entry)
        self.add_button = QPushButton("+")
        self.add_button.setObjectName("phone_add")
        self.add_button.setToolTip(tr("Добавить номер в список рассылки"))
        self.add_button.clicked.connect(self.add_from_entry)
        self.remove_button = QPushButton("−")
        self.remove_button.setObjectName("phone_remove")
        self.remove_button.setToolTip(tr("Удалить выделенный номер"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.load_button = QPushButton(tr("Загрузить список"))
        self.load_button.setObjectName("phone_load")
        self.load_button.clicked.connect(self._ask_load)
        self.save_button = QPushButton(tr("Сохранить список"))
        self.save_button.setObjectName("phone_save")
        self.save_button.clicked.connect(self._ask_save)
        self.clear_button = QPushButton(tr("Очистить"))
        self.clear_button.setObjectName("phone_clear")
        self.clear_button.setToolTip(tr("Удалить все номера из списка (программа спросит подтверждение)"))
        self.clear_button.clicked.connect(self.ask_clear)
        self.clear_question: QMessageBox | None = None
        self.error = QLabel()
        self.error.setObjectName("phone_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()  # no empty line under the field until a number is refused
        self.entry.textEdited.connect(lambda _text: self._mark_entry(False))
        self.note = QLabel()  # what a loaded table was read as (which column holds the numbers)
        self.note.setObjectName("phone_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")
        self.note.hide()
        self.limit = QCheckBox(tr("Ограничить ожидание подтверждения"))
        self.limit.setObjectName("limit_wait")
        self.limit.setToolTip(tr("Ждать ответ на SMS не дольше, чем указано ниже; без ограничения — пока вы не "
                                 "нажмёте «Отмена»"))
        self.wait = QSpinBox()
        self.wait.setObjectName("confirmation_wait")
        self.wait.setRange(1, 86400)
        self.wait.setValue(DEFAULT_CONFIRMATION_WAIT)
        self.wait.setSuffix(tr(" с"))
        self.limit.toggled.connect(self.wait.setEnabled)
        self.limit.setChecked(True)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.add_button)
        entry_row.addWidget(self.remove_button)
        entry_row.addWidget(self.clear_button)
        for button in (self.add_button, self.remove_button):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("MM") + 16)
        wait_row = QHBoxLayout()
        wait_label = QLabel(tr("Ожидание подтверждения"))
        wait_label.setBuddy(self.wait)
        wait_row.addWidget(wait_label)
        wait_row.addWidget(self.wait)
        wait_row.addStretch(1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.load_button)
        file_row.addWidget(self.save_button)
        hint = QLabel(tr("Без ограничения ответ ожидается, пока вы не нажмёте «Отмена» (рекомендуется не менее 60 с)."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addLayout(entry_row)
        layout.addWidget(self.error)
        layout.addWidget(self.limit)
        layout.addLayout(wait_row)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addLayout(file_row)
        layout.addWidget(hint)

    def phones(self) -> list[str]:
        return [self.list.item(i).data(PHONE_ROLE) for i in range(self.list.count())]

    def selected_phones(self) -> list[str]:
        return [item.data(PHONE_ROLE) for item in self.list.selectedItems()]

    def names(self) -> dict[str, str]:
        """Phone → name, for the phones in the list that have one."""
        return {phone: self._names[phone] for phone in self.phones() if phone in self._names}

    def set_phones(self, phones: list[str], names: dict[str, str] | None = None) -> None:
        self.list.clear()
        self._names = {p: n for p, n in (names or {}).items() if p in phones and n}
        for phone in phones:
            self._append(phone)
        self._show_note([])

    def _append(self, phone: str) -> None:
        item = QListWidgetItem(phone_label(phone, self._names))
        item.setToolTip(item.text())  # a long name is cut at the list's edge
        item.setData(PHONE_ROLE, phone)
        self.list.addItem(item)

    def wait_limit(self) -> float | None:
        """Seconds to wait for each confirmation, or None to wait until cancelled."""
        return float(self.wait.value()) if self.limit.isChecked() else None

    def add_from_entry(self) -> None:
        self.add(self.entry.text())

    def add(self, text: str) -> bool:
        try:
            phone = self._check(text)
        except Exception as error:  # the checker raises a ConfiguratorError with the reason
            self._show_error(error)
            self._mark_entry(True)
            return False
        self._show_error(None)
        self._mark_entry(False)
        if phone not in self.phones():
            self._append(phone)
        self.entry.clear()
        return True

    def _mark_entry(self, wrong: bool) -> None:
        """A red frame round the number field while what it holds was refused."""
        self.entry.setStyleSheet(FIELD_ERROR_STYLE if wrong else "")

    def ask_clear(self) -> None:
        """«Очистить» empties the list only after the user confirms (a list typed by hand is work)."""
        if not self.phones():
            return
        from PySide6.QtWidgets import QMessageBox  # the dialogs' classes load when first opened

        box = QMessageBox(QMessageBox.Icon.Question, tr("Очистить список"),
                          tr("Удалить из списка все номера ({n})?").format(n=len(self.phones())),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("phone_clear_question")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda _result: self._clear_answered(box))
        self.clear_question = box
        box.open()  # not exec(): the event loop keeps running

    def _clear_answered(self, box: QMessageBox) -> None:
        self.clear_question = None
        if box.standardButton(box.clickedButton()) == box.StandardButton.Yes:
            self.set_phones([])

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def load(self, path: Path) -> None:
        loaded = self._load_file(path)
        self.set_phones(loaded.phones, loaded.names)
        self._show_note([pick(note) for note in loaded.notes])

    def save(self, path: Path) -> None:
        self._save_file(path, self.phones(), self.names())

    def _ask_load(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self, tr("Загрузить список номеров"), "",
                                              tr("Списки номеров (*.txt *.csv);;Все файлы (*)"))
        if name:
            self._guarded(lambda: self.load(Path(name)))

    def _ask_save(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить список номеров"), "phones.txt",
                                              tr("Списки номеров (*.txt)"))
        if name:
            self._guarded(lambda: self.save(Path(name)))

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception as error:  # file errors are ConfiguratorError/OSError: shown, not raised
            self._show_error(error)
        else:
            self._show_error(None)

    def _show_note(self, notes: list[str]) -> None:
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))

    def _show_error(self, error: BaseException | None) -> None:
        """The red line above the list: shown only while there is something to say."""
        self.error.setText("" if error is None else error_text(error))
        self.error.setVisible(error is not None)

    def state(self) -> dict[str, object]:
        return {"phones": self.phones(), "names": self.names(), "limit": self.limit.isChecked(),
                "wait": self.wait.value()}

    def restore(self, data: dict[str, object]) -> None:
        phones, names = data.get("phones"), data.get("names")
        if isinstance(phones, list):
            named = {str(p): str(n) for p, n in names.items()} if isinstance(names, dict) else {}
            self.set_phones([str(p) for p in phones], named)
        self.limit.setChecked(bool(data.get("limit", True)))
        self.wait.setValue(stored_int(data, "wait", DEFAULT_CONFIRMATION_WAIT))
