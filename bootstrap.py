"""Set up everything the project needs in ./.venv, then start the demo or run the tests.

    python3 bootstrap.py demo     # GUI on the built-in simulated devices
    python3 bootstrap.py test     # the whole test suite (what CI runs)
    python3 bootstrap.py fast     # the tests without the slow end-to-end ones

Needs only Python 3.11+ with pip. On Linux, when run as root, the test command also installs
the system libraries Qt needs offscreen and Xvfb (for screenshots) if they are missing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
QT_SYSTEM_PACKAGES = [
    "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1", "libdbus-1-3",
    "libglib2.0-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-shape0",
    "libxcb-render-util0", "libxcb-image0", "libxcb-randr0", "libxcb-xinerama0", "libxcb-xkb1",
    "xvfb", "xauth", "fonts-dejavu-core",
]


def venv_python() -> Path:
    return venv_script("python")


def venv_script(name: str) -> Path:
    """A program of the virtual environment: .venv\\Scripts\\<name>.exe on Windows, .venv/bin/<name> elsewhere."""
    return VENV / "Scripts" / f"{name}.exe" if os.name == "nt" else VENV / "bin" / name


def ensure_venv(extras: str) -> Path:
    python = venv_python()
    if not python.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"installing the project and its dependencies ({extras}) ...", flush=True)
        subprocess.check_call([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"])
        subprocess.check_call([str(python), "-m", "pip", "install", "-q", "-e", f".[{extras}]"], cwd=ROOT)
        stamp.write_text(digest)
    return python


def ensure_system_libraries() -> None:
    """Qt needs a few shared libraries even offscreen; a bare Debian/Ubuntu lacks them."""
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    query = subprocess.run(
        ["dpkg-query", "-W", "-f=${db:Status-Abbrev} ${Package}\n", *QT_SYSTEM_PACKAGES],
        capture_output=True, text=True,
    )
    installed = {line.split()[-1].split(":")[0] for line in query.stdout.splitlines() if line.startswith("ii")}
    missing = [p for p in QT_SYSTEM_PACKAGES if p not in installed]
    if missing:
        print("installing system libraries:", " ".join(missing), flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=False, env=env)


# The day-to-day run: no test marked slow (PyInstaller builds, programs started as processes, scenarios
# that wait in real time). Every run is spread over two worker processes (addopts in pyproject.toml).
FAST = ["-m", "not slow"]


def run_tests(python: Path, extra: list[str], fast: bool = False) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    pytest = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    if fast:
        steps = [[*pytest, *FAST, *extra]]
    else:
        steps = [
            [str(python), "-m", "ruff", "check", "."],
            [str(venv_script("lint-imports"))],
            [str(python), "-m", "mypy"],
            [*pytest, *extra],
        ]
    for step in steps:
        print("$", " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)), flush=True)
        code = subprocess.call(step, cwd=ROOT, env=env)
        if code != 0:
            return code
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "fast"):
        print(__doc__)
        return 2
    if argv[0] in ("test", "fast"):
        ensure_system_libraries()
        return run_tests(ensure_venv("test"), argv[1:], fast=argv[0] == "fast")
    python = ensure_venv("test")
    return subprocess.call([str(python), str(ROOT / "main.py"), "--demo", *argv[1:]], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
