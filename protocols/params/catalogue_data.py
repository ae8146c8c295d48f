"""The module parameters, declared once (GSM manual §6, §9; NB-IoT manual §7, Table 2, §7.3.1–7.3.5).

Russian labels follow the vendor tools' wording. Binary codes are ours (the vendor's frames are
not public); they are listed in docs/protocols/sms-commands.md. Ranges the manuals do not give
are ours and say so in their help text. Each parameter names its SMS command (protocols.params.catalogue_sms)
and its place in it (``sms``); protocols.sms.sms_grammar derives the command table from that.
"""

from __future__ import annotations

from protocols.params import catalogue_sms as cmd
from protocols.params.catalogue_model import (
    ALL_MODULES,
    GSM_MODULES,
    LTE_GSM_MODULES,
    NB_IOT_MODULES,
    Choice,
    Condition,
    Group,
    Kind,
    Parameter,
    SmsCommand,
    SmsField,
)
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware
from protocols.text import Text

T = Text

CHANNELS = Group("channels", T("Каналы связи", "Communication channels"))
FUNCTIONS = Group("functions", T("Режим работы модуля", "Module functions"))
APN = Group("apn", T("Настройка APN", "APN settings"))
TIME_SYNC = Group("time_sync", T("Синхронизация времени", "Time synchronisation"))
NEW_PASSWORD = Group("new_password", T("Новый пароль", "New password"))
CELLULAR = Group("cellular", T("Сотовая связь", "Cellular network"))
MQTT_LOADER = Group("mqtt_loader", T("Загрузчик MQTT", "MQTT loader"))
HTTP_LOADER = Group("http_loader", T("Загрузчик HTTP", "HTTP loader"))
MQTT_CLIENT = Group("mqtt_client", T("Настройка MQTT клиента", "MQTT client settings"))
AUTOINFORM = Group("autoinform", T("Автоинформирование", "Auto-informing"))
USER_NUMBER = Group("user_number", T("Номер пользователя", "User phone number"))

_SINCE_2_0 = Firmware(2, 0)  # GSM manual §9.2 «Режим работы модема (с версии 2.0)», §9.5 «Пароль … (с версии 2.0)»

CLIENT_MODES = frozenset({"client", "client-cenc"})
IP_MODES = frozenset({"client", "client-cenc", "server"})

_NOT_NIDD = Condition(
    "nidd_enabled",
    frozenset({False, None}),
    T(
        "В режиме NIDD функции, работающие на базе протокола IP, не работают",
        "In NIDD mode the functions that work over IP do not work",
    ),
)
_CLIENT_MODE = Condition(
    "mode",
    CLIENT_MODES,
    T(
        "Адрес сервера нужен только в режимах «Клиент» и «Клиент CENC»",
        "The server address is used only in the Client and Client CENC modes",
    ),
)
_IP_MODE = Condition(
    "mode",
    IP_MODES,
    T("В режиме SMS порт не используется", "The port is not used in SMS mode"),
)


def _switch_on(key: str, label: Text) -> Condition:
    return Condition(
        key,
        frozenset({True}),
        T(f"Включите «{label.ru}»", f"Switch on “{label.en}”"),
    )


_OURS = T("Диапазон задан конфигуратором (в руководстве не указан).", "Range set by the configurator "
          "(the manual gives none).")

