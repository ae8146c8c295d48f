"""The virtual meter with the virtual module behind it: configuration and status over the direct
channel, the ``simulate meter`` command and its TCP endpoint (socket:// as on Windows)."""

from __future__ import annotations

import pytest

from app.core.links import open_link
from app.core.links.direct import DirectChannelLink
from app.core.module_ops import configure_module, read_status
from app.core.module_results import Outcome
from protocols.errors import DeviceError
from protocols.meter import iec62056_21 as iec
from protocols.params import catalogue
from protocols.params.module_types import ModuleType
from simulators.meter import VirtualMeter
from simulators.module import VirtualModule
from simulators.transport import PtySimulator, TcpSimulatorServer, pty_supported
from tests.simulator_process import simulator_process

pytestmark = pytest.mark.virtual_time

ADMIN = "12345678"
FAST = "EKt"  # the maker's code of a meter with the 20 ms reaction time: these sessions are not about timing


def new_values() -> dict[str, object]:
    values = catalogue.defaults(ModuleType.GSM_2G4G)
    values.update(mode="client-cenc", server="cenc.example.org", port=11001, apn="m2m.mts", period=600)
    return values


@pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX")
@pytest.mark.parametrize(
    ("protocol", "password"), [("iec", "777777"), ("spodes", "1234567812345678")], ids=["iec", "spodes"]
)
async def test_configure_and_read_status_through_the_meter(protocol: str, password: str) -> None:
    module = VirtualModule("gsm-2g4g", restart_time=0.02, seed=2)
    meter = VirtualMeter(module, protocol=protocol, password=password, manufacturer=FAST)
    sim = await PtySimulator(meter.serve).start()
    link = DirectChannelLink(sim.path, meter_password=password, protocol=protocol)
    async with link:
        result = await configure_module(link, "gsm-2g4g", new_values(), ADMIN, timeout=3)
        assert result.ok, result.lines("en")
        assert result.restarted and module.active["apn"] == "m2m.mts"
    async with DirectChannelLink(sim.path, meter_password=password, protocol=protocol) as again:
        reading = await read_status(again, "imei", module=ModuleType.GSM_2G4G, timeout=3)
    assert module.identity.imei in str(reading.reply)
    assert meter.sessions == 2 and meter.forwarded > 0
    await sim.close()


async def test_socket_url_carries_7e1_in_software() -> None:
    module = VirtualModule("nb-iot", restart_time=0.02)
    server = await TcpSimulatorServer(VirtualMeter(module, manufacturer=FAST).serve).start()
    link = open_link(f"direct://socket://{server.url}?password=777777&protocol=iec")
    assert isinstance(link, DirectChannelLink)
    async with link:
        reading = await read_status(link, "iccid", module=ModuleType.NB_IOT, timeout=3)
        assert link._iec is not None and link._iec.software_parity  # noqa: SLF001 - the point of the test
        assert link._iec.identification == iec.Identification(FAST, "5", "CE308v11")  # noqa: SLF001
    assert module.identity.iccid in str(reading.reply)
    await server.close()


async def test_meter_answers_unknown_address_with_error_and_ignores_commands_before_password() -> None:
    sim_meter = VirtualMeter(VirtualModule("gsm-2g4g"), manufacturer=FAST, half_duplex=False)  # raw exchanges
    server = await TcpSimulatorServer(sim_meter.serve).start()
    link = open_link(f"tcp://{server.url}")

    async def exchange(data: bytes, *, expect: bool = True) -> iec.Reply | iec.Identification | None:
        await link.send(iec.add_even_parity(data))

        def decode(buffer: bytes) -> tuple[int, object]:
            plain = iec.strip_even_parity(buffer)
            return (
                iec.decode_identification(plain) if plain.lstrip(b"\x00").startswith(b"/") else iec.decode_reply(plain)
            )

        if not expect:
            return None
        return await link.receive_frame(decode, timeout=2)  # type: ignore[arg-type]

    async with link:
        await exchange(iec.encode_command(iec.Command("R", "1", b"GSMIO(01;00)")), expect=False)  # no session yet
        assert isinstance(await exchange(iec.encode_sign_on()), iec.Identification)
        assert await exchange(iec.encode_option_select(iec.OptionSelect("5"))) == iec.Command(
            "P", "0", b"(012345678901234)"
        )
        assert await exchange(iec.encode_command(iec.password_command("777777"))) == iec.Ack()
        reply = await exchange(iec.encode_command(iec.Command("R", "1", b"VOLTA()")))
        assert isinstance(reply, iec.DataMessage) and reply.error == "ERR02"
    assert sim_meter.forwarded == 0  # nothing reached the module before the password
    await server.close()


def test_simulate_meter_command_prints_endpoints() -> None:
    with simulator_process("meter", "--protocol", "spodes", "--baud", "0") as endpoints:
        pass
    assert "tcp" in endpoints and endpoints["tcp"].startswith("127.0.0.1:")
    if pty_supported():
        assert endpoints["serial"].startswith("/dev/")


async def test_meter_refusing_the_exchange_is_a_clear_device_error_and_nothing_is_claimed() -> None:
    module = VirtualModule("gsm-2g4g", restart_time=0.02)
    meter = VirtualMeter(module, manufacturer=FAST, refuse_forwarding="ERR03")
    server = await TcpSimulatorServer(meter.serve).start()
    link = open_link(f"direct://socket://{server.url}?password=777777&protocol=iec")
    async with link:
        result = await configure_module(link, "gsm-2g4g", {"apn": "m2m.mts"}, ADMIN, timeout=2, retries=0)
    assert isinstance(result.error, iec.MeterRefusal) and isinstance(result.error, DeviceError)
    assert result.error.code == 3 and result.error.meter_error == "ERR03"
    assert "refused the exchange with the communication module (answer ERR03)" in result.error.message("en")
    assert "ERR03" in result.error.message("ru")
    assert not result.ok and not result.with_outcome(Outcome.APPLIED) and module.values["apn"] != "m2m.mts"
    assert result.get("apn").outcome in (Outcome.NOT_SENT, Outcome.NOT_CONFIRMED)
    await server.close()
