"""``params`` lists the module parameter catalogue; ``sms-text`` prints the SMS texts to send.

    python main.py params --module nb-iot [--basic]
    python main.py sms-text --module gsm-2g4g [--password P] [--config FILE] [--set KEY=VALUE ...]
                            [--only KEY ...] [--firmware 2.7]

``sms-text`` starts from the module type's defaults, applies the settings file, then every
``--set``; it prints one SMS per line in sending order (MODE last), or every problem and exits 1.
Commands of ours (not the vendor's) are printed only for values away from the defaults, with a
warning on stderr; with ``--firmware`` below 2.0, MODE and PSW are left out with a warning.
"""

from __future__ import annotations

import argparse
import sys

from app.core.settings_store import load_settings
from protocols.catalogue import (
    DEFAULT_ADMIN_PASSWORD,
    Kind,
    Parameter,
    Problem,
    Severity,
    coerce,
    defaults,
    parameter,
    parameters_for,
    validate,
)
from protocols.errors import ValidationError
from protocols.module_types import ModuleType
from protocols.sms_commands import plan_sms_texts
from protocols.sms_grammar import command_for_key
from protocols.text import Text
from protocols.version import parse_firmware


def register(subparsers: argparse._SubParsersAction) -> None:
    modules = [m.value for m in ModuleType]
    params = subparsers.add_parser("params", help="list the module parameters (catalogue) of a module type")
    params.add_argument("--module", required=True, choices=modules, help="module type")
    params.add_argument("--basic", action="store_true", help="only the parameters of the basic mode")
    params.set_defaults(func=run_params)

    sms = subparsers.add_parser("sms-text", help="print the text SMS commands that configure a module")
    sms.add_argument("--module", required=True, choices=modules, help="module type")
    sms.add_argument("--password", default=DEFAULT_ADMIN_PASSWORD,
                     help=f"module admin password (default {DEFAULT_ADMIN_PASSWORD})")
    sms.add_argument("--config", help="settings file to start from (JSON, see docs/protocols/settings-file.md)")
    sms.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                     help="set one parameter (repeatable); see `params` for keys and values")
    sms.add_argument("--only", action="append", metavar="KEY",
                     help="send only the commands carrying these parameters (repeatable)")
    add_firmware_argument(sms)
    sms.set_defaults(func=run_sms_text)


def add_firmware_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--firmware", type=firmware_argument, metavar="VERSION",
                        help="the module's firmware if known, e.g. 1.4 or c1.0v1.4.8420.1.1.1 "
                             "(MODE and PSW exist from 2.0)")


def firmware_argument(text: str) -> tuple[int, int]:
    found = parse_firmware(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"not a firmware version: {text!r} (e.g. 2.7)")
    return found


def print_warnings(warnings: list[Text], lang: str) -> None:
    word = Text("предупреждение", "warning").get(lang)
    for warning in warnings:
        print(f"{word}: {warning.get(lang)}", file=sys.stderr)


def _range(param: Parameter, module: ModuleType, lang: str) -> str:
    if param.kind is Kind.INT:
        return f"{param.min}..{param.max}"
    if param.kind in (Kind.CHOICE, Kind.FLAGS):
        items = ", ".join(f"{c.value} ({c.label.get(lang)})" for c in param.choices_for(module))
        return ("any of: " if param.kind is Kind.FLAGS and lang == "en" else
                "любые из: " if param.kind is Kind.FLAGS else "") + items
    if param.kind is Kind.BOOL:
        return "0/1"
    if param.max_length is not None:
        return f"≤{param.max_length}" + (" " + ("символов" if lang == "ru" else "chars"))
    return ""


def _show_default(param: Parameter, value: object) -> str:
    if param.kind is Kind.FLAGS:
        assert isinstance(value, (set, frozenset))
        return ",".join(c.value for c in param.choices if c.value in value) or "-"
    if param.kind is Kind.BOOL:
        return "1" if value else "0"
    return str(value) if value != "" else '""'


def run_params(args: argparse.Namespace) -> int:
    module = ModuleType.from_id(args.module)
    lang = args.lang
    ours = "своя" if lang == "ru" else "ours"
    expert_mark = "эксперт" if lang == "ru" else "expert"
    for param in parameters_for(module, expert=not args.basic):
        sms = command_for_key(param.key)
        marks = [f"SMS {sms.name}" + ("" if sms.documented else f" ({ours})"), f"code 0x{param.code:02X}"]
        if param.expert:
            marks.append(expert_mark)
        print(f"{param.key}\t{param.label.get(lang)}\t{_show_default(param, param.default_for(module))}"
              f"\t{_range(param, module, lang)}\t{'; '.join(marks)}")
    return 0


def _print_problems(problems: list[object], lang: str) -> None:
    for item in problems:
        assert isinstance(item, Problem)
        word = Text("ошибка", "error") if item.severity is Severity.ERROR else Text("предупреждение", "warning")
        print(f"{word.get(lang)}: {item.text.get(lang)}", file=sys.stderr)


def run_sms_text(args: argparse.Namespace) -> int:
    module = ModuleType.from_id(args.module)
    values = defaults(module)
    problems: list[object] = []
    given: list[str] = []  # keys set explicitly: sent (and checked) even where the mode greys them out
    if args.config:
        loaded = load_settings(args.config)
        if loaded.module is not module:
            problems.append(Problem("module", Text(
                f"файл настроек для модуля «{loaded.module.label.ru}», а выбран «{module.label.ru}»",
                f"the settings file is for {loaded.module.label.en}, the module chosen is {module.label.en}")))
        values.update(loaded.values)
    for item in args.sets:
        key, sep, raw = item.partition("=")
        key = key.strip()
        try:
            param = parameter(key)
        except KeyError:
            problems.append(Problem(key, Text(f"неизвестный параметр «{key}» (см. params)",
                                              f"unknown parameter “{key}” (see params)")))
            continue
        if not sep:
            problems.append(Problem(key, Text(f"«{item}»: ожидается КЛЮЧ=ЗНАЧЕНИЕ", f"“{item}”: KEY=VALUE expected")))
            continue
        try:
            values[key] = coerce(param, raw, module)
        except ValidationError as error:
            problems.extend(error.problems)
        else:
            given.append(key)
    only = set(args.only) if args.only else None
    for key in sorted(only or ()):
        try:
            parameter(key)
        except KeyError:
            problems.append(Problem(key, Text(f"--only: неизвестный параметр «{key}»",
                                              f"--only: unknown parameter “{key}”")))
    if problems:  # report the values' own problems too, so every problem is printed at once
        problems.extend(validate(module, values, checked=given))
        _print_problems(problems, args.lang)
        return 1
    try:
        plan = plan_sms_texts(module, values, args.password, only=only, firmware=args.firmware, given=given)
    except ValidationError as error:
        _print_problems(error.problems, args.lang)
        return 1
    _print_problems([p for p in validate(module, values, checked=given) if not p.is_error], args.lang)
    print_warnings(plan.warnings, args.lang)
    for text in plan.texts:
        print(text)
    return 0
