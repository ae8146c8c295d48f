"""Module frames (docs/protocols/module-frames.md): known-good bytes, round trips, resync, fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.errors import ConfiguratorError, ProtocolError, ValidationError
from protocols.module.module_frames import (
    MAX_BODY,
    MESSAGE_TYPES,
    REPLY_TYPES,
    ErrorReply,
    ExtendedStatusReply,
    ExtendedStatusRequest,
    Frame,
    FrameError,
    FrameReader,
    IccidReply,
    IccidRequest,
    ImeiReply,
    ImeiRequest,
    IpReply,
    IpRequest,
    Ipv6Reply,
    Ipv6Request,
    ParamReadResult,
    ParamValue,
    ParamWriteResult,
    ReadParamsReply,
    ReadParamsRequest,
    RestartReply,
    RestartRequest,
    StatusReply,
    StatusRequest,
    WriteParamsReply,
    WriteParamsRequest,
    crc16_modbus,
    decode,
    encode,
    is_reply_to,
)

GSM_VERSION = "c1.0v1.4.8420.1.1.1"
INFO = {"status": 0x4B, "system_address": "0.0.0.94", "version": GSM_VERSION}
VERSION_HEX = "00 00 00 5E 13 63 31 2E 30 76 31 2E 34 2E 38 34 32 30 2E 31 2E 31 2E 31"

# The test vectors of docs/protocols/module-frames.md, plus one per remaining message type.
KNOWN_FRAMES = [
    (StatusRequest(seq=1), "A5 00 02 FF FD 01 01 F6 7E"),
    (StatusReply(**INFO, seq=1), f"A5 00 1B FF E4 01 81 4B {VERSION_HEX} C1 D7"),
    (
        ExtendedStatusReply(**INFO, gprs=3, registration=1, band=6, signal=7, sim=1, meter_link=0, seq=2),
        f"A5 00 25 FF DA 02 82 4B {VERSION_HEX} 03 01 06 07 01 00 FF FF FF 00 E8 A5",
    ),
    (
        WriteParamsRequest("12345678", (ParamValue(0x10, b"\x01"), ParamValue(0x11, b"internet")), seq=3),
        "A5 00 1B FF E4 03 11 08 31 32 33 34 35 36 37 38 02 00 10 01 01 00 11 08 69 6E 74 65 72 6E 65 74 C8 AA",
    ),
    (
        WriteParamsReply(0x4B, (ParamWriteResult(0x10, 0), ParamWriteResult(0x11, 3)), seq=3),
        "A5 00 0A FF F5 03 91 4B 02 00 10 00 00 11 03 C2 5C",
    ),
    (ErrorReply(command=0x11, error=0x02, seq=4), "A5 00 04 FF FB 04 FF 11 02 C5 2D"),
    (RestartRequest("12345678", seq=5), "A5 00 0B FF F4 05 12 08 31 32 33 34 35 36 37 38 A2 4F"),
]


def _frame_hex(seq: int, command: int, payload: bytes) -> str:
    body = bytes([seq, command]) + payload
    data = bytes([0xA5]) + len(body).to_bytes(2, "big") + (len(body) ^ 0xFFFF).to_bytes(2, "big") + body
    return (data + crc16_modbus(data).to_bytes(2, "little")).hex(" ").upper()


_INFO_BYTES = bytes.fromhex("4B" + VERSION_HEX.replace(" ", ""))
# Built from the layout in the document, independently of the codec.
KNOWN_FRAMES += [
    (ExtendedStatusRequest(seq=7), _frame_hex(7, 0x02, b"")),
    (ImeiRequest(seq=8), _frame_hex(8, 0x03, b"")),
    (IpRequest(seq=9), _frame_hex(9, 0x04, b"")),
    (Ipv6Request(seq=10), _frame_hex(10, 0x05, b"")),
    (IccidRequest(seq=11), _frame_hex(11, 0x06, b"")),
    (ReadParamsRequest("12345678", (0x10, 0x0102)), _frame_hex(0, 0x10, b"\x0812345678\x02\x00\x10\x01\x02")),
    (
        ExtendedStatusReply(0x06, "0.0.0.9", "v04", gprs=3, registration=3, signal=5, http_loader=0, mqtt_client=1,
                            mqtt_loader=2, transceiver_firmware="4"),
        _frame_hex(0, 0x82, b"\x06\x00\x00\x00\x09\x03v04\x03\x03\xff\x05\xff\xff\x00\x01\x02\x014"),
    ),  # fmt: skip
    (ImeiReply(**INFO, imei="868333035384599"), _frame_hex(0, 0x83, _INFO_BYTES + b"\x0f868333035384599")),
    (IpReply(**INFO, ip="10.24.201.11"), _frame_hex(0, 0x84, _INFO_BYTES + bytes([10, 24, 201, 11]))),
    (IpReply(**INFO), _frame_hex(0, 0x84, _INFO_BYTES + bytes(4))),
    (
        Ipv6Reply(**INFO, ipv6="2a00:11a0:0000:e909:0:1d:8512:6d01"),
        _frame_hex(0, 0x85, _INFO_BYTES + bytes.fromhex("2a0011a00000e9090000001d85126d01")),
    ),
    (Ipv6Reply(**INFO), _frame_hex(0, 0x85, _INFO_BYTES + bytes(16))),
    (IccidReply(**INFO, iccid="89701010085350004087"), _frame_hex(0, 0x86, _INFO_BYTES + b"\x1489701010085350004087")),
    (
        ReadParamsReply(0x4B, (ParamReadResult(0x10, 0, b"\x01"), ParamReadResult(0x99, 3, b""))),
        _frame_hex(0, 0x90, b"\x4b\x02\x00\x10\x00\x01\x01\x00\x99\x03\x00"),
    ),
    (RestartReply(0x4B, seq=5), _frame_hex(5, 0x92, b"\x4b")),
]


@pytest.mark.parametrize(("frame", "hex_bytes"), KNOWN_FRAMES, ids=lambda v: type(v).__name__)
def test_known_frames(frame: Frame, hex_bytes: str) -> None:
    raw = bytes.fromhex(hex_bytes)
    assert encode(frame) == raw
    assert decode(raw) == (len(raw), frame)


def test_every_message_type_has_a_known_frame() -> None:
    assert {type(frame) for frame, _ in KNOWN_FRAMES} == set(MESSAGE_TYPES)


def test_crc_check_values() -> None:
    assert crc16_modbus(b"123456789") == 0x4B37
    assert crc16_modbus(bytes.fromhex("01030000000A")).to_bytes(2, "little") == bytes.fromhex("C5CD")


def test_reply_pairs_and_matching() -> None:
    assert REPLY_TYPES[StatusRequest] is StatusReply
    assert REPLY_TYPES[WriteParamsRequest] is WriteParamsReply
    assert len(REPLY_TYPES) == 9
    request = WriteParamsRequest("1", (), seq=9)
    assert is_reply_to(WriteParamsReply(0, (), seq=9), request)
    assert is_reply_to(ErrorReply(command=0x11, error=2, seq=9), request)
    assert not is_reply_to(WriteParamsReply(0, (), seq=8), request)
    assert not is_reply_to(StatusReply(**INFO, seq=9), request)
    assert not is_reply_to(ErrorReply(command=0x01, error=6, seq=9), request)


# --- Incremental decoding ---------------------------------------------------------------------

STATUS = encode(StatusReply(**INFO, seq=1))


def test_incomplete_frames_wait_for_more_bytes() -> None:
    for cut in range(len(STATUS)):
        assert decode(STATUS[:cut]) == (0, None)


def test_garbage_before_start_is_skipped() -> None:
    assert decode(b"\x00\x11garbage") == (9, None)
    assert decode(b"\x00\x11" + STATUS) == (2 + len(STATUS), StatusReply(**INFO, seq=1))
    assert decode(b"\x00\x11" + STATUS[:4]) == (2, None)


def test_false_start_in_garbage_is_skipped() -> None:
    false_start = b"\xa5\x00\x10\x12\x34"  # length check does not match
    assert decode(false_start + STATUS) == (5 + len(STATUS), StatusReply(**INFO, seq=1))
    assert decode(b"\xa5\xff\xff\x00\x00" + STATUS)[1] is not None  # LEN beyond MAX_BODY


def test_crc_error_drops_the_damaged_run_up_to_the_next_possible_start() -> None:
    corrupt = bytearray(STATUS)
    corrupt[10] ^= 0x01
    with pytest.raises(FrameError) as raised:
        decode(b"xy" + bytes(corrupt) + STATUS[:3])
    assert raised.value.consumed == 2 + len(corrupt)  # the next start byte: an incomplete frame
    assert "CRC" in str(raised.value) and isinstance(raised.value, ProtocolError)


def test_a_frame_inside_a_false_start_is_found() -> None:
    length = len(STATUS) + 3  # a plausible header whose "frame" swallows the real one
    false_start = bytes([0xA5]) + length.to_bytes(2, "big") + (length ^ 0xFFFF).to_bytes(2, "big") + b"\x00"
    stream = false_start + STATUS + b"\x00" * 8
    with pytest.raises(FrameError) as raised:
        decode(stream)
    assert raised.value.consumed == len(false_start)
    assert decode(stream[raised.value.consumed :]) == (len(STATUS), StatusReply(**INFO, seq=1))


def test_unknown_command_names_the_device_error() -> None:
    raw = bytes.fromhex(_frame_hex(3, 0x42, b"\x00"))
    with pytest.raises(FrameError) as raised:
        decode(raw)
    assert (raised.value.consumed, raised.value.seq, raised.value.command, raised.value.device_error) == (
        len(raw), 3, 0x42, 0x06)


@pytest.mark.parametrize(
    "payload",
    [b"\x00", b"\x4b\x00\x00\x00\x5e\x05c1", b"\x4b\x00\x00\x00\x5e\x01\xff", b"\x4b\x00\x00\x00\x5e\x00extra"],
)
def test_malformed_payload_is_a_structure_error(payload: bytes) -> None:
    raw = bytes.fromhex(_frame_hex(4, 0x81, payload))
    with pytest.raises(FrameError) as raised:
        decode(raw)
    assert (raised.value.consumed, raised.value.command, raised.value.device_error) == (len(raw), 0x81, 0x01)


def test_reader_handles_split_noise_and_errors() -> None:
    frames = [StatusRequest(seq=1), WriteParamsRequest("12345678", (ParamValue(1, b"x"),), seq=2),
              ErrorReply(command=1, error=6, seq=3)]  # fmt: skip
    corrupt = bytearray(encode(StatusRequest(seq=9)))
    corrupt[-1] ^= 0xFF
    stream = b"\x00" + encode(frames[0]) + b"noise" + bytes(corrupt) + encode(frames[1]) + encode(frames[2])
    reader, received, errors = FrameReader(), [], 0
    for byte in stream:  # one byte at a time, as a slow serial line delivers them
        reader.feed(bytes([byte]))
        while True:
            try:
                frame = reader.next_frame()
            except FrameError:
                errors += 1
                continue
            if frame is None:
                break
            received.append(frame)
    assert received == frames and errors == 1 and reader.pending == 0


def test_reader_frames_returns_all_buffered() -> None:
    reader = FrameReader()
    reader.feed(encode(StatusRequest(seq=1)) + encode(IpRequest(seq=2)) + encode(ImeiRequest(seq=3))[:4])
    assert reader.frames() == [StatusRequest(seq=1), IpRequest(seq=2)]
    assert reader.pending == 4


# --- Encoding errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        StatusRequest(seq=256),
        StatusReply(status=0x100, system_address="0.0.0.1", version="v"),
        StatusReply(status=0, system_address="0.0.0.256", version="v"),
        StatusReply(status=0, system_address="0.0.1", version="v"),
        StatusReply(status=0, system_address="0.0.0.1", version="версия"),
        StatusReply(status=0, system_address="0.0.0.1", version="v" * 256),
        ExtendedStatusReply(**INFO, signal=0xFF),
        ExtendedStatusReply(**INFO, signal=-1),
        IpReply(**INFO, ip="::1"),
        Ipv6Reply(**INFO, ipv6="10.0.0.1"),
        Ipv6Reply(**INFO, ipv6="not an address"),
        WriteParamsRequest("12345678", (ParamValue(0x10000, b""),)),
        WriteParamsRequest("12345678", (ParamValue(1, bytes(256)),)),
        WriteParamsRequest("12345678", tuple(ParamValue(1, b"") for _ in range(256))),
        WriteParamsRequest("12345678", tuple(ParamValue(n, bytes(255)) for n in range(17))),  # > MAX_BODY
    ],
    ids=repr,
)
def test_unencodable_values_raise_validation_error(frame: Frame) -> None:
    with pytest.raises(ValidationError):
        encode(frame)


def test_base_classes_are_not_messages() -> None:
    with pytest.raises(ValidationError):
        encode(Frame())


def test_max_body_is_accepted() -> None:
    values = tuple(ParamValue(n, bytes(255)) for n in range(15))
    frame = WriteParamsRequest("p" * (MAX_BODY - 2 - 1 - 1 - 15 * 258), values)  # seq, cmd, len, count
    raw = encode(frame)
    assert len(raw) == MAX_BODY + 7 and decode(raw) == (len(raw), frame)


# --- Property tests ---------------------------------------------------------------------------

_u8 = st.integers(0, 255)
_code = st.one_of(st.none(), st.integers(0, 254))
_ascii = st.text(st.characters(min_codepoint=0, max_codepoint=127), max_size=40)
_address = st.tuples(_u8, _u8, _u8, _u8).map(lambda t: ".".join(map(str, t)))
_ipv4 = st.one_of(st.none(), st.ip_addresses(v=4).filter(lambda a: int(a) != 0).map(str))
_ipv6 = st.one_of(st.none(), st.ip_addresses(v=6).filter(lambda a: int(a) != 0).map(str))
_blob = st.binary(max_size=255)
_info = {"status": _u8, "system_address": _address, "version": _ascii, "seq": _u8}

STRATEGIES: dict[type[Frame], st.SearchStrategy[Frame]] = {
    StatusRequest: st.builds(StatusRequest, seq=_u8),
    ExtendedStatusRequest: st.builds(ExtendedStatusRequest, seq=_u8),
    ImeiRequest: st.builds(ImeiRequest, seq=_u8),
    IpRequest: st.builds(IpRequest, seq=_u8),
    Ipv6Request: st.builds(Ipv6Request, seq=_u8),
    IccidRequest: st.builds(IccidRequest, seq=_u8),
    ReadParamsRequest: st.builds(ReadParamsRequest, password=_ascii, seq=_u8,
                                 codes=st.lists(st.integers(0, 0xFFFF), max_size=20).map(tuple)),
    WriteParamsRequest: st.builds(WriteParamsRequest, password=_ascii, seq=_u8, values=st.lists(
        st.builds(ParamValue, code=st.integers(0, 0xFFFF), value=_blob), max_size=8).map(tuple)),
    RestartRequest: st.builds(RestartRequest, password=_ascii, seq=_u8),
    StatusReply: st.builds(StatusReply, **_info),
    ExtendedStatusReply: st.builds(
        ExtendedStatusReply, **_info, gprs=_code, registration=_code, band=_code, signal=_code, sim=_code,
        meter_link=_code, http_loader=_code, mqtt_client=_code, mqtt_loader=_code, transceiver_firmware=_ascii),
    ImeiReply: st.builds(ImeiReply, **_info, imei=_ascii),
    IpReply: st.builds(IpReply, **_info, ip=_ipv4),
    Ipv6Reply: st.builds(Ipv6Reply, **_info, ipv6=_ipv6),
    IccidReply: st.builds(IccidReply, **_info, iccid=_ascii),
    ReadParamsReply: st.builds(ReadParamsReply, status=_u8, seq=_u8, results=st.lists(
        st.builds(ParamReadResult, code=st.integers(0, 0xFFFF), result=_u8, value=_blob), max_size=8).map(tuple)),
    WriteParamsReply: st.builds(WriteParamsReply, status=_u8, seq=_u8, results=st.lists(
        st.builds(ParamWriteResult, code=st.integers(0, 0xFFFF), result=_u8), max_size=20).map(tuple)),
    RestartReply: st.builds(RestartReply, status=_u8, seq=_u8),
    ErrorReply: st.builds(ErrorReply, command=_u8, error=_u8, seq=_u8),
}  # fmt: skip


def test_strategies_cover_every_message_type() -> None:
    assert set(STRATEGIES) == set(MESSAGE_TYPES)


@settings(max_examples=300)
@given(st.one_of(*STRATEGIES.values()))
def test_round_trip(frame: Frame) -> None:
    raw = encode(frame)
    assert decode(raw) == (len(raw), frame)
    assert encode(decode(raw)[1]) == raw


@given(st.lists(st.one_of(*STRATEGIES.values()), min_size=1, max_size=5), st.binary(max_size=20), st.data())
def test_stream_of_frames_in_random_chunks(frames: list[Frame], garbage: bytes, data: st.DataObject) -> None:
    stream = garbage.replace(b"\xa5", b"") + b"".join(encode(f) for f in frames)
    reader, received, position = FrameReader(), [], 0
    while position < len(stream):
        size = data.draw(st.integers(1, 64))
        reader.feed(stream[position : position + size])
        position += size
        received += reader.frames()
    assert received == frames


@settings(max_examples=500)
@given(st.binary(max_size=200))
def test_random_bytes_raise_only_project_errors(raw: bytes) -> None:
    try:
        consumed, frame = decode(raw)
    except FrameError as error:
        assert 0 < error.consumed <= len(raw)
        return
    assert 0 <= consumed <= len(raw)


@settings(max_examples=500)
@given(st.sampled_from(MESSAGE_TYPES), st.binary(max_size=80), _u8)
def test_random_payloads_with_good_framing(cls: type[Frame], payload: bytes, seq: int) -> None:
    raw = bytes.fromhex(_frame_hex(seq, cls.COMMAND, payload))
    try:
        consumed, frame = decode(raw)
    except FrameError as error:
        assert error.device_error == 0x01 and error.consumed == len(raw)
        return
    assert consumed == len(raw) and type(frame) is cls and frame.seq == seq
    assert encode(frame) == raw or isinstance(frame, Ipv6Reply | IpReply)  # addresses may re-spell


@given(st.one_of(*STRATEGIES.values()), st.data())
def test_single_bit_flips_are_detected(frame: Frame, data: st.DataObject) -> None:
    raw = bytearray(encode(frame))
    bit = data.draw(st.integers(8, len(raw) * 8 - 1))  # any bit after the start byte
    raw[bit // 8] ^= 1 << (bit % 8)
    try:
        consumed, decoded = decode(bytes(raw))
    except ConfiguratorError:
        return
    assert decoded != frame  # CRC-16 catches every single-bit error
