"""Options shared by the commands, declared once as argparse parent parsers, and one vocabulary
for the way to a device:

    --via KIND         the channel: tcp, serial, cenc, direct (module); serial, tcp (UTMC-700)
    --port PORT        a serial port: COM5, /dev/ttyUSB0, a pty, or socket://host:port
    --baud N           its speed
    --host HOST        an IP address or DNS name
    --tcp-port N       a TCP port on that host
    --timeout S        how long to wait for each reply
    --cenc-host, --cenc-port, --cenc-user, --cenc-password, --device-serial | --device-address
    --meter-password, --protocol, --module-port, --parity   the direct channel through the meter

``--port`` is always a serial port and ``--tcp-port`` always a TCP port. The one old spelling
that meant something else, ``configure|status --via tcp --port 8000``, still works (with a note).
:func:`channel_from_args` turns the parsed options into the channel description app.core uses.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.cli.parsing import (
    OptionError,
    Parser,
    baud_rate,
    file_path,
    host_name,
    integer,
    retries,
    seconds,
    serial_port,
    shown,
    tcp_port,
)
from app.cli.passwords import add_password_option
from protocols.errors import ValidationError
from protocols.params.module_types import ModuleType
from protocols.params.version import Firmware, parse_firmware
from protocols.text import Text

if TYPE_CHECKING:
    from app.core.links.channels import Channel

LANGUAGES = ("ru", "en")
Container = argparse._ActionsContainer  # a parser or an argument group


def parent() -> Parser:
    return Parser(add_help=False)


def common_parent(*, json: bool = True) -> Parser:
    """``--lang`` (also accepted before the command) and ``--json``."""
    parser = parent()
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help="message language (default ru)")
    if json:
        parser.add_argument("--json", action="store_true",
                            help="print the result as one JSON document on stdout (see docs/cli.md)")
    return parser


def make_parser(prog: str, help: str, *parents: Parser, description: str | None = None,
                epilog: str | None = None, json: bool = True) -> Parser:
    """A command's parser: ``--lang`` and ``--json`` (unless ``json=False``) and the given parents."""
    return Parser(prog=prog, description=description or help, epilog=epilog,
                  parents=[common_parent(json=json), *parents], formatter_class=argparse.RawDescriptionHelpFormatter)


def module_type_parent(help: str = "module type", *, required: bool = True) -> Parser:
    parser = parent()
    parser.add_argument("--module", required=required, choices=[m.value for m in ModuleType], help=help)
    return parser


def firmware_version(text: str) -> Firmware:
    found = parse_firmware(text)
    if found is None:
        raise OptionError(f"не версия ВПО: «{shown(text)}» (например 2.7)",
                          f"not a firmware version: “{shown(text)}” (e.g. 2.7)")
    return found


def firmware_parent() -> Parser:
    parser = parent()
    parser.add_argument("--firmware", type=firmware_version, metavar="VERSION",
                        help="the module's firmware if known, e.g. 2.7 or c1.0v1.4.8420.1.1.1 (MODE and PSW exist "
                             "from 2.0; NB-IoT: TCP/IP and CENC need above 2.6)")
    return parser


def module_password_parent() -> Parser:
    from protocols.params.catalogue import DEFAULT_ADMIN_PASSWORD  # the commands that take it use the catalogue anyway

    parser = parent()
    add_password_option(parser, "--password", env="CONFIGURATOR_PASSWORD",
                        what=Text("пароль администратора модуля", "module administrator password"),
                        default=DEFAULT_ADMIN_PASSWORD,
                        help=f"module administrator password (default {DEFAULT_ADMIN_PASSWORD})")
    return parser


def values_parent() -> Parser:
    """``--config FILE`` and ``--set KEY=VALUE``: merged by app.cli.module_values."""
    parser = parent()
    parser.add_argument("--config", type=file_path, metavar="FILE",
                        help="settings file saved by the configurator (JSON)")
    parser.add_argument("--set", dest="set", action="append", default=[], metavar="KEY=VALUE",
                        help="a parameter value (repeatable); `main.py params` lists keys and values")
    return parser


# -- the way to a device ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelDefaults:
    tcp_port: int
    timeout: float  # reply timeout over TCP, CENC and the direct channel
    serial_timeout: float  # over a serial port
    baud: int


MODULE_DEFAULTS = ChannelDefaults(tcp_port=8000, timeout=20.0, serial_timeout=5.0, baud=9600)  # 001 §6.4.3
UTMC_DEFAULTS = ChannelDefaults(tcp_port=4001, timeout=3.0, serial_timeout=3.0, baud=115200)
MODEM_DEFAULTS = ChannelDefaults(tcp_port=0, timeout=5.0, serial_timeout=5.0, baud=115200)
CENC_PORT = 22002  # 003: CENCn port for upper-level software


