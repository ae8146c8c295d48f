"""Fuzzing the decoders and file loaders the codec tests do not reach: the HDLC cutter, the window
CRCs and the byte stream they rely on, phone lists, UTMC settings files, the inside of xlsx
sheets, and text that is not text (lone surrogates from JSON escapes, spreadsheets or pasting).

Every outcome is a result or one project error whose message can be printed and saved.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import phone_list, settings_store, utmc_local_files
from protocols import crc16
from protocols.byte_stream import ByteStream
from protocols.errors import ConfiguratorError, SettingsFileError
from protocols.files import settings_file
from protocols.meter import hdlc_framing
from protocols.module import module_frames
from protocols.params.catalogue import parameters_for
from protocols.params.catalogue_model import Kind as ModuleKind
from protocols.params.module_types import ModuleType
from protocols.params.param_values import check_value, from_json
from protocols.utmc.utmc_address_help import suggest
from protocols.utmc.utmc_devices import parse_device_lines, problems_of_record
from protocols.utmc.utmc_models import MODELS
from protocols.utmc.utmc_params import defaults as utmc_defaults
from protocols.utmc.utmc_params import parameter as utmc_parameter

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)  # surrogates included
FILES = [HealthCheck.function_scoped_fixture]
DEVICE_LINES = "1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem\n2;ЕМ Энергомера СЕ102;12345679;1;ЕТО;5679;9600;C\n"


def printable(error: ConfiguratorError) -> None:
    """The message reaches a console, a log file and a dialog: it must be encodable text."""
    for lang in ("ru", "en"):
        error.message(lang).encode("utf-8")


# -- the stream machinery --------------------------------------------------------------------
@given(st.binary(max_size=3000), st.integers(0, 2999), st.integers(0, 2999))
def test_window_crcs_equal_direct_crcs(data: bytes, start: int, end: int) -> None:
    start, end = sorted((min(start, len(data)), min(end, len(data))))
    for crc in (crc16.MODBUS, crc16.CCITT_FALSE, crc16.X25):
        assert crc.windows(data)(start, end) == crc(data[start:end])


@given(st.lists(st.sampled_from([module_frames.StatusRequest(seq=1), module_frames.IpRequest(seq=2)]), max_size=6),
       st.lists(st.binary(max_size=12), max_size=6), st.lists(st.integers(1, 40), min_size=1, max_size=20))
def test_byte_stream_finds_the_same_frames_however_bytes_arrive(frames: list, noise: list[bytes],
                                                                 pieces: list[int]) -> None:
    wire = b"".join(n.replace(b"\xa5", b"") + module_frames.encode(f) for n, f in zip(noise, frames, strict=False))
    wire += b"".join(module_frames.encode(f) for f in frames[len(noise):])
    stream, received, position, index = ByteStream(), [], 0, 0
    while position < len(wire):
        size = pieces[index % len(pieces)]
        stream.feed(wire[position : position + size])
        position, index = position + size, index + 1
        while (frame := stream.next(module_frames.decode)) is not None:
            received.append(frame)
    assert received == frames


@settings(max_examples=300)
@given(st.binary(max_size=600))
def test_hdlc_cutter_on_random_bytes(data: bytes) -> None:
    start, end = hdlc_framing.next_frame(data)
    assert 0 <= start <= len(data)
    if end is not None:
        frame = data[start:end]
        assert frame[0] == frame[-1] == hdlc_framing.FLAG
        assert crc16.X25(frame[1:-3]) == int.from_bytes(frame[-3:-1], "little")


@given(st.binary(max_size=200).map(lambda b: b.replace(b"\x7e", b"")), st.integers(0, 3))
def test_hdlc_cutter_finds_a_frame_after_noise(noise: bytes, cut: int) -> None:
    frame = bytes.fromhex("7ea01f61022173e1e281800005018006018007040000000108040002000161dc7e")
    data = noise + frame
    assert hdlc_framing.next_frame(data) == (len(noise), len(data))
    assert hdlc_framing.next_frame(data[: len(data) - 1 - cut])[1] is None  # incomplete: wait


# -- phone lists ---------------------------------------------------------------------------
@settings(max_examples=200, suppress_health_check=FILES)
@given(st.one_of(st.binary(max_size=300), ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_phone_list_loader(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "phones.txt"
    path.write_bytes(data)
    try:  # bytes no encoding reads, or a table without a column of phones: one error, in words
        loaded = phone_list.load_phones(path)
    except SettingsFileError as error:
        printable(error)
        return
    for problem in loaded.problems + loaded.duplicates:
        problem.text.ru.encode("utf-8")
    assert all(p.startswith("+") and p[1:].isdigit() for p in loaded.phones)


@settings(max_examples=200)
@given(st.lists(ANY_TEXT, max_size=6))
def test_typed_phones_are_normalised_or_refused_in_words(phones: list[str]) -> None:
    try:
        phone_list.normalise_phones(phones)
    except ConfiguratorError as error:
        printable(error)


# -- settings files ----------------------------------------------------------------------
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-70000, 70000) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
_UTMC_KEYS = sorted(utmc_defaults())
_NB = ModuleType.NB_IOT
_MODULE_KEYS = [p.key for p in parameters_for(_NB)]


@settings(max_examples=200, suppress_health_check=FILES)
@given(st.one_of(st.binary(max_size=300),
                 st.dictionaries(st.sampled_from(_UTMC_KEYS) | ANY_TEXT, _json, max_size=6).map(
                     lambda values: json.dumps({"format": "utmc-700-settings", "version": 1, "values": values})
                     .encode("utf-8", "surrogatepass"))))
def test_utmc_settings_loader(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "utmc.json"
    path.write_bytes(data)
    try:
        utmc_local_files.load_settings(path)
    except ConfiguratorError as error:
        printable(error)


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(_MODULE_KEYS) | ANY_TEXT, _json, max_size=6),
       st.sampled_from([m.value for m in ModuleType]))
def test_module_settings_with_any_text(values: dict, module: str) -> None:
    text = json.dumps({"format": settings_file.FORMAT, "version": 1, "module": module, "values": values})
    try:
        settings_file.loads(text)
    except ConfiguratorError as error:
        printable(error)


def test_a_json_escape_that_is_not_text_is_refused_by_name() -> None:
    document = {"format": settings_file.FORMAT, "version": 1, "module": "gsm-2g4g", "values": {"apn": "a\ud800"}}
    text = json.dumps(document)
    with pytest.raises(ConfiguratorError) as caught:
        settings_file.loads(text)
    assert "apn" in caught.value.message("ru") and "\\ud800" in caught.value.message("ru")
    printable(caught.value)


@settings(max_examples=100, suppress_health_check=FILES)
@given(st.sampled_from([p.key for p in parameters_for(_NB) if p.kind in (ModuleKind.TEXT, ModuleKind.PASSWORD)]),
       ANY_TEXT)
def test_module_settings_save_any_text(tmp_path: Path, key: str, text: str) -> None:
    path = tmp_path / "module.json"
    path.unlink(missing_ok=True)  # the folder is shared by every example
    try:
        settings_store.save_settings(path, _NB, {key: text}, include_passwords=True)
    except ConfiguratorError as error:
        printable(error)
        assert not path.exists()
        return
    try:
        loaded = settings_store.load_settings(path)
    except ConfiguratorError as error:  # saved, but not a valid value: refused in words on loading
        printable(error)
        return
    assert loaded.values[key] == text


@settings(max_examples=100, suppress_health_check=FILES)
@given(st.sampled_from([k for k, v in utmc_defaults().items() if isinstance(v, str)]), ANY_TEXT)
def test_utmc_settings_save_any_text(tmp_path: Path, key: str, text: str) -> None:
    path = tmp_path / "utmc.json"
    path.unlink(missing_ok=True)  # the folder is shared by every example
    try:
        value = from_json(utmc_parameter(key), text)
    except ConfiguratorError:
        value = text
    try:
        utmc_local_files.save_settings(path, {key: value}, include_secrets=True)
    except ConfiguratorError as error:
        printable(error)
        assert not path.exists()


# -- device lists: spreadsheets damaged inside, text that is not text ------------------------
def _workbook(tmp_path: Path) -> bytes:
    path = tmp_path / "seed.xlsx"
    utmc_local_files.save_device_file(path, parse_device_lines(DEVICE_LINES))
    return path.read_bytes()


def _with_sheet(book: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    source, out = zipfile.ZipFile(io.BytesIO(book)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


@settings(max_examples=150, suppress_health_check=FILES, deadline=None)
@given(st.integers(0, 10_000), st.binary(max_size=20), st.integers(0, 2))
def test_xlsx_with_a_damaged_sheet(tmp_path: Path, position: int, junk: bytes, how: int) -> None:
    def change(xml: bytes) -> bytes:
        at = position % (len(xml) + 1)
        if how == 0:
            return xml[:at]  # truncated
        if how == 1:
            return xml[:at] + junk + xml[at:]  # bytes inserted
        return xml[:at] + b"&#" + str(int.from_bytes(junk[:3] or b"\x00", "big")).encode() + b";" + xml[at:]

    path = tmp_path / "damaged.xlsx"
    path.write_bytes(_with_sheet(_workbook(tmp_path), change))
    try:
        utmc_local_files.load_device_file(path)
    except ConfiguratorError as error:
        printable(error)


def test_truncated_sheet_xml_names_the_place(tmp_path: Path) -> None:
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(_with_sheet(_workbook(tmp_path), lambda xml: xml[: len(xml) // 2]))
    with pytest.raises(ConfiguratorError) as caught:
        utmc_local_files.load_device_file(path)
    message = caught.value.message("ru")
    assert str(path) in message and "лист" in message and "столбец" in message


@settings(max_examples=150, suppress_health_check=FILES)
@given(ANY_TEXT, st.sampled_from(["note", "manufacturer", "serial"]), st.sampled_from([".txt", ".xlsx"]))
def test_device_text_that_is_not_text(tmp_path: Path, text: str, field: str, suffix: str) -> None:
    from dataclasses import replace

    record = replace(parse_device_lines(DEVICE_LINES)[0], **{field: text})
    for problem in problems_of_record(record):
        problem.text.ru.encode("utf-8")
    path = tmp_path / f"devices{suffix}"
    path.unlink(missing_ok=True)  # the folder is shared by every example
    try:
        utmc_local_files.save_device_file(path, [record])
    except ConfiguratorError as error:
        printable(error)
        assert not path.exists()
        return
    try:
        utmc_local_files.load_device_file(path)
    except ConfiguratorError as error:
        printable(error)


# -- text typed into forms ------------------------------------------------------------------
@settings(max_examples=200)
@given(st.sampled_from(MODELS), ANY_TEXT)
def test_address_suggestions_for_any_serial(model, serial: str) -> None:  # type: ignore[no-untyped-def]
    for suggestion in suggest(model, serial):
        assert suggestion.address is None or 0 <= suggestion.address <= 0xFFFFFFFF
        suggestion.rule.ru.encode("utf-8")


@settings(max_examples=300)
@given(st.sampled_from([p for p in parameters_for(_NB) if p.kind in (ModuleKind.TEXT, ModuleKind.PASSWORD,
                                                                     ModuleKind.HOST, ModuleKind.PHONE)]),
       ANY_TEXT)
def test_module_parameter_rules_for_any_text(param, text: str) -> None:  # type: ignore[no-untyped-def]
    for problem in check_value(param, text, _NB):
        problem.text.ru.encode("utf-8")
        problem.text.en.encode("utf-8")
