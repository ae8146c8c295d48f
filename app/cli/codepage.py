"""Output that prints in any console code page: what the page lacks becomes a plain equivalent.

On a Russian Windows, output redirected to a file or a pipe is written in the ANSI code page
(cp1251) and an OEM console uses cp866; neither has ≥, ≤, −, × and cp866 has no «» or —.
:func:`install` gives stdout and stderr an encoding error handler that writes ``>=``, ``<=``,
``-``, ``x``, ``"`` … instead of raising UnicodeEncodeError, so every command's help, results and
messages print whatever the code page; characters the page has (Cyrillic, «» in cp1251) stay.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

HANDLER = "configurator-plain"

PLAIN = {
    "≥": ">=", "≤": "<=", "≠": "!=", "≈": "~", "−": "-", "–": "-", "—": "-", "‒": "-", "‐": "-",
    "×": "x", "÷": "/", "±": "+/-", "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‘": "'",
    "’": "'", "‹": "<", "›": ">", "…": "...", "→": "->", "←": "<-", "↔": "<->", "•": "*", "·": ".",
    "°": " deg", "№": "N", "µ": "u", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u200b": "",
    "✓": "v", "✗": "x", "€": "EUR", "₽": "RUB", "©": "(c)", "®": "(R)", "™": "(TM)",
}  # fmt: skip


def plain(char: str) -> str:
    """An ASCII stand-in for ``char``: the table, else its decomposition without accents, else «?»."""
    if char in PLAIN:
        return PLAIN[char]
    if "\ud800" <= char <= "\udfff":  # a lone surrogate (undecodable bytes from a device or a file)
        return "?"
    ascii_part = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return ascii_part if ascii_part.isprintable() and ascii_part else "?"


def _substitute(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(plain(char) for char in error.object[error.start : error.end]), error.end


codecs.register_error(HANDLER, _substitute)


def install() -> None:
    """Make stdout and stderr substitute what their encoding lacks (called once at CLI start)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # None in a windowed executable; leave others alone
            stream.reconfigure(errors=HANDLER)
