"""A small SMS "network": routes SMS by phone number between virtual modems and virtual modules.

A module is anything with ``handle_sms(text, sender) -> reply | None`` (simulators.module's
VirtualModule). Each module has a reply delay (None: it never replies) and may be switched off;
messages to a module that is off wait in the service centre until it is switched on. Messages to
numbers nobody has are accepted by the service centre and never delivered (as with a real SMSC,
the sender learns nothing at submission time). Long messages are joined before the module sees
them and replies longer than one SMS reach the modem in parts.

Status reports (TS 23.040 SMS-STATUS-REPORT), for every part whose SMS-SUBMIT asked for one
(TP-SRR), go back to the sending modem ``report_delay`` seconds after the outcome is known, with
the part's own message reference:

* delivered to a module or another modem: TP-Status 0x00 (discharge time = delivery time); for a
  module that is off, when it is switched on and gets the message;
* a module marked unreachable (``set_reachable(phone, False)``: out of coverage, the service centre
  keeps trying): 0x22 "no response from SME" (temporary) at once, then 0x46 "validity period
  expired" (permanent) ``give_up_after`` seconds later; the message is dropped;
* a number nobody has: 0x43 "not obtainable" (permanent) at once. TS 23.040 has no "unknown
  subscriber" status; real service centres map the HLR's answer to one of the 0x4X permanent
  errors, and "not obtainable" is the one that says the number cannot be reached at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Protocol

from protocols.sms.sms_pdu import Concat, ConcatAssembler


class SmsResponder(Protocol):
    def handle_sms(self, text: str, sender: str) -> str | None: ...


class SmsTerminal(Protocol):
    """A modem attached to the network: receives SMS (sender, text) and status reports."""

    def receive_sms(self, sender: str, text: str) -> None: ...

    def receive_status_report(
        self, reference: int, recipient: str, submitted: datetime, discharged: datetime, status: int
    ) -> None: ...


class StoredSettings(Protocol):
    """The SIM inside a meter: its stored configuration SMS can be deleted by the module."""

    def delete_stored(self) -> int: ...


@dataclass
class Subscriber:
    phone: str
    responder: SmsResponder
    reply_delay: float | None = 1.0  # None: never replies
    powered: bool = True
    sim: StoredSettings | None = None  # a Master SIM moved into this meter
    received: list[str] = field(default_factory=list)
    held: list[tuple[str, str]] = field(default_factory=list)  # (sender, text) while switched off
    reachable: bool = True  # False: no coverage; the service centre retries, then gives up
    held_reports: list[_PendingReports] = field(default_factory=list)  # status reports owed, as ``held``


@dataclass(frozen=True)
class _PendingReports:
    """Status reports owed to ``sender`` for the parts (``references``) of one message."""

    sender: str
    recipient: str
    references: tuple[int, ...]
    submitted: datetime


DELIVERED = 0x00
NO_RESPONSE_TRYING = 0x22  # temporary error, the service centre still tries
VALIDITY_EXPIRED = 0x46  # permanent: it stopped trying
NOT_OBTAINABLE = 0x43  # permanent: no such number
MSK = timezone(timedelta(hours=3))  # the simulated network's clock (Moscow time, as the SMS centre stamps)


@dataclass(frozen=True)
class NetworkEvent:
    kind: str  # "submitted", "delivered", "reply", "undeliverable", "held", "report 0x<TP-Status>"
    sender: str
    destination: str
    text: str


def normalise_number(number: str) -> str:
    """Numbers as the network compares them: digits only, Russian 8XXXXXXXXXX as 7XXXXXXXXXX."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    return digits


