"""What a fleet run found out about each device, in a form the journal keeps and the report shows.

    outcome = DeviceOutcome(Result.OK, Text("ОК", "OK"), started=…)   one device's result and what was read
    classify(error) -> Result                                          an error in the run's vocabulary
    outcome.to_json() / DeviceOutcome.from_json(data)                  the journal's record

Results, from best to worst, and what each tells the engineer to do next:

    ok              everything asked for was done
    partial         connected and answered, but not everything: a status request or a parameter failed
    wrong_password  the module refused the administrator password (Appendix A 0x02): nothing written (a status
                    run keeps what it read)
    invalid         the settings do not fit this module (its type, its rules): nothing was sent
    refused         the module or the CENC server refused (another error code, a CENC login or access)
    no_reply        connected, but the module did not answer (a silent module, no radio)
    no_connection   could not connect: the address, the port, the CENC device offline or unknown
    error           anything else (a reply that makes no sense)
    cancelled       stopped before it ended (not a result: the device is run again on resume)
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from app.core.backups import BackupFailed
from app.core.links.failures import ConnectFailed
from protocols import cenc
from protocols.errors import (
    DeviceError,
    LinkClosed,
    LinkTimeout,
    ValidationError,
)
from protocols.meter.iec62056_21 import MeterRefusal
from protocols.module.error_codes import WRONG_PASSWORD
from protocols.text import Text


class Result(enum.Enum):
    OK = "ok"
    PARTIAL = "partial"
    WRONG_PASSWORD = "wrong_password"
    INVALID = "invalid"
    REFUSED = "refused"
    NO_REPLY = "no_reply"
    NO_CONNECTION = "no_connection"
    ERROR = "error"
    CANCELLED = "cancelled"

    @property
    def label(self) -> Text:
        return _LABELS[self]

    @property
    def failed(self) -> bool:
        return self is not Result.OK and self is not Result.CANCELLED

    @property
    def done(self) -> bool:
        """An outcome the journal keeps (a cancelled session is run again on resume)."""
        return self is not Result.CANCELLED


_LABELS = {
    Result.OK: Text("ОК", "OK"),
    Result.PARTIAL: Text("Частично", "Partly"),
    Result.WRONG_PASSWORD: Text("Неверный пароль", "Wrong password"),
    Result.INVALID: Text("Настройки не подходят", "Settings do not fit"),
    Result.REFUSED: Text("Отказ", "Refused"),
    Result.NO_REPLY: Text("Нет ответа", "No reply"),
    Result.NO_CONNECTION: Text("Нет связи", "No connection"),
    Result.ERROR: Text("Ошибка", "Error"),
    Result.CANCELLED: Text("Прервано", "Stopped"),
}
RESULTS = tuple(Result)


def classify(error: BaseException) -> Result:
    """The result a device gets when ``error`` ended its session."""
    if isinstance(error, BackupFailed):
        return classify(error.cause)
    if isinstance(error, ValidationError):
        return Result.INVALID
    if isinstance(error, DeviceError):
        from_module = not isinstance(error, MeterRefusal)
        return Result.WRONG_PASSWORD if from_module and error.code == WRONG_PASSWORD else Result.REFUSED
    if isinstance(error, cenc.CencRefused):
        offline = error.code in (cenc.DEVICE_OFFLINE, cenc.UNKNOWN_DEVICE)
        return Result.NO_CONNECTION if offline else Result.REFUSED
    if isinstance(error, LinkTimeout):
        return Result.NO_REPLY
    if isinstance(error, (ConnectFailed, LinkClosed)):
        return Result.NO_CONNECTION
    return Result.ERROR


def server_refused_login(error: BaseException) -> bool:
    """A CENC server refused the user (wrong login, address blocked): every device behind it would be too."""
    return isinstance(error, cenc.CencRefused) and error.code in (cenc.BAD_LOGIN, cenc.LOGIN_BLOCKED)


def _text(value: Text | None) -> list[str] | None:
    return None if value is None else [value.ru, value.en]


def _from_text(value: Any) -> Text | None:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return Text(value[0], value[1])
    return None


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@dataclass
class ParameterOutcome:
    """One parameter of a configuration: what was to be written and what became of it."""

    key: str
    label: Text
    value: str  # as shown (passwords masked)
    outcome: str  # app.core.module_results.Outcome value: applied, failed, not_confirmed, not_sent
    reason: Text | None = None

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": _text(self.label), "value": self.value, "outcome": self.outcome,
                "reason": _text(self.reason)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParameterOutcome:
        return cls(str(data.get("key", "")), _from_text(data.get("label")) or Text("", ""), str(data.get("value", "")),
                   str(data.get("outcome", "")), _from_text(data.get("reason")))


@dataclass
class DeviceOutcome:
    """One device's session: its result in words, and whatever was read or written."""

    result: Result
    message: Text
    started: datetime | None = None
    finished: datetime | None = None
    duration: float = 0.0  # seconds of the session
    channel: Text | None = None  # how it was reached, in words
    delivery: str | None = None  # tcp, cenc or sms: the way the run took (the row's or the run's choice)
    module: str | None = None  # module type id (gsm-2g4g …), read from the module or the list
    version: str | None = None
    imei: str | None = None
    iccid: str | None = None
    ip: str | None = None
    system_address: str | None = None
    signal: int | None = None  # Table 4 level 0–9
    signal_text: Text | None = None  # its dBm range
    registration: Text | None = None
    band: Text | None = None
    password_ok: bool | None = None  # status: whether the module accepted the list's password
    settings: dict[str, str] = field(default_factory=dict)  # status: mode, APN, server the module holds
    parameters: list[ParameterOutcome] = field(default_factory=list)  # configure
    backup: str | None = None  # configure: where the module's previous settings are kept
    restarted: bool | None = None
    direct_port: int | None = None  # CENC: the device's direct-access port (for the ceHes export)
    meter_type: str | None = None  # CENC: the meter type the module registered with
    notes: list[Text] = field(default_factory=list)
    server_refused: bool = False  # a CENC server refused the login: its other devices are not tried

    @property
    def ok(self) -> bool:
        return self.result is Result.OK

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["result"] = self.result.value
        for key in ("message", "channel", "signal_text", "registration", "band"):
            data[key] = _text(getattr(self, key))
        data["started"] = self.started.isoformat() if self.started else None
        data["finished"] = self.finished.isoformat() if self.finished else None
        data["parameters"] = [p.to_json() for p in self.parameters]
        data["notes"] = [_text(n) for n in self.notes]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeviceOutcome:
        """A journal record back (unknown or damaged fields become empty, never an exception)."""
        try:
            result = Result(data.get("result"))
        except ValueError:
            result = Result.ERROR

        def when(key: str) -> datetime | None:
            value = data.get(key)
            try:
                return datetime.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                return None

        def string(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        signal = data.get("signal")
        port = data.get("direct_port")
        settings = data.get("settings")
        return cls(
            result=result, message=_from_text(data.get("message")) or Text("", ""),
            started=when("started"), finished=when("finished"),
            duration=float(data["duration"]) if isinstance(data.get("duration"), int | float) else 0.0,
            channel=_from_text(data.get("channel")), delivery=string("delivery"), module=string("module"),
            version=string("version"),
            imei=string("imei"), iccid=string("iccid"), ip=string("ip"), system_address=string("system_address"),
            signal=signal if isinstance(signal, int) and not isinstance(signal, bool) else None,
            signal_text=_from_text(data.get("signal_text")), registration=_from_text(data.get("registration")),
            band=_from_text(data.get("band")),
            password_ok=data.get("password_ok") if isinstance(data.get("password_ok"), bool) else None,
            settings={str(k): str(v) for k, v in settings.items()} if isinstance(settings, dict) else {},
            parameters=[ParameterOutcome.from_json(p) for p in _items(data.get("parameters")) if isinstance(p, dict)],
            backup=string("backup"),
            restarted=data.get("restarted") if isinstance(data.get("restarted"), bool) else None,
            direct_port=port if isinstance(port, int) and not isinstance(port, bool) else None,
            meter_type=string("meter_type"),
            notes=[n for n in (_from_text(n) for n in _items(data.get("notes"))) if n is not None],
            server_refused=data.get("server_refused") is True,
        )  # fmt: skip
