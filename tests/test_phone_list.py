"""Phone list files: normalisation, bad lines with line numbers, duplicates, save/load round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.phone_list import load_phones, normalise_phone, parse_phones, phones_or_error, save_phones
from protocols.errors import SettingsFileError, ValidationError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+79001234567", "+79001234567"),
        ("8 (900) 123-45-67", "+79001234567"),
        ("79001234567", "+79001234567"),
        ("9001234567", "+79001234567"),
        ("+375 29 123 45 67", "+375291234567"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12345", "+12", "+7900123456789012", "٩٠٠١٢٣٤٥٦٧"])
def test_normalise_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        normalise_phone(raw)


def test_bad_lines_and_duplicates_are_reported_with_line_numbers() -> None:
    lines = ["# meters of street 5", "+79001234567", "", "8 900 123 45 67", "hello", "+79007654321  # flat 3", "123"]
    result = parse_phones(lines)
    assert result.phones == ["+79001234567", "+79007654321"]
    assert [(p.line, p.raw) for p in result.problems] == [(5, "hello"), (7, "123")]
    assert "строка 5" in result.problems[0].text.ru and "line 7" in result.problems[1].text.en
    assert [(d.line, d.raw) for d in result.duplicates] == [(4, "8 900 123 45 67")]
    assert "repeats line 2" in result.duplicates[0].text.en
    with pytest.raises(ValidationError) as caught:
        phones_or_error(result)
    assert "line 5" in str(caught.value) and "line 7" in str(caught.value)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "phones.txt"
    save_phones(path, ["8 900 000 00 01", "+79000000002"])
    assert path.read_text(encoding="utf-8") == "+79000000001\n+79000000002\n"
    assert load_phones(path).phones == ["+79000000001", "+79000000002"]


def test_save_refuses_bad_numbers_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "phones.txt"
    with pytest.raises(ValidationError):
        save_phones(path, ["+79000000001", "nonsense"])
    assert not path.exists()


def test_windows_1251_file_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("+79000000001 # Иванов\r\n89000000002\r\n".encode("cp1251"))
    assert load_phones(path).phones == ["+79000000001", "+79000000002"]
    with pytest.raises(SettingsFileError):
        load_phones(tmp_path / "missing.txt")
