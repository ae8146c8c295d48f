"""AtModem against the virtual modem over a real pty and loopback TCP: commands, storage, faults, detection."""

from __future__ import annotations

import asyncio

import pytest

from app.core.links.at_modem import AtModem
from app.core.links.serial_port import SerialLink
from app.core.modem_detect import detect_modems
from app.core.modem_storage import clear_storage, list_storage
from protocols.errors import LinkTimeout
from protocols.modem.at_commands import AtError, MessageStatus
from protocols.sms.sms_pdu import SmsDeliver, SmsSubmit, encode_submit
from simulators.transport import Endpoint, Faults, TcpSimulatorServer
from tests.modem_fixtures import modem_bench, open_modem, phone_of

pytestmark = pytest.mark.virtual_time


@pytest.mark.parametrize("use_pty", [True, False], ids=["pty", "tcp"])
async def test_identify_signal_and_sim(use_pty: bool) -> None:
    async with modem_bench(1, use_pty=use_pty, baud=115200) as bench:
        async with open_modem(bench) as modem:
            identity = await modem.identify()
            assert (identity.manufacturer, identity.model, identity.imei) == ("SIMULATED", "VGSM-900", bench.modem.imei)
            quality = await modem.signal()
            assert quality.rssi == 21 and quality.dbm == -71
            assert await modem.sim_status() == "READY"


async def test_commands_work_with_echo_on() -> None:
    async with modem_bench(0) as bench:
        modem = AtModem(bench.link(), timeout=2)
        async with modem:
            assert bench.modem.echo
            assert await modem.command("AT+CSQ") == ["+CSQ: 21,0"]


async def test_storage_write_read_list_delete_and_errors() -> None:
    async with modem_bench(0, sim_size=3) as bench:
        async with open_modem(bench) as modem:
            usage = await modem.select_storage("SM", "SM")
            assert (usage[0].storage, usage[0].used, usage[0].total) == ("SM", 0, 3)
            indices = [await modem.write_message(encode_submit("+79001234567", f"text {i}")[0]) for i in range(3)]
            assert indices == [1, 2, 3]
            with pytest.raises(AtError) as full:
                await modem.write_message(encode_submit("+79001234567", "one too many")[0])
            assert full.value.memory_full and "Память SIM заполнена" in full.value.message("ru")
            stored = await modem.read_message(2)
            assert stored is not None and isinstance(stored.sms, SmsSubmit) and stored.text == "text 1"
            assert stored.status is MessageStatus.STO_UNSENT
            await modem.delete_message(2)
            assert await modem.read_message(2) is None
            assert [m.index for m in await modem.list_messages()] == [1, 3]
            with pytest.raises(AtError) as invalid:
                await modem.read_message(9)
            assert invalid.value.code == 321 and "Invalid memory index" in str(invalid.value)
            with pytest.raises(AtError):
                await modem.command("AT+NONSENSE")


async def test_incoming_sms_indication_and_queue_when_full() -> None:
    async with modem_bench(0, sim_size=2) as bench:
        async with open_modem(bench) as modem:
            bench.modem.receive_sms("+79001112233", "first")
            assert await modem.next_indication(2) == ("SM", 1)
            for text in ("second", "third"):
                bench.modem.receive_sms("+79001112233", text)
            assert await modem.next_indication(2) == ("SM", 2)
            assert bench.modem.waiting == [("+79001112233", "third")]  # SIM full: the network keeps it
            messages = await modem.list_messages(MessageStatus.REC_UNREAD)
            assert [m.text for m in messages] == ["first", "second"]
            assert all(isinstance(m.sms, SmsDeliver) and m.sms.sender == "+79001112233" for m in messages)
            await modem.delete_message(1)  # memory available: the kept message arrives
            assert await modem.next_indication(2) == ("SM", 1)
            assert (await modem.read_message(1)).text == "third"  # type: ignore[union-attr]


async def test_long_sms_goes_in_parts_and_arrives_whole() -> None:
    async with modem_bench(1) as bench:
        module_phone = phone_of(0)
        async with open_modem(bench) as modem:
            text = "12345678 APN " + "a" * 200
            references = await modem.send_sms(module_phone, text)
            assert len(references) == 2
        assert bench.network.subscriber(module_phone).received == [text]


async def test_slow_modem_gives_clear_timeout() -> None:
    faults = Faults()
    async with modem_bench(0, faults=faults) as bench:
        async with open_modem(bench, timeout=0.2) as modem:
            faults.slow = 0.4
            with pytest.raises(LinkTimeout, match=r"did not answer AT\+CSQ within 0.2 s"):
                await modem.signal()
            faults.slow = 0.0
            await asyncio.sleep(0.4)  # the late answer arrives; it must not answer the next command
            assert (await modem.storage_usage())[0].total == 30