def serial_options(parser: Container, defaults: ChannelDefaults, *, required: bool = False, what: str) -> None:
    parser.add_argument("--port", type=serial_port, required=required, metavar="PORT",
                        help=f"{what}: COM5, /dev/ttyUSB0, a pty or socket://host:port")
    parser.add_argument("--baud", type=baud_rate, metavar="N", help=f"serial baud rate (default {defaults.baud})")


def _tcp_options(parser: Container, defaults: ChannelDefaults, what: str) -> None:
    parser.add_argument("--host", type=host_name, help=f"tcp: {what}'s IP address or DNS name")
    parser.add_argument("--tcp-port", type=tcp_port, metavar="N", help=f"tcp: TCP port (default {defaults.tcp_port})")


def reply_options(parser: Container, *, serial: bool = False) -> None:
    """--timeout (each reply of the module) and --retries (repeats of a read after a timeout)."""
    serial_default = f"; serial {MODULE_DEFAULTS.serial_timeout:g}" if serial else ""
    parser.add_argument("--timeout", type=seconds(1, 3600), metavar="S",
                        help=f"reply timeout, s (default {MODULE_DEFAULTS.timeout:g}{serial_default})")
    parser.add_argument("--retries", type=retries, default=2, metavar="N",
                        help="repeats of a read after a timeout (default 2)")


def cenc_server_options(parser: Container) -> None:
    """The CENC server and its login: --cenc-host, --cenc-port, --cenc-user, --cenc-password."""
    parser.add_argument("--cenc-host", type=host_name, help="CENC server address")
    parser.add_argument("--cenc-port", type=tcp_port, default=CENC_PORT, metavar="N",
                        help=f"upper-level port (default {CENC_PORT})")
    parser.add_argument("--cenc-user", help="user name")
    add_password_option(parser, "--cenc-password", env="CONFIGURATOR_CENC_PASSWORD",
                        what=Text("пароль сервера CENC", "CENC server password"), default="",
                        help="password")


def module_channel_parent() -> Parser:
    """configure, status: the four ways to a module's frames (GSM manual §6.4, NB-IoT manual §7.4)."""
    from protocols.meter.iec62056_21 import PARITY_MODES  # the commands that take it use the direct channel anyway

    parser = parent()
    channel = parser.add_argument_group("channel")
    channel.add_argument("--via", required=True, choices=("tcp", "serial", "cenc", "direct"), help="delivery channel")
    _tcp_options(channel, MODULE_DEFAULTS, "the module")
    serial_options(channel, MODULE_DEFAULTS, what="serial: the module's port; direct: the meter's port")
    reply_options(channel, serial=True)
    cenc = parser.add_argument_group("cenc: module in Client CENC mode, through a CENCn server")
    cenc_server_options(cenc)
    # one of the two (checked in channel_from_args: a mutually exclusive group would leave this heading)
    cenc.add_argument("--device-serial", help="the device's serial number")
    cenc.add_argument("--device-address", help="the device's system address, e.g. 0.0.0.94")
    direct = parser.add_argument_group("direct: through the meter's interface")
    add_password_option(direct, "--meter-password", env="CONFIGURATOR_METER_PASSWORD",
                        what=Text("пароль доступа к счётчику", "meter access password"), default=None,
                        help="meter access password (e.g. 777777)")
    direct.add_argument("--protocol", choices=("iec", "spodes"), default="iec", help="meter protocol (default iec)")
    direct.add_argument("--module-port", help="the meter's port the module is on (СПОДЭС meters)")
    direct.add_argument("--parity", choices=PARITY_MODES, default="auto",
                        help="IEC: 7E1 parity bit computed by the program (software), made by the COM port or a "
                             "TCP-to-serial converter (hardware), or auto: software on socket:// and ports without "
                             "7E1 (default)")
    parser.set_defaults(channel_defaults=MODULE_DEFAULTS)
    return parser


