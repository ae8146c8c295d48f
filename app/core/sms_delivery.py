"""Configuring modules by SMS through the PC's GSM modem (GSM manual §6.4.1.2): a batch to many phones.

Every command SMS goes to every phone without waiting for any phone's replies; replies are
collected as they arrive (+CMTI indications, plus a periodic +CMGL poll in case an indication
was lost), matched by the sender's number, parsed, and deleted from the modem's storage so a
30-slot SIM does not fill up during a large batch. The wait after sending is limited to
``wait_limit`` seconds, or lasts until every phone answered or ``stop`` is set (the Cancel button).

Per phone: APPLIED (every command answered, no error), ERROR (an Appendix A code in a reply, or a
reply that could not be understood), NO_REPLY (which commands were not answered) or NOT_SENT
(which commands the modem did not accept or never got, and why; a command the modem took but
did not confirm, because it went silent or the link was lost, is reported as unconfirmed: it may
have reached the module).

Before the first SMS, when ``checks`` are given, the modem is opened, started and checked
(app.core.modem_preflight: SIM and PIN, network, signal, SMS centre, storage; the SIM and the
network waited for); a failed check sends nothing and every command says so. An SMS the modem
refuses for a passing reason (SIM busy, no network for a moment, unknown error 500) is tried again
after ``ModemWaits.retry_pauses`` before the phone is marked not sent; a modem that stops answering
altogether ends the sending. Whatever fails, the result is returned with every phone's account:
what was sent to whom and which replies arrived.

Delivery reports: every SMS asks the network for a status report (TP-SRR) when the modem agrees
to pass them on (+CNMI ds=1: ``+CDS``; ds=2: ``+CDSI``, read with AT+CMGR and deleted; neither:
no reports, nothing else changes). Reports are matched to the SMS by phone and message reference
(each part of a long SMS has its own), so an unanswered command says whether its SMS reached the
module (and when), is still being tried, or was given up by the network (TP-Status in words). A
phone whose unanswered SMS all failed for good is not waited for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from app.core.links.at_modem import AtModem, PromptTimeout, SendUnconfirmed
from app.core.modem_preflight import DEFAULT_WAITS, ModemWaits, PreflightOptions, Purpose, prepare_modem
from app.core.phone_list import normalise_phone
from app.core.progress import ProgressCallback, ProgressReporter
from app.core.sms_results import (
    CommandOutcome,
    DeliveryResult,
    DeliveryState,
    PhoneResult,
    PhoneStatus,
)
from protocols.errors import ConfiguratorError, LinkError, LinkTimeout, ProtocolError
from protocols.modem.at_commands import AtError, MessageStatus
from protocols.sms.sms_commands import SmsReply, mask_sms_secrets, not_understood, parse_sms_reply
from protocols.sms.sms_grammar import resolve_command
from protocols.sms.sms_pdu import ConcatAssembler, ReportOutcome, SmsDeliver, SmsStatusReport
from protocols.text import Text

ReplyParser = Callable[[str], SmsReply]


def command_name(text: str) -> str:
    words = text.split(None, 2)
    word = words[1] if len(words) > 1 else (words[0] if words else "?")
    item = resolve_command(word)
    return item.name if item is not None else word.upper()


def mask_password(text: str) -> str:
    """The SMS with its access password and any password value masked (for lists, logs, results)."""
    return mask_sms_secrets(text)


def reply_key(command: str) -> str:
    """The key a reply to ``command`` starts with (USER and PSW answer ``APN:``, PORT answers ``DNS:``)."""
    item = resolve_command(command)
    return command if item is None else item.reply_key


def _phone_key(number: str) -> str:
    try:
        return normalise_phone(number)
    except ValueError:
        return number.strip()


def _tail(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())[-9:]


class _ReplyCollector:
    """Reads incoming SMS from the modem and files them under the phones of the batch."""

    def __init__(
        self, modem: AtModem, result: DeliveryResult, parse: ReplyParser, reporter: ProgressReporter,
        keep_replies: bool,
    ) -> None:
        self.modem, self.result, self.parse, self.reporter = modem, result, parse, reporter
        self.keep_replies = keep_replies
        self.by_phone = {_phone_key(p.phone): p for p in result.phones}
        self.assembler = ConcatAssembler()
        self.changed = asyncio.Event()
        self.failure: LinkError | None = None
        # (index, PDU) of messages already filed or there before the batch: never filed (again).
        self.seen: set[tuple[int, bytes]] = set()
        self.full_sweep = False  # after a lost listing: AT+CMGL=0 had marked those messages read
        self.stopping = False
        self.read_storage = ""  # the storage AT+CMGR/AT+CMGD work on ("" not known)
        # (phone, TP-MR) → (command, part number) of every SMS sent; reports not matched yet.
        self.submissions: dict[tuple[str, int], list[tuple[CommandOutcome, int]]] = {}
        self.orphan_reports: list[tuple[SmsStatusReport, datetime]] = []
        self.on_settled: Callable[[PhoneResult], None] | None = None
        self.sent: set[str] = set()  # phones whose SMS have all been handed to the modem (or refused)
        self.announced: set[str] = set()

    def announce(self) -> None:
        """Tell ``on_settled`` of each phone with nothing more to wait for, once (a fleet journals it at once)."""
        if self.on_settled is None:
            return
        for phone in self.result.phones:
            if phone.phone in self.sent and phone.phone not in self.announced and phone.settled:
                self.announced.add(phone.phone)
                self.on_settled(phone)

    async def run(self, poll_interval: float) -> None:
        modem = self.modem
        while self.failure is None and not self.stopping:
            # asyncio.wait, not wait_for: Python 3.11's wait_for can swallow a cancellation.
            waiter = asyncio.ensure_future(modem.arrivals.wait())
            try:  # else poll: an indication may be lost
                done, _ = await asyncio.wait([waiter], timeout=poll_interval)
            finally:
                waiter.cancel()
            modem.arrivals.clear()
            new_messages = not done or not modem.indications.empty()
            while not modem.indications.empty():
                modem.indications.get_nowait()
            self.file_reports()
            while not modem.report_indications.empty() and not self.stopping and self.failure is None:
                await self._fetch_report(*modem.report_indications.get_nowait())
            if new_messages and not self.stopping:
                await self.sweep()

    def _lost(self, error: LinkError) -> None:
        """The modem is gone: the batch stops waiting."""
        self.failure = error
        self.changed.set()

    # -- status reports ------------------------------------------------------------------------------
    def file_reports(self) -> None:
        """File the status reports the modem passed on (+CDS) since the last call."""
        while not self.modem.status_reports.empty():
            self.file_report(self.modem.status_reports.get_nowait())

    def register(self, phone: PhoneResult, outcome: CommandOutcome) -> None:
        """``outcome``'s SMS went out: its parts' reports can be matched (also those already here)."""
        for part, reference in enumerate(outcome.references):
            self.submissions.setdefault((_phone_key(phone.phone), reference), []).append((outcome, part))
        orphans, self.orphan_reports = self.orphan_reports, []
        for report, when in orphans:
            self.file_report(report, when)

    def file_report(self, report: SmsStatusReport, when: datetime | None = None) -> None:
        when = when or datetime.now().astimezone()
        reference = report.message_reference
        candidates = self.submissions.get((_phone_key(report.recipient), reference))
        if candidates is None:  # a number the network wrote differently (national form): its last digits
            tail = _tail(report.recipient)
            same = [key for key in self.submissions if key[1] == reference and _tail(key[0]) == tail]
            candidates = self.submissions[same[0]] if len(same) == 1 and tail else None
        if candidates is None:
            self.orphan_reports.append((report, when))  # its AT+CMGS answer may still be on its way
            return
        # References wrap after 256 SMS: the newest SMS still without a final report is the one.
        final = (ReportOutcome.DELIVERED, ReportOutcome.FAILED)
        open_parts = [(c, n) for c, n in candidates if n not in c.reports or c.reports[n].outcome not in final]
        outcome, part = (open_parts or candidates)[-1]
        previous = outcome.reports.get(part)
        if previous is not None and previous.outcome in final and report.outcome not in final:
            return  # a late "still trying" does not undo a final report
        before = outcome.delivery
        outcome.reports[part], outcome.received_at[part] = report, when
        self.changed.set()
        if outcome.delivery is DeliveryState.NOT_DELIVERED and before is not DeliveryState.NOT_DELIVERED \
                and not outcome.answered:
            phone = next(p.phone for p in self.result.phones if outcome in p.commands)
            why = outcome.delivery_problem or Text("?", "?")
            self.reporter.step(Text(f"SMS не доставлено {phone}: {outcome.command}: {why.ru}",
                                    f"SMS not delivered to {phone}: {outcome.command}: {why.en}"))
        self.announce()

    async def _fetch_report(self, storage: str, index: int) -> None:
        """A report stored by the modem (+CDSI): read it, file it, delete it."""
        switch = bool(storage) and bool(self.read_storage) and storage != self.read_storage
        try:
            if switch:
                await self.modem.select_storage(storage)
            stored = await self.modem.read_message(index)
            if stored is not None and isinstance(stored.sms, SmsStatusReport):
                self.file_report(stored.sms)
                if not self.keep_replies:
                    await self.modem.delete_message(index)
        except (LinkTimeout, AtError, ProtocolError, ValueError):
            pass  # the report is lost; the command keeps "no report"
        except LinkError as error:
            self._lost(error)
            return
        if switch:
            try:
                await self.modem.select_storage(self.read_storage)
            except (LinkTimeout, AtError, ProtocolError):
                pass  # the next listing then reads the report storage: harmless, replies wait
            except LinkError as error:
                self._lost(error)

    async def sweep(self) -> None:
        """File every new received message (AT+CMGL=0; all of them after a lost listing)."""
        full = self.full_sweep
        try:
            messages = await self.modem.list_messages(MessageStatus.ALL if full else MessageStatus.REC_UNREAD)
        except (LinkTimeout, AtError, ProtocolError):
            self.full_sweep = True  # a lost or garbled answer: the next poll looks at everything
            return
        except LinkError as error:
            self._lost(error)
            return
        self.full_sweep = False
        for stored in messages:
            sms = stored.sms
            key = (stored.index, stored.pdu)
            if not isinstance(sms, (SmsDeliver, SmsStatusReport)) or key in self.seen:
                continue
            self.seen.add(key)
            if isinstance(sms, SmsStatusReport):  # stored (ds=2) and its +CDSI lost
                self.file_report(sms)
            else:
                phone = self.by_phone.get(_phone_key(sms.sender))
                whole = self.assembler.add(sms.sender, sms.text, sms.concat)
                if phone is None:
                    if whole is not None:
                        self.result.unmatched.append((sms.sender, whole))
                    continue
                if whole is not None:
                    self._file(phone, whole)
            if not self.keep_replies:
                try:
                    await self.modem.delete_message(stored.index)
                    self.seen.discard(key)  # the slot is free: an identical reply may land there next
                except (LinkTimeout, AtError):
                    pass  # left in storage; harmless
                except LinkError as error:
                    self.failure = error
                    break
        self.changed.set()

    def _file(self, phone: PhoneResult, text: str) -> None:
        try:
            reply: SmsReply | None = self.parse(text)
            problem = None
        except ConfiguratorError:
            reply, problem = None, not_understood(text)  # shown as it came: nothing the module said is lost
        pending = [c for c in phone.commands if (c.sent or c.unconfirmed) and not c.answered]
        if not pending:
            phone.extra_replies.append(text)
            return
        target = pending[0]  # errors and unknown replies: the oldest command still waiting
        if reply is not None and reply.ok:
            target = next((c for c in pending if reply_key(c.command) == reply.command), pending[0])
        target.reply, target.reply_text, target.reply_problem = reply, text, problem
        if target.unconfirmed:  # the module answered, so it was sent after all
            target.unconfirmed, target.send_error = False, None
        where = f"{phone.phone}: {target.command}"
        self.reporter.step(Text(f"Ответ от {where}", f"Reply from {where}"))
        self.announce()


Texts = Sequence[str] | Mapping[str, Sequence[str]]
"""The SMS of a batch: the same for every phone, or each phone's own (its module's password, type)."""


def texts_for(texts: Texts, phone: str) -> Sequence[str]:
    return texts.get(phone, ()) if isinstance(texts, Mapping) else texts


def new_result(phones: Sequence[str], texts: Texts) -> DeliveryResult:
    """A batch's result before anything was sent: every phone with every command."""
    return DeliveryResult([PhoneResult(p, [CommandOutcome(command_name(t), mask_password(t), t)
                                           for t in texts_for(texts, p)]) for p in phones])


