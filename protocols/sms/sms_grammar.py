"""Text-SMS command table and value tokens (GSM manual §9; our additions in docs/protocols/sms-commands.md).

The table is derived from the catalogue: each parameter declares its command and its place in it
(``Parameter.sms``, protocols.params.catalogue_data), the commands themselves (name, documented or ours,
reply layout, access level) in protocols.params.catalogue_sms. Nothing here names a parameter.

Command text: ``<PASSWORD> <COMMAND> <PARAMS>``; parameters are comma-separated in the command's
order and may be left off from the end. A command name may be shortened to any prefix of at least
three letters, in any case. Every name here has a distinct three-letter prefix, so no prefix is
ambiguous.

Tokens: text as is, ``-`` for an empty text (USER and PSW per the manual; ours the same way);
numbers in decimal; choices by their SMS code; switches ``1``/``0``; a set of flags as its
codes, comma-separated, always the last parameter of its command (``-`` for none). An empty
token (``NTP 1,,3``) leaves that parameter unchanged (ours).
"""

from __future__ import annotations

from collections.abc import Mapping

from protocols.errors import ProtocolError
from protocols.params.catalogue import PARAMETERS, Kind, Parameter, parameter
from protocols.params.catalogue_model import ReplyLayout, SmsAccess, SmsCommand
from protocols.params.catalogue_sms import SMS_COMMANDS
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware
from protocols.text import Text

__all__ = [
    "COMMANDS", "EMPTY", "QUERIES", "RESTARTING", "ReplyLayout", "SmsAccess", "SmsCommand", "available", "command",
    "command_for_key", "decode_token", "encode_token", "keys_of", "min_firmware", "parameters_of",
    "reply_fields", "resolve_command", "split_tokens", "values_tokens",
]

EMPTY = "-"


def _carried(item: SmsCommand) -> tuple[Parameter, ...]:
    found = [p for p in PARAMETERS if p.sms is not None and p.sms.command == item]
    return tuple(sorted(found, key=lambda p: p.sms.position if p.sms is not None else 0))


_PARAMETERS: dict[str, tuple[Parameter, ...]] = {c.name: _carried(c) for c in SMS_COMMANDS}
_REPORTED: dict[str, tuple[Parameter, ...]] = {
    c.name: tuple(sorted((p for p in PARAMETERS if p.sms is not None and p.sms.command.reply_key == c.name
                          and c.layout is not ReplyLayout.OK), key=lambda p: p.sms.reply_index if p.sms else 0))
    for c in SMS_COMMANDS if c.answered_by is None
}

#: the commands in sending order: the declared order, the one that restarts the module last (GSM manual §9.2)
COMMANDS: tuple[SmsCommand, ...] = tuple(sorted(SMS_COMMANDS, key=lambda c: c.restarts))
#: the documented commands that answer with their own reply: without parameters they are the manual's
#: queries of the module's settings (MODE, APN with USER and PSW, DNS with PORT, TIMEOUT, RESET)
QUERIES: tuple[SmsCommand, ...] = tuple(c for c in SMS_COMMANDS if c.documented and c.answered_by is None)
_BY_NAME = {c.name: c for c in COMMANDS}
#: the command that restarts the module and applies every setting (MODE, GSM manual §9.2)
RESTARTING: SmsCommand = next(c for c in COMMANDS if c.restarts)


def _consistent() -> bool:
    for item in COMMANDS:
        places = [p.sms.position for p in _PARAMETERS[item.name] if p.sms is not None]
        assert places == list(range(1, len(places) + 1)), f"{item.name}: places {places}"
        assert all(p.kind is not Kind.FLAGS or p is _PARAMETERS[item.name][-1] for p in _PARAMETERS[item.name])
    for name, fields in _REPORTED.items():
        indexes = [p.sms.reply_index for p in fields if p.sms is not None]
        assert indexes == list(range(1, len(indexes) + 1)), f"{name} reply: {indexes}"
    assert len({c.name[:3] for c in COMMANDS}) == len(COMMANDS), "three-letter prefixes must be distinct"
    return all(p.sms is not None and p.sms.command in COMMANDS for p in PARAMETERS)


assert _consistent()


def command(name: str) -> SmsCommand:
    return _BY_NAME[name]


def command_for_key(key: str) -> SmsCommand:
    field = parameter(key).sms
    if field is None:
        raise KeyError(key)
    return field.command


