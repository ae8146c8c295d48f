"""Text SMS commands to the module and its replies (GSM manual §9; docs/protocols/sms-commands.md).

    plan_sms_texts(module, values, password, only=None, firmware=None) -> SmsPlan
                                                        texts (one command per SMS, MODE last, all signed
                                                        with ``password``), warnings
    build_sms_texts(...)                                -> [str]    the plan's texts
    mask_sms_secrets(text)                              -> str      a command or reply with passwords masked
    format_reply(meter_type, serial, command, values)   -> str       the module's reply text
    format_error_reply(meter_type, serial, code)        -> str       ours: ``ERROR: 0x02``
    parse_sms_reply(text)                               -> SmsReply  typed, ProtocolError on garbage
    not_understood(text) / shown_reply(text)            -> Text/str  a reply shown verbatim on one line
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from protocols.catalogue import Kind, Parameter, Problem, applicable, check, parameter
from protocols.error_codes import device_error
from protocols.errors import DeviceError, ProblemItem, ProtocolError, ValidationError
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


@dataclass(frozen=True)
class SmsPlan:
    """The SMS texts to send and what the user must know about them."""

    texts: list[str]
    ours: list[str] = field(default_factory=list)  # our commands among them (not the vendor's)
    skipped: list[str] = field(default_factory=list)  # commands the module's firmware does not have
    warnings: list[Text] = field(default_factory=list)


def _differs_from_default(module: ModuleType, key: str, values: Mapping[str, object]) -> bool:
    return values[key] != parameter(key).default_for(module)


def plan_sms_texts(module: ModuleType, values: Mapping[str, object], password: str, *,
                   only: set[str] | None = None, firmware: tuple[int, int] | None = None,
                   given: Collection[str] = ()) -> SmsPlan:
    """The SMS texts that deliver `values`, in sending order: one command per SMS, MODE last.

    Documented commands (GSM manual §9) are sent for every value given. A command of ours is sent
    only when one of its values differs from the module type's default (the user asked for it),
    and the plan then warns that a real module may not know it. With a known `firmware`, commands
    the firmware does not have (MODE and PSW before 2.0) are left out and the plan says so.

    `values` may be partial: missing parameters of a multi-parameter command are sent as empty
    tokens (left unchanged by the module). `only` limits the commands to those carrying these
    keys. An empty server address or new password sends no command. Raises ValidationError with
    every problem (values, password, SMS length) before anything is built.

    Without `only`, the values of fields the other values switch off (the port in the SMS mode, the
    MQTT settings while the MQTT client is off: catalogue.applicable) are neither checked nor sent,
    except the keys in `given` (set explicitly by the user).
    """
    problems: list[ProblemItem] = list(_password_problems(password))
    checked = set(only or ()) | set(given)
    if only is None:  # a greyed-out field's value is not sent
        kept = applicable(module, values)
        values = {key: value for key, value in values.items() if key in kept or key in checked}
    try:
        check(module, values, checked=checked)
    except ValidationError as error:
        problems = [*error.problems, *problems]
    if problems:
        raise ValidationError(problems)
    texts: list[str] = []
    ours: list[str] = []
    skipped: list[str] = []
    names: list[str] = []
    for item in COMMANDS:  # the table's order: our commands after the documented ones, PASS just before MODE
        wanted = {k for k in item.keys if k in values and (only is None or k in only)}
        if not item.available(module) or not wanted:
            continue
        if item.name in ("DNS", "PASS", "UPASS") and not values[item.keys[0]]:
            continue
        if not item.documented and not any(_differs_from_default(module, k, values) for k in wanted):
            continue
        if item.too_new_for(firmware):
            skipped.append(item.name)
            continue
        tokens = values_tokens(item, {k: values[k] for k in wanted})
        # Every text carries the password in force now: a new one (PASS, UPASS) takes effect only when
        # MODE restarts the module, so a module that refuses PASS still takes MODE and the rest.
        texts.append(f"{password} {item.name} {','.join(tokens)}")
        names.append(item.name)
        if not item.documented:
            ours.append(item.name)
    too_long = [p for p in (sms_fit_problem(t) for t in texts) if p is not None]
    if too_long:
        raise ValidationError(too_long)
    warnings: list[Text] = []
    if ours:
        warnings.append(ours_warning(ours))
    if skipped and firmware is not None:
        warnings.append(firmware_warning(skipped, firmware))
    new_passwords = [name for name in ("PASS", "UPASS") if name in names]
    if new_passwords and "MODE" not in names:
        warnings.append(password_restart_warning(new_passwords))
    return SmsPlan(texts, ours, skipped, warnings)


def password_restart_warning(names: list[str]) -> Text:
    """PASS/UPASS without MODE: the new password waits for the module's next restart."""
    listed = ", ".join(names)
    return Text(f"Новый пароль ({listed}) вступит в силу после перезапуска модуля, а команда MODE, которая его "
                "перезапускает, не отправляется: до перезапуска действует прежний пароль",
                f"The new password ({listed}) takes effect when the module restarts, and MODE, which restarts "
                "it, is not sent: the old password stays in force until a restart")


