"""A full module configuration (write, read back, restart) and a full status read, timed.

Over loopback TCP the figure is the protocol's own overhead (round trips, encoding); over the
module's serial port (a pty paced at 9600 baud) it is compared with the wire time of every byte
both ways (× 10 bits / 9600). Target on the serial port: ratio ≤ 1.3.

    .venv/bin/python bench/bench_configure_tcp.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.links import open_link  # noqa: E402
from app.core.links.base import Link  # noqa: E402
from app.core.links.channels import SerialChannel  # noqa: E402
from app.core.module_ops import configure_module, read_all_status  # noqa: E402
from protocols.params import catalogue  # noqa: E402
from protocols.params.module_types import ModuleType  # noqa: E402
from simulators.module import VirtualModule  # noqa: E402
from simulators.transport import BITS_PER_BYTE, PtySimulator, TcpSimulatorServer, pty_supported  # noqa: E402

BAUD = 9600
TARGET = 1.3
RESTART = 0.1  # the module's restart pause
# The client waits out the restart with a margin: a request sent the instant the module wakes
# would race its start-up (a real client waits longer still). The whole wait is left out of the timings.
RESTART_WAIT = RESTART + 0.1


def full_configuration() -> dict[str, object]:
    values = catalogue.defaults(ModuleType.GSM_2G4G)
    values.update(mode="server", apn="m2m.mts", apn_user="mts", apn_password="mts", period=600, reset_hours=12)
    return values


async def exchange(make_link: Callable[[], Link]) -> tuple[int, int]:
    """One configuration, then (the module restarted and dropped the session) one full status read."""
    counted = {"tx": 0, "rx": 0}

    def count(direction: str, data: bytes) -> None:
        if direction in counted:
            counted[direction] += len(data)

    async with make_link() as link:
        link.listeners.append(count)
        result = await configure_module(link, "gsm-2g4g", full_configuration(), "12345678", timeout=5)
    if not result.ok:
        raise SystemExit("configuration failed: " + "; ".join(result.lines("en")))
    await asyncio.sleep(RESTART_WAIT)  # the module restarts and is deaf meanwhile
    async with make_link() as link:
        link.listeners.append(count)
        report = await read_all_status(link, "gsm-2g4g", timeout=5)
    if not report.ok:
        raise SystemExit(f"status failed: {report.errors}")
    return counted["tx"], counted["rx"]


async def over_tcp(rounds: int) -> None:
    module = VirtualModule("gsm-2g4g", restart_time=RESTART)
    server = await TcpSimulatorServer(module.serve).start()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        out, inn = await exchange(lambda: open_link(f"tcp://{server.url}"))
        times.append(time.perf_counter() - start - RESTART_WAIT)
    await server.close()
    times.sort()
    print(f"tcp   : full configuration + 5 status requests, {out} B out + {inn} B in, "
          f"median {times[len(times) // 2] * 1000:.1f} ms, best {times[0] * 1000:.1f} ms over {rounds} rounds")


async def over_serial() -> float:
    module = VirtualModule("gsm-2g4g", restart_time=RESTART)
    sim = await PtySimulator(module.serve, baud=BAUD).start()
    start = time.perf_counter()
    out, inn = await exchange(lambda: open_link(SerialChannel(sim.path, BAUD)))
    elapsed = time.perf_counter() - start - RESTART_WAIT
    await sim.close()
    wire = (out + inn) * BITS_PER_BYTE / BAUD
    ratio = elapsed / wire
    print(f"serial: {out} B out + {inn} B in at {BAUD} bit/s, wire {wire:.3f} s, elapsed {elapsed:.3f} s, "
          f"ratio {ratio:.2f} (target ≤ {TARGET})")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(over_tcp(args.rounds))
    if not pty_supported():
        print("serial: skipped (no pty on this system)")
        return 0
    return 0 if asyncio.run(over_serial()) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
