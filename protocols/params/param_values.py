"""The value rules of every catalogue parameter (module and UTMC-700), each written once:

    check_value(param, value, module=None) -> [Problem]  type, range, length, form: every rule broken
    coerce(param, raw, module=None) -> value              text typed by a user (form, table, --set, KEY=VALUE);
                                                          ValidationError when it cannot be read at all
    checked_value(param, raw, module=None) -> value       coerce, then check_value (ValidationError, every problem)
    format_value(param, value, mask=True) -> str          short text for tables, the CLI and logs; coerce reads it back
    shown_value(param, value) -> Text                     in words: choices and flags by label, switches on/off
    to_json(param, value) / from_json(param, obj)         settings files
    value_size(param) -> (min, max)                       bytes of the value in our frames
    encode_value(param, value) -> bytes                   checks first (ValidationError)
    decode_value(param, data) -> value                    ProtocolError on bytes that do not fit

Values: TEXT/PASSWORD/HOST/PHONE -> str, INT -> int, BOOL -> bool, CHOICE -> the choice's key, FLAGS ->
frozenset of choice keys, IPV4 -> "a.b.c.d", DATETIME -> naive datetime. `module` limits the choices to
those the module type offers; None accepts every choice.

Text of a parameter that travels in text SMS (``param.sms``: the module's) is ASCII without spaces and
commas and not a lone "-": those separate or mean something in an SMS command (GSM manual §9.1), so such
a value could never be delivered by SMS or Master SIM. Other text (the UTMC-700's) is UTF-8 without
control characters, at most 255 bytes. In frames: text as UTF-8 (the module's is ASCII), INT and FLAGS
little-endian in `width` bytes (FLAGS: bit n = the choice with code n), CHOICE its code and BOOL 0/1 in
one byte, IPV4 four bytes, DATETIME year (u16), month, day, hour, minute, second.
"""

from __future__ import annotations

import ipaddress
import re
import struct
from collections.abc import Iterable
from datetime import datetime

from protocols.errors import ProtocolError, ValidationError
from protocols.params.catalogue_model import TEXT_KINDS, Choice, Kind, Parameter, Problem, Severity, field_name
from protocols.params.module_types import ModuleType
from protocols.text import Text, lone_surrogate, shown

T = Text
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
MASK = "••••••"  # a secret's value on screen: never its length
_DATETIME = struct.Struct("<HBBBBB")
_DNS_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_PHONE = re.compile(r"^\+[0-9]{7,15}$")
_TRUE = {"1", "true", "yes", "on", "да", "вкл"}
_FALSE = {"0", "false", "no", "off", "нет", "выкл"}
ON, OFF = T("включено", "on"), T("выключено", "off")


def problem(param: Parameter, rule: Text, severity: Severity = Severity.ERROR) -> Problem:
    name = field_name(param)
    return Problem(param.key, T(f"{name.ru}: {rule.ru}", f"{name.en}: {rule.en}"), severity)


def unknown_parameter(key: str) -> Problem:
    return Problem(key, T(f"Неизвестный параметр «{shown(key)}»", f"Unknown parameter “{shown(key)}”"))


def int_range(param: Parameter) -> tuple[int, int]:
    """The INT's range: the declared one, else what `width` bytes hold."""
    bits = 8 * param.width
    low = param.min if param.min is not None else (-(1 << (bits - 1)) if param.signed else 0)
    high = param.max if param.max is not None else (1 << (bits - 1 if param.signed else bits)) - 1
    return low, high


def _choices(param: Parameter, module: ModuleType | None) -> tuple[Choice, ...]:
    return param.choices_for(module) if module is not None else param.choices


# --- checks ----------------------------------------------------------------------------------------
def is_ipv4_form(text: str) -> bool:
    return bool(text) and all(part.isascii() and part.isdigit() for part in text.split("."))


def host_rule(text: str) -> Text | None:
    """None if `text` is an IP address Y.X.X.X (Y 1–255, X 0–255) or a valid DNS name."""
    if is_ipv4_form(text):
        parts = text.split(".")
        if len(parts) != 4 or any(len(p) > 3 for p in parts):
            return T("IP-адрес должен иметь вид Y.X.X.X", "an IP address must look like Y.X.X.X")
        numbers = [int(p) for p in parts]
        if not 1 <= numbers[0] <= 255 or any(n > 255 for n in numbers[1:]):
            return T(
                "IP-адрес Y.X.X.X: Y — от 1 до 255, X — от 0 до 255",
                "IP address Y.X.X.X: Y from 1 to 255, X from 0 to 255",
            )
        return None
    labels = text.rstrip(".").split(".")
    if not all(_DNS_LABEL.match(label) for label in labels):
        return T(
            "не является ни IP-адресом Y.X.X.X, ни DNS-именем (латинские буквы, цифры, «-», «.»)",
            "is neither an IP address Y.X.X.X nor a DNS name (Latin letters, digits, “-”, “.”)",
        )
    return None


