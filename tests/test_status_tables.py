"""Decode tables against the manuals' rows (manuals 000 and 001)."""

from __future__ import annotations

import pytest

from protocols.module.status_leds import GSM_LEDS, NB_LED_CYCLE, NB_LEDS, led_indications
from protocols.module.status_tables import (
    BAND_TABLE,
    BANDS,
    CENC_REGISTRATION_TABLE,
    GSM_GPRS_TABLE,
    GSM_METER_LINK_TABLE,
    GSM_REGISTRATION_TABLE,
    GSM_SIM_TABLE,
    GSM_STATUS_BITS,
    NB_GPRS_TABLE,
    NB_HTTP_LOADER_TABLE,
    NB_MQTT_CLIENT_TABLE,
    NB_MQTT_LOADER_TABLE,
    NB_REGISTRATION_TABLE,
    NB_STATUS_BITS,
    SIGNAL_LEVELS,
    SIGNAL_TABLE,
    RadioTechnology,
    band_technology,
    gprs_table,
    meets_recommendation,
    module_technology,
    recommended_min_level,
    registration_table,
    status_bits_for,
)
from protocols.params.module_types import ModuleType

SIGNAL_ROWS = [
    (0, "-113...-111 дБм", -113, -111),
    (1, "-109...-105 дБм", -109, -105),
    (2, "-103...-99 дБм", -103, -99),
    (3, "-97...-93 дБм", -97, -93),
    (4, "-91...-87 дБм", -91, -87),
    (5, "-85...-81 дБм", -85, -81),
    (6, "-79...-75 дБм", -79, -75),
    (7, "-73...-69 дБм", -73, -69),
    (8, "-67...-63 дБм", -67, -63),
    (9, "> -61 дБм", -61, None),
]


@pytest.mark.parametrize(("level", "ru", "low", "high"), SIGNAL_ROWS)
def test_signal_level_rows(level: int, ru: str, low: int, high: int | None) -> None:
    item = SIGNAL_LEVELS[level]
    assert (item.text.ru, item.low_dbm, item.high_dbm) == (ru, low, high)
    assert item.text.en == ru.replace("дБм", "dBm")
    assert SIGNAL_TABLE.meaning(level) == item.text


def test_signal_table_has_exactly_ten_levels() -> None:
    assert sorted(SIGNAL_LEVELS) == list(range(10))


BAND_ROWS = [
    ("0", "Не определен", RadioTechnology.UNKNOWN),
    ("1", "GSM 900 МГц", RadioTechnology.GSM),
    ("2", "GSM 1800 МГц", RadioTechnology.GSM),
    ("3", "Полоса LTE 1", RadioTechnology.LTE),
    ("4", "Полоса LTE 3", RadioTechnology.LTE),
    ("5", "Полоса LTE 5", RadioTechnology.LTE),
    ("6", "Полоса LTE 7", RadioTechnology.LTE),
    ("7", "Полоса LTE 8", RadioTechnology.LTE),
    ("8", "Полоса LTE 20", RadioTechnology.LTE),
    ("9", "Полоса LTE 31", RadioTechnology.LTE),
    ("A", "Полоса LTE 38", RadioTechnology.LTE),
    ("B", "WCDMA 900 МГц", RadioTechnology.WCDMA),
    ("C", "WCDMA 2100 МГц", RadioTechnology.WCDMA),
]


@pytest.mark.parametrize(("digit", "ru", "technology"), BAND_ROWS)
def test_band_rows(digit: str, ru: str, technology: RadioTechnology) -> None:
    code = int(digit, 16)
    assert BANDS[code].text.ru == ru
    assert BANDS[code].digit == digit
    assert BAND_TABLE.meaning(code).ru == ru
    assert band_technology(code) is technology


def test_band_table_covers_exactly_0_to_c() -> None:
    assert BAND_TABLE.codes() == tuple(range(13))
    assert band_technology(0xD) is RadioTechnology.UNKNOWN


