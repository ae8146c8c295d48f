"""An IEC 62056-21 mode C programming session with a meter, and our exchanges inside it."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.core.links.base import Decoder
from app.core.links.dlms_client import password_refused
from app.core.links.serial_port import SerialLink
from protocols.errors import LinkError, LinkTimeout, ProtocolError
from protocols.meter import direct_forwarding as forwarding
from protocols.meter import iec62056_21 as iec
from protocols.text import Text

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
IDENTIFICATION_TIMEOUT = 2.0  # the meter answers a sign-on within 1.5 s (tr ≤ 1500 ms)
SIGN_ON_ATTEMPTS = 2
REPEATS = 3  # a message is repeated (NAK or resend) up to three times, as the standard allows
SPEED_SWITCH_MARGIN = 0.02  # after ACK 0 Z 1 the line changes speed; let the bytes leave first


def no_identification() -> LinkTimeout:
    return LinkTimeout(
        Text(
            "Счётчик не ответил на запрос идентификации. Проверьте подключение к оптопорту, что начальная "
            "скорость оптопорта счётчика 9600 бит/с, и что после последнего сеанса связи со счётчиком прошло "
            "не менее 30 с (GSM) / 60 с (NB-IoT).",
            "The meter did not answer the sign-on. Check the optical head, that the meter's optical port initial "
            "speed is 9600 bit/s, and that at least 30 s (GSM) / 60 s (NB-IoT) passed since the last session "
            "with the meter.",
        )
    )


class IecSession:
    def __init__(
        self,
        line: SerialLink,
        password: str,
        *,
        working_baud: int = 9600,
        timeout: float = 5.0,
        software_parity: bool = False,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.line, self.password, self.working_baud, self.timeout = line, password, working_baud, timeout
        self.software_parity = software_parity  # the port runs 8N1; the parity bit is computed here
        self.identification: iec.Identification | None = None
        self._seq = 0
        self._clock, self._sleep = clock, sleep  # injectable: tests check the waits without waiting
        self._last_received: float | None = None  # when the meter's last message arrived

    @property
    def turnaround(self) -> float:
        """How long after a meter message we wait before sending: its reaction time (200 ms until
        the identification says 20 ms)."""
        return self.identification.reaction_time if self.identification else iec.REACTION_TIME

    async def open(self) -> None:
        line = self.line
        await line.reconfigure(baudrate=iec.INITIAL_BAUD)
        ident = await self._identify()
        self.identification = ident
        speed = min(ident.baudrate, self.working_baud)
        baud_char = iec.CHAR_BY_BAUD.get(speed, "5")
        option = iec.encode_option_select(iec.OptionSelect(baud_char))
        await self._send(option)
        if iec.BAUD_BY_CHAR[baud_char] != iec.INITIAL_BAUD:
            await self._sleep(len(option) * 10 / iec.INITIAL_BAUD + SPEED_SWITCH_MARGIN)
            await line.reconfigure(baudrate=iec.BAUD_BY_CHAR[baud_char])
        prompt = await self._receive(iec.decode_reply)
        if not (isinstance(prompt, iec.Command) and prompt.name == "P0"):
            raise ProtocolError(
                Text("Счётчик не запросил пароль (нет P0)", "The meter did not ask for the password (no P0)")
            )
        await self._send(iec.encode_command(iec.password_command(self.password)))
        answer = await self._receive(iec.decode_reply)
        if isinstance(answer, iec.Ack):
            return
        if isinstance(answer, iec.Nak) or (isinstance(answer, iec.DataMessage) and answer.error):
            raise password_refused()
        raise ProtocolError(Text("Неожиданный ответ на пароль", "Unexpected answer to the password"))

    async def _identify(self) -> iec.Identification:
        for _attempt in range(SIGN_ON_ATTEMPTS):
            self.line.discard_input()
            await self._send(iec.encode_sign_on())
            try:
                return await self._receive_frame(iec.decode_identification, timeout=IDENTIFICATION_TIMEOUT)
            except (LinkTimeout, ProtocolError):
                await self._sleep(iec.REACTION_TIME)
        raise no_identification()

    async def _send(self, data: bytes) -> None:
        if self._last_received is not None:  # let the line turn round after the meter's message
            # by the clock, not by one sleep: Qt's coarse timers (qasync) may wake a few percent early
            while (wait := self.turnaround - (self._clock() - self._last_received)) > 1e-6:
                await self._sleep(wait)
        await self.line.send(iec.add_even_parity(data) if self.software_parity else data)

    async def _receive_frame(self, decode: Decoder[T], *, timeout: float) -> T:
        if self.software_parity:
            plain = decode

            def decode(buffer: bytes) -> tuple[int, T | None]:
                return plain(iec.strip_even_parity(buffer))

        try:
            frame = await self.line.receive_frame(decode, timeout=timeout)
        except ProtocolError:  # a garbled message is a message too: the meter has just sent
            self._last_received = self._clock()
            raise
        self._last_received = self._clock()
        return frame

    async def _receive(self, decode: Decoder[iec.Reply]) -> iec.Reply:
        try:
            return await self._receive_frame(decode, timeout=self.timeout)
        except LinkTimeout as error:
            raise LinkTimeout(
                Text(
                    f"Счётчик перестал отвечать ({error.text.ru})",
                    f"The meter stopped answering ({error.text.en})",
                )
            ) from error

    async def exchange(self, data: bytes) -> bytes:
        """One R1 GSMIO exchange: bytes to the module, its answer back. NAK asks for a repeat."""
        previous, self._seq = self._seq, (self._seq + 1) & 0xFF
        request = iec.encode_command(forwarding.iec_request(self._seq, data))
        send: bytes = request
        last_error: Exception | None = None
        for _attempt in range(REPEATS + 1):
            await self._send(send)
            try:
                reply = await self._receive_frame(iec.decode_reply, timeout=self.timeout)
            except ProtocolError as error:  # garbled on the line: ask for the message again
                last_error, send = error, bytes([iec.NAK])
                await self._sleep(iec.FAST_REACTION_TIME)  # let the rest of the garbled message arrive
                self.line.discard_input()
                continue
            except LinkTimeout as error:
                last_error, send = error, bytes([iec.NAK])
                continue
            if isinstance(reply, iec.Nak):
                send = request  # the meter did not understand us
                continue
            if not isinstance(reply, iec.DataMessage):
                last_error, send = ProtocolError(Text("Неожиданный ответ счётчика", "Unexpected meter answer")), request
                continue
            if reply.error:
                raise iec.MeterRefusal(reply.error)
            seq, payload = forwarding.parse_iec_reply(reply)
            if seq == self._seq:
                return payload
            if seq == previous:  # our request never arrived: the meter repeated its last answer
                send = request
                continue
            raise ProtocolError(Text("Ответ на чужой запрос", "Answer to another request"))
        if isinstance(last_error, LinkTimeout):
            raise LinkTimeout(
                Text(
                    "Счётчик перестал отвечать в сеансе прямого канала",
                    "The meter stopped answering in the direct channel session",
                )
            ) from last_error
        raise ProtocolError(
            Text(
                "Обмен со счётчиком искажён после повторов", "The exchange with the meter stayed garbled after repeats"
            )
        ) from last_error

    async def close(self) -> None:
        with contextlib.suppress(LinkError):  # a lost line has nothing left to break
            await self._send(iec.encode_command(iec.BREAK))
            await self._sleep(len(iec.encode_command(iec.BREAK)) * 10 / self.line.baudrate)