def _sms_text_rule(text: str) -> Text | None:
    if any(ch in " ," for ch in text):
        return T(
            "пробелы и запятые недопустимы (они разделяют части SMS-команды)",
            "spaces and commas are not allowed (they separate the parts of an SMS command)",
        )
    if any(not 0x21 <= ord(ch) <= 0x7E for ch in text):
        return T(
            "допустимы только латинские буквы, цифры и знаки ASCII",
            "only Latin letters, digits and ASCII signs are allowed",
        )
    if text == "-":
        return T("значение «-» означает пустое значение в SMS-команде", "“-” means an empty value in SMS")
    return None


def _plain_text_rule(text: str) -> Text | None:
    surrogate = lone_surrogate(text)
    if surrogate is not None:
        return T(f"символ {surrogate} — не текст (половина суррогатной пары UTF-16)",
                 f"character {surrogate} is not text (half of a UTF-16 surrogate pair)")
    if len(text.encode()) > 255:
        return T("не более 255 байт", "at most 255 bytes")
    if any(ord(ch) < 32 for ch in text):
        return T("управляющие символы недопустимы", "control characters are not allowed")
    return None


def _check_text(param: Parameter, value: str) -> list[Problem]:
    found: list[Problem] = []
    if len(value) < param.min_length:
        found.append(problem(param, T("обязательное поле", "required")))
    if param.max_length is not None and len(value) > param.max_length:
        found.append(problem(param, T(f"не более {param.max_length} символов",
                                      f"at most {param.max_length} characters")))
    if not value:
        return found
    rule = _sms_text_rule(value) if param.sms is not None else _plain_text_rule(value)
    if rule is None and param.kind is Kind.HOST:
        rule = host_rule(value)
    if rule is None and param.kind is Kind.PHONE and not _PHONE.match(value):
        rule = T("номер в международном формате: «+» и от 7 до 15 цифр (+7xxxxxxxxxx)",
                 "an international number: “+” and 7 to 15 digits (+7xxxxxxxxxx)")
    if rule is not None:
        found.append(problem(param, rule))
    return found


def check_value(param: Parameter, value: object, module: ModuleType | None = None) -> list[Problem]:
    """Problems of one value on its own (type, range, length, form)."""
    kind = param.kind
    if kind in TEXT_KINDS:
        if not isinstance(value, str):
            return [problem(param, T("ожидается текст", "text expected"))]
        return _check_text(param, value)
    if kind is Kind.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            return [problem(param, T("ожидается целое число", "a whole number expected"))]
        if param.allowed and value not in param.allowed:
            listed = ", ".join(map(str, param.allowed))
            return [problem(param, T(f"допустимые значения: {listed}", f"allowed values: {listed}"))]
        low, high = int_range(param)
        if not low <= value <= high:
            return [problem(param, T(f"допустимо от {low} до {high}", f"allowed from {low} to {high}"))]
        return []
    if kind is Kind.BOOL:
        if not isinstance(value, bool):
            return [problem(param, T("ожидается «да» или «нет»", "yes or no expected"))]
        return []
    if kind is Kind.IPV4:
        try:
            if not isinstance(value, str):
                raise TypeError(value)
            ipaddress.IPv4Address(value)
        except (ValueError, TypeError):
            text = shown(str(value))
            return [problem(param, T(f"нужен IPv4-адрес вида 192.168.0.1, а не «{text}»",
                                     f"an IPv4 address like 192.168.0.1 is required, not “{text}”"))]
        return []
    if kind is Kind.DATETIME:
        if not isinstance(value, datetime) or not 2000 <= value.year <= 2099:
            return [problem(param, T("нужны дата и время 2000…2099 года", "a date and time in 2000…2099 is required"))]
        return []
    allowed = [c.value for c in _choices(param, module)]
    if kind is Kind.CHOICE:
        if value not in allowed:
            return [problem(param, T(f"допустимые значения: {', '.join(allowed)}",
                                     f"allowed values: {', '.join(allowed)}"))]
        return []
    if not isinstance(value, (set, frozenset)) or not all(isinstance(v, str) for v in value):
        return [problem(param, T("ожидается набор значений", "a set of values expected"))]
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        return [problem(param, T(f"неизвестные значения {', '.join(unknown)}; допустимые: {', '.join(allowed)}",
                                 f"unknown values {', '.join(unknown)}; allowed: {', '.join(allowed)}"))]
    return []


