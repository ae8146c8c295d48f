"""Delivery channel settings → links; configuring through a link built from settings."""

from __future__ import annotations

import asyncio

import pytest

from app.core.links import open_link
from app.core.links.cenc import CencLink
from app.core.links.channels import (
    CencChannel,
    DirectChannel,
    SerialChannel,
    TcpChannel,
    check_channel,
)
from app.core.links.direct import DirectChannelLink
from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from app.core.module_ops import configure_module, read_status
from protocols.errors import ValidationError
from simulators.module import VirtualModule
from simulators.transport import TcpSimulatorServer


def test_defaults_follow_the_manuals() -> None:
    tcp = TcpChannel("10.0.0.5")
    assert (tcp.port, tcp.reply_timeout) == (8000, 20)  # 001 §6.4.3
    assert CencChannel("cenc", "u", "p", device_address="0.0.0.94").port == 22002
    direct = DirectChannel("COM3", "777777")
    assert (direct.baud, direct.protocol) == (9600, "iec")


def test_each_channel_builds_its_link() -> None:
    assert isinstance(open_link(TcpChannel("127.0.0.1", 9000)), TcpLink)
    assert isinstance(open_link(SerialChannel("/dev/ttyUSB0", 19200)), SerialLink)
    cenc = open_link(CencChannel("cenc.example", "user", "secret", device_serial="012345678"))
    assert isinstance(cenc, CencLink) and cenc.port == 22002
    direct = open_link(DirectChannel("COM3", "777777", baud=9600, module_port="1"))
    assert isinstance(direct, DirectChannelLink) and direct.protocol == "iec"


def test_every_bad_setting_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as bad:
        check_channel(TcpChannel(" ", 70000, 0.5))
    assert len(bad.value.problems) == 3
    with pytest.raises(ValidationError) as cenc:
        check_channel(CencChannel("cenc", "", "", device_serial="1", device_address="0.0.0.1"))
    assert "one of the two" in str(cenc.value) and "user" in str(cenc.value)
    with pytest.raises(ValidationError):
        open_link(DirectChannel("COM3", "", protocol="modbus"))


async def test_configure_through_a_link_built_from_settings() -> None:
    module = VirtualModule("gsm-2g3g4g", restart_time=0.02)
    server = await TcpSimulatorServer(module.serve).start()
    host, port = server.address
    channel = TcpChannel(host, port, timeout=2)
    async with open_link(channel) as link:
        result = await configure_module(link, "gsm-2g3g4g", {"cellular_mode": "gsm_only"}, "12345678",
                                        timeout=channel.reply_timeout)
    assert result.ok and module.active["cellular_mode"] == "gsm_only"
    await asyncio.sleep(module.restart_time)  # the module starts after its restart
    async with open_link(channel) as link:
        reading = await read_status(link, "extended", module="gsm-2g3g4g", timeout=channel.reply_timeout)
    await server.close()
    assert reading.extended is not None and reading.extended.band is not None
    assert reading.extended.band.code in (0x1, 0x2, 0xB, 0xC)  # 8421 "GSM only" = 2G + 3G
