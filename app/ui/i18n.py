"""UI language: Russian source strings, English from translations/configurator_en.qm.

Strings in the widgets are written in Russian (the manuals' wording) and wrapped in :func:`tr`;
``pyside6-lupdate`` collects them into ``translations/configurator_en.ts`` (see
translations/README.md). Texts that come from the lower layers are :class:`Text` pairs and are
picked with :func:`pick`. The current language is process-wide, like Qt's installed translator.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from protocols.text import Text

_state: dict[str, object] = {"lang": "ru", "translator": None}


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


def install_language(lang: str) -> bool:
    """Make ``lang`` current; returns False (and stays on Russian) if its .qm cannot be loaded."""
    app = QCoreApplication.instance()
    old = _state["translator"]
    if app is not None and isinstance(old, QTranslator):
        app.removeTranslator(old)
    _state["translator"] = None
    _state["lang"] = "ru"
    if lang == "ru":
        return True
    translator = QTranslator()
    if not translator.load(str(translations_dir() / f"configurator_{lang}.qm")):
        return False
    if app is not None:
        app.installTranslator(translator)
    _state["translator"] = translator
    _state["lang"] = lang
    return True
