"""Serial link (real COM/tty ports, USB virtual COM, pty pairs, ``socket://`` URLs).

Reads run in a dedicated thread: Windows' proactor event loop (qasync) has no ``add_reader``,
and a blocking ``read`` must never stall the GUI. Received bytes are handed to the event loop
with ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import select
import socket
import threading
from dataclasses import dataclass

import serial
from serial.tools import list_ports

from app.core.links.base import Link
from app.core.links.failures import port_failure
from protocols.text import Text

PARITIES = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}


@dataclass(frozen=True)
class PortInfo:
    device: str
    description: str

    @property
    def label(self) -> str:
        """As Windows' Device Manager shows it: "USB-SERIAL CH340 (COM7)" (pyserial's description on
        Windows already ends with the port; elsewhere it is added), or the bare device."""
        if not self.description:
            return self.device
        return self.description if self.device in self.description else f"{self.description} ({self.device})"

    def __str__(self) -> str:
        return self.label


def list_serial_ports() -> list[PortInfo]:
    """COM ports present now, with the driver's description (e.g. "USB-SERIAL CH340 (COM7)")."""
    ports = [
        PortInfo(p.device, p.description if p.description and p.description != "n/a" else "")
        for p in list_ports.comports()
    ]
    return sorted(ports, key=lambda p: p.device)


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
        if port is not None and hasattr(port, "cancel_read"):
            port.cancel_read()  # wake the reader now instead of after its read timeout
        if self._thread is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._thread.join, 1.0)
            self._thread = None
        if port is not None:
            port.close()

    async def _write(self, data: bytes) -> None:
        port = self._serial
        if port is None:
            raise self._lost()
        try:
            await asyncio.get_running_loop().run_in_executor(None, port.write, data)
        except (serial.SerialException, OSError) as error:
            raise self._lost(error) from error