async def test_garbage_before_answers_is_tolerated() -> None:
    async with modem_bench(0, faults=Faults(garbage=1.0, seed=5)) as bench:
        async with open_modem(bench) as modem:
            for _ in range(10):
                assert (await modem.signal()).rssi == 21


async def test_storage_listing_and_clearing_mt() -> None:
    async with modem_bench(0, sim_size=2) as bench:
        async with open_modem(bench) as modem:
            for i in range(3):
                bench.modem.receive_sms("+79001112233", f"m{i}")
            await modem.select_storage("SM", "SM", "MT")
            listing = await list_storage(modem, "SM")
            assert (listing.usage.used, listing.usage.total) == (2, 2)
            listing = await list_storage(modem, "MT")
            assert listing.usage.total == 102
            assert await clear_storage(modem, "SM") == 2
            assert (await list_storage(modem, "SM")).messages == []
            with pytest.raises(ValueError):
                await list_storage(modem, "XX")


async def _deaf(endpoint: Endpoint) -> None:
    while await endpoint.read():
        pass


async def test_detect_finds_modems_and_skips_other_ports() -> None:
    async with modem_bench(0) as bench:
        other = await TcpSimulatorServer(_deaf).start()
        tcp_bench = modem_bench(0, use_pty=False)
        async with tcp_bench as second:
            ports = [bench.url, f"socket://{other.url}", second.url, "/dev/definitely-not-a-port"]
            # A generous per-port limit: on a loaded machine a pty round trip can exceed 0.15 s.
            result = await detect_modems(ports, bauds=(115200, 9600), timeout=1.0)
        await other.close()
    assert [m.port for m in result.modems] == [bench.url, second.url]
    assert result.modems[0].identity.model == "VGSM-900" and result.modems[0].baud == 115200
    assert [port for port, _ in result.problems] == ["/dev/definitely-not-a-port"]


async def test_serial_link_on_pty_is_used_by_the_modem() -> None:
    async with modem_bench(0) as bench:
        link = bench.link()
        assert isinstance(link, SerialLink)
        async with AtModem(link) as modem:
            await modem.initialize()
            assert bench.modem.cmee == 1 and not bench.modem.echo and bench.modem.cnmi_mt == 1


async def test_a_late_answer_is_dropped_not_given_to_the_next_command() -> None:
    async with modem_bench(0) as bench:
        async with open_modem(bench, timeout=1.0) as modem:
            original = bench.modem._dispatch

            async def slow_cgmi(text: str) -> bytes:
                if text.upper() == "AT+CGMI":
                    await asyncio.sleep(1.4)  # after the 1-s timeout, inside the next command's wait for it
                return await original(text)

            bench.modem._dispatch = slow_cgmi  # type: ignore[method-assign]
            with pytest.raises(LinkTimeout):
                await modem.command("AT+CGMI")
            assert modem.unanswered_in_row == 1
            assert await modem.command("AT+CGMM") == ["VGSM-900"]  # not the late "SIMULATED"
            assert modem.unanswered_in_row == 0


async def test_registration_answers_kept_and_unsolicited_lines_dropped() -> None:
    from simulators.modem_readiness import ModemConditions

    async with modem_bench(0, conditions=ModemConditions(urc_noise=True, sticky_echo=True)) as bench:
        async with open_modem(bench) as modem:
            assert await modem.command("AT+CREG?") == ["+CREG: 0,1"]  # '+CREG: 1,"00AB","1F2E"' dropped
            assert await modem.command("AT+CPMS?") == ['+CPMS: "SM",0,30,"SM",0,30,"SM",0,30']  # RING dropped
            assert bench.modem.echo  # and every command was echoed


async def test_the_traffic_log_shows_what_it_is_given_for_a_pin() -> None:
    from simulators.modem_readiness import ModemConditions

    async with modem_bench(0, conditions=ModemConditions(pin="2468")) as bench:
        async with AtModem(bench.link(), timeout=2) as modem:
            await modem.start()  # AT, ATE0, AT+CMEE=1: no SIM needed (set_up_sms is refused before the PIN)
            with pytest.raises(AtError, match="311"):
                await modem.set_up_sms()
            sent: list[bytes] = []
            modem.link.listeners.append(lambda direction, data: sent.append(data) if direction == "tx" else None)
            await modem.command('AT+CPIN="2468"', logged='AT+CPIN="****"')
    assert sent == [b'AT+CPIN="****"\r'] and bench.modem.readiness.pins_entered == ["2468"]
