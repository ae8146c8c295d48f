"""Every way an SMS batch can fail still returns each phone's account (what was sent to whom, which
replies arrived), through the virtual modem on a real pty."""

from __future__ import annotations

import asyncio

import pytest

from app.core.links.at_modem import AtModem
from app.core.links.serial_port import SerialLink
from app.core.modem_preflight import PreflightOptions
from app.core.sms_delivery import command_name, deliver_configuration
from app.core.sms_results import PhoneStatus
from simulators.transport import Endpoint, Faults
from tests.modem_fixtures import PASSWORD, ModemBench, modem_bench, open_modem

pytestmark = pytest.mark.virtual_time

TEXTS = [f"{PASSWORD} APN fail.apn", f"{PASSWORD} MODE 0"]


def answer_late_once(bench: ModemBench, prefix: str, delay: float) -> list[str]:
    """The modem answers the first command starting with ``prefix`` only after ``delay`` seconds."""
    original, late = bench.modem._dispatch, []

    async def dispatch(text: str) -> bytes:
        if text.upper().startswith(prefix) and not late:
            late.append(text)
            await asyncio.sleep(delay)
        return await original(text)

    bench.modem._dispatch = dispatch  # type: ignore[method-assign]
    return late


def go_silent_after_first_sms(bench: ModemBench, *, answered: bool = False) -> None:
    """From the first SMS on the modem answers nothing; with ``answered``, after its answer to that SMS."""
    if answered:
        finish = bench.modem._finish

        async def finish_then_fall_silent(endpoint: Endpoint, response: bytes) -> None:
            await finish(endpoint, response)
            if bench.modem.submitted:
                bench.faults.drop = 1.0

        bench.modem._finish = finish_then_fall_silent  # type: ignore[method-assign]
        return
    submit = bench.modem._submit

    async def submit_then_fall_silent(pdu: bytes) -> int:
        bench.faults.drop = 1.0  # its +CMGS answer included
        return await submit(pdu)

    bench.modem._submit = submit_then_fall_silent  # type: ignore[method-assign]


async def test_an_answer_later_than_the_timeout_does_not_end_the_batch() -> None:
    """The storage listing before the first SMS is answered after its timeout; its late OK used to end
    the batch as "no > prompt" without any phone's account."""
    async with modem_bench(2) as bench:
        async with open_modem(bench, timeout=1.0) as modem:
            late = answer_late_once(bench, "AT+CMGL", 1.4)  # inside the next command's wait for it: 1 to 2 s
            result = await deliver_configuration(modem, list(bench.modules), TEXTS, wait_limit=3, poll_interval=0.2)
    assert late and result.ok, [p.describe().en for p in result.phones]


async def test_a_modem_that_goes_silent_mid_batch_is_given_up_with_each_phones_account() -> None:
    async with modem_bench(3) as bench:
        async with open_modem(bench, timeout=0.3, send_timeout=0.3) as modem:
            go_silent_after_first_sms(bench)
            result = await deliver_configuration(modem, list(bench.modules), TEXTS, wait_limit=3, poll_interval=0.2)
    assert result.link_error is not None and "stopped answering" in result.link_error.en
    first = result.phones[0].commands[0]
    assert first.unconfirmed and command_name(bench.modem.submitted[0][1]) == first.command  # it did go out
    assert len(bench.modem.submitted) == 1
    last = result.phones[-1]
    assert last.describe().en == "not sent APN, MODE: the modem stopped answering"
    assert all(p.status is PhoneStatus.NOT_SENT for p in result.phones)
    assert all(c.send_error is not None for p in result.phones for c in p.commands)


async def test_a_modem_that_never_answers_gives_every_phone_its_line() -> None:
    async with modem_bench(2, faults=Faults(drop=1.0)) as bench:
        modem = AtModem(bench.link(), timeout=0.3)
        try:
            result = await deliver_configuration(modem, list(bench.modules), TEXTS, wait_limit=1,
                                                 checks=PreflightOptions())
        finally:
            await modem.close()
    assert result.stop_reason is not None and "cannot be used" in result.stop_reason.en
    assert result.preflight is not None and result.preflight.unreachable
    assert [p.describe().en for p in result.phones] == ["not sent APN, MODE: the modem cannot be used"] * 2


async def test_a_port_that_cannot_be_opened_gives_every_phone_its_line() -> None:
    modem = AtModem(SerialLink("/dev/no-such-modem", 115200), timeout=0.3)
    result = await deliver_configuration(modem, ["+79000000000"], TEXTS, wait_limit=1, checks=PreflightOptions())
    assert result.stop_reason is not None and "/dev/no-such-modem" in result.stop_reason.en
    assert result.phones[0].status is PhoneStatus.NOT_SENT and not result.sent_any


async def test_a_link_lost_during_the_checks_gives_every_phone_its_line() -> None:
    faults = Faults()
    async with modem_bench(2, faults=faults, use_pty=False) as bench:
        faults.close_after = 60  # a few answers, then the port is gone
        modem = AtModem(bench.link(), timeout=0.5)
        try:
            result = await deliver_configuration(modem, list(bench.modules), TEXTS, wait_limit=1,
                                                 checks=PreflightOptions())
        finally:
            await modem.close()
    assert result.stop_reason is not None and not bench.modem.submitted
    assert all(p.describe().en == "not sent APN, MODE: the modem cannot be used" for p in result.phones)
