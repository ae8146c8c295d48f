"""``utmc-devices``: the UTMC-700's table of polled devices.

    utmc-devices read [--channels 1,2]        print the device table with last poll results
    utmc-devices export FILE                  device table → .csv/.txt (`;`) or .xlsx
    utmc-devices import FILE [--check]        file → device, only the channels the file uses
    utmc-devices write FILE [--check]         file → device, all 8 channels (absent ones emptied)

The file is loaded and checked (every bad line reported) before connecting; ``--check`` stops
there. Options may come anywhere: ``utmc-devices write --check FILE`` and ``--check`` after FILE.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.cmd_utmc import run_utmc, utmc_parser
from app.cli.console import count_printer
from app.cli.exit_codes import ExitCode
from app.cli.output import Output
from app.cli.parsing import OptionError, Parser, file_path
from app.core.utmc_files import load_device_file, save_device_file
from app.core.utmc_ops import UtmcService
from protocols.errors import ValidationError
from protocols.text import Text
from protocols.utmc_devices import DeviceRecord
from protocols.utmc_params import CHANNELS


def channel_list(text: str) -> list[int]:
    """``1,2`` → [1, 2]: channels 1…8."""
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
                        help="comma-separated channels, e.g. 1,2 (read, export, write; import: the file's own)")
    parser.add_argument("--check", action="store_true", help="import/write: only check the file, do not connect")
    return parser


PARSERS = {"utmc-devices": _parser}


def device_record(record: DeviceRecord) -> dict[str, Any]:
    return {"number": record.number, "channel": record.channel, "model": record.model.file_name,
            "model_code": record.model.code, "serial": record.serial, "version": record.version,
            "manufacturer": record.manufacturer, "address": record.address, "baud": record.baud,
            "note": record.note, "poll_result": record.poll_result}


def cmd_devices(args: argparse.Namespace, out: Output) -> ExitCode:
    if args.action in ("import", "write", "export") and not args.file:
        raise ValidationError([Text(f"utmc-devices {args.action}: укажите файл", f"utmc-devices {args.action}: "
                                    "give a file")])
    out.set(action=args.action, file=args.file, checked_only=False, channels=[], devices=[], written=[])
    if args.action in ("import", "write"):
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
    records = load_device_file(Path(args.file))  # every bad line is reported; nothing is sent
    out.set(devices=[device_record(r) for r in records])
    if args.check:
        out.set(checked_only=True)
        out.say(Text(f"Файл в порядке: {len(records)} приборов", f"File is fine: {len(records)} devices"))
        return ExitCode.DONE
    # write replaces the lists of all channels (or those named); import only the channels the file uses
    channels = (args.channels or list(range(1, CHANNELS + 1))) if args.action == "write" else args.channels

    async def action(service: UtmcService) -> ExitCode:
        result = await service.write_devices(records, channels, progress=count_printer(out.lang))
        for channel, count in result.channels.items():
            out.line(Text(f"Канал {channel}: записано приборов {count}", f"Channel {channel}: {count} devices written"))
        out.set(channels=sorted(result.channels), written=[{"channel": c, "devices": n}
                                                           for c, n in sorted(result.channels.items())])
        out.message = out.text(Text(f"Записано приборов: {sum(result.channels.values())}",
                                    f"Devices written: {sum(result.channels.values())}"))
        return ExitCode.DONE

    return run_utmc(args, action)
