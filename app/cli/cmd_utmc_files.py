"""UTMC-700 SD card: list files, download a journal, upload and update the firmware.

    utmc-files [FOLDER]
    utmc-get-file PATH [--out FILE]           download a journal file (YYYY/MM/DD/hh.dat), CRC32-checked
    utmc-update FILE.hex [--upload-only] [--wait S]   check, upload, update, wait for the restart and
                                              compare the firmware the UTMC reports with the file (exit 1 if
                                              it does not run it; --wait 0: do not wait)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.cmd_utmc import run_utmc, utmc_parser
from app.cli.console import progress_printer
from app.cli.exit_codes import ExitCode, done_if
from app.cli.output import Output
from app.cli.parsing import Parser, file_path, seconds
from app.core.utmc_ops import UtmcService, identify_after_restart
from app.core.utmc_sd_card import FirmwareCheck, firmware_file_text, read_firmware_file
from protocols.errors import LinkError
from protocols.text import Text

RESTART_WAIT = 180.0  # the guide: an update takes about 1–2 minutes


def cmd_files(args: argparse.Namespace, out: Output) -> ExitCode:
    async def action(service: UtmcService) -> ExitCode:
        entries = await service.list_files(args.folder)
        for entry in entries:
            out.line(f"{entry.name}/" if entry.is_dir else f"{entry.name:<16} {entry.size}")
        out.set(folder=args.folder, entries=[{"name": e.name, "is_dir": e.is_dir, "size": e.size} for e in entries])
        out.message = out.text(Text(f"Записей: {len(entries)}", f"Entries: {len(entries)}"))
        return ExitCode.DONE

    return run_utmc(args, action)


def cmd_get_file(args: argparse.Namespace, out: Output) -> ExitCode:
    destination = Path(args.out or Path(args.path).name)

    async def action(service: UtmcService) -> ExitCode:
        result = await service.download_file(args.path, destination, progress=progress_printer(out.lang))
        out.say(Text(f"{result.path}: {result.size} байт, CRC32 {result.crc32:08X} → {destination}",
                     f"{result.path}: {result.size} bytes, CRC32 {result.crc32:08X} → {destination}"))
        out.set(path=result.path, size=result.size, crc32=result.crc32, saved_to=destination)
        return ExitCode.DONE

    return run_utmc(args, action)


def cmd_update(args: argparse.Namespace, out: Output) -> ExitCode:
    image = read_firmware_file(Path(args.file))  # refuse a corrupt file before connecting
    out.line(firmware_file_text(image))
    out.set(file={"path": args.file, "version": image.version, "firmware_id": image.firmware_id},
            uploaded=None, update_started=False, new_firmware_id=None, check=None)

    async def action(service: UtmcService) -> ExitCode:
        uploaded = await service.upload_firmware(Path(args.file), progress=progress_printer(out.lang))
        out.line(Text(f"Загружен {uploaded.remote_path} ({uploaded.size} байт)",
                      f"Uploaded {uploaded.remote_path} ({uploaded.size} bytes)"))
        out.set(uploaded={"remote_path": uploaded.remote_path, "size": uploaded.size, "crc32": uploaded.crc32})
        out.message = out.text(Text(f"Загружен {uploaded.remote_path}", f"Uploaded {uploaded.remote_path}"))
        if args.upload_only:
            return ExitCode.DONE
        firmware_id = await service.update_firmware(uploaded)
        out.set(update_started=True, new_firmware_id=firmware_id)
        if args.wait <= 0:
            out.say(Text(f"Обновление начато, новый ID ПО {firmware_id}; через 1–2 мин проверьте: "
                         f"utmc-info --firmware {args.file}",
                         f"Update started, new firmware ID {firmware_id}; in 1–2 min check with: "
                         f"utmc-info --firmware {args.file}"))
            return ExitCode.DONE
        out.line(Text(f"Обновление начато, новый ID ПО {firmware_id}; ожидание перезапуска УТМЦ "
                      f"(до {args.wait:g} с)",
                      f"Update started, new firmware ID {firmware_id}; waiting for the UTMC to restart "
                      f"(up to {args.wait:g} s)"))
        try:
            identity = await identify_after_restart(service.link, wait=args.wait, timeout=args.timeout or 3.0,
                                                    progress=progress_printer(out.lang))
        except LinkError as error:  # the update was started: done partly, not "cannot connect"
            out.say(error.text, to_stderr=True)
            return ExitCode.INCOMPLETE
        check = FirmwareCheck.of(uploaded.image, identity.firmware_version, identity.firmware_id)
        out.say(check.text)
        out.set(check={"version": identity.firmware_version, "firmware_id": identity.firmware_id,
                       "runs_file": check.runs_file})
        return done_if(check.runs_file)

    return run_utmc(args, action)


def _files_parser(prog: str, help: str) -> Parser:
    parser = utmc_parser(prog, help, cmd_files)
    parser.add_argument("folder", nargs="?", default="", help="folder on the SD card (default: the root)")
    return parser


def _get_file_parser(prog: str, help: str) -> Parser:
    parser = utmc_parser(prog, help, cmd_get_file)
    parser.add_argument("path", help="the file on the SD card, e.g. 2025/01/10/00.dat")
    parser.add_argument("--out", type=file_path, metavar="FILE", help="where to save (default: the file name)")
    return parser


def _update_parser(prog: str, help: str) -> Parser:
    parser = utmc_parser(prog, help, cmd_update)
    parser.add_argument("file", type=file_path, help="the firmware .hex file")
    parser.add_argument("--upload-only", action="store_true", help="upload, do not start the update")
    parser.add_argument("--wait", type=seconds(1, 3600, zero=True), default=RESTART_WAIT, metavar="S",
                        help=f"seconds to wait for the restart, then compare with the file (default {RESTART_WAIT:g}; "
                             "0: do not wait)")
    return parser


PARSERS = {"utmc-files": _files_parser, "utmc-get-file": _get_file_parser, "utmc-update": _update_parser}
