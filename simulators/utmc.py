"""Virtual UTMC-700 speaking our frames (docs/protocols/utmc.md) over a pty (USB) or TCP (Ethernet).

    utmc = VirtualUtmc(seed=0)
    await utmc.serve(endpoint)                     a simulators.transport handler
    utmc.process(frame) -> Frame                   one request → one reply (pure state machine)
    discovery = await start_discovery(utmc, "127.0.0.1", 0, advertise=("127.0.0.1", tcp_port))

State a test can look at or change: ``values`` (parameters), ``password`` (0–65535, default 0),
``sa2_pressed`` (button SA2: settings writable without the password), ``channels`` (8 × ≤256
device records), ``sd`` (path → bytes: journal files ``YYYY/MM/DD/hh.dat`` generated from the
seed, uploaded files), ``firmware_id`` and ``values["firmware_version"]`` (of the image it runs:
:func:`factory_image` until an update; the version from the image's version record, or the
previous one if it has none), ``restarting``, ``transfers``. Faults: ``storage_full`` refuses
uploads; ``keep_old_firmware`` accepts an update but restarts into the old program (a boot loader
that rolled a failed flash write back); ``reads_refused`` answers reading parameters and the
device table with "unknown command" while writes still work; the transport applies
drop/garbage/slow/close_after.

After the FIRMWARE_UPDATE reply the device restarts for ``update_seconds``: the session ends (TCP
is closed, a pty session starts over), and until the restart is over every session ignores the
bytes it gets and "Search" is not answered. With ``update_seconds=None`` the restart lasts until
:meth:`VirtualUtmc.restart` is called (tests end it when they have seen the silence, not on a timer).

USB (pty) is paced by the transport at the baud rate (10 bits per byte). Ethernet is paced here by
:class:`EthernetPacing`: 8 bits per byte, full duplex, and the device does not wait for its own
bytes to leave (a network interface queues them), so request/reply latency does not add up. Its
waits are kept to about 0.15 ms (:func:`sleep_until`): the event loop alone would wake up to 1 ms
late, a third of the time a 4 KiB frame takes on a 10 Mbit/s wire.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import selectors
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol, cast

from protocols.byte_stream import ByteStream
from protocols.errors import ConfiguratorError, ProtocolError
from protocols.files.intel_hex import firmware_id, load_firmware, version_record
from protocols.params.catalogue_model import Problem
from protocols.params.param_values import decode_value, encode_value
from protocols.utmc import utmc_messages as m
from protocols.utmc.utmc_devices import (
    PER_CHANNEL,
    RECORD_SIZE,
    DeviceRecord,
    channel_of,
    decode_records,
    encode_records,
    problems_of_record,
)
from protocols.utmc.utmc_frames import DEVICES_PER_FRAME, FILE_CHUNK, MAX_PAYLOAD, Frame, decode_frame, encode_frame
from protocols.utmc.utmc_messages import Command, ErrorCode, encode_message, error_payload, parse_payload
from protocols.utmc.utmc_params import CHANNELS, Access, defaults, parameter, parameter_by_code
from simulators.transport import Endpoint, Faults

DEFAULT_JOURNAL = {
    "2025/01/09/12.dat": 1 << 20,
    "2025/01/09/13.dat": 4096 + 123,
    "2025/01/10/00.dat": 777,
}
SD_CAPACITY = 64 << 20
VERSION_RECORD_AT = 0x200  # where the factory program keeps its version record (after the vector table)


TIMER_GRAIN = 0.001
"""The event loop waits in whole milliseconds (epoll), rounded up: a bare asyncio.sleep wakes up to
1 ms late, which on a 10 Mbit/s wire is 1250 bytes' time — more than most frames take."""
WAKE_UP = 0.00015
"""About how late a thread's sleep hands control back to the loop: a shorter wait is not slept."""


FINE_LATENESS = 0.0001
"""About how late a :class:`FineTimerLoop` timer fires (the kernel's timer slack and the loop's own
turn): its sleeps end that much earlier, so paced bytes leave on time on average."""


