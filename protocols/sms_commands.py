"""Text SMS commands to the module and its replies (seed 001 §9; docs/protocols/sms-commands.md).

    build_sms_texts(module, values, password, only=None) -> [str]   one command per SMS, MODE last
    format_reply(meter_type, serial, command, values)   -> str       the module's reply text
    format_error_reply(meter_type, serial, code)        -> str       ours: ``ERROR: 0x02``
    parse_sms_reply(text)                               -> SmsReply  typed, ProtocolError on garbage
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from protocols.catalogue import Kind, Parameter, Problem, check, parameter
from protocols.error_codes import device_error
from protocols.errors import DeviceError, ProtocolError, ValidationError
from protocols.module_types import ModuleType
from protocols.sms_grammar import (
    COMMANDS,
    EMPTY,
    ReplyForm,
    SmsCommand,
    command,
    decode_token,
    encode_token,
    resolve_command,
    split_tokens,
    values_tokens,
)
from protocols.text import Text

SMS_MAX_SEPTETS = 160
CRLF = "\r\n"

# GSM 03.38 default alphabet (TS 23.038): one septet each; the extension table costs two.
_GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = set("^{}\\[~]|€\f")


def gsm7_septets(text: str) -> int | None:
    """Length of `text` in GSM 7-bit septets, or None if it needs UCS-2."""
    total = 0
    for ch in text:
        if ch in _GSM7_BASIC:
            total += 1
        elif ch in _GSM7_EXTENSION:
            total += 2
        else:
            return None
    return total


def sms_fit_problem(text: str) -> Problem | None:
    """None if `text` fits one SMS (160 GSM-7 characters); else a Problem saying so."""
    septets = gsm7_septets(text)
    name = text.split(" ", 2)[1] if text.count(" ") >= 1 else text
    if septets is None:
        return Problem(name, Text(
            f"Команда {name}: текст содержит символы вне алфавита GSM 7-бит",
            f"Command {name}: the text has characters outside the GSM 7-bit alphabet"))
    if septets > SMS_MAX_SEPTETS:
        return Problem(name, Text(
            f"Команда {name}: {septets} символов не помещается в одно SMS ({SMS_MAX_SEPTETS})",
            f"Command {name}: {septets} characters do not fit one SMS ({SMS_MAX_SEPTETS})"))
    return None


def _password_problems(password: str) -> list[Problem]:
    if not password:
        return [Problem("password", Text("Пароль доступа: обязательное поле", "Access password: required"))]
    if any(ch.isspace() for ch in password):
        return [Problem("password", Text("Пароль доступа: пробелы недопустимы",
                                         "Access password: spaces are not allowed"))]
    return []


def build_sms_texts(module: ModuleType, values: Mapping[str, object], password: str, *,
                    only: set[str] | None = None) -> list[str]:
    """The SMS texts that deliver `values`, in sending order: one command per SMS, MODE last.

    `values` may be partial: missing parameters of a multi-parameter command are sent as empty
    tokens (left unchanged by the module). `only` limits the commands to those carrying these
    keys. An empty server address or new password sends no command. Raises ValidationError with
    every problem (values, password, SMS length) before anything is built.
    """
    problems: list[object] = list(_password_problems(password))
    try:
        check(module, values)
    except ValidationError as error:
        problems = [*error.problems, *problems]
    if problems:
        raise ValidationError(problems)
    texts: list[str] = []
    current_password = password
    for item in COMMANDS:
        wanted = {k for k in item.keys if k in values and (only is None or k in only)}
        if not item.available(module) or not wanted:
            continue
        if item.name in ("DNS", "PASS", "UPASS") and not values[item.keys[0]]:
            continue
        tokens = values_tokens(item, {k: values[k] for k in wanted})
        texts.append(f"{current_password} {item.name} {','.join(tokens)}")
        if item.name == "PASS":  # later commands (MODE) must carry the new password
            current_password = str(values["new_admin_password"])
    too_long = [p for p in (sms_fit_problem(t) for t in texts) if p is not None]
    if too_long:
        raise ValidationError(too_long)
    return texts


def query_text(password: str, name: str) -> str:
    """A query (command without parameters), e.g. ``12345678 APN``."""
    return f"{password} {command(name).name}"


@dataclass(frozen=True)
class SmsReply:
    """A module's reply: meter type and serial, the command answered and the values it reports."""

    meter_type: str
    serial: str
    command: str  # reply key: MODE, APN, DNS, TIMEOUT, … or ERROR
    values: dict[str, object] = field(default_factory=dict)
    error_code: int | None = None

    @property
    def ok(self) -> bool:
        return self.error_code is None

    def error(self) -> DeviceError | None:
        return None if self.error_code is None else device_error(self.error_code)

    def raise_for_error(self) -> None:
        if self.error_code is not None:
            raise device_error(self.error_code)


