"""A full module configuration over the direct channel at 9600 bit/s versus the wire time.

The virtual meter paces its bytes at 9600 baud on a real pty (the client's bytes are delayed
by their wire time too) and answers with the IEC 62056-21 minimum turnaround of 20 ms. The
wire time is every byte on the line, both ways, × 10 bits / 9600. Target: ratio ≤ 1.3.

    .venv/bin/python bench/bench_direct_channel.py [--protocol iec|spodes|both] [--reply-delay 0.02]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.links.direct import DirectChannelLink  # noqa: E402
from app.core.module_ops import configure_module  # noqa: E402
from protocols import catalogue  # noqa: E402
from protocols.module_types import ModuleType  # noqa: E402
from simulators.meter import VirtualMeter  # noqa: E402
from simulators.module import VirtualModule  # noqa: E402
from simulators.transport import BITS_PER_BYTE, PtySimulator  # noqa: E402

BAUD = 9600
TARGET = 1.3
PASSWORDS = {"iec": "777777", "spodes": "1234567812345678"}


def full_configuration() -> dict[str, object]:
    values = catalogue.defaults(ModuleType.GSM_2G4G)
    values.update(mode="client-cenc", server="cenc.example.org", port=11001, apn="m2m.mts", period=600)
    return values


async def run(protocol: str, reply_delay: float) -> float:
    module = VirtualModule("gsm-2g4g", restart_time=0.02)
    meter = VirtualMeter(module, protocol=protocol, password=PASSWORDS[protocol], reply_delay=reply_delay)
    sim = await PtySimulator(meter.serve, baud=BAUD).start()
    # A pty cannot do 7E1: say so up front instead of letting the link probe (a reopen, ~50 ms)
    link = DirectChannelLink(sim.path, BAUD, meter_password=PASSWORDS[protocol], protocol=protocol, parity="software")
    counted = {"tx": 0, "rx": 0}
    turnarounds = 0

    def count(direction: str, data: bytes) -> None:
        nonlocal turnarounds
        if direction in counted:
            counted[direction] += len(data)
            turnarounds += direction == "tx"

    link.line.listeners.append(count)
    start = time.perf_counter()
    async with link:
        result = await configure_module(link, "gsm-2g4g", full_configuration(), "12345678", timeout=5)
    elapsed = time.perf_counter() - start
    await sim.close()
    if not result.ok:
        raise SystemExit("configuration failed: " + "; ".join(result.lines("en")))
    total = counted["tx"] + counted["rx"]
    wire = total * BITS_PER_BYTE / BAUD
    ratio = elapsed / wire
    print(
        f"{protocol:6s}: {len(result.parameters)} parameters, {counted['tx']} B out + {counted['rx']} B in = "
        f"{total} B, wire {wire:.3f} s, elapsed {elapsed:.3f} s, {turnarounds} writes "
        f"(meter turnaround {reply_delay * 1000:.0f} ms per answer), ratio {ratio:.2f} (target ≤ {TARGET})"
    )
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocol", choices=("iec", "spodes", "both"), default="both")
    parser.add_argument("--reply-delay", type=float, default=0.02, help="meter turnaround in seconds (IEC min 0.02)")
    args = parser.parse_args()
    protocols = ("iec", "spodes") if args.protocol == "both" else (args.protocol,)
    ratios = [asyncio.run(run(protocol, args.reply_delay)) for protocol in protocols]
    return 0 if all(r <= TARGET for r in ratios) else 1


if __name__ == "__main__":
    raise SystemExit(main())
