"""Where the secrets are inside our frames (module and UTMC-700), byte by byte, for the exchange log.

Masking a log by searching for the typed passwords also hits the same digits elsewhere (a
serial number that contains the admin password, a one-letter APN password inside every word).
For our own frames we know the layout, so the log masks exactly the password fields and the
values of password parameters (module catalogue ``secret``; UTMC ``SECRET`` kind and the settings
password), and nothing else.

The positions are found without a second description of the layout: the frame is encoded again
with every secret replaced by a value of the same length that differs in every byte; the bytes
that changed (before the CRC) are the secret ones. The CRC of a frame that carries a secret is
masked too: with the rest of the frame in view it would let anyone test guesses offline.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from protocols import module_frames as mf
from protocols import utmc_frames as uf
from protocols import utmc_messages as um
from protocols import utmc_params
from protocols.catalogue import parameter_by_code
from protocols.errors import ConfiguratorError


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


def _utmc_secret(code: int) -> bool:
    param = utmc_params.parameter_by_code(code)
    return param is not None and param.secret  # a PASSWORD kind or a masked number (the settings password)


def _utmc_secrets_changed(message: um.Message) -> um.Message:
    changes: dict[str, Any] = {}
    password = getattr(message, "password", None)
    if isinstance(password, int):
        changes["password"] = password ^ 0xFFFF  # a u16: both bytes differ
    if isinstance(message, um.WriteParamsRequest | um.ReadParamsReply):
        changes["params"] = tuple(
            dataclasses.replace(p, value=_other_bytes(p.value)) if _utmc_secret(p.code) else p for p in message.params
        )
    return dataclasses.replace(message, **changes) if changes else message


def utmc_frame_secrets(frame: uf.Frame, raw: bytes) -> frozenset[int] | None:
    """The secret bytes of one decoded UTMC frame received (or sent) as ``raw``."""
    if frame.error:
        return frozenset()  # an error reply carries a code and the device's words
    try:
        message = um.parse_payload(frame.command, frame.reply, frame.payload)
        changed = dataclasses.replace(frame, payload=um.encode_message(_utmc_secrets_changed(message)))
        return changed_bytes(raw, uf.encode_frame(frame), uf.encode_frame(changed), 2)
    except ConfiguratorError:
        return None


def masked_hex(data: bytes, positions: set[int] | frozenset[int]) -> str:
    """``data`` as spaced upper-case hex with the bytes at ``positions`` shown as ``**``."""
    return " ".join("**" if i in positions else f"{b:02X}" for i, b in enumerate(data))
