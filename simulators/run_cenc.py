"""``python main.py simulate cenc [--modules N] [--module-type gsm-2g4g] [--user admin --password ...]``.

A CENC server with N virtual modules in "Client CENC" mode connected to it. Prints the upper-level
port (for the configurator's "TCP/IP CENC" delivery), the device port, each device's
direct-access port and each module's serial number and system address.

A fleet for fleet operations and their benchmark: ``--latency 0.3`` delays every module's reply like a
GPRS round trip (simulators/fleet_behaviour.py), ``--silent K`` modules never answer, ``--refusing K``
have another administrator password (status is answered, reads and writes refused with 0x02); the
JSON names them (``silent``, ``refusing``: serial numbers).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Awaitable, Callable

from protocols import cenc
from protocols.params.module_types import ModuleType
from simulators.cenc import CencServer, CencTimings, CencUser
from simulators.fleet_behaviour import Latency, ReplyDelay, Role, apply_role, spread_roles
from simulators.module import VirtualModule
from simulators.module_cenc_client import CLIENT_CENC_MODE, ModuleCencClient
from simulators.transport import Faults

HELP = "a CENC server with virtual modules in Client CENC mode (upper-level, device and direct-access ports)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--modules", type=int, default=1, help="number of modules connected (default 1)")
    parser.add_argument(
        "--module-type", default=ModuleType.GSM_2G4G.value, choices=[m.value for m in ModuleType], help="module type"
    )
    parser.add_argument("--meter-type", default="CE308", help="meter type the modules report (default CE308)")
    parser.add_argument("--user", default="admin", help="CENC user name (default admin)")
    parser.add_argument("--password", default="admin", help="CENC user password (default admin)")
    parser.add_argument(
        "--upper-port",
        type=int,
        default=cenc.UPPER_PORT,
        help=f"port for upper-level software (default {cenc.UPPER_PORT}; a free port if taken; 0 = any)",
    )
    parser.add_argument(
        "--device-port",
        type=int,
        default=cenc.DEVICE_PORT,
        help=f"port the modules connect to (default {cenc.DEVICE_PORT}; a free port if taken; 0 = any)",
    )
    parser.add_argument(
        "--direct-base",
        type=int,
        default=cenc.DIRECT_BASE_PORT,
        help=f"first direct-access port (default {cenc.DIRECT_BASE_PORT}; 0 = any free ports; -1 = off)",
    )
    parser.add_argument("--reconnect", type=float, default=1.0, help="modules' reconnection period, s (default 1)")
    add_fleet_arguments(parser)


def add_fleet_arguments(parser: argparse.ArgumentParser) -> None:
    """--latency, --latency-spread, --silent, --refusing: how a simulated fleet answers."""
    parser.add_argument("--latency", type=float, default=0.0, metavar="S",
                        help="median round trip of a module's reply, s (GPRS-like spread; default 0: at once)")
    parser.add_argument("--latency-spread", type=float, default=Latency().spread, metavar="SIGMA",
                        help=f"spread of the latency: sigma of its logarithm (default {Latency().spread})")
    parser.add_argument("--silent", type=int, default=0, metavar="K", help="modules that never answer (default 0)")
    parser.add_argument("--refusing", type=int, default=0, metavar="K",
                        help="modules with another administrator password: reads and writes refused (0x02)")


def fleet_setup(args: argparse.Namespace, count: int) -> tuple[list[Role], list[ReplyDelay | None]]:
    """Each module's role and reply delay (SystemExit when the silent and refusing ones do not fit)."""
    try:  # a Namespace made without these options (a test's) has a fleet that simply answers
        roles = spread_roles(count, getattr(args, "silent", 0), getattr(args, "refusing", 0))
    except ValueError as error:
        raise SystemExit(str(error)) from error
    latency = Latency(getattr(args, "latency", 0.0), getattr(args, "latency_spread", Latency().spread))
    delays: list[ReplyDelay | None] = [
        ReplyDelay(latency, random.Random(args.seed * 100_003 + index)) if latency.median > 0 else None
        for index in range(count)
    ]
    return [roles.role(index) for index in range(count)], delays


def serial_number(index: int, seed: int) -> str:
    """15-digit serial numbers like the manual's device list (012657163203900, ...)."""
    return f"0126571632{(3900 + seed * 100 + index) % 100000:05d}"


async def start(args: argparse.Namespace, faults: Faults) -> tuple[dict[str, object], Callable[[], Awaitable[None]]]:
    direct_base = None if args.direct_base < 0 else args.direct_base
    server = CencServer(
        [CencUser(args.user, args.password)], faults=faults, timings=CencTimings(), direct_base_port=direct_base
    )
    upper = args.port or args.upper_port
    await _start_on_free_ports(server, args.host, upper, args.device_port)
    clients: list[ModuleCencClient] = []
    roles, delays = fleet_setup(args, args.modules)
    try:
        for index in range(args.modules):
            module = VirtualModule(
                args.module_type,
                serial=serial_number(index, args.seed),
                meter_type=args.meter_type,
                seed=args.seed + index,
            )
            module.values["mode"] = CLIENT_CENC_MODE
            module.restart()
            apply_role(module, roles[index], delays[index])
            client = ModuleCencClient(module, *server.device_address, reconnect_period=args.reconnect)
            clients.append(await client.start())
            await client.wait_registered()  # one by one: addresses follow the order 0.0.0.1, 0.0.0.2, ...
    except BaseException:
        await _close(server, clients)
        raise

    host = args.host
    endpoints: dict[str, object] = {
        "upper": f"{host}:{server.upper_address[1]}",
        "devices": f"{host}:{server.device_address[1]}",
        "direct": {c.serial: f"{host}:{c.direct_port}" for c in clients if c.direct_port},
        "modules": [{"serial": c.serial, "address": c.address} for c in clients],
    }
    if any(getattr(args, name, 0) for name in ("latency", "silent", "refusing")):
        endpoints["silent"] = [c.serial for c, role in zip(clients, roles, strict=True) if role is Role.SILENT]
        endpoints["refusing"] = [c.serial for c, role in zip(clients, roles, strict=True) if role is Role.REFUSING]

    async def close() -> None:
        await _close(server, clients)

    return endpoints, close


async def _start_on_free_ports(server: CencServer, host: str, upper: int, device: int) -> None:
    """The manual's default ports when they are free, otherwise any free ports."""
    for upper_port, device_port in ((upper, device), (upper, 0), (0, device), (0, 0)):
        try:
            await server.start(host, upper_port, device_port)
            return
        except OSError:
            await server.close()
    raise SystemExit(f"cannot listen on {host}")


async def _close(server: CencServer, clients: list[ModuleCencClient]) -> None:
    for client in clients:
        await client.stop()
    await server.close()
