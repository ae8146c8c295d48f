"""The exchange log masks exactly the secret bytes of our module frames, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocols.module import module_frames as mf
from protocols.module.frame_secrets import secret_positions
from protocols.params.catalogue import PARAMETERS
from protocols.secret_bytes import masked_hex

CODE = {p.key: p.code for p in PARAMETERS}
ADMIN = "12345678"


def _span(raw: bytes, needle: bytes) -> set[int]:
    start = raw.index(needle)
    return set(range(start, start + len(needle)))


def _crc(raw: bytes) -> set[int]:
    return {len(raw) - 2, len(raw) - 1}


@pytest.mark.parametrize(
    "frame",
    [
        mf.ReadParamsRequest(seq=1, password=ADMIN, codes=(CODE["apn"],)),
        mf.RestartRequest(seq=2, password=ADMIN),
        mf.WriteParamsRequest(seq=3, password=ADMIN, values=(mf.ParamValue(CODE["apn"], b"internet"),)),
    ],
)
def test_the_access_password_and_the_crc_are_masked(frame: mf.Frame) -> None:
    raw = mf.encode(frame)
    assert secret_positions(raw) == _span(raw, ADMIN.encode()) | _crc(raw)


def test_password_parameters_are_masked_and_other_values_stay_readable() -> None:
    frame = mf.WriteParamsRequest(seq=4, password=ADMIN, values=(
        mf.ParamValue(CODE["apn"], b"internet.mts.ru"),
        mf.ParamValue(CODE["apn_user"], b"mts"),
        mf.ParamValue(CODE["apn_password"], b"mts"),
        mf.ParamValue(CODE["new_admin_password"], b"55556666"),
    ))
    raw = mf.encode(frame)
    positions = secret_positions(raw)
    assert positions is not None
    last_mts = raw.rindex(b"mts")
    assert set(range(last_mts, last_mts + 3)) <= positions  # the APN password
    assert not _span(raw, b"internet.mts.ru") & positions  # the APN itself, with "mts" inside it
    first_user = raw.index(b"mts", raw.index(b"internet.mts.ru") + 15)
    assert first_user not in positions  # the APN user name "mts"
    assert _span(raw, b"55556666") <= positions
    shown = masked_hex(raw, positions)
    assert "69 6E 74 65 72 6E 65 74 2E 6D 74 73 2E 72 75" in shown  # "internet.mts.ru" in plain hex
    assert "35 35 35 35" not in shown and shown.endswith("** **")


def test_read_replies_mask_password_values() -> None:
    reply = mf.ReadParamsReply(seq=5, status=0, results=(
        mf.ParamReadResult(CODE["apn"], 0, b"internet"),
        mf.ParamReadResult(CODE["apn_password"], 0, b"secret"),
    ))
    raw = mf.encode(reply)
    assert secret_positions(raw) == _span(raw, b"secret") | _crc(raw)


def test_frames_without_secrets_are_not_masked_even_with_the_password_digits_inside() -> None:
    reply = mf.ImeiReply(seq=6, status=0, system_address="0.0.0.7", version="c1.0v1.4.8420.1.1.1",
                         imei="861234567812345")
    raw = mf.encode(reply)
    assert ADMIN.encode() in raw
    assert secret_positions(raw) == set()
    assert "*" not in masked_hex(raw, set())


def test_several_frames_in_one_read() -> None:
    status = mf.encode(mf.StatusRequest(seq=7))
    restart = mf.encode(mf.RestartRequest(seq=8, password=ADMIN))
    positions = secret_positions(status + restart)
    assert positions == {len(status) + i for i in _span(restart, ADMIN.encode()) | _crc(restart)}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"AT+CSQ\r",
        b"\x00" + mf.encode(mf.StatusRequest(seq=1)),  # garbage before the frame
        mf.encode(mf.RestartRequest(seq=1, password=ADMIN))[:-1],  # half a frame: the next read has the rest
        mf.encode(mf.StatusRequest(seq=1)) + b"\xa5\x00",  # a whole frame and the start of another
    ],
)
def test_anything_but_whole_frames_is_left_to_the_text_search(data: bytes) -> None:
    assert secret_positions(data) is None


@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data: bytes) -> None:
    positions = secret_positions(data)
    assert positions is None or all(0 <= i < len(data) for i in positions)


@given(
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=32),
    st.integers(0, 255),
)
def test_every_password_byte_is_masked(password: str, seq: int) -> None:
    raw = mf.encode(mf.RestartRequest(seq=seq, password=password))
    positions = secret_positions(raw)
    field = set(range(8, 8 + len(password)))  # header (5), seq, command, length, then the password
    assert positions == field | _crc(raw)
