"""UTMC-700 from the command line: identity, parameters, polling, transfer, search.

    utmc-info [--firmware FILE.hex]           "Установить связь": serial, firmware version, firmware ID
                                              (--firmware: does the UTMC run that file? exit 1 if not)
    utmc-read [KEY ...] [--tab main|network|interfaces|service|devices]
    utmc-write KEY=VALUE ... [--config FILE] [--sync-time] [--no-backup]
                                              --sync-time puts the PC time into current_time; the values
                                              replaced are kept first as a settings file in the backups folder
    utmc-poll [--device N]  utmc-transfer  utmc-search [--target HOST:PORT]

The device table (utmc-devices) and the SD card (utmc-files, utmc-get-file, utmc-update) are in
cmd_utmc_devices.py and cmd_utmc_files.py. Connection: ``--via serial --port /dev/ttyACM0
[--baud 115200]`` (USB) or ``--via tcp --host 192.168.0.200 [--tcp-port 4001]`` (Ethernet);
``--password`` (or CONFIGURATOR_UTMC_PASSWORD) for settings.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from app.cli.backups import backup_record, refused
from app.cli.exit_codes import ExitCode, done_if
from app.cli.options import channel_from_args, make_parser, utmc_channel_parent
from app.cli.output import MASK, Output
from app.cli.parsing import Parser, file_path, host_and_port, integer, seconds
from app.core.backups import BackupFailed, mention_backup
from app.core.links import open_link
from app.core.links.base import Link
from app.core.links.channels import SerialChannel, TcpChannel
from app.core.utmc_discovery import DISCOVERY_PORT, discover
from app.core.utmc_local_files import load_settings
from app.core.utmc_ops import UtmcService, sync_time
from app.core.utmc_param_write import write_parameters_with_backup
from app.core.utmc_sd_card import FirmwareCheck, read_firmware_file
from protocols.errors import DeviceError, ProblemItem, ValidationError
from protocols.params.catalogue_model import Parameter, Problem
from protocols.params.param_values import checked_value, format_value, to_json, unknown_parameter
from protocols.text import Text
from protocols.utmc.utmc_frames import ErrorCode
from protocols.utmc.utmc_params import PARAMETERS, Tab, parameter, parameters_for, validate

PASSWORD_HELP = "passwords: --password also comes from the environment (CONFIGURATOR_UTMC_PASSWORD); '-' asks for it."


def utmc_parser(prog: str, help: str, func: Callable[[argparse.Namespace, Output], ExitCode]) -> Parser:
    """A UTMC command's parser: the channel and password options, and ``func`` to run."""
    parser = make_parser(prog, help, utmc_channel_parent(), epilog=PASSWORD_HELP)
    parser.set_defaults(func=func)
    return parser


def _link(args: argparse.Namespace) -> Link:
    """The UTMC's link: where the options say; how long replies are awaited is the service's (--timeout)."""
    channel = channel_from_args(args)
    if isinstance(channel, SerialChannel):
        return open_link(SerialChannel(channel.port, channel.baud))
    assert isinstance(channel, TcpChannel)
    return open_link(TcpChannel(channel.host, channel.port))


def run_utmc(args: argparse.Namespace, action: Callable[[UtmcService], Awaitable[ExitCode]]) -> ExitCode:
    """Connect, run ``action`` with the service, disconnect; a refused settings password says what to do."""
    link = _link(args)

    async def main() -> ExitCode:
        async with link:
            return await action(UtmcService(link, password=args.password, timeout=args.timeout or 3.0))

    try:
        return asyncio.run(main())
    except DeviceError as error:
        if error.code != ErrorCode.ACCESS_DENIED:
            raise
        text = error.reason  # the backup's line goes last
        raise mention_backup(DeviceError(error.code, Text(
            f"{text.ru}. Укажите пароль доступа к настройкам: --password N (0…65535, по умолчанию 0) "
            "или держите нажатой кнопку SA2 на панели индикации во время записи.",
            f"{text.en}. Give the settings password: --password N (0…65535, default 0), or hold "
            "button SA2 on the display panel while writing.")), error.backup) from error


def utmc_value(param: Parameter, value: object) -> object:
    """A UTMC value for JSON: typed, times ISO 8601, flags a list, secrets masked."""
    if param.secret:
        return MASK if value not in ("", None) else ""
    if isinstance(value, datetime):
        return value.isoformat()
    return to_json(param, value)


# -- utmc-info --------------------------------------------------------------------------------------


