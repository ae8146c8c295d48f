"""The UTMC workspace after a mistake or a change of mind: a cancelled upload says «Отменено» and the page
stops promising a checked file; greyed-out buttons say why; a hint goes once its step is done; a poll
result has its words beside the manual's 1/0. Real widgets against the virtual UTMC over loopback TCP."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.ui.utmc.device_table import RESULT_COLUMN
from app.ui.utmc.workspace import CANCELLED_STYLE, UtmcWorkspace
from protocols.files.intel_hex import build_hex
from protocols.utmc.utmc_devices import parse_device_lines
from simulators.transport import TcpSimulatorServer
from tests import test_gui_utmc
from tests.test_gui_utmc import click_and_wait, run, until

loop, utmc, server, ws = test_gui_utmc.loop, test_gui_utmc.utmc, test_gui_utmc.server, test_gui_utmc.ws

pytestmark = pytest.mark.gui


def test_a_cancelled_upload_says_cancelled_and_no_checked_file_remains(qtbot, loop, utmc, tmp_path, monkeypatch):
    slow = loop.run_until_complete(TcpSimulatorServer(utmc.serve, None, 200_000).start("127.0.0.1", 0))
    page = UtmcWorkspace()
    qtbot.addWidget(page)
    page.connection.eth_radio.setChecked(True)
    page.connection.host.setEditText("127.0.0.1")
    page.connection.tcp_port.setValue(slow.address[1])
    hex_file = tmp_path / "big.hex"
    hex_file.write_bytes(build_hex(bytes(range(256)) * 1024, version="1.09"))  # 256 KiB: seconds at this pace
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(hex_file), ""))
    files = page.files

    async def scenario() -> None:
        assert not files.update_button.isEnabled() and "Загрузить файл" in files.update_button.toolTip()
        qtbot.mouseClick(files.load_button, Qt.MouseButton.LeftButton)
        await until(lambda: page.progress.maximum() > 0 and page.progress.value() > 0)
        assert "файл проверен" in files.firmware_info.text()
        assert "Идёт операция" in files.toolTip()  # why the page is greyed out while the upload runs
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
        await until(lambda: not page.busy())
        assert page.status.text() == "Отменено: Загрузка файла прошивки"
        assert page.status.styleSheet() == CANCELLED_STYLE
        assert "Ошибка" not in page.context.log.text()
        assert "файл проверен" not in files.firmware_info.text()
        assert "Загрузка отменена" in files.firmware_info.text()
        assert not files.update_button.isEnabled() and "Загрузить файл" in files.update_button.toolTip()
        assert not page.cancel_button.isEnabled() and page.cancel_button.toolTip()
        assert files.toolTip() == ""

    try:
        run(loop, scenario)
    finally:
        loop.run_until_complete(page.utmc_actions.close())
        loop.run_until_complete(slow.close())


def test_the_write_devices_hint_goes_once_they_are_written(qtbot, loop, ws, utmc, tmp_path):
    devices = ws.devices
    listing = tmp_path / "devices.txt"
    listing.write_text("1;ЕМ Энергомера СЕ102;12345678;1;ENM;5678;9600\n", encoding="utf-8")

    async def scenario() -> None:
        await click_and_wait(ws, ws.connection.identify_button, qtbot)
        ws.tabs.setCurrentWidget(devices)
        assert ws.utmc_actions.import_devices_from(listing)
        assert "нажмите «Записать приборы»" in devices.message.text() and devices.message.isVisible()
        await click_and_wait(ws, devices.write_button, qtbot)  # reads the channel, shows what changes
        dialog = ws.utmc_actions.diff_dialog
        assert dialog is not None
        dialog.accept()
        await until(lambda: not ws.busy() and "добавлено 1" in ws.status.text())
        assert devices.message.text() == "" and not devices.message.isVisible()  # done: the hint is gone
        devices.show_message("Прибор 1 удалён из таблицы")  # not a hint: stays after a read
        await click_and_wait(ws, devices.read_button, qtbot)
        assert devices.message.text() == "Прибор 1 удалён из таблицы"

    run(loop, scenario)


def test_poll_results_have_words_beside_the_manuals_digits(qtbot, loop, ws, utmc):
    devices = ws.devices

    async def scenario() -> None:
        await click_and_wait(ws, ws.connection.identify_button, qtbot)
        ws.tabs.setCurrentWidget(devices)
        await click_and_wait(ws, devices.poll_all_button, qtbot)
        shown = {devices.model.index(row, RESULT_COLUMN).data() for row in range(devices.model.rowCount())}
        assert shown and shown <= {"1 — опрошен", "0 — не опрошен"}

    utmc.channels[1] = parse_device_lines("1;ЕМ Энергомера СЕ102;12345678;1;ENM;5678;9600\n"
                                                        "2;ЕМ Энергомера СЕ102;12345679;1;ENM;5679;9600\n")
    run(loop, scenario)


def test_disabled_connection_controls_say_why(qtbot, loop, ws):
    async def scenario() -> None:
        await click_and_wait(ws, ws.connection.connect_button, qtbot)
        assert ws.connection.connect_button.text() == "Отключить"
        for widget in (ws.connection.host, ws.connection.search_button, ws.connection.eth_radio):
            assert not widget.isEnabled() and "Отключить" in widget.toolTip(), widget.objectName()
        await click_and_wait(ws, ws.connection.connect_button, qtbot)
        assert ws.connection.search_button.isEnabled()
        assert "Отключить" not in ws.connection.search_button.toolTip()

    run(loop, scenario)
    loop.run_until_complete(asyncio.sleep(0))


def test_the_synchronise_time_hint_goes_once_written(qtbot, loop, ws, utmc):
    from protocols.utmc.utmc_params import Tab

    main = ws.pages[Tab.MAIN]

    async def scenario() -> None:
        main.sync_time.click()
        assert "нажмите «Записать»" in main.message.text()
        ws.connection.password.setText("0")
        utmc.password = 1234  # refused: the step is not done, the hint stays
        await click_and_wait(ws, main.write_button, qtbot)
        assert "нажмите «Записать»" in main.message.text()
        ws.connection.password.setText("1234")
        await click_and_wait(ws, main.write_button, qtbot)
        assert ws.status.text().startswith("Записано параметров: 1") and main.message.text() == ""

    run(loop, scenario)
