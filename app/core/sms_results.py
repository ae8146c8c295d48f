"""Results of an SMS batch (GSM manual §6.4.1.2): per phone and per command, with delivery reports.

Per phone: APPLIED (every command answered, no error), ERROR (an Appendix A code in a reply, or a
reply that could not be understood), NO_REPLY (which commands were not answered) or NOT_SENT
(which commands the modem did not accept or never got, and why). Per command, when the network
sent status reports: delivered (and when), still being tried, or given up (TP-Status in words).
The batch itself is app.core.sms_delivery.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from app.core.modem_checks import PreflightResult
from protocols.module.error_codes import error_text
from protocols.sms.sms_commands import SmsReply, shown_reply
from protocols.sms.sms_pdu import ReportOutcome, SmsStatusReport
from protocols.sms.sms_status_reports import status_text
from protocols.text import Text


class PhoneStatus(enum.Enum):
    APPLIED = "applied"
    ERROR = "error"
    NO_REPLY = "no_reply"
    NOT_SENT = "not_sent"


class DeliveryState(enum.Enum):
    """What the network's status reports say about one SMS (all its parts)."""

    DELIVERED = "delivered"  # every part reached the module
    NOT_DELIVERED = "not_delivered"  # the network gave up on a part (permanent error)
    PENDING = "pending"  # a temporary error: the network is still trying
    NO_REPORT = "no_report"  # no report (yet, or reports are off)


@dataclass
class CommandOutcome:
    command: str  # MODE, APN, … (the word after the password)
    text: str  # the SMS with the password masked
    full_text: str = field(repr=False, default="")
    references: list[int] = field(default_factory=list)
    send_error: Text | None = None
    unconfirmed: bool = False  # the modem took it but did not confirm: a reply proves it was sent
    reply: SmsReply | None = None
    reply_text: str | None = None
    reply_problem: Text | None = None
    report_requested: bool = False
    reports: dict[int, SmsStatusReport] = field(default_factory=dict)  # part number (0-based) → latest report
    received_at: dict[int, datetime] = field(default_factory=dict)  # when each part's report came

    @property
    def sent(self) -> bool:
        return self.send_error is None and (bool(self.references) or self.answered)

    @property
    def answered(self) -> bool:
        return self.reply is not None or self.reply_problem is not None

    @property
    def delivery(self) -> DeliveryState:
        outcomes = [self.reports[i].outcome if i in self.reports else None for i in range(len(self.references))]
        if ReportOutcome.FAILED in outcomes:
            return DeliveryState.NOT_DELIVERED
        if outcomes and all(o is ReportOutcome.DELIVERED for o in outcomes):
            return DeliveryState.DELIVERED
        return DeliveryState.PENDING if ReportOutcome.TRYING in outcomes else DeliveryState.NO_REPORT

    @property
    def delivered_at(self) -> datetime | None:
        """When the last part reached the module (the network's time; else when its report came)."""
        if self.delivery is not DeliveryState.DELIVERED:
            return None
        return max(r.discharged or self.received_at[i] for i, r in self.reports.items())

    @property
    def delivery_problem(self) -> Text | None:
        """The network's reason for a failed or still-trying part, in words."""
        wanted = ReportOutcome.FAILED if self.delivery is DeliveryState.NOT_DELIVERED else ReportOutcome.TRYING
        return next((status_text(r.status) for r in self.reports.values() if r.outcome is wanted), None)

    @property
    def settled(self) -> bool:
        """Nothing more to wait for: answered, not sent, or given up by the network."""
        return self.answered or not self.sent or self.delivery is DeliveryState.NOT_DELIVERED


