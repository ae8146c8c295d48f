"""The virtual communication module: settings, status, SMS, Master SIM and binary frames."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.links.tcp import TcpLink
from protocols.module import module_frames as mf
from protocols.module.module_status import extended_status, module_status
from protocols.params import catalogue
from protocols.params.module_types import ModuleType
from protocols.params.param_values import decode_value, encode_value
from protocols.params.version import parse_version
from simulators.module import VirtualModule
from simulators.module_identity import luhn_valid
from simulators.transport import TcpSimulatorServer

ADMIN = "12345678"


def exchange(module: VirtualModule, *frames: mf.Frame) -> list[mf.Frame]:
    reader = mf.FrameReader()
    reader.feed(module.process(b"".join(mf.encode(f) for f in frames)))
    return reader.frames()


def raw_frame(seq: int, command: int, payload: bytes) -> bytes:
    body = bytes([seq, command]) + payload
    head = bytes([mf.START]) + len(body).to_bytes(2, "big") + (len(body) ^ 0xFFFF).to_bytes(2, "big")
    return head + body + mf.crc16_modbus(head + body).to_bytes(2, "little")


def pv(key: str, value: object) -> mf.ParamValue:
    param = catalogue.parameter(key)
    return mf.ParamValue(param.code, encode_value(param, value))


@pytest.mark.parametrize("module_type", list(ModuleType))
def test_identity_is_realistic_and_matches_the_module_type(module_type: ModuleType) -> None:
    module = VirtualModule(module_type, seed=3)
    ident = module.identity
    assert len(ident.imei) == 15 and luhn_valid(ident.imei)
    assert len(ident.iccid) == 20 and ident.iccid.startswith("89") and luhn_valid(ident.iccid)
    assert parse_version(ident.version).module_type is module_type
    assert (ident.ipv6 is not None) == module_type.is_nb_iot
    assert module.values == {**catalogue.defaults(module_type), "new_admin_password": "", "user_password": ""}
    assert (module.admin_password, module.user_password) == ("12345678", "0000")
    assert VirtualModule(module_type, seed=3).identity == ident  # seeded: the same module every run


def test_version_strings_as_in_the_manuals() -> None:
    assert VirtualModule("gsm-2g4g").identity.version == "c1.0v1.4.8420.1.1.1"
    assert VirtualModule("nb-iot").identity.version == "v04v5.24.8415.3.1.1"


def test_status_follows_the_mode_in_effect() -> None:
    module = VirtualModule("gsm-2g4g", seed=1)
    (reply,) = exchange(module, mf.ExtendedStatusRequest(seq=1))
    status = extended_status(reply)
    assert status.gprs is not None and status.gprs.code == 0x0  # SMS mode: GPRS off
    assert status.status.flags.sim_detected and not status.status.flags.internet_mode
    (write,) = exchange(module, mf.WriteParamsRequest(seq=2, password=ADMIN, values=(pv("mode", "server"),)))
    assert isinstance(write, mf.WriteParamsReply) and write.results[0].applied
    (before,) = exchange(module, mf.ExtendedStatusRequest(seq=3))
    assert before.gprs == 0x0  # stored, not yet in effect
    (restart,) = exchange(module, mf.RestartRequest(seq=4, password=ADMIN))
    assert isinstance(restart, mf.RestartReply) and module.restarts == 1
    (after,) = exchange(module, mf.ExtendedStatusRequest(seq=5))
    status = extended_status(after)
    assert status.gprs is not None and status.gprs.meaning.en == 'TCP connection in "Server" mode established'
    assert status.status.flags.tcp_connected and status.status.system_address == module.identity.system_address
    assert status.band is not None and status.band.code in range(1, 9)
    (ip,) = exchange(module, mf.IpRequest(seq=6))
    assert isinstance(ip, mf.IpReply) and ip.ip == module.identity.ipv4


def test_client_cenc_reports_cenc_registration() -> None:
    module = VirtualModule("gsm-2g4g")
    module.values.update(mode="client-cenc", server="10.0.0.1")
    module.restart()
    (reply,) = exchange(module, mf.StatusRequest(seq=1))
    flags = module_status(reply).flags
    assert flags.cenc_registration.code == 2 and flags.internet_mode and flags.tcp_connected


def test_signal_drifts_but_stays_in_table_range() -> None:
    module = VirtualModule("gsm-2g4g", seed=5)
    levels = [exchange(module, mf.ExtendedStatusRequest(seq=i))[0].signal for i in range(60)]
    assert len(set(levels)) > 1 and all(2 <= s <= 9 for s in levels)
    assert all(abs(a - b) <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_nb_iot_status_and_ipv6_gsm_has_none() -> None:
    nb = VirtualModule("nb-iot", seed=2)
    (ext, v6) = exchange(nb, mf.ExtendedStatusRequest(seq=1), mf.Ipv6Request(seq=2))
    assert ext.band is None and ext.sim is None and ext.registration == 0x3 and ext.transceiver_firmware == "4"
    assert isinstance(v6, mf.Ipv6Reply) and v6.ipv6 == nb.identity.ipv6
    (error,) = exchange(VirtualModule("gsm-2g4g"), mf.Ipv6Request(seq=3))
    assert isinstance(error, mf.ErrorReply) and error.error == 0x06


def test_write_reports_each_parameter() -> None:
    module = VirtualModule("gsm-2g4g")
    port = catalogue.parameter("port")
    values = (
        pv("apn", "my.apn"),
        mf.ParamValue(0x7777, b"\x01"),  # unknown code
        mf.ParamValue(port.code, b"\x01"),  # one byte for a two-byte port
        mf.ParamValue(catalogue.parameter("period").code, (10).to_bytes(port.width, "little")),  # < 60
        mf.ParamValue(catalogue.parameter("mqtt_host").code, b"x"),  # an NB-IoT parameter
    )
    (reply,) = exchange(module, mf.WriteParamsRequest(seq=1, password=ADMIN, values=values))
    assert [r.result for r in reply.results] == [0x00, 0x03, 0x04, 0x05, 0x03]
    assert module.values["apn"] == "my.apn" and module.values["period"] == 300


def test_wrong_password_refuses_the_whole_request() -> None:
    module = VirtualModule("gsm-2g4g")
    for request in (
        mf.WriteParamsRequest(seq=1, password="0000", values=(pv("apn", "x"),)),
        mf.ReadParamsRequest(seq=2, password="1", codes=(1,)),
        mf.RestartRequest(seq=3, password=""),
    ):
        (reply,) = exchange(module, request)
        assert isinstance(reply, mf.ErrorReply) and (reply.error, reply.command) == (0x02, request.COMMAND)
    assert module.values["apn"] == "internet" and module.restarts == 0


def test_unknown_command_and_malformed_payload() -> None:
    module = VirtualModule("gsm-2g4g")
    reader = mf.FrameReader()
    reader.feed(module.process(raw_frame(7, 0x33, b"") + raw_frame(8, 0x10, b"\x05ab")))
    unknown, malformed = reader.frames()
    assert isinstance(unknown, mf.ErrorReply) and (unknown.seq, unknown.command, unknown.error) == (7, 0x33, 0x06)
    assert isinstance(malformed, mf.ErrorReply) and (malformed.seq, malformed.error) == (8, 0x01)


def test_read_back_and_new_password_takes_effect() -> None:
    module = VirtualModule("nb-iot")
    codes = tuple(catalogue.parameter(k).code for k in ("apn", "port", "new_admin_password"))
    (reply,) = exchange(module, mf.ReadParamsRequest(seq=1, password=ADMIN, codes=codes))
    assert decode_value(catalogue.parameter("port"), reply.results[1].value) == 80  # NB-IoT default (000 Table 2)
    assert reply.results[2].value == b""  # passwords are never read out
    exchange(module, mf.WriteParamsRequest(seq=2, password=ADMIN, values=(pv("new_admin_password", "87654321"),)))
    (old,) = exchange(module, mf.StatusRequest(seq=3))
    assert isinstance(old, mf.StatusReply)
    (refused,) = exchange(module, mf.ReadParamsRequest(seq=4, password=ADMIN, codes=codes))
    assert isinstance(refused, mf.ErrorReply) and refused.error == 0x02
    (ok,) = exchange(module, mf.ReadParamsRequest(seq=5, password="87654321", codes=codes))
    assert isinstance(ok, mf.ReadParamsReply)


def test_frames_arriving_in_pieces_and_after_noise() -> None:
    module = VirtualModule("gsm-2g4g")
    data = b"\x00\xa5\x13noise" + mf.encode(mf.ImeiRequest(seq=9))
    out = b"".join(module.process(data[i : i + 3]) for i in range(0, len(data), 3))
    reader = mf.FrameReader()
    reader.feed(out)
    (reply,) = reader.frames()
    assert isinstance(reply, mf.ImeiReply) and reply.imei == module.identity.imei and reply.seq == 9


def test_sms_commands_and_mode_restart() -> None:
    module = VirtualModule("gsm-2g4g", serial="111")
    reply = module.handle_sms("12345678 APN my.apn", "+79001234567")
    assert reply is not None and "APN: my.apn" in reply and module.values["apn"] == "my.apn"
    assert "ERROR: 0x02" in (module.handle_sms("99 APN x", "+79001234567") or "")
    assert module.handle_sms("   ", "+79001234567") is None
    module.handle_sms("12345678 MODE 2", None)
    assert module.restarts == 1 and module.active["mode"] == "server"


def test_master_sim_settings_are_applied_at_boot_and_deleted_by_sms_configuration() -> None:
    module = VirtualModule("gsm-2g4g")
    module.boot(["12345678 APN sim.apn", "12345678 MODE 2"])
    assert module.sim_settings_active and module.active["apn"] == "sim.apn" and module.active["mode"] == "server"
    assert not module.consume_sim_deletion()
    module.handle_sms("12345678 APN", None)  # a query configures nothing
    assert module.sim_settings_active and not module.consume_sim_deletion()
    module.handle_sms("12345678 APN other.apn", None)
    assert not module.sim_settings_active
    assert module.consume_sim_deletion() and not module.consume_sim_deletion()
    module.boot([])
    assert not module.sim_settings_active


async def test_serves_frames_over_tcp_and_a_restart_disconnects() -> None:
    module = VirtualModule("nb-iot", restart_time=0.05)
    server = await TcpSimulatorServer(module.serve).start()
    async with TcpLink(*server.address) as link:
        await link.send(mf.encode(mf.ExtendedStatusRequest(seq=1)))
        reply = await link.receive_frame(mf.decode, timeout=2)
        assert isinstance(reply, mf.ExtendedStatusReply) and reply.gprs == 0xB  # a client is connected
        await link.send(mf.encode(mf.RestartRequest(seq=2, password=ADMIN)))
        assert isinstance(await link.receive_frame(mf.decode, timeout=2), mf.RestartReply)
        with pytest.raises(Exception) as lost:
            await link.receive(timeout=2)
        assert type(lost.value).__name__ == "LinkClosed"
    await server.close()
    assert module.sessions == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=8))
def test_random_bytes_never_raise(chunks: list[bytes]) -> None:
    module = VirtualModule("gsm-2g4g")
    for chunk in chunks:
        out = module.process(chunk)
        reader = mf.FrameReader()
        reader.feed(out)
        assert all(isinstance(f, mf.ErrorReply) for f in reader.frames())


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 255), st.integers(0, 255), st.binary(max_size=40))
def test_any_well_framed_request_gets_an_answer_or_is_ignored(seq: int, command: int, payload: bytes) -> None:
    module = VirtualModule("nb-iot")
    out = module.process(raw_frame(seq, command, payload))
    reader = mf.FrameReader()
    reader.feed(out)
    frames = reader.frames()
    assert len(frames) <= 1 and all(f.seq == seq for f in frames)
