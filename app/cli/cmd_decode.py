"""``decode-lcd`` and ``decode-version``: decode what a technician reads off a meter or a status page."""

from __future__ import annotations

import argparse
import sys

from protocols.module_types import ModuleType
from protocols.status_lcd import decode_lcd
from protocols.text import Text
from protocols.version import PLATFORM_NAMES, parse_version


def register(subparsers: argparse._SubParsersAction) -> None:
    lcd = subparsers.add_parser(
        "decode-lcd",
        help="decode the module status digits shown on the meter's LCD (NB-IoT manual Table 5, GSM manual Table 6)",
    )
    lcd.add_argument(
        "--module",
        required=True,
        choices=[item.value for item in ModuleType],
        help="module type (GSM: two groups of 3 digits; NB-IoT: two groups of 4 digits)",
    )
    lcd.add_argument("--group1", required=True, metavar="DIGITS", help="digits of group 1, e.g. 130")
    lcd.add_argument("--group2", required=True, metavar="DIGITS", help="digits of group 2, e.g. 167")
    lcd.set_defaults(func=_decode_lcd)

    version = subparsers.add_parser(
        "decode-version", help="split a module version string into core, firmware, platform id and module type"
    )
    version.add_argument("version", metavar="VERSION", help="e.g. c1.0v1.4.8420.1.1.1")
    version.set_defaults(func=_decode_version)


def _decode_lcd(args: argparse.Namespace) -> int:
    lang = args.lang
    for field in decode_lcd(ModuleType.from_id(args.module), args.group1, args.group2):
        where = Text(f"Группа {field.group}, поле {field.field}", f"Group {field.group}, field {field.field}")
        print(f"{where.get(lang)}. {field.name.get(lang)}: {field.raw} — {field.meaning.get(lang)}")
    return 0


def _decode_version(args: argparse.Namespace) -> int:
    lang = args.lang
    version = parse_version(args.version)
    platform = version.platform_id
    if version.platform_name:
        platform += f" ({version.platform_name})"
    lines = [
        (Text("Версия", "Version"), version.text),
        (Text("Версия ядра", "Core version"), version.core),
        (Text("Версия ВПО", "Firmware version"), version.firmware),
        (Text("Сборка", "Build"), version.build or "—"),
        (Text("Идентификатор платформы", "Platform id"), platform),
        (Text("Тип модуля", "Module type"), version.module_label.get(lang)),
    ]
    if version.module_type is not None:
        lines.append((Text("Идентификатор типа", "Type id"), version.module_type.value))
    for label, value in lines:
        print(f"{label.get(lang)}: {value}")
    if version.module_type is None:
        known = ", ".join(PLATFORM_NAMES)
        problem = Text(f"Платформа {platform} не описана (известны: {known}); тип модуля не определён",
                       f"Platform {platform} is not described (known: {known}); the module type is unknown")
        print(problem.get(lang), file=sys.stderr)
        return 1
    return 0
