"""SMS delivery reports in a batch, through the virtual modem and SMS network over a real pty:
delivered or not, with or without a reply; +CDS (ds=1), +CDSI (ds=2), and modems with neither."""

from __future__ import annotations

import asyncio
import re

import pytest

from app.core.sms_delivery import deliver_configuration
from app.core.sms_results import DeliveryState, PhoneStatus, reports_note
from protocols.sms.sms_pdu import SmsStatusReport
from tests.modem_fixtures import PASSWORD, modem_bench, open_modem, phone_of
from tests.simulator_process import run_main, simulator_process

pytestmark = pytest.mark.virtual_time

TEXTS = [f"{PASSWORD} APN reports.apn", f"{PASSWORD} MODE 0"]
NOBODY = "+79995550000"  # no subscriber has this number
CLOCK = r"\d\d:\d\d:\d\d"


async def test_modem_passes_reports_on_with_the_reference_cmgs_gave() -> None:
    async with modem_bench(1) as bench:
        async with open_modem(bench) as modem:
            assert await modem.enable_status_reports() == 1
            references = await modem.send_sms(phone_of(0), "12345678 MODE 0", status_report=True)
            report = await asyncio.wait_for(modem.status_reports.get(), 2)
            assert isinstance(report, SmsStatusReport)
            assert [report.message_reference] == references and report.recipient == phone_of(0)
            assert report.status == 0x00 and report.discharged is not None
            await modem.send_sms(NOBODY, "12345678 MODE 0", status_report=True)
            failed = await asyncio.wait_for(modem.status_reports.get(), 2)
            assert failed.status == 0x43 and failed.recipient == NOBODY
            await modem.send_sms(phone_of(0), "12345678 MODE 0")  # no TP-SRR: no report
            await asyncio.sleep(0.3)
            assert modem.status_reports.empty()


async def test_delivered_and_replied_is_ok_with_every_sms_delivered() -> None:
    async with modem_bench(3) as bench:
        async with open_modem(bench) as modem:
            result = await deliver_configuration(modem, list(bench.modules), TEXTS, wait_limit=5, poll_interval=0.5)
        assert result.ok and result.report_mode == 1
        for phone in result.phones:
            assert phone.describe().en == "OK" and phone.delivery is DeliveryState.DELIVERED
            assert all(c.report_requested and len(c.reports) == len(c.references) == 1 for c in phone.commands)


async def test_delivered_without_a_reply_says_when_it_was_delivered() -> None:
    async with modem_bench(2) as bench:
        silent = phone_of(1)
        bench.network.set_reply_delay(silent, None)
        async with open_modem(bench) as modem:
            result = await deliver_configuration(modem, list(bench.modules), TEXTS, wait_limit=1, poll_interval=0.3)
        quiet = {p.phone: p for p in result.phones}[silent]
        assert quiet.status is PhoneStatus.NO_REPLY and quiet.delivery is DeliveryState.DELIVERED
        assert re.fullmatch(rf"no reply to APN, MODE \(SMS delivered {CLOCK}\)", quiet.describe().en)
        assert re.fullmatch(rf"нет ответа на APN, MODE \(SMS доставлено {CLOCK}\)", quiet.describe().ru)
        assert not quiet.undelivered and reports_note(result) is None


async def test_unknown_number_is_not_delivered_and_the_batch_ends_early() -> None:
    async with modem_bench(2) as bench:
        async with open_modem(bench) as modem:
            # no limit at all: the batch ends because nobody is left to wait for, not on a timer
            result = await deliver_configuration(modem, [*bench.modules, NOBODY], TEXTS, wait_limit=None,
                                                 poll_interval=0.5)
        by_phone = {p.phone: p for p in result.phones}
        assert all(by_phone[p].status is PhoneStatus.APPLIED for p in bench.modules)
        lost = by_phone[NOBODY]
        assert lost.status is PhoneStatus.NO_REPLY and lost.delivery is DeliveryState.NOT_DELIVERED
        assert lost.undelivered and lost.settled
        assert lost.describe().en == "SMS not delivered: number not obtainable"
        assert lost.describe().ru == "SMS не доставлено: номер не обслуживается"


async def test_unreachable_module_is_pending_then_given_up() -> None:
    async with modem_bench(1, give_up_after=1.0) as bench:
        phone = phone_of(0)
        bench.network.set_reachable(phone, False)
        async with open_modem(bench) as modem:
            early = await deliver_configuration(modem, [phone], TEXTS[:1], wait_limit=0.4, poll_interval=0.2)
            (trying,) = early.phones
            assert trying.delivery is DeliveryState.PENDING and not trying.settled
            assert trying.describe().en == "no reply to APN (SMS not delivered yet: recipient unreachable)"
            # no limit: the network's final report ends the wait
            result = await deliver_configuration(modem, [phone], TEXTS[1:], wait_limit=None, poll_interval=0.2)
        (given_up,) = result.phones
        assert given_up.delivery is DeliveryState.NOT_DELIVERED
        assert given_up.describe().en == "SMS not delivered: recipient unreachable, validity period expired"
        assert given_up.describe().ru == "SMS не доставлено: абонент недоступен, срок хранения истёк"
        assert bench.modules[phone].sms_received == []