class FineTimerLoop(asyncio.SelectorEventLoop):
    """An event loop whose timers are kept to within tens of microseconds: select() takes its
    timeout in microseconds where epoll takes whole milliseconds. ``main.py simulate utmc`` runs on
    it (simulators/run_utmc.py), so pacing a 10 Mbit/s wire costs no thread hand-offs."""

    fine_timers = True

    def __init__(self) -> None:
        super().__init__(selectors.SelectSelector())


async def sleep_until(due: float) -> None:
    """Sleep until the loop time ``due``: on a :class:`FineTimerLoop` its own timer; on another loop
    to within about 0.15 ms either way: the loop's timer for all but the last millisecond, then a
    thread's sleep (nanosleep) for the rest, unless that rest is shorter than the thread's own
    wake-up takes."""
    loop = asyncio.get_running_loop()
    delay = due - loop.time()
    if getattr(loop, "fine_timers", False):
        if delay > FINE_LATENESS:
            await asyncio.sleep(delay - FINE_LATENESS)
        return
    if delay > TIMER_GRAIN:
        await asyncio.sleep(delay - TIMER_GRAIN)
        delay = due - loop.time()
    if delay > WAKE_UP:
        await loop.run_in_executor(None, time.sleep, delay - WAKE_UP / 2)


class Wire(Protocol):
    """What the device needs of a connection: a simulators.transport Endpoint, or one paced as Ethernet."""

    async def read(self) -> bytes: ...

    async def write(self, data: bytes) -> None: ...


class EthernetPacing:
    """Wraps an unpaced Endpoint: each direction is a wire of ``bits_per_second`` (8 bits per byte).

    Received bytes reach the device segment by segment (``SEGMENT`` bytes, an Ethernet payload),
    each when its last bit would have arrived, so the device starts on a frame as soon as that
    frame is in even when the host has sent several at once. Written bytes are queued and
    delivered when the wire has carried them, while the device goes on working. Faults still
    apply (they act in the wrapped endpoint's ``write``).
    """

    SEGMENT = 1460  # TCP payload of one Ethernet frame

    def __init__(self, inner: Endpoint, bits_per_second: int) -> None:
        self.inner = inner
        self.byte_time = 8 / bits_per_second
        self._rx_free = self._tx_free = 0.0
        self._pending, self._pending_arrived = b"", 0.0
        self._queue: asyncio.Queue[tuple[float, bytes, bool]] = asyncio.Queue()
        self._incoming: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        self._sender = asyncio.create_task(self._send_loop())
        self._receiver = asyncio.create_task(self._receive_loop())
        self._failure: BaseException | None = None

    @property
    def faults(self) -> Faults:
        return self.inner.faults

    async def _receive_loop(self) -> None:
        """Stamp bytes with their arrival time, so time spent processing is not charged to the wire."""
        loop = asyncio.get_running_loop()
        while True:
            data = await self.inner.read()
            self._incoming.put_nowait((loop.time(), data))
            if not data:
                return

    async def read(self) -> bytes:
        if not self._pending:
            self._pending_arrived, self._pending = await self._incoming.get()
            if not self._pending:
                return b""
        piece, self._pending = self._pending[: self.SEGMENT], self._pending[self.SEGMENT :]
        # an absolute schedule: a late wake-up does not push the following segments back
        self._rx_free = max(self._pending_arrived, self._rx_free) + len(piece) * self.byte_time
        await sleep_until(self._rx_free)
        return piece

    async def write(self, data: bytes, *, reply: bool = True) -> None:
        if self._failure is not None:
            raise self._failure
        now = asyncio.get_running_loop().time()
        self._tx_free = max(now, self._tx_free) + len(data) * self.byte_time
        self._queue.put_nowait((self._tx_free, data, reply))

    async def _send_loop(self) -> None:
        while True:
            due, data, reply = await self._queue.get()
            await sleep_until(due)
            try:
                await self.inner.write(data, reply=reply)
            except Exception as error:  # close_after fault or a vanished peer: the handler learns next time
                self._failure = error
                return
            finally:
                self._queue.task_done()

    async def drain(self) -> None:
        if not self._sender.done():
            await self._queue.join()

    def stop(self) -> None:
        self._sender.cancel()
        self._receiver.cancel()

    async def close(self) -> None:
        await self.drain()
        self.stop()
        await self.inner.close()


