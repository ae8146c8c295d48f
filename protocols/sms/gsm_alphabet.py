"""GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), septet packing.

A character of the extension table costs two septets: ESC (0x1B) and its code. Packing puts
septets into octets least significant bit first; ``fill_bits`` leaves room after a user data
header so the text starts on a septet boundary (TS 23.040 §9.2.3.24).
"""

from __future__ import annotations

from protocols.errors import ProtocolError
from protocols.text import Text

ESCAPE = 0x1B

# Index = septet value. 0x1B is the escape to the extension table (shown as a space if alone).
DEFAULT_ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
assert len(DEFAULT_ALPHABET) == 128

EXTENSION = {0x0A: "\f", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]",
             0x40: "|", 0x65: "€"}

_BASIC_CODE = {ch: code for code, ch in enumerate(DEFAULT_ALPHABET) if code != ESCAPE}
_EXTENSION_CODE = {ch: code for code, ch in EXTENSION.items()}


def char_septets(ch: str) -> tuple[int, ...] | None:
    """The septet(s) of one character, or None if the default alphabet lacks it."""
    code = _BASIC_CODE.get(ch)
    if code is not None:
        return (code,)
    code = _EXTENSION_CODE.get(ch)
    return (ESCAPE, code) if code is not None else None


def is_gsm7(text: str) -> bool:
    return all(char_septets(ch) is not None for ch in text)


def septet_length(text: str) -> int:
    """Septets ``text`` needs (extension characters count two); ValueError if not GSM 7-bit."""
    total = 0
    for ch in text:
        septets = char_septets(ch)
        if septets is None:
            raise ValueError(f"{ch!r} is not in the GSM 7-bit default alphabet")
        total += len(septets)
    return total


def encode_septets(text: str) -> list[int]:
    """Septet values of ``text``; ValueError if a character is not in the alphabet."""
    out: list[int] = []
    for ch in text:
        septets = char_septets(ch)
        if septets is None:
            raise ValueError(f"{ch!r} is not in the GSM 7-bit default alphabet")
        out.extend(septets)
    return out


def decode_septets(septets: list[int] | bytes) -> str:
    """Text of septet values. An unknown extension code shows its default-table character
    (TS 23.038 §6.2.1.1); a lone trailing escape shows as a space."""
    chars: list[str] = []
    escaped = False
    for value in septets:
        if value > 0x7F:
            raise ProtocolError(Text(f"Значение септета 0x{value:02X} > 0x7F", f"Septet value 0x{value:02X} > 0x7F"))
        if escaped:
            escaped = False
            if value == ESCAPE:
                chars.append(" ")
            else:
                chars.append(EXTENSION.get(value, DEFAULT_ALPHABET[value]))
        elif value == ESCAPE:
            escaped = True
        else:
            chars.append(DEFAULT_ALPHABET[value])
    if escaped:
        chars.append(" ")
    return "".join(chars)


def pack_septets(septets: list[int], fill_bits: int = 0) -> bytes:
    """Pack septets LSB first after ``fill_bits`` zero bits."""
    value, bits = 0, fill_bits
    out = bytearray()
    for septet in septets:
        value |= (septet & 0x7F) << bits
        bits += 7
        while bits >= 8:
            out.append(value & 0xFF)
            value >>= 8
            bits -= 8
    if bits:
        out.append(value & 0xFF)
    return bytes(out)


def unpack_septets(data: bytes, count: int, fill_bits: int = 0) -> list[int]:
    """``count`` septets from ``data`` after ``fill_bits``; ProtocolError if data is too short."""
    needed = (fill_bits + count * 7 + 7) // 8
    if needed > len(data):
        raise ProtocolError(
            Text(
                f"Данных SMS меньше, чем заявлено: {len(data)} байт вместо {needed}",
                f"SMS user data shorter than declared: {len(data)} bytes instead of {needed}",
            )
        )
    number = int.from_bytes(data[:needed], "little") >> fill_bits
    return [(number >> (7 * i)) & 0x7F for i in range(count)]