def unsent_result(phones: Sequence[str], texts: Texts, reason: Text, short: Text) -> DeliveryResult:
    """The account of a batch that sent nothing: ``reason`` (one sentence), and every command not sent
    for the ``short`` reason."""
    result = new_result(phones, texts)
    _nothing_sent(result, reason, short)
    return result


def _nothing_sent(result: DeliveryResult, reason: Text, short: Text) -> None:
    result.stop_reason = reason
    for phone in result.phones:
        for outcome in phone.commands:
            outcome.send_error = short


async def deliver_configuration(
    modem: AtModem,
    phones: Sequence[str],
    texts: Texts,
    *,
    wait_limit: float | None,
    progress: ProgressCallback | None = None,
    stop: asyncio.Event | None = None,
    one_at_a_time: bool = False,
    poll_interval: float = 10.0,
    parse_reply: ReplyParser = parse_sms_reply,
    keep_replies: bool = False,
    status_reports: bool = True,
    checks: PreflightOptions | None = None,
    settled: Callable[[PhoneResult], None] | None = None,
) -> DeliveryResult:
    """Send every text to every phone (or each phone its own texts), then collect the replies (see the module
    docstring).

    ``settled(phone)`` is called the moment a phone has nothing more to wait for (every command answered,
    not sent or not delivered for good); phones still waiting when the batch ends are not announced.

    With ``checks`` the modem is opened, started, checked and set up here; without, it must be
    initialised already (AtModem.initialize). ``one_at_a_time`` waits for each phone's replies before
    sending to the next (slower; for modems whose storage is tiny). ``status_reports``: ask for
    delivery reports (when the modem passes them on).
    """
    started = time.monotonic()
    result = new_result(phones, texts)
    stop = stop or asyncio.Event()
    if checks is not None:
        result.preflight = await prepare_modem(modem, Purpose.SEND, checks, stop=stop)
        state = result.preflight
        if state.stop is not None:
            short = _CANCELLED if state.cancelled else MODEM_UNUSABLE if state.unreachable else CHECK_FAILED
            _nothing_sent(result, state.stop, short)
            result.cancelled = state.cancelled
            result.elapsed = time.monotonic() - started
            return result
    reporter = ProgressReporter(progress, 2 * sum(len(p.commands) for p in result.phones))
    collector = _ReplyCollector(modem, result, parse_reply, reporter, keep_replies)
    collector.on_settled = settled
    try:
        await _prepare(modem, result, collector, status_reports)
    except LinkError as error:
        _nothing_sent(result, Text(f"Модем недоступен: {error.text.ru}", f"The modem cannot be used: {error.text.en}"),
                      MODEM_UNUSABLE)
        result.elapsed = time.monotonic() - started
        return result
    sender = _Sender(modem, result, reporter, stop, collector, checks.waits if checks is not None else DEFAULT_WAITS)
    collecting = asyncio.create_task(collector.run(poll_interval))
    try:
        for phone in result.phones:  # after a cancel or a lost link each command still gets its reason
            await sender.send(phone)
            collector.sent.add(phone.phone)
            collector.announce()
            if one_at_a_time and not stop.is_set() and result.link_error is None:
                await _wait(collector, [phone], wait_limit, stop, reporter)
        if not stop.is_set() and result.link_error is None:
            await _wait(collector, result.phones, wait_limit, stop, reporter)
    finally:
        collector.stopping = True
        collecting.cancel()
        try:
            await collecting
        except (asyncio.CancelledError, ConfiguratorError):
            pass
    if collector.failure is None and result.link_error is None:
        await collector.sweep()  # replies whose indication was lost
    collector.file_reports()
    if collector.failure is not None and result.link_error is None:
        result.link_error = collector.failure.text
    result.cancelled = stop.is_set()
    result.elapsed = time.monotonic() - started
    await _storage_warning(modem, result)
    return result


