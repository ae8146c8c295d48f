"""Masking secrets in frames by their layout: the shared arithmetic (protocols.module.frame_secrets,
protocols.utmc.utmc_frame_secrets).

The positions are found without a second description of a layout: the frame is encoded again with
every secret replaced by a value of the same length that differs in every byte; the bytes that
changed (before the CRC) are the secret ones. The CRC of a frame that carries a secret is masked
too: with the rest of the frame in view it would let anyone test guesses offline.
"""

from __future__ import annotations


def changed_bytes(raw: bytes, encoded: bytes, changed: bytes, crc_size: int) -> frozenset[int] | None:
    """The indexes of ``raw`` where a frame (``encoded``, at the end of ``raw``) and the same frame
    with its secrets changed (``changed``) differ, and its CRC when any differ; None if ``raw`` does
    not end with the frame as encoded."""
    if len(changed) != len(encoded) or not raw.endswith(encoded):
        return None
    offset, body = len(raw) - len(encoded), len(encoded) - crc_size
    secret = {offset + i for i in range(body) if encoded[i] != changed[i]}
    if secret:  # the CRC of a frame with a password would let one search the password offline
        secret.update(range(offset + body, len(raw)))
    return frozenset(secret)


def other_text(text: str) -> str:
    return "".join(chr(ord(c) ^ 1) for c in text)  # ASCII stays ASCII, every character differs


def other_bytes(value: bytes) -> bytes:
    return bytes(b ^ 1 for b in value)


def masked_hex(data: bytes, positions: set[int] | frozenset[int]) -> str:
    """``data`` as spaced upper-case hex with the bytes at ``positions`` shown as ``**``."""
    return " ".join("**" if i in positions else f"{b:02X}" for i, b in enumerate(data))
