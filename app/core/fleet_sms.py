"""The SMS rows of a fleet: one batch through the PC's GSM modem, with the list's phones.

    await run_sms_jobs(jobs, record, stop, SmsFleetSettings(operation, modem, checks, …))

The batch engine is the one ``sms-send`` and ``sms-query`` use (app/core/sms_delivery.py): every
phone's SMS go out first, the replies are collected as they come. Each phone gets its own texts — its
module's password from the list, its module type's commands. A status run asks the documented
queries (MODE, APN, DNS, TIMEOUT, RESET: SMS cannot read a module's radio status); a configuration
run sends the configuration's commands. Each device's outcome is recorded the moment its phone has
nothing more to wait for; the ones still waiting when the batch ends (the wait limit, or «Отмена») get
theirs then. A device whose settings do not fit its module type is refused before anything is sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from app.core.fleet_jobs import FleetConfiguration
from app.core.fleet_plan import DeviceJob
from app.core.fleet_results import DeviceOutcome, Result, classify
from app.core.links.at_modem import AtModem
from app.core.modem_preflight import PreflightOptions
from app.core.sms_delivery import deliver_configuration
from app.core.sms_query import query_settings_by_sms, reported_values
from app.core.sms_results import DeliveryResult, PhoneResult, PhoneStatus
from protocols.errors import ConfiguratorError
from protocols.module.error_codes import WRONG_PASSWORD
from protocols.sms.sms_commands import plan_sms_texts
from protocols.text import Text

Record = Callable[[DeviceJob, DeviceOutcome], None]


@dataclass
class SmsFleetSettings:
    operation: str  # "status" or "configure"
    modem: AtModem  # not opened: the batch opens and checks it
    checks: PreflightOptions
    wait_limit: float | None
    configuration: FleetConfiguration | None = None
    default_password: str = ""
    now: Callable[[], datetime] = lambda: datetime.now().astimezone()


def _outcome(job: DeviceJob, phone: PhoneResult, started: datetime, now: datetime, *, status: bool,
             stopped: bool = False) -> DeviceOutcome:
    outcome = DeviceOutcome(Result.OK, Text("ОК", "OK"), started=started, finished=now, channel=job.describe(),
                            delivery="sms", module=job.module.value if job.module else None)
    outcome.duration = round((now - started).total_seconds(), 3)
    kind = phone.status
    if status:
        values = reported_values(phone)
        outcome.settings = {key: str(values[key]) for key in ("mode", "apn", "server", "port") if key in values}
        outcome.password_ok = True if values else None
    if kind is PhoneStatus.APPLIED:
        return outcome
    outcome.message = phone.describe()
    if kind is PhoneStatus.ERROR:
        refused = phone.error_code == WRONG_PASSWORD
        outcome.result = Result.WRONG_PASSWORD if refused else Result.REFUSED
        if refused:
            outcome.password_ok = False
    elif kind is PhoneStatus.NO_REPLY:
        outcome.result = Result.CANCELLED if stopped else Result.NO_REPLY
    else:  # not sent: stopped before it, or the modem would not send it
        outcome.result = Result.CANCELLED if stopped else Result.ERROR
    if kind is not PhoneStatus.NO_REPLY and any(c.reply is not None for c in phone.commands):
        outcome.result = Result.PARTIAL if outcome.result is Result.ERROR else outcome.result
    return outcome


def _texts(jobs: Sequence[DeviceJob], configuration: FleetConfiguration) -> tuple[dict[str, list[str]],
                                                                                      dict[str, Text]]:
    """Each phone's SMS texts for its module type and password; the phones refused, and why."""
    texts: dict[str, list[str]] = {}
    refused: dict[str, Text] = {}
    for job in jobs:
        assert job.module is not None  # planning refuses SMS rows without a type
        try:
            values, keys = configuration.values_for(job.module)
            plan = plan_sms_texts(job.module, values, job.password, only=set(keys))
        except ConfiguratorError as error:
            refused[job.phone] = error.text
            continue
        if not plan.texts:
            refused[job.phone] = Text("нечего отправлять: модуль не знает ни одной из команд",
                                      "nothing to send: the module knows none of these commands")
            continue
        texts[job.phone] = plan.texts
    return texts, refused


async def run_sms_jobs(jobs: Sequence[DeviceJob], record: Record, stop: asyncio.Event,
                       settings: SmsFleetSettings) -> None:
    by_phone = {job.phone: job for job in jobs}
    started = settings.now()
    status = settings.operation == "status"
    recorded: set[str] = set()

    def settled(phone: PhoneResult) -> None:
        job = by_phone.get(phone.phone)
        if job is not None and phone.phone not in recorded:
            recorded.add(phone.phone)
            record(job, _outcome(job, phone, started, settings.now(), status=status))

    try:
        if status:
            query = await query_settings_by_sms(
                settings.modem, list(by_phone), settings.default_password, wait_limit=settings.wait_limit,
                stop=stop, checks=settings.checks, passwords={j.phone: j.password for j in jobs}, settled=settled)
            delivery: DeliveryResult = query.delivery
        else:
            assert settings.configuration is not None
            texts, refused = _texts(jobs, settings.configuration)
            for number, why in refused.items():
                now = settings.now()
                recorded.add(number)
                record(by_phone[number], DeviceOutcome(Result.INVALID, why, started=now, finished=now,
                                                       channel=by_phone[number].describe(), delivery="sms"))
            if not texts:
                return
            delivery = await deliver_configuration(settings.modem, list(texts), texts, wait_limit=settings.wait_limit,
                                                   stop=stop, checks=settings.checks, settled=settled)
    except ConfiguratorError as error:  # the modem could not be used at all
        now = settings.now()
        for job in jobs:
            if job.phone not in recorded:
                record(job, DeviceOutcome(classify(error), error.text, started=started, finished=now,
                                          channel=job.describe(), delivery="sms"))
        return
    finally:
        await settings.modem.close()
    now = settings.now()
    for result in delivery.phones:
        left = by_phone.get(result.phone)
        if left is None or result.phone in recorded:
            continue
        outcome = _outcome(left, result, started, now, status=status, stopped=delivery.cancelled)
        if delivery.stop_reason is not None:  # the modem's checks failed: nothing was sent
            outcome.result, outcome.message = Result.NO_CONNECTION, delivery.stop_reason
        recorded.add(result.phone)
        record(left, outcome)
