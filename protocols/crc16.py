"""CRC-16 of a whole buffer, and of any window of it in constant time.

Our framed protocols resynchronise byte by byte: when a frame fails its CRC, the next start
mark inside it may begin the real frame. Checking every such candidate afresh costs the
candidate's length each time, so a stream of plausible headers with long lengths would cost
length × bytes. :class:`Windows` keeps the CRC register after every byte of the buffer (one
pass) and gets the CRC of any window from two of them, because a CRC register is linear::

    register after window W, started from I  =  P[end] ^ Z^len(W) (P[start] ^ I)

where ``P[i]`` is the register after the first ``i`` bytes (started from anything) and ``Z^n``
is the effect of ``n`` zero bytes — applied with byte-sliced tables, four look-ups whatever ``n``.

    MODBUS        CRC-16/MODBUS        (module frames)
    CCITT_FALSE   CRC-16/CCITT-FALSE   (CENC packets, UTMC frames; binascii.crc_hqx)
    X25           CRC-16/IBM-SDLC      (HDLC frames of the СПОДЭС direct channel)
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from functools import cached_property

_LOW_STEPS = 64  # Z^n = Z^(64·high) ∘ Z^low with low < 64


class Crc16:
    def __init__(
        self, poly: int, *, reflected: bool, init: int = 0xFFFF, xorout: int = 0, max_window: int = 16384,
        fast: Callable[[bytes], int] | None = None,
    ) -> None:
        self.poly, self.reflected, self.init, self.xorout = poly, reflected, init, xorout
        self.max_window = max_window
        self.table = _table(poly, reflected)
        self._fast = fast

    def __call__(self, data: bytes) -> int:
        if self._fast is not None:
            return self._fast(data)
        return self.advance(self.init, data) ^ self.xorout

    def advance(self, register: int, data: bytes) -> int:
        """The register after ``data`` (no final XOR)."""
        table = self.table
        if self.reflected:
            for byte in data:
                register = (register >> 8) ^ table[(register ^ byte) & 0xFF]
        else:
            for byte in data:
                register = ((register << 8) & 0xFFFF) ^ table[(register >> 8) ^ byte]
        return register

    def windows(self, data: bytes) -> Windows:
        return Windows(self, data)

    def zeros(self, count: int, register: int) -> int:
        """Z^count(register): the register after ``count`` zero bytes."""
        low, high = self._powers
        if count >= len(high) * _LOW_STEPS:
            raise ValueError(f"window of {count} bytes exceeds {self.max_window}")
        lo_table, hi_table = low[count % _LOW_STEPS]
        register = lo_table[register & 0xFF] ^ hi_table[register >> 8]
        lo_table, hi_table = high[count // _LOW_STEPS]
        return lo_table[register & 0xFF] ^ hi_table[register >> 8]

    @cached_property
    def _powers(self) -> tuple[list[tuple[list[int], list[int]]], list[tuple[list[int], list[int]]]]:
        """Byte-sliced tables of Z^k (k < 64) and Z^(64·k) (64·k ≤ max_window), built on first use."""

        def zero(register: int) -> int:
            return self.advance(register, b"\x00")

        identity = (list(range(256)), [value << 8 for value in range(256)])
        low = [identity]
        for _ in range(1, _LOW_STEPS + 1):
            lo_table, hi_table = low[-1]
            low.append(([zero(value) for value in lo_table], [zero(value) for value in hi_table]))
        step = low.pop()  # Z^64

        def apply(tables: tuple[list[int], list[int]], register: int) -> int:
            return tables[0][register & 0xFF] ^ tables[1][register >> 8]

        high = [identity]
        for _ in range(self.max_window // _LOW_STEPS + 1):
            lo_table, hi_table = high[-1]
            high.append(([apply(step, value) for value in lo_table], [apply(step, value) for value in hi_table]))
        return low, high


class Windows:
    """CRCs of windows of one buffer; the registers are computed once, on the first question."""

    def __init__(self, crc: Crc16, data: bytes) -> None:
        self.crc, self.data = crc, data
        self._registers: list[int] = []
        self._low, self._high = crc._powers

    def __call__(self, start: int, end: int) -> int:
        """The CRC of ``data[start:end]``, as ``crc(data[start:end])`` gives it."""
        registers = self._registers or self._compute()
        count = end - start
        lo_table, hi_table = self._low[count % _LOW_STEPS]
        register = registers[start] ^ self.crc.init
        register = lo_table[register & 0xFF] ^ hi_table[register >> 8]
        lo_table, hi_table = self._high[count // _LOW_STEPS]
        return registers[end] ^ lo_table[register & 0xFF] ^ hi_table[register >> 8] ^ self.crc.xorout

    def _compute(self) -> list[int]:
        register, table = 0, self.crc.table
        registers = self._registers = [register]
        if self.crc.reflected:
            for byte in self.data:
                register = (register >> 8) ^ table[(register ^ byte) & 0xFF]
                registers.append(register)
        else:
            for byte in self.data:
                register = ((register << 8) & 0xFFFF) ^ table[(register >> 8) ^ byte]
                registers.append(register)
        return registers


def _table(poly: int, reflected: bool) -> tuple[int, ...]:
    table = []
    if reflected:
        rpoly = int(f"{poly:016b}"[::-1], 2)
        for byte in range(256):
            crc = byte
            for _ in range(8):
                crc = (crc >> 1) ^ rpoly if crc & 1 else crc >> 1
            table.append(crc)
    else:
        for byte in range(256):
            crc = byte << 8
            for _ in range(8):
                crc = ((crc << 1) ^ poly if crc & 0x8000 else crc << 1) & 0xFFFF
            table.append(crc)
    return tuple(table)


MODBUS = Crc16(0x8005, reflected=True)
CCITT_FALSE = Crc16(0x1021, reflected=False, fast=lambda data: binascii.crc_hqx(data, 0xFFFF))
X25 = Crc16(0x1021, reflected=True, xorout=0xFFFF)

__all__ = ["CCITT_FALSE", "MODBUS", "X25", "Crc16", "Windows"]
