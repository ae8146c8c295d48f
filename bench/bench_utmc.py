"""UTMC-700 device-list read and write, and the journal download, against the link's wire time.

    python bench/bench_utmc.py [--repeat 15] [--usb-repeat 3] [--usb-journal-kib 1024] [--skip-usb]

Starts ``main.py simulate utmc --pty`` in its own process (the device has its own CPU, as a
real one does) and works with it over USB (a pty paced at 115200 baud, 10 bits per byte) and
Ethernet (TCP paced at 10 Mbit/s, 8 bits per byte, full duplex, to about 0.1 ms: simulators/utmc.py):

* device list, 256 records (channel 1; the other seven channels empty) and 2048 records
  (8 channels × 256): **write** it (``UtmcService.write_devices``) and **read** the whole table
  back (``UtmcService.read_devices`` of all eight channels), checking that
  what was read is what was written;
* the 1 MiB journal file 2025/01/09/12.dat (over USB ~91 s of pure wire time;
  ``--usb-journal-kib 64`` downloads a smaller copy made for the purpose, for a quick run).

Bound: the wire time of the payload alone — 32 bytes per device record (or the file's bytes)
at the link's rate, in the direction the data travels; frame headers, requests, round trips
and both sides' processing are what the ratio charges us for. Each device-list figure is the
median of ``--repeat`` runs (``--usb-repeat`` over USB) after one untimed warm-up run, and the
line shows the range of the runs' ratios too: 256 records are 6.6 ms of wire time on Ethernet,
so a millisecond that another process takes from the machine shows plainly.

Target: every ratio ≤ 1.2× its bound. Prints one line per figure and the worst ratio; exits 1
when any ratio is over the target (or a read-back differs).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.links import open_link  # noqa: E402
from app.core.links.base import Link  # noqa: E402
from app.core.links.channels import SerialChannel, TcpChannel  # noqa: E402
from app.core.utmc_ops import UtmcService  # noqa: E402
from protocols.utmc.utmc_devices import RECORD_SIZE, DeviceRecord  # noqa: E402
from protocols.utmc.utmc_models import MODELS  # noqa: E402
from protocols.utmc.utmc_params import CHANNELS  # noqa: E402

USB_BAUD = 115200
ETH_BITRATE = 10_000_000
JOURNAL = "2025/01/09/12.dat"
TARGET = 1.2
T = TypeVar("T")
SIZES = (256, 2048)


def records(count: int) -> list[DeviceRecord]:
    return [
        DeviceRecord(number=n, model=MODELS[n % len(MODELS)], serial=f"{n * 7919 % 10**8:08d}", version=n % 256,
                     manufacturer="ENM", address=n, baud=9600, note="T" if n % 3 else "")
        for n in range(1, count + 1)
    ]


def report(name: str, times: list[float], payload: int, byte_time: float) -> float:
    wire = payload * byte_time
    median = statistics.median(times)
    ratio = median / wire
    mark = "ok" if ratio <= TARGET else "SLOW"
    spread = f"  median of {len(times)}, {min(times) / wire:.2f}–{max(times) / wire:.2f}×" if len(times) > 1 else ""
    print(f"{name:<46} {median:8.3f} s   wire {wire:8.3f} s   ratio {ratio:5.2f}×  {mark}{spread}", flush=True)
    return ratio


async def timed(work: Callable[[], Awaitable[T]], repeat: int) -> tuple[list[float], T]:
    """``repeat`` timed runs after one untimed run (it warms both sides' code paths and threads)."""
    result = await work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = await work()
        times.append(time.perf_counter() - start)
    return times, result


async def run_on(link: Link, label: str, byte_time: float, journal: str, journal_size: int,
                 repeat: int) -> list[float]:
    ratios = []
    async with link:
        service = UtmcService(link, timeout=5.0)
        await service.identify()
        for size in SIZES:
            table = records(size)
            await service.write_devices([], channels=range(1, CHANNELS + 1))  # start from an empty table
            times, _ = await timed(partial(service.write_devices, table), repeat)
            ratios.append(report(f"{label}: write {size} device records", times, size * RECORD_SIZE, byte_time))
            times, back = await timed(lambda: service.read_devices(), repeat)
            if [(r.number, r.serial, r.note) for r in back] != [(r.number, r.serial, r.note) for r in table]:
                print(f"{label}: the {size} records read back differ from those written")
                ratios.append(float("inf"))
            ratios.append(report(f"{label}: read {size} device records", times, size * RECORD_SIZE, byte_time))
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            result = await service.download_file(journal, Path(folder) / "journal.dat")
            ratios.append(report(f"{label}: download {journal_size // 1024} KiB journal",
                                 [time.perf_counter() - start], result.size, byte_time))
    return ratios


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15, help="runs per Ethernet figure (the median is shown)")
    parser.add_argument("--usb-repeat", type=int, default=3, help="runs per USB figure (the median is shown)")
    parser.add_argument("--usb-journal-kib", type=int, default=1024, help="journal size downloaded over USB (KiB)")
    parser.add_argument("--skip-usb", action="store_true", help="Ethernet only")
    args = parser.parse_args()
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "main.py"), "simulate", "utmc", "--pty", "--baud", str(USB_BAUD),
        "--eth-bitrate", str(ETH_BITRATE), stdout=asyncio.subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout is not None
        endpoints = json.loads(await asyncio.wait_for(process.stdout.readline(), 30))
        host, port = endpoints["tcp"].rsplit(":", 1)
        print(f"simulator: {endpoints}")
        ratios = await run_on(open_link(TcpChannel(host, int(port))), "Ethernet 10 Mbit/s", 8 / ETH_BITRATE,
                              JOURNAL, 1 << 20, args.repeat)
        if not args.skip_usb:
            usb_journal = JOURNAL
            size = 1 << 20
            if args.usb_journal_kib != 1024:
                usb_journal, size = await prepare_small_journal(host, int(port), args.usb_journal_kib * 1024)
            ratios += await run_on(open_link(SerialChannel(endpoints["serial"], USB_BAUD)), "USB 115200 baud",
                                   10 / USB_BAUD, usb_journal, size, args.usb_repeat)
        worst = max(ratios)
        print(f"worst ratio {worst:.2f}× (target ≤ {TARGET}×)")
        return 0 if worst <= TARGET else 1
    finally:
        process.terminate()
        await process.wait()


async def prepare_small_journal(host: str, port: int, size: int) -> tuple[str, int]:
    """Cut the first ``size`` bytes of the 1 MiB journal into its own file on the SD card (over Ethernet)."""
    from app.core.utmc_client import UtmcClient
    from protocols.utmc.utmc_frames import FILE_CHUNK
    from protocols.utmc.utmc_messages import FileWriteBeginRequest, FileWriteDataRequest, FileWriteEndRequest

    path = "2025/01/09/bench.dat"
    async with open_link(TcpChannel(host, port)) as link:
        client = UtmcClient(link, timeout=5.0)
        with tempfile.TemporaryDirectory() as folder:
            service = UtmcService(link)
            whole = await service.download_file(JOURNAL, Path(folder) / "j.dat")
            data = whole.destination.read_bytes()[:size]
        await client.request(FileWriteBeginRequest(password=0, path=path, size=len(data), crc32=zlib.crc32(data)))
        for offset in range(0, len(data), FILE_CHUNK):
            await client.request(FileWriteDataRequest(offset=offset, data=data[offset : offset + FILE_CHUNK]))
        await client.request(FileWriteEndRequest())
    return path, size


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
