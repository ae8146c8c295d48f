"""Delivery methods of the module configurator and when each one is available.

    available_methods(module, firmware) -> [(Method, available, reason | None)]
    unavailable_reason(method, module, firmware) -> Text | None
    cut_off(method, module, values) -> Text | None      sending `values` over `method` would leave the
                                                         module out of that method's reach: why, and how
                                                         it can be reached afterwards

GSM manual §6.4 lists six methods for GSM modules; NB-IoT manual §7.4 lists five for NB-IoT (no SMS
through a GSM modem) and says TCP/IP and TCP/IP CENC need module firmware above 2.6. The GUI
enables its method buttons from here and the CLI refuses ``configure --via tcp|cenc`` from here.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware
from protocols.text import Text

NB_IOT_IP_FIRMWARE = Firmware(2, 6)  # NB-IoT manual §7.4: "Доступно в версии ВПО модуля связи выше 2.6"


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


def unavailable_reason(method: Method, module: ModuleType, firmware: Firmware | None) -> Text | None:
    """Why ``method`` cannot be used with this module, or None. Unknown firmware allows all."""
    if module.is_nb_iot and method is Method.SMS:
        return Text("Модули NB-IoT не настраиваются SMS через GSM-модем (руководство NB-IoT, п. 7.4)",
                    "NB-IoT modules are not configured by SMS through a GSM modem (NB-IoT manual §7.4)")
    if (module.is_nb_iot and method in (Method.TCP, Method.CENC) and firmware is not None
            and firmware <= NB_IOT_IP_FIRMWARE):
        return Text("Доступно в версии ВПО модуля связи выше 2.6",
                    "Available with module firmware above 2.6")
    return None


def available_methods(module: ModuleType, firmware: Firmware | None) -> list[tuple[Method, bool, Text | None]]:
    """Every method with whether it can be used with this module and, if not, why."""
    found: list[tuple[Method, bool, Text | None]] = []
    for method in Method:
        reason = unavailable_reason(method, module, firmware)
        found.append((method, reason is None, reason))
    return found


# --- what a mode change leaves reachable (GSM manual §6.2.1 Table 3, §6.4.3–6.4.4; NB-IoT §7.3.1) ------------
#: the mode each link method needs the module to be in
_NEEDS_MODE = {Method.TCP: "server", Method.CENC: "client-cenc"}
_MODE_NAMES = {"sms": Text("SMS", "SMS"), "client-cenc": Text("Клиент CENC", "Client CENC"),
               "server": Text("Сервер", "Server"), "client": Text("Клиент", "Client")}


def reachable_by(module: ModuleType, values: Mapping[str, object]) -> list[Text]:
    """How the module can be reached once it works with `values` (mode, NIDD, server, port)."""
    mode, port, server = values.get("mode"), values.get("port", "?"), values.get("server") or "?"
    ways: list[Text] = []
    if values.get("nidd_enabled") is True:
        pass  # NIDD: nothing over IP (NB-IoT manual §7.3.1)
    elif mode == "server":
        ways.append(Text(f"по TCP/IP — на IP-адрес SIM-карты модуля, порт {port}",
                         f"over TCP/IP at the module's SIM IP address, port {port}"))
    elif mode == "client-cenc":
        ways.append(Text(f"по TCP/IP CENC — через сервер CENC {server}:{port}",
                         f"over TCP/IP CENC through the CENC server {server}:{port}"))
    elif mode == "client":
        ways.append(Text(f"по сети — только через сервер {server}:{port}, к которому модуль подключается сам",
                         f"over the network only through the server {server}:{port} the module connects to"))
    if not module.is_nb_iot:
        ways.append(Text("по SMS через GSM-модем (обработка SMS включена во всех режимах)",
                         "by SMS through a GSM modem (SMS handling is on in every mode)"))
    ways.append(Text("по прямому каналу через счётчик", "through the meter's direct channel"))
    return ways


def cut_off(method: Method, module: ModuleType, values: Mapping[str, object]) -> Text | None:
    """Why sending `values` over `method` (TCP/IP, TCP/IP CENC) would leave the module out of that
    method's reach after its restart, with the ways it can be reached then; None when it stays reachable.

    `values` are the values being sent: a mode that is not among them is not changed.
    """
    needed = _NEEDS_MODE.get(method)
    if needed is None:
        return None  # SMS reaches a GSM module in every mode, the direct channel always; the rest apply later
    mode = values.get("mode")
    nidd = values.get("nidd_enabled") is True
    if not nidd and (mode is None or mode == needed):
        return None
    if nidd:
        cause = Text("Включённый «Клиент NIDD» отключит функции на базе протокола IP",
                     "The NIDD client switched on turns the functions over IP off")
    else:
        name = _MODE_NAMES.get(str(mode), Text(str(mode), str(mode)))
        cause = Text(f"Режим работы «{name.ru}»", f"The operating mode “{name.en}”")
    lost = Text("модуль перестанет принимать подключения по TCP/IP", "the module stops accepting TCP/IP "
                "connections") if method is Method.TCP else Text(
        "модуль перестанет подключаться к серверу CENC", "the module stops connecting to the CENC server")
    ways = reachable_by(module, values)
    return Text(
        f"{cause.ru}: {lost.ru}, и после перезапуска с ним нельзя будет связаться методом «{method.label.ru}». "
        "Модуль будет доступен:\n" + "\n".join(f"• {w.ru}" for w in ways),
        f"{cause.en}: {lost.en}, and after its restart it cannot be reached by “{method.label.en}”. "
        "The module will be reachable:\n" + "\n".join(f"• {w.en}" for w in ways),
    )