def cmd_info(args: argparse.Namespace, out: Output) -> ExitCode:
    image = read_firmware_file(Path(args.firmware)) if args.firmware else None

    async def action(service: UtmcService) -> ExitCode:
        identity = await service.identify()
        out.line(Text(f"Серийный номер: {identity.serial}", f"Serial number: {identity.serial}"))
        out.line(Text(f"Версия ПО: {identity.firmware_version}", f"Firmware version: {identity.firmware_version}"))
        out.line(Text(f"ID ПО: {identity.firmware_id}", f"Firmware ID: {identity.firmware_id}"))
        out.set(serial=identity.serial, firmware_version=identity.firmware_version,
                firmware_id=identity.firmware_id, channels=identity.channels, per_channel=identity.per_channel,
                firmware_file=None)
        out.message = out.text(Text(f"УТМЦ {identity.serial}, ПО {identity.firmware_version}",
                                    f"UTMC {identity.serial}, firmware {identity.firmware_version}"))
        if image is None:
            return ExitCode.DONE
        check = FirmwareCheck.of(image, identity.firmware_version, identity.firmware_id)
        out.say(check.text)
        out.set(firmware_file={"file": args.firmware, "version": image.version, "firmware_id": image.firmware_id,
                               "runs_file": check.runs_file})
        return done_if(check.runs_file)

    return run_utmc(args, action)


# -- utmc-read / utmc-write ---------------------------------------------------------------------------


def _parameter_key(text: str) -> str:
    try:
        return parameter(text.strip()).key
    except KeyError:
        raise ValidationError([unknown_parameter(text)]) from None


def cmd_read(args: argparse.Namespace, out: Output) -> ExitCode:
    problems: list[ProblemItem] = []
    keys: list[str] | None = None
    if args.keys:
        keys = []
        for text in args.keys:
            try:
                keys.append(_parameter_key(text))
            except ValidationError as error:
                problems += error.problems
    if problems:
        raise ValidationError(problems)
    if args.tab:
        keys = [p.key for p in parameters_for(Tab(args.tab)) if p.readable]

    async def action(service: UtmcService) -> ExitCode:
        result = await service.read_parameters(keys)
        records = []
        for param in PARAMETERS:
            if param.key in result.values:
                value = format_value(param, result.values[param.key])
                out.line(f"{param.key:<26} {value:<24} {out.text(param.label)}")
                records.append({"key": param.key, "label": out.text(param.label), "status": "read",
                                "value": utmc_value(param, result.values[param.key]), "text": value, "reason": None})
            elif param.key in result.failed:
                reason = out.text(result.failed[param.key])
                out.line(f"{param.key:<26} !{reason:<23} {out.text(param.label)}")
                records.append({"key": param.key, "label": out.text(param.label), "status": "failed",
                                "value": None, "text": None, "reason": reason})
        out.set(parameters=records)
        out.message = out.text(Text(f"Прочитано: {len(result.values)}, не прочитано: {len(result.failed)}",
                                    f"Read: {len(result.values)}, not read: {len(result.failed)}"))
        return done_if(not result.failed)

    return run_utmc(args, action)


def parse_assignments(items: list[str]) -> dict[str, object]:
    """``KEY=VALUE`` items as typed values, checked against the catalogue and its rules — all before
    connecting, every problem at once."""
    values: dict[str, object] = {}
    problems: list[ProblemItem] = []
    for item in items:
        key, sep, raw = item.partition("=")
        try:
            param = parameter(key.strip())
        except KeyError:
            problems.append(unknown_parameter(key))
            continue
        if not sep:
            problems.append(Problem(key, Text(f"Нужно КЛЮЧ=ЗНАЧЕНИЕ: «{item}»", f"KEY=VALUE is required: “{item}”")))
            continue
        if not param.writable:
            problems.append(Problem(key, Text(f"«{key}» только для чтения", f"“{key}” is read-only")))
            continue
        try:
            values[param.key] = checked_value(param, raw)
        except ValidationError as error:
            problems += error.problems
    problems += [p for p in validate(values) if p not in problems]
    if problems:
        raise ValidationError(problems)
    return values


def cmd_write(args: argparse.Namespace, out: Output) -> ExitCode:
    values = dict(load_settings(Path(args.config))) if args.config else {}
    values.update(parse_assignments(args.assignments))  # KEY=VALUE given as well wins
    if args.sync_time:
        values = sync_time(values)
    if not values:
        raise ValidationError([Text("Нечего записывать: укажите КЛЮЧ=ЗНАЧЕНИЕ, --config или --sync-time",
                                    "Nothing to write: give KEY=VALUE, --config or --sync-time")])
    UtmcService.check_parameters(values)  # the file's values too: a typo is a typo before connecting

    async def action(service: UtmcService) -> ExitCode:
        try:
            done = await write_parameters_with_backup(service, values, backup=not args.no_backup)
        except BackupFailed as error:
            raise refused(error) from error
        result = done.result
        records: list[dict[str, Any]] = []
        for key in result.applied:
            out.line(Text(f"записан {key}", f"written {key}"))
        for key, why in result.failed.items():
            out.note(f"{key}: {out.text(why)}")
        for key, value in values.items():
            param = parameter(key)
            reason = result.failed.get(key)
            status = "applied" if key in result.applied else "failed" if reason is not None else "not_sent"
            records.append({"key": key, "label": out.text(param.label), "value": utmc_value(param, value),
                            "status": status, "code": result.codes.get(key),
                            "reason": out.text(reason) if reason is not None else None})
        for line in done.lines(out.lang):
            out.line(line)
        out.set(parameters=records, backup=backup_record(done.backup, out),
                unread_for_backup=[{"key": key, "reason": out.text(why)} for key, why in done.unread.items()])
        out.message = out.text(Text(f"Записано: {len(result.applied)} из {len(values)}",
                                    f"Written: {len(result.applied)} of {len(values)}"))
        return done_if(result.ok and len(result.applied) == len(values))

    return run_utmc(args, action)


