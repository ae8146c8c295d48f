"""Build the one-file executable with PyInstaller and run ``<exe> --demo --self-test`` (slow)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.skipif(sys.platform == "win32", reason="the Windows build is documented in the README")
@pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None, reason="PyInstaller is not installed")
def test_one_file_executable_runs_demo_self_test(tmp_path, monkeypatch):
    import build  # packaging/build.py

    monkeypatch.setenv("CONFIGURATOR_SETTINGS_FILE", str(tmp_path / "settings.ini"))
    exe = build.build(tmp_path / "dist", tmp_path / "work")
    assert exe.is_file() and exe.stat().st_size > 10_000_000
    assert build.smoke(exe) == 0
