"""«Прочитать настройки»: the settings form filled from the module — read, change, send back.

Over TCP/IP, TCP/IP CENC and the direct channel every parameter the module tells is read with one
core operation (app.core.module_settings_read, the same one the backups use). By SMS the
documented queries (protocols.sms.sms_grammar.QUERIES, GSM manual §9) are sent to one phone — the one
chosen in the list, or the only one — and fill what they report; the other fields stay as they
were. The transfer tab lists each parameter read, with the form's previous value where it differed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.links.base import Link
from app.core.module_results import ParameterResult
from app.core.module_settings_read import SettingsReading, read_module_settings
from app.core.sms_query import query_settings_by_sms
from app.core.sms_results import PhoneStatus
from app.ui import module_delivery as delivery
from app.ui.i18n import pick, tr
from protocols.params.catalogue import parameter
from protocols.params.delivery_methods import Method
from protocols.params.module_types import ModuleType

if TYPE_CHECKING:
    from app.ui.module_actions import ModuleActions
    from app.ui.module_workspace import ModuleWorkspace

Row = tuple[str, str, bool | None]


@dataclass
class ReadOutcome:
    module: ModuleType
    values: dict[str, object]  # what the module reported, to go into the form
    rows: list[Row]
    summary: str
    ok: bool


def _shown(key: str, value: object) -> str:
    return f"{pick(parameter(key).label)} = {delivery.shown_value(ParameterResult(parameter(key), value))}"


def _rows(values: dict[str, object], form: dict[str, object], how: str) -> list[Row]:
    rows: list[Row] = []
    for key, value in values.items():
        text = how
        if key in form and form[key] != value:
            text += " — " + tr("в форме было: {value}").format(
                value=delivery.shown_value(ParameterResult(parameter(key), form[key])))
        rows.append((_shown(key, value), text, True))
    return rows


def reading_outcome(reading: SettingsReading, form: dict[str, object], where: str) -> ReadOutcome:
    rows = _rows(reading.values, form, tr("прочитано"))
    for key, why in reading.failed.items():
        rows.append((pick(parameter(key).label), tr("не прочитано — {why}").format(why=pick(why)), False))
    changed = sum(1 for key, value in reading.values.items() if form.get(key) != value)
    lines = [tr("Настройки прочитаны из модуля ({where}) и перенесены в форму: параметров {n}, отличались от формы "
                "{changed}.").format(where=where, n=len(reading.values), changed=changed)]
    if reading.failed:
        lines.append(tr("Не прочитаны: {n} — в форме прежние значения.").format(n=len(reading.failed)))
    if reading.write_only:
        lines.append(tr("Пароли доступа модуль не сообщает: поля нового пароля не изменены."))
    lines.append(tr("Измените нужное и нажмите «Отправить»."))
    return ReadOutcome(reading.module, dict(reading.values), rows, "\n".join(lines), bool(reading.values))


class SettingsReader:
    """The «Прочитать настройки» button of the transfer tab."""

    def __init__(self, actions: ModuleActions) -> None:
        self.actions = actions

    @property
    def page(self) -> ModuleWorkspace:
        return self.actions.page

    def read(self) -> None:
        method = self.page.delivery.method()
        transfer = self.page.transfer
        self.page.tabs.setCurrentWidget(transfer)
        transfer.show_text(None)
        if method is Method.SMS:
            self._read_by_sms()
        elif method.uses_link:
            self._read_over_link()
        else:
            transfer.start("")
            transfer.finish(tr("Прочитать настройки модуля можно по прямому каналу, TCP/IP, TCP/IP CENC или по "
                               "SMS; настройки с SIM-карты читает «Прочитать из SIM»."), ok=False)

    # --- over a link ---------------------------------------------------------------------------
    def _read_over_link(self) -> None:
        settings = self.page.settings
        module, password, form = settings.module, settings.password.text(), dict(settings.values)
        where = pick(self.actions._channel().describe())
        self.page.transfer.start(tr("Соединение…"))

        async def body(link: Link, timeout: float) -> ReadOutcome:
            reading = await read_module_settings(link, module, password, timeout=timeout,
                                                 progress=self.actions._progress)
            return reading_outcome(reading, form, where)

        self.actions._start("transfer", tr("Прочитать настройки"), lambda: self.actions._over_link(body), self._done)

    # --- by SMS ----------------------------------------------------------------------------------
    def _phone(self) -> str | None:
        phones = self.page.phones
        chosen = phones.selected_phones()
        if chosen:
            return chosen[0]
        listed = phones.phones()
        return listed[0] if len(listed) == 1 else None

    def _read_by_sms(self) -> None:
        transfer = self.page.transfer
        phone = self._phone()
        if phone is None:
            transfer.start("")
            transfer.finish(tr("Выберите в списке номер модуля, настройки которого прочитать (или оставьте в "
                               "списке один номер)"), ok=False)
            return
        settings = self.page.settings
        module, password, form = settings.module, settings.password.text(), dict(settings.values)
        firmware, wait = settings.firmware_version(), self.page.phones.wait_limit()
        transfer.start(tr("Запрос настроек по SMS: {phone}…").format(phone=phone))
        stop = self.actions.sms_stop = asyncio.Event()

        async def run() -> ReadOutcome:
            modem = delivery.modem_for(self.page)
            progress = self.actions._progress
            try:  # the modem is checked first (SIM and PIN, network, SMS centre): see «Проверка модема»
                result = await query_settings_by_sms(modem, [phone], password, wait_limit=wait, firmware=firmware,
                                                     progress=progress, stop=stop, poll_interval=2.0,
                                                     checks=delivery.modem_checks(self.page, progress))
            finally:
                await modem.close()
            answer = result.phones[0]
            rows = _rows(answer.values, form, tr("прочитано по SMS"))
            for outcome in answer.result.commands:  # the queries that filled nothing, and why
                if outcome.reply is not None and outcome.reply.ok:
                    continue
                refusal = outcome.reply.error() if outcome.reply is not None else None
                if refusal is not None:
                    rows.append((outcome.command, pick(refusal.text), False))
                elif outcome.reply_problem is not None:
                    rows.append((outcome.command, pick(outcome.reply_problem), False))
                else:
                    rows.append((outcome.command, tr("нет ответа"), None))
            lines = [tr("По SMS прочитано и перенесено в форму параметров: {n} ({phone}). По SMS модуль сообщает "
                        "только режим, APN, сервер и порт, периоды соединения и переинициализации; остальные "
                        "поля формы не изменены.").format(n=len(answer.values), phone=phone)]
            lines += delivery.stopped_lines(result.delivery)
            lines += [pick(w) for w in result.warnings]
            if answer.status is not PhoneStatus.APPLIED:
                lines.append(pick(answer.describe()))
            return ReadOutcome(module, dict(answer.values), rows, "\n".join(lines), bool(answer.values))

        self.actions._start("transfer", tr("Прочитать настройки по SMS"), run, self._done)

    # --- the result ------------------------------------------------------------------------------
    def _done(self, outcome: ReadOutcome) -> None:
        self.actions.sms_stop = None
        if outcome.values:
            self.page.settings.set_values(outcome.module, outcome.values)
        for name, text, ok in outcome.rows:
            self.page.transfer.set_row(name, text, ok)
        self.page.transfer.finish(outcome.summary, outcome.ok, complete=True)
        self.page.context.log.note(outcome.summary.splitlines()[0])
