"""``--demo``: every simulated device the module configurator can talk to, inside the running loop.

    endpoints, stop = await start_demo()

starts, on loopback addresses with free ports:
- a GSM 2G+4G module in Server mode reachable over TCP/IP ("tcp_host", "tcp_port");
- a CENC server with two modules in Client CENC mode ("cenc_host", "cenc_port", "cenc_user",
  "cenc_password", "cenc_serial", "cenc_address");
- a meter with a module behind it for the direct channel ("direct_port": a pty on POSIX,
  ``socket://`` on Windows or with ``CONFIGURATOR_WITHOUT=pty``; "meter_password");
- a GSM modem with a SIM card attached to an SMS network in which virtual meters answer
  ("modem_port", "phones": comma-separated numbers of the meters);
- a UTMC-700 data concentrator: Ethernet control port ("utmc_tcp" host:port), USB port
  ("utmc_serial": a pty on POSIX, ``socket://`` elsewhere) and the UDP "Search" port ("utmc_discovery");
- a fleet for «Парк приборов»: a CENC server of its own with ``fleet_modules`` modules answering after a
  GPRS-like delay, two of them silent and one with another password ("fleet_cenc_host", "fleet_cenc_port",
  the same user and password), and two lists of them in a temporary folder: ours ("fleet_list", delivery
  cenc) and a ceHes workbook whose rows point at each device's direct-access port ("fleet_cehes").
The endpoints prefill the connection settings so a new user can try every delivery method.

The simulated modules restart in ``restart_time`` (a fraction of a second) and the simulated meter
needs no rest between sessions, so the window shows the demo with the waits the manuals ask for (30 s
module start, 30/60 s pause before configuring through the meter) shortened to DEMO_WAITS, a few
seconds: long enough to see the countdown (app.ui.main_window hands them to its workspaces).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.core.channel_waits import WaitTimes
from protocols.params.module_types import ModuleType

DEMO_CENC_USER, DEMO_CENC_PASSWORD = "engineer", "Cenc-7351"  # unlike any other demo value: the log masks it
DEMO_METER_PASSWORD = "777777"
DEMO_PHONES = ("+79001234501", "+79001234502", "+79001234503")
DEMO_MODEM_PHONE = "+79990000000"

Stop = Callable[[], Awaitable[None]]
DEMO_WAITS = WaitTimes(module_start=3.0, direct_gsm=5.0, direct_nb_iot=10.0)
DEMO_RESTART = 0.05  # seconds a simulated module is deaf after a restart
DEMO_FLEET = 30  # modules of the demo fleet
DEMO_FLEET_LATENCY = 0.3  # their median reply delay, s (a GPRS round trip)


def demo_phones(count: int) -> tuple[str, ...]:
    """The demo meters' numbers: the three of DEMO_PHONES, then more in the same series."""
    return tuple(f"+790012345{n:02d}" for n in range(1, count + 1)) if count > 3 else DEMO_PHONES[:count]


@dataclass(frozen=True)
class DemoPace:
    """How quickly the demo's devices answer: as the field does by default; the GUI tests take less."""

    meter_maker: str = "EKT"  # the meter's maker code: "EKt" (third letter lower case) reacts in 20 ms, not 200
    sms_reply: float = 0.3  # seconds until an SMS meter's reply reaches the modem
    sms_submit: float = 0.05  # seconds the modem takes to submit an SMS
    wrong_login: float = 1.0  # seconds the CENC server holds its answer to a first wrong login (doubling after)


async def start_demo(
    host: str = "127.0.0.1", *, sms_meters: int = len(DEMO_PHONES), restart_time: float = DEMO_RESTART,
    fleet_modules: int = DEMO_FLEET, pace: DemoPace = DemoPace(),
) -> tuple[dict[str, str], Stop]:
    """Start every simulated device; ``sms_meters`` meters answer SMS (the GUI benchmark uses 50); the
    modules restart in ``restart_time`` seconds; ``fleet_modules`` make the demo fleet (0: none); the
    meter and the SMS network answer at ``pace``."""
    stops: list[Stop] = []
    endpoints: dict[str, str] = {}
    phones = demo_phones(sms_meters)

    try:
        await _tcp_module(host, endpoints, stops, restart_time)
        await _cenc(host, endpoints, stops, restart_time, pace)
        await _direct(host, endpoints, stops, restart_time, pace)
        await _modem(host, endpoints, stops, phones, restart_time, pace)
        await _utmc(host, endpoints, stops)
        if fleet_modules > 0:
            await _fleet(host, endpoints, stops, fleet_modules)
    except BaseException:
        await _stop_all(stops)
        raise

    async def stop() -> None:
        await _stop_all(stops)

    return endpoints, stop


