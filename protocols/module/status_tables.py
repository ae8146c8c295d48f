"""Status decode tables of the communication modules, worded as in the vendor manuals.

Sources: GSM manual (GSM 2G+4G / 2G+3G+4G, GS04/GB04) §7 tables 4–6 and Appendix A; NB-IoT manual
(NB-IoT, NB01) §8 tables 4–5 and Appendix A. Codes are the single hex digits the meter's LCD
shows (0–F); the binary status replies carry the same codes as integers.

Where the two manuals differ the tables are kept apart (GSM vs NB-IoT). The NB-IoT manual has no
band table (its LCD has no band field), so bands exist for GSM modules only.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from protocols.params.module_types import ModuleType
from protocols.text import Text


@dataclass(frozen=True)
class CodeEntry:
    """One row of a decode table: the code and its meaning."""

    code: int
    text: Text

    @property
    def digit(self) -> str:
        """The code as the LCD shows it (one hex digit)."""
        return f"{self.code:X}"


class CodeTable:
    """A decode table (code → meaning) with the name of the value it decodes."""

    def __init__(self, name: Text, source: str, rows: dict[int, Text]) -> None:
        self.name = name
        self.source = source
        self._entries = {code: CodeEntry(code, text) for code, text in rows.items()}

    def get(self, code: int) -> CodeEntry | None:
        return self._entries.get(code)

    def meaning(self, code: int) -> Text:
        """The meaning of ``code``; a code the manual does not list is reported as unknown."""
        entry = self._entries.get(code)
        return entry.text if entry else unknown_code(code)

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def __iter__(self) -> Iterator[CodeEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def codes(self) -> tuple[int, ...]:
        return tuple(self._entries)


def unknown_code(code: int) -> Text:
    return Text(f"неизвестное значение {code:X}", f"unknown value {code:X}")


# --- Signal level (000 and 001, Table 4: identical) -------------------------------------------


@dataclass(frozen=True)
class SignalLevel:
    """A signal level code with its dBm range; ``high_dbm`` is None for the open range of 9."""

    level: int
    low_dbm: int
    high_dbm: int | None

    @property
    def text(self) -> Text:
        if self.high_dbm is None:
            return Text(f"> {self.low_dbm} дБм", f"> {self.low_dbm} dBm")
        return Text(f"{self.low_dbm}...{self.high_dbm} дБм", f"{self.low_dbm}...{self.high_dbm} dBm")


SIGNAL_LEVELS: dict[int, SignalLevel] = {
    level.level: level
    for level in (
        SignalLevel(0, -113, -111),
        SignalLevel(1, -109, -105),
        SignalLevel(2, -103, -99),
        SignalLevel(3, -97, -93),
        SignalLevel(4, -91, -87),
        SignalLevel(5, -85, -81),
        SignalLevel(6, -79, -75),
        SignalLevel(7, -73, -69),
        SignalLevel(8, -67, -63),
        SignalLevel(9, -61, None),
    )
}

SIGNAL_TABLE = CodeTable(
    Text("Уровень сигнала", "Signal level"),
    "000/001 Table 4",
    {level: item.text for level, item in SIGNAL_LEVELS.items()},
)


class RadioTechnology(enum.Enum):
    GSM = "gsm"
    LTE = "lte"
    WCDMA = "wcdma"
    NB_IOT = "nb-iot"
    UNKNOWN = "unknown"


# 001 §7: GSM ≥ −85 dBm ("5" and above), LTE ≥ −91 dBm ("4" and above); 000 §8: −85 dBm for
# NB-IoT. The manuals give no figure for WCDMA or an undetermined band: the stricter −85 applies.
RECOMMENDED_MIN_DBM: dict[RadioTechnology, int] = {
    RadioTechnology.GSM: -85,
    RadioTechnology.LTE: -91,
    RadioTechnology.WCDMA: -85,
    RadioTechnology.NB_IOT: -85,
    RadioTechnology.UNKNOWN: -85,
}


def recommended_min_level(technology: RadioTechnology) -> int:
    """The lowest signal level code whose range lies at or above the recommended dBm."""
    floor = RECOMMENDED_MIN_DBM[technology]
    return min(item.level for item in SIGNAL_LEVELS.values() if item.low_dbm >= floor)


def meets_recommendation(level: int, technology: RadioTechnology) -> bool:
    """Whether a signal level code is at or above the manuals' recommendation for the technology."""
    if level not in SIGNAL_LEVELS:
        return False
    return level >= recommended_min_level(technology)


# --- Bands (001 Table 5) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    code: int
    text: Text
    technology: RadioTechnology

    @property
    def digit(self) -> str:
        return f"{self.code:X}"


def _lte(code: int, band: int) -> Band:
    return Band(code, Text(f"Полоса LTE {band}", f"LTE band {band}"), RadioTechnology.LTE)


