"""SMS command texts back to parameter values: the inverse of ``build_sms_texts``.

    read_sms_texts(module, texts) -> SmsTextsContent    values, access password, problems per SMS

Used for a Master SIM read back into the settings form. Each text goes through the module's own
command handling (``SmsCommandProcessor`` on a scratch set of values), so what is accepted, and
the error a module would answer, are exactly the module's rules; nothing is parsed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from protocols.module.error_codes import error_text
from protocols.params.module_types import ModuleType
from protocols.sms.sms_commands import mask_sms_secrets, parse_sms_reply
from protocols.sms.sms_grammar import keys_of, resolve_command, split_tokens
from protocols.sms.sms_processor import SmsCommandProcessor
from protocols.text import Text


@dataclass
class SmsTextsContent:
    values: dict[str, object] = field(default_factory=dict)  # only the parameters the texts set
    password: str | None = None  # the access password of the first command
    commands: list[str] = field(default_factory=list)  # commands read, in order
    problems: list[Text] = field(default_factory=list)  # texts that are not commands for this module

    @property
    def ok(self) -> bool:
        return not self.problems


def _problem(number: int, text: str, ru: str, en: str) -> Text:
    shown = mask_sms_secrets(text)
    return Text(f"SMS {number} «{shown}»: {ru}", f"SMS {number} “{shown}”: {en}")


def read_sms_texts(module: ModuleType, texts: Sequence[str]) -> SmsTextsContent:
    """The values that `texts` set on a module of type `module`; every unusable text is a problem."""
    content = SmsTextsContent()
    scratch = SmsCommandProcessor(module)
    for number, raw in enumerate(texts, 1):
        text = raw.strip()
        words = text.split(None, 2)
        item = resolve_command(words[1]) if len(words) >= 2 else None
        if item is None:
            content.problems.append(_problem(number, text, "не команда настройки модуля",
                                             "not a module configuration command"))
            continue
        if len(words) < 3:
            content.problems.append(_problem(number, text, "запрос без значений — загружать нечего",
                                             "a query without values: nothing to load"))
            continue
        scratch.admin_password = words[0]  # each text carries its own
        reply = parse_sms_reply(scratch.handle(text))
        if not reply.ok:
            why = error_text(reply.error_code or 0)
            content.problems.append(_problem(number, text, why.ru, why.en))
            continue
        if content.password is None:
            content.password = words[0]
        content.commands.append(item.name)
        tokens = split_tokens(item, words[2])
        for key, token in zip(keys_of(item), tokens, strict=False):
            if token.strip() == "":
                continue  # an empty token leaves the parameter unchanged: nothing to load
            # a new password waits for the module's restart; every other value is in force at once
            content.values[key] = scratch.pending[key] if key in scratch.pending else scratch.values[key]
    return content


__all__ = ["SmsTextsContent", "read_sms_texts"]
