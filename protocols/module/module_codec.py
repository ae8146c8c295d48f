"""Our module frames as the request/reply session (app.core.session) uses them.

    MODULE_CODEC.encode(mf.StatusRequest(), seq) -> bytes
    MODULE_CODEC.answers(frame, request, seq)            same number, the request's reply type or ErrorReply
    MODULE_CODEC.repeatable(request)                     reads and status requests; not writes, not a restart
    MODULE_CODEC.describe(frame) -> Text                 for the exchange log

A repeat gets a new sequence number, so a late reply to the first attempt is told apart from the
answer to the second. A write is not repeated blindly: after a lost reply the configuration reads
the values back first (app.core.module_ops), and a repeated password change would be refused.
"""

from __future__ import annotations

import dataclasses

from protocols.errors import DeviceError
from protocols.module import module_frames as mf
from protocols.module.error_codes import ERROR_CODES, device_error
from protocols.module.frame_secrets import module_frame_secrets
from protocols.text import Text

_LABELS: dict[type[mf.Frame], Text] = {
    mf.StatusRequest: Text("запрос статуса", "status request"),
    mf.ExtendedStatusRequest: Text("запрос расширенного статуса", "extended status request"),
    mf.ImeiRequest: Text("запрос IMEI", "IMEI request"),
    mf.IpRequest: Text("запрос IP", "IP request"),
    mf.Ipv6Request: Text("запрос IPv6", "IPv6 request"),
    mf.IccidRequest: Text("запрос ICCID", "ICCID request"),
    mf.ReadParamsRequest: Text("чтение параметров", "parameter read"),
    mf.WriteParamsRequest: Text("запись параметров", "parameter write"),
    mf.RestartRequest: Text("перезапуск", "restart"),
    mf.StatusReply: Text("статус", "status"),
    mf.ExtendedStatusReply: Text("расширенный статус", "extended status"),
    mf.ImeiReply: Text("IMEI", "IMEI"),
    mf.IpReply: Text("IP", "IP"),
    mf.Ipv6Reply: Text("IPv6", "IPv6"),
    mf.IccidReply: Text("ICCID", "ICCID"),
    mf.ReadParamsReply: Text("прочитанные параметры", "parameters read"),
    mf.WriteParamsReply: Text("результат записи", "write result"),
    mf.RestartReply: Text("перезапуск принят", "restart accepted"),
    mf.ErrorReply: Text("отказ", "refusal"),
}


def _parameters(frame: mf.Frame) -> int | None:
    """How many parameters a read or write frame carries."""
    if isinstance(frame, mf.ReadParamsRequest):
        return len(frame.codes)
    if isinstance(frame, mf.WriteParamsRequest):
        return len(frame.values)
    if isinstance(frame, mf.ReadParamsReply | mf.WriteParamsReply):
        return len(frame.results)
    return None


class ModuleCodec:
    renumbers_repeats = True

    def encode(self, request: mf.Frame, seq: int) -> bytes:
        return mf.encode(dataclasses.replace(request, seq=seq))

    def decode(self, buffer: bytes) -> tuple[int, mf.Frame | None]:
        try:
            return mf.decode(buffer)
        except mf.FrameError as error:  # a damaged frame is noise on the line: drop it and look further
            return error.consumed, None

    def answers(self, frame: mf.Frame, request: mf.Frame, seq: int) -> bool:
        return frame.seq == seq and mf.is_reply_to(frame, dataclasses.replace(request, seq=seq))

    def refusal(self, frame: mf.Frame, request: mf.Frame) -> DeviceError | None:
        return device_error(frame.error) if isinstance(frame, mf.ErrorReply) else None

    def repeatable(self, request: mf.Frame) -> bool:
        return not isinstance(request, mf.WriteParamsRequest | mf.RestartRequest)

    def describe(self, frame: mf.Frame) -> Text:
        label = _LABELS[type(frame)]
        text = Text(f"{label.ru} №{frame.seq}", f"{label.en} #{frame.seq}")
        if isinstance(frame, mf.ErrorReply):
            why = ERROR_CODES.get(frame.error, Text("неизвестная ошибка", "unknown error"))
            return Text(f"{text.ru} на 0x{frame.command:02X}: 0x{frame.error:02X} {why.ru}",
                        f"{text.en} of 0x{frame.command:02X}: 0x{frame.error:02X} {why.en}")
        count = _parameters(frame)
        return text if count is None else Text(f"{text.ru} ({count})", f"{text.en} ({count})")

    def secret_positions(self, frame: mf.Frame, raw: bytes) -> frozenset[int] | None:
        return module_frame_secrets(frame, raw)


MODULE_CODEC = ModuleCodec()
