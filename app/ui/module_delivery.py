"""The module workspace's bridge to app/core: one function per operation, typed results out.

Functions here take what the widgets hold (values, passwords, connection settings), call the
app/core operation, and turn its typed result into rows and texts for the widgets. No protocol
rule lives here: validation, SMS texts, frames and reply decoding are the lower layers'.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import master_sim, modem_storage
from app.core.backups import BackupFailed
from app.core.links import open_modem
from app.core.links.at_modem import AtModem, StoredMessage
from app.core.links.base import Link
from app.core.links.channels import SerialChannel
from app.core.links.ports import list_serial_ports
from app.core.modem_checks import CheckState, PreflightResult
from app.core.modem_detect import detect_modems
from app.core.modem_preflight import PinRequest, PinSource, PreflightOptions, Purpose, prepare_modem
from app.core.module_ops import kind_label, read_all_status, status_kinds_for
from app.core.module_ops import read_status as core_read_status
from app.core.module_results import ConfigureResult, Outcome, ParameterResult
from app.core.module_settings_read import configure_with_backup
from app.core.phone_list import PhoneList, load_phones, normalise_phones, phones_or_error, save_phones
from app.core.progress import Progress, ProgressCallback
from app.core.sms_delivery import deliver_configuration, mask_password
from app.core.sms_query import query_settings_by_sms, reported_parameters
from app.core.sms_results import DeliveryResult, PhoneStatus, reports_note
from app.ui.i18n import language, pick
from app.ui.modem_check_widgets import PinDialog
from app.ui.phone_panel import DEFAULT_CONFIRMATION_WAIT, phone_label
from protocols.errors import ConfiguratorError, LinkError, ValidationError
from protocols.module.module_status import StatusSnapshot
from protocols.params import param_values
from protocols.params.catalogue import parameter
from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware
from protocols.sms.sms_text_reader import read_sms_texts
from protocols.text import Text

if TYPE_CHECKING:
    from app.ui.module_workspace import ModuleWorkspace


@dataclass
class TransferOutcome:
    rows: list[tuple[str, str, bool | None]]  # (parameter or phone, result text, ok / None = unknown)
    summary: str
    ok: bool
    restarted: bool = False  # the module confirmed its restart: it is starting up now
    complete: bool = True  # ran to its end (some rows may have failed); False: stopped early
    password_refused: bool = False  # the module refused the access password (0x02): the run stopped
    backup: Path | None = None  # where what the module held before is kept
    warnings: list[str] = field(default_factory=list)  # e.g. what the modem's checks warned of


@dataclass
class SimContent:
    texts: list[str]  # masked
    module: ModuleType | None  # the module type the values were read for; None: nothing to load
    values: dict[str, object] = field(default_factory=dict)
    summary: str = ""
    ok: bool = True
    differs: list[str] = field(default_factory=list)  # keys whose SIM value differs from the form


@dataclass(frozen=True)
class FoundModem:
    port: str
    baud: int
    name: str
    port_label: str  # as the port list shows it: "USB-SERIAL CH340 (COM7)"
    checks: PreflightResult | None = None


# --- phone lists ------------------------------------------------------------------------------
def _load_phone_file(path: Path) -> PhoneList:
    loaded = load_phones(path)
    phones_or_error(loaded)  # every bad row named, nothing loaded
    return loaded


def _check_phone(text: str) -> str:
    """A number typed in the field: refused with the reason, for the field (it has no line number)."""
    if not text.strip():
        raise ValidationError([Text("Введите номер телефона", "Type a phone number")])
    return normalise_phones([text])[0]


PhoneListFunctions = tuple[Callable[[Path], PhoneList], Callable[[Path, list[str], dict[str, str]], None],
                           Callable[[str], str]]


def phone_list_functions() -> PhoneListFunctions:
    return _load_phone_file, save_phones, _check_phone


# --- configuration over a frame link (TCP/IP, CENC, direct channel) ------------------------------
def shown_value(item: ParameterResult) -> str:
    """A sent value as the form shows it: choices and flags by their labels, switches in words."""
    return pick(param_values.shown_value(item.param, item.value))


def configure_outcome(result: ConfigureResult) -> TransferOutcome:
    lang = language()
    rows: list[tuple[str, str, bool | None]] = []
    for item in result.parameters:
        text = item.outcome.label.get(lang)
        if item.reason is not None:
            text += f" — {item.reason.get(lang)}"
        ok = None if item.outcome is Outcome.NOT_CONFIRMED else item.outcome is Outcome.APPLIED
        rows.append((f"{pick(item.param.label)} = {shown_value(item)}", text, ok))
    extra = [line for line in result.lines(lang) if line.startswith("!")]
    if result.password_refused:
        extra = [Text("Введите действующий пароль в поле «Пароль доступа администратора» (заводской — 12345678).",
                      "Type the module's current password in “Administrator password” (factory: 12345678)."
                      ).get(lang)]
    elif result.restarted is not None or result.cancelled or result.error is not None:
        extra = result.lines(lang)[len(result.parameters):-1]
    summary = "\n".join([result.summary(lang), *extra])
    return TransferOutcome(rows, summary, result.ok, restarted=result.restarted is True,
                           complete=result.error is None and not result.cancelled,
                           password_refused=result.password_refused)


@dataclass(frozen=True)
class BackupRefusal:
    """The module could not be read for the backup: nothing was written; the user decides."""

    error: BackupFailed


async def configure(link: Link, timeout: float, module: ModuleType, values: dict[str, object], password: str,
                    progress: ProgressCallback, *, target: str, backup: bool = True) -> TransferOutcome | BackupRefusal:
    """Back the module's settings up (unless the user chose not to), then write the form."""
    try:
        done = await configure_with_backup(link, module, values, password, target=target, backup=backup,
                                           progress=progress, timeout=timeout)
    except BackupFailed as error:
        return BackupRefusal(error)
    outcome = configure_outcome(done.result)
    outcome.summary = "\n".join([outcome.summary, *done.lines(language())])
    outcome.backup = done.backup.path if done.backup is not None else None
    return outcome


