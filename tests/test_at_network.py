"""SIM, PIN, registration and service-centre answers (TS 27.007 / 27.005): known-good lines, and random
input gives ProtocolError or a value, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.errors import ProtocolError
from protocols.modem.at_commands import AtError, FinalResult
from protocols.modem.at_network import (
    PIN_TRIES_QUERIES,
    RegStat,
    csca_command,
    is_registration_urc,
    parse_cops,
    parse_cpin,
    parse_csca,
    parse_pin_tries,
    parse_registration,
    pin_command,
    pin_problem,
    recommended_dbm,
    smsc_problem,
    technology_name,
)


@pytest.mark.parametrize(("value", "code"), [
    ("READY", "READY"), ("SIM PIN", "SIM PIN"), ('"SIM PUK"', "SIM PUK"), ("sim  pin", "SIM PIN"),
    ("PH-SIM PIN", "PH-SIM PIN"), ("NOT READY", "NOT READY"),
])
def test_cpin(value: str, code: str) -> None:
    assert parse_cpin(value) == code


@pytest.mark.parametrize("value", ["", '""', "READY\x00", "ГОТОВО"])
def test_cpin_refuses_garbage(value: str) -> None:
    with pytest.raises(ProtocolError):
        parse_cpin(value)


def test_pin_rules() -> None:
    assert pin_problem("1234") is None and pin_problem("12345678") is None
    for bad in ("123", "123456789", "12a4", "", "١٢٣٤"):  # the last: Arabic-Indic digits
        assert pin_problem(bad) is not None
    assert pin_command("0000") == 'AT+CPIN="0000"'
    with pytest.raises(ValueError):
        pin_command('1234"')


@pytest.mark.parametrize(("command", "lines", "tries"), [
    ('AT+CPINR="SIM PIN"', ["+CPINR: SIM PIN,2,3"], 2),
    ('AT+CPINR="SIM PIN"', ['+CPINR: "SIM PIN",1,3'], 1),
    ('AT+CPINR="SIM PIN"', ["+CPINR: SIM PUK,10,10"], None),
    ('AT+QPINC="SC"', ['+QPINC: "SC",3,10'], 3),
    ('AT+QPINC="SC"', ['+QPINC: "P2",3,10'], None),
    ("AT^CPIN?", ["^CPIN: SIM PIN,2,10,2,10,3"], 2),
    ("AT^CPIN?", ["^CPIN: READY,,10,3,10,3"], 3),
    ("AT^CPIN?", ["^CPIN: READY"], None),
    ('AT+CPINR="SIM PIN"', ["OK"], None),
])
def test_pin_tries(command: str, lines: list[str], tries: int | None) -> None:
    assert command in PIN_TRIES_QUERIES
    assert parse_pin_tries(command, lines) == tries


def test_registration_answers_and_urcs() -> None:
    assert parse_registration("0,1") == parse_registration("0,1", "CEREG")
    assert parse_registration("0,1").stat is RegStat.HOME and parse_registration("0,1").stat.registered
    found = parse_registration('2,5,"00AB","1F2E",7')
    assert found.stat is RegStat.ROAMING and found.stat.registered and found.stat.roaming and found.act == 7
    assert not parse_registration("0,2").stat.registered and not parse_registration("1,3").stat.registered
    assert parse_registration("0,6").stat.registered  # LTE "SMS only": enough for SMS
    for bad in ("1", "x,1", "0,11", "0,a", ""):
        with pytest.raises(ProtocolError):
            parse_registration(bad)
    assert is_registration_urc("+CREG: 1") and is_registration_urc('+CREG: 5,"00AB","1F2E",7')
    assert is_registration_urc("+CEREG: 2") and is_registration_urc("+CGREG: 1")
    assert not is_registration_urc("+CREG: 0,1") and not is_registration_urc('+CREG: 2,1,"00AB","1F2E"')
    assert not is_registration_urc("+CSQ: 1,2") and not is_registration_urc("RING")


def test_operator_service_centre_and_signal_level() -> None:
    assert parse_cops('0,0,"MegaFon",7').name == "MegaFon" and parse_cops('0,0,"MegaFon",7').act == 7
    assert parse_cops("0").name == "" and parse_cops("0").act is None
    assert technology_name(7) == "LTE" and technology_name(0) == "GSM" and technology_name(None) == ""
    assert parse_csca('"+79168999100",145') == "+79168999100" and parse_csca('"",129') == ""
    with pytest.raises(ProtocolError):
        parse_csca('"+7916;AT",145')
    assert smsc_problem("+79168999100") is None and smsc_problem("89168999100") is None
    assert smsc_problem("+7 916") is not None and smsc_problem('+7916"') is not None and smsc_problem("") is not None
    assert csca_command("+79168999100") == 'AT+CSCA="+79168999100",145'
    assert csca_command("89168999100") == 'AT+CSCA="89168999100",129'
    assert recommended_dbm(7) == -91 and recommended_dbm(0) == -85 and recommended_dbm(None) == -85  # 001 §7


def test_passing_refusals() -> None:
    def error(family: str, code: int) -> AtError:
        return AtError(FinalResult(False, family, code, str(code)), "AT+CMGS=20")

    assert error("CMS", 314).transient and error("CMS", 500).transient and error("CMS", 331).transient
    assert not error("CMS", 330).transient and not error("CMS", 311).transient and not error("CMS", 304).transient


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_random_answers_give_protocol_errors_only(value: str) -> None:
    for parse in (parse_cpin, parse_registration, parse_cops, parse_csca):
        try:
            parse(value)
        except ProtocolError:
            pass
    for command in PIN_TRIES_QUERIES:
        parse_pin_tries(command, [value, f"+CPINR: {value}", f"+QPINC: {value}", f"^CPIN: {value}"])
    is_registration_urc(f"+CREG: {value}")


def test_an_answer_not_understood_is_quoted_as_the_modems_own_words() -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_cops("+COPS: no network here today")
    assert caught.value.message("ru") == "Ответ модема не разобран: +COPS: «+COPS: no network here today»"
    assert caught.value.message("en") == "Modem response not understood: +COPS: “+COPS: no network here today”"
