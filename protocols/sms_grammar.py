"""Text-SMS command table and value tokens (GSM manual §9; our additions in docs/protocols/sms-commands.md).

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

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from protocols.catalogue import Kind, Parameter, parameter
from protocols.errors import ProtocolError
from protocols.module_types import ModuleType
from protocols.text import Text

EMPTY = "-"


class Access(enum.Enum):
    ADMIN = "admin"
    USER = "user"


class ReplyForm(enum.Enum):
    MODE = "mode"  # MODE: <MODE>
    APN = "apn"  # APN: <APN> / <USER> / <PSW>
    DNS = "dns"  # DNS: <DNS>:<PORT>
    VALUES = "values"  # <NAME>: <v1>,<v2>…  (TIMEOUT, RESET and ours)
    ACK = "ack"  # <NAME>: OK — password changes never echo the password (ours)


@dataclass(frozen=True)
class SmsCommand:
    name: str
    keys: tuple[str, ...]
    documented: bool
    reply: ReplyForm
    access: Access = Access.ADMIN
    min_firmware: str | None = None  # the module firmware that has the command (GSM manual §9.2, §9.5)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return tuple(parameter(k) for k in self.keys)

    def too_new_for(self, firmware: tuple[int, int] | None) -> bool:
        """True if a module with this firmware does not have the command (unknown firmware: False)."""
        if firmware is None or self.min_firmware is None:
            return False
        major, minor = self.min_firmware.split(".")
        return firmware < (int(major), int(minor))

    def available(self, module: ModuleType) -> bool:
        return any(module in p.modules for p in self.parameters)


_A, _V = ReplyForm.APN, ReplyForm.VALUES
COMMANDS: tuple[SmsCommand, ...] = (
    # Documented by the vendor (GSM manual §9.2–9.9), in the order they are sent.
    SmsCommand("APN", ("apn",), True, _A),
    SmsCommand("USER", ("apn_user",), True, _A),
    SmsCommand("PSW", ("apn_password",), True, _A, min_firmware="2.0"),
    SmsCommand("DNS", ("server",), True, ReplyForm.DNS),
    SmsCommand("PORT", ("port",), True, ReplyForm.DNS),
    SmsCommand("TIMEOUT", ("period",), True, _V),
    SmsCommand("RESET", ("reset_hours",), True, _V),
    # Ours: not documented by the vendor.
    SmsCommand("AUTH", ("auth_type",), False, _V),
    SmsCommand("CELL", ("cellular_mode",), False, _V),
    SmsCommand("BANDS", ("bands",), False, _V),
    SmsCommand("FUNC", ("udp_transport", "mqtt_enabled", "host_update_enabled", "http_update_enabled",
                        "nidd_enabled"), False, _V),
    SmsCommand("NTP", ("ntp_enabled", "ntp_period_min", "ntp_timezone", "ntp_server"), False, _V),
    SmsCommand("MQTT", ("mqtt_host", "mqtt_port"), False, _V),
    SmsCommand("MQLOGIN", ("mqtt_user", "mqtt_password", "mqtt_root_topic"), False, _V),
    SmsCommand("LMQTT", ("loader_mqtt_host", "loader_mqtt_port"), False, _V),
    SmsCommand("LHTTP", ("loader_http_host", "loader_http_port"), False, _V),
    SmsCommand("PHONE", ("user_phone", "user_phone_trusted"), False, _V),
    SmsCommand("AINF", ("autoinform_enabled", "autoinform_period", "autoinform_hour", "autoinform_day",
                        "autoinform_items"), False, _V, Access.USER),
    SmsCommand("UPASS", ("user_password",), False, ReplyForm.ACK),
    SmsCommand("PASS", ("new_admin_password",), False, ReplyForm.ACK),
    # Documented; always last: the module reboots and applies every setting (GSM manual §9.2).
    SmsCommand("MODE", ("mode",), True, ReplyForm.MODE, min_firmware="2.0"),
)
_BY_NAME = {c.name: c for c in COMMANDS}
assert len({c.name[:3] for c in COMMANDS}) == len(COMMANDS), "three-letter prefixes must be distinct"
assert all(parameter(k).kind is not Kind.FLAGS or k == c.keys[-1] for c in COMMANDS for k in c.keys)


def command(name: str) -> SmsCommand:
    return _BY_NAME[name]


def command_for_key(key: str) -> SmsCommand:
    for item in COMMANDS:
        if key in item.keys:
            return item
    raise KeyError(key)


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
    if parameter(item.keys[-1]).kind is Kind.FLAGS and len(tokens) > len(item.keys):
        head = len(item.keys) - 1
        tokens = [*tokens[:head], ",".join(tokens[head:])]
    return tokens


def _bad(param: Parameter, token: str) -> Text:
    return Text(f"«{param.label.ru}»: недопустимое значение «{token}»",
                f"“{param.label.en}”: invalid value “{token}”")


def values_tokens(item: SmsCommand, values: Mapping[str, object]) -> list[str]:
    """Tokens for `values` (keys missing from `values` become empty tokens: left unchanged)."""
    tokens = [encode_token(parameter(k), values[k]) if k in values else "" for k in item.keys]
    while tokens and tokens[-1] == "":
        tokens.pop()
    return tokens
