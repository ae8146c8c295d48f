"""``configure`` and ``status``: configure a communication module / read its status over a channel.

    main.py configure --module gsm-2g4g --via tcp --host 10.1.2.3 --set apn=internet.mts.ru
    main.py configure --module nb-iot --via serial --port /dev/ttyUSB0 --config meter.json
    main.py status --module gsm-2g4g --via cenc --cenc-host cenc.example --cenc-user u \\
        --cenc-password p --device-address 0.0.0.94 --kind all
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.cli.cmd_params import firmware_argument
from app.cli.console import progress_printer
from app.core.backups import BackupFailed
from app.core.channel_waits import opened_channel, target_of
from app.core.channels import (
    DEFAULT_CENC_PORT,
    DEFAULT_DIRECT_BAUD,
    DEFAULT_REPLY_TIMEOUT,
    DEFAULT_TCP_PORT,
    DIRECT_PARITIES,
    CencChannel,
    Channel,
    DirectChannel,
    SerialChannel,
    TcpChannel,
)
from app.core.links.base import Link
from app.core.module_ops import check_status_kind, read_all_status, status_kinds_for
from app.core.module_results import STATUS_KINDS, Outcome, StatusReport
from app.core.module_settings_read import configure_with_backup
from app.core.settings_store import load_settings
from protocols import catalogue
from protocols.catalogue import Problem
from protocols.delivery_methods import Method, unavailable_reason
from protocols.errors import ValidationError
from protocols.module_status import NO_DATA, StatusSnapshot
from protocols.module_types import ModuleType
from protocols.text import Text

R = TypeVar("R")

CHANNEL_HELP = """\
channel settings per --via:
  tcp     module in Server mode with a static-IP SIM: --host ADDRESS [--port 8000] [--timeout 20]
  serial  the module's own serial port: --port COM3|/dev/ttyUSB0|socket://host:port [--baud 9600]
  cenc    module in Client CENC mode, through a CENCn server: --cenc-host ADDRESS [--cenc-port 22002]
          --cenc-user USER --cenc-password PASSWORD and --device-serial N or --device-address 0.0.0.94
  direct  through the meter's interface: --port COM3 [--baud 9600] --meter-password 777777
          [--protocol iec|spodes] [--module-port N] (meters CE207/CE307/CE208/CE308 СПОДЭС)
          [--parity auto|software|hardware] (IEC 7E1: hardware for a converter that makes the parity bit);
          the optical port must start at 9600; wait ≥30 s (GSM) / ≥60 s (NB-IoT) after the last session
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    configure = subparsers.add_parser(
        "configure",
        help="transfer a configuration to a communication module (TCP/IP, serial, CENC, direct channel)",
        description="Write parameters to the module, read them back and restart it so they take effect. "
        "With --config the file's parameters are written; with only --set, just those parameters. "
        "First the module's settings are read and kept as a settings file in the backups folder "
        "(its path is printed; configure --config BACKUP puts them back).",
        epilog=CHANNEL_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _channel_arguments(configure)
    configure.add_argument("--config", metavar="FILE", help="settings file saved by the configurator")
    configure.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="a parameter value (see `main.py params`)"
    )
    configure.add_argument("--no-restart", action="store_true", help="store the settings without restarting")
    configure.add_argument("--no-backup", action="store_true",
                           help="do not read and keep the module's settings first (only if it cannot be read)")
    configure.set_defaults(func=_configure)

    status = subparsers.add_parser(
        "status",
        help="read a communication module's status (status, extended, IMEI, IP, IPv6, ICCID)",
        epilog=CHANNEL_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _channel_arguments(status)
    status.add_argument("--kind", choices=(*STATUS_KINDS, "all"), default="all", help="what to request (default all)")
    status.add_argument("--json", action="store_true", help="print the status rows as one JSON object")
    status.set_defaults(func=_status)


def _channel_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--module", required=True, choices=[m.value for m in ModuleType], help="module type")
    parser.add_argument("--via", required=True, choices=("tcp", "serial", "cenc", "direct"), help="delivery channel")
    parser.add_argument(
        "--password", default=catalogue.DEFAULT_ADMIN_PASSWORD, help="module administrator password (default 12345678)"
    )
    parser.add_argument("--host", help="tcp: the module's IP address")
    parser.add_argument("--port", help=f"tcp: TCP port (default {DEFAULT_TCP_PORT}); serial/direct: the COM port")
    parser.add_argument("--baud", type=int, help=f"serial/direct: baud rate (default {DEFAULT_DIRECT_BAUD})")
    parser.add_argument(
        "--timeout", type=float, help=f"reply timeout, s (default {DEFAULT_REPLY_TIMEOUT:g}; serial 5)"
    )
    parser.add_argument("--retries", type=int, default=2, help="repeats of a read after a timeout (default 2)")
    parser.add_argument("--cenc-host", help="cenc: CENC server address")
    parser.add_argument("--cenc-port", type=int, default=DEFAULT_CENC_PORT, help="cenc: upper-level port (22002)")
    parser.add_argument("--cenc-user", help="cenc: user name")
    parser.add_argument("--cenc-password", default="", help="cenc: password")
    device = parser.add_mutually_exclusive_group()
    device.add_argument("--device-serial", help="cenc: the device's serial number")
    device.add_argument("--device-address", help="cenc: the device's system address, e.g. 0.0.0.94")
    parser.add_argument("--meter-password", help="direct: meter access password (e.g. 777777)")
    parser.add_argument("--protocol", choices=("iec", "spodes"), default="iec", help="direct: meter protocol")
    parser.add_argument("--module-port", help="direct: the meter's port the module is on (СПОДЭС meters)")
    parser.add_argument(
        "--parity", choices=DIRECT_PARITIES, default="auto",
        help="direct, IEC: 7E1 parity bit computed by the program (software), made by the COM port or a "
             "TCP-to-serial converter (hardware), or auto: software on socket:// and ports without 7E1 (default)",
    )  # fmt: skip
    parser.add_argument("--firmware", type=firmware_argument, metavar="VERSION",
                        help="the module's firmware if known, e.g. 2.6 (NB-IoT: TCP/IP and CENC need above 2.6)")


_METHODS = {"tcp": Method.TCP, "cenc": Method.CENC, "direct": Method.DIRECT}


def check_method(module: ModuleType, args: argparse.Namespace) -> None:
    """Refuse a channel the module (with the firmware given) does not offer (NB-IoT manual §7.4)."""
    method = _METHODS.get(args.via)
    why = None if method is None else unavailable_reason(method, module, args.firmware)
    if why is not None:
        version = "" if args.firmware is None else ".".join(map(str, args.firmware))
        ru_fw, en_fw = (f", ВПО {version}", f", firmware {version}") if version else ("", "")
        raise ValidationError([Text(f"--via {args.via} отклонён: «{module.label.ru}»{ru_fw}: {why.ru}",
                                    f"--via {args.via} refused: {module.label.en}{en_fw}: {why.en}")])


def channel_from_args(args: argparse.Namespace) -> Channel:
    """The channel settings; every missing setting is reported at once."""
    missing: list[Text] = []

    def need(value: object, option: str) -> None:
        if value in (None, ""):
            missing.append(Text(f"--via {args.via}: нужен {option}", f"--via {args.via} needs {option}"))

    if args.via == "tcp":
        need(args.host, "--host")
        port = _int_port(args.port, missing) if args.port else DEFAULT_TCP_PORT
        if missing:
            raise ValidationError(missing)
        return TcpChannel(args.host, port, args.timeout or DEFAULT_REPLY_TIMEOUT)
    if args.via == "serial":
        need(args.port, "--port")
        if missing:
            raise ValidationError(missing)
        return SerialChannel(args.port, args.baud or 9600, args.timeout or 5.0)
    if args.via == "cenc":
        need(args.cenc_host, "--cenc-host")
        need(args.cenc_user, "--cenc-user")
        if not (args.device_serial or args.device_address):
            missing.append(Text("--via cenc: нужен --device-serial или --device-address",
                                "--via cenc needs --device-serial or --device-address"))
        if missing:
            raise ValidationError(missing)
        return CencChannel(
            args.cenc_host, args.cenc_user, args.cenc_password, args.cenc_port, args.device_serial,
            args.device_address, args.timeout or DEFAULT_REPLY_TIMEOUT,
        )  # fmt: skip
    need(args.port, "--port")
    need(args.meter_password, "--meter-password")
    if missing:
        raise ValidationError(missing)
    return DirectChannel(
        args.port, args.meter_password, args.baud or DEFAULT_DIRECT_BAUD, args.protocol, args.module_port,
        args.timeout or DEFAULT_REPLY_TIMEOUT, args.parity,
    )  # fmt: skip


def _int_port(text: str, missing: list[Text]) -> int:
    try:
        return int(text)
    except ValueError:
        missing.append(Text(f"--port для tcp — номер порта, а не «{text}»",
                            f"--port for tcp is a number, not “{text}”"))
        return 0


def values_from_args(module: ModuleType, args: argparse.Namespace) -> tuple[dict[str, object], list[str]]:
    """The values to write and the keys to write (the file's and the --set ones)."""
    values = catalogue.defaults(module)
    keys: list[str] = []
    problems: list[Problem] = []
    if args.config:
        loaded = load_settings(args.config)
        if loaded.module is not module:
            raise ValidationError([Problem("", Text(
                f"Файл {args.config} для модуля «{loaded.module.label.ru}», а выбран «{module.label.ru}»",
                f"{args.config} is for the {loaded.module.label.en} module, not {module.label.en}"))])
        values.update(loaded.values)
        keys += list(loaded.values)
    for spec in args.set:
        key, sep, raw = spec.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(Problem("", Text(f"--set {spec}: ожидается KEY=VALUE",
                                             f"--set {spec}: expected KEY=VALUE")))
            continue
        try:
            param = catalogue.parameter(key)
        except KeyError:
            problems.append(Problem(key, Text(f"Неизвестный параметр «{key}» (список: main.py params)",
                                              f"Unknown parameter “{key}” (list: main.py params)")))
            continue
        try:
            values[key] = catalogue.coerce(param, raw, module)
        except ValidationError as error:
            problems.extend(error.problems)  # type: ignore[arg-type]
            continue
        keys.append(key)
    if problems:  # with the rule breaches of the values that did parse, so the user sees all at once
        problems += [p for p in catalogue.validate(module, values, checked=keys) if p.is_error]
        raise ValidationError(problems)
    if not keys:
        raise ValidationError([Problem("", Text("Нечего передавать: укажите --config или --set",
                                                "Nothing to transfer: give --config or --set"))])
    return values, list(dict.fromkeys(keys))


async def _with_link(channel: Channel, module: ModuleType, work: Callable[[Link], Awaitable[R]], *,
                     configuring: bool = False, lang: str = "ru") -> R:
    async with opened_channel(channel, module, configuring=configuring, progress=progress_printer(lang)) as link:
        return await work(link)


def _print_problems(error: ValidationError, lang: str) -> None:
    for problem in error.problems:
        text = getattr(problem, "text", problem)
        print(text.get(lang) if isinstance(text, Text) else str(text), file=sys.stderr)


def _configure(args: argparse.Namespace) -> int:
    module = ModuleType.from_id(args.module)
    lang = args.lang
    try:
        check_method(module, args)
        channel = channel_from_args(args)
        values, keys = values_from_args(module, args)
        done = asyncio.run(_with_link(channel, module, lambda link: configure_with_backup(
            link, module, values, args.password, target=target_of(channel), backup=not args.no_backup,
            only=keys, timeout=channel.reply_timeout, retries=args.retries, restart=not args.no_restart,
            progress=progress_printer(lang)), configuring=True, lang=lang))  # fmt: skip
    except ValidationError as error:
        _print_problems(error, lang)
        return 2
    except BackupFailed as error:
        hint = "" if not error.may_write_anyway else " " + Text(
            "Чтобы записать без резервной копии, добавьте --no-backup.",
            "To write without a backup, add --no-backup.").get(lang)
        print(error.message(lang) + hint, file=sys.stderr)
        return 1
    result = done.result
    for line in [*result.lines(lang), *done.lines(lang)]:
        print(line)
    if not result.ok:
        failed = [p.key for p in result.parameters if p.outcome is not Outcome.APPLIED]
        if failed:
            print(("Не применены: " if lang == "ru" else "Not applied: ") + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


def _status(args: argparse.Namespace) -> int:
    module = ModuleType.from_id(args.module)
    lang = args.lang
    try:
        check_method(module, args)
        channel = channel_from_args(args)
        kinds = list(status_kinds_for(module)) if args.kind == "all" else [args.kind]
        for kind in kinds:
            check_status_kind(kind, module)  # IPv6 on a GSM module is refused before connecting
        report = asyncio.run(_with_link(channel, module, lambda link: read_all_status(
            link, module, kinds=kinds, timeout=channel.reply_timeout, retries=args.retries,
            progress=progress_printer(lang)), lang=lang))  # fmt: skip
    except ValidationError as error:
        _print_problems(error, lang)
        return 2
    _print_report(report, args.kind == "all", lang, args.json)
    for kind, failure in report.errors.items():
        print(f"{kind}: {failure.message(lang)}", file=sys.stderr)
    return 0 if report.ok and report.readings else 1


def _print_report(report: StatusReport, everything: bool, lang: str, as_json: bool) -> None:
    rows = _rows(report.snapshot, everything, lang)
    if as_json:
        print(json.dumps({key: value for key, _, value in rows}, ensure_ascii=False))
        return
    for _, label, value in rows:
        print(f"{label}: {value}")


def _rows(snapshot: StatusSnapshot, everything: bool, lang: str) -> list[tuple[str, str, str]]:
    """(key, label, value) per status row; for one request only the rows it filled."""
    return [
        (row.key, row.label.get(lang), row.value.get(lang))
        for row in snapshot.rows()
        if everything or row.value != NO_DATA
    ]
