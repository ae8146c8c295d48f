"""«Файлы»: firmware upload and update, journal download, «Передача на сервер» (UTMC-700 guide items 24–25).

A firmware file is parsed and checked completely (protocols.files.intel_hex) when it is chosen, so a
corrupt file is refused with the line and the reason before anything is sent. Journal files are
named by the hour they start: ``YYYY/MM/DD/hh.dat``; the date and hour pickers fill the path.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.os_errors import os_error_reason
from app.core.utmc_sd_card import firmware_file_text
from app.ui.fit import explain_disabled
from app.ui.i18n import language, pick, tr
from protocols.errors import ConfiguratorError
from protocols.files.intel_hex import FirmwareImage, load_firmware


def journal_path(year: int, month: int, day: int, hour: int) -> str:
    return f"{year:04d}/{month:02d}/{day:02d}/{hour:02d}.dat"


def read_firmware(path: Path) -> FirmwareImage | ConfiguratorError | OSError:
    """The .hex file parsed and checked, or why it cannot be (no widgets touched: a thread may run it —
    a 128 KiB image takes longer to parse than the window may wait)."""
    try:
        return load_firmware(path.read_bytes(), path.name)
    except (ConfiguratorError, OSError) as error:
        return error


class FilesPage(QWidget):
    upload_requested = Signal(object)  # Path of a checked .hex file
    update_requested = Signal()
    download_requested = Signal(str)  # path on the SD card
    transfer_requested = Signal()
    choose_firmware_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("utmc_page_files")
        self.firmware: FirmwareImage | None = None
        self.firmware_path: Path | None = None
        firmware_box = QGroupBox(tr("Обновление ПО"))
        self.load_button = QPushButton(tr("Загрузить файл"))
        self.load_button.setObjectName("utmc_load_firmware")
        self.load_button.setToolTip(tr("Выбрать файл прошивки «.hex», проверить его и загрузить на SD-карту УТМЦ"))
        self.update_button = QPushButton(tr("Обновить", "firmware update"))
        self.update_button.setObjectName("utmc_update_firmware")
        self.set_update_ready(False)
        self.firmware_info = QLabel(tr("Файл не выбран"))
        self.firmware_info.setObjectName("utmc_firmware_info")
        self.firmware_info.setWordWrap(True)
        firmware_note = QLabel(tr("Обновление занимает примерно 1–2 минуты; после него подключитесь к УТМЦ заново."))
        firmware_note.setWordWrap(True)
        firmware_note.setStyleSheet("color: #555555;")
        row = QHBoxLayout()
        row.addWidget(self.load_button)
        row.addWidget(self.update_button)
        row.addStretch(1)
        box = QVBoxLayout(firmware_box)
        box.addLayout(row)
        box.addWidget(self.firmware_info)
        box.addWidget(firmware_note)

        journal_box = QGroupBox(tr("Файлы журнала"))
        self.path = QLineEdit(journal_path(2025, 1, 9, 12))
        self.path.setObjectName("utmc_journal_path")
        self.path.setPlaceholderText(tr("ГГГГ/ММ/ДД/чч.dat, например 2025/01/09/12.dat"))
        self.date = QDateEdit(QDate(2025, 1, 9))
        self.date.setObjectName("utmc_journal_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.hour = QSpinBox()
        self.hour.setObjectName("utmc_journal_hour")
        self.hour.setRange(0, 23)
        self.hour.setValue(12)
        self.hour.setSuffix(tr(" ч"))
        self.download_button = QPushButton(tr("Выгрузить файл"))
        self.download_button.setObjectName("utmc_download_file")
        picker = QHBoxLayout()
        picker.addWidget(self.date)
        picker.addWidget(self.hour)
        picker.addStretch(1)
        form = QFormLayout(journal_box)
        form.addRow(tr("Дата и час"), picker)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.download_button)
        form.addRow(tr("Путь к файлу"), path_row)
        self.download_info = QLabel()
        self.download_info.setObjectName("utmc_download_info")
        self.download_info.setWordWrap(True)
        form.addRow(self.download_info)

        server_box = QGroupBox(tr("Сервер"))
        self.transfer_button = QPushButton(tr("Передача на сервер"))
        self.transfer_button.setObjectName("utmc_transfer_now")
        self.transfer_button.setToolTip(tr("Внеочередная передача журнала УТМЦ на сервер"))
        server_row = QHBoxLayout(server_box)
        server_row.addWidget(self.transfer_button)
        server_row.addStretch(1)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(firmware_box)
        layout.addWidget(journal_box)
        layout.addWidget(server_box)
        layout.addStretch(1)
        scroll = QScrollArea()  # long file messages scroll here instead of heightening the window
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)  # the tab's own background, as on the other tabs
        content.setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.load_button.clicked.connect(self.choose_firmware_requested.emit)
        self.update_button.clicked.connect(self.update_requested.emit)
        self.download_button.clicked.connect(lambda: self.download_requested.emit(self.path.text().strip()))
        self.transfer_button.clicked.connect(self.transfer_requested.emit)
        self.date.dateChanged.connect(self._picker_changed)
        self.hour.valueChanged.connect(self._picker_changed)

    def _picker_changed(self, *_args: object) -> None:
        date = self.date.date()
        self.path.setText(journal_path(date.year(), date.month(), date.day(), self.hour.value()))

    def set_update_ready(self, ready: bool) -> None:
        """«Обновить» works on a file already loaded onto the SD card; greyed, its tooltip says so."""
        explain_disabled(self.update_button, ready, tr("Сначала загрузите файл прошивки на УТМЦ кнопкой «Загрузить "
                                                       "файл»"), tip=tr("Применить загруженный файл: УТМЦ обновит ПО "
                                                                        "и перезапустится"))

    def upload_stopped(self, text: str, *, error: bool = True) -> None:
        """The upload did not finish: no «файл проверен» left standing as if the file were on the UTMC."""
        self.set_update_ready(False)
        self.show_firmware(text, error=error)

    def forget_firmware(self) -> None:
        """Another file is being checked: nothing is ready to update from meanwhile."""
        self.firmware = None
        self.firmware_path = None
        self.set_update_ready(False)

    def check_firmware(self, path: Path) -> FirmwareImage | None:
        """Parse and check a .hex file; a bad one is reported here and never sent."""
        self.forget_firmware()
        return self.show_check(path, read_firmware(path))

    def show_check(self, path: Path, outcome: FirmwareImage | ConfiguratorError | OSError) -> FirmwareImage | None:
        """What :func:`read_firmware` found, shown: the file checked, or why it is refused."""
        self.forget_firmware()
        if isinstance(outcome, ConfiguratorError):
            error = outcome
            reason = error.message(language())
            self.show_firmware(tr("Файл отклонён, ничего не отправлено: {reason}").format(reason=reason), error=True)
            return None
        if isinstance(outcome, OSError):
            self.show_firmware(tr("Файл не прочитан: {reason}").format(reason=pick(os_error_reason(outcome))),
                               error=True)
            return None
        image = outcome
        self.firmware, self.firmware_path = image, path
        self.show_firmware(tr("{name}: {size} байт, адрес {start:#010x}, CRC32 {crc} — файл проверен").format(
            name=image.name, size=len(image.binary), start=image.start, crc=image.firmware_id)
            + "\n" + pick(firmware_file_text(image)))
        return image

    def show_firmware(self, text: str, *, error: bool = False) -> None:
        self.firmware_info.setStyleSheet("color: #b00020;" if error else "")
        self.firmware_info.setText(text)

