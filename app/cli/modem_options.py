"""The modem's checks on the command line: ``--pin``, ``--smsc``, ``--modem-wait`` and printing the checks.

    main.py sms-send … --pin -                 # asks for the SIM PIN without echo
    CONFIGURATOR_SIM_PIN=1234 main.py sim-write …
    main.py sms-send … --smsc +79168999100     # when the SIM holds no service-centre number

The checks (app.core.modem_preflight) are printed on stderr as they finish, one line per check;
a wait counts down every 10 s. The PIN is entered only when the SIM asks for it, once: a wrong PIN
stops with the tries left. The last try is never spent on a PIN from the command line or the
environment (a typo in a script would block the SIM): only on one typed at the prompt.
"""

from __future__ import annotations

import argparse
import getpass
import math
import os
import sys
from collections.abc import Callable
from typing import TextIO

from app.core.modem_checks import CheckState, PreflightResult
from app.core.modem_preflight import PinRequest, PinSource, PreflightOptions, modem_waits
from protocols.at_network import pin_problem, smsc_problem
from protocols.errors import ValidationError
from protocols.text import Text

SIM_PIN_ENV = "CONFIGURATOR_SIM_PIN"
PROMPT = "-"
DEFAULT_MODEM_WAIT = 60.0


def add_modem_check_arguments(parser: argparse.ArgumentParser, *, sending: bool) -> None:
    parser.add_argument("--pin", metavar="PIN",
                        help=f"the SIM card's PIN, entered only if the SIM asks for it; also from the environment "
                             f"variable {SIM_PIN_ENV}; '-' asks for it without echo")
    parser.add_argument("--modem-wait", type=float, default=DEFAULT_MODEM_WAIT, metavar="SECONDS",
                        help=f"wait this long for a busy SIM and for the network (default {DEFAULT_MODEM_WAIT:g})")
    if sending:
        parser.add_argument("--smsc", default="", metavar="NUMBER",
                            help="SMS service-centre number, set for this session when the SIM holds none")


def sim_pin(given: str | None, lang: str) -> str | None:
    """The PIN from ``--pin``, else from the environment variable; ``-`` asks for it without echo (from a
    terminal; piped in, the first line of stdin). None when neither gives one."""
    text = given if given is not None else os.environ.get(SIM_PIN_ENV)
    if text == PROMPT:
        text = _ask(Text("PIN-код SIM-карты модема: ", "The modem's SIM PIN: ").get(lang))
    if text is None or text == "":
        return None
    problem = pin_problem(text)
    if problem is not None:
        raise ValidationError([Text(f"--pin: {problem.ru}", f"--pin: {problem.en}")])
    return text


def _ask(prompt: str) -> str:
    try:
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(prompt)
        line = sys.stdin.readline() if sys.stdin is not None else ""
    except (EOFError, OSError, KeyboardInterrupt):
        line = ""
    if not line:
        raise ValidationError([Text("--pin -: PIN-код не введён", "--pin -: no PIN entered")])
    return line.rstrip("\r\n")


def _pin_source(pin: str | None, typed: bool, lang: str) -> PinSource:
    async def give(request: PinRequest) -> str | None:
        if pin is not None and request.tries_left == 1 and not typed:
            print(Text("Осталась последняя попытка ввода PIN-кода: PIN-код из командной строки или переменной "
                       "окружения на неё не тратится. Введите его с --pin - (без отображения)",
                       "One PIN try is left: it is not spent on a PIN from the command line or the environment. "
                       "Type it with --pin - (no echo)").get(lang), file=sys.stderr, flush=True)
            return None
        return pin

    return give


def preflight_options(args: argparse.Namespace, lang: str) -> PreflightOptions:
    """The checks' options from the command line (checked before anything is opened)."""
    wait = args.modem_wait
    if not (math.isfinite(wait) and 0 <= wait <= 3600):
        raise ValidationError([Text("--modem-wait: от 0 до 3600 с", "--modem-wait: 0 to 3600 s")])
    smsc = getattr(args, "smsc", "") or ""
    problem = smsc_problem(smsc) if smsc else None
    if problem is not None:
        raise ValidationError([Text(f"--smsc: {problem.ru}", f"--smsc: {problem.en}")])
    typed = (args.pin if args.pin is not None else os.environ.get(SIM_PIN_ENV)) == PROMPT
    pin = sim_pin(args.pin, lang)
    return PreflightOptions(
        pin=_pin_source(pin, typed, lang), smsc=smsc, waits=modem_waits(wait), on_update=preflight_printer(lang),
        pin_hint=Text(f"Укажите его: --pin PIN, переменная {SIM_PIN_ENV} или --pin - (ввод без отображения).",
                      f"Give it with --pin PIN, the variable {SIM_PIN_ENV} or --pin - (typed without echo)."),
        smsc_hint=Text("Укажите номер SMS-центра оператора: --smsc НОМЕР.",
                       "Give the operator's service-centre number: --smsc NUMBER."),
    )


def check_line(state: CheckState, line: Text, lang: str) -> str:
    return f"  {state.label.get(lang):<10} {line.get(lang)}"


def preflight_printer(lang: str, out: TextIO | None = None) -> Callable[[PreflightResult], None]:
    """An ``on_update`` that prints each check once it is done, and a wait every 10 s (stderr)."""
    shown: dict[str, tuple[CheckState, str]] = {}

    def show(result: PreflightResult) -> None:
        stream = out or sys.stderr
        if not shown and result.checks:
            print(Text("Проверка модема:", "Checking the modem:").get(lang), file=stream, flush=True)
        for check in result.checks:
            text = check.line().get(lang)
            key = check.name.value
            if shown.get(key) == (check.state, text):
                continue
            if check.state is CheckState.WAITING and key in shown and shown[key][0] is CheckState.WAITING \
                    and check.seconds_left is not None and check.seconds_left % 10:
                continue
            shown[key] = (check.state, text)
            print(check_line(check.state, check.line(), lang), file=stream, flush=True)

    return show
