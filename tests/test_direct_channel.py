"""The direct channel through the virtual meter, over real pty pairs (IEC 62056-21 and СПОДЭС)."""

from __future__ import annotations

import asyncio

import pytest

from app.core.links import iec_session, open_link
from app.core.links.direct import DirectChannelLink
from app.core.links.meter_sessions import SessionClock, required_pause
from protocols.errors import DeviceError, LinkClosed, LinkTimeout, ProtocolError, ValidationError
from protocols.meter import direct_forwarding as forwarding
from protocols.meter import iec62056_21 as iec
from protocols.params.module_types import ModuleType
from simulators.meter import VirtualMeter
from simulators.transport import Faults, PtySimulator, pty_supported

pytestmark = [pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX"), pytest.mark.virtual_time]
FAST = "EKt"  # the maker's code of a meter with the 20 ms reaction time: these sessions are not about timing


class EchoModule:
    """Stands in for a module: answers each newline-terminated frame with its reverse."""

    def __init__(self) -> None:
        self.pending = b""
        self.received = b""
        self.late: list[bytes] = []

    def process(self, data: bytes) -> bytes:
        self.received += data
        self.pending += data
        out = b""
        while b"\n" in self.pending:
            line, _, self.pending = self.pending.partition(b"\n")
            out += line[::-1] + b"\n"
        return out


def line(buffer: bytes) -> tuple[int, bytes | None]:
    end = buffer.find(b"\n")
    return (end + 1, buffer[: end + 1]) if end >= 0 else (0, None)


async def start_meter(meter: VirtualMeter, faults: Faults | None = None, baud: int | None = 9600) -> PtySimulator:
    return await PtySimulator(meter.serve, faults, baud).start()


async def test_iec_session_and_forwarding_both_ways() -> None:
    module = EchoModule()
    meter = VirtualMeter(module, password="777777", manufacturer=FAST)
    sim = await start_meter(meter, baud=None)  # the protocol is under test, not wire time
    clock = SessionClock()
    link = DirectChannelLink(sim.path, 9600, meter_password="777777", protocol="iec", sessions=clock)
    log: list[tuple[str, bytes]] = []
    link.line.listeners.append(lambda d, b: log.append((d, b)))
    async with link:
        assert meter.sessions == 1
        big = bytes(b for b in range(256) if b != 10) * 2 + b"\n"  # longer than one R1 block: split and reassembled
        await link.send(big)
        assert await link.receive_frame(line, timeout=5) == big[:-1][::-1] + b"\n"
        await link.send(b"abc\n")
        assert await link.receive_frame(line, timeout=5) == b"cba\n"
    assert module.received == big + b"abc\n"
    wire = b"".join(b for d, b in log if d == "tx")
    # a pty refuses 7E1, so the link sends 8N1 with the even-parity bit computed: the same bits
    assert all(bin(byte).count("1") % 2 == 0 for byte in wire)
    tx = iec.strip_even_parity(wire)
    assert tx.startswith(b"/?!\r\n\x06051\r\n\x01P1\x02(777777)\x03")
    assert tx.endswith(b"\x01B0\x03\x71")
    assert clock.last_session_end(sim.path) is not None
    assert 20 < clock.seconds_to_wait(sim.path, ModuleType.GSM_2G4G) <= 30  # 30 s pause, some already gone
    assert required_pause("nb-iot") == 60 and required_pause(ModuleType.NB_IOT_2) == 60
    await sim.close()


async def test_wrong_password_is_refused_clearly() -> None:
    sim = await start_meter(VirtualMeter(EchoModule(), password="777777", manufacturer=FAST))
    link = DirectChannelLink(sim.path, meter_password="111111")
    with pytest.raises(DeviceError, match="meter refused the access password"):
        await link.open()
    assert not link.is_open and not link.line.is_open
    await sim.close()


async def test_no_identification_hints_at_initial_speed_and_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(iec_session, "IDENTIFICATION_TIMEOUT", 0.5)  # the wait itself is not under test
    sim = await start_meter(VirtualMeter(EchoModule(), manufacturer=FAST), Faults(drop=1.0))
    link = DirectChannelLink(sim.path, meter_password="777777")
    with pytest.raises(LinkTimeout, match="initial speed is 9600") as caught:
        await link.open()
    assert "30 s" in str(caught.value) and "9600" in caught.value.message("ru")
    await sim.close()


async def test_speed_switch_after_option_select() -> None:
    meter = VirtualMeter(EchoModule(), max_baud_char="6", manufacturer=FAST)  # the meter offers 19200
    sim = await start_meter(meter)
    link = DirectChannelLink(sim.path, 19200, meter_password="777777")
    async with link:
        assert link.line.baudrate == 19200
        await link.send(b"hello\n")
        assert await link.receive_frame(line, timeout=5) == b"olleh\n"
    await sim.close()


async def test_late_module_answer_is_collected_by_polling() -> None:
    class LateModule(EchoModule):
        def process(self, data: bytes) -> bytes:
            reply = super().process(data)
            self.late.append(reply)
            return self.late.pop(0) if len(self.late) > 1 else b""

    module = LateModule()
    sim = await start_meter(VirtualMeter(module, manufacturer=FAST))
    async with DirectChannelLink(sim.path, meter_password="777777") as link:
        await link.send(b"first\n")  # the meter's answer carries nothing yet
        assert await link.receive_frame(line, timeout=3) == b"tsrif\n"  # a poll brought it
    await sim.close()


async def test_garbage_on_the_line_is_recovered_or_reported() -> None:
    faults = Faults(garbage=0.5, seed=3)
    sim = await start_meter(VirtualMeter(EchoModule(), manufacturer=FAST), faults)
    async with DirectChannelLink(sim.path, meter_password="777777") as link:
        for index in range(6):
            frame = f"frame {index}\n".encode()
            try:
                await link.send(frame)
                assert await link.receive_frame(line, timeout=5) == frame[:-1][::-1] + b"\n"
            except (ProtocolError, DeviceError) as error:  # noise can also fake a NAK: then a clear error
                assert str(error)
    await sim.close()


async def test_dropped_reply_is_repeated_after_nak() -> None:
    faults = Faults()
    sim = await start_meter(VirtualMeter(EchoModule(), manufacturer=FAST), faults)
    async with DirectChannelLink(sim.path, meter_password="777777", timeout=0.25) as link:
        faults.drop = 0.5
        faults.rng.seed(11)
        for index in range(4):
            frame = f"x{index}\n".encode()
            await link.send(frame)
            assert await link.receive_frame(line, timeout=5) == frame[:-1][::-1] + b"\n"
        faults.drop = 1.0
        with pytest.raises(LinkTimeout, match="stopped answering"):
            await link.send(b"lost\n")
    await sim.close()


async def test_port_lost_mid_transfer_is_link_closed() -> None:
    faults = Faults()
    sim = await start_meter(VirtualMeter(EchoModule(), manufacturer=FAST), faults)
    link = DirectChannelLink(sim.path, meter_password="777777")
    await link.open()
    faults.close_after = 0  # the next reply byte never comes: the adapter is unplugged
    with pytest.raises((LinkClosed, LinkTimeout)):
        await link.send(b"x" * 100 + b"\n")
    with pytest.raises(LinkClosed):
        await link.send(b"again\n")
    await link.close()
    await sim.close()


async def test_close_mid_receive_wakes_the_reader() -> None:
    sim = await start_meter(VirtualMeter(EchoModule(), manufacturer=FAST))
    link = DirectChannelLink(sim.path, meter_password="777777")
    await link.open()
    waiter = asyncio.create_task(link.receive_frame(line, timeout=10))
    await asyncio.sleep(0.3)
    await link.close()
    with pytest.raises(LinkClosed):
        await waiter
    await sim.close()


# -- СПОДЭС ---------------------------------------------------------------------------------
async def test_spodes_configurator_hls_association_and_forwarding() -> None:
    module = EchoModule()
    meter = VirtualMeter(module, protocol="spodes", password="1234567812345678", module_port=2)
    sim = await start_meter(meter, baud=None)  # the protocol is under test, not wire time
    link = DirectChannelLink(sim.path, meter_password="1234567812345678", protocol="spodes", module_port="2")
    assert link.logical_name == "0.2.128.0.0.255"
    async with link:
        assert meter.sessions == 1
        payload = bytes(b for b in range(256) if b != 10) * 2 + b"\n"  # longer than an HDLC frame: segmented by gurux
        await link.send(payload)
        assert await link.receive_frame(line, timeout=5) == payload[:-1][::-1] + b"\n"
    assert module.received == payload
    await sim.close()


async def test_spodes_reader_lls_and_wrong_passwords() -> None:
    meter = VirtualMeter(EchoModule(), protocol="spodes", password="1234567812345678")
    sim = await start_meter(meter)
    reader = DirectChannelLink(sim.path, meter_password="1234567812345678", protocol="spodes", dlms_client="reader")
    async with reader:
        assert reader.is_open
    for client, password in (("configurator", "8765432187654321"), ("reader", "wrong")):
        link = DirectChannelLink(sim.path, meter_password=password, protocol="spodes", dlms_client=client)
        with pytest.raises(DeviceError, match="meter refused the access password"):
            await link.open()
    with pytest.raises(ValidationError, match="16 characters"):
        DirectChannelLink(sim.path, meter_password="777777", protocol="spodes")
    await sim.close()


def test_url_and_module_port_parsing() -> None:
    link = open_link("direct:///dev/ttyUSB0?baud=9600&password=777777&protocol=iec")
    assert isinstance(link, DirectChannelLink)
    assert link.line.port == "/dev/ttyUSB0" and link.meter_password == "777777" and link.protocol == "iec"
    link = open_link("direct://socket://127.0.0.1:7000?protocol=spodes&password=1234567812345678&module_port=3")
    assert isinstance(link, DirectChannelLink)
    assert link.line.port == "socket://127.0.0.1:7000" and link.module_port == 3
    assert forwarding.parse_module_port("COM2") == 2 and forwarding.parse_module_port(None) == 1
    with pytest.raises(ValidationError):
        forwarding.parse_module_port("abc")
    with pytest.raises(ValidationError):
        DirectChannelLink("/dev/null", meter_password="1", protocol="modbus")
