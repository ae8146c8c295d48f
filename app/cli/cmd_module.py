"""``configure`` and ``status``: configure a communication module / read its status over a channel.

    main.py configure --module gsm-2g4g --via tcp --host 10.1.2.3 --set apn=internet.mts.ru
    main.py configure --module nb-iot --via serial --port /dev/ttyUSB0 --config meter.json
    main.py status --module gsm-2g4g --via cenc --cenc-host cenc.example --cenc-user u \\
        --cenc-password - --device-address 0.0.0.94 --kind all --json

Everything that can be checked without the module — the options, the channel, the values and
their rules, the method against the module type and firmware — is checked before connecting.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from app.cli.backups import backup_record, refused
from app.cli.console import progress_printer
from app.cli.exit_codes import ExitCode
from app.cli.module_values import module_values
from app.cli.options import (
    channel_from_args,
    describe_channel,
    firmware_parent,
    make_parser,
    module_channel_parent,
    module_password_parent,
    module_type_parent,
    values_parent,
)
from app.cli.output import MASK, Output
from app.cli.parsing import Parser
from app.core.backups import BackupFailed
from app.core.channel_waits import ChannelWaits, opened_channel, target_of
from app.core.links.base import Link
from app.core.links.channels import Channel
from app.core.module_ops import check_status_kind, plan_configuration, read_all_status, status_kinds_for
from app.core.module_results import STATUS_KINDS, ConfigureResult, Outcome, ParameterResult, StatusReport
from app.core.module_settings_read import configure_with_backup
from protocols.errors import DeviceError, LinkError, ValidationError
from protocols.module.module_status import NO_DATA, Coded, StatusSnapshot
from protocols.params.catalogue import Kind
from protocols.params.delivery_methods import Method, unavailable_reason
from protocols.params.module_types import ModuleType
from protocols.text import Text

R = TypeVar("R")

CHANNEL_HELP = """\
channel settings per --via:
  tcp     module in Server mode with a static-IP SIM: --host ADDRESS [--tcp-port 8000] [--timeout 20]
  serial  the module's own serial port: --port COM3|/dev/ttyUSB0|socket://host:port [--baud 9600]
  cenc    module in Client CENC mode, through a CENCn server: --cenc-host ADDRESS [--cenc-port 22002]
          --cenc-user USER --cenc-password PASSWORD and --device-serial N or --device-address 0.0.0.94
  direct  through the meter's interface: --port COM3 [--baud 9600] --meter-password 777777
          [--protocol iec|spodes] [--module-port N] (meters CE207/CE307/CE208/CE308 СПОДЭС)
          [--parity auto|software|hardware] (IEC 7E1: hardware for a converter that makes the parity bit);
          the optical port must start at 9600; wait ≥30 s (GSM) / ≥60 s (NB-IoT) after the last session
passwords: --password, --cenc-password and --meter-password also come from the environment
(CONFIGURATOR_PASSWORD, CONFIGURATOR_CENC_PASSWORD, CONFIGURATOR_METER_PASSWORD); '-' asks for one.
"""


def _configure_parser(prog: str, help: str) -> Parser:
    parser = make_parser(
        prog, help, module_type_parent(), module_password_parent(), module_channel_parent(), values_parent(),
        firmware_parent(), epilog=CHANNEL_HELP,
        description="Write parameters to the module, read them back and restart it so they take effect. "
                    "With --config the file's parameters are written; with only --set, just those parameters. "
                    "First the module's settings are read and kept as a settings file in the backups folder "
                    "(its path is printed; configure --config BACKUP puts them back).")
    parser.add_argument("--no-restart", action="store_true", help="store the settings without restarting")
    parser.add_argument("--no-backup", action="store_true",
                        help="do not read and keep the module's settings first (only if it cannot be read)")
    parser.set_defaults(func=_configure)
    return parser


def _status_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, module_type_parent(), module_password_parent(), module_channel_parent(),
                         firmware_parent(), epilog=CHANNEL_HELP)
    parser.add_argument("--kind", choices=(*STATUS_KINDS, "all"), default="all", help="what to request (default all)")
    parser.set_defaults(func=_status)
    return parser


PARSERS = {"configure": _configure_parser, "status": _status_parser}

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


async def with_link(channel: Channel, module: ModuleType, work: Callable[[Link], Awaitable[R]], *,
                     configuring: bool = False, lang: str = "ru") -> R:
    """``work`` over the channel's link; one command knows of no restart or meter session before it."""
    async with opened_channel(channel, module, waits=ChannelWaits(), configuring=configuring,
                              progress=progress_printer(lang)) as link:
        return await work(link)


# -- configure ------------------------------------------------------------------------------------


def _parameter_record(item: ParameterResult, out: Output) -> dict[str, Any]:
    value = (MASK if item.value else "") if item.param.kind is Kind.PASSWORD else item.value
    return {
        "key": item.key, "label": out.text(item.param.label), "value": value, "status": item.outcome.value,
        "code": item.code, "reason": out.text(item.reason) if item.reason else None,
        "confirmed_by": item.confirmed_by.value if item.confirmed_by else None,
    }  # fmt: skip


def _configure_code(result: ConfigureResult) -> ExitCode:
    if result.ok:
        return ExitCode.DONE
    if result.cancelled:
        return ExitCode.CANCELLED
    untouched = all(p.outcome is Outcome.NOT_SENT for p in result.parameters)
    if untouched and isinstance(result.error, LinkError):
        return ExitCode.NO_CONNECTION  # the module never answered: nothing was changed
    return ExitCode.INCOMPLETE


