"""LCD digit groups (001 Table 6, 000 Table 5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocols.errors import ConfiguratorError, ProtocolError
from protocols.module.status_lcd import GSM_LCD_FIELDS, NB_LCD_FIELDS, decode_lcd, lcd_fields
from protocols.params.module_types import ModuleType

GSM = ModuleType.GSM_2G4G
NB = ModuleType.NB_IOT


def test_gsm_example_from_the_status_page() -> None:
    fields = decode_lcd(GSM, "130", "167")
    assert [(f.group, f.field, f.raw) for f in fields] == [(1, 1, "1"), (1, 2, "3"), (1, 3, "0"),
                                                           (2, 1, "1"), (2, 2, "6"), (2, 3, "7")]  # fmt: skip
    assert [f.meaning.ru for f in fields] == [
        "обнаружена",
        "успешная регистрация на сервере CE-NC",
        "ПУ инициализирован",
        "зарегистрирован",
        "Полоса LTE 7",
        "-73...-69 дБм",
    ]
    assert fields[4].name.ru == "Текущий частотный диапазон сотовой сети"


def test_nb_iot_example() -> None:
    fields = decode_lcd(NB, "0300", "3545")
    assert [f.meaning.ru for f in fields] == [
        "отключен",
        "зарегистрирован на сервере CENC",
        "отключен",
        "отключен",
        "зарегистрирован (IP получен в сети NB-IoT)",
        "-85...-81 дБм",
        "версия 4",
        "версия 5",
    ]
    assert [f.name.ru for f in fields][-2:] == ["Версия ВПО приёмо-передатчика", "Версия ВПО (SKOP_V0) модуля"]


def _every_code(specs):
    for spec in specs:
        codes = spec.table.codes() if spec.table else tuple(range(16))
        for code in codes:
            yield spec, code


def _case_id(value: object) -> str:
    """``group1.field2`` and the code: the same in every process of a run spread over several (pytest -n)."""
    group, field = getattr(value, "group", None), getattr(value, "field", None)
    return f"group{group}.field{field}" if group is not None else str(value)


@pytest.mark.parametrize(("spec", "code"), list(_every_code(GSM_LCD_FIELDS)), ids=_case_id)
def test_every_gsm_field_code(spec, code: int) -> None:
    digits = {1: ["1", "0", "0"], 2: ["1", "0", "5"]}
    digits[spec.group][spec.field - 1] = f"{code:x}"  # lower case is accepted too
    fields = decode_lcd(GSM, "".join(digits[1]), "".join(digits[2]))
    decoded = next(f for f in fields if (f.group, f.field) == (spec.group, spec.field))
    assert decoded.code == code and decoded.raw == f"{code:X}"
    assert decoded.meaning == spec.table.meaning(code)


@pytest.mark.parametrize(("spec", "code"), list(_every_code(NB_LCD_FIELDS)), ids=_case_id)
def test_every_nb_field_code(spec, code: int) -> None:
    digits = {1: ["0", "0", "0", "0"], 2: ["0", "0", "1", "1"]}
    digits[spec.group][spec.field - 1] = f"{code:X}"
    fields = decode_lcd(NB, " ".join(digits[1]), ".".join(digits[2]))  # separators are ignored
    decoded = next(f for f in fields if (f.group, f.field) == (spec.group, spec.field))
    assert decoded.code == code
    if spec.table is not None:
        assert decoded.meaning == spec.table.meaning(code)
    else:
        assert decoded.meaning.ru == f"версия {code:X}"


@pytest.mark.parametrize("module", list(ModuleType))
def test_layout_per_module(module: ModuleType) -> None:
    expected = NB_LCD_FIELDS if module.is_nb_iot else GSM_LCD_FIELDS
    assert lcd_fields(module) is expected


@pytest.mark.parametrize(
    ("module", "group1", "group2", "named"),
    [
        (GSM, "170", "167", ["Группа 1, поле 2", "Канал связи GPRS", "значение 7"]),
        (GSM, "13G", "167", ["Группа 1, поле 3", "«G» не шестнадцатеричная цифра"]),
        (GSM, "130", "16A", ["Группа 2, поле 3", "значение A"]),
        (GSM, "130", "1D7", ["Группа 2, поле 2", "значение D"]),
        (GSM, "13", "167", ["Группа 1: ожидается 3"]),
        (NB, "0300", "354", ["Группа 2: ожидается 4"]),
        (NB, "0400", "3545", ["Группа 1, поле 2", "значение 4"]),
        (NB, "0300", "2545", ["Группа 2, поле 1", "значение 2"]),
    ],
)
def test_bad_digits_name_the_field(module, group1: str, group2: str, named: list[str]) -> None:
    with pytest.raises(ProtocolError) as raised:
        decode_lcd(module, group1, group2)
    for part in named:
        assert part in raised.value.message("ru")
    assert "Group" in str(raised.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ProtocolError) as raised:
        decode_lcd(GSM, "17X", "16")
    message = raised.value.message("en")
    assert "Group 1, field 2" in message and "Group 1, field 3" in message and "Group 2: 3 digits" in message


@given(st.sampled_from(list(ModuleType)), st.text(max_size=8), st.text(max_size=8))
def test_random_input_raises_only_project_errors(module, group1: str, group2: str) -> None:
    try:
        fields = decode_lcd(module, group1, group2)
    except ConfiguratorError:
        return
    assert len(fields) == len(lcd_fields(module))
