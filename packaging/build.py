"""Build the one-file executable with PyInstaller: ``python packaging/build.py [--smoke]``.

Output: dist/energomera-configurator(.exe). ``--smoke`` then runs ``<exe> --demo --self-test``
with QT_QPA_PLATFORM=offscreen and fails unless it exits 0. PyInstaller does not cross-compile:
build the Windows executable on Windows (see README, "Building the Windows executable").
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "configurator.spec"
NAME = "energomera-configurator"


def executable(dist: Path) -> Path:
    return dist / (NAME + (".exe" if sys.platform == "win32" else ""))


def build(dist: Path, work: Path) -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)], cwd=ROOT, check=True)
    return executable(dist)


def smoke(exe: Path, timeout: float = 120.0) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.setdefault("CONFIGURATOR_SETTINGS_FILE", str(exe.parent / "smoke-settings.ini"))
    done = subprocess.run([str(exe), "--demo", "--self-test"], env=env, timeout=timeout,
                          capture_output=True, text=True)
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--smoke", action="store_true", help="run <exe> --demo --self-test afterwards")
    args = parser.parse_args()
    started = time.monotonic()
    exe = build(args.dist, args.work)
    print(f"built {exe} ({exe.stat().st_size / 1e6:.1f} MB) in {time.monotonic() - started:.0f} s")
    return smoke(exe) if args.smoke else 0


if __name__ == "__main__":
    sys.exit(main())
