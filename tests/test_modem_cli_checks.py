"""The SMS commands of main.py with a modem that is not ready or fails: the checks on stderr, --pin,
--smsc, --modem-wait, and each phone's line on stdout whatever went wrong. The command runs in the
test's thread (app.cli.run), the virtual modem on a real pty in a background thread."""

from __future__ import annotations

import pytest

from app.cli import run
from app.core import modem_preflight
from app.core.modem_preflight import ModemWaits
from simulators.modem_readiness import ModemConditions
from tests.modem_fixtures import FakeTime, ModemBench
from tests.modem_thread import modem_in_thread
from tests.test_sms_batch_failures import answer_late_once, go_silent_after_first_sms

pytestmark = pytest.mark.timeout(60)


def sms_send(bench: ModemBench, *extra: str) -> list[str]:
    phones = [arg for phone in bench.modules for arg in ("--phone", phone)]
    return ["--lang", "en", "sms-send", "--module", "gsm-2g4g", "--port", bench.url, *phones, "--set", "apn=cli.apn",
            "--set", "mode=sms", "--wait", "3", "--timeout", "1", *extra]


def rows(out: str) -> dict[str, str]:
    return dict(line.split("\t", 1) for line in out.splitlines() if line.startswith("+7"))


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """The CLI's waits (busy SIM, network search, retry pauses) on a fake clock the virtual modem shares."""
    fake = FakeTime()
    monkeypatch.setattr(modem_preflight, "DEFAULT_WAITS", ModemWaits(clock=fake.clock, sleep=fake.sleep))
    return fake


def test_checks_on_stderr_then_each_phone(capsys: pytest.CaptureFixture[str], fake_time: FakeTime) -> None:
    conditions = ModemConditions(sim_busy=12, unregistered=25, csq=6)
    with modem_in_thread(2, clock=fake_time.clock, conditions=conditions) as bench:
        code = run(sms_send(bench))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert list(rows(out).values()) == ["OK\tOK", "OK\tOK"]
    assert err.splitlines()[0] == "Checking the modem:"
    assert "  WAITING    SIM card: busy (starting up) — waiting, 60 s left" in err
    assert "  WAITING    SIM card: busy (starting up) — waiting, 50 s left" in err  # every 10 s, not every second
    assert "  WAITING    SIM card: busy (starting up) — waiting, 59 s left" not in err
    assert "  WAITING    Network: searching for a network — waiting, 40 s left" in err
    assert "  WARNING    Signal: -101 dBm — below the recommended -85 dBm (GSM)" in err
    assert err.index("SMS storage:") < err.index("Sent to")  # shown before anything is sent