BANDS: dict[int, Band] = {
    band.code: band
    for band in (
        Band(0x0, Text("Не определен", "Not determined"), RadioTechnology.UNKNOWN),
        Band(0x1, Text("GSM 900 МГц", "GSM 900 MHz"), RadioTechnology.GSM),
        Band(0x2, Text("GSM 1800 МГц", "GSM 1800 MHz"), RadioTechnology.GSM),
        _lte(0x3, 1),
        _lte(0x4, 3),
        _lte(0x5, 5),
        _lte(0x6, 7),
        _lte(0x7, 8),
        _lte(0x8, 20),
        _lte(0x9, 31),
        _lte(0xA, 38),
        Band(0xB, Text("WCDMA 900 МГц", "WCDMA 900 MHz"), RadioTechnology.WCDMA),
        Band(0xC, Text("WCDMA 2100 МГц", "WCDMA 2100 MHz"), RadioTechnology.WCDMA),
    )
}

BAND_TABLE = CodeTable(
    Text("Текущий частотный диапазон сотовой сети", "Current cellular frequency band"),
    "001 Table 5",
    {code: band.text for code, band in BANDS.items()},
)


def band_technology(code: int) -> RadioTechnology:
    band = BANDS.get(code)
    return band.technology if band else RadioTechnology.UNKNOWN


# --- GSM modules (001 Table 6 and Appendix A) -------------------------------------------------

GSM_SIM_TABLE = CodeTable(
    Text("Обнаружена ли SIM-карта/SIM-чип", "SIM card/SIM chip detected"),
    "001 Table 6, group 1 field 1",
    {0: Text("не обнаружена", "not detected"), 1: Text("обнаружена", "detected")},
)

GSM_GPRS_TABLE = CodeTable(
    Text("Канал связи GPRS", "GPRS channel"),
    "001 Table 6, group 1 field 2",
    {
        0x0: Text("отключен", "off"),
        0x1: Text(
            "режим «Клиент» - в процессе выхода в сеть интернет",
            "\"Client\" mode - connecting to the Internet",
        ),
        0x2: Text("TCP соединение в режиме «Клиент» установлено", "TCP connection in \"Client\" mode established"),
        0x3: Text("успешная регистрация на сервере CE-NC", "registered on the CE-NC server"),
        0xA: Text(
            "режим «Сервер» – в процессе выхода в сеть интернет",
            "\"Server\" mode – connecting to the Internet",
        ),
        0xB: Text("TCP соединение в режиме «Сервер» установлено", "TCP connection in \"Server\" mode established"),
        0xF: Text("отсутствует подключение GPRS", "no GPRS connection"),
    },
)

_READING_CLOCK = Text(
    "вычитывание текущей даты/времени, если в течение минуты значение не меняется – ошибка при вычитывании",
    "reading the current date/time; if the value does not change within a minute – reading failed",
)

GSM_METER_LINK_TABLE = CodeTable(
    Text("Состояние инициализации связи с контроллером ПУ", "Link initialisation with the meter controller"),
    "001 Table 6, group 1 field 3",
    {
        0x0: Text("ПУ инициализирован", "meter initialised"),
        0xA: Text(
            "неизвестный тип счётчика/связь установить не удаётся",
            "unknown meter type/cannot establish the link",
        ),
        0xB: _READING_CLOCK,
        0xC: _READING_CLOCK,
        0xD: _READING_CLOCK,
    },
)

GSM_REGISTRATION_TABLE = CodeTable(
    Text("Состояние регистрации в сети", "Network registration"),
    "001 Table 6, group 2 field 1",
    {
        0x0: Text("не зарегистрирован", "not registered"),
        0x1: Text("зарегистрирован", "registered"),
        0x2: Text("поиск сети", "searching for a network"),
        0x3: Text("регистрация отклонена", "registration denied"),
        0x4: Text("неизвестная ошибка", "unknown error"),
        0x5: Text("регистрация в роуминге", "registered, roaming"),
        0xF: Text("нет сим карты или требуется ввод PIN кода", "no SIM card or PIN code required"),
    },
)

# --- NB-IoT modules (000 Table 5 and Appendix A) ----------------------------------------------

_LOADER_ROWS = {
    0: Text("отключен", "off"),
    1: Text("включен", "on"),
    2: Text("скачивается новое ВПО", "downloading new firmware"),
    3: Text("применяется новое ВПО", "applying new firmware"),
}

NB_HTTP_LOADER_TABLE = CodeTable(
    Text("Загрузчик HTTP", "HTTP loader"), "000 Table 5, group 1 field 1", _LOADER_ROWS
)
NB_MQTT_LOADER_TABLE = CodeTable(
    Text("Загрузчик MQTT", "MQTT loader"), "000 Table 5, group 1 field 4", _LOADER_ROWS
)
NB_MQTT_CLIENT_TABLE = CodeTable(
    Text("Клиент MQTT", "MQTT client"),
    "000 Table 5, group 1 field 3",
    {0: Text("отключен", "off"), 1: Text("включен", "on")},
)