async def _stop_all(stops: list[Stop]) -> None:
    for stop in reversed(stops):
        with contextlib.suppress(Exception):
            await stop()
    stops.clear()


async def _tcp_module(host: str, endpoints: dict[str, str], stops: list[Stop], restart_time: float) -> None:
    from simulators.module import VirtualModule
    from simulators.transport import TcpSimulatorServer

    module = VirtualModule(ModuleType.GSM_2G4G, serial="009218054000001", seed=1, restart_time=restart_time)
    module.values["mode"] = "server"
    module.restart()
    server = await TcpSimulatorServer(module.serve).start(host, 0)
    endpoints["tcp_host"], endpoints["tcp_port"] = host, str(server.address[1])
    stops.append(server.close)


async def _cenc(host: str, endpoints: dict[str, str], stops: list[Stop], restart_time: float, pace: DemoPace) -> None:
    from simulators.cenc import CencServer, CencUser
    from simulators.cenc_throttle import LoginThrottle, ThrottleRules
    from simulators.module import VirtualModule
    from simulators.module_cenc_client import ModuleCencClient

    throttle = LoginThrottle(ThrottleRules(first_delay=pace.wrong_login))
    server = await CencServer([CencUser(DEMO_CENC_USER, DEMO_CENC_PASSWORD)], direct_base_port=0,
                              throttle=throttle).start(host, 0, 0)
    stops.append(server.close)
    device_host, device_port = server.device_address
    addresses = []
    for number, module_type in enumerate((ModuleType.GSM_2G4G, ModuleType.NB_IOT), start=1):
        module = VirtualModule(module_type, serial=f"00921805400010{number}", seed=10 + number,
                               restart_time=restart_time)
        module.values["mode"] = "client-cenc"
        module.values["server"], module.values["port"] = device_host, device_port
        module.restart()
        client = await ModuleCencClient(module, device_host, device_port).start()
        stops.append(client.stop)
        addresses.append((module.serial, await client.wait_registered()))
    endpoints.update(cenc_host=host, cenc_port=str(server.upper_address[1]), cenc_user=DEMO_CENC_USER,
                     cenc_password=DEMO_CENC_PASSWORD, cenc_serial=addresses[0][0], cenc_address=addresses[0][1])


async def _serve_port(handler: Callable[..., Awaitable[None]], host: str, stops: list[Stop]) -> str:
    """A serial port for ``handler``: a pty where ptys exist, a ``socket://`` TCP port elsewhere (Windows)."""
    from simulators.transport import serial_endpoint

    port, close = await serial_endpoint(handler, host=host)
    stops.append(close)
    return port


async def _direct(host: str, endpoints: dict[str, str], stops: list[Stop], restart_time: float,
                  pace: DemoPace) -> None:
    from simulators.meter import VirtualMeter
    from simulators.module import VirtualModule

    module = VirtualModule(ModuleType.GSM_2G4G, serial="009218054000201", seed=21, restart_time=restart_time)
    meter = VirtualMeter(module, protocol="iec", password=DEMO_METER_PASSWORD, serial=module.serial,
                         manufacturer=pace.meter_maker)
    endpoints.update(direct_port=await _serve_port(meter.serve, host, stops), meter_password=DEMO_METER_PASSWORD)


