"""What the module workspace's buttons do: each runs one app/core operation as an asyncio task.

The GUI never touches bytes: values go from the form to app/core operations, typed results
come back and are shown. Every operation shows progress, can be cancelled, and reports failures
as readable text (ConfiguratorError.message in the UI language) on the tab that started it.

What is sent is the form's values less greyed-out fields, and the mode only once chosen
(SettingsColumn.values_to_send). A transfer whose mode would take the module out of the chosen
method's reach (Сервер through CENC, SMS over TCP/IP …) asks first and says how the module will be
reachable afterwards (protocols.params.delivery_methods.cut_off).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from app.core.progress import Progress
from app.ui.connection_panels import show_port
from app.ui.fit import explain_disabled
from app.ui.i18n import pick, tr
from app.ui.lazy_import import lazy_module
from app.ui.phone_panel import phone_label
from app.ui.runner import OperationRunner, error_text
from protocols.errors import ConfiguratorError
from protocols.params.catalogue import Problem
from protocols.params.delivery_methods import Method, cut_off
from protocols.sms.sms_grammar import RESTARTING, keys_of

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtWidgets import QMessageBox

    from app.core.backups import BackupFailed
    from app.core.links.channels import Channel
    from app.ui import module_delivery as delivery
    from app.ui import module_settings_reader
    from app.ui.extra_tabs import SignalTab, StorageTab
    from app.ui.module_workspace import ModuleWorkspace
    from app.ui.status_tab import StatusTab
    from protocols.module.module_status import StatusSnapshot
    from protocols.sms.sms_commands import SmsPlan
else:  # the operations and what they import load with the first operation, not with the window
    delivery = lazy_module("app.ui.module_delivery")
    module_settings_reader = lazy_module("app.ui.module_settings_reader")


def _stop_event() -> asyncio.Event:
    """What «Отмена» sets to end an SMS batch's wait (asyncio comes with the event loop, after the window shows)."""
    import asyncio

    return asyncio.Event()


