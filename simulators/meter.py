"""A virtual Energomera meter with a communication module behind it (the direct channel).

The meter answers on its optical/RS-485 port either in IEC 62056-21 mode C (7E1, initial speed
9600, identification ``/EKT…``, programming mode after P1 with the access password, speed switch
when the reader asks for it) or in СПОДЭС (DLMS/HDLC through gurux-dlms: client 48 with HLS,
client 32 with LLS). Our module frames pass through it as docs/protocols/direct-channel.md
specifies, to any object with ``process(bytes) -> bytes`` (the virtual module).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Protocol, cast

from protocols.byte_stream import ByteStream
from protocols.errors import ProtocolError
from protocols.meter import direct_forwarding as forwarding
from protocols.meter import iec62056_21 as iec
from simulators.meter_dlms import MeterDlmsServer
from simulators.transport import Endpoint

# bytes a converter with 7E1 in hardware delivers: 7 data bits; anything above is a broken character
_SEVEN_BITS = bytes(b if b < 0x80 else iec.PARITY_ERROR for b in range(256))

DEFAULT_IEC_PASSWORD = "777777"
DEFAULT_SPODES_PASSWORD = "1234567812345678"  # 16 characters: the HLS secret (ceHes guide, Figure 39)


class ModuleBehindMeter(Protocol):
    def process(self, data: bytes) -> bytes: ...


class VirtualMeter:
    def __init__(
        self,
        module: ModuleBehindMeter,
        *,
        protocol: str = "iec",
        password: str | None = None,
        ident: str = "CE308v11",
        manufacturer: str = "EKT",
        max_baud_char: str = "5",
        serial: str = "012345678901234",
        module_port: int = 1,
        reply_delay: float | None = None,
        half_duplex: bool = True,
        inactivity_timeout: float = 60.0,
        refuse_forwarding: str | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if protocol not in ("iec", "spodes"):
            raise ValueError(f"protocol must be iec or spodes, not {protocol!r}")
        self.module, self.protocol = module, protocol
        self.password = password or (DEFAULT_IEC_PASSWORD if protocol == "iec" else DEFAULT_SPODES_PASSWORD)
        self.identification = iec.Identification(manufacturer, max_baud_char, ident)
        self.serial, self.module_port = serial, module_port
        # IEC 62056-21: the meter answers no sooner than its reaction time (200 ms, or 20 ms when the
        # third letter of the maker's code is lower case), and, on a half-duplex line, does not hear
        # what the reader sends sooner than that after the meter's own message: those bytes are lost.
        minimum = self.identification.reaction_time if protocol == "iec" else 0.0
        if reply_delay is None:
            reply_delay = minimum if protocol == "iec" else iec.FAST_REACTION_TIME
        if reply_delay < minimum:
            raise ValueError(f"IEC 62056-21 reaction time of /{manufacturer}… is at least {minimum * 1000:.0f} ms")
        self.reply_delay = reply_delay
        self.listen_after = minimum if half_duplex else 0.0
        self.too_soon = 0  # reader messages lost because they came within listen_after of our answer
        self.forms_seen: set[str] = set()  # "parity bits" and/or "7 data bits": how 7E1 reached us
        self.sleep = sleep  # injectable: tests of the timing need not wait
        self.inactivity_timeout = inactivity_timeout  # the meter's "interface activity time"
        self.refuse_forwarding = refuse_forwarding  # e.g. "ERR03": answer every exchange with this error
        self.sessions = 0  # sessions that reached programming mode / association
        self.forwarded = 0  # module bytes passed to the module

    def _forward(self, data: bytes) -> bytes:
        self.forwarded += len(data)
        return self.module.process(data)  # with no data: collect what the module sent since

    async def serve(self, endpoint: Endpoint) -> None:
        """A simulators.transport handler: one connection (a pty session or a TCP client)."""
        if self.protocol == "iec":
            await _IecPort(self, endpoint).run()
        else:
            await self._serve_dlms(endpoint)

    async def _serve_dlms(self, endpoint: Endpoint) -> None:
        server = MeterDlmsServer(self._forward, password=self.password, module_port=self.module_port)
        associated = False
        while True:
            try:
                data = await asyncio.wait_for(endpoint.read(), self.inactivity_timeout)
            except TimeoutError:
                server = MeterDlmsServer(self._forward, password=self.password, module_port=self.module_port)
                continue
            if not data:
                return
            reply = server.handle(data)
            if server.associated and not associated:
                self.sessions += 1
            associated = server.associated
            if reply:
                await self.sleep(self.reply_delay)
                await endpoint.write(reply)


class _IecPort:
    """One connection's IEC 62056-21 state: idle → identified → awaiting password → programming."""

    def __init__(self, meter: VirtualMeter, endpoint: Endpoint) -> None:
        self.meter, self.endpoint = meter, endpoint
        self.initial_baud = endpoint.baud  # None when the transport is not paced
        self.state = "idle"
        self.received = ByteStream()
        self.last_reply = b""
        # 7E1 arrives in either form: 8-bit bytes whose top bit is the parity bit (a pty, or a
        # converter passing the bits through), or the 7 data bits alone (a TCP-to-serial converter
        # doing 7E1 in hardware). The sign-on tells which: '/' is 0xAF with its parity bit.
        self.parity_bits = True

    async def run(self) -> None:
        while True:
            try:
                timeout = self.meter.inactivity_timeout if self.state != "idle" else None
                data = await asyncio.wait_for(self.endpoint.read(), timeout)
            except TimeoutError:
                self._end_session()
                continue
            if not data:
                return
            sent_at, listen_after = self.endpoint.sent_at, self.meter.listen_after
            if sent_at is not None and self.endpoint.arrived_at - sent_at < listen_after and self.state != "idle":
                self.meter.too_soon += 1  # the line had not turned round: these bytes never reached us
                continue
            if self.state == "idle" and (b"\xaf" in data or b"/" in data):
                self.parity_bits = b"\xaf" in data
            self.meter.forms_seen.add("parity bits" if self.parity_bits else "7 data bits")
            self.received.feed(iec.strip_even_parity(data) if self.parity_bits else data.translate(_SEVEN_BITS))
            await self._handle_buffer()

    async def _handle_buffer(self) -> None:
        while True:
            try:
                request = cast("iec.Request | None", self.received.next(iec.decode_request))
            except ProtocolError:
                self.received.clear()
                if self.state == "programming":
                    await self._reply(bytes([iec.NAK]), remember=False)
                continue
            if request is None:
                return
            await self._dispatch(request)

    async def _dispatch(self, request: iec.Request) -> None:
        meter = self.meter
        if isinstance(request, iec.SignOn):
            self._end_session()
            self.state = "identified"
            await self._reply(iec.encode_identification(meter.identification))
        elif isinstance(request, iec.OptionSelect) and self.state == "identified":
            if request.mode != "1" or request.baud_char not in iec.BAUD_BY_CHAR:
                self._end_session()  # only programming mode is offered on this port
                return
            if self.initial_baud:
                self.endpoint.baud = min(iec.BAUD_BY_CHAR[request.baud_char], meter.identification.baudrate)
            self.state = "password"
            await self._reply(iec.encode_command(iec.Command("P", "0", f"({meter.serial})".encode())))
        elif isinstance(request, iec.Command) and request.name == "P1" and self.state == "password":
            sets = _data_sets(request.data)
            if len(sets) == 1 and sets[0].value == meter.password:
                self.state = "programming"
                meter.sessions += 1
                await self._reply(bytes([iec.ACK]))
            else:
                await self._reply(bytes([iec.NAK]))
        elif isinstance(request, iec.Command) and request.name == "B0":
            self._end_session()
        elif isinstance(request, iec.Nak) and self.last_reply and self.state != "idle":
            await self._reply(self.last_reply)
        elif isinstance(request, iec.Command) and self.state == "programming":
            await self._command(request)

    async def _command(self, request: iec.Command) -> None:
        try:
            seq, data = forwarding.parse_iec_request(request)
        except ProtocolError:
            await self._reply(iec.encode_data_message(iec.DataMessage(b"(ERR02)")))  # unknown address/command
            return
        if self.meter.refuse_forwarding:  # a meter that does not pass data to its module
            await self._reply(iec.encode_data_message(iec.DataMessage(f"({self.meter.refuse_forwarding})".encode())))
            return
        answer = self.meter._forward(data)
        await self._reply(iec.encode_data_message(forwarding.iec_reply(seq, answer)))

    async def _reply(self, data: bytes, *, remember: bool = True) -> None:
        await self.meter.sleep(self.meter.reply_delay)
        if remember:
            self.last_reply = data
        await self.endpoint.write(iec.add_even_parity(data) if self.parity_bits else data)

    def _end_session(self) -> None:
        self.state, self.last_reply = "idle", b""
        if self.initial_baud:
            self.endpoint.baud = self.initial_baud


def _data_sets(data: bytes) -> list[iec.DataSet]:
    with contextlib.suppress(ProtocolError):
        return iec.parse_data_sets(data)
    return []