def utmc_channel_parent() -> Parser:
    """UTMC-700: USB (a virtual COM port) or Ethernet, and the settings password."""
    parser = parent()
    channel = parser.add_argument_group("channel")
    channel.add_argument("--via", choices=("serial", "tcp"), required=True, help="USB (serial) or Ethernet (tcp)")
    serial_options(channel, UTMC_DEFAULTS, what="serial: the UTMC's USB port")
    _tcp_options(channel, UTMC_DEFAULTS, "the UTMC")
    channel.add_argument("--timeout", type=seconds(0.1, 600), metavar="S",  # a UTMC nearby answers in milliseconds
                         help=f"reply timeout, s (default {UTMC_DEFAULTS.timeout:g})")
    add_password_option(channel, "--password", env="CONFIGURATOR_UTMC_PASSWORD",
                        what=Text("пароль доступа к настройкам УТМЦ", "UTMC settings password"), default=0,
                        convert=integer(0, 65535), help="settings password 0–65535 (default 0)")
    parser.set_defaults(channel_defaults=UTMC_DEFAULTS)
    return parser


def channel_from_args(args: argparse.Namespace, *, lang: str = "ru") -> Channel:
    """The channel the options describe (every missing option reported at once). The one place the
    CLI's channel options become a description; app.core.links.open_link builds the link from it."""
    from app.core.links.channels import CencChannel, DirectChannel, SerialChannel, TcpChannel

    defaults: ChannelDefaults = args.channel_defaults
    via = args.via
    missing: list[Text] = []

    def need(value: object, option: str) -> None:
        if value in (None, ""):
            missing.append(Text(f"--via {via}: нужен {option}", f"--via {via} needs {option}"))

    if via == "tcp":
        port = args.tcp_port
        if port is None and getattr(args, "port", None):  # the old spelling: --via tcp --port 8000
            port = _old_tcp_port(args.port, lang)
        need(args.host, "--host")
        if missing:
            raise ValidationError(missing)
        return TcpChannel(args.host, port or defaults.tcp_port, args.timeout or defaults.timeout)
    if via == "serial":
        need(args.port, "--port")
        if missing:
            raise ValidationError(missing)
        return SerialChannel(args.port, args.baud or defaults.baud, args.timeout or defaults.serial_timeout)
    if via == "cenc":
        need(args.cenc_host, "--cenc-host")
        need(args.cenc_user, "--cenc-user")
        if not (args.device_serial or args.device_address):
            missing.append(Text("--via cenc: нужен --device-serial или --device-address",
                                "--via cenc needs --device-serial or --device-address"))
        elif args.device_serial and args.device_address:
            missing.append(Text("--device-serial или --device-address: одно из двух",
                                "--device-serial or --device-address: one of the two, not both"))
        if missing:
            raise ValidationError(missing)
        return CencChannel(args.cenc_host, args.cenc_user, args.cenc_password, args.cenc_port, args.device_serial,
                           args.device_address, args.timeout or defaults.timeout)
    need(args.port, "--port")
    need(args.meter_password, "--meter-password")
    if missing:
        raise ValidationError(missing)
    return DirectChannel(args.port, args.meter_password, args.baud or defaults.baud, args.protocol,
                         args.module_port, args.timeout or defaults.timeout, args.parity)


def _old_tcp_port(text: str, lang: str) -> int:
    try:
        port = tcp_port(text)
    except OptionError as error:
        raise ValidationError([Text(f"--port с --via tcp: {error.text.ru}",
                                    f"--port with --via tcp: {error.text.en}")]) from None
    note = Text("--port с --via tcp — прежнее написание --tcp-port", "--port with --via tcp is the old spelling "
                "of --tcp-port")
    print(note.get(lang), file=sys.stderr)
    return port


def describe_channel(channel: Channel) -> dict[str, object]:
    """The channel for a JSON document: where, never a password."""
    from app.core.links.channels import CencChannel, CencDirectChannel, DirectChannel, SerialChannel, TcpChannel

    if isinstance(channel, TcpChannel):
        return {"via": "tcp", "host": channel.host, "tcp_port": channel.port, "timeout": channel.timeout}
    if isinstance(channel, SerialChannel):
        return {"via": "serial", "port": channel.port, "baud": channel.baud, "timeout": channel.timeout}
    if isinstance(channel, CencChannel):
        return {"via": "cenc", "cenc_host": channel.host, "cenc_port": channel.port, "cenc_user": channel.user,
                "device_serial": channel.device_serial, "device_address": channel.device_address,
                "timeout": channel.timeout}
    if isinstance(channel, CencDirectChannel):
        return {"via": "cenc-direct", "cenc_host": channel.host, "direct_port": channel.port,
                "timeout": channel.timeout}
    assert isinstance(channel, DirectChannel)
    return {"via": "direct", "port": channel.port, "baud": channel.baud, "protocol": channel.protocol,
            "module_port": channel.module_port, "parity": channel.parity, "timeout": channel.timeout}
