"""Every incremental decoder does linear work on adversarial noise.

The work is counted, not timed, so the outcome does not depend on the machine's load:
``ByteStream.examined`` counts the bytes handed to the decoder (what copying and C-level scans
cost) and a line tracer counts the Python lines executed. A decoder that rescans from every
start byte shows up as thousands of lines or examined bytes per input byte; the linear ones stay
under a small constant. bench/bench_decoders.py prints the time per MiB of the same patterns.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import pytest
from decoder_noise import CASES, DECODERS, PATTERNS, Outcome, drive

from protocols.byte_stream import MIN_WINDOW

MIB = 1 << 20
LINES_PER_BYTE = 16  # Python lines per input byte, over and above a fixed cost per frame or error
LINES_PER_FRAME = 64
T = TypeVar("T")


def traced_lines(run: Callable[[], T]) -> tuple[int, T]:
    lines = 0

    def tracer(frame: object, event: str, arg: object) -> Callable[..., object]:
        nonlocal lines
        lines += event == "line"
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        outcome = run()
    finally:
        sys.settrace(previous)
    return lines, outcome


def check_examined(outcome: Outcome, size: int, longest_frame: int, pieces: int = 1) -> None:
    """Bytes handed to the decoder: a few times the input, one small window per frame or error,
    and at most what may still be one frame again on each arrival of new bytes."""
    bound = 6 * size + 2 * MIN_WINDOW * (outcome.frames + outcome.errors) + 3 * longest_frame * pieces
    assert outcome.examined <= bound, outcome


@pytest.mark.parametrize(("decoder", "pattern"), [c for c in CASES if PATTERNS[c[0]][c[1]][1]])
@pytest.mark.parametrize("chunk", [None, 1500], ids=["at once", "in 1500-byte pieces"])
def test_one_mib_of_noise(decoder: str, pattern: str, chunk: int | None) -> None:
    make, _noise = PATTERNS[decoder][pattern]
    driven = DECODERS[decoder]
    outcome = drive(driven, make(MIB), chunk)
    assert outcome.frames == 0
    assert outcome.pending <= driven.longest_frame  # nothing held beyond what may still be one frame
    check_examined(outcome, MIB, driven.longest_frame, -(-MIB // (chunk or MIB)))


@pytest.mark.parametrize(("decoder", "pattern"), [c for c in CASES if not PATTERNS[c[0]][c[1]][1]])
def test_floods_and_random_bytes(decoder: str, pattern: str) -> None:
    make, _noise = PATTERNS[decoder][pattern]
    size = MIB // 16
    data = make(size)
    outcome = drive(DECODERS[decoder], data)
    check_examined(outcome, size, DECODERS[decoder].longest_frame)
    if pattern.startswith("flood"):
        assert outcome.errors == 0 and outcome.frames >= size // 40 and outcome.pending < 40


@pytest.mark.parametrize(("decoder", "pattern"), CASES)
def test_python_work_per_byte_is_bounded(decoder: str, pattern: str) -> None:
    """64 KiB, eight times the longest frame: a decoder that rescans a frame's length from every
    start would execute thousands of lines per byte here."""
    make, _noise = PATTERNS[decoder][pattern]
    driven = DECODERS[decoder]
    drive(driven, make(MIB // 64))  # build the CRC tables, compile what is compiled on first use
    size = MIB // 16
    data = make(size)
    lines, outcome = traced_lines(lambda: drive(driven, data))
    assert lines <= LINES_PER_BYTE * size + LINES_PER_FRAME * (outcome.frames + outcome.errors + 1), (lines, outcome)


def test_the_reported_case_of_start_bytes_without_terminator() -> None:
    """``decode_reply(b"\\x02" * 8192)`` used to rescan 4096 bytes from every start byte."""
    from protocols.meter import iec62056_21 as iec

    lines, (consumed, frame) = traced_lines(lambda: iec.decode_reply(b"\x02" * 8192))
    assert frame is None and consumed == 8192 - iec.MAX_MESSAGE + 1
    assert lines < 100
