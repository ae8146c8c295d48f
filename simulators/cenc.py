"""Virtual CENC server: modules register on the device port, configurators log in on the upper port.

Implements docs/protocols/cenc.md: system addresses 0.0.0.N kept per serial number, one
direct-access (transparent) port per device from a base port, users with passwords and an
optional list of devices each may reach, DAC relay both ways, pings, inactivity timeouts.
Faults (simulators.transport.Faults) act on what the server sends to configurators: relayed
device data is a "reply" (drop, garbage, slow), every byte counts for close_after.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from protocols import cenc
from protocols.cenc import (
    Ack,
    Data,
    DeviceInfo,
    Login,
    Nak,
    Packet,
    PacketError,
    PacketStream,
    Ping,
    Register,
    Registered,
    SelectDevice,
    Selector,
)
from simulators.cenc_throttle import LoginThrottle
from simulators.transport import ConnectionClosedByFault, Endpoint, Faults, TcpSimulatorServer


@dataclass(frozen=True)
class CencUser:
    name: str
    password: str
    devices: frozenset[str] | None = None  # serial numbers this user may reach; None = all


@dataclass
class CencTimings:
    """Seconds; defaults are the CENCn manual's server settings."""

    channel_lifetime: float = cenc.CHANNEL_LIFETIME_S
    device_inactive: float = cenc.DEVICE_INACTIVE_S
    device_ping: float = cenc.DEVICE_PING_S
    registration_timeout: float = cenc.REGISTRATION_TIMEOUT_S
    upper_inactive: float = cenc.UPPER_INACTIVE_S


class Owner(Protocol):
    """Whoever holds a device's channel: an upper-level session or a direct-access connection."""

    def deliver(self, payload: bytes) -> None: ...
    def refused(self, detail: int) -> None: ...
    def gone(self) -> None: ...


