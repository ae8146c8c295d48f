"""Every incremental decoder, driven the way its callers drive it, and adversarial byte patterns
for each: start marks with no terminator, plausible headers announcing the longest frame, random
bytes, and floods of small valid frames. Shared by tests/test_decoder_noise.py and
bench/bench_decoders.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from protocols import cenc
from protocols.byte_stream import ByteStream, Decoder
from protocols.errors import ProtocolError
from protocols.meter import hdlc_framing
from protocols.meter import iec62056_21 as iec
from protocols.modem import at_commands
from protocols.module import module_frames
from protocols.utmc import utmc_frames


def _hdlc(buffer: bytes) -> tuple[int, tuple[int, int] | None]:
    start, end = hdlc_framing.next_frame(buffer)
    return (start, None) if end is None else (end - 1, (start, end))


@dataclass(frozen=True)
class Driven:
    """A decoder and what its caller does with a ProtocolError: drop ``consumed`` or everything."""

    name: str
    decode: Decoder[Any]
    longest_frame: int
    errors_say_consumed: bool = False


@dataclass
class Outcome:
    frames: int = 0
    errors: int = 0
    pending: int = 0
    examined: int = 0
    calls: int = 0
    samples: list[object] = field(default_factory=list)


def drive(driven: Driven, data: bytes, chunk: int | None = None) -> Outcome:
    """Feed ``data`` (all at once, or ``chunk`` bytes at a time) and collect what comes out."""
    stream, outcome = ByteStream(), Outcome()
    pieces = [data] if chunk is None else [data[i : i + chunk] for i in range(0, len(data), chunk)]
    for piece in pieces:
        stream.feed(piece)
        while True:
            outcome.calls += 1
            try:
                frame = stream.next(driven.decode)
            except ProtocolError as error:
                outcome.errors += 1
                consumed = getattr(error, "consumed", None)
                if driven.errors_say_consumed and consumed:
                    stream.drop(consumed)
                else:
                    stream.clear()  # what the direct channel and the meter do: start over
                continue
            if frame is None:
                break
            outcome.frames += 1
            if len(outcome.samples) < 3:
                outcome.samples.append(frame)
    outcome.pending, outcome.examined = len(stream), stream.examined
    return outcome


DECODERS = {
    d.name: d
    for d in (
        Driven("module frames", module_frames.decode, module_frames.MAX_BODY + 7, errors_say_consumed=True),
        Driven("CENC packets", cenc.decode, cenc.MAX_PAYLOAD + 7, errors_say_consumed=True),
        Driven("UTMC frames", utmc_frames.decode_frame, utmc_frames.MAX_PAYLOAD + 11),
        Driven("IEC 62056-21 replies", iec.decode_reply, iec.MAX_MESSAGE + 2),
        Driven("IEC 62056-21 requests", iec.decode_request, iec.MAX_MESSAGE + 2),
        Driven("IEC 62056-21 identification", iec.decode_identification, iec.MAX_IDENTIFICATION + 6),
        Driven("AT modem output", at_commands.decode_modem_output, at_commands.MAX_LINE + 2),
        Driven("HDLC frames (СПОДЭС)", _hdlc, 2049),
    )
}


def _repeat(unit: bytes) -> Callable[[int], bytes]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _random(seed: int, alphabet: bytes | None = None) -> Callable[[int], bytes]:
    def make(size: int) -> bytes:
        rng = random.Random(seed)
        data = rng.randbytes(size)
        return data if alphabet is None else bytes(alphabet[b % len(alphabet)] for b in data)

    return make


def _flood(frame: bytes) -> Callable[[int], bytes]:
    return lambda size: frame * (size // len(frame))


def _module_header(length: int) -> bytes:
    return bytes([module_frames.START]) + length.to_bytes(2, "big") + (length ^ 0xFFFF).to_bytes(2, "big")


def _utmc_header(length: int) -> bytes:
    return utmc_frames.MAGIC + length.to_bytes(2, "little") + (length ^ 0xFFFF).to_bytes(2, "little")


_UA = bytes.fromhex("7ea01f61022173e1e281800005018006018007040000000108040002000161dc7e")
_LONGEST_HDLC = bytes([0x7E, 0xA7, 0xFF])  # type 3, 2047 bytes announced

#: decoder name → pattern name → (make(size), noise: no frame may come out of it)
PATTERNS: dict[str, dict[str, tuple[Callable[[int], bytes], bool]]] = {
    "module frames": {
        "start bytes": (_repeat(bytes([module_frames.START])), True),
        "longest plausible headers": (_repeat(_module_header(module_frames.MAX_BODY)), True),
        "random": (_random(1), False),
        "flood of frames": (_flood(module_frames.encode(module_frames.StatusRequest(seq=7))), False),
    },
    "CENC packets": {
        "marks": (_repeat(cenc.MARK), True),
        "longest plausible headers": (_repeat(cenc.MARK + (cenc.MAX_PAYLOAD + 1).to_bytes(2, "big")), True),
        "zero lengths": (_repeat(cenc.MARK + b"\x00\x00"), True),
        "random": (_random(2), False),
        "flood of packets": (_flood(cenc.encode(cenc.Ping())), False),
    },
    "UTMC frames": {
        "magics": (_repeat(utmc_frames.MAGIC), True),
        "longest plausible headers": (
            _repeat(_utmc_header(utmc_frames.MAX_PAYLOAD + utmc_frames.BODY_HEADER)), True),
        "random": (_random(3), False),
        "flood of frames": (_flood(utmc_frames.encode_frame(utmc_frames.Frame(1, 1))), False),
    },
    "IEC 62056-21 replies": {
        "STX without ETX": (_repeat(bytes([iec.STX])), True),
        "SOH without ETX": (_repeat(bytes([iec.SOH])), True),
        "blocks with a wrong BCC": (_repeat(bytes([iec.STX]) + b"(1)" + bytes([iec.ETX, 0])), True),
        "random 7-bit": (_random(4, bytes(range(128))), False),
        "flood of ACK": (_repeat(bytes([iec.ACK])), False),
    },
    "IEC 62056-21 requests": {
        "slashes": (_repeat(b"/"), True),
        "SOH without ETX": (_repeat(bytes([iec.SOH])), True),
        "random 7-bit": (_random(5, bytes(range(128))), False),
        "flood of sign-ons": (_flood(iec.encode_sign_on()), False),
    },
    "IEC 62056-21 identification": {
        "slashes": (_repeat(b"/"), True),
        "identifications without line end": (_repeat(b"/EKT5CE308v11"), True),
        "random 7-bit": (_random(6, bytes(range(128))), False),
    },
    "AT modem output": {
        "no line end": (_repeat(b"A"), False),  # handed on in MAX_LINE pieces
        "line ends only": (_repeat(b"\r\n"), True),
        "random": (_random(7), False),
        "flood of OK": (_flood(b"OK\r\n"), False),
    },
    "HDLC frames (СПОДЭС)": {
        "flags": (_repeat(bytes([hdlc_framing.FLAG])), True),
        "longest plausible headers": (_repeat(_LONGEST_HDLC), True),
        "random": (_random(8), False),
        "flood of frames": (_flood(_UA[:-1]), False),  # consecutive frames share their flags
    },
}

CASES = [(decoder, pattern) for decoder, patterns in PATTERNS.items() for pattern in patterns]