async def test_stored_reports_are_read_and_deleted_when_the_modem_only_stores_them() -> None:
    async with modem_bench(3, sim_size=6, report_modes=(0, 2)) as bench:
        silent = phone_of(2)
        bench.network.set_reply_delay(silent, None)
        async with open_modem(bench) as modem:
            sent: list[bytes] = []
            modem.link.listeners.append(lambda direction, data: sent.append(data) if direction == "tx" else None)
            result = await deliver_configuration(modem, [*bench.modules, NOBODY], TEXTS[:1], wait_limit=1.5,
                                                 poll_interval=10)  # no polling: the +CDSI lead to the reports
        assert result.report_mode == 2 and b"AT+CNMI=2,1,0,2,0\r" in sent
        assert sum(data.startswith(b"AT+CMGR=") for data in sent) >= 4
        by_phone = {p.phone: p for p in result.phones}
        assert by_phone[phone_of(0)].status is PhoneStatus.APPLIED
        assert by_phone[phone_of(0)].delivery is DeliveryState.DELIVERED
        assert re.fullmatch(rf"no reply to APN \(SMS delivered {CLOCK}\)", by_phone[silent].describe().en)
        assert by_phone[NOBODY].describe().en == "SMS not delivered: number not obtainable"
        # 4 reports and 2 replies filled the 6-slot SIM at most: each was deleted once read.
        assert bench.modem.sim is not None and all(slot is None for slot in bench.modem.sim.slots)


async def test_modem_refusing_report_settings_still_delivers_the_batch() -> None:
    async with modem_bench(2, report_modes=(0,)) as bench:
        silent = phone_of(1)
        bench.network.set_reply_delay(silent, None)
        async with open_modem(bench) as modem:
            result = await deliver_configuration(modem, list(bench.modules), TEXTS, wait_limit=1, poll_interval=0.3)
        assert result.report_mode == 0
        by_phone = {p.phone: p for p in result.phones}
        assert by_phone[phone_of(0)].status is PhoneStatus.APPLIED
        assert by_phone[silent].describe().en == "no reply to APN, MODE"  # unknown: said once, in the note
        assert by_phone[silent].delivery is DeliveryState.NO_REPORT
        note = reports_note(result)
        assert note is not None and "delivery reports" in note.en
        assert not any(e.kind.startswith("report") for e in bench.network.events)  # TP-SRR was not set


async def test_every_part_of_a_long_sms_is_matched_by_its_own_reference() -> None:
    long_text = f"{PASSWORD} APN " + "long.apn." * 24  # 230 characters: two parts
    async with modem_bench(1, reply_delay=None, submit_time=0.05) as bench:
        async with open_modem(bench) as modem:
            result = await deliver_configuration(modem, [phone_of(0), NOBODY], [long_text], wait_limit=1,
                                                 poll_interval=0.3)
        delivered, lost = result.phones
        (command,) = delivered.commands
        assert len(command.references) == 2 and len(set(command.references)) == 2
        assert sorted(command.reports) == [0, 1] and command.delivery is DeliveryState.DELIVERED
        assert "(SMS delivered" in delivered.describe().en
        assert lost.commands[0].delivery is DeliveryState.NOT_DELIVERED and lost.undelivered


@pytest.mark.slow
def test_cli_prints_not_delivered_and_the_delivery_time() -> None:
    env = {"QT_QPA_PLATFORM": "offscreen"}
    with simulator_process("modem", "--meters", "2", "--reply-delay", "0.1", "--submit-time", "0.02",
                           "--silent", "+79000000001", env=env) as endpoints:
        port = endpoints.get("serial") or f"socket://{endpoints['tcp']}"
        run = run_main("--lang", "en", "sms-send", "--module", "gsm-2g4g", "--port", port, "--phone", "+79000000000",
                       "--phone", "+79000000001", "--phone", NOBODY, "--set", "mode=sms", "--wait", "3",
                       timeout=60, env=env)
    assert run.returncode == 1, run.stderr
    lines = dict(line.split("\t", 1) for line in run.stdout.splitlines() if line.startswith("+7"))
    assert lines["+79000000000"] == "OK\tOK"
    assert re.fullmatch(rf"NO REPLY\tno reply to MODE \(SMS delivered {CLOCK}\)", lines["+79000000001"])
    assert lines[NOBODY] == "NOT DELIVERED\tSMS not delivered: number not obtainable"
