"""The window without devices: language switch, translations, remembered state, files, LCD decoder,
exchange-log masking, signal widgets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.i18n import install_language, language
from app.ui.log_panel import LogPanel
from app.ui.signal_plot import SignalQualityBar
from protocols.module.status_tables import RadioTechnology
from protocols.params.module_types import ModuleType
from protocols.text import Text
from tests import gui_harness

pytestmark = pytest.mark.gui
qloop, app_settings = gui_harness.qloop, gui_harness.app_settings
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def plain_window(qtbot, qloop, app_settings):
    from app.ui.main_window import MainWindow

    install_language("ru")
    win = MainWindow(app_settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    install_language("ru")


def test_every_module_ui_string_is_translated(tmp_path):
    sys.path.insert(0, str(ROOT / "translations"))
    import update  # translations/update.py

    ts = tmp_path / "check.ts"
    (tmp_path / "check.ts").write_bytes((ROOT / "translations" / "configurator_en.ts").read_bytes())
    files = [str(p.relative_to(ROOT)) for p in (ROOT / "app" / "ui").glob("*.py")]
    update.lupdate(ts, files)
    assert update.unfinished(ts) == []
    assert (ROOT / "translations" / "configurator_en.qm").stat().st_size > 1000


def test_language_switch_keeps_values_and_translates(qtbot, plain_window):
    page = plain_window.module_page
    page.settings.values["apn"] = "kept.apn"
    page.settings.password.setText("87654321")
    plain_window.language_actions["en"].trigger()
    assert language() == "en"
    page = plain_window.module_page  # rebuilt
    assert page.settings.values["apn"] == "kept.apn"
    assert page.settings.password.text() == "87654321"
    assert page.transfer.send_button.text() == "Send"
    assert plain_window.workspaces.tabText(0) == "Communication module"
    assert page.settings.form.rows["apn"].label.text() == "Access point (APN)" or "APN" in \
        page.settings.form.rows["apn"].label.text()
    assert plain_window.app_settings.language() == "en"
    plain_window.language_actions["ru"].trigger()
    assert plain_window.module_page.transfer.send_button.text() == "Отправить"


def test_settings_file_round_trip_and_recent_files(qtbot, plain_window, tmp_path):
    page = plain_window.module_page
    page.settings.set_module(ModuleType.NB_IOT)
    page.settings.values["apn"] = "file.apn"
    path = tmp_path / "nb.json"
    assert plain_window.save_settings(path)
    page.settings.set_module(ModuleType.GSM_2G4G)
    page.settings.values_by_module.clear()
    assert plain_window.load_settings(path)
    assert page.settings.module is ModuleType.NB_IOT and page.settings.values["apn"] == "file.apn"
    assert plain_window.app_settings.recent_files()[0] == str(path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert not plain_window.load_settings(bad)
    assert page.settings.values["apn"] == "file.apn"  # nothing lost


def test_state_is_remembered_between_windows(qtbot, qloop, app_settings):
    from app.ui.main_window import MainWindow
    from protocols.params.delivery_methods import Method

    first = MainWindow(app_settings)
    qtbot.addWidget(first)
    first.module_page.delivery.set_method(Method.DIRECT)
    first.module_page.delivery.tcp.host.setText("10.1.2.3")
    first.module_page.phones.set_phones(["+79001112233"])
    first.close()
    second = MainWindow(app_settings)
    qtbot.addWidget(second)
    assert second.module_page.delivery.method() is Method.DIRECT
    assert second.module_page.delivery.tcp.host.text() == "10.1.2.3"
    assert second.module_page.phones.phones() == ["+79001112233"]


def test_lcd_decoder_explains_digits(qtbot, plain_window):
    lcd = plain_window.module_page.lcd
    lcd.module_combo.setCurrentIndex(lcd.module_combo.findData(ModuleType.GSM_2G4G.value))
    qtbot.keyClicks(lcd.group1, "120")
    qtbot.keyClicks(lcd.group2, "165")
    texts = [lcd.table.item(r, 2).text() for r in range(lcd.table.rowCount())]
    assert len(texts) == 6 and any("LTE 7" in t for t in texts) and any("-85...-81" in t for t in texts)
    lcd.group1.setText("1Z0")
    assert lcd.table.rowCount() == 0 and "Z" in lcd.error.text()


def test_exchange_log_masks_passwords(qtbot):
    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.secret_sources.append(lambda: ["12345678"])
    panel.listener("SMS")("tx", b"12345678 APN internet")
    panel.listener("TCP")("rx", b"\x01\x0212345678")
    assert "12345678" not in panel.text() and "********" in panel.text()
    assert "31 32" not in panel.text()


def test_log_masks_frames_and_sms_commands_by_their_layout(qtbot):
    from protocols.module import module_frames as mf
    from protocols.params.catalogue import PARAMETERS
    from protocols.sms.sms_pdu import encode_submit

    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.secret_sources.append(lambda: ["12345678", "mts"])  # admin password; APN password "mts"
    code = {p.key: p.code for p in PARAMETERS}
    write = mf.encode(mf.WriteParamsRequest(seq=1, password="12345678", values=(
        mf.ParamValue(code["apn"], b"internet.mts.ru"), mf.ParamValue(code["apn_password"], b"mts"))))
    panel.listener("TCP")("tx", write)
    reply = mf.encode(mf.ImeiReply(seq=2, status=0, system_address="0.0.0.7", version="c1.0v1.4.8420.1.1.1",
                                   imei="861234567812345"))
    panel.listener("TCP")("rx", reply)
    for text in ("12345678 APN internet.mts.ru", "12345678 PSW mts"):
        panel.listener("Modem")("tx", encode_submit("+79001234567", text)[0].hex.encode() + b"\x1a")
    lines = panel.text().splitlines()
    assert "11 08 ** ** ** ** ** ** ** **" in lines[0]  # the access password after command 0x11, length 8
    assert "2E 6D 74 73 2E" in lines[0]  # ".mts." of the APN stays readable
    assert lines[1].endswith(reply.hex(" ").upper())  # the IMEI holds the password's digits: not masked
    assert lines[2].endswith("PDU → +79001234567: ******** APN internet.mts.ru")
    assert lines[3].endswith("PDU → +79001234567: ******** PSW ***")


def test_link_notes_in_the_log_stay_text(qtbot):
    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.secret_sources.append(lambda: ["777777"])
    panel.listener("direct").note(Text("Закрыт канал /dev/ttyUSB0 → IEC 62056-21 (777777)",
                                       "Closed /dev/ttyUSB0 → IEC 62056-21 (777777)"))
    assert "Закрыт канал /dev/ttyUSB0 → IEC 62056-21 (******)" in panel.text()


def test_signal_quality_against_recommendation(qtbot):
    bar = SignalQualityBar()
    qtbot.addWidget(bar)
    bar.show_level(4, RadioTechnology.LTE)  # −91…−87 dBm: enough for LTE
    assert "достаточный" in bar.format() and "ниже рекомендуемого" not in bar.format()
    bar.show_level(4, RadioTechnology.GSM)  # but below −85 dBm for GSM
    assert "ниже рекомендуемого" in bar.format()


@pytest.mark.slow
def test_demo_self_test_exits_zero(tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "CONFIGURATOR_SETTINGS_FILE": str(tmp_path / "s.ini"),
           "PATH": "/usr/bin:/bin"}
    if "SYSTEMROOT" in os.environ:  # Windows: Python cannot start without it
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    done = subprocess.run([sys.executable, "main.py", "--demo", "--self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout
