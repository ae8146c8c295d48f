"""Fleet device lists: the ceHes workbook (seed 002 §2.2.34, Table 6, Figure 86) read by its header names,
our own list (xlsx and ";" text as Excel saves it), every bad row reported by number and nothing returned;
fuzzed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.core.fleet_list import CEHES, OURS, load_fleet_list
from protocols.errors import SettingsFileError, ValidationError
from protocols.fleet import cehes_devices
from protocols.fleet.fleet_devices import Delivery, module_of
from protocols.params.module_types import ModuleType

# Figure 86 as printed: the last two columns in the other order than Table 6 lists them.
FIGURE_86: list[list[object]] = [
    ["канал связи имя", "канал связи тип", "адрес ip", "порт ip", "протокол имя", "протокол тип", "протокол адрес",
     "протокол пароль", "протокол тайм аут", "группа имя", "серийный номер устройства", "тип устройства"],
    ["Ипорт канала связи TCP", "TCP", "95.153.224.218", 5279, "01-598", "DLMS", 16, "1234567812345678", 35,
     "Группа однофазные", "0000000000001", "CE208"],
    ["Импорт канала CENC", "TCP", "10.5.114.138", 50, "01-458", "DLMS", 15378, "1234567812345678", 35,
     "Группа трехфазные", "0000000000002", "CE308"],
    ["Ипорт канала связи TCP", "TCP", "95.153.224.218", 5279, "01-598", "DLMS", 16, "1234567812345678", 35,
     "Группа однофазные", "0000000000003", "CE207"],
    ["Импорт канала CENC", "TCP", "10.5.114.138", 50, "01-458", "DLMS", 15378, "1234567812345678", 35,
     "Группа трехфазные", "0000000000004", "CE307"],
]  # fmt: skip


def workbook(path: Path, rows: Sequence[Sequence[object]], *, extra_sheet: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if extra_sheet:  # other sheets are not read (2.2.34)
        book.create_sheet("Лист2").append(["мусор", "не читается"])
    book.save(path)
    return path


def test_the_figure_86_example_imports_by_header_names(tmp_path: Path) -> None:
    fleet = load_fleet_list(workbook(tmp_path / "cehes.xlsx", FIGURE_86, extra_sheet=True))
    assert fleet.kind == CEHES
    assert [d.serial for d in fleet.devices] == ["0000000000001", "0000000000002", "0000000000003", "0000000000004"]
    first, second = fleet.devices[0], fleet.devices[1]
    assert (first.host, first.port, first.delivery, first.meter_type, first.group, first.row) == (
        "95.153.224.218", 5279, Delivery.TCP, "CE208", "Группа однофазные", 2)
    assert second.meter_type == "CE308" and second.cehes is not None and second.cehes.protocol_address == 15378
    assert fleet.groups == ["Группа однофазные", "Группа трехфазные"]


def test_table_6_order_lowercase_values_and_cyrillic_types_import(tmp_path: Path) -> None:
    header: list[object] = [c.header for c in cehes_devices.COLUMNS]
    row: list[object] = ["канал", "tcp", "10.0.0.1", 0, "p", "dlms", 65535, "x", 0, "g", "се308", "7"]  # Cyrillic «се»
    fleet = load_fleet_list(workbook(tmp_path / "t6.xlsx", [header, row]))
    assert fleet.devices[0].meter_type == "CE308" and fleet.devices[0].port == 0


def test_every_bad_cehes_row_is_reported_by_number_and_nothing_runs(tmp_path: Path) -> None:
    rows = [list(r) for r in FIGURE_86]
    rows[1][2] = "95.153.224.256"  # not IPv4
    rows[2][3] = 70000  # port out of range
    rows[3][11] = "CE102"  # not a type ceHes imports
    rows[4][0] = "x" * 101  # name too long
    with pytest.raises(ValidationError) as caught:
        load_fleet_list(workbook(tmp_path / "bad.xlsx", rows))
    text = caught.value.text.ru
    for number, what in ((2, "адрес ip"), (3, "порт ip"), (4, "тип устройства"), (5, "канал связи имя")):
        assert f"строка {number}: «{what}»" in text, text


def test_a_cehes_workbook_without_a_column_names_the_missing_ones(tmp_path: Path) -> None:
    rows = [r[:10] for r in FIGURE_86]
    with pytest.raises(SettingsFileError) as caught:
        load_fleet_list(workbook(tmp_path / "short.xlsx", rows))
    assert "«тип устройства»" in caught.value.text.ru and "«серийный номер устройства»" in caught.value.text.ru


OUR_LIST = (
    "Серийный номер;Группа;Доставка;Адрес;Порт;Телефон;Пароль модуля;Тип модуля;Системный адрес\r\n"
    "009218054000101;Север;tcp;10.1.2.3;8001;;;GSM 2G+4G;\r\n"
    "009218054000102;Север;cenc;;;;11112222;8420;0.0.0.94\r\n"
    "009218054000103;Юг;sms;;;8 900 123-45-03;;nb-iot;\r\n"
    "009218054000104;;;;;;;;\r\n"
)


def test_our_list_as_excel_saves_it_in_windows_1251(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(OUR_LIST.encode("cp1251"))
    fleet = load_fleet_list(path)
    assert fleet.kind == OURS
    tcp, cenc, sms, bare = fleet.devices
    assert (tcp.delivery, tcp.host, tcp.port, tcp.module) == (Delivery.TCP, "10.1.2.3", 8001, ModuleType.GSM_2G4G)
    assert (cenc.system_address, cenc.password, cenc.module) == ("0.0.0.94", "11112222", ModuleType.GSM_2G4G)
    assert (sms.phone, sms.module, sms.group) == ("+79001234503", ModuleType.NB_IOT, "Юг")
    assert (bare.delivery, bare.module, bare.row) == (None, None, 5)


def test_our_list_as_a_workbook_with_english_headers_in_any_order(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Group", "Host", "serial", "Port"], ["A", "modem.example", 12345, 8000]]
    fleet = load_fleet_list(workbook(tmp_path / "ours.xlsx", rows))
    assert (fleet.devices[0].serial, fleet.devices[0].host, fleet.devices[0].port) == ("12345", "modem.example", 8000)


def test_bad_rows_of_our_list_all_reported_with_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Серийный номер;Доставка;Адрес;Порт;Телефон;Тип модуля\n"
                    "1;tcp;;;;\n"  # tcp without an address
                    "2;pigeon;;;;\n"  # unknown delivery
                    "3;;300.1.1.1;99999;;\n"  # bad address and port
                    "4;sms;;;12;\n"  # bad phone (and sms needs one)
                    "5;;;;;gsm-9g\n"  # unknown module type
                    "1;;;;;\n", encoding="utf-8")  # a serial given twice
    with pytest.raises(ValidationError) as caught:
        load_fleet_list(path)
    text = caught.value.text.ru
    for number in (2, 3, 4, 5, 6, 7):
        assert f"строка {number}:" in text, text
    assert "уже есть в строке 2" in text


def test_a_file_that_is_no_device_list_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("ФИО;Телефон\nИванов;+79000000000\n", encoding="utf-8")
    with pytest.raises(SettingsFileError) as caught:
        load_fleet_list(path)
    assert "нет столбца «Серийный номер»" in caught.value.text.ru
    with pytest.raises(SettingsFileError):
        load_fleet_list(tmp_path / "missing.xlsx")
    header_only = tmp_path / "header.csv"
    header_only.write_text("Серийный номер\n", encoding="utf-8")
    with pytest.raises(SettingsFileError):
        load_fleet_list(header_only)


def test_module_types_by_value_label_or_platform_id() -> None:
    assert module_of("gsm-2g3g4g") is ModuleType.GSM_2G3G4G
    assert module_of(" gsm 2g+4g ") is ModuleType.GSM_2G4G
    assert module_of("8420") is ModuleType.GSM_2G4G
    assert module_of("модем") is None


FILES = [HealthCheck.function_scoped_fixture]


@settings(max_examples=150, suppress_health_check=FILES, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_text_list_give_devices_or_one_clear_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(b"\xd1\xe5\xf0\xe8\xe9\xed\xfb\xe9 \xed\xee\xec\xe5\xf0;\xc0\xe4\xf0\xe5\xf1\r\n" + data)
    try:
        fleet = load_fleet_list(path)
    except (SettingsFileError, ValidationError) as error:
        assert error.text.ru and error.text.en
    else:
        assert fleet.devices and all(d.serial for d in fleet.devices)


@settings(max_examples=60, suppress_health_check=FILES, deadline=None)
@given(st.lists(st.lists(st.one_of(st.text(max_size=30), st.integers(-10, 70000), st.none()), min_size=12,
                         max_size=12), max_size=4))
def test_any_cells_in_a_cehes_workbook_give_devices_or_row_errors(tmp_path: Path, rows: list[list[object]]) -> None:
    # control characters cannot be in a workbook's cells (openpyxl refuses them): no such file exists
    cleaned = [[ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row] for row in rows]
    path = workbook(tmp_path / "fuzz.xlsx", [FIGURE_86[0], *cleaned])
    try:
        fleet = load_fleet_list(path)
    except ValidationError as error:
        assert error.text.ru.startswith(str(path)) and "строка " in error.text.ru
    except SettingsFileError as error:
        assert error.text.ru
    else:
        assert all(cehes_devices.ipv4(d.host) for d in fleet.devices)
