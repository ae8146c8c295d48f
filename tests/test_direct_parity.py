"""IEC 7E1 in either form: the parity bit computed by the program, or made by the port or by a
TCP-to-serial converter set to 7E1 (its TCP side then carries the 7 data bits alone).

Through the virtual meter on a real pty and on loopback TCP (``socket://``, the converter).
"""

from __future__ import annotations

import pytest

from app.core.links import open_link
from app.core.links.channels import DirectChannel
from app.core.links.direct import DirectChannelLink
from app.core.module_ops import read_status
from protocols.errors import LinkClosed, ValidationError
from protocols.meter import iec62056_21 as iec
from protocols.params.module_types import ModuleType
from simulators.meter import VirtualMeter
from simulators.module import VirtualModule
from simulators.transport import PtySimulator, TcpSimulatorServer, pty_supported
from tests.simulator_process import run_main, simulator_process

pytestmark = pytest.mark.virtual_time

FAST = "EKt"  # a meter with the 20 ms reaction time: these sessions are not about timing


@pytest.mark.parametrize(("parity", "form"), [("software", "parity bits"), ("auto", "parity bits"),
                                              ("hardware", "7 data bits")])
async def test_socket_url_in_both_forms(parity: str, form: str) -> None:
    module = VirtualModule("gsm-2g4g", restart_time=0.02, seed=4)
    meter = VirtualMeter(module, manufacturer=FAST)
    server = await TcpSimulatorServer(meter.serve, baud=9600).start()
    link = open_link(DirectChannel(f"socket://{server.url}", "777777", parity=parity, timeout=3))
    assert isinstance(link, DirectChannelLink)
    sent = bytearray()
    link.line.listeners.append(lambda direction, data: sent.extend(data) if direction == "tx" else None)
    async with link:
        reading = await read_status(link, "imei", module=ModuleType.GSM_2G4G, timeout=3)
    await server.close()
    assert module.identity.imei in str(reading.reply)
    assert meter.forms_seen == {form} and meter.too_soon == 0
    if form == "7 data bits":  # a converter that makes the parity bit gets plain 7-bit characters
        assert max(sent) < 0x80 and sent.startswith(iec.encode_sign_on())
    else:
        assert sent.startswith(iec.add_even_parity(iec.encode_sign_on()))
        assert all(bin(byte).count("1") % 2 == 0 for byte in sent)


@pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX")
async def test_pty_computes_the_parity_bit_and_refuses_hardware_in_words() -> None:
    module = VirtualModule("gsm-2g4g", restart_time=0.02, seed=5)
    meter = VirtualMeter(module, manufacturer=FAST)
    sim = await PtySimulator(meter.serve, baud=9600).start()
    for parity in ("auto", "software"):
        async with DirectChannelLink(sim.path, meter_password="777777", parity=parity) as link:
            reading = await read_status(link, "iccid", module=ModuleType.GSM_2G4G, timeout=3)
            assert link._iec is not None and link._iec.software_parity  # noqa: SLF001 - the point of the test
        assert module.identity.iccid in str(reading.reply)
    hardware = DirectChannelLink(sim.path, meter_password="777777", parity="hardware")
    with pytest.raises(LinkClosed) as refused:
        await hardware.open()
    message = refused.value.message("ru")
    assert sim.path in message and "7E1" in message and "программный контроль чётности" in message
    assert "Invalid argument" not in message and "Errno" not in message
    assert not hardware.line.is_open
    assert meter.forms_seen == {"parity bits"}
    await sim.close()


def test_parity_is_checked_with_the_other_settings() -> None:
    with pytest.raises(ValidationError, match="Parity: auto, software or hardware"):
        open_link(DirectChannel("COM3", "777777", parity="even"))
    with pytest.raises(ValidationError, match="Parity"):
        DirectChannelLink("COM3", meter_password="777777", parity="odd")


def test_command_line_direct_channel_with_hardware_parity_through_a_converter() -> None:
    with simulator_process("meter", "--baud", "0", "--manufacturer", FAST) as endpoints:
        port = f"socket://{endpoints['tcp']}"
        common = ["--module", "gsm-2g4g", "--via", "direct", "--port", port, "--meter-password", "777777",
                  "--lang", "en"]
        done = run_main("configure", *common, "--parity", "hardware", "--set", "apn=converter.apn", timeout=60)
        assert done.returncode == 0 and "converter.apn: applied" in done.stdout, done.stdout + done.stderr
        status = run_main("status", *common, "--parity", "software", "--kind", "imei", timeout=60)
        assert status.returncode == 0 and "IMEI" in status.stdout, status.stdout + status.stderr
    wrong = run_main("configure", *common, "--parity", "odd", "--set", "apn=x")
    assert wrong.returncode == 2 and "--parity" in wrong.stderr
