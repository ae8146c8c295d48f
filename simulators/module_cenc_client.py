"""The virtual module in "Client CENC" mode: it dials the CENC server's device port, registers
with its serial number and answers the frames the server relays to it.

Like a real module it keeps trying: after the connection is lost or refused it waits its
reconnection period and dials again (GSM manual §6.2.1 recommends ≥ 300 s on a real module; the
simulator defaults to 1 s so tests and the demo do not wait).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from typing import Protocol

from protocols import cenc
from protocols.cenc import Ack, Data, Nak, PacketError, PacketStream, Ping, Register, Registered
from simulators.module_identity import ModuleIdentity

CLIENT_CENC_MODE = "client-cenc"  # the catalogue's value of "mode" for «Клиент CENC»


class FrameDevice(Protocol):
    """What the client needs of simulators.module.VirtualModule."""

    def process(self, data: bytes) -> bytes: ...


class ModuleCencClient:
    def __init__(
        self,
        module: FrameDevice,
        host: str,
        port: int,
        *,
        serial: str | None = None,
        device_type: str | None = None,
        module_type: str | None = None,
        firmware: str = "",
        reconnect_period: float = 1.0,
        connect_timeout: float = 5.0,
    ) -> None:
        self.module, self.host, self.port = module, host, port
        self.serial = serial if serial is not None else str(getattr(module, "serial", ""))
        self.device_type = device_type if device_type is not None else str(getattr(module, "meter_type", ""))
        if module_type is None:
            kind = getattr(module, "module_type", "")
            module_type = str(getattr(kind, "value", kind))
        self.module_type, self.firmware = module_type, firmware
        self.reconnect_period, self.connect_timeout = reconnect_period, connect_timeout
        #: set: the module answers every relayed DAC with NAK carrying this code (device refusal)
        self.refuse_data: int | None = None
        self.address: str | None = None  # system address given by the server
        self.direct_port = 0
        self.last_error: int | None = None  # last NAK code from the server
        self.connections = 0
        self.registered = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._writer: asyncio.StreamWriter | None = None
        listeners = getattr(module, "restart_listeners", None)
        if isinstance(listeners, list):  # a restarting module drops its connection and dials again
            listeners.append(self._on_restart)
        self._restarted = False

    def _on_restart(self) -> None:
        self._restarted = True  # hang up once the reply produced before the restart is sent

    async def start(self) -> ModuleCencClient:
        self._task = asyncio.create_task(self._run())
        return self

    async def wait_registered(self, timeout: float = 5.0) -> str:
        await asyncio.wait_for(self.registered.wait(), timeout)
        assert self.address is not None
        return self.address

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._hang_up()

    def drop_connection(self) -> None:
        """Lose the network like a real module (it will reconnect after its period)."""
        self._hang_up()

    def _hang_up(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self.registered.clear()

    async def _answer(self, payload: bytes) -> bytes:
        """The module's reply as it sends it (VirtualModule.answer: its latency, silence), else at once."""
        answer = getattr(self.module, "answer", None)
        if answer is not None:
            reply: bytes = await answer(payload)
            return reply
        return self.module.process(payload)

    def _dials(self) -> bool:
        """A VirtualModule dials only while its settings in effect say "Client CENC"."""
        active = getattr(self.module, "active", None)
        return not isinstance(active, dict) or active.get("mode") == CLIENT_CENC_MODE

    def _registered_as(self, address: str) -> None:
        identity = getattr(self.module, "identity", None)
        if isinstance(identity, ModuleIdentity):
            # the status frames report the address the server gave (GSM manual §7.2 "Системный адрес")
            setattr(self.module, "identity", dataclasses.replace(identity, system_address=address))  # noqa: B010

    async def _run(self) -> None:
        while True:
            if self._dials():
                with contextlib.suppress(OSError, TimeoutError, ConnectionError):
                    await self._session()
            self._hang_up()
            await asyncio.sleep(self.reconnect_period)

    async def _session(self) -> None:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), self.connect_timeout)
        self._writer = writer
        self.connections += 1

        async def send(packet: cenc.Packet) -> None:
            writer.write(cenc.encode(packet))
            await writer.drain()

        await send(Register(self.serial, self.device_type, self.module_type, self.firmware))
        stream = PacketStream()
        while data := await reader.read(65536):
            for item in stream.feed(data):
                if isinstance(item, PacketError):
                    await send(Nak(item.error))
                elif isinstance(item, Registered):
                    self.address, self.direct_port, self.last_error = item.address, item.direct_port, None
                    self._registered_as(item.address)
                    self.registered.set()
                elif isinstance(item, Ping):
                    await send(Ack())
                elif isinstance(item, Nak):
                    self.last_error = item.error
                    if not self.registered.is_set():
                        return  # refused (duplicate address, registration timeout): dial again later
                elif isinstance(item, Data):
                    if self.refuse_data is not None:
                        await send(Nak(cenc.DEVICE_NAK, self.refuse_data))
                        continue
                    self._restarted = False
                    reply = await self._answer(item.payload)
                    for packet in cenc.data_packets(reply):
                        await send(packet)
                    if self._restarted:
                        return
