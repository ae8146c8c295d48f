"""Where the secrets are inside the module's frames, byte by byte, for the exchange log.

Masking a log by searching for the typed passwords also hits the same digits elsewhere (a
serial number that contains the admin password, a one-letter APN password inside every word).
For our own frames we know the layout, so the log masks exactly the password fields and the
values of password parameters (the catalogue's ``secret``), and nothing else (how: protocols.secret_bytes).

The positions are found without a second description of the layout: the frame is encoded again
with every secret replaced by a value of the same length that differs in every byte; the bytes
that changed (before the CRC) are the secret ones. The CRC of a frame that carries a secret is
masked too: with the rest of the frame in view it would let anyone test guesses offline.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from protocols.errors import ConfiguratorError
from protocols.module import module_frames as mf
from protocols.params.catalogue import parameter_by_code
from protocols.secret_bytes import changed_bytes, other_bytes, other_text


def _is_secret(code: int) -> bool:
    try:
        return parameter_by_code(code).secret
    except KeyError:
        return False


def _with_secrets_changed(frame: mf.Frame) -> mf.Frame:
    changes: dict[str, Any] = {}
    password = getattr(frame, "password", None)
    if isinstance(password, str):
        changes["password"] = other_text(password)
    if isinstance(frame, mf.WriteParamsRequest):
        changes["values"] = tuple(
            dataclasses.replace(v, value=other_bytes(v.value)) if _is_secret(v.code) else v for v in frame.values
        )
    if isinstance(frame, mf.ReadParamsReply):
        changes["results"] = tuple(
            dataclasses.replace(r, value=other_bytes(r.value)) if _is_secret(r.code) else r for r in frame.results
        )
    return dataclasses.replace(frame, **changes) if changes else frame


def module_frame_secrets(frame: mf.Frame, raw: bytes) -> frozenset[int] | None:
    """The secret bytes of one decoded module frame received (or sent) as ``raw``."""
    try:
        return changed_bytes(raw, mf.encode(frame), mf.encode(_with_secrets_changed(frame)), mf.CRC_SIZE)
    except ConfiguratorError:
        return None


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
        except ConfiguratorError:
            return None
        secret = module_frame_secrets(frame, raw)
        if secret is None or mf.encode(frame) != raw:  # garbage skipped before it, or not our canonical encoding
            return None
        positions.update(offset + i for i in secret)
        offset += consumed
    return positions if data else None
