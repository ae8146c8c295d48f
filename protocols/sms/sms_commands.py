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

from protocols.errors import DeviceError, ProblemItem, ProtocolError, ValidationError
from protocols.module.error_codes import device_error
from protocols.params.catalogue import Parameter, Problem, applicable, check, parameter
from protocols.params.catalogue_model import TEXT_KINDS
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware
from protocols.sms.sms_grammar import (
    COMMANDS,
    EMPTY,
    ReplyLayout,
    SmsCommand,
    available,
    command,
    decode_token,
    encode_token,
    min_firmware,
    parameters_of,
    reply_fields,
    resolve_command,
    split_tokens,
    too_new,
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
                   only: set[str] | None = None, firmware: Firmware | None = None,
                   given: Collection[str] = ()) -> SmsPlan:
    """The SMS texts that deliver `values`, in sending order: one command per SMS, MODE last.

    Documented commands (GSM manual §9) are sent for every value given. A command of ours is sent
    only when one of its values differs from the module type's default (the user asked for it),
    and the plan then warns that a real module may not know it. With a known `firmware`, commands
    the firmware does not have (MODE and PSW before 2.0) are left out and the plan says so.

    `values` may be partial: missing parameters of a multi-parameter command are sent as empty
    tokens (left unchanged by the module). `only` limits the commands to those carrying these
    keys. An empty value of a parameter that has no empty token (the server address, a new password:
    ``SmsField.sends_empty``) sends no command. Raises ValidationError with every problem (values,
    password, SMS length) before anything is built.

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
        wanted = {p.key for p in parameters_of(item) if p.key in values and (only is None or p.key in only)}
        if not available(item, module) or not wanted:
            continue
        if any(p.key in wanted and p.sms is not None and not p.sms.sends_empty and not values[p.key]
               for p in parameters_of(item)):
            continue
        if not item.documented and not any(_differs_from_default(module, k, values) for k in wanted):
            continue
        if too_new(item, firmware):
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
    new_passwords = [name for name in names if command(name).layout is ReplyLayout.OK]
    if new_passwords and not any(command(name).restarts for name in names):
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


def firmware_warning(names: list[str], firmware: Firmware) -> Text:
    listed = ", ".join(names)
    version = str(firmware)
    since = ", ".join(sorted({str(min_firmware(command(n))) for n in names}))
    if len(names) == 1:
        ru = f"ВПО модуля {version}: команды {listed} в нём нет (она появилась в версии {since}), она не отправляется"
        en = f"Module firmware {version} has no {listed} command (it appeared in version {since}); it is not sent"
    else:
        ru = f"ВПО модуля {version}: команд {listed} в нём нет (они появились в версии {since}), они не отправляются"
        en = f"Module firmware {version} has no {listed} commands (they appeared in version {since}); they are not sent"
    restart = next((n for n in names if command(n).restarts), None)
    if restart is not None:
        ru += f". Без команды {restart} режим работы не меняется и модуль не перезагружается сам"
        en += f". Without {restart} the operating mode does not change and the module does not restart by itself"
    return Text(ru, en)


def build_sms_texts(module: ModuleType, values: Mapping[str, object], password: str, *,
                    only: set[str] | None = None, firmware: Firmware | None = None) -> list[str]:
    """Just the texts of :func:`plan_sms_texts`."""
    return plan_sms_texts(module, values, password, only=only, firmware=firmware).texts


_LINES_REPLY = next(c for c in COMMANDS if c.layout is ReplyLayout.LINES)  # APN: its values on lines of their own


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
    """The reply text the module sends for `item` with its current `values` (GSM manual §9.2–9.9)."""
    head = f"{meter_type}{CRLF}{serial}{CRLF}{item.reply_key}: "
    layout = (item.answered_by or item).layout
    if layout is ReplyLayout.OK:
        return f"{head}OK"
    fields = [p for p in reply_fields(item) if p.key in values]
    if layout is ReplyLayout.LINES:  # the manual's APN reply: the values as they are, one a line
        return head + CRLF.join(str(values[p.key]) for p in fields)
    if layout is ReplyLayout.HOST_PORT:  # the manual's DNS reply: <DNS>:<PORT>, an empty address empty
        return head + ":".join(str(values[p.key]) for p in fields)
    return head + ",".join(encode_token(p, values[p.key]) for p in fields)


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
    lines = _lines(text)
    keep = 2 + len(reply_fields(_LINES_REPLY)) if len(lines) > 2 and \
        lines[2].upper().startswith(f"{_LINES_REPLY.name}:") else 3  # APN: user, psw may be empty
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
    if key == "ERROR":
        if extra:
            raise _garbage(f"лишние строки после {key}", f"extra lines after {key}")
        return SmsReply(meter_type, serial, key, {}, _parse_error_code(rest))
    item = resolve_command(key) if len(key) >= 3 else None
    if item is None or item.name != key or item.answered_by is not None:
        raise _garbage(f"неизвестный ответ «{key[:20]}»", f"unknown reply “{key[:20]}”")
    fields = reply_fields(item)
    if item.layout is ReplyLayout.LINES:  # each value on a line of its own; the last ones may be empty
        if len(extra) > len(fields) - 1:
            raise _garbage(f"лишние строки после {key}", f"extra lines after {key}")
        texts = [rest, *extra, *[""] * len(fields)][:len(fields)]
        reported = {p.key: _decode(p, t, raw=True) for p, t in zip(fields, texts, strict=True)}
        return SmsReply(meter_type, serial, key, reported)
    if extra:
        raise _garbage(f"лишние строки после {key}", f"extra lines after {key}")
    if item.layout is ReplyLayout.OK:
        if rest.strip().upper() != "OK":
            raise _garbage(f"ожидалось «{key}: OK»", f"expected “{key}: OK”")
        return SmsReply(meter_type, serial, key, {})
    if item.layout is ReplyLayout.HOST_PORT:
        host, colon, port = rest.rpartition(":")
        if not colon:
            raise _garbage(f"в {key} нет порта", f"no port in {key}")
        tokens = [host, port]
    else:
        tokens = split_tokens(item, rest)
    if len(tokens) > len(fields):
        raise _garbage(f"лишние значения в {key}", f"too many values in {key}")
    values = {p.key: _decode(p, t, raw=item.layout is ReplyLayout.HOST_PORT and i == 0)
              for i, (p, t) in enumerate(zip(fields, tokens, strict=False))}
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


def _decode(param: Parameter, token: str, raw: bool = False) -> object:
    """A reported value; ``raw``: text the reply carries as it is (the manual's APN and DNS replies)."""
    if token == "" and param.kind not in TEXT_KINDS:
        raise _garbage(f"пустое значение «{param.label.ru}»", f"empty value of “{param.label.en}”")
    return token if raw and param.kind in TEXT_KINDS else decode_token(param, token)


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
    secret = [i for i, p in enumerate(parameters_of(item)) if p.secret]
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
        item = resolve_command(key.strip()) if len(key.strip()) >= 3 else None
        if item is not None and item.name == key.strip().upper() and item.layout is ReplyLayout.LINES:
            for line, param in enumerate(reply_fields(item)[1:], 3):  # the first value shares the key's line
                if param.secret and len(lines) > line and lines[line]:
                    lines[line] = _stars(lines[line])
        elif item is not None and item.name == key.strip().upper():
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