async def read_status(link: Link, timeout: float, kind: str, password: str, module: ModuleType,
                      snapshot: StatusSnapshot) -> StatusSnapshot:
    reading = await core_read_status(link, kind, password, module=module, timeout=timeout)
    return snapshot.apply(reading.reply)


@dataclass
class StatusOutcome:
    snapshot: StatusSnapshot
    problems: list[str]  # requests that failed, with the reason (empty: every one answered)


async def read_every_status(link: Link, timeout: float, module: ModuleType,
                            progress: ProgressCallback) -> StatusOutcome:
    """«Запросить всё»: every status request of this module type, one after the other, into one panel."""
    report = await read_all_status(link, module, kinds=status_kinds_for(module), timeout=timeout, progress=progress)
    lang = language()
    problems = [f"{kind_label(kind).get(lang)}: {error.message(lang)}" for kind, error in report.errors.items()]
    if report.cancelled:
        problems.append(Text("Операция отменена", "Cancelled").get(lang))
    return StatusOutcome(report.snapshot, problems)


# --- the PC's GSM modem: SMS batches ---------------------------------------------------------------
def _modem(page: ModuleWorkspace) -> AtModem:
    settings = page.delivery.modem
    if not settings.port_name():
        raise ValidationError([Text("Не указан COM-порт модема: нажмите «Определить модем» или выберите порт",
                                    "The modem's COM port is missing: press “Detect modem” or choose the port")])
    modem = open_modem(SerialChannel(settings.port_name(), settings.baud_rate(), float(settings.timeout.value())))
    modem.link.listeners.append(page.context.log.listener(pick(Text("Модем", "Modem"))))
    return modem


def modem_for(page: ModuleWorkspace) -> AtModem:
    """The PC's modem as the connection settings name it (not opened yet)."""
    return _modem(page)