MODE = Parameter(
    key="mode",
    label=T("Режим работы", "Operating mode"),
    group=CHANNELS,
    kind=Kind.CHOICE,
    code=0x01,
    default="sms",
    module_defaults={m: "server" for m in NB_IOT_MODULES},
    choices=(
        Choice("sms", T("SMS", "SMS"), 0, "0", GSM_MODULES),
        Choice("client-cenc", T("Клиент CENC", "Client CENC"), 1, "1"),
        Choice("server", T("Сервер", "Server"), 2, "2"),
        Choice("client", T("Клиент", "Client"), 6, "6"),
    ),
    help=T(
        "Обработка SMS включена во всех режимах. Команда MODE отправляется последней: модуль "
        "перезагружается и применяет все настройки связи. Для NB-IoT переключатели «Клиент CENC» "
        "и «Сервер» экспертного режима соответствуют этому параметру.",
        "SMS handling is on in every mode. The MODE command is sent last: the module reboots and "
        "applies all communication settings. For NB-IoT the expert switches Client CENC and Server "
        "correspond to this parameter.",
    ),
    sms=SmsField(cmd.MODE_SMS, min_firmware=_SINCE_2_0),
)
UDP = Parameter(
    key="udp_transport",
    label=T("Работа по UDP", "Use UDP instead of TCP"),
    group=CHANNELS,
    kind=Kind.BOOL,
    code=0x10,
    default=False,
    modules=NB_IOT_MODULES,
    help=T(
        "Выбор UDP протокола позволяет снизить нагрузку на сеть оператора при подключении большого "
        "количества счетчиков к одной базовой станции.",
        "UDP lowers the load on the operator's network when many meters use one base station.",
    ),
    enabled_when=(_NOT_NIDD,),
    sms=SmsField(cmd.FUNC_SMS, 1),
)
SERVER = Parameter(
    key="server",
    label=T("IP Адрес/DNS Имя", "IP address/DNS name"),
    group=CHANNELS,
    kind=Kind.HOST,
    code=0x05,
    default="",
    max_length=50,
    help=T(
        "Обязателен в режимах «Клиент» и «Клиент CENC». IP-адрес в формате Y.X.X.X (Y от 1 до 255, "
        "X от 0 до 255) или DNS-имя сервера.",
        "Required in the Client and Client CENC modes. An IP address Y.X.X.X (Y 1–255, X 0–255) "
        "or the server's DNS name.",
    ),
    enabled_when=(_CLIENT_MODE, _NOT_NIDD),
    short=T("Сервер", "Server"),
    sms=SmsField(cmd.DNS_SMS, sends_empty=False),  # §9.6 has no "empty" token
)
PORT = Parameter(
    key="port",
    label=T("Порт", "Port"),
    group=CHANNELS,
    kind=Kind.INT,
    code=0x06,
    default=8000,
    module_defaults={m: 80 for m in NB_IOT_MODULES},
    min=1,
    max=65535,
    width=2,
    help=T(
        "В режимах «Клиент» — порт сервера, в режиме «Сервер» — порт входящего подключения. "
        "NB-IoT: по таблице 2 руководства значение по умолчанию 80, в таблице экспертного режима "
        "показано 8000; по умолчанию принято 80.",
        "Client modes: the server's port; Server mode: the port for incoming connections. "
        "NB-IoT: the manual's Table 2 gives 80 as the default, its expert-mode table shows 8000; "
        "the default here is 80.",
    ),
    enabled_when=(_IP_MODE, _NOT_NIDD),
    short=T("Порт", "Port"),
    sms=SmsField(cmd.PORT_SMS, reply_position=2),
)
PERIOD = Parameter(
    key="period",
    label=T(
        "Период времени установки/контроля TCP-соединения с сервером, с",
        "TCP connection set-up/check period, s",
    ),
    group=CHANNELS,
    kind=Kind.INT,
    code=0x07,
    default=300,
    min=60,
    max=65535,
    width=2,
    unit=T("с", "s"),
    help=T(
        "«Время переключения при отсутствии обмена». Не рекомендуется меньше 300 с в режиме "
        "«Клиент CENC»: увеличится интернет-трафик.",
        "Time without exchange before reconnecting. Below 300 s is not recommended in Client CENC "
        "mode: it increases the internet traffic.",
    ),
    enabled_when=(_IP_MODE, _NOT_NIDD),
    short=T("Период установки соединения, с", "Connection set-up period, s"),
    sms=SmsField(cmd.TIMEOUT_SMS),
)
RESET = Parameter(
    key="reset_hours",
    label=T("Период переинициализации (сброса), часов", "Re-initialisation (reset) period, hours"),
    group=CHANNELS,
    kind=Kind.INT,
    code=0x08,
    default=24,
    min=1,
    max=24,
    width=1,
    unit=T("ч", "h"),
    expert=True,
    help=T(
        "Период полной переинициализации модема при отсутствии активности по внешним интерфейсам.",
        "Full modem re-initialisation when the external interfaces have been idle this long.",
    ),
    short=T("Период переинициализации, ч", "Re-initialisation period, h"),
    sms=SmsField(cmd.RESET_SMS),
)


