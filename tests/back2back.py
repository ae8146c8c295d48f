"""The wires of tests/test_back2back.py: one virtual module reached by every kind of link.

``wire(kind, module)`` starts the simulators a link of that kind needs around the module, through real
pty pairs and loopback TCP sockets, and gives the URL the link is opened from (as the window, the
command line and the fleet open theirs: app.core.links.open_link) and the faults of the line nearest
the link (simulators.transport.Faults): noise and a hang-up are switched on there.

    pty            serial://<pty>                      the module's own serial port
    socket         socket://127.0.0.1:<port>           the same port behind a TCP-to-serial converter
    tcp            tcp://127.0.0.1:<port>              the module in Server mode
    cenc           cenc://user:password@…?serial=…     the module in Client CENC mode, through the CENC server
    cenc-direct    cenc-direct://127.0.0.1:<port>      the same module on the server's direct-access port
    direct-iec     direct://<port>?protocol=iec        through a meter, IEC 62056-21
    direct-spodes  direct://<port>?protocol=spodes     through a СПОДЭС meter (DLMS/HDLC)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from app.core.links.channels import CencChannel, CencDirectChannel, DirectChannel, SerialChannel, TcpChannel
from protocols.params.module_types import ModuleType
from simulators.cenc import CencServer, CencUser
from simulators.cenc_throttle import LoginThrottle
from simulators.meter import VirtualMeter
from simulators.module import VirtualModule
from simulators.module_cenc_client import CLIENT_CENC_MODE, ModuleCencClient
from simulators.transport import Faults, PtySimulator, TcpSimulatorServer, serial_endpoint

KINDS = ("pty", "socket", "tcp", "cenc", "cenc-direct", "direct-iec", "direct-spodes")
MODULE_TYPE = ModuleType.GSM_2G4G
CENC_USER, CENC_PASSWORD = "engineer", "Cenc-7351"
METER_PASSWORDS = {"iec": "777777", "spodes": "1234567812345678"}  # the СПОДЭС configurator: 16 characters
WRONG_METER_PASSWORDS = {"iec": "111111", "spodes": "0000000000000000"}
FAST_METER = "EKt"  # the maker's code of a meter with the 20 ms reaction time: these tests are not about timing

Stop = Callable[[], Awaitable[None]]


class FieldModule(VirtualModule):
    """The virtual module, restarting at once, that can fall silent or have its line cut as it is asked.

    ``mute``: requests are taken and never answered (the base's ``silent`` does not even take them).
    ``on_request``: called as a request arrives,
    before it is answered (a test cuts the line there)."""

    def __init__(self, serial: str = "009218054000931") -> None:
        super().__init__(MODULE_TYPE, serial=serial, seed=9, restart_time=0.0)
        self.mute = False
        self.on_request: Callable[[], None] | None = None

    def process(self, data: bytes) -> bytes:
        if data and self.on_request is not None:
            self.on_request()
        reply = super().process(data)
        return b"" if self.mute else reply


@dataclass
class Wire:
    kind: str
    url: str  # the link's description
    faults: Faults  # the line nearest the link
    wrong_way_in: str | None = None  # the same link with a wrong password on the way in (CENC, the meter)


@asynccontextmanager
async def wire(kind: str, module: FieldModule) -> AsyncIterator[Wire]:
    faults = Faults(seed=7)
    stops: list[Stop] = []
    try:
        yield await _start(kind, module, faults, stops)
    finally:
        for stop in reversed(stops):
            await stop()


async def _start(kind: str, module: FieldModule, faults: Faults, stops: list[Stop]) -> Wire:
    if kind == "pty":
        pty = await PtySimulator(module.serve, faults).start()
        stops.append(pty.close)
        return Wire(kind, SerialChannel(pty.path).url(), faults)
    if kind in ("socket", "tcp"):
        server = await TcpSimulatorServer(module.serve, faults).start()
        stops.append(server.close)
        host, port = server.address
        url = f"socket://{host}:{port}" if kind == "socket" else TcpChannel(host, port).url()
        return Wire(kind, url, faults)
    if kind in ("cenc", "cenc-direct"):
        return await _through_cenc(kind, module, faults, stops)
    protocol = kind.removeprefix("direct-")
    meter = VirtualMeter(module, protocol=protocol, password=METER_PASSWORDS[protocol], manufacturer=FAST_METER,
                         serial=module.serial)
    port, close = await serial_endpoint(meter.serve, faults)  # a pty where ptys exist, socket:// elsewhere
    stops.append(close)

    def url(password: str) -> str:
        return DirectChannel(port, password, protocol=protocol, parity="software").url()

    return Wire(kind, url(METER_PASSWORDS[protocol]), faults, url(WRONG_METER_PASSWORDS[protocol]))


async def _through_cenc(kind: str, module: FieldModule, faults: Faults, stops: list[Stop]) -> Wire:
    async def answer_at_once(_seconds: float) -> None:  # the server's delay for a wrong login, without waiting
        await asyncio.sleep(0)

    server = CencServer([CencUser(CENC_USER, CENC_PASSWORD)], faults=faults, direct_base_port=0,
                        throttle=LoginThrottle(sleep=answer_at_once))
    await server.start("127.0.0.1", 0, 0)
    stops.append(server.close)
    module.values["mode"] = CLIENT_CENC_MODE
    module.restart()
    client = ModuleCencClient(module, *server.device_address, reconnect_period=0.05)
    await client.start()
    stops.insert(0, client.stop)  # the module hangs up before the server goes
    await client.wait_registered()
    host, port = server.upper_address
    if kind == "cenc-direct":
        return Wire(kind, CencDirectChannel(host, client.direct_port).url(), faults)

    def url(password: str) -> str:
        return CencChannel(host, CENC_USER, password, port, device_serial=module.serial).url()

    return Wire(kind, url(CENC_PASSWORD), faults, url("wrong-" + CENC_PASSWORD))
