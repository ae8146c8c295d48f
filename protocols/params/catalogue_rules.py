"""Rules across the module's parameters (a value that is fine alone but not with the others).

The rules of one value (type, range, length, form) are protocols.params.param_values, shared with the
UTMC-700; these are the module catalogue's own, from the manuals' notes: a client mode needs a
server address, NIDD switches the functions over IP off, a band for the cellular mode, a user phone
for auto-informing. Every check returns problems instead of raising, so a form or a file shows all
of them at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from protocols.params.catalogue_data import CLIENT_MODES
from protocols.params.catalogue_model import Parameter, Problem, Severity
from protocols.params.module_types import ModuleType
from protocols.params.param_values import problem
from protocols.text import Text

T = Text


def check_together(module: ModuleType, values: Mapping[str, object], lookup: Mapping[str, Parameter],
                   usable: set[str]) -> list[Problem]:
    """Rules across fields. `usable`: keys whose values passed the per-value checks."""
    found: list[Problem] = []

    def has(*keys: str) -> bool:
        return all(k in usable for k in keys)

    mode = values.get("mode")
    if has("mode", "server") and mode in CLIENT_MODES and not values["server"]:
        found.append(problem(lookup["server"], T(
            "обязателен в режимах «Клиент» и «Клиент CENC»", "required in the Client and Client CENC modes")))
    period = values.get("period")
    if has("mode", "period") and mode == "client-cenc" and isinstance(period, int) and period < 300:
        found.append(problem(lookup["period"], T(
            "меньше 300 с в режиме «Клиент CENC» не рекомендуется: увеличится интернет-трафик",
            "below 300 s is not recommended in Client CENC mode: it increases the internet traffic"),
            Severity.WARNING))
    if has("nidd_enabled") and values["nidd_enabled"] is True:
        found.extend(_nidd_conflicts(values, lookup, usable))
    if has("bands") and not values["bands"]:
        found.append(problem(lookup["bands"], T("выберите хотя бы одну частоту", "choose at least one band")))
    elif has("bands", "cellular_mode"):
        found.extend(_band_conflicts(values, lookup))
    if has("autoinform_enabled") and values["autoinform_enabled"] is True:
        if has("user_phone") and not values["user_phone"]:
            found.append(problem(lookup["autoinform_enabled"], T(
                "доступно, только если задан номер телефона пользователя",
                "available only when the user's phone number is set")))
        if has("autoinform_items") and not values["autoinform_items"]:
            found.append(problem(lookup["autoinform_items"], T(
                "выберите хотя бы один параметр", "choose at least one item")))
    if has("user_phone_trusted", "user_phone") and values["user_phone_trusted"] and not values["user_phone"]:
        found.append(problem(lookup["user_phone_trusted"], T(
            "задайте номер телефона пользователя", "set the user's phone number")))
    if has("mqtt_enabled", "mqtt_host") and values["mqtt_enabled"] is True and not values["mqtt_host"]:
        found.append(problem(lookup["mqtt_host"], T(
            "обязателен при включенном клиенте MQTT", "required when the MQTT client is on")))
    return found


_IP_SWITCHES = ("udp_transport", "mqtt_enabled", "http_update_enabled", "ntp_enabled")


def _nidd_conflicts(values: Mapping[str, object], lookup: Mapping[str, Parameter],
                    usable: set[str]) -> list[Problem]:
    found = []
    for key in _IP_SWITCHES:
        if key in usable and values[key] is True:
            found.append(problem(lookup[key], T(
                "не работает в режиме NIDD (функции на базе протокола IP отключаются) — выключите",
                "does not work in NIDD mode (functions over IP are switched off) — switch it off")))
    if "mode" in usable and values["mode"] in ("client-cenc", "server", "client"):
        found.append(problem(lookup["mode"], T(
            "в режиме NIDD «Клиент CENC», «Сервер» и «Клиент» не работают (нужен протокол IP)",
            "in NIDD mode Client CENC, Server and Client do not work (they need IP)"), Severity.WARNING))
    return found


def _band_conflicts(values: Mapping[str, object], lookup: Mapping[str, Parameter]) -> list[Problem]:
    bands = values["bands"]
    assert isinstance(bands, (set, frozenset))
    gsm = {b for b in bands if b.startswith("gsm")}
    lte = set(bands) - gsm
    if values["cellular_mode"] == "gsm_only" and not gsm:
        return [problem(lookup["bands"], T("для режима «Только GSM» выберите частоту GSM",
                                           "“GSM only” needs a GSM band"))]
    if values["cellular_mode"] == "lte_only" and not lte:
        return [problem(lookup["bands"], T("для режима «Только 4G» выберите полосу LTE",
                                           "“4G only” needs an LTE band"))]
    return []