def _configure(args: argparse.Namespace, out: Output) -> ExitCode:
    module = ModuleType.from_id(args.module)
    check_method(module, args)
    channel = channel_from_args(args, lang=out.lang)
    found = module_values(module, args)
    plan_configuration(module, found.values, args.password, found.keys)  # the rules, before connecting
    try:
        done = asyncio.run(with_link(channel, module, lambda link: configure_with_backup(
            link, module, found.values, args.password, target=target_of(channel), backup=not args.no_backup,
            only=found.keys, timeout=channel.reply_timeout, retries=args.retries, restart=not args.no_restart,
            progress=progress_printer(out.lang)), configuring=True, lang=out.lang))  # fmt: skip
    except BackupFailed as error:  # the module's settings could not be read: nothing was written
        raise refused(error) from error
    result = done.result
    lines = result.lines(out.lang)
    for line in [*lines[:-1], *done.lines(out.lang)]:
        out.line(line)
    out.say(lines[-1])
    stopped = result.error
    out.set(
        module=module.value, channel=describe_channel(channel),
        parameters=[_parameter_record(p, out) for p in result.parameters],
        counts={o.value: len(result.with_outcome(o)) for o in Outcome},
        restarted=result.restarted, cancelled=result.cancelled,
        stopped_by=None if stopped is None else {
            "message": stopped.message(out.lang), "code": stopped.code if isinstance(stopped, DeviceError) else None},
        backup=backup_record(done.backup, out),
        unread_for_backup=[{"key": key, "reason": out.text(why)} for key, why in done.unread.items()],
    )  # fmt: skip
    for warning in result.warnings:
        out.warnings.append(out.text(warning.text))
    failed = [p.key for p in result.parameters if p.outcome is not Outcome.APPLIED]
    if failed:
        out.note(Text("Не применены: ", "Not applied: ").get(out.lang) + ", ".join(failed))
    return _configure_code(result)


# -- status ---------------------------------------------------------------------------------------


def _coded(value: Coded | None, out: Output) -> dict[str, Any] | None:
    return None if value is None else {"code": value.code, "meaning": out.text(value.meaning)}


def status_values(snapshot: StatusSnapshot, out: Output) -> dict[str, Any]:
    """Every status value, typed (null where not read or not of this module family)."""
    status, ext = snapshot.status, snapshot.extended
    flags = status.flags if status else None
    version = status.version if status else None
    return {
        "system_address": status.system_address if status else None,
        "internet_mode": flags.internet_mode if flags else None,
        "ip_obtained": flags.gprs_session if flags else None,
        "tcp_connected": flags.tcp_connected if flags else None,
        "sim_detected": flags.sim_detected if flags else None,
        "cenc": _coded(flags.cenc_registration, out) if flags else None,
        **{key: _coded(getattr(ext, key), out) if ext else None for key in (
            "gprs", "registration", "band", "signal", "meter_link", "mqtt_client", "http_loader", "mqtt_loader")},
        "signal_meets_recommendation": ext.signal_meets_recommendation if ext else None,
        "transceiver_firmware": (ext.transceiver_firmware or None) if ext else None,
        "imei": snapshot.imei, "ip": snapshot.ip, "ipv6": snapshot.ipv6, "iccid": snapshot.iccid,
        "version": status.version_text if status else None,
        "firmware": version.firmware if version else None,
        "module_type": version.module_type.value if version and version.module_type else None,
    }  # fmt: skip


def _status_code(report: StatusReport) -> ExitCode:
    if report.cancelled:
        return ExitCode.CANCELLED
    if report.ok and report.readings:
        return ExitCode.DONE
    if not report.readings and all(isinstance(e, LinkError) for e in report.errors.values()):
        return ExitCode.NO_CONNECTION
    return ExitCode.INCOMPLETE


def _status(args: argparse.Namespace, out: Output) -> ExitCode:
    module = ModuleType.from_id(args.module)
    check_method(module, args)
    channel = channel_from_args(args, lang=out.lang)
    kinds = list(status_kinds_for(module)) if args.kind == "all" else [args.kind]
    for kind in kinds:
        check_status_kind(kind, module)  # IPv6 on a GSM module is refused before connecting
    report = asyncio.run(with_link(channel, module, lambda link: read_all_status(
        link, module, kinds=kinds, timeout=channel.reply_timeout, retries=args.retries,
        progress=progress_printer(out.lang)), lang=out.lang))  # fmt: skip
    everything = args.kind == "all"
    rows = [row for row in report.snapshot.rows() if everything or row.value != NO_DATA]
    for row in rows:
        out.line(f"{out.text(row.label)}: {out.text(row.value)}")
    errors = []
    for kind, failure in report.errors.items():
        out.note(f"{kind}: {failure.message(out.lang)}")
        errors.append({"kind": kind, "message": failure.message(out.lang),
                       "code": failure.code if isinstance(failure, DeviceError) else None})
    out.set(module=module.value, channel=describe_channel(channel), kinds=kinds,
            read=[r.kind for r in report.readings], values=status_values(report.snapshot, out),
            rows=[{"key": r.key, "label": out.text(r.label), "value": out.text(r.value)} for r in rows],
            errors=errors, cancelled=report.cancelled)
    out.message = out.text(Text(f"Прочитано запросов: {len(report.readings)} из {len(kinds)}",
                                f"Requests read: {len(report.readings)} of {len(kinds)}"))
    return _status_code(report)
