"""Text SMS commands (GSM manual §9): builder, reply parser, module-side processor, error codes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.errors import ConfiguratorError, DeviceError, ProtocolError, ValidationError
from protocols.module.error_codes import ERROR_CODES, device_error
from protocols.params.catalogue import defaults
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware
from protocols.sms.sms_commands import (
    build_sms_texts,
    format_error_reply,
    gsm7_septets,
    mask_sms_secrets,
    parse_sms_reply,
    plan_sms_texts,
    query_text,
)
from protocols.sms.sms_grammar import COMMANDS, available, resolve_command
from protocols.sms.sms_processor import SmsCommandProcessor
from tests.sms_samples import changed_values

GSM = ModuleType.GSM_2G4G
NB = ModuleType.NB_IOT
PW = "12345678"


def gsm_values(**changes: object) -> dict[str, object]:
    return {**defaults(GSM), **changes}


# --- builder -------------------------------------------------------------------------------------


def test_documented_commands_in_sending_order_mode_last() -> None:
    texts = build_sms_texts(GSM, gsm_values(mode="client-cenc", server="cenc.example.ru", port=22001,
                                            apn="m2m.msk", apn_user="mts", apn_password="mts", period=600,
                                            reset_hours=12), PW)
    assert texts[:7] == [
        "12345678 APN m2m.msk", "12345678 USER mts", "12345678 PSW mts", "12345678 DNS cenc.example.ru",
        "12345678 PORT 22001", "12345678 TIMEOUT 600", "12345678 RESET 12",
    ]
    assert texts[-1] == "12345678 MODE 1"
    assert len(texts) == 8  # our AUTH, CELL, BANDS keep their defaults: not sent


def test_our_commands_only_when_a_value_differs_from_the_default_and_then_with_a_warning() -> None:
    plan = plan_sms_texts(GSM, gsm_values(apn="inet"), PW)  # the SMS mode: no port nor period (greyed out)
    assert [t.split()[1] for t in plan.texts] == ["APN", "USER", "PSW", "RESET", "MODE"]
    assert plan.ours == [] and plan.warnings == []
    plan = plan_sms_texts(GSM, gsm_values(apn="inet", auth_type="chap", bands=frozenset({"lte_b20"})), PW)
    assert "12345678 AUTH 2" in plan.texts and "12345678 BANDS B20" in plan.texts
    assert not any(" CELL" in t for t in plan.texts)
    assert plan.ours == ["AUTH", "BANDS"]
    (warning,) = plan.warnings
    assert "AUTH, BANDS" in warning.ru and "0x06" in warning.en and "not documented" in warning.en


def test_a_command_of_ours_carries_all_its_values_when_one_of_them_changed() -> None:
    texts = build_sms_texts(NB, defaults(NB) | {"ntp_enabled": True, "ntp_server": "pool.ntp.org"}, PW)
    assert "12345678 NTP 1,60,3,pool.ntp.org" in texts
    # with NTP off its settings are greyed out and the switch keeps its default: no NTP command at all
    texts = build_sms_texts(NB, defaults(NB) | {"ntp_server": "pool.ntp.org"}, PW)
    assert not any(" NTP" in t for t in texts)
    assert not any(t.split()[1] in ("FUNC", "MQTT", "MQLOGIN", "LMQTT", "LHTTP", "PHONE", "AINF") for t in texts)


def test_firmware_before_2_0_leaves_mode_and_psw_out_and_says_so() -> None:
    values = gsm_values(mode="server", apn="inet", apn_password="pw")
    plan = plan_sms_texts(GSM, values, PW, firmware=Firmware(1, 4))
    assert [t.split()[1] for t in plan.texts] == ["APN", "USER", "PORT", "TIMEOUT", "RESET"]
    assert plan.skipped == ["PSW", "MODE"]
    (warning,) = plan.warnings
    assert "1.4" in warning.ru and "PSW, MODE" in warning.ru and "2.0" in warning.en
    assert "does not restart" in warning.en
    assert plan_sms_texts(GSM, values, PW, firmware=Firmware(2, 0)).texts == build_sms_texts(GSM, values, PW)
    assert plan_sms_texts(GSM, values, PW, firmware=None).skipped == []


def test_mask_sms_secrets_hides_passwords_in_commands_and_replies() -> None:
    assert mask_sms_secrets("12345678 APN internet") == "******** APN internet"
    assert mask_sms_secrets("12345678 PSW secret") == "******** PSW ******"
    assert mask_sms_secrets("12345678 MQLOGIN user,pw,topic") == "******** MQLOGIN user,**,topic"
    assert mask_sms_secrets("secret99 MODE 0") == "******** MODE 0"
    assert mask_sms_secrets("12345678 PASS newpw") == "******** PASS *****"
    assert mask_sms_secrets("CE208\r\n012\r\nAPN: inet\r\nuser\r\npsw") == "CE208\r\n012\r\nAPN: inet\r\nuser\r\n***"
    assert mask_sms_secrets("CE208\n012\nMQLOGIN: u,p,t") == "CE208\n012\nMQLOGIN: u,*,t"
    assert mask_sms_secrets("hello world") == "hello world"


@pytest.mark.parametrize(("mode", "code"), [("sms", "0"), ("client-cenc", "1"), ("server", "2"), ("client", "6")])
def test_mode_codes(mode: str, code: str) -> None:
    texts = build_sms_texts(GSM, {"mode": mode, "server": "1.2.3.4"}, PW, only={"mode"})
    assert texts == [f"12345678 MODE {code}"]


def test_empty_user_and_password_are_sent_as_dash_and_empty_server_is_not_sent() -> None:
    texts = build_sms_texts(GSM, gsm_values(), PW)
    assert "12345678 USER -" in texts and "12345678 PSW -" in texts
    assert not any(" DNS" in t for t in texts)


def test_only_limits_the_commands() -> None:
    texts = build_sms_texts(GSM, gsm_values(period=900, port=9000), PW, only={"period", "port"})
    assert texts == ["12345678 PORT 9000", "12345678 TIMEOUT 900"]


def test_partial_values_leave_other_parameters_of_a_command_unchanged() -> None:
    assert build_sms_texts(NB, {"ntp_server": "pool.ntp.org"}, PW, only={"ntp_server"}) == [
        "12345678 NTP ,,,pool.ntp.org"]
    assert build_sms_texts(NB, {"ntp_enabled": True}, PW) == ["12345678 NTP 1"]
    # a greyed-out value (NTP off by default) is not sent unless asked for by name
    assert build_sms_texts(NB, {"ntp_server": "pool.ntp.org"}, PW) == []


def test_our_commands_cover_every_parameter_of_every_module() -> None:
    for module in ModuleType:
        plan = plan_sms_texts(module, changed_values(module), PW)
        expected = {c.name for c in COMMANDS if available(c, module)}
        assert {t.split()[1] for t in plan.texts} == expected
        assert set(plan.ours) == {c.name for c in COMMANDS if available(c, module) and not c.documented}


def test_new_password_goes_just_before_mode_and_every_text_uses_the_password_in_force() -> None:
    values = gsm_values(new_admin_password="secret99", user_password="4321", auth_type="pap")
    texts = build_sms_texts(GSM, values, PW)
    assert texts[-3:] == ["12345678 UPASS 4321", "12345678 PASS secret99", "12345678 MODE 0"]
    assert all(t.startswith(f"{PW} ") for t in texts)
    without_mode = plan_sms_texts(GSM, values, PW, only={"new_admin_password"})
    assert without_mode.texts == ["12345678 PASS secret99"]
    assert any("after a restart" in w.en or "until a restart" in w.en for w in without_mode.warnings)


def test_nb_iot_texts() -> None:
    values = defaults(NB) | {"mode": "client", "server": "srv.ru", "ntp_enabled": True, "ntp_timezone": -3,
                             "user_phone": "+71234567890", "user_phone_trusted": True, "autoinform_enabled": True,
                             "autoinform_items": frozenset({"total", "t1", "t2"}), "mqtt_enabled": True,
                             "mqtt_host": "test.mosquitto.org"}
    texts = build_sms_texts(NB, values, PW)
    assert "12345678 NTP 1,60,-3,ntp1.vniiftri.ru" in texts
    assert "12345678 FUNC 0,1,0,0,0" in texts
    assert "12345678 MQTT test.mosquitto.org,1883" in texts
    assert "12345678 PHONE +71234567890,1" in texts
    assert "12345678 AINF 1,0,12,,E,1,2" in texts  # daily: the day of month is hidden, left unchanged
    assert texts.index("12345678 PHONE +71234567890,1") < texts.index("12345678 AINF 1,0,12,,E,1,2")
    assert texts[-1] == "12345678 MODE 6"


def test_invalid_values_are_never_built() -> None:
    with pytest.raises(ValidationError) as caught:
        build_sms_texts(GSM, gsm_values(mode="client", apn="my apn", apn_user="a,b", period=5), "bad pw")
    keys = sorted(p.key for p in caught.value.problems)
    assert keys == ["apn", "apn_user", "password", "period", "server"]


def test_warnings_do_not_block() -> None:
    texts = build_sms_texts(GSM, gsm_values(mode="client-cenc", server="a.ru", period=60), PW)
    assert "12345678 TIMEOUT 60" in texts


def test_each_text_must_fit_one_sms() -> None:
    long_password = "p" * 120
    with pytest.raises(ValidationError) as caught:
        build_sms_texts(GSM, gsm_values(apn="a" * 50), long_password, only={"apn"})
    assert "160" in caught.value.message("ru")
    assert gsm7_septets("abc{") == 5 and gsm7_septets("абв") is None


# --- replies --------------------------------------------------------------------------------------


def test_parse_documented_replies() -> None:
    mode = parse_sms_reply("CE208\r\n012345678\r\nMODE: 6")
    assert (mode.meter_type, mode.serial, mode.command, mode.values) == ("CE208", "012345678", "MODE",
                                                                         {"mode": "client"})
    apn = parse_sms_reply("CE308\r\n1\r\nAPN: internet.mts.ru\r\nmts\r\nmts")
    assert apn.values == {"apn": "internet.mts.ru", "apn_user": "mts", "apn_password": "mts"}
    assert parse_sms_reply("CE308\r\n1\r\nAPN: internet\r\n\r\n").values["apn_user"] == ""
    assert parse_sms_reply("CE308\n1\nDNS: 10.0.0.1:8000").values == {"server": "10.0.0.1", "port": 8000}
    assert parse_sms_reply("CE308\r\n1\r\nDNS: :8000").values == {"server": "", "port": 8000}
    assert parse_sms_reply("CE308\r\n1\r\nTIMEOUT: 300\r\n").values == {"period": 300}
    assert parse_sms_reply("CE308\r\n1\r\nRESET: 24").values == {"reset_hours": 24}


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_error_reply_carries_appendix_a_code(code: int) -> None:
    reply = parse_sms_reply(format_error_reply("CE208", "77", code))
    assert reply.error_code == code and not reply.ok
    error = reply.error()
    assert isinstance(error, DeviceError) and error.code == code
    assert ERROR_CODES[code].ru in error.message("ru") and ERROR_CODES[code].en in error.message("en")
    with pytest.raises(DeviceError):
        reply.raise_for_error()


def test_error_code_table() -> None:
    assert ERROR_CODES[0x02].ru == "Неверный пароль"
    assert sorted(ERROR_CODES) == [1, 2, 3, 4, 5, 6]
    assert "0x7F" in device_error(0x7F).message("en")


@pytest.mark.parametrize("text", ["", "CE208", "CE208\r\n1", "CE208\r\n1\r\nHELLO", "CE208\r\n1\r\nMODE: 9",
                                  "CE208\r\n1\r\nDNS: host", "CE208\r\n1\r\nTIMEOUT: x", "\r\n1\r\nMODE: 0",
                                  "CE208\r\n1\r\nERROR: zz", "CE208\r\n1\r\nMODE: 0\r\nextra",
                                  "CE208\r\n1\r\nRESET: 1,2"])
def test_garbage_replies_raise_protocol_error(text: str) -> None:
    with pytest.raises(ProtocolError):
        parse_sms_reply(text)


@given(st.text(max_size=200))
def test_random_reply_text_raises_only_protocol_errors(text: str) -> None:
    try:
        parse_sms_reply(text)
    except ConfiguratorError as error:
        assert isinstance(error, ProtocolError)


@given(st.lists(st.sampled_from(["CE208", "1", "MODE:", " ", "APN: a", "DNS: ", ":", "80", ",", "\r\n", "\n",
                                 "NTP: 1,2", "ERROR: 0x0", "BANDS: B1", "AINF: 1", "-", "PASS: OK", "x"]),
                max_size=12))
def test_reply_like_text_raises_only_protocol_errors(parts: list[str]) -> None:
    try:
        parse_sms_reply("".join(parts))
    except ConfiguratorError as error:
        assert isinstance(error, ProtocolError)


# --- module side ----------------------------------------------------------------------------------


@pytest.fixture
def module() -> SmsCommandProcessor:
    return SmsCommandProcessor(GSM, meter_type="CE208", serial="009876543")


def reply(processor: SmsCommandProcessor, text: str, sender: str | None = None) -> dict[str, object]:
    parsed = parse_sms_reply(processor.handle(text, sender))
    assert (parsed.meter_type, parsed.serial) == (processor.meter_type, processor.serial)
    parsed.raise_for_error()
    return parsed.values


def error_of(processor: SmsCommandProcessor, text: str, sender: str | None = None) -> int | None:
    return parse_sms_reply(processor.handle(text, sender)).error_code


def test_every_documented_command_set_and_query(module: SmsCommandProcessor) -> None:
    assert reply(module, "12345678 MODE") == {"mode": "sms"}
    assert reply(module, "12345678 APN m2m") == {"apn": "m2m", "apn_user": "", "apn_password": ""}
    assert reply(module, "12345678 USER u1") == {"apn": "m2m", "apn_user": "u1", "apn_password": ""}
    assert reply(module, "12345678 PSW p1") == {"apn": "m2m", "apn_user": "u1", "apn_password": "p1"}
    assert reply(module, "12345678 USER -")["apn_user"] == ""
    assert reply(module, "12345678 PSW -")["apn_password"] == ""
    assert reply(module, "12345678 DNS srv.ru") == {"server": "srv.ru", "port": 8000}
    assert reply(module, "12345678 PORT 9000") == {"server": "srv.ru", "port": 9000}
    assert reply(module, "12345678 TIMEOUT 600") == {"period": 600}
    assert reply(module, "12345678 RESET 6") == {"reset_hours": 6}
    assert not module.reboot_requested
    assert reply(module, "12345678 MODE 6") == {"mode": "client"}
    assert module.reboot_requested
    for query in ("APN", "USER", "PSW", "DNS", "PORT", "TIMEOUT", "RESET", "MODE"):
        assert reply(module, query_text(PW, query))  # queries answer with the current values
    assert module.values["apn"] == "m2m" and module.values["period"] == 600


@pytest.mark.parametrize("word", ["apn", "Apn", "Mod", "mode", "TIMEO", "timeout", "tim", "RES", "reset", "dns",
                                  "Por", "use", "PSW", "psw"])
def test_command_prefixes_any_case(module: SmsCommandProcessor, word: str) -> None:
    assert error_of(module, f"12345678 {word}") is None


@pytest.mark.parametrize("word", ["ap", "MO", "TIMEOUTS", "XYZ", "modes"])
def test_bad_command_names(module: SmsCommandProcessor, word: str) -> None:
    assert error_of(module, f"12345678 {word}") == 0x06
    assert resolve_command(word) is None


def test_refusals(module: SmsCommandProcessor) -> None:
    assert error_of(module, "1234 APN x") == 0x02
    assert error_of(module, "0000 APN x") == 0x02  # the user password is not enough for admin commands
    assert error_of(module, "") == 0x01
    assert error_of(module, "12345678") == 0x01
    assert error_of(module, "12345678 NTP 1") == 0x03  # no such parameter in a GSM module
    assert error_of(module, "12345678 RESET 1,2") == 0x04
    for bad in ("RESET 25", "RESET 0", "TIMEOUT 59", "TIMEOUT 65536", "PORT x", "MODE 3", "DNS 300.1.1.1",
                "APN " + "a" * 51, "BANDS B4"):
        assert error_of(module, f"12345678 {bad}") == 0x05, bad
    assert module.values == {**defaults(GSM), "new_admin_password": "", "user_password": ""}


def test_password_change_and_user_level_commands() -> None:
    nb = SmsCommandProcessor(NB, serial="5")
    assert reply(nb, "12345678 PASS newpass") == {}
    assert reply(nb, "12345678 APN")["apn"] == "internet"  # in force from the restart only
    nb.restart()
    assert error_of(nb, "12345678 APN") == 0x02
    assert reply(nb, "newpass APN")["apn"] == "internet"
    assert reply(nb, "0000 AINF") == {"autoinform_enabled": False, "autoinform_period": "daily",
                                      "autoinform_hour": 12, "autoinform_day": 1,
                                      "autoinform_items": frozenset({"total"})}
    assert reply(nb, "newpass PHONE +71112223344,1")["user_phone_trusted"] is True
    # from the trusted phone, user-level commands need no password; admin commands still do
    assert reply(nb, "AINF 1,1,,15,E,1", "+71112223344")["autoinform_day"] == 15
    assert error_of(nb, "AINF 1", "+79990000000") == 0x06
    assert error_of(nb, "APN x", "+71112223344") == 0x06
    assert reply(nb, "newpass UPASS 4321") == {}
    nb.restart()
    assert reply(nb, "4321 ain")["autoinform_enabled"] is True


def test_built_texts_configure_the_simulated_module_exactly() -> None:
    target = defaults(NB) | {"mode": "client-cenc", "server": "cenc.ru", "apn": "nb.iot", "apn_user": "u",
                             "ntp_enabled": True, "ntp_timezone": 5, "mqtt_enabled": True, "mqtt_host": "m.ru",
                             "mqtt_root_topic": "meters/home", "user_phone": "+79001234567",
                             "autoinform_enabled": True, "autoinform_period": "monthly", "autoinform_day": 28,
                             "autoinform_items": frozenset({"balance", "t4"})}
    nb = SmsCommandProcessor(NB)
    for text in build_sms_texts(NB, target, PW):
        assert parse_sms_reply(nb.handle(text)).ok, text
    assert {k: nb.values[k] for k in target} == target
    assert nb.reboot_requested


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=16)))
def test_processor_answers_anything_with_a_parsable_reply(text: str, sender: str | None) -> None:
    processor = SmsCommandProcessor(NB, values={"user_phone": "+71234567890", "user_phone_trusted": True})
    parse_sms_reply(processor.handle(text, sender))


def test_the_protocol_document_lists_every_parameter_and_command() -> None:
    from pathlib import Path

    from protocols.params.catalogue import PARAMETERS
    from protocols.sms.sms_grammar import command_for_key

    doc = (Path(__file__).resolve().parents[1] / "docs/protocols/sms-commands.md").read_text(encoding="utf-8")
    for param in PARAMETERS:
        name = command_for_key(param.key).name
        ours = "" if command_for_key(param.key).documented else " (ours)"
        assert f"| `{param.key}` | 0x{param.code:02X} | {param.label.ru} | {name}{ours} |" in doc, param.key
    for item in COMMANDS:
        assert f"| `{item.name}`" in doc, item.name