def ours_warning(names: list[str]) -> Text:
    listed = ", ".join(names)
    if len(names) == 1:
        ru_head, en_head = f"Команда {listed} — расширение этого конфигуратора, производитель её", \
            f"The command {listed} is"
        ru_it, en_it = "Она отправляется, потому что значение отличается от значения по умолчанию", \
            "It is sent because its value differs"
    else:
        ru_head, en_head = f"Команды {listed} — расширение этого конфигуратора, производитель их", \
            f"The commands {listed} are"
        ru_it, en_it = "Они отправляются, потому что значения отличаются от значений по умолчанию", \
            "They are sent because their values differ"
    return Text(
        f"{ru_head} не описывает: модуль может ответить ошибкой "
        f"0x06 (неверная команда) или не ответить. {ru_it}",
        f"{en_head} this configurator's own, not documented by the vendor: the module may answer error 0x06 "
        f"(invalid command) or not answer. {en_it} from the defaults",
    )


def firmware_warning(names: list[str], firmware: tuple[int, int]) -> Text:
    listed = ", ".join(names)
    version = f"{firmware[0]}.{firmware[1]}"
    needed = sorted({command(n).min_firmware or "" for n in names})
    since = ", ".join(needed)
    if len(names) == 1:
        ru = f"ВПО модуля {version}: команды {listed} в нём нет (она появилась в версии {since}), она не отправляется"
        en = f"Module firmware {version} has no {listed} command (it appeared in version {since}); it is not sent"
    else:
        ru = f"ВПО модуля {version}: команд {listed} в нём нет (они появились в версии {since}), они не отправляются"
        en = f"Module firmware {version} has no {listed} commands (they appeared in version {since}); they are not sent"
    if "MODE" in names:
        ru += ". Без команды MODE режим работы не меняется и модуль не перезагружается сам"
        en += ". Without MODE the operating mode does not change and the module does not restart by itself"
    return Text(ru, en)


def build_sms_texts(module: ModuleType, values: Mapping[str, object], password: str, *,
                    only: set[str] | None = None, firmware: tuple[int, int] | None = None) -> list[str]:
    """Just the texts of :func:`plan_sms_texts`."""
    return plan_sms_texts(module, values, password, only=only, firmware=firmware).texts


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


# The manual gives the error codes (Appendix A) but not the error reply's text; real modules may
# word it differently from ours (``ERROR: 0x03``). Accepted: ERROR or ERR, then ":", "=", "#" or
# nothing, then the code in hex (0x03) or decimal (03, 3), any case, with or without the TYPE and
# SERIAL lines before it.
_ERROR_REPLY = re.compile(r"\s*ERR(?:OR)?\s*[:=#]?\s*(0x[0-9a-f]{1,2}|\d{1,3})\s*[.!]?\s*", re.IGNORECASE)