class Outbox:
    """Writes to one connection in order from a task of its own, so a slow or faulty client
    never stalls the device that feeds it."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._queue: asyncio.Queue[tuple[bytes, bool] | None] = asyncio.Queue()
        self._task = asyncio.create_task(self._run())

    def put(self, data: bytes, *, reply: bool = False) -> None:
        self._queue.put_nowait((data, reply))

    def close_after_sending(self) -> None:
        self._queue.put_nowait(None)

    async def _run(self) -> None:
        try:
            while (item := await self._queue.get()) is not None:
                await self.endpoint.write(item[0], reply=item[1])
        except (ConnectionClosedByFault, ConnectionError, OSError):
            pass
        await self.endpoint.close()

    async def finish(self, timeout: float = 2.0) -> None:
        """Send what is queued, then close the connection."""
        self.close_after_sending()
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(self._task), timeout)
        self._task.cancel()


@dataclass(eq=False)
class DeviceRecord:
    serial: str
    address: str
    number: int
    device_type: str = ""
    module_type: str = ""
    firmware: str = ""
    direct_port: int = 0
    session: Endpoint | None = None  # None = offline
    owner: Owner | None = None
    owner_active: float = 0.0
    direct_server: TcpSimulatorServer | None = field(default=None, repr=False)

    @property
    def online(self) -> bool:
        return self.session is not None

    def info(self) -> DeviceInfo:
        return DeviceInfo(
            self.serial, self.address, self.direct_port, self.device_type, self.module_type, self.firmware
        )


class CencServer:
    def __init__(
        self,
        users: Iterable[CencUser],
        *,
        faults: Faults | None = None,
        timings: CencTimings | None = None,
        direct_base_port: int | None = cenc.DIRECT_BASE_PORT,
        throttle: LoginThrottle | None = None,
    ) -> None:
        """``direct_base_port`` None switches direct access off; 0 gives each device any free port.
        ``throttle``: wrong logins per client address (simulators.cenc_throttle; its clock is injectable)."""
        self.users = {user.name: user for user in users}
        self.throttle = throttle or LoginThrottle()
        self.faults = faults or Faults()
        self.timings = timings or CencTimings()
        self.direct_base_port = direct_base_port
        self.devices: dict[str, DeviceRecord] = {}
        self.host = "127.0.0.1"
        self._upper: TcpSimulatorServer | None = None
        self._device: TcpSimulatorServer | None = None
        self._connections: set[Endpoint] = set()
        self._handlers: set[asyncio.Task[None]] = set()

    async def start(
        self, host: str = "127.0.0.1", upper_port: int = cenc.UPPER_PORT, device_port: int = cenc.DEVICE_PORT
    ) -> CencServer:
        self.host = host
        self._device = await TcpSimulatorServer(self._serve_device).start(host, device_port)
        self._upper = await TcpSimulatorServer(self._serve_upper, self.faults).start(host, upper_port)
        return self

    @property
    def upper_address(self) -> tuple[str, int]:
        assert self._upper is not None
        return self._upper.address

    @property
    def device_address(self) -> tuple[str, int]:
        assert self._device is not None
        return self._device.address

    async def close(self) -> None:
        # Hang up every connection first and let its handler finish on its own: a handler
        # cancelled inside a stream callback makes asyncio log a spurious error.
        for endpoint in list(self._connections):
            await endpoint.close()
        if self._handlers:
            await asyncio.wait(self._handlers, timeout=1.0)
        servers = [self._upper, self._device] + [d.direct_server for d in self.devices.values()]
        for server in servers:
            if server is not None:
                await server.close()

    def find(self, by: Selector, value: str) -> DeviceRecord | None:
        if by == Selector.SERIAL:
            return self.devices.get(value)
        return next((d for d in self.devices.values() if d.address == value), None)

    # -- channel ownership --------------------------------------------------------------
    def holder_refusal(self, record: DeviceRecord, claimant: Owner) -> int | None:
        """Why ``claimant`` may not take the device now (an error code), or None."""
        if not record.online:
            return cenc.DEVICE_OFFLINE
        loop = asyncio.get_running_loop()
        held = record.owner is not None and record.owner is not claimant
        if held and loop.time() - record.owner_active < self.timings.channel_lifetime:
            return cenc.CHANNEL_BUSY
        return None

    def take(self, record: DeviceRecord, owner: Owner) -> None:
        record.owner = owner
        record.owner_active = asyncio.get_running_loop().time()

    @staticmethod
    def release(record: DeviceRecord | None, owner: Owner) -> None:
        if record is not None and record.owner is owner:
            record.owner = None

    async def to_device(self, record: DeviceRecord, payload: bytes) -> bool:
        """Forward configurator bytes as DAC packets; False when the device is gone."""
        session = record.session
        if session is None:
            return False
        record.owner_active = asyncio.get_running_loop().time()
        try:
            for packet in cenc.data_packets(payload):
                await session.write(cenc.encode(packet), reply=False)
        except (ConnectionError, OSError, ConnectionClosedByFault):
            return False
        return True

    # -- device port ----------------------------------------------------------------------
    async def _serve_device(self, endpoint: Endpoint) -> None:
        await self._tracked(endpoint, DeviceConnection(self, endpoint).run())

    async def _tracked(self, endpoint: Endpoint, session: Coroutine[object, object, None]) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(endpoint)
        self._handlers.add(task)
        try:
            await session
        finally:
            self._connections.discard(endpoint)
            self._handlers.discard(task)

    async def new_device(self, serial: str) -> DeviceRecord:
        number = len(self.devices) + 1
        record = DeviceRecord(serial, cenc.address_of(number), number)
        if self.direct_base_port is not None:
            record.direct_server = await self._start_direct(record)
            record.direct_port = record.direct_server.address[1]
        self.devices[serial] = record
        return record

    async def _start_direct(self, record: DeviceRecord) -> TcpSimulatorServer:
        async def handler(endpoint: Endpoint) -> None:
            await self._tracked(endpoint, DirectSession(self, record, endpoint).run())

        server = TcpSimulatorServer(handler, self.faults)
        preferred = self.direct_base_port + record.number - 1 if self.direct_base_port else 0
        try:
            return await server.start(self.host, preferred)
        except OSError:  # that port is taken on this machine: any free one
            return await server.start(self.host, 0)

    # -- upper-level port -----------------------------------------------------------------
    async def _serve_upper(self, endpoint: Endpoint) -> None:
        await self._tracked(endpoint, UpperSession(self, endpoint).run())


class DeviceConnection:
    """One module connected to the device port."""

    def __init__(self, server: CencServer, endpoint: Endpoint) -> None:
        self.server, self.endpoint = server, endpoint
        self.record: DeviceRecord | None = None

    async def send(self, packet: Packet) -> None:
        await self.endpoint.write(cenc.encode(packet), reply=False)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        timings = self.server.timings
        connected = last_rx = loop.time()
        stream = PacketStream()
        try:
            while True:
                if self.record is None:
                    wait = connected + timings.registration_timeout - loop.time()
                else:
                    wait = min(timings.device_ping, last_rx + timings.device_inactive - loop.time())
                try:
                    data = await asyncio.wait_for(self.endpoint.read(), max(wait, 0.0))
                except TimeoutError:
                    if self.record is None:
                        await self.send(Nak(cenc.INTERNAL_ERROR))  # manual: not registered in time → NAK 0x01
                        return
                    if loop.time() - last_rx >= timings.device_inactive:
                        return
                    await self.send(Ping())
                    continue
                if not data:
                    return
                last_rx = loop.time()
                for item in stream.feed(data):
                    if isinstance(item, PacketError):
                        await self.send(Nak(item.error))
                    elif not await self.handle(item):
                        return
        finally:
            self._offline()

    def _offline(self) -> None:
        record = self.record
        if record is not None and record.session is self.endpoint:
            record.session = None
            if record.owner is not None:
                record.owner.gone()
                record.owner = None

    async def handle(self, packet: Packet) -> bool:
        """One packet from the module; False to hang up."""
        record = self.record
        if isinstance(packet, Register):
            return await self._register(packet)
        if isinstance(packet, Ping):
            await self.send(Ack())
        elif record is None:
            await self.send(Nak(cenc.IDENTIFY_FIRST))
        elif isinstance(packet, Data):
            if record.owner is not None:  # nobody waiting: a late reply, dropped
                record.owner.deliver(packet.payload)
        elif isinstance(packet, Nak):
            if record.owner is not None:
                record.owner.refused(packet.detail or packet.error)
        elif not isinstance(packet, Ack):
            await self.send(Nak(cenc.BAD_PACKET))
        return True

    async def _register(self, packet: Register) -> bool:
        if self.record is None:
            known = self.server.devices.get(packet.serial)
            if known is not None and known.online:
                await self.send(Nak(cenc.DUPLICATE_ADDRESS))
                return False
            record = known or await self.server.new_device(packet.serial)
            record.device_type, record.module_type, record.firmware = (
                packet.device_type,
                packet.module_type,
                packet.firmware,
            )
            record.session = self.endpoint
            self.record = record
        await self.send(Registered(self.record.address, self.record.direct_port))
        return True


class UpperSession:
    """One configurator on the upper-level port: login, device choice, DAC relay."""

    def __init__(self, server: CencServer, endpoint: Endpoint) -> None:
        self.server, self.endpoint = server, endpoint
        self.outbox = Outbox(endpoint)
        self.user: CencUser | None = None
        self.device: DeviceRecord | None = None

    # Owner
    def deliver(self, payload: bytes) -> None:
        for packet in cenc.data_packets(payload):
            self.outbox.put(cenc.encode(packet), reply=True)

    def refused(self, detail: int) -> None:
        self.send(Nak(cenc.DEVICE_NAK, detail))

    def gone(self) -> None:
        self.device = None
        self.send(Nak(cenc.DEVICE_OFFLINE))

    def send(self, packet: Packet) -> None:
        self.outbox.put(cenc.encode(packet))

    async def run(self) -> None:
        stream = PacketStream()
        try:
            while True:
                try:
                    data = await asyncio.wait_for(self.endpoint.read(), self.server.timings.upper_inactive)
                except TimeoutError:
                    return
                if not data:
                    return
                for item in stream.feed(data):
                    if isinstance(item, PacketError):
                        self.send(Nak(item.error))
                    else:
                        await self.handle(item)
        finally:
            self.server.release(self.device, self)
            await self.outbox.finish()

    async def handle(self, packet: Packet) -> None:
        if isinstance(packet, Login):
            await self._login(packet)
        elif isinstance(packet, Ping):
            self.send(Ack())
        elif self.user is None:
            self.send(Nak(cenc.IDENTIFY_FIRST))
        elif isinstance(packet, SelectDevice):
            self._select(packet)
        elif isinstance(packet, Data):
            await self._relay(packet.payload)
        elif not isinstance(packet, (Ack, Nak)):
            self.send(Nak(cenc.BAD_PACKET))

    async def _login(self, packet: Login) -> None:
        throttle, address = self.server.throttle, self.endpoint.peer
        self.user = None
        blocked = throttle.blocked_minutes(address)
        if blocked:  # even the right password: the address waits out its block
            self.send(Nak(cenc.LOGIN_BLOCKED, blocked))
            return
        user = self.server.users.get(packet.user)
        if user is None or user.password != packet.password:
            blocked = await throttle.failed(address)  # answered later and later
            self.send(Nak(cenc.LOGIN_BLOCKED, blocked) if blocked else Nak(cenc.BAD_LOGIN))
            return
        throttle.succeeded(address)
        self.user = user
        self.send(Ack())

    def _select(self, packet: SelectDevice) -> None:
        assert self.user is not None
        record = self.server.find(packet.by, packet.value)
        if record is None:
            self.send(Nak(cenc.UNKNOWN_DEVICE))
            return
        if self.user.devices is not None and record.serial not in self.user.devices:
            self.send(Nak(cenc.NO_ACCESS))
            return
        refusal = self.server.holder_refusal(record, self)
        if refusal is not None:
            self.send(Nak(refusal))
            return
        if self.device is not record:
            self.server.release(self.device, self)
        self.server.take(record, self)
        self.device = record
        self.send(record.info())

    async def _relay(self, payload: bytes) -> None:
        record = self.device
        if record is None:
            self.send(Nak(cenc.IDENTIFY_FIRST))
        elif record.owner is not self:  # held idle past the channel lifetime and taken by another client
            self.device = None
            self.send(Nak(cenc.CHANNEL_BUSY))
        elif not await self.server.to_device(record, payload):
            self.device = None
            self.send(Nak(cenc.DEVICE_OFFLINE))


class DirectSession:
    """One client on a device's direct-access port: the device's bytes with no CENC framing."""

    def __init__(self, server: CencServer, record: DeviceRecord, endpoint: Endpoint) -> None:
        self.server, self.record, self.endpoint = server, record, endpoint
        self.outbox = Outbox(endpoint)
        self.attached = False

    def deliver(self, payload: bytes) -> None:
        self.outbox.put(payload, reply=True)

    def refused(self, detail: int) -> None:
        """A transparent port has no way to say it; the client's request simply gets no answer."""

    def gone(self) -> None:
        self.attached = False
        self.outbox.close_after_sending()

    async def run(self) -> None:
        try:
            blocked = self.server.throttle.blocked_minutes(self.endpoint.peer)
            if blocked:  # an address blocked for wrong logins does not get round it here
                self.outbox.put(cenc.encode(Nak(cenc.LOGIN_BLOCKED, blocked)))
                return
            refusal = self.server.holder_refusal(self.record, self)
            if refusal is not None:  # one NAK packet, then the port connection is closed
                self.outbox.put(cenc.encode(Nak(refusal)))
                return
            self.server.take(self.record, self)
            self.attached = True
            while data := await self.endpoint.read():
                if not self.attached or self.record.owner is not self:
                    return
                if not await self.server.to_device(self.record, data):
                    return
        finally:
            self.server.release(self.record, self)
            await self.outbox.finish()