def _pin_source(page: ModuleWorkspace) -> PinSource:
    """The PIN the user asked to remember (never for the last try), else the PIN dialog."""
    settings = page.delivery.modem

    async def give(request: PinRequest) -> str | None:
        if settings.remember_pin and settings.pin and request.tries_left != 1:
            return settings.pin
        answer = await PinDialog(page, request, prefill=settings.pin).ask()
        if answer is None:
            return None
        settings.keep_pin(*answer)
        return answer[0]

    return give


def modem_checks(page: ModuleWorkspace, progress: ProgressCallback | None = None) -> PreflightOptions:
    """The modem's checks with the settings of «Настройки соединения»; shown as they go."""
    settings = page.delivery.modem

    def update(result: PreflightResult) -> None:
        settings.checks.show_result(result)
        if result.pin_rejected:
            settings.forget_pin()
        waiting = next((c for c in result.checks if c.state is CheckState.WAITING), None)
        if waiting is not None and progress is not None:
            progress(Progress(0, 0, waiting.line()))

    return PreflightOptions(
        pin=_pin_source(page), smsc=settings.smsc.text().strip(),
        waits=replace(page.context.modem_waits, limit=float(settings.wait.value())),
        on_update=update,
        smsc_hint=Text("Укажите номер SMS-центра оператора в поле «SMS-центр» настроек модема.",
                       "Give the operator's service-centre number in the modem's «SMS centre» field."),
    )


@asynccontextmanager
async def _ready_modem(page: ModuleWorkspace, progress: ProgressCallback | None = None) -> AsyncIterator[AtModem]:
    """The modem opened, checked (the SIM: Master SIM and the storage need no more) and set up."""
    modem = _modem(page)
    try:
        state = await prepare_modem(modem, Purpose.SIM, modem_checks(page, progress))
        if state.stop is not None:
            raise (LinkError if state.unreachable else ConfiguratorError)(state.stop)
        yield modem
    finally:
        await modem.close()


def stopped_lines(result: DeliveryResult) -> list[str]:
    if result.stop_reason is None:
        return []
    return [Text(f"Ничего не отправлено: {result.stop_reason.ru}", f"Nothing was sent: {result.stop_reason.en}")
            .get(language())]


def phone_outcome(result: DeliveryResult, names: dict[str, str] | None = None) -> TransferOutcome:
    """One row per phone, named as the phone list names it (its verdict, with what the SMS delivery
    reports say when it did not answer) and the summary."""
    lang = language()
    rows: list[tuple[str, str, bool | None]] = []
    for phone in result.phones:
        status = phone.status
        ok = True if status is PhoneStatus.APPLIED else None if status is PhoneStatus.NO_REPLY and \
            result.cancelled else False
        rows.append((phone_label(phone.phone, names or {}), phone.describe().get(lang), ok))
    done = len(result.by_status(PhoneStatus.APPLIED))
    summary = Text(f"Настройки применены: {done} из {len(result.phones)}",
                   f"Settings applied: {done} of {len(result.phones)}").get(lang)
    notes = [*stopped_lines(result), *(w.get(lang) for w in result.warnings)]
    undelivered = [p.phone for p in result.phones if p.status is PhoneStatus.NO_REPLY and p.undelivered]
    if undelivered:
        notes.append(Text(f"Номера, на которые SMS не доставлено: {len(undelivered)}",
                          f"Numbers the SMS did not reach: {len(undelivered)}").get(lang))
    note = reports_note(result)
    if note is not None:
        notes.append(note.get(lang))
    if result.link_error is not None:
        notes.append(result.link_error.get(lang))
    if result.cancelled and result.stop_reason is None:
        notes.append(Text("Ожидание ответов прервано", "Waiting for replies was cancelled").get(lang))
    for sender, text in result.unmatched:
        notes.append(Text(f"SMS не из списка: {sender}: {text}", f"SMS from outside the list: {sender}: {text}")
                     .get(lang))
    warnings = [pick(w) for w in result.preflight.warnings] if result.preflight is not None else []
    return TransferOutcome(rows, "\n".join([summary, *notes]), result.ok, complete=result.stop_reason is None,
                           warnings=warnings)


