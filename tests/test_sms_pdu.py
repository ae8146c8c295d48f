"""SMS PDU codec against worked examples of TS 23.040 / 23.038 and hand-checked byte tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.errors import ProtocolError
from protocols.sms import gsm_alphabet as gsm
from protocols.sms.sms_pdu import (
    Concat,
    ConcatAssembler,
    Encoding,
    SmsDeliver,
    SmsStatusReport,
    SmsSubmit,
    decode_pdu,
    encode_deliver,
    encode_submit,
    split_text,
)


def test_hellohello_septet_packing() -> None:
    septets = gsm.encode_septets("hellohello")
    assert gsm.pack_septets(septets) == bytes.fromhex("E8329BFD4697D9EC37")
    assert gsm.decode_septets(gsm.unpack_septets(bytes.fromhex("E8329BFD4697D9EC37"), 10)) == "hellohello"


def test_classic_submit_encodes_byte_for_byte() -> None:
    (pdu,) = encode_submit("+46708251358", "hellohello", validity=0xAA)
    assert pdu.hex == "0011000B916407281553F80000AA0AE8329BFD4697D9EC37"
    assert pdu.tpdu_length == 23  # AT+CMGS=23: the SMSC octet is not counted


def test_classic_submit_decodes() -> None:
    sms = decode_pdu("0011000B916407281553F80000AA0AE8329BFD4697D9EC37")
    assert sms == SmsSubmit("+46708251358", "hellohello", 0, False, None, Encoding.GSM7, "")


def test_classic_deliver_decodes_with_smsc_and_timestamp() -> None:
    sms = decode_pdu("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37")
    assert isinstance(sms, SmsDeliver)
    assert sms.smsc == "+27381000015"
    assert sms.sender == "27838890001"
    assert sms.text == "hellohello"
    assert sms.timestamp == datetime(1999, 3, 29, 15, 16, 59, tzinfo=timezone(timedelta(hours=2)))


def test_ucs2_submit_byte_table() -> None:
    (pdu,) = encode_submit("+79123456789", "Привет", status_report=True)
    # 31: SUBMIT, relative VP, SRR; DA 0B 91 9721436587F9; PID 00; DCS 08 (UCS2); VP A7; UDL 0C.
    assert pdu.hex == "0031000B919721436587F90008A70C041F04400438043204350442"
    sms = decode_pdu(pdu.data)
    assert isinstance(sms, SmsSubmit) and sms.text == "Привет" and sms.status_report_request
    assert sms.encoding is Encoding.UCS2


def test_extension_table_costs_two_septets() -> None:
    assert gsm.septet_length("€[]") == 6
    (pdu,) = encode_submit("+7900", "€")
    assert pdu.data[-3:] == bytes([2]) + gsm.pack_septets([0x1B, 0x65])
    assert decode_pdu(pdu.data).text == "€"  # type: ignore[union-attr]


def test_concatenated_gsm7_part_has_header_and_fill_bit() -> None:
    text = "A" * 153 + "B" * 8
    pdus = encode_submit("+7900", text, concat_reference=0xCC)
    assert len(pdus) == 2
    second = pdus[1].data
    # UDHI set; UDL = 7 header septets + 8; UDH 05 00 03 CC 02 02; "B" (0x42) shifted by the fill bit.
    assert second[1] == 0x51
    assert second[-8] == 0x84
    assert second[-15:] == bytes.fromhex("0F050003CC0202") + gsm.pack_septets([0x42] * 8, 1)
    first = decode_pdu(pdus[0].data)
    assert isinstance(first, SmsSubmit) and first.concat == Concat(0xCC, 2, 1) and first.text == "A" * 153


def test_concatenated_16bit_reference_decodes() -> None:
    # DELIVER with UDH 06 08 04 12 34 02 01: 7 octets = 8 septets, no fill bits; text "Hi".
    ud = bytes.fromhex("0608041234020 1".replace(" ", "")) + gsm.pack_septets(gsm.encode_septets("Hi"))
    tpdu = bytes.fromhex("44" "0B917998765432F1" "0000" "52101121436500") + bytes([10]) + ud
    sms = decode_pdu(b"\x00" + tpdu)
    assert isinstance(sms, SmsDeliver)
    assert sms.concat == Concat(0x1234, 2, 1) and sms.text == "Hi" and sms.sender == "+97896745231"
    assert sms.timestamp == datetime(2025, 1, 11, 12, 34, 56, tzinfo=UTC)


def test_ucs2_splitting_keeps_surrogate_pairs_whole() -> None:
    text = "я" * 66 + "😀" + "ж" * 10
    encoding, parts = split_text(text)
    assert encoding is Encoding.UCS2 and "".join(parts) == text
    assert all(len(p.encode("utf-16-be")) <= 134 for p in parts)
    assert parts[0].endswith("я") and parts[1].startswith("😀")


def test_gsm7_splitting_keeps_escape_with_its_character() -> None:
    text = "a" * 152 + "€" + "b" * 10
    _, parts = split_text(text)
    assert parts[0] == "a" * 152 and parts[1] == "€" + "b" * 10


def test_status_report_decodes() -> None:
    tpdu = bytes.fromhex("06" "2A" "0B919721436587F9" "52101121436500" "52101121436600" "00")
    report = decode_pdu(b"\x00" + tpdu)
    assert isinstance(report, SmsStatusReport)
    assert report.message_reference == 0x2A and report.recipient == "+79123456789" and report.delivered


def test_alphanumeric_sender_round_trip() -> None:
    moment = datetime(2024, 5, 1, 10, 0, 0, tzinfo=timezone(timedelta(hours=3)))
    (pdu,) = encode_deliver("MegaFon", "Баланс", moment)
    sms = decode_pdu(pdu.data)
    assert isinstance(sms, SmsDeliver) and sms.sender == "MegaFon" and sms.text == "Баланс"
    assert sms.timestamp == moment


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "00",
        "0011",
        "ZZ",
        "0011000B916407281553F80000AA0AE8329BFD4697D9EC",  # one octet short
        "0011000B916407281553F80000AA0AE8329BFD4697D9EC3700",  # one octet extra
        "0011000B916407281553F80000AAA1E8329BFD4697D9EC37",  # UDL 161 septets
    ],
)
def test_malformed_pdus_raise_protocol_error(bad: str) -> None:
    with pytest.raises(ProtocolError):
        decode_pdu(bad)


_gsm_chars = sorted(set(gsm.DEFAULT_ALPHABET) - {"\x1b"} | set(gsm.EXTENSION.values()))
_gsm_text = st.text(alphabet=st.sampled_from(_gsm_chars))
_any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)))
_phone = st.from_regex(r"\+?[0-9]{1,15}", fullmatch=True)


def _reassemble(pdus: list, direction: str) -> str:
    assembler = ConcatAssembler()
    result = None
    for pdu in pdus:
        sms = decode_pdu(pdu.data, direction=direction)
        result = assembler.add("x", sms.text, sms.concat)
    assert result is not None and assembler.incomplete == 0
    return result


@settings(max_examples=150, deadline=None)
@given(phone=_phone, text=st.one_of(_gsm_text, _any_text), srr=st.booleans(), ref=st.integers(0, 255))
def test_submit_round_trip(phone: str, text: str, srr: bool, ref: int) -> None:
    pdus = encode_submit(phone, text, status_report=srr, concat_reference=ref, message_reference=ref)
    assert all(len(p.data) - 1 == p.tpdu_length and p.tpdu_length <= 164 for p in pdus)
    assert _reassemble(pdus, "mo") == text
    first = decode_pdu(pdus[0].hex)
    assert isinstance(first, SmsSubmit) and first.destination == phone and first.status_report_request == srr


@settings(max_examples=100, deadline=None)
@given(phone=_phone, text=st.one_of(_gsm_text, _any_text))
def test_deliver_round_trip(phone: str, text: str) -> None:
    moment = datetime(2024, 12, 31, 23, 59, 58, tzinfo=timezone(timedelta(hours=-5)))
    pdus = encode_deliver(phone, text, moment, concat_reference=7)
    assert _reassemble(pdus, "mt") == text
    assert decode_pdu(pdus[-1].data).timestamp == moment  # type: ignore[union-attr]


@settings(max_examples=400, deadline=None)
@given(data=st.binary(max_size=200), direction=st.sampled_from([None, "mo", "mt"]), smsc=st.booleans())
def test_random_bytes_raise_only_protocol_error(data: bytes, direction: str | None, smsc: bool) -> None:
    try:
        decode_pdu(data, direction=direction, has_smsc=smsc)
    except ProtocolError:
        pass


@pytest.mark.parametrize(
    ("text", "udl", "packed"),
    [  # TS 23.038 §6.2.1.1: ESC (0x1B) + code; septets packed LSB first (computed by hand)
        ("{", 2, "1B14"),  # 1B 28
        ("[", 2, "1B1E"),  # 1B 3C
        ("€", 2, "9B32"),  # 1B 65
        ("a{b", 4, "E10D4A0C"),  # 61 1B 28 62
    ],
)
def test_extension_characters_byte_table(text: str, udl: int, packed: str) -> None:
    (pdu,) = encode_submit("", text, validity=None)
    assert pdu.data[-(len(packed) // 2 + 1) :] == bytes([udl]) + bytes.fromhex(packed)
    assert decode_pdu(pdu.data).text == text  # type: ignore[union-attr]


def test_unknown_extension_code_and_lone_escape_decode_per_23038() -> None:
    assert gsm.decode_septets([0x1B, 0x41]) == "A"  # unknown extension: the default-table character
    assert gsm.decode_septets([0x41, 0x1B]) == "A "


def test_failed_status_report() -> None:
    tpdu = bytes.fromhex("06" "05" "0B919721436587F9" "52101121436500" "52101121436600" "41")
    report = decode_pdu(b"\x00" + tpdu)
    assert isinstance(report, SmsStatusReport) and report.status == 0x41 and not report.delivered
