"""Numbers read back from the window's remembered state (app.ui.app_settings.stored_int)."""

from __future__ import annotations

import pytest

from app.ui.app_settings import stored_int


def test_absent_key_gives_the_default() -> None:
    assert stored_int({}, "port", 8000) == 8000


@pytest.mark.parametrize(("stored", "expected"), [(4001, 4001), (20.0, 20), ("60", 60), (True, 1)])
def test_numbers_in_any_json_form_are_read_as_int_does(stored: object, expected: int) -> None:
    assert stored_int({"port": stored}, "port", 0) == expected


def test_text_that_is_not_a_number_raises_value_error() -> None:
    with pytest.raises(ValueError):
        stored_int({"port": "eighty"}, "port", 0)


@pytest.mark.parametrize("stored", [None, [1], {"a": 1}])
def test_other_json_values_raise_type_error_naming_the_key(stored: object) -> None:
    with pytest.raises(TypeError, match="'port'"):
        stored_int({"port": stored}, "port", 0)