async def send_sms_batch(page: ModuleWorkspace, texts: list[str], phones: list[str], wait_limit: float | None,
                         progress: ProgressCallback, stop: asyncio.Event) -> TransferOutcome:
    modem = _modem(page)
    try:  # the batch opens and checks the modem itself: whatever fails, each phone gets its line
        result = await deliver_configuration(modem, phones, texts, wait_limit=wait_limit, progress=progress,
                                             stop=stop, poll_interval=2.0, checks=modem_checks(page, progress))
    finally:
        await modem.close()
    return phone_outcome(result, page.phones.names())


# --- the modem's SMS storage («Дополнительно») ---------------------------------------------------
def _message_row(message: StoredMessage) -> tuple[str, str, str, str]:
    sms = message.sms
    sender = str(getattr(sms, "sender", "") or getattr(sms, "destination", "") or "")
    moment = getattr(sms, "timestamp", None)
    when = moment.strftime("%d.%m.%Y %H:%M:%S") if moment is not None else ""
    text = message.text if sms is not None else pick(message.problem or Text("не читается", "unreadable"))
    return str(message.index), sender, when, text


async def list_storage(page: ModuleWorkspace, storage: str) -> list[tuple[str, str, str, str]]:
    async with _ready_modem(page) as modem:
        listing = await modem_storage.list_storage(modem, storage)
        return [_message_row(m) for m in listing.messages]


async def clear_storage(page: ModuleWorkspace, storage: str, progress: ProgressCallback) -> int:
    async with _ready_modem(page, progress) as modem:
        return await modem_storage.clear_storage(modem, storage, progress=progress)


# --- Master SIM ------------------------------------------------------------------------------------
async def write_master_sim(page: ModuleWorkspace, texts: list[str], progress: ProgressCallback) -> TransferOutcome:
    async with _ready_modem(page, progress) as modem:
        await master_sim.write_master_sim(modem, texts, progress=progress)
        check = await master_sim.verify_master_sim(modem, texts)
    rows: list[tuple[str, str, bool | None]] = []
    for number, text in enumerate(texts, 1):
        stored = number <= len(check.found) and check.found[number - 1] == text
        rows.append((f"SMS {number}: {mask_password(text)}", pick(Text("записано", "written") if stored
                                                                  else Text("не совпадает", "differs")), stored))
    ok = check.found == check.expected
    verdict = Text("совпадает", "matches") if ok else Text("расходится", "differs")
    summary = Text(f"На SIM-карту записано SMS: {len(texts)}; проверка чтением: {verdict.ru}",
                   f"SMS written to the SIM: {len(texts)}; read-back check: {verdict.en}")
    return TransferOutcome(rows, pick(summary), ok)


async def read_master_sim(page: ModuleWorkspace, module: ModuleType, form: dict[str, object],
                          progress: ProgressCallback) -> SimContent:
    """The SIM's settings SMS (masked), the values they set for `module`, and how they compare with
    the form's values `form`."""
    async with _ready_modem(page, progress) as modem:
        content = await master_sim.read_master_sim(modem)
    texts = [mask_password(t) for t in content.texts]
    read = read_sms_texts(module, content.texts)
    lang = language()
    lines = [Text(f"На SIM-карте настроек: {len(texts)} SMS (занято {content.used_slots} из {content.total_slots})",
                  f"Settings on the SIM: {len(texts)} SMS ({content.used_slots} of {content.total_slots} slots used)"
                  ).get(lang)]
    lines += [p.get(lang) for p in read.problems]
    differs = [key for key, value in read.values.items() if form.get(key) != value]
    if read.values:
        if differs:
            names = ", ".join(pick(parameter(k).label) for k in differs)
            lines.append(Text(f"Отличаются от формы: {names}", f"Differ from the form: {names}").get(lang))
        else:
            lines.append(Text("Совпадают с формой настроек", "They match the settings form").get(lang))
    return SimContent(texts, module if read.values else None, read.values, "\n".join(lines),
                      bool(texts) and read.ok, differs)


