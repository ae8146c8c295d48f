"""The module parameter catalogue: declarations, defaults, visibility, validation, coercion, codec."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocols.errors import ConfiguratorError, ProtocolError, ValidationError
from protocols.params.catalogue import (
    PARAMETERS,
    Kind,
    Parameter,
    Severity,
    applicable,
    check,
    coerce,
    defaults,
    errors_only,
    groups_for,
    parameter,
    parameter_by_code,
    parameters_for,
    validate,
)
from protocols.params.module_types import ModuleType
from protocols.params.param_values import decode_value, encode_value
from protocols.sms.sms_grammar import command, min_firmware

GSM = ModuleType.GSM_2G4G
GSM3G = ModuleType.GSM_2G3G4G
NB = ModuleType.NB_IOT


def keys_of(problems) -> list[str]:
    return [p.key for p in problems]


@pytest.mark.parametrize("module", list(ModuleType))
def test_defaults_are_valid_for_every_module(module: ModuleType) -> None:
    assert validate(module, defaults(module)) == []


def test_defaults_follow_the_manuals() -> None:
    gsm, nb = defaults(GSM), defaults(NB)
    assert (gsm["mode"], gsm["port"], gsm["period"], gsm["reset_hours"], gsm["apn"]) == (
        "sms", 8000, 300, 24, "internet")
    assert (gsm["auth_type"], gsm["cellular_mode"], len(gsm["bands"])) == ("none", "auto", 8)
    assert (nb["mode"], nb["port"], nb["period"], nb["ntp_enabled"], nb["autoinform_enabled"]) == (
        "server", 80, 300, False, False)
    port_help = parameter("port").help
    assert port_help is not None and "80" in port_help.ru and "8000" in port_help.ru  # both facts visible


def test_module_specific_parameters() -> None:
    assert "bands" in defaults(GSM) and "bands" not in defaults(GSM3G)  # 8421 chooses bands itself
    assert "cellular_mode" in defaults(GSM3G)
    assert "8421" in (parameter("cellular_mode").help or parameter("mode").label).ru
    assert not {"ntp_enabled", "mqtt_enabled", "nidd_enabled", "user_phone"} & set(defaults(GSM))
    assert {"ntp_server", "mqtt_root_topic", "loader_http_port", "autoinform_items"} <= set(defaults(NB))
    assert [c.value for c in parameter("mode").choices_for(NB)] == ["client-cenc", "server", "client"]
    assert [c.sms for c in parameter("mode").choices_for(GSM)] == ["0", "1", "2", "6"]


def test_basic_mode_is_a_subset_with_the_same_values() -> None:
    for module in ModuleType:
        basic = {p.key for p in parameters_for(module, expert=False)}
        expert = {p.key for p in parameters_for(module)}
        assert basic < expert
    assert "reset_hours" not in {p.key for p in parameters_for(GSM, expert=False)}


def test_groups_are_ordered_and_labelled_as_in_the_manuals() -> None:
    labels = [view.group.label.ru for view in groups_for(NB)]
    assert labels[:2] == ["Каналы связи", "Режим работы модуля"]
    for name in ("Настройка APN", "Синхронизация времени", "Новый пароль", "Автоинформирование",
                 "Номер пользователя", "Настройка MQTT клиента", "Загрузчик MQTT", "Загрузчик HTTP"):
        assert name in labels
    assert [v.group.id for v in groups_for(GSM, expert=False)] == ["channels", "apn", "new_password"]


def test_codes_and_keys_are_unique_and_found() -> None:
    assert parameter_by_code(0x01).key == "mode"
    assert len({p.code for p in PARAMETERS}) == len(PARAMETERS)
    with pytest.raises(KeyError):
        parameter("nope")


def test_conditions_say_why_a_field_is_unavailable() -> None:
    server = parameter("server")
    values = defaults(GSM)
    assert not server.is_enabled(values)
    reason = server.why_unavailable(values)
    assert reason is not None and "Клиент" in reason.ru
    assert server.is_enabled({**values, "mode": "client"})
    nb = {**defaults(NB), "mode": "client", "nidd_enabled": True}
    assert not server.is_enabled(nb) and "NIDD" in (server.why_unavailable(nb) or reason).ru
    mqtt_host = parameter("mqtt_host")
    assert not mqtt_host.is_enabled(defaults(NB))
    assert mqtt_host.is_enabled({**defaults(NB), "mqtt_enabled": True})
    hour, day = parameter("autoinform_hour"), parameter("autoinform_day")
    monthly = {**defaults(NB), "autoinform_period": "monthly"}
    assert hour.is_visible(defaults(NB)) and not day.is_visible(defaults(NB))
    assert day.is_visible(monthly) and not hour.is_visible(monthly)
    assert parameter("ntp_enabled").excluded_meters == ("CE301", "CE303", "CE308 IEC")
    # GSM manual §9.2, §9.5: the MODE and PSW SMS commands, not the parameters, need firmware 2.0
    assert min_firmware(command("MODE")) == (2, 0) and min_firmware(command("PSW")) == (2, 0)


@pytest.mark.parametrize(
    ("host", "ok"),
    [("1.2.3.4", True), ("255.0.0.0", True), ("0.1.1.1", False), ("256.1.1.1", False), ("1.2.3.256", False),
     ("1.2.3", False), ("1.2.3.4.5", False), ("srv.example.ru", True), ("localhost", True),
     ("-bad.ru", False), ("a_b.ru", False), ("a..b", False)],
)
def test_server_address_forms(host: str, ok: bool) -> None:
    problems = validate(GSM, {"mode": "client", "server": host})
    assert (problems == []) is ok, problems


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [("period", 59, False), ("period", 60, True), ("period", 65535, True), ("period", 65536, False),
     ("reset_hours", 0, False), ("reset_hours", 1, True), ("reset_hours", 24, True), ("reset_hours", 25, False),
     ("port", 0, False), ("port", 65535, True), ("apn", "a" * 50, True), ("apn", "a" * 51, False),
     ("apn", "", False), ("apn_user", "u" * 32, True), ("apn_user", "u" * 33, False),
     ("apn_password", "p" * 32, True), ("apn_password", "p" * 33, False), ("server", "a" * 51, False),
     ("apn_user", "a,b", False), ("apn_password", "a b", False), ("apn", "интернет", False),
     ("apn_user", "-", False), ("period", True, False), ("period", "300", False), ("mode", "nidd", False)],
)
def test_value_rules(key: str, value: object, ok: bool) -> None:
    problems = validate(GSM, {key: value}, checked={key})  # given explicitly: checked even if greyed out
    assert (errors_only(problems) == []) is ok, problems
    if not ok:
        assert problems[0].key == key
        assert parameter(key).label.ru in problems[0].text.ru and parameter(key).label.en in problems[0].text.en


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [("autoinform_hour", 0, True), ("autoinform_hour", 23, True), ("autoinform_hour", 24, False),
     ("autoinform_day", 0, False), ("autoinform_day", 1, True), ("autoinform_day", 28, True),
     ("autoinform_day", 29, False), ("user_phone", "+71234567890", True), ("user_phone", "71234567890", False),
     ("user_phone", "+7 123", False), ("user_phone", "+7123456789012345", False), ("ntp_timezone", -12, True),
     ("ntp_timezone", 15, False), ("mode", "sms", False)],
)
def test_nb_iot_value_rules(key: str, value: object, ok: bool) -> None:
    assert (errors_only(validate(NB, {key: value}, checked={key})) == []) is ok


def test_validation_reports_every_problem_at_once() -> None:
    problems = validate(GSM, {"mode": "client", "period": 10, "apn": "a b", "reset_hours": 30,
                              "unknown": 1, "ntp_enabled": True})
    assert sorted(keys_of(problems)) == ["apn", "ntp_enabled", "period", "reset_hours", "server", "unknown"]
    with pytest.raises(ValidationError) as caught:
        check(GSM, {"mode": "client", "period": 10})
    assert len(caught.value.problems) == 2
    assert "60" in caught.value.message("ru") and "required" in str(caught.value)


def test_client_cenc_period_below_300_is_only_a_warning() -> None:
    problems = validate(GSM, {"mode": "client-cenc", "server": "cenc.ru", "period": 120})
    assert [(p.key, p.severity) for p in problems] == [("period", Severity.WARNING)]
    assert check(GSM, {"mode": "client-cenc", "server": "cenc.ru", "period": 120}) == problems
    assert validate(GSM, {"mode": "client", "server": "a.ru", "period": 120}) == []


def test_nidd_switches_off_ip_functions() -> None:
    values = {"nidd_enabled": True, "mqtt_enabled": True, "mqtt_host": "m.ru", "ntp_enabled": True,
              "udp_transport": True}
    # in a form the IP switches are greyed out under NIDD: not checked, not sent
    problems = validate(NB, values)
    assert errors_only(problems) == []
    assert set(applicable(NB, values)) == {"nidd_enabled"}
    assert [p.key for p in problems if p.severity is Severity.WARNING] == ["mode"]
    # given explicitly (the command line), each is refused with the reason
    problems = validate(NB, values, checked=set(values))
    assert sorted(keys_of(errors_only(problems))) == ["mqtt_enabled", "ntp_enabled", "udp_transport"]
    assert all("NIDD" in p.text.ru and "NIDD" in p.text.en for p in problems)


def test_a_greyed_out_field_never_blocks_and_is_not_sent() -> None:
    # Клиент with a wrong IP, then Сервер: the address field is greyed out and its value left alone
    values = {"mode": "server", "server": "300.1.1.1", "apn": "internet"}
    assert errors_only(validate(GSM, values)) == []
    assert "server" not in applicable(GSM, values) and applicable(GSM, values)["apn"] == "internet"
    values["mode"] = "client"
    assert keys_of(errors_only(validate(GSM, values))) == ["server"]
    assert "server" in applicable(GSM, values)


def test_cross_field_rules() -> None:
    assert keys_of(validate(NB, {"autoinform_enabled": True})) == ["autoinform_enabled"]
    assert keys_of(validate(NB, {"autoinform_enabled": True, "user_phone": "+71234567890",
                                 "autoinform_items": frozenset()})) == ["autoinform_items"]
    assert keys_of(validate(NB, {"user_phone_trusted": True})) == ["user_phone_trusted"]
    assert keys_of(validate(NB, {"mqtt_enabled": True})) == ["mqtt_host"]
    assert keys_of(validate(GSM, {"bands": frozenset()})) == ["bands"]
    assert keys_of(validate(GSM, {"cellular_mode": "lte_only", "bands": frozenset({"gsm900"})})) == ["bands"]
    assert keys_of(validate(GSM, {"cellular_mode": "gsm_only", "bands": frozenset({"lte_b3"})})) == ["bands"]
    assert validate(GSM, {"cellular_mode": "gsm_only", "bands": frozenset({"gsm1800"})}) == []
    assert keys_of(validate(GSM, {"bands": frozenset({"lte_b4"})})) == ["bands"]


def test_coerce_text_input() -> None:
    assert coerce(parameter("port"), " 8080 ") == 8080
    assert coerce(parameter("mode"), "Client-CENC") == "client-cenc"
    assert coerce(parameter("mode"), "6") == "client"  # the SMS code
    assert coerce(parameter("mode"), "Сервер") == "server"  # the Russian label
    assert coerce(parameter("ntp_enabled"), "да") is True and coerce(parameter("ntp_enabled"), "off") is False
    assert coerce(parameter("bands"), "gsm900, B3") == frozenset({"gsm900", "lte_b3"})
    assert coerce(parameter("bands"), "all") == parameter("bands").default
    assert coerce(parameter("apn"), "my.apn") == "my.apn"
    for key, raw in (("port", "80a"), ("mode", "fast"), ("ntp_enabled", "maybe"), ("bands", "G900,X")):
        with pytest.raises(ValidationError) as caught:
            coerce(parameter(key), raw)
        assert caught.value.problems[0].key == key


def _values(param: Parameter, module: ModuleType | None = None) -> st.SearchStrategy[object]:
    """Valid values of `param` (choices limited to `module`'s when given)."""
    kind = param.kind
    choices = param.choices_for(module) if module is not None else param.choices
    if kind is Kind.INT:
        return st.integers(param.min, param.max)
    if kind is Kind.BOOL:
        return st.booleans()
    if kind is Kind.CHOICE:
        return st.sampled_from([c.value for c in choices])
    if kind is Kind.FLAGS:
        return st.frozensets(st.sampled_from([c.value for c in choices]))
    if kind is Kind.PHONE:
        return st.one_of(st.just(""), st.from_regex(r"\A\+[0-9]{7,15}\Z"))
    if kind is Kind.HOST:
        return st.one_of(st.just(""), st.from_regex(r"\A[a-z][a-z0-9]{0,19}(\.[a-z]{2,8}){0,2}\Z"),
                         st.tuples(st.integers(1, 255), st.integers(0, 255), st.integers(0, 255),
                                   st.integers(0, 255)).map(lambda t: ".".join(map(str, t))))
    alphabet = st.characters(min_codepoint=0x21, max_codepoint=0x7E, blacklist_characters=",")
    text = st.text(alphabet, min_size=max(param.min_length, 1), max_size=param.max_length)
    text = text.filter(lambda s: s != "-")
    return text if param.min_length else st.one_of(st.just(""), text)


@pytest.mark.parametrize("param", PARAMETERS, ids=lambda p: p.key)
@given(data=st.data())
def test_binary_value_round_trip(param: Parameter, data: st.DataObject) -> None:
    value = data.draw(_values(param))
    encoded = encode_value(param, value)
    assert decode_value(param, encoded) == value


@pytest.mark.parametrize("param", PARAMETERS, ids=lambda p: p.key)
@given(data=st.binary(max_size=60))
def test_binary_decoder_raises_only_protocol_errors(param: Parameter, data: bytes) -> None:
    try:
        value = decode_value(param, data)
    except ConfiguratorError as error:
        assert isinstance(error, ProtocolError)
    else:
        assert encode_value(param, value) == data


def test_binary_value_layout() -> None:
    assert encode_value(parameter("mode"), "client") == b"\x06"
    assert encode_value(parameter("port"), 8000) == b"\x40\x1f"
    assert encode_value(parameter("ntp_timezone"), -3) == b"\xfd"
    assert encode_value(parameter("bands"), frozenset({"gsm900", "lte_b20"})) == b"\x81"
    assert encode_value(parameter("apn"), "internet") == b"internet"
    for key, data in (("port", b"\x01"), ("mode", b"\x03"), ("ntp_enabled", b"\x02"), ("period", b"\x10\x00"),
                      ("apn", b"\xff"), ("autoinform_items", b"\x40")):
        with pytest.raises(ProtocolError):
            decode_value(parameter(key), data)
    with pytest.raises(ValidationError):
        encode_value(parameter("reset_hours"), 25)
