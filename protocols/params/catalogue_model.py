"""One parameter model for every device the configurator sets up: the communication module and
the UTMC-700. Declared once per parameter, used by every other layer.

A :class:`Parameter` says everything the product needs to know about one setting: its labels,
kind, default, range or choices, its code in our binary frames. What only one device has is a
field of its own, left at its default by the other:

* module parameters: which module types have it (``modules``, ``module_defaults``), whether the
  basic mode shows it, when it is relevant (as data, so the GUI can hide or grey it out and say
  why), and how it travels in text SMS (``sms``: its command, its place in the command and in the
  reply, the firmware from which the module has the command);
* UTMC-700 parameters: whether the device reads it, writes it or both (``access``); their
  ``group`` is the configurator tab they are on.

The value rules (checks, text typed by a user, files, frame bytes) are protocols.params.param_values; the
two catalogues are protocols.params.catalogue_data (module) and protocols.utmc.utmc_params (UTMC-700).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware
from protocols.text import Text

ALL_MODULES: frozenset[ModuleType] = frozenset(ModuleType)
NO_MODULES: frozenset[ModuleType] = frozenset()  # a parameter of another device (the UTMC-700)
GSM_MODULES: frozenset[ModuleType] = frozenset(m for m in ModuleType if m.is_gsm)
NB_IOT_MODULES: frozenset[ModuleType] = frozenset(m for m in ModuleType if m.is_nb_iot)
LTE_GSM_MODULES: frozenset[ModuleType] = frozenset({ModuleType.GSM_2G4G, ModuleType.GSM_2G3G4G})


class Kind(enum.Enum):
    TEXT = "text"  # module: ASCII without spaces and commas (it travels in SMS); UTMC: UTF-8
    PASSWORD = "password"  # text masked in the UI and logs, left out of settings files by default
    INT = "int"  # `width` bytes little-endian in frames, `signed` or not
    CHOICE = "choice"  # one of `choices`; the value is the choice's key
    BOOL = "bool"
    FLAGS = "flags"  # any subset of `choices`; the value is a frozenset of keys; bit n = the choice with code n
    HOST = "host"  # IPv4 address Y.X.X.X or a DNS name
    PHONE = "phone"  # international form: + and digits
    IPV4 = "ipv4"  # "a.b.c.d"
    DATETIME = "datetime"  # naive datetime (the device's clock), 2000–2099


TEXT_KINDS = (Kind.TEXT, Kind.PASSWORD, Kind.HOST, Kind.PHONE)


class Severity(enum.Enum):
    ERROR = "error"  # blocks sending
    WARNING = "warning"  # shown, does not block


class Access(enum.Enum):
    """Which way a device's parameter goes (UTMC-700; every module parameter is RW)."""

    RW = "rw"
    RO = "ro"  # shown and read, never written (identity, status)
    WO = "wo"  # written, never read back (the settings password)


@dataclass(frozen=True)
class Group:
    id: str
    label: Text


@dataclass(frozen=True)
class Choice:
    value: str  # stable key used in settings files, the CLI and the values dict
    label: Text
    code: int  # binary code (one byte; for FLAGS the bit number); equals the SMS code where the vendor has one
    sms: str | None = None  # token in SMS text; None: the choice has no SMS form
    modules: frozenset[ModuleType] = ALL_MODULES

    @property
    def token(self) -> str:
        """The choice as a short text: its SMS token, or its code for a device without SMS."""
        return self.sms if self.sms is not None else str(self.code)


@dataclass(frozen=True)
class Condition:
    """`values[key]` must be one of `allowed` for the condition to hold; `reason` says why not."""

    key: str
    allowed: frozenset[object]
    reason: Text

    def holds(self, values: Mapping[str, object]) -> bool:
        try:
            return values.get(self.key) in self.allowed
        except TypeError:  # an unhashable value from a broken file: not one of the allowed ones
            return False


@dataclass(frozen=True)
class Problem:
    key: str  # parameter key ("" for a problem of the whole set, e.g. a file's format)
    text: Text  # names the field by its label and states the rule
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


# --- text SMS (GSM manual §9; ours in docs/protocols/sms-commands.md) ----------------------------------
class SmsAccess(enum.Enum):
    ADMIN = "admin"
    USER = "user"  # may come from the user's phone without a password (NB-IoT manual §7.3.5)


class ReplyLayout(enum.Enum):
    """How a reply lays out the values after ``<KEY>:`` (GSM manual §9.2–9.9)."""

    VALUES = "values"  # <KEY>: <v1>,<v2>…        MODE, TIMEOUT, RESET and ours
    LINES = "lines"  # <KEY>: <v1> ⏎ <v2> ⏎ <v3>   APN: <APN> ⏎ <USER> ⏎ <PSW>
    HOST_PORT = "host_port"  # <KEY>: <v1>:<v2>  DNS: <DNS>:<PORT>
    OK = "ok"  # <KEY>: OK                  the value is never echoed (ours: new passwords)