def _function(key: str, code: int, place: int, label: Text, help_: Text | None = None, *, expert: bool = True,
              nidd_matters: bool = True) -> Parameter:
    return Parameter(
        key=key, label=label, group=FUNCTIONS, kind=Kind.BOOL, code=code, default=False,
        modules=NB_IOT_MODULES, expert=expert, help=help_,
        enabled_when=(_NOT_NIDD,) if nidd_matters else (), sms=SmsField(cmd.FUNC_SMS, place),
    )


MQTT_ON = _function("mqtt_enabled", 0x11, 2, T("Клиент MQTT", "MQTT client"))
HOST_UPDATE_ON = _function(
    "host_update_enabled", 0x12, 3, T("Клиент обновления ВПО хоста", "Host firmware update client")
)
HTTP_UPDATE_ON = _function(
    "http_update_enabled", 0x13, 4, T("Клиент HTTP обновления ВПО", "HTTP firmware update client")
)
NIDD_ON = _function(
    "nidd_enabled", 0x14, 5, T("Клиент NIDD", "NIDD client"),
    T(
        "Режим NIDD: работа в сети NB-IoT по технологии NIDD. Функции «Клиент CENC», «Серверный "
        "режим», «Клиент MQTT», «Серверный режим по UDP», «NTP», работающие на базе протокола IP, "
        "НЕ РАБОТАЮТ. Параметры «Настройки APN» обязательны.",
        "NIDD mode: NB-IoT operation over NIDD. Client CENC, Server mode, MQTT client, UDP server "
        "mode and NTP work over IP and DO NOT WORK. The APN settings are required.",
    ),
    expert=False, nidd_matters=False,
)

APN_NAME = Parameter(
    key="apn",
    label=T("Точка доступа (APN)", "Access point (APN)"),
    group=APN,
    kind=Kind.TEXT,
    code=0x02,
    default="internet",
    min_length=1,
    max_length=50,
    help=T("Выдается оператором сотовой связи.", "Given by the mobile operator."),
    sms=SmsField(cmd.APN_SMS),
)
AUTH_TYPE = Parameter(
    key="auth_type",
    label=T("Тип аутентификации", "Authentication type"),
    group=APN,
    kind=Kind.CHOICE,
    code=0x09,
    default="none",
    modules=LTE_GSM_MODULES,
    choices=(
        Choice("none", T("None", "None"), 0, "0"),
        Choice("pap", T("PAP", "PAP"), 1, "1"),
        Choice("chap", T("CHAP", "CHAP"), 2, "2"),
    ),
    help=T(
        "Если используются имя пользователя и пароль, укажите PAP или CHAP.",
        "When a user name and password are used, choose PAP or CHAP.",
    ),
    sms=SmsField(cmd.AUTH_SMS),
)
APN_USER = Parameter(
    key="apn_user",
    label=T("Имя пользователя", "User name"),
    group=APN,
    kind=Kind.TEXT,
    code=0x03,
    default="",
    max_length=32,
    short=T("Имя пользователя APN", "APN user name"),
    sms=SmsField(cmd.USER_SMS, reply_position=2),
)
APN_PASSWORD = Parameter(
    key="apn_password",
    label=T("Пароль", "Password"),
    group=APN,
    kind=Kind.PASSWORD,
    code=0x04,
    default="",
    max_length=32,
    short=T("Пароль APN", "APN password"),
    sms=SmsField(cmd.PSW_SMS, reply_position=3, min_firmware=_SINCE_2_0),
)

