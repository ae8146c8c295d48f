"""Typed module status from replies, and the status panel rows (001 §7.2, 000 §8.3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocols.errors import ProtocolError
from protocols.module.module_frames import (
    ExtendedStatusReply,
    IccidReply,
    ImeiReply,
    IpReply,
    Ipv6Reply,
    StatusReply,
    WriteParamsReply,
)
from protocols.module.module_status import (
    NO_DATA,
    StatusSnapshot,
    decode_status_byte,
    encode_status_byte,
    extended_status,
    module_status,
)
from protocols.params.module_types import ModuleType

GSM_VERSION = "c1.0v1.4.8420.1.1.1"
NB_VERSION = "v04v5.24.8415.3.1.1"
GSM_EXT = ExtendedStatusReply(0x4B, "0.0.0.94", GSM_VERSION, gprs=3, registration=1, band=6, signal=7, sim=1,
                              meter_link=0)  # fmt: skip
NB_EXT = ExtendedStatusReply(
    encode_status_byte(internet_mode=True, gprs_session=True, cenc_registration=2), "0.0.0.9", NB_VERSION,
    gprs=3, registration=3, signal=5, http_loader=0, mqtt_client=0, mqtt_loader=0, transceiver_firmware="4",
)  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "module", "sim", "internet", "session", "tcp", "cenc"),
    [
        (0x4B, ModuleType.GSM_2G4G, True, True, None, True, 2),
        (0x00, ModuleType.GSM_2G4G, False, False, None, False, 0),
        (0x24, ModuleType.GSM_2G3G4G, False, False, None, False, 1),
        (0x4E, ModuleType.NB_IOT, None, True, True, True, 2),
        (0x61, ModuleType.NB_IOT_2, None, False, False, False, 3),
    ],
)
def test_status_byte(raw, module, sim, internet, session, tcp, cenc) -> None:
    flags = decode_status_byte(raw, module)
    assert (flags.sim_detected, flags.internet_mode, flags.gprs_session, flags.tcp_connected) == (
        sim, internet, session, tcp)
    assert flags.cenc_registration.code == cenc
    family_bits = 0b1110_1110 if module.is_nb_iot else 0b1110_1011  # a bit of the other family is ignored
    assert encode_status_byte(sim_detected=bool(sim), internet_mode=internet, gprs_session=bool(session),
                              tcp_connected=tcp, cenc_registration=cenc) == raw & family_bits  # fmt: skip


def test_cenc_values_beyond_the_table_are_unknown() -> None:
    assert decode_status_byte(0xE0, ModuleType.GSM_2G4G).cenc_registration.meaning.en == "unknown value 7"
    with pytest.raises(ProtocolError):
        decode_status_byte(0x100, ModuleType.GSM_2G4G)
    with pytest.raises(ValueError):
        encode_status_byte(cenc_registration=8)


@given(st.integers(0, 255), st.sampled_from(list(ModuleType)))
def test_status_byte_round_trip(raw: int, module: ModuleType) -> None:
    flags = decode_status_byte(raw, module)
    rebuilt = encode_status_byte(
        sim_detected=bool(flags.sim_detected), internet_mode=flags.internet_mode,
        gprs_session=bool(flags.gprs_session), tcp_connected=flags.tcp_connected,
        cenc_registration=flags.cenc_registration.code,
    )  # fmt: skip
    family_bits = 0b1110_1110 if module.is_nb_iot else 0b1110_1011  # bits each manual defines
    assert rebuilt == raw & family_bits


def test_gsm_extended_status_as_on_the_status_page() -> None:
    status = extended_status(GSM_EXT)
    assert status.status.module is ModuleType.GSM_2G4G and status.status.module_known
    assert status.gprs.meaning.ru == "успешная регистрация на сервере CE-NC"
    assert status.registration.meaning.ru == "зарегистрирован"
    assert status.band.meaning.ru == "Полоса LTE 7"
    assert status.signal.meaning.ru == "-73...-69 дБм"
    assert status.sim.meaning.ru == "обнаружена" and status.meter_link.meaning.ru == "ПУ инициализирован"
    assert status.mqtt_client is None and status.http_loader is None
    assert status.signal_meets_recommendation is True


def test_nb_iot_extended_status() -> None:
    status = extended_status(NB_EXT)
    assert status.status.module is ModuleType.NB_IOT
    assert status.registration.meaning.ru == "зарегистрирован (IP получен в сети NB-IoT)"
    assert status.gprs.meaning.ru == "зарегистрирован на сервере CENC"
    assert status.band is None and status.transceiver_firmware == "4"
    assert status.status.flags.gprs_session is True and status.status.flags.sim_detected is None


@pytest.mark.parametrize(
    ("band", "signal", "ok"),
    [(6, 4, True), (6, 3, False), (1, 4, False), (1, 5, True), (None, 4, False), (None, None, None)],
)
def test_signal_recommendation_depends_on_band(band, signal, ok) -> None:
    reply = ExtendedStatusReply(0, "0.0.0.1", GSM_VERSION, band=band, signal=signal)
    assert extended_status(reply).signal_meets_recommendation is ok


def test_family_falls_back_to_hint_then_reported_fields() -> None:
    unknown = "c1.0v1.4.9999.1"
    nb_fields = ExtendedStatusReply(0x04, "0.0.0.1", unknown, mqtt_client=1)
    assert extended_status(nb_fields).status.module is ModuleType.NB_IOT
    assert extended_status(nb_fields, ModuleType.GSM_2G4G).status.module is ModuleType.GSM_2G4G
    plain = module_status(StatusReply(0x01, "0.0.0.1", "garbage"), ModuleType.NB_IOT)
    assert plain.module is ModuleType.NB_IOT and plain.version is None and not plain.module_known
    assert module_status(StatusReply(0x01, "0.0.0.1", "garbage")).module is ModuleType.GSM_2G4G


def _rows(snapshot: StatusSnapshot, lang: str = "ru") -> dict[str, str]:
    return {row.key: row.value.get(lang) for row in snapshot.rows()}


def test_gsm_panel_matches_the_manual_example() -> None:
    snapshot = StatusSnapshot().apply(StatusReply(0x4B, "0.0.0.94", GSM_VERSION)).apply(GSM_EXT)
    rows = _rows(snapshot)
    assert rows == {
        "system_address": "0.0.0.94",
        "internet_mode": "Да",
        "tcp_connected": "Да",
        "cenc": "Успешная регистрация",
        "sim": "SIM карта обнаружена",
        "gprs": "Успешная регистрация на сервере CE-NC",
        "meter_link": "ПУ инициализирован",
        "registration": "Зарегистрирован",
        "band": "Полоса LTE 7",
        "signal": "-73...-69 дБм",
        "imei": "Нет данных",
        "ip": "Нет данных",
        "iccid": "Нет данных",
        "version": GSM_VERSION,
        "module_type": "GSM 2G+4G",
    }
    labels = {row.key: row.label.ru for row in snapshot.rows()}
    assert labels["internet_mode"] == "Текущий режим работы подразумевает выход в интернет"
    assert labels["cenc"] == "Состояние подключения к CENC серверу"
    assert {row.column for row in snapshot.rows() if row.key in ("imei", "version")} == {"other"}


def test_nb_iot_panel_matches_the_manual_example() -> None:
    snapshot = StatusSnapshot()
    for reply in (
        NB_EXT,
        ImeiReply(NB_EXT.status, "0.0.0.9", NB_VERSION, imei="868333035384599"),
        IpReply(NB_EXT.status, "0.0.0.9", NB_VERSION, ip="10.24.201.11"),
        Ipv6Reply(NB_EXT.status, "0.0.0.9", NB_VERSION, ipv6="2a00:11a0:0000:e909:0:1d:8512:6d01"),
        IccidReply(NB_EXT.status, "0.0.0.9", NB_VERSION, iccid="89701010085350004087"),
    ):
        snapshot = snapshot.apply(reply)
    rows = _rows(snapshot)
    assert rows["ip_obtained"] == "Да" and "sim" not in rows and "band" not in rows
    assert rows["registration"] == "Зарегистрирован (IP получен в сети NB-IoT)"
    assert rows["mqtt_client"] == "Отключен" and rows["http_loader"] == "Отключен"
    assert rows["signal"] == "-85...-81 дБм" and rows["transceiver_firmware"] == "4"
    assert rows["imei"] == "868333035384599" and rows["ip"] == "10.24.201.11"
    assert rows["ipv6"] == "2a00:11a0:0:e909:0:1d:8512:6d01" and rows["iccid"] == "89701010085350004087"
    assert rows["module_type"] == "NB-IoT"
    assert _rows(snapshot, "en")["registration"] == "Registered (IP obtained in the NB-IoT network)"


def test_empty_and_partial_snapshots() -> None:
    assert all(row.value == NO_DATA for row in StatusSnapshot().rows())
    answered = StatusSnapshot(module_hint=ModuleType.NB_IOT).apply(IpReply(0, "0.0.0.9", NB_VERSION))
    assert _rows(answered)["ip"] == "Не получен" and _rows(answered)["ipv6"] == "Нет данных"
    assert answered.apply(WriteParamsReply(0, ())) is answered  # no status in it: unchanged
    unknown = StatusSnapshot().apply(StatusReply(0, "0.0.0.1", "c1.0v1.4.9999.1"))
    assert _rows(unknown, "en")["module_type"] == "unknown platform 9999"
    broken = StatusSnapshot().apply(StatusReply(0, "0.0.0.1", "???"))
    assert _rows(broken, "en")["module_type"] == "unknown" and _rows(broken)["version"] == "???"



_code = st.one_of(st.none(), st.integers(0, 254))  # 0xFF is "not reported" on the wire
_ascii = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30)
_version = st.one_of(_ascii, st.sampled_from([GSM_VERSION, NB_VERSION, "c1.0v1.4.8421.1.1.1", "v04v5.24.8610.3.1.1"]))
_head = {"seq": st.integers(0, 255), "status": st.integers(0, 255),
         "system_address": st.ip_addresses(v=4).map(str), "version": _version}
_replies = st.one_of(
    st.builds(StatusReply, **_head),
    st.builds(ExtendedStatusReply, **_head, gprs=_code, registration=_code, band=_code, signal=_code, sim=_code,
              meter_link=_code, http_loader=_code, mqtt_client=_code, mqtt_loader=_code,
              transceiver_firmware=_ascii),
    st.builds(ImeiReply, **_head, imei=_ascii),
    st.builds(IccidReply, **_head, iccid=_ascii),
)


@given(_replies, st.one_of(st.none(), st.sampled_from(list(ModuleType))))
def test_any_status_reply_decodes_or_raises_only_project_errors(reply: StatusReply,
                                                                hint: ModuleType | None) -> None:
    """Whatever codes a status reply carries (out of the tables too), decoding ends in rows or a
    ConfiguratorError; after a wire round trip the same."""
    from protocols.errors import ConfiguratorError
    from protocols.module.module_frames import decode, encode

    _consumed, wired = decode(encode(reply))
    try:
        snapshot = StatusSnapshot(module_hint=hint).apply(wired)
    except ConfiguratorError:
        return
    for row in snapshot.rows():
        assert row.value.ru and row.value.en
