"""The module's side of the text SMS commands (GSM manual §9): pure, for the virtual module.

`SmsCommandProcessor.handle(text, sender_phone)` checks the password, resolves the command
(full name or a prefix of ≥3 letters, any case), applies the parameters (each checked by the
catalogue) or answers a query, and returns the reply text: the documented reply, or our error
reply ``ERROR: 0x..`` with an Appendix A code. A MODE command sets `reboot_requested`.

New passwords (our PASS and UPASS) are stored at once but come into force when the module restarts
(:meth:`restart`, which MODE causes), like every communication setting: the commands of one batch,
MODE included, are all signed with the password in force when the batch was written, whether or
not the module took the new one (docs/protocols/sms-commands.md §3).

``unknown_commands`` makes a module whose firmware lacks some commands (a vendor module does not
know ours): it answers them 0x06, as it answers any command it does not have.
"""

from __future__ import annotations

from collections.abc import Mapping

from protocols.errors import ProtocolError
from protocols.module import error_codes
from protocols.params.catalogue import DEFAULT_ADMIN_PASSWORD, DEFAULT_USER_PASSWORD, check_value, defaults
from protocols.params.catalogue_data import NEW_ADMIN_PASSWORD, NEW_USER_PASSWORD
from protocols.params.module_types import ModuleType
from protocols.sms.sms_commands import format_error_reply, format_reply
from protocols.sms.sms_grammar import (
    ReplyLayout,
    SmsAccess,
    SmsCommand,
    available,
    decode_token,
    parameters_of,
    resolve_command,
    split_tokens,
)


class _Refused(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class SmsCommandProcessor:
    """Holds a module's settings and answers text SMS commands like the module does."""

    def __init__(self, module: ModuleType, values: Mapping[str, object] | None = None, *,
                 meter_type: str = "CE208", serial: str = "000000000",
                 admin_password: str = DEFAULT_ADMIN_PASSWORD,
                 user_password: str = DEFAULT_USER_PASSWORD,
                 unknown_commands: frozenset[str] = frozenset()) -> None:
        self.module = module
        self.values: dict[str, object] = {**defaults(module), **(values or {})}
        # Write-only "new password" parameters live in the passwords below, never in values.
        self.values["new_admin_password"] = ""
        self.values["user_password"] = ""
        self.meter_type = meter_type
        self.serial = serial
        self.admin_password = admin_password
        self.user_password = user_password
        # the new passwords (PASS, UPASS) by their parameter's key, in force from the next restart
        self.pending: dict[str, str] = {}
        self.unknown_commands = frozenset(name.upper() for name in unknown_commands)
        self.reboot_requested = False

    def restart(self) -> None:
        """The module restarts: the new passwords set by PASS and UPASS come into force."""
        self.admin_password = self.pending.pop(NEW_ADMIN_PASSWORD.key, self.admin_password)
        self.user_password = self.pending.pop(NEW_USER_PASSWORD.key, self.user_password)

    def handle(self, text: str, sender_phone: str | None = None) -> str:
        try:
            item, params_text = self._authorise(text.strip(), sender_phone)
            if params_text:
                self._apply(item, params_text)
            return format_reply(self.meter_type, self.serial, item, self.values)
        except _Refused as refused:
            return format_error_reply(self.meter_type, self.serial, refused.code)

    def _trusted(self, sender_phone: str | None) -> bool:
        phone = self.values.get("user_phone")
        return bool(self.values.get("user_phone_trusted")) and bool(phone) and sender_phone == phone

    def _authorise(self, text: str, sender_phone: str | None) -> tuple[SmsCommand, str]:
        words = text.split(None, 1)
        if not words:
            raise _Refused(error_codes.SMS_STRUCTURE)
        if self._trusted(sender_phone):  # user-level commands from the user's phone need no password
            first = resolve_command(words[0])
            if first is not None and first.access is SmsAccess.USER and self._has(first) \
                    and first.name not in self.unknown_commands:
                return first, words[1].strip() if len(words) > 1 else ""
        if len(words) < 2:
            raise _Refused(error_codes.SMS_STRUCTURE)
        password = words[0]
        rest = words[1].split(None, 1)
        item = resolve_command(rest[0])
        if item is None or item.name in self.unknown_commands:
            raise _Refused(error_codes.INVALID_COMMAND)
        if not self._has(item):
            raise _Refused(error_codes.UNKNOWN_PARAMETER)
        admin = password == self.admin_password
        user = password == self.user_password and item.access is SmsAccess.USER
        if not (admin or user):
            raise _Refused(error_codes.WRONG_PASSWORD)
        return item, rest[1].strip() if len(rest) > 1 else ""

    def _has(self, item: SmsCommand) -> bool:
        return available(item, self.module)

    def _apply(self, item: SmsCommand, params_text: str) -> None:
        tokens = split_tokens(item, params_text)
        carried = parameters_of(item)
        if len(tokens) > len(carried):
            raise _Refused(error_codes.LENGTH_MISMATCH)
        changes: dict[str, object] = {}
        for param, token in zip(carried, tokens, strict=False):
            token = token.strip()
            if token == "":
                continue  # an empty token leaves the value unchanged
            if self.module not in param.modules:
                raise _Refused(error_codes.UNKNOWN_PARAMETER)
            try:
                value = decode_token(param, token)
            except ProtocolError:
                raise _Refused(error_codes.INVALID_VALUE) from None
            if check_value(param, value, self.module):
                raise _Refused(error_codes.INVALID_VALUE)
            changes[param.key] = value
        if item.layout is ReplyLayout.OK:  # a new password: never empty, never echoed, in force from the restart
            if not all(changes.get(p.key) for p in carried):
                raise _Refused(error_codes.INVALID_VALUE)
            self.pending.update({key: str(value) for key, value in changes.items()})
            return
        self.values.update(changes)
        if item.restarts and changes:
            self.reboot_requested = True
