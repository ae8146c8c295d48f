"""Values of UTMC-700 parameters: wire encoding, validation, text and JSON forms.

    encode_value(param, value) -> bytes          (validates first: ValidationError)
    decode_value(param, data) -> value           (ProtocolError on bytes that do not fit)
    problems_of(param, value) -> list[Problem]   every rule the value breaks
    validate(values) -> list[Problem]            for a {key: value} dict
    coerce(param, raw: str) -> value             from the command line / a table cell
    format_value(param, value, lang) -> str      for tables and the CLI
    to_json(param, value) / from_json(param, obj)  for settings files
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import datetime

from construct import ConstructError, Int8ul, Int16ul, Struct

from protocols.catalogue_model import Problem, Severity
from protocols.errors import ProtocolError, ValidationError
from protocols.text import Text, lone_surrogate, shown
from protocols.utmc_params import Kind, UtmcParameter, parameter

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_DATETIME = Struct(
    "year" / Int16ul, "month" / Int8ul, "day" / Int8ul, "hour" / Int8ul, "minute" / Int8ul, "second" / Int8ul
)


def _problem(param: UtmcParameter, ru: str, en: str) -> Problem:
    return Problem(param.key, Text(f"«{param.label.ru}»: {ru}", f"\"{param.label.en}\": {en}"), Severity.ERROR)


def problems_of(param: UtmcParameter, value: object) -> list[Problem]:
    kind = param.kind
    if kind in (Kind.UINT, Kind.INT):
        if isinstance(value, bool) or not isinstance(value, int):
            return [_problem(param, "нужно целое число", "an integer is required")]
        if param.allowed and value not in param.allowed:
            allowed = ", ".join(map(str, param.allowed))
            return [_problem(param, f"допустимо: {allowed}", f"allowed: {allowed}")]
        lo = param.minimum if param.minimum is not None else (0 if kind is Kind.UINT else -(1 << (8 * param.size - 1)))
        hi = param.maximum if param.maximum is not None else (1 << (8 * param.size - (kind is Kind.INT))) - 1
        if not lo <= value <= hi:
            return [_problem(param, f"допустимо {lo}…{hi}", f"must be {lo}…{hi}")]
    elif kind is Kind.BOOL:
        if not isinstance(value, bool):
            return [_problem(param, "нужно да/нет (1/0)", "yes/no (1/0) is required")]
    elif kind is Kind.ENUM:
        if not isinstance(value, str) or param.choice(value) is None:
            tokens = ", ".join(c.token for c in param.choices)
            return [_problem(param, f"допустимо: {tokens}", f"allowed: {tokens}")]
    elif kind in (Kind.TEXT, Kind.SECRET):
        if not isinstance(value, str):
            return [_problem(param, "нужен текст", "text is required")]
        surrogate = lone_surrogate(value)
        if surrogate is not None:
            return [_problem(param, f"символ {surrogate} — не текст (половина суррогатной пары UTF-16)",
                             f"character {surrogate} is not text (half of a UTF-16 surrogate pair)")]
        if len(value) > param.max_length or len(value.encode()) > 255:
            n = param.max_length
            return [_problem(param, f"не длиннее {n} символов", f"at most {n} characters")]
        if any(ord(ch) < 32 for ch in value):
            return [_problem(param, "управляющие символы недопустимы", "control characters are not allowed")]
    elif kind is Kind.IPV4:
        try:
            ipaddress.IPv4Address(value)  # type: ignore[arg-type]
        except (ValueError, TypeError):
            shown_value = shown(str(value))
            return [_problem(param, f"нужен IPv4-адрес вида 192.168.0.1, а не «{shown_value}»",
                             f"an IPv4 address like 192.168.0.1 is required, not \"{shown_value}\"")]
    elif kind is Kind.DATETIME:
        if not isinstance(value, datetime) or not 2000 <= value.year <= 2099:
            return [_problem(param, "нужны дата и время 2000…2099 года", "a date and time in 2000…2099 is required")]
    elif kind is Kind.FLAGS:
        if not isinstance(value, frozenset | set) or not set(value) <= set(param.flag_names):
            return [_problem(param, "неизвестные флаги", "unknown flags")]
    return []


def validate(values: Mapping[str, object]) -> list[Problem]:
    problems: list[Problem] = []
    for key, value in values.items():
        try:
            param = parameter(key)
        except KeyError:
            problems.append(Problem(key, Text(f"Неизвестный параметр «{shown(key)}»",
                                              f"Unknown parameter \"{shown(key)}\"")))
            continue
        problems += problems_of(param, value)
    return problems


def encode_value(param: UtmcParameter, value: object) -> bytes:
    problems = problems_of(param, value)
    if problems:
        raise ValidationError(problems)
    kind = param.kind
    if kind in (Kind.UINT, Kind.INT):
        return int(value).to_bytes(param.size, "little", signed=kind is Kind.INT)  # type: ignore[call-overload]
    if kind is Kind.BOOL:
        return b"\x01" if value else b"\x00"
    if kind is Kind.ENUM:
        choice = param.choice(value)  # type: ignore[arg-type]
        assert choice is not None
        return bytes([choice.code])
    if kind in (Kind.TEXT, Kind.SECRET):
        return str(value).encode()
    if kind is Kind.IPV4:
        return ipaddress.IPv4Address(value).packed  # type: ignore[arg-type]
    if kind is Kind.DATETIME:
        v: datetime = value  # type: ignore[assignment]
        return _DATETIME.build(dict(year=v.year, month=v.month, day=v.day, hour=v.hour, minute=v.minute,
                                    second=v.second))
    if kind is Kind.FLAGS:
        mask = sum(1 << i for i, name in enumerate(param.flag_names) if name in value)  # type: ignore[operator,misc]
        return mask.to_bytes(param.size, "little")
    raise AssertionError(kind)


def decode_value(param: UtmcParameter, data: bytes) -> object:
    """Decode the bytes of one value; anything that does not fit raises ProtocolError."""

    def bad(ru: str, en: str) -> ProtocolError:
        return ProtocolError(Text(f"Значение «{param.label.ru}» от УТМЦ: {ru}",
                                  f"Value of \"{param.label.en}\" from the UTMC: {en}"))

    kind = param.kind
    fixed = {Kind.UINT: param.size, Kind.INT: param.size, Kind.BOOL: 1, Kind.ENUM: 1, Kind.IPV4: 4,
             Kind.DATETIME: 7, Kind.FLAGS: param.size}.get(kind)
    if fixed is not None and len(data) != fixed:
        raise bad(f"{len(data)} байт вместо {fixed}", f"{len(data)} bytes instead of {fixed}")
    value: object
    if kind in (Kind.UINT, Kind.INT):
        value = int.from_bytes(data, "little", signed=kind is Kind.INT)
    elif kind is Kind.BOOL:
        if data[0] > 1:
            raise bad(f"флаг {data[0]}", f"flag {data[0]}")
        value = bool(data[0])
    elif kind is Kind.ENUM:
        choice = next((c for c in param.choices if c.code == data[0]), None)
        if choice is None:
            raise bad(f"неизвестный код {data[0]}", f"unknown code {data[0]}")
        value = choice.token
    elif kind in (Kind.TEXT, Kind.SECRET):
        try:
            value = data.decode()
        except UnicodeDecodeError as error:
            raise bad("не UTF-8", "not UTF-8") from error
    elif kind is Kind.IPV4:
        value = str(ipaddress.IPv4Address(data))
    elif kind is Kind.DATETIME:
        try:
            parts = _DATETIME.parse(data)
            value = datetime(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
        except (ValueError, ConstructError) as error:
            raise bad(f"неверная дата {data.hex()}", f"invalid date {data.hex()}") from error
    elif kind is Kind.FLAGS:
        mask = int.from_bytes(data, "little")
        if mask >> len(param.flag_names):
            raise bad(f"неизвестные биты {mask:#x}", f"unknown bits {mask:#x}")
        value = frozenset(name for i, name in enumerate(param.flag_names) if mask >> i & 1)
    else:  # pragma: no cover - every kind is handled above
        raise AssertionError(kind)
    problems = problems_of(param, value)
    if problems:
        raise bad(problems[0].text.ru, problems[0].text.en)
    return value


_TRUE = {"1", "true", "yes", "on", "да"}
_FALSE = {"0", "false", "no", "off", "нет"}


def coerce(param: UtmcParameter, raw: str) -> object:
    """Text typed by a user (CLI argument, table cell) into a value; ValidationError if it does not fit."""
    text = raw.strip()
    kind = param.kind
    value: object = text
    try:
        if kind in (Kind.UINT, Kind.INT):
            value = int(text)
        elif kind is Kind.BOOL:
            if text.lower() not in _TRUE | _FALSE:
                raise ValueError(text)
            value = text.lower() in _TRUE
        elif kind is Kind.ENUM:
            by_code = {str(c.code): c.token for c in param.choices}
            by_token = {c.token.lower(): c.token for c in param.choices}
            value = by_token.get(text.lower()) or by_code.get(text) or text
        elif kind in (Kind.TEXT, Kind.SECRET):
            value = raw  # spaces may be meaningful in a script name or password
        elif kind is Kind.DATETIME:
            value = datetime.strptime(text, DATETIME_FORMAT)
        elif kind is Kind.FLAGS:
            value = frozenset(part.strip() for part in text.replace(",", " ").split() if part.strip())
    except ValueError as error:
        raise ValidationError([_problem(param, f"не понимаю «{raw}»", f"cannot read \"{raw}\"")]) from error
    problems = problems_of(param, value)
    if problems:
        raise ValidationError(problems)
    return value


def format_value(param: UtmcParameter, value: object, lang: str = "ru", *, mask_secrets: bool = True) -> str:
    if value is None:
        return ""
    kind = param.kind
    if kind is Kind.SECRET and mask_secrets:
        return "•" * len(str(value))
    if kind is Kind.BOOL:
        return "1" if value else "0"
    if kind is Kind.DATETIME and isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if kind is Kind.FLAGS and isinstance(value, frozenset | set):
        return " ".join(name for name in param.flag_names if name in value)
    return str(value)


def to_json(param: UtmcParameter, value: object) -> object:
    if param.kind is Kind.DATETIME and isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if param.kind is Kind.FLAGS and isinstance(value, frozenset | set):
        return [name for name in param.flag_names if name in value]
    return value


def from_json(param: UtmcParameter, obj: object) -> object:
    """Inverse of :func:`to_json`; ValidationError if the stored value breaks the rules."""
    value = obj
    if param.kind is Kind.DATETIME and isinstance(obj, str):
        try:
            value = datetime.strptime(obj, DATETIME_FORMAT)
        except ValueError:
            value = obj
    elif param.kind is Kind.FLAGS and isinstance(obj, list):
        value = frozenset(str(x) for x in obj)
    problems = problems_of(param, value)
    if problems:
        raise ValidationError(problems)
    return value
