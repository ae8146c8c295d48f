"""argparse as the commands use it: refusals as exceptions in both languages, and checked value types.

:class:`Parser` raises :class:`UsageError` instead of printing and exiting, so the dispatcher prints
the complaint in the chosen language (and as JSON with ``--json``) with one exit code. The value
types refuse at parse time what cannot work — a port above 65535, a timeout of ``inf``, ``nan``,
0 or -3, a host name with a label over 63 characters — naming the option and the rule.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable
from typing import NoReturn

from app.cli.exit_codes import UsageError
from protocols.text import Text


class ParserExit(Exception):  # noqa: N818 - not an error: --help or --version printed, exit with `code`
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class OptionError(argparse.ArgumentTypeError):
    """A value type's refusal, worded in both languages."""

    def __init__(self, ru: str, en: str) -> None:
        self.text = Text(ru, en)
        super().__init__(en)


_ARGPARSE_RU = [  # argparse's own complaints, for the Russian output
    (r"the following arguments are required: (.*)", "не указаны обязательные параметры: {0}"),
    (r"unrecognized arguments: (.*)", "непонятные параметры: «{0}»"),  # as typed: any word, any language
    (r"one of the arguments (.*) is required", "нужен один из параметров: {0}"),
    (r"ambiguous option: (\S+) could match (.*)", "неоднозначный параметр {0}: подходят {1}"),
    (r"argument (\S+): expected one argument", "{0}: нужно значение"),
    (r"argument (\S+): expected at least one argument", "{0}: нужно хотя бы одно значение"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", "{0}: недопустимое значение {1} (возможны: {2})"),
    (r"argument (\S+): invalid \S+ value: (.*)", "{0}: недопустимое значение {1}"),
    (r"argument (\S+): not allowed with argument (\S+)", "{0} нельзя вместе с {1}"),
    (r"argument (\S+): ignored explicit argument (.*)", "{0}: лишнее значение {1}"),
]


def _translated(message: str) -> Text:
    for pattern, ru in _ARGPARSE_RU:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found:
            return Text(ru.format(*found.groups()), message)
    return Text(message, message)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose complaints are exceptions (UsageError) and whose exits are ParserExit."""

    def error(self, message: str) -> NoReturn:
        cause = sys.exc_info()[1]
        if isinstance(cause, argparse.ArgumentError) and isinstance(cause.__context__, OptionError):
            name, text = cause.argument_name or "", cause.__context__.text
            raise UsageError(Text(f"{name}: {text.ru}", f"{name}: {text.en}"), self.format_usage(), self.prog)
        raise UsageError(_translated(message), self.format_usage(), self.prog)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message, sys.stderr)
        raise ParserExit(status)


# -- value types -------------------------------------------------------------------------------------


def shown(text: str) -> str:
    """A value the user typed, quoted in a message: what does not print (NUL, undecodable bytes) escaped."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in text)


def _number(text: str, kind: Callable[[str], int | float]) -> int | float:
    try:
        return kind(text.strip())
    except (ValueError, OverflowError):
        what = ("целое число", "a whole number") if kind is int else ("число", "a number")
        raise OptionError(f"нужно {what[0]}, а не «{shown(text)}»",
                          f"{what[1]} is needed, not “{shown(text)}”") from None


def integer(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        value = int(_number(text, int))
        if not low <= value <= high:
            raise OptionError(f"от {low} до {high}, а не {value}", f"{low} to {high}, not {value}")
        return value

    parse.__name__ = "integer"
    return parse


tcp_port = integer(1, 65535)
"""A TCP or UDP port to connect to."""
listening_port = integer(0, 65535)
"""A port to listen on (0: any free port)."""
baud_rate = integer(50, 4_000_000)
retries = integer(0, 10)


def seconds(low: float, high: float, *, zero: bool = False) -> Callable[[str], float]:
    """A finite time from ``low`` to ``high`` seconds (``zero``: 0 too, meaning "do not wait")."""

    def parse(text: str) -> float:
        value = float(_number(text, float))
        if zero and value == 0:
            return 0.0
        if not math.isfinite(value) or not low <= value <= high:
            extra_ru, extra_en = (" или 0", " or 0") if zero else ("", "")
            raise OptionError(f"время в секундах от {low:g} до {high:g}{extra_ru}, а не «{shown(text)}»",
                              f"a time in seconds from {low:g} to {high:g}{extra_en}, not “{shown(text)}”")
        return value

    parse.__name__ = "seconds"
    return parse


def host_name(text: str) -> str:
    """An IP address or a DNS name that can be looked up: no blanks, labels of 1–63 characters."""
    host = text.strip()
    if not host or any(c.isspace() or not c.isprintable() for c in host):
        raise OptionError(f"не адрес и не имя хоста: «{shown(text)}»",
                          f"not an address or a host name: “{shown(text)}”")
    if ":" in host:  # an IPv6 address: idna does not apply
        return host
    try:
        host.encode("idna")
    except UnicodeError:
        raise OptionError(
            f"имя хоста «{host}» недопустимо: каждая часть между точками — от 1 до 63 символов",
            f"the host name “{host}” is invalid: each part between dots must be 1 to 63 characters",
        ) from None
    return host


def host_and_port(text: str) -> tuple[str, int]:
    """``HOST:PORT``."""
    host, sep, port = text.rpartition(":")
    if not sep or not host:
        raise OptionError(f"нужно АДРЕС:ПОРТ, а не «{shown(text)}»", f"HOST:PORT is needed, not “{shown(text)}”")
    return host_name(host), tcp_port(port)


def _name(kind: str, ru: str, en: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text.strip() or "\x00" in text:
            raise OptionError(f"не {ru}: «{shown(text)}»", f"not {en}: “{shown(text)}”")
        return text

    parse.__name__ = kind
    return parse


file_path = _name("file_path", "имя файла", "a file name")
"""A file's name: not empty, no NUL (the operating system refuses those before any message could)."""
serial_port = _name("serial_port", "имя порта", "a port name")
"""COM5, /dev/ttyUSB0, a pty or socket://host:port."""
