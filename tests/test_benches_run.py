"""Every bench still runs to its verdict: exit 0 (on target) or 1 (over it, which a loaded CI machine
may give), never a traceback. Smallest settings; the figures themselves are for an idle machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BENCHES = {
    "bench_configure_tcp": ["--rounds", "2"],
    "bench_decoders": ["--size-kib", "16"],
    "bench_direct_channel": ["--protocol", "iec"],
    "bench_fleet": ["--sizes", "20", "--runs", "1", "--latency", "0.01"],
    "bench_gui": ["--runs", "1"],
    "bench_sms_batch": ["--phones", "3", "--reply-min", "1", "--reply-max", "2"],
    "bench_start": ["--runs", "1"],
    "bench_utmc": ["--repeat", "1", "--skip-usb"],  # USB: 11 s of wire time per direction at 2048 records
}


def test_every_bench_is_listed() -> None:
    assert sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py")) == sorted(BENCHES)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BENCHES))
def test_the_bench_runs_to_its_verdict(name: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / f"{name}.py"), *BENCHES[name]], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stdout[-2000:] + done.stderr[-4000:]
    assert done.stdout.strip(), "the bench printed no figures"