def ethernet_handler(utmc: VirtualUtmc, bits_per_second: int | None) -> Callable[[Endpoint], Awaitable[None]]:
    """A TcpSimulatorServer handler (create the server unpaced) serving ``utmc`` at an Ethernet bit rate."""

    async def handler(endpoint: Endpoint) -> None:
        if not bits_per_second:
            await utmc.serve(endpoint)
            return
        paced = EthernetPacing(endpoint, bits_per_second)
        try:
            await utmc.serve(paced)
            await paced.drain()
        finally:
            paced.stop()

    return handler


def factory_image(firmware_version: str) -> bytes:
    """The program the virtual UTMC runs until it is updated: the same bytes for every unit of a version.

    It carries its version record (docs/protocols/utmc.md), as an image built by the vendor would.
    """
    program = bytearray(random.Random(f"UTMC-700 firmware {firmware_version}").randbytes(64 * 1024))
    record = version_record(firmware_version)
    program[VERSION_RECORD_AT : VERSION_RECORD_AT + len(record)] = record
    return bytes(program)


def journal_content(path: str, size: int, seed: int = 0) -> bytes:
    """Deterministic journal file: a header naming the hour, then pseudo-random mBus-like records."""
    header = f"UTMJ {path}\n".encode()
    body = random.Random(f"{seed}:{path}").randbytes(max(0, size - len(header)))
    return (header + body)[:size]


@dataclass
class _Upload:
    path: str
    size: int
    crc32: int
    data: bytearray


class DeviceRefusal(Exception):
    def __init__(self, code: ErrorCode, detail: str = "") -> None:
        super().__init__(detail)
        self.code, self.detail = code, detail