def keys_of(item: SmsCommand) -> tuple[str, ...]:
    """The keys of the parameters the command carries, in its order."""
    return tuple(p.key for p in _PARAMETERS[item.name])


def parameters_of(item: SmsCommand) -> tuple[Parameter, ...]:
    return _PARAMETERS[item.name]


def reply_fields(item: SmsCommand) -> tuple[Parameter, ...]:
    """The parameters the reply of ``item`` reports, in the reply's order (APN: apn, its user, its
    password); none for a reply that only says OK."""
    return _REPORTED.get(item.reply_key, ())


def available(item: SmsCommand, module: ModuleType) -> bool:
    """The module type has a parameter of the command."""
    return any(module in p.modules for p in _PARAMETERS[item.name])


def min_firmware(item: SmsCommand) -> Firmware | None:
    """The module firmware from which the command exists (None: every firmware)."""
    found = [p.sms.min_firmware for p in _PARAMETERS[item.name] if p.sms is not None and p.sms.min_firmware]
    return max(found) if found else None


def too_new(item: SmsCommand, firmware: Firmware | None) -> bool:
    """A module with this firmware does not have the command (unknown firmware: it does)."""
    since = min_firmware(item)
    return firmware is not None and since is not None and firmware < since


def resolve_command(word: str) -> SmsCommand | None:
    """The command named by `word`: the full name or a prefix of ≥3 letters, any case."""
    upper = word.upper()
    if len(upper) < 3:
        return None
    if upper in _BY_NAME:
        return _BY_NAME[upper]
    matches = [c for c in COMMANDS if c.name.startswith(upper)]
    return matches[0] if len(matches) == 1 else None


def encode_token(param: Parameter, value: object) -> str:
    kind = param.kind
    if kind is Kind.BOOL:
        return "1" if value else "0"
    if kind is Kind.INT:
        return str(value)
    if kind is Kind.CHOICE:
        sms = param.choice(str(value)).sms
        assert sms is not None, f"{param.key}: choice without an SMS code"
        return sms
    if kind is Kind.FLAGS:
        assert isinstance(value, (set, frozenset))
        codes = [c.sms or "" for c in param.choices if c.value in value]
        return ",".join(codes) if codes else EMPTY
    text = str(value)
    return text if text else EMPTY


def decode_token(param: Parameter, token: str) -> object:
    """A value from an SMS token; ProtocolError if the token is not a value of this parameter."""
    kind = param.kind
    if kind is Kind.BOOL:
        if token in ("0", "1"):
            return token == "1"
        raise ProtocolError(_bad(param, token))
    if kind is Kind.INT:
        body = token[1:] if token.startswith("-") else token
        if not body.isascii() or not body.isdigit() or len(body) > 6:
            raise ProtocolError(_bad(param, token))
        return int(token)
    if kind is Kind.CHOICE:
        for choice in param.choices:
            if choice.sms is not None and choice.sms == token.upper():
                return choice.value
        raise ProtocolError(_bad(param, token))
    if kind is Kind.FLAGS:
        if token == EMPTY:
            return frozenset()
        by_code = {(c.sms or "").upper(): c.value for c in param.choices}
        items = [t.strip().upper() for t in token.split(",")]
        if any(item not in by_code for item in items):
            raise ProtocolError(_bad(param, token))
        return frozenset(by_code[item] for item in items)
    return "" if token == EMPTY else token


def split_tokens(item: SmsCommand, params_text: str) -> list[str]:
    """Comma-separated tokens; a trailing set of flags keeps its own commas."""
    tokens = params_text.split(",")
    carried = _PARAMETERS[item.name]
    if carried[-1].kind is Kind.FLAGS and len(tokens) > len(carried):
        head = len(carried) - 1
        tokens = [*tokens[:head], ",".join(tokens[head:])]
    return tokens


def _bad(param: Parameter, token: str) -> Text:
    return Text(f"«{param.label.ru}»: недопустимое значение «{token}»",
                f"“{param.label.en}”: invalid value “{token}”")


def values_tokens(item: SmsCommand, values: Mapping[str, object]) -> list[str]:
    """Tokens for `values` (keys missing from `values` become empty tokens: left unchanged)."""
    tokens = [encode_token(p, values[p.key]) if p.key in values else "" for p in _PARAMETERS[item.name]]
    while tokens and tokens[-1] == "":
        tokens.pop()
    return tokens
