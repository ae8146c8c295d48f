"""``decode-lcd`` and ``decode-version``: decode what a technician reads off a meter or a status page."""

from __future__ import annotations

import argparse

from app.cli.exit_codes import ExitCode
from app.cli.options import make_parser, module_type_parent
from app.cli.output import Output
from app.cli.parsing import Parser
from protocols.errors import ProtocolError, ValidationError
from protocols.module.status_lcd import decode_lcd
from protocols.params.module_types import ModuleType
from protocols.params.version import PLATFORM_NAMES, parse_version
from protocols.text import Text


def _lcd_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, module_type_parent(
        "module type (GSM: two groups of 3 digits; NB-IoT: two groups of 4 digits)"))
    parser.add_argument("--group1", required=True, metavar="DIGITS", help="digits of group 1, e.g. 130")
    parser.add_argument("--group2", required=True, metavar="DIGITS", help="digits of group 2, e.g. 167")
    parser.set_defaults(func=_decode_lcd)
    return parser


def _version_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help)
    parser.add_argument("version", metavar="VERSION", help="e.g. c1.0v1.4.8420.1.1.1")
    parser.set_defaults(func=_decode_version)
    return parser


PARSERS = {"decode-lcd": _lcd_parser, "decode-version": _version_parser}


def _decode_lcd(args: argparse.Namespace, out: Output) -> ExitCode:
    module = ModuleType.from_id(args.module)
    try:
        fields = decode_lcd(module, args.group1, args.group2)
    except ProtocolError as error:  # digits the user typed: bad input
        raise ValidationError([error.text]) from error
    records = []
    for field in fields:
        where = Text(f"Группа {field.group}, поле {field.field}", f"Group {field.group}, field {field.field}")
        out.line(f"{out.text(where)}. {out.text(field.name)}: {field.raw} — {out.text(field.meaning)}")
        records.append({"group": field.group, "field": field.field, "name": out.text(field.name), "raw": field.raw,
                        "code": field.code, "meaning": out.text(field.meaning)})
    out.set(module=module.value, fields=records)
    out.message = Text(f"Полей: {len(records)}", f"Fields: {len(records)}").get(out.lang)
    return ExitCode.DONE


def _decode_version(args: argparse.Namespace, out: Output) -> ExitCode:
    try:
        version = parse_version(args.version)
    except ProtocolError as error:
        raise ValidationError([error.text]) from error
    platform = version.platform_id
    if version.platform_name:
        platform += f" ({version.platform_name})"
    lines = [
        (Text("Версия", "Version"), version.text),
        (Text("Версия ядра", "Core version"), version.core),
        (Text("Версия ВПО", "Firmware version"), version.firmware),
        (Text("Сборка", "Build"), version.build or "—"),
        (Text("Идентификатор платформы", "Platform id"), platform),
        (Text("Тип модуля", "Module type"), out.text(version.module_label)),
    ]
    if version.module_type is not None:
        lines.append((Text("Идентификатор типа", "Type id"), version.module_type.value))
    for label, value in lines:
        out.line(f"{out.text(label)}: {value}")
    major, minor = version.firmware_tuple
    out.set(version=version.text, core=version.core, firmware=version.firmware, firmware_major=major,
            firmware_minor=minor, build=version.build or None, platform_id=version.platform_id,
            platform_name=version.platform_name, module_type=version.module_type,
            module_label=out.text(version.module_label))
    if version.module_type is None:
        known = ", ".join(PLATFORM_NAMES)
        out.say(Text(f"Платформа {platform} не описана (известны: {known}); тип модуля не определён",
                     f"Platform {platform} is not described (known: {known}); the module type is unknown"),
                to_stderr=True)
        return ExitCode.INCOMPLETE
    out.message = out.text(Text(f"Модуль «{version.module_type.label.ru}», ВПО {version.firmware}",
                                f"{version.module_type.label.en} module, firmware {version.firmware}"))
    return ExitCode.DONE