CODE_ROWS = [
    (GSM_SIM_TABLE, "0", "не обнаружена"),
    (GSM_SIM_TABLE, "1", "обнаружена"),
    (GSM_GPRS_TABLE, "0", "отключен"),
    (GSM_GPRS_TABLE, "1", "режим «Клиент» - в процессе выхода в сеть интернет"),
    (GSM_GPRS_TABLE, "2", "TCP соединение в режиме «Клиент» установлено"),
    (GSM_GPRS_TABLE, "3", "успешная регистрация на сервере CE-NC"),
    (GSM_GPRS_TABLE, "A", "режим «Сервер» – в процессе выхода в сеть интернет"),
    (GSM_GPRS_TABLE, "B", "TCP соединение в режиме «Сервер» установлено"),
    (GSM_GPRS_TABLE, "F", "отсутствует подключение GPRS"),
    (GSM_METER_LINK_TABLE, "0", "ПУ инициализирован"),
    (GSM_METER_LINK_TABLE, "A", "неизвестный тип счётчика/связь установить не удаётся"),
    *[
        (GSM_METER_LINK_TABLE, d, "вычитывание текущей даты/времени, если в течение минуты значение не меняется – "
         "ошибка при вычитывании")
        for d in "BCD"
    ],
    (GSM_REGISTRATION_TABLE, "0", "не зарегистрирован"),
    (GSM_REGISTRATION_TABLE, "1", "зарегистрирован"),
    (GSM_REGISTRATION_TABLE, "2", "поиск сети"),
    (GSM_REGISTRATION_TABLE, "3", "регистрация отклонена"),
    (GSM_REGISTRATION_TABLE, "4", "неизвестная ошибка"),
    (GSM_REGISTRATION_TABLE, "5", "регистрация в роуминге"),
    (GSM_REGISTRATION_TABLE, "F", "нет сим карты или требуется ввод PIN кода"),
    *[(table, "0", "отключен") for table in (NB_HTTP_LOADER_TABLE, NB_MQTT_LOADER_TABLE, NB_MQTT_CLIENT_TABLE)],
    *[(table, "1", "включен") for table in (NB_HTTP_LOADER_TABLE, NB_MQTT_LOADER_TABLE, NB_MQTT_CLIENT_TABLE)],
    *[(table, "2", "скачивается новое ВПО") for table in (NB_HTTP_LOADER_TABLE, NB_MQTT_LOADER_TABLE)],
    *[(table, "3", "применяется новое ВПО") for table in (NB_HTTP_LOADER_TABLE, NB_MQTT_LOADER_TABLE)],
    (NB_GPRS_TABLE, "0", "отключен"),
    (NB_GPRS_TABLE, "1", "режим клиента CENC"),
    (NB_GPRS_TABLE, "2", "TCP соединение в режиме клиента CENC"),
    (NB_GPRS_TABLE, "3", "зарегистрирован на сервере CENC"),
    (NB_GPRS_TABLE, "7", "прибор настроен для работы в режиме NIDD"),
    (NB_GPRS_TABLE, "8", "прибор работает в режиме NIDD"),
    (NB_GPRS_TABLE, "9", "режим статического IP"),
    (NB_GPRS_TABLE, "A", "TCP соединение в режиме сервера установлено, порт открыт"),
    (NB_GPRS_TABLE, "B", "TCP соединение в режиме сервера установлено, клиент подключен"),
    (NB_REGISTRATION_TABLE, "0", "не зарегистрирован"),
    (NB_REGISTRATION_TABLE, "1", "зарегистрирован в сети NB-IoT"),
    (NB_REGISTRATION_TABLE, "3", "зарегистрирован (IP получен в сети NB-IoT)"),
    (NB_REGISTRATION_TABLE, "9", "зарегистрирован в сети NB-IoT по технологии NIDD"),
    (NB_REGISTRATION_TABLE, "F", "Нет сим карты"),
    (NB_REGISTRATION_TABLE, "E", "вставлена поврежденная сим-карта, замените сим-карту"),
    (NB_REGISTRATION_TABLE, "C", "режим полного сканирования сети, может занять долгое время"),
    (CENC_REGISTRATION_TABLE, "0", "нет регистрации"),
    (CENC_REGISTRATION_TABLE, "1", "отправлен запрос, ожидание ответа"),
    (CENC_REGISTRATION_TABLE, "2", "успешная регистрация"),
    (CENC_REGISTRATION_TABLE, "3", "отказ в регистрации"),
]


@pytest.mark.parametrize(("table", "digit", "ru"), CODE_ROWS, ids=lambda v: getattr(v, "source", v))
def test_code_table_rows(table, digit: str, ru: str) -> None:
    entry = table.get(int(digit, 16))
    assert entry is not None and entry.text.ru == ru and entry.digit == digit
    assert entry.text.en and entry.text.en != entry.text.ru


def test_code_tables_have_no_rows_beyond_the_manuals() -> None:
    listed: dict[int, set[int]] = {}
    for table, digit, _ in CODE_ROWS:
        listed.setdefault(id(table), set()).add(int(digit, 16))
    for table, *_ in CODE_ROWS:
        assert set(table.codes()) == listed[id(table)], table.source


def test_unlisted_code_is_reported_unknown_not_raised() -> None:
    assert GSM_GPRS_TABLE.get(7) is None
    assert GSM_GPRS_TABLE.meaning(7).en == "unknown value 7"
    assert 7 not in GSM_GPRS_TABLE and 3 in GSM_GPRS_TABLE


@pytest.mark.parametrize(
    ("technology", "lowest_level", "dbm"),
    [
        (RadioTechnology.GSM, 5, -85),
        (RadioTechnology.LTE, 4, -91),
        (RadioTechnology.NB_IOT, 5, -85),
        (RadioTechnology.WCDMA, 5, -85),
        (RadioTechnology.UNKNOWN, 5, -85),
    ],
)
def test_recommended_signal(technology: RadioTechnology, lowest_level: int, dbm: int) -> None:
    assert recommended_min_level(technology) == lowest_level
    assert SIGNAL_LEVELS[lowest_level].low_dbm == dbm
    for level in range(10):
        assert meets_recommendation(level, technology) is (level >= lowest_level)
    assert meets_recommendation(10, technology) is False


