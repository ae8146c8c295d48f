"""``python main.py simulate modem [--baud N] [--meters N] [--reply-delay S] [--sim-size N]``.

A GSM modem on a pty (its "COM port") and on a TCP endpoint, attached to an SMS network with N
virtual meters whose modules answer configuration SMS. Prints ``{"serial": "/dev/pts/X", "tcp":
"127.0.0.1:P", "phones": [...]}``; where ptys do not exist (Windows) "serial" is ``socket://`` of
the TCP endpoint, which SerialLink opens like a COM port.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable

from protocols.module_types import ModuleType
from simulators.modem import VirtualModem
from simulators.module import VirtualModule
from simulators.sms_network import SmsNetwork
from simulators.transport import Faults, PtySimulator, TcpSimulatorServer, pty_supported

HELP = "a GSM modem with a SIM, an SMS network and N virtual meters that answer configuration SMS"


def meter_phone(i: int) -> str:
    return f"+7900{i:07d}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--baud", type=int, default=None, help="pace the modem's serial port at this baud rate")
    parser.add_argument("--meters", type=int, default=3, help="virtual meters on the network (default 3)")
    parser.add_argument("--reply-delay", type=float, default=2.0, help="seconds until a module's reply arrives")
    parser.add_argument("--sim-size", type=int, default=30, help="SMS slots on the modem's SIM (default 30)")
    parser.add_argument("--submit-time", type=float, default=0.5, help="seconds the network takes per SMS sent")
    parser.add_argument(
        "--module", default=ModuleType.GSM_2G4G.value, choices=[m.value for m in ModuleType], help="module type"
    )
    parser.add_argument("--silent", action="append", default=[], metavar="PHONE", help="a meter that never replies")


async def start(args: argparse.Namespace, faults: Faults) -> tuple[dict[str, object], Callable[[], Awaitable[None]]]:
    network = SmsNetwork(default_reply_delay=args.reply_delay)
    phones = [meter_phone(i) for i in range(args.meters)]
    for i, phone in enumerate(phones):
        module = VirtualModule(args.module, serial=f"{100000 + i}", phone=phone, seed=args.seed + i)
        network.add_module(phone, module, reply_delay=None if phone in args.silent else args.reply_delay)
    modem = VirtualModem(network, sim_size=args.sim_size, submit_time=args.submit_time, faults=faults)
    server = await TcpSimulatorServer(modem.serve, faults, args.baud).start(args.host, args.port)
    endpoints: dict[str, object] = {"tcp": server.url, "serial": f"socket://{server.url}"}  # no pty (Windows)
    pty: PtySimulator | None = None
    if pty_supported():
        pty = await PtySimulator(modem.serve, faults, args.baud).start()
        endpoints["serial"] = pty.path
    endpoints["phones"] = phones

    async def close() -> None:
        await server.close()
        if pty is not None:
            await pty.close()
        await network.close()

    return endpoints, close
