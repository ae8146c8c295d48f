"""UTMC-700 operations, written once for the GUI and the CLI (asyncio, no Qt).

    service = UtmcService(link, password=0)            link: an opened Link (USB serial or TCP)
    identity = await service.identify()                "Установить связь": serial, firmware version, ID
    result = await service.read_parameters(keys)       ReadResult(values, failed)
    result = await service.write_parameters(values)    WriteResult(applied, failed); ValidationError first
    table = await service.read_devices(channels)       list[DeviceRecord] with last poll results
    result = await service.write_devices(records, channels)   replaces the lists of those channels
    polled = await service.poll_all(); ok = await service.poll_one(number)
    await service.transfer_to_server()
    files:     see app/core/utmc_sd_card.py (download, firmware upload and update), also as methods here
    identity = await identify_after_restart(link, wait=180)   reconnect once the UTMC is back after an update
    sync_time(values) -> dict                          PC time into "current_time" (nothing is written)

Every long operation takes ``progress`` (app.core.progress: called with a Progress) and is cancelled by cancelling its
task. If the link fails during a write, :class:`TransferInterrupted` says what was confirmed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.core.links.base import Link
from app.core.progress import Progress, ProgressCallback
from app.core.session import TransferInterrupted
from app.core.utmc_client import UtmcClient
from app.core.utmc_device_read import read_device_lists
from app.core.utmc_sd_card import DownloadResult, FileEntry, UploadResult, download_file, list_files, update_firmware
from app.core.utmc_sd_card import upload_firmware as _upload_firmware
from protocols.errors import DeviceError, LinkError, LinkTimeout, ProtocolError, ValidationError
from protocols.params.catalogue_model import Parameter, Problem
from protocols.params.param_values import decode_value, encode_value
from protocols.text import Text
from protocols.utmc.utmc_devices import (
    PER_CHANNEL,
    DeviceRecord,
    channel_of,
    check_unique,
    encode_records,
    errors_of,
)
from protocols.utmc.utmc_frames import error_text, table_frames
from protocols.utmc.utmc_messages import (
    DevicesWriteReply,
    DevicesWriteRequest,
    IdentifyReply,
    IdentifyRequest,
    ParamValue,
    PollAllRequest,
    PollOneRequest,
    ReadParamsRequest,
    TransferNowRequest,
    WriteParamsRequest,
)
from protocols.utmc.utmc_params import CHANNELS, PARAMETERS, parameter, parameter_by_code, validate

PARAMS_PER_FRAME = 40


Identity = IdentifyReply
"""Who answered: serial number, firmware version and ID, and the limits it works with."""


@dataclass
class ReadResult:
    values: dict[str, object] = field(default_factory=dict)
    failed: dict[str, Text] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)  # the device's own status byte for each failed key


@dataclass
class WriteResult:
    applied: list[str] = field(default_factory=list)
    failed: dict[str, Text] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)  # the device's own status byte for each failed key

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class DevicesWriteResult:
    channels: dict[int, int] = field(default_factory=dict)  # channel -> records now on the device


@dataclass(frozen=True)
class PollSummary:
    polled: int
    answered: int


def sync_time(values: Mapping[str, object], now: datetime | None = None) -> dict[str, object]:
    """"Синхронизировать время": the PC time goes into the value; writing it stays explicit."""
    return {**values, "current_time": (now or datetime.now()).replace(microsecond=0)}


def _names(keys: Iterable[str], lang: str) -> str:
    return ", ".join(parameter(k).label.get(lang) for k in keys) or "—"


class UtmcService:
    def __init__(self, link: Link, *, password: int = 0, timeout: float = 3.0, retries: int = 2) -> None:
        self.link = link
        self.client = UtmcClient(link, timeout=timeout, retries=retries)
        self.password = password
        self.identity: Identity | None = None

    # -- identity -------------------------------------------------------------------------
    async def identify(self) -> Identity:
        self.identity = await self.client.request(IdentifyRequest())
        return self.identity

    # -- parameters -----------------------------------------------------------------------
    async def read_parameters(self, keys: Sequence[str] | None = None,
                              progress: ProgressCallback | None = None) -> ReadResult:
        params = [parameter(k) for k in keys] if keys is not None else [p for p in PARAMETERS if p.readable]
        result = ReadResult()
        for start in range(0, len(params), PARAMS_PER_FRAME):
            batch = params[start : start + PARAMS_PER_FRAME]
            reply = await self.client.request(ReadParamsRequest(codes=tuple(p.code for p in batch)))
            for item in reply.params:
                param = parameter_by_code(item.code)
                if param is None or param not in batch:
                    raise ProtocolError(Text(f"УТМЦ ответило о лишнем параметре {item.code:#06x}",
                                             f"The UTMC answered an unrequested parameter {item.code:#06x}"))
                if item.status:
                    result.failed[param.key] = error_text(item.status)
                    result.codes[param.key] = item.status
                else:
                    result.values[param.key] = decode_value(param, item.value)
            for param in batch:
                if param.key not in result.values and param.key not in result.failed:
                    result.failed[param.key] = Text("нет в ответе", "missing from the reply")
            if progress:
                progress(Progress(min(start + PARAMS_PER_FRAME, len(params)), len(params),
                                  Text("Чтение параметров", "Reading parameters")))
        return result

    @staticmethod
    def check_parameters(values: Mapping[str, object]) -> None:
        """ValidationError listing every value that cannot be written (bad, unknown or read-only)."""
        problems = validate(values)
        read_only = [k for k in values if k in {p.key for p in PARAMETERS} and not parameter(k).writable]
        if read_only:
            problems.append(Problem("", Text(f"Только для чтения: {_names(read_only, 'ru')}",
                                             f"Read-only: {_names(read_only, 'en')}")))
        if problems:
            raise ValidationError(problems)

    async def write_parameters(self, values: Mapping[str, object],
                               progress: ProgressCallback | None = None) -> WriteResult:
        """Write the given values; all are checked first (ValidationError, nothing sent)."""
        self.check_parameters(values)
        params: list[Parameter] = [parameter(k) for k in values]
        result = WriteResult()
        for start in range(0, len(params), PARAMS_PER_FRAME):
            batch = params[start : start + PARAMS_PER_FRAME]
            items = tuple(ParamValue(p.code, encode_value(p, values[p.key])) for p in batch)
            try:
                reply = await self.client.request(WriteParamsRequest(password=self.password, params=items))
            except LinkError as error:
                pending = [p.key for p in batch]
                unsent = [p.key for p in params[start + len(batch) :]]
                raise TransferInterrupted(error, Text(
                    f"Записаны: {_names(result.applied, 'ru')}. Не подтверждены: {_names(pending, 'ru')}."
                    f" Не отправлены: {_names(unsent, 'ru')}.",
                    f"Written: {_names(result.applied, 'en')}. Unconfirmed: {_names(pending, 'en')}."
                    f" Not sent: {_names(unsent, 'en')}.")) from error
            for item in reply.statuses:
                param = parameter_by_code(item.code)
                if param is None:
                    continue
                if item.status:
                    result.failed[param.key] = error_text(item.status)
                    result.codes[param.key] = item.status
                else:
                    result.applied.append(param.key)
            if progress:
                progress(Progress(len(result.applied) + len(result.failed), len(params),
                                  Text("Запись параметров", "Writing parameters")))
        return result

    # -- devices --------------------------------------------------------------------------
    async def read_devices(self, channels: Iterable[int] = range(1, CHANNELS + 1),
                           progress: ProgressCallback | None = None) -> list[DeviceRecord]:
        """The device lists of ``channels`` (all frames requested at once: app/core/utmc_device_read.py)."""
        per_channel = self.identity.per_channel if self.identity is not None else PER_CHANNEL
        return await read_device_lists(self.client, list(channels), per_channel=per_channel, progress=progress)

    async def write_devices(self, records: Sequence[DeviceRecord], channels: Iterable[int] | None = None,
                            progress: ProgressCallback | None = None) -> DevicesWriteResult:
        """Replace the device lists of ``channels`` (default: the channels ``records`` use).

        Everything is checked before the first byte is sent. The device takes a channel's new
        list only when all of its records arrived, so an interruption leaves that channel as it was.
        """
        problems = errors_of(records)
        listed: dict[int, list[DeviceRecord]] = {}  # one pass: the wire waits for this before the first frame
        numbers: set[int] = set()
        for record in records:
            numbers.add(record.number)
            listed.setdefault(channel_of(record.number), []).append(record)
        if len(numbers) != len(records):
            problems += check_unique((Text("", ""), r) for r in records)
        if problems:
            raise ValidationError(problems)
        chosen = sorted(set(channels) if channels is not None else listed)
        by_channel = {c: sorted(listed.get(c, []), key=lambda r: r.number) for c in chosen}
        total = sum(len(v) for v in by_channel.values())
        result = DevicesWriteResult()
        confirmed = dict.fromkeys(chosen, 0)
        plan: list[tuple[int, int, int]] = []  # (channel, first index, count) per frame, in sending order
        for number, (channel, items) in enumerate(by_channel.items()):
            spans = table_frames(len(items), short_first=number == 0, short_last=number == len(by_channel) - 1)
            plan += [(channel, start, count) for start, count in spans]

        last_frame = {channel: index for index, (channel, _, _) in enumerate(plan)}
        sent_up_to = [-1]  # index of the last frame the link took

        def on_sent(index: int) -> None:
            sent_up_to[0] = index

        def requests() -> Iterator[DevicesWriteRequest]:
            for channel, first, count in plan:  # one pipeline over all channels: no pause between them
                items = by_channel[channel]
                yield DevicesWriteRequest(
                    password=self.password, channel=channel, total=len(items), start=first,
                    records=encode_records(items[first : first + count], checked=True),
                )

        def on_reply(index: int, reply: DevicesWriteReply) -> None:
            channel = plan[index][0]
            confirmed[channel] = reply.received
            if reply.committed:
                result.channels[channel] = reply.received
            if progress:
                progress(Progress(sum(confirmed.values()), total, Text(f"Запись приборов канала {channel}",
                                                                       f"Writing devices of channel {channel}")))

        try:
            await self.client.pipeline(requests(), on_reply, window=3, on_sent=on_sent)
        except (LinkError, DeviceError) as error:
            unsure = [c for c in chosen if c not in result.channels and last_frame[c] <= sent_up_to[0]]
            report = _devices_report(result, by_channel, confirmed, unsure)
            if isinstance(error, LinkError):
                raise TransferInterrupted(error, report) from error
            raise DeviceError(error.code, error.text, written=report) from error
        missing = [c for c in chosen if c not in result.channels]
        if missing:
            raise ProtocolError(Text(f"УТМЦ не подтвердило списки каналов {missing}",
                                     f"The UTMC did not confirm the lists of channels {missing}"))
        return result

    # -- polling and server ---------------------------------------------------------------
    async def poll_all(self) -> PollSummary:
        reply = await self.client.request(PollAllRequest(), timeout=max(self.client.timeout, 30.0))
        return PollSummary(reply.polled, reply.answered)

    async def poll_one(self, number: int) -> bool:
        reply = await self.client.request(PollOneRequest(number=number), timeout=max(self.client.timeout, 10.0))
        return bool(reply.result)

    async def transfer_to_server(self) -> None:
        """"Передача на сервер": an unscheduled transfer of the journal."""
        await self.client.request(TransferNowRequest())

    # -- files ----------------------------------------------------------------------------
    async def list_files(self, folder: str = "") -> list[FileEntry]:
        return await list_files(self.client, folder)

    async def download_file(self, path: str, destination: Path,
                            progress: ProgressCallback | None = None) -> DownloadResult:
        return await download_file(self.client, path, destination, progress)

    async def upload_firmware(self, hex_file: Path, progress: ProgressCallback | None = None) -> UploadResult:
        return await _upload_firmware(self.client, hex_file, self.password, progress)

    async def update_firmware(self, uploaded: UploadResult) -> str:
        """Start the update from an uploaded file; returns the new firmware ID. Reconnect afterwards."""
        return await update_firmware(self.client, uploaded, self.password)


async def identify_after_restart(link: Link, *, wait: float, timeout: float = 3.0, pause: float = 1.0,
                                 progress: ProgressCallback | None = None) -> Identity:
    """Reconnect ``link`` until the restarted UTMC answers IDENTIFY, for at most ``wait`` seconds.

    The device answers nothing from its FIRMWARE_UPDATE reply until it runs the new program
    (docs/protocols/utmc.md, "Restart"), so the first answer is the new program's. The link is
    closed first and left open on success; LinkTimeout if the device is not back in time.
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + wait
    what = Text("Ожидание перезапуска УТМЦ, с", "Waiting for the UTMC to restart, s")
    await link.close()
    while True:
        try:
            await link.open()
            service = UtmcService(link, timeout=max(0.1, min(timeout, deadline - loop.time())), retries=0)
            return await service.identify()
        except LinkError as error:
            await link.close()
            left = deadline - loop.time()
            if left <= 0:
                raise LinkTimeout(Text(
                    f"УТМЦ не ответило за {wait:g} с после обновления ПО ({error.text.ru}). Подключитесь позже "
                    "и сверьте версию и ID ПО с файлом.",
                    f"The UTMC did not answer within {wait:g} s after the firmware update ({error.text.en}). "
                    "Connect later and compare the firmware version and ID with the file.")) from error
        if progress:
            progress(Progress(min(int(loop.time() - started), int(wait)), int(wait), what))
        await asyncio.sleep(min(pause, left))


