"""The module status the meter's LCD shows as two groups of hex digits.

GSM modules (001 Table 6): two groups of three digits. NB-IoT modules (000 Table 5): two groups
of four digits. The first generation GSM modules (Gx01) are read with the GSM table and NB02 with
the NB-IoT table: the manuals describe no other layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from protocols.errors import ProtocolError
from protocols.module.status_tables import (
    BAND_TABLE,
    GSM_GPRS_TABLE,
    GSM_METER_LINK_TABLE,
    GSM_REGISTRATION_TABLE,
    GSM_SIM_TABLE,
    NB_GPRS_TABLE,
    NB_HTTP_LOADER_TABLE,
    NB_MQTT_CLIENT_TABLE,
    NB_MQTT_LOADER_TABLE,
    NB_REGISTRATION_TABLE,
    SIGNAL_TABLE,
    CodeTable,
)
from protocols.params.module_types import ModuleType
from protocols.text import Text


@dataclass(frozen=True)
class LcdFieldSpec:
    """What one LCD digit means; ``table`` is None for a free value (a version number)."""

    group: int
    field: int
    name: Text
    table: CodeTable | None


@dataclass(frozen=True)
class LcdField:
    group: int
    field: int
    name: Text
    raw: str
    code: int
    meaning: Text


def _spec(group: int, field: int, table: CodeTable) -> LcdFieldSpec:
    return LcdFieldSpec(group, field, table.name, table)


GSM_LCD_FIELDS: tuple[LcdFieldSpec, ...] = (
    _spec(1, 1, GSM_SIM_TABLE),
    _spec(1, 2, GSM_GPRS_TABLE),
    _spec(1, 3, GSM_METER_LINK_TABLE),
    _spec(2, 1, GSM_REGISTRATION_TABLE),
    _spec(2, 2, BAND_TABLE),
    LcdFieldSpec(2, 3, Text("Текущий уровень сигнала сотовой сети", "Current cellular signal level"), SIGNAL_TABLE),
)

NB_LCD_FIELDS: tuple[LcdFieldSpec, ...] = (
    _spec(1, 1, NB_HTTP_LOADER_TABLE),
    _spec(1, 2, NB_GPRS_TABLE),
    _spec(1, 3, NB_MQTT_CLIENT_TABLE),
    _spec(1, 4, NB_MQTT_LOADER_TABLE),
    _spec(2, 1, NB_REGISTRATION_TABLE),
    LcdFieldSpec(2, 2, Text("Текущий уровень сигнала сети", "Current network signal level"), SIGNAL_TABLE),
    LcdFieldSpec(2, 3, Text("Версия ВПО приёмо-передатчика", "Transceiver firmware version"), None),
    LcdFieldSpec(2, 4, Text("Версия ВПО (SKOP_V0) модуля", "Module firmware version (SKOP_V0)"), None),
)

_SEPARATORS = " .-"


def lcd_fields(module: ModuleType) -> tuple[LcdFieldSpec, ...]:
    return NB_LCD_FIELDS if module.is_nb_iot else GSM_LCD_FIELDS


def decode_lcd(module: ModuleType, group1: str, group2: str) -> list[LcdField]:
    """Decode the two LCD digit groups. Wrong lengths or digits raise one ProtocolError that names
    every wrong group and field."""
    specs = lcd_fields(module)
    result: list[LcdField] = []
    problems: list[Text] = []
    for group, raw_group in ((1, group1), (2, group2)):
        group_specs = [spec for spec in specs if spec.group == group]
        digits = "".join(ch for ch in raw_group.strip() if ch not in _SEPARATORS).upper()
        if len(digits) != len(group_specs):
            problems.append(
                Text(
                    f"Группа {group}: ожидается {len(group_specs)} цифр(ы), получено «{raw_group}»",
                    f"Group {group}: {len(group_specs)} digits expected, got {raw_group!r}",
                )
            )
            continue
        for spec, digit in zip(group_specs, digits, strict=True):
            decoded = _decode_digit(spec, digit)
            if isinstance(decoded, LcdField):
                result.append(decoded)
            else:
                problems.append(decoded)
    if problems:
        raise ProtocolError(Text("; ".join(p.ru for p in problems), "; ".join(p.en for p in problems)))
    return result


def _decode_digit(spec: LcdFieldSpec, digit: str) -> LcdField | Text:
    """The decoded field, or the problem with it."""
    where = Text(
        f"Группа {spec.group}, поле {spec.field} ({spec.name.ru})",
        f"Group {spec.group}, field {spec.field} ({spec.name.en})",
    )
    if digit not in "0123456789ABCDEF":
        return Text(f"{where.ru}: «{digit}» не шестнадцатеричная цифра", f"{where.en}: {digit!r} is not a hex digit")
    code = int(digit, 16)
    if spec.table is None:
        return LcdField(spec.group, spec.field, spec.name, digit, code, Text(f"версия {digit}", f"version {digit}"))
    entry = spec.table.get(code)
    if entry is None:
        known = ", ".join(item.digit for item in spec.table)
        return Text(
            f"{where.ru}: значение {digit} не описано (допустимо: {known})",
            f"{where.en}: value {digit} is not defined (allowed: {known})",
        )
    return LcdField(spec.group, spec.field, spec.name, digit, code, entry.text)
