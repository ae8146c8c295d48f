"""Configure a communication module and read its status over any link that carries our frames.

    configure_module(link, module, values, password, *, progress, only, timeout) -> ConfigureResult
    read_status(link, kind, password=None, *, module, timeout)                  -> StatusReading
    read_all_status(link, module, *, kinds, timeout)                            -> StatusReport

Configuring: every problem of the values is raised as one ValidationError before a byte is
sent. Then the values are written (as few frames as fit ``max_frame_bytes``; the new passwords
and the operating mode last), read back and compared, and the module is restarted so that they
take effect (the binary counterpart of the MODE SMS command). The result says per parameter
what the module confirmed; nothing counts as applied without the module's word for it.

A write whose reply is lost is settled by reading the values back; only the values still not
applied are written again, and never a frame that changes a password (the module would refuse
the repeat with the old password). Reads are repeated after a timeout.

Cancellation: cancelling the task stops the exchange at once; ``configure_module`` then
*returns* its partial result with ``cancelled=True`` (the task is un-cancelled), because what was
applied matters more than the exception. ``read_all_status`` does the same with its report;
``read_status`` simply raises CancelledError.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence

from app.core.links.base import Link
from app.core.module_results import (
    STATUS_KINDS,
    ConfigureResult,
    Confirmation,
    Outcome,
    ParameterResult,
    StatusReading,
    StatusReport,
)
from app.core.progress import ProgressCallback, ProgressReporter
from app.core.session import Session
from protocols.errors import (
    ConfiguratorError,
    DeviceError,
    LinkClosed,
    LinkTimeout,
    ProtocolError,
    ValidationError,
)
from protocols.meter.iec62056_21 import MeterRefusal
from protocols.module import module_frames as mf
from protocols.module.error_codes import WRONG_PASSWORD, device_error, error_text
from protocols.module.module_codec import MODULE_CODEC
from protocols.module.module_status import StatusSnapshot, extended_status, module_status
from protocols.params import catalogue
from protocols.params.catalogue import Parameter, Problem
from protocols.params.module_types import ModuleType
from protocols.params.param_values import decode_value, encode_value
from protocols.text import Text

#: Write-only: the module keeps them as its passwords; "" means "leave unchanged" and is not sent.
WRITE_ONLY_KEYS = ("new_admin_password", "user_password")
DEFAULT_TIMEOUT = 20.0  # 001 §6.4.3: reply timeout 20 s
ENTRY_OVERHEAD = 3  # code u16 + length u8 per parameter in a write request
FRAME_OVERHEAD = 16  # framing, seq, command, password length, count

T = Text


def _order(params: Iterable[Parameter]) -> list[Parameter]:
    """Catalogue order, then the passwords, then the mode: changing them affects what follows."""
    items = list(params)
    rank = {key: i + 1 for i, key in enumerate((*WRITE_ONLY_KEYS, "mode"))}
    return sorted(items, key=lambda p: rank.get(p.key, 0))


def _selection(values: Mapping[str, object], only: Sequence[str] | None) -> list[str]:
    if only is None:
        return list(values)
    problems = [
        Problem(key, T(f"Нет значения для параметра «{key}»", f"No value given for parameter “{key}”"))
        for key in only
        if key not in values
    ]
    if problems:
        raise ValidationError(problems)
    return list(dict.fromkeys(only))


def plan_configuration(
    module: ModuleType, values: Mapping[str, object], password: str, only: Sequence[str] | None = None
) -> tuple[list[ParameterResult], list[Problem]]:
    """The parameters to write, in writing order, and the warnings; ValidationError lists every problem.

    Without ``only`` (a whole form) the values of fields the others switch off are neither checked nor
    written (catalogue.applicable); keys named in ``only`` are checked and written as asked.
    """
    keys = _selection(values, only)
    if only is None:
        keys = list(catalogue.applicable(module, {key: values[key] for key in keys}))
    problems = catalogue.validate(module, values, checked=keys if only is not None else ())
    if not password:
        problems.append(Problem("", T("Не указан пароль доступа к модулю", "The module access password is missing")))
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ValidationError(errors)
    params = [catalogue.parameter(key) for key in keys]
    chosen = [p for p in _order(params) if not (p.key in WRITE_ONLY_KEYS and values[p.key] == "")]
    if not chosen:
        raise ValidationError([Problem("", T("Нет параметров для передачи", "Nothing to transfer"))])
    return [ParameterResult(p, values[p.key]) for p in chosen], [p for p in problems if not p.is_error]


def _module_type(module: ModuleType | str | None) -> ModuleType | None:
    return ModuleType.from_id(module) if isinstance(module, str) else module


def _keep_running_after_cancel() -> None:
    """The partial result is returned instead of CancelledError: un-cancel the task so it can return it."""
    task = asyncio.current_task()
    if task is not None:
        task.uncancel()


def _chunks(items: list[ParameterResult], encoded: dict[str, bytes], budget: int) -> list[list[ParameterResult]]:
    chunks: list[list[ParameterResult]] = [[]]
    size = FRAME_OVERHEAD
    for item in items:
        need = ENTRY_OVERHEAD + len(encoded[item.key])
        if chunks[-1] and size + need > budget:
            chunks.append([])
            size = FRAME_OVERHEAD
        chunks[-1].append(item)
        size += need
    return chunks


async def configure_module(
    link: Link,
    module: ModuleType | str,
    values: Mapping[str, object],
    password: str,
    *,
    progress: ProgressCallback | None = None,
    only: Sequence[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = 2,
    restart: bool = True,
    max_frame_bytes: int = 512,
) -> ConfigureResult:
    """Write ``values`` (or the keys in ``only``) to the module and report per parameter.

    ``link`` must be open. ``restart=False`` leaves the settings stored but not in effect.
    Link and device failures do not raise: they end the run and are in ``result.error``.
    """
    module = module if isinstance(module, ModuleType) else ModuleType.from_id(module)
    items, warnings = plan_configuration(module, values, password, only)
    encoded = {item.key: encode_value(item.param, item.value) for item in items}
    chunks = _chunks(items, encoded, max_frame_bytes)
    result = ConfigureResult(module, items, warnings)
    run = _Configuration(link, result, encoded, password, timeout, retries)
    run.reporter = ProgressReporter(progress, len(chunks) + 1 + (1 if restart else 0))
    try:
        await run.write(chunks)
        await run.read_back()
        if restart:
            await run.restart()
    except asyncio.CancelledError:
        _keep_running_after_cancel()
        result.cancelled = True
    except ConfiguratorError as error:
        result.error = error
    run.finish(restart_due=restart)
    return result


class _Configuration:
    """One run's state: which password is in force, what was acknowledged, what to read back."""

    def __init__(
        self, link: Link, result: ConfigureResult, encoded: dict[str, bytes], password: str, timeout: float,
        retries: int,
    ) -> None:  # fmt: skip
        self.result, self.encoded = result, encoded
        self.session = Session(link, MODULE_CODEC, timeout=timeout, retries=retries)
        self.passwords = [password]  # the last one is tried first; earlier ones if it is refused
        self.reporter = ProgressReporter(None, 0)

    @property
    def password(self) -> str:
        return self.passwords[-1]

    def _retry_note(self, attempt: int) -> None:
        self.reporter.note(T(f"Нет ответа, повтор ({attempt})", f"No reply, repeating ({attempt})"))

    async def write(self, chunks: list[list[ParameterResult]]) -> None:
        for number, chunk in enumerate(chunks, 1):
            self.reporter.step(T(f"Запись параметров, кадр {number} из {len(chunks)}",
                                 f"Writing parameters, frame {number} of {len(chunks)}"), advance=0)
            await self._write_chunk(chunk)
            self.reporter.step(T("Запись выполнена", "Frame written"))

    async def _write_chunk(self, chunk: list[ParameterResult]) -> None:
        """Write one frame. A lost reply is settled by reading the values back; what is still not
        applied is written again, unless the frame changes a password (a repeat would be refused)."""
        for item in chunk:
            item.outcome = Outcome.NOT_CONFIRMED
            item.reason = T("нет ответа модуля на запись", "no reply from the module to the write")
        pending = list(chunk)
        new_password = next((str(i.value) for i in chunk if i.key == "new_admin_password"), None)
        attempts = 1 if any(i.key in WRITE_ONLY_KEYS for i in chunk) else 1 + self.session.retries
        lost: ConfiguratorError | None = None
        for attempt in range(attempts):
            if attempt:
                self._retry_note(attempt)
            entries = tuple(mf.ParamValue(i.param.code, self.encoded[i.key]) for i in pending)
            password = self.password
            if new_password is not None:
                self.passwords.append(new_password)  # with a lost reply the module may already use it
            try:
                reply = await self.session.request(mf.WriteParamsRequest(password=password, values=entries),
                                                   accept_error=True)  # not repeated: see _settle
            except (LinkTimeout, ProtocolError) as error:
                lost = error
                await self._settle(pending)
                pending = [i for i in pending if i.outcome is not Outcome.APPLIED and i.key not in WRITE_ONLY_KEYS]
                if not pending:
                    return
                continue
            if new_password is not None:
                self.passwords.pop()  # the reply says whether it applied
            if isinstance(reply, mf.ErrorReply):
                for item in pending:
                    item.outcome, item.code, item.reason = Outcome.FAILED, reply.error, error_text(reply.error)
                raise device_error(reply.error)
            assert isinstance(reply, mf.WriteParamsReply)
            self._acknowledge(pending, reply)
            if new_password is not None and self.result.get("new_admin_password").outcome is Outcome.APPLIED:
                self.passwords = [new_password]
            return
        assert lost is not None
        raise lost

    def _acknowledge(self, items: list[ParameterResult], reply: mf.WriteParamsReply) -> None:
        results = {r.code: r.result for r in reply.results}
        for item in items:
            code = results.get(item.param.code)
            if code is None:
                item.reason = T("модуль не ответил на этот параметр", "the module did not answer for this parameter")
            elif code == mf.RESULT_OK:
                item.outcome, item.confirmed_by = Outcome.APPLIED, Confirmation.REPLY
                item.reason = T("подтверждено модулем, не прочитано обратно", "acknowledged, not read back")
            else:
                item.outcome, item.code, item.reason = Outcome.FAILED, code, error_text(code)

    async def _settle(self, items: list[ParameterResult]) -> None:
        """After a lost write reply: read back what the write did (reads are repeated after timeouts)."""
        readable = [i for i in items if i.key not in WRITE_ONLY_KEYS]
        self.reporter.note(T("Нет ответа на запись: проверка чтением", "No reply to the write: reading back"))
        if readable:
            await self._read_and_compare(readable, final=False)
        elif any(i.key == "new_admin_password" for i in items):
            await self._read(())  # which password the module accepts tells whether it changed

    async def read_back(self) -> None:
        items = [
            i for i in self.result.parameters
            if i.key not in WRITE_ONLY_KEYS and i.confirmed_by is not Confirmation.READ_BACK
            and i.outcome in (Outcome.APPLIED, Outcome.NOT_CONFIRMED)
        ]  # fmt: skip
        if items:
            self.reporter.step(T("Чтение параметров для проверки", "Reading the parameters back"), advance=0)
            await self._read_and_compare(items, final=True)
        self.reporter.step(T("Параметры прочитаны", "Parameters read back"))

    async def _read_and_compare(self, items: list[ParameterResult], *, final: bool) -> None:
        per_request = 64  # codes per read request keep the reply well under a frame's size
        for start in range(0, len(items), per_request):
            part = items[start : start + per_request]
            reply = await self._read(tuple(i.param.code for i in part))
            self._compare(part, reply, final=final)

    async def _read(self, codes: tuple[int, ...]) -> mf.ReadParamsReply:
        for password in reversed(self.passwords):
            try:
                reply = await self.session.request(mf.ReadParamsRequest(password=password, codes=codes),
                                                   on_retry=self._retry_note)
            except DeviceError as error:
                from_module = not isinstance(error, MeterRefusal)  # a meter's (ERRnn) is not the module's code
                if from_module and error.code == WRONG_PASSWORD and password != self.passwords[0]:
                    continue
                raise
            self._password_in_force(password)
            assert isinstance(reply, mf.ReadParamsReply)
            return reply
        raise device_error(WRONG_PASSWORD)

    def _password_in_force(self, password: str) -> None:
        """The module accepted ``password``: that settles an unconfirmed password change."""
        if len(self.passwords) > 1:
            for item in self.result.parameters:
                if item.key == "new_admin_password" and item.outcome is Outcome.NOT_CONFIRMED:
                    if password == item.value:
                        item.outcome, item.confirmed_by = Outcome.APPLIED, Confirmation.REPLY
                        item.reason = T("модуль принимает новый пароль", "the module accepts the new password")
                    else:
                        item.outcome = Outcome.FAILED
                        item.reason = T("модуль по-прежнему принимает старый пароль",
                                        "the module still accepts the old password")
        self.passwords = [password]

    def _compare(self, items: list[ParameterResult], reply: mf.ReadParamsReply, *, final: bool) -> None:
        read = {r.code: r for r in reply.results}
        for item in items:
            entry = read.get(item.param.code)
            if entry is None or entry.result != mf.RESULT_OK:
                if entry is not None and item.outcome is Outcome.NOT_CONFIRMED:
                    item.outcome, item.code, item.reason = Outcome.FAILED, entry.result, error_text(entry.result)
                continue  # an acknowledged value the module cannot read out stays confirmed by its reply
            try:
                held = decode_value(item.param, entry.value)
            except ProtocolError as error:
                if item.outcome is Outcome.NOT_CONFIRMED:
                    item.reason = error.text
                continue
            if held == item.value:
                item.outcome, item.confirmed_by, item.reason = Outcome.APPLIED, Confirmation.READ_BACK, None
                continue
            shown = ParameterResult(item.param, held).value_text()
            if final:
                item.outcome, item.confirmed_by = Outcome.FAILED, None
                item.reason = T(f"модуль хранит другое значение: {shown}", f"the module holds another value: {shown}")
            else:
                item.reason = T(f"нет ответа на запись; модуль хранит {shown}",
                                f"no reply to the write; the module holds {shown}")

    async def restart(self) -> None:
        if not any(i.outcome is Outcome.APPLIED for i in self.result.parameters):
            return
        self.result.restarted = False
        if self.result.error is not None:
            return  # part of the transfer is unsettled: applying half a configuration is not ours to decide
        self.reporter.step(T("Перезапуск модуля", "Restarting the module"), advance=0)
        # not repeated (the codec's rule): a repeated restart request is harmless, but a lost reply
        # may mean it already restarts
        await self.session.request(mf.RestartRequest(password=self.password))
        self.result.restarted = True
        self.reporter.step(T("Модуль перезапускается", "The module is restarting"))

    def finish(self, *, restart_due: bool) -> None:
        """Parameters whose write nobody confirmed stay NOT_CONFIRMED; unsent ones say why; applied
        settings without a confirmed restart are reported as not yet in effect."""
        applied = any(i.outcome is Outcome.APPLIED for i in self.result.parameters)
        if restart_due and applied and self.result.restarted is None:
            self.result.restarted = False
        for item in self.result.parameters:
            if item.outcome is Outcome.NOT_SENT and item.reason is None:
                item.reason = T("передача прервана до этого параметра", "the transfer stopped before this parameter")