def _devices_report(result: DevicesWriteResult, by_channel: Mapping[int, list[DeviceRecord]],
                    confirmed: Mapping[int, int], unsure: list[int]) -> Text:
    """What the device confirmed; a channel whose last frame went out unanswered may or may not be taken."""
    done = ", ".join(f"{c} ({n})" for c, n in result.channels.items()) or "—"
    unsure_txt = ", ".join(map(str, unsure))
    rest = [c for c in by_channel if c not in result.channels and c not in unsure]
    partial = [c for c in rest if confirmed[c]]
    part_ru = "; ".join(f"канал {c}: подтверждено {confirmed[c]} из {len(by_channel[c])}" for c in partial)
    part_en = "; ".join(f"channel {c}: {confirmed[c]} of {len(by_channel[c])} confirmed" for c in partial)
    rest_txt = ", ".join(map(str, rest)) or "—"
    ru = f"Записаны каналы (приборов): {done}."
    en = f"Channels written (devices): {done}."
    if unsure:
        ru += f" Без подтверждения: {unsure_txt} — список отправлен целиком, прочитайте его, чтобы проверить."
        en += f" Unconfirmed: {unsure_txt} — the whole list was sent; read it back to check."
    ru += f" Не приняты каналы: {rest_txt} — в них остались прежние списки" + (f" ({part_ru})." if partial else ".")
    en += f" Channels not taken: {rest_txt} — they keep their previous lists" + (f" ({part_en})." if partial else ".")
    return Text(ru, en)