@dataclass
class PhoneResult:
    phone: str
    commands: list[CommandOutcome]
    extra_replies: list[str] = field(default_factory=list)

    @property
    def status(self) -> PhoneStatus:
        if any(c.reply_problem is not None or (c.reply is not None and not c.reply.ok) for c in self.commands):
            return PhoneStatus.ERROR
        if any(not c.sent for c in self.commands):
            return PhoneStatus.NOT_SENT
        if self.unanswered:
            return PhoneStatus.NO_REPLY
        return PhoneStatus.APPLIED

    @property
    def complete(self) -> bool:
        """Every command that was sent is answered."""
        return all(c.answered for c in self.commands if c.sent)

    @property
    def settled(self) -> bool:
        """Nothing more to wait for: each command answered, not sent, or not delivered for good."""
        return all(c.settled for c in self.commands)

    @property
    def delivery(self) -> DeliveryState:
        """Over the SMS sent: NOT_DELIVERED if any failed, DELIVERED if all arrived, else PENDING /
        NO_REPORT."""
        states = {c.delivery for c in self.commands if c.sent}
        for state in (DeliveryState.NOT_DELIVERED, DeliveryState.NO_REPORT, DeliveryState.PENDING):
            if state in states:
                return state
        return DeliveryState.DELIVERED if states else DeliveryState.NO_REPORT

    @property
    def undelivered(self) -> bool:
        """No reply, because every unanswered SMS failed for good (the CLI's NOT DELIVERED)."""
        waiting = [c for c in self.commands if c.sent and not c.answered]
        return bool(waiting) and all(c.delivery is DeliveryState.NOT_DELIVERED for c in waiting)

    @property
    def unanswered(self) -> list[str]:
        return [c.command for c in self.commands if c.sent and not c.answered]

    @property
    def not_sent(self) -> list[str]:
        return [c.command for c in self.commands if not c.sent]

    @property
    def error_code(self) -> int | None:
        return next((c.reply.error_code for c in self.commands if c.reply is not None and not c.reply.ok), None)

    def describe(self) -> Text:
        status = self.status
        extra = [Text(f"ещё ответ: «{shown_reply(t)}»", f"another reply: “{shown_reply(t)}”")
                 for t in self.extra_replies]  # a reply no command was waiting for is shown, not dropped
        if status is PhoneStatus.APPLIED:
            return _joined([Text("ОК", "OK"), *extra])
        parts: list[Text] = []
        for c in self.commands:
            if c.reply is not None and not c.reply.ok:
                err = error_text(c.reply.error_code or 0)
                parts.append(Text(f"{c.command}: {err.ru}", f"{c.command}: {err.en}"))
            elif c.reply_problem is not None:
                parts.append(Text(f"{c.command}: {c.reply_problem.ru}", f"{c.command}: {c.reply_problem.en}"))
        parts += self._not_sent_parts()
        parts += self._unanswered_parts()
        return _joined(parts + extra)

    def _not_sent_parts(self) -> list[Text]:
        """Commands not sent (or unconfirmed), those with the same reason together: «не отправлено APN,
        MODE: отменено»."""
        groups: dict[tuple[bool, Text], list[str]] = {}
        for c in self.commands:
            if not c.sent:
                why = c.send_error or Text("не отправлено", "not sent")
                groups.setdefault((c.unconfirmed, why), []).append(c.command)
        parts: list[Text] = []
        for (unconfirmed, why), names in groups.items():
            ru, en = ("не подтверждено", "unconfirmed") if unconfirmed else ("не отправлено", "not sent")
            listed = ", ".join(names)
            parts.append(Text(f"{ru} {listed}: {why.ru}", f"{en} {listed}: {why.en}"))
        return parts

    def _unanswered_parts(self) -> list[Text]:
        """Commands without a reply, grouped by what the status reports say about their SMS."""
        waiting = [c for c in self.commands if c.sent and not c.answered]
        parts: list[Text] = []
        failed = [c for c in waiting if c.delivery is DeliveryState.NOT_DELIVERED]
        if failed:
            reasons = list(dict.fromkeys(c.delivery_problem or Text("?", "?") for c in failed))
            why = Text(", ".join(r.ru for r in reasons), ", ".join(r.en for r in reasons))
            if len(failed) == len(waiting) == len([c for c in self.commands if c.sent]):
                parts.append(Text(f"SMS не доставлено: {why.ru}", f"SMS not delivered: {why.en}"))
            else:
                names = ", ".join(c.command for c in failed)
                parts.append(Text(f"SMS {names} не доставлено: {why.ru}", f"SMS {names} not delivered: {why.en}"))
        for state in (DeliveryState.DELIVERED, DeliveryState.PENDING, DeliveryState.NO_REPORT):
            group = [c for c in waiting if c.delivery is state]
            if not group:
                continue
            names = ", ".join(c.command for c in group)
            note = _delivery_note(state, group)
            ru, en = f"нет ответа на {names}", f"no reply to {names}"
            parts.append(Text(f"{ru} ({note.ru})", f"{en} ({note.en})") if note else Text(ru, en))
        return parts


def _delivery_note(state: DeliveryState, group: list[CommandOutcome]) -> Text | None:
    if state is DeliveryState.DELIVERED:
        moments = [m for c in group if (m := c.delivered_at) is not None]
        when = max(moments).astimezone().strftime("%H:%M:%S")
        return Text(f"SMS доставлено {when}", f"SMS delivered {when}")
    if state is DeliveryState.PENDING:
        why = group[0].delivery_problem or Text("?", "?")
        return Text(f"SMS ещё не доставлено: {why.ru}", f"SMS not delivered yet: {why.en}")
    if any(c.report_requested for c in group):
        return Text("нет отчёта о доставке SMS", "no SMS delivery report")
    return None


@dataclass
class DeliveryResult:
    phones: list[PhoneResult]
    elapsed: float = 0.0
    cancelled: bool = False
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (sender, text) not from the list
    warnings: list[Text] = field(default_factory=list)
    link_error: Text | None = None  # the modem was lost: later commands were not sent
    report_mode: int = 0  # +CNMI <ds> the modem agreed to: 0 no delivery reports, 1 +CDS, 2 +CDSI
    reports_wanted: bool = False  # the batch asked for delivery reports
    preflight: PreflightResult | None = None  # the modem's checks before the first SMS, when they ran
    stop_reason: Text | None = None  # why nothing was sent (a failed check, a modem that cannot be used)

    @property
    def ok(self) -> bool:
        return (all(p.status is PhoneStatus.APPLIED for p in self.phones) and self.link_error is None
                and self.stop_reason is None)

    @property
    def sent_any(self) -> bool:
        return any(c.sent or c.unconfirmed for p in self.phones for c in p.commands)

    def by_status(self, status: PhoneStatus) -> list[str]:
        return [p.phone for p in self.phones if p.status is status]


NO_REPORTS = Text(
    "Модем не передаёт отчёты о доставке SMS (AT+CNMI): доставлено ли SMS без ответа, неизвестно",
    "The modem does not pass SMS delivery reports on (AT+CNMI): whether an unanswered SMS was delivered is unknown",
)


def reports_note(result: DeliveryResult) -> Text | None:
    """Say that delivery is unknown when the modem gave no reports and some phone did not answer."""
    if result.report_mode or not result.reports_wanted or not result.by_status(PhoneStatus.NO_REPLY):
        return None
    return NO_REPORTS


def _joined(parts: list[Text]) -> Text:
    return Text("; ".join(p.ru for p in parts), "; ".join(p.en for p in parts))
