"""Where the secrets are inside our module frames, byte by byte, for the exchange log.

Masking a log by searching for the typed passwords also hits the same digits elsewhere (a
serial number that contains the admin password, a one-letter APN password inside every word).
For our own frames we know the layout, so the log masks exactly the password fields and the
values of password parameters (catalogue ``secret``), and nothing else.

The positions are found without a second description of the layout: the frame is encoded again
with every secret replaced by a value of the same length that differs in every byte; the bytes
that changed (before the CRC) are the secret ones. The CRC of a frame that carries a secret is
masked too: with the rest of the frame in view it would let anyone test guesses offline.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from protocols import module_frames as mf
from protocols.catalogue import parameter_by_code
from protocols.errors import ConfiguratorError


def _is_secret(code: int) -> bool:
    try:
        return parameter_by_code(code).secret
    except KeyError:
        return False


def _other_text(text: str) -> str:
    return "".join(chr(ord(c) ^ 1) for c in text)  # ASCII stays ASCII, every character differs


def _other_bytes(value: bytes) -> bytes:
    return bytes(b ^ 1 for b in value)


def _with_secrets_changed(frame: mf.Frame) -> mf.Frame:
    changes: dict[str, Any] = {}
    password = getattr(frame, "password", None)
    if isinstance(password, str):
        changes["password"] = _other_text(password)
    if isinstance(frame, mf.WriteParamsRequest):
        changes["values"] = tuple(
            dataclasses.replace(v, value=_other_bytes(v.value)) if _is_secret(v.code) else v for v in frame.values
        )
    if isinstance(frame, mf.ReadParamsReply):
        changes["results"] = tuple(
            dataclasses.replace(r, value=_other_bytes(r.value)) if _is_secret(r.code) else r for r in frame.results
        )
    return dataclasses.replace(frame, **changes) if changes else frame


def secret_positions(data: bytes) -> set[int] | None:
    """Indexes of the secret bytes when ``data`` is one or more whole module frames, else None.

    None means "not (only) our frames": the caller masks by other means.
    """
    positions: set[int] = set()
    offset = 0
    while offset < len(data):
        if data[offset] != mf.START:
            return None
        try:
            consumed, frame = mf.decode(data[offset:])
            if frame is None:
                return None
            raw = data[offset : offset + consumed]
            if mf.encode(frame) != raw:  # garbage skipped before it, or not our canonical encoding
                return None
            changed = mf.encode(_with_secrets_changed(frame))
        except ConfiguratorError:
            return None
        if len(changed) != len(raw):
            return None
        body = len(raw) - mf.CRC_SIZE
        secret = {offset + i for i in range(body) if raw[i] != changed[i]}
        if secret:  # the CRC of a frame with a password would let one search the password offline
            secret.update(range(offset + body, offset + len(raw)))
        positions.update(secret)
        offset += consumed
    return positions if data else None


def masked_hex(data: bytes, positions: set[int]) -> str:
    """``data`` as spaced upper-case hex with the bytes at ``positions`` shown as ``**``."""
    return " ".join("**" if i in positions else f"{b:02X}" for i, b in enumerate(data))