def test_pin_from_the_environment_and_a_wrong_one(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with modem_in_thread(1, conditions=ModemConditions(pin="2468")) as bench:
        assert run(sms_send(bench)) == 1
        out, err = capsys.readouterr()
        assert rows(out) == {"+79000000000": "NOT SENT\tnot sent APN, MODE: the modem check failed"}
        assert "Nothing was sent: The SIM card asks for a PIN and none was given. Give it with --pin PIN, the " \
               "variable CONFIGURATOR_SIM_PIN or --pin - (typed without echo)." in err
        assert run(sms_send(bench, "--pin", "1111")) == 1
        out, err = capsys.readouterr()
        assert "Wrong PIN: the SIM card did not accept it. Tries left: 2." in err
        monkeypatch.setenv("CONFIGURATOR_SIM_PIN", "2468")
        assert run(sms_send(bench)) == 0
        assert bench.modem.readiness.pins_entered == ["1111", "2468"]


def test_the_last_try_is_not_spent_on_a_pin_from_the_command_line(capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with modem_in_thread(1, conditions=ModemConditions(pin="2468", pin_tries=1)) as bench:
        assert run(sms_send(bench, "--pin", "2468")) == 1
        assert "One PIN try is left" in capsys.readouterr().err and not bench.modem.readiness.pins_entered
        monkeypatch.setattr("sys.stdin", __import__("io").StringIO("2468\n"))  # typed at the prompt
        assert run(sms_send(bench, "--pin", "-")) == 0
        assert bench.modem.readiness.pins_entered == ["2468"]


def test_pin_and_smsc_are_checked_before_anything_is_opened(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--lang", "en", "sms-send", "--module", "gsm-2g4g", "--port", "/dev/no-such-modem", "--phone",
            "+79000000000", "--set", "apn=x"]
    assert run([*base, "--pin", "12"]) == 2 and "--pin: A PIN is 4 to 8 digits" in capsys.readouterr().err
    assert run([*base, "--smsc", "+7 916"]) == 2 and "--smsc: The service-centre number" in capsys.readouterr().err
    assert run([*base, "--modem-wait", "nan"]) == 2
    assert "--modem-wait: a time in seconds from 0 to 3600, not “nan”" in capsys.readouterr().err


def test_no_service_centre_then_smsc(capsys: pytest.CaptureFixture[str]) -> None:
    with modem_in_thread(2, conditions=ModemConditions(smsc="")) as bench:
        assert run(sms_send(bench)) == 1
        out, err = capsys.readouterr()
        assert set(rows(out).values()) == {"NOT SENT\tnot sent APN, MODE: the modem check failed"}
        assert "Give the operator's service-centre number: --smsc NUMBER." in err
        assert not bench.modem.submitted
        assert run(sms_send(bench, "--smsc", "+79160000001")) == 0
        out, err = capsys.readouterr()
        assert "SMS centre: +79160000001 (set for this session, not written to the SIM)" in err


@pytest.mark.parametrize("command", ["sms-send", "sms-query"])
def test_a_port_that_cannot_be_opened_still_lists_each_phone(capsys: pytest.CaptureFixture[str],
                                                             command: str) -> None:
    args = ["--lang", "en", command, "--port", "/dev/no-such-modem", "--phone", "+79000000000", "--phone",
            "+79000000001", "--wait", "1"]
    if command == "sms-send":
        args += ["--module", "gsm-2g4g", "--set", "apn=x"]
    assert run(args) == 3  # cannot connect: nothing was sent
    out, err = capsys.readouterr()
    assert len(rows(out)) == 2 and all("NOT SENT" in row and "the modem cannot be used" in row
                                       for row in rows(out).values())
    assert "Nothing was sent: The modem cannot be used: " in err and "/dev/no-such-modem" in err


@pytest.mark.slow
def test_each_error_path_of_a_batch_prints_each_phones_line(capsys: pytest.CaptureFixture[str]) -> None:
    with modem_in_thread(2, conditions=ModemConditions(pin="2468", pin_tries=0)) as bench:  # PUK
        assert run(sms_send(bench, "--pin", "2468")) == 1
        out, err = capsys.readouterr()
        assert len(rows(out)) == 2 and "a PUK is needed" in err and not bench.modem.readiness.pins_entered
    with modem_in_thread(2) as bench:  # an answer later than --timeout
        late = answer_late_once(bench, "AT+CMGL", 1.4)  # after --timeout 1, inside the next command's wait
        assert run(sms_send(bench)) == 0
        assert late and list(rows(capsys.readouterr().out).values()) == ["OK\tOK", "OK\tOK"]
    with modem_in_thread(2) as bench:  # silent once the first SMS went out
        go_silent_after_first_sms(bench, answered=True)
        assert run(sms_send(bench)) == 1
        out, err = capsys.readouterr()
        lines = rows(out)
        assert lines["+79000000000"].startswith("NOT SENT\tnot sent MODE: the modem did not take the SMS")
        assert lines["+79000000000"].endswith("no reply to APN (no SMS delivery report)")  # it went out
        second = lines["+79000000001"]  # where the sending stopped depends on the storage polls in between
        assert second.startswith("NOT SENT\tnot sent ") and second.endswith("MODE: the modem stopped answering")
        assert "The modem stopped answering" in err
    with modem_in_thread(2, use_pty=False) as bench:  # the port closes mid-batch
        bench.faults.close_after = 400
        assert run(sms_send(bench)) == 1
        out, err = capsys.readouterr()
        assert len(rows(out)) == 2 and "Connection lost" in err


def test_sms_query_and_sim_write_with_a_blocked_sim(capsys: pytest.CaptureFixture[str]) -> None:
    with modem_in_thread(1, conditions=ModemConditions(pin="2468", pin_tries=0)) as bench:
        assert run(["--lang", "en", "sms-query", "--port", bench.url, "--phone", "+79000000000", "--wait", "1"]) == 1
        out, err = capsys.readouterr()
        assert rows(out)["+79000000000"].startswith("NOT SENT\tnot sent MODE, APN, DNS, TIMEOUT, RESET: the modem "
                                                    "check failed")
        assert run(["--lang", "en", "sim-write", "--module", "gsm-2g4g", "--port", bench.url, "--set", "apn=x"]) == 1
        out, err = capsys.readouterr()
        assert "The SIM card is blocked: a PUK is needed." in err and not out
        assert all(slot is None for slot in bench.modem.sim.slots)  # type: ignore[union-attr]


def test_sim_write_enters_the_pin_and_detect_shows_the_checks(capsys: pytest.CaptureFixture[str]) -> None:
    with modem_in_thread(0, conditions=ModemConditions(pin="2468", smsc="")) as bench:
        assert run(["--lang", "en", "modem-detect", "--ports", bench.url, "--bauds", "115200"]) == 0
        out, _ = capsys.readouterr()
        assert out.splitlines()[1] == "  FAILED     SIM card: PIN required (tries left: 3)"
        assert run(["--lang", "en", "sim-write", "--module", "gsm-2g4g", "--port", bench.url, "--set", "apn=x",
                    "--pin", "2468"]) == 0
        out, err = capsys.readouterr()
        assert "SIM card: ready, PIN accepted" in err and "******** APN x" in out
        assert run(["--lang", "en", "modem-detect", "--ports", bench.url, "--bauds", "115200"]) == 0
        out, _ = capsys.readouterr()
        assert "  OK         SIM card: ready" in out and "  FAILED     SMS centre: none on the SIM card" in out


def test_echo_and_unsolicited_lines_do_not_disturb_a_batch(capsys: pytest.CaptureFixture[str],
                                                           fake_time: FakeTime) -> None:
    conditions = ModemConditions(sticky_echo=True, urc_noise=True, flaky_sms=1)
    with modem_in_thread(2, conditions=conditions) as bench:
        assert run(sms_send(bench)) == 0, capsys.readouterr().err
    assert list(rows(capsys.readouterr().out).values()) == ["OK\tOK", "OK\tOK"]
    assert fake_time.slept == [2.0]  # the refused SMS went out on its second try
