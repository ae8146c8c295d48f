"""``params`` lists the module parameter catalogue; ``sms-text`` prints the SMS texts to send.

    python main.py params --module nb-iot [--basic]
    python main.py sms-text --module gsm-2g4g [--password P] [--config FILE] [--set KEY=VALUE ...]
                            [--only KEY ...] [--firmware 2.7]

``sms-text`` starts from the module type's defaults, applies the settings file, then every
``--set`` (app/cli/module_values.py); it prints one SMS per line in sending order (MODE last), or
every problem. Commands of ours (not the vendor's) are printed only for values away from the
defaults, with a warning on stderr; with ``--firmware`` below 2.0, MODE and PSW are left out with
a warning. With ``--json`` the texts are shown with the password masked (a JSON document never
holds a password); the commands themselves are listed so a script can sign them.
"""

from __future__ import annotations

import argparse

from app.cli.exit_codes import ExitCode
from app.cli.module_values import module_values
from app.cli.options import (
    firmware_parent,
    make_parser,
    module_password_parent,
    module_type_parent,
    values_parent,
)
from app.cli.output import MASK, Output
from app.cli.parsing import Parser
from protocols.params.catalogue import Kind, Parameter, parameters_for
from protocols.params.module_types import ModuleType
from protocols.sms.sms_commands import mask_sms_secrets, plan_sms_texts
from protocols.sms.sms_grammar import command_for_key
from protocols.text import Text


def _params_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, module_type_parent())
    parser.add_argument("--basic", action="store_true", help="only the parameters of the basic mode")
    parser.set_defaults(func=run_params)
    return parser


def _sms_text_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, module_type_parent(), module_password_parent(), values_parent(),
                         firmware_parent())
    parser.add_argument("--only", action="append", metavar="KEY",
                        help="send only the commands carrying these parameters (repeatable)")
    parser.set_defaults(func=run_sms_text)
    return parser


PARSERS = {"params": _params_parser, "sms-text": _sms_text_parser}


def _range(param: Parameter, module: ModuleType, lang: str) -> str:
    if param.kind is Kind.INT:
        return f"{param.min}..{param.max}"
    if param.kind in (Kind.CHOICE, Kind.FLAGS):
        items = ", ".join(f"{c.value} ({c.label.get(lang)})" for c in param.choices_for(module))
        return (Text("любые из: ", "any of: ").get(lang) if param.kind is Kind.FLAGS else "") + items
    if param.kind is Kind.BOOL:
        return "0/1"
    if param.max_length is not None:
        return f"≤{param.max_length} " + Text("символов", "chars").get(lang)
    return ""


def _show_default(param: Parameter, value: object) -> str:
    if param.kind is Kind.FLAGS:
        assert isinstance(value, (set, frozenset))
        return ",".join(c.value for c in param.choices if c.value in value) or "-"
    if param.kind is Kind.BOOL:
        return "1" if value else "0"
    return str(value) if value != "" else '""'


def _record(param: Parameter, module: ModuleType, out: Output) -> dict[str, object]:
    sms = command_for_key(param.key)
    default = param.default_for(module)
    return {
        "key": param.key, "label": out.text(param.label), "kind": param.kind.value,
        "default": MASK if param.secret and default else default, "min": param.min, "max": param.max,
        "max_length": param.max_length,
        "choices": [{"value": c.value, "label": out.text(c.label)} for c in param.choices_for(module)],
        "unit": out.text(param.unit) if param.unit else None, "expert": param.expert,
        "sms_command": sms.name, "sms_documented": sms.documented, "code": param.code,
    }  # fmt: skip


def run_params(args: argparse.Namespace, out: Output) -> ExitCode:
    module = ModuleType.from_id(args.module)
    ours, expert_mark = Text("своя", "ours").get(out.lang), Text("эксперт", "expert").get(out.lang)
    records = []
    for param in parameters_for(module, expert=not args.basic):
        sms = command_for_key(param.key)
        marks = [f"SMS {sms.name}" + ("" if sms.documented else f" ({ours})"), f"code 0x{param.code:02X}"]
        if param.expert:
            marks.append(expert_mark)
        out.line(f"{param.key}\t{out.text(param.label)}\t{_show_default(param, param.default_for(module))}"
                 f"\t{_range(param, module, out.lang)}\t{'; '.join(marks)}")
        records.append(_record(param, module, out))
    out.set(module=module.value, parameters=records)
    out.message = out.text(Text(f"Параметров: {len(records)}", f"Parameters: {len(records)}"))
    return ExitCode.DONE


def run_sms_text(args: argparse.Namespace, out: Output) -> ExitCode:
    module = ModuleType.from_id(args.module)
    found = module_values(module, args, only=args.only, require=False)
    only = set(args.only) if args.only else None
    plan = plan_sms_texts(module, found.values, args.password, only=only, firmware=args.firmware, given=found.given)
    out.problems(found.warnings)
    for warning in plan.warnings:
        out.warn(warning)
    for text in plan.texts:
        out.line(text)
    out.set(module=module.value, texts=[mask_sms_secrets(t) for t in plan.texts],
            commands=[t.split(" ", 2)[1] for t in plan.texts], ours=plan.ours, skipped=plan.skipped)
    out.message = out.text(Text(f"SMS: {len(plan.texts)}", f"SMS: {len(plan.texts)}"))
    return ExitCode.DONE
