"""Every incremental decoder on 1 MiB of adversarial bytes versus the wire time of 1 MiB.

The patterns (tests/decoder_noise.py): start marks with no terminator, plausible headers that
announce the longest frame, zero lengths, random bytes, floods of small valid frames. Measured
in CPU time: the decoders are CPU-bound, so on an idle machine this is the wall time, and it does
not depend on what else runs. The bound is the time 1 MiB takes on the fastest link we use,
10 Mbit/s Ethernet (UTMC-700): a ratio below 1 means the decoder keeps up with a link saturated
with noise. Target: every noise pattern under 1 s per MiB.

    .venv/bin/python bench/bench_decoders.py [--size-kib 1024] [--chunk 1500]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from decoder_noise import CASES, DECODERS, PATTERNS, drive  # noqa: E402

ETHERNET = 10_000_000  # bit/s
TARGET = 1.0  # seconds per MiB of noise


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-kib", type=int, default=1024)
    parser.add_argument("--chunk", type=int, default=0, help="feed in pieces of this many bytes (0: at once)")
    args = parser.parse_args()
    size = args.size_kib * 1024
    wire = size * 8 / ETHERNET
    worst = 0.0
    for decoder, pattern in CASES:
        make, noise = PATTERNS[decoder][pattern]
        data = make(size)
        drive(DECODERS[decoder], data[: size // 64])  # tables and compiled patterns are built once
        start = time.process_time()
        outcome = drive(DECODERS[decoder], data, args.chunk or None)
        elapsed = time.process_time() - start
        per_mib = elapsed * (1 << 20) / len(data)
        if noise:
            worst = max(worst, per_mib)
        print(
            f"{decoder:28s} {pattern:34s} {per_mib:6.3f} CPU s/MiB  ratio {elapsed / wire:5.2f}  "
            f"frames {outcome.frames:7d}  errors {outcome.errors:5d}  examined {outcome.examined / len(data):5.2f}×"
            + ("" if noise else "  (not noise)")
        )
    print(f"worst noise pattern: {worst:.3f} s/MiB (target < {TARGET} s); 1 MiB at 10 Mbit/s: {wire:.3f} s")
    return 0 if worst < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
