"""The «Парк приборов» workspace: status or configuration of every module of a device list.

Top: the list (ceHes workbook or ours), the operation (status, or configure with the module workspace's
form as it is, or a settings file), the channel for what the rows leave empty (TCP/IP, CENC server and its
login), the module password, the reply timeout and how many sessions run at once. Buttons: start,
cancel, continue a journal («Продолжить»: the devices without an outcome), retry the failed ones,
save the report, export the devices that succeeded for ceHes (the DLMS settings asked in a dialog). The
table shows every device coloured by its result as outcomes arrive, «Только ошибки» filters it; counts,
progress with the time left, and the signal-level histogram beside it.

The work is the command line's (app/core/fleet_*): the same planning, journal, scheduler and report.
Each run has its journal beside the list (``<list>-<operation>-<date>.journal.sqlite``); after the
program was closed or killed, «Продолжить» asks for that journal. SMS rows are left to ``fleet`` on
the command line (the modem and its checks are not part of this page) and refused here in words.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.cehes_export import DlmsDefaults, ExportResult, write_cehes_export
from app.core.fleet_jobs import FleetConfiguration, JobContext, configuration_from_file, configuration_from_values
from app.core.fleet_journal import FleetJournal, journal_for_run
from app.core.fleet_list import FleetList, load_fleet_list
from app.core.fleet_plan import DeviceJob, FleetOptions, plan_jobs
from app.core.fleet_report import ReportInput, signal_distribution, write_report
from app.core.fleet_results import RESULTS, Result
from app.core.fleet_run import DEFAULT_CONCURRENCY, FINISHED, STARTED, FleetEvent, FleetRun, FleetSummary
from app.core.links.channels import DEFAULT_CENC_PORT
from app.ui.app_settings import AppSettings
from app.ui.cehes_export_dialog import CehesExportDialog
from app.ui.fleet_table import FailedOnly, FleetModel, SignalHistogram
from app.ui.i18n import language, pick, tr
from app.ui.log_panel import LogPanel
from app.ui.runner import OperationRunner
from app.ui.workspace_context import WorkspaceContext
from protocols.errors import ConfiguratorError, ValidationError
from protocols.fleet.fleet_devices import Delivery
from protocols.params.catalogue import DEFAULT_ADMIN_PASSWORD
from protocols.params.module_types import ModuleType
from protocols.text import Text

OK_STYLE, ERROR_STYLE = "color: #1b5e20;", "color: #b00020;"
STATUS, CONFIGURE = "status", "configure"


def standalone_context() -> WorkspaceContext:
    path = Path(tempfile.mkdtemp(prefix="fleet-ui-")) / "settings.ini"
    return WorkspaceContext(AppSettings(QSettings(str(path), QSettings.Format.IniFormat)), LogPanel())


class FleetWorkspace(QWidget):
    def __init__(self, context: WorkspaceContext | None = None) -> None:
        super().__init__()
        self.setObjectName("fleet_workspace")
        self.context = context or standalone_context()
        self.fleet: FleetList | None = None
        self.configuration: FleetConfiguration | None = None
        self.journal_path: Path | None = None
        self.run: FleetRun | None = None
        self.started_at = 0.0
        self.total = 0
        self.finished = 0
        self.runner = OperationRunner(self)
        self._build()
        self.runner.busy_changed.connect(self._busy_changed)
        self.runner.failed.connect(lambda text: self._say(text, error=True))
        self._busy_changed(False)

    # -- layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.list_button = QPushButton(tr("Список приборов…"))
        self.list_button.setObjectName("fleet_list_button")
        self.list_label = QLabel(tr("Список не загружен (список ceHes или наш: «Файл → Шаблоны…»)"))
        self.list_label.setWordWrap(True)
        self.operation = QComboBox()
        self.operation.setObjectName("fleet_operation")
        self.operation.addItem(tr("Чтение состояния"), STATUS)
        self.operation.addItem(tr("Настройка"), CONFIGURE)
        self.settings_button = QPushButton(tr("Файл настроек…"))
        self.form_button = QPushButton(tr("Из формы «Модуль связи»"))
        self.form_button.setToolTip(tr("Записать то, что заполнено сейчас в рабочей области «Модуль связи»"))
        self.form_source: Callable[[], tuple[ModuleType, dict[str, object]]] | None = None  # the main window's
        self.settings_label = QLabel()
        self.settings_label.setWordWrap(True)
        self.via = QComboBox()
        self.via.setObjectName("fleet_via")
        self.via.addItem(tr("как в списке"), None)
        self.via.addItem(pick(Delivery.TCP.label), Delivery.TCP)
        self.via.addItem(pick(Delivery.CENC.label), Delivery.CENC)
        self.cenc_host, self.cenc_user, self.cenc_password = QLineEdit(), QLineEdit(), QLineEdit()
        self.cenc_host.setPlaceholderText(tr("адрес сервера CENC"))
        self.cenc_user.setPlaceholderText(tr("пользователь"))
        self.cenc_password.setPlaceholderText(tr("пароль"))
        self.cenc_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.cenc_port = QSpinBox()
        self.cenc_port.setRange(1, 65535)
        self.cenc_port.setValue(DEFAULT_CENC_PORT)
        self.password = QLineEdit(DEFAULT_ADMIN_PASSWORD)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setToolTip(tr("Пароль администратора модулей, для строк списка без своего пароля"))
        self.timeout = QSpinBox()
        self.timeout.setRange(1, 600)
        self.timeout.setValue(10)
        self.timeout.setSuffix(tr(" с"))
        self.concurrency = QSpinBox()
        self.concurrency.setObjectName("fleet_concurrency")
        self.concurrency.setRange(1, 1000)
        self.concurrency.setValue(DEFAULT_CONCURRENCY)
        grid = QGridLayout()
        grid.addWidget(self.list_button, 0, 0)
        grid.addWidget(self.list_label, 0, 1, 1, 3)
        grid.addWidget(QLabel(tr("Операция")), 1, 0)
        grid.addWidget(self.operation, 1, 1)
        settings = QHBoxLayout()
        settings.addWidget(self.settings_button)
        settings.addWidget(self.form_button)
        grid.addLayout(settings, 1, 2)
        grid.addWidget(self.settings_label, 1, 3)
        grid.addWidget(QLabel(tr("Доставка")), 2, 0)
        grid.addWidget(self.via, 2, 1)
        cenc = QHBoxLayout()
        for label, widget, stretch in ((tr("Сервер CENC"), self.cenc_host, 3), ("", self.cenc_port, 0),
                                       (tr("Пользователь"), self.cenc_user, 2), (tr("Пароль"), self.cenc_password, 2)):
            if label:
                cenc.addWidget(QLabel(label))
            cenc.addWidget(widget, stretch)
        grid.addLayout(cenc, 2, 2, 1, 2)
        grid.addWidget(QLabel(tr("Пароль модуля")), 3, 0)
        grid.addWidget(self.password, 3, 1)
        options = QHBoxLayout()
        for label, widget in ((tr("Ожидание ответа"), self.timeout), (tr("Сеансов одновременно"), self.concurrency)):
            options.addWidget(QLabel(label))
            options.addWidget(widget)
        options.addStretch(1)
        grid.addLayout(options, 3, 2, 1, 2)
        grid.setColumnStretch(3, 1)
        self.start_button = QPushButton(tr("Запустить"))
        self.start_button.setObjectName("fleet_start")
        self.cancel_button = QPushButton(tr("Отмена"))
        self.cancel_button.setObjectName("fleet_cancel")
        self.resume_button = QPushButton(tr("Продолжить"))
        self.resume_button.setToolTip(tr("Опросить приборы, для которых в журнале ещё нет результата"))
        self.retry_button = QPushButton(tr("Повторить неудачные"))
        self.report_button = QPushButton(tr("Сохранить отчёт…"))
        self.cehes_button = QPushButton(tr("Экспорт для ceHes…"))
        self.cehes_button.setObjectName("fleet_cehes")
        self.only_failed = QCheckBox(tr("Только ошибки"))
        buttons = QHBoxLayout()
        for button in (self.start_button, self.cancel_button, self.resume_button, self.retry_button,
                       self.report_button, self.cehes_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.only_failed)
        self.model = FleetModel()
        self.proxy = FailedOnly(self.model)
        self.table = QTableView()
        self.table.setObjectName("fleet_table")
        self.table.setModel(self.proxy)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line a device: long texts are elided, the whole text is the tooltip
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((130, 90, 170, 110, 260, 110, 120, 150)):
            self.table.setColumnWidth(column, width)
        self.histogram = SignalHistogram()
        self.histogram.setMaximumWidth(300)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addWidget(self.histogram)
        self.counts = QLabel()
        self.counts.setObjectName("fleet_counts")
        self.counts.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("fleet_progress")
        self.progress.setMinimumWidth(240)
        self.progress.setMaximumWidth(360)
        self.status = QLabel()
        self.status.setObjectName("fleet_status")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.counts, 1)
        bottom.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status)
        self.list_button.clicked.connect(self.ask_list)
        self.settings_button.clicked.connect(self.ask_settings)
        self.form_button.clicked.connect(self.take_form)
        self.operation.currentIndexChanged.connect(self._operation_changed)
        self.start_button.clicked.connect(lambda: self.start())
        self.cancel_button.clicked.connect(self.cancel)
        self.resume_button.clicked.connect(lambda: self.start(resume=True))
        self.retry_button.clicked.connect(lambda: self.start(retry_failed=True))
        self.report_button.clicked.connect(self.ask_report)
        self.cehes_button.clicked.connect(self.ask_cehes)
        self.only_failed.toggled.connect(self.proxy.set_only_failed)
        self._operation_changed()

    # -- the window's calls (workspace_context) ---------------------------------------------------------
    def busy(self) -> bool:
        return self.runner.busy

    def cancel_all(self) -> None:
        if self.run is not None:
            self.run.abort()
        self.runner.cancel()

    def retire(self) -> None:
        self.cancel_all()

    def save_state(self) -> None:
        self.context.settings.set_section("fleet", {
            "list": str(self.fleet.path) if self.fleet else "", "operation": self.operation.currentIndex(),
            "via": self.via.currentIndex(), "cenc_host": self.cenc_host.text(), "cenc_port": self.cenc_port.value(),
            "cenc_user": self.cenc_user.text(), "timeout": self.timeout.value(),
            "concurrency": self.concurrency.value(),
        })

    def demo_prefill(self, endpoints: dict[str, str]) -> None:
        """--demo: the demo fleet's CENC server and its login, and its list (ours; the ceHes one beside it)."""
        host = endpoints.get("fleet_cenc_host") or endpoints.get("cenc_host")
        if host:
            self.via.setCurrentIndex(self.via.findData(Delivery.CENC))
            self.cenc_host.setText(host)
            self.cenc_port.setValue(int(endpoints.get("fleet_cenc_port") or endpoints.get("cenc_port")
                                        or DEFAULT_CENC_PORT))
            self.cenc_user.setText(endpoints.get("cenc_user", ""))
            self.cenc_password.setText(endpoints.get("cenc_password", ""))
        if endpoints.get("fleet_list"):
            self.load_list(Path(endpoints["fleet_list"]))

    # -- the list and the settings ---------------------------------------------------------------------
    def ask_list(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Список приборов"), "",
                                              tr("Списки приборов (*.xlsx *.csv *.txt);;Все файлы (*)"))
        if name:
            self.load_list(Path(name))

    def load_list(self, path: Path) -> bool:
        try:
            fleet = load_fleet_list(path)
        except ConfiguratorError as error:
            self._say(pick(error.text), error=True)
            return False
        self.fleet, self.journal_path = fleet, None
        self.model.set_devices(fleet.devices)
        kind = tr("список ceHes") if fleet.kind == "cehes" else tr("наш список")
        self.list_label.setText(tr("{path}: {kind}, приборов: {count}, групп: {groups}").format(
            path=path, kind=kind, count=len(fleet.devices), groups=len(fleet.groups)))
        self._show_counts()
        self._say(tr("Список загружен"))
        return True

    def ask_settings(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Файл настроек модуля"), "",
                                              tr("Файлы настроек (*.json);;Все файлы (*)"))
        if name:
            self.load_configuration(Path(name))

    def load_configuration(self, path: Path) -> bool:
        try:
            self.configuration = configuration_from_file(path)
        except ConfiguratorError as error:
            self._say(pick(error.text), error=True)
            return False
        self.settings_label.setText("; ".join(pick(t) for t in self.configuration.summary))
        return True

    def set_form_source(self, source: Callable[[], tuple[ModuleType, dict[str, object]]]) -> None:
        self.form_source = source
        self._operation_changed()

    def take_form(self) -> bool:
        """The module workspace's form as it is now: its module type and the values it would send."""
        if self.form_source is None:
            return False
        module, values = self.form_source()
        try:
            self.configuration = configuration_from_values(module, values)
        except ConfiguratorError as error:
            self._say(pick(error.text), error=True)
            return False
        self.settings_label.setText(f"{pick(module.label)}: " + "; ".join(pick(t) for t in self.configuration.summary))
        return True

    def _operation_changed(self) -> None:
        configuring = self.operation.currentData() == CONFIGURE
        self.form_button.setEnabled(configuring and self.form_source is not None)
        self.settings_button.setEnabled(configuring)
        self.settings_label.setVisible(configuring)

    # -- running ---------------------------------------------------------------------------------------------
    def start(self, *, resume: bool = False, retry_failed: bool = False, journal: Path | None = None) -> bool:
        """Start a run (a new journal), or continue the current journal (``resume``, ``retry_failed``; without
        one the user picks it, or ``journal`` names it)."""
        if self.fleet is None:
            self._say(tr("Сначала загрузите список приборов"), error=True)
            return False
        operation = str(self.operation.currentData())
        if operation == CONFIGURE and self.configuration is None:
            self._say(tr("Для настройки выберите файл настроек модуля («Файл настроек…»)"), error=True)
            return False
        if (resume or retry_failed) and journal is None and self.journal_path is None:  # after a restart
            name, _ = QFileDialog.getOpenFileName(self, tr("Журнал работы с парком"), str(self.fleet.path.parent),
                                                  tr("Журналы (*.journal.sqlite);;Все файлы (*)"))
            if not name:
                return False
            journal = Path(name)
        path = journal or (self.journal_path if resume or retry_failed else self._new_journal_path(operation))
        assert path is not None
        try:
            jobs, configuration = self._plan(operation)
        except ConfiguratorError as error:
            self._say(pick(error.text), error=True)
            return False
        self._say(tr("Журнал: {path}").format(path=path))

        async def run() -> FleetSummary:
            return await self._open_and_run(operation, path, jobs, configuration, resume=resume,
                                            retry_failed=retry_failed)

        return self.runner.start(tr("Парк приборов"), run, self._done) is not None

    def _new_journal_path(self, operation: str) -> Path:
        assert self.fleet is not None
        stamp = datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        return self.fleet.path.with_name(f"{self.fleet.path.stem}-{operation}-{stamp}.journal.sqlite")

    def _plan(self, operation: str) -> tuple[list[DeviceJob], FleetConfiguration | None]:
        """The jobs of the list with the window's settings, checked before anything is opened."""
        assert self.fleet is not None
        options = FleetOptions(via=self.via.currentData(), cenc_host=self.cenc_host.text().strip(),
                               cenc_port=self.cenc_port.value(), cenc_user=self.cenc_user.text().strip(),
                               cenc_password=self.cenc_password.text(),
                               password=self.password.text() or DEFAULT_ADMIN_PASSWORD,
                               timeout=float(self.timeout.value()))
        jobs = plan_jobs(self.fleet.devices, options)
        sms = [job for job in jobs if job.delivery is Delivery.SMS]
        if sms:
            raise ValidationError([Text(
                f"Приборов с доставкой SMS: {len(sms)} — рассылку по списку выполняет команда fleet (модем и его "
                "проверки), а в этом окне — «Модуль связи» → SMS",
                f"Devices delivered by SMS: {len(sms)} — the fleet command sends such a list (the modem and its "
                "checks); in this window, «Модуль связи» → SMS")])
        configuration = self.configuration if operation == CONFIGURE else None
        if configuration is not None:  # the types the list gives are checked before anything is opened
            for module in {job.module for job in jobs if job.module is not None}:
                configuration.values_for(module)
        return jobs, configuration

    async def _open_and_run(self, operation: str, path: Path, jobs: list[DeviceJob],
                            configuration: FleetConfiguration | None, *, resume: bool,
                            retry_failed: bool) -> FleetSummary:
        """The journal opened (created: a thousand rows and the disk's flush) and read in a worker thread, so
        the window keeps repainting; then the run."""
        assert self.fleet is not None
        fleet = self.fleet
        opened = await asyncio.to_thread(
            journal_for_run, path, operation, fleet.path, fleet.kind, fleet.devices,
            digest=configuration.digest if configuration else "",
            summary=configuration.summary if configuration else (), resume=resume, retry_failed=retry_failed)
        try:
            records = await asyncio.to_thread(opened.journal.records) if opened.keys is not None else []
        except BaseException:
            opened.journal.close()
            raise
        self.journal_path = path
        chosen = set(opened.keys) if opened.keys is not None else None
        selected = [job for job in jobs if chosen is None or job.key in chosen]
        self.model.set_outcomes({r.key: r.outcome for r in records if r.done and r.outcome is not None})
        context = JobContext(operation, retries=2, configuration=configuration, waits=self.context.waits)
        self.run = FleetRun(selected, context, opened.journal, concurrency=self.concurrency.value(),
                            per_server=self.concurrency.value(), on_event=self._event)
        self.total, self.finished, self.started_at = len(selected), 0, time.monotonic()
        self.progress.setRange(0, max(self.total, 1))
        self.progress.setValue(0)
        self._show_counts()
        # what exists now (the window, the modules, the list) lives as long as the program: leave it out of the
        # collector's full passes, which otherwise stop the window for 100-200 ms now and then during a run
        gc.freeze()
        try:
            return await self.run.run()
        finally:  # closing folds the journal's WAL into the file: a disk flush, kept off the window's thread
            await asyncio.to_thread(opened.journal.close)

    def cancel(self) -> None:
        """First press: no new sessions, the running ones finish; a second press stops those too."""
        if self.run is None or not self.runner.busy:
            return
        if self.run.stopping:
            self.run.abort()
        else:
            self.run.stop()
            self._say(tr("Отмена: новые сеансы не начинаются, идущие заканчиваются (нажмите ещё раз, чтобы прервать "
                         "и их)"))

    def _event(self, event: FleetEvent) -> None:
        if event.kind == STARTED:
            self.model.set_running(event.key)
            return
        if event.kind != FINISHED:
            return
        self.model.set_outcome(event.key, event.outcome if event.outcome and event.outcome.result.done else None)
        self.finished += 1
        self.progress.setValue(self.finished)
        elapsed = time.monotonic() - self.started_at
        left = elapsed / self.finished * (self.total - self.finished) if self.finished else 0.0
        self.progress.setFormat(tr("%v из %m, осталось ≈ {seconds} с").format(seconds=round(left))
                                if self.finished < self.total else tr("%v из %m"))
        self._show_counts()

    def _done(self, summary: FleetSummary) -> None:
        journal = self.run.journal if self.run is not None else None
        if journal is not None:
            journal.close()
        self.run = None
        self._show_counts()
        if summary.error is not None:
            self._say(pick(summary.error.text), error=True)
        elif summary.stopped or summary.aborted:
            self._say(tr("Остановлено: не опрошено {n}; «Продолжить» опросит их").format(n=summary.not_started))
        else:
            self._say(tr("Готово за {seconds} с; журнал {path}").format(seconds=round(summary.elapsed),
                                                                          path=self.journal_path))

    def _busy_changed(self, busy: bool) -> None:
        for widget in (self.list_button, self.start_button, self.resume_button, self.retry_button,
                       self.report_button, self.operation, self.settings_button, self.form_button, self.via):
            widget.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self._cehes_state()
        if not busy:
            self._operation_changed()
            if self.run is not None and self.run.journal is not None:  # refused or failed before its end
                self.run.journal.close()
                self.run = None

    # -- counts, histogram, report ----------------------------------------------------------------------------
    def _show_counts(self) -> None:
        results = [o.result for o in self.model.outcomes.values()]
        shown = [f"{pick(r.label)}: {results.count(r)}" for r in RESULTS if r in results]
        waiting = len(self.model.devices) - len(results)
        self.counts.setText(tr("Приборов: {total}; {counts}; без результата: {waiting}").format(
            total=len(self.model.devices), counts=", ".join(shown) or "—", waiting=waiting))
        levels = [0] * len(self.histogram.levels)
        unknown = 0
        for outcome in self.model.outcomes.values():
            if outcome.signal is not None and 0 <= outcome.signal < len(levels):
                levels[outcome.signal] += 1
            else:
                unknown += 1
        self.histogram.set_levels(levels, unknown)
        self._cehes_state()

    def _cehes_state(self) -> None:
        """«Экспорт для ceHes…» once the current journal holds devices that succeeded; the tooltip says why not."""
        why = ""
        if self.runner.busy:
            why = tr("Дождитесь окончания работы")
        elif self.journal_path is None:
            why = tr("Экспорт строится по журналу: сначала запустите работу или продолжите журнал")
        elif not any(o.result is Result.OK for o in self.model.outcomes.values()):
            why = tr("В журнале нет приборов, опрошенных успешно")
        self.cehes_button.setEnabled(not why)
        self.cehes_button.setToolTip(why or tr("Книга импорта приборов в ceHes: приборы, опрошенные успешно"))

    def ask_report(self) -> None:
        if self.journal_path is None:
            self._say(tr("Отчёт строится по журналу: сначала запустите работу или продолжите журнал"), error=True)
            return
        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить отчёт"),
                                              str(self.journal_path.with_name(self.journal_path.name.replace(
                                                  ".journal.sqlite", ".xlsx"))), tr("Книги Excel (*.xlsx)"))
        if name:
            self.save_report(Path(name))

    def save_report(self, path: Path) -> bool:
        """The report of the current journal (the same workbook as ``fleet --report``)."""
        if self.journal_path is None:
            return False
        try:
            with FleetJournal.open(self.journal_path) as journal:
                records = journal.records()
                report = ReportInput(journal.operation, records, journal.meta.get("list", ""),
                                     [str(self.journal_path)], journal.configuration_summary, None,
                                     sorted({r.operator for r in records if r.operator}))
            write_report(path, report, lang=language())
        except ConfiguratorError as error:
            self._say(pick(error.text), error=True)
            return False
        levels, unknown = signal_distribution(records)
        self.histogram.set_levels(levels, unknown)
        self._say(tr("Отчёт сохранён: {path}").format(path=path))
        return True

    def ask_cehes(self) -> None:
        assert self.journal_path is not None
        dialog = CehesExportDialog(self)
        if not dialog.exec():
            return
        dlms = dialog.defaults()
        name, _ = QFileDialog.getSaveFileName(self, tr("Экспорт для ceHes"),
                                              str(self.journal_path.with_name(self.journal_path.name.replace(
                                                  ".journal.sqlite", "-cehes.xlsx"))), tr("Книги Excel (*.xlsx)"))
        if name:
            self.export_cehes(Path(name), dlms)

    def export_cehes(self, path: Path, dlms: DlmsDefaults) -> bool:
        """The current journal's devices that succeeded as a ceHes import workbook (as ``fleet report --cehes``),
        read and written in a worker thread; the outcome in the status line."""
        journal_path = self.journal_path
        if journal_path is None:
            return False

        def export() -> ExportResult:
            with FleetJournal.open(journal_path) as journal:
                records = journal.records()
            return write_cehes_export(path, records, dlms)

        async def run() -> ExportResult:
            return await asyncio.to_thread(export)

        def done(result: ExportResult) -> None:
            text = tr("Для ceHes: приборов {n} → {path}").format(n=result.written, path=path)
            if result.left_out:
                text += tr("; не выгружено {n}: {why}").format(
                    n=len(result.left_out), why="; ".join(f"{serial} — {pick(why)}" for serial, why in result.left_out))
            self._say(text, error=result.written == 0)

        return self.runner.start(tr("Экспорт для ceHes"), run, done) is not None

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)

