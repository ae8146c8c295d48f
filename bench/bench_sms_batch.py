"""Configuring modules by SMS: the batch against its lower bound and against one phone at a time.

    .venv/bin/python bench/bench_sms_batch.py [--phones 50] [--submit-time 0.5] [--reply-min 5]
                                              [--reply-max 60] [--baud 115200] [--sim-size 30] [--seed 1]

What is sent: a full configuration of a GSM module (every command the configuration page sends
for the catalogue's defaults with an APN, a server, a port and a period: 8 SMS, MODE last) to
``--phones`` modules through the virtual modem, over a real pty paced at ``--baud`` (10 bits per
byte), with delivery reports asked for as in the field. Field timings: the network takes
``--submit-time`` to accept each SMS (AT+CMGS waits for it), and each module answers each SMS
after its own delay, drawn once per phone between ``--reply-min`` and ``--reply-max`` seconds
(seeded, so runs compare).

Time: all of this runs on a virtual clock (bench/virtual_time.py): the event loop's clock is the
process's CPU time, and it jumps over idle time — a reply delay, the network's submission time,
the pacing of the serial bytes — so a batch that takes a quarter of an hour in the field takes
about half a minute here. Every wait is on that clock (the modem's readiness clock is
``loop.time``; timeouts, the reply collector's poll, the pty's pacing at the baud rate and the
network's delays go through the loop), and so is every piece of work done in the process (ours,
and the simulators' as if it were ours), while the machine's own latencies (a pty, a thread
handing bytes over, other processes' load) are not. Reported times are field seconds.

Bound: the modem does one AT command at a time, so the batch needs at least the serial bytes of
submitting every SMS (``AT+CMGS=n``, the prompt, the PDU, ``+CMGS: mr``, ``OK``) plus the
network's submission time for each, plus the serial bytes of reading and deleting each reply
(``+CMTI``, ``AT+CMGR``, the PDU, ``AT+CMGD``) — about 23 ms of serial bytes per SMS and its reply
at 115200 baud, printed exactly. And the last reply cannot come before the SMS it answers went
out — every SMS before it in the batch's order (phone after phone) back to back — plus that
phone's reply delay, plus reading it. The bound is the larger of the two. Delivery reports,
polls for lost indications and the modem's set-up are not in it: they are the batch's cost.

Target: the batch within 1.15× the bound, every phone configured, and at least 10× faster than
sending one SMS at a time — each SMS's reply awaited before the next SMS goes out, which is what
a tool does that waits for "the reply to the SMS" («Ожидание подтверждения», manual §6.4.1.2.1)
and what pipelining saves: with a mean reply delay d and s per SMS that is about (s + d) / s.
Also printed, for what it says: one phone at a time (each phone's SMS back to back, its replies
awaited before the next phone — the product's own ``one_at_a_time`` mode for modems with tiny
storage). That keeps pipelining within a phone, so it cannot be more than about
(n·s + d) / (n·s) times the batch for n SMS per phone: ≈ 9× at the defaults. Each slower way's
own bound is printed beside the batch's. Exits 1 over the target, under the 10×, or when a phone
was not configured.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from virtual_time import VirtualTimeLoop, run  # noqa: E402

from app.core.links import open_modem  # noqa: E402
from app.core.links.channels import SerialChannel  # noqa: E402
from app.core.sms_delivery import deliver_configuration, new_result  # noqa: E402
from app.core.sms_results import DeliveryResult, PhoneStatus  # noqa: E402
from protocols.params.catalogue import defaults  # noqa: E402
from protocols.params.module_types import ModuleType  # noqa: E402
from protocols.sms.sms_commands import plan_sms_texts  # noqa: E402
from protocols.sms.sms_pdu import encode_deliver, encode_submit  # noqa: E402
from simulators.modem import VirtualModem  # noqa: E402
from simulators.module import VirtualModule  # noqa: E402
from simulators.sms_network import MSK, SmsNetwork  # noqa: E402
from simulators.transport import PtySimulator, TcpSimulatorServer, pty_supported  # noqa: E402

MODULE = ModuleType.GSM_2G4G
PASSWORD = "12345678"
VALUES = {"apn": "internet.bench", "server": "10.20.30.40", "port": 8001, "period": 600, "reset_hours": 12,
          "mode": "client"}
TARGET = 1.15
SPEED_UP = 10.0  # the batch against one SMS at a time
BITS_PER_BYTE = 10
MODEM_NUMBER = "+79990000000"


def configuration() -> list[str]:
    return plan_sms_texts(MODULE, {**defaults(MODULE), **VALUES}, PASSWORD).texts


def send_bytes(phone: str, text: str) -> int:
    """Serial bytes of submitting one SMS, both directions (echo off, as AtModem sets it)."""
    total = 0
    for part in encode_submit(phone, text, status_report=True):
        total += len(f"AT+CMGS={part.tpdu_length}\r") + len("\r\n> ") + len(part.hex) + 1
        total += len("\r\n+CMGS: 255\r\n\r\nOK\r\n")
    return total


def read_bytes(phone: str, reply: str) -> int:
    """Serial bytes of learning of one reply, reading it and deleting it from the SIM (index 1)."""
    total = 0
    for part in encode_deliver(phone, reply, datetime.now(MSK)):
        total += len('\r\n+CMTI: "SM",1\r\n') + len("AT+CMGR=1\r")
        total += len(f"\r\n+CMGR: 0,,{part.tpdu_length}\r\n{part.hex}\r\n\r\nOK\r\n")
        total += len("AT+CMGD=1\r") + len("\r\nOK\r\n")
    return total


def replies(texts: list[str], phone: str) -> dict[str, str]:
    """What a module answers to each text (the same module type, so the same lengths)."""
    module = VirtualModule(MODULE, serial="000000000", phone=phone, restart_time=0)
    return {text: module.handle_sms(text, MODEM_NUMBER) or "" for text in texts}


def lower_bound(phones: list[str], delays: dict[str, float], texts: list[str], submit: float, baud: int) -> float:
    byte_time = BITS_PER_BYTE / baud
    answers = replies(texts, phones[0])
    sending = 0.0  # every SMS back to back, in the batch's order (phone after phone)
    last_reply = 0.0
    reading = 0.0
    for phone in phones:
        for text in texts:
            sending += send_bytes(phone, text) * byte_time + submit
            last_reply = max(last_reply, sending + delays[phone])
            reading += read_bytes(phone, answers[text]) * byte_time
    one_read = max(read_bytes(phones[0], r) for r in answers.values()) * byte_time
    return max(sending + reading, last_reply + one_read)


def sequential_bound(phones: list[str], delays: dict[str, float], texts: list[str], submit: float,
                     baud: int) -> float:
    """One phone at a time cannot be faster than: its SMS back to back, its delay, its last reply read."""
    byte_time = BITS_PER_BYTE / baud
    answers = replies(texts, phones[0])
    one_read = max(read_bytes(phones[0], r) for r in answers.values()) * byte_time
    return sum(sum(send_bytes(phone, text) * byte_time + submit for text in texts) + delays[phone] + one_read
               for phone in phones)


def per_sms_bound(phones: list[str], delays: dict[str, float], texts: list[str], submit: float, baud: int) -> float:
    """One SMS at a time cannot be faster than, for every SMS: sending it, its phone's delay, reading the reply."""
    byte_time = BITS_PER_BYTE / baud
    answers = replies(texts, phones[0])
    return sum((send_bytes(phone, text) + read_bytes(phone, answers[text])) * byte_time + submit + delays[phone]
               for phone in phones for text in texts)


