"""Build the two one-file programs with PyInstaller: ``python packaging/build.py [--smoke]``.

Output in dist/ (".exe" on Windows):
    energomera-configurator        the window: double-click it (GUI, --demo); Windows gives it no console
    energomera-configurator-cli    the commands, for cmd / PowerShell / .bat files: ``… params --module gsm-2g4g``

``--smoke`` then checks both: what each bundle holds (bundle_problems: the .qm files, Qt's Russian
translation, every file of resources/, the command and simulator modules, pyserial's socket://
handler, Qt's offscreen platform), on Windows that the window is a GUI program and the other a
console one, runs ``<window> --demo --self-test`` (QT_QPA_PLATFORM=offscreen) with the user's
folders and TEMP in a folder named with Cyrillic letters and spaces, and runs a command with the
console program. It fails unless all pass. ``--list EXE`` prints what a built program holds.
PyInstaller does not cross-compile: build the Windows programs on Windows (README, "Windows").
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "configurator.spec"
GUI_NAME = "energomera-configurator"
CLI_NAME = "energomera-configurator-cli"
SUFFIX = ".exe" if sys.platform == "win32" else ""
QT_PLATFORM_PLUGIN = {"win32": "qoffscreen.dll", "darwin": "libqoffscreen.dylib"}.get(sys.platform, "libqoffscreen.so")
# Modules found only at run time (pkgutil, importlib): a bundle without them fails only when used.
RUNTIME_MODULES = ("app.cli.cmd_sms", "app.cli.cmd_utmc", "app.cli.cmd_module", "app.cli.cmd_simulate",
                   "app.ui.main_window", "app.demo", "simulators.run_module", "simulators.run_modem",
                   "simulators.run_utmc", "serial.urlhandler.protocol_socket", "serial.tools.list_ports")
WINDOWS_SUBSYSTEM = {2: "gui", 3: "console"}


def executables(dist: Path) -> tuple[Path, Path]:
    return dist / (GUI_NAME + SUFFIX), dist / (CLI_NAME + SUFFIX)


def build(dist: Path, work: Path) -> tuple[Path, Path]:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)], cwd=ROOT, check=True)
    return executables(dist)


# -- what a bundle holds -----------------------------------------------------------------------
def bundle_contents(exe: Path) -> dict[str, str]:
    """Every entry of the one-file program's archive (name → PyInstaller's type code), and the Python
    modules of its PYZ archive (name → "module"); read with PyInstaller's own CArchive reader."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(exe))
    contents = {name: entry[-1] for name, entry in archive.toc.items()}
    for name, entry in archive.toc.items():
        if entry[-1] == "z":  # the PYZ archive of compiled modules
            contents.update(dict.fromkeys(archive.open_embedded_archive(name).toc, "module"))
    return contents


def expected_files() -> list[str]:
    """Data files the program reads at run time, as they must be named inside the bundle."""
    files = [f"translations/{qm.name}" for qm in sorted((ROOT / "translations").glob("*.qm"))]
    files.append("translations/qtbase_ru.qm")
    resources = ROOT / "resources"
    if resources.is_dir():
        files += [path.relative_to(ROOT).as_posix() for path in sorted(resources.rglob("*"))
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"]
    return files


def bundle_problems(exe: Path) -> list[str]:
    contents = {name.replace("\\", "/"): kind for name, kind in bundle_contents(exe).items()}
    problems = [f"{exe.name}: no {name}" for name in expected_files() if name not in contents]
    problems += [f"{exe.name}: no module {name}" for name in RUNTIME_MODULES if contents.get(name) != "module"]
    if not any(name.endswith("/platforms/" + QT_PLATFORM_PLUGIN) for name in contents):
        problems.append(f"{exe.name}: no Qt platform plugin {QT_PLATFORM_PLUGIN}")
    foreign = [n for n in contents if n.startswith("PySide6/Qt/translations/") and not n.endswith(("_ru.qm", "_en.qm"))]
    problems += [f"{exe.name}: Qt translation left in: {name}" for name in foreign]
    return problems


def windows_subsystem(exe: Path) -> str | None:
    """"gui" or "console" from a Windows executable's PE header; None for any other file."""
    data = exe.read_bytes()[:4096]
    if data[:2] != b"MZ":
        return None
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        return None
    subsystem = struct.unpack_from("<H", data, pe + 4 + 20 + 68)[0]  # optional header, PE32 and PE32+ alike
    return WINDOWS_SUBSYSTEM.get(subsystem, str(subsystem))


# -- running them ------------------------------------------------------------------------------
def russian_profile(base: Path) -> dict[str, str]:
    """A user's folders (and TEMP, where the one-file program unpacks itself) under "Иван Петров/Мои документы"."""
    home = base / "Иван Петров"
    temp = home / "AppData" / "Local" / "Temp"
    temp.mkdir(parents=True, exist_ok=True)
    return {"HOME": str(home), "USERPROFILE": str(home), "APPDATA": str(home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"), "TEMP": str(temp), "TMP": str(temp), "TMPDIR": str(temp),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_STATE_HOME": str(home / ".local" / "state"), "XDG_CACHE_HOME": str(home / ".cache")}


def _run(args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, env=env, timeout=timeout, capture_output=True, text=True, encoding="utf-8",
                          errors="replace")
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    return done


def smoke(exe: Path, timeout: float = 180.0, env: dict[str, str] | None = None) -> int:
    """``<exe> --demo --self-test`` offscreen, as a user with Cyrillic letters and spaces in every folder."""
    with tempfile.TemporaryDirectory(prefix="smoke ") as folder:
        profile = russian_profile(Path(folder))
        run_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **profile,
                   "CONFIGURATOR_SETTINGS_FILE": str(Path(profile["APPDATA"]) / "настройки.ini"), **(env or {})}
        return _run([str(exe), "--demo", "--self-test"], run_env, timeout).returncode


def command_check(exe: Path, timeout: float = 120.0) -> int:
    """A command of the console program: the parameters of a module type, printed where it was typed."""
    with tempfile.TemporaryDirectory(prefix="smoke ") as folder:
        done = _run([str(exe), "--lang", "en", "params", "--module", "gsm-2g4g"],
                    {**os.environ, **russian_profile(Path(folder))}, timeout)
    if done.returncode != 0 or "apn" not in done.stdout:
        print(f"{exe.name} params: exit code {done.returncode}, no parameter list printed", file=sys.stderr)
        return done.returncode or 1
    return 0


def check(gui: Path, cli: Path) -> int:
    problems = bundle_problems(gui) + bundle_problems(cli)
    for exe, wanted in ((gui, "gui"), (cli, "console")):
        kind = windows_subsystem(exe)
        if sys.platform == "win32" and kind != wanted:
            problems.append(f"{exe.name}: a {kind} program, not a {wanted} one")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"bundles hold {', '.join(expected_files())} and the run-time modules")
    return smoke(gui) or command_check(cli)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--smoke", action="store_true", help="check both programs afterwards (see above)")
    parser.add_argument("--list", type=Path, metavar="EXE", help="print what a built program holds, build nothing")
    args = parser.parse_args()
    if args.list:
        for name, kind in sorted(bundle_contents(args.list).items()):
            print(f"{kind}\t{name}")
        return 0
    started = time.monotonic()
    gui, cli = build(args.dist, args.work)
    for exe in (gui, cli):
        print(f"built {exe} ({exe.stat().st_size / 1e6:.1f} MB)")
    print(f"in {time.monotonic() - started:.0f} s")
    return check(gui, cli) if args.smoke else 0


if __name__ == "__main__":
    sys.exit(main())
