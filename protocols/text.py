"""Bilingual text: the product speaks Russian by default and English completely."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"


@dataclass(frozen=True)
class Text:
    """A phrase in both UI languages."""

    ru: str
    en: str

    def get(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.en if lang == "en" else self.ru

    def format(self, **kwargs: object) -> Text:
        return Text(self.ru.format(**kwargs), self.en.format(**kwargs))

    def __str__(self) -> str:  # English in logs and tracebacks; UIs call get(lang)
        return self.en


# -- text that is not text ------------------------------------------------------------------
# JSON ("\ud800"), spreadsheets and pasted text can carry lone surrogates: code points that are
# half of a UTF-16 pair and cannot be encoded, printed or saved. Loaders refuse them by name and
# messages that quote a user's text show them as U+FFFD.
_SURROGATES = range(0xD800, 0xE000)


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in ``text`` (as ``\\udXXX``), or None when the text can be encoded."""
    if text.isascii():
        return None
    for char in text:
        if ord(char) in _SURROGATES:
            return f"\\u{ord(char):04x}"
    return None


def shown(text: str) -> str:
    """``text`` safe to print, encode and save: each lone surrogate becomes U+FFFD."""
    if text.isascii() or lone_surrogate(text) is None:
        return text
    return "".join("\ufffd" if ord(char) in _SURROGATES else char for char in text)


def surrogate_in(value: object, where: str = "") -> tuple[str, str] | None:
    """(path, ``\\udXXX``) of the first lone surrogate in a JSON value, keys included, or None."""
    if isinstance(value, str):
        found = lone_surrogate(value)
        return (where, found) if found else None
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{shown(str(key))}" if where else shown(str(key))
            found = lone_surrogate(key) if isinstance(key, str) else None
            hit = (path, found) if found else surrogate_in(item, path)
            if hit:
                return hit
    elif isinstance(value, list):
        for index, item in enumerate(value):
            hit = surrogate_in(item, f"{where}[{index}]")
            if hit:
                return hit
    return None


def not_text_problem(where: str, surrogate: str) -> Text:
    return Text(
        f"«{where}»: символ {surrogate} — половина суррогатной пары UTF-16, а не текст; исправьте значение",
        f"“{where}”: character {surrogate} is half of a UTF-16 surrogate pair, not text; correct the value",
    )
