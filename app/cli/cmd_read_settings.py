"""``read-settings``: read a communication module's settings over a channel, optionally into a file.

    main.py read-settings --module gsm-2g4g --via tcp --host 10.1.2.3 --out meter.json
    main.py configure --module gsm-2g4g --via tcp --host 10.1.2.3 --config meter.json   (after editing)

The file is an ordinary module settings file (passwords only with --with-passwords).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from app.cli.cmd_module import (
    CHANNEL_HELP,
    _channel_arguments,
    _print_problems,
    _with_link,
    channel_from_args,
    check_method,
)
from app.cli.console import progress_printer
from app.core.module_results import ParameterResult
from app.core.module_settings_read import read_module_settings, readable_parameters
from app.core.settings_store import save_settings
from protocols.errors import ValidationError
from protocols.module_types import ModuleType
from protocols.text import Text


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = subparsers.add_parser(
        "read-settings",
        help="read a communication module's settings (TCP/IP, serial, CENC, direct channel)",
        description="Ask the module for every setting it tells (not the new passwords) and print them; "
        "--out saves them as a settings file for configure --config or «Загрузить настройки».",
        epilog=CHANNEL_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _channel_arguments(sub)
    sub.add_argument("--out", metavar="FILE", help="save what was read as a module settings file")
    sub.add_argument("--with-passwords", action="store_true", help="with --out: save the APN/MQTT passwords too")
    sub.set_defaults(func=_read_settings)


def _read_settings(args: argparse.Namespace) -> int:
    module = ModuleType.from_id(args.module)
    lang = args.lang
    try:
        check_method(module, args)
        channel = channel_from_args(args)
        reading = asyncio.run(_with_link(channel, module, lambda link: read_module_settings(
            link, module, args.password, timeout=channel.reply_timeout, retries=args.retries,
            progress=progress_printer(lang)), lang=lang))  # fmt: skip
    except ValidationError as error:
        _print_problems(error, lang)
        return 2
    for param in readable_parameters(module):
        label = f"{param.label.get(lang)} [{param.key}]"
        if param.key in reading.values:
            print(f"{label} = {ParameterResult(param, reading.values[param.key]).value_text()}")
        elif param.key in reading.failed:
            print(f"{label}: {Text('не прочитан', 'not read').get(lang)} — {reading.failed[param.key].get(lang)}")
    print(reading.summary().get(lang))
    if args.out and reading.values:
        save_settings(Path(args.out), module, reading.values, include_passwords=args.with_passwords)
        print(Text(f"Сохранено в {args.out}", f"Saved to {args.out}").get(lang))
    if reading.failed:
        print(Text(f"Не прочитаны: {', '.join(reading.failed)}", f"Not read: {', '.join(reading.failed)}").get(lang),
              file=sys.stderr)
    return 0 if reading.ok else 1
