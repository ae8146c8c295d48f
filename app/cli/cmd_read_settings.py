"""``read-settings``: read a communication module's settings over a channel, optionally into a file.

    main.py read-settings --module gsm-2g4g --via tcp --host 10.1.2.3 --out meter.json
    main.py configure --module gsm-2g4g --via tcp --host 10.1.2.3 --config meter.json   (after editing)

The file is an ordinary module settings file (passwords only with --with-passwords; never in --json).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from app.cli.cmd_module import CHANNEL_HELP, check_method, with_link
from app.cli.console import progress_printer
from app.cli.exit_codes import ExitCode, done_if
from app.cli.options import (
    channel_from_args,
    describe_channel,
    firmware_parent,
    make_parser,
    module_channel_parent,
    module_password_parent,
    module_type_parent,
)
from app.cli.output import MASK, Output
from app.cli.parsing import Parser, file_path
from app.core.module_results import ParameterResult
from app.core.module_settings_read import read_module_settings, readable_parameters
from app.core.settings_store import save_settings
from protocols.params.module_types import ModuleType
from protocols.text import Text


def _parser(prog: str, help: str) -> Parser:
    parser = make_parser(
        prog, help, module_type_parent(), module_password_parent(), module_channel_parent(), firmware_parent(),
        epilog=CHANNEL_HELP,
        description="Ask the module for every setting it tells (not the new passwords) and print them; "
                    "--out saves them as a settings file for configure --config or «Загрузить настройки».")
    parser.add_argument("--out", type=file_path, metavar="FILE", help="save what was read as a module settings file")
    parser.add_argument("--with-passwords", action="store_true", help="with --out: save the APN/MQTT passwords too")
    parser.set_defaults(func=_read_settings)
    return parser


PARSERS = {"read-settings": _parser}


def _read_settings(args: argparse.Namespace, out: Output) -> ExitCode:
    module = ModuleType.from_id(args.module)
    check_method(module, args)
    channel = channel_from_args(args, lang=out.lang)
    reading = asyncio.run(with_link(channel, module, lambda link: read_module_settings(
        link, module, args.password, timeout=channel.reply_timeout, retries=args.retries,
        progress=progress_printer(out.lang)), lang=out.lang))  # fmt: skip
    records = []
    for param in readable_parameters(module):
        label = f"{out.text(param.label)} [{param.key}]"
        if param.key in reading.values:
            value = reading.values[param.key]
            out.line(f"{label} = {ParameterResult(param, value).value_text()}")
            records.append({"key": param.key, "label": out.text(param.label), "status": "read",
                            "value": (MASK if value else "") if param.secret else value, "reason": None})
        elif param.key in reading.failed:
            reason = out.text(reading.failed[param.key])
            out.line(f"{label}: {out.text(Text('не прочитан', 'not read'))} — {reason}")
            records.append({"key": param.key, "label": out.text(param.label), "status": "failed", "value": None,
                            "reason": reason})
    out.say(reading.summary())
    saved = None
    if args.out and reading.values:
        save_settings(Path(args.out), module, reading.values, include_passwords=args.with_passwords)
        saved = args.out
        out.line(Text(f"Сохранено в {args.out}", f"Saved to {args.out}"))
    if reading.failed:
        out.note(Text(f"Не прочитаны: {', '.join(reading.failed)}", f"Not read: {', '.join(reading.failed)}"))
    out.set(module=module.value, channel=describe_channel(channel), parameters=records,
            write_only=reading.write_only, saved_to=saved)
    return done_if(reading.ok)