NTP_ON = Parameter(
    key="ntp_enabled",
    label=T("Синхронизация времени с сервером NTP", "Time synchronisation with an NTP server"),
    group=TIME_SYNC,
    kind=Kind.BOOL,
    code=0x20,
    default=False,
    modules=NB_IOT_MODULES,
    expert=True,
    excluded_meters=("CE301", "CE303", "CE308 IEC"),
    help=T(
        "Для счетчиков CE301, CE303, CE308 IEC синхронизация времени недоступна. Сервер NTP и "
        "счетчик должны быть в одних сутках.",
        "Not available for CE301, CE303, CE308 IEC meters. The NTP server and the meter must be "
        "within the same day.",
    ),
    enabled_when=(_NOT_NIDD,),
    sms=SmsField(cmd.NTP_SMS, 1),
)
_NTP_SWITCHED_ON = _switch_on("ntp_enabled", NTP_ON.label)
NTP_PERIOD = Parameter(
    key="ntp_period_min",
    label=T("Период обновления (мин)", "Update period (min)"),
    group=TIME_SYNC,
    kind=Kind.INT,
    code=0x21,
    default=60,
    min=1,
    max=65535,
    width=2,
    modules=NB_IOT_MODULES,
    unit=T("мин", "min"),
    help=_OURS,
    enabled_when=(_NTP_SWITCHED_ON, _NOT_NIDD),
    sms=SmsField(cmd.NTP_SMS, 2),
)
NTP_ZONE = Parameter(
    key="ntp_timezone",
    label=T("Временная зона", "Time zone"),
    group=TIME_SYNC,
    kind=Kind.INT,
    code=0x22,
    default=3,
    min=-12,
    max=14,
    width=1,
    signed=True,
    modules=NB_IOT_MODULES,
    expert=True,
    unit=T("ч от UTC", "h from UTC"),
    help=T("Смещение от UTC в часах. " + _OURS.ru, "Offset from UTC in hours. " + _OURS.en),
    enabled_when=(_NTP_SWITCHED_ON, _NOT_NIDD),
    sms=SmsField(cmd.NTP_SMS, 3),
)
NTP_SERVER = Parameter(
    key="ntp_server",
    label=T("Адрес сервера NTP", "NTP server address"),
    group=TIME_SYNC,
    kind=Kind.HOST,
    code=0x23,
    default="ntp1.vniiftri.ru",
    max_length=50,
    modules=NB_IOT_MODULES,
    help=T("Адреса серверов NTP предоставляет ФГУП ВНИИФТРИ.", "NTP servers of VNIIFTRI."),
    enabled_when=(_NTP_SWITCHED_ON, _NOT_NIDD),
    sms=SmsField(cmd.NTP_SMS, 4),
)

_PASSWORD_HELP = T(
    "Пусто — пароль не меняется. Не более 16 символов (ограничение конфигуратора), без пробелов и запятых.",
    "Empty: the password is not changed. Up to 16 characters (the configurator's limit), no spaces "
    "or commas.",
)
NEW_ADMIN_PASSWORD = Parameter(
    key="new_admin_password",
    label=T("Новый пароль доступа", "New access password"),
    group=NEW_PASSWORD,
    kind=Kind.PASSWORD,
    code=0x0C,
    default="",
    max_length=16,
    help=_PASSWORD_HELP,
    sms=SmsField(cmd.PASS_SMS, sends_empty=False),  # empty: the password is not changed
)
NEW_USER_PASSWORD = Parameter(
    key="user_password",
    label=T("Новый пароль пользователя", "New user password"),
    group=NEW_PASSWORD,
    kind=Kind.PASSWORD,
    code=0x0D,
    default="",
    max_length=16,
    expert=True,
    help=T(
        "Пароль для команд с уровнем доступа «Пользователь» (по умолчанию «0000»). " + _PASSWORD_HELP.ru,
        "Password for user-level commands (default “0000”). " + _PASSWORD_HELP.en,
    ),
    sms=SmsField(cmd.UPASS_SMS, sends_empty=False),
)

