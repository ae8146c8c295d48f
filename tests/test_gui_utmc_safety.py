"""UTMC-700 workspace: the difference before a device write, the question before removing, backups in
the report and restorable through the workspace itself — real widgets against the virtual UTMC over
loopback TCP."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.core.utmc_local_files import load_device_file, load_settings
from protocols.utmc.utmc_devices import parse_device_lines
from protocols.utmc.utmc_params import Tab
from tests import test_gui_utmc as harness
from tests.test_gui_utmc import click_and_wait, edit_cell, run

loop, utmc, server, ws = harness.loop, harness.utmc, harness.server, harness.ws

pytestmark = pytest.mark.gui

FIVE = "\n".join(f"{n};ЕМ Энергомера СЕ102;{12345600 + n};1;ENM;{n};9600" for n in range(1, 6))


def backup_in(text: str) -> Path:
    found = re.search(r"Резервная копия \(.*\): (\S+\.(?:csv|json))", text)
    assert found, text
    return Path(found.group(1))


def test_the_difference_is_shown_and_removal_needs_a_tick(qtbot, loop, ws, utmc, user_home):
    utmc.channels[1] = parse_device_lines(FIVE)
    devices = ws.devices

    async def scenario() -> None:
        ws.tabs.setCurrentWidget(devices)
        await click_and_wait(ws, devices.read_button, qtbot)
        assert [r.number for r in devices.model.channel_records(1)] == [1, 2, 3, 4, 5]
        devices.select_number(2)
        devices.remove_selected()
        devices.model.update(3, replace(devices.model.channel_records(1)[1], address=333))
        devices.merge(parse_device_lines("6;ЕМ Энергомера СЕ102;12345606;1;ENM;6;9600"))

        await click_and_wait(ws, devices.write_button, qtbot)
        dialog = ws.utmc_actions.diff_dialog
        assert dialog is not None and dialog.isVisible()
        rows = dialog.rows()
        assert [(what, number) for what, number, _, _ in rows] == [
            ("− удалится", 2), ("≠ изменится", 3), ("+ добавится", 6)]
        assert rows[1][2] == "Энергомера СЕ102 (485), № 12345603" and rows[1][3] == "сетевой адрес: 3 → 333"
        assert rows[0][3] == "адрес 2, 9600 бит/с, версия 1, ENM"
        assert "Канал 1: добавлено 1 (6), удалено 1 (2), изменено 1 (3), без изменений 3" in \
            dialog.findChild(type(devices.message), "diff_summary").text()
        assert not dialog.write_button.isEnabled() and dialog.cancel_button.isDefault()
        dialog.cancel_button.click()
        assert "отменена" in ws.status.text() and [r.number for r in utmc.channels[1]] == [1, 2, 3, 4, 5]

        await click_and_wait(ws, devices.write_button, qtbot)
        dialog = ws.utmc_actions.diff_dialog
        dialog.confirm_removal.setChecked(True)
        assert dialog.write_button.isEnabled()
        await click_and_wait(ws, dialog.write_button, qtbot)
        assert [(r.number, r.address) for r in utmc.channels[1]] == [(1, 1), (3, 333), (4, 4), (5, 5), (6, 6)]
        report = ws.status.text()
        assert "добавлено 1 (6), удалено 1 (2), изменено 1 (3)" in report and devices.message.text() == ""
        backup = backup_in(report)
        assert backup.parent == user_home / "backups" and backup.name.startswith("utmc-70012345_devices_")
        assert [(r.number, r.address) for r in load_device_file(backup)] == [(n, n) for n in range(1, 6)]

        # restoring is an ordinary import and write of that file
        assert ws.utmc_actions.import_devices_from(backup)
        await click_and_wait(ws, devices.write_button, qtbot)
        dialog = ws.utmc_actions.diff_dialog
        assert [(what, n) for what, n, _, _ in dialog.rows()] == [("+ добавится", 2), ("≠ изменится", 3)]
        assert dialog.write_button.isEnabled()  # restoring removes nothing here: device 6 stays in the table
        assert not dialog.confirm_removal.isVisible()

    run(loop, scenario)


def test_an_empty_channel_clears_only_after_confirmation_and_nothing_changed_writes_nothing(qtbot, loop, ws, utmc):
    utmc.channels[3] = [replace(r, number=r.number + 512) for r in parse_device_lines(FIVE)]
    devices = ws.devices

    async def scenario() -> None:
        ws.tabs.setCurrentWidget(devices)
        devices.set_channel(3)
        assert devices.model.channel_records(3) == []
        await click_and_wait(ws, devices.write_button, qtbot)
        dialog = ws.utmc_actions.diff_dialog
        assert [n for _, n, _, _ in dialog.rows()] == [513, 514, 515, 516, 517]
        assert dialog.confirm_removal.text() == "Удалить из УТМЦ приборов: 5" and not dialog.write_button.isEnabled()
        dialog.confirm_removal.setChecked(True)
        await click_and_wait(ws, dialog.write_button, qtbot)
        assert utmc.channels[3] == [] and "удалено 5" in ws.status.text()
        await click_and_wait(ws, devices.write_button, qtbot)
        assert ws.utmc_actions.diff_dialog is None or not ws.utmc_actions.diff_dialog.isVisible()
        assert "записывать нечего" in ws.status.text()

    run(loop, scenario)


def test_an_unreadable_utmc_is_written_only_after_the_question(qtbot, loop, ws, utmc):
    utmc.reads_refused = True
    devices = ws.devices

    async def scenario() -> None:
        ws.tabs.setCurrentWidget(devices)
        devices.merge(parse_device_lines("1;ЕМ Энергомера СЕ102;12345601;1;ENM;1;9600"))
        await click_and_wait(ws, devices.write_button, qtbot)
        box = ws.utmc_actions.backup_question
        assert box is not None and box.isVisible() and "Ничего не записано" in box.text()
        # the refusal names the operation in words, not the request's internal name
        assert "УТМЦ отказало (чтение приборов)" in box.text() and "DEVICES_READ" not in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert utmc.channels[1] == []
        await click_and_wait(ws, devices.write_button, qtbot)
        ws.utmc_actions.backup_question.findChild(QPushButton, "write_without_backup").click()
        await harness.until(lambda: not ws.busy() and utmc.channels[1] != [])
        assert [r.number for r in utmc.channels[1]] == [1] and "без резервной копии" in ws.status.text()

        edit_cell(qtbot, ws, Tab.INTERFACES, "poll_period", "20")
        page = ws.pages[Tab.INTERFACES]
        page.model.set_selected(["poll_period"], True)
        ws.utmc_actions.backup_question = None
        await click_and_wait(ws, page.write_button, qtbot)
        assert "Не удалось прочитать параметры УТМЦ" in ws.status.text() and utmc.values["poll_period"] != 20
        ws.utmc_actions.backup_question.findChild(QPushButton, "write_without_backup").click()
        await harness.until(lambda: not ws.busy() and utmc.values["poll_period"] == 20)

    run(loop, scenario)


def test_parameter_backup_is_loaded_back_through_the_settings_file(qtbot, loop, ws, utmc):
    async def scenario() -> None:
        edit_cell(qtbot, ws, Tab.INTERFACES, "poll_period", "25")
        page = ws.pages[Tab.INTERFACES]
        page.model.set_selected(["poll_period"], True)
        before = utmc.values["poll_period"]
        await click_and_wait(ws, page.write_button, qtbot)
        backup = backup_in(ws.status.text())
        assert load_settings(backup) == {"poll_period": before} and utmc.values["poll_period"] == 25
        assert ws.utmc_actions.load_settings_from(backup)  # «Прочитать настройки» of the UTMC workspace
        assert page.model.values["poll_period"] == before
        await click_and_wait(ws, page.write_button, qtbot)
        assert utmc.values["poll_period"] == before

    run(loop, scenario)
