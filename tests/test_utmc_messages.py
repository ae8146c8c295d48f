"""UTMC-700 payload records (docs/protocols/utmc.md, "Commands"): one known byte string per message
type, built with ``struct`` from the document's table independently of the codec; the table fails
when a message type is not covered."""

from __future__ import annotations

import dataclasses
import struct
import typing

import pytest
from construct import ConstructError, Struct, Terminated
from hypothesis import given
from hypothesis import strategies as st

from protocols.errors import ProtocolError
from protocols.utmc.utmc_messages import (
    _PLAIN,
    REPLIES,
    REQUESTS,
    Command,
    DevicesCountReply,
    DevicesCountRequest,
    DevicesReadReply,
    DevicesReadRequest,
    DevicesWriteReply,
    DevicesWriteRequest,
    DiscoverReply,
    DiscoverRequest,
    FileInfoReply,
    FileInfoRequest,
    FileListReply,
    FileListRequest,
    FileReadReply,
    FileReadRequest,
    FileWriteBeginReply,
    FileWriteBeginRequest,
    FileWriteDataReply,
    FileWriteDataRequest,
    FileWriteEndReply,
    FileWriteEndRequest,
    FirmwareUpdateReply,
    FirmwareUpdateRequest,
    IdentifyReply,
    IdentifyRequest,
    ListedFile,
    Message,
    ParamReading,
    ParamStatus,
    ParamValue,
    PollAllReply,
    PollAllRequest,
    PollOneReply,
    PollOneRequest,
    ReadParamsReply,
    ReadParamsRequest,
    Request,
    TransferNowReply,
    TransferNowRequest,
    WriteParamsReply,
    WriteParamsRequest,
    encode_message,
    parse_payload,
)


def s(text: str) -> bytes:
    """A "str" of the document: u8 length + UTF-8."""
    raw = text.encode()
    return bytes([len(raw)]) + raw


KNOWN: list[tuple[Message, bytes]] = [
    (IdentifyRequest(), b""),
    (IdentifyReply("70012345", "1.07", "E81722F0", 8192, 8, 256),
     s("70012345") + s("1.07") + s("E81722F0") + struct.pack("<HBH", 8192, 8, 256)),
    (ReadParamsRequest(codes=(1, 2, 3)), struct.pack("<HHHH", 3, 1, 2, 3)),
    (ReadParamsReply((ParamReading(0x0101, 0, b"\x05"), ParamReading(0x0245, 3, b""))),
     struct.pack("<HHB", 2, 0x0101, 0) + b"\x01\x05" + struct.pack("<HB", 0x0245, 3) + b"\x00"),
    (WriteParamsRequest(password=1234, params=(ParamValue(0x0101, b"\x05"),)),
     struct.pack("<HHH", 1234, 1, 0x0101) + b"\x01\x05"),
    (WriteParamsReply((ParamStatus(0x0101, 0), ParamStatus(0x0102, 0x0A))),
     struct.pack("<HHBHB", 2, 0x0101, 0, 0x0102, 0x0A)),
    (DevicesReadRequest(channel=2, start=128, count=128), struct.pack("<BHH", 2, 128, 128)),
    (DevicesReadReply(channel=2, total=130, start=128, records=bytes(64)),
     struct.pack("<BHH", 2, 130, 128) + bytes(64)),
    (DevicesCountRequest(), b""),
    (DevicesCountReply(totals=(0, 256, 3)), struct.pack("<BHHH", 3, 0, 256, 3)),
    (DevicesWriteRequest(password=7, channel=3, total=1, start=0, records=bytes(range(32))),
     struct.pack("<HBHH", 7, 3, 1, 0) + bytes(range(32))),
    (DevicesWriteReply(channel=3, received=1, committed=1), struct.pack("<BHB", 3, 1, 1)),
    (PollAllRequest(), b""),
    (PollAllReply(polled=10, answered=8), struct.pack("<HH", 10, 8)),
    (PollOneRequest(number=257), struct.pack("<H", 257)),
    (PollOneReply(number=257, result=1), struct.pack("<HB", 257, 1)),
    (FileListRequest(path="2025/01"), s("2025/01")),
    (FileListReply((ListedFile("09", 1, 0), ListedFile("a.dat", 0, 777))),
     struct.pack("<H", 2) + s("09") + struct.pack("<BI", 1, 0) + s("a.dat") + struct.pack("<BI", 0, 777)),
    (FileInfoRequest(path="a.dat"), s("a.dat")),
    (FileInfoReply(size=777, crc32=0xDEADBEEF), struct.pack("<II", 777, 0xDEADBEEF)),
    (FileReadRequest(path="a.dat", offset=4096, length=4096), s("a.dat") + struct.pack("<IH", 4096, 4096)),
    (FileReadReply(offset=4096, data=b"abc"), struct.pack("<I", 4096) + b"abc"),
    (FileWriteBeginRequest(password=0, path="update/fw.hex", size=10, crc32=1),
     struct.pack("<H", 0) + s("update/fw.hex") + struct.pack("<II", 10, 1)),
    (FileWriteBeginReply(), b""),
    (FileWriteDataRequest(offset=0, data=b":00000001FF"), struct.pack("<I", 0) + b":00000001FF"),
    (FileWriteDataReply(received=11), struct.pack("<I", 11)),
    (FileWriteEndRequest(), b""),
    (FileWriteEndReply(size=11, crc32=2), struct.pack("<II", 11, 2)),
    (FirmwareUpdateRequest(password=65535, path="update/fw.hex"), struct.pack("<H", 65535) + s("update/fw.hex")),
    (FirmwareUpdateReply(firmware_id="E81722F0"), s("E81722F0")),
    (TransferNowRequest(), b""),
    (TransferNowReply(), b""),
    (DiscoverRequest(), b""),
    (DiscoverReply("70012345", "1.07", bytes([127, 0, 0, 1]), 4001),
     s("70012345") + s("1.07") + bytes([127, 0, 0, 1]) + struct.pack("<H", 4001)),
]


