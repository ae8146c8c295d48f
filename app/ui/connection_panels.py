"""«НАСТРОЙКИ СОЕДИНЕНИЯ»: one small form per delivery method (GSM manual §6.4, 000 §7.4).

Each form turns what the user typed into an app/core channel or modem setting; checks of those
settings are app/core's (``channels.check_channel``). Passwords stay in memory only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.channel_waits import ChannelWaits
from app.core.links.defaults import DEFAULT_DIRECT_BAUD, DEFAULT_REPLY_TIMEOUT, DEFAULT_TCP_PORT
from app.core.links.ports import list_serial_ports
from app.core.modem_wait_times import DEFAULT_WAITS
from app.ui.app_settings import stored_int
from app.ui.cenc_dialog import CencDialog, CencSettings
from app.ui.i18n import tr
from app.ui.modem_check_widgets import ModemChecksView

if TYPE_CHECKING:  # made by the first operation (app.core.links.channels is imported then, not with the window)
    from app.core.links.channels import CencChannel, DirectChannel, TcpChannel

BAUD_RATES = (9600, 19200, 38400, 57600, 115200)
NOTE_STYLE = "color: #555555;"


def _row(form: QFormLayout, text: str, field: QWidget) -> None:
    """A form row whose label wraps in a narrow column instead of widening the window."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setBuddy(field)
    form.addRow(label, field)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def port_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(True)
    refresh_ports(combo)
    return combo


def refresh_ports(combo: QComboBox) -> None:
    """The ports as Windows names them ("USB-SERIAL CH340 (COM7)"); each item holds its device."""
    current = port_device(combo)
    combo.clear()
    for info in list_serial_ports():
        combo.addItem(info.label, info.device)
    show_port(combo, current)


def port_device(combo: QComboBox) -> str:
    """The chosen port's device (COM7, /dev/ttyUSB0, socket://…): a listed port's, or what was typed."""
    text = combo.currentText().strip()
    index = combo.findText(text)
    data = combo.itemData(index) if index >= 0 else None
    return str(data) if data else text


def show_port(combo: QComboBox, device: str) -> None:
    """Show ``device`` by its listed name if the list has it, else as typed."""
    index = combo.findData(device)
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setEditText(device)


def baud_combo(name: str, default: int) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(True)
    for rate in BAUD_RATES:
        combo.addItem(str(rate))
    combo.setEditText(str(default))
    return combo


def _int(text: str, fallback: int) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return fallback


class ModemSettings(QWidget):
    """The PC's GSM modem: used by SMS delivery, Master SIM and the SMS storage tab.

    Also the service-centre number to set when the SIM holds none, how long to wait for a busy SIM
    and the network, the SIM PIN (this session only, unless the user asked to remember it) and the
    last checks of the modem."""

    detect_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.detect_button = QPushButton(tr("Определить модем"))
        self.detect_button.setObjectName("detect_modem")
        self.detect_button.clicked.connect(self.detect_requested)
        self.port = port_combo("modem_port")
        self.baud = baud_combo("modem_baud", 115200)
        self.timeout = QSpinBox()
        self.timeout.setObjectName("modem_timeout")
        self.timeout.setRange(1, 120)
        self.timeout.setValue(2)
        self.timeout.setSuffix(tr(" с"))
        self.smsc = QLineEdit()
        self.smsc.setObjectName("modem_smsc")
        self.smsc.setPlaceholderText(tr("если нет на SIM"))
        self.smsc.setToolTip(tr("Номер SMS-центра оператора, например +79168999100. Задаётся модему на время "
                                "работы, только если на SIM-карте номера нет; на SIM-карту не записывается."))
        self.wait = QSpinBox()
        self.wait.setObjectName("modem_wait")
        self.wait.setRange(0, 600)
        self.wait.setValue(int(DEFAULT_WAITS.limit))
        self.wait.setSuffix(tr(" с"))
        self.wait.setToolTip(tr("Сколько ждать, пока SIM-карта занята после включения модема и пока модем "
                                "регистрируется в сети"))
        self.found = QLabel()
        self.found.setObjectName("modem_found")
        self.found.setWordWrap(True)
        self.found.hide()  # no empty row until the modem search has something to say
        self.checks = ModemChecksView()
        self.pin = ""  # the SIM PIN entered in this session
        self.remember_pin = False  # the user asked to keep it in the settings file
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.detect_button)
        _row(form, tr("COM-порт модема"), self.port)
        _row(form, tr("Скорость, бит/с"), self.baud)
        _row(form, tr("Тайм-аут ответа"), self.timeout)
        _row(form, tr("SMS-центр"), self.smsc)
        _row(form, tr("Ожидание SIM и сети"), self.wait)
        form.addRow(self.found)
        form.addRow(self.checks)
        self.detect_button.setToolTip(tr("Если модем не найден, выберите его COM-порт вручную (см. диспетчер "
                                         "устройств); тайм-аут — не менее 1 с."))

    def show_found(self, text: str, *, error: bool = False) -> None:
        """What «Определить модем» found (or why it did not)."""
        self.found.setStyleSheet("color: #b00020;" if error else "")
        self.found.setText(text)
        self.found.setVisible(bool(text))

    def port_name(self) -> str:
        return port_device(self.port)

    def baud_rate(self) -> int:
        return _int(self.baud.currentText(), 115200)

    def keep_pin(self, pin: str, remember: bool) -> None:
        self.pin, self.remember_pin = pin, remember

    def forget_pin(self) -> None:
        """The SIM refused the PIN: it is never offered again, nor kept in the settings file."""
        self.pin, self.remember_pin = "", False

    def state(self) -> dict[str, object]:
        state: dict[str, object] = {"port": self.port_name(), "baud": self.baud_rate(),
                                    "timeout": self.timeout.value(), "smsc": self.smsc.text().strip(),
                                    "wait": self.wait.value()}
        if self.remember_pin and self.pin:
            state["pin"] = self.pin  # only when the user ticked «Запомнить PIN-код»
        return state

    def restore(self, data: dict[str, object]) -> None:
        show_port(self.port, str(data.get("port", "")))
        self.baud.setEditText(str(data.get("baud", 115200)))
        self.timeout.setValue(stored_int(data, "timeout", 2))
        self.smsc.setText(str(data.get("smsc", "")))
        self.wait.setValue(stored_int(data, "wait", int(DEFAULT_WAITS.limit)))
        pin = data.get("pin")
        if isinstance(pin, str) and pin:
            self.keep_pin(pin, remember=True)


