"""Delivery methods of the module configurator and when each one is available.

    available_methods(module, firmware) -> [(Method, available, reason | None)]
    unavailable_reason(method, module, firmware) -> Text | None

GSM manual §6.4 lists six methods for GSM modules; NB-IoT manual §7.4 lists five for NB-IoT (no SMS
through a GSM modem) and says TCP/IP and TCP/IP CENC need module firmware above 2.6. The GUI
enables its method buttons from here and the CLI refuses ``configure --via tcp|cenc`` from here.
"""

from __future__ import annotations

import enum

from protocols.module_types import ModuleType
from protocols.text import Text

NB_IOT_IP_FIRMWARE = (2, 6)  # NB-IoT manual §7.4: "Доступно в версии ВПО модуля связи выше 2.6"


class Method(enum.Enum):
    SMS = "sms"
    DIRECT = "direct"
    TCP = "tcp"
    CENC = "cenc"
    MASTER_SIM = "master_sim"
    SMS_TEXT = "sms_text"

    @property
    def label(self) -> Text:
        return _LABELS[self]

    @property
    def uses_modem(self) -> bool:
        return self in (Method.SMS, Method.MASTER_SIM)

    @property
    def uses_link(self) -> bool:
        """Methods that talk to the module with our frames (status reading works over them)."""
        return self in (Method.DIRECT, Method.TCP, Method.CENC)


_LABELS = {
    Method.SMS: Text("SMS сообщение через GSM модем", "SMS through a GSM modem"),
    Method.DIRECT: Text("По прямому каналу", "Direct channel"),
    Method.TCP: Text("TCP/IP", "TCP/IP"),
    Method.CENC: Text("TCP/IP CENC", "TCP/IP CENC"),
    Method.MASTER_SIM: Text("Мастер SIM", "Master SIM"),
    Method.SMS_TEXT: Text("Сформировать текст SMS", "Generate SMS text"),
}


def unavailable_reason(method: Method, module: ModuleType, firmware: tuple[int, int] | None) -> Text | None:
    """Why ``method`` cannot be used with this module, or None. Unknown firmware allows all."""
    if module.is_nb_iot and method is Method.SMS:
        return Text("Модули NB-IoT не настраиваются SMS через GSM-модем (руководство NB-IoT, п. 7.4)",
                    "NB-IoT modules are not configured by SMS through a GSM modem (NB-IoT manual §7.4)")
    if (module.is_nb_iot and method in (Method.TCP, Method.CENC) and firmware is not None
            and firmware <= NB_IOT_IP_FIRMWARE):
        return Text("Доступно в версии ВПО модуля связи выше 2.6",
                    "Available with module firmware above 2.6")
    return None


def available_methods(module: ModuleType, firmware: tuple[int, int] | None) -> list[tuple[Method, bool, Text | None]]:
    """Every method with whether it can be used with this module and, if not, why."""
    found: list[tuple[Method, bool, Text | None]] = []
    for method in Method:
        reason = unavailable_reason(method, module, firmware)
        found.append((method, reason is None, reason))
    return found