CELLULAR_MODE = Parameter(
    key="cellular_mode",
    label=T("Режим сотовой связи", "Cellular mode"),
    group=CELLULAR,
    kind=Kind.CHOICE,
    code=0x0A,
    default="auto",
    modules=LTE_GSM_MODULES,
    expert=True,
    choices=(
        Choice("auto", T("Авто", "Auto"), 0, "0"),
        Choice("gsm_only", T("Только GSM", "GSM only"), 1, "1"),
        Choice("lte_only", T("Только 4G", "4G only"), 2, "2"),
    ),
    help=T(
        "Рекомендуется «Авто». В модуле связи исполнения «8421» тип сети «Только GSM» означает работу "
        "в сетях 2G и 3G.",
        "Auto is recommended. On the 8421 module “GSM only” means 2G and 3G networks.",
    ),
    sms=SmsField(cmd.CELL_SMS),
)
BANDS = Parameter(
    key="bands",
    label=T("Рабочие частоты", "Frequency bands"),
    group=CELLULAR,
    kind=Kind.FLAGS,
    code=0x0B,
    default=frozenset({"gsm900", "gsm1800", "lte_b1", "lte_b3", "lte_b5", "lte_b7", "lte_b8", "lte_b20"}),
    modules=frozenset({ModuleType.GSM_2G4G}),
    expert=True,
    choices=(
        Choice("gsm900", T("GSM 900 МГц", "GSM 900 MHz"), 0, "G900"),
        Choice("gsm1800", T("GSM 1800 МГц", "GSM 1800 MHz"), 1, "G1800"),
        Choice("lte_b1", T("Полоса LTE 1", "LTE band 1"), 2, "B1"),
        Choice("lte_b3", T("Полоса LTE 3", "LTE band 3"), 3, "B3"),
        Choice("lte_b5", T("Полоса LTE 5", "LTE band 5"), 4, "B5"),
        Choice("lte_b7", T("Полоса LTE 7", "LTE band 7"), 5, "B7"),
        Choice("lte_b8", T("Полоса LTE 8", "LTE band 8"), 6, "B8"),
        Choice("lte_b20", T("Полоса LTE 20", "LTE band 20"), 7, "B20"),
    ),
    help=T(
        "Модуль не подключится к другим диапазонам даже при отсутствии вещания или слабом сигнале. "
        "В модуле исполнения «8421» частоты выбираются автоматически.",
        "The module will not use any other band, even with no coverage or a weak signal. "
        "The 8421 module selects bands automatically.",
    ),
    sms=SmsField(cmd.BANDS_SMS),
)


def _address(key: str, code: int, group: Group, when: tuple[Condition, ...], command: SmsCommand) -> Parameter:
    return Parameter(
        key=key, label=T("Адрес", "Address"), group=group, kind=Kind.HOST, code=code, default="",
        max_length=50, modules=NB_IOT_MODULES, expert=True, enabled_when=when, sms=SmsField(command, 1),
    )


def _port(key: str, code: int, group: Group, default: int, when: tuple[Condition, ...],
          command: SmsCommand) -> Parameter:
    return Parameter(
        key=key, label=T("Порт", "Port"), group=group, kind=Kind.INT, code=code, default=default,
        min=1, max=65535, width=2, modules=NB_IOT_MODULES, expert=True, enabled_when=when,
        help=T("Порт по умолчанию выбран конфигуратором.", "Default port chosen by the configurator."),
        sms=SmsField(command, 2),
    )


LOADER_MQTT_HOST = _address("loader_mqtt_host", 0x38, MQTT_LOADER, (_NOT_NIDD,), cmd.LMQTT_SMS)
LOADER_MQTT_PORT = _port("loader_mqtt_port", 0x39, MQTT_LOADER, 1883, (_NOT_NIDD,), cmd.LMQTT_SMS)
LOADER_HTTP_HOST = _address("loader_http_host", 0x3A, HTTP_LOADER, (_NOT_NIDD,), cmd.LHTTP_SMS)
LOADER_HTTP_PORT = _port("loader_http_port", 0x3B, HTTP_LOADER, 80, (_NOT_NIDD,), cmd.LHTTP_SMS)