class VirtualUtmc:
    def __init__(
        self,
        *,
        serial: str = "70012345",
        firmware_version: str = "1.07",
        seed: int = 0,
        journal: dict[str, int] | None = None,
        faults: Faults | None = None,
        clock: Callable[[], datetime] = datetime.now,
        update_seconds: float | None = 0.0,
    ) -> None:
        self.faults = faults or Faults()
        self.clock = clock
        self.update_seconds = update_seconds
        self.values: dict[str, object] = defaults()
        self.values.update(serial_number=serial, firmware_version=firmware_version,
                           firmware_id=firmware_id(factory_image(firmware_version)), gsm_ip="10.20.30.40")
        self.password = 0
        self.sa2_pressed = False
        self.clock_offset = timedelta()
        self.channels: dict[int, list[DeviceRecord]] = {c: [] for c in range(1, CHANNELS + 1)}
        self._staging: dict[int, list[DeviceRecord]] = {}
        self._last_commit: dict[int, tuple[int, int, int]] = {}
        self.sd: dict[str, bytes] = {
            path: journal_content(path, size, seed) for path, size in (journal or DEFAULT_JOURNAL).items()
        }
        self._upload: _Upload | None = None
        self._last_upload: m.FileWriteEndReply | None = None
        self.transfers = 0
        self.polls = 0
        self.updates: list[str] = []
        self.restart_pending = False
        self.keep_old_firmware = False
        self.reads_refused = False  # fault: the table and parameters cannot be read (written they can)
        self._installed: tuple[str, str | None] | None = None  # (firmware ID, version) taken on restart
        self._running = asyncio.Event()  # cleared while restarting
        self._running.set()

    # -- identity and time ---------------------------------------------------------------
    @property
    def firmware_id(self) -> str:
        return str(self.values["firmware_id"])

    @property
    def restarting(self) -> bool:
        return not self._running.is_set()

    def restart(self) -> None:
        """Come back up, running the program FIRMWARE_UPDATE installed (unless ``keep_old_firmware``)."""
        installed, self._installed = self._installed, None
        if installed is not None and not self.keep_old_firmware:
            new_id, version = installed
            self.values["firmware_id"] = new_id
            if version is not None:  # an image without a version record leaves the version as it was
                self.values["firmware_version"] = version
        self._running.set()

    def now(self) -> datetime:
        return (self.clock() + self.clock_offset).replace(microsecond=0)

    def value(self, key: str) -> object:
        return self.now() if key == "current_time" else self.values[key]

    # -- one request -> one reply ----------------------------------------------------------
    def process(self, frame: Frame) -> Frame:
        try:
            command = Command(frame.command)
        except ValueError:
            return self._error(frame, ErrorCode.UNKNOWN_COMMAND, f"{frame.command:#04x}")
        try:
            request = parse_payload(command, False, frame.payload)
            reply: m.Message = getattr(self, f"_on_{command.name.lower()}")(request)
            return Frame(frame.command, frame.seq, encode_message(reply), reply=True)
        except DeviceRefusal as refusal:
            return self._error(frame, refusal.code, refusal.detail)
        except ProtocolError as error:
            return self._error(frame, ErrorCode.BAD_REQUEST, str(error))

    @staticmethod
    def _error(frame: Frame, code: ErrorCode, detail: str) -> Frame:
        return Frame(frame.command, frame.seq, error_payload(code, detail), reply=True, error=True)

    def _check_password(self, password: int) -> None:
        if password != self.password and not self.sa2_pressed:
            raise DeviceRefusal(ErrorCode.ACCESS_DENIED)

    def _on_identify(self, _request: m.IdentifyRequest) -> m.IdentifyReply:
        return m.IdentifyReply(serial=str(self.values["serial_number"]),
                               firmware_version=str(self.values["firmware_version"]), firmware_id=self.firmware_id,
                               max_payload=MAX_PAYLOAD, channels=CHANNELS, per_channel=PER_CHANNEL)

    def _on_discover(self, _request: m.DiscoverRequest) -> m.DiscoverReply:
        raise DeviceRefusal(ErrorCode.UNKNOWN_COMMAND, "discovery is answered on UDP only")

    def _refuse_reads(self) -> None:
        if self.reads_refused:
            raise DeviceRefusal(ErrorCode.UNKNOWN_COMMAND, "reading is switched off (simulated fault)")

    def _on_read_params(self, request: m.ReadParamsRequest) -> m.ReadParamsReply:
        self._refuse_reads()
        items = []
        for code in request.codes:
            param = parameter_by_code(code)
            if param is None:
                items.append(m.ParamReading(code, ErrorCode.NOT_FOUND, b""))
            elif not param.readable:
                items.append(m.ParamReading(code, ErrorCode.ACCESS_DENIED, b""))
            else:
                items.append(m.ParamReading(code, 0, encode_value(param, self.value(param.key))))
        return m.ReadParamsReply(tuple(items))

    def _on_write_params(self, request: m.WriteParamsRequest) -> m.WriteParamsReply:
        self._check_password(request.password)
        return m.WriteParamsReply(tuple(m.ParamStatus(item.code, self._write(item)) for item in request.params))

    def _write(self, item: m.ParamValue) -> int:
        """One parameter of WRITE_PARAMS: its status (0 written)."""
        param = parameter_by_code(item.code)
        if param is None:
            return ErrorCode.NOT_FOUND
        if param.access is Access.RO:
            return ErrorCode.READ_ONLY
        try:
            value = decode_value(param, item.value)
        except ConfiguratorError:
            return ErrorCode.BAD_VALUE
        if isinstance(value, datetime) and param.key == "current_time":
            self.clock_offset = value - self.clock().replace(microsecond=0)
        elif isinstance(value, int) and param.key == "settings_password":
            self.password = value
        else:
            self.values[param.key] = value
        return 0

    # -- device table --------------------------------------------------------------------
    @staticmethod
    def _channel(channel: int) -> int:
        if not 1 <= channel <= CHANNELS:
            raise DeviceRefusal(ErrorCode.BAD_VALUE, f"channel {channel}")
        return channel

    def _on_devices_read(self, request: m.DevicesReadRequest) -> m.DevicesReadReply:
        self._refuse_reads()
        channel = self._channel(request.channel)
        start, count = request.start, min(request.count, DEVICES_PER_FRAME)
        records = self.channels[channel]
        # checked=True: the device holds only records it checked when they were written (a device's
        # answer costs no validation; the bench's read ratio counts this time)
        return m.DevicesReadReply(channel=channel, total=len(records), start=start,
                                  records=encode_records(records[start : start + count], checked=True))

    def _on_devices_count(self, _request: m.DevicesCountRequest) -> m.DevicesCountReply:
        self._refuse_reads()
        return m.DevicesCountReply(totals=tuple(len(self.channels[channel]) for channel in range(1, CHANNELS + 1)))

    def _on_devices_write(self, r: m.DevicesWriteRequest) -> m.DevicesWriteReply:
        self._check_password(r.password)
        channel = self._channel(r.channel)
        if r.total > PER_CHANNEL or len(r.records) % RECORD_SIZE:
            raise DeviceRefusal(ErrorCode.BAD_VALUE, "too many records")
        staged = self._staging.get(channel)
        count = len(r.records) // RECORD_SIZE
        if r.start > 0 and staged is not None and r.start + count == len(staged):
            return m.DevicesWriteReply(channel, len(staged), committed=0)  # a repeat: its reply was lost
        if r.start > 0 and staged is None and self._last_commit.get(channel) == (r.start, count, r.total):
            return m.DevicesWriteReply(channel, r.total, committed=1)
        if r.start == 0:
            staged = self._staging[channel] = []
        if staged is None or r.start != len(staged):
            raise DeviceRefusal(ErrorCode.SEQUENCE, f"expected start {0 if staged is None else len(staged)}")
        try:
            records = decode_records(r.records)
        except ProtocolError as error:
            raise DeviceRefusal(ErrorCode.BAD_VALUE, str(error)) from error
        for record in records:
            bad: list[Problem] = [p for p in problems_of_record(record) if p.is_error]
            if bad or channel_of(record.number) != channel:
                raise DeviceRefusal(ErrorCode.BAD_VALUE, f"device {record.number}")
        staged += [rec if rec.poll_result is None else replace(rec, poll_result=None) for rec in records]
        if len(staged) > r.total:
            raise DeviceRefusal(ErrorCode.BAD_VALUE, "more records than announced")
        committed = len(staged) == r.total
        if committed:
            self.channels[channel] = sorted(staged, key=lambda rec: rec.number)
            del self._staging[channel]
            self._last_commit[channel] = (r.start, count, r.total)
        return m.DevicesWriteReply(channel, len(staged), committed=int(committed))

    def poll_answers(self, record: DeviceRecord) -> bool:
        """Whether a meter answers: fixed per serial number, so results are repeatable."""
        return zlib.crc32(f"{record.serial}:{record.address}".encode()) % 5 != 0

    def _poll(self, record: DeviceRecord) -> DeviceRecord:
        return replace(record, poll_result=self.poll_answers(record))

    def _on_poll_all(self, _request: m.PollAllRequest) -> m.PollAllReply:
        polled = answered = 0
        for channel, records in self.channels.items():
            self.channels[channel] = [self._poll(r) for r in records]
            polled += len(records)
            answered += sum(1 for r in self.channels[channel] if r.poll_result)
        self.polls += 1
        self.values["last_written_record"] = self.now().replace(minute=0, second=0)
        return m.PollAllReply(polled=polled, answered=answered)

    def _on_poll_one(self, request: m.PollOneRequest) -> m.PollOneReply:
        number = request.number
        channel = channel_of(number) if number >= 1 else 0
        records = self.channels.get(channel, [])
        for index, record in enumerate(records):
            if record.number == number:
                records[index] = self._poll(record)
                return m.PollOneReply(number=number, result=int(bool(records[index].poll_result)))
        raise DeviceRefusal(ErrorCode.NOT_FOUND, f"device {number}")

    # -- files ------------------------------------------------------------------------------
    @staticmethod
    def _path(path: str) -> str:
        clean = path.strip().replace("\\", "/").strip("/")
        if not clean or any(part in ("", ".", "..") for part in clean.split("/")):
            raise DeviceRefusal(ErrorCode.BAD_VALUE, f"path {path!r}")
        return clean

    def _file(self, path: str) -> bytes:
        data = self.sd.get(self._path(path))
        if data is None:
            raise DeviceRefusal(ErrorCode.NOT_FOUND, path)
        return data

    def _on_file_list(self, request: m.FileListRequest) -> m.FileListReply:
        folder = request.path.strip().replace("\\", "/").strip("/")
        prefix = f"{folder}/" if folder else ""
        entries: dict[str, m.ListedFile] = {}
        for path, data in self.sd.items():
            if path.startswith(prefix):
                head, sep, _ = path[len(prefix) :].partition("/")
                entries[head] = m.ListedFile(name=head, is_dir=int(bool(sep)), size=0 if sep else len(data))
        if folder and not entries:
            raise DeviceRefusal(ErrorCode.NOT_FOUND, folder)
        return m.FileListReply(tuple(entries[name] for name in sorted(entries)))

    def _on_file_info(self, request: m.FileInfoRequest) -> m.FileInfoReply:
        data = self._file(request.path)
        return m.FileInfoReply(size=len(data), crc32=zlib.crc32(data))

    def _on_file_read(self, request: m.FileReadRequest) -> m.FileReadReply:
        data = self._file(request.path)
        offset, length = request.offset, min(request.length, FILE_CHUNK)
        if offset > len(data):
            raise DeviceRefusal(ErrorCode.BAD_VALUE, f"offset {offset} beyond {len(data)}")
        return m.FileReadReply(offset=offset, data=data[offset : offset + length])

    def _on_file_write_begin(self, r: m.FileWriteBeginRequest) -> m.FileWriteBeginReply:
        self._check_password(r.password)
        path = self._path(r.path)
        used = sum(len(d) for p, d in self.sd.items() if p != path)
        if self.faults.storage_full or used + r.size > SD_CAPACITY:
            raise DeviceRefusal(ErrorCode.STORAGE_FULL)
        self._upload = _Upload(path, r.size, r.crc32, bytearray())
        self._last_upload = None
        return m.FileWriteBeginReply()

    def _on_file_write_data(self, request: m.FileWriteDataRequest) -> m.FileWriteDataReply:
        upload = self._upload
        if upload is None:
            raise DeviceRefusal(ErrorCode.SEQUENCE, "no upload begun")
        data = upload.data
        if request.offset != len(data):
            if request.offset + len(request.data) == len(data):
                return m.FileWriteDataReply(len(data))  # a repeated chunk (its reply was lost): already have it
            raise DeviceRefusal(ErrorCode.SEQUENCE, f"expected offset {len(data)}")
        if len(data) + len(request.data) > upload.size:
            raise DeviceRefusal(ErrorCode.BAD_VALUE, "more data than announced")
        data += request.data
        return m.FileWriteDataReply(len(data))

    def _on_file_write_end(self, _request: m.FileWriteEndRequest) -> m.FileWriteEndReply:
        upload, self._upload = self._upload, None
        if upload is None:
            if self._last_upload is not None:  # a repeat: the reply to the first END was lost
                return self._last_upload
            raise DeviceRefusal(ErrorCode.SEQUENCE, "no upload begun")
        self._last_upload = None
        data = bytes(upload.data)
        crc = zlib.crc32(data)
        if len(data) != upload.size or crc != upload.crc32:
            raise DeviceRefusal(ErrorCode.INTEGRITY, f"got {len(data)} bytes, CRC32 {crc:08X}")
        self.sd[upload.path] = data
        self._last_upload = m.FileWriteEndReply(size=len(data), crc32=crc)
        return self._last_upload

    def _on_firmware_update(self, request: m.FirmwareUpdateRequest) -> m.FirmwareUpdateReply:
        self._check_password(request.password)
        path = self._path(request.path)
        data = self._file(path)
        try:
            image = load_firmware(data, path)  # also the version record: a malformed one refuses the file
        except ConfiguratorError as error:
            raise DeviceRefusal(ErrorCode.BAD_IMAGE, str(error)) from error
        self._installed = (image.firmware_id, image.version)
        self.updates.append(path)
        self.restart_pending = True  # reboots after the reply into the new program: the host has to reconnect
        return m.FirmwareUpdateReply(firmware_id=image.firmware_id)

    def _on_transfer_now(self, _request: m.TransferNowRequest) -> m.TransferNowReply:
        self.transfers += 1
        servers = ["SRV1"] + (["SRV2"] if self.values["extra_server_interface"] != "NON" else [])
        self.values["server_result"] = " ".join(servers)
        self.values["last_sent_record"] = self.values["last_written_record"]
        return m.TransferNowReply()

    # -- the connection ----------------------------------------------------------------
    async def serve(self, endpoint: Wire) -> None:
        """Answer frames until the peer hangs up (or the device restarts after an update)."""
        if not await self._sit_out_restart(endpoint):
            return
        received = ByteStream()
        while data := await endpoint.read():
            received.feed(data)
            while (frame := received.next(decode_frame)) is not None:
                if frame.reply:
                    continue
                reply = encode_frame(self.process(frame))
                if self.restart_pending:  # silent from the reply on, whichever session asks
                    self.restart_pending = False
                    self._running.clear()
                    await endpoint.write(reply)
                    self._schedule_restart()
                    return  # the session ends: TCP is closed, a pty session starts over
                await endpoint.write(reply)
                await asyncio.sleep(0)  # the reply leaves before the next frame in the buffer is worked on

    def _schedule_restart(self) -> None:
        if self.update_seconds is None:
            return  # until restart() is called
        if self.update_seconds > 0:
            asyncio.get_running_loop().call_later(self.update_seconds, self.restart)
        else:
            self.restart()

    async def _sit_out_restart(self, endpoint: Wire) -> bool:
        """While restarting, drop whatever arrives; False if the peer hung up meanwhile."""
        while self.restarting:
            reading = asyncio.ensure_future(endpoint.read())
            running = asyncio.ensure_future(self._running.wait())
            done, _ = await asyncio.wait({reading, running}, return_when=asyncio.FIRST_COMPLETED)
            for task in (reading, running):
                if task not in done:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task  # gone before the session reads again: one reader at a time
            if reading in done and not reading.result():
                return False
        return True


