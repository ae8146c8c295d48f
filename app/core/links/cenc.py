"""Links through a CENC server to a module in "Client CENC" mode (docs/protocols/cenc.md).

``CencLink`` logs in on the upper-level port with user and password, chooses the device by
serial number or system address, then carries the module's frames (opaque bytes) in DAC packets.
``CencDirectLink`` connects to the device's direct-access (transparent) port instead: plain bytes,
no login. Both report the server's documented error codes as typed, bilingual errors.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TypeVar
from urllib.parse import SplitResult, parse_qs, unquote

from app.core.links.base import Link
from app.core.links.tcp import TcpLink, connect
from protocols import cenc
from protocols.cenc import Ack, Data, DeviceInfo, Login, Nak, Packet, PacketError, PacketStream, Ping, SelectDevice
from protocols.errors import ConfiguratorError, LinkClosed, LinkError, LinkTimeout, ProtocolError
from protocols.text import Text

P = TypeVar("P", bound=Packet)

#: A server may hold its answer to a wrong login for a while (ours holds it up to 8 s): the login is
#: given at least this long, so a wrong password is reported as such, not as a silent server.
LOGIN_WAIT = 12.0

#: NAK codes after which the session no longer has its device (every later read fails the same way).
_SESSION_ENDING = frozenset({cenc.CHANNEL_BUSY, cenc.DEVICE_OFFLINE, cenc.IDENTIFY_FIRST})


class CencLink(Link):
    def __init__(
        self,
        host: str,
        port: int = cenc.UPPER_PORT,
        *,
        user: str,
        password: str,
        device_serial: str | None = None,
        device_address: str | None = None,
        connect_timeout: float = 10.0,
        reply_timeout: float = 10.0,
        keepalive: float = 30.0,
        login_timeout: float | None = None,
    ) -> None:
        super().__init__()
        device_serial = (device_serial or "").strip() or None  # an empty field means "not chosen by this"
        device_address = (device_address or "").strip() or None
        if (device_serial is None) == (device_address is None):
            raise LinkError(
                Text(
                    "Укажите прибор: серийный номер или системный адрес (одно из двух)",
                    "Choose the device by serial number or by system address (one of the two)",
                )
            )
        if device_address is not None:
            try:
                cenc.parse_address(device_address)
            except ProtocolError as error:
                raise LinkError(error.text) from error
            self._select = SelectDevice(cenc.Selector.ADDRESS, device_address)
        else:
            assert device_serial is not None
            self._select = SelectDevice(cenc.Selector.SERIAL, device_serial)
        self.host, self.port, self.user, self._password = host, port, user, password
        self.connect_timeout, self.reply_timeout, self.keepalive = connect_timeout, reply_timeout, keepalive
        self.login_timeout = max(reply_timeout, LOGIN_WAIT) if login_timeout is None else login_timeout
        self.description = f"CENC {host}:{port} {self._select.value}"
        self.device: DeviceInfo | None = None  # what the server told about the chosen device
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._stream = PacketStream()
        self._leftover: list[Packet | PacketError] = []  # arrived with the reply to the device choice
        self._tasks: list[asyncio.Task[None]] = []
        self._pending_error: ConfiguratorError | None = None  # one-shot: a refused request
        self._last_tx = 0.0

    # -- open: connect, log in, choose the device ----------------------------------------------
    async def _open(self) -> None:
        self.device, self._pending_error, self._stream, self._leftover = None, None, PacketStream(), []
        self._reader, self._writer = await connect(
            self.host, self.port, self.connect_timeout, Text("серверу CENC ", "the CENC server ")
        )
        try:
            self._note(Text(f"CENC: вход как {self.user}", f"CENC: logging in as {self.user}"))
            await self._exchange(Login(self.user, self._password), Ack, self.login_timeout)
            self.device = await self._exchange(self._select, DeviceInfo)
            info = self.device
            self._note(Text(f"CENC: прибор {info.serial} {info.address}, прямой порт {info.direct_port}",
                            f"CENC: device {info.serial} {info.address}, direct port {info.direct_port}"))
        except BaseException:
            await self._close()
            raise
        self._tasks = [asyncio.create_task(self._pump()), asyncio.create_task(self._keep_alive())]

    async def _exchange(self, request: Packet, expected: type[P], timeout: float | None = None) -> P:
        assert self._reader is not None
        self._send_packet(request)
        loop = asyncio.get_running_loop()
        wait = self.reply_timeout if timeout is None else timeout
        deadline = loop.time() + wait
        while True:
            remaining = deadline - loop.time()
            try:
                if remaining <= 0:
                    raise TimeoutError
                async with asyncio.timeout(remaining):  # not wait_for: it may swallow cancellation (3.11)
                    data = await self._reader.read(65536)
            except TimeoutError as error:
                raise LinkTimeout(
                    Text(
                        f"Сервер CENC не ответил за {wait:g} с ({self.description})",
                        f"The CENC server did not answer within {wait:g} s ({self.description})",
                    )
                ) from error
            except OSError as error:
                raise self._lost(error) from error
            if not data:
                raise LinkClosed(
                    Text(
                        f"Сервер CENC закрыл соединение ({self.description})",
                        f"The CENC server closed the connection ({self.description})",
                    )
                )
            items = self._stream.feed(data)
            for index, item in enumerate(items):
                if isinstance(item, expected):
                    self._leftover = items[index + 1 :]
                    return item
                if isinstance(item, Nak):
                    raise cenc.refusal(item.error, item.detail)
                if isinstance(item, Ping):
                    self._send_packet(Ack())

    # -- running session ---------------------------------------------------------------------
    async def _pump(self) -> None:
        assert self._reader is not None
        try:
            for item in self._leftover:
                self._on_packet(item)
            self._leftover = []
            while data := await self._reader.read(65536):
                for item in self._stream.feed(data):
                    self._on_packet(item)
            self._feed_failure(self._lost())
        except OSError as error:
            self._feed_failure(self._lost(error))

    def _on_packet(self, item: Packet | PacketError) -> None:
        if isinstance(item, Data):
            self._feed(item.payload)
        elif isinstance(item, Nak):
            error = cenc.refusal(item.error, item.detail)
            if item.error in _SESSION_ENDING and isinstance(error, LinkError):
                self._feed_failure(error)
            else:
                self._pending_error = error
                self._data.set()
        elif isinstance(item, Ping):
            self._send_packet(Ack())
        elif isinstance(item, PacketError):
            self._note(Text(f"CENC: {item.text.ru}", f"CENC: {item.text.en}"))

    def _check_usable(self) -> None:
        if self._pending_error is not None and not self._buffer:
            error, self._pending_error = self._pending_error, None
            raise error
        super()._check_usable()

    async def _keep_alive(self) -> None:
        """The server drops an upper-level connection silent for 120 s: ping while idle."""
        loop = asyncio.get_running_loop()
        while self._failure is None:  # nothing to keep once the connection is lost
            await asyncio.sleep(max(0.05, self._last_tx + self.keepalive - loop.time()))
            if self._failure is None and loop.time() - self._last_tx >= self.keepalive:
                self._send_packet(Ping())

    def _send_packet(self, packet: Packet) -> None:
        assert self._writer is not None
        self._writer.write(cenc.encode(packet))
        self._last_tx = asyncio.get_running_loop().time()

    async def _write(self, data: bytes) -> None:
        if self._writer is None:
            raise self._lost()
        for packet in cenc.data_packets(data):
            self._send_packet(packet)
        await self._writer.drain()

    async def _close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(Exception):
                await self._writer.wait_closed()
        self._reader = self._writer = None


class CencDirectLink(TcpLink):
    """The device's direct-access (transparent) port: the module's bytes, nothing else.

    A refusing server writes one NAK packet and closes (ours, see the spec); that shows up as
    the mapped CencRefused on the first send or receive after open.
    """

    def __init__(self, host: str, port: int, *, connect_timeout: float = 10.0) -> None:
        super().__init__(host, port, connect_timeout=connect_timeout)
        self.description = f"CENC direct {host}:{port}"

    async def _pump(self, reader: asyncio.StreamReader) -> None:
        held: Nak | None = None
        held_bytes = b""
        first = True
        try:
            while data := await reader.read(65536):
                if first:
                    first = False
                    held = _lone_nak(data)
                    if held is not None:
                        held_bytes = data
                        continue
                if held_bytes:
                    self._feed(held_bytes)
                    held, held_bytes = None, b""
                self._feed(data)
        except OSError as error:
            # A reset right after the refusal (our request crossed the server's close) keeps the NAK's word.
            self._feed_failure(self._lost(error) if held is None else self._refused(held))
            return
        self._feed_failure(self._lost() if held is None else self._refused(held))

    def _refused(self, nak: Nak) -> LinkError:
        error = cenc.refusal(nak.error, nak.detail)
        return error if isinstance(error, LinkError) else self._lost(error)


def _lone_nak(data: bytes) -> Nak | None:
    try:
        consumed, packet = cenc.decode(data)
    except ProtocolError:
        return None
    return packet if isinstance(packet, Nak) and consumed == len(data) else None


def link_from_url(parsed: SplitResult) -> Link:
    """``cenc://user:password@host:22002?serial=…|address=0.0.0.94`` or ``cenc-direct://host:7501``."""
    if not parsed.hostname:
        raise LinkError(
            Text(f"В адресе CENC нет сервера: {parsed.geturl()}", f"CENC URL lacks the server: {parsed.geturl()}")
        )
    if parsed.scheme == "cenc-direct":
        if not parsed.port:
            raise LinkError(
                Text(
                    f"Укажите порт прямого доступа: {parsed.geturl()}",
                    f"The direct-access port is missing: {parsed.geturl()}",
                )
            )
        return CencDirectLink(parsed.hostname, parsed.port)
    if parsed.scheme != "cenc":
        raise LinkError(Text(f"Неизвестный тип канала: {parsed.scheme}", f"Unknown link kind: {parsed.scheme}"))
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    return CencLink(
        parsed.hostname,
        parsed.port or cenc.UPPER_PORT,
        user=unquote(parsed.username or ""),
        password=unquote(parsed.password or ""),
        device_serial=query.get("serial"),
        device_address=query.get("address"),
    )