_MQTT_SWITCHED_ON = (_switch_on("mqtt_enabled", MQTT_ON.label), _NOT_NIDD)
MQTT_HOST = _address("mqtt_host", 0x30, MQTT_CLIENT, _MQTT_SWITCHED_ON, cmd.MQTT_SMS)
MQTT_PORT = _port("mqtt_port", 0x31, MQTT_CLIENT, 1883, _MQTT_SWITCHED_ON, cmd.MQTT_SMS)
MQTT_USER = Parameter(
    key="mqtt_user", label=T("Имя пользователя", "User name"), group=MQTT_CLIENT, kind=Kind.TEXT,
    code=0x32, default="", max_length=32, modules=NB_IOT_MODULES, expert=True,
    help=T("Может не требоваться: зависит от настроек MQTT сервера.",
           "May not be needed: depends on the MQTT server."),
    enabled_when=_MQTT_SWITCHED_ON, sms=SmsField(cmd.MQLOGIN_SMS, 1),
)
MQTT_PASSWORD = Parameter(
    key="mqtt_password", label=T("Пароль", "Password"), group=MQTT_CLIENT, kind=Kind.PASSWORD,
    code=0x33, default="", max_length=32, modules=NB_IOT_MODULES, expert=True,
    enabled_when=_MQTT_SWITCHED_ON, sms=SmsField(cmd.MQLOGIN_SMS, 2),
)
MQTT_TOPIC = Parameter(
    key="mqtt_root_topic", label=T("Корневой топик", "Root topic"), group=MQTT_CLIENT, kind=Kind.TEXT,
    code=0x34, default="", max_length=50, modules=NB_IOT_MODULES, expert=True,
    help=T(
        "Модуль добавит к топику свой серийный номер. Сервер должен поддерживать MQTT 3.1.1.",
        "The module appends its serial number to the topic. The server must support MQTT 3.1.1.",
    ),
    enabled_when=_MQTT_SWITCHED_ON, sms=SmsField(cmd.MQLOGIN_SMS, 3),
)

AUTOINFORM_ON = Parameter(
    key="autoinform_enabled",
    label=T("Включить авто-информирование", "Enable auto-informing"),
    group=AUTOINFORM,
    kind=Kind.BOOL,
    code=0x40,
    default=False,
    modules=NB_IOT_MODULES,
    expert=True,
    help=T(
        "Периодическая отправка SMS на номер пользователя. Доступно, только если задан номер "
        "телефона пользователя.",
        "Periodic SMS to the user's number. Available only when the user's phone number is set.",
    ),
    sms=SmsField(cmd.AINF_SMS, 1),
)
_AUTOINFORM_SWITCHED_ON = (_switch_on("autoinform_enabled", AUTOINFORM_ON.label),)
AUTOINFORM_PERIOD = Parameter(
    key="autoinform_period", label=T("Период", "Period"), group=AUTOINFORM, kind=Kind.CHOICE,
    code=0x41, default="daily", modules=NB_IOT_MODULES, expert=True,
    choices=(
        Choice("daily", T("Ежедневно", "Daily"), 0, "0"),
        Choice("monthly", T("Ежемесячно", "Monthly"), 1, "1"),
    ),
    enabled_when=_AUTOINFORM_SWITCHED_ON, sms=SmsField(cmd.AINF_SMS, 2),
)
AUTOINFORM_HOUR = Parameter(
    key="autoinform_hour", label=T("Номер часа", "Hour"), group=AUTOINFORM, kind=Kind.INT,
    code=0x42, default=12, min=0, max=23, width=1, modules=NB_IOT_MODULES, expert=True,
    visible_when=(Condition("autoinform_period", frozenset({"daily"}),
                            T("Номер часа задается при ежедневной отправке",
                              "The hour is set for daily messages")),),
    enabled_when=_AUTOINFORM_SWITCHED_ON, sms=SmsField(cmd.AINF_SMS, 3),
)
AUTOINFORM_DAY = Parameter(
    key="autoinform_day", label=T("Номер дня", "Day of month"), group=AUTOINFORM, kind=Kind.INT,
    code=0x43, default=1, min=1, max=28, width=1, modules=NB_IOT_MODULES, expert=True,
    visible_when=(Condition("autoinform_period", frozenset({"monthly"}),
                            T("Номер дня задается при ежемесячной отправке",
                              "The day is set for monthly messages")),),
    enabled_when=_AUTOINFORM_SWITCHED_ON, sms=SmsField(cmd.AINF_SMS, 4),
)
AUTOINFORM_ITEMS = Parameter(
    key="autoinform_items", label=T("Отправлять", "Send"), group=AUTOINFORM, kind=Kind.FLAGS,
    code=0x44, default=frozenset({"total"}), modules=NB_IOT_MODULES, expert=True,
    choices=(
        Choice("balance", T("Баланс", "Balance"), 0, "B"),
        Choice("total", T("Энергия «суммарная»", "Energy, total"), 1, "E"),
        Choice("t1", T("Энергия «тариф 1»", "Energy, tariff 1"), 2, "1"),
        Choice("t2", T("Энергия «тариф 2»", "Energy, tariff 2"), 3, "2"),
        Choice("t3", T("Энергия «тариф 3»", "Energy, tariff 3"), 4, "3"),
        Choice("t4", T("Энергия «тариф 4»", "Energy, tariff 4"), 5, "4"),
    ),
    help=T(
        "Формат сообщения: <TYPE>, <SERIAL>, E:<E_TOTAL>, T1:<E_T1> … T4:<E_T4> — только выбранные.",
        "Message format: <TYPE>, <SERIAL>, E:<E_TOTAL>, T1:<E_T1> … T4:<E_T4> — only those chosen.",
    ),
    enabled_when=_AUTOINFORM_SWITCHED_ON, sms=SmsField(cmd.AINF_SMS, 5),
)

