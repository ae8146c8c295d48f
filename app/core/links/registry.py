"""The one place links are built: from a URL or a channel, whichever the caller holds.

    link = open_link("tcp://10.1.2.3:8000?timeout=20")            # not opened yet
    link = open_link(TcpChannel("10.1.2.3"), peer=MODULE)          # the same link, from the settings
    modem = open_modem(SerialChannel("COM5", 115200, timeout=2))   # the GSM modem on its port

The description is checked first (every wrong setting at once, a ValidationError, nothing opened),
then the link kind follows from the channel's type, as python-can finds an interface by name: each
kind's module is imported only when a link of that kind is built (the direct channel pulls in the IEC
and DLMS sessions, CENC its codec, a serial port pyserial). Nothing outside app/core/links constructs
a link (an import contract in pyproject.toml and tests/test_link_registry.py keep it so).

What the description does not say comes from the caller: ``peer`` names who is at a TCP address in
the messages ("модулю связи 10.1.2.3:8000"), ``sessions`` records when sessions with a meter end (the
pause before configuring through it; a link without one keeps its own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.links.base import Link
from app.core.links.channels import (
    CencChannel,
    CencDirectChannel,
    Channel,
    DirectChannel,
    LinkDescription,
    SerialChannel,
    TcpChannel,
    channel_from_url,
    check_channel,
)
from app.core.links.meter_sessions import SessionClock
from protocols.text import Text

if TYPE_CHECKING:
    from app.core.links.at_modem import AtModem

ANYONE = Text("", "")
MODULE = Text("модулю связи ", "the communication module ")  # who a module channel leads to


def as_channel(description: LinkDescription) -> Channel:
    """The channel a description names (a URL is parsed; a channel is itself)."""
    return channel_from_url(description) if isinstance(description, str) else description


def open_link(description: LinkDescription, *, peer: Text = ANYONE, sessions: SessionClock | None = None) -> Link:
    """Build (not open) the link ``description`` names. Raises ValidationError for bad settings."""
    channel = as_channel(description)
    check_channel(channel)
    match channel:
        case SerialChannel():
            from app.core.links.serial_port import SerialLink

            return SerialLink(channel.port, channel.baud, bytesize=channel.bytesize, parity=channel.parity)
        case TcpChannel():
            from app.core.links.tcp import TcpLink

            return TcpLink(channel.host, channel.port, connect_timeout=channel.connect_timeout, peer=peer)
        case CencChannel():
            from app.core.links.cenc import CencLink

            return CencLink(channel.host, channel.port, user=channel.user, password=channel.password,
                            device_serial=channel.device_serial, device_address=channel.device_address,
                            connect_timeout=channel.connect_timeout, reply_timeout=channel.timeout)
        case CencDirectChannel():
            from app.core.links.cenc import CencDirectLink

            return CencDirectLink(channel.host, channel.port, connect_timeout=channel.connect_timeout)
        case DirectChannel():
            from app.core.links.direct import DirectChannelLink

            # the link's own per-exchange timeout with the meter stays at its default; the channel's
            # timeout is how long the module's answer is awaited (the operations take it from the channel)
            return DirectChannelLink(channel.port, channel.baud, meter_password=channel.meter_password,
                                     protocol=channel.protocol, module_port=channel.module_port,
                                     parity=channel.parity, sessions=sessions)
    raise TypeError(f"not a link description: {description!r}")


def open_modem(description: LinkDescription, *, timeout: float | None = None, send_timeout: float = 60.0) -> AtModem:
    """The GSM modem on the port ``description`` names (not opened yet); its commands wait ``timeout``
    (by default the description's reply timeout), an SMS submission ``send_timeout``."""
    from app.core.links.at_modem import AtModem

    channel = as_channel(description)
    link = open_link(channel)
    return AtModem(link, timeout=channel.reply_timeout if timeout is None else timeout, send_timeout=send_timeout)
