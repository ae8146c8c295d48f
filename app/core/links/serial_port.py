"""Serial link (real COM/tty ports, USB virtual COM, pty pairs, ``socket://`` URLs); built by
app.core.links.open_link from a SerialChannel or a ``serial://`` / ``socket://`` URL.

Reads run in a dedicated thread: Windows' proactor event loop (qasync) has no ``add_reader``,
and a blocking ``read`` must never stall the GUI. Received bytes are handed to the event loop
with ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import socket
import threading

import serial

from app.core.links.base import Link
from app.core.links.failures import port_failure
from protocols.text import Text

PARITIES = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}


# How long the reader thread blocks in one read; closing wakes it earlier (cancel_read).
READ_POLL = 0.05


def _read_socket(sock: socket.socket) -> bytes:
    ready, _, _ = select.select([sock], [], [], READ_POLL)
    if not ready:
        return b""
    data = sock.recv(65536)
    if not data:
        raise serial.SerialException("socket disconnected")
    return data


def _close_port(port: serial.SerialBase, sock: socket.socket | None) -> None:
    if sock is None:
        port.close()
        return
    # pyserial's socket:// close sleeps 0.3 s afterwards, "in case of quick reconnects": on the event
    # loop's thread that would stall the window; close the socket and mark the port closed instead.
    sock.close()
    port._socket = None  # type: ignore[attr-defined]
    port.is_open = False


class SerialLink(Link):
    def __init__(
        self, port: str, baudrate: int = 9600, *, bytesize: int = 8, parity: str = "N", stopbits: int = 1
    ) -> None:
        super().__init__()
        self.port = port
        self.baudrate, self.bytesize, self.parity, self.stopbits = baudrate, bytesize, parity, stopbits
        self._serial: serial.Serial | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._update_description()

    def _update_description(self) -> None:
        self.description = f"{self.port} {self.baudrate} {self.bytesize}{self.parity}{self.stopbits}"

    async def _open(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            self._serial = await loop.run_in_executor(None, self._open_port)
        except (serial.SerialException, OSError, ValueError) as error:
            raise port_failure(self.port, error) from error
        self._stop.clear()
        self._thread = threading.Thread(target=self._read_loop, args=(loop, self._serial), daemon=True)
        self._thread.start()

    def _open_port(self) -> serial.Serial:
        port = serial.serial_for_url(self.port, do_not_open=True, timeout=READ_POLL, write_timeout=10)
        port.baudrate, port.bytesize = self.baudrate, self.bytesize
        port.parity, port.stopbits = PARITIES[self.parity], self.stopbits
        port.open()
        return port

    async def reconfigure(
        self, *, baudrate: int | None = None, bytesize: int | None = None, parity: str | None = None
    ) -> None:
        """Change speed or framing on an open port (IEC 62056-21 switches speed mid-session)."""
        self.baudrate = baudrate or self.baudrate
        self.bytesize = bytesize or self.bytesize
        self.parity = parity or self.parity
        self._update_description()
        if self._serial is not None:
            self._serial.baudrate, self._serial.bytesize = self.baudrate, self.bytesize
            self._serial.parity = PARITIES[self.parity]
            self._note(Text(f"Параметры порта изменены: {self.description}",
                            f"Port settings changed: {self.description}"))

    def _read_loop(self, loop: asyncio.AbstractEventLoop, port: serial.Serial) -> None:
        # pyserial's socket:// handler reports at most one waiting byte; read its socket in chunks.
        sock = getattr(port, "_socket", None)
        while not self._stop.is_set():
            try:
                data = _read_socket(sock) if sock is not None else port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError, TypeError, AttributeError) as error:
                if not self._stop.is_set():
                    loop.call_soon_threadsafe(self._feed_failure, self._lost(error))
                return
            if data:
                loop.call_soon_threadsafe(self._feed, data)

    async def _close(self) -> None:
        self._stop.set()
        port, self._serial = self._serial, None
        sock = getattr(port, "_socket", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the reader's select; the descriptor stays valid
        elif port is not None and hasattr(port, "cancel_read"):
            port.cancel_read()  # wake the reader now instead of after its read timeout
        thread, self._thread = self._thread, None
        # The port is closed only once the reader has left it: a descriptor closed under a read may be
        # reused by the next port opened, and the old reader would take that port's bytes.
        while thread is not None and thread.is_alive():
            await asyncio.get_running_loop().run_in_executor(None, thread.join, 1.0)
        if port is not None:
            _close_port(port, sock)

    async def _write(self, data: bytes) -> None:
        port = self._serial
        if port is None:
            raise self._lost()
        try:
            await asyncio.get_running_loop().run_in_executor(None, port.write, data)
        except (serial.SerialException, OSError) as error:
            raise self._lost(error) from error
