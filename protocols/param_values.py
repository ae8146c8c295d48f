"""Parameter values in our binary frames: ``encode_value`` / ``decode_value`` (symmetric).

The frame (parameter code, length, value) is built elsewhere (protocols/module_frames.py);
this module owns only the value bytes, per the parameter's kind:

    TEXT, PASSWORD, HOST, PHONE   ASCII bytes, 0..max_length long (no terminator)
    INT                           little-endian, `width` bytes, signed where the parameter is
    CHOICE                        one byte: the choice's code (MODE: 0, 1, 2, 6 as in SMS)
    BOOL                          one byte: 0 or 1
    FLAGS                         one byte: bit n set = the choice with code n is selected
"""

from __future__ import annotations

from protocols.catalogue import Kind, Parameter, check_value
from protocols.catalogue_rules import field_name
from protocols.errors import ProtocolError, ValidationError
from protocols.text import Text

_TEXT_KINDS = (Kind.TEXT, Kind.PASSWORD, Kind.HOST, Kind.PHONE)


def value_size(param: Parameter) -> tuple[int, int]:
    """(min, max) length in bytes of the parameter's value."""
    if param.kind in _TEXT_KINDS:
        return 0, param.max_length or 0
    if param.kind is Kind.INT:
        return param.width, param.width
    return 1, 1


def encode_value(param: Parameter, value: object) -> bytes:
    """The value's bytes; ValidationError if the value breaks the parameter's rules."""
    problems = check_value(param, value)
    if problems:
        raise ValidationError(problems)
    kind = param.kind
    if kind in _TEXT_KINDS:
        assert isinstance(value, str)
        return value.encode("ascii")
    if kind is Kind.INT:
        assert isinstance(value, int)
        return value.to_bytes(param.width, "little", signed=param.signed)
    if kind is Kind.BOOL:
        return b"\x01" if value else b"\x00"
    if kind is Kind.CHOICE:
        return bytes([param.choice(str(value)).code])
    assert isinstance(value, (set, frozenset))
    mask = 0
    for item in value:
        mask |= 1 << param.choice(item).code
    return bytes([mask])


def decode_value(param: Parameter, data: bytes) -> object:
    """The value from its bytes; ProtocolError on a wrong length or content."""
    low, high = value_size(param)
    if not low <= len(data) <= high:
        raise _error(param, Text(f"длина {len(data)} байт, ожидается {low}–{high}",
                                 f"length {len(data)} bytes, expected {low}–{high}"))
    kind = param.kind
    if kind in _TEXT_KINDS:
        try:
            text = bytes(data).decode("ascii")
        except UnicodeDecodeError:
            raise _error(param, Text("не ASCII-текст", "not ASCII text")) from None
        value: object = text
    elif kind is Kind.INT:
        value = int.from_bytes(data, "little", signed=param.signed)
    elif kind is Kind.BOOL:
        if data[0] > 1:
            raise _error(param, Text(f"значение {data[0]} вместо 0/1", f"value {data[0]} instead of 0/1"))
        value = data[0] == 1
    elif kind is Kind.CHOICE:
        by_code = {c.code: c.value for c in param.choices}
        if data[0] not in by_code:
            raise _error(param, Text(f"неизвестный код {data[0]}", f"unknown code {data[0]}"))
        value = by_code[data[0]]
    else:
        by_bit = {c.code: c.value for c in param.choices}
        if data[0] >> len(by_bit):
            raise _error(param, Text(f"лишние биты в 0x{data[0]:02X}", f"unknown bits in 0x{data[0]:02X}"))
        value = frozenset(v for bit, v in by_bit.items() if data[0] >> bit & 1)
    problems = check_value(param, value)
    if problems:
        raise _error(param, problems[0].text)
    return value


def _error(param: Parameter, why: Text) -> ProtocolError:
    name = field_name(param)
    return ProtocolError(Text(f"{name.ru}: {why.ru}", f"{name.en}: {why.en}"))
