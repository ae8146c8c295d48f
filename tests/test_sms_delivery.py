"""SMS batches through the virtual modem over a real pty: per-phone results, faults, storage."""

from __future__ import annotations

import asyncio

import pytest

from app.core.sms_delivery import command_name, deliver_configuration, mask_password, reply_key
from app.core.sms_results import PhoneStatus
from protocols.params.module_types import ModuleType
from protocols.sms.sms_commands import build_sms_texts
from simulators.transport import Faults
from tests.modem_fixtures import PASSWORD, ModemBench, modem_bench, open_modem, phone_of

pytestmark = pytest.mark.virtual_time

VALUES = {"apn": "internet.test", "server": "10.0.0.1", "port": 8001, "mode": "client"}


def _texts() -> list[str]:
    return build_sms_texts(ModuleType.GSM_2G4G, VALUES, PASSWORD)


def test_helpers() -> None:
    assert command_name("12345678 apn internet") == "APN"
    assert mask_password("12345678 MODE 0") == "******** MODE 0"
    assert reply_key("PORT") == "DNS" and reply_key("USER") == "APN" and reply_key("TIMEOUT") == "TIMEOUT"


async def test_batch_of_twenty_phones_ok_error_and_silent() -> None:
    async with modem_bench(20, reply_delay=0.05, sim_size=10) as bench:
        wrong_password, silent = phone_of(7), phone_of(13)
        bench.modules[wrong_password].handle_sms(f"{PASSWORD} PASS 11112222", None)
        bench.modules[wrong_password].restart()  # the new password is in force from the restart
        bench.network.set_reply_delay(silent, None)
        phones = list(bench.modules)
        texts = _texts()
        async with open_modem(bench) as modem:
            result = await deliver_configuration(modem, phones, texts, wait_limit=0.6, poll_interval=0.3)
        by_phone = {p.phone: p for p in result.phones}
        assert by_phone[wrong_password].status is PhoneStatus.ERROR
        assert by_phone[wrong_password].error_code == 0x02
        assert "Неверный пароль" in by_phone[wrong_password].describe().ru
        assert by_phone[silent].status is PhoneStatus.NO_REPLY
        assert by_phone[silent].unanswered == ["APN", "DNS", "PORT", "MODE"]
        applied = result.by_status(PhoneStatus.APPLIED)
        assert sorted(applied) == sorted(set(phones) - {wrong_password, silent})
        for phone in applied:  # the modules really were configured
            assert bench.modules[phone].values["apn"] == "internet.test"
            assert bench.modules[phone].values["mode"] == "client"
            assert by_phone[phone].describe().en == "OK"
        assert bench.modules[silent].values["apn"] == "internet.test"  # it applied, it just did not answer
        assert result.link_error is None and not result.unmatched and not result.cancelled
        # 76 replies went through a 10-slot SIM: they were deleted as they were read.
        assert all(slot is None for slot in bench.modem.sim.slots)


async def test_sending_does_not_wait_for_replies() -> None:
    """Every phone gets its SMS while the first phone's reply is still awaited: the batch sends to all,
    then collects. A sender that waited for each reply would never get past the silent first phone."""
    async with modem_bench(5, reply_delay=0.05, submit_time=0.05) as bench:
        phones = list(bench.modules)
        bench.network.set_reply_delay(phones[0], None)  # never answers
        stop = asyncio.Event()

        async def stop_once_every_phone_has_its_sms() -> None:
            while not all(module.sms_received for module in bench.modules.values()):
                await asyncio.sleep(0.01)
            stop.set()

        async with open_modem(bench) as modem:
            watcher = asyncio.create_task(stop_once_every_phone_has_its_sms())
            result = await deliver_configuration(modem, phones, _texts()[-1:], wait_limit=None, stop=stop)
            await watcher
        assert result.cancelled  # only the stop ended the unlimited wait for the silent phone
        assert {p.phone: p for p in result.phones}[phones[0]].status is PhoneStatus.NO_REPLY


async def test_stop_event_ends_an_unlimited_wait() -> None:
    async with modem_bench(2, reply_delay=None) as bench:
        stop = asyncio.Event()
        async with open_modem(bench) as modem:
            asyncio.get_running_loop().call_later(0.5, stop.set)
            result = await deliver_configuration(modem, list(bench.modules), _texts()[:1], wait_limit=None, stop=stop)
        assert result.cancelled
        assert all(p.status is PhoneStatus.NO_REPLY and p.unanswered == ["APN"] for p in result.phones)


async def test_full_storage_is_reported_and_replies_arrive_after_clearing() -> None:
    async with modem_bench(2, sim_size=5, faults=Faults(storage_full=True)) as bench:
        async with open_modem(bench) as modem:
            result = await deliver_configuration(modem, list(bench.modules), _texts()[:1], wait_limit=0.5)
            assert all(p.status is PhoneStatus.NO_REPLY for p in result.phones)
            assert any("full" in w.en and "SM" in w.en for w in result.warnings)
            assert len(bench.modem.waiting) == 2  # the network keeps them while the SIM is full
            for stored in await modem.list_messages():
                await modem.delete_message(stored.index)
            result = await deliver_configuration(modem, list(bench.modules), _texts()[-1:], wait_limit=2)
        assert result.ok