async def _modem(host: str, endpoints: dict[str, str], stops: list[Stop], phones: tuple[str, ...],
                 restart_time: float, pace: DemoPace) -> None:
    from simulators.modem import VirtualModem
    from simulators.module import VirtualModule
    from simulators.sms_network import SmsNetwork

    network = SmsNetwork(default_reply_delay=pace.sms_reply)
    for number, phone in enumerate(phones, start=1):
        module = VirtualModule(ModuleType.GSM_2G4G, serial=f"0092180540003{number:02d}", phone=phone, seed=30 + number,
                               restart_time=restart_time)
        network.add_module(phone, module)
    modem = VirtualModem(network, DEMO_MODEM_PHONE, submit_time=pace.sms_submit)
    endpoints.update(modem_port=await _serve_port(modem.serve, host, stops), modem_phone=DEMO_MODEM_PHONE,
                     phones=",".join(phones))


async def _utmc(host: str, endpoints: dict[str, str], stops: list[Stop]) -> None:
    from simulators.transport import TcpSimulatorServer
    from simulators.utmc import VirtualUtmc, ethernet_handler, start_discovery

    utmc = VirtualUtmc(seed=41, update_seconds=1.0)
    tcp = await TcpSimulatorServer(ethernet_handler(utmc, 0)).start(host, 0)
    stops.append(tcp.close)
    discovery, (discovery_host, discovery_port) = await start_discovery(utmc, host, 0, advertise=tcp.address)

    async def close_discovery() -> None:
        discovery.close()

    stops.append(close_discovery)
    endpoints.update(utmc_tcp=tcp.url, utmc_discovery=f"{discovery_host}:{discovery_port}",
                     utmc_serial=await _serve_port(utmc.serve, host, stops))


async def _fleet(host: str, endpoints: dict[str, str], stops: list[Stop], count: int) -> None:
    import asyncio
    import random
    import shutil
    import tempfile
    from pathlib import Path

    from app.core.cehes_export import write_cehes_rows
    from protocols.fleet.cehes_devices import CehesRow
    from simulators.cenc import CencServer, CencUser
    from simulators.fleet_behaviour import Latency, ReplyDelay, apply_role, spread_roles
    from simulators.module import VirtualModule
    from simulators.module_cenc_client import ModuleCencClient

    server = await CencServer([CencUser(DEMO_CENC_USER, DEMO_CENC_PASSWORD)], direct_base_port=0).start(host, 0, 0)
    stops.append(server.close)
    device_host, device_port = server.device_address
    roles = spread_roles(count, silent=min(2, max(count - 1, 0)), refusing=1 if count > 3 else 0)
    clients = []
    for index in range(count):
        module = VirtualModule(ModuleType.GSM_2G4G, serial=f"0092180540005{index:02d}", seed=50 + index,
                               restart_time=DEMO_RESTART)
        module.values["mode"] = "client-cenc"
        module.values["server"], module.values["port"] = device_host, device_port
        module.restart()
        apply_role(module, roles.role(index), ReplyDelay(Latency(DEMO_FLEET_LATENCY), random.Random(50 + index)))
        client = await ModuleCencClient(module, device_host, device_port).start()
        stops.append(client.stop)
        clients.append(client)
    await asyncio.gather(*(client.wait_registered() for client in clients))  # together: the demo starts sooner
    folder = Path(tempfile.mkdtemp(prefix="configurator-demo-fleet-"))

    async def remove_folder() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    stops.append(remove_folder)
    groups = ("ТП-12", "ТП-14", "ТП-31")
    ours = folder / "demo-fleet.csv"
    ours.write_bytes(("Серийный номер;Группа;Доставка;Тип счётчика\r\n" + "".join(
        f"{c.serial};{groups[i % 3]};cenc;CE308\r\n" for i, c in enumerate(clients))).encode("cp1251"))
    cehes = folder / "demo-cehes.xlsx"
    write_cehes_rows(cehes, [CehesRow(f"CENC {host}:{c.direct_port}", "TCP", host, c.direct_port, "DLMS 16", "DLMS",
                                      16, "1234567812345678", 35, groups[i % 3], "CE308", c.serial)
                             for i, c in enumerate(clients)])
    endpoints.update(fleet_cenc_host=host, fleet_cenc_port=str(server.upper_address[1]), fleet_list=str(ours),
                     fleet_cehes=str(cehes))
