"""``python main.py simulate module --module gsm-2g4g [--pty] [--baud N] [--serial-number ...]``.

The module is in Server mode with a static IP: the configurator reaches it over TCP/IP (the
"tcp" endpoint). With ``--pty`` the module's own serial port is offered too ("serial": a pty, or
``socket://`` where ptys do not exist).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable

from protocols.catalogue import parameter
from protocols.module_types import ModuleType
from simulators.module import VirtualModule
from simulators.transport import Faults, TcpSimulatorServer, serial_endpoint

HELP = "a communication module (GSM/NB-IoT) in Server mode: TCP endpoint, optional pty serial port"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--module", default=ModuleType.GSM_2G4G.value, choices=[m.value for m in ModuleType], help="module type"
    )
    parser.add_argument("--pty", action="store_true",
                        help="also offer the module's serial port (a pty; socket:// on Windows)")
    parser.add_argument("--baud", type=int, default=None, help="pace the serial port at this baud rate")
    parser.add_argument("--serial-number", default="012345678901234", help="meter serial number in replies")
    parser.add_argument("--meter-type", default="CE308", help="meter type in SMS replies (default CE308)")
    modes = [c.value for c in parameter("mode").choices]
    parser.add_argument("--mode", default="server", choices=modes, help="operating mode at start (default server)")
    parser.add_argument("--no-sim", action="store_true", help="simulate a module without a SIM card")
    parser.add_argument("--restart-time", type=float, default=0.2, metavar="S",
                        help="seconds the module is deaf after a restart (default 0.2; a real module takes 15–30 s)")
    parser.add_argument("--refuse-reads", action="store_true",
                        help="fault: answer parameter reads with 0x06 (writes still work)")


async def start(args: argparse.Namespace, faults: Faults) -> tuple[dict[str, str], Callable[[], Awaitable[None]]]:
    module = VirtualModule(
        args.module, serial=args.serial_number, meter_type=args.meter_type, seed=args.seed, sim_present=not args.no_sim,
        restart_time=args.restart_time,
    )
    if args.mode not in {c.value for c in parameter("mode").choices_for(module.module_type)}:
        raise SystemExit(f"mode {args.mode!r} is not available on {args.module}")
    module.values["mode"] = args.mode
    module.reads_refused = args.refuse_reads
    module.restart()
    await asyncio.sleep(module.restart_time)  # its endpoints are printed once it answers, not while it starts
    server = await TcpSimulatorServer(module.serve, faults).start(args.host, args.port)
    endpoints = {"tcp": server.url}
    close_serial = None
    if args.pty:  # a socket:// port where ptys do not exist (Windows)
        endpoints["serial"], close_serial = await serial_endpoint(module.serve, faults, args.baud, args.host)

    async def close() -> None:
        await server.close()
        if close_serial is not None:
            await close_serial()

    return endpoints, close
