"""UTMC-700 workspace scenarios: the real widgets against the virtual UTMC over loopback TCP and a pty.

Operations run as asyncio tasks on a qasync loop, as in the application; each scenario is a
coroutine driven by ``loop.run_until_complete`` so Qt events and asyncio share one loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from app.ui.utmc.device_table import NOT_POLLED_COLOUR, POLLED_COLOUR, RESULT_COLUMN
from app.ui.utmc.param_table import VALUE
from app.ui.utmc.workspace import UtmcWorkspace
from protocols.files.intel_hex import build_hex
from protocols.utmc.utmc_devices import DeviceRecord, parse_device_lines
from protocols.utmc.utmc_models import find_model
from protocols.utmc.utmc_params import Tab
from simulators.transport import PtySimulator, TcpSimulatorServer, pty_supported
from simulators.utmc import VirtualUtmc, start_discovery

pytestmark = pytest.mark.gui


@pytest.fixture
def loop(qapp):
    event_loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    event_loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def utmc() -> VirtualUtmc:
    return VirtualUtmc(serial="70012345", seed=3)


@pytest.fixture
def server(loop, utmc):
    tcp = loop.run_until_complete(TcpSimulatorServer(utmc.serve).start("127.0.0.1", 0))
    yield tcp
    loop.run_until_complete(tcp.close())


@pytest.fixture
def ws(qtbot, loop, server) -> UtmcWorkspace:
    page = UtmcWorkspace()
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)  # delegate editors commit on Return only in the active window
    host, port = server.address[:2]
    page.connection.eth_radio.setChecked(True)
    page.connection.host.setEditText(host)
    page.connection.tcp_port.setValue(port)
    yield page
    loop.run_until_complete(page.utmc_actions.close())


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


async def click_and_wait(page: UtmcWorkspace, button, qtbot) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    await until(lambda: not page.busy())


def run(loop, scenario: Callable[[], Awaitable[None]]) -> None:
    loop.run_until_complete(asyncio.wait_for(scenario(), 30))


def edit_cell(qtbot, page, tab: Tab, key: str, text: str) -> None:
    """Type into the value cell through its delegate editor, as a user does."""
    p = page.pages[tab]
    page.tabs.setCurrentWidget(p)
    index = p.model.index(p.model.row_of(key), VALUE)
    p.table.setFocus()
    p.table.setCurrentIndex(index)
    p.table.edit(index)
    qtbot.wait(1)
    editor = p.table.findChild(QLineEdit, f"editor_{key}")
    assert editor is not None, key
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits through a queued call


# -- connection and parameters ------------------------------------------------------------------
def test_identify_then_read_and_write_every_tab(qtbot, loop, ws, utmc):
    async def scenario() -> None:
        await click_and_wait(ws, ws.connection.identify_button, qtbot)
        assert ws.connection.serial.text() == "70012345"
        assert ws.connection.firmware_version.text() == "1.07"
        assert ws.connection.firmware_id.text() == utmc.firmware_id
        assert ws.connection.connect_button.text() == "Отключить"

        changes = {Tab.MAIN: ("time_zone", "5", 5), Tab.NETWORK: ("transfer_period", "30", 30),
                   Tab.INTERFACES: ("poll_period", "15", 15), Tab.SERVICE: ("journal_format", None, "csv")}
        for tab, (key, typed, expected) in changes.items():
            page = ws.pages[tab]
            page.select_all.click()
            await click_and_wait(ws, page.read_button, qtbot)
            for param in page.model.params:
                if param.readable and param.key != "current_time":
                    assert page.model.values[param.key] == utmc.value(param.key), param.key
            assert "Прочитано" in ws.status.text()
            page.select_none.click()
            if typed is None:  # an enumeration: chosen from the combo box editor
                index = page.model.index(page.model.row_of(key), VALUE)
                page.model.setData(index, expected)
            else:
                edit_cell(qtbot, ws, tab, key, typed)
            assert page.model.values[key] == expected
            page.model.set_selected([key], True)
            await click_and_wait(ws, page.write_button, qtbot)
            assert utmc.values[key] == expected, ws.status.text()
            first, backup = ws.status.text().splitlines()
            assert first == "Записано параметров: 1" and backup.startswith("Резервная копия (прежние значения: ")

    run(loop, scenario)


def test_invalid_value_is_kept_and_blocks_writing(qtbot, loop, ws, utmc):
    async def scenario() -> None:
        edit_cell(qtbot, ws, Tab.NETWORK, "transfer_offset", "75")
        page = ws.pages[Tab.NETWORK]
        assert page.model.texts["transfer_offset"] == "75"
        assert "от 0 до 59" in page.model.errors["transfer_offset"]
        page.model.set_selected(["transfer_offset"], True)
        qtbot.mouseClick(page.write_button, Qt.MouseButton.LeftButton)
        assert not ws.busy()
        assert "Не записано" in page.message.text() and "от 0 до 59" in page.message.text()
        assert utmc.values["transfer_offset"] == 5

    run(loop, scenario)


def test_sync_time_writes_nothing_and_password_refusal_is_explained(qtbot, loop, ws, utmc):
    utmc.password = 1234

    async def scenario() -> None:
        main = ws.pages[Tab.MAIN]
        before = utmc.clock_offset
        main.sync_time.click()
        value = main.model.values["current_time"]
        assert abs(value - datetime.now()) < timedelta(seconds=2)
        assert main.model.selected_keys() == ["current_time"]
        await asyncio.sleep(0.05)
        assert utmc.clock_offset == before and not ws.busy()  # nothing sent

        ws.connection.password.setText("0")
        await click_and_wait(ws, main.write_button, qtbot)
        assert "УТМЦ отказало в записи: неверный пароль доступа к настройкам" in ws.status.text()
        assert "SA2" in ws.status.text() and "WRITE_PARAMS" not in ws.status.text()  # the operation in words
        ws.connection.password.setText("1234")
        await click_and_wait(ws, main.write_button, qtbot)
        assert ws.status.text().splitlines() == [
            "Записано параметров: 1",
            "Резервная копия не нужна: записываются только пароли или время, их копия не хранится"]
        assert abs(utmc.clock_offset) < timedelta(seconds=3)

    run(loop, scenario)


def test_settings_file_save_and_load_into_the_form(qtbot, loop, ws, utmc, tmp_path):
    async def scenario() -> None:
        net = ws.pages[Tab.NETWORK]
        net.select_all.click()
        await click_and_wait(ws, net.read_button, qtbot)
        edit_cell(qtbot, ws, Tab.NETWORK, "main_server_address", "data.example.org")
        path = tmp_path / "utmc.json"
        assert ws.utmc_actions.save_settings_to(path)
        edit_cell(qtbot, ws, Tab.NETWORK, "main_server_address", "other.example.org")
        assert ws.utmc_actions.load_settings_from(path)
        assert net.model.values["main_server_address"] == "data.example.org"
        assert utmc.values["main_server_address"] == ""  # loading writes nothing
        assert "Записать" in ws.status.text()
        (tmp_path / "bad.json").write_text('{"format": "nope"}', encoding="utf-8")
        assert not ws.utmc_actions.load_settings_from(tmp_path / "bad.json")
        assert "не файл настроек УТМЦ" in ws.status.text()

    run(loop, scenario)


def test_search_finds_the_concentrator(qtbot, loop, ws, utmc, server):
    async def scenario() -> None:
        transport, (host, port) = await start_discovery(utmc, "127.0.0.1", 0, advertise=server.address[:2])
        try:
            ws.connection.host.setEditText("")
            ws.utmc_actions.discovery_targets = [(host, port)]
            await click_and_wait(ws, ws.connection.search_button, qtbot)
            assert ws.connection.host.currentText() == "127.0.0.1", ws.status.text()
            assert ws.connection.tcp_port.value() == server.address[1]
            assert "70012345" in ws.status.text()
        finally:
            transport.close()

    run(loop, scenario)


@pytest.mark.skipif(not pty_supported(), reason="needs a pty")
def test_connect_over_com_port(qtbot, loop, utmc):
    pty = loop.run_until_complete(PtySimulator(utmc.serve).start())
    page = UtmcWorkspace()
    qtbot.addWidget(page)

    async def scenario() -> None:
        page.connection.com_radio.setChecked(True)
        page.connection.port.setEditText(pty.path)
        await click_and_wait(page, page.connection.connect_button, qtbot)
        assert page.connection.connect_button.text() == "Отключить"
        await click_and_wait(page, page.connection.identify_button, qtbot)
        assert page.connection.serial.text() == "70012345"
        await click_and_wait(page, page.connection.connect_button, qtbot)
        assert page.connection.connect_button.text() == "Подключить COM"

    try:
        run(loop, scenario)
    finally:
        loop.run_until_complete(page.utmc_actions.close())
        loop.run_until_complete(pty.close())


@pytest.mark.skipif(not pty_supported(), reason="needs a pty")
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_exchange_log_speaks_the_ui_language(qtbot, loop, utmc, lang):
    from app.ui.i18n import install_language

    pty = loop.run_until_complete(PtySimulator(utmc.serve).start())
    assert install_language(lang)
    page = UtmcWorkspace()
    qtbot.addWidget(page)

    async def scenario() -> None:
        page.connection.com_radio.setChecked(True)
        page.connection.port.setEditText(pty.path)
        await click_and_wait(page, page.connection.identify_button, qtbot)
        assert page.connection.serial.text() == "70012345"
        await click_and_wait(page, page.connection.connect_button, qtbot)  # disconnects

    try:
        run(loop, scenario)
    finally:
        loop.run_until_complete(page.utmc_actions.close())
        loop.run_until_complete(pty.close())
        install_language("ru")
    lines = [line for line in page.context.log.text().splitlines() if "[УТМЦ]" in line or "[UTMC]" in line]
    if lang == "ru":
        expected = [f"· [УТМЦ] Открыт канал {pty.path} 115200 8N1", "→ [УТМЦ] установление связи №",
                    "← [УТМЦ] ответ: установление связи №", f"· [УТМЦ] Закрыт канал {pty.path} 115200 8N1"]
    else:
        expected = [f"· [UTMC] Opened {pty.path} 115200 8N1", "→ [UTMC] identify #", "← [UTMC] reply: identify #",
                    f"· [UTMC] Closed {pty.path} 115200 8N1"]
    assert [line.split(" ", 1)[1][: len(start)] for line, start in zip(lines, expected, strict=True)] == expected


# -- devices ------------------------------------------------------------------------------------
def test_add_edit_remove_write_and_read_back_devices(qtbot, loop, ws, utmc):
    devices = ws.devices

    async def scenario() -> None:
        ws.tabs.setCurrentWidget(devices)
        devices.set_channel(2)
        qtbot.mouseClick(devices.add_button, Qt.MouseButton.LeftButton)
        dialog = devices.dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.number.value() == 257  # 256 × (2 − 1) + 1
        dialog.model.set_model(find_model("Вавиот Фобос"))
        qtbot.keyClicks(dialog.serial, "08412415")
        qtbot.mouseClick(dialog.help_button, Qt.MouseButton.LeftButton)
        helper = dialog.help_dialog
        assert helper is not None and "16 + ID % 16365" in helper.notes.toPlainText()
        assert helper.suggestions.count() == 1 and "адрес 821" in helper.suggestions.item(0).text()
        qtbot.mouseClick(helper.apply_button, Qt.MouseButton.LeftButton)
        assert dialog.address.text() == "821" and dialog.baud.currentData() == 9600
        dialog.manufacturer.setText("vav")  # lower case: refused with a reason
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "3 прописные" in dialog.problems.text()
        dialog.manufacturer.setText("VAV")
        dialog.flags["T"].setChecked(True)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert [r.number for r in devices.model.channel_records(2)] == [257]
        added = devices.model.record_at(0)
        assert (added.serial, added.address, added.baud, added.note) == ("08412415", 821, 9600, "T")

        qtbot.mouseClick(devices.add_button, Qt.MouseButton.LeftButton)
        second = devices.dialog
        assert second.number.value() == 258
        second.model.set_model(find_model("Энергомера СЕ102"))
        second.serial.setText("12345678")
        second.address.setText("5678")
        qtbot.mouseClick(second.ok_button, Qt.MouseButton.LeftButton)
        assert len(devices.model.channel_records(2)) == 2

        devices.select_number(258)
        qtbot.mouseClick(devices.edit_button, Qt.MouseButton.LeftButton)
        edit = devices.dialog
        assert edit.serial.text() == "12345678"
        edit.address.setText("9999")
        qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
        assert devices.model.channel_records(2)[1].address == 9999

        await click_and_wait(ws, devices.write_button, qtbot)  # the difference is shown first
        dialog = ws.utmc_actions.diff_dialog
        assert dialog is not None and [row[:2] for row in dialog.rows()] == [("+ добавится", 257), ("+ добавится", 258)]
        await click_and_wait(ws, dialog.write_button, qtbot)
        assert [r.number for r in utmc.channels[2]] == [257, 258], ws.status.text()
        assert "добавлено 2 (257, 258)" in ws.status.text() and "в УТМЦ теперь приборов 2" in ws.status.text()

        devices.select_number(257)
        qtbot.mouseClick(devices.remove_button, Qt.MouseButton.LeftButton)
        assert [r.number for r in devices.model.channel_records(2)] == [258]
        await click_and_wait(ws, devices.read_button, qtbot)  # read back what the UTMC holds
        read = devices.model.channel_records(2)
        assert [r.number for r in read] == [257, 258]
        assert read[0].same_settings(added) and read[1].address == 9999

    run(loop, scenario)


def test_import_with_a_bad_line_changes_nothing(qtbot, loop, ws, tmp_path, monkeypatch):
    devices = ws.devices
    bad = tmp_path / "bad.txt"
    bad.write_text("1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem\n"
                   "2;ЕМ Энергомера СЕ102;1234567X;1;ЕТО;5679;9600\n"
                   "3;ЕМ Несуществующий;12345680;1;ENM;5680;9600\n", encoding="cp1251")
    good = tmp_path / "good.txt"
    good.write_text("1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem\n"
                    "2;ЕМ Энергомера СЕ102;12345679;1;ЕТО;5679;9600;rem\n", encoding="utf-8")
    chosen = iter([str(bad), str(good)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (next(chosen), ""))

    async def scenario() -> None:
        qtbot.mouseClick(devices.import_button, Qt.MouseButton.LeftButton)
        text = devices.message.text()
        assert "строка 2" in text and "строка 3" in text and "строка 1" not in text
        assert devices.model.records == []
        qtbot.mouseClick(devices.import_button, Qt.MouseButton.LeftButton)
        assert [r.number for r in devices.model.records] == [1, 2]
        assert devices.model.record_at(0).manufacturer == "ETO"
        path = tmp_path / "out.xlsx"
        assert ws.utmc_actions.export_devices_to(path)
        assert ws.utmc_actions.import_devices_from(path)
        assert [r.number for r in devices.model.records] == [1, 2]

    run(loop, scenario)


def test_poll_all_and_one_paint_the_result(qtbot, loop, ws, utmc):
    records = parse_device_lines("\n".join(
        f"{n};ЕМ Энергомера СЕ102;{12345600 + n};1;ENM;{n};9600" for n in range(1, 11)))
    utmc.channels[1] = list(records)
    expected = {r.number: utmc.poll_answers(r) for r in records}
    assert set(expected.values()) == {True, False}  # both colours show up
    devices = ws.devices

    async def scenario() -> None:
        ws.tabs.setCurrentWidget(devices)
        await click_and_wait(ws, devices.read_button, qtbot)
        assert len(devices.model.channel_records(1)) == 10
        await click_and_wait(ws, devices.poll_all_button, qtbot)
        assert "Опрошено приборов: 10" in ws.status.text()
        for row in range(10):
            record: DeviceRecord = devices.model.record_at(row)
            assert record.poll_result is expected[record.number]
            index = devices.model.index(row, RESULT_COLUMN)
            assert index.data() == ("1 — опрошен" if expected[record.number] else "0 — не опрошен")
            colour = index.data(Qt.ItemDataRole.BackgroundRole).color()
            assert colour == (POLLED_COLOUR if expected[record.number] else NOT_POLLED_COLOUR)
        failing = next(n for n, ok in expected.items() if not ok)
        devices.select_number(failing)
        await click_and_wait(ws, devices.poll_one_button, qtbot)
        assert f"Прибор {failing}: не опрошен (0)" == ws.status.text()

    run(loop, scenario)


def test_channel_interfaces_write_and_read(qtbot, loop, ws, utmc):
    devices = ws.devices

    async def scenario() -> None:
        combo = devices.interfaces[3]
        combo.setCurrentIndex(combo.findData("RS232"))
        await click_and_wait(ws, devices.write_interfaces, qtbot)
        assert utmc.values["channel_interface_3"] == "RS232"
        utmc.values["channel_interface_5"] = "RS232"
        await click_and_wait(ws, devices.read_interfaces, qtbot)
        assert devices.interfaces[5].currentData() == "RS232"

    run(loop, scenario)


# -- files --------------------------------------------------------------------------------------
def test_download_journal_file(qtbot, loop, ws, utmc, tmp_path, monkeypatch):
    files = ws.files
    target = tmp_path / "13.dat"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    async def scenario() -> None:
        files.hour.setValue(13)
        assert files.path.text() == "2025/01/09/13.dat"
        await click_and_wait(ws, files.download_button, qtbot)
        assert target.read_bytes() == utmc.sd["2025/01/09/13.dat"]
        assert "сохранён" in files.download_info.text()
        files.path.setText("2024/12/31/23.dat")
        await click_and_wait(ws, files.download_button, qtbot)
        assert "не найдено" in ws.status.text()

    run(loop, scenario)


def test_corrupt_hex_refused_and_good_hex_updates(qtbot, loop, ws, utmc, tmp_path, monkeypatch):
    files = ws.files
    good = tmp_path / "fw.hex"
    good.write_bytes(build_hex(bytes(range(256)) * 64, version="1.08"))
    lines = good.read_text().splitlines()
    lines[3] = lines[3][:-2] + ("00" if not lines[3].endswith("00") else "01")  # wrong checksum
    corrupt = tmp_path / "broken.hex"
    corrupt.write_text("\n".join(lines) + "\n")
    chosen = iter([str(corrupt), str(good)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (next(chosen), ""))
    sd_before = set(utmc.sd)

    async def scenario() -> None:
        ws.tabs.setCurrentWidget(files)
        await click_and_wait(ws, files.load_button, qtbot)  # checked by a thread: the window stays live
        assert "строка 4" in files.firmware_info.text() and "ничего не отправлено" in files.firmware_info.text()
        assert set(utmc.sd) == sd_before and not files.update_button.isEnabled()
        await click_and_wait(ws, files.load_button, qtbot)
        assert files.update_button.isEnabled(), ws.status.text()
        assert "update/fw.hex" in utmc.sd
        await click_and_wait(ws, files.update_button, qtbot)
        assert utmc.updates == ["update/fw.hex"]
        assert "перезапускается" in ws.status.text()
        assert ws.connection.connect_button.text() == "Подключить"

    run(loop, scenario)


def test_transfer_to_server_and_cancel(qtbot, loop, ws, utmc):
    async def scenario() -> None:
        await click_and_wait(ws, ws.files.transfer_button, qtbot)
        assert utmc.transfers == 1 and "передача" in ws.status.text()

    run(loop, scenario)


# -- language ------------------------------------------------------------------------------------
def test_english_ui_has_no_russian_left(qtbot):
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget

    from app.ui.i18n import install_language

    assert install_language("en")
    try:
        page = UtmcWorkspace()
        qtbot.addWidget(page)
        cyrillic = re.compile("[А-Яа-яЁё]")
        texts = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QAbstractButton)]
        texts += [w.title() for w in page.findChildren(QGroupBox)]
        texts += [page.tabs.tabText(i) for i in range(page.tabs.count())]
        texts += [w.toolTip() for w in page.findChildren(QAbstractButton)]
        for tab_page in page.pages.values():
            model = tab_page.model
            texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
            texts += [model.index(r, 1).data() for r in range(model.rowCount())]
        model = page.devices.model
        texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        texts += [page.devices.channel.itemText(i) for i in range(page.devices.channel.count())]
        russian = [t for t in texts if t and cyrillic.search(t)]
        assert not russian
        assert isinstance(page.tabs, QTabWidget) and page.tabs.tabText(0) == "UTMC parameters: Main"
    finally:
        install_language("ru")


def test_download_progress_and_cancel_leave_no_file(qtbot, loop, utmc, tmp_path, monkeypatch):
    slow = loop.run_until_complete(TcpSimulatorServer(utmc.serve, None, 400_000).start("127.0.0.1", 0))
    page = UtmcWorkspace()
    qtbot.addWidget(page)
    page.connection.eth_radio.setChecked(True)
    page.connection.host.setEditText("127.0.0.1")
    page.connection.tcp_port.setValue(slow.address[1])
    target = tmp_path / "12.dat"  # the 1 MiB hour: about 26 s at this pace
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    async def scenario() -> None:
        qtbot.mouseClick(page.files.download_button, Qt.MouseButton.LeftButton)
        await until(lambda: page.progress.maximum() > 0 and page.progress.value() > 0)
        assert page.busy() and page.cancel_button.isEnabled() and not page.files.isEnabled()
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
        await until(lambda: not page.busy())
        assert page.status.text() == "Отменено: Выгрузка файла"  # said as cancelled, not as an error
        assert "Ошибка" not in page.context.log.text()
        assert list(tmp_path.iterdir()) == []

    try:
        run(loop, scenario)
    finally:
        loop.run_until_complete(page.utmc_actions.close())
        loop.run_until_complete(slow.close())


def test_main_window_hosts_the_workspace(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from app.ui.app_settings import AppSettings
    from app.ui.main_window import MainWindow

    window = MainWindow(AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    assert isinstance(window.utmc_page, UtmcWorkspace)
    assert window.workspaces.tabText(window.workspaces.indexOf(window.utmc_page)) == "УТМЦ-700"
    window.utmc_page.devices.set_channel(4)
    window.utmc_page.save_state()
    again = UtmcWorkspace(window.utmc_page.context)
    qtbot.addWidget(again)
    assert again.devices.current_channel() == 4


def test_unreachable_address_gives_a_readable_error(qtbot, loop):
    page = UtmcWorkspace()
    qtbot.addWidget(page)
    page.connection.eth_radio.setChecked(True)
    page.connection.host.setEditText("127.0.0.1")
    page.connection.tcp_port.setValue(1)  # nothing listens there

    async def scenario() -> None:
        await click_and_wait(page, page.connection.identify_button, qtbot)
        assert page.status.text().startswith("Не удалось подключиться к 127.0.0.1:1")
        assert page.connection.connect_button.text() == "Подключить"
        assert page.connection.serial.text() == ""

    run(loop, scenario)
