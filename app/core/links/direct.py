"""The direct channel: our module frames through the meter's optical or RS-485 port.

``DirectChannelLink`` is a :class:`Link` whose ``open()`` runs the meter session — IEC 62056-21
mode C programming mode with the meter access password, or a СПОДЭС DLMS association — and whose
``send``/``receive`` carry our frames to and from the module as specified in
docs/protocols/direct-channel.md. ``close()`` ends the session (B0 break / DLMS release) and
records when in the link's SessionClock, so app.core.channel_waits can keep the pause the manuals ask
for before the next session (≥30 s for GSM modules, ≥60 s for NB-IoT: GSM manual §6.4.2, NB-IoT
manual §7.4.1). Built by app.core.links.open_link from a DirectChannel or a ``direct://`` URL.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import TypeVar

from app.core.links.base import Decoder, Link
from app.core.links.dlms_client import CONFIGURATOR, HLS_SECRET_LENGTH, DlmsAssociation
from app.core.links.iec_session import Clock, IecSession, Sleep
from app.core.links.meter_sessions import SessionClock
from app.core.links.serial_port import SerialLink
from app.core.os_errors import os_error_reason
from protocols.errors import LinkClosed, LinkError, LinkTimeout, ValidationError
from protocols.meter import direct_forwarding as forwarding
from protocols.meter import iec62056_21 as iec
from protocols.text import Text

T = TypeVar("T")
PROTOCOLS = ("iec", "spodes")
PARITY_MODES = iec.PARITY_MODES
POLL_INTERVAL = 0.15  # how often the module's late answer is collected while a reply is awaited


# -- the link ------------------------------------------------------------------------------
class DirectChannelLink(Link):
    def __init__(
        self,
        port: str | SerialLink,
        baud: int = 9600,
        *,
        meter_password: str,
        protocol: str = "iec",
        module_port: str | int | None = None,
        timeout: float = 5.0,
        dlms_client: str = CONFIGURATOR,
        parity: str = "auto",
        sessions: SessionClock | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__()
        if protocol not in PROTOCOLS:
            raise ValidationError(
                [Text(f"Протокол: iec или spodes, а не {protocol}", f"Protocol: iec or spodes, not {protocol}")]
            )
        if parity not in PARITY_MODES:
            raise ValidationError([Text(f"Контроль чётности: auto, software или hardware, а не {parity}",
                                        f"Parity: auto, software or hardware, not {parity}")])
        if protocol == "spodes" and dlms_client == CONFIGURATOR and len(meter_password) != HLS_SECRET_LENGTH:
            raise ValidationError(
                [
                    Text(
                        "СПОДЭС, конфигуратор (высокий уровень безопасности): пароль — ровно 16 символов",
                        "СПОДЭС configurator (high security): the password must be exactly 16 characters",
                    )
                ]
            )
        self.line = port if isinstance(port, SerialLink) else SerialLink(port, baud)
        self.baud, self.protocol, self.timeout = baud, protocol, timeout
        self.meter_password, self.dlms_client = meter_password, dlms_client
        self.parity = parity  # IEC 7E1: one of PARITY_MODES
        self.module_port = forwarding.parse_module_port(module_port)
        self.sessions = sessions if sessions is not None else SessionClock(clock)  # where the session's end goes
        self._clock, self._sleep = clock, sleep  # the IEC line turnaround's clock (tests inject one)
        self.description = f"{self.line.port} → {'IEC 62056-21' if protocol == 'iec' else 'СПОДЭС'}"
        self._lock = asyncio.Lock()
        self._iec: IecSession | None = None
        self._dlms: DlmsAssociation | None = None

    @property
    def logical_name(self) -> str:
        return forwarding.forwarding_logical_name(self.module_port)

    async def _open(self) -> None:
        software_parity = await self._open_line()
        try:
            if self.protocol == "iec":
                self._iec = IecSession(
                    self.line,
                    self.meter_password,
                    working_baud=self.baud,
                    timeout=self.timeout,
                    software_parity=software_parity,
                    clock=self._clock,
                    sleep=self._sleep,
                )
                await self._iec.open()
            else:
                self._dlms = DlmsAssociation(
                    self.line, password=self.meter_password, client=self.dlms_client, timeout=self.timeout
                )
                await self._dlms.open()
        except BaseException:
            await self._end_line()
            raise

    async def _open_line(self) -> bool:
        """Open the port; for IEC at 7E1 (the port's or a converter's parity), or at 8N1 with the
        parity bit computed here (see PARITY_MODES). Returns True for software parity."""
        initial = 9600 if self.protocol == "iec" else self.baud
        url = "://" in self.line.port  # socket://, rfc2217://: a converter at the far end
        if self.protocol == "spodes" or self.parity == "software" or (self.parity == "auto" and url):
            await self.line.reconfigure(baudrate=initial, bytesize=8, parity="N")
            await self.line.open()
            return self.protocol == "iec"
        # rfc2217:// passes 7E1 on to the converter; socket:// ignores it: the converter is set up for 7E1
        await self.line.reconfigure(baudrate=initial, bytesize=7, parity="E")
        try:
            await self.line.open()
            await self.line.reconfigure(baudrate=initial)  # some drivers accept 7E1 at open, refuse it here
            return False
        except Exception as error:  # termios/pyserial refuse: this port cannot do 7E1 in hardware
            await self.line.close()
            if self.parity == "hardware":
                reason = os_error_reason(error)
                raise LinkClosed(
                    Text(
                        f"Порт {self.line.port} не поддерживает 7E1 (7 бит данных, чётность): {reason.ru}; "
                        "выберите программный контроль чётности",
                        f"Port {self.line.port} cannot do 7E1 (7 data bits, even parity): {reason.en}; choose "
                        "software parity",
                    )
                ) from error
        await self.line.reconfigure(bytesize=8, parity="N")
        await self.line.open()  # 7E1 has the same bits on the wire as 8N1 with a computed parity bit
        return True

    async def _close(self) -> None:
        try:
            async with self._lock:
                if self._iec is not None:
                    await self._iec.close()
                elif self._dlms is not None:
                    try:
                        await self._dlms.close()
                    except LinkError:
                        pass  # the meter ends the association itself after its inactivity timeout
        finally:
            await self._end_line()

    async def _end_line(self) -> None:
        self._iec = self._dlms = None
        await self.line.close()
        self.sessions.mark_ended(self.line.port)

    async def _write(self, data: bytes) -> None:
        async with self._lock:
            if self._iec is not None:
                for chunk in forwarding.chunks(data):
                    self._feed(await self._guard(self._iec.exchange(chunk)))
            elif self._dlms is not None:
                await self._guard(self._dlms.write_octets(self.logical_name, data))
                self._feed(await self._guard(self._dlms.read_octets(self.logical_name)))

    async def receive_frame(self, decode: Decoder[T], *, timeout: float) -> T:
        """Wait for a module frame, collecting the module's late answer from the meter meanwhile."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            try:
                return await super().receive_frame(decode, timeout=max(0.0, min(POLL_INTERVAL, remaining)))
            except LinkTimeout:
                if loop.time() >= deadline:
                    seconds = round(timeout, 2)
                    raise LinkTimeout(
                        Text(
                            f"Модуль не ответил за {seconds:g} с через счётчик ({self.description})",
                            f"The module did not answer within {seconds:g} s through the meter ({self.description})",
                        )
                    ) from None
            await self._poll()

    async def _poll(self) -> None:
        async with self._lock:
            if self._iec is not None:
                self._feed(await self._guard(self._iec.exchange(b"")))
            elif self._dlms is not None:
                self._feed(await self._guard(self._dlms.read_octets(self.logical_name)))

    async def _guard(self, step: Awaitable[T]) -> T:
        """Line failures also fail this link, so every later call reports them."""
        try:
            return await step
        except LinkError as error:
            if not isinstance(error, LinkTimeout):
                self._feed_failure(error)
            raise
