"""Fields typed by a user: a digit-like character int() refuses (e.g. "²") is a refusal, not a crash."""

import pytest

from protocols import cenc
from protocols.errors import ProtocolError, ValidationError
from protocols.meter.direct_forwarding import parse_module_port
from protocols.params.param_values import host_rule
from protocols.params.version import parse_firmware


def test_host_with_superscript_digit_is_a_problem() -> None:
    assert host_rule("1.2.3.²") is not None
    assert host_rule("1.2.3.4") is None


def test_module_port_with_superscript_digit_is_refused() -> None:
    with pytest.raises(ValidationError):
        parse_module_port("COM²")
    assert parse_module_port("COM2") == 2


def test_firmware_with_superscript_digit_is_unreadable() -> None:
    assert parse_firmware("2.²") is None
    assert parse_firmware("2.7") == (2, 7)


def test_system_address_with_superscript_digit_is_refused() -> None:
    with pytest.raises(ProtocolError):
        cenc.parse_address("0.0.0.²")
