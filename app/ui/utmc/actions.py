"""What the UTMC workspace's buttons do: app/core UTMC operations run as asyncio tasks (qasync).

One operation at a time (app.ui.runner.OperationRunner): buttons grey out while it runs, the
progress bar follows it, «Отмена» cancels the task. Every failure ends as readable text in the
status line and the exchange log. The link stays open between operations until «Отключить».
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.backups import BackupFailed
from app.core.links import open_link
from app.core.links.base import Link
from app.core.links.channels import SerialChannel, TcpChannel
from app.core.links.ports import list_serial_ports
from app.core.progress import Progress
from app.core.utmc_device_write import (
    DeviceTableWrite,
    DeviceWritePlan,
    diff_tables,
    plan_device_write,
    read_channels,
    write_device_table,
)
from app.core.utmc_discovery import DISCOVERY_PORT, FoundUtmc, discover
from app.core.utmc_local_files import load_device_file, load_settings, save_device_file, save_settings
from app.core.utmc_ops import Identity, PollSummary, ReadResult, UtmcService
from app.core.utmc_param_write import ParametersWrite, write_parameters_with_backup
from app.core.utmc_sd_card import FirmwareCheck, firmware_file_text
from app.ui.backup_question import ask_without_backup
from app.ui.i18n import language, pick, tr
from app.ui.runner import OperationRunner
from app.ui.utmc.device_diff_dialog import DeviceDiffDialog
from app.ui.utmc.files_page import read_firmware
from protocols.errors import ConfiguratorError, DeviceError, LinkError, ValidationError
from protocols.text import Text
from protocols.utmc.utmc_devices import DeviceRecord
from protocols.utmc.utmc_frames import ErrorCode
from protocols.utmc.utmc_params import CHANNELS, parameter

if TYPE_CHECKING:
    from app.core.utmc_sd_card import DownloadResult, UploadResult
    from app.ui.utmc.workspace import UtmcWorkspace
    from protocols.files.intel_hex import FirmwareImage

AFTER_RESTART = Text("После перезапуска версия и ID ПО, которые сообщит УТМЦ, будут сверены с файлом.",
                     "After the restart the firmware version and ID the UTMC reports are compared with the file.")
SEARCH_SECONDS = 2.0  # answers from a busy network (or a loaded PC) can take more than a second

PASSWORD_HINT = Text(
    "Введите верный пароль в поле «Пароль настроек» (число 0…65535, по умолчанию 0) или держите нажатой "
    "кнопку SA2 на панели индикации во время записи.",
    "Enter the right password in \"Settings password\" (a number 0…65535, default 0) or hold button SA2 "
    "on the indication panel while writing.",
)


class UtmcActions:
    def __init__(self, page: UtmcWorkspace) -> None:
        self.page = page
        self.runner = OperationRunner()
        self.link: Link | None = None
        self.channel: SerialChannel | TcpChannel | None = None  # what the open link was opened from
        self.service: UtmcService | None = None
        self.identity: Identity | None = None
        self.uploaded: UploadResult | None = None
        self.updating: tuple[str | None, FirmwareImage] | None = None  # (serial, file) until checked after restart
        self.discovery_targets: list[tuple[str, int]] = [("255.255.255.255", DISCOVERY_PORT)]
        self.closing: asyncio.Task[None] | None = None  # closing the link after the workspace was retired
        self.diff_dialog: DeviceDiffDialog | None = None  # the difference before a device write, while open
        self.backup_question: QMessageBox | None = None  # «write without a backup?» while it is open
        self.runner.busy_changed.connect(page.set_busy)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)

    # -- running ------------------------------------------------------------------------------
    def _cancelled(self) -> None:
        """«Отмена»: said as «Отменено», and the Files page no longer promises a checked, loadable file."""
        if self.runner.name == tr("Загрузка файла прошивки"):
            self.page.files.upload_stopped(tr("Загрузка отменена: файл на SD-карту УТМЦ не загружен. Выберите файл "
                                              "ещё раз, чтобы загрузить его."), error=False)
        self.page.cancelled(self.runner.name)

    def busy(self) -> bool:
        return self.runner.busy

    def cancel(self) -> None:
        self.runner.cancel()

    def _failed(self, text: str) -> None:
        if not self.runner.busy and self.runner.name == tr("Загрузка файла прошивки"):
            self.page.files.upload_stopped(tr("Файл на SD-карту УТМЦ не загружен: {reason}").format(reason=text))
        self.page.finish(text, ok=False)

    def _progress(self, step: Progress) -> None:
        self.page.show_progress(step.done, step.total, pick(step.text))

    def _run(self, name: str, body: Callable[[UtmcService], Awaitable[Any]],
             on_done: Callable[[Any], None]) -> None:
        """Run ``body`` with a connected service (connecting first when needed)."""
        password = self.page.connection.password_value()
        if password is None:
            self.page.finish(tr("Пароль настроек — число 0…65535"), ok=False)
            return

        async def run() -> Any:
            service = await self._ensure_service()
            service.password = password
            try:
                return await body(service)
            except DeviceError as error:
                if error.code == ErrorCode.ACCESS_DENIED:
                    raise DeviceError(error.code, Text(
                        "УТМЦ отказало в записи: неверный пароль доступа к настройкам. " + PASSWORD_HINT.ru,
                        "The UTMC refused to write: wrong settings password. " + PASSWORD_HINT.en)) from error
                raise
            except LinkError:
                await self._drop_link()
                raise

        self.page.start_progress(name)
        self.runner.start(name, run, on_done)

    async def _ensure_service(self) -> UtmcService:
        if self.service is not None and self.link is not None and self.link.is_open:
            return self.service
        channel = self.page.connection.channel()
        if channel is None:
            raise LinkError(Text("Выберите COM-порт или введите IP-адрес УТМЦ",
                                 "Choose a COM port or type the UTMC's IP address"))
        link = open_link(channel)
        link.listeners.append(self.page.context.log.listener(pick(Text("УТМЦ", "UTMC"))))
        await link.open()
        self.link, self.service, self.channel = link, UtmcService(link), channel
        self.page.connection.set_connected(True)
        return self.service

    async def _drop_link(self) -> None:
        link, self.link, self.service, self.channel = self.link, None, None, None
        if link is not None:
            try:
                await link.close()
            except ConfiguratorError:
                pass
        self.page.connection.set_connected(False)

    # -- connection ---------------------------------------------------------------------------
    def refresh_ports(self) -> None:
        ports = [(p.device, p.label) for p in list_serial_ports()]
        self.page.connection.set_ports(ports)
        self.page.finish(tr("Найдено COM-портов: {n}").format(n=len(ports)) if ports
                         else tr("COM-порты не найдены: подключите УТМЦ кабелем USB и нажмите «Обновить»"),
                         ok=bool(ports))

    def toggle_connection(self) -> None:
        if self.link is not None:
            async def close() -> None:
                await self._drop_link()

            self.runner.start(tr("Отключение"), close, lambda _r: self.page.finish(tr("Отключено")))
            return
        self.page.connection.set_connected(False)
        self._run(tr("Подключение"), lambda service: _noop(),
                  lambda _r: self.page.finish(tr("Порт открыт; нажмите «Установить связь»")))

    def search(self) -> None:
        targets = list(self.discovery_targets)

        async def run() -> list[FoundUtmc]:
            return await discover(targets, timeout=SEARCH_SECONDS)

        self.page.start_progress(tr("Поиск УТМЦ"))
        self.runner.start(tr("Поиск УТМЦ"), run, self._found)

    def _found(self, found: list[FoundUtmc]) -> None:
        self.page.connection.set_found_hosts([(f.host, f.control_port, f.serial) for f in found])
        if found:
            self.page.finish(tr("Найдено УТМЦ: {n} ({list})").format(
                n=len(found), list=", ".join(f"{f.host} — {f.serial}" for f in found)))
        else:
            self.page.finish(tr("УТМЦ в сети не найдены: проверьте подключение или введите IP-адрес"), ok=False)

    def identify(self) -> None:
        self._run(tr("Установить связь"), lambda service: service.identify(), self._identified)

    def _identified(self, identity: Identity) -> None:
        self.identity = identity
        self.page.connection.set_identity(identity.serial, identity.firmware_version, identity.firmware_id)
        self.page.finish(tr("Связь установлена: УТМЦ {serial}, ПО {version}").format(
            serial=identity.serial, version=identity.firmware_version))
        if self.updating is not None and self.updating[0] in (None, identity.serial):  # back after «Обновить»
            check = FirmwareCheck.of(self.updating[1], identity.firmware_version, identity.firmware_id)
            self.updating = None
            self.page.files.show_firmware(pick(check.text), error=not check.runs_file)
            self.page.finish(pick(check.text), ok=check.runs_file)

    # -- parameters ---------------------------------------------------------------------------
    def read_parameters(self, keys: list[str]) -> None:
        self._run(tr("Чтение параметров"),
                  lambda service: service.read_parameters(keys, self._progress), self._read_done)

    def _read_done(self, result: ReadResult) -> None:
        self.page.apply_values(result.values)
        if result.failed:
            self.page.finish(tr("Прочитано {n}; не прочитаны: {failed}").format(
                n=len(result.values), failed=_failures(result.failed)), ok=False)
        else:
            self.page.finish(tr("Прочитано параметров: {n}").format(n=len(result.values)))

    def write_parameters(self, values: dict[str, object], *, backup: bool = True) -> None:
        """The values replaced are read and kept as a backup first (``backup=False`` only after the user
        chose to write without one)."""
        async def body(service: UtmcService) -> ParametersWrite | BackupFailed:
            try:
                return await write_parameters_with_backup(service, values, backup=backup, progress=self._progress)
            except BackupFailed as error:
                if isinstance(error.cause, LinkError):
                    raise error.cause from error  # the link is gone: _run drops it and says so
                return error

        self._run(tr("Запись параметров"), body, lambda done: self._write_done(done, values))

    def _write_done(self, done: ParametersWrite | BackupFailed, values: dict[str, object]) -> None:
        if isinstance(done, BackupFailed):
            self._ask_without_backup(done, lambda: self.write_parameters(values, backup=False))
            return
        result = done.result
        lines = done.lines(language())
        if result.failed:
            self.page.finish("\n".join([tr("Записано {n}; не записаны: {failed}").format(
                n=len(result.applied), failed=_failures(result.failed)), *lines]), ok=False)
        else:
            for page in self.page.pages.values():  # «нажмите «Записать»» is done
                page.clear_hint()
            self.page.finish("\n".join([tr("Записано параметров: {n}").format(n=len(result.applied)), *lines]))

    def _ask_without_backup(self, error: BackupFailed, write_anyway: Callable[[], None]) -> None:
        text = error.message(language())
        self.page.finish(text, ok=False)
        if error.may_write_anyway:
            self.backup_question = ask_without_backup(self.page, text, write_anyway)

    # -- devices ------------------------------------------------------------------------------
    def read_devices(self, channel: int) -> None:
        async def body(service: UtmcService) -> tuple[int, list[DeviceRecord]]:
            return channel, await service.read_devices([channel], self._progress)

        self._run(tr("Чтение приборов"), body, self._devices_read)

    def _devices_read(self, result: tuple[int, list[DeviceRecord]]) -> None:
        channel, records = result
        self.page.devices.model.replace_channel(channel, records)
        self.page.devices.clear_hint()  # the table now holds what the UTMC holds
        self.page.finish(tr("Канал {channel}: прочитано приборов из УТМЦ: {n}").format(channel=channel, n=len(records)))

    def write_devices(self, channel: int, records: list[DeviceRecord]) -> None:
        """«Записать приборы»: read what the channel holds, show the difference, write after «Записать в УТМЦ».

        The table's list replaces the channel; an empty list empties it, which the difference shows as
        removals to be confirmed (the GUI's way of asking to clear a channel explicitly)."""
        try:
            plan = plan_device_write(records, [channel], clear=[] if records else [channel])
        except ValidationError as error:
            self.page.finish(error.message(language()), ok=False)
            return

        async def body(service: UtmcService) -> list[DeviceRecord] | BackupFailed:
            try:
                return await read_channels(service, plan.channels, self._progress)
            except BackupFailed as error:
                if isinstance(error.cause, LinkError):
                    raise error.cause from error  # the link is gone: _run drops it and says so
                return error

        self._run(tr("Чтение приборов канала для сравнения"), body, lambda before: self._compare(plan, before))

    def _compare(self, plan: DeviceWritePlan, before: list[DeviceRecord] | BackupFailed) -> None:
        if isinstance(before, BackupFailed):
            self._ask_without_backup(before, lambda: self._write_plan(plan, None))
            return
        diff = diff_tables(before, plan)
        channels = ", ".join(map(str, plan.channels))
        if not diff.changes_anything:
            self.page.finish(tr("Канал {channel}: в УТМЦ уже этот список приборов — записывать нечего").format(
                channel=channels))
            return
        self.page.finish(tr("Канал {channel}: проверьте изменения и подтвердите запись").format(channel=channels))
        dialog = self.diff_dialog = DeviceDiffDialog(diff, plan, before, parent=self.page)
        dialog.accepted.connect(lambda: self._write_plan(plan, before))
        dialog.rejected.connect(lambda: self.page.finish(tr("Запись приборов отменена: УТМЦ не изменено"), ok=False))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _write_plan(self, plan: DeviceWritePlan, before: list[DeviceRecord] | None) -> None:
        self.diff_dialog = None

        async def body(service: UtmcService) -> DeviceTableWrite:
            return await write_device_table(service, plan, backup=before is not None, before=before,
                                            progress=self._progress)

        self._run(tr("Запись приборов"), body, self._devices_written)

    def _devices_written(self, done: DeviceTableWrite) -> None:
        self.page.devices.show_message("")  # the hint to press «Записать приборы» is done with
        self.page.finish("\n".join(pick(line) for line in done.lines()))

    def poll_all(self) -> None:
        async def body(service: UtmcService) -> tuple[PollSummary, list[DeviceRecord]]:
            summary = await service.poll_all()
            return summary, await service.read_devices(range(1, CHANNELS + 1), self._progress)

        self._run(tr("Опрос всех устройств"), body, self._polled_all)

    def _polled_all(self, result: tuple[PollSummary, list[DeviceRecord]]) -> None:
        summary, records = result
        self.page.devices.model.set_records(records)
        self.page.finish(tr("Опрошено приборов: {polled}, ответили: {answered}").format(
            polled=summary.polled, answered=summary.answered), ok=summary.answered == summary.polled)

    def poll_one(self, number: int) -> None:
        async def body(service: UtmcService) -> tuple[int, bool]:
            return number, await service.poll_one(number)

        self._run(tr("Опрос устройства"), body, self._polled_one)

    def _polled_one(self, result: tuple[int, bool]) -> None:
        number, ok = result
        self.page.devices.model.set_poll_results({number: ok})
        self.page.devices.select_number(number)
        self.page.finish(tr("Прибор {number}: опросить удалось (1)").format(number=number) if ok
                         else tr("Прибор {number}: не опрошен (0)").format(number=number), ok=ok)

    def import_devices(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.page, tr("Прочитать список приборов из файла"), "",
                                              tr("Списки приборов (*.txt *.csv *.xlsx);;Все файлы (*)"))
        if name:
            self.import_devices_from(Path(name))

    def import_devices_from(self, path: Path) -> bool:
        try:
            records = load_device_file(path)
        except ConfiguratorError as error:
            self.page.devices.show_message(error.message(language()), error=True)
            self.page.finish(tr("Список приборов не загружен, таблица не изменена"), ok=False)
            return False
        self.page.devices.merge(records)
        text = tr("Из файла {name} добавлено приборов: {n}; нажмите «Записать приборы»").format(
            name=path.name, n=len(records))
        self.page.devices.show_message(text, hint=True)
        self.page.finish(text)
        return True

    def export_devices(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.page, tr("Сохранить список приборов"), "devices.txt",
                                              tr("Текст через «;» (*.txt);;Книга Excel (*.xlsx)"))
        if name:
            self.export_devices_to(Path(name))

    def export_devices_to(self, path: Path) -> bool:
        try:
            save_device_file(path, self.page.devices.model.records)
        except ConfiguratorError as error:
            self.page.finish(error.message(language()), ok=False)
            return False
        self.page.finish(tr("Список приборов сохранён: {path}").format(path=path))
        return True

    # -- settings file ------------------------------------------------------------------------
    def save_settings_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.page, tr("Сохранить настройки УТМЦ"), "utmc-settings.json",
                                              tr("Настройки УТМЦ (*.json)"))
        if name:
            self.save_settings_to(Path(name))

    def save_settings_to(self, path: Path) -> bool:
        values = self.page.form_values()
        try:
            save_settings(path, values, include_secrets=self.page.connection.with_passwords.isChecked())
        except ConfiguratorError as error:
            self.page.finish(error.message(language()), ok=False)
            return False
        self.page.context.settings.add_recent_file(path)
        self.page.finish(tr("Настройки ({n}) сохранены в {path}").format(n=len(values), path=path))
        return True

    def load_settings_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.page, tr("Прочитать настройки УТМЦ"), "",
                                              tr("Настройки УТМЦ (*.json);;Все файлы (*)"))
        if name:
            self.load_settings_from(Path(name))

    def load_settings_from(self, path: Path) -> bool:
        try:
            values = load_settings(path)
        except ConfiguratorError as error:
            self.page.finish(error.message(language()), ok=False)
            return False
        self.page.apply_values(values)
        self.page.finish(tr("Настройки из файла ({n}) загружены в форму. Чтобы записать их в УТМЦ, отметьте "
                            "строки и нажмите «Записать».").format(n=len(values)))
        return True

    # -- files --------------------------------------------------------------------------------
    def choose_firmware(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.page, tr("Файл прошивки"), "", tr("Прошивка (*.hex)"))
        if name:
            self.upload_firmware(Path(name))

    def upload_firmware(self, path: Path) -> None:
        """The file checked first (parsed by a thread: the window stays live), then sent if it is good."""
        self.page.files.forget_firmware()
        self.uploaded = None
        name = tr("Проверка файла прошивки")
        self.page.start_progress(name)
        self.runner.start(name, lambda: asyncio.to_thread(read_firmware, path),
                          lambda outcome: self._firmware_checked(path, outcome))

    def _firmware_checked(self, path: Path, outcome: FirmwareImage | ConfiguratorError | OSError) -> None:
        if self.page.files.show_check(path, outcome) is None:
            self.page.finish(tr("Файл прошивки отклонён, ничего не отправлено"), ok=False)
            return
        self._run(tr("Загрузка файла прошивки"),
                  lambda service: service.upload_firmware(path, self._progress), self._uploaded)

    def _uploaded(self, result: UploadResult) -> None:
        self.uploaded = result
        self.page.files.set_update_ready(True)
        self.page.files.show_firmware(tr("{name} загружен на SD-карту ({size} байт, CRC32 {crc:08X}); "
                                         "нажмите «Обновить»").format(name=result.remote_path, size=result.size,
                                                                     crc=result.crc32)
                                      + "\n" + pick(firmware_file_text(result.image)))
        self.page.finish(tr("Файл прошивки загружен"))

    def update_firmware(self) -> None:
        uploaded = self.uploaded
        if uploaded is None:
            self.page.finish(tr("Сначала загрузите файл прошивки"), ok=False)
            return

        async def body(service: UtmcService) -> str:
            firmware_id = await service.update_firmware(uploaded)
            self.updating = (self.identity.serial if self.identity else None), uploaded.image
            await self._drop_link()  # the UTMC restarts: reconnect afterwards
            return firmware_id

        self._run(tr("Обновление ПО"), body, self._updated)

    def _updated(self, firmware_id: str) -> None:
        self.uploaded = None
        self.page.files.set_update_ready(False)
        self.page.files.show_firmware(tr("ПО обновляется, новый ID ПО {id}. Через 1–2 минуты нажмите «Установить "
                                         "связь».").format(id=firmware_id) + "\n" + pick(AFTER_RESTART))
        self.page.finish(tr("Обновление запущено, ID ПО {id}; УТМЦ перезапускается").format(id=firmware_id))

    def download(self, remote: str) -> None:
        if not remote:
            self.page.finish(tr("Задайте путь к файлу журнала, например 2025/01/09/12.dat"), ok=False)
            return
        suggested = remote.replace("/", "-")
        name, _ = QFileDialog.getSaveFileName(self.page, tr("Куда выгрузить файл"), suggested, tr("Все файлы (*)"))
        if name:
            self.download_to(remote, Path(name))

    def download_to(self, remote: str, destination: Path) -> None:
        self._run(tr("Выгрузка файла"),
                  lambda service: service.download_file(remote, destination, self._progress), self._downloaded)

    def _downloaded(self, result: DownloadResult) -> None:
        text = tr("Файл {path} ({size} байт) сохранён: {destination}").format(
            path=result.path, size=result.size, destination=result.destination)
        self.page.files.download_info.setText(text)
        self.page.finish(text)

    def transfer_to_server(self) -> None:
        self._run(tr("Передача на сервер"), lambda service: service.transfer_to_server(),
                  lambda _r: self.page.finish(tr("Внеочередная передача журнала на сервер запущена")))

    # -- window integration -------------------------------------------------------------------
    async def close(self) -> None:
        """The window is going away: close the link without touching the widgets any more."""
        link, self.link, self.service, self.channel = self.link, None, None, None
        if link is not None:
            link.listeners.clear()
            try:
                await link.close()
            except ConfiguratorError:
                pass


async def _noop() -> None:
    return None


def _failures(failed: dict[str, Text]) -> str:
    return "; ".join(f"{pick(parameter(key).label)} — {pick(reason)}" for key, reason in failed.items())