def test_technology_for_modules() -> None:
    assert module_technology(ModuleType.NB_IOT, None) is RadioTechnology.NB_IOT
    assert module_technology(ModuleType.GSM_2G4G, 0x6) is RadioTechnology.LTE
    assert module_technology(ModuleType.GSM_2G3G4G, 0x1) is RadioTechnology.GSM
    assert module_technology(ModuleType.GSM_2G4G, None) is RadioTechnology.UNKNOWN


@pytest.mark.parametrize(
    ("bits", "expected"),
    [
        (GSM_STATUS_BITS, [("[0]", "Обнаружена ли SIM-карта/SIM-чип"), ("[1]", "Включен один из режимов GPRS"),
                           ("[3]", "Установлено TCP подключение к серверу"),
                           ("[5-7]", "Статус регистрации на сервере")]),
        (NB_STATUS_BITS, [("[1]", "Включен один из режимов GPRS"), ("[2]", "Активна GPRS сессия"),
                          ("[3]", "Установлено TCP подключение к серверу"),
                          ("[5-7]", "Статус регистрации на сервере")]),
    ],
)  # fmt: skip
def test_status_bits_of_both_appendices(bits, expected) -> None:
    assert [(bit.label, bit.text.ru) for bit in bits] == expected


def test_status_bit_extraction() -> None:
    cenc = GSM_STATUS_BITS[-1]
    assert [cenc.extract(raw) for raw in (0x00, 0x20, 0x4B, 0x60, 0xFF)] == [0, 1, 2, 3, 7]
    assert GSM_STATUS_BITS[0].extract(0x4B) == 1 and GSM_STATUS_BITS[2].extract(0x43) == 0


@pytest.mark.parametrize("module", list(ModuleType))
def test_family_tables(module: ModuleType) -> None:
    nb = module.is_nb_iot
    assert (gprs_table(module) is NB_GPRS_TABLE) is nb
    assert (registration_table(module) is NB_REGISTRATION_TABLE) is nb
    assert (status_bits_for(module) is NB_STATUS_BITS) is nb
    assert (led_indications(module) is NB_LEDS) is nb


GSM_LED_ROWS = [
    ("Горит постоянно - норма", "При наличии питания модуля от счетчика."),
    ("Гаснет каждые 15 минут на 2 секунды", "Сброс питания модуля от счетчика - неисправность."),
    ("F1 не светится", "Отсутствует подключение TCP"),
    ("F1 мигает 1 раз в 2 секунды на 1 секунду", "TCP соединение успешно установлено"),
    ("F1 непрерывно светится", "Идёт обмен по TCP соединению"),
    ("F2 мигает 1 раз в 2 секунды на 1 секунду", "В процессе инициализации SIM, если при установленной SIM "
     "индикация не меняется в течении 30 секунд, то SIM не инициализирована, или отсутствует регистрация в сети "
     "оператора"),
    ("F2 непрерывно светится", "SIM инициализирована, успешная регистрация в сети оператора"),
]
NB_LED_ROWS = [
    ("LED1", "1-я вспышка (длинная)", "Есть связь со счетчиком"),
    ("LED1", "2-я вспышка (длинная)", "Идет обмен по BTL (обновление прошивки модуля по сети)"),
    ("LED1", "3-я вспышка (длинная)", "Идет обмен по MQTT"),
    ("LED1", "4-я вспышка (длинная)", "Идет обмен по каналу CENC или по серверному каналу"),
    ("LED2", "все вспышки короткие (0,2с)", "Модуль перезагружается"),
    ("LED2", "только 4-я вспышка (длинная)", "В модуле отсутствует СИМ карта"),
    ("LED2", "1-я вспышка (длинная)", "Включен, сим карта есть"),
    ("LED2", "2-я вспышка (длинная)", "Есть регистрация в сети"),
    ("LED2", "3-я вспышка (длинная)", "Есть выход в интернет"),
    ("LED2", "4-я вспышка (длинная)", "Зарегистрирован на сервере CENC"),
]


@pytest.mark.parametrize(("index", "row"), list(enumerate(GSM_LED_ROWS)))
def test_gsm_led_rows(index: int, row: tuple[str, str]) -> None:
    led = GSM_LEDS[index]
    assert (led.pattern.ru, led.meaning.ru) == row
    assert led.pattern.en and led.meaning.en


@pytest.mark.parametrize(("index", "row"), list(enumerate(NB_LED_ROWS)))
def test_nb_led_rows(index: int, row: tuple[str, str, str]) -> None:
    led = NB_LEDS[index]
    assert (led.led.ru, led.pattern.ru, led.meaning.ru) == row
    assert led.meaning.en


def test_led_table_sizes_and_cycle() -> None:
    assert len(GSM_LEDS) == len(GSM_LED_ROWS) and len(NB_LEDS) == len(NB_LED_ROWS)
    assert "0,8с" in NB_LED_CYCLE.ru and "0.2 s" in NB_LED_CYCLE.en