async def test_dropped_answers_and_garbage_still_give_exact_results() -> None:
    faults = Faults(garbage=0.3, seed=3)
    async with modem_bench(4, faults=faults) as bench:
        async with open_modem(bench, timeout=0.25, send_timeout=0.25) as modem:
            faults.drop = 0.15
            result = await deliver_configuration(modem, list(bench.modules), _texts(), wait_limit=1, poll_interval=0.2)
            faults.drop = 0.0
        for phone in result.phones:
            module = bench.modules[phone.phone]
            received = {command_name(text) for text, _ in module.sms_received}
            for outcome in phone.commands:
                if outcome.sent:  # the modem confirmed it (or the module answered): the module got it
                    assert outcome.command in received
                elif outcome.send_error is not None and "did not take" in outcome.send_error.en:
                    assert outcome.command not in received  # no prompt, ESC: certainly not sent
            if phone.status is PhoneStatus.APPLIED:
                assert not phone.not_sent and not phone.unanswered
            elif phone.status is PhoneStatus.NOT_SENT:  # which answer was lost decides the reason given
                described = phone.describe().en
                assert phone.not_sent and ("did not confirm" in described or "did not take" in described), described


async def test_port_closed_mid_batch_says_what_was_sent() -> None:
    faults = Faults()
    async with modem_bench(3, faults=faults, use_pty=False) as bench:
        async with open_modem(bench, timeout=1.0, send_timeout=1.0) as modem:
            faults.close_after = 250  # reply bytes of this connection: cut after a few SMS
            result = await deliver_configuration(modem, list(bench.modules), _texts(), wait_limit=1)
        assert result.link_error is not None
        sent = [(p.phone, c.command) for p in result.phones for c in p.commands if c.sent]
        not_sent = [(p.phone, c.command) for p in result.phones for c in p.commands if not c.sent]
        assert sent and not_sent
        submitted = {(dest, command_name(text)) for dest, text in bench.modem.submitted}
        assert set(sent) <= submitted
        for phone in result.phones:
            for outcome in phone.commands:
                if outcome.sent:
                    continue
                assert outcome.send_error is not None  # every command says why it was not sent
                if not outcome.unconfirmed:  # "not sent" is certain: the module never got it
                    assert (phone.phone, outcome.command) not in submitted
        never_tried = [c for p in result.phones for c in p.commands if c.send_error is not None
                       and c.send_error.en == "the connection to the modem was lost"]
        assert never_tried and all("not sent" in p.describe().en for p in result.phones if p.not_sent)
        assert "not sent: not sent" not in " ".join(p.describe().en for p in result.phones)
        assert all(p.status in (PhoneStatus.NOT_SENT, PhoneStatus.ERROR, PhoneStatus.NO_REPLY) for p in result.phones)


def faults_sent(bench: ModemBench) -> int:
    """Bytes the virtual modem has written on its one AT session (what close_after counts)."""
    (endpoint,) = bench.modem._sessions
    return endpoint._sent


async def test_link_lost_after_the_pdu_went_out_is_unconfirmed_not_unsent() -> None:
    """The modem took the PDU, then the port died before +CMGS came back: it may have been sent."""
    faults = Faults()
    async with modem_bench(1, faults=faults, use_pty=False) as bench:
        async with open_modem(bench, timeout=1.0, send_timeout=1.0) as modem:
            submit = bench.modem._submit

            async def submit_then_cut(pdu: bytes) -> int:  # the network takes it; the +CMGS answer is lost
                faults.close_after = faults_sent(bench)
                return await submit(pdu)

            bench.modem._submit = submit_then_cut  # type: ignore[method-assign]
            result = await deliver_configuration(modem, list(bench.modules), _texts()[:2], wait_limit=0.5)
        first, second = result.phones[0].commands
        assert first.unconfirmed and not first.sent and "may have been sent" in first.send_error.en  # type: ignore[union-attr]
        assert bench.modem.submitted and command_name(bench.modem.submitted[0][1]) == first.command  # it was
        assert second.send_error is not None and not second.unconfirmed
        assert "unconfirmed APN" in result.phones[0].describe().en and result.link_error is not None


async def test_replies_are_read_from_the_storage_they_arrive_in() -> None:
    """A listing of ME (storage tab) leaves ME selected for reading; replies still go to SM."""
    async with modem_bench(2) as bench:
        async with open_modem(bench) as modem:
            await modem.select_storage("ME")
            result = await deliver_configuration(modem, list(bench.modules), _texts()[-1:], wait_limit=2,
                                                 poll_interval=0.2)
        assert result.ok, [p.describe().en for p in result.phones]


async def test_identical_replies_in_the_same_slot_are_both_filed() -> None:
    """Two equal commands, equal replies within one second, a one-slot SIM: the second reply has the
    same index and the same PDU bytes as the first one, which was filed and deleted."""
    async with modem_bench(1, sim_size=1) as bench:
        async with open_modem(bench) as modem:
            texts = [f"{PASSWORD} APN same.apn"] * 2
            result = await deliver_configuration(modem, list(bench.modules), texts, wait_limit=2, poll_interval=0.2)
        assert result.ok, result.phones[0].describe().en
