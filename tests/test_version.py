"""Module version strings (001 §7.2, 000 §8.3, 002 Appendix 4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocols.errors import ConfiguratorError, ProtocolError
from protocols.params.module_types import ModuleType
from protocols.params.version import PLATFORM_NAMES, parse_version, platform_id_from_decimal


def test_gsm_example() -> None:
    version = parse_version("c1.0v1.4.8420.1.1.1")
    assert (version.core, version.firmware, version.platform_id, version.build) == ("c1.0", "1.4", "8420", "1.1.1")
    assert version.module_type is ModuleType.GSM_2G4G and version.known
    assert version.platform_name == "Gx04 (2/4G)"
    assert version.firmware_tuple == (1, 4)
    assert version.module_label.ru == "GSM 2G+4G"


def test_nb_iot_example() -> None:
    version = parse_version("v04v5.24.8415.3.1.1")
    assert (version.core, version.firmware, version.platform_id, version.build) == ("v04", "5.24", "8415", "3.1.1")
    assert version.module_type is ModuleType.NB_IOT and version.platform_name == "NB01"
    assert version.firmware_tuple == (5, 24) and version.firmware_tuple > (5, 3)


@pytest.mark.parametrize(
    ("platform", "module", "name"),
    [
        ("8411", ModuleType.GSM_GX01, "Gx01"),
        ("8412", ModuleType.GSM_GX01, "Gx01"),
        ("8413", ModuleType.GSM_GX01, "Gx01"),
        ("8416", ModuleType.GSM_GX01, "Gx01"),
        ("8417", ModuleType.GSM_GX01, "Gx01"),
        ("8611", ModuleType.GSM_GX01, "Gx01"),
        ("8420", ModuleType.GSM_2G4G, "Gx04 (2/4G)"),
        ("8421", ModuleType.GSM_2G3G4G, "GS04 (2/3/4G)"),
        ("8415", ModuleType.NB_IOT, "NB01"),
        ("8610", ModuleType.NB_IOT_2, "NB02"),
    ],
)
def test_every_platform_of_table_11(platform: str, module: ModuleType, name: str) -> None:
    version = parse_version(f"c1.0v2.0.{platform}.1.1.1")
    assert version.module_type is module and version.platform_name == name
    assert PLATFORM_NAMES[platform] == name


def test_unknown_platform_is_a_result_not_an_error() -> None:
    version = parse_version("c1.0v1.4.9999.1.1.1")
    assert version.module_type is None and not version.known and version.platform_name is None
    assert version.module_label.en == "unknown platform 9999"


def test_cyrillic_core_letter_and_spaces_are_accepted() -> None:
    version = parse_version("  с1.0v1.4.8420.1.1.1 ")  # the manual types a Cyrillic "с"
    assert version.core == "c1.0" and version.text == "c1.0v1.4.8420.1.1.1"


def test_hex_platform_id_is_upper_cased_and_build_may_be_absent() -> None:
    version = parse_version("v04v5.24.86aF")
    assert version.platform_id == "86AF" and version.build == ""


@pytest.mark.parametrize(
    "text",
    ["", "c1.0", "c1.0v1.4", "c1.0v1.4.842", "c1.0v1.4.84200.1", "x1.0v1.4.8420.1", "c1.0v1.4.8420.", "c1.0 v1.4.8420",
     "c1.0v1.4.8420.1.a", "v1.4.8420.1.1.1"],
)  # fmt: skip
def test_malformed_strings_raise_protocol_error(text: str) -> None:
    with pytest.raises(ProtocolError) as raised:
        parse_version(text)
    assert "c1.0v1.4.8420.1.1.1" in raised.value.message("ru")


def test_platform_id_from_the_head_end_journal() -> None:
    assert platform_id_from_decimal(33824) == "8420"
    assert platform_id_from_decimal(34320) == "8610"
    with pytest.raises(ProtocolError):
        platform_id_from_decimal(0x10000)


@given(st.text(max_size=40))
def test_random_strings_raise_only_project_errors(text: str) -> None:
    try:
        parse_version(text)
    except ConfiguratorError:
        pass
