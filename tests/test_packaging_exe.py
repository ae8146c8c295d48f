"""Build the two one-file programs with PyInstaller (slow), list what their bundles hold and check it,
run ``<window> --demo --self-test`` (also without ptys, as on Windows: the demo's serial ports are
socket:// and need pyserial's URL handler inside the bundle) and a command of the console program."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.skipif(sys.platform == "win32", reason="the Windows build is checked by .github/workflows/windows.yml")
@pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None, reason="PyInstaller is not installed")
def test_one_file_programs_hold_what_they_need_and_run(tmp_path: Path) -> None:
    import build  # packaging/build.py

    gui, cli = build.build(tmp_path / "dist", tmp_path / "work")
    assert (gui.name, cli.name) == ("energomera-configurator", "energomera-configurator-cli")
    for exe in (gui, cli):
        assert exe.is_file() and exe.stat().st_size > 10_000_000
        contents = build.bundle_contents(exe)
        listing = {name.replace("\\", "/") for name in contents}
        # what the program reads at run time, listed from the archive itself
        assert {"translations/configurator_en.qm", "translations/qtbase_ru.qm"} <= listing
        assert {"PySide6/Qt/translations/qtbase_ru.qm", "PySide6/Qt/translations/qt_ru.qm"} <= listing
        assert not [n for n in listing if n.startswith("PySide6/Qt/translations/qtbase_de")]  # other languages out
        resources = ROOT / "resources"
        shipped = {p.relative_to(ROOT).as_posix() for p in resources.rglob("*") if p.is_file()
                   and "__pycache__" not in p.parts} if resources.is_dir() else set()
        assert shipped <= listing, shipped - listing
        assert contents["app.cli.cmd_sms"] == contents["serial.urlhandler.protocol_socket"] == "module"
        assert any(n.endswith("platforms/libqoffscreen.so") for n in listing)
        assert build.bundle_problems(exe) == []
        assert build.windows_subsystem(exe) is None  # an ELF file here; the Windows CI checks gui/console
    assert build.smoke(gui) == 0
    assert build.smoke(gui, env={"CONFIGURATOR_WITHOUT": "pty,loop-signals"}) == 0
    assert build.command_check(cli) == 0


def test_windows_subsystem_is_read_from_the_pe_header() -> None:
    """pip's script launchers are real Windows programs of both kinds (t: console, w: windowed)."""
    import build
    import pip

    launchers = Path(pip.__file__).parent / "_vendor" / "distlib"
    if not (launchers / "t64.exe").is_file():
        pytest.skip("this pip carries no Windows launchers")
    for bits in ("32", "64"):
        assert build.windows_subsystem(launchers / f"t{bits}.exe") == "console"
        assert build.windows_subsystem(launchers / f"w{bits}.exe") == "gui"
    assert build.windows_subsystem(Path(sys.executable)) is None
