"""Master SIM through the virtual modem over a pty: write, read back, verify, boot a meter, delete."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.core.master_sim import clear_master_sim, read_master_sim, verify_master_sim, write_master_sim
from app.core.sms_delivery import deliver_configuration
from app.core.sms_results import PhoneStatus
from protocols.errors import DeviceError, LinkError
from protocols.modem.at_commands import MessageStatus
from protocols.params.module_types import ModuleType
from protocols.sms.sms_commands import build_sms_texts
from protocols.sms.sms_pdu import SmsSubmit, decode_pdu, encode_deliver, encode_submit
from simulators.modem import CommandFailed, SimCard, Slot
from simulators.module import VirtualModule
from simulators.transport import Faults
from tests.modem_fixtures import PASSWORD, modem_bench, open_modem

pytestmark = pytest.mark.virtual_time

VALUES = {"apn": "master.apn", "server": "192.168.7.7", "port": 9000, "mode": "client"}


def _texts() -> list[str]:
    return build_sms_texts(ModuleType.GSM_2G4G, VALUES, PASSWORD)


async def test_write_read_verify_boot_and_later_sms_deletes_the_settings() -> None:
    texts = _texts()
    async with modem_bench(1) as bench:
        async with open_modem(bench) as modem:
            await write_master_sim(modem, ["12345678 APN old"])  # an earlier card content is replaced
            indices = await write_master_sim(modem, texts)
            assert len(indices) == len(texts)
            content = await read_master_sim(modem)
            assert content.texts == texts and content.total_slots == 30 and content.used_slots == len(texts)
            assert (await verify_master_sim(modem, texts)).ok
            check = await verify_master_sim(modem, [*texts[:-1], "12345678 MODE 2"])
            assert not check.ok and "MODE 2" in check.differences()[0].en
        # Move the SIM into a meter: the module applies the stored configuration at power-up.
        sim = bench.modem.sim
        assert sim is not None and sim.messages() == texts == bench.modem.sim_messages()
        meter = VirtualModule(ModuleType.GSM_2G4G, phone="+79005550000", restart_time=0)
        meter.boot(sim.messages())
        assert meter.sim_settings_active
        assert meter.values["apn"] == "master.apn" and meter.active["mode"] == "client"
        assert meter.values["port"] == 9000
        # Configuring that meter by SMS later deletes the settings stored on its SIM.
        bench.network.add_module("+79005550000", meter, sim=sim)
        async with open_modem(bench) as modem:
            result = await deliver_configuration(
                modem, ["+79005550000"], [f"{PASSWORD} APN other.apn"], wait_limit=3
            )
        assert result.phones[0].status is PhoneStatus.APPLIED
        assert not meter.sim_settings_active and sim.messages() == []


async def test_received_messages_stay_and_clear_removes_only_settings() -> None:
    async with modem_bench(1) as bench:
        sim = bench.modem.sim
        assert sim is not None
        bench.modem.receive_sms("+79001112233", "a reply that is not a setting")
        async with open_modem(bench) as modem:
            await write_master_sim(modem, _texts())
            assert await clear_master_sim(modem) == len(_texts())
            assert (await read_master_sim(modem)).texts == []
        assert sum(1 for slot in sim.slots if slot is not None) == 1


async def test_full_sim_names_slots_needed_and_free() -> None:
    async with modem_bench(1, sim_size=6) as bench:
        sim = bench.modem.sim
        assert sim is not None
        for _ in range(4):
            bench.modem.receive_sms("+79001112233", "old")
        async with open_modem(bench) as modem:
            with pytest.raises(DeviceError) as caught:
                await write_master_sim(modem, _texts())
        error = caught.value
        assert error.code == 322
        assert "need 4 free SMS slots, 2 of 6 are free" in error.message("en")
        assert "нужно 4 свободных ячеек SMS, свободно 2 из 6" in error.message("ru")
        assert sim.messages() == []


async def test_storage_full_fault_on_write() -> None:
    async with modem_bench(1, sim_size=5, faults=Faults(storage_full=True)) as bench:
        async with open_modem(bench) as modem:
            with pytest.raises(DeviceError, match="0 of 5 are free"):
                await write_master_sim(modem, _texts())


async def test_modem_refusing_midway_rolls_back() -> None:
    """A SIM that reports free slots but refuses on write (+CMS ERROR 322): nothing half-written."""
    async with modem_bench(1, sim_size=10) as bench:
        async with open_modem(bench) as modem:
            # Two slots get taken by incoming SMS between the free-slot check and the writes.
            original = modem.write_message
            calls = 0

            async def write_then_fill(pdu, status):  # type: ignore[no-untyped-def]
                nonlocal calls
                calls += 1
                if calls == 2:
                    assert bench.modem.sim is not None
                    for _ in range(9):
                        bench.modem.receive_sms("+79001112233", "x")
                return await original(pdu, status)

            modem.write_message = write_then_fill  # type: ignore[method-assign]
            with pytest.raises(DeviceError) as caught:
                await write_master_sim(modem, _texts())
            assert caught.value.code == 322
            assert (await read_master_sim(modem)).texts == []


async def test_port_closed_during_write_says_what_stayed() -> None:
    faults = Faults()
    async with modem_bench(1, faults=faults, use_pty=False) as bench:
        async with open_modem(bench, timeout=1) as modem:
            faults.close_after = 120
            with pytest.raises(LinkError) as caught:
                await write_master_sim(modem, _texts())
        message = caught.value.message("en")
        assert "Connection lost" in message or "did not answer" in message
        assert "Incomplete settings may remain on the SIM" in message and "read the SIM back" in message
        assert isinstance(bench.modem.sim, SimCard)
        assert len(bench.modem.sim.messages()) < len(_texts())


def test_sim_messages_join_long_parts() -> None:
    sim = SimCard("+79990000000", 5)
    for pdu in encode_submit("", "x" * 200, concat_reference=9):
        sim.slots[sim.slots.index(None)] = Slot(MessageStatus.STO_UNSENT, pdu.data)
    (received,) = encode_deliver("+7900", "hi", datetime(2024, 1, 1))
    sim.slots[sim.slots.index(None)] = Slot(MessageStatus.REC_READ, received.data)
    assert sim.messages() == ["x" * 200]
    assert sim.delete_stored() == 2 and sim.messages() == []


async def test_settings_are_stored_unsent_submit_pdus_without_recipient() -> None:
    """The card format of docs/protocols/master-sim.md, byte for byte."""
    async with modem_bench(0) as bench:
        async with open_modem(bench) as modem:
            await write_master_sim(modem, [f"{PASSWORD} APN a.b", f"{PASSWORD} MODE 0"])
        sim = bench.modem.sim
        assert sim is not None
        slots = [slot for slot in sim.slots if slot is not None]
        assert [slot.status for slot in slots] == [MessageStatus.STO_UNSENT] * 2
        assert slots[1].pdu.hex().upper() == "00010000810000" + "0F31D98C56B3DD70A0E6935804C100"
        first = decode_pdu(slots[0].pdu, direction="mo")
        assert isinstance(first, SmsSubmit) and first.destination == "" and first.text == f"{PASSWORD} APN a.b"


async def test_modem_refusing_a_pdu_without_recipient_gets_a_hint_and_a_number_works() -> None:
    async with modem_bench(0) as bench:
        original = bench.modem._with_pdu

        async def picky(command: str, body: bytes) -> bytes:  # some modems check TP-DA on AT+CMGW
            sms = decode_pdu(bytes.fromhex(body.decode()), direction="mo")
            if isinstance(sms, SmsSubmit) and not sms.destination:
                raise CommandFailed(304)
            return await original(command, body)

        bench.modem._with_pdu = picky  # type: ignore[method-assign]
        async with open_modem(bench) as modem:
            with pytest.raises(DeviceError) as caught:
                await write_master_sim(modem, _texts())
            assert caught.value.code == 304 and "give any recipient number" in caught.value.message("en")
            assert "Nothing was written to the SIM" in caught.value.message("en")
            await write_master_sim(modem, _texts(), destination="+79001112233")
            assert (await verify_master_sim(modem, _texts())).ok
        assert bench.modem.sim_messages() == _texts()


def _silent_after(bench, command: str) -> None:  # type: ignore[no-untyped-def]
    """The modem answers the first ``command`` and nothing after it."""
    dispatch, finish, last = bench.modem._dispatch, bench.modem._finish, []

    async def remember(text: str) -> bytes:
        last[:] = [text.upper()]
        return await dispatch(text)

    async def then_fall_silent(endpoint, response: bytes) -> None:  # type: ignore[no-untyped-def]
        await finish(endpoint, response)
        if last and last[0].startswith(command):
            bench.faults.drop = 1.0

    bench.modem._dispatch = remember
    bench.modem._finish = then_fall_silent


async def test_every_failure_of_a_write_says_what_changed_on_the_sim() -> None:
    async with modem_bench(0) as bench:
        async with open_modem(bench, timeout=0.3) as modem:
            await write_master_sim(modem, _texts())
            before = bench.modem.sim_messages()
            bench.faults.drop = 1.0  # silent before anything changed
            with pytest.raises(LinkError) as caught:
                await write_master_sim(modem, _texts()[:1])
            assert caught.value.message("en").endswith("Nothing on the SIM card was changed")
            assert bench.modem.sim_messages() == before
            bench.faults.drop = 0.0
            _silent_after(bench, "AT+CMGD")  # silent once the first earlier SMS is deleted
            with pytest.raises(LinkError) as caught:
                await write_master_sim(modem, _texts()[:1])
    message = caught.value.message("en")
    assert "Not all earlier settings SMS were deleted: slots 1 deleted, the deletion of slot 2 not confirmed, 3, 4 " \
           "kept. The new settings were not written" in message
    assert bench.modem.sim_messages() == before[2:]  # slot 2 did go: its deletion was rightly "not confirmed"
