"""«Файлы» → «Обновление ПО» with the version check: the real UTMC workspace against the virtual UTMC over
loopback TCP. The file's version is shown when it is chosen; after «Обновить» and the restart,
«Установить связь» compares what the UTMC reports with the file and says whether it runs it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from app.ui.utmc.workspace import ERROR_STYLE, OK_STYLE, UtmcWorkspace
from protocols.files.intel_hex import build_hex, load_firmware
from simulators.transport import TcpSimulatorServer
from simulators.utmc import VirtualUtmc
from tests import test_gui_utmc

loop = test_gui_utmc.loop  # the same qasync loop fixture

pytestmark = pytest.mark.gui

BODY = bytes(range(256)) * 16


@pytest.fixture
def utmc() -> VirtualUtmc:
    return VirtualUtmc(serial="70012345", firmware_version="1.07", update_seconds=None)  # back when told


@pytest.fixture
def ws(qtbot, loop, utmc) -> Iterator[UtmcWorkspace]:
    server = loop.run_until_complete(TcpSimulatorServer(utmc.serve).start("127.0.0.1", 0))
    page = UtmcWorkspace()
    qtbot.addWidget(page)
    page.show()
    host, port = server.address[:2]
    page.connection.eth_radio.setChecked(True)
    page.connection.host.setEditText(host)
    page.connection.tcp_port.setValue(port)
    yield page
    loop.run_until_complete(page.utmc_actions.close())
    loop.run_until_complete(server.close())


async def click_and_wait(page: UtmcWorkspace, button: QPushButton, qtbot) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    deadline = time.monotonic() + 10
    while page.busy():
        assert time.monotonic() < deadline, "the operation did not finish"
        await asyncio.sleep(0.01)


def run(loop: asyncio.AbstractEventLoop, scenario: Callable[[], Awaitable[None]]) -> None:
    loop.run_until_complete(asyncio.wait_for(scenario(), 30))


def update_and_reconnect(loop, qtbot, ws: UtmcWorkspace, utmc: VirtualUtmc, hex_text: bytes, tmp_path,
                         monkeypatch) -> None:
    hex_file = tmp_path / "utmc_fw.hex"
    hex_file.write_bytes(hex_text)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(hex_file), ""))
    files = ws.files

    async def scenario() -> None:
        await click_and_wait(ws, ws.connection.identify_button, qtbot)
        ws.tabs.setCurrentWidget(files)
        await click_and_wait(ws, files.load_button, qtbot)
        assert files.update_button.isEnabled(), ws.status.text()
        await click_and_wait(ws, files.update_button, qtbot)
        assert "перезапускается" in ws.status.text()
        assert "будут сверены с файлом" in files.firmware_info.text()
        assert utmc.restarting  # silent until its restart is over, however long the above took
        utmc.restart()
        await click_and_wait(ws, ws.connection.identify_button, qtbot)

    run(loop, scenario)


def test_chosen_file_shows_its_version_and_the_device_is_confirmed_to_run_it(
        qtbot, loop, ws, utmc, tmp_path, monkeypatch) -> None:
    hex_text = build_hex(BODY, version="1.08")
    update_and_reconnect(loop, qtbot, ws, utmc, hex_text, tmp_path, monkeypatch)
    new_id = load_firmware(hex_text).firmware_id
    assert ws.connection.firmware_version.text() == "1.08" and ws.connection.firmware_id.text() == new_id
    expected = f"УТМЦ работает с ПО из файла: версия 1.08, ID ПО {new_id}"
    assert ws.status.text() == expected and ws.status.styleSheet() == OK_STYLE
    assert ws.files.firmware_info.text() == expected and ws.files.firmware_info.styleSheet() == ""


def test_update_that_did_not_take_is_shown_as_an_error(qtbot, loop, ws, utmc, tmp_path, monkeypatch) -> None:
    utmc.keep_old_firmware = True
    update_and_reconnect(loop, qtbot, ws, utmc, build_hex(BODY, version="1.08"), tmp_path, monkeypatch)
    assert ws.connection.firmware_version.text() == "1.07"
    assert ws.status.text().startswith("УТМЦ НЕ работает с ПО из файла: сообщает версия 1.07")
    assert ws.status.styleSheet() == ERROR_STYLE
    assert "в файле версия 1.08" in ws.files.firmware_info.text()
    assert ws.files.firmware_info.styleSheet() == "color: #b00020;"


def test_file_without_version_says_so_before_and_after(qtbot, loop, ws, utmc, tmp_path, monkeypatch) -> None:
    hex_file = tmp_path / "plain.hex"
    hex_file.write_bytes(build_hex(BODY))
    assert ws.files.check_firmware(hex_file) is not None
    assert "Файл прошивки: версия не указана" in ws.files.firmware_info.text()
    update_and_reconnect(loop, qtbot, ws, utmc, build_hex(BODY), tmp_path, monkeypatch)
    assert ws.connection.firmware_version.text() == "1.07"
    assert "В файле нет записи версии, поэтому УТМЦ по-прежнему сообщает версию 1.07" in ws.status.text()
    assert ws.status.styleSheet() == OK_STYLE


def test_version_shown_when_the_file_is_chosen(qtbot, ws, tmp_path) -> None:
    hex_file = tmp_path / "utmc_1_08.hex"
    hex_file.write_bytes(build_hex(BODY, version="1.08"))
    assert ws.files.check_firmware(hex_file) is not None
    assert ws.files.firmware_info.text().endswith("файл проверен\nФайл прошивки: версия 1.08")
