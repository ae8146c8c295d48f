"""``decode-lcd`` and ``decode-version`` through the CLI entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import run

ROOT = Path(__file__).resolve().parents[1]


def test_decode_lcd_gsm_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["decode-lcd", "--module", "gsm-2g4g", "--group1", "130", "--group2", "167"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Группа 1, поле 1. Обнаружена ли SIM-карта/SIM-чип: 1 — обнаружена",
        "Группа 1, поле 2. Канал связи GPRS: 3 — успешная регистрация на сервере CE-NC",
        "Группа 1, поле 3. Состояние инициализации связи с контроллером ПУ: 0 — ПУ инициализирован",
        "Группа 2, поле 1. Состояние регистрации в сети: 1 — зарегистрирован",
        "Группа 2, поле 2. Текущий частотный диапазон сотовой сети: 6 — Полоса LTE 7",
        "Группа 2, поле 3. Текущий уровень сигнала сотовой сети: 7 — -73...-69 дБм",
    ]


def test_decode_lcd_nb_iot_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["decode-lcd", "--module", "nb-iot", "--group1", "1300", "--group2", "C545", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Group 1, field 1. HTTP loader: 1 — on" in out
    assert "Group 2, field 1. Network registration: C — full network scan, may take a long time" in out
    assert "Group 2, field 4. Module firmware version (SKOP_V0): 5 — version 5" in out
    assert len(out.splitlines()) == 8


def test_decode_lcd_bad_digits_fail_naming_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    bad_digits = ["--group1", "17Z", "--group2", "1D7"]
    assert run(["--lang", "en", "decode-lcd", "--module", "gsm-2g3g4g", *bad_digits]) == 2  # bad input
    captured = capsys.readouterr()
    assert captured.out == ""
    for part in ("Group 1, field 2 (GPRS channel): value 7", "Group 1, field 3", "Group 2, field 2"):
        assert part in captured.err


def test_decode_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["decode-version", "c1.0v1.4.8420.1.1.1"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Версия: c1.0v1.4.8420.1.1.1",
        "Версия ядра: c1.0",
        "Версия ВПО: 1.4",
        "Сборка: 1.1.1",
        "Идентификатор платформы: 8420 (Gx04 (2/4G))",
        "Тип модуля: GSM 2G+4G",
        "Идентификатор типа: gsm-2g4g",
    ]


def test_decode_version_nb_iot_english_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["decode-version", "v04v5.24.8415.3.1.1", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Core version: v04" in out and "Platform id: 8415 (NB01)" in out and "Module type: NB-IoT" in out
    assert run(["decode-version", "c1.0v1.4.9999.1", "--lang", "en"]) == 1
    captured = capsys.readouterr()
    assert "Module type: unknown platform 9999" in captured.out and "Platform id: 9999" in captured.out
    assert "Platform 9999 is not described (known: 8411, 8412, 8413, 8416, 8417, 8611, 8420" in captured.err
    assert run(["decode-version", "C1.0V1.4.8416.1.1.1", "--lang", "en"]) == 0
    assert "Platform id: 8416 (Gx01)" in capsys.readouterr().out


def test_decode_version_malformed_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["decode-version", "1.4.8420"]) == 2  # bad input
    assert "Неверная строка версии модуля" in capsys.readouterr().err


def test_main_entry_point_runs_as_a_process() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "decode-version", "v04v5.24.8610.1", "--lang", "en"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and "Module type: NB-IoT (2nd gen.)" in result.stdout
