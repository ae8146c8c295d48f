"""What a configuration run did, parameter by parameter, and what a status read returned."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from protocols.errors import ConfiguratorError, DeviceError
from protocols.meter.iec62056_21 import MeterRefusal
from protocols.module.error_codes import WRONG_PASSWORD
from protocols.module.module_frames import ModuleInfoReply
from protocols.module.module_status import ExtendedStatus, ModuleStatus, StatusSnapshot
from protocols.params.catalogue import Parameter, Problem
from protocols.params.module_types import ModuleType
from protocols.params.param_values import format_value
from protocols.text import Text


class Outcome(enum.Enum):
    APPLIED = "applied"  # the module holds the value: read back equal, or acknowledged (write-only)
    FAILED = "failed"  # the module refused it (Appendix A code) or holds another value
    NOT_CONFIRMED = "not_confirmed"  # sent, but neither a reply nor a read-back says what happened
    NOT_SENT = "not_sent"  # the run stopped (link lost, cancelled, password refused) before it

    @property
    def label(self) -> Text:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.APPLIED: Text("применено", "applied"),
    Outcome.FAILED: Text("ошибка", "failed"),
    Outcome.NOT_CONFIRMED: Text("не подтверждено", "not confirmed"),
    Outcome.NOT_SENT: Text("не отправлено", "not sent"),
}


class Confirmation(enum.Enum):
    READ_BACK = "read-back"  # read back and equal to what was written
    REPLY = "reply"  # the module's per-parameter "applied" (write-only values, or read-back failed)


@dataclass
class ParameterResult:
    param: Parameter
    value: object
    outcome: Outcome = Outcome.NOT_SENT
    code: int | None = None  # Appendix A error code when the module refused the value
    reason: Text | None = None
    confirmed_by: Confirmation | None = None

    @property
    def key(self) -> str:
        return self.param.key

    def value_text(self) -> str:
        return format_value(self.param, self.value)

    def line(self, lang: str = "ru") -> str:
        text = f"{self.param.label.get(lang)} [{self.key}] = {self.value_text()}: {self.outcome.label.get(lang)}"
        if self.reason is not None:
            text += f" — {self.reason.get(lang)}"
        return text


@dataclass
class ConfigureResult:
    module: ModuleType
    parameters: list[ParameterResult]
    warnings: list[Problem] = field(default_factory=list)
    restarted: bool | None = None  # None: no restart was due (nothing applied, or not asked)
    cancelled: bool = False
    error: ConfiguratorError | None = None  # what ended the run early (link lost, password refused …)

    @property
    def ok(self) -> bool:
        """Every parameter applied, the restart (if due) confirmed, nothing cut short."""
        return (
            not self.cancelled
            and self.error is None
            and self.restarted is not False
            and all(p.outcome is Outcome.APPLIED for p in self.parameters)
        )

    @property
    def password_refused(self) -> bool:
        """The module refused the access password (Appendix A 0x02): the run stopped at that refusal."""
        error = self.error
        return isinstance(error, DeviceError) and not isinstance(error, MeterRefusal) and error.code == WRONG_PASSWORD

    def with_outcome(self, outcome: Outcome) -> list[ParameterResult]:
        return [p for p in self.parameters if p.outcome is outcome]

    def get(self, key: str) -> ParameterResult:
        for item in self.parameters:
            if item.key == key:
                return item
        raise KeyError(key)

    def summary(self, lang: str = "ru") -> str:
        if self.password_refused:
            applied = len(self.with_outcome(Outcome.APPLIED))
            after = (Text("настройки модуля не изменены", "the module's settings are unchanged") if not applied else
                     Text(f"до отказа применено параметров: {applied}", f"parameters applied before it: {applied}"))
            return Text("Неверный пароль доступа: модуль отказал в записи (ошибка 0x02). Передача остановлена на "
                        f"первом отказе, больше ничего не отправлено; {after.ru}.",
                        "Wrong access password: the module refused the write (error 0x02). The transfer stopped at "
                        f"the first refusal and sent nothing more; {after.en}.").get(lang)
        counts = {o: len(self.with_outcome(o)) for o in Outcome}
        parts = [f"{o.label.get(lang)}: {n}" for o, n in counts.items() if n]
        head = _TRANSFERRED if self.ok else _NOT_ALL_TRANSFERRED
        return f"{head.get(lang)} ({', '.join(parts)})"

    def lines(self, lang: str = "ru") -> list[str]:
        """A report for a terminal or a log: one line per parameter, then what ended the run."""
        out = [item.line(lang) for item in self.parameters]
        out += [f"! {w.text.get(lang)}" for w in self.warnings]
        if self.restarted is True:
            # the manuals: 15–30 s to initialise; status requests meanwhile wait (app.core.channel_waits)
            out.append(_RESTARTING.get(lang))
        elif self.restarted is False:
            out.append(_RESTART_NOT_CONFIRMED.get(lang))
        if self.cancelled:
            out.append(_CANCELLED.get(lang))
        if self.error is not None:
            out.append(self.error.message(lang))
        out.append(self.summary(lang))
        return out


_TRANSFERRED = Text("Конфигурация передана", "Configuration transferred")
_NOT_ALL_TRANSFERRED = Text("Конфигурация передана не полностью", "Configuration NOT fully transferred")
_RESTARTING = Text("Модуль перезапускается с новыми настройками; запуск занимает 15–30 с",
                   "The module is restarting with the new settings; it takes 15–30 s to start")
_RESTART_NOT_CONFIRMED = Text("Перезапуск модуля не подтверждён: настройки вступят в силу после перезапуска",
                              "Module restart not confirmed: the settings take effect after its next restart")
_CANCELLED = Text("Операция отменена", "Cancelled")

STATUS_KINDS = ("status", "extended", "imei", "ip", "ipv6", "iccid")


@dataclass(frozen=True)
class StatusReading:
    """One status request's answer: the raw reply (for a StatusSnapshot) and its typed meaning."""

    kind: str
    reply: ModuleInfoReply
    status: ModuleStatus
    extended: ExtendedStatus | None = None
    value: str | None = None  # IMEI, IP, IPv6 or ICCID; None for an address the module has not obtained


@dataclass
class StatusReport:
    """Several status requests in a row (``--kind all``); a failed request does not hide the others."""

    snapshot: StatusSnapshot
    readings: list[StatusReading] = field(default_factory=list)
    errors: dict[str, ConfiguratorError] = field(default_factory=dict)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.cancelled