# --- text typed by a user ----------------------------------------------------------------------------
def coerce(param: Parameter, raw: str, module: ModuleType | None = None) -> object:
    """A value from text typed in the CLI, a form or a table; ValidationError naming the field when the
    text is not a value of this kind at all (ranges and lengths are check_value's)."""
    text = raw.strip()
    kind = param.kind
    if kind in TEXT_KINDS:
        return raw  # spaces may be meaningful in a script name or password: the rules say
    if kind is Kind.IPV4:
        return text
    if kind is Kind.INT:
        try:
            return int(text, 10)
        except ValueError:
            raise _unreadable(param, T(f"«{raw}» — не целое число", f"“{raw}” is not a whole number")) from None
    if kind is Kind.BOOL:
        lowered = text.lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise _unreadable(param, T(f"«{raw}»: ожидается 1/0, да/нет", f"“{raw}”: expected 1/0, yes/no"))
    if kind is Kind.DATETIME:
        try:
            return datetime.strptime(text, DATETIME_FORMAT)
        except ValueError:
            raise _unreadable(param, T(f"«{raw}»: ожидается ГГГГ-ММ-ДД чч:мм:сс",
                                       f"“{raw}”: expected YYYY-MM-DD hh:mm:ss")) from None
    choices = _choices(param, module)
    if kind is Kind.CHOICE:
        return _coerce_choice(param, text, choices)
    if text.lower() == "all":
        return frozenset(c.value for c in choices)
    found: set[str] = set()
    for item in (t.strip() for t in text.split(",") if t.strip()):
        words = [item] if _match(item, choices) is not None else item.split()  # "PWR RS3" as well as "PWR,RS3"
        found.update(_coerce_choice(param, word, choices) for word in words)
    return frozenset(found)


def _match(text: str, choices: Iterable[Choice]) -> str | None:
    lowered = text.lower()
    for choice in choices:
        if lowered in (choice.value.lower(), choice.label.ru.lower(), choice.label.en.lower(), choice.token.lower()):
            return choice.value
    return None


def _coerce_choice(param: Parameter, text: str, choices: tuple[Choice, ...]) -> str:
    found = _match(text, choices)
    if found is not None:
        return found
    allowed = ", ".join(c.value for c in choices)
    raise _unreadable(param, T(f"«{text}» — нет такого значения; допустимые: {allowed}",
                               f"“{text}” is not a choice; allowed: {allowed}"))


def _unreadable(param: Parameter, why: Text) -> ValidationError:
    return ValidationError([problem(param, why)])


def checked_value(param: Parameter, raw: str, module: ModuleType | None = None) -> object:
    """:func:`coerce`, then every rule of :func:`check_value`; ValidationError listing the problems."""
    value = coerce(param, raw, module)
    problems = check_value(param, value, module)
    if problems:
        raise ValidationError(problems)
    return value


# --- text shown to a user -----------------------------------------------------------------------------
def _flag_keys(param: Parameter, value: object) -> list[str]:
    chosen = value if isinstance(value, (set, frozenset)) else set()
    return [c.value for c in param.choices if c.value in chosen]


def format_value(param: Parameter, value: object, mask: bool = True) -> str:
    """The value as short text that :func:`coerce` reads back: switches 1/0, flags comma-separated,
    times ``YYYY-MM-DD hh:mm:ss``; a secret masked unless ``mask`` is False."""
    if value is None:
        return ""
    if param.secret and mask:
        return MASK if value not in ("", None) else ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if param.kind is Kind.FLAGS and isinstance(value, (set, frozenset)):
        return ",".join(_flag_keys(param, value))
    return str(value)


def shown_value(param: Parameter, value: object) -> Text:
    """The value in words, as a form shows it: choices and flags by their labels, switches on/off,
    secrets masked; a value the catalogue does not list as it is."""
    if param.kind is Kind.BOOL and isinstance(value, bool):
        return ON if value else OFF
    if param.kind is Kind.CHOICE:
        try:
            return param.choice(str(value)).label
        except KeyError:
            pass
    known = {c.value for c in param.choices}
    if param.kind is Kind.FLAGS and isinstance(value, (set, frozenset)) and set(value) <= known:
        chosen = [c.label for c in param.choices if c.value in value]
        return T(", ".join(t.ru for t in chosen) or "—", ", ".join(t.en for t in chosen) or "—")
    text = format_value(param, value)
    return T(text, text)


# --- settings files -----------------------------------------------------------------------------------
def to_json(param: Parameter, value: object) -> object:
    """The value as JSON: flags a list (catalogue order), times ``YYYY-MM-DD hh:mm:ss``."""
    if param.kind is Kind.DATETIME and isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if param.kind is Kind.FLAGS:
        assert isinstance(value, (set, frozenset)), f"{param.key}: flags must be a set"
        return _flag_keys(param, value)
    return value


