"""``python main.py simulate <kind> ...``: run a virtual device until interrupted.

Each ``simulators/run_<kind>.py`` provides ``HELP``, ``add_arguments(parser)`` and
``async def start(args, faults) -> tuple[dict[str, str], Callable[[], Awaitable[None]]]``
returning its endpoints and a close function. The first line printed is one JSON object
naming the endpoints, e.g. ``{"tcp": "127.0.0.1:40123", "serial": "/dev/pts/7"}``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import pkgutil
from types import ModuleType

import simulators
from app.cli.exit_codes import ExitCode
from app.cli.options import make_parser
from app.cli.output import Output
from app.cli.parsing import Parser, host_name, listening_port
from protocols.errors import ValidationError
from protocols.text import Text
from simulators.transport import Faults


def _kinds() -> dict[str, ModuleType]:
    return {
        info.name.removeprefix("run_"): importlib.import_module(f"simulators.{info.name}")
        for info in pkgutil.iter_modules(simulators.__path__)
        if info.name.startswith("run_")
    }


def _parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, json=False)
    kinds = parser.add_subparsers(dest="kind", metavar="<kind>", required=True, parser_class=Parser)
    for name, module in sorted(_kinds().items()):
        sub = kinds.add_parser(name, help=getattr(module, "HELP", name))
        sub.add_argument("--host", type=host_name, default="127.0.0.1",
                         help="address for TCP endpoints (default 127.0.0.1)")
        sub.add_argument("--tcp-port", dest="port", type=listening_port, default=0, metavar="N",
                         help="TCP port of the first TCP endpoint (0 = any free port)")
        sub.add_argument("--port", dest="port", type=listening_port, default=argparse.SUPPRESS,
                         help=argparse.SUPPRESS)  # the old spelling
        sub.add_argument(
            "--fault",
            action="append",
            default=[],
            metavar="NAME[=VALUE]",
            help="switch on a fault: garbage=P, drop=P, slow=SECONDS, close_after=BYTES, storage_full",
        )
        sub.add_argument("--seed", type=int, default=0, help="random seed for faults and simulated values")
        module.add_arguments(sub)
        sub.set_defaults(func=_run, simulator=module)
    return parser


PARSERS = {"simulate": _parser}


def _run(args: argparse.Namespace, out: Output) -> ExitCode:
    try:
        faults = Faults.parse(args.fault, seed=args.seed)
    except ValueError as error:
        raise ValidationError([Text(str(error), str(error))]) from error
    # a simulator may ask for its own kind of event loop (LOOP_FACTORY: finer timers for pacing)
    with contextlib.suppress(KeyboardInterrupt), \
            asyncio.Runner(loop_factory=getattr(args.simulator, "LOOP_FACTORY", None)) as runner:
        runner.run(_serve(args, faults))
    return ExitCode.DONE


async def _serve(args: argparse.Namespace, faults: Faults) -> None:
    endpoints, close = await args.simulator.start(args, faults)
    print(json.dumps(endpoints), flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await close()
