"""Command-line interface: ``python main.py <command> ...``.

Each ``app/cli/cmd_*.py`` module adds its sub-commands through ``register(subparsers)``;
the sub-command's handler is stored as ``func`` and returns the process exit code.
Modules are discovered, so a new command never needs an edit here.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from app.cli.no_console import refuse_without_console
from protocols.errors import ConfiguratorError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Configurator for Energomera-family meter communication modules and UTMC-700.",
    )
    parser.add_argument("--lang", choices=("ru", "en"), default="ru", help="message language")
    parser.add_argument("--demo", action="store_true", help="start the GUI on built-in simulated devices")
    parser.add_argument("--self-test", action="store_true", help="with --demo: exchange with the simulators and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="<command>")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            importlib.import_module(f"{__name__}.{info.name}").register(subparsers)
    for sub in set(subparsers.choices.values()):  # --lang is accepted after the command too
        sub.add_argument("--lang", choices=("ru", "en"), default=argparse.SUPPRESS, help="message language")
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from app.ui.launch import launch_gui  # the GUI is imported only when it is wanted

        return launch_gui(demo=args.demo, self_test=args.self_test, lang=args.lang)
    refused = refuse_without_console(args.lang)
    if refused is not None:
        return refused
    try:
        return int(args.func(args) or 0)
    except ConfiguratorError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
