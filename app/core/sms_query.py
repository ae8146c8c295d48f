"""Reading a module's settings by SMS (GSM manual §6.4.1.2.2, §9): the documented queries to many phones.

Each documented command that has a reply of its own is, without parameters, a query
(protocols.sms.sms_grammar.QUERIES: the mode, the APN with its user and password, the server with its
port, the two periods), one SMS each, signed with the administrator password. They go out as one
batch through :func:`deliver_configuration` (every phone's SMS first, replies collected as they
arrive), and each phone's replies are gathered into the values the module reported; the rows
shown for them are the parameters the replies report, under their catalogue names.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from app.core.links.at_modem import AtModem
from app.core.modem_preflight import PreflightOptions
from app.core.progress import ProgressCallback
from app.core.sms_delivery import deliver_configuration
from app.core.sms_results import DeliveryResult, PhoneResult, PhoneStatus
from protocols.params.catalogue import Parameter
from protocols.params.param_values import format_value, shown_value
from protocols.params.version import Firmware
from protocols.sms.sms_commands import firmware_warning, query_text
from protocols.sms.sms_grammar import QUERIES, reply_fields, too_new
from protocols.text import Text

QUERY_COMMANDS = tuple(item.name for item in QUERIES)


@dataclass
class PhoneSettings:
    phone: str
    result: PhoneResult
    values: dict[str, object] = field(default_factory=dict)  # what the module reported

    @property
    def status(self) -> PhoneStatus:
        return self.result.status

    def describe(self) -> Text:
        """OK, or the errors and missing replies."""
        return self.result.describe()

    def rows(self, show_secrets: bool = False) -> list[tuple[Text, Text]]:
        """(label, value) per reported setting, passwords masked unless asked otherwise."""
        return settings_rows(self.values, show_secrets)


@dataclass
class SettingsQueryResult:
    phones: list[PhoneSettings]
    delivery: DeliveryResult
    warnings: list[Text] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.delivery.ok


def query_texts(password: str, firmware: Firmware | None = None) -> tuple[list[str], list[str]]:
    """The query SMS texts and the commands left out because the firmware does not have them."""
    skipped = [item.name for item in QUERIES if too_new(item, firmware)]
    return [query_text(password, name) for name in QUERY_COMMANDS if name not in skipped], skipped


async def query_settings_by_sms(
    modem: AtModem,
    phones: Sequence[str],
    password: str,
    *,
    wait_limit: float | None,
    firmware: Firmware | None = None,
    progress: ProgressCallback | None = None,
    stop: asyncio.Event | None = None,
    poll_interval: float = 10.0,
    checks: PreflightOptions | None = None,
    passwords: Mapping[str, str] | None = None,
    settled: Callable[[PhoneResult], None] | None = None,
) -> SettingsQueryResult:
    """Ask every phone's module for its communication settings; see the module docstring. ``checks``:
    the modem's checks before the first SMS (see :func:`deliver_configuration`); ``passwords``: a phone's
    own password where it is not ``password`` (a fleet list gives each module its own); ``settled``: see
    :func:`deliver_configuration`."""
    texts, skipped = query_texts(password, firmware)
    own = {phone: query_texts(passwords[phone], firmware)[0] for phone in phones if passwords and phone in passwords}
    batch: Sequence[str] | dict[str, Sequence[str]] = {p: own.get(p, texts) for p in phones} if own else texts
    delivery = await deliver_configuration(modem, phones, batch, wait_limit=wait_limit, progress=progress,
                                           stop=stop, poll_interval=poll_interval, checks=checks, settled=settled)
    found = [PhoneSettings(phone.phone, phone, reported_values(phone)) for phone in delivery.phones]
    warnings = [firmware_warning(skipped, firmware)] if skipped and firmware is not None else []
    return SettingsQueryResult(found, delivery, warnings)


def reported_values(phone: PhoneResult) -> dict[str, object]:
    """The settings a phone's module reported in its replies."""
    values: dict[str, object] = {}
    for outcome in phone.commands:
        if outcome.reply is not None and outcome.reply.ok:
            values.update(outcome.reply.values)
    return values


def reported_parameters() -> list[Parameter]:
    """The parameters the queries' replies report, in the order of the queries and their replies."""
    return [param for item in QUERIES for param in reply_fields(item)]


def settings_rows(values: dict[str, object], show_secrets: bool = False) -> list[tuple[Text, Text]]:
    """The reported settings as labelled rows (the parameters' short names), passwords masked."""
    rows: list[tuple[Text, Text]] = []
    for param in reported_parameters():
        if param.key in values:
            value = values[param.key]
            shown = shown_value(param, value) if not param.secret or not show_secrets else \
                Text(format_value(param, value, mask=False), format_value(param, value, mask=False))
            rows.append((param.short_label, shown))
    return rows
