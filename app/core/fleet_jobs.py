"""One device's session in a fleet run, over a link (TCP/IP or CENC): status, or configure with a backup.

    outcome = await run_link_job(job, context)      DeviceOutcome; never raises for the device's own failures

Both sessions are made of the operations the module workspace and ``status``/``configure`` use
(app/core/module_ops.py, module_settings_read.py), opened through the one call that turns a channel
description into an open link (app/core/channel_waits.opened_channel):

status     the extended status first — its version names the module type (platform id, 002 App. 4)
           and a module that does not answer ends the session there, instead of being asked five
           more times; then IMEI, IP (IPv6 on NB-IoT) and ICCID; then the module's settings with the
           list's password — which says whether that password is right (status requests carry none)
           and what the module is set to (mode, APN, server). A refused password makes the result
           ``wrong_password`` (the status is kept): the module could not be configured from this list.
configure  a status request for the module type; the settings made for that type (refused, with
           nothing sent, when they do not fit it or when the list says another type); then
           ``configure_with_backup``: the module's settings kept in the backups folder, written, read
           back, the module restarted.

A cancelled session (the task cancelled) raises CancelledError, except that a configuration already
writing returns what it applied, as ``configure_module`` does.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.core.channel_waits import ChannelWaits, opened_channel, target_of
from app.core.fleet_plan import DeviceJob
from app.core.fleet_results import DeviceOutcome, ParameterOutcome, Result, classify, server_refused_login
from app.core.links.base import Link
from app.core.module_ops import read_all_status, read_status, status_kinds_for
from app.core.module_results import ConfigureResult, Outcome
from app.core.module_settings_read import configure_with_backup, read_module_settings
from app.core.settings_store import load_settings
from protocols.errors import ConfiguratorError, DeviceError, LinkError, ValidationError
from protocols.module.error_codes import WRONG_PASSWORD
from protocols.module.module_status import StatusSnapshot
from protocols.params import catalogue
from protocols.params.catalogue import Kind
from protocols.params.module_types import ModuleType
from protocols.text import Text

SETTINGS_SHOWN = ("mode", "apn", "server", "port")  # what a status report shows of the module's settings
MASKED = "••••••"


class FleetConfiguration:
    """What a fleet configuration writes, made for each module type as the run meets it.

    ``values_for(module)`` returns the values and the keys to write for that type, or raises
    ValidationError (nothing is sent to such a module). ``summary`` says what is written (passwords
    masked); ``digest`` identifies it, so a resumed run writes what the first part wrote.
    """

    def __init__(self, values_for: Callable[[ModuleType], tuple[Mapping[str, object], Sequence[str]]],
                 summary: list[Text], digest: str) -> None:
        self.values_for, self.summary, self.digest = values_for, summary, digest

    @classmethod
    def for_one_type(cls, module: ModuleType, values: Mapping[str, object], keys: Sequence[str] | None = None,
                     ) -> FleetConfiguration:
        """Values made for one module type (the module workspace's form, a settings file): a module of
        another type is refused with nothing sent."""
        chosen = list(keys) if keys is not None else list(values)
        kept = dict(values)

        def values_for(found: ModuleType) -> tuple[Mapping[str, object], Sequence[str]]:
            if found is not module:
                raise ValidationError([Text(
                    f"настройки подготовлены для «{module.label.ru}», а модуль — «{found.label.ru}»: не записано",
                    f"the settings are for {module.label.en}, the module is {found.label.en}: nothing written")])
            return kept, chosen

        return cls(values_for, describe_values(kept, chosen), values_digest(module.value, kept, chosen))


def configuration_from_file(path: Path) -> FleetConfiguration:
    """A settings file (the module workspace's «Сохранить настройки», ``read-settings --out``) as a fleet
    configuration: the values it holds, for its module type (SettingsFileError, ValidationError)."""
    loaded = load_settings(path)
    if not loaded.values:
        raise ValidationError([Text(f"{path}: в файле нет настроек", f"{path}: the file holds no settings")])
    return configuration_from_values(loaded.module, loaded.values)


def configuration_from_values(module: ModuleType, values: Mapping[str, object]) -> FleetConfiguration:
    """``values`` (a settings file's, the module workspace's form) written to every module of that type, checked
    by the catalogue's rules first (ValidationError)."""
    if not values:
        raise ValidationError([Text("Нечего записывать: ни одного параметра", "Nothing to write: no parameter")])
    full = {**catalogue.defaults(module), **values}
    problems = [p for p in catalogue.validate(module, full, checked=list(values)) if p.is_error]
    if problems:
        raise ValidationError(problems)
    return FleetConfiguration.for_one_type(module, full, list(values))


def describe_values(values: Mapping[str, object], keys: Sequence[str]) -> list[Text]:
    """«Точка доступа (APN) = internet» per key, passwords masked."""
    lines = []
    for key in keys:
        param = catalogue.parameter(key)
        value = values.get(key)
        shown = (MASKED if value else "") if param.kind is Kind.PASSWORD else _value_text(value)
        lines.append(Text(f"{param.label.ru} = {shown}", f"{param.label.en} = {shown}"))
    return lines


def values_digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=_value_text, sort_keys=True).encode()).hexdigest()