USER_PHONE = Parameter(
    key="user_phone",
    label=T("Абонентский номер", "User phone number"),
    group=USER_NUMBER,
    kind=Kind.PHONE,
    code=0x48,
    default="",
    max_length=16,
    modules=NB_IOT_MODULES,
    expert=True,
    help=T(
        "В международном формате (+7xxxxxxxxxx). На этот номер модуль отправляет SMS "
        "автоинформирования.",
        "International form (+7xxxxxxxxxx). Auto-informing messages go to this number.",
    ),
    sms=SmsField(cmd.PHONE_SMS, 1),
)
USER_PHONE_TRUSTED = Parameter(
    key="user_phone_trusted",
    label=T(
        "Разрешить текстовые команды с телефона пользователя без проверки пароля",
        "Accept text commands from the user's phone without a password",
    ),
    group=USER_NUMBER,
    kind=Kind.BOOL,
    code=0x49,
    default=False,
    modules=NB_IOT_MODULES,
    expert=True,
    help=T(
        "Только для команд с уровнем доступа «Пользователь».",
        "Only for commands with the “User” access level.",
    ),
    sms=SmsField(cmd.PHONE_SMS, 2),
)

# Catalogue order is form order.
PARAMETERS: tuple[Parameter, ...] = (
    MODE, UDP, SERVER, PORT, PERIOD, RESET,
    NIDD_ON, MQTT_ON, HOST_UPDATE_ON, HTTP_UPDATE_ON,
    APN_NAME, AUTH_TYPE, APN_USER, APN_PASSWORD,
    NTP_ON, NTP_PERIOD, NTP_ZONE, NTP_SERVER,
    CELLULAR_MODE, BANDS,
    LOADER_MQTT_HOST, LOADER_MQTT_PORT, LOADER_HTTP_HOST, LOADER_HTTP_PORT,
    MQTT_HOST, MQTT_PORT, MQTT_USER, MQTT_PASSWORD, MQTT_TOPIC,
    AUTOINFORM_ON, AUTOINFORM_PERIOD, AUTOINFORM_HOUR, AUTOINFORM_DAY, AUTOINFORM_ITEMS,
    USER_PHONE, USER_PHONE_TRUSTED,
    NEW_ADMIN_PASSWORD, NEW_USER_PASSWORD,
)

DEFAULT_ADMIN_PASSWORD = "12345678"
DEFAULT_USER_PASSWORD = "0000"

assert len({p.key for p in PARAMETERS}) == len(PARAMETERS), "duplicate parameter key"
assert len({p.code for p in PARAMETERS}) == len(PARAMETERS), "duplicate parameter code"
assert all(p.modules <= ALL_MODULES and p.sms is not None for p in PARAMETERS), "every parameter travels by SMS"