def format_reply(meter_type: str, serial: str, item: SmsCommand, values: Mapping[str, object]) -> str:
    """The reply text the module sends for `item` with its current `values` (documented forms)."""
    head = f"{meter_type}{CRLF}{serial}{CRLF}"
    if item.reply is ReplyForm.MODE:
        return f"{head}MODE: {encode_token(parameter('mode'), values['mode'])}"
    if item.reply is ReplyForm.APN:
        return f"{head}APN: {values['apn']}{CRLF}{values['apn_user']}{CRLF}{values['apn_password']}"
    if item.reply is ReplyForm.DNS:
        return f"{head}DNS: {values['server']}:{values['port']}"
    if item.reply is ReplyForm.ACK:
        return f"{head}{item.name}: OK"
    tokens = [encode_token(parameter(k), values[k]) for k in item.keys if k in values]
    return f"{head}{item.name}: {','.join(tokens)}"


def format_error_reply(meter_type: str, serial: str, code: int) -> str:
    return f"{meter_type}{CRLF}{serial}{CRLF}ERROR: 0x{code:02X}"


def _garbage(why: str, why_en: str) -> ProtocolError:
    return ProtocolError(Text(f"Ответ модуля не разобран: {why}", f"Module reply not understood: {why_en}"))


def parse_sms_reply(text: str) -> SmsReply:
    """Parse a reply SMS (``\\r\\n`` or ``\\n`` line ends); ProtocolError if it is not one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    keep = 5 if len(lines) > 2 and lines[2].upper().startswith("APN:") else 3  # APN: user, psw may be empty
    while len(lines) > keep and lines[-1] == "":
        lines.pop()
    if len(lines) < 3:
        raise _garbage("меньше трех строк", "fewer than three lines")
    meter_type, serial, body = lines[0].strip(), lines[1].strip(), lines[2]
    if not meter_type or not serial:
        raise _garbage("нет типа или заводского номера счетчика", "no meter type or serial number")
    key, sep, rest = body.partition(":")
    key = key.strip().upper()
    if not sep or not key:
        raise _garbage(f"строка «{body[:40]}» не вида «КЛЮЧ: значение»", f"line “{body[:40]}” is not “KEY: value”")
    rest = rest[1:] if rest.startswith(" ") else rest
    extra = lines[3:]
    if key == "APN":
        if len(extra) > 2:
            raise _garbage("лишние строки после APN", "extra lines after APN")
        extra = [*extra, "", ""][:2]
        apn: dict[str, object] = {"apn": rest, "apn_user": extra[0], "apn_password": extra[1]}
        return SmsReply(meter_type, serial, key, apn)
    if extra:
        raise _garbage(f"лишние строки после {key}", f"extra lines after {key}")
    if key == "ERROR":
        return SmsReply(meter_type, serial, key, {}, _parse_error_code(rest))
    if key == "DNS":
        host, colon, port = rest.rpartition(":")
        if not colon:
            raise _garbage("в DNS нет порта", "no port in DNS")
        return SmsReply(meter_type, serial, key, {"server": host, "port": _decode(parameter("port"), port)})
    item = resolve_command(key) if len(key) >= 3 else None
    if item is None or item.name != key:
        raise _garbage(f"неизвестный ответ «{key[:20]}»", f"unknown reply “{key[:20]}”")
    if item.reply is ReplyForm.ACK:
        if rest.strip().upper() != "OK":
            raise _garbage(f"ожидалось «{key}: OK»", f"expected “{key}: OK”")
        return SmsReply(meter_type, serial, key, {})
    tokens = split_tokens(item, rest)
    if len(tokens) > len(item.keys):
        raise _garbage(f"лишние значения в {key}", f"too many values in {key}")
    values: dict[str, object] = {k: _decode(parameter(k), t) for k, t in zip(item.keys, tokens, strict=False)}
    return SmsReply(meter_type, serial, key, values)


def _decode(param: Parameter, token: str) -> object:
    if token == "" and param.kind not in (Kind.TEXT, Kind.PASSWORD, Kind.HOST, Kind.PHONE):
        raise _garbage(f"пустое значение «{param.label.ru}»", f"empty value of “{param.label.en}”")
    return decode_token(param, token)


def _parse_error_code(rest: str) -> int:
    token = rest.strip().lower()
    try:
        code = int(token, 16) if token.startswith("0x") else int(token, 10)
    except ValueError:
        raise _garbage(f"код ошибки «{rest[:10]}»", f"error code “{rest[:10]}”") from None
    if not 0 <= code <= 0xFF:
        raise _garbage(f"код ошибки «{rest[:10]}»", f"error code “{rest[:10]}”")
    return code


__all__ = [
    "COMMANDS", "EMPTY", "SMS_MAX_SEPTETS", "SmsCommand", "SmsReply",
    "build_sms_texts", "format_error_reply", "format_reply", "gsm7_septets", "parse_sms_reply",
    "query_text", "sms_fit_problem",
]
