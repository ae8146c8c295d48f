"""Where the secrets are inside UTMC-700 frames, byte by byte, for the exchange log: the passwords of
requests, the values of SECRET parameters and the settings password (how: protocols.secret_bytes)."""

from __future__ import annotations

import dataclasses
from typing import Any

from protocols.errors import ConfiguratorError
from protocols.secret_bytes import changed_bytes, other_bytes
from protocols.utmc import utmc_frames as uf
from protocols.utmc import utmc_messages as um
from protocols.utmc import utmc_params


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
            dataclasses.replace(p, value=other_bytes(p.value)) if _utmc_secret(p.code) else p for p in message.params
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