def _value_text(value: object) -> str:
    if isinstance(value, frozenset | set):
        return ",".join(sorted(str(v) for v in value))
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


@dataclass
class JobContext:
    operation: str  # "status" or "configure"
    retries: int = 2
    configuration: FleetConfiguration | None = None
    backup: bool = True
    waits: ChannelWaits = field(default_factory=ChannelWaits)
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = lambda: datetime.now().astimezone()
    opened: Callable[[DeviceJob], None] | None = None  # told when a session's link is open (its login passed)


async def run_link_job(job: DeviceJob, context: JobContext) -> DeviceOutcome:
    """The device's session and its outcome (failures are outcomes; only cancellation raises)."""
    assert job.channel is not None
    outcome = DeviceOutcome(Result.ERROR, Text("", ""), started=context.now(), channel=job.describe(),
                            delivery=job.delivery.value, module=job.module.value if job.module else None)
    began = context.clock()
    configuring = context.operation == "configure"
    try:
        async with opened_channel(job.channel, job.module, configuring=configuring, waits=context.waits) as link:
            if context.opened is not None:
                context.opened(job)
            _take_cenc_device(outcome, link)
            if configuring:
                await _configure(job, context, link, outcome)
            else:
                await _status(job, context, link, outcome)
    except ConfiguratorError as error:
        if not outcome.message.ru:  # the session had not decided its result yet
            outcome.result, outcome.message = classify(error), error.text
            outcome.server_refused = server_refused_login(error)
        else:  # the session's result stands; the link failed on closing or after it
            outcome.notes.append(error.text)
    finally:
        outcome.finished = context.now()
        outcome.duration = round(context.clock() - began, 3)
    return outcome


def _take_cenc_device(outcome: DeviceOutcome, link: Link) -> None:
    """What the CENC server told about the device: its direct-access port and the meter type it registered."""
    device = getattr(link, "device", None)
    port = getattr(device, "direct_port", None)
    if isinstance(port, int) and port > 0:
        outcome.direct_port = port
    meter = getattr(device, "device_type", None)
    if isinstance(meter, str) and meter:
        outcome.meter_type = meter


def take_snapshot(outcome: DeviceOutcome, snapshot: StatusSnapshot) -> None:
    status, extended = snapshot.status, snapshot.extended
    if status is not None:
        outcome.system_address = status.system_address or None
        outcome.version = status.version_text or None
        if status.version is not None and status.version.module_type is not None:
            outcome.module = status.version.module_type.value
    if extended is not None:
        if extended.signal is not None:
            outcome.signal, outcome.signal_text = extended.signal.code, extended.signal.meaning
        if extended.registration is not None:
            outcome.registration = extended.registration.meaning
        if extended.band is not None:
            outcome.band = extended.band.meaning
    outcome.imei = snapshot.imei or outcome.imei
    outcome.iccid = snapshot.iccid or outcome.iccid
    outcome.ip = snapshot.ip or outcome.ip


def _reported_type(snapshot: StatusSnapshot) -> ModuleType | None:
    version = snapshot.status.version if snapshot.status is not None else None
    return version.module_type if version is not None else None


def _type_mismatch(listed: ModuleType, found: ModuleType) -> Text:
    return Text(f"в списке тип модуля «{listed.label.ru}», а модуль сообщает «{found.label.ru}»",
                f"the list says {listed.label.en}, the module reports {found.label.en}")