def parse_sms_reply(text: str) -> SmsReply:
    """Parse a reply SMS (``\\r\\n`` or ``\\n`` line ends); ProtocolError if it is not one."""
    error = _error_reply(text)
    if error is not None:
        return error
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


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _error_reply(text: str) -> SmsReply | None:
    """An error reply in any of the accepted forms, or None."""
    lines = [line.strip() for line in _lines(text) if line.strip()]
    if not lines or len(lines) > 3:
        return None
    found = _ERROR_REPLY.fullmatch(lines[-1])
    if found is None:
        return None
    token = found.group(1).lower()
    code = int(token, 16) if token.startswith("0x") else int(token, 10)
    if code > 0xFF:
        return None
    header = [*lines[:-1], "", ""]
    return SmsReply(header[0], header[1], "ERROR", {}, code)


def shown_reply(text: str) -> str:
    """A reply as it came, on one line: passwords masked, ⏎ for each line end."""
    return " ⏎ ".join(_lines(mask_sms_secrets(text)))


def not_understood(text: str) -> Text:
    """A reply that is none of the forms we know, shown verbatim."""
    verbatim = shown_reply(text)
    return Text(f"ответ не понят: «{verbatim}»", f"reply not understood: “{verbatim}”")


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


def _stars(text: str) -> str:
    return "*" * len(text)


def _mask_tokens(item: SmsCommand, params_text: str) -> str:
    """The parameters of `item` with the values of secret parameters masked."""
    secret = [i for i, p in enumerate(item.parameters) if p.secret]
    if not secret or not params_text:
        return params_text
    tokens = split_tokens(item, params_text)
    return ",".join(_stars(t) if i in secret and t not in ("", EMPTY) else t for i, t in enumerate(tokens))


def mask_sms_secrets(text: str) -> str:
    """A command text or a module's reply with every password replaced by asterisks.

    Commands: the access password (the first word) and the values of password parameters (PSW,
    MQLOGIN's password, PASS, UPASS). Replies: the APN password line and password values. Any
    other text comes back unchanged.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    if len(lines) >= 3 and ":" in lines[2]:  # a reply: <TYPE>, <SERIAL>, <KEY>: …
        key, _, rest = lines[2].partition(":")
        if key.strip().upper() == "APN" and len(lines) >= 5 and lines[4]:
            lines[4] = _stars(lines[4])
        else:
            item = resolve_command(key.strip()) if len(key.strip()) >= 3 else None
            if item is not None and item.name == key.strip().upper():
                lead = " " if rest.startswith(" ") else ""
                lines[2] = f"{key}:{lead}{_mask_tokens(item, rest[len(lead):])}"
        joined = "\r\n".join(lines) if "\r\n" in text else "\n".join(lines)
        return joined
    words = text.split(" ", 2)
    if len(words) >= 2 and resolve_command(words[1]) is not None:  # <PASSWORD> <COMMAND> [<PARAMS>]
        item = resolve_command(words[1])
        assert item is not None
        masked = [_stars(words[0]), words[1]]
        if len(words) == 3:
            masked.append(_mask_tokens(item, words[2]))
        return " ".join(masked)
    first = resolve_command(words[0]) if words else None
    if first is not None and len(words) >= 2:  # a user-level command from the trusted phone, no password
        return f"{words[0]} {_mask_tokens(first, ' '.join(words[1:]))}"
    return text


__all__ = [
    "COMMANDS", "EMPTY", "SMS_MAX_SEPTETS", "SmsCommand", "SmsPlan", "SmsReply",
    "build_sms_texts", "firmware_warning", "format_error_reply", "format_reply", "gsm7_septets",
    "mask_sms_secrets", "not_understood", "ours_warning", "parse_sms_reply", "plan_sms_texts", "query_text",
    "shown_reply", "sms_fit_problem",
]
