"""Where the next HDLC frame lies in a byte stream (СПОДЭС direct channel, IEC 62056-46).

gurux-dlms parses every HDLC frame and APDU; it does not drop line noise (it rescans the whole
buffer on every call and recurses once per flag byte). This module only cuts the stream: a frame
is ``7E | format (type 0xA, S, 11-bit length) | … | FCS | 7E`` with a good CRC-16/IBM-SDLC FCS;
anything else before it is noise. Linear in the bytes examined (crc16.Windows for candidates
inside a frame that failed its FCS).
"""

from __future__ import annotations

import re

from protocols import crc16

FLAG = 0x7E
FRAME_TYPE = 0xA  # frame format type 3 (the high nibble of the format field)
MIN_LENGTH = 7  # format (2) + destination (≥1) + source (≥1) + control (1) + FCS (2)
_CANDIDATE = re.compile(rb"\x7e[\xa0-\xaf]")  # a flag and a type-3 format field: found in C


def next_frame(buffer: bytes) -> tuple[int, int | None]:
    """``(start, end)`` of the first whole frame with a good FCS, flags included; ``(start, None)``
    when what starts at ``start`` may still become one (bytes before ``start`` are noise)."""
    size, position = len(buffer), 0
    windows: crc16.Windows | None = None
    while True:
        found = _CANDIDATE.search(buffer, position)
        start = found.start() if found is not None else -1
        if start < 0:
            return (size - 1 if size > position and buffer[-1] == FLAG else size), None
        if size - start < 3:
            return start, None
        length = (buffer[start + 1] & 0x07) << 8 | buffer[start + 2]
        end = start + length + 2
        if buffer[start + 1] >> 4 != FRAME_TYPE or length < MIN_LENGTH:
            position = start + 1  # a closing flag, a doubled flag or noise
            continue
        if size < end:
            return start, None
        if buffer[end - 1] == FLAG:
            received = buffer[end - 3] | buffer[end - 2] << 8
            if windows is None:
                computed = crc16.X25(buffer[start + 1 : end - 3])
            else:
                computed = windows(start + 1, end - 3)
            if computed == received:
                return start, end
            windows = windows or crc16.X25.windows(buffer)
        position = start + 1


__all__ = ["FLAG", "next_frame"]