async def _prepare(modem: AtModem, result: DeliveryResult, collector: _ReplyCollector, status_reports: bool) -> None:
    """Turn status reports on if asked and the modem can; read from the storage replies arrive in
    (a storage listing may have left another one selected for reading, and AT+CMGL would never see
    them); note the messages already stored (they are not replies to this batch); warn on full
    storage."""
    for stale in (modem.status_reports, modem.report_indications):
        while not stale.empty():  # left by an earlier batch: nothing of this one has been sent yet
            stale.get_nowait()
    result.reports_wanted = status_reports
    if status_reports:
        try:
            result.report_mode = await modem.enable_status_reports()
        except (ProtocolError, LinkTimeout):
            result.report_mode = 0  # no answer: sent without asking for reports
    try:
        usage = await modem.storage_usage()
        if len(usage) >= 3 and usage[2].storage and usage[0].storage != usage[2].storage:
            await modem.select_storage(usage[2].storage)
        collector.read_storage = usage[2].storage if len(usage) >= 3 else usage[0].storage if usage else ""
        collector.seen.update((m.index, m.pdu) for m in await modem.list_messages(MessageStatus.ALL))
    except (AtError, ProtocolError, LinkTimeout):
        return
    if len(usage) >= 3 and usage[2].free == 0:
        result.warnings.append(_full_warning(usage[2].storage, usage[2].total))


