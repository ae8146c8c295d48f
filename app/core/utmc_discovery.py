"""Ethernet "Поиск" (Search): find UTMC-700 concentrators by a UDP datagram.

    found = await discover([("255.255.255.255", DISCOVERY_PORT)], timeout=1.0) -> list[FoundUtmc]

A DISCOVER request (our frame, docs/protocols/utmc.md) goes to each target; every concentrator
that hears it answers with its serial number, firmware version, IP address and control port.
Broadcast is switched on only for a broadcast target; the search listens on loopback only when every
target is on this computer (tests and the demo use 127.0.0.1). A search of
single addresses (IP addresses, no broadcast) ends as soon as each of them has answered: only a broadcast,
or an address that stays silent, is waited for the whole ``timeout``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.os_errors import os_error_reason
from protocols.errors import ConfiguratorError, LinkError
from protocols.text import Text
from protocols.utmc.utmc_frames import Command, Frame, decode_frame, encode_frame
from protocols.utmc.utmc_messages import DiscoverReply, DiscoverRequest, encode_message

DISCOVERY_PORT = 4002  # our choice; the vendor's is not published


@dataclass(frozen=True)
class FoundUtmc:
    serial: str
    firmware_version: str
    host: str
    control_port: int

    @property
    def url(self) -> str:
        return f"tcp://{self.host}:{self.control_port}"


class _Collector(asyncio.DatagramProtocol):
    def __init__(self, expected: set[tuple[str, int]] | None) -> None:
        self.found: dict[tuple[str, int], FoundUtmc] = {}
        self.expected = expected  # the addresses whose answers end the search; None: wait the whole time
        self.all_answered = asyncio.Event()

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        _, frame = decode_frame(data)
        if frame is None or not frame.reply or frame.error or frame.command != Command.DISCOVER:
            return
        with contextlib.suppress(ConfiguratorError):
            reply: DiscoverReply = DiscoverRequest().reply_from(frame.payload)
            host = str(ipaddress.IPv4Address(reply.ip))
            if host == "0.0.0.0":  # the device does not know its address yet: use where it answered from
                host = addr[0]
            item = FoundUtmc(reply.serial, reply.firmware_version, host, reply.control_port)
            self.found[(item.host, item.control_port)] = item
            if self.expected is not None:
                self.expected.discard((addr[0], addr[1]))
                if not self.expected:
                    self.all_answered.set()


def _single_addresses(targets: list[tuple[str, int]]) -> set[tuple[str, int]] | None:
    """The targets as the addresses their answers come from; None when one is a broadcast or a name
    (how many answer it, or from where, is not known beforehand)."""
    addresses = set()
    for host, port in targets:
        try:
            address = ipaddress.IPv4Address(host)
        except ValueError:
            return None
        if _is_broadcast(host) or address.is_multicast or address.is_unspecified:
            return None
        addresses.add((str(address), port))
    return addresses or None


def _is_broadcast(host: str) -> bool:
    with contextlib.suppress(ValueError):
        return host == "255.255.255.255" or ipaddress.IPv4Address(host).packed[-1] == 255
    return False


def _local_address(targets: list[tuple[str, int]]) -> str:
    """Where the search listens: loopback when every target is on this computer (the demo, tests),
    else every interface. A socket bound to 127.0.0.1 cannot send to a concentrator on the LAN (the
    system refuses the datagram, and a search of its address would find nothing)."""
    for host, _ in targets:
        try:
            if not ipaddress.IPv4Address(host).is_loopback:
                return "0.0.0.0"
        except ValueError:
            return "0.0.0.0"  # a host name: it may be anywhere
    return "127.0.0.1"


async def discover(targets: Iterable[tuple[str, int]], timeout: float = 1.0) -> list[FoundUtmc]:
    targets = list(targets)
    loop = asyncio.get_running_loop()
    broadcast = any(_is_broadcast(host) for host, _ in targets)
    try:
        transport, collector = await loop.create_datagram_endpoint(
            lambda: _Collector(_single_addresses(targets)),
            local_addr=(_local_address(targets), 0), allow_broadcast=broadcast,
        )
    except OSError as error:
        reason = os_error_reason(error)
        raise LinkError(Text(f"Поиск УТМЦ не запущен: {reason.ru}. Проверьте подключение компьютера к сети.",
                             f"The UTMC search did not start: {reason.en}. Check the computer's network "
                             "connection.")) from error
    try:
        request = encode_frame(Frame(Command.DISCOVER, 1, encode_message(DiscoverRequest())))
        for target in targets:
            transport.sendto(request, target)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await collector.all_answered.wait()
    finally:
        transport.close()
    return sorted(collector.found.values(), key=lambda f: (f.host, f.control_port))