BATCH, PER_PHONE, PER_SMS = "batch", "one phone at a time", "one SMS at a time"


async def deliver(url: str, args: argparse.Namespace, phones: list[str], texts: list[str],
                  way: str) -> tuple[float, DeliveryResult]:
    loop = asyncio.get_running_loop()
    modem = open_modem(SerialChannel(url, args.baud), timeout=5, send_timeout=max(10.0, 4 * args.submit_time))
    wait_limit = args.reply_max * 2 + 60
    async with modem:
        await modem.initialize()
        start = loop.time()
        if way != PER_SMS:
            result = await deliver_configuration(modem, phones, texts, wait_limit=wait_limit,
                                                 one_at_a_time=way == PER_PHONE)
            return loop.time() - start, result
        # each SMS a batch of its own: sent, its reply awaited, then the next one
        result = new_result(phones, texts)
        for account in result.phones:
            account.commands = []
            for text in texts:
                single = await deliver_configuration(modem, [account.phone], [text], wait_limit=wait_limit)
                account.commands += single.phones[0].commands
        return loop.time() - start, result


async def main(args: argparse.Namespace) -> int:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, VirtualTimeLoop)
    texts = configuration()
    phones = [f"+7900{i:07d}" for i in range(args.phones)]
    draw = random.Random(args.seed)
    delays = {phone: round(draw.uniform(args.reply_min, args.reply_max), 1) for phone in phones}
    bound = lower_bound(phones, delays, texts, args.submit_time, args.baud)
    print(f"{len(phones)} phones × {len(texts)} SMS ({', '.join(t.split()[1] for t in texts)}) = "
          f"{len(phones) * len(texts)} SMS at {args.baud} baud; submission {args.submit_time:g} s per SMS, "
          f"reply delays {min(delays.values()):g}–{max(delays.values()):g} s per phone")
    sent = statistics.mean(send_bytes(phone, text) for phone in phones for text in texts)
    read = statistics.mean(read_bytes(phones[0], reply) for reply in replies(texts, phones[0]).values())
    ms = 1000 * BITS_PER_BYTE / args.baud
    print(f"serial bytes per SMS {sent:.0f} ({sent * ms:.1f} ms), per reply read and deleted {read:.0f} "
          f"({read * ms:.1f} ms)")
    sequential = sequential_bound(phones, delays, texts, args.submit_time, args.baud)
    stop_and_wait = per_sms_bound(phones, delays, texts, args.submit_time, args.baud)
    print(f"lower bound: {bound:.1f} s (one phone at a time: {sequential:.1f} s, one SMS at a time: "
          f"{stop_and_wait:.1f} s)")
    timings: dict[str, tuple[float, DeliveryResult]] = {}
    for name in (BATCH, PER_PHONE, PER_SMS):
        network = SmsNetwork()
        for i, phone in enumerate(phones):
            network.add_module(phone, VirtualModule(MODULE, serial=f"{i:09d}", phone=phone, restart_time=0),
                               reply_delay=delays[phone])
        modem = VirtualModem(network, MODEM_NUMBER, sim_size=args.sim_size, submit_time=args.submit_time,
                             clock=loop.time)
        server: PtySimulator | TcpSimulatorServer
        if pty_supported():
            server = pty = await PtySimulator(modem.serve, baud=args.baud).start()
            url = pty.path
            loop.busy = pty.unread  # bytes on their way to the client: time must not jump
        else:
            server = tcp = await TcpSimulatorServer(modem.serve, baud=args.baud).start()
            url = f"socket://{tcp.url}"
        jumped, clock, real = loop.jumped, loop.time(), time.monotonic()
        try:
            timings[name] = await deliver(url, args, phones, texts, name)
        finally:
            await server.close()
            await network.close()
            loop.busy = lambda: False
        real = time.monotonic() - real
        worked = loop.time() - clock - (loop.jumped - jumped)  # the CPU time on the clock
        elapsed, result = timings[name]
        applied = len(result.by_status(PhoneStatus.APPLIED))
        print(f"{name:>20}: {elapsed:8.1f} s   {elapsed / bound:6.3f}× the bound   applied {applied}/{len(phones)}"
              f"   ({real:.1f} s of real time, {worked:.1f} s of it work)", flush=True)
    batch_time, _ = timings[BATCH]
    ratio = batch_time / bound
    per_phone, per_sms = timings[PER_PHONE][0] / batch_time, timings[PER_SMS][0] / batch_time
    configured = all(len(r.by_status(PhoneStatus.APPLIED)) == len(phones) for _, r in timings.values())
    print(f"batch / lower bound = {ratio:.3f} (target ≤ {TARGET}); one SMS at a time / batch = {per_sms:.1f}× "
          f"(target ≥ {SPEED_UP:g}×); one phone at a time / batch = {per_phone:.1f}×")
    return 0 if configured and ratio <= TARGET and per_sms >= SPEED_UP else 1

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--submit-time", type=float, default=0.5, help="seconds the network takes to accept an SMS")
    parser.add_argument("--reply-min", type=float, default=5.0, help="shortest reply delay of a phone, s")
    parser.add_argument("--reply-max", type=float, default=60.0, help="longest reply delay of a phone, s")
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--sim-size", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    sys.exit(run(main(parser.parse_args())))
