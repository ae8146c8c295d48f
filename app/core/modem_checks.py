"""The result of checking the PC's GSM modem before it is used (app.core.modem_preflight): one line
per check with its state, and the one sentence that says why nothing was sent when a check failed.

    for check in result.checks: print(check.line().ru)   # «SIM-карта: готова»
    result.record("ru")                                  # the same as plain data (JSON output)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from protocols.text import Text


class CheckState(enum.Enum):
    OK = "ok"
    WARNING = "warning"  # the work goes on; the text says what to watch
    WAITING = "waiting"  # being waited for (the text counts down)
    FAILED = "failed"  # nothing is sent
    UNKNOWN = "unknown"  # the modem does not say; the work goes on

    @property
    def label(self) -> Text:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    CheckState.OK: Text("ОК", "OK"),
    CheckState.WARNING: Text("ВНИМАНИЕ", "WARNING"),
    CheckState.WAITING: Text("ОЖИДАНИЕ", "WAITING"),
    CheckState.FAILED: Text("ОШИБКА", "FAILED"),
    CheckState.UNKNOWN: Text("НЕИЗВЕСТНО", "UNKNOWN"),
}


class CheckName(enum.Enum):
    SIM = "sim"
    NETWORK = "network"
    SIGNAL = "signal"
    SMSC = "smsc"
    STORAGE = "storage"

    @property
    def label(self) -> Text:
        return _LABELS[self]


_LABELS = {
    CheckName.SIM: Text("SIM-карта", "SIM card"),
    CheckName.NETWORK: Text("Сеть", "Network"),
    CheckName.SIGNAL: Text("Сигнал", "Signal"),
    CheckName.SMSC: Text("SMS-центр", "SMS centre"),
    CheckName.STORAGE: Text("Память SMS", "SMS storage"),
}


@dataclass(frozen=True)
class ModemCheck:
    name: CheckName
    state: CheckState
    text: Text  # what was found, without the label: «готова», «−71 дБм» …
    seconds_left: int | None = None  # WAITING: the countdown

    def line(self) -> Text:
        label = self.name.label
        return Text(f"{label.ru}: {self.text.ru}", f"{label.en}: {self.text.en}")


@dataclass
class PreflightResult:
    checks: list[ModemCheck] = field(default_factory=list)
    stop: Text | None = None  # why nothing is sent (one sentence); None: the modem may be used
    cancelled: bool = False
    unreachable: bool = False  # the modem could not be opened or did not answer at all
    waited: float = 0.0  # seconds spent waiting for the SIM and the network
    pin_entered: bool = False
    pin_rejected: bool = False  # the SIM refused the PIN given: it must not be used again
    smsc_set: str = ""  # the service-centre number set for this session ("" none)

    @property
    def ok(self) -> bool:
        return self.stop is None

    def get(self, name: CheckName) -> ModemCheck | None:
        return next((c for c in self.checks if c.name is name), None)

    def put(self, check: ModemCheck) -> None:
        """Add ``check``, or replace the earlier state of the same check."""
        for index, old in enumerate(self.checks):
            if old.name is check.name:
                self.checks[index] = check
                return
        self.checks.append(check)

    @property
    def warnings(self) -> list[Text]:
        return [c.line() for c in self.checks if c.state is CheckState.WARNING]

    def record(self, lang: str) -> dict[str, Any]:
        """Plain data for a JSON document: every check with its state and text in ``lang``."""
        return {
            "ok": self.ok,
            "stop": self.stop.get(lang) if self.stop is not None else None,
            "cancelled": self.cancelled,
            "unreachable": self.unreachable,
            "waited_s": round(self.waited, 1),
            "pin_entered": self.pin_entered,
            "pin_rejected": self.pin_rejected,
            "smsc_set": self.smsc_set or None,
            "checks": [{"check": c.name.value, "state": c.state.value, "label": c.name.label.get(lang),
                        "message": c.text.get(lang)} for c in self.checks],
        }