class DirectPanel(QWidget):
    def __init__(self, waits: ChannelWaits, nb_iot: bool = False) -> None:
        super().__init__()
        self.waits = waits  # the pauses the note names are those the operations keep
        self.meter_password = QLineEdit()
        self.meter_password.setObjectName("direct_meter_password")
        self.meter_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter_password.setPlaceholderText(tr("из формуляра счётчика, например 777777"))
        self.port = port_combo("direct_port")
        self.baud = baud_combo("direct_baud", DEFAULT_DIRECT_BAUD)
        self.module_port = QComboBox()
        self.module_port.setObjectName("direct_module_port")
        self.module_port.addItem(tr("не задан"), None)
        for number in range(1, 5):
            self.module_port.addItem(f"Com{number}", f"Com{number}")
        self.protocol = QComboBox()
        self.protocol.setObjectName("direct_protocol")
        self.protocol.addItem("IEC", "iec")
        self.protocol.addItem(tr("СПОДЭС"), "spodes")
        self.parity = QComboBox()  # IEC 7E1: who makes the parity bit (a converter may do it in hardware)
        self.parity.setObjectName("direct_parity")
        self.parity.addItem(tr("Авто"), "auto")
        self.parity.addItem(tr("Программный"), "software")
        self.parity.addItem(tr("Аппаратный"), "hardware")  # the port's UART, or a converter set to 7E1
        # the panel's width stays the other fields': "Программный" may be cut on the narrowest screens
        self.parity.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.parity.setMinimumContentsLength(6)
        self.parity.setToolTip(tr("Протокол ГОСТ IEC 61107-2011 работает в формате 7E1. «Программный»: бит чётности "
                                  "вычисляет программа. «Аппаратный»: его делает COM-порт или преобразователь "
                                  "TCP/RS-485 с настройкой 7E1. «Авто»: программный для socket:// и портов без 7E1."))
        self.wait_note = _note("")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        _row(form, tr("Пароль доступа к счётчику"), self.meter_password)
        _row(form, tr("COM-порт"), self.port)
        _row(form, tr("Скорость, бит/с"), self.baud)
        _row(form, tr("COM-порт модуля связи"), self.module_port)
        _row(form, tr("Протокол"), self.protocol)
        _row(form, tr("Контроль чётности 7-E-1"), self.parity)
        form.addRow(_note(tr("«COM-порт модуля связи» и «Протокол» заполняются для счётчиков CE207, CE307, "
                             "CE208 СПОДЭС, CE308 СПОДЭС.")))
        form.addRow(_note(tr("Начальная скорость оптопорта счётчика должна быть 9600 бит/с.")))
        form.addRow(self.wait_note)
        self.set_nb_iot(nb_iot)

    def set_nb_iot(self, nb_iot: bool) -> None:
        times = self.waits.times  # 60 s / 30 s (000 §7.4.1 / 001 §6.4.2); shorter in the demo
        seconds = times.direct_nb_iot if nb_iot else times.direct_gsm
        self.wait_note.setText(tr("Конфигурирование начинается не раньше чем через {seconds} с после последнего "
                                  "сеанса связи со счётчиком: программа выдерживает эту паузу сама.")
                               .format(seconds=f"{seconds:g}"))

    def channel(self) -> DirectChannel:
        from app.core.links.channels import DirectChannel

        return DirectChannel(port=port_device(self.port), meter_password=self.meter_password.text(),
                             baud=_int(self.baud.currentText(), DEFAULT_DIRECT_BAUD),
                             protocol=self.protocol.currentData(), module_port=self.module_port.currentData(),
                             parity=self.parity.currentData())

    def state(self) -> dict[str, object]:
        return {"port": port_device(self.port), "baud": self.baud.currentText(),
                "module_port": self.module_port.currentIndex(), "protocol": self.protocol.currentIndex(),
                "parity": self.parity.currentIndex()}

    def restore(self, data: dict[str, object]) -> None:
        show_port(self.port, str(data.get("port", "")))
        self.baud.setEditText(str(data.get("baud", DEFAULT_DIRECT_BAUD)))
        self.module_port.setCurrentIndex(stored_int(data, "module_port", 0))
        self.protocol.setCurrentIndex(stored_int(data, "protocol", 0))
        self.parity.setCurrentIndex(stored_int(data, "parity", 0))


class TcpPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.host = QLineEdit()
        self.host.setObjectName("tcp_host")
        self.host.setPlaceholderText(tr("IP-адрес статической SIM-карты модуля"))
        self.port = QSpinBox()
        self.port.setObjectName("tcp_port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_TCP_PORT)
        self.timeout = QSpinBox()
        self.timeout.setObjectName("tcp_timeout")
        self.timeout.setRange(1, 600)
        self.timeout.setValue(int(DEFAULT_REPLY_TIMEOUT))
        self.timeout.setSuffix(tr(" с"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        _row(form, tr("Адрес"), self.host)
        _row(form, tr("Порт"), self.port)
        _row(form, tr("Время ожидания ответа"), self.timeout)
        form.addRow(_note(tr("Метод используется, когда модуль работает в режиме «Сервер».")))

    def channel(self) -> TcpChannel:
        from app.core.links.channels import TcpChannel

        return TcpChannel(self.host.text().strip(), self.port.value(), float(self.timeout.value()))

    def state(self) -> dict[str, object]:
        return {"host": self.host.text().strip(), "port": self.port.value(), "timeout": self.timeout.value()}

    def restore(self, data: dict[str, object]) -> None:
        self.host.setText(str(data.get("host", "")))
        self.port.setValue(stored_int(data, "port", DEFAULT_TCP_PORT))
        self.timeout.setValue(stored_int(data, "timeout", int(DEFAULT_REPLY_TIMEOUT)))


class CencPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.settings = CencSettings()
        self.button = QPushButton(tr("Настройки обмена с CENC"))
        self.button.setObjectName("cenc_settings")
        self.button.clicked.connect(self.edit)
        self.summary = QLabel()
        self.summary.setObjectName("cenc_summary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.summary)
        layout.addWidget(_note(tr("Метод используется, когда модуль работает в режиме «Клиент CENC». "
                                  "При регистрации не на сервере CENC работа канала не гарантируется.")))
        layout.addStretch(1)
        self.update_summary()

    def edit(self) -> None:
        if CencDialog(self.settings, self).exec():
            self.update_summary()

    def update_summary(self) -> None:
        self.summary.setText(self.settings.summary())

    def channel(self) -> CencChannel:
        return self.settings.channel()

    def state(self) -> dict[str, object]:
        return self.settings.state()

    def restore(self, data: dict[str, object]) -> None:
        self.settings.restore(data)
        self.update_summary()


class MasterSimPanel(QWidget):
    save_requested = Signal()
    read_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.save_button = QPushButton(tr("Сохранить на SIM"))
        self.save_button.setObjectName("master_sim_save")
        self.save_button.clicked.connect(self.save_requested)
        self.read_button = QPushButton(tr("Прочитать из SIM"))
        self.read_button.setObjectName("master_sim_read")
        self.read_button.clicked.connect(self.read_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_note(tr("Установите SIM-карту в GSM-модем компьютера. Сохранённые настройки модуль "
                                  "применит при включении счётчика с этой SIM-картой; одной «Мастер SIM» можно "
                                  "настроить любое число счётчиков. Последующая настройка по SMS удаляет "
                                  "сохранённые настройки.")))
        layout.addWidget(self.save_button)
        layout.addWidget(self.read_button)
        layout.addStretch(1)


class SmsTextPanel(QWidget):
    generate_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.button = QPushButton(tr("Сформировать SMS"))
        self.button.setObjectName("generate_sms")
        self.button.clicked.connect(self.generate_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_note(tr("Текст SMS для отправки вручную с мобильного телефона или через интерфейс "
                                  "GSM-модема на номер SIM-карты счётчика.")))
        layout.addWidget(self.button)
        layout.addStretch(1)
