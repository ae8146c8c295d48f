"""``utmc-devices``: the UTMC-700's table of polled devices.

    utmc-devices read [--channels 1,2]        print the device table with last poll results
    utmc-devices export FILE                  device table → .csv/.txt (`;`) or .xlsx
    utmc-devices write FILE [--channels 1,2] [--clear-channels 3] [--check] [--no-backup]
                                              file → device: only the channels the file has devices for (or
                                              those named); a channel is emptied only with --clear-channels;
                                              what they held is kept first as a device list in the backups
                                              folder (``import`` is the same as ``write``)

The file is loaded and checked (every bad line reported) and what it would replace worked out
before connecting; ``--check`` stops there. Options may come anywhere: ``utmc-devices write
--check FILE`` and ``--check`` after FILE.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.backups import backup_record, refused
from app.cli.cmd_utmc import run_utmc, utmc_parser
from app.cli.console import progress_printer
from app.cli.exit_codes import ExitCode
from app.cli.output import Output
from app.cli.parsing import OptionError, Parser, file_path
from app.core.backups import BackupFailed
from app.core.utmc_device_write import ChannelChange, plan_device_write, write_device_table
from app.core.utmc_local_files import load_device_file, save_device_file
from app.core.utmc_ops import UtmcService
from protocols.errors import ValidationError
from protocols.text import Text
from protocols.utmc.utmc_devices import DeviceRecord
from protocols.utmc.utmc_params import CHANNELS


def channel_list(text: str) -> list[int]:
    """``1,2`` → [1, 2]: channels 1…8; ``all`` → every channel."""
    if text.strip().lower() == "all":
        return list(range(1, CHANNELS + 1))
    try:
        chosen = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise OptionError(f"номера каналов через запятую, а не «{text}»",
                          f"channel numbers separated by commas, not “{text}”") from None
    if not chosen or not all(1 <= c <= CHANNELS for c in chosen):
        raise OptionError(f"каналы от 1 до {CHANNELS}, а не «{text}»", f"channels are 1 to {CHANNELS}, not “{text}”")
    return chosen


def _parser(prog: str, help: str) -> Parser:
    parser = utmc_parser(prog, help, cmd_devices)
    parser.add_argument("action", choices=("read", "write", "import", "export"))
    parser.add_argument("file", nargs="?", type=file_path, help="device list: .csv/.txt (`;`-separated) or .xlsx")
    parser.add_argument("--channels", type=channel_list, metavar="N,N",
                        help="comma-separated channels, e.g. 1,2 (write: only these, each must be in the file)")
    parser.add_argument("--clear-channels", type=channel_list, metavar="N,N",
                        help="write: empty these channels (e.g. 3,4 or all); nothing is emptied without it")
    parser.add_argument("--check", action="store_true",
                        help="write: only check the file and say what it replaces, do not connect")
    parser.add_argument("--no-backup", action="store_true",
                        help="write: do not read and keep what the channels hold (only if the UTMC cannot be read)")
    return parser


PARSERS = {"utmc-devices": _parser}


def device_record(record: DeviceRecord) -> dict[str, Any]:
    return {"number": record.number, "channel": record.channel, "model": record.model.file_name,
            "model_code": record.model.code, "serial": record.serial, "version": record.version,
            "manufacturer": record.manufacturer, "address": record.address, "baud": record.baud,
            "note": record.note, "poll_result": record.poll_result}


def cmd_devices(args: argparse.Namespace, out: Output) -> ExitCode:
    writing = args.action in ("import", "write")
    if (args.action == "export" or writing and not args.clear_channels) and not args.file:
        raise ValidationError([Text(f"utmc-devices {args.action}: укажите файл", f"utmc-devices {args.action}: "
                                    "give a file")])
    out.set(action=args.action, file=args.file, checked_only=False, channels=[], devices=[], cleared=[],
            left_out=[], written=[], changes=None, backup=None)
    if writing:
        return _write(args, out)

    channels = args.channels or list(range(1, CHANNELS + 1))

    async def action(service: UtmcService) -> ExitCode:
        table = await service.read_devices(channels)
        out.set(channels=channels, devices=[device_record(r) for r in table])
        if args.action == "export":
            save_device_file(Path(args.file), table)
            out.say(Text(f"Сохранено приборов: {len(table)}", f"Devices saved: {len(table)}"))
            return ExitCode.DONE
        for r in table:
            poll = {None: "-", True: "1", False: "0"}[r.poll_result]
            out.line(f"{r.number:5} {r.model.file_name:<36} {r.serial} v{r.version:<3} {r.manufacturer} "
                     f"{r.address:<10} {r.baud:<6} {r.note:<8} {poll}")
        out.message = out.text(Text(f"Приборов: {len(table)}", f"Devices: {len(table)}"))
        return ExitCode.DONE

    return run_utmc(args, action)


def _write(args: argparse.Namespace, out: Output) -> ExitCode:
    records = load_device_file(Path(args.file)) if args.file else []  # every bad line is reported
    plan = plan_device_write(records, args.channels, args.clear_channels or ())  # nothing removed unasked
    out.set(devices=[device_record(r) for r in plan.records], channels=plan.channels, cleared=plan.cleared,
            left_out=[{"channel": c, "devices": n} for c, n in sorted(plan.left_out.items())])
    listed = ", ".join(map(str, plan.channels))
    if args.check:
        out.set(checked_only=True)
        out.say(Text(f"Файл в порядке: {len(records)} приборов; будут заменены каналы {listed}",
                     f"File is fine: {len(records)} devices; channels {listed} would be replaced"))
        for note in plan.notes():
            out.line(note)
        return ExitCode.DONE

    async def action(service: UtmcService) -> ExitCode:
        try:
            done = await write_device_table(service, plan, backup=not args.no_backup,
                                            progress=progress_printer(out.lang))
        except BackupFailed as error:
            raise refused(error) from error
        for line in done.lines():
            out.line(line)
        out.set(written=[{"channel": c, "devices": n} for c, n in sorted(done.written.channels.items())],
                changes=None if done.diff is None else [_change(c) for c in done.diff.channels],
                backup=backup_record(done.backup, out))
        out.message = out.text(Text(f"Заменены каналы {listed}", f"Channels {listed} replaced"))
        return ExitCode.DONE

    return run_utmc(args, action)


def _change(change: ChannelChange) -> dict[str, Any]:
    return {"channel": change.channel, "added": change.added, "removed": change.removed, "changed": change.changed,
            "kept": change.kept}