async def _status(job: DeviceJob, context: JobContext, link: Link, outcome: DeviceOutcome) -> None:
    assert job.channel is not None
    timeout = job.channel.reply_timeout
    first = await read_status(link, "extended", module=job.module, timeout=timeout, retries=context.retries)
    snapshot = StatusSnapshot(module_hint=job.module).apply(first.reply)
    found = _reported_type(snapshot)
    if found is not None and job.module is not None and found is not job.module:
        outcome.notes.append(_type_mismatch(job.module, found))
    family = found or job.module or first.status.module
    kinds = [kind for kind in status_kinds_for(family) if kind not in ("status", "extended")]
    report = await read_all_status(link, family, kinds=kinds, timeout=timeout, retries=context.retries)
    for reading in report.readings:
        snapshot = snapshot.apply(reading.reply)
    take_snapshot(outcome, snapshot)
    problems = [Text(f"{kind}: {error.text.ru}", f"{kind}: {error.text.en}") for kind, error in report.errors.items()]
    if report.cancelled:
        raise asyncio.CancelledError
    module = found or job.module
    if module is None:
        outcome.notes.append(Text("тип модуля не определён (неизвестная платформа): настройки не прочитаны",
                                  "module type unknown (unknown platform): settings not read"))
    elif not any(isinstance(e, LinkError) for e in report.errors.values()):
        await _settings(job, context, link, module, outcome, problems)
    if outcome.password_ok is False:  # the status was read, but the list's password would configure nothing
        problems.insert(0, Text("пароль модуля не подходит (ошибка 0x02): настроить модуль с ним нельзя",
                                "the module password is refused (error 0x02): the module cannot be configured "
                                "with it"))
    if problems:
        outcome.result = Result.WRONG_PASSWORD if outcome.password_ok is False else Result.PARTIAL
        outcome.message = Text("; ".join(p.ru for p in problems), "; ".join(p.en for p in problems))
    else:
        outcome.result, outcome.message = Result.OK, Text("ОК", "OK")


async def _settings(job: DeviceJob, context: JobContext, link: Link, module: ModuleType, outcome: DeviceOutcome,
                    problems: list[Text]) -> None:
    """The module's settings with the job's password: whether the password is right, and mode, APN, server."""
    assert job.channel is not None
    try:
        reading = await read_module_settings(link, module, job.password, timeout=job.channel.reply_timeout,
                                             retries=context.retries)
    except DeviceError as error:
        if error.code == WRONG_PASSWORD:
            outcome.password_ok = False
        else:
            outcome.notes.append(Text(f"настройки не прочитаны: {error.text.ru}",
                                      f"settings not read: {error.text.en}"))
        return
    except LinkError as error:
        problems.append(Text(f"настройки: {error.text.ru}", f"settings: {error.text.en}"))
        return
    outcome.password_ok = True
    outcome.settings = {key: _value_text(reading.values[key]) for key in SETTINGS_SHOWN if key in reading.values}


async def _configure(job: DeviceJob, context: JobContext, link: Link, outcome: DeviceOutcome) -> None:
    assert job.channel is not None and context.configuration is not None
    timeout = job.channel.reply_timeout
    first = await read_status(link, "status", module=job.module, timeout=timeout, retries=context.retries)
    snapshot = StatusSnapshot(module_hint=job.module).apply(first.reply)
    take_snapshot(outcome, snapshot)
    found = _reported_type(snapshot)
    if found is not None and job.module is not None and found is not job.module:
        outcome.result, outcome.message = Result.INVALID, Text(
            f"{_type_mismatch(job.module, found).ru}: не записано", f"{_type_mismatch(job.module, found).en}: "
            "nothing written")
        return
    module = found or job.module
    if module is None:
        outcome.result, outcome.message = Result.INVALID, Text(
            "тип модуля не определён (неизвестная платформа в версии) и не указан в списке: не записано",
            "the module type is unknown (an unknown platform in its version) and the list gives none: nothing "
            "written")
        return
    values, keys = context.configuration.values_for(module)  # ValidationError: INVALID, nothing sent
    done = await configure_with_backup(link, module, values, job.password, target=target_of(job.channel),
                                       backup=context.backup, only=list(keys), timeout=timeout,
                                       retries=context.retries)
    result = done.result
    outcome.backup = str(done.backup.path) if done.backup is not None and done.backup.path is not None else None
    outcome.parameters = [ParameterOutcome(p.key, p.param.label, p.value_text() if p.param.kind is not Kind.PASSWORD
                                           else (MASKED if p.value else ""), p.outcome.value, p.reason)
                          for p in result.parameters]
    outcome.restarted = result.restarted
    if result.restarted:
        context.waits.mark_restarted(job.channel)
    outcome.result, outcome.message = _configured(result)


def _configured(result: ConfigureResult) -> tuple[Result, Text]:
    summary = Text(result.summary("ru"), result.summary("en"))
    if result.ok:
        return Result.OK, summary
    if result.cancelled:
        return Result.CANCELLED, summary
    if result.password_refused:
        return Result.WRONG_PASSWORD, summary
    applied = any(p.outcome is Outcome.APPLIED for p in result.parameters)
    if result.error is not None and not applied:
        error = result.error.text
        return classify(result.error), Text(f"{error.ru}. {summary.ru}", f"{error.en}. {summary.en}")
    if result.error is not None:
        error = result.error.text
        summary = Text(f"{error.ru}. {summary.ru}", f"{error.en}. {summary.en}")
    return Result.PARTIAL, summary
