"""A GSM modem, an SMS network and virtual meters, reachable over a real pty or loopback TCP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from app.core.links.at_modem import AtModem
from app.core.links.base import Link
from app.core.links.serial_port import SerialLink
from protocols.params.module_types import ModuleType
from simulators.modem import VirtualModem
from simulators.modem_readiness import ModemConditions
from simulators.module import VirtualModule
from simulators.sms_network import SmsNetwork
from simulators.transport import Faults, PtySimulator, TcpSimulatorServer, loop_clock, pty_supported

PASSWORD = "12345678"


def phone_of(i: int) -> str:
    return f"+7900{i:07d}"


@dataclass
class FakeTime:
    """A clock and a sleep that moves it on: the modem's busy and search periods pass without waiting.
    The same clock drives the virtual modem, so both sides see the same time."""

    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)  # the event loop (and the modem's answers) still run


@dataclass
class ModemBench:
    network: SmsNetwork
    modem: VirtualModem
    modules: dict[str, VirtualModule]
    faults: Faults
    url: str  # for SerialLink: a pty path or socket://host:port

    def link(self) -> Link:
        return SerialLink(self.url, 115200)


@asynccontextmanager
async def modem_bench(
    meters: int = 3,
    *,
    reply_delay: float | None = 0.05,
    submit_time: float = 0.01,
    sim_size: int = 30,
    faults: Faults | None = None,
    use_pty: bool = True,
    baud: int | None = None,
    report_modes: tuple[int, ...] = (0, 1, 2),
    give_up_after: float = 2.0,
    conditions: ModemConditions | None = None,
    clock: Callable[[], float] = loop_clock,
) -> AsyncIterator[ModemBench]:
    """``report_modes``: the +CNMI <ds> values the modem accepts (status reports); ``give_up_after``:
    seconds the network retries an unreachable module before its permanent failure report;
    ``conditions``: the modem's SIM and network states, timed by ``clock``."""
    faults = faults or Faults()
    network = SmsNetwork(default_reply_delay=reply_delay, give_up_after=give_up_after)
    modules: dict[str, VirtualModule] = {}
    for i in range(meters):
        phone = phone_of(i)
        module = VirtualModule(ModuleType.GSM_2G4G, serial=f"0000{i:05d}", phone=phone, seed=i, restart_time=0)
        network.add_module(phone, module)
        modules[phone] = module
    modem = VirtualModem(network, sim_size=sim_size, submit_time=submit_time, faults=faults,
                         report_modes=report_modes, conditions=conditions, clock=clock)
    if use_pty and pty_supported():
        server: PtySimulator | TcpSimulatorServer = await PtySimulator(modem.serve, faults, baud).start()
        url = server.path
    else:
        server = await TcpSimulatorServer(modem.serve, faults, baud).start()
        url = f"socket://{server.url}"
    try:
        yield ModemBench(network, modem, modules, faults, url)
    finally:
        await server.close()
        await network.close()


@asynccontextmanager
async def open_modem(bench: ModemBench, *, timeout: float = 2.0, send_timeout: float = 5.0) -> AsyncIterator[AtModem]:
    modem = AtModem(bench.link(), timeout=timeout, send_timeout=send_timeout)
    await modem.open()
    try:
        await modem.initialize()
        yield modem
    finally:
        await modem.close()
