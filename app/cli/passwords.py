"""Password (and PIN) options that need not be typed on the command line, where every user sees them.

    add_password_option(group, "--cenc-password", env="CONFIGURATOR_CENC_PASSWORD",
                        what=Text("пароль сервера CENC", "CENC server password"), default="")

The value comes from the option, else from the environment variable, else the default; ``-`` as
the value asks for it without echo (from a terminal; piped in, the first line of stdin).
argparse keeps an unresolved :class:`PasswordValue`; the dispatcher calls :func:`resolve_passwords`
before the command runs, so commands see plain values.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.cli.parsing import OptionError
from protocols.errors import ValidationError
from protocols.text import Text

PROMPT = "-"
PROMPT_SOURCE = "prompt"
"""``args.password_sources[dest]`` when the value was typed at the prompt (else "option",
"environment" or "default")."""


@dataclass(frozen=True)
class PasswordSpec:
    flag: str
    env: str
    what: Text  # "пароль администратора модуля", for the prompt and messages
    default: object  # when neither the option nor the variable gives one
    convert: Callable[[str], Any] | None = None  # e.g. the UTMC's number 0–65535; raises OptionError


@dataclass(frozen=True)
class PasswordValue:
    """What argparse stores until :func:`resolve_passwords`: the spec and the text given (None: not given)."""

    spec: PasswordSpec
    given: str | None = None


def add_password_option(parser: argparse._ActionsContainer, flag: str, *, env: str,
                        what: Text, default: object, help: str, dest: str | None = None,
                        convert: Callable[[str], Any] | None = None) -> None:
    spec = PasswordSpec(flag, env, what, default, convert)
    parser.add_argument(
        flag, dest=dest, metavar="PASSWORD", type=lambda text: PasswordValue(spec, text), default=PasswordValue(spec),
        help=f"{help}; also from the environment variable {env}; '-' asks for it without echo",
    )


def _ask(spec: PasswordSpec, lang: str) -> str:
    prompt = f"{spec.what.get(lang).capitalize()}: "
    try:
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(prompt)
        line = sys.stdin.readline() if sys.stdin is not None else ""
    except (EOFError, OSError):  # no input to read (Ctrl-C goes on: the command is cancelled, exit 130)
        line = ""
    if not line:
        raise ValidationError([Text(f"{spec.flag} -: {spec.what.ru} не введён",
                                    f"{spec.flag} -: no {spec.what.en} entered")])
    return line.rstrip("\r\n")


def resolve(value: PasswordValue, lang: str) -> tuple[Any, str]:
    """The option's value — given, or from its environment variable, or the default; ``-`` prompts —
    and where it came from ("option", "environment", "prompt", "default")."""
    spec = value.spec
    source, origin = Text(spec.flag, spec.flag), "option"
    text = value.given
    if text is None and spec.env in os.environ:
        text, origin = os.environ[spec.env], "environment"
        source = Text(f"переменная {spec.env}", f"variable {spec.env}")
    if text == PROMPT:
        text, origin = _ask(spec, lang), PROMPT_SOURCE
    if text is None:
        return spec.default, "default"
    if spec.convert is None:
        return text, origin
    try:
        return spec.convert(text), origin
    except OptionError as error:
        raise ValidationError([Text(f"{source.ru}: {spec.what.ru}: {error.text.ru}",
                                    f"{source.en}: {spec.what.en}: {error.text.en}")]) from None


def resolve_passwords(args: argparse.Namespace, lang: str) -> None:
    """Replace every password option's PasswordValue in ``args`` by its value (prompting where asked);
    ``args.password_sources`` says where each came from."""
    sources: dict[str, str] = {}
    for name, value in list(vars(args).items()):
        if isinstance(value, PasswordValue):
            resolved, sources[name] = resolve(value, lang)
            setattr(args, name, resolved)
    args.password_sources = sources