NB_GPRS_TABLE = CodeTable(
    Text("Канал связи GPRS", "GPRS channel"),
    "000 Table 5, group 1 field 2",
    {
        0x0: Text("отключен", "off"),
        0x1: Text("режим клиента CENC", "CENC client mode"),
        0x2: Text("TCP соединение в режиме клиента CENC", "TCP connection in CENC client mode"),
        0x3: Text("зарегистрирован на сервере CENC", "registered on the CENC server"),
        0x7: Text("прибор настроен для работы в режиме NIDD", "device set up for NIDD mode"),
        0x8: Text("прибор работает в режиме NIDD", "device working in NIDD mode"),
        0x9: Text("режим статического IP", "static IP mode"),
        0xA: Text(
            "TCP соединение в режиме сервера установлено, порт открыт",
            "TCP connection in server mode established, port open",
        ),
        0xB: Text(
            "TCP соединение в режиме сервера установлено, клиент подключен",
            "TCP connection in server mode established, client connected",
        ),
    },
)

NB_REGISTRATION_TABLE = CodeTable(
    Text("Состояние регистрации в сети", "Network registration"),
    "000 Table 5, group 2 field 1",
    {
        0x0: Text("не зарегистрирован", "not registered"),
        0x1: Text("зарегистрирован в сети NB-IoT", "registered in the NB-IoT network"),
        0x3: Text("зарегистрирован (IP получен в сети NB-IoT)", "registered (IP obtained in the NB-IoT network)"),
        0x9: Text(
            "зарегистрирован в сети NB-IoT по технологии NIDD",
            "registered in the NB-IoT network using NIDD",
        ),
        0xF: Text("Нет сим карты", "No SIM card"),
        0xE: Text(
            "вставлена поврежденная сим-карта, замените сим-карту",
            "damaged SIM card inserted, replace the SIM card",
        ),
        0xC: Text(
            "режим полного сканирования сети, может занять долгое время",
            "full network scan, may take a long time",
        ),
    },
)

# --- Appendix A: CENC registration (status bits 5–7), identical in 000 and 001 ------------------
# (the manuals spell it "регистраии"; the product shows the corrected word)

CENC_REGISTRATION_TABLE = CodeTable(
    Text("Статус регистрации на сервере", "Server registration status"),
    "000/001 Appendix A, status bits 5-7",
    {
        0: Text("нет регистрации", "not registered"),
        1: Text("отправлен запрос, ожидание ответа", "request sent, waiting for the answer"),
        2: Text("успешная регистрация", "registered"),
        3: Text("отказ в регистрации", "registration refused"),
    },
)


@dataclass(frozen=True)
class StatusBit:
    """A bit (or bit field ``first..last``) of the Appendix A status byte."""

    first: int
    last: int
    text: Text

    @property
    def label(self) -> str:
        return f"[{self.first}]" if self.first == self.last else f"[{self.first}-{self.last}]"

    def extract(self, status: int) -> int:
        width = self.last - self.first + 1
        return (status >> self.first) & ((1 << width) - 1)


_GPRS_MODE = StatusBit(1, 1, Text("Включен один из режимов GPRS", "One of the GPRS modes is on"))
_TCP = StatusBit(3, 3, Text("Установлено TCP подключение к серверу", "TCP connection to the server established"))
_CENC = StatusBit(5, 7, Text("Статус регистрации на сервере", "Server registration status"))

# 001 lists bit 4 with an empty description; it is reserved here.
GSM_STATUS_BITS: tuple[StatusBit, ...] = (
    StatusBit(0, 0, Text("Обнаружена ли SIM-карта/SIM-чип", "SIM card/SIM chip detected")),
    _GPRS_MODE,
    _TCP,
    _CENC,
)
# 000 has no SIM bit; it has bit 2 "GPRS session active" instead.
NB_STATUS_BITS: tuple[StatusBit, ...] = (
    _GPRS_MODE,
    StatusBit(2, 2, Text("Активна GPRS сессия", "GPRS session active")),
    _TCP,
    _CENC,
)


def status_bits_for(module: ModuleType) -> tuple[StatusBit, ...]:
    return NB_STATUS_BITS if module.is_nb_iot else GSM_STATUS_BITS


def gprs_table(module: ModuleType) -> CodeTable:
    return NB_GPRS_TABLE if module.is_nb_iot else GSM_GPRS_TABLE


def registration_table(module: ModuleType) -> CodeTable:
    return NB_REGISTRATION_TABLE if module.is_nb_iot else GSM_REGISTRATION_TABLE


def module_technology(module: ModuleType, band_code: int | None) -> RadioTechnology:
    """The radio technology a signal level should be judged against."""
    if module.is_nb_iot:
        return RadioTechnology.NB_IOT
    return band_technology(band_code) if band_code is not None else RadioTechnology.UNKNOWN
