"""UTMC-700 throughput against the simulator pacing its links like the real ones.

    python bench/bench_utmc.py [--usb-journal-kib 64] [--skip-usb]

Starts ``main.py simulate utmc --pty`` in its own process (the device has its own CPU, as a
real one does), then measures over USB (pty paced at 115200 baud, 10 bits per byte) and
Ethernet (TCP paced at 10 Mbit/s, 8 bits per byte):

* writing 2048 device records (8 channels × 256), 32 bytes each;
* downloading the 1 MiB journal file 2025/01/09/12.dat (over USB this takes ~91 s of pure wire
  time; ``--usb-journal-kib 64`` downloads a smaller file created for the purpose, for a quick run).

For each it prints the time taken, the time the payload bytes need on the link, and their ratio
(target: within 1.2×).
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.links import SerialLink, TcpLink  # noqa: E402
from app.core.links.base import Link  # noqa: E402
from app.core.utmc_ops import UtmcService  # noqa: E402
from protocols.utmc_devices import RECORD_SIZE, DeviceRecord  # noqa: E402
from protocols.utmc_models import MODELS  # noqa: E402

USB_BAUD = 115200
ETH_BITRATE = 10_000_000
JOURNAL = "2025/01/09/12.dat"
TARGET = 1.2


def records() -> list[DeviceRecord]:
    return [
        DeviceRecord(number=n, model=MODELS[n % len(MODELS)], serial=f"{n * 7919 % 10**8:08d}", version=n % 256,
                     manufacturer="ENM", address=n, baud=9600, note="T" if n % 3 else "")
        for n in range(1, 2049)
    ]


def report(name: str, seconds: float, payload: int, byte_time: float, repeat: int = 1) -> float:
    wire = payload * byte_time
    ratio = seconds / wire
    mark = "ok" if ratio <= TARGET else "SLOW"
    runs = f"  (median of {repeat})" if repeat > 1 else ""
    print(f"{name:<44} {seconds:8.3f} s   wire {wire:8.3f} s   ratio {ratio:5.2f}×  {mark}{runs}", flush=True)
    return ratio


async def run_on(link: Link, label: str, byte_time: float, journal: str, journal_size: int,
                 repeat: int = 1) -> list[float]:
    ratios = []
    async with link:
        service = UtmcService(link, timeout=5.0)
        await service.identify()
        table = records()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            await service.write_devices(table)
            times.append(time.perf_counter() - start)
        ratios.append(report(f"{label}: write 2048 device records", statistics.median(times),
                             len(table) * RECORD_SIZE, byte_time, repeat))
        back = await service.read_devices()
        assert [r.serial for r in back] == [r.serial for r in table], "device table read back differs"
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            result = await service.download_file(journal, Path(folder) / "journal.dat")
            ratios.append(report(f"{label}: download {journal_size // 1024} KiB journal",
                                 time.perf_counter() - start, result.size, byte_time))
    return ratios


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
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
        # 52 ms of wire time is short enough for scheduler noise to matter: take the median of 7 runs
        ratios = await run_on(TcpLink(host, int(port)), "Ethernet 10 Mbit/s", 8 / ETH_BITRATE, JOURNAL, 1 << 20,
                              repeat=7)
        if not args.skip_usb:
            usb_journal = JOURNAL
            size = 1 << 20
            if args.usb_journal_kib != 1024:
                usb_journal, size = await prepare_small_journal(host, int(port), args.usb_journal_kib * 1024)
            ratios += await run_on(SerialLink(endpoints["serial"], USB_BAUD), "USB 115200 baud", 10 / USB_BAUD,
                                   usb_journal, size)
        worst = max(ratios)
        print(f"worst ratio {worst:.2f}× (target ≤ {TARGET}×)")
        return 0 if worst <= TARGET else 1
    finally:
        process.terminate()
        await process.wait()


async def prepare_small_journal(host: str, port: int, size: int) -> tuple[str, int]:
    """Cut the first ``size`` bytes of the 1 MiB journal into its own file on the SD card (over Ethernet)."""
    from app.core.utmc_client import UtmcClient
    from protocols.utmc_frames import FILE_CHUNK
    from protocols.utmc_messages import FileWriteBeginRequest, FileWriteDataRequest, FileWriteEndRequest

    path = "2025/01/09/bench.dat"
    async with TcpLink(host, port) as link:
        client = UtmcClient(link, timeout=5.0)
        with tempfile.TemporaryDirectory() as folder:
            service = UtmcService(link)
            whole = await service.download_file(JOURNAL, Path(folder) / "j.dat")
            data = whole.destination.read_bytes()[:size]
        import zlib

        await client.request(FileWriteBeginRequest(password=0, path=path, size=len(data), crc32=zlib.crc32(data)))
        for offset in range(0, len(data), FILE_CHUNK):
            await client.request(FileWriteDataRequest(offset=offset, data=data[offset : offset + FILE_CHUNK]))
        await client.request(FileWriteEndRequest())
    return path, size


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
