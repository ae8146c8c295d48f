"""Module settings files: format, passwords left out, every problem reported, atomic save."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.settings_store import load_settings, save_settings
from protocols.errors import ConfiguratorError, SettingsFileError
from protocols.files.settings_file import FORMAT, VERSION, dumps, loads
from protocols.params.catalogue import defaults, parameters_for
from protocols.params.module_types import ModuleType
from tests.test_catalogue import _values

NB = ModuleType.NB_IOT
GSM = ModuleType.GSM_2G4G


def document(module: str = "gsm-2g4g", version: object = VERSION, **values: object) -> str:
    return json.dumps({"format": FORMAT, "version": version, "module": module, "values": values})


def test_round_trip_without_passwords() -> None:
    values = defaults(NB) | {"apn_password": "secret", "mqtt_password": "m", "new_admin_password": "n"}
    text = dumps(NB, values)
    assert "secret" not in text and '"m"' not in text
    loaded = loads(text)
    assert loaded.module is NB and not loaded.passwords_included
    assert set(loaded.missing) == {"apn_password", "mqtt_password", "new_admin_password", "user_password"}
    assert loaded.values == {k: v for k, v in values.items() if k not in loaded.missing}
    assert loaded.problems == []


def test_passwords_included_on_request() -> None:
    values = defaults(GSM) | {"apn_password": "secret"}
    loaded = loads(dumps(GSM, values, include_passwords=True))
    assert loaded.values == values and loaded.passwords_included


@pytest.mark.parametrize("module", list(ModuleType))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_round_trip_any_valid_values(module: ModuleType, data: st.DataObject) -> None:
    values = {p.key: data.draw(_values(p, module)) for p in parameters_for(module)}
    values["bands" if "bands" in values else "apn"] = defaults(module)["bands" if "bands" in values else "apn"]
    loaded = loads(dumps(module, values, include_passwords=True))
    assert loaded.module is module and loaded.values == values


def test_every_problem_is_reported() -> None:
    text = document(port=0, ntp_enabled=True, zz=1, bands=["x"], apn="a b", mode=3, reset_hours="24")
    with pytest.raises(SettingsFileError) as caught:
        loads(text)
    keys = sorted(p.key for p in caught.value.problems)  # type: ignore[attr-defined]
    assert keys == ["apn", "bands", "mode", "ntp_enabled", "port", "reset_hours", "zz"]
    message = caught.value.message("ru")
    assert "zz" in message and "«Рабочие частоты»" in message


def test_header_problems() -> None:
    with pytest.raises(SettingsFileError) as caught:
        loads(json.dumps({"format": "other", "version": 1, "module": "x", "values": {}}))
    assert sorted(p.key for p in caught.value.problems) == ["format", "module"]  # type: ignore[attr-defined]
    with pytest.raises(SettingsFileError) as newer:
        loads(document(version=VERSION + 1))
    assert "newer" in str(newer.value) and "новой" in newer.value.message("ru")
    for bad in ("[]", "{", "null", document(version="1"), json.dumps({"format": FORMAT, "version": 1,
                                                                        "module": "nb-iot"})):
        with pytest.raises(SettingsFileError):
            loads(bad)


def test_cross_field_problems_do_not_stop_loading() -> None:
    loaded = loads(document(mode="client"))
    assert [p.key for p in loaded.problems] == ["server"]


def test_save_is_atomic_and_load_reads_it(tmp_path: Path) -> None:
    target = tmp_path / "meter.json"
    target.write_text("old", encoding="utf-8")
    values = defaults(GSM) | {"mode": "client", "server": "srv.ru"}
    save_settings(target, GSM, values)
    assert sorted(os.listdir(tmp_path)) == ["meter.json"]  # no temporary file left behind
    assert load_settings(target).values["server"] == "srv.ru"


def test_failed_save_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "meter.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(AssertionError):
        save_settings(target, GSM, {"bands": "not a set"})
    assert target.read_text(encoding="utf-8") == "old"
    with pytest.raises(SettingsFileError):
        save_settings(tmp_path / "missing-dir" / "x.json", GSM, defaults(GSM))
    with pytest.raises(SettingsFileError):
        load_settings(tmp_path / "absent.json")


@given(st.one_of(st.binary(max_size=200), st.text(max_size=200)))
def test_random_input_raises_only_settings_file_errors(data: bytes | str) -> None:
    try:
        loads(data)
    except ConfiguratorError as error:
        assert isinstance(error, SettingsFileError)


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-70000, 70000) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from([p.key for p in parameters_for(NB)] + ["x"]), _json, max_size=8),
       st.sampled_from([m.value for m in ModuleType] + ["?"]))
def test_random_values_raise_only_settings_file_errors(values: dict, module: str) -> None:
    text = json.dumps({"format": FORMAT, "version": 1, "module": module, "values": values})
    try:
        loads(text)
    except ConfiguratorError as error:
        assert isinstance(error, SettingsFileError)