def _full_warning(storage: str, total: int) -> Text:
    return Text(
        f"Хранилище SMS модема {storage} заполнено ({total} из {total}): ответы модулей не могут быть приняты. "
        "Очистите хранилище (вкладка «Дополнительно»)",
        f"The modem's SMS storage {storage} is full ({total} of {total}): replies from the modules cannot be "
        "received. Clear the storage (Additional tab)",
    )


async def _storage_warning(modem: AtModem, result: DeliveryResult) -> None:
    if result.link_error is not None or not result.by_status(PhoneStatus.NO_REPLY) or result.warnings:
        return
    try:
        usage = await modem.storage_usage()
    except ConfiguratorError:
        return
    if len(usage) >= 3 and usage[2].free == 0:
        result.warnings.append(_full_warning(usage[2].storage, usage[2].total))


_CANCELLED = Text("отменено", "cancelled")
_LINK_LOST = Text("связь с модемом потеряна", "the connection to the modem was lost")
_SILENT = Text("модем перестал отвечать", "the modem stopped answering")
MODEM_UNUSABLE = Text("модем недоступен", "the modem cannot be used")
CHECK_FAILED = Text("проверка модема не пройдена", "the modem check failed")
SILENT_LIMIT = 5  # commands in a row without any answer: the modem is taken as gone


