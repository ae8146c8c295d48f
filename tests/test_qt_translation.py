"""Qt's own texts (Yes/No/Cancel, file dialogs, text-field menus) follow the UI language: Qt's
``qtbase_ru.qm`` from PySide6 — or from the executable's bundle — with the Russian UI, none with English."""

from __future__ import annotations

import shutil
import sys

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale
from PySide6.QtWidgets import QMessageBox

from app.ui.i18n import install_language, installed_qt_translation, qt_translation_file, translations_dir

pytestmark = pytest.mark.gui


def yes_no_texts() -> list[str]:
    box = QMessageBox(QMessageBox.Icon.Question, "?", "?", QMessageBox.StandardButton.Yes |
                      QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
    return sorted(button.text().replace("&", "") for button in box.buttons())


def test_russian_ui_has_russian_qt_dialogs_and_english_has_english(qapp):
    try:
        assert install_language("ru")
        assert installed_qt_translation() is not None and installed_qt_translation().name == "qtbase_ru.qm"
        assert yes_no_texts() == ["Да", "Нет", "Отмена"]
        assert QCoreApplication.translate("QLineEdit", "&Undo") != "&Undo"  # the text fields' context menu
        assert QCoreApplication.translate("QFileDialog", "File &name:") != "File &name:"
        assert QLocale().language() is QLocale.Language.Russian  # calendar pop-ups, day and month names
        assert install_language("en")
        assert installed_qt_translation() is None
        assert yes_no_texts() == ["Cancel", "No", "Yes"]
        assert QLocale().language() is QLocale.Language.English
    finally:
        install_language("ru")


def test_pyside6s_own_translations_folder_is_where_qtbase_is_found_from_the_sources():
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert str(qt_translation_file("ru")).startswith(folder)


@pytest.mark.parametrize("inside", ["translations", "PySide6/Qt/translations"])
def test_the_bundle_copy_of_qtbase_is_found_first(qapp, tmp_path, monkeypatch, inside):
    """In the one-file executable PyInstaller unpacks into sys._MEIPASS: our translations/ folder, or
    where its PySide6 hook puts Qt's translations."""
    source = qt_translation_file("ru")
    assert source is not None
    target = tmp_path / inside / "qtbase_ru.qm"
    target.parent.mkdir(parents=True)
    shutil.copyfile(source, target)
    (tmp_path / "translations").mkdir(exist_ok=True)  # the bundle holds our English translation too
    shutil.copyfile(translations_dir() / "configurator_en.qm", tmp_path / "translations" / "configurator_en.qm")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    try:
        assert qt_translation_file("ru") == target
        assert install_language("ru") and installed_qt_translation() == target
        assert yes_no_texts() == ["Да", "Нет", "Отмена"]
        assert install_language("en") and installed_qt_translation() is None  # from the bundle too
    finally:
        monkeypatch.undo()
        install_language("ru")


def test_the_window_language_switch_switches_qt_too(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from app.ui.app_settings import AppSettings
    from app.ui.main_window import MainWindow

    install_language("ru")
    window = MainWindow(AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    try:
        window.language_actions["en"].trigger()
        assert yes_no_texts() == ["Cancel", "No", "Yes"]
        window.language_actions["ru"].trigger()
        assert yes_no_texts() == ["Да", "Нет", "Отмена"]
    finally:
        install_language("ru")
