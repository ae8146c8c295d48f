"""The serial ports present on this PC, named as Windows' Device Manager names them."""

from __future__ import annotations

from dataclasses import dataclass

from serial.tools import list_ports


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
