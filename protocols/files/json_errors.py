"""A broken JSON file described in words: where (line and column) and what is wrong, in Russian and
English, instead of the json module's English ("Expecting ',' delimiter: line 3 column 5 (char 41)").

    json_error_text(error) -> Text      for json.JSONDecodeError and UnicodeDecodeError
"""

from __future__ import annotations

import json

from protocols.text import Text

# json's messages (CPython's json.decoder and _json.c), from the most specific prefix
_MESSAGES: tuple[tuple[str, Text], ...] = (
    ("Expecting property name enclosed in double quotes",
     Text("ожидается имя поля в двойных кавычках (лишняя запятая перед «}»?)",
          "a field name in double quotes is expected (a comma too many before “}”?)")),
    ("Expecting ',' delimiter", Text("пропущена запятая между элементами", "a comma between items is missing")),
    ("Expecting ':' delimiter", Text("после имени поля ожидается двоеточие",
                                     "a colon is expected after the field name")),
    ("Expecting value", Text("ожидается значение (число, текст в кавычках, true, false, null, [ или {)",
                             "a value is expected (a number, text in quotes, true, false, null, [ or {)")),
    ("Unterminated string starting at", Text("текст в кавычках не закрыт", "a quoted text is not closed")),
    ("Invalid control character", Text("в тексте недопустимый управляющий символ (перевод строки внутри кавычек?)",
                                       "a control character in a text (a line break inside quotes?)")),
    ("Invalid \\uXXXX escape", Text("неверная запись символа \\uXXXX", "an invalid \\uXXXX escape")),
    ("Invalid \\escape", Text("неверная последовательность с «\\»", "an invalid escape with “\\”")),
    ("Extra data", Text("после конца данных есть лишний текст", "text after the end of the data")),
    ("Illegal trailing comma", Text("лишняя запятая перед закрывающей скобкой",
                                    "a comma too many before the closing bracket")),
)
_OTHER = Text("нарушен формат JSON", "the JSON format is broken")


def _what(message: str) -> Text:
    for prefix, text in _MESSAGES:
        if message.startswith(prefix):
            return text
    return _OTHER


def json_error_text(error: BaseException) -> Text:
    """«строка 3, столбец 5: пропущена запятая между элементами» for a JSONDecodeError; a file that is not
    UTF-8 text at all is named as such (UnicodeDecodeError, with its byte position)."""
    if isinstance(error, json.JSONDecodeError):
        what = _what(error.msg)
        return Text(f"строка {error.lineno}, столбец {error.colno}: {what.ru}",
                    f"line {error.lineno}, column {error.colno}: {what.en}")
    if isinstance(error, UnicodeDecodeError):
        return Text(f"это не текст в кодировке UTF-8 (байт {error.start + 1})",
                    f"not UTF-8 text (byte {error.start + 1})")
    if isinstance(error, RecursionError):
        return Text("слишком глубокая вложенность скобок", "brackets nested too deeply")
    return _OTHER


__all__ = ["json_error_text"]