@dataclass(frozen=True)
class SmsCommand:
    """One text SMS command. Which parameters it carries, in which order, the parameters say
    (:class:`SmsField`); protocols.sms.sms_grammar derives the command table from them."""

    name: str
    documented: bool  # in the vendor's manual; False: ours (docs/protocols/sms-commands.md §3)
    layout: ReplyLayout = ReplyLayout.VALUES
    answered_by: SmsCommand | None = None  # USER and PSW are answered with APN's reply, PORT with DNS's
    access: SmsAccess = SmsAccess.ADMIN
    restarts: bool = False  # the module restarts and applies every setting: the command goes last (§9.2)

    @property
    def reply_key(self) -> str:
        """The word the reply starts with: ``APN`` for USER and PSW, ``DNS`` for PORT, else the name."""
        return (self.answered_by or self).name


@dataclass(frozen=True)
class SmsField:
    """Where a module parameter travels in text SMS."""

    command: SmsCommand
    position: int = 1  # its place among the command's parameters (1-based)
    reply_position: int | None = None  # its place in the reply when that is another command's (USER: 2 in APN's)
    min_firmware: Firmware | None = None  # the module firmware from which the command exists
    sends_empty: bool = True  # False: an empty value sends no command (no "empty" token, or empty = unchanged)

    @property
    def reply_index(self) -> int:
        """Its place (1-based) among the values of the reply that reports it."""
        return self.reply_position or self.position


# --- the parameter ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Parameter:
    key: str
    label: Text
    group: Group  # module: the form's group; UTMC-700: the tab
    kind: Kind
    code: int  # parameter code in our binary frames (module: one byte, UTMC: 16 bits; docs/protocols/)
    default: object
    min: int | None = None  # INT: None = the range of `width` bytes
    max: int | None = None
    allowed: tuple[int, ...] = ()  # INT: the only values permitted (baud rates)
    min_length: int = 0
    max_length: int | None = None
    choices: tuple[Choice, ...] = ()
    width: int = 1  # bytes of an INT or FLAGS value in binary frames (little-endian)
    signed: bool = False
    masked: bool = False  # a secret that is not a PASSWORD kind (the UTMC settings password, a number)
    short: Text | None = None  # a shorter name for table columns and reports (default: the label)
    unit: Text | None = None
    help: Text | None = None
    # the module's side
    modules: frozenset[ModuleType] = ALL_MODULES
    module_defaults: Mapping[ModuleType, object] = field(default_factory=dict)
    expert: bool = False  # True: shown in expert mode only
    visible_when: tuple[Condition, ...] = ()
    enabled_when: tuple[Condition, ...] = ()
    excluded_meters: tuple[str, ...] = ()  # meter types that cannot use the function
    sms: SmsField | None = None
    # the UTMC-700's side
    access: Access = Access.RW

    def default_for(self, module: ModuleType) -> object:
        return self.module_defaults.get(module, self.default)

    def choices_for(self, module: ModuleType) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if module in c.modules)

    def choice(self, value: str) -> Choice:
        for item in self.choices:
            if item.value == value:
                return item
        raise KeyError(value)

    @property
    def secret(self) -> bool:
        return self.kind is Kind.PASSWORD or self.masked

    @property
    def readable(self) -> bool:
        return self.access is not Access.WO

    @property
    def writable(self) -> bool:
        return self.access is not Access.RO

    @property
    def short_label(self) -> Text:
        return self.short or self.label

    def is_visible(self, values: Mapping[str, object]) -> bool:
        return all(c.holds(values) for c in self.visible_when)

    def is_enabled(self, values: Mapping[str, object]) -> bool:
        return all(c.holds(values) for c in self.enabled_when)

    def why_unavailable(self, values: Mapping[str, object]) -> Text | None:
        """The reason the field is hidden or disabled for these values, or None if it is usable."""
        for condition in (*self.visible_when, *self.enabled_when):
            if not condition.holds(values):
                return condition.reason
        return None


@dataclass(frozen=True)
class GroupView:
    """One group of a form with the parameters to show in it, in catalogue order."""

    group: Group
    parameters: tuple[Parameter, ...]


# Labels several parameters of one catalogue share ("Порт", "Адрес"): messages name those fields
# «Group: Label». Filled by each Catalogue; group ids differ between the catalogues.
_SHARED_LABELS: set[tuple[str, str]] = set()


def field_name(param: Parameter) -> Text:
    """The field as the user sees it: «Group: Label» where the label alone is ambiguous."""
    if (param.group.id, param.label.ru) in _SHARED_LABELS:
        return Text(f"«{param.group.label.ru}: {param.label.ru}»", f"“{param.group.label.en}: {param.label.en}”")
    return Text(f"«{param.label.ru}»", f"“{param.label.en}”")


class Catalogue:
    """The parameters of one device in form order, found by key or by frame code."""

    def __init__(self, parameters: tuple[Parameter, ...]) -> None:
        self.parameters = parameters
        self._by_key = {p.key: p for p in parameters}
        self._by_code = {p.code: p for p in parameters}
        assert len(self._by_key) == len(self._by_code) == len(parameters), "duplicate parameter key or code"
        shared = {label for label, count in Counter(p.label.ru for p in parameters).items() if count > 1}
        _SHARED_LABELS.update((p.group.id, p.label.ru) for p in parameters if p.label.ru in shared)

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.parameters)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def parameter(self, key: str) -> Parameter:
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"unknown parameter {key!r}") from None

    def by_code(self, code: int) -> Parameter | None:
        return self._by_code.get(code)
