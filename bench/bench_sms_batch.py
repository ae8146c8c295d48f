"""SMS batch time against the simulators: all phones at once versus one phone after another.

    .venv/bin/python bench/bench_sms_batch.py [--phones 50] [--submit-time 0.5] [--reply-delay 1.0]
                                              [--texts 1] [--baud 115200] [--sim-size 30]

The virtual modem takes ``submit-time`` per SMS (as a real network does) and each module's reply
arrives ``reply-delay`` after its SMS. Lower bound for a batch: every SMS submitted back to back,
plus one reply delay for the last one. The batch strategy (send to every phone, collect replies
as they come) is compared with that bound and with waiting for each phone's replies in turn.
The modem is reached through a real pty (TCP on Windows), paced at ``baud``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.links import open_modem  # noqa: E402
from app.core.links.channels import SerialChannel  # noqa: E402
from app.core.sms_delivery import deliver_configuration  # noqa: E402
from app.core.sms_results import DeliveryResult, PhoneStatus  # noqa: E402
from protocols.module_types import ModuleType  # noqa: E402
from protocols.sms_commands import build_sms_texts  # noqa: E402
from simulators.modem import VirtualModem  # noqa: E402
from simulators.module import VirtualModule  # noqa: E402
from simulators.sms_network import SmsNetwork  # noqa: E402
from simulators.transport import PtySimulator, TcpSimulatorServer, pty_supported  # noqa: E402

VALUES = {"apn": "internet.bench", "server": "10.20.30.40", "port": 8001, "period": 600, "reset_hours": 12,
          "mode": "client"}


async def _run(args: argparse.Namespace, texts: list[str], phones: list[str], url: str, one_at_a_time: bool) -> tuple[
    float, DeliveryResult
]:
    modem = open_modem(SerialChannel(url, args.baud), timeout=5, send_timeout=max(10.0, 4 * args.submit_time))
    async with modem:
        await modem.initialize()
        start = time.perf_counter()
        result = await deliver_configuration(
            modem, phones, texts, wait_limit=args.reply_delay * 5 + 10, one_at_a_time=one_at_a_time, poll_interval=30
        )
        return time.perf_counter() - start, result


async def main(args: argparse.Namespace) -> int:
    texts = build_sms_texts(ModuleType.GSM_2G4G, VALUES, "12345678")[-args.texts :]
    network = SmsNetwork(default_reply_delay=args.reply_delay)
    phones = [f"+7900{i:07d}" for i in range(args.phones)]
    for i, phone in enumerate(phones):
        network.add_module(phone, VirtualModule(ModuleType.GSM_2G4G, serial=f"{i:09d}", phone=phone, restart_time=0))
    modem = VirtualModem(network, sim_size=args.sim_size, submit_time=args.submit_time)
    if pty_supported():
        server: PtySimulator | TcpSimulatorServer = await PtySimulator(modem.serve, baud=args.baud).start()
        url, via = server.path, "pty"
    else:
        server = await TcpSimulatorServer(modem.serve, baud=args.baud).start()
        url, via = f"socket://{server.url}", "tcp"
    try:
        sms_count = len(phones) * len(texts)
        bound = sms_count * args.submit_time + args.reply_delay
        print(f"{len(phones)} phones × {len(texts)} SMS = {sms_count} SMS via {via} at {args.baud} baud; "
              f"submission {args.submit_time:g} s, reply delay {args.reply_delay:g} s, SIM {args.sim_size} slots")
        print(f"lower bound (all SMS back to back + one reply delay): {bound:.2f} s")
        batch_time, batch = await _run(args, texts, phones, url, one_at_a_time=False)
        sequential_time, sequential = await _run(args, texts, phones, url, one_at_a_time=True)
    finally:
        await server.close()
        await network.close()
    failures = 0
    for name, elapsed, result in (("batch", batch_time, batch), ("one phone at a time", sequential_time, sequential)):
        applied = len(result.by_status(PhoneStatus.APPLIED))
        failures += len(result.phones) - applied
        print(f"{name:>20}: {elapsed:7.2f} s   ratio to lower bound {elapsed / bound:5.3f}   "
              f"applied {applied}/{len(result.phones)}")
    ratio = batch_time / bound
    speedup = sequential_time / batch_time
    print(f"batch / lower bound = {ratio:.3f} (target ≤ 1.15); one-at-a-time / batch = {speedup:.2f}")
    return 0 if failures == 0 and ratio <= 1.15 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--texts", type=int, default=1, help="configuration SMS per phone (1–6)")
    parser.add_argument("--submit-time", type=float, default=0.5)
    parser.add_argument("--reply-delay", type=float, default=1.0)
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--sim-size", type=int, default=30)
    sys.exit(asyncio.run(main(parser.parse_args())))
