"""AT response parsing: final results, error tables, listings, URCs; random input → ProtocolError only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.errors import DeviceError, ProtocolError
from protocols.modem.at_commands import (
    PROMPT,
    AtError,
    FinalResult,
    MessageStatus,
    SignalQuality,
    StorageUsage,
    decode_modem_output,
    parse_cmgr,
    parse_cmti,
    parse_cpms,
    parse_csq,
    parse_final,
    parse_message_list,
    parse_reference,
    plain_info,
    split_fields,
)
from protocols.sms.sms_pdu import SmsSubmit, decode_pdu

CLASSIC = "0011000B916407281553F80000AA0AE8329BFD4697D9EC37"


def _items(data: bytes) -> list[str]:
    out, buffer = [], data
    while True:
        consumed, item = decode_modem_output(buffer)
        buffer = buffer[consumed:]
        if item is None:
            return out
        out.append(item)


def test_output_decoder_splits_lines_and_prompt() -> None:
    assert _items(b"\r\n+CMGS: 5\r\n\r\nOK\r\n") == ["+CMGS: 5", "OK"]
    assert _items(b"\r\n> ") == [PROMPT]
    assert decode_modem_output(b"\r\n+CSQ: 1") == (2, None)  # incomplete line waits for more


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("OK", FinalResult(True)),
        ("ERROR", FinalResult(False, "", None, "ERROR")),
        ("+CMS ERROR: 322", FinalResult(False, "CMS", 322, "322")),
        ("+CME ERROR: 10", FinalResult(False, "CME", 10, "10")),
        ("+CME ERROR: SIM not inserted", FinalResult(False, "CME", None, "SIM not inserted")),
        ("+CSQ: 20,99", None),
    ],
)
def test_final_results(line: str, expected: FinalResult | None) -> None:
    assert parse_final(line) == expected


def test_error_messages_are_bilingual_and_name_the_command() -> None:
    error = AtError(FinalResult(False, "CMS", 322, "322"), "AT+CMGW")
    assert isinstance(error, DeviceError) and error.code == 322 and error.memory_full
    assert "Память SIM заполнена" in error.message("ru") and "AT+CMGW" in error.message("ru")
    assert "Memory full" in error.message("en")
    assert "SIM PIN required" in str(AtError(FinalResult(False, "CMS", 311, "311"), "AT+CMGS"))
    assert "SMSC address unknown" in str(AtError(FinalResult(False, "CMS", 330, "330"), "AT+CMGS"))
    assert "SIM not inserted" in str(AtError(FinalResult(False, "CME", 10, "10"), "AT+CPIN?"))
    facility = AtError(FinalResult(False, "CMS", 50, "50"), "AT+CMGS")
    assert "SMS не подключена" in facility.message("ru") and "facility not subscribed" in facility.message("en")
    assert "cause 34" in str(AtError(FinalResult(False, "CMS", 34, "34"), "AT+CMGS"))
    assert "TP-FCS 0xC4" in str(AtError(FinalResult(False, "CMS", 0xC4, "196"), "AT+CMGS"))
    assert "modem-specific error (515)" in str(AtError(FinalResult(False, "CMS", 515, "515"), "AT+CMGS"))
    plain = AtError(FinalResult(False, "", None, "ERROR"), "AT+XYZ")
    assert plain.code == -1 and "ERROR" in str(plain)


def test_cpms_query_and_set_forms() -> None:
    assert parse_cpms('"SM",3,30,"SM",3,30,"ME",0,100') == [
        StorageUsage("SM", 3, 30), StorageUsage("SM", 3, 30), StorageUsage("ME", 0, 100)
    ]
    assert parse_cpms("30,30,30,30,30,30")[0].free == 0


def test_csq_to_dbm() -> None:
    assert parse_csq("20,99") == SignalQuality(20, 99)
    assert SignalQuality(0, 0).dbm == -113 and SignalQuality(31, 0).dbm == -51
    assert SignalQuality(99, 99).dbm is None and SignalQuality(20, 99).dbm == -73


def test_urc_and_references() -> None:
    assert parse_cmti('+CMTI: "SM",5') == ("SM", 5)
    assert parse_cmti("+CMGS: 5") is None
    assert parse_reference("17") == 17
    assert split_fields('1,"a,b",,3') == ["1", "a,b", "", "3"]


def test_message_list_in_pdu_mode() -> None:
    lines = ["+CMGL: 1,2,,23", CLASSIC, "noise", "+CMGL: 4,0,,23", CLASSIC, "OK"]
    entries = parse_message_list(lines)
    assert [(e.index, e.status) for e in entries] == [(1, MessageStatus.STO_UNSENT), (4, MessageStatus.REC_UNREAD)]
    sms = decode_pdu(entries[0].pdu)
    assert isinstance(sms, SmsSubmit) and sms.text == "hellohello"


def test_message_list_rejects_wrong_length() -> None:
    with pytest.raises(ProtocolError):
        parse_message_list(["+CMGL: 1,2,,22", CLASSIC])


def test_cmgr() -> None:
    stored = parse_cmgr(["+CMGR: 1,,23", CLASSIC])
    assert stored is not None and stored.status is MessageStatus.REC_READ and stored.length == 23
    assert parse_cmgr(["+CMGR: 0,,0"]) is None


def test_identification_strips_prefixes() -> None:
    assert plain_info(['+CGMI: "SIMCOM_Ltd"'], "CGMI") == "SIMCOM_Ltd"
    assert plain_info(["Quectel"], "CGMI") == "Quectel"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=6))
def test_parsers_on_random_text_raise_only_protocol_error(lines: list[str]) -> None:
    for parse in (parse_message_list, parse_cmgr):
        try:
            parse(lines)
        except ProtocolError:
            pass
    for line in lines:
        for parse_one in (parse_cpms, parse_csq, parse_reference):
            try:
                parse_one(line)
            except ProtocolError:
                pass
        parse_final(line)
        parse_cmti(line)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80))
def test_output_decoder_always_progresses(data: bytes) -> None:
    buffer = data
    for _ in range(200):
        consumed, item = decode_modem_output(buffer)
        if item is None:
            break
        assert consumed > 0
        buffer = buffer[consumed:]
