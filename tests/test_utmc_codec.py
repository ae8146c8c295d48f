"""UTMC-700 codecs: frames, payloads, values, device records, model names, address help, Intel HEX."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.errors import ConfiguratorError, ProtocolError, SettingsFileError, ValidationError
from protocols.files.intel_hex import build_hex, firmware_id, load_firmware
from protocols.params.catalogue_model import Kind
from protocols.params.param_values import (
    checked_value,
    decode_value,
    encode_value,
    format_value,
    from_json,
    int_range,
    to_json,
)
from protocols.utmc.utmc_address_help import GENERAL_NOTES, notes_for, spodes, suggest
from protocols.utmc.utmc_devices import (
    RECORD_SIZE,
    WIRE_RECORD,
    DeviceRecord,
    channel_of,
    decode_records,
    encode_records,
    first_number,
    format_device_lines,
    parse_device_lines,
)
from protocols.utmc.utmc_frames import (
    REPLIES,
    REQUESTS,
    Command,
    Frame,
    build_payload,
    decode_frame,
    encode_frame,
    parse_error,
    parse_frame,
    parse_payload,
)
from protocols.utmc.utmc_models import MODELS, MeterKind, find_model
from protocols.utmc.utmc_params import BAUD_RATES, ERROR_FLAGS, PARAMETERS, Tab, parameter, parameters_for

SEED_LINES = "1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem\n2;ЕМ Энергомера СЕ102;12345679;1;ЕТО;5679;9600;rem\n"


# -- frames ------------------------------------------------------------------------------
def test_frame_known_bytes() -> None:
    frame = Frame(Command.READ_PARAMS, 7, build_payload(Command.READ_PARAMS, codes=[1, 2, 3]))
    data = encode_frame(frame)
    assert data.hex() == "a55a0b00f4ff0200070300010002000300f9f0"
    assert parse_frame(data) == frame
    assert decode_frame(b"\x00\xa5junk" + data + b"\xa5") == (len(data) + 6, frame)


def test_decoder_waits_for_a_split_frame_and_skips_a_corrupt_one() -> None:
    data = encode_frame(Frame(Command.IDENTIFY, 1, b"", reply=True))
    assert decode_frame(data[:5]) == (0, None)
    corrupt = data[:-1] + bytes([data[-1] ^ 1])
    consumed, frame = decode_frame(corrupt + data)
    assert (consumed, frame) == (len(corrupt + data), Frame(Command.IDENTIFY, 1, b"", reply=True))
    assert decode_frame(corrupt + data[:4]) == (len(corrupt), None)  # every magic inside the corrupt one tried
    with pytest.raises(ProtocolError):
        parse_frame(corrupt)


frames = st.builds(Frame, st.integers(0, 255), st.integers(0, 255), st.binary(max_size=300), st.booleans(),
                   st.booleans())


@given(frames, st.binary(max_size=20))
def test_frame_round_trip_after_noise(frame: Frame, noise: bytes) -> None:
    data = encode_frame(frame)
    assert parse_frame(data) == frame
    buffer = noise.replace(b"\xa5", b"") + data
    consumed, decoded = 0, None
    while decoded is None:
        step, decoded = decode_frame(buffer[consumed:])
        assert step or decoded
        consumed += step
    assert decoded == frame and consumed == len(buffer)


@given(st.binary(max_size=400))
def test_random_bytes_give_only_configurator_errors(data: bytes) -> None:
    for call in (lambda: parse_frame(data), lambda: decode_frame(data), lambda: parse_error(data),
                 lambda: decode_records(data)):
        try:
            call()
        except ConfiguratorError:
            pass
    for command in Command:
        for reply in (False, True):
            try:
                parse_payload(command, reply, data)
            except ConfiguratorError:
                pass
    for param in PARAMETERS:
        try:
            decode_value(param, data[:8])
        except ConfiguratorError:
            pass


def test_every_command_has_request_and_reply() -> None:
    assert set(REQUESTS) == set(REPLIES) == set(Command)
    with pytest.raises(ProtocolError):
        parse_payload(0x99, False, b"")


# -- parameters --------------------------------------------------------------------------
def test_catalogue_covers_the_tabs_with_seed_names() -> None:
    labels = {p.label.ru for p in PARAMETERS}
    for name in ("Серийный номер", "Версия ПО", "ID ПО", "Часовой пояс", "Текущее время на УТМЦ",
                 "Сервер синхронизации времени", "Порт контроля по сети", "Адрес основного сервера",
                 "Адрес объекта", "Максимальный размер посылки", "Время ожидания ответа сервера",
                 "Период опроса приборов", "Режим работы модема", "Интерфейс модема",
                 "Максимальное время удержания модемного сокета", "Результат связи с сервером", "Формат журнала",
                 "Флаги ошибок", "Пароль доступа к настройкам"):
        assert name in labels, name
    assert all(parameters_for(tab) for tab in Tab)
    assert len(ERROR_FLAGS) == 26 and ERROR_FLAGS[8:16] == tuple(f"RS{n}" for n in range(1, 9))
    password = parameter("settings_password")
    assert (password.min, password.max, password.default) == (0, 65535, 0) and password.secret
    assert parameter("extra_server_interface").choice("NON") is not None
    assert [c.value for c in parameter("modem_mode").choices] == ["off", "on", "listen"]
    assert [c.value for c in parameter("error_flags").choices] == list(ERROR_FLAGS)


def sample(param) -> object:  # noqa: ANN001
    if param.kind is Kind.FLAGS:
        return frozenset(c.value for c in param.choices[::3])
    if param.kind is Kind.DATETIME:
        return datetime(2025, 1, 9, 12, 30, 15)
    if param.kind is Kind.CHOICE:
        return param.choices[-1].value
    if param.kind in (Kind.TEXT, Kind.PASSWORD):
        return "ы" * min(param.max_length, 10)
    if param.kind is Kind.IPV4:
        return "10.1.2.3"
    if param.kind is Kind.BOOL:
        return True
    return param.allowed[-1] if param.allowed else int_range(param)[1]


@pytest.mark.parametrize("param", PARAMETERS, ids=lambda p: p.key)
def test_value_round_trips(param) -> None:  # noqa: ANN001
    for value in (param.default, sample(param)):
        assert decode_value(param, encode_value(param, value)) == value
        assert from_json(param, to_json(param, value)) == value
        assert checked_value(param, format_value(param, value, mask=False)) == value


def test_values_out_of_range_are_refused() -> None:
    with pytest.raises(ValidationError):
        encode_value(parameter("time_zone"), 15)
    with pytest.raises(ValidationError):
        checked_value(parameter("settings_password"), "65536")
    with pytest.raises(ValidationError):
        checked_value(parameter("eth_ip"), "300.1.1.1")
    with pytest.raises(ValidationError):
        checked_value(parameter("rs_baud"), "9601")
    assert checked_value(parameter("modem_mode"), "2") == "listen"
    assert checked_value(parameter("extra_server_interface"), "non") == "NON"


# -- devices -----------------------------------------------------------------------------
def test_seed_example_lines() -> None:
    records = parse_device_lines(SEED_LINES)
    assert [r.number for r in records] == [1, 2]
    first = records[0]
    assert first.model.name == "Энергомера СЕ102" and first.model.kind is MeterKind.ELECTRICITY
    assert (first.serial, first.version, first.manufacturer, first.address, first.baud, first.note) == (
        "12345678", 1, "ETO", 5678, 9600, "rem")
    assert parse_device_lines(format_device_lines(records)) == records


def test_bad_lines_are_all_reported_by_number() -> None:
    text = SEED_LINES + (
        "\n3;Нет такого;1;1;ENM;1;9600\n4;ЕМ Энергомера СЕ102;123456789;1;EN;1;9600\n1;Пульсар;1;1;ENM;1;9600\n"
    )
    with pytest.raises(SettingsFileError) as caught:
        parse_device_lines(text)
    message = caught.value.message("en")
    assert "line 4: unknown model" in message
    assert "line 5: serial number" in message and "line 5: manufacturer" in message
    assert "line 6: device number 1 is already used (line 1)" in message


def test_numbering_and_flags() -> None:
    assert [first_number(c) for c in (1, 2, 8)] == [1, 257, 1793]
    assert channel_of(256) == 1 and channel_of(257) == 2 and channel_of(2048) == 8
    record = DeviceRecord(300, find_model("СЭТ СВЭУ"), "00001234", note="CM")
    assert record.channel == 2 and record.flags == {"C", "M"}


def test_every_model_is_found_by_its_file_name_and_label() -> None:
    assert len({m.code for m in MODELS}) == len(MODELS)
    for model in MODELS:
        assert find_model(model.file_name) is model
        assert find_model(model.list_label) is model
    assert find_model("EM Energomera CE102") is None  # the maker's name is not transliterated
    assert find_model("ем энергомера ce102") is find_model("Энергомера СЕ102")


records_st = st.builds(
    DeviceRecord,
    number=st.integers(1, 2048),
    model=st.sampled_from(MODELS),
    serial=st.from_regex(r"\A[0-9]{8}\Z"),
    version=st.integers(0, 255),
    manufacturer=st.from_regex(r"\A[A-Z]{3}\Z"),
    address=st.integers(0, 0xFFFFFFFF),
    baud=st.sampled_from((1200, 9600, 115200)),
    note=st.from_regex(r"\A[CHMTPa-z]{0,8}\Z"),
    poll_result=st.sampled_from((None, True, False)),
)


@given(st.lists(records_st, max_size=20))
def test_records_round_trip(records: list[DeviceRecord]) -> None:
    data = encode_records(records)
    assert len(data) == RECORD_SIZE * len(records)
    assert decode_records(data) == records
    unique = list({r.number: r for r in records}.values())
    back = parse_device_lines(format_device_lines(unique))
    assert all(r.same_settings(b) for r, b in zip(sorted(unique, key=lambda r: r.number), back, strict=True))


@given(st.lists(records_st.flatmap(lambda r: st.builds(
    lambda note: DeviceRecord(r.number, r.model, r.serial, r.version, r.manufacturer, r.address, r.baud, note,
                              r.poll_result),
    st.from_regex(r"\A[CHMTP a-z0-9.,Н-]{0,6}\Z"))), max_size=10))
def test_record_bytes_follow_the_declared_construct_layout(records: list[DeviceRecord]) -> None:
    """The table is packed with ``struct`` for speed; the bytes must be those of WIRE_RECORD."""
    declared = b"".join(WIRE_RECORD.build(dict(
        number=r.number, model=r.model.code, serial=bytes.fromhex(r.serial), version=r.version,
        manufacturer=r.manufacturer.encode(), address=r.address, baud=BAUD_RATES.index(r.baud),
        note=r.note.encode().ljust(14, b"\0"), poll={None: 0xFF, True: 1, False: 0}[r.poll_result],
    )) for r in records)
    assert encode_records(records) == declared
    assert decode_records(declared) == records


def test_bad_record_bytes_name_the_device() -> None:
    good = encode_records([DeviceRecord(5, MODELS[0], "12345678", note="T")])
    for offset, value, words in ((2, 0xFF, "unknown model code"), (4, 0xAB, "not BCD"), (10, 3, "manufacturer"),
                                 (16, 99, "baud"), (17, 0x01, "note"), (31, 7, "poll result")):
        data = bytearray(good)
        data[offset] = value
        with pytest.raises(ProtocolError) as caught:
            decode_records(bytes(data))
        assert "Device 5 from the UTMC" in caught.value.message("en") and words in caught.value.message("en"), words


def test_a_line_with_an_unknown_model_has_its_other_fields_checked_too() -> None:
    with pytest.raises(SettingsFileError) as caught:
        parse_device_lines("7;Нет такого;1234567x;300;ENM;1;9601\n")
    message = caught.value.message("en")
    for words in ("line 1: unknown model", "line 1: serial number", "line 1: version 300", "line 1: baud rate 9601"):
        assert words in message


def test_firmware_id_names_the_program_not_the_unit() -> None:
    from simulators.utmc import VirtualUtmc, factory_image

    first, second = VirtualUtmc(serial="70000001"), VirtualUtmc(serial="70000002")
    assert first.firmware_id == second.firmware_id == firmware_id(factory_image("1.07"))
    assert VirtualUtmc(firmware_version="1.08").firmware_id != first.firmware_id
    image = load_firmware(build_hex(factory_image("1.07")))
    assert image.firmware_id == first.firmware_id  # the host predicts the ID an update must report


@given(st.text(alphabet=st.sampled_from("0123456789;ЕМЭнергомеСxa \n.-"), max_size=200))
def test_device_file_fuzz(text: str) -> None:
    try:
        parse_device_lines(text)
    except SettingsFileError:
        pass


# -- address help ------------------------------------------------------------------------
def addresses(model_name: str, serial: str) -> list[int | None]:
    return [s.address for s in suggest(find_model(model_name), serial)]


def test_address_rules_from_the_guide() -> None:
    assert addresses("Вавиот Фобос", "8412415") == [821]
    assert addresses("Вавиот Фобос", "8412416") == [822]
    assert addresses("Меркурий 230", "12345123")[0] == 123
    assert addresses("Меркурий 230", "12345241")[0] == 41  # three digits above 240: two digits
    assert addresses("Меркурий 230", "12345000")[0] == 1
    assert addresses("Меркурий 200", "12345678") == [345678]
    assert spodes("12345124") == 124 and spodes("12345125") == 25 and spodes("12345003") == 23
    assert spodes("12345016") == 26 and spodes("12345017") == 17
    # СПОДЭС meters: the model's own rule, then the guide's factory address
    assert addresses("EKF SKAT", "00012345") == [2345 + 16, 45]
    assert addresses("Нева", "00012345") == [2345 + 20, 45]
    assert addresses("Энергомера СЕ308", "009912345") == [12345, 45]
    assert addresses("I-PROM", "00000107") == [107 + 16, 107] and addresses("Энергомера СЕ207", "5") == [5, 15 + 10]
    assert addresses("Меркурий 230", "12345003") == [3, 23]  # not offered twice
    assert addresses("Энергомера СЕ102", "01230045") == [45]  # no leading zeros
    assert addresses("СЭТ СИПУ", "12345000")[0] == 100 and addresses("СЭТ СИПУ", "12345248")[0] == 48
    magika = suggest(find_model("Магика А2200"), "EA4567")[0]
    assert (magika.address, magika.version, magika.baud) == (4567, 2, 19200)
    assert suggest(find_model("Вавиот Фобос"), "") == []
    assert notes_for(find_model("Бетар ЭСО")).baud == 1200
    assert notes_for(find_model("Hiterm")) is None and GENERAL_NOTES


# -- Intel HEX ---------------------------------------------------------------------------
def test_hex_good_and_corrupt_lines() -> None:
    good = build_hex(bytes(range(256)) * 4)
    image = load_firmware(good)
    assert image.binary == bytes(range(256)) * 4 and len(image.firmware_id) == 8
    lines = good.decode().splitlines()
    cases = {
        3: lines[2][:-2] + ("00" if lines[2][-2:] != "00" else "01"),  # checksum
        4: "X" + lines[3][1:],
        5: lines[4][:9] + "ZZ" + lines[4][11:],
    }
    for number, broken in cases.items():
        text = "\n".join(lines[: number - 1] + [broken] + lines[number:])
        with pytest.raises(SettingsFileError) as caught:
            load_firmware(text)
        assert f"line {number}" in caught.value.message("en") and caught.value.line == number
    with pytest.raises(SettingsFileError, match="End-of-File"):
        load_firmware("\n".join(lines[:-1]))
    with pytest.raises(SettingsFileError, match="after the End-of-File"):
        load_firmware(good + good)


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_hex_fuzz(data: bytes) -> None:
    try:
        load_firmware(data)
    except SettingsFileError:
        pass


@given(st.lists(st.sampled_from(build_hex(bytes(range(64))).decode().splitlines()), max_size=8))
def test_hex_line_shuffles(lines: list[str]) -> None:
    try:
        load_firmware("\n".join(lines))
    except SettingsFileError:
        pass
