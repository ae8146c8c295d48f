"""CENC packet codec: known-good bytes, round trips, resync, and only ProtocolError on junk."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocols import cenc
from protocols.cenc import (
    Ack,
    CencRefused,
    Code,
    Data,
    DeviceInfo,
    Login,
    Nak,
    PacketError,
    PacketStream,
    Ping,
    Register,
    Registered,
    SelectDevice,
    Selector,
    decode,
    encode,
    refusal,
)
from protocols.errors import ConfiguratorError, DeviceError, LinkError, ProtocolError

KNOWN = [
    (Ack(), "434e0001069f6b"),
    (Ping(), "434e000105af08"),
    (Nak(0x06), "434e000315060088e5"),
    (Registered("0.0.0.94", 7593), "434e0007060000005e1da96a6c"),
    (SelectDevice(Selector.ADDRESS, "0.0.0.5"), "434e0006510200000005b109"),
    (Data(b"\xa5\x00abc"), "434e000641a5006162632b4e"),
]


@pytest.mark.parametrize(("packet", "hex_bytes"), KNOWN)
def test_known_bytes(packet: cenc.Packet, hex_bytes: str) -> None:
    assert encode(packet).hex() == hex_bytes
    assert decode(bytes.fromhex(hex_bytes)) == (len(hex_bytes) // 2, packet)


def test_codes_and_error_codes_are_the_manuals() -> None:
    assert (Code.ACK, Code.NAK, Code.ENQ, Code.INF4, Code.INF5, Code.DAC, Code.QST, Code.RSP) == (
        0x06,
        0x15,
        0x05,
        0x46,
        0x4A,
        0x41,
        0x51,
        0x52,
    )
    assert Code.BEL == Code.ACK3 == 0x07
    for code in (0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x65, 0x66):
        assert code in cenc.ERROR_TEXTS
    assert cenc.UPPER_PORT == 22002 and cenc.DIRECT_BASE_PORT == 7500 and cenc.DEVICE_PORT == 11001
    assert cenc.address_of(94) == "0.0.0.94" and cenc.address_of(256) == "0.0.1.0"


def test_refusal_maps_to_typed_bilingual_errors() -> None:
    busy = refusal(cenc.CHANNEL_BUSY)
    assert isinstance(busy, CencRefused) and isinstance(busy, LinkError) and busy.code == 0x05
    assert "busy" in str(busy) and "занят" in busy.message("ru")
    nak = refusal(cenc.DEVICE_NAK, 3)
    assert isinstance(nak, DeviceError) and nak.code == 0x07 and "3" in str(nak)
    assert "0x99" in str(refusal(0x99))


def test_stream_skips_garbage_and_damaged_packets() -> None:
    good = encode(Data(b"hello"))
    damaged = bytearray(encode(Data(b"world")))
    damaged[-1] ^= 0xFF
    stream = PacketStream()
    out = stream.feed(b"\x00\x01zz" + bytes(damaged) + good[:5])
    assert [type(item) for item in out] == [PacketError]
    assert stream.feed(good[5:]) == [Data(b"hello")]
    assert stream.pending == b""


def test_too_long_packet_is_error_0x03() -> None:
    with pytest.raises(PacketError) as info:
        encode(Data(bytes(cenc.MAX_PAYLOAD + 1)))
    assert info.value.error == cenc.PACKET_TOO_LARGE
    header = cenc.MARK + (cenc.MAX_PAYLOAD + 10).to_bytes(2, "big")
    with pytest.raises(PacketError) as info:
        decode(header)
    assert info.value.error == cenc.PACKET_TOO_LARGE and info.value.consumed == len(header)
    good = encode(Ping())
    with pytest.raises(PacketError) as info:
        decode(header + good)
    assert info.value.consumed == len(header)  # one error for the run; the good packet is kept
    assert decode((header + good)[len(header) :]) == (len(good), Ping())


def test_bad_address_is_rejected() -> None:
    for text in ("0.0.0", "0.0.0.256", "a.b.c.d", "", "0.0.0.²"):
        with pytest.raises(ProtocolError):
            cenc.parse_address(text)


_text = st.text(max_size=40)
_address = st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))
_packets = st.one_of(
    st.just(Ack()),
    st.just(Ping()),
    st.builds(Registered, _address, st.integers(0, 65535)),
    st.builds(Nak, st.integers(0, 255), st.integers(0, 255)),
    st.builds(Register, _text, _text, _text, _text),
    st.builds(Login, _text, _text),
    st.builds(SelectDevice, st.just(Selector.SERIAL), _text),
    st.builds(SelectDevice, st.just(Selector.ADDRESS), _address),
    st.builds(DeviceInfo, _text, _address, st.integers(0, 65535), _text, _text, _text),
    st.builds(Data, st.binary(max_size=300)),
)


@given(st.lists(_packets, min_size=1, max_size=5), st.integers(1, 17))
def test_round_trip_through_a_chunked_stream(packets: list[cenc.Packet], chunk: int) -> None:
    wire = b"".join(encode(p) for p in packets)
    stream = PacketStream()
    out: list[object] = []
    for offset in range(0, len(wire), chunk):
        out += stream.feed(wire[offset : offset + chunk])
    assert out == packets


@given(st.binary(max_size=200))
def test_random_bytes_raise_only_protocol_errors(data: bytes) -> None:
    try:
        decode(data)
    except ProtocolError:
        pass
    for item in PacketStream().feed(data):
        assert isinstance(item, (cenc.Packet, PacketError))


@given(st.binary(max_size=60), st.sampled_from(list(Code)))
def test_random_payloads_with_valid_framing(payload: bytes, code: Code) -> None:
    body = (1 + len(payload)).to_bytes(2, "big") + bytes([code]) + payload
    wire = cenc.MARK + body + cenc._crc(body).to_bytes(2, "big")
    try:
        consumed, packet = decode(wire)
    except ConfiguratorError as error:
        assert isinstance(error, ProtocolError)
    else:
        assert consumed == len(wire) and packet is not None
        assert encode(packet) == wire
