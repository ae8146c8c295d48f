"""The connection strip of the UTMC workspace (UTMC-700 guide «Настройка УТМЦ», items 6–7, 9).

COM: «Обновить» lists the ports, «Подключить COM» opens the chosen one. Ethernet: an IP address
typed or picked from «Поиск». «Установить связь» asks the UTMC who it is and fills «Серийный
номер», «Версия ПО», «ID ПО». The settings password (0–65535) goes with every write; it is
masked and never remembered. «Файлы настроек»: «Записать» saves the form, «Прочитать» loads a
file into the form (writing to the UTMC stays explicit).
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.links.channels import SerialChannel, TcpChannel
from app.ui.connection_panels import port_device, show_port
from app.ui.fit import explain_disabled
from app.ui.i18n import tr
from protocols.utmc.utmc_params import parameter

# «Порт контроля по сети» and the settings password: range and default from the UTMC catalogue
_PORT = parameter("control_port")
PORT_RANGE = cast(int, _PORT.min), cast(int, _PORT.max)
DEFAULT_CONTROL_PORT = cast(int, _PORT.default)
MAX_PASSWORD = cast(int, parameter("settings_password").max)
USB_BAUD = 115200  # the UTMC's USB port is a virtual COM port; the rate only paces a real UART


class ConnectionPanel(QWidget):
    refresh_requested = Signal()
    connect_requested = Signal()  # open (or close) the chosen link
    search_requested = Signal()
    identify_requested = Signal()
    save_settings_requested = Signal()
    load_settings_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("utmc_connection")
        link_box = QGroupBox(tr("Интерфейс связи с концентратором"))
        self.com_radio = QRadioButton("COM")
        self.com_radio.setObjectName("utmc_use_com")
        self.eth_radio = QRadioButton("Ethernet")
        self.eth_radio.setObjectName("utmc_use_ethernet")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.com_radio, 0)
        self.kind_group.addButton(self.eth_radio, 1)
        self.com_radio.setChecked(True)
        # COM page
        self.port = QComboBox()
        self.port.setObjectName("utmc_port")
        self.port.setEditable(True)
        self.port.setMinimumWidth(130)
        self.refresh_button = QPushButton(tr("Обновить"))
        self.refresh_button.setObjectName("utmc_refresh_ports")
        com_page = QWidget()
        com_row = QHBoxLayout(com_page)
        com_row.setContentsMargins(0, 0, 0, 0)
        com_row.addWidget(self.port, 1)
        com_row.addWidget(self.refresh_button)
        # Ethernet page
        self.host = QComboBox()
        self.host.setObjectName("utmc_host")
        self.host.setEditable(True)
        self.host.setMinimumWidth(120)
        host_edit = self.host.lineEdit()
        assert host_edit is not None  # an editable combo box always has its line edit
        host_edit.setPlaceholderText(tr("IP-адрес УТМЦ"))
        self.tcp_port = QSpinBox()
        self.tcp_port.setObjectName("utmc_tcp_port")
        self.tcp_port.setRange(*PORT_RANGE)
        self.tcp_port.setValue(DEFAULT_CONTROL_PORT)
        self.tcp_port.setToolTip(tr("«Порт контроля по сети» УТМЦ"))
        self.search_button = QPushButton(tr("Поиск"))
        self.search_button.setObjectName("utmc_search")
        eth_page = QWidget()
        eth_row = QHBoxLayout(eth_page)
        eth_row.setContentsMargins(0, 0, 0, 0)
        eth_row.addWidget(self.host, 1)
        eth_row.addWidget(self.tcp_port)
        eth_row.addWidget(self.search_button)
        self.pages = QStackedWidget()
        self.pages.addWidget(com_page)
        self.pages.addWidget(eth_page)
        self.connect_button = QPushButton(tr("Подключить COM"))
        self.connect_button.setObjectName("utmc_connect")
        self.connect_button.setCheckable(True)
        self.identify_button = QPushButton(tr("Установить связь"))
        self.identify_button.setObjectName("utmc_identify")
        # two rows (kind and actions, then the port or address): the strip stays low on a laptop screen
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.com_radio)
        kind_row.addWidget(self.eth_radio)
        kind_row.addStretch(1)
        kind_row.addWidget(self.connect_button)
        kind_row.addWidget(self.identify_button)
        link_layout = QVBoxLayout(link_box)
        link_layout.addLayout(kind_row)
        link_layout.addWidget(self.pages)

        identity_box = QGroupBox(tr("УТМЦ"))
        self.serial = self._read_only("utmc_serial")
        self.firmware_version = self._read_only("utmc_firmware_version")
        self.firmware_id = self._read_only("utmc_firmware_id")
        self.password = QLineEdit("0")
        self.password.setObjectName("utmc_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(72)
        self.password.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}"), self))
        self.password.setToolTip(tr("Пароль доступа к настройкам УТМЦ: число 0…65535, по умолчанию 0. "
                                    "Передаётся при каждой записи."))
        identity = QGridLayout(identity_box)  # two pairs a row
        for index, (text, field) in enumerate(((tr("Серийный номер"), self.serial), (tr("Версия ПО"),
                                               self.firmware_version), (tr("ID ПО"), self.firmware_id),
                                               (tr("Пароль настроек"), self.password))):
            label = QLabel(text)
            label.setBuddy(field)
            identity.addWidget(label, index // 2, 2 * (index % 2))
            identity.addWidget(field, index // 2, 2 * (index % 2) + 1)
            identity.setColumnStretch(2 * (index % 2) + 1, 1)

        files_box = QGroupBox(tr("Файлы настроек"))
        self.save_button = QPushButton(tr("Записать"))
        self.save_button.setObjectName("utmc_save_settings")
        self.save_button.setToolTip(tr("Сохранить в файл все настройки из формы"))
        self.load_button = QPushButton(tr("Прочитать"))
        self.load_button.setObjectName("utmc_load_settings")
        self.load_button.setToolTip(
            tr("Загрузить настройки из файла в форму; в УТМЦ они запишутся только по «Записать»"))
        self.with_passwords = QCheckBox(tr("с паролями"))
        self.with_passwords.setObjectName("utmc_settings_with_passwords")
        files = QGridLayout(files_box)
        files.addWidget(self.save_button, 0, 0)
        files.addWidget(self.load_button, 0, 1)
        files.addWidget(self.with_passwords, 1, 0, 1, 2)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(link_box, 3)
        layout.addWidget(identity_box, 2)
        layout.addWidget(files_box, 1)
        self.kind_group.idToggled.connect(self._kind_changed)
        self.refresh_button.clicked.connect(self.refresh_requested.emit)
        self.connect_button.clicked.connect(lambda _checked=False: self.connect_requested.emit())
        self.search_button.clicked.connect(self.search_requested.emit)
        self.host.currentIndexChanged.connect(self._host_chosen)
        self.identify_button.clicked.connect(self.identify_requested.emit)
        self.save_button.clicked.connect(self.save_settings_requested.emit)
        self.load_button.clicked.connect(self.load_settings_requested.emit)
        self.set_connected(False)

    @staticmethod
    def _read_only(name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setReadOnly(True)
        edit.setMinimumWidth(72)
        return edit

    def use_ethernet(self) -> bool:
        return self.eth_radio.isChecked()

    def _kind_changed(self, *_args: object) -> None:
        self.pages.setCurrentIndex(1 if self.use_ethernet() else 0)
        self.set_connected(self.connect_button.isChecked())

    def set_connected(self, connected: bool) -> None:
        self.connect_button.setChecked(connected)
        if connected:
            self.connect_button.setText(tr("Отключить"))
        else:
            self.connect_button.setText(tr("Подключить") if self.use_ethernet() else tr("Подключить COM"))
        for widget in (self.com_radio, self.eth_radio, self.port, self.host, self.tcp_port, self.refresh_button,
                       self.search_button):
            explain_disabled(widget, not connected, tr("Соединение открыто: чтобы выбрать другой порт или адрес, "
                                                       "сначала нажмите «Отключить»"))

    def channel(self) -> SerialChannel | TcpChannel | None:
        """The chosen way to the UTMC (app.core.links.open_link opens it), None when nothing is chosen."""
        if self.use_ethernet():
            host = self.host.currentText().strip()
            return TcpChannel(host, self.tcp_port.value()) if host else None
        device = port_device(self.port)
        return SerialChannel(device, USB_BAUD) if device else None

    def password_value(self) -> int | None:
        text = self.password.text().strip() or "0"
        value = int(text)
        return value if value <= MAX_PASSWORD else None

    def set_identity(self, serial: str, version: str, firmware_id: str) -> None:
        self.serial.setText(serial)
        self.firmware_version.setText(version)
        self.firmware_id.setText(firmware_id)

    def set_ports(self, ports: list[tuple[str, str]]) -> None:
        """(device, label) pairs; the label is what Windows shows: "USB-SERIAL CH340 (COM7)"."""
        current = self.port.currentData() or self.port.currentText()
        self.port.clear()
        for device, label in ports:
            self.port.addItem(label, device)
        index = self.port.findData(current)
        if index >= 0:
            self.port.setCurrentIndex(index)

    def set_found_hosts(self, hosts: list[tuple[str, int, str]]) -> None:
        """Addresses from «Поиск»: (host, control port, serial number)."""
        self.host.clear()
        for host, port, serial in hosts:
            self.host.addItem(f"{host}", (host, port))
            self.host.setItemData(self.host.count() - 1, tr("Серийный номер {serial}, порт {port}").format(
                serial=serial, port=port), 3)  # Qt.ToolTipRole
        if hosts:
            self.host.setCurrentIndex(0)
            self.tcp_port.setValue(hosts[0][1])

    def _host_chosen(self, index: int) -> None:
        data = self.host.itemData(index)
        if isinstance(data, tuple):
            self.tcp_port.setValue(int(data[1]))

    def state(self) -> dict[str, object]:
        return {"ethernet": self.use_ethernet(), "port": port_device(self.port),
                "host": self.host.currentText(), "tcp_port": self.tcp_port.value()}

    def restore(self, data: dict[str, object]) -> None:
        (self.eth_radio if data.get("ethernet") else self.com_radio).setChecked(True)
        if isinstance(data.get("port"), str) and data["port"]:
            show_port(self.port, str(data["port"]))
        if isinstance(data.get("host"), str):
            self.host.setEditText(str(data["host"]))
        tcp_port = data.get("tcp_port")
        if isinstance(tcp_port, int):
            self.tcp_port.setValue(tcp_port)
