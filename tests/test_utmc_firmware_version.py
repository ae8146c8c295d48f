"""The firmware version record (docs/protocols/utmc.md, "Firmware version") and the virtual UTMC-700
reporting the version of the program it restarted into: the codec, the device state machine, and
the device over loopback TCP and a pty (silent while restarting, then the new version)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from intelhex import IntelHex

from app.core.links.base import Link
from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from app.core.utmc_discovery import discover
from app.core.utmc_ops import UtmcService
from protocols.errors import LinkTimeout, SettingsFileError, ValidationError
from protocols.files.intel_hex import (
    VERSION_CHARS,
    VERSION_MARKER,
    build_hex,
    firmware_id,
    firmware_version,
    load_firmware,
    version_record,
)
from protocols.utmc.utmc_frames import Command, ErrorCode, Frame, build_payload, parse_error, parse_payload
from protocols.utmc.utmc_messages import FirmwareUpdateRequest
from simulators.transport import PtySimulator, TcpSimulatorServer, pty_supported
from simulators.utmc import VirtualUtmc, factory_image, start_discovery

pytestmark = pytest.mark.virtual_time

BODY = bytes(range(256)) * 8
START = 0x08000000
VERSION_TEXT = st.text(alphabet=st.sampled_from(sorted(chr(c) for c in VERSION_CHARS)), min_size=1, max_size=16)


# -- the record ------------------------------------------------------------------------------
@pytest.mark.parametrize(("image", "expected"), [
    (b"UTMCFW:1.08\0", "1.08"),
    (BODY[:100] + b"UTMCFW:1.08\0" + BODY[:100], "1.08"),  # anywhere in the image
    (BODY + b"UTMCFW:2.0-rc_1\0", "2.0-rc_1"),  # at the very end
    (b"UTMCFW:" + b"A" * 16 + b"\0", "A" * 16),  # the longest version
    (b"UTMCFW:1.08\0" + BODY + b"UTMCFW:1.08\0", "1.08"),  # repeated, the same version
    (BODY, None),  # no marker: no version
    (b"", None),
    (b"UTMCFW 1.08\0", None),  # not the marker
    (b"utmcfw:1.08\0", None),  # the marker is case-sensitive
])
def test_version_found_by_scanning(image: bytes, expected: str | None) -> None:
    assert firmware_version(image) == expected


@pytest.mark.parametrize(("image", "words"), [
    (b"UTMCFW:", "malformed"),  # cut off
    (b"UTMCFW:1.08", "malformed"),  # no zero byte
    (b"UTMCFW:\0", "malformed"),  # empty version
    (b"UTMCFW:" + b"A" * 17 + b"\0", "malformed"),  # too long for "Версия ПО"
    (b"UTMCFW:1.08 beta\0", "malformed"),  # a space
    (b"UTMCFW:1:08\0", "malformed"),
    (b"UTMCFW:\xd0\x92\0", "malformed"),  # not ASCII
    (b"UTMCFW:1.08\xff\xff", "malformed"),  # gap fill right after the version
    (b"UTMCFW:1.08\0" + BODY + b"UTMCFW:1.09\0", "two different firmware versions: 1.08 and 1.09"),
    (b"UTMCFW:1.08\0UTMCFW:", "malformed"),  # a good record does not excuse a bad one
])
def test_malformed_or_ambiguous_record_is_refused(image: bytes, words: str) -> None:
    with pytest.raises(SettingsFileError) as caught:
        firmware_version(image)
    assert words in caught.value.message("en")
    assert "UTMCFW" in caught.value.message("ru") or "верси" in caught.value.message("ru")


def test_refusal_names_the_address_and_the_file() -> None:
    text = build_hex(BODY[:0x30] + b"UTMCFW:1 08\0", start=START)
    with pytest.raises(SettingsFileError) as caught:
        load_firmware(text, "fw_1_08.hex")
    assert caught.value.message("en").startswith("fw_1_08.hex: the firmware version record at 0x08000030")
    assert "0x08000030" in caught.value.message("ru")


def test_load_firmware_gives_the_version_and_the_id_covers_the_record() -> None:
    image = load_firmware(build_hex(BODY, version="1.08"))
    assert image.version == "1.08" and image.binary.endswith(b"UTMCFW:1.08\0")
    assert image.firmware_id == firmware_id(BODY + version_record("1.08")) != firmware_id(BODY)
    assert load_firmware(build_hex(BODY)).version is None


def test_record_after_a_gap_in_the_image() -> None:
    """Two data segments: the gap is filled with 0xFF and the record in the second is found."""
    hexfile = IntelHex()
    hexfile.frombytes(BODY[:64], offset=START)
    hexfile.frombytes(b"UTMCFW:3.1\0", offset=START + 0x1000)
    out = io.StringIO()
    hexfile.write_hex_file(out)
    image = load_firmware(out.getvalue())
    assert image.version == "3.1" and image.binary[64:0x1000] == b"\xff" * (0x1000 - 64)


@pytest.mark.parametrize("version", ["", "1.08 ", "A" * 17, "1:08", "версия"])
def test_version_record_refuses_what_the_device_could_not_report(version: str) -> None:
    with pytest.raises(ValidationError):
        version_record(version)


@given(VERSION_TEXT, st.binary(max_size=200), st.binary(max_size=200))
def test_record_round_trip(version: str, before: bytes, after: bytes) -> None:
    before, after = before.replace(b"UTMCFW:", b""), after.replace(b"UTMCFW:", b"")
    image = before + version_record(version) + after
    if VERSION_MARKER in image.replace(version_record(version), b"", 1):
        return  # the marker formed across the joins: another record, not this test's case
    assert firmware_version(image) == version


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_random_images_give_a_version_none_or_a_refusal(image: bytes) -> None:
    try:
        version = firmware_version(image, start=START)
    except SettingsFileError:
        return
    assert version is None or version_record(version) in image


@settings(max_examples=300)
@given(st.lists(st.one_of(st.binary(max_size=24), st.just(VERSION_MARKER),
                          VERSION_TEXT.map(str.encode), st.sampled_from([b"\0", b"\xff", b" "])), max_size=12))
def test_images_full_of_markers_give_a_version_none_or_a_refusal(pieces: list[bytes]) -> None:
    image = b"".join(pieces)
    try:
        version = firmware_version(image)
    except SettingsFileError:
        assert VERSION_MARKER in image
        return
    assert (version is None) == (VERSION_MARKER not in image)
    if version is not None:
        assert image.count(VERSION_MARKER) == image.count(version_record(version))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=40), st.just(VERSION_MARKER)), min_size=1, max_size=6))
def test_hex_files_with_markers_are_loaded_or_refused_as_files(pieces: list[bytes]) -> None:
    try:
        image = load_firmware(build_hex(b"".join(pieces)))
    except SettingsFileError:
        return
    assert image.version is None or version_record(image.version) in image.binary


# -- the virtual UTMC ----------------------------------------------------------------------
def request(utmc: VirtualUtmc, command: Command, seq: int = 1, **fields: object) -> Frame:
    return utmc.process(Frame(command, seq, build_payload(command, **fields)))


def identity(utmc: VirtualUtmc) -> tuple[str, str]:
    reply = parse_payload(Command.IDENTIFY, True, request(utmc, Command.IDENTIFY).payload)
    return reply.firmware_version, reply.firmware_id


def test_the_factory_program_carries_its_version() -> None:
    assert firmware_version(factory_image("1.07")) == "1.07"
    utmc = VirtualUtmc(firmware_version="1.07")
    assert identity(utmc) == ("1.07", firmware_id(factory_image("1.07")))


@pytest.mark.parametrize(("file_version", "keep_old", "expected_version", "new_id"), [
    ("1.08", False, "1.08", True),  # the version record of the new image
    (None, False, "1.07", True),  # no record: new ID, the version stays (our rule)
    ("1.08", True, "1.07", False),  # the boot loader kept the old program
])
def test_device_reports_the_program_it_restarted_into(file_version: str | None, keep_old: bool,
                                                      expected_version: str, new_id: bool) -> None:
    utmc = VirtualUtmc(firmware_version="1.07")
    utmc.keep_old_firmware = keep_old
    old_id = utmc.firmware_id
    hex_file = build_hex(BODY, version=file_version)
    utmc.sd["update/fw.hex"] = hex_file
    reply = request(utmc, Command.FIRMWARE_UPDATE, password=0, path="update/fw.hex")
    assert not reply.error and utmc.restart_pending
    new = load_firmware(hex_file).firmware_id
    assert parse_payload(Command.FIRMWARE_UPDATE, True, reply.payload).firmware_id == new
    assert identity(utmc) == ("1.07", old_id)  # still the old program until it has restarted
    utmc.restart()
    assert identity(utmc) == (expected_version, new if new_id else old_id)


def test_malformed_record_is_refused_by_the_device_and_nothing_changes() -> None:
    utmc = VirtualUtmc(firmware_version="1.07")
    before = identity(utmc)
    utmc.sd["update/fw.hex"] = build_hex(BODY + b"UTMCFW:1.08")
    reply = request(utmc, Command.FIRMWARE_UPDATE, password=0, path="update/fw.hex")
    code, detail = parse_error(reply.payload)
    assert reply.error and code == ErrorCode.BAD_IMAGE and "version record" in detail
    assert not utmc.restart_pending and utmc.updates == []
    utmc.restart()
    assert identity(utmc) == before


# -- over the wire: silent while restarting, then the new version -----------------------------
@dataclass
class Wire:
    utmc: VirtualUtmc
    make_link: Callable[[], Link]
    discovery: tuple[str, int]


KINDS = ["tcp", pytest.param("pty", marks=pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX"))]


@pytest.fixture(params=KINDS)
async def wire(request: pytest.FixtureRequest) -> AsyncIterator[Wire]:
    utmc = VirtualUtmc(firmware_version="1.07", update_seconds=None)  # restarts when the test says so
    utmc.sd["update/fw.hex"] = build_hex(BODY, version="1.08")
    server = await TcpSimulatorServer(utmc.serve).start()
    udp, address = await start_discovery(utmc, "127.0.0.1", 0, advertise=server.address)
    if request.param == "tcp":
        yield Wire(utmc, lambda: TcpLink(*server.address), address)
    else:
        pty = await PtySimulator(utmc.serve).start()
        yield Wire(utmc, lambda: SerialLink(pty.path, 115200), address)
        await pty.close()
    udp.close()
    await server.close()


async def test_new_version_after_the_restart_and_silence_during_it(wire: Wire) -> None:
    link = wire.make_link()
    async with link:
        service = UtmcService(link, timeout=0.3, retries=0)
        assert (await service.identify()).firmware_version == "1.07"
        reply = await service.client.request(FirmwareUpdateRequest(password=0, path="update/fw.hex"))
        assert reply.firmware_id == load_firmware(wire.utmc.sd["update/fw.hex"]).firmware_id
    assert wire.utmc.restarting
    assert await discover([wire.discovery], 0.2) == []  # "Search" finds nothing while it restarts
    link = wire.make_link()
    async with link:
        with pytest.raises(LinkTimeout):
            await UtmcService(link, timeout=0.3, retries=0).identify()
    assert wire.utmc.restarting  # silent for as long as the restart lasts, however long the above took
    wire.utmc.restart()
    link = wire.make_link()
    async with link:
        back = await UtmcService(link, timeout=2.0).identify()
    assert (back.firmware_version, back.firmware_id) == ("1.08", reply.firmware_id)
    found = await discover([wire.discovery], 0.5)
    assert [f.firmware_version for f in found] == ["1.08"]