class SmsNetwork:
    def __init__(
        self, *, default_reply_delay: float | None = 1.0, report_delay: float = 0.02, give_up_after: float = 2.0
    ) -> None:
        self.default_reply_delay = default_reply_delay
        self.report_delay = report_delay
        self.give_up_after = give_up_after  # seconds an unreachable number is retried
        self.subscribers: dict[str, Subscriber] = {}
        self.terminals: dict[str, SmsTerminal] = {}
        self.events: list[NetworkEvent] = []
        self._assembler = ConcatAssembler()
        self._part_references: dict[str, list[int]] = {}  # reports asked for the parts of unjoined messages
        self._tasks: set[asyncio.Task[None]] = set()

    # -- configuration ------------------------------------------------------------------------------
    def add_module(
        self,
        phone: str,
        responder: SmsResponder,
        *,
        reply_delay: float | None | str = "default",
        powered: bool = True,
        sim: StoredSettings | None = None,
    ) -> Subscriber:
        delay = self.default_reply_delay if reply_delay == "default" else reply_delay
        assert delay is None or isinstance(delay, (int, float))
        subscriber = Subscriber(phone, responder, delay, powered, sim)
        self.subscribers[normalise_number(phone)] = subscriber
        return subscriber

    def attach_terminal(self, phone: str, terminal: SmsTerminal) -> None:
        self.terminals[normalise_number(phone)] = terminal

    def subscriber(self, phone: str) -> Subscriber:
        return self.subscribers[normalise_number(phone)]

    def set_reply_delay(self, phone: str, delay: float | None) -> None:
        self.subscriber(phone).reply_delay = delay

    def power(self, phone: str, on: bool) -> None:
        """Switch a module on or off; on power-up it gets the messages held for it."""
        subscriber = self.subscriber(phone)
        subscriber.powered = on
        if on:
            held, subscriber.held = subscriber.held, []
            owed, subscriber.held_reports = subscriber.held_reports, []
            for sender, text in held:
                self._to_module(subscriber, sender, text)
            for reports in owed:
                self._report_later(reports, DELIVERED)

    def set_reachable(self, phone: str, reachable: bool) -> None:
        """Out of coverage (False): SMS to the module are not delivered (see the module docstring)."""
        self.subscriber(phone).reachable = reachable

    # -- traffic ---------------------------------------------------------------------------------------
    def submit(
        self, sender: str, destination: str, text: str, concat: Concat | None = None, *,
        report_reference: int | None = None,
    ) -> None:
        """A modem submitted one part (``report_reference``: its TP-MR when it asked for a status
        report); whole messages go on to the destination."""
        route = f"{normalise_number(sender)}>{normalise_number(destination)}"
        part_key = route if concat is None else f"{route}#{concat.reference}/{concat.total}"
        references = self._part_references.setdefault(part_key, [])
        if report_reference is not None:
            references.append(report_reference)
        whole = self._assembler.add(route, text, concat)
        if whole is None:
            return
        del self._part_references[part_key]
        reports = _PendingReports(sender, destination, tuple(references), datetime.now(MSK).replace(microsecond=0))
        self.events.append(NetworkEvent("submitted", sender, destination, whole))
        key = normalise_number(destination)
        subscriber = self.subscribers.get(key)
        if subscriber is not None:
            if not subscriber.reachable:
                self.events.append(NetworkEvent("undeliverable", sender, destination, whole))
                self._report_later(reports, NO_RESPONSE_TRYING)
                self._report_later(reports, VALIDITY_EXPIRED, self.give_up_after)
            elif subscriber.powered:
                self._to_module(subscriber, sender, whole)
                self._report_later(reports, DELIVERED)
            else:
                subscriber.held.append((sender, whole))
                subscriber.held_reports.append(reports)
                self.events.append(NetworkEvent("held", sender, destination, whole))
            return
        terminal = self.terminals.get(key)
        if terminal is not None:
            terminal.receive_sms(sender, whole)
            self.events.append(NetworkEvent("delivered", sender, destination, whole))
            self._report_later(reports, DELIVERED)
        else:
            self.events.append(NetworkEvent("undeliverable", sender, destination, whole))
            self._report_later(reports, NOT_OBTAINABLE)

    def _report_later(self, reports: _PendingReports, status: int, after: float = 0.0) -> None:
        if not reports.references:
            return
        self._spawn(self._send_reports(reports, status, after + self.report_delay))

    async def _send_reports(self, reports: _PendingReports, status: int, delay: float) -> None:
        await asyncio.sleep(delay)
        terminal = self.terminals.get(normalise_number(reports.sender))
        if terminal is None:
            return
        self.events.append(NetworkEvent(f"report 0x{status:02X}", reports.sender, reports.recipient, ""))
        discharged = datetime.now(MSK).replace(microsecond=0)
        for reference in reports.references:
            terminal.receive_status_report(reference, reports.recipient, reports.submitted, discharged, status)

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _to_module(self, subscriber: Subscriber, sender: str, text: str) -> None:
        subscriber.received.append(text)
        self.events.append(NetworkEvent("delivered", sender, subscriber.phone, text))
        reply = subscriber.responder.handle_sms(text, sender)
        consume = getattr(subscriber.responder, "consume_sim_deletion", None)
        if consume is not None and consume() and subscriber.sim is not None:
            subscriber.sim.delete_stored()  # configured by SMS: the module deletes the SIM's settings
        if reply is None or subscriber.reply_delay is None:
            return
        self._spawn(self._reply_later(subscriber, sender, reply))

    async def _reply_later(self, subscriber: Subscriber, destination: str, reply: str) -> None:
        await asyncio.sleep(subscriber.reply_delay or 0.0)
        self.events.append(NetworkEvent("reply", subscriber.phone, destination, reply))
        terminal = self.terminals.get(normalise_number(destination))
        if terminal is not None:
            terminal.receive_sms(subscriber.phone, reply)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