# --- status ------------------------------------------------------------------------------------

_REQUESTS: dict[str, type[mf.Frame]] = {
    "status": mf.StatusRequest,
    "extended": mf.ExtendedStatusRequest,
    "imei": mf.ImeiRequest,
    "ip": mf.IpRequest,
    "ipv6": mf.Ipv6Request,
    "iccid": mf.IccidRequest,
}
_KIND_LABELS = {
    "status": T("статус", "status"),
    "extended": T("расширенный статус", "extended status"),
    "imei": T("IMEI", "IMEI"),
    "ip": T("текущий IP", "current IP"),
    "ipv6": T("IPv6", "IPv6"),
    "iccid": T("ICCID", "ICCID"),
}


def kind_label(kind: str) -> Text:
    """A status request in words: «расширенный статус», «IMEI» …"""
    return _KIND_LABELS.get(kind, T(kind, kind))


def status_kinds_for(module: ModuleType | None) -> tuple[str, ...]:
    """The status requests a module type answers (IPv6 only on NB-IoT, 000 §8.3)."""
    if module is not None and not module.is_nb_iot:
        return tuple(k for k in STATUS_KINDS if k != "ipv6")
    return STATUS_KINDS


def check_status_kind(kind: str, module: ModuleType | None) -> None:
    if kind not in _REQUESTS:
        raise ValidationError([T(f"Неизвестный запрос состояния: {kind}; доступны: {', '.join(STATUS_KINDS)}",
                                 f"Unknown status request: {kind}; available: {', '.join(STATUS_KINDS)}")])
    if kind not in status_kinds_for(module):
        assert module is not None
        raise ValidationError([T(
            f"Запрос IPv6 доступен только для модулей NB-IoT, а выбран «{module.label.ru}»",
            f"The IPv6 request is available for NB-IoT modules only, not for {module.label.en}")])


