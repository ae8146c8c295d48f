"""UTMC settings files and device-list files (`;` text in UTF-8 or Windows-1251, xlsx)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from app.core.utmc_local_files import load_device_file, load_settings, save_device_file, save_settings
from protocols.errors import SettingsFileError
from protocols.utmc.utmc_devices import parse_device_lines
from protocols.utmc.utmc_params import defaults

SEED_LINES = "1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem\n2;ЕМ Энергомера СЕ102;12345679;1;ЕТО;5679;9600;rem\n"


def test_settings_round_trip_without_secrets(tmp_path: Path) -> None:
    values = {**defaults(), "ftp_password": "secret", "settings_password": 77, "current_time": datetime(2025, 1, 9),
              "error_flags": frozenset({"PWR", "RS3"}), "time_zone": -5}
    path = tmp_path / "utmc.json"
    save_settings(path, values)
    loaded = load_settings(path)
    secrets = {"ftp_password", "update_server_password", "gprs_password", "settings_password"}
    assert not secrets & set(loaded)
    assert loaded == {k: v for k, v in values.items() if k not in secrets}
    save_settings(path, values, include_secrets=True)
    assert load_settings(path) == values
    assert [p.name for p in tmp_path.iterdir()] == ["utmc.json"]  # no temporary files left


def test_settings_file_problems_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "utmc-700-settings", "version": 1,
                                "values": {"time_zone": 40, "nonsense": 1, "eth_ip": "1.2.3"}}))
    with pytest.raises(SettingsFileError) as caught:
        load_settings(path)
    message = caught.value.message("en")
    assert "Time zone" in message and "nonsense" in message and "IPv4" in message
    path.write_text("{not json")
    with pytest.raises(SettingsFileError):
        load_settings(path)
    with pytest.raises(SettingsFileError):
        load_settings(tmp_path / "missing.json")


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8", "utf-8-sig"])
def test_text_lists_in_either_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(SEED_LINES.encode(encoding))
    assert load_device_file(path) == parse_device_lines(SEED_LINES)


def test_xlsx_by_header_names_with_numbers_as_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Model", "Device number", "Serial number", "Version", "Manufacturer", "Network address",
                  "Baud rate"])
    sheet.append(["ЕМ Энергомера СЕ102", 1, 1234, 1.0, "ENM", 5678, 9600])
    sheet.append([None] * 7)
    sheet.append(["Вавиот Фобос", 2, "08412415", 0, "VAV", 821, 9600])
    book.save(tmp_path / "list.xlsx")
    records = load_device_file(tmp_path / "list.xlsx")
    assert [(r.number, r.serial, r.address) for r in records] == [(1, "00001234", 5678), (2, "08412415", 821)]
    save_device_file(tmp_path / "out.xlsx", records)
    assert load_device_file(tmp_path / "out.xlsx") == records


def test_xlsx_bad_rows_are_reported_by_row(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Номер устройства", "Модель", "Серийный номер", "Версия", "Производитель", "Сетевой адрес",
                  "Скорость обмена", "Примечание"])
    sheet.append([1, "ЕМ Энергомера СЕ102", "12345678", 1, "ENM", 1, 9600, ""])
    sheet.append([2, "ЕМ Энергомера СЕ102", "12345678", 1, "ENM", 1, 9601, ""])
    sheet.append([3, "Неизвестный", "12345678", 1, "ENM", 1, 9600, ""])
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(SettingsFileError) as caught:
        load_device_file(tmp_path / "bad.xlsx")
    assert "строка 3: скорость 9601" in caught.value.message("ru")
    assert "row 4: unknown model" in caught.value.message("en")
    book = Workbook()
    book.active.append(["Модель"])
    book.save(tmp_path / "headers.xlsx")
    with pytest.raises(SettingsFileError, match="column"):
        load_device_file(tmp_path / "headers.xlsx")


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_xlsx_loader_fuzz(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(b"PK\x03\x04" + data)
    with pytest.raises(SettingsFileError):
        load_device_file(path)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(-5, 3000), st.text(max_size=12)), min_size=8, max_size=8),
                max_size=5))
def test_xlsx_cell_fuzz(tmp_path: Path, rows: list[list[object]]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Номер устройства", "Модель", "Серийный номер", "Версия", "Производитель", "Сетевой адрес",
                  "Скорость обмена", "Примечание"])
    for row in rows:
        sheet.append([c if not isinstance(c, str) else "".join(ch for ch in c if ch.isprintable()) for c in row])
    path = tmp_path / "cells.xlsx"
    book.save(path)
    try:
        load_device_file(path)
    except SettingsFileError:
        pass


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_text_loader_fuzz(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        load_device_file(path)
    except SettingsFileError:
        pass