class ModuleActions:
    def __init__(self, page: ModuleWorkspace) -> None:
        self.page = page
        self.runner = OperationRunner()
        self.signal_runner = OperationRunner()  # the signal monitor polls alongside nothing else
        self.signal_timer = QTimer()
        self.signal_timer.setSingleShot(True)
        self.signal_timer.timeout.connect(self._poll_signal)
        self.signal_running = False
        self.sms_stop: asyncio.Event | None = None
        self.last_ok = False  # the last transfer's verdict (tests and the self-test read it)
        self.sim_content: delivery.SimContent | None = None  # the last Master SIM read, for «Загрузить в форму»
        self.target = "transfer"  # the tab that shows the running operation's outcome
        self.question: QMessageBox | None = None  # the confirmation asked before a transfer, while open
        self.backup_question: QMessageBox | None = None  # «write without a backup?» while it is open
        self.last_transfer: tuple[dict[str, object], str] = ({}, "")  # values and password of the last transfer
        self._reader: module_settings_reader.SettingsReader | None = None

    @property
    def reader(self) -> module_settings_reader.SettingsReader:
        """«Прочитать настройки», made at its first use."""
        if self._reader is None:
            self._reader = module_settings_reader.SettingsReader(self)
        return self._reader

    # --- wiring -----------------------------------------------------------------------------
    def phone_list_functions(self) -> delivery.PhoneListFunctions:
        """The phone list's file and number functions, forwarded: module_delivery loads at their first use."""
        return (lambda path: delivery.phone_list_functions()[0](path),
                lambda path, phones, names: delivery.phone_list_functions()[1](path, phones, names),
                lambda text: delivery.phone_list_functions()[2](text))

    def connect_widgets(self) -> None:
        p = self.page
        p.transfer.send_requested.connect(self.send)
        p.transfer.read_requested.connect(lambda: self.reader.read())
        p.transfer.cancel_requested.connect(self.cancel)
        p.transfer.load_requested.connect(self.load_sim_into_form)
        p.delivery.master_sim.save_requested.connect(self.save_to_sim)
        p.delivery.master_sim.read_requested.connect(self.read_from_sim)
        p.delivery.sms_text.generate_requested.connect(self.generate_sms_text)
        p.delivery.modem.detect_requested.connect(self.detect_modem)
        self.runner.busy_changed.connect(self._busy_changed)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)

    def connect_status(self, status: StatusTab) -> None:
        """«Чтение состояния», made when first opened: its buttons wired, the running operation shown."""
        status.requested.connect(self.request_status)
        status.sms_query_requested.connect(self.query_settings_by_sms)
        status.cancel_requested.connect(self.cancel)
        status.set_busy(self.runner.busy)

    def connect_extra(self, storage: StorageTab, signal: SignalTab) -> None:
        """«Дополнительно», made when first opened."""
        storage.list_requested.connect(self.list_storage)
        storage.clear_requested.connect(self.clear_storage)
        storage.set_busy(self.runner.busy)
        signal.start_requested.connect(self.start_signal)
        signal.stop_requested.connect(self.stop_signal)
        self.signal_runner.failed.connect(signal.message.setText)

    def busy(self) -> bool:
        return self.runner.busy or self.signal_running

    def cancel(self) -> None:
        """Cancel: an SMS batch stops waiting and reports what it got; anything else is cancelled."""
        if self.sms_stop is not None and self.runner.busy and not self.sms_stop.is_set():
            self.sms_stop.set()
            text = tr("Отмена: ожидание ответов прекращено…")
            self.page.transfer.step.setText(text)
            status = self.page.status_page.built()
            if status is not None:
                status.show_message(text)
            return
        self.runner.cancel()

    def cancel_all(self) -> None:
        self.stop_signal()
        self.cancel()

    def _busy_changed(self, busy: bool) -> None:
        p = self.page
        p.transfer.set_busy(busy)
        status = p.status_page.built()
        if status is not None:
            status.set_busy(busy)
        if p.extra_page.built() is not None:
            p.storage.set_busy(busy)
        why = tr("Идёт операция: дождитесь её окончания или нажмите «Отмена»")
        for button in (p.delivery.master_sim.save_button, p.delivery.master_sim.read_button,
                       p.delivery.sms_text.button, p.delivery.modem.detect_button):
            explain_disabled(button, not busy, why)

    def _start(self, target: str, name: str, factory: Callable[[], Awaitable[Any]],
               on_done: Callable[[Any], None]) -> None:
        """Run an operation whose outcome (or failure) ``target`` shows: transfer, status, storage, modem."""
        self.target = target
        self.runner.start(name, factory, on_done)

    def _failed(self, text: str) -> None:
        self._show_failure(text)
        self.page.context.log.note(tr("Ошибка: {text}").format(text=text))

    def _cancelled(self) -> None:
        text = tr("Операция отменена")
        self._show_failure(text)
        self.page.context.log.note(text)

    def _show_failure(self, text: str) -> None:
        p = self.page
        if self.target == "status":
            p.status.fail(text)
        elif self.target == "storage":
            p.storage.show_message(text, error=True)
        elif self.target == "modem":
            p.delivery.modem.show_found(text, error=True)
        else:
            p.transfer.finish(text, ok=False)

    # --- helpers ----------------------------------------------------------------------------
    def _progress(self, progress: Progress) -> None:
        self.page.transfer.show_progress(progress.done, progress.total, pick(progress.text))

    def _checked_values(self) -> dict[str, object] | None:
        """The values to send, or None after telling the user every problem."""
        errors = self.page.settings.errors()
        if errors:
            self._refuse(errors)
            return None
        return self.page.settings.values_to_send()

    def _sms_plan(self, values: dict[str, object]) -> SmsPlan | None:
        """The SMS texts for the form's values with their warnings shown; None after showing why not."""
        from protocols.sms.sms_commands import plan_sms_texts  # with the first SMS plan, not with the window

        settings = self.page.settings
        try:
            plan = plan_sms_texts(settings.module, values, settings.password.text(),
                                  firmware=settings.firmware_version())
        except ConfiguratorError as error:
            self.page.transfer.finish(error_text(error), ok=False)
            return None
        warnings = [pick(w) for w in plan.warnings]
        if not set(keys_of(RESTARTING)) & set(values) and RESTARTING.name not in plan.skipped:
            warnings.append(tr("Режим работы не выбран, поэтому команда MODE не отправляется: модуль не "
                               "перезагрузится и применит новые настройки связи после следующего перезапуска. "
                               "Чтобы он применил их сразу, выберите режим работы."))
        self.page.transfer.show_warnings(warnings)
        for warning in warnings:
            self.page.context.log.note(tr("Предупреждение: {text}").format(text=warning))
        if not plan.texts:
            self.page.transfer.finish(tr("Нечего отправлять: модуль с этой версией ВПО не знает ни одной из "
                                         "команд"), ok=False)
            return None
        return plan

    def _refuse(self, problems: list[Problem]) -> None:
        lines = "\n".join(f"• {pick(p.text)}" for p in problems)
        text = tr("Настройки не отправлены. Исправьте:") + "\n" + lines
        self.page.transfer.finish(text, ok=False)
        from PySide6.QtWidgets import QMessageBox  # the dialogs' classes load when first opened

        box = QMessageBox(QMessageBox.Icon.Warning, tr("Неверные настройки"), text, parent=self.page)
        box.setObjectName("refusal_dialog")
        box.open()  # not exec(): the event loop keeps running

    def _channel(self) -> Channel:
        d = self.page.delivery
        method = d.method()
        if method is Method.TCP:
            return d.tcp.channel()
        if method is Method.CENC:
            return d.cenc.channel()
        return d.direct.channel()

    async def _over_link(self, body: Callable[[Any, float], Awaitable[Any]], *, configuring: bool = False,
                         progress: Callable[[Progress], None] | None = None) -> Any:
        """``body(link, reply timeout)`` over the chosen channel, after the waits the manuals ask for
        (module start after a restart; the pause before configuring through the meter)."""
        from app.core import channel_waits

        channel = self._channel()
        listener = self.page.context.log.listener(pick(channel.describe()))
        waits = self.page.context.waits
        async with channel_waits.opened_channel(channel, self.page.settings.module, waits=waits,
                                                configuring=configuring, progress=progress or self._progress,
                                                listeners=[listener]) as link:
            outcome = await body(link, channel.reply_timeout)
        if isinstance(outcome, delivery.TransferOutcome) and outcome.restarted:
            waits.mark_restarted(channel)
        return outcome

    # --- «Передача настроек» ----------------------------------------------------------------
    def send(self, *, backup: bool = True) -> None:
        """«Отправить»; over a link the module's settings are backed up first (``backup=False`` only
        after the user said to write without a backup)."""
        method = self.page.delivery.method()
        if method is Method.SMS_TEXT:
            self.generate_sms_text()
            return
        if method is Method.MASTER_SIM:
            self.save_to_sim()
            return
        values = self._checked_values()
        if values is None:
            return
        module, password = self.page.settings.module, self.page.settings.password.text()
        transfer = self.page.transfer
        transfer.show_text(None)
        if method is Method.SMS:
            phones = self.page.phones.phones()
            if not phones:
                transfer.finish(tr("Добавьте в список хотя бы один номер телефона"), ok=False)
                return
            transfer.start(tr("Отправка SMS, номеров в списке: {n}…").format(n=len(phones)))
            plan = self._sms_plan(values)
            if plan is None:
                return
            names = self.page.phones.names()
            for phone in phones:
                transfer.set_row(phone_label(phone, names), tr("ожидание"), None)
            self.sms_stop = _stop_event()
            stop, texts = self.sms_stop, plan.texts
            self._start("transfer", tr("Отправка по SMS"), lambda: delivery.send_sms_batch(
                self.page, texts, phones, self.page.phones.wait_limit(), self._progress, stop), self._configured)
            return
        warning = cut_off(method, module, values)
        if warning is None:
            self._transfer(values, password, backup=backup)
            return
        from PySide6.QtWidgets import QMessageBox

        self.question = box = QMessageBox(
            QMessageBox.Icon.Warning, tr("Модуль станет недоступен этим методом"),
            pick(warning) + "\n\n" + tr("Всё равно отправить настройки?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.page)
        box.setObjectName("cut_off_question")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda _result: self._cut_off_answered(box, values, password, backup))
        box.open()  # not exec(): the event loop keeps running

    def _cut_off_answered(self, box: QMessageBox, values: dict[str, object], password: str, backup: bool) -> None:
        self.question = None
        if box.standardButton(box.clickedButton()) == box.StandardButton.Yes:
            self._transfer(values, password, backup=backup)
            return
        self.page.transfer.start("")
        self.page.transfer.finish(tr("Не отправлено: режим работы не изменён. Выберите режим, в котором модуль "
                                     "останется доступен, или другой метод доставки."), ok=False)

    def _transfer(self, values: dict[str, object], password: str, *, backup: bool = True) -> None:
        """Configure over the chosen link (TCP/IP, CENC, direct channel), the module's settings backed up
        first unless the user said to write without a backup."""
        module = self.page.settings.module
        self.last_transfer = (values, password)  # «write without a backup» repeats exactly this
        self.page.settings.password_refused(False)
        self.page.transfer.start(tr("Соединение…"))
        from app.core.channel_waits import target_of

        target = target_of(self._channel())
        self._start("transfer", tr("Передача настроек"), lambda: self._over_link(
            lambda link, timeout: delivery.configure(link, timeout, module, values, password, self._progress,
                                                     target=target, backup=backup),
            configuring=True), self._configured)

    def _configured(self, result: delivery.TransferOutcome | delivery.BackupRefusal) -> None:
        if isinstance(result, delivery.BackupRefusal):
            self._backup_refused(result.error)
            return
        self.last_ok = result.ok
        for name, text, ok in result.rows:
            self.page.transfer.set_row(name, text, ok)
        self.page.transfer.add_warnings(result.warnings)
        self.page.transfer.finish(result.summary, result.ok, complete=result.complete)
        if result.password_refused:
            self.page.settings.password_refused(True)
        self.page.context.log.note(result.summary)

    def _backup_refused(self, error: BackupFailed) -> None:
        """Nothing was written: say why, and ask whether to write anyway when that can work."""
        self.last_ok = False
        text = error_text(error)
        if error.wrong_password:  # the first refusal: nothing more is sent; the field to correct is marked
            self.page.settings.password_refused(True)
            text += "\n" + tr("Введите действующий пароль в поле «Пароль доступа администратора» (заводской — "
                              "12345678).")
        self.page.transfer.finish(text, ok=False)
        self.page.context.log.note(tr("Ошибка: {text}").format(text=text))
        if not error.may_write_anyway:
            return
        values, password = self.last_transfer
        from app.ui.backup_question import ask_without_backup

        self.backup_question = ask_without_backup(self.page, text,
                                                  lambda: self._transfer(values, password, backup=False))

    def generate_sms_text(self) -> None:
        values = self._checked_values()
        if values is None:
            return
        self.page.tabs.setCurrentWidget(self.page.transfer)
        self.page.transfer.start("")
        plan = self._sms_plan(values)
        if plan is None:
            return
        self.page.transfer.show_text("\n".join(plan.texts))
        text = tr("Сформировано SMS: {n}. Отправьте их по порядку на номер SIM-карты счётчика.").format(
            n=len(plan.texts))
        if any(t.split()[1:2] == [RESTARTING.name] for t in plan.texts):  # last in the plan: the module restarts
            text += " " + tr("Команда MODE — последней.")
        self.page.transfer.finish(text, ok=True)

    # --- Master SIM ---------------------------------------------------------------------------
    def save_to_sim(self) -> None:
        values = self._checked_values()
        if values is None:
            return
        self.page.transfer.start(tr("Запись настроек на SIM-карту…"))
        self.page.transfer.show_text(None)
        self.page.tabs.setCurrentWidget(self.page.transfer)
        plan = self._sms_plan(values)
        if plan is None:
            return
        texts = plan.texts
        self._start("transfer", tr("Сохранить на SIM"),
                    lambda: delivery.write_master_sim(self.page, texts, self._progress), self._configured)

    def read_from_sim(self) -> None:
        self.page.transfer.start(tr("Чтение настроек с SIM-карты…"))
        self.page.transfer.show_text(None)
        self.page.tabs.setCurrentWidget(self.page.transfer)
        self.sim_content = None
        module, form = self.page.settings.module, dict(self.page.settings.values)
        self._start("transfer", tr("Прочитать из SIM"), lambda: delivery.read_master_sim(
            self.page, module, form, self._progress), self._sim_read)

    def _sim_read(self, outcome: delivery.SimContent) -> None:
        self.sim_content = outcome
        loadable = outcome.module is not None and bool(outcome.differs)
        self.page.transfer.show_text("\n".join(outcome.texts), loadable=loadable)
        # «Отличаются от формы» is something to look at, not a success
        self.page.transfer.finish(outcome.summary, outcome.ok, complete=True, warning=bool(outcome.differs))

    def load_sim_into_form(self) -> None:
        """«Загрузить в форму»: the values read from the SIM replace those of the form."""
        content = self.sim_content
        if content is None or content.module is None:
            return
        self.page.settings.set_values(content.module, content.values)
        self.page.transfer.load_button.hide()
        text = tr("Настройки с SIM-карты загружены в форму: {n} параметров").format(n=len(content.values))
        self.page.transfer.finish(text, ok=True)
        self.page.context.log.note(text)

    # --- settings by SMS («Чтение состояния» with the SMS method) -------------------------------
    def query_settings_by_sms(self) -> None:
        status = self.page.status
        phones = self.page.phones.phones()
        if not phones:
            status.show_message(tr("Добавьте в список хотя бы один номер телефона"), error=True)
            return
        names = self.page.phones.names()
        status.start_sms_query([phone_label(phone, names) for phone in phones], delivery.sms_settings_columns())
        status.show_message(tr("Запрос настроек по SMS, номеров в списке: {n}…").format(n=len(phones)))
        password, firmware = self.page.settings.password.text(), self.page.settings.firmware_version()
        self.sms_stop = _stop_event()
        stop = self.sms_stop
        self._start("status", tr("Запросить настройки по SMS"), lambda: delivery.query_sms_settings(
            self.page, phones, password, firmware, self.page.phones.wait_limit(),
            lambda step: status.show_message(pick(step.text)), stop), self._sms_settings_read)

    def _sms_settings_read(self, outcome: delivery.SmsSettingsOutcome) -> None:
        status = self.page.status
        for phone, result, ok, cells in outcome.rows:
            status.set_sms_row(phone, result, ok, cells)
        status.show_message("\n".join([outcome.summary, *outcome.warnings]), error=not outcome.ok)
        self.page.context.log.note(outcome.summary)

    # --- «Чтение состояния» -------------------------------------------------------------------
    def request_status(self, kind: str) -> None:
        """A status request: the panel starts empty and ends with what was read, when and from where."""
        status = self.page.status
        try:
            where = pick(self._channel().describe())
        except ConfiguratorError as error:
            status.fail(error_text(error))
            return
        status.begin(kind, where)
        password = self.page.settings.password.text()
        module = self.page.settings.module
        progress = lambda step: status.show_message(pick(step.text))  # noqa: E731
        if kind == "all":
            body: Callable[[Any, float], Awaitable[Any]] = lambda link, timeout: delivery.read_every_status(  # noqa: E731
                link, timeout, module, progress)
        else:
            from protocols.module.module_status import StatusSnapshot

            fresh = StatusSnapshot(module_hint=module)
            body = lambda link, timeout: delivery.read_status(  # noqa: E731
                link, timeout, kind, password, module, fresh)
        self._start("status", tr("Чтение состояния"), lambda: self._over_link(body, progress=progress),
                    lambda outcome: self._status_read(outcome, kind, where))

    def _status_read(self, outcome: StatusSnapshot | delivery.StatusOutcome, kind: str, where: str) -> None:
        found = outcome if isinstance(outcome, delivery.StatusOutcome) else delivery.StatusOutcome(outcome, [])
        snapshot = found.snapshot
        self.page.status.finish(snapshot, kind, where, time.strftime("%H:%M:%S"), found.problems)
        status = snapshot.status
        if status is not None and status.version is not None and not self.page.settings.firmware.text():
            # offered, not applied: the user confirms with Enter (the form then follows the firmware)
            self.page.settings.firmware.setPlaceholderText(status.version.text)

    # --- live signal --------------------------------------------------------------------------
    def start_signal(self) -> None:
        if self.runner.busy:
            self.page.signal.message.setText(tr("Дождитесь окончания текущей операции"))
            return
        self.signal_running = True
        self.page.signal.set_running(True)
        self.page.signal.message.setText(tr("Опрос запущен"))
        self._poll_signal()

    def stop_signal(self) -> None:
        self.signal_running = False
        self.signal_timer.stop()
        self.signal_runner.cancel()
        if self.page.extra_page.built() is not None:
            self.page.signal.set_running(False)

    def _poll_signal(self) -> None:
        if not self.signal_running:
            return
        password = self.page.settings.password.text()
        module = self.page.settings.module
        from protocols.module.module_status import StatusSnapshot

        snapshot = StatusSnapshot(module_hint=module)
        message = self.page.signal.message
        task = self.signal_runner.start(tr("Опрос уровня сигнала"), lambda: self._over_link(
            lambda link, timeout: delivery.read_status(link, timeout, "extended", password, module, snapshot),
            progress=lambda step: message.setText(pick(step.text))), self._signal_sample)
        if task is not None:
            task.add_done_callback(lambda _t: self._schedule_signal())

    def _schedule_signal(self) -> None:
        if self.signal_running:
            self.signal_timer.start(self.page.signal.interval.value() * 1000)

    def _signal_sample(self, snapshot: StatusSnapshot) -> None:
        extended = snapshot.extended
        if extended is None or extended.signal is None:
            self.page.signal.message.setText(tr("Модуль не сообщил уровень сигнала"))
            return
        from protocols.module.status_tables import module_technology

        band = extended.band.code if extended.band is not None else None
        self.page.signal.add_sample(extended.signal.code, module_technology(extended.status.module, band))
        self.page.signal.message.setText(tr("Последний ответ: {level}").format(level=pick(extended.signal.meaning)))

    # --- modem: detect, SMS storage -------------------------------------------------------------
    def detect_modem(self) -> None:
        modem = self.page.delivery.modem
        modem.show_found(tr("Поиск модема… это может занять некоторое время"))
        self._start("modem", tr("Определить модем"), lambda: delivery.detect_modem(self.page), self._modem_found)

    def _modem_found(self, found: delivery.FoundModem | None) -> None:
        modem = self.page.delivery.modem
        if found is None:
            modem.show_found(tr("Модем не найден. Выберите COM-порт вручную."), error=True)
            return
        show_port(modem.port, found.port)
        modem.baud.setEditText(str(found.baud))
        modem.show_found(tr("Найден модем: {name} ({port}, {baud} бит/с)").format(
            name=found.name, port=found.port_label, baud=found.baud))
        modem.checks.show_result(found.checks)

    def list_storage(self, storage: str) -> None:
        self.page.storage.show_message(tr("Чтение хранилища…"))
        self._start("storage", tr("Получить SMS"), lambda: delivery.list_storage(self.page, storage),
                    self._storage_listed)

    def _storage_listed(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.page.storage.show_messages(rows)
        self.page.storage.show_message(tr("Сообщений в хранилище: {n}").format(n=len(rows)))

    def clear_storage(self, storage: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self.page, tr("Очистить хранилище"),
                                      tr("Удалить все SMS из хранилища {name}?").format(name=storage))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.clear_storage_now(storage)

    def clear_storage_now(self, storage: str) -> None:
        self._start("storage", tr("Очистить хранилище"),
                    lambda: delivery.clear_storage(self.page, storage, self._progress), self._storage_cleared)

    def _storage_cleared(self, removed: int) -> None:
        self.page.storage.show_messages([])
        self.page.storage.show_message(tr("Удалено сообщений: {n}").format(n=removed))

    # --- files, language switch, demo --------------------------------------------------------------
    def load_settings_file(self, path: Path) -> bool:
        from app.core.settings_store import load_settings

        try:
            loaded = load_settings(path)
        except ConfiguratorError as error:
            self._file_error(error_text(error))
            return False
        self.page.settings.set_values(loaded.module, loaded.values)
        self.page.context.log.note(tr("Загружены настройки: {path}").format(path=path))
        return True

    def save_settings_file(self, path: Path, include_passwords: bool = False) -> bool:
        from app.core.settings_store import save_settings

        try:
            save_settings(path, self.page.settings.module, self.page.settings.values,
                          include_passwords=include_passwords)
        except ConfiguratorError as error:
            self._file_error(error_text(error))
            return False
        self.page.context.log.note(tr("Сохранены настройки: {path}").format(path=path))
        return True

    def _file_error(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, tr("Файл настроек"), text, parent=self.page)
        box.setObjectName("file_error_dialog")
        box.open()

    def carry_over(self) -> dict[str, Any]:
        """What must survive rebuilding the window in another language (passwords included)."""
        p = self.page
        status = p.status_page.built()  # never opened: nothing read to carry over
        return {"values": {m: dict(v) for m, v in p.settings.values_by_module.items()},
                "chosen": {m: set(keys) for m, keys in p.settings.chosen_by_module.items()},
                "module": p.settings.module, "password": p.settings.password.text(),
                "firmware": p.settings.firmware.text(), "meter_password": p.delivery.direct.meter_password.text(),
                "cenc_password": p.delivery.cenc.settings.password,
                "status": status.snapshot if status is not None else None,
                "read_from": status.read_from if status is not None else None}

    def take_over(self, carried: dict[str, Any]) -> None:
        p = self.page
        p.settings.values_by_module.update(carried["values"])
        p.settings.chosen_by_module.update(carried["chosen"])
        p.settings.password.setText(carried["password"])
        p.settings.firmware.setText(carried["firmware"])
        p.settings.set_module(carried["module"])
        p.settings.rebuild()
        p.delivery.direct.meter_password.setText(carried["meter_password"])
        p.delivery.cenc.settings.password = carried["cenc_password"]
        if carried["status"] is not None:
            p.status.apply(carried["status"])
        if carried["read_from"] is not None:
            p.status.show_source(*carried["read_from"])

    def demo_prefill(self, endpoints: dict[str, str]) -> None:
        delivery.demo_prefill(self.page, endpoints)