async def read_status(
    link: Link,
    kind: str,
    password: str | None = None,
    *,
    module: ModuleType | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = 2,
) -> StatusReading:
    """One status request (``kind`` in STATUS_KINDS) with repeats after a timeout.

    Status requests of our frames carry no password (unlike the SMS queries); ``password`` is
    accepted so that every delivery method is called alike. ``module`` (the user's choice) picks
    the decode tables when the version string does not name the platform, and refuses IPv6 for
    GSM modules before anything is sent.
    """
    del password  # not part of status requests, see above
    chosen = _module_type(module)
    check_status_kind(kind, chosen)
    session = Session(link, MODULE_CODEC, timeout=timeout, retries=retries)
    try:
        reply = await session.request(_REQUESTS[kind]())
    except DeviceError as error:
        what = _KIND_LABELS[kind]
        text = T(f"Запрос «{what.ru}»: {error.text.ru}", f"Request “{what.en}”: {error.text.en}")
        raise DeviceError(error.code, text) from error
    assert isinstance(reply, mf.ModuleInfoReply)
    status = module_status(reply, chosen)
    if isinstance(reply, mf.ExtendedStatusReply):
        return StatusReading(kind, reply, status, extended=extended_status(reply, chosen))
    value = {mf.ImeiReply: "imei", mf.IpReply: "ip", mf.Ipv6Reply: "ipv6", mf.IccidReply: "iccid"}.get(type(reply))
    return StatusReading(kind, reply, status, value=getattr(reply, value) if value else None)


