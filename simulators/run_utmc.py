"""``python main.py simulate utmc [--pty] [--baud 115200] [--eth-bitrate 10000000]``.

Prints ``{"serial": "/dev/pts/X", "tcp": "127.0.0.1:P", "discovery": "127.0.0.1:U"}``: the USB
port (with --pty: a pty, or ``socket://`` where ptys do not exist), the Ethernet control port and
the UDP "Search" port.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable

from simulators.transport import Faults, TcpSimulatorServer, serial_endpoint
from simulators.utmc import FineTimerLoop, VirtualUtmc, ethernet_handler, start_discovery

HELP = "virtual UTMC-700 data concentrator (USB over pty, Ethernet over TCP, UDP search)"
LOOP_FACTORY = FineTimerLoop  # the Ethernet wire is paced to tens of microseconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pty", action="store_true", help="also offer the USB port (a pty; socket:// on Windows)")
    parser.add_argument("--baud", type=int, default=115200, help="pace the USB port at this baud rate (0: no pacing)")
    parser.add_argument("--eth-bitrate", type=int, default=10_000_000,
                        help="pace Ethernet at this bit rate, 8 bits per byte (0: no pacing)")
    parser.add_argument("--discovery-port", type=int, default=0, help="UDP port for \"Search\" (0 = any free port)")
    parser.add_argument("--serial-number", default="70012345", help="the concentrator's serial number")
    parser.add_argument("--password", type=int, default=0, help="settings password 0–65535 (default 0)")
    parser.add_argument("--update-seconds", type=float, default=2.0, help="restart time after a firmware update")
    parser.add_argument("--keep-old-firmware", action="store_true",
                        help="fault: accept a firmware update but restart into the old program")
    parser.add_argument("--refuse-reads", action="store_true",
                        help="fault: refuse to read parameters and the device table (writes still work)")


async def start(args: argparse.Namespace, faults: Faults) -> tuple[dict[str, str], Callable[[], Awaitable[None]]]:
    utmc = VirtualUtmc(serial=args.serial_number, seed=args.seed, faults=faults, update_seconds=args.update_seconds)
    utmc.password = args.password
    utmc.keep_old_firmware = args.keep_old_firmware
    utmc.reads_refused = args.refuse_reads
    tcp = await TcpSimulatorServer(ethernet_handler(utmc, args.eth_bitrate), faults).start(args.host, args.port)
    host, port = tcp.address
    discovery, (dhost, dport) = await start_discovery(utmc, args.host, args.discovery_port, advertise=(host, port))
    endpoints = {"tcp": f"{host}:{port}", "discovery": f"{dhost}:{dport}"}
    close_serial = None
    if args.pty:  # a socket:// port where ptys do not exist (Windows)
        serial, close_serial = await serial_endpoint(utmc.serve, faults, args.baud or None, args.host)
        endpoints = {"serial": serial, **endpoints}

    async def close() -> None:
        discovery.close()
        await tcp.close()
        if close_serial is not None:
            await close_serial()

    return endpoints, close
