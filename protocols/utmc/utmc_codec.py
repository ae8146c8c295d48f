"""UTMC-700 frames as the request/reply session (app.core.session) uses them (docs/protocols/utmc.md).

    UTMC_CODEC.encode(ReadParamsRequest(codes=(1, 2)), seq) -> bytes
    UTMC_CODEC.answers(frame, request, seq)      a reply, same number, same command
    UTMC_CODEC.refusal(frame, request)           an error reply's DeviceError, in the device's words
    UTMC_CODEC.repeatable(request)               all but FIRMWARE_UPDATE and POLL_ALL
    UTMC_CODEC.describe(frame) -> Text           for the exchange log

A repeat keeps its sequence number (the spec, "Repeats"): every command is built so that the
device recognises a repeated chunk and answers it again. FIRMWARE_UPDATE is never repeated (the
device may be restarting already); POLL_ALL neither: a lost reply of a long poll is not worth a
second poll of every meter.
"""

from __future__ import annotations

from typing import Any

from protocols.errors import DeviceError, ProtocolError
from protocols.text import Text
from protocols.utmc.utmc_frame_secrets import utmc_frame_secrets
from protocols.utmc.utmc_frames import Frame, decode_frame, encode_frame, error_text
from protocols.utmc.utmc_messages import Command, Request, encode_message, operation, parse_error

_NOT_REPEATED = (Command.FIRMWARE_UPDATE, Command.POLL_ALL)


def device_error(command: int, payload: bytes) -> DeviceError:
    """The refusal an error reply carries, with the device's own words quoted."""
    code, detail = parse_error(payload)
    text = error_text(code)
    name = operation(command)  # the operation in words, never the request's internal name
    # the device's own words, quoted as such: they are the UTMC's, in whatever language it speaks
    said_ru, said_en = (f" (УТМЦ: «{detail}»)", f" ({detail})") if detail else ("", "")
    return DeviceError(code, Text(f"УТМЦ отказало ({name.ru}): {text.ru}{said_ru}",
                                  f"The UTMC refused ({name.en}): {text.en}{said_en}"))


class UtmcCodec:
    renumbers_repeats = False

    def encode(self, request: Request[Any], seq: int) -> bytes:
        return encode_frame(Frame(request.COMMAND, seq, encode_message(request)))

    def decode(self, buffer: bytes) -> tuple[int, Frame | None]:
        return decode_frame(buffer)

    def answers(self, frame: Frame, request: Request[Any], seq: int) -> bool:
        return frame.reply and frame.seq == seq and frame.command == request.COMMAND

    def refusal(self, frame: Frame, request: Request[Any]) -> DeviceError | None:
        return device_error(frame.command, frame.payload) if frame.error else None

    def repeatable(self, request: Request[Any]) -> bool:
        return request.COMMAND not in _NOT_REPEATED

    def describe(self, frame: Frame) -> Text:
        name = operation(frame.command)
        kind = (Text("отказ", "refusal") if frame.error else Text("ответ", "reply")) if frame.reply else None
        text = Text(f"{name.ru} №{frame.seq}", f"{name.en} #{frame.seq}")
        if kind is not None:
            text = Text(f"{kind.ru}: {text.ru}", f"{kind.en}: {text.en}")
        if frame.error:
            try:
                why = error_text(parse_error(frame.payload)[0])
            except ProtocolError:
                return text
            return Text(f"{text.ru} — {why.ru}", f"{text.en} — {why.en}")
        return text

    def secret_positions(self, frame: Frame, raw: bytes) -> frozenset[int] | None:
        return utmc_frame_secrets(frame, raw)


UTMC_CODEC = UtmcCodec()
