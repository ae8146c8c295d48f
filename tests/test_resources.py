"""What the application ships besides code (resources/): found from the sources and from a PyInstaller
bundle, the icon in the window and in the .ico the build uses, the templates users exchange offered by
«Шаблоны…» and loadable by the program as they are; the program's version in the title and «О программе»."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.phone_list import load_phones, phones_or_error
from app.core.utmc_local_files import load_device_file
from app.resources import TEMPLATES, resource_path, resources_root
from app.version import program_version
from tests import gui_harness

ROOT = Path(__file__).resolve().parents[1]
qloop, app_settings = gui_harness.qloop, gui_harness.app_settings


def test_resource_path_from_the_sources_and_from_a_bundle(tmp_path, monkeypatch):
    assert resources_root() == ROOT / "resources"
    assert resource_path("icons", "configurator.ico").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)  # what PyInstaller sets when frozen
    assert resource_path("templates", "phones.txt") == tmp_path / "resources" / "templates" / "phones.txt"


def ico_sizes(data: bytes) -> list[int]:
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, _height, _colours, _zero, _planes, bits, size, offset = struct.unpack_from("<BBBBHHII", data,
                                                                                        6 + 16 * index)
        assert bits == 32 and data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + size <= len(data)
        sizes.append(width or 256)
    return sizes


def test_the_icon_files_hold_every_size_windows_asks_for(qapp):
    ico = resource_path("icons", "configurator.ico").read_bytes()
    assert {16, 24, 32, 48, 256} <= set(ico_sizes(ico))
    png = QImage(str(resource_path("icons", "configurator.png")))
    assert png.width() == png.height() == 256 and png.hasAlphaChannel()


def test_the_icon_drawing_is_the_one_shipped(qapp, tmp_path):
    """resources/icons/make_icon.py draws what is shipped: the committed PNG is its output."""
    sys.path.insert(0, str(ROOT / "resources" / "icons"))
    try:
        import make_icon
    finally:
        sys.path.pop(0)
    assert make_icon.draw(256) == QImage(str(resource_path("icons", "configurator.png"))).convertToFormat(
        make_icon.draw(256).format())


def test_every_template_loads_as_it_is():
    from app.core.fleet_list import load_fleet_list

    assert [t.name for t in TEMPLATES] == ["phones.txt", "phones.csv", "utmc-devices.txt", "utmc-devices.xlsx",
                                           "fleet-devices.csv", "cehes-devices.xlsx"]
    phones = phones_or_error(load_phones(resource_path("templates", "phones.txt")))
    assert phones and all(p.startswith("+7") for p in phones)
    table = load_phones(resource_path("templates", "phones.csv"))
    assert phones_or_error(table) == ["+79001234501", "+79001234502"] and table.notes == []
    assert table.names == {"+79001234501": "Иванов Иван Иванович", "+79001234502": "ТСЖ \"Северное\", щит 2"}
    text_list = load_device_file(resource_path("templates", "utmc-devices.txt"))
    workbook = load_device_file(resource_path("templates", "utmc-devices.xlsx"))
    assert text_list == workbook and len(text_list) == 3
    assert text_list[0].model.file_name == "ЕМ Энергомера СЕ102" and text_list[2].serial == "00123456"
    fleet = load_fleet_list(resource_path("templates", "fleet-devices.csv"))
    assert fleet.kind == "ours" and len(fleet.devices) == 5 and fleet.devices[3].phone == "+79001234504"
    cehes = load_fleet_list(resource_path("templates", "cehes-devices.xlsx"))
    assert cehes.kind == "cehes" and [d.meter_type for d in cehes.devices] == ["CE208", "CE308", "CE207", "CE307"]


@pytest.fixture
def plain_window(qtbot, qloop, app_settings):
    from app.ui.i18n import install_language
    from app.ui.main_window import MainWindow

    install_language("ru")
    win = MainWindow(app_settings)
    qtbot.addWidget(win)
    win.show()
    return win


def test_templates_menu_saves_a_copy_the_program_loads(qtbot, plain_window, tmp_path, monkeypatch):
    menu_texts = [a.text() for a in plain_window.menuBar().actions()[0].menu().actions()]
    assert "Шаблоны…" in menu_texts
    plain_window.templates_action.trigger()
    dialog = plain_window.templates_dialog
    assert dialog is not None and dialog.isVisible()
    for row, template in enumerate(TEMPLATES):
        dialog.list.setCurrentRow(row)
        assert dialog.description.text()
        target = tmp_path / "копия шаблонов" / template.name  # a Cyrillic folder with a space
        target.parent.mkdir(exist_ok=True)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        dialog.save_button.click()
        assert target.read_bytes() == template.path.read_bytes()
        assert "Копия сохранена" in dialog.message.text()
    assert phones_or_error(load_phones(tmp_path / "копия шаблонов" / "phones.txt"))
    page = plain_window.module_page
    page.phones.load(tmp_path / "копия шаблонов" / "phones.txt")  # what «Загрузить список» does
    assert page.phones.phones() == phones_or_error(load_phones(resource_path("templates", "phones.txt")))
    assert plain_window.utmc_page.utmc_actions.import_devices_from(tmp_path / "копия шаблонов" / "utmc-devices.xlsx")
    assert len(plain_window.utmc_page.devices.model.records) == 3


def test_a_template_that_cannot_be_written_is_said_in_words(qtbot, plain_window, tmp_path):
    dialog = plain_window.show_templates()
    assert not dialog.save_copy(TEMPLATES[0], tmp_path / "no-such-folder" / "phones.txt")
    assert "не найден" in dialog.message.text() and "Errno" not in dialog.message.text()


def test_window_icon_title_and_about_name_the_version(qtbot, plain_window):
    version = program_version()
    assert version != "?" and version[0].isdigit()
    assert not plain_window.windowIcon().isNull()
    assert version in plain_window.windowTitle()
    plain_window._about()  # noqa: SLF001 - the menu's slot
    about = plain_window.findChild(QMessageBox, "about_dialog")
    assert about is not None and f"Версия {version}" in about.text()
    about.close()
    plain_window.switch_language("en")
    try:
        assert version in plain_window.windowTitle() and "configurator" in plain_window.windowTitle().lower()
    finally:
        plain_window.switch_language("ru")


def test_the_version_comes_from_pyproject_without_package_metadata(monkeypatch, tmp_path):
    from importlib import metadata

    from app import version

    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    expected = next(line.split('"')[1] for line in (ROOT / "pyproject.toml").read_text().splitlines()
                    if line.startswith("version = "))
    assert version.program_version() == expected
    monkeypatch.setattr(version, "PYPROJECT", tmp_path / "absent.toml")
    assert version.program_version() == "?"

