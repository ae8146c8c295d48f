"""UTMC-700 from the command line.

    utmc-info [--firmware FILE.hex]           "Установить связь": serial, firmware version, firmware ID
                                              (--firmware: does the UTMC run that file? exit 1 if not)
    utmc-read [KEY ...] [--tab main|network|interfaces|service|devices]
    utmc-write KEY=VALUE ... [--config FILE] [--sync-time] [--no-backup]
                                              --sync-time puts the PC time into current_time; the values
                                              replaced are kept first as a settings file in the backups folder
    utmc-devices read [--channels 1,2]        print the device table with last poll results
    utmc-devices export FILE                  device table → .csv/.txt (`;`) or .xlsx
    utmc-devices write FILE [--channels 1,2] [--clear-channels 3] [--check] [--no-backup]
                                              file → device: only the channels the file has devices for (or
                                              those named); a channel is emptied only with --clear-channels;
                                              what they held is kept first as a device list in the backups
                                              folder (``import`` is the same as ``write``)
    utmc-get-file PATH [--out FILE]           download a journal file (YYYY/MM/DD/hh.dat), CRC32-checked
    utmc-update FILE.hex [--upload-only] [--wait S]   check, upload, update, wait for the restart and
                                              compare the firmware the UTMC reports with the file (exit 1 if
                                              it does not run it; --wait 0: do not wait)
    utmc-poll [--device N]  utmc-transfer  utmc-files [FOLDER]  utmc-search [--target HOST:PORT]

Connection: ``--via serial --port /dev/ttyACM0 [--baud 115200]`` (USB) or
``--via tcp --host 192.168.0.200 [--tcp-port 4001]`` (Ethernet); ``--password`` for settings.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from app.core.backups import BackupFailed, mention_backup
from app.core.links import SerialLink, TcpLink
from app.core.links.base import Link
from app.core.utmc_device_write import plan_device_write, write_device_table
from app.core.utmc_discovery import DISCOVERY_PORT, discover
from app.core.utmc_file_ops import FirmwareCheck, firmware_file_text, read_firmware_file
from app.core.utmc_files import load_device_file, load_settings, save_device_file
from app.core.utmc_ops import UtmcService, identify_after_restart, sync_time
from app.core.utmc_param_write import write_parameters_with_backup
from protocols.errors import ConfiguratorError, DeviceError, ValidationError
from protocols.text import Text
from protocols.utmc_frames import ErrorCode
from protocols.utmc_params import CHANNELS, PARAMETERS, Tab, parameter, parameters_for
from protocols.utmc_values import coerce, format_value

DEFAULT_TCP_PORT = 4001
RESTART_WAIT = 180.0  # the guide: an update takes about 1–2 minutes


def _connection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--via", choices=("serial", "tcp"), required=True, help="USB (serial) or Ethernet (tcp)")
    parser.add_argument("--port", help="serial port (COM3, /dev/ttyACM0, socket://host:port)")
    parser.add_argument("--baud", type=int, default=115200, help="serial baud rate (default 115200)")
    parser.add_argument("--host", help="UTMC IP address for --via tcp")
    parser.add_argument("--tcp-port", type=int, default=DEFAULT_TCP_PORT,
                        help=f"network control port (default {DEFAULT_TCP_PORT})")
    parser.add_argument("--password", type=int, default=0, help="settings password 0–65535 (default 0)")
    parser.add_argument("--timeout", type=float, default=3.0, help="reply timeout, seconds")


def _link(args: argparse.Namespace) -> Link:
    if args.via == "serial":
        if not args.port:
            raise ConfiguratorError(Text("Укажите --port", "Give --port"))
        return SerialLink(args.port, args.baud)
    if not args.host:
        raise ConfiguratorError(Text("Укажите --host", "Give --host"))
    return TcpLink(args.host, args.tcp_port)


def _say(args: argparse.Namespace, text: Text) -> None:
    print(text.get(args.lang))


def _progress(args: argparse.Namespace) -> Callable[[int, int, Text], None]:
    """One line per operation, redrawn when the percentage changes (a 1 MiB download has 256 steps)."""
    shown: dict[str, int] = {}

    def show(done: int, total: int, what: Text) -> None:
        label = what.get(args.lang)
        percent = 100 * done // total if total else 100
        if shown.get(label) == percent:
            return
        shown[label] = percent
        print(f"\r{label}: {done}/{total} ({percent}%)", end="" if done < total else "\n", file=sys.stderr)

    return show


def _run(args: argparse.Namespace, action: Callable[[UtmcService], Awaitable[int]]) -> int:
    if not 0 <= args.password <= 65535:
        raise ConfiguratorError(Text("Пароль — число 0…65535", "The password is a number 0…65535"))

    async def main() -> int:
        link = _link(args)
        async with link:
            return await action(UtmcService(link, password=args.password, timeout=args.timeout))

    try:
        return asyncio.run(main())
    except DeviceError as error:
        if error.code != ErrorCode.ACCESS_DENIED:
            raise
        text = getattr(error, "before_backup", error.text)
        raise mention_backup(DeviceError(error.code, Text(
            f"{text.ru}. Укажите пароль доступа к настройкам: --password N (0…65535, по умолчанию 0) "
            "или держите нажатой кнопку SA2 на панели индикации во время записи.",
            f"{text.en}. Give the settings password: --password N (0…65535, default 0), or hold "
            "button SA2 on the display panel while writing.")), getattr(error, "backup", None)) from error


def _print_values(args: argparse.Namespace, values: dict[str, object], failed: dict[str, Text]) -> None:
    for param in PARAMETERS:
        if param.key in values:
            value = format_value(param, values[param.key], args.lang)
            print(f"{param.key:<26} {value:<24} {param.label.get(args.lang)}")
        elif param.key in failed:
            print(f"{param.key:<26} !{failed[param.key].get(args.lang):<23} {param.label.get(args.lang)}")


def cmd_info(args: argparse.Namespace) -> int:
    image = read_firmware_file(Path(args.firmware)) if args.firmware else None

    async def action(service: UtmcService) -> int:
        identity = await service.identify()
        _say(args, Text(f"Серийный номер: {identity.serial}", f"Serial number: {identity.serial}"))
        _say(args, Text(f"Версия ПО: {identity.firmware_version}", f"Firmware version: {identity.firmware_version}"))
        _say(args, Text(f"ID ПО: {identity.firmware_id}", f"Firmware ID: {identity.firmware_id}"))
        if image is None:
            return 0
        check = FirmwareCheck.of(image, identity.firmware_version, identity.firmware_id)
        _say(args, check.text)
        return 0 if check.runs_file else 1

    return _run(args, action)


def cmd_read(args: argparse.Namespace) -> int:
    try:
        keys = [parameter(k).key for k in args.keys] if args.keys else None
    except KeyError as error:
        raise ConfiguratorError(Text(f"Неизвестный параметр {error}", f"Unknown parameter {error}")) from error
    if args.tab:
        keys = [p.key for p in parameters_for(Tab(args.tab)) if p.readable]

    async def action(service: UtmcService) -> int:
        result = await service.read_parameters(keys)
        _print_values(args, result.values, result.failed)
        return 1 if result.failed else 0

    return _run(args, action)


def parse_assignments(items: list[str]) -> dict[str, object]:
    values: dict[str, object] = {}
    problems: list[object] = []
    for item in items:
        key, sep, raw = item.partition("=")
        try:
            param = parameter(key.strip())
        except KeyError:
            problems.append(Text(f"Неизвестный параметр «{key}»", f"Unknown parameter \"{key}\""))
            continue
        if not sep:
            problems.append(Text(f"Нужно КЛЮЧ=ЗНАЧЕНИЕ: «{item}»", f"KEY=VALUE is required: \"{item}\""))
            continue
        if not param.writable:
            problems.append(Text(f"«{key}» только для чтения", f"\"{key}\" is read-only"))
            continue
        try:
            values[param.key] = coerce(param, raw)
        except ValidationError as error:
            problems += error.problems
    if problems:
        raise ValidationError(problems)
    return values


NO_BACKUP_HINT = Text("Чтобы записать без резервной копии, добавьте --no-backup.",
                      "To write without a backup, add --no-backup.")


def _without_backup_hint(error: BackupFailed) -> ConfiguratorError:
    if not error.may_write_anyway:
        return error
    return ConfiguratorError(Text(f"{error.text.ru} {NO_BACKUP_HINT.ru}", f"{error.text.en} {NO_BACKUP_HINT.en}"))


def cmd_write(args: argparse.Namespace) -> int:
    values = dict(load_settings(Path(args.config))) if args.config else {}
    values.update(parse_assignments(args.assignments))
    if args.sync_time:
        values = sync_time(values)
    if not values:
        raise ConfiguratorError(Text("Нечего записывать", "Nothing to write"))
    UtmcService.check_parameters(values)  # a typo is a typo before connecting

    async def action(service: UtmcService) -> int:
        try:
            done = await write_parameters_with_backup(service, values, backup=not args.no_backup)
        except BackupFailed as error:
            raise _without_backup_hint(error) from error
        for key in done.result.applied:
            _say(args, Text(f"записан {key}", f"written {key}"))
        for key, why in done.result.failed.items():
            print(f"{key}: {why.get(args.lang)}", file=sys.stderr)
        for line in done.lines(args.lang):
            print(line)
        return 0 if done.result.ok else 1

    return _run(args, action)


def _channels(text: str | None) -> list[int]:
    if not text or text.strip().lower() == "all":
        return list(range(1, CHANNELS + 1))
    try:
        chosen = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError as error:
        raise ConfiguratorError(Text(f"Каналы: «{text}»", f"Channels: \"{text}\"")) from error
    if not chosen or not all(1 <= c <= CHANNELS for c in chosen):
        raise ConfiguratorError(Text("Каналы 1…8", "Channels are 1…8"))
    return chosen


def cmd_devices(args: argparse.Namespace) -> int:
    writing = args.action in ("import", "write")
    if (args.action == "export" or writing and not args.clear_channels) and not args.file:
        raise ConfiguratorError(Text("Укажите файл", "Give a file"))
    if writing:
        records = load_device_file(Path(args.file)) if args.file else []  # every bad line is reported
        plan = plan_device_write(records, _channels(args.channels) if args.channels else None,
                                 _channels(args.clear_channels) if args.clear_channels else ())
        if args.check:
            _say(args, Text(f"Файл в порядке: {len(records)} приборов; будут заменены каналы "
                            f"{', '.join(map(str, plan.channels))}",
                            f"File is fine: {len(records)} devices; channels "
                            f"{', '.join(map(str, plan.channels))} would be replaced"))
            for note in plan.notes():
                _say(args, note)
            return 0

    async def action(service: UtmcService) -> int:
        if writing:
            try:
                done = await write_device_table(service, plan, backup=not args.no_backup, progress=_progress(args))
            except BackupFailed as error:
                raise _without_backup_hint(error) from error
            for line in done.lines():
                _say(args, line)
            return 0
        table = await service.read_devices(_channels(args.channels))
        if args.action == "export":
            save_device_file(Path(args.file), table)
            _say(args, Text(f"Сохранено приборов: {len(table)}", f"Devices saved: {len(table)}"))
            return 0
        for r in table:
            poll = {None: "-", True: "1", False: "0"}[r.poll_result]
            print(f"{r.number:5} {r.model.file_name:<36} {r.serial} v{r.version:<3} {r.manufacturer} "
                  f"{r.address:<10} {r.baud:<6} {r.note:<8} {poll}")
        return 0

    return _run(args, action)


def cmd_get_file(args: argparse.Namespace) -> int:
    destination = Path(args.out or Path(args.path).name)

    async def action(service: UtmcService) -> int:
        result = await service.download_file(args.path, destination, progress=_progress(args))
        _say(args, Text(f"{result.path}: {result.size} байт, CRC32 {result.crc32:08X} → {destination}",
                        f"{result.path}: {result.size} bytes, CRC32 {result.crc32:08X} → {destination}"))
        return 0

    return _run(args, action)


def cmd_update(args: argparse.Namespace) -> int:
    image = read_firmware_file(Path(args.file))  # refuse a corrupt file before connecting
    _say(args, firmware_file_text(image))

    async def action(service: UtmcService) -> int:
        uploaded = await service.upload_firmware(Path(args.file), progress=_progress(args))
        _say(args, Text(f"Загружен {uploaded.remote_path} ({uploaded.size} байт)",
                        f"Uploaded {uploaded.remote_path} ({uploaded.size} bytes)"))
        if args.upload_only:
            return 0
        firmware_id = await service.update_firmware(uploaded)
        if args.wait <= 0:
            _say(args, Text(f"Обновление начато, новый ID ПО {firmware_id}; через 1–2 мин проверьте: "
                            f"utmc-info --firmware {args.file}",
                            f"Update started, new firmware ID {firmware_id}; in 1–2 min check with: "
                            f"utmc-info --firmware {args.file}"))
            return 0
        _say(args, Text(f"Обновление начато, новый ID ПО {firmware_id}; ожидание перезапуска УТМЦ "
                        f"(до {args.wait:g} с)",
                        f"Update started, new firmware ID {firmware_id}; waiting for the UTMC to restart "
                        f"(up to {args.wait:g} s)"))
        show, waited = _progress(args), []

        def waiting(done: int, total: int, what: Text) -> None:
            waited.append(done)
            show(done, total, what)

        try:
            identity = await identify_after_restart(service.link, wait=args.wait, timeout=args.timeout,
                                                    progress=waiting)
        finally:
            if waited:
                print(file=sys.stderr)  # ends the redrawn countdown line
        check = FirmwareCheck.of(uploaded.image, identity.firmware_version, identity.firmware_id)
        _say(args, check.text)
        return 0 if check.runs_file else 1

    return _run(args, action)


def cmd_poll(args: argparse.Namespace) -> int:
    async def action(service: UtmcService) -> int:
        if args.device:
            ok = await service.poll_one(args.device)
            _say(args, Text(f"Прибор {args.device}: {int(ok)}", f"Device {args.device}: {int(ok)}"))
            return 0 if ok else 1
        summary = await service.poll_all()
        _say(args, Text(f"Опрошено {summary.polled}, ответили {summary.answered}",
                        f"Polled {summary.polled}, answered {summary.answered}"))
        return 0

    return _run(args, action)


def cmd_transfer(args: argparse.Namespace) -> int:
    async def action(service: UtmcService) -> int:
        await service.transfer_to_server()
        _say(args, Text("Передача на сервер запущена", "Transfer to the server started"))
        return 0

    return _run(args, action)


def cmd_files(args: argparse.Namespace) -> int:
    async def action(service: UtmcService) -> int:
        for entry in await service.list_files(args.folder):
            print(f"{entry.name}/" if entry.is_dir else f"{entry.name:<16} {entry.size}")
        return 0

    return _run(args, action)


def cmd_search(args: argparse.Namespace) -> int:
    targets = []
    for target in args.target or [f"255.255.255.255:{DISCOVERY_PORT}"]:
        host, _, port = target.rpartition(":")
        targets.append((host, int(port)))
    found = asyncio.run(discover(targets, args.wait))
    for item in found:
        print(f"{item.host}:{item.control_port}  {item.serial}  {item.firmware_version}")
    if not found:
        _say(args, Text("УТМЦ не найдены", "No UTMC found"))
    return 0 if found else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = subparsers.add_parser(name, help=help_text)
        if name != "utmc-search":
            _connection(sub)
        sub.set_defaults(func=func)
        return sub

    sub = add("utmc-info", cmd_info, "UTMC-700: serial number, firmware version and ID")
    sub.add_argument("--firmware", metavar="FILE.hex", help="compare the firmware the UTMC runs with this file")
    sub = add("utmc-read", cmd_read, "UTMC-700: read parameters")
    sub.add_argument("keys", nargs="*", help="parameter keys (default: all readable)")
    sub.add_argument("--tab", choices=[t.value for t in Tab], help="all readable parameters of a tab")
    sub = add("utmc-write", cmd_write, "UTMC-700: write parameters KEY=VALUE")
    sub.add_argument("assignments", nargs="*", metavar="KEY=VALUE")
    sub.add_argument("--config", metavar="FILE", help="a UTMC settings file (saved by the configurator, or a backup)"
                                                      "; KEY=VALUE given as well wins")
    sub.add_argument("--sync-time", action="store_true", help="write the PC time as current_time")
    sub.add_argument("--no-backup", action="store_true",
                     help="do not read and keep the values being replaced (only if the UTMC cannot be read)")
    sub = add("utmc-devices", cmd_devices, "UTMC-700: device table read/write/import/export")
    sub.add_argument("action", choices=("read", "write", "import", "export"))
    sub.add_argument("file", nargs="?", help="device list: .csv/.txt (`;`-separated) or .xlsx")
    sub.add_argument("--channels", help="comma-separated channels, e.g. 1,2 (write: only these, each must be in "
                                        "the file)")
    sub.add_argument("--clear-channels", metavar="CHANNELS",
                     help="write: empty these channels (e.g. 3,4 or all); nothing is emptied without it")
    sub.add_argument("--check", action="store_true", help="write: only check the file and say what it replaces")
    sub.add_argument("--no-backup", action="store_true",
                     help="write: do not read and keep what the channels hold (only if the UTMC cannot be read)")
    sub = add("utmc-get-file", cmd_get_file, "UTMC-700: download a journal file (YYYY/MM/DD/hh.dat)")
    sub.add_argument("path")
    sub.add_argument("--out", help="where to save (default: the file name)")
    sub = add("utmc-update", cmd_update, "UTMC-700: upload a firmware .hex and update")
    sub.add_argument("file")
    sub.add_argument("--upload-only", action="store_true", help="upload, do not start the update")
    sub.add_argument("--wait", type=float, default=RESTART_WAIT,
                     help=f"seconds to wait for the restart, then compare with the file (default {RESTART_WAIT:g}; "
                          "0: do not wait)")
    sub = add("utmc-poll", cmd_poll, "UTMC-700: poll all devices or one")
    sub.add_argument("--device", type=int, help="device number 1…2048")
    add("utmc-transfer", cmd_transfer, "UTMC-700: unscheduled transfer to the server")
    sub = add("utmc-files", cmd_files, "UTMC-700: list SD card files")
    sub.add_argument("folder", nargs="?", default="")
    sub = add("utmc-search", cmd_search, "UTMC-700: search on Ethernet (UDP)")
    sub.add_argument("--target", action="append", help=f"HOST:PORT (default 255.255.255.255:{DISCOVERY_PORT})")
    sub.add_argument("--wait", type=float, default=1.0, help="seconds to wait for answers")
