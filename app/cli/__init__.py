"""Command-line interface: ``python main.py <command> ...``, or the GUI when no command is given.

Start-up stays cheap: the top level knows the commands from a light table (app/cli/commands.py)
and imports a command's module only when that command runs. Options may come before or after the
command's name; ``--lang`` and ``--json`` anywhere. Every command returns one of the exit codes in
app/cli/exit_codes.py, and every refusal — argparse's included — is printed in the chosen
language (and with ``--json`` as a JSON document) instead of a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from app.cli.commands import COMMANDS
from app.cli.exit_codes import ExitCode, UsageError
from app.cli.no_console import refuse_without_console
from app.cli.parsing import Parser, ParserExit
from protocols.errors import ConfiguratorError

LANGUAGES = ("ru", "en")
WITH_SUBCOMMANDS = ("simulate", "fleet")


class _Version(argparse.Action):
    """--version: reads the version only when asked (pyproject.toml is not read on every start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from app.version import DISTRIBUTION, program_version

        print(f"{DISTRIBUTION} {program_version()}")
        parser.exit()


def top_parser(*, listing: bool) -> Parser:
    """The options before a command; with ``listing`` every command with its one-line help too."""
    parser = Parser(prog="main.py", allow_abbrev=False,
                    description="Configurator for Energomera-family meter communication modules and UTMC-700. "
                                "Without a command: the GUI.",
                    epilog="`main.py <command> --help` lists a command's options; docs/cli.md documents --json "
                           "and the exit codes.")
    parser.add_argument("--version", action=_Version, help="print the program's version and exit")
    parser.add_argument("--lang", choices=LANGUAGES, default="ru", help="message language (default ru)")
    parser.add_argument("--demo", action="store_true", help="start the GUI on built-in simulated devices")
    parser.add_argument("--self-test", action="store_true", help="with --demo: exchange with the simulators and exit")
    if listing:
        commands = parser.add_subparsers(dest="command", metavar="<command>")
        for command in COMMANDS.values():
            commands.add_parser(command.name, help=command.help, add_help=False)
    return parser


def command_parser(name: str) -> Parser:
    """The parser of one command, built by its module (imported here, not before)."""
    command = COMMANDS[name]
    module = importlib.import_module(f"{__name__}.{command.module}")
    parser: Parser = module.PARSERS[name](f"main.py {name}", command.help)
    return parser


def _command_at(argv: Sequence[str]) -> int | None:
    """Where the command's name is: the first word that names one (not the value of --lang)."""
    for at, word in enumerate(argv):
        if word in COMMANDS and (at == 0 or argv[at - 1] != "--lang"):
            return at
    return None


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed command line; ``command`` is None for the GUI. Raises UsageError or ParserExit."""
    at = _command_at(argv)
    if at is None:
        args = top_parser(listing=True).parse_args(argv)
        args.command = getattr(args, "command", None)
        return args
    name = argv[at]
    before, others = top_parser(listing=False).parse_known_args(argv[:at])
    parser = command_parser(name)
    rest = [*others, *argv[at + 1 :]]  # options of the command given before its name count as well
    # intermixed: options between and after positionals (utmc-devices write --check FILE); simulate and fleet have
    # sub-commands, which intermixed parsing does not take
    args = parser.parse_args(rest) if name in WITH_SUBCOMMANDS else parser.parse_intermixed_args(rest)
    args.command = name
    args.lang = getattr(args, "lang", before.lang)
    return args


def _early(argv: Sequence[str]) -> tuple[str, bool]:
    """The language and --json as far as they can be known before parsing (for a parse error)."""
    lang = "ru"
    for at, word in enumerate(argv):
        if word == "--lang" and at + 1 < len(argv) and argv[at + 1] in LANGUAGES:
            lang = argv[at + 1]
        elif word.startswith("--lang=") and word[7:] in LANGUAGES:
            lang = word[7:]
    return lang, "--json" in argv


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns the exit code (app/cli/exit_codes.py)."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not words:  # the GUI as users start it: nothing to parse, and the parser not built (~12 ms of its start)
        gc.disable()  # from here, not only from launch_gui on: Qt's modules are imported with app.ui.launch
        from app.ui.launch import launch_gui

        return launch_gui()
    from app.cli.output import Output  # not before: the GUI does not print

    lang, as_json = _early(words)
    at = _command_at(words)
    try:
        args = parse(words)
    except ParserExit as done:
        return done.code
    except UsageError as error:
        return Output(None if at is None else words[at], lang, as_json).fail(error)
    if args.command is None:
        from app.ui.launch import launch_gui  # the GUI is imported only when it is wanted

        return launch_gui(demo=args.demo, self_test=args.self_test, lang=args.lang)
    refused = refuse_without_console(args.lang)
    if refused is not None:
        return refused
    out = Output(args.command, args.lang, getattr(args, "json", False))
    try:
        from app.cli.passwords import resolve_passwords

        resolve_passwords(args, args.lang)
        return out.finish(args.func(args, out))
    except (ConfiguratorError, KeyboardInterrupt) as error:
        return out.fail(error)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.BROKEN_PIPE


def main() -> int:
    """``main.py``: output that survives any console code page, then the command line."""
    from app.cli import codepage

    codepage.install()
    return run()
