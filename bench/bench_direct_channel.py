"""A full module configuration over the direct channel at 9600 bit/s versus its lower bound.

The virtual meter paces its bytes at 9600 baud on a real pty (the client's bytes are delayed by
their wire time too). In IEC 62056-21 the meter answers after its reaction time (200 ms, or 20 ms
for a maker's code with a lower-case third letter: ``--manufacturer EKt``), is deaf to bytes sent
sooner than that after its answer, and the client waits as long before each message. The lower
bound is every byte on the line, both ways, × 10 bits / 9600, plus the meter's reaction time for
each answer and the client's turnaround before each message that follows one. Target: ratio ≤ 1.3.

    .venv/bin/python bench/bench_direct_channel.py [--protocol iec|spodes|both] [--manufacturer EKT]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.links import open_link  # noqa: E402
from app.core.links.channels import DirectChannel  # noqa: E402
from app.core.links.direct import DirectChannelLink  # noqa: E402
from app.core.module_ops import configure_module  # noqa: E402
from protocols.params import catalogue  # noqa: E402
from protocols.params.module_types import ModuleType  # noqa: E402
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


async def run(protocol: str, manufacturer: str) -> float:
    module = VirtualModule("gsm-2g4g", restart_time=0.02)
    meter = VirtualMeter(module, protocol=protocol, password=PASSWORDS[protocol], manufacturer=manufacturer)
    sim = await PtySimulator(meter.serve, baud=BAUD).start()
    # A pty cannot do 7E1: say so up front instead of letting the link probe (a reopen, ~50 ms)
    link = open_link(DirectChannel(sim.path, PASSWORDS[protocol], BAUD, protocol, parity="software"))
    assert isinstance(link, DirectChannelLink)  # its line's bytes are counted
    counted = {"tx": 0, "rx": 0}
    messages = 0

    def count(direction: str, data: bytes) -> None:
        nonlocal messages
        if direction in counted:
            counted[direction] += len(data)
            messages += direction == "tx"

    link.line.listeners.append(count)
    start = time.perf_counter()
    async with link:
        result = await configure_module(link, "gsm-2g4g", full_configuration(), "12345678", timeout=5)
    elapsed = time.perf_counter() - start
    await sim.close()
    if not result.ok:
        raise SystemExit("configuration failed: " + "; ".join(result.lines("en")))
    if meter.too_soon:
        raise SystemExit(f"{meter.too_soon} messages were sent before the line turned round")
    total = counted["tx"] + counted["rx"]
    wire = total * BITS_PER_BYTE / BAUD
    answers = messages - 1  # every message but the last (the break, or the DLMS disconnect) is answered
    turnaround = meter.listen_after if protocol == "iec" else 0.0
    bound = wire + answers * (meter.reply_delay + turnaround)
    ratio = elapsed / bound
    print(
        f"{protocol:6s}: {len(result.parameters)} parameters, {counted['tx']} B out + {counted['rx']} B in = "
        f"{total} B, wire {wire:.3f} s, {messages} messages, {answers} answers × (reaction "
        f"{meter.reply_delay * 1000:.0f} ms + turnaround {turnaround * 1000:.0f} ms): bound {bound:.3f} s, "
        f"elapsed {elapsed:.3f} s, ratio {ratio:.2f} (target ≤ {TARGET})"
    )
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocol", choices=("iec", "spodes", "both"), default="both")
    parser.add_argument("--manufacturer", default="EKT",
                        help="the meter's maker code: EKT answers after 200 ms, EKt after 20 ms (IEC 62056-21)")
    args = parser.parse_args()
    protocols = ("iec", "spodes") if args.protocol == "both" else (args.protocol,)
    ratios = [asyncio.run(run(protocol, args.manufacturer)) for protocol in protocols]
    return 0 if all(r <= TARGET for r in ratios) else 1


if __name__ == "__main__":
    raise SystemExit(main())