# --- settings by SMS («Чтение состояния» with the SMS method) -------------------------------------
@dataclass
class SmsSettingsOutcome:
    rows: list[tuple[str, str, bool | None, dict[str, str]]]  # phone, result, ok, {column: value}
    summary: str
    warnings: list[str]
    ok: bool


def sms_settings_columns() -> list[str]:
    """The columns of the settings read by SMS: the parameters the queries' replies report."""
    return [pick(param.short_label) for param in reported_parameters()]


async def query_sms_settings(page: ModuleWorkspace, phones: list[str], password: str,
                             firmware: Firmware | None, wait_limit: float | None,
                             progress: ProgressCallback, stop: asyncio.Event) -> SmsSettingsOutcome:
    modem = _modem(page)
    try:
        result = await query_settings_by_sms(modem, phones, password, wait_limit=wait_limit, firmware=firmware,
                                             progress=progress, stop=stop, poll_interval=2.0,
                                             checks=modem_checks(page, progress))
    finally:
        await modem.close()
    lang, names = language(), page.phones.names()
    rows: list[tuple[str, str, bool | None, dict[str, str]]] = []
    for phone in result.phones:
        status = phone.status
        ok = True if status is PhoneStatus.APPLIED else None if status is PhoneStatus.NO_REPLY and \
            result.delivery.cancelled else False
        cells = {label.get(lang): value.get(lang) for label, value in phone.rows()}
        rows.append((phone_label(phone.phone, names), phone.describe().get(lang), ok, cells))
    answered = len(result.delivery.by_status(PhoneStatus.APPLIED))
    summary = Text(f"Ответили на все запросы: {answered} из {len(phones)}",
                   f"Answered every query: {answered} of {len(phones)}").get(lang)
    notes = [*stopped_lines(result.delivery), *(w.get(lang) for w in [*result.warnings, *result.delivery.warnings])]
    if result.delivery.link_error is not None:
        notes.append(result.delivery.link_error.get(lang))
    return SmsSettingsOutcome(rows, summary, notes, result.ok)


# --- modem detection -------------------------------------------------------------------------------
async def detect_modem(page: ModuleWorkspace) -> FoundModem | None:
    listed = list_serial_ports()
    labels = {info.device: info.label for info in listed}
    ports = [info.device for info in listed]
    typed = page.delivery.modem.port_name()
    if typed and typed not in ports:
        ports.append(typed)  # a port the list does not show (e.g. a virtual one)
    result = await detect_modems(ports)
    if not result.modems:
        return None
    found = result.modems[0]
    return FoundModem(found.port, found.baud, found.identity.describe(), labels.get(found.port, found.port),
                      found.preflight)


# --- demo ------------------------------------------------------------------------------------------
def demo_prefill(page: ModuleWorkspace, endpoints: dict[str, str]) -> None:
    """Fill the connection settings with the simulators' addresses (``--demo``)."""
    d = page.delivery
    if "tcp_host" in endpoints:
        d.tcp.host.setText(endpoints["tcp_host"])
        d.tcp.port.setValue(int(endpoints["tcp_port"]))
    if "cenc_host" in endpoints:
        s = d.cenc.settings
        s.host, s.port, s.user = endpoints["cenc_host"], int(endpoints["cenc_port"]), endpoints["cenc_user"]
        s.password, s.by_serial, s.device = endpoints["cenc_password"], True, endpoints["cenc_serial"]
        d.cenc.update_summary()
    if "direct_port" in endpoints:
        d.direct.port.setEditText(endpoints["direct_port"])
        d.direct.meter_password.setText(endpoints["meter_password"])
        d.direct.baud.setEditText("9600")
        d.direct.protocol.setCurrentIndex(d.direct.protocol.findData("iec"))
    if "modem_port" in endpoints:
        d.modem.port.setEditText(endpoints["modem_port"])
        d.modem.baud.setEditText("115200")
        page.phones.set_phones([p for p in endpoints.get("phones", "").split(",") if p])
        page.phones.limit.setChecked(True)
        page.phones.wait.setValue(DEFAULT_CONFIRMATION_WAIT)  # the manual recommends at least 60 s
    d.set_method(Method.TCP)
