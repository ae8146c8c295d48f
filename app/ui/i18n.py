"""UI language: Russian source strings, English from translations/configurator_en.qm.

Strings in the widgets are written in Russian (the manuals' wording) and wrapped in :func:`tr`;
``pyside6-lupdate`` collects them into ``translations/configurator_en.ts`` (see
translations/update.py). Texts that come from the lower layers are :class:`Text` pairs and are
picked with :func:`pick`. The current language is process-wide, like Qt's installed translator.

Qt's own texts (Yes/No/Cancel, file dialogs, the context menus of text fields) are English in
Qt; with the Russian UI Qt's translation ``qtbase_ru.qm`` is installed as well, and the default
QLocale follows the language (calendar pop-ups, day and month names). ``qtbase_ru.qm`` is looked
for in the executable's bundle first (``translations/`` inside it, or where PyInstaller's PySide6
hook puts Qt's translations), then in PySide6's own translations folder
(``QLibraryInfo.path(TranslationsPath)``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from protocols.text import Text

log = logging.getLogger(__name__)
_state: dict[str, object] = {"lang": "ru", "translator": None, "qt_translator": None, "qt_file": None}
_LOCALES = {"ru": (QLocale.Language.Russian, QLocale.Country.Russia),
            "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom)}


def tr(text: str, disambiguation: str | None = None) -> str:
    """The Russian source ``text`` in the current UI language.

    ``disambiguation`` separates one Russian word with two meanings (e.g. «Обновить»: refresh the
    port list, or update the firmware); pyside6-lupdate reads it as the message's comment.
    """
    return QCoreApplication.translate("", text, disambiguation)


def language() -> str:
    return str(_state["lang"])


def pick(text: Text | str) -> str:
    return text.get(language()) if isinstance(text, Text) else text


def translations_dir() -> Path:
    """translations/ next to the sources, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "translations"
    return Path(__file__).resolve().parents[2] / "translations"


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own translations may be: the bundle first, then PySide6's folder."""
    found = [translations_dir()]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found += [Path(bundle) / "PySide6" / "Qt" / "translations", Path(bundle) / "PySide6" / "translations"]
    found.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
    return found


def qt_translation_file(lang: str) -> Path | None:
    """Qt's ``qtbase_<lang>.qm``, or None when neither the bundle nor PySide6 has it."""
    for folder in qt_translation_dirs():
        candidate = folder / f"qtbase_{lang}.qm"
        if candidate.is_file():
            return candidate
    return None


def installed_qt_translation() -> Path | None:
    """The qtbase file in use now (None with the English UI, which needs none)."""
    found = _state["qt_file"]
    return found if isinstance(found, Path) else None


def _remove_translators(app: QCoreApplication | None) -> None:
    for key in ("translator", "qt_translator"):
        old = _state[key]
        if app is not None and isinstance(old, QTranslator):
            app.removeTranslator(old)
        _state[key] = None
    _state["qt_file"] = None


def _install_qt_translation(app: QCoreApplication | None, lang: str) -> None:
    """Qt's own dialogs and menus in ``lang``; English (Qt's source language) needs nothing."""
    if lang == "en":
        return
    path = qt_translation_file(lang)
    translator = QTranslator()
    if path is None or not translator.load(str(path)):
        log.warning("Qt's translation qtbase_%s.qm not found in %s", lang, qt_translation_dirs())
        return
    if app is not None:
        app.installTranslator(translator)
    _state["qt_translator"], _state["qt_file"] = translator, path


def install_language(lang: str) -> bool:
    """Make ``lang`` current; returns False (and stays on Russian) if its .qm cannot be loaded."""
    app = QCoreApplication.instance()
    _remove_translators(app)
    _state["lang"] = "ru"
    translator = QTranslator()
    if lang != "ru" and not translator.load(str(translations_dir() / f"configurator_{lang}.qm")):
        lang = "ru"
        loaded = False
    else:
        loaded = True
    if lang != "ru":
        if app is not None:
            app.installTranslator(translator)
        _state["translator"] = translator
    _install_qt_translation(app, lang)
    QLocale.setDefault(QLocale(*_LOCALES.get(lang, _LOCALES["ru"])))
    _state["lang"] = lang
    return loaded