class _Sender:
    """Sends one phone's SMS at a time; retries passing refusals; stops when the modem is gone."""

    def __init__(
        self, modem: AtModem, result: DeliveryResult, reporter: ProgressReporter, stop: asyncio.Event,
        collector: _ReplyCollector, waits: ModemWaits,
    ) -> None:
        self.modem, self.result, self.reporter, self.stop, self.collector = modem, result, reporter, stop, collector
        self.waits = waits
        self.halted: Text | None = None  # why the rest is not sent (link lost, modem silent)
        self.retries_used_up = False  # the last refused SMS used every retry: the next refusal gets none
        self.phone = ""

    async def retry(self, error: AtError, tries: int) -> bool:
        """Called by AtModem.send_sms when the modem refuses a part: pause and try again, or give up."""
        pauses = self.waits.retry_pauses
        if not error.transient or self.stop.is_set() or self.retries_used_up:
            return False
        if tries > len(pauses):
            self.retries_used_up = True
            return False
        pause = pauses[tries - 1]
        self.reporter.note(Text(f"{self.phone}: {error.text.ru}; повтор через {pause:g} с",
                                f"{self.phone}: {error.text.en}; trying again in {pause:g} s"))
        await self.waits.sleep(pause)
        return not self.stop.is_set()

    async def send(self, phone: PhoneResult) -> None:
        self.phone = phone.phone
        for outcome in phone.commands:
            if self.stop.is_set() or self.halted is not None:
                outcome.send_error = _CANCELLED if self.stop.is_set() else self.halted
                self.reporter.step(Text(f"Не отправлено {phone.phone}: {outcome.command}",
                                        f"Not sent to {phone.phone}: {outcome.command}"))
                continue
            await self._send_one(phone, outcome)
            if outcome.send_error is None:
                self.reporter.step(Text(f"Отправлено {phone.phone}: {outcome.command}",
                                        f"Sent to {phone.phone}: {outcome.command}"))
            else:
                why = outcome.send_error
                ru, en = ("Не подтверждено", "Unconfirmed") if outcome.unconfirmed else ("Не отправлено", "Not sent")
                self.reporter.step(Text(f"{ru} {phone.phone}: {outcome.command}: {why.ru}",
                                        f"{en} to {phone.phone}: {outcome.command}: {why.en}"))
            if self.halted is None and self.modem.unanswered_in_row >= SILENT_LIMIT:
                self.halted = _SILENT
                self.result.link_error = Text(
                    f"Модем перестал отвечать ({self.modem.link.description}): остальные SMS не отправлены",
                    f"The modem stopped answering ({self.modem.link.description}): the remaining SMS were not sent")

    async def _send_one(self, phone: PhoneResult, outcome: CommandOutcome) -> None:
        try:
            outcome.report_requested = self.result.report_mode != 0
            outcome.references = await self.modem.send_sms(phone.phone, outcome.full_text,
                                                           status_report=outcome.report_requested, retry=self.retry)
            self.retries_used_up = False
            self.collector.register(phone, outcome)
        except AtError as error:
            outcome.send_error = error.text
        except PromptTimeout as error:
            outcome.send_error = Text(
                f"модем не принял SMS: {error.text.ru}", f"the modem did not take the SMS: {error.text.en}"
            )
        except LinkTimeout as error:
            outcome.unconfirmed = True
            outcome.send_error = Text(f"модем не подтвердил отправку: {error.text.ru}",
                                      f"the modem did not confirm sending: {error.text.en}")
        except SendUnconfirmed as error:
            self._lost(error)
            outcome.unconfirmed = True
            outcome.send_error = Text(
                "связь с модемом потеряна после передачи SMS модему: возможно, оно отправлено",
                "the connection to the modem was lost after the SMS was handed to it: it may have been sent",
            )
        except LinkError as error:
            self._lost(error)
            outcome.send_error = _LINK_LOST
        except ProtocolError as error:  # an answer after the data that could not be read: it went out
            outcome.unconfirmed = True
            outcome.send_error = Text(f"ответ модема не понят, SMS, вероятно, отправлено: {error.text.ru}",
                                      f"the modem's answer was not understood, the SMS was probably sent: "
                                      f"{error.text.en}")
        except ConfiguratorError as error:
            outcome.send_error = error.text
        except ValueError as error:  # a number the PDU cannot carry
            outcome.send_error = Text(f"неверный номер: {error}", f"bad number: {error}")

    def _lost(self, error: LinkError) -> None:
        self.result.link_error = error.text
        self.halted = _LINK_LOST


async def _wait(
    collector: _ReplyCollector, phones: list[PhoneResult], wait_limit: float | None, stop: asyncio.Event,
    reporter: ProgressReporter,
) -> None:
    loop = asyncio.get_running_loop()
    deadline = None if wait_limit is None else loop.time() + wait_limit
    reporter.note(Text("Ожидание ответов…", "Waiting for replies…"))
    while not all(p.settled for p in phones) and not stop.is_set() and collector.failure is None:
        remaining = None if deadline is None else deadline - loop.time()
        if remaining is not None and remaining <= 0:
            return
        collector.changed.clear()
        waiters = [asyncio.ensure_future(collector.changed.wait()), asyncio.ensure_future(stop.wait())]
        try:
            await asyncio.wait(waiters, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
