"""Data types of the module parameter catalogue (declared once, used by every other layer).

A :class:`Parameter` says everything the product needs to know about one module setting:
its labels, kind, defaults per module type, range, choices, which module types have it,
whether the basic mode shows it, when it is relevant (as data, so the GUI can hide or grey
it out and say why), its text-SMS command and its binary code for our frames.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from protocols.module_types import ModuleType
from protocols.text import Text

ALL_MODULES: frozenset[ModuleType] = frozenset(ModuleType)
GSM_MODULES: frozenset[ModuleType] = frozenset(m for m in ModuleType if m.is_gsm)
NB_IOT_MODULES: frozenset[ModuleType] = frozenset(m for m in ModuleType if m.is_nb_iot)
LTE_GSM_MODULES: frozenset[ModuleType] = frozenset({ModuleType.GSM_2G4G, ModuleType.GSM_2G3G4G})


class Kind(enum.Enum):
    TEXT = "text"
    PASSWORD = "password"  # masked in the UI and logs, left out of settings files by default
    INT = "int"
    CHOICE = "choice"  # one of `choices`; the value is the choice's key
    BOOL = "bool"
    FLAGS = "flags"  # any subset of `choices`; the value is a frozenset of keys
    HOST = "host"  # IPv4 address Y.X.X.X or a DNS name
    PHONE = "phone"  # international form: + and digits


class Severity(enum.Enum):
    ERROR = "error"  # blocks sending
    WARNING = "warning"  # shown, does not block


@dataclass(frozen=True)
class Group:
    id: str
    label: Text


@dataclass(frozen=True)
class Choice:
    value: str  # stable key used in settings files, the CLI and the values dict
    label: Text
    code: int  # binary code (one byte); equals the SMS code where the vendor documents one
    sms: str | None = None  # token in SMS text; None: the choice has no SMS form
    modules: frozenset[ModuleType] = ALL_MODULES


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


@dataclass(frozen=True)
class Parameter:
    key: str
    label: Text
    group: Group
    kind: Kind
    code: int  # parameter code in our binary frames (docs/protocols/sms-commands.md)
    default: object
    modules: frozenset[ModuleType] = ALL_MODULES
    module_defaults: Mapping[ModuleType, object] = field(default_factory=dict)
    min: int | None = None
    max: int | None = None
    min_length: int = 0
    max_length: int | None = None
    choices: tuple[Choice, ...] = ()
    width: int = 0  # bytes of an INT in binary frames (little-endian)
    signed: bool = False
    expert: bool = False  # True: shown in expert mode only
    help: Text | None = None
    visible_when: tuple[Condition, ...] = ()
    enabled_when: tuple[Condition, ...] = ()
    min_firmware: str | None = None
    excluded_meters: tuple[str, ...] = ()  # meter types that cannot use the function
    unit: Text | None = None

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
        return self.kind is Kind.PASSWORD

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
