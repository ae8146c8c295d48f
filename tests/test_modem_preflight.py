"""The modem's checks before a batch, against the virtual modem over a real pty, its SIM and network
states timed by a fake clock shared with the checks: each state ends with every phone configured, or
with one sentence and nothing sent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import pytest

from app.core.links.at_modem import AtModem
from app.core.master_sim import read_master_sim, write_master_sim
from app.core.modem_checks import CheckName, CheckState, PreflightResult
from app.core.modem_detect import detect_modems
from app.core.modem_preflight import ModemWaits, PinRequest, PreflightOptions, Purpose, prepare_modem
from app.core.sms_delivery import deliver_configuration
from app.core.sms_results import DeliveryResult, PhoneStatus
from simulators.modem_readiness import ModemConditions
from tests.modem_fixtures import PASSWORD, FakeTime, ModemBench, modem_bench

pytestmark = pytest.mark.virtual_time

TEXTS = [f"{PASSWORD} APN preflight.apn", f"{PASSWORD} MODE 0"]


class Pins:
    """A PIN source that records every request (the program must ask at most once)."""

    def __init__(self, pin: str | None) -> None:
        self.pin, self.requests = pin, []  # type: ignore[var-annotated]

    async def __call__(self, request: PinRequest) -> str | None:
        self.requests.append(request)
        return self.pin


def options(fake: FakeTime, *, pin: str | None = None, smsc: str = "", limit: float = 60.0,
            updates: list[PreflightResult] | None = None, pins: Pins | None = None) -> PreflightOptions:
    waits = ModemWaits(limit=limit, clock=fake.clock, sleep=fake.sleep)

    def record(result: PreflightResult) -> None:
        if updates is not None:
            updates.append(PreflightResult(list(result.checks), result.stop))

    return PreflightOptions(pin=pins or Pins(pin), smsc=smsc, waits=waits, on_update=record)


async def batch(bench: ModemBench, checks: PreflightOptions) -> DeliveryResult:
    modem = AtModem(bench.link(), timeout=2.0, send_timeout=5.0)
    try:
        return await deliver_configuration(modem, list(bench.modules), TEXTS, wait_limit=5, poll_interval=0.2,
                                           checks=checks)
    finally:
        await modem.close()


def states(result: DeliveryResult) -> dict[str, str]:
    assert result.preflight is not None
    return {c.name.value: c.state.value for c in result.preflight.checks}


def assert_delivered(bench: ModemBench, result: DeliveryResult) -> None:
    assert result.ok, [p.describe().en for p in result.phones]
    for phone in bench.modules.values():
        assert phone.values["apn"] == "preflight.apn"


def assert_nothing_sent(bench: ModemBench, result: DeliveryResult, *words: str) -> None:
    assert not bench.modem.submitted and not bench.network.events
    assert result.stop_reason is not None and not result.sent_any
    assert all(p.status is PhoneStatus.NOT_SENT for p in result.phones)
    for word in words:
        assert word in result.stop_reason.en, result.stop_reason.en


def countdown(updates: Iterable[PreflightResult], name: CheckName) -> list[int]:
    seconds = []
    for update in updates:
        check = update.get(name)
        if check is not None and check.state is CheckState.WAITING and check.seconds_left is not None:
            seconds.append(check.seconds_left)
    return seconds


async def test_a_ready_modem_shows_every_check_and_delivers() -> None:
    fake = FakeTime()
    async with modem_bench(2, clock=fake.clock) as bench:
        result = await batch(bench, options(fake))
    assert_delivered(bench, result)
    assert states(result) == {"sim": "ok", "network": "ok", "signal": "ok", "smsc": "ok", "storage": "ok"}
    assert result.preflight is not None and result.preflight.waited == 0 and not fake.slept
    lines = [c.line().en for c in result.preflight.checks]
    assert lines == ["SIM card: ready", "Network: registered (home network), SIMULATED NET, GSM", "Signal: -71 dBm",
                     "SMS centre: +79168999100", "SMS storage: SM: 30 of 30 free"]
    record = result.preflight.record("ru")  # what a JSON document carries
    assert record["ok"] and record["stop"] is None and len(record["checks"]) == 5
    assert record["checks"][0] == {"check": "sim", "state": "ok", "label": "SIM-карта", "message": "готова"}


async def test_pin_asked_once_then_delivered() -> None:
    fake, pins = FakeTime(), Pins("2468")
    async with modem_bench(2, clock=fake.clock, conditions=ModemConditions(pin="2468")) as bench:
        result = await batch(bench, options(fake, pins=pins))
    assert_delivered(bench, result)
    assert [r.tries_left for r in pins.requests] == [3] and bench.modem.readiness.pins_entered == ["2468"]
    assert result.preflight is not None and result.preflight.pin_entered
    assert result.preflight.checks[0].text.en == "ready, PIN accepted"


async def test_pin_asked_and_none_given_sends_nothing() -> None:
    fake = FakeTime()
    async with modem_bench(2, clock=fake.clock, conditions=ModemConditions(pin="2468")) as bench:
        result = await batch(bench, options(fake, pin=None))
        assert_nothing_sent(bench, result, "asks for a PIN")
    assert bench.modem.readiness.pins_entered == []
    assert all(p.describe().en == "not sent APN, MODE: the modem check failed" for p in result.phones)


@pytest.mark.parametrize(("tries_command", "says"), [
    ("CPINR", "Tries left: 2"), ("QPINC", "Tries left: 2"), ("^CPIN", "Tries left: 2"),
    ("none", "three wrong PINs in a row block the SIM card"),
])
async def test_a_wrong_pin_is_never_tried_again(tries_command: str, says: str) -> None:
    fake, pins = FakeTime(), Pins("1111")
    conditions = ModemConditions(pin="2468", tries_command=tries_command)
    async with modem_bench(1, clock=fake.clock, conditions=conditions) as bench:
        result = await batch(bench, options(fake, pins=pins))
        assert_nothing_sent(bench, result, "Wrong PIN", says, "does not enter a PIN again")
    assert len(pins.requests) == 1 and bench.modem.readiness.pins_entered == ["1111"]


async def test_three_wrong_pins_then_puk_stops_without_asking() -> None:
    fake = FakeTime()
    async with modem_bench(1, clock=fake.clock, conditions=ModemConditions(pin="2468")) as bench:
        said = []
        for _ in range(3):  # the user starts again after each wrong PIN
            result = await batch(bench, options(fake, pin="1111"))
            assert result.stop_reason is not None
            said.append(result.stop_reason.en)
        assert "Tries left: 2" in said[0] and "One try is left" in said[1] and "a PUK is needed" in said[2]
        pins = Pins("2468")
        result = await batch(bench, options(fake, pins=pins))
        assert_nothing_sent(bench, result, "a PUK is needed", "does not enter PUKs")
    assert not pins.requests and bench.modem.readiness.pins_entered == ["1111"] * 3


async def test_busy_sim_is_waited_for_with_a_countdown() -> None:
    fake, updates = FakeTime(), []  # type: ignore[var-annotated]
    async with modem_bench(2, clock=fake.clock, conditions=ModemConditions(sim_busy=20)) as bench:
        result = await batch(bench, options(fake, updates=updates))
    assert_delivered(bench, result)
    seconds = countdown(updates, CheckName.SIM)
    assert seconds[:3] == [60, 59, 58] and 40 <= seconds[-1] <= 41  # a second at a time, 20 s waited
    assert result.preflight is not None and 20 <= result.preflight.waited <= 21


async def test_pin_busy_sim_and_network_search_share_one_wait() -> None:
    fake, updates = FakeTime(), []  # type: ignore[var-annotated]
    conditions = ModemConditions(pin="2468", sim_busy=5, unregistered=30)
    async with modem_bench(2, clock=fake.clock, conditions=conditions) as bench:
        result = await batch(bench, options(fake, pin="2468", updates=updates))
    assert_delivered(bench, result)
    network = countdown(updates, CheckName.NETWORK)
    # the SIM is ready 5 s after the PIN, the network 30 s later: one 60-s budget counted down for both
    assert countdown(updates, CheckName.SIM)[-1] == 56 and network[0] == 55 and network[-1] == 26


@pytest.mark.parametrize("lte", [False, True])
async def test_network_search_is_waited_for(lte: bool) -> None:
    fake = FakeTime()
    async with modem_bench(2, clock=fake.clock, conditions=ModemConditions(unregistered=45, lte=lte)) as bench:
        result = await batch(bench, options(fake))
    assert_delivered(bench, result)
    network = result.preflight.get(CheckName.NETWORK) if result.preflight else None
    assert network is not None and network.text.en.endswith("LTE" if lte else "GSM")


@pytest.mark.parametrize(("conditions", "words"), [
    (ModemConditions(sim_busy=100), ("did not become ready within 60 s",)),
    (ModemConditions(unregistered=100), ("did not register in the network within 60 s", "searching")),
    (ModemConditions(network="denied"), ("denied the modem's registration",)),
    (ModemConditions(smsc=""), ("no SMS service-centre number",)),
])
async def test_states_that_stop_before_anything_is_sent(conditions: ModemConditions, words: tuple[str, ...]) -> None:
    fake = FakeTime()
    async with modem_bench(2, clock=fake.clock, conditions=conditions) as bench:
        result = await batch(bench, options(fake))
        assert_nothing_sent(bench, result, *words)
    if conditions.network == "denied" or not conditions.smsc:
        assert not fake.slept  # nothing to wait for: stopped at once
    else:
        assert 59 <= sum(fake.slept) <= 60


async def test_roaming_weak_signal_and_full_storage_are_warnings_not_stops() -> None:
    fake = FakeTime()
    async with modem_bench(2, clock=fake.clock, conditions=ModemConditions(network="roaming", csq=5)) as bench:
        result = await batch(bench, options(fake))
    assert_delivered(bench, result)
    assert states(result)["network"] == "ok" and states(result)["signal"] == "warning"
    assert result.preflight is not None
    assert "roaming" in result.preflight.checks[1].text.en and "below the recommended -85 dBm" in \
        result.preflight.checks[2].text.en


async def test_missing_service_centre_is_set_for_the_session() -> None:
    fake = FakeTime()
    async with modem_bench(2, clock=fake.clock, conditions=ModemConditions(smsc="")) as bench:
        result = await batch(bench, options(fake, smsc="+79160000001"))
        assert bench.modem.readiness.smsc == "+79160000001"
    assert_delivered(bench, result)
    assert result.preflight is not None and result.preflight.smsc_set == "+79160000001"


async def test_echo_that_stays_on_and_unsolicited_lines_inside_replies() -> None:
    fake = FakeTime()
    conditions = ModemConditions(sticky_echo=True, urc_noise=True, pin="2468")
    async with modem_bench(3, clock=fake.clock, conditions=conditions) as bench:
        result = await batch(bench, options(fake, pin="2468"))
        assert bench.modem.echo  # ATE0 was answered OK and the echo stayed on
    assert_delivered(bench, result)


async def test_passing_refusals_are_retried_then_given_up() -> None:
    fake = FakeTime()
    async with modem_bench(2, clock=fake.clock, conditions=ModemConditions(flaky_sms=2)) as bench:
        result = await batch(bench, options(fake))
    assert_delivered(bench, result)
    assert fake.slept == [2.0, 5.0]  # the first SMS: refused twice, sent on the third try
    fake = FakeTime()
    async with modem_bench(2, clock=fake.clock, conditions=ModemConditions(flaky_sms=5)) as bench:
        result = await batch(bench, options(fake))
    first, second = result.phones[0].commands
    assert first.send_error is not None and "500" in first.send_error.en  # four tries, then not sent
    assert second.send_error is not None  # refused once more: no new round of pauses after a lost one
    assert fake.slept == [2.0, 5.0, 10.0]
    assert result.phones[1].status is PhoneStatus.APPLIED  # the modem recovered: the next phone went out


async def test_cancel_during_the_wait_sends_nothing() -> None:
    fake, stop = FakeTime(), asyncio.Event()

    def cancel_soon(result: PreflightResult) -> None:
        check = result.get(CheckName.NETWORK)
        if check is not None and check.seconds_left == 50:
            stop.set()

    async with modem_bench(1, clock=fake.clock, conditions=ModemConditions(unregistered=100)) as bench:
        checks = options(fake)
        checks.on_update = cancel_soon
        modem = AtModem(bench.link(), timeout=2.0)
        try:
            result = await deliver_configuration(modem, list(bench.modules), TEXTS, wait_limit=5, stop=stop,
                                                 checks=checks)
        finally:
            await modem.close()
        assert_nothing_sent(bench, result, "cancelled")
    assert result.cancelled and all("cancelled" in p.describe().en for p in result.phones)


async def test_master_sim_checks_only_the_sim_and_asks_for_the_pin() -> None:
    fake, pins = FakeTime(), Pins("2468")
    conditions = ModemConditions(pin="2468", unregistered=1000, smsc="")  # no network needed to write the SIM
    async with modem_bench(0, clock=fake.clock, conditions=conditions) as bench:
        modem = AtModem(bench.link(), timeout=2.0)
        try:
            state = await prepare_modem(modem, Purpose.SIM, options(fake, pins=pins))
            assert state.ok and [c.name for c in state.checks] == [CheckName.SIM]
            await write_master_sim(modem, TEXTS)
            assert (await read_master_sim(modem)).texts == TEXTS
        finally:
            await modem.close()
    assert len(pins.requests) == 1


async def test_detect_shows_each_modems_state_without_entering_a_pin() -> None:
    fake = FakeTime()
    async with modem_bench(0, clock=fake.clock, conditions=ModemConditions(pin="2468", csq=3)) as bench:
        found = await detect_modems([bench.url], bauds=[115200], timeout=1.0)
        assert bench.modem.readiness.pins_entered == []
    (modem,) = found.modems
    assert modem.preflight is not None
    (sim,) = modem.preflight.checks
    assert sim.state is CheckState.FAILED and sim.text.en == "PIN required (tries left: 3)"
