"""A phone list saved from Excel with a name column, through the real widgets: names beside the phones
in the list, in the SMS results and in the settings read by SMS; kept in the window's state and
in the saved list. The same list given to ``sms-send`` prints the names beside the phones."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from tests import gui_harness
from tests.gui_harness import wait_idle
from tests.simulator_process import run_main, simulator_process
from tests.test_gui_module import pick_module, type_into

qloop, app_settings, demo, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.demo, gui_harness.window

NAMES = {"+79001234501": "Иванов И. И.", "+79001234502": "ООО «Ромашка», кв. 2", "+79001234503": "Сидоров"}


def unicode_text_list(path: Path, rows: list[tuple[str, str]]) -> Path:
    """The list as Excel's «Текст Юникод» saves it: UTF-16 LE with a BOM, tab-separated, CR LF."""
    lines = ["№\tФИО\tТелефон\tАдрес"] + [f"{i}\t{name}\t{phone}\tул. Мира, {i}" for i, (phone, name) in
                                              enumerate(rows, 1)]
    path.write_bytes(codecs.BOM_UTF16_LE + "\r\n".join(lines).encode("utf-16-le"))
    return path


@pytest.mark.gui
@pytest.mark.timeout(90)
def test_names_from_an_excel_list_beside_the_phones(qtbot, window, tmp_path, monkeypatch):
    page = window.module_page
    pick_module(page, ModuleType.GSM_2G4G)
    page.delivery.set_method(Method.SMS)
    source = unicode_text_list(tmp_path / "Абоненты улицы Мира.txt", [(p, n) for p, n in NAMES.items()])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    page.phones.load_button.click()
    assert not page.phones.error.isVisibleTo(page.phones), page.phones.error.text()
    assert page.phones.phones() == list(NAMES)
    shown = [page.phones.list.item(i).text() for i in range(page.phones.list.count())]
    assert shown == [f"{phone} — {name}" for phone, name in NAMES.items()]
    assert not page.phones.note.isVisibleTo(page.phones)  # the column is called «Телефон»: nothing guessed
    # a name typed beside no header: the column found by content is said
    guessed = tmp_path / "без заголовка.csv"
    guessed.write_bytes("Петров;+79001234501\r\n".encode("cp1251"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(guessed), ""))
    page.phones.load_button.click()
    assert page.phones.note.isVisibleTo(page.phones)
    assert page.phones.note.text() == "Номера взяты из столбца 2 (по содержимому)"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    page.phones.load_button.click()
    assert not page.phones.note.isVisibleTo(page.phones)

    page.phones.limit.setChecked(True)
    page.phones.wait.setValue(20)
    type_into(qtbot, page.settings.form.rows["apn"].editor.widget, "names.apn")
    page.transfer.send_button.click()
    wait_idle(qtbot, window, 40)
    results = page.transfer.results()
    assert results == {f"{phone} — {name}": "ОК" for phone, name in NAMES.items()}, results

    page.tabs.setCurrentWidget(page.status)
    page.status.sms_button.click()
    wait_idle(qtbot, window, 40)
    assert page.status.sms_results()[f"+79001234501 — {NAMES['+79001234501']}"][0] == "ОК"

    state = page.phones.state()
    page.phones.set_phones([])
    page.phones.restore(state)
    assert page.phones.names() == NAMES
    saved = tmp_path / "Мои документы" / "список номеров.txt"
    saved.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    page.phones.save_button.click()
    assert saved.read_text(encoding="utf-8").splitlines()[1] == "+79001234502  # ООО «Ромашка», кв. 2"


def test_sms_send_prints_the_names_of_a_list(tmp_path):
    with simulator_process("modem", "--meters", "2", "--reply-delay", "0.1", "--submit-time", "0.02") as modem:
        phones = unicode_text_list(tmp_path / "Абоненты.txt", [(modem["phones"][0], "Иванов, кв. 1"),
                                                               (modem["phones"][1], "")])
        run = run_main("--lang", "en", "sms-send", "--module", "gsm-2g4g", "--port", f"socket://{modem['tcp']}",
                       "--phones", str(phones), "--set", "apn=names.apn", "--wait", "20", timeout=60)
    assert run.returncode == 0, run.stderr
    lines = [line.split("\t") for line in run.stdout.splitlines() if line.startswith("+7")]
    assert [line[:3] for line in lines] == [[modem["phones"][0], "Иванов, кв. 1", "OK"], [modem["phones"][1], "", "OK"]]
