"""``python main.py simulate meter --module gsm-2g4g --protocol iec|spodes [--password …] [--baud 9600]``.

A meter with a communication module behind it: the direct channel's far end. The meter's port
("serial") is a pty where ptys exist and ``socket://HOST:PORT`` of the loopback TCP endpoint
("tcp") elsewhere (Windows). Both are paced at ``--baud`` like a real 9600 bit/s line.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable

from protocols.meter import iec62056_21 as iec
from protocols.params.module_types import ModuleType
from simulators.meter import DEFAULT_IEC_PASSWORD, DEFAULT_SPODES_PASSWORD, VirtualMeter
from simulators.module import VirtualModule
from simulators.transport import Faults, PtySimulator, TcpSimulatorServer, pty_supported

HELP = "a meter (IEC 62056-21 or СПОДЭС/DLMS) with a communication module behind it: the direct channel"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--module", default=ModuleType.GSM_2G4G.value, choices=[m.value for m in ModuleType], help="module type"
    )
    parser.add_argument("--protocol", default="iec", choices=("iec", "spodes"), help="the meter's protocol")
    parser.add_argument(
        "--password",
        default=None,
        help=f"meter access password (IEC default {DEFAULT_IEC_PASSWORD}; "
        f"СПОДЭС default {DEFAULT_SPODES_PASSWORD}, 16 characters for the HLS configurator client)",
    )
    parser.add_argument("--baud", type=int, default=9600, help="pace the line at this baud rate (0 = unpaced)")
    parser.add_argument(
        "--max-baud",
        type=int,
        default=9600,
        choices=sorted(iec.CHAR_BY_BAUD),
        help="highest speed the meter offers in its IEC identification (default 9600)",
    )
    parser.add_argument("--module-port", type=int, default=1, help="the meter's port the module sits on (СПОДЭС)")
    parser.add_argument("--serial-number", default="012345678901234", help="meter serial number")
    parser.add_argument("--meter-type", default="CE308", help="meter type (identification and module replies)")
    parser.add_argument(
        "--manufacturer",
        default="EKT",
        help="maker code of the IEC identification: its third letter in lower case (EKt) announces the 20 ms "
        "reaction time instead of 200 ms",
    )


def build_meter(args: argparse.Namespace) -> VirtualMeter:
    module = VirtualModule(args.module, serial=args.serial_number, meter_type=args.meter_type, seed=args.seed)
    return VirtualMeter(
        module,
        protocol=args.protocol,
        password=args.password,
        ident=f"{args.meter_type}v11",
        manufacturer=args.manufacturer,
        max_baud_char=iec.CHAR_BY_BAUD[args.max_baud],
        serial=args.serial_number,
        module_port=args.module_port,
    )


async def start(args: argparse.Namespace, faults: Faults) -> tuple[dict[str, str], Callable[[], Awaitable[None]]]:
    meter = build_meter(args)
    baud = args.baud or None
    server = await TcpSimulatorServer(meter.serve, faults, baud).start(args.host, args.port)
    endpoints = {"tcp": server.url, "serial": f"socket://{server.url}"}  # where ptys do not exist (Windows)
    pty: PtySimulator | None = None
    if pty_supported():
        pty = await PtySimulator(meter.serve, faults, baud).start()
        endpoints["serial"] = pty.path

    async def close() -> None:
        if pty is not None:
            await pty.close()
        await server.close()

    return endpoints, close