async def read_all_status(
    link: Link,
    module: ModuleType | str | None = None,
    *,
    kinds: Sequence[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = 2,
    progress: ProgressCallback | None = None,
) -> StatusReport:
    """Several status requests in a row, gathered as the status panel shows them.

    A refused or unanswered request is recorded and the next one is tried; a lost link ends the run.
    """
    chosen = _module_type(module)
    wanted = list(kinds) if kinds is not None else list(status_kinds_for(chosen))
    for kind in wanted:
        check_status_kind(kind, chosen)
    report = StatusReport(StatusSnapshot(module_hint=chosen))
    reporter = ProgressReporter(progress, len(wanted))
    try:
        for kind in wanted:
            reporter.note(T(f"Запрос: {_KIND_LABELS[kind].ru}", f"Request: {_KIND_LABELS[kind].en}"))
            try:
                reading = await read_status(link, kind, module=chosen, timeout=timeout, retries=retries)
            except LinkClosed as error:
                report.errors[kind] = error
                break
            except ConfiguratorError as error:
                report.errors[kind] = error
            else:
                report.readings.append(reading)
                report.snapshot = report.snapshot.apply(reading.reply)
            reporter.step(_KIND_LABELS[kind])
    except asyncio.CancelledError:
        _keep_running_after_cancel()
        report.cancelled = True
    return report