# -- polling, transfer, search ------------------------------------------------------------------------


def cmd_poll(args: argparse.Namespace, out: Output) -> ExitCode:
    async def action(service: UtmcService) -> ExitCode:
        if args.device:
            ok = await service.poll_one(args.device)
            out.say(Text(f"Прибор {args.device}: {int(ok)}", f"Device {args.device}: {int(ok)}"))
            out.set(device=args.device, polled=1, answered=int(ok))
            return done_if(ok)
        summary = await service.poll_all()
        out.say(Text(f"Опрошено {summary.polled}, ответили {summary.answered}",
                     f"Polled {summary.polled}, answered {summary.answered}"))
        out.set(device=None, polled=summary.polled, answered=summary.answered)
        return ExitCode.DONE

    return run_utmc(args, action)


def cmd_transfer(args: argparse.Namespace, out: Output) -> ExitCode:
    async def action(service: UtmcService) -> ExitCode:
        await service.transfer_to_server()
        out.say(Text("Передача на сервер запущена", "Transfer to the server started"))
        out.set(started=True)
        return ExitCode.DONE

    return run_utmc(args, action)


def cmd_search(args: argparse.Namespace, out: Output) -> ExitCode:
    targets = args.target or [("255.255.255.255", DISCOVERY_PORT)]
    found = asyncio.run(discover(targets, args.wait))
    for item in found:
        out.line(f"{item.host}:{item.control_port}  {item.serial}  {item.firmware_version}")
    out.set(targets=[f"{host}:{port}" for host, port in targets],
            found=[{"host": i.host, "tcp_port": i.control_port, "serial": i.serial,
                    "firmware_version": i.firmware_version} for i in found])
    if not found:
        out.say(Text("УТМЦ не найдены", "No UTMC found"), to_stderr=True)
        return ExitCode.INCOMPLETE
    out.message = out.text(Text(f"Найдено УТМЦ: {len(found)}", f"UTMC found: {len(found)}"))
    return ExitCode.DONE


# -- parsers --------------------------------------------------------------------------------------------


def _info_parser(prog: str, help: str) -> Parser:
    parser = utmc_parser(prog, help, cmd_info)
    parser.add_argument("--firmware", type=file_path, metavar="FILE.hex",
                        help="compare the firmware the UTMC runs with this file")
    return parser


def _read_parser(prog: str, help: str) -> Parser:
    parser = utmc_parser(prog, help, cmd_read)
    parser.add_argument("keys", nargs="*", metavar="KEY", help="parameter keys (default: all readable)")
    parser.add_argument("--tab", choices=[t.value for t in Tab], help="all readable parameters of a tab")
    return parser


def _write_parser(prog: str, help: str) -> Parser:
    parser = utmc_parser(prog, help, cmd_write)
    parser.add_argument("assignments", nargs="*", metavar="KEY=VALUE")
    parser.add_argument("--config", type=file_path, metavar="FILE",
                        help="a UTMC settings file (saved by the configurator, or a backup); KEY=VALUE given as well "
                             "wins")
    parser.add_argument("--sync-time", action="store_true", help="write the PC time as current_time")
    parser.add_argument("--no-backup", action="store_true",
                        help="do not read and keep the values being replaced (only if the UTMC cannot be read)")
    return parser


def _poll_parser(prog: str, help: str) -> Parser:
    parser = utmc_parser(prog, help, cmd_poll)
    parser.add_argument("--device", type=integer(1, 2048), metavar="N", help="device number 1…2048")
    return parser


def _search_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help)
    parser.add_argument("--target", action="append", type=host_and_port, metavar="HOST:PORT",
                        help=f"where to ask (repeatable; default 255.255.255.255:{DISCOVERY_PORT})")
    parser.add_argument("--wait", type=seconds(0.05, 60), default=1.0, metavar="S",
                        help="seconds to wait for answers at most: a search of single IP addresses ends once each has "
                             "answered (default 1)")
    parser.set_defaults(func=cmd_search)
    return parser


PARSERS = {
    "utmc-info": _info_parser,
    "utmc-read": _read_parser,
    "utmc-write": _write_parser,
    "utmc-poll": _poll_parser,
    "utmc-transfer": lambda prog, help: utmc_parser(prog, help, cmd_transfer),
    "utmc-search": _search_parser,
}
