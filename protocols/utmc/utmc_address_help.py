"""Connection notes and address suggestions per meter model
(UTMC-700 guide, "Особенности подключения счётчиков к УТМЦ").

    notes_for(model) -> ModelNotes | None      the guide's notes for the model, both languages
    suggest(model, serial) -> list[Suggestion] address (and baud, version) from the factory number
    GENERAL_NOTES: tuple[Text, ...]             notes that apply to every model

``serial`` is the factory number as printed on the meter (all digits; Magika numbers start with
letters). A suggestion says which rule produced it, so the UI can show it next to the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from protocols.text import Text
from protocols.utmc.utmc_models import DeviceModel, normalise_name


@dataclass(frozen=True)
class Suggestion:
    address: int | None
    rule: Text
    baud: int | None = None
    version: int | None = None


Rule = Callable[[str], list[Suggestion]]


@dataclass(frozen=True)
class ModelNotes:
    title: Text
    notes: tuple[Text, ...]
    baud: int | None = None  # the speed the guide names for the model
    rule: Rule | None = field(default=None, compare=False)


GENERAL_NOTES = (
    Text("Если счётчик опрашивается по протоколу mBus, его идентификатор (серийный номер, тип, производитель, "
         "версия) считывается с самого счётчика и передаётся на сервер; иначе используется идентификатор, "
         "заданный на вкладке «Параметры приборов».",
         "A meter polled over mBus reports its own identifier (serial, type, manufacturer, version) to the "
         "server; otherwise the identifier entered on the Devices tab is used."),
    Text("RS-485: если при подключении всей линии напряжение между «А» и «В» упало до 2 В и ниже, установите "
         "резисторы 1 кОм между «RS485 А» – «Питание 5В +» и «RS485 В» – «Питание 5В -».",
         "RS-485: if the A–B voltage drops to 2 V or below with the whole line connected, fit 1 kΩ resistors "
         "between \"RS485 A\" – \"5V +\" and \"RS485 B\" – \"5V -\"."),
)


def digits(serial: str) -> str:
    return re.sub(r"\D", "", serial)


def _last(serial: str, n: int) -> int:
    d = digits(serial)
    if not d:
        raise ValueError("no digits")
    return int(d[-n:])


def last_digits(n: int, plus: int = 0, baud: int | None = None) -> Rule:
    ru = f"последние {n} цифр серийного номера" + (f" + {plus}" if plus else "")
    en = f"last {n} digits of the serial number" + (f" + {plus}" if plus else "")
    return lambda serial: [Suggestion(_last(serial, n) + plus, Text(ru, en), baud)]


def whole_serial(baud: int | None = None, n: int = 8) -> Rule:
    text = Text(f"{n} цифр серийного номера", f"{n} digits of the serial number")
    return lambda serial: [Suggestion(_last(serial, n), text, baud)]


def fixed(address: int, ru: str, en: str, baud: int | None = None, version: int | None = None) -> Rule:
    return lambda serial: [Suggestion(address, Text(ru, en), baud, version)]


def fobos(serial: str) -> list[Suggestion]:
    """Vaviot Fobos: 16 + ID % 16365 (8412415 → 821)."""
    return [Suggestion(16 + int(digits(serial)) % 16365, Text("16 + ID % 16365", "16 + ID % 16365"), 9600)]


def mercury_230(serial: str) -> int:
    """Last three digits, or two if the three exceed 240; all zeros → 1."""
    address = _last(serial, 3)
    if address > 240:
        address = _last(serial, 2)
    return address or 1


def spodes(serial: str) -> int:
    """СПОДЭС meters: last three digits, two if above 124; below 17 add 10 until 17 or more."""
    address = _last(serial, 3)
    if address > 124:
        address = _last(serial, 2)
    while address < 17:
        address += 10
    return address


def sipu(serial: str) -> int:
    """СЭТ СИПУ: last three digits, two if above 247; 0 → 100."""
    address = _last(serial, 3)
    if address > 247:
        address = _last(serial, 2)
    return address or 100


_SPODES_TEXT = Text("СПОДЭС: 3 последние цифры (2, если больше 124), +10 пока меньше 17",
                    "СПОДЭС: last 3 digits (2 if above 124), +10 while below 17")


def _mercury_200(serial: str) -> list[Suggestion]:
    return [Suggestion(_last(serial, 6) or 1, Text("6 последних цифр серийного номера", "last 6 serial digits"))]


def _mercury_203(serial: str) -> list[Suggestion]:
    return _mercury_200(serial) + [
        Suggestion(_last(serial, 8) or 1, Text("Меркурий 203.2Т: все 8 цифр", "Mercury 203.2T: all 8 digits"))
    ]


def _mercury_206(serial: str) -> list[Suggestion]:
    return [Suggestion(_last(serial, 8) or 1, Text("все 8 цифр серийного номера", "all 8 serial digits"))]


def _mercury_23x(serial: str) -> list[Suggestion]:
    return [
        Suggestion(mercury_230(serial), Text("3 последние цифры (2, если больше 240)",
                                             "last 3 digits (2 if above 240)")),
        Suggestion(spodes(serial), _SPODES_TEXT),
    ]


def _magika(serial: str) -> list[Suggestion]:
    text = serial.strip().upper()
    prefixes = (("MD", 0), ("EA", 2), ("M", 1), ("K", 3))  # longest first: "MD" before "M"
    version = next((v for p, v in prefixes if text.startswith(p)), None)
    return [Suggestion(int(digits(serial)), Text("цифры серийного номера; версия по буквам: MD 0, M 1, EA 2, K 3",
                                                  "serial digits; version by letters: MD 0, M 1, EA 2, K 3"),
                       19200, version)]


def _sipu(serial: str) -> list[Suggestion]:
    return [
        Suggestion(sipu(serial), Text("3 последние цифры (2, если больше 247; 0 → 100)",
                                      "last 3 digits (2 if above 247; 0 → 100)"), 9600),
        Suggestion(_last(serial, 8), Text("по серийному номеру: 8 цифр", "by serial number: 8 digits"), 9600),
    ]


def T(ru: str, en: str) -> Text:  # noqa: N802 - short constructor for the tables below
    return Text(ru, en)


_RS485 = T("Подключение по интерфейсу RS-485.", "Connected over RS-485.")
_RS232 = T("Подключение по интерфейсу RS-232.", "Connected over RS-232.")
_BOTH = T("Подключение по интерфейсу RS-485 или RS-232.", "Connected over RS-485 or RS-232.")
_SPODES_PASSWORD = T("СПОДЭС: пароль для чтения «111111» в формате HEX.", "СПОДЭС: read password \"111111\" as HEX.")


def _speed(baud: int) -> Text:
    return T(f"Скорость обмена {baud}.", f"Baud rate {baud}.")


_MERCURY = (
    T("RS-485 или CAN по модели: «R» в названии — RS-485, «C» — CAN (230ART-XXXXRXX — RS-485).",
      "RS-485 or CAN by model: \"R\" in the name is RS-485, \"C\" is CAN (230ART-XXXXRXX is RS-485)."),
    T("«S» в названии — внутреннее питание интерфейса; иначе нужно 5…9 В (до 5 счётчиков от выхода «5В» УТМЦ).",
      "\"S\" in the name: the interface is powered inside; otherwise supply 5…9 V (up to 5 meters from the "
      "UTMC's 5V output)."),
    T("Меркурий 200, 203, 206 заносятся как «Меркурий 200»; 230, 234, 236 — как «Меркурий 230».",
      "Mercury 200, 203, 206 are entered as \"Mercury 200\"; 230, 234, 236 as \"Mercury 230\"."),
    T("Адрес: Меркурий 200 — 6 последних цифр; Меркурий 230 — 3 последние (2, если больше 240); нули → 1; "
      "203.2Т и 206 — все 8 цифр. Универсальный адрес 0 — только для одного счётчика на линии.",
      "Address: Mercury 200 — last 6 digits; Mercury 230 — last 3 (2 if above 240); zeros → 1; 203.2T and 206 — "
      "all 8 digits. The universal address 0 works with a single meter on the line only."),
    T("По протоколу СПОДЭС: 3 последние цифры (2, если больше 124); меньше 17 — прибавлять 10, пока не станет ≥ 17.",
      "On СПОДЭС: last 3 digits (2 if above 124); below 17 add 10 until it is 17 or more."),
    _SPODES_PASSWORD,
)
_ENERGOMERA = (
    T("RS-485 или RS-232 по модели, по руководству на счётчик; питание интерфейса — от счётчика или внешнее.",
      "RS-485 or RS-232 by model, as the meter's manual says; the interface is powered by the meter or "
      "externally."),
    T("Адрес-идентификатор и начальную скорость (обычно 300 или 9600) узнайте программой Энергомера AdminTools.",
      "Find the address-identifier and initial speed (usually 300 or 9600) with Energomera AdminTools."),
    T("Адрес — число не более 4 294 967 295 без нулей впереди: СЕ102, СЕ301 — последние 4 цифры, СЕ207, "
      "СЕ307, СЕ308 (СПОДЭС) — последние 5 цифр.",
      "The address is a number up to 4 294 967 295 without leading zeros: CE102, CE301 — last 4 digits; "
      "CE207, CE307, CE308 (СПОДЭС) — last 5 digits."),
    T("Номер прибора — 8 последних цифр серийного номера, изготовитель обычно ENM.",
      "Device number: the last 8 serial digits; manufacturer usually ENM."),
)
_DUAL = (
    _RS485,
    T("Двойная адресация: сетевой адрес или 8 цифр серийного номера; адрес больше 255 — по серийному номеру.",
      "Two ways of addressing: network address or the 8-digit serial; an address above 255 means by serial."),
    _speed(9600),
    T("Водосчётчики: «С» (лат.) в примечании — холодная вода, «Н» (лат.) — горячая.",
      "Water meters: Latin \"C\" in the note — cold water, Latin \"H\" — hot water."),
)
_LOGIKA_94X = (
    _RS232,
    T("Сетевой адрес — параметр NT прибора; конфигурация интерфейса КИ должна быть 0.",
      "The network address is the device's NT parameter; interface configuration КИ must be 0."),
    _speed(2400),
)


def _n(title: Text, *notes: Text, baud: int | None = None, rule: Rule | None = None) -> ModelNotes:
    return ModelNotes(title, notes, baud, rule)


_NOTES: dict[str, ModelNotes] = {}


def _add(names: tuple[str, ...], notes: ModelNotes) -> None:
    for name in names:
        _NOTES[normalise_name(name)] = notes


_add(("EKF SKAT", "I-PROM"), _n(T("EKF SKAT, I-PROM", "EKF SKAT, I-PROM"), _RS485, _speed(9600),
     T("Адрес — последние 4 цифры серийного номера плюс 16.", "Address: last 4 serial digits plus 16."),
     _SPODES_PASSWORD, baud=9600, rule=last_digits(4, 16, 9600)))
_add(("Saiman CO-Э711",), _n(T("Saiman CO-Э711", "Saiman CO-Э711"), _RS485, _speed(2400),
     T("Адрес — серийный номер.", "Address: the serial number."), baud=2400, rule=whole_serial(2400)))
_add(("Бетар ЭСО",), _n(T("Бетар ЭСО", "Betar ESO"), _RS485,
     T("Интерфейс питается напряжением 7…13 В, подведите его к счётчику.", "Supply 7…13 V to the interface."),
     _speed(1200), T("Адрес — последние 4 цифры серийного номера.", "Address: last 4 serial digits."),
     baud=1200, rule=last_digits(4, baud=1200)))
_add(("Вавиот Фобос",), _n(T("Вавиот Фобос", "Vaviot Fobos"), _RS485, _speed(9600),
     T("Адрес = 16 + ID % 16365 (ID — серийный номер): 8412415 → 821, 8412416 → 822.",
       "Address = 16 + ID % 16365 (ID is the serial number): 8412415 → 821, 8412416 → 822."),
     baud=9600, rule=fobos))
_add(("Меркурий 200",), _n(T("Меркурий 200", "Mercury 200"), *_MERCURY, rule=_mercury_200))
_add(("Меркурий 203",), _n(T("Меркурий 203", "Mercury 203"), *_MERCURY, rule=_mercury_203))
_add(("Меркурий 206",), _n(T("Меркурий 206", "Mercury 206"), *_MERCURY, rule=_mercury_206))
_add(("Меркурий 230", "Меркурий 234", "Меркурий 236"),
     _n(T("Меркурий 230, 234, 236", "Mercury 230, 234, 236"), *_MERCURY, rule=_mercury_23x))
_add(("МЗЭП Агат 2-27(М)", "МЗЭП Агат 2-45(М)"), _n(T("МЗЭП Агат", "MZEP Agat"), _RS485, _speed(9600),
     T("Адрес — последние 4 цифры серийного номера.", "Address: last 4 serial digits."),
     baud=9600, rule=last_digits(4, baud=9600)))
_add(("МЗЭП СОЭ-55/60Ш", "МЗЭП СТС-565/5"), _n(T("МЗЭП", "MZEP"), _RS485, _speed(2400),
     T("Адрес — последние 4 цифры серийного номера.", "Address: last 4 serial digits."),
     baud=2400, rule=last_digits(4, baud=2400)))
_add(("Милур 10х",), _n(T("Милур 10х", "Milur 10x"), _RS485, _speed(9600),
     T("Счётчик настраивается на 4-байтный адрес; адрес — серийный номер.",
       "Set the meter to a 4-byte address; the address is the serial number."), baud=9600, rule=whole_serial(9600)))
_add(("Нева",), _n(T("Нева (СПОДЭС)", "Neva (СПОДЭС)"), _RS485, _speed(9600),
     T("Адрес — последние 4 цифры серийного номера + 20.", "Address: last 4 serial digits + 20."),
     _SPODES_PASSWORD, baud=9600, rule=last_digits(4, 20, 9600)))
_add(("НПО Фрунзе СЭТ-4ТМ", "НПО Фрунзе ПСЧ-4ТМ"), _n(T("СЭТ-4ТМ, ПСЧ-4ТМ", "SET-4TM, PSCh-4TM"),
     T("RS-485, клеммы счётчика: 18 — А, 16 — В, 17 — общий.", "RS-485, meter terminals: 18 A, 16 B, 17 common."),
     T("Вносится как СЭТ-4ТМ, интерфейс RS485, скорость 9600.", "Entered as SET-4TM, interface RS485, 9600 baud."),
     T("Несколько счётчиков на линии: задайте адреса «Конфигуратором СЭТ-4ТМ» и внесите их в УТМЦ.",
       "Several meters on a line: set addresses with \"SET-4TM Configurator\" and enter them here."),
     T("В параметрах соединения счётчика должно быть «Нечет».", "The meter's link parity must be \"Odd\"."),
     baud=9600))
_add(("СПБЗИП ЦЭ2726А",), _n(T("СПБЗИП ЦЭ2726А", "SPBZIP TsE2726A"), _RS485, _speed(9600),
     T("Адрес — серийный номер.", "Address: the serial number."), baud=9600, rule=whole_serial(9600)))
_add(("Энергомера СЕ102", "Энергомера СЕ301"), _n(T("Энергомера СЕ102, СЕ301", "Energomera CE102, CE301"),
     *_ENERGOMERA, rule=last_digits(4)))
_add(("Энергомера СЕ207", "Энергомера СЕ307", "Энергомера СЕ308"),
     _n(T("Энергомера СЕ207, СЕ307, СЕ308 (СПОДЭС)", "Energomera CE207, CE307, CE308 (СПОДЭС)"),
        *_ENERGOMERA, _SPODES_PASSWORD, rule=last_digits(5)))
_add(("Энергомера СЕ102М", "Энергомера СЕ303", "Энергомера ЦЭ6850", "Энергомера ЦЭ6850М"),
     _n(T("Энергомера", "Energomera"), *_ENERGOMERA))
_add(("Авектра ТСУ",), _n(T("Авектра ТСУ", "Avektra TSU"),
     T("RS-485 или mBus (через переходник mBus – RS-232).", "RS-485 or mBus (through an mBus – RS-232 adapter)."),
     T("Адрес — серийный номер на корпусе.", "Address: the serial number on the case."), _speed(2400),
     baud=2400, rule=whole_serial(2400)))
_add(("Авектра ТСУ-Д",), _n(T("Авектра ТСУ-Д", "Avektra TSU-D"),
     T("RS-485 или mBus (через переходник mBus – RS-232).", "RS-485 or mBus (through an mBus – RS-232 adapter)."),
     T("Номер, версия, изготовитель — любые: настоящие считываются со счётчика.",
       "Number, version, manufacturer may be anything: the real ones are read from the meter."),
     T("Адрес проверьте программой для mBus, например «MBCONF».", "Check the address with an mBus tool (MBCONF)."),
     _speed(2400), baud=2400))
_add(("Взлёт ТСРВ-043",), _n(T("Взлёт ТСРВ-043", "Vzlet TSRV-043"), _BOTH,
     T("Адрес по умолчанию 1.", "Default address 1."), _speed(4800), baud=4800,
     rule=fixed(1, "адрес по умолчанию", "default address", 4800)))
_add(("Интелприбор МКТС",), _n(T("Интелприбор МКТС", "Intelpribor MKTS"), _BOTH,
     T("Универсальный адрес 64636261.", "Universal address 64636261."),
     T("Скорость обычно 115200, рекомендуется понизить до 9600 (Настройки → Настройки ТС, «Монтажный» в OFF).",
       "Usually 115200; lowering to 9600 is recommended (Settings → TS settings, \"Mounting\" switch OFF)."),
     baud=9600, rule=fixed(64636261, "универсальный адрес", "universal address", 9600)))
_add(("Логика СПТ941.10/11", "Логика СПТ941.20"), _n(T("Логика СПТ941", "Logika SPT941"), *_LOGIKA_94X,
     baud=2400))
_add(("Логика СПТ943",), _n(T("Логика СПТ943", "Logika SPT943"), *_LOGIKA_94X,
     T("ОБЩ → БД → ЕИ (единицы измерения) должно быть 0.", "ОБЩ → БД → ЕИ (units) must be 0."), baud=2400))
_add(("Логика СПТ944",), _n(T("Логика СПТ944", "Logika SPT944"), *_LOGIKA_94X, baud=2400))
_add(("Логика СПТ961", "Логика СПТ961.1", "Логика СПТ961.2", "Логика СПТ961М"),
     _n(T("Логика СПТ961", "Logika SPT961"),
        T("СПТ961.1 и СПТ961.2 — по RS-485 (если возможно), СПТ961 и СПТ961М — по RS-232.",
          "SPT961.1 and SPT961.2 over RS-485 where possible; SPT961 and SPT961M over RS-232."),
        T("Параметр 003 «p e s l r a a h h v»: для RS-485 p=2, r=0, скорость v; для RS-232 e=0, l=0, скорость s; "
          "адрес aa (00…29) запишите в УТМЦ.",
          "Parameter 003 \"p e s l r a a h h v\": RS-485 needs p=2, r=0, speed v; RS-232 needs e=0, l=0, speed s; "
          "enter address aa (00…29) here.")))
_add(("Магика А2200",), _n(T("Магика А2200", "Magika A2200"), _RS232,
     T("Версия по буквам серийного номера: MD — 0, M — 1, EA — 2, K — 3.",
       "Version from the serial's letters: MD 0, M 1, EA 2, K 3."),
     _speed(19200), T("Адрес — цифры серийного номера.", "Address: the serial number's digits."),
     baud=19200, rule=_magika))
_add(("Магика АТ2200 через шлюз RS 232/485 ModBus",), _n(T("Магика АТ2200 через шлюз", "Magika AT2200 via gateway"),
     T("Подключение через шлюз RS 232/485 ModBus; версия 100, адрес 1.",
       "Through an RS 232/485 ModBus gateway; version 100, address 1."), _speed(19200), baud=19200,
     rule=fixed(1, "через шлюз: адрес 1, версия 100", "via gateway: address 1, version 100", 19200, 100)))
_add(("Тепловодохран Пульсар", "Weser"), _n(T("Тепловодохран Пульсар, Weser", "Teplovodokhran Pulsar, Weser"),
     T("RS-485: скорость 9600; адрес — 8 цифр серийного номера.", "RS-485: 9600 baud; address: 8 serial digits."),
     T("mBus: скорость 2400, опрос через порт RS-232 концентратора; можно внести как «Valtec VHM-T».",
       "mBus: 2400 baud through the RS-232 port; may be entered as \"Valtec VHM-T\"."),
     baud=9600, rule=whole_serial(9600)))
_add(("Термотроник ТВ-7",), _n(T("Термотроник ТВ-7", "Termotronik TV-7"), _RS232,
     T("Протокол Modbus RTU (Сервис → Коммуникации → COM1); скорость там же, обычно 9600.",
       "Protocol Modbus RTU (Service → Communications → COM1); the speed is there too, usually 9600."),
     T("Сетевой адрес: Настройки → Системные → Идентификация; на контакт 8 — 5…12 В.",
       "Network address: Settings → System → Identification; pin 8 needs 5…12 V."), baud=9600))
_add(("SANEXT Mono RM",), _n(T("SANEXT Mono RM", "SANEXT Mono RM"), _RS485,
     T("Адрес — 8 цифр серийного номера.", "Address: 8 serial digits."), _speed(9600),
     baud=9600, rule=whole_serial(9600)))
_add(("СЭТ СИПУ",), _n(T("СЭТ СИПУ", "SET SIPU"), _RS485,
     T("Адрес — 3 последние цифры (2, если больше 247; 0 → 100) или 8 цифр серийного номера.",
       "Address: last 3 digits (2 if above 247; 0 → 100) or the 8-digit serial."), _speed(9600),
     T("«P» (лат.) в примечании — данные в формате счётчика импульсов.", "Latin \"P\" in the note: pulse format."),
     baud=9600, rule=_sipu))
_add(("Пульсар", "Пульсар М"), _n(T("Пульсар (вода)", "Pulsar (water)"), _RS485,
     T("Адрес — 8 цифр серийного номера.", "Address: 8 serial digits."), _speed(9600),
     baud=9600, rule=whole_serial(9600)))
_add(("СЭТ Протей", "СЭТ считыватель показаний водосчётчика", "VLF-URS", "Valtec ТСУ", "Valtec VHM-T",
      "СЭТ Гефест", "СЭТ ТСУ"), _n(T("Двойная адресация", "Two-way addressing"), *_DUAL,
                                   baud=9600, rule=whole_serial(9600)))
_add(("СЭТ СВЭУ",), _n(T("СЭТ СВЭУ", "SET SVEU"), *_DUAL,
     T("«М» (лат.) в примечании — последняя запись месячного архива.", "Latin \"M\" in the note: monthly archive."),
     baud=9600, rule=whole_serial(9600)))
_add(("Ридан РУТ-01",), _n(T("Ридан РУТ-01", "Ridan RUT-01"), _RS485,
     T("Заводской адрес 248: запишите в счётчик адрес 1…247.", "Factory address 248: set 1…247 in the meter."),
     _speed(2400), baud=2400))
_add(("ТЭСС СТУ-1",), _n(T("ТЭСС СТУ-1", "TESS STU-1"), _BOTH,
     T("Адрес и скорость — как в настройках: ПРОГРАММИРОВАНИЕ → Условия.",
       "Address and speed as in the meter: PROGRAMMING → Conditions.")))


def notes_for(model: DeviceModel) -> ModelNotes | None:
    return _NOTES.get(normalise_name(model.name))


def suggest(model: DeviceModel, serial: str) -> list[Suggestion]:
    """Address suggestions for a factory number, the model's own rule first; [] without a rule or digits.

    СПОДЭС meters also get the guide's factory address (last 3 digits, 2 above 124, +10 below 17).
    """
    notes = notes_for(model)
    if not digits(serial):
        return []
    found = notes.rule(serial) if notes is not None and notes.rule is not None else []
    if model.spodes and all(s.rule != _SPODES_TEXT for s in found):
        # the guide's factory address of every СПОДЭС meter, after the model's own rule
        found.append(Suggestion(spodes(serial), _SPODES_TEXT, notes.baud if notes is not None else None))
    return found
