"""UTMC-700 operations end to end against the virtual UTMC over a real pty (USB) and loopback TCP (Ethernet)."""

from __future__ import annotations

import asyncio
import errno
import os
import re
import socket
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.core import utmc_discovery as discovery_module
from app.core.links.base import Link
from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from app.core.session import TransferInterrupted
from app.core.utmc_discovery import _local_address, _single_addresses, discover
from app.core.utmc_local_files import load_device_file, save_device_file
from app.core.utmc_ops import PARAMS_PER_FRAME, UtmcService, sync_time
from protocols.errors import DeviceError, LinkError, SettingsFileError, ValidationError
from protocols.files.intel_hex import build_hex
from protocols.utmc.utmc_devices import DeviceRecord, encode_records, parse_device_lines
from protocols.utmc.utmc_frames import Command, ErrorCode, Frame, build_payload, decode_frame, encode_frame
from protocols.utmc.utmc_models import MODELS
from protocols.utmc.utmc_params import PARAMETERS, Tab, parameter, parameters_for
from simulators.transport import Faults, PtySimulator, TcpSimulatorServer, pty_supported
from simulators.utmc import VirtualUtmc, ethernet_handler, start_discovery

pytestmark = pytest.mark.virtual_time

SMALL_JOURNAL = {"2025/01/09/12.dat": 20_000, "2025/01/09/13.dat": 4096, "2025/01/10/00.dat": 5}
SEED_LINES = (
    "1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem\r\n2;ЕМ Энергомера СЕ102;12345679;1;ЕТО;5679;9600;rem\r\n"
)
KINDS = ["tcp", pytest.param("pty", marks=pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX"))]


@dataclass
class Rig:
    utmc: VirtualUtmc
    faults: Faults
    make_link: Callable[[], Link]

    def service(self, **kw: object) -> tuple[Link, UtmcService]:
        link = self.make_link()
        return link, UtmcService(link, **kw)  # type: ignore[arg-type]


@pytest.fixture(params=KINDS)
async def rig(request: pytest.FixtureRequest) -> AsyncIterator[Rig]:
    faults = Faults()
    utmc = VirtualUtmc(journal=SMALL_JOURNAL, faults=faults)
    if request.param == "tcp":
        server = await TcpSimulatorServer(ethernet_handler(utmc, None), faults).start()
        yield Rig(utmc, faults, lambda: TcpLink(*server.address))
        await server.close()
    else:
        pty = await PtySimulator(utmc.serve, faults).start()
        yield Rig(utmc, faults, lambda: SerialLink(pty.path, 115200))
        await pty.close()


def full_table() -> list[DeviceRecord]:
    return [
        DeviceRecord(n, MODELS[n % len(MODELS)], f"{n * 7919 % 10**8:08d}", n % 256, "ENM", n * 3, 9600,
                     "CT" if n % 5 == 0 else "")
        for n in range(1, 2049)
    ]


async def test_identify_and_every_tab(rig: Rig) -> None:
    link, service = rig.service()
    async with link:
        identity = await service.identify()
        assert (identity.serial, identity.firmware_version) == ("70012345", "1.07")
        assert identity.firmware_id == rig.utmc.firmware_id
        for tab in Tab:
            params = [p for p in parameters_for(tab) if p.writable and p.readable]
            new = {}
            for p in params:
                from tests.test_utmc_codec import sample

                new[p.key] = sample(p)
            result = await service.write_parameters(new)
            assert result.ok and sorted(result.applied) == sorted(new)
            read = await service.read_parameters([p.key for p in parameters_for(tab) if p.readable])
            assert not read.failed
            for key, value in new.items():
                if key == "current_time":
                    assert abs((read.values[key] - value).total_seconds()) <= 2
                else:
                    assert read.values[key] == value, key
        everything = await service.read_parameters()
        assert "settings_password" not in everything.values and not everything.failed


async def test_sync_time_fills_the_value_without_writing(rig: Rig) -> None:
    values = sync_time({"time_zone": 3}, now=datetime(2025, 1, 9, 12, 0, 0, 5))
    assert values["current_time"] == datetime(2025, 1, 9, 12, 0, 0)
    link, service = rig.service()
    async with link:
        await service.write_parameters({"current_time": datetime(2030, 5, 6, 7, 8, 9)})
        read = await service.read_parameters(["current_time"])
        assert read.values["current_time"].year == 2030


async def test_read_only_and_invalid_values_are_refused_before_sending(rig: Rig) -> None:
    link, service = rig.service()
    sent: list[bytes] = []
    link.listeners.append(lambda d, b: sent.append(b) if d == "tx" else None)
    async with link:
        with pytest.raises(ValidationError) as caught:
            await service.write_parameters({"serial_number": "1", "time_zone": 99, "poll_period": 60})
        assert "Read-only" in caught.value.message("en") and "Time zone" in caught.value.message("en")
    assert sent == []


async def test_full_device_table_round_trip(rig: Rig) -> None:
    table = full_table()
    progress: list[int] = []
    link, service = rig.service()
    async with link:
        result = await service.write_devices(table, progress=lambda step: progress.append(step.done))
        assert result.channels == dict.fromkeys(range(1, 9), 256)
        assert progress[-1] == 2048
        back = await service.read_devices()
        assert back == table
        summary = await service.poll_all()
        assert summary.polled == 2048 and 0 < summary.answered < 2048
        polled = await service.read_devices([3])
        assert {r.poll_result for r in polled} == {True, False}
        one = polled[0]
        assert await service.poll_one(one.number) is rig.utmc.poll_answers(one)
        with pytest.raises(DeviceError):
            await service.poll_one(2000 if rig.utmc.channels[8] == [] else 9999)
        await service.write_devices([], channels=[8])
        assert rig.utmc.channels[8] == [] and len(rig.utmc.channels[7]) == 256


async def test_seed_lines_import_and_bad_file_writes_nothing(rig: Rig, tmp_path: Path) -> None:
    good = tmp_path / "devices.csv"
    good.write_bytes(SEED_LINES.encode("cp1251"))
    bad = tmp_path / "bad.csv"
    bad.write_text(SEED_LINES + "3;ЕМ Энергомера СЕ102;1234567x;1;ENM;1;9600\n", encoding="utf-8")
    with pytest.raises(SettingsFileError) as caught:
        load_device_file(bad)
    assert "line 3: serial number" in caught.value.message("en")
    assert all(not records for records in rig.utmc.channels.values())
    link, service = rig.service()
    async with link:
        await service.write_devices(load_device_file(good))
        back = await service.read_devices([1])
    assert [(r.number, r.serial, r.manufacturer, r.address, r.note) for r in back] == [
        (1, "12345678", "ETO", 5678, "rem"), (2, "12345679", "ETO", 5679, "rem")]


async def test_xlsx_round_trip_through_the_device(rig: Rig, tmp_path: Path) -> None:
    table = [r for r in full_table() if r.number % 97 == 0]
    link, service = rig.service()
    async with link:
        await service.write_devices(table)
        await service.poll_all()
        exported = await service.read_devices()
    save_device_file(tmp_path / "list.xlsx", exported)
    loaded = load_device_file(tmp_path / "list.xlsx")
    assert [r.same_settings(t) for r, t in zip(loaded, table, strict=True)] == [True] * len(table)
    save_device_file(tmp_path / "list.csv", loaded)
    assert load_device_file(tmp_path / "list.csv") == loaded


async def test_journal_download_byte_for_byte_and_cancel(rig: Rig, tmp_path: Path) -> None:
    link, service = rig.service()
    async with link:
        names = [e.name for e in await service.list_files("2025/01/09")]
        assert names == ["12.dat", "13.dat"]
        for path in ("2025/01/09/12.dat", "2025/01/09/13.dat", "2025/01/10/00.dat"):
            result = await service.download_file(path, tmp_path / path)
            assert (tmp_path / path).read_bytes() == rig.utmc.sd[path]
            assert result.crc32 == zlib.crc32(rig.utmc.sd[path])
        with pytest.raises(DeviceError) as caught:
            await service.download_file("2025/01/09/99.dat", tmp_path / "none.dat")
        assert caught.value.code == ErrorCode.NOT_FOUND and not (tmp_path / "none.dat").exists()

        rig.faults.slow = 0.05
        task = asyncio.create_task(service.download_file("2025/01/09/12.dat", tmp_path / "cancelled.dat"))
        await asyncio.sleep(0.12)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert list(tmp_path.glob("*cancelled*")) == []


async def test_firmware_upload_update_and_corrupt_hex(rig: Rig, tmp_path: Path) -> None:
    firmware = build_hex(bytes(range(256)) * 40, version="1.08")
    good = tmp_path / "utmc_1_08.hex"
    good.write_bytes(firmware)
    lines = firmware.decode().splitlines()
    lines[7] = lines[7][:-2] + ("00" if lines[7][-2:] != "00" else "01")
    corrupt = tmp_path / "broken.hex"
    corrupt.write_text("\n".join(lines))
    link, service = rig.service()
    sent: list[bytes] = []
    link.listeners.append(lambda d, b: sent.append(b) if d == "tx" else None)
    async with link:
        with pytest.raises(SettingsFileError) as caught:
            await service.upload_firmware(corrupt)
        assert "line 8" in caught.value.message("en") and sent == []
        steps: list[int] = []
        uploaded = await service.upload_firmware(good, progress=lambda step: steps.append(step.done))
        assert rig.utmc.sd[uploaded.remote_path] == firmware and steps[-1] == len(firmware)
        new_id = await service.update_firmware(uploaded)
        assert new_id == uploaded.image.firmware_id == rig.utmc.firmware_id
    link, service = rig.service()
    async with link:  # the device restarted: a new connection sees the new firmware ID and version
        identity = await service.identify()
        assert (identity.firmware_id, identity.firmware_version) == (new_id, "1.08")


async def test_settings_password(rig: Rig) -> None:
    link, service = rig.service()
    async with link:
        await service.write_parameters({"settings_password": 4321})
        with pytest.raises(DeviceError) as caught:
            await service.write_parameters({"poll_period": 30})
        assert caught.value.code == ErrorCode.ACCESS_DENIED and "password" in caught.value.message("en")
        with pytest.raises(DeviceError) as caught:
            await service.write_devices(full_table()[:3])
        assert caught.value.message("ru").startswith("УТМЦ отказало (запись приборов): неверный пароль")
        assert rig.utmc.values["poll_period"] == 60 and rig.utmc.channels[1] == []
        service.password = 4321
        assert (await service.write_parameters({"poll_period": 30})).ok
        rig.utmc.sa2_pressed, service.password = True, 1  # button SA2 allows changes without the password
        assert (await service.write_parameters({"poll_period": 15})).ok


async def test_connection_loss_mid_transfer_says_what_was_written(rig: Rig) -> None:
    link, service = rig.service(timeout=0.5, retries=0)
    received: list[int] = []
    link.listeners.append(lambda d, b: received.append(len(b)) if d == "rx" else None)
    async with link:
        await service.identify()
        # the replies (16 bytes each) to 6 frames get through, then the line dies; channel 1 goes in
        # 3 frames (a short first one: protocols.utmc.utmc_frames.table_frames), the others in 2
        rig.faults.close_after = sum(received) + 6 * 16 + 8
        with pytest.raises(TransferInterrupted) as caught:
            await service.write_devices(full_table())
    message = caught.value.message("en")
    # 6 replies came back: channels 1 and 2 (frames 1–5) confirmed; channel 3's second frame went out
    # (window of 3) but its reply was cut: the device took it, the report must not claim otherwise.
    # How many more frames the configurator sent before it noticed the loss depends on timing:
    # those channels are "unconfirmed" too, never "written" and never "not taken".
    assert "Channels written (devices): 1 (256), 2 (256)." in message
    unconfirmed = re.search(r"Unconfirmed: ([\d, ]+) — the whole list was sent; read it back to check\.", message)
    not_taken = re.search(r"Channels not taken: ([\d, ]+) — they keep their previous lists", message)
    assert unconfirmed and not_taken, message
    unconfirmed_channels = [int(c) for c in unconfirmed.group(1).split(", ")]
    not_taken_channels = [int(c) for c in not_taken.group(1).split(", ")]
    assert unconfirmed_channels[0] == 3 and unconfirmed_channels + not_taken_channels == list(range(3, 9))
    assert [len(rig.utmc.channels[c]) for c in range(1, 9)] == [256, 256, 256, 0, 0, 0, 0, 0]


async def test_transfer_to_server(rig: Rig) -> None:
    link, service = rig.service()
    async with link:
        await service.write_parameters({"extra_server_interface": "GSM"})
        await service.poll_all()
        await service.transfer_to_server()
        read = await service.read_parameters(["server_result", "last_sent_record", "last_written_record"])
    assert read.values["server_result"] == "SRV1 SRV2"
    assert read.values["last_sent_record"] == read.values["last_written_record"] and rig.utmc.transfers == 1


async def test_dropped_replies_are_repeated(rig: Rig, tmp_path: Path) -> None:
    rig.faults.garbage = 0.3
    link, service = rig.service(timeout=0.3, retries=3)
    async with link:
        await service.write_devices(full_table()[:300])
        assert len(await service.read_devices([1, 2])) == 300
        await service.download_file("2025/01/09/12.dat", tmp_path / "j.dat")
    assert (tmp_path / "j.dat").read_bytes() == rig.utmc.sd["2025/01/09/12.dat"]


async def test_discovery_on_loopback() -> None:
    utmc = VirtualUtmc(serial="70099999")
    transport, (host, port) = await start_discovery(utmc, "127.0.0.1", 0, advertise=("127.0.0.1", 4001))
    try:
        found = await discover([(host, port)], timeout=0.3)
    finally:
        transport.close()
    assert [(f.serial, f.host, f.control_port) for f in found] == [("70099999", "127.0.0.1", 4001)]
    assert found[0].url == "tcp://127.0.0.1:4001"


async def test_a_search_of_single_addresses_ends_when_each_has_answered() -> None:
    first, second = VirtualUtmc(serial="70000001"), VirtualUtmc(serial="70000002")
    one, one_address = await start_discovery(first, "127.0.0.1", 0, advertise=("127.0.0.1", 4001))
    two, two_address = await start_discovery(second, "127.0.0.1", 0, advertise=("127.0.0.1", 4002))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as free:  # an address where nothing answers
        free.bind(("127.0.0.1", 0))
        silent = free.getsockname()
    loop = asyncio.get_running_loop()  # the search waits on the loop's clock
    try:
        started = loop.time()
        found = await discover([one_address, two_address], timeout=30)
        took = loop.time() - started
        assert [f.serial for f in found] == ["70000001", "70000002"] and took < 30
        started = loop.time()
        found = await discover([one_address, silent], timeout=30)
        assert [f.serial for f in found] == ["70000001"] and loop.time() - started >= 30  # the silent one waited for
    finally:
        one.close()
        two.close()


def test_a_search_of_a_broadcast_or_a_name_waits_the_whole_time() -> None:
    assert _single_addresses([("127.0.0.1", 4002), ("10.0.0.7", 4002)]) == {("127.0.0.1", 4002), ("10.0.0.7", 4002)}
    assert _single_addresses([("127.0.0.1", 4002), ("255.255.255.255", 4002)]) is None
    assert _single_addresses([("192.168.1.255", 4002)]) is None
    assert _single_addresses([("utmc.local", 4002)]) is None  # which address answers is not known beforehand


def test_a_search_beyond_this_computer_listens_on_every_interface() -> None:
    """A socket bound to 127.0.0.1 cannot send to a LAN address: the search of a concentrator's own
    address found nothing."""
    assert _local_address([("127.0.0.1", 4002), ("127.0.0.2", 4002)]) == "127.0.0.1"
    for target in ("192.168.1.50", "10.0.0.255", "utmc.local"):
        assert _local_address([("127.0.0.1", 4002), (target, 4002)]) == "0.0.0.0"


async def test_a_search_of_a_lan_address_sends_its_request() -> None:
    """The request to a LAN address leaves (nobody answers there: the search just ends after its time)."""
    refused: list[Exception] = []
    original = discovery_module._Collector.error_received

    def error_received(self: Any, error: Exception) -> None:
        refused.append(error)
        original(self, error)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(discovery_module._Collector, "error_received", error_received, raising=False)
        found = await discover([("192.0.2.1", 4002)], timeout=0.2)  # TEST-NET-1: nobody there
    assert found == [] and not [e for e in refused if getattr(e, "errno", None) == errno.EINVAL], refused


@pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX")
async def test_paced_usb_download_takes_its_wire_time(tmp_path: Path) -> None:
    baud = 115200
    utmc = VirtualUtmc(journal={"2025/01/09/12.dat": 8192})
    pty = await PtySimulator(utmc.serve, baud=baud).start()
    try:
        async with SerialLink(pty.path, baud) as link:
            service = UtmcService(link)
            loop = asyncio.get_running_loop()  # the simulator paces the line on the loop's clock
            start = loop.time()
            await service.download_file("2025/01/09/12.dat", tmp_path / "j.dat")
            elapsed = loop.time() - start
    finally:
        await pty.close()
    wire = 8192 * 10 / baud
    assert elapsed >= wire  # paced: never faster than the wire (how much slower is bench/'s business)


def test_records_keep_equality_without_poll_result() -> None:
    record = parse_device_lines(SEED_LINES)[0]
    assert record.same_settings(replace(record, poll_result=True))
    assert parameter("settings_password").readable is False


async def test_upload_interrupted_says_how_much_arrived(rig: Rig, tmp_path: Path) -> None:
    firmware = tmp_path / "fw.hex"
    firmware.write_bytes(build_hex(bytes(range(256)) * 100, version="1.08"))
    link, service = rig.service(timeout=0.5, retries=0)
    received: list[int] = []
    link.listeners.append(lambda d, b: received.append(len(b)) if d == "rx" else None)
    async with link:
        await service.identify()
        rig.faults.close_after = sum(received) + 11 + 2 * 13 + 4  # BEGIN and two chunk replies, then nothing
        with pytest.raises(TransferInterrupted) as caught:
            await service.upload_firmware(firmware)
    message = caught.value.message("en")
    confirmed = int(re.search(r"Uploaded \(confirmed\) (\d+) of", message).group(1))
    # over TCP both chunk replies arrive; a pty that hangs up may swallow the last bytes it was given
    assert confirmed in (4096, 8192) and confirmed <= len(rig.utmc._upload.data)
    assert "the firmware was not updated" in message
    assert "update/fw.hex" not in rig.utmc.sd and rig.utmc.updates == []


async def test_full_sd_card_refuses_the_upload(rig: Rig, tmp_path: Path) -> None:
    firmware = tmp_path / "fw.hex"
    firmware.write_bytes(build_hex(bytes(64), version="1.08"))
    rig.faults.storage_full = True
    link, service = rig.service()
    async with link:
        with pytest.raises(DeviceError) as caught:
            await service.upload_firmware(firmware)
    assert caught.value.code == ErrorCode.STORAGE_FULL and "SD card is full" in caught.value.message("en")


async def test_parameter_write_interrupted_by_link_loss_says_what_applied(rig: Rig) -> None:
    writable = [p for p in PARAMETERS if p.writable and p.readable and p.key != "current_time"]
    from tests.test_utmc_codec import sample

    values = {p.key: sample(p) for p in writable}
    assert len(values) > PARAMS_PER_FRAME  # two WRITE_PARAMS frames
    first, second = writable[:PARAMS_PER_FRAME], writable[PARAMS_PER_FRAME:]
    link, service = rig.service(timeout=0.5, retries=0)
    received: list[int] = []
    link.listeners.append(lambda d, b: received.append(len(b)) if d == "rx" else None)
    async with link:
        await service.identify()
        first_reply = 6 + 3 + 2 + 3 * len(first) + 2
        rig.faults.close_after = sum(received) + first_reply + 5  # the second reply is cut off
        with pytest.raises(TransferInterrupted) as caught:
            await service.write_parameters(values)
    message = caught.value.message("en")
    written, rest = message.split("Written: ", 1)[1].split(". Unconfirmed: ")
    unconfirmed, not_sent = rest.split(". Not sent: ")
    assert written == ", ".join(p.label.en for p in first)
    assert unconfirmed == ", ".join(p.label.en for p in second)
    assert not_sent == "—."
    assert all(rig.utmc.values[p.key] == values[p.key] for p in first)
    assert isinstance(caught.value.cause, LinkError)


async def test_paced_ethernet_answers_a_frame_once_it_has_arrived() -> None:
    """Frames sent in one write: the device answers each as soon as its bytes are in, not after the
    wire time of the others. Checked on the order of the device's own reads and writes, which no
    load on the machine can change; the time is checked only from below (paced, never faster)."""
    bits_per_second = 200_000  # 165 ms per table frame
    utmc = VirtualUtmc()
    events: list[tuple[str, int]] = []  # what the device did, in order: ("read", bytes) / ("write", bytes)
    serve = utmc.serve

    class Logged:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        async def read(self) -> bytes:
            data: bytes = await self.inner.read()
            events.append(("read", len(data)))
            return data

        async def write(self, data: bytes) -> None:
            events.append(("write", len(data)))
            await self.inner.write(data)

    utmc.serve = lambda endpoint: serve(Logged(endpoint))  # type: ignore[method-assign]
    server = await TcpSimulatorServer(ethernet_handler(utmc, bits_per_second)).start()
    table = encode_records(full_table()[:128], checked=True)
    frames = [encode_frame(Frame(Command.IDENTIFY, 1, b""))] + [
        encode_frame(Frame(Command.DEVICES_WRITE, seq, build_payload(
            Command.DEVICES_WRITE, password=0, channel=1, total=128, start=0, records=table)))
        for seq in range(2, 6)
    ]
    arrived: list[float] = []
    try:
        async with TcpLink(*server.address) as link:
            loop = asyncio.get_running_loop()  # the simulator paces the wire on the loop's clock
            start = loop.time()
            await link.send(b"".join(frames))
            for _ in frames:
                await link.receive_frame(decode_frame, timeout=60.0)
                arrived.append(loop.time() - start)
    finally:
        await server.close()
    segment = 1460  # an Ethernet frame's TCP payload
    taken, writes = 0, 0
    for kind, size in events:
        if kind == "read":
            assert size <= segment  # the bytes reach the device an Ethernet frame at a time
            taken += size
            continue
        complete = sum(len(f) for f in frames[: writes + 1])  # the bytes up to the end of the frame answered
        assert complete <= taken < complete + segment  # answered once in, before the next segment was taken
        writes += 1
    assert writes == len(frames)
    assert arrived[-1] >= 4 * len(frames[1]) * 8 / bits_per_second  # never faster than the wire
    assert len(utmc.channels[1]) == 128


async def test_saved_files_get_ordinary_permissions(rig: Rig, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        link, service = rig.service()
        async with link:
            await service.download_file("2025/01/10/00.dat", tmp_path / "00.dat")
        save_device_file(tmp_path / "list.csv", full_table()[:2])
        save_device_file(tmp_path / "list.xlsx", full_table()[:2])
    finally:
        os.umask(umask)
    for name in ("00.dat", "list.csv", "list.xlsx"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644, name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00.dat", "list.csv", "list.xlsx"]
