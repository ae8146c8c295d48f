"""``python main.py simulate module --module gsm-2g4g [--pty] [--baud N] [--serial-number ...] [--count N]``.

The module is in Server mode with a static IP: the configurator reaches it over TCP/IP (the
"tcp" endpoint). With ``--pty`` the module's own serial port is offered too ("serial": a pty, or
``socket://`` where ptys do not exist).

``--count N`` runs N such modules, each on a TCP port of its own (a fleet for the fleet operations'
"tcp" path): ``modules`` lists each one's serial number (``--serial-number`` and the following
numbers) and endpoint; ``tcp`` is the first one's. ``--latency``, ``--silent`` and ``--refusing``
shape the fleet as for ``simulate cenc`` (simulators/fleet_behaviour.py).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable

from protocols.params.catalogue import parameter
from protocols.params.module_types import ModuleType
from simulators.fleet_behaviour import Role, apply_role
from simulators.module import VirtualModule
from simulators.run_cenc import add_fleet_arguments, fleet_setup
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
    parser.add_argument("--count", type=int, default=1, metavar="N",
                        help="run N modules, each on a TCP port of its own (default 1)")
    add_fleet_arguments(parser)


def fleet_serial(first: str, index: int) -> str:
    """The serial number of the ``index``-th module of a fleet: the first one's plus ``index``."""
    if not first.isdigit():
        return f"{first}-{index + 1}" if index else first
    return str(int(first) + index).zfill(len(first))


def _module(args: argparse.Namespace, index: int) -> VirtualModule:
    module = VirtualModule(args.module, serial=fleet_serial(args.serial_number, index), meter_type=args.meter_type,
                           seed=args.seed + index, sim_present=not args.no_sim, restart_time=args.restart_time)
    if args.mode not in {c.value for c in parameter("mode").choices_for(module.module_type)}:
        raise SystemExit(f"mode {args.mode!r} is not available on {args.module}")
    module.values["mode"] = args.mode
    module.reads_refused = args.refuse_reads
    module.restart()
    return module


async def start(args: argparse.Namespace, faults: Faults) -> tuple[dict[str, object], Callable[[], Awaitable[None]]]:
    count = max(getattr(args, "count", 1), 1)
    roles, delays = fleet_setup(args, count)
    servers: list[TcpSimulatorServer] = []
    modules: list[VirtualModule] = []
    close_serial = None

    async def close() -> None:
        for server in servers:
            await server.close()
        if close_serial is not None:
            await close_serial()

    try:
        fleet = [_module(args, index) for index in range(count)]
        await asyncio.sleep(args.restart_time)  # endpoints are printed once the modules answer, not while they start
        for index, module in enumerate(fleet):
            apply_role(module, roles[index], delays[index])
            port = args.port if index == 0 else 0  # --tcp-port names the first module's; the others take free ones
            servers.append(await TcpSimulatorServer(module.serve, faults).start(args.host, port))
            modules.append(module)
        endpoints: dict[str, object] = {"tcp": servers[0].url}
        if args.pty:  # a socket:// port where ptys do not exist (Windows)
            endpoints["serial"], close_serial = await serial_endpoint(modules[0].serve, faults, args.baud, args.host)
    except BaseException:
        await close()
        raise
    if count > 1 or any(getattr(args, name, 0) for name in ("latency", "silent", "refusing")):
        endpoints["modules"] = [{"serial": m.serial, "tcp": s.url} for m, s in zip(modules, servers, strict=True)]
        endpoints["silent"] = [m.serial for m, role in zip(modules, roles, strict=True) if role is Role.SILENT]
        endpoints["refusing"] = [m.serial for m, role in zip(modules, roles, strict=True) if role is Role.REFUSING]
    return endpoints, close
