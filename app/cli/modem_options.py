"""The PC's GSM modem on the command line: its options (a parent parser) and its checks.

    main.py sms-send … --pin -                 # asks for the SIM PIN without echo
    CONFIGURATOR_SIM_PIN=1234 main.py sim-write …
    main.py sms-send … --smsc +79168999100     # when the SIM holds no service-centre number

``--pin`` is a password option (app.cli.passwords: the variable CONFIGURATOR_SIM_PIN, ``-`` asks).
The checks (app.core.modem_preflight) are printed on stderr as they finish, one line per check;
a wait counts down every 10 s. The PIN is entered only when the SIM asks for it, once: a wrong PIN
stops with the tries left. The last try is never spent on a PIN from the command line or the
environment (a typo in a script would block the SIM): only on one typed at the prompt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from app.cli.options import MODEM_DEFAULTS, parent, serial_options
from app.cli.parsing import OptionError, Parser, seconds
from app.cli.passwords import PROMPT_SOURCE, add_password_option
from app.core.modem_checks import CheckState, PreflightResult
from app.core.modem_preflight import PinRequest, PinSource, PreflightOptions, modem_waits
from protocols.errors import ValidationError
from protocols.modem.at_network import pin_problem, smsc_problem
from protocols.text import Text

SIM_PIN_ENV = "CONFIGURATOR_SIM_PIN"
DEFAULT_MODEM_WAIT = 60.0


def smsc_number(text: str) -> str:
    problem = smsc_problem(text) if text else None
    if problem is not None:
        raise OptionError(problem.ru, problem.en)
    return text


def modem_parent(*, sending: bool = False, only_for: str = "") -> Parser:
    """The modem's port and its checks' options (``sending``: --smsc too, for sms-send and sms-query).

    ``only_for`` (e.g. "sms rows"): the modem is needed only for some of the command's work (fleet), so
    ``--port`` is not required and ``--timeout`` stays the command's own (the modem keeps its default)."""
    parser = parent()
    modem = parser.add_argument_group(f"modem ({only_for})" if only_for else "modem")
    serial_options(modem, MODEM_DEFAULTS, required=not only_for, what="the modem's port")
    if not only_for:
        modem.add_argument("--timeout", type=seconds(1, 600), metavar="S",
                           help=f"modem reply timeout, s (default {MODEM_DEFAULTS.serial_timeout:g})")
    add_password_option(modem, "--pin", env=SIM_PIN_ENV, what=Text("PIN-код SIM-карты модема", "the modem's SIM PIN"),
                        default=None, help="the SIM card's PIN, entered only if the SIM asks for it")
    modem.add_argument("--modem-wait", type=seconds(0, 3600), default=DEFAULT_MODEM_WAIT, metavar="S",
                       help=f"wait this long for a busy SIM and for the network (default {DEFAULT_MODEM_WAIT:g})")
    if sending:
        modem.add_argument("--smsc", type=smsc_number, default="", metavar="NUMBER",
                           help="SMS service-centre number, set for this session when the SIM holds none")
    if not only_for:
        parser.set_defaults(via="serial", channel_defaults=MODEM_DEFAULTS)
    return parser


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
    pin = args.pin or None
    problem = pin_problem(pin) if pin is not None else None
    if problem is not None:
        raise ValidationError([Text(f"--pin: {problem.ru}", f"--pin: {problem.en}")])
    typed = args.password_sources.get("pin") == PROMPT_SOURCE
    return PreflightOptions(
        pin=_pin_source(pin, typed, lang), smsc=getattr(args, "smsc", ""), waits=modem_waits(args.modem_wait),
        on_update=preflight_printer(lang),
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