class _Discovery(asyncio.DatagramProtocol):
    def __init__(self, utmc: VirtualUtmc, advertise: tuple[str, int]) -> None:
        self.utmc, self.advertise = utmc, advertise
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # a datagram endpoint's transport (on 3.11 its class does not derive from DatagramTransport)
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        consumed, frame = decode_frame(data)
        if frame is None or frame.command != Command.DISCOVER or frame.reply or self.transport is None:
            return
        if self.utmc.restarting:
            return
        host, port = self.advertise
        payload = encode_message(m.DiscoverReply(serial=str(self.utmc.values["serial_number"]),
                                                 firmware_version=str(self.utmc.values["firmware_version"]),
                                                 ip=bytes(int(x) for x in host.split(".")), control_port=port))
        self.transport.sendto(encode_frame(Frame(Command.DISCOVER, frame.seq, payload, reply=True)), addr)


async def start_discovery(
    utmc: VirtualUtmc, host: str, port: int, *, advertise: tuple[str, int]
) -> tuple[asyncio.DatagramTransport, tuple[str, int]]:
    """Answer "Search" datagrams on ``host:port`` (the tests and the demo keep it on 127.0.0.1)."""
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(lambda: _Discovery(utmc, advertise), local_addr=(host, port))
    return transport, transport.get_extra_info("sockname")[:2]


def set_parameter(utmc: VirtualUtmc, key: str, value: object) -> None:
    """Change a value as the device itself would (status fields in tests and the demo)."""
    param = parameter(key)
    decode_value(param, encode_value(param, value))  # same checks as on the wire
    utmc.values[key] = value
