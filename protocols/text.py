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
