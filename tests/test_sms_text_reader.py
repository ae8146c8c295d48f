"""SMS command texts back to values (Master SIM → settings form): the inverse of build_sms_texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.params.catalogue import applicable, defaults
from protocols.params.module_types import ModuleType
from protocols.sms.sms_commands import build_sms_texts
from protocols.sms.sms_text_reader import read_sms_texts
from tests.sms_samples import changed_values

PW = "12345678"


@pytest.mark.parametrize("module", list(ModuleType))
def test_round_trip_of_every_parameter(module: ModuleType) -> None:
    values = changed_values(module) | {"new_admin_password": "New12345", "user_password": "4321"}
    texts = build_sms_texts(module, values, PW)
    content = read_sms_texts(module, texts)
    assert content.ok, [p.en for p in content.problems]
    assert content.password == PW
    assert content.values == applicable(module, values)  # every parameter in use, the new passwords included
    assert build_sms_texts(module, content.values, PW) == texts


@pytest.mark.parametrize("module", list(ModuleType))
def test_round_trip_of_the_defaults_gives_the_documented_parameters(module: ModuleType) -> None:
    values = defaults(module) | {"mode": "client", "server": "srv.example.ru"}  # the mode that uses them all
    content = read_sms_texts(module, build_sms_texts(module, values, PW))
    assert content.ok
    assert set(content.values) == {"apn", "apn_user", "apn_password", "server", "port", "period",
                                   "reset_hours", "mode"}
    assert all(content.values[k] == values[k] for k in content.values)


def test_bad_texts_are_reported_one_by_one_with_passwords_masked() -> None:
    texts = ["12345678 APN m2m", "hello", "12345678 TIMEOUT 5", "12345678 NTP 1", "12345678 RESET",
             "12345678 PSW secret,x", "12345678 RESET 5"]
    content = read_sms_texts(ModuleType.GSM_2G4G, texts)
    assert content.values == {"apn": "m2m", "reset_hours": 5}
    assert content.commands == ["APN", "RESET"]
    problems = [p.en for p in content.problems]
    assert len(problems) == 5
    assert problems[0].startswith("SMS 2 “hello”: not a module configuration command")
    assert "SMS 3" in problems[1] and "nvalid parameter value" in problems[1]
    assert "SMS 4" in problems[2] and "nknown parameter" in problems[2]  # no NTP in a GSM module
    assert "SMS 5" in problems[3] and "nothing to load" in problems[3]
    assert "SMS 6 “******** PSW ******,x”" in problems[4]
    assert not any("12345678" in p or "secret" in p for p in problems)


def test_a_password_change_is_read_back_whichever_password_signs_mode() -> None:
    values = defaults(ModuleType.GSM_2G4G) | {"new_admin_password": "Other999", "mode": "server"}
    texts = build_sms_texts(ModuleType.GSM_2G4G, values, PW)
    assert texts[-2:] == [f"{PW} PASS Other999", f"{PW} MODE 2"]  # the new password is in force after MODE
    older = [*texts[:-1], "Other999 MODE 2"]  # a SIM written when MODE carried the new password
    for written in (texts, older):
        content = read_sms_texts(ModuleType.GSM_2G4G, written)
        assert content.ok and content.values["mode"] == "server"
        assert content.values["new_admin_password"] == "Other999"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=5), st.sampled_from(list(ModuleType)))
def test_random_texts_give_problems_never_exceptions(texts: list[str], module: ModuleType) -> None:
    content = read_sms_texts(module, texts)
    assert len(content.problems) + len(content.commands) == len(texts)