@pytest.mark.parametrize(("message", "payload"), KNOWN, ids=[type(m).__name__ for m, _ in KNOWN])
def test_known_payloads(message: Message, payload: bytes) -> None:
    assert encode_message(message) == payload
    assert parse_payload(message.COMMAND, not isinstance(message, Request), payload) == message


def test_every_message_type_has_a_known_payload() -> None:
    covered = {type(message) for message, _ in KNOWN}
    assert covered == set(REQUESTS.values()) | set(REPLIES.values())


@pytest.mark.parametrize("request_type", list(REQUESTS.values()), ids=lambda t: t.__name__)
def test_a_request_declares_the_type_of_its_reply(request_type: type[Message]) -> None:
    """``Request[R]``: R is what reply_from returns, so it must be the command's reply record."""
    (base,) = (b for b in request_type.__orig_bases__ if typing.get_origin(b) is Request)  # type: ignore[attr-defined]
    assert typing.get_args(base) == (REPLIES[request_type.COMMAND],)


def test_a_reply_payload_is_parsed_as_its_requests_reply() -> None:
    reply = ReadParamsRequest(codes=(1,)).reply_from(encode_message(ReadParamsReply((ParamReading(1, 0, b"x"),))))
    assert reply == ReadParamsReply((ParamReading(1, 0, b"x"),))
    with pytest.raises(ProtocolError, match=r"Malformed UTMC reply \(parameter read\)") as caught:
        ReadParamsRequest(codes=(1,)).reply_from(b"\x01")
    assert caught.value.message("ru") == "Неверный ответ УТМЦ (чтение параметров): 01"  # the operation in words


@given(st.sampled_from(list(Command)), st.booleans(), st.binary(max_size=64))
def test_what_parses_encodes_back_to_the_same_bytes(command: Command, reply: bool, payload: bytes) -> None:
    try:
        message = parse_payload(command, reply, payload)
    except ProtocolError:
        return
    assert encode_message(message) == payload


PLAIN = sorted(_PLAIN, key=lambda cls: cls.__name__)


@given(st.sampled_from(PLAIN), st.binary(max_size=24))
def test_a_plain_layout_parses_as_its_construct_declaration(cls: type[Message], payload: bytes) -> None:
    """The struct fast path is derived from LAYOUT: it must take and refuse exactly what construct does."""
    reply = cls in REPLIES.values()
    try:
        body = Struct("body" / cls.LAYOUT, Terminated).parse(payload).body
        expected: Message | None = cls(**{name: body[name] for name in _fields_of(cls)})
    except (ConstructError, struct.error):
        expected = None
    if expected is None:
        with pytest.raises(ProtocolError):
            parse_payload(cls.COMMAND, reply, payload)
    else:
        assert parse_payload(cls.COMMAND, reply, payload) == expected


@given(st.sampled_from(PLAIN), st.data())
def test_a_plain_layout_builds_as_its_construct_declaration(cls: type[Message], data: st.DataObject) -> None:
    values = {name: data.draw(st.one_of(st.integers(-2, 70_000), st.integers(0, 1 << 33), st.booleans()), label=name)
              for name in _PLAIN[cls].names}
    if _PLAIN[cls].tail is not None:
        values[_PLAIN[cls].tail] = data.draw(st.one_of(st.binary(max_size=8), st.integers(0, 3), st.text(max_size=3)))
    message = cls(**values)
    try:
        expected: bytes | None = bytes(cls.LAYOUT.build(values))
    except (ConstructError, struct.error, TypeError, ValueError, OverflowError):
        expected = None
    if expected is None:
        with pytest.raises(ProtocolError):
            encode_message(message)
    else:
        assert encode_message(message) == expected


def _fields_of(cls: type[Message]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]
