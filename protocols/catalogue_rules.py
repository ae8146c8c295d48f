"""Rules of the parameter catalogue: per-value checks, cross-field checks, text input coercion.

Every check returns problems instead of raising, so a form or a file shows all of them at once.
Text values may not contain spaces or commas: they separate the parts of a text SMS command
(GSM manual §9.1), so such a value could never be delivered by SMS or Master SIM.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from protocols.catalogue_data import CLIENT_MODES, PARAMETERS
from protocols.catalogue_model import Kind, Parameter, Problem, Severity
from protocols.errors import ValidationError
from protocols.module_types import ModuleType
from protocols.text import Text

T = Text
_TEXT_KINDS = (Kind.TEXT, Kind.PASSWORD, Kind.HOST, Kind.PHONE)
_DNS_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_PHONE = re.compile(r"^\+[0-9]{7,15}$")
_LABEL_COUNTS = Counter(p.label.ru for p in PARAMETERS)
_SHARED_LABELS = frozenset(label for label, count in _LABEL_COUNTS.items() if count > 1)
_TRUE = {"1", "true", "yes", "on", "да", "вкл"}
_FALSE = {"0", "false", "no", "off", "нет", "выкл"}


def field_name(param: Parameter) -> Text:
    """The field as the user sees it: «Group: Label» where the label alone is ambiguous."""
    if param.label.ru in _SHARED_LABELS:
        return T(f"«{param.group.label.ru}: {param.label.ru}»", f"“{param.group.label.en}: {param.label.en}”")
    return T(f"«{param.label.ru}»", f"“{param.label.en}”")


def problem(param: Parameter, rule: Text, severity: Severity = Severity.ERROR) -> Problem:
    name = field_name(param)
    return Problem(param.key, T(f"{name.ru}: {rule.ru}", f"{name.en}: {rule.en}"), severity)


def is_ipv4_form(text: str) -> bool:
    return bool(text) and all(part.isascii() and part.isdigit() for part in text.split("."))


def host_rule(text: str) -> Text | None:
    """None if `text` is an IP address Y.X.X.X (Y 1–255, X 0–255) or a valid DNS name."""
    if is_ipv4_form(text):
        parts = text.split(".")
        if len(parts) != 4 or any(len(p) > 3 for p in parts):
            return T("IP-адрес должен иметь вид Y.X.X.X", "an IP address must look like Y.X.X.X")
        numbers = [int(p) for p in parts]
        if not 1 <= numbers[0] <= 255 or any(n > 255 for n in numbers[1:]):
            return T(
                "IP-адрес Y.X.X.X: Y — от 1 до 255, X — от 0 до 255",
                "IP address Y.X.X.X: Y from 1 to 255, X from 0 to 255",
            )
        return None
    labels = text.rstrip(".").split(".")
    if not all(_DNS_LABEL.match(label) for label in labels):
        return T(
            "не является ни IP-адресом Y.X.X.X, ни DNS-именем (латинские буквы, цифры, «-», «.»)",
            "is neither an IP address Y.X.X.X nor a DNS name (Latin letters, digits, “-”, “.”)",
        )
    return None


def _text_rule(text: str) -> Text | None:
    if any(ch in " ," for ch in text):
        return T(
            "пробелы и запятые недопустимы (они разделяют части SMS-команды)",
            "spaces and commas are not allowed (they separate the parts of an SMS command)",
        )
    if any(not 0x21 <= ord(ch) <= 0x7E for ch in text):
        return T(
            "допустимы только латинские буквы, цифры и знаки ASCII",
            "only Latin letters, digits and ASCII signs are allowed",
        )
    if text == "-":
        return T("значение «-» означает пустое значение в SMS-команде", "“-” means an empty value in SMS")
    return None


def check_value(param: Parameter, value: object, module: ModuleType | None = None) -> list[Problem]:
    """Problems of one value on its own (type, range, length, form).

    `module` limits the choices to those the module type offers; None accepts every choice.
    """
    kind = param.kind
    if kind in _TEXT_KINDS:
        if not isinstance(value, str):
            return [problem(param, T("ожидается текст", "text expected"))]
        return _check_text(param, value)
    if kind is Kind.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            return [problem(param, T("ожидается целое число", "a whole number expected"))]
        assert param.min is not None and param.max is not None
        if not param.min <= value <= param.max:
            return [problem(param, T(f"допустимо от {param.min} до {param.max}",
                                     f"allowed from {param.min} to {param.max}"))]
        return []
    if kind is Kind.BOOL:
        if not isinstance(value, bool):
            return [problem(param, T("ожидается «да» или «нет»", "yes or no expected"))]
        return []
    allowed = [c.value for c in (param.choices_for(module) if module is not None else param.choices)]
    if kind is Kind.CHOICE:
        if value not in allowed:
            return [problem(param, T(f"допустимые значения: {', '.join(allowed)}",
                                     f"allowed values: {', '.join(allowed)}"))]
        return []
    if not isinstance(value, (set, frozenset)) or not all(isinstance(v, str) for v in value):
        return [problem(param, T("ожидается набор значений", "a set of values expected"))]
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        return [problem(param, T(f"неизвестные значения {', '.join(unknown)}; допустимые: {', '.join(allowed)}",
                                 f"unknown values {', '.join(unknown)}; allowed: {', '.join(allowed)}"))]
    return []


def _check_text(param: Parameter, value: str) -> list[Problem]:
    found: list[Problem] = []
    if len(value) < param.min_length:
        found.append(problem(param, T("обязательное поле", "required")))
    if param.max_length is not None and len(value) > param.max_length:
        found.append(problem(param, T(f"не более {param.max_length} символов",
                                      f"at most {param.max_length} characters")))
    if not value:
        return found
    rule = _text_rule(value)
    if rule is None and param.kind is Kind.HOST:
        rule = host_rule(value)
    if rule is None and param.kind is Kind.PHONE and not _PHONE.match(value):
        rule = T("номер в международном формате: «+» и от 7 до 15 цифр (+7xxxxxxxxxx)",
                 "an international number: “+” and 7 to 15 digits (+7xxxxxxxxxx)")
    if rule is not None:
        found.append(problem(param, rule))
    return found


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


def coerce(param: Parameter, raw: str, module: ModuleType | None = None) -> object:
    """A value from text typed in the CLI or a form; raises ValidationError naming the field."""
    text = raw.strip()
    kind = param.kind
    if kind in _TEXT_KINDS:
        return raw
    if kind is Kind.INT:
        try:
            return int(text, 10)
        except ValueError:
            raise ValidationError([problem(param, T(f"«{raw}» — не целое число",
                                                    f"“{raw}” is not a whole number"))]) from None
    if kind is Kind.BOOL:
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValidationError([problem(param, T(f"«{raw}»: ожидается 1/0, да/нет",
                                                f"“{raw}”: expected 1/0, yes/no"))])
    choices = param.choices_for(module) if module is not None else param.choices
    if kind is Kind.CHOICE:
        return _coerce_choice(param, text, choices)
    if text.lower() == "all":
        return frozenset(c.value for c in choices)
    items = [t.strip() for t in text.split(",") if t.strip()]
    return frozenset(_coerce_choice(param, item, choices) for item in items)


def _coerce_choice(param: Parameter, text: str, choices: tuple) -> str:
    lowered = text.lower()
    for choice in choices:
        names = {choice.value.lower(), choice.label.ru.lower(), choice.label.en.lower()}
        if choice.sms is not None:
            names.add(choice.sms.lower())
        if lowered in names:
            return str(choice.value)
    allowed = ", ".join(c.value for c in choices)
    raise ValidationError([problem(param, T(f"«{text}» — нет такого значения; допустимые: {allowed}",
                                            f"“{text}” is not a choice; allowed: {allowed}"))])
