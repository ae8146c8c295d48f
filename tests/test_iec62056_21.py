"""IEC 62056-21 mode C codec: known-good byte tables, round trips and random input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocols.errors import ConfiguratorError, ProtocolError
from protocols.meter import iec62056_21 as iec


def test_known_good_bytes() -> None:
    assert iec.encode_sign_on() == b"/?!\r\n"
    assert iec.encode_sign_on("12345") == b"/?12345!\r\n"
    assert iec.encode_option_select(iec.OptionSelect("5")) == b"\x06051\r\n"
    # P1 with password 777777: BCC over "P1" STX "(777777)" ETX
    p1 = iec.encode_command(iec.password_command("777777"))
    assert p1[:4] == b"\x01P1\x02" and p1[4:-2] == b"(777777)" and p1[-2] == iec.ETX
    assert p1[-1] == iec.bcc(b"P1\x02(777777)\x03")
    # the break: SOH B0 ETX BCC — BCC of "B0" ETX is 0x71
    assert iec.encode_command(iec.BREAK) == b"\x01B0\x03\x71"
    # a classic example from meter documentation: STX "(1)" ETX → BCC 0x33 ^ ... computed
    assert iec.encode_data_message(iec.DataMessage(b"(1)")) == b"\x02(1)\x03" + bytes([iec.bcc(b"(1)\x03")])


def test_identification_parsing_and_baud_chars() -> None:
    consumed, ident = iec.decode_identification(b"\x00\x7f/EKT5CE308v11.2\r\nrest")
    assert ident == iec.Identification("EKT", "5", "CE308v11.2")
    assert consumed == len(b"\x00\x7f/EKT5CE308v11.2\r\n")
    assert ident.baudrate == 9600
    assert iec.decode_identification(b"/EKT6CE\r\n")[1].baudrate == 19200  # type: ignore[union-attr]
    assert iec.decode_identification(b"/EKT0CE\r\n")[1].baudrate == 300  # type: ignore[union-attr]
    assert iec.decode_identification(b"/EKT5CE3")[1] is None  # incomplete: wait for more
    with pytest.raises(ProtocolError, match="mode C"):
        iec.decode_identification(b"/EKTECE308\r\n")  # mode B letter
    # noise containing '/' before the real identification is skipped
    buffer = b"x/\x13/EKT5CE308\r\n"
    while True:
        consumed, ident = iec.decode_identification(buffer)
        buffer = buffer[consumed:]
        if ident:
            break
    assert ident.ident == "CE308"


def test_requests_as_the_meter_sees_them() -> None:
    stream = (
        iec.encode_sign_on()
        + iec.encode_option_select(iec.OptionSelect("5"))
        + iec.encode_command(iec.password_command("777777"))
        + iec.encode_command(iec.Command("R", "1", b"GSMIO(01;0A0B)"))
        + bytes([iec.NAK])
        + iec.encode_command(iec.BREAK)
    )
    frames = []
    while stream:
        consumed, frame = iec.decode_request(stream)
        assert frame is not None
        frames.append(frame)
        stream = stream[consumed:]
    assert frames == [
        iec.SignOn(),
        iec.OptionSelect("5", "1", "0"),
        iec.Command("P", "1", b"(777777)"),
        iec.Command("R", "1", b"GSMIO(01;0A0B)"),
        iec.Nak(),
        iec.Command("B", "0"),
    ]


def test_replies_and_resynchronisation() -> None:
    reply = iec.encode_data_message(iec.DataMessage(b"GSMIO(01;C0DE)"))
    # noise with a false STX before the real message is skipped
    buffer = b"\x02\x11zz" + reply
    found = None
    while buffer:
        consumed, found = iec.decode_reply(buffer)
        buffer = buffer[consumed:]
        if found:
            break
    assert found == iec.DataMessage(b"GSMIO(01;C0DE)")
    assert iec.decode_reply(b"\x06")[1] == iec.Ack()
    assert iec.decode_reply(b"\x15")[1] == iec.Nak()
    assert iec.decode_reply(reply[:-1]) == (0, None)  # BCC not yet received
    corrupted = reply[:-1] + bytes([reply[-1] ^ 1])
    with pytest.raises(ProtocolError, match="BCC"):
        iec.decode_reply(corrupted)
    p0 = iec.encode_command(iec.Command("P", "0", b"(012345678)"))
    assert iec.decode_reply(p0)[1] == iec.Command("P", "0", b"(012345678)")


def test_error_message_and_data_sets() -> None:
    assert iec.DataMessage(b"(ERR12)").error == "ERR12"
    assert iec.DataMessage(b"GSMIO(01;)").error is None
    sets = iec.parse_data_sets(b"VOLTA(230.1*V)\r\nSNUMB(0123)")
    assert sets == [iec.DataSet("VOLTA", "230.1", "V"), iec.DataSet("SNUMB", "0123")]
    assert iec.DataSet("VOLTA", "230.1", "V").encode() == b"VOLTA(230.1*V)"
    with pytest.raises(ProtocolError):
        iec.parse_data_sets(b"VOLTA(230")
    with pytest.raises(ProtocolError):
        iec.DataSet("X", "a(b").encode()
    with pytest.raises(ProtocolError):
        iec.encode_command(iec.Command("W", "1", "X(\u00e9)".encode()))


_printable = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="()*/!"))


@given(command=st.sampled_from("PWRE"), kind=st.sampled_from("0123456"), address=_printable, value=_printable)
def test_command_round_trip(command: str, kind: str, address: str, value: str) -> None:
    data = iec.DataSet(address, value).encode()
    frame = iec.Command(command, kind, data)
    encoded = iec.encode_command(frame)
    assert all(b < 0x80 for b in encoded)
    assert iec.decode_request(encoded) == (len(encoded), frame)
    assert iec.parse_data_sets(data) == [iec.DataSet(address, value)]


@given(data=st.binary(max_size=200).map(lambda b: bytes(c & 0x7F for c in b if c & 0x7F not in (1, 2, 3, 4))))
def test_data_message_round_trip(data: bytes) -> None:
    for partial in (False, True):
        message = iec.DataMessage(data, partial)
        encoded = iec.encode_data_message(message)
        assert iec.decode_reply(encoded) == (len(encoded), message)


@given(
    manufacturer=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    baud=st.sampled_from(sorted(iec.BAUD_BY_CHAR)),
    ident=_printable.filter(lambda s: 1 <= len(s) <= 32),
)
def test_identification_round_trip(manufacturer: str, baud: str, ident: str) -> None:
    frame = iec.Identification(manufacturer, baud, ident)
    encoded = iec.encode_identification(frame)
    assert iec.decode_identification(encoded) == (len(encoded), frame)


@given(st.binary(max_size=300))
def test_random_bytes_raise_only_protocol_errors(data: bytes) -> None:
    for decode in (iec.decode_reply, iec.decode_request, iec.decode_identification):
        buffer = data
        for _ in range(len(data) + 1):
            try:
                consumed, _frame = decode(buffer)
            except ProtocolError:
                break
            except ConfiguratorError as error:  # pragma: no cover - would be a bug
                raise AssertionError(f"unexpected {type(error).__name__}") from error
            assert 0 <= consumed <= len(buffer)
            if consumed == 0:
                break
            buffer = buffer[consumed:]
    try:
        iec.parse_data_sets(data)
    except ProtocolError:
        pass


@given(st.binary(max_size=100))
def test_software_parity(data: bytes) -> None:
    seven = bytes(b & 0x7F for b in data)
    wire = iec.add_even_parity(seven)
    assert all(bin(b).count("1") % 2 == 0 for b in wire)
    assert iec.strip_even_parity(wire) == seven
    flipped = bytes(b ^ 0x01 for b in wire)  # one bit wrong in every character
    assert set(iec.strip_even_parity(flipped)) <= {iec.PARITY_ERROR}


_seven_bit = st.binary(max_size=120).map(lambda b: bytes(c & 0x7F for c in b))


@given(st.one_of(_seven_bit, _seven_bit.map(lambda b: b"GSMIO(" + b + b")")))
def test_forwarded_blocks_and_meter_errors_from_random_data(data: bytes) -> None:
    """The direct-channel block parsers and the (ERRnn) check raise only project errors."""
    from protocols.meter import direct_forwarding as forwarding

    message = iec.DataMessage(data)
    try:
        error = message.error
    except ConfiguratorError:
        error = None
    if error is not None:
        refusal = iec.MeterRefusal(error)
        assert refusal.code >= 0 and error in refusal.message("en")
    for parse in (forwarding.parse_iec_reply, lambda m: forwarding.parse_iec_request(iec.Command("R", "1", m.data))):
        try:
            seq, payload = parse(message)
        except ConfiguratorError:
            continue
        assert 0 <= seq <= 255 and isinstance(payload, bytes)


def test_meter_error_answer_is_recognised() -> None:
    assert iec.DataMessage(b"(ERR03)").error == "ERR03"
    assert iec.MeterRefusal("ERR03").code == 3 and iec.MeterRefusal("ERRX").code == 0
    assert iec.DataMessage(b"GSMIO(01;AB)").error is None
