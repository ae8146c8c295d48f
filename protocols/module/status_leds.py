"""LED indication of the modules: 001 Appendix В (replaceable GSM modules, CE810) and
000 Appendix Б (NB-IoT modules), worded as in the manuals.

Each table holds its appendix's rows, in the manual's order, and nothing else: 7 for the GSM
modules (the red LED, F1, F2), 10 for NB-IoT (LED1 ×4, LED2 ×6). The last row of each — «F2
непрерывно светится» and «LED2 4-я вспышка (длинная): Зарегистрирован на сервере CENC» — is the
last line of its appendix, which is also the last line of its manual.
"""

from __future__ import annotations

from dataclasses import dataclass

from protocols.params.module_types import ModuleType
from protocols.text import Text


@dataclass(frozen=True)
class LedIndication:
    led: Text
    pattern: Text
    meaning: Text


def _row(led: tuple[str, str], pattern: tuple[str, str], meaning: tuple[str, str]) -> LedIndication:
    return LedIndication(Text(*led), Text(*pattern), Text(*meaning))


_RED = ("Светодиод (красный)", "LED (red)")
_F1 = ("F1 (зеленый)", "F1 (green)")
_F2 = ("F2 (зеленый)", "F2 (green)")

GSM_LEDS: tuple[LedIndication, ...] = (
    _row(_RED, ("Горит постоянно - норма", "Steady on - normal"),
         ("При наличии питания модуля от счетчика.", "The module is powered by the meter.")),
    _row(_RED, ("Гаснет каждые 15 минут на 2 секунды", "Goes off for 2 seconds every 15 minutes"),
         ("Сброс питания модуля от счетчика - неисправность.", "The meter resets the module's power - a fault.")),
    _row(_F1, ("F1 не светится", "F1 off"),
         ("Отсутствует подключение TCP", "No TCP connection")),
    _row(_F1, ("F1 мигает 1 раз в 2 секунды на 1 секунду", "F1 lights for 1 second every 2 seconds"),
         ("TCP соединение успешно установлено", "TCP connection established")),
    _row(_F1, ("F1 непрерывно светится", "F1 steady on"),
         ("Идёт обмен по TCP соединению", "Data exchange over the TCP connection")),
    _row(_F2, ("F2 мигает 1 раз в 2 секунды на 1 секунду", "F2 lights for 1 second every 2 seconds"),
         ("В процессе инициализации SIM, если при установленной SIM индикация не меняется в течении "
          "30 секунд, то SIM не инициализирована, или отсутствует регистрация в сети оператора",
          "SIM initialisation in progress; if with a SIM inserted the indication does not change within "
          "30 seconds, the SIM is not initialised or there is no registration in the operator's network")),
    _row(_F2, ("F2 непрерывно светится", "F2 steady on"),
         ("SIM инициализирована, успешная регистрация в сети оператора",
          "SIM initialised, registered in the operator's network")),
)

# 000 Appendix Б: each LED flashes 4 times a second, then pauses 2 s; each flash is long (0.8 s)
# or short (0.2 s), and each long flash position has its own meaning.
NB_LED_CYCLE = Text(
    "LED1 и LED2 мигают по 4 раза каждую секунду, затем пауза 2 сек и так далее. "
    "Каждое из 4-х миганий может быть: длинное (0,8с); короткое (0,2с).",
    "LED1 and LED2 flash 4 times every second, then pause for 2 s, and so on. "
    "Each of the 4 flashes is either long (0.8 s) or short (0.2 s).",
)
_LED1 = ("LED1", "LED1")
_LED2 = ("LED2", "LED2")

NB_LEDS: tuple[LedIndication, ...] = (
    _row(_LED1, ("1-я вспышка (длинная)", "1st flash (long)"),
         ("Есть связь со счетчиком", "Link with the meter")),
    _row(_LED1, ("2-я вспышка (длинная)", "2nd flash (long)"),
         ("Идет обмен по BTL (обновление прошивки модуля по сети)",
          "BTL exchange (module firmware update over the network)")),
    _row(_LED1, ("3-я вспышка (длинная)", "3rd flash (long)"),
         ("Идет обмен по MQTT", "MQTT exchange")),
    _row(_LED1, ("4-я вспышка (длинная)", "4th flash (long)"),
         ("Идет обмен по каналу CENC или по серверному каналу", "Exchange over the CENC or the server channel")),
    _row(_LED2, ("все вспышки короткие (0,2с)", "all flashes short (0.2 s)"),
         ("Модуль перезагружается", "The module is restarting")),
    _row(_LED2, ("только 4-я вспышка (длинная)", "only the 4th flash long"),
         ("В модуле отсутствует СИМ карта", "No SIM card in the module")),
    _row(_LED2, ("1-я вспышка (длинная)", "1st flash (long)"),
         ("Включен, сим карта есть", "On, SIM card present")),
    _row(_LED2, ("2-я вспышка (длинная)", "2nd flash (long)"),
         ("Есть регистрация в сети", "Registered in the network")),
    _row(_LED2, ("3-я вспышка (длинная)", "3rd flash (long)"),
         ("Есть выход в интернет", "Internet access")),
    _row(_LED2, ("4-я вспышка (длинная)", "4th flash (long)"),
         ("Зарегистрирован на сервере CENC", "Registered on the CENC server")),
)


def led_indications(module: ModuleType) -> tuple[LedIndication, ...]:
    return NB_LEDS if module.is_nb_iot else GSM_LEDS
