"""A small SMS "network": routes SMS by phone number between virtual modems and virtual modules.

A module is anything with ``handle_sms(text, sender) -> reply | None`` (simulators.module's
VirtualModule). Each module has a reply delay (None: it never replies) and may be switched off;
messages to a module that is off wait in the service centre until it is switched on. Messages to
numbers nobody has are accepted by the service centre and never delivered (as with a real SMSC,
the sender learns nothing at submission time). Long messages are joined before the module sees
them and replies longer than one SMS reach the modem in parts.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Protocol

from protocols.sms_pdu import Concat, ConcatAssembler


class SmsResponder(Protocol):
    def handle_sms(self, text: str, sender: str) -> str | None: ...


class SmsTerminal(Protocol):
    """A modem attached to the network: receives SMS (sender, text)."""

    def receive_sms(self, sender: str, text: str) -> None: ...


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


@dataclass(frozen=True)
class NetworkEvent:
    kind: str  # "submitted", "delivered", "reply", "undeliverable", "held"
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
    def __init__(self, *, default_reply_delay: float | None = 1.0) -> None:
        self.default_reply_delay = default_reply_delay
        self.subscribers: dict[str, Subscriber] = {}
        self.terminals: dict[str, SmsTerminal] = {}
        self.events: list[NetworkEvent] = []
        self._assembler = ConcatAssembler()
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
            for sender, text in held:
                self._to_module(subscriber, sender, text)

    # -- traffic ---------------------------------------------------------------------------------------
    def submit(self, sender: str, destination: str, text: str, concat: Concat | None = None) -> None:
        """A modem submitted one part; whole messages go on to the destination."""
        whole = self._assembler.add(f"{normalise_number(sender)}>{normalise_number(destination)}", text, concat)
        if whole is None:
            return
        self.events.append(NetworkEvent("submitted", sender, destination, whole))
        key = normalise_number(destination)
        subscriber = self.subscribers.get(key)
        if subscriber is not None:
            if subscriber.powered:
                self._to_module(subscriber, sender, whole)
            else:
                subscriber.held.append((sender, whole))
                self.events.append(NetworkEvent("held", sender, destination, whole))
            return
        terminal = self.terminals.get(key)
        if terminal is not None:
            terminal.receive_sms(sender, whole)
            self.events.append(NetworkEvent("delivered", sender, destination, whole))
        else:
            self.events.append(NetworkEvent("undeliverable", sender, destination, whole))

    def _to_module(self, subscriber: Subscriber, sender: str, text: str) -> None:
        subscriber.received.append(text)
        self.events.append(NetworkEvent("delivered", sender, subscriber.phone, text))
        reply = subscriber.responder.handle_sms(text, sender)
        consume = getattr(subscriber.responder, "consume_sim_deletion", None)
        if consume is not None and consume() and subscriber.sim is not None:
            subscriber.sim.delete_stored()  # configured by SMS: the module deletes the SIM's settings
        if reply is None or subscriber.reply_delay is None:
            return
        task = asyncio.get_running_loop().create_task(self._reply_later(subscriber, sender, reply))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

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