def from_json(param: Parameter, obj: object, module: ModuleType | None = None) -> object:
    """Inverse of :func:`to_json`; ValidationError listing what breaks the rules."""
    value = obj
    if param.kind is Kind.DATETIME and isinstance(obj, str):
        try:
            value = datetime.strptime(obj, DATETIME_FORMAT)
        except ValueError:
            pass  # check_value says what is wrong
    elif param.kind is Kind.FLAGS:
        if not isinstance(obj, list) or not all(isinstance(v, str) for v in obj):
            raise ValidationError([problem(param, T("ожидается список", "a list expected"))])
        value = frozenset(obj)
    problems = check_value(param, value, module)
    if problems:
        raise ValidationError(problems)
    return value


# --- bytes in our frames -------------------------------------------------------------------------------
_FIXED = {Kind.BOOL: 1, Kind.CHOICE: 1, Kind.IPV4: 4, Kind.DATETIME: _DATETIME.size}


def value_size(param: Parameter) -> tuple[int, int]:
    """(min, max) length in bytes of the parameter's value."""
    if param.kind in TEXT_KINDS:
        return 0, (param.max_length or 0) if param.sms is not None else 255
    size = param.width if param.kind in (Kind.INT, Kind.FLAGS) else _FIXED[param.kind]
    return size, size


def encode_value(param: Parameter, value: object) -> bytes:
    """The value's bytes; ValidationError if the value breaks the parameter's rules."""
    problems = check_value(param, value)
    if problems:
        raise ValidationError(problems)
    kind = param.kind
    if kind in TEXT_KINDS:
        return str(value).encode()
    if kind is Kind.INT:
        assert isinstance(value, int)
        return value.to_bytes(param.width, "little", signed=param.signed)
    if kind is Kind.BOOL:
        return b"\x01" if value else b"\x00"
    if kind is Kind.CHOICE:
        return bytes([param.choice(str(value)).code])
    if kind is Kind.IPV4:
        return ipaddress.IPv4Address(str(value)).packed
    if kind is Kind.DATETIME:
        assert isinstance(value, datetime)
        return _DATETIME.pack(value.year, value.month, value.day, value.hour, value.minute, value.second)
    assert isinstance(value, (set, frozenset))
    mask = 0
    for item in value:
        mask |= 1 << param.choice(item).code
    return mask.to_bytes(param.width, "little")


def decode_value(param: Parameter, data: bytes) -> object:
    """The value from its bytes; ProtocolError on a wrong length or content."""
    low, high = value_size(param)
    if not low <= len(data) <= high:
        expected = f"{low}" if low == high else f"{low}–{high}"
        raise _error(param, T(f"длина {len(data)} байт, ожидается {expected}",
                              f"length {len(data)} bytes, expected {expected}"))
    kind = param.kind
    value: object
    if kind in TEXT_KINDS:
        try:
            value = bytes(data).decode()
        except UnicodeDecodeError:
            raise _error(param, T("не текст UTF-8", "not UTF-8 text")) from None
    elif kind is Kind.INT:
        value = int.from_bytes(data, "little", signed=param.signed)
    elif kind is Kind.BOOL:
        if data[0] > 1:
            raise _error(param, T(f"значение {data[0]} вместо 0/1", f"value {data[0]} instead of 0/1"))
        value = data[0] == 1
    elif kind is Kind.CHOICE:
        by_code = {c.code: c.value for c in param.choices}
        if data[0] not in by_code:
            raise _error(param, T(f"неизвестный код {data[0]}", f"unknown code {data[0]}"))
        value = by_code[data[0]]
    elif kind is Kind.IPV4:
        value = str(ipaddress.IPv4Address(bytes(data)))
    elif kind is Kind.DATETIME:
        try:
            value = datetime(*_DATETIME.unpack(bytes(data)))
        except ValueError:
            raise _error(param, T(f"неверная дата {bytes(data).hex()}", f"invalid date {bytes(data).hex()}")) from None
    else:
        mask = int.from_bytes(data, "little")
        by_bit = {c.code: c.value for c in param.choices}
        if mask & ~sum(1 << bit for bit in by_bit):
            raise _error(param, T(f"лишние биты в 0x{mask:0{2 * param.width}X}",
                                  f"unknown bits in 0x{mask:0{2 * param.width}X}"))
        value = frozenset(v for bit, v in by_bit.items() if mask >> bit & 1)
    problems = check_value(param, value)
    if problems:
        raise _error(param, problems[0].text, named=False)
    return value


def _error(param: Parameter, why: Text, named: bool = True) -> ProtocolError:
    if not named:  # a Problem's text names the field already
        return ProtocolError(why)
    name = field_name(param)
    return ProtocolError(T(f"{name.ru}: {why.ru}", f"{name.en}: {why.en}"))
