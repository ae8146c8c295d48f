"""The request/reply kernel (app/core/session.py) with both codecs, against scripted devices on an
in-memory link, in virtual time (tests/virtual_time.py): numbering, matching, repeats only where
safe, the pipelining window, noise and stray counters, and the decoded-frame trace."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

import pytest

from app.core.links.base import FrameEvent, Link
from app.core.session import COALESCE, Session
from protocols.errors import DeviceError, LinkTimeout
from protocols.module import module_frames as mf
from protocols.module.module_codec import MODULE_CODEC, ModuleCodec
from protocols.secret_bytes import masked_hex
from protocols.text import Text
from protocols.utmc.utmc_codec import UTMC_CODEC
from protocols.utmc.utmc_frames import Frame, decode_frame, encode_frame
from protocols.utmc.utmc_messages import (
    ErrorCode,
    FileReadReply,
    FileReadRequest,
    FirmwareUpdateRequest,
    ParamValue,
    WriteParamsReply,
    WriteParamsRequest,
    encode_message,
    error_payload,
)
from tests.virtual_time import run_in_virtual_time

Device = Callable[[bytes], list[tuple[float, bytes]]]
"""A scripted device: request bytes -> replies, each (delay in seconds, bytes)."""
INFO = dict(status=0, system_address="0.0.0.7", version="c1.0v1.4.8420.1.1.1")


def split_frames(data: bytes) -> list[bytes]:
    """The frames of one write (a session may send several requests in one), UTMC or module ones."""
    frames = []
    while data:
        consumed, frame = (decode_frame if data.startswith(b"\xa5\x5a") else mf.decode)(data)
        assert frame is not None, data
        frames.append(data[:consumed])
        data = data[consumed:]
    return frames


class ScriptedLink(Link):
    """An in-memory link to a scripted device; it records the writes and the requests the host sent.
    The device answers each request in turn; replies arrive in the order they were made (as on a
    wire), each not before its delay."""

    description = "scripted"

    def __init__(self, device: Device) -> None:
        super().__init__()
        self.device = device
        self.sent: list[tuple[float, bytes]] = []  # one per request
        self.writes: list[bytes] = []
        self._queue: deque[tuple[float, bytes]] = deque()

    async def _open(self) -> None:
        pass

    async def _close(self) -> None:
        pass

    async def _write(self, data: bytes) -> None:
        loop = asyncio.get_running_loop()
        self.writes.append(data)
        idle = not self._queue
        for request in split_frames(data):
            self.sent.append((loop.time(), request))
            self._queue.extend((loop.time() + delay, reply) for delay, reply in self.device(request))
        if idle and self._queue:
            loop.call_at(self._queue[0][0], self._deliver)

    def _deliver(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue and self._queue[0][0] <= loop.time():
            self._feed(self._queue.popleft()[1])
        if self._queue:
            loop.call_at(max(self._queue[0][0], loop.time()), self._deliver)


class Recorder:
    """A traffic listener that also takes decoded frames (the exchange log's kind)."""

    def __init__(self) -> None:
        self.bytes: list[tuple[str, bytes]] = []
        self.frames: list[FrameEvent] = []
        self.notes: list[Text] = []

    def __call__(self, direction: str, data: bytes) -> None:
        self.bytes.append((direction, data))

    def frame(self, event: FrameEvent) -> None:
        self.frames.append(event)

    def note(self, text: Text) -> None:
        self.notes.append(text)


def utmc_reply(data: bytes, message: Any, *, error: bool = False) -> bytes:
    _, request = decode_frame(data)
    assert request is not None
    payload = message if error else encode_message(message)
    return encode_frame(Frame(request.command, request.seq, payload, reply=True, error=error))


async def _opened(link: Link) -> Link:
    await link.open()
    return link


def test_the_reply_with_the_requests_number_is_taken_and_the_rest_counted() -> None:
    noise = b"\x00\x01garbage"

    def device(data: bytes) -> list[tuple[float, bytes]]:
        _, request = mf.decode(data)
        assert request is not None
        stray = mf.encode(mf.StatusReply(**INFO, seq=(request.seq - 1) % 256))  # late, of an earlier request
        return [(0.05, noise), (0.1, stray), (0.2, mf.encode(mf.StatusReply(**INFO, seq=request.seq)))]

    async def scenario() -> tuple[mf.Frame, Session[mf.Frame, mf.Frame]]:
        session = Session(await _opened(ScriptedLink(device)), MODULE_CODEC, timeout=1.0)
        return await session.request(mf.StatusRequest()), session

    (reply, session), elapsed = run_in_virtual_time(scenario())
    assert isinstance(reply, mf.StatusReply) and elapsed == pytest.approx(0.2)
    assert (session.stray_frames, session.attempts, session.noise_bytes) == (1, 1, len(noise))


@pytest.mark.parametrize(("codec", "renumbered"), [(MODULE_CODEC, True), (UTMC_CODEC, False)])
def test_a_lost_reply_is_repeated_renumbered_as_the_codec_says(codec: Any, renumbered: bool) -> None:
    if codec is MODULE_CODEC:
        request: Any = mf.StatusRequest()

        def answer(data: bytes) -> bytes:
            _, frame = mf.decode(data)
            assert frame is not None
            return mf.encode(mf.StatusReply(**INFO, seq=frame.seq))
    else:
        request = FileReadRequest(path="a", offset=0, length=3)

        def answer(data: bytes) -> bytes:
            return utmc_reply(data, FileReadReply(offset=0, data=b"abc"))

    def device(data: bytes) -> list[tuple[float, bytes]]:
        return [] if len(link.sent) == 1 else [(0.0, answer(data))]  # the first reply is lost

    link = ScriptedLink(device)
    retries: list[int] = []

    async def scenario() -> object:
        session = Session(await _opened(link), codec, timeout=2.0)
        return await session.request(request, on_retry=retries.append)

    _, elapsed = run_in_virtual_time(scenario())
    first, second = (data for _, data in link.sent)
    assert retries == [1] and elapsed == pytest.approx(2.0)
    assert (first != second) is renumbered  # the module's repeat has a new number, the UTMC's the same bytes


@pytest.mark.parametrize("request_", [
    mf.WriteParamsRequest(password="12345678", values=(mf.ParamValue(0x11, b"x"),)),
    mf.RestartRequest(password="12345678"),
    FirmwareUpdateRequest(password=0, path="update/fw.hex"),
], ids=lambda r: type(r).__name__)
def test_a_request_unsafe_to_repeat_is_sent_once(request_: Any) -> None:
    link = ScriptedLink(lambda data: [])
    codec: Any = MODULE_CODEC if isinstance(request_, mf.Frame) else UTMC_CODEC

    async def scenario() -> None:
        await Session(await _opened(link), codec, timeout=1.0, retries=5).request(request_)

    with pytest.raises(LinkTimeout) as caught:
        run_in_virtual_time(scenario())
    assert len(link.sent) == 1 and "attempts" not in str(caught.value)


def test_after_the_last_repeat_the_timeout_says_how_many_attempts() -> None:
    link = ScriptedLink(lambda data: [])

    async def scenario() -> None:
        await Session(await _opened(link), MODULE_CODEC, timeout=1.0, retries=2).request(mf.ImeiRequest())

    with pytest.raises(LinkTimeout, match=r"\(3 attempts\)"):
        run_in_virtual_time(scenario())
    assert len(link.sent) == 3 and len({data for _, data in link.sent}) == 3


def test_a_refusal_raises_its_device_error_unless_accepted() -> None:
    def device(data: bytes) -> list[tuple[float, bytes]]:
        _, frame = mf.decode(data)
        assert frame is not None
        return [(0.0, mf.encode(mf.ErrorReply(command=frame.COMMAND, error=0x02, seq=frame.seq)))]

    async def scenario(accept: bool) -> mf.Frame:
        session = Session(await _opened(ScriptedLink(device)), MODULE_CODEC, timeout=1.0)
        return await session.request(mf.ReadParamsRequest(password="1", codes=(1,)), accept_error=accept)

    with pytest.raises(DeviceError) as caught:
        run_in_virtual_time(scenario(False))
    assert caught.value.code == 0x02
    reply, _ = run_in_virtual_time(scenario(True))
    assert isinstance(reply, mf.ErrorReply) and reply.error == 0x02


def test_the_pipeline_keeps_the_window_full_and_hands_replies_in_order() -> None:
    """Each reply takes 1 s: five requests with three in flight take 2 s, not 5."""
    link = ScriptedLink(lambda data: [(1.0, utmc_reply(data, FileReadReply(offset=0, data=data[-4:])))])
    got: list[int] = []

    async def scenario() -> None:
        session = Session(await _opened(link), UTMC_CODEC, timeout=5.0)
        requests = [FileReadRequest(path="a", offset=i, length=1) for i in range(5)]
        await session.pipeline(requests, lambda index, _frame: got.append(index), window=3)

    _, elapsed = run_in_virtual_time(scenario())
    assert got == [0, 1, 2, 3, 4] and elapsed == pytest.approx(2.0)
    assert [round(at) for at, _ in link.sent] == [0, 0, 0, 1, 1]


def test_small_requests_taken_together_go_out_in_one_write_and_large_ones_at_once() -> None:
    """A window of small requests costs one write (one system call, one wake-up of the device's side);
    requests of COALESCE bytes and more are not held back for the next one to be built."""
    link = ScriptedLink(lambda data: [(0.5, utmc_reply(data, FileReadReply(offset=0, data=b"")))])
    sent_before_reply: list[int] = []

    async def scenario() -> None:
        session = Session(await _opened(link), UTMC_CODEC, timeout=5.0)
        small = [FileReadRequest(path="a", offset=i, length=1) for i in range(4)]
        await session.pipeline(small, lambda _index, _frame: None, window=4)
        big = [WriteParamsRequest(password=0, params=(ParamValue(1, bytes(200)),) * 8) for _ in range(3)]
        await session.pipeline(big, lambda _index, _frame: None, window=3,
                               on_sent=lambda index: sent_before_reply.append(index))

    run_in_virtual_time(scenario())
    sizes = [len(split_frames(write)) for write in link.writes]
    assert sizes == [4, 1, 1, 1] and len(link.sent) == 7
    assert all(len(write) >= COALESCE for write in link.writes[1:]) and sent_before_reply == [0, 1, 2]


def test_a_pipeline_repeats_everything_unanswered_in_order() -> None:
    answered: set[bytes] = set()

    def device(data: bytes) -> list[tuple[float, bytes]]:
        if len(link.sent) == 2:  # the second request's reply is lost once
            return []
        answered.add(data)
        return [(0.0, utmc_reply(data, FileReadReply(offset=0, data=b"")))]

    link = ScriptedLink(device)

    async def scenario() -> list[int]:
        got: list[int] = []
        session = Session(await _opened(link), UTMC_CODEC, timeout=1.0)
        await session.pipeline([FileReadRequest(path="a", offset=i, length=1) for i in range(3)],
                               lambda index, _frame: got.append(index), window=2)
        return got

    got, _ = run_in_virtual_time(scenario())
    sent = [data for _, data in link.sent]
    assert got == [0, 1, 2] and sent[3] == sent[1]  # the lost one again, with its number


def test_the_trace_hears_frames_described_with_their_secret_bytes() -> None:
    def device(data: bytes) -> list[tuple[float, bytes]]:
        if FileReadRequest.COMMAND == data[6]:
            return [(0.0, utmc_reply(data, error_payload(ErrorCode.NOT_FOUND, "a"), error=True))]
        return [(0.0, b"\x00\x01"), (0.1, utmc_reply(data, WriteParamsReply(())))]

    link = ScriptedLink(device)
    recorder = Recorder()
    link.listeners.append(recorder)
    plain: list[str] = []
    link.listeners.append(lambda direction, data: plain.append(direction))  # a byte listener: no frames

    async def scenario() -> None:
        session = Session(await _opened(link), UTMC_CODEC, timeout=1.0)
        secret = 0x0282  # gprs_password, a SECRET parameter
        await session.request(WriteParamsRequest(password=0x1234, params=(ParamValue(secret, b"pw"),)))
        with pytest.raises(DeviceError):
            await session.request(FileReadRequest(path="a", offset=0, length=1))

    run_in_virtual_time(scenario())
    tx, noise, rx, tx2, refused = recorder.frames
    assert tx.direction == "tx" and tx.summary is not None and tx.summary.en.startswith("parameter write #")
    assert tx.secret is not None
    shown = masked_hex(tx.raw, tx.secret)
    assert "34 12" not in shown and "70 77" not in shown and shown.endswith("** **")  # password, value, CRC
    assert (noise.direction, noise.raw, noise.summary) == ("rx", b"\x00\x01", None)
    assert rx.summary is not None and rx.summary.en.startswith("reply: parameter write #") and rx.secret == frozenset()
    assert tx2.summary is not None and refused.summary is not None
    assert refused.summary.en.startswith("refusal: file read #") and "not found" in refused.summary.en
    assert plain == ["info", "tx", "rx", "rx", "tx", "rx"]  # the bytes as before
    assert recorder.bytes == []  # the frames instead of the bytes of a framed link
    assert [note.ru.split()[0] for note in recorder.notes] == ["Открыт"]  # the link's notes in both languages


def test_a_reply_cut_short_is_traced_when_the_request_gives_up() -> None:
    def device(data: bytes) -> list[tuple[float, bytes]]:
        return [(0.0, mf.encode(mf.StatusReply(**INFO, seq=data[5]))[:9])]  # the line dies mid-frame

    link = ScriptedLink(device)
    recorder = Recorder()
    link.listeners.append(recorder)

    async def scenario() -> None:
        await Session(await _opened(link), MODULE_CODEC, timeout=1.0, retries=0).request(mf.StatusRequest())

    with pytest.raises(LinkTimeout):
        run_in_virtual_time(scenario())
    sent, cut = recorder.frames
    assert sent.direction == "tx" and sent.summary is not None
    assert (cut.direction, cut.summary, len(cut.raw)) == ("rx", None, 9)  # the log shows what did come


def test_no_frames_are_described_when_no_listener_takes_them() -> None:
    described: list[object] = []

    class Counting(ModuleCodec):
        def describe(self, frame: mf.Frame) -> Any:
            described.append(frame)
            return super().describe(frame)

    link = ScriptedLink(lambda data: [(0.0, mf.encode(mf.StatusReply(**INFO, seq=data[5])))])
    link.listeners.append(lambda direction, data: None)

    async def scenario() -> None:
        await Session(await _opened(link), Counting(), timeout=1.0).request(mf.StatusRequest())

    run_in_virtual_time(scenario())
    assert described == []
