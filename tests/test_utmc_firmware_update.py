"""Firmware update with the version check: the file's version is told before the upload, and after the
restart the version and ID the UTMC reports are compared with the file — operations against the
virtual UTMC over loopback TCP and a pty, the CLI against `main.py simulate utmc` in its own process."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli import run
from app.core.links.base import Link
from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from app.core.progress import Progress
from app.core.utmc_ops import UtmcService, identify_after_restart
from app.core.utmc_sd_card import FirmwareCheck, firmware_file_text
from protocols.errors import LinkTimeout
from protocols.files.intel_hex import build_hex, load_firmware
from simulators.transport import PtySimulator, TcpSimulatorServer, pty_supported
from simulators.utmc import VirtualUtmc, ethernet_handler
from tests.simulator_process import simulator_process

pytestmark = pytest.mark.virtual_time

BODY = bytes(range(256)) * 16
RESTART = 0.8


# -- the verdict ---------------------------------------------------------------------------
@pytest.mark.parametrize(("file_version", "reported", "runs", "words"), [
    ("1.08", ("1.08", "FILE"), True, "The UTMC runs the firmware from the file: version 1.08, firmware ID FILE"),
    (None, ("1.07", "FILE"), True, "carries no version record, so the UTMC still reports version 1.07"),
    ("1.08", ("1.07", "OLD"), False, "does NOT run the firmware from the file: it reports version 1.07, "
                                     "firmware ID OLD, the file has version 1.08, firmware ID FILE"),
    ("1.08", ("1.07", "FILE"), False, "it reports version 1.07, firmware ID FILE, the file has version 1.08"),
    ("1.08", ("1.08", "OLD"), False, "does NOT run"),
    (None, ("1.07", "OLD"), False, "the file has no version, firmware ID FILE"),
])
def test_firmware_check(file_version: str | None, reported: tuple[str, str], runs: bool, words: str) -> None:
    check = FirmwareCheck(file_version, "FILE", *reported)
    assert check.runs_file is runs
    assert words in check.text.en
    assert ("НЕ работает" in check.text.ru) is not runs


def test_file_text_names_the_version_or_says_there_is_none() -> None:
    assert firmware_file_text(load_firmware(build_hex(BODY, version="1.08"))).ru == "Файл прошивки: версия 1.08"
    none = firmware_file_text(load_firmware(build_hex(BODY)))
    assert "версия не указана" in none.ru and "keeps reporting its previous version" in none.en


# -- the operations over TCP and a pty ---------------------------------------------------------
@dataclass
class Rig:
    utmc: VirtualUtmc
    make_link: Callable[[], Link]


KINDS = ["tcp", pytest.param("pty", marks=pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX"))]


@pytest.fixture(params=KINDS)
async def rig(request: pytest.FixtureRequest) -> AsyncIterator[Rig]:
    utmc = VirtualUtmc(firmware_version="1.07", update_seconds=None)  # back when the test says so
    if request.param == "tcp":
        server = await TcpSimulatorServer(ethernet_handler(utmc, None)).start()
        yield Rig(utmc, lambda: TcpLink(*server.address))
        await server.close()
    else:
        pty = await PtySimulator(utmc.serve).start()
        yield Rig(utmc, lambda: SerialLink(pty.path, 115200))
        await pty.close()


async def update_and_check(rig: Rig, hex_file: Path, wait: float = 10.0,
                           comes_back: bool = True) -> tuple[FirmwareCheck, list[int]]:
    """Update, then wait for the device; it ends its restart once the wait has met its silence."""
    link = rig.make_link()
    waited: list[int] = []

    def progress(step: Progress) -> None:
        waited.append(step.done)  # a poll went unanswered: the device is silent while it restarts
        if comes_back and rig.utmc.restarting:
            rig.utmc.restart()

    async with link:
        service = UtmcService(link, timeout=0.3)
        uploaded = await service.upload_firmware(hex_file)
        await service.update_firmware(uploaded)
        identity = await identify_after_restart(link, wait=wait, timeout=0.3, pause=0.1, progress=progress)
        assert link.is_open  # left open for whatever comes next
    return FirmwareCheck.of(uploaded.image, identity.firmware_version, identity.firmware_id), waited


async def test_the_device_runs_the_file_after_the_restart(rig: Rig, tmp_path: Path) -> None:
    hex_file = tmp_path / "utmc_1_08.hex"
    hex_file.write_bytes(build_hex(BODY, version="1.08"))
    check, waited = await update_and_check(rig, hex_file)
    expected = load_firmware(hex_file.read_bytes()).firmware_id
    assert check.runs_file and (check.version, check.firmware_id) == ("1.08", expected)
    assert waited  # it really waited for the silent device to come back


async def test_a_file_without_a_version_keeps_the_old_version(rig: Rig, tmp_path: Path) -> None:
    hex_file = tmp_path / "no_version.hex"
    hex_file.write_bytes(build_hex(BODY))
    check, _ = await update_and_check(rig, hex_file)
    assert check.runs_file and check.version == "1.07" and check.file_version is None
    assert "still reports version 1.07" in check.text.en


async def test_an_update_that_did_not_take_is_reported(rig: Rig, tmp_path: Path) -> None:
    rig.utmc.keep_old_firmware = True
    hex_file = tmp_path / "utmc_1_08.hex"
    hex_file.write_bytes(build_hex(BODY, version="1.08"))
    check, _ = await update_and_check(rig, hex_file)
    assert not check.runs_file and check.version == "1.07"
    assert "does NOT run the firmware from the file: it reports version 1.07" in check.text.en


async def test_a_device_that_does_not_come_back_in_time(rig: Rig, tmp_path: Path) -> None:
    hex_file = tmp_path / "utmc_1_08.hex"
    hex_file.write_bytes(build_hex(BODY, version="1.08"))
    loop = asyncio.get_running_loop()  # the wait is on the loop's clock
    started = loop.time()
    with pytest.raises(LinkTimeout) as caught:
        await update_and_check(rig, hex_file, wait=1.0, comes_back=False)
    assert loop.time() - started >= 1.0  # it waited the time it was given
    assert "did not answer within 1 s after the firmware update" in caught.value.message("en")
    assert "не ответило за 1 с" in caught.value.message("ru")


# -- the CLI against the simulator in its own process -------------------------------------------
@contextmanager
def simulator(*extra: str) -> Iterator[dict[str, str]]:
    pty = [] if sys.platform == "win32" else ["--pty"]
    with simulator_process("utmc", "--baud", "0", "--eth-bitrate", "0", "--update-seconds", str(RESTART),
                           *pty, *extra) as endpoints:
        yield endpoints


def connections(endpoints: dict[str, str]) -> list[list[str]]:
    host, port = endpoints["tcp"].rsplit(":", 1)
    found = [["--via", "tcp", "--host", host, "--tcp-port", port]]
    if "serial" in endpoints:
        found.append(["--via", "serial", "--port", endpoints["serial"]])
    return found


@pytest.mark.slow
def test_cli_update_waits_and_confirms_the_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {"1.08": tmp_path / "utmc_1_08.hex", "1.09": tmp_path / "utmc_1_09.hex", "2.00": tmp_path / "utmc_2_00.hex"}
    for number, (version, hex_file) in enumerate(files.items()):
        hex_file.write_bytes(build_hex(BODY[number:], version=version))
    with simulator() as endpoints:
        for via, (version, hex_file) in zip(connections(endpoints), files.items(), strict=False):  # USB and Ethernet
            assert run(["--lang", "en", "utmc-update", str(hex_file), *via, "--timeout", "0.3", "--wait", "20"]) == 0
            out = capsys.readouterr().out
            assert out.startswith(f"Firmware file: version {version}\n")
            assert "waiting for the UTMC to restart (up to 20 s)" in out
            assert f"The UTMC runs the firmware from the file: version {version}" in out
            assert run(["--lang", "en", "utmc-info", *via, "--firmware", str(hex_file)]) == 0
            assert f"Firmware version: {version}" in capsys.readouterr().out
        running = list(files)[len(connections(endpoints)) - 1]
        assert run(["--lang", "en", "utmc-info", *connections(endpoints)[0], "--firmware", str(files["2.00"])]) == 1
        assert f"does NOT run the firmware from the file: it reports version {running}" in capsys.readouterr().out


def test_cli_update_that_did_not_take_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hex_file = tmp_path / "utmc_1_08.hex"
    hex_file.write_bytes(build_hex(BODY, version="1.08"))
    with simulator("--keep-old-firmware") as endpoints:
        via = connections(endpoints)[0]
        assert run(["utmc-update", str(hex_file), *via, "--timeout", "0.3", "--wait", "20"]) == 1
        out = capsys.readouterr().out
        assert "Файл прошивки: версия 1.08" in out
        assert "УТМЦ НЕ работает с ПО из файла: сообщает версия 1.07" in out and "в файле версия 1.08" in out


def test_cli_file_without_version_and_no_wait(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hex_file = tmp_path / "plain.hex"
    hex_file.write_bytes(build_hex(BODY))
    with simulator() as endpoints:
        via = connections(endpoints)[0]
        assert run(["--lang", "en", "utmc-update", str(hex_file), *via, "--wait", "0"]) == 0
        out = capsys.readouterr().out
        assert "Firmware file: no version given" in out
        assert f"check with: utmc-info --firmware {hex_file}" in out and "waiting" not in out
        # The device is silent while it restarts: ask until it answers (no guess at how long that takes).
        asked_until = time.monotonic() + 30
        while run(["--lang", "en", "utmc-info", *via, "--firmware", str(hex_file), "--timeout", "0.3"]) != 0:
            assert "No reply within" in capsys.readouterr().err and time.monotonic() < asked_until
        out = capsys.readouterr().out
        assert "Firmware version: 1.07" in out and "still reports version 1.07" in out


def test_cli_device_not_back_in_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hex_file = tmp_path / "utmc_1_08.hex"
    hex_file.write_bytes(build_hex(BODY, version="1.08"))
    with simulator("--update-seconds", "60") as endpoints:
        via = connections(endpoints)[-1]
        started = time.monotonic()
        assert run(["--lang", "en", "utmc-update", str(hex_file), *via, "--timeout", "0.3", "--wait", "1"]) == 1
        assert time.monotonic() - started >= 1.0
        assert "did not answer within 1 s after the firmware update" in capsys.readouterr().err
