"""``python main.py simulate modem [--baud N] [--meters N] [--reply-delay S] [--sim-size N] [states…]``.

A GSM modem on a pty (its "COM port") and on a TCP endpoint, attached to an SMS network with N
virtual meters whose modules answer configuration SMS. Prints ``{"serial": "/dev/pts/X", "tcp":
"127.0.0.1:P", "phones": [...]}``; where ptys do not exist (Windows) "serial" is ``socket://`` of
the TCP endpoint, which SerialLink opens like a COM port.

The states a real modem goes through before it can send (simulators.modem_readiness): a SIM
with a PIN (``--pin 1234``; PUK after three wrong ones), busy for N s (``--sim-busy 10``), a
network search of N s (``--unregistered 20``), roaming or denied (``--network``), an LTE modem
(``--lte``), a weak signal (``--csq 5``), no service centre on the SIM (``--no-smsc``), echo that
stays on (``--sticky-echo``), RING/+CREG lines inside replies (``--urc-noise``), the next N SMS
refused with +CMS ERROR 500 (``--flaky-sms 2``).
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable

from protocols.params.module_types import ModuleType
from simulators.modem import VirtualModem
from simulators.modem_readiness import DEFAULT_SMSC, NETWORKS, TRIES_COMMANDS, ModemConditions
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
    states = parser.add_argument_group("modem states")
    states.add_argument("--pin", help="the SIM asks for this PIN (three wrong ones: PUK)")
    states.add_argument("--sim-busy", type=float, default=0.0, metavar="SECONDS",
                        help="the SIM is busy this long after start and after the PIN")
    states.add_argument("--unregistered", type=float, default=0.0, metavar="SECONDS",
                        help="the modem searches for the network this long once the SIM is ready")
    states.add_argument("--network", choices=NETWORKS, default="home", help="registration once found")
    states.add_argument("--lte", action="store_true", help="an LTE modem: registered in +CEREG, +CREG stays 0")
    states.add_argument("--csq", type=int, default=21, help="signal level 0-31 (99 unknown; default 21)")
    states.add_argument("--no-smsc", action="store_true", help="no SMS service-centre number on the SIM")
    states.add_argument("--tries-command", choices=TRIES_COMMANDS, default="CPINR",
                        help="how the modem tells the PIN tries left (default CPINR)")
    states.add_argument("--sticky-echo", action="store_true", help="ATE0 answers OK but the echo stays on")
    states.add_argument("--urc-noise", action="store_true", help="RING and +CREG lines in the middle of replies")
    states.add_argument("--flaky-sms", type=int, default=0, metavar="N",
                        help="the next N SMS are refused with +CMS ERROR: 500")


def conditions(args: argparse.Namespace) -> ModemConditions:
    return ModemConditions(
        pin=args.pin, sim_busy=args.sim_busy, unregistered=args.unregistered, network=args.network, lte=args.lte,
        csq=args.csq, smsc="" if args.no_smsc else DEFAULT_SMSC, tries_command=args.tries_command,
        sticky_echo=args.sticky_echo, urc_noise=args.urc_noise, flaky_sms=args.flaky_sms,
    )


async def start(args: argparse.Namespace, faults: Faults) -> tuple[dict[str, object], Callable[[], Awaitable[None]]]:
    network = SmsNetwork(default_reply_delay=args.reply_delay)
    phones = [meter_phone(i) for i in range(args.meters)]
    for i, phone in enumerate(phones):
        module = VirtualModule(args.module, serial=f"{100000 + i}", phone=phone, seed=args.seed + i)
        network.add_module(phone, module, reply_delay=None if phone in args.silent else args.reply_delay)
    modem = VirtualModem(network, sim_size=args.sim_size, submit_time=args.submit_time, faults=faults,
                         conditions=conditions(args))
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
