"""Master SIM and the modem itself: write, read and clear the configuration SMS on the modem's SIM,
find modems, list or clear the modem's SMS storage.

    main.py sim-write --module gsm-2g4g --port COM5 --config meter.json
    main.py sim-read --port COM5          main.py sim-clear --port COM5
    main.py modem-detect [--ports COM3 COM5]
    main.py modem-storage --port COM5 --storage SM list|clear
"""

from __future__ import annotations

import argparse
import asyncio

from app.cli.console import progress_printer
from app.cli.exit_codes import ExitCode
from app.cli.modem import configuration_texts, refuse_unavailable, with_modem
from app.cli.modem_options import check_line, modem_parent
from app.cli.options import (
    firmware_parent,
    make_parser,
    module_password_parent,
    module_type_parent,
    values_parent,
)
from app.cli.output import Output
from app.cli.parsing import Parser, baud_rate, seconds, serial_port
from app.core.links.at_modem import STORAGES, AtModem
from app.core.master_sim import clear_master_sim, read_master_sim, verify_master_sim, write_master_sim
from app.core.modem_detect import BAUD_RATES, detect_modems
from app.core.modem_storage import clear_storage, list_storage
from app.core.phone_list import normalise_phones
from protocols.params.delivery_methods import Method
from protocols.sms.sms_commands import mask_sms_secrets
from protocols.text import Text


def _write_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, module_type_parent(), module_password_parent(), values_parent(),
                         firmware_parent(), modem_parent())
    parser.add_argument("--destination", default="", metavar="PHONE",
                        help="recipient number to store in the SMS (default none; only for modems that refuse "
                             "to store an SMS without one)")
    parser.set_defaults(func=run_sim_write)
    return parser


def _read_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, modem_parent())
    parser.add_argument("--show-password", action="store_true", help="do not mask the password (not in --json)")
    parser.set_defaults(func=run_sim_read)
    return parser


def _clear_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, modem_parent())
    parser.set_defaults(func=run_sim_clear)
    return parser


def _detect_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help)
    parser.add_argument("--ports", nargs="+", type=serial_port, metavar="PORT",
                        help="serial ports to try (default: all serial ports)")
    parser.add_argument("--bauds", nargs="+", type=baud_rate, default=list(BAUD_RATES), metavar="N",
                        help="baud rates to try")
    parser.add_argument("--timeout", type=seconds(0.05, 60), default=0.5, metavar="S",
                        help="reply timeout per try, s (default 0.5)")
    parser.set_defaults(func=run_modem_detect)
    return parser


def _storage_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, modem_parent())
    parser.add_argument("--storage", default="SM", choices=STORAGES, type=str.upper, help="SM, ME or MT")
    parser.add_argument("action", choices=("list", "clear"))
    parser.set_defaults(func=run_modem_storage)
    return parser


PARSERS = {"sim-write": _write_parser, "sim-read": _read_parser, "sim-clear": _clear_parser,
           "modem-detect": _detect_parser, "modem-storage": _storage_parser}


def run_sim_write(args: argparse.Namespace, out: Output) -> ExitCode:
    refuse_unavailable(Method.MASTER_SIM, "sim-write", args)
    texts = configuration_texts(args, out)
    destination = normalise_phones([args.destination])[0] if args.destination else ""

    async def work(modem: AtModem) -> ExitCode:
        indices = await write_master_sim(modem, texts, destination=destination, progress=progress_printer(out.lang))
        check = await verify_master_sim(modem, texts)
        for text in check.found:
            out.line(mask_sms_secrets(text))
        differences = [out.text(d) for d in check.differences()]
        out.set(module=args.module, texts=[mask_sms_secrets(t) for t in texts], written=len(indices),
                found=[mask_sms_secrets(t) for t in check.found], verified=check.ok,
                differences=[mask_sms_secrets(d) for d in differences])
        if not check.ok:
            for difference in differences:
                out.note(mask_sms_secrets(difference))
            out.message = out.text(Text("Записанное на SIM не совпало с отправленным",
                                        "What the SIM holds differs from what was written"))
            return ExitCode.INCOMPLETE
        out.say(Text(f"На SIM записано SMS: {len(indices)}, проверено",
                     f"SMS written to the SIM: {len(indices)}, verified"))
        return ExitCode.DONE

    return asyncio.run(with_modem(args, out, work))


def run_sim_read(args: argparse.Namespace, out: Output) -> ExitCode:
    async def work(modem: AtModem) -> ExitCode:
        content = await read_master_sim(modem)
        for text in content.texts:
            out.line(text if args.show_password else mask_sms_secrets(text))
        messages = []
        for message in content.messages:
            problem = None if message.problem is None else out.text(message.problem)
            if problem is not None:
                out.note(f"SMS {message.index}: {problem}")
            messages.append({"index": message.index, "problem": problem})
        count, used, total = len(content.texts), content.used_slots, content.total_slots
        out.set(texts=[mask_sms_secrets(t) for t in content.texts], messages=messages, used=used, total=total)
        out.say(Text(f"SMS настроек на SIM: {count}; занято {used} из {total}",
                     f"Settings SMS on the SIM: {count}; {used} of {total} used"), to_stderr=True)
        return ExitCode.DONE if content.texts else ExitCode.INCOMPLETE

    return asyncio.run(with_modem(args, out, work))


def run_sim_clear(args: argparse.Namespace, out: Output) -> ExitCode:
    async def work(modem: AtModem) -> ExitCode:
        removed = await clear_master_sim(modem, progress=progress_printer(out.lang))
        out.set(deleted=removed)
        out.say(Text(f"Удалено SMS настроек: {removed}", f"Settings SMS deleted: {removed}"))
        return ExitCode.DONE

    return asyncio.run(with_modem(args, out, work))


def run_modem_detect(args: argparse.Namespace, out: Output) -> ExitCode:
    from app.core.links.ports import list_serial_ports

    labels = {info.device: info.label for info in list_serial_ports()}  # "USB-SERIAL CH340 (COM7)"
    result = asyncio.run(detect_modems(args.ports, bauds=args.bauds, timeout=args.timeout))
    for port, problem in result.problems:
        out.note(f"{labels.get(port, port)}: {out.text(problem)}")
    for modem in result.modems:  # the port's name as Windows shows it last: the columns before it stay put
        identity = modem.identity
        out.line("\t".join([modem.port, str(modem.baud), identity.describe(), identity.revision, identity.imei,
                             labels.get(modem.port, modem.port)]))
        state = modem.preflight  # how the modem stands: SIM, network, signal, SMS centre, storage
        for check in state.checks if state is not None else []:
            out.line(check_line(check.state, check.line(), out.lang))
        if state is not None and not state.checks and state.stop is not None:
            out.line(f"  {out.text(state.stop)}")
    out.set(modems=[{"port": m.port, "baud": m.baud, "manufacturer": m.identity.manufacturer,
                     "model": m.identity.model, "revision": m.identity.revision, "imei": m.identity.imei,
                     "description": m.identity.describe(), "port_label": labels.get(m.port, m.port),
                     "checks": m.preflight.record(out.lang) if m.preflight is not None else None}
                    for m in result.modems],
            problems=[{"port": port, "message": out.text(problem)} for port, problem in result.problems])
    if not result.modems:
        out.say(Text("Модем не найден. Выберите COM-порт вручную", "No modem found. Choose the COM port by hand"),
                to_stderr=True)
        return ExitCode.INCOMPLETE
    out.message = out.text(Text(f"Найдено модемов: {len(result.modems)}", f"Modems found: {len(result.modems)}"))
    return ExitCode.DONE


def run_modem_storage(args: argparse.Namespace, out: Output) -> ExitCode:
    async def work(modem: AtModem) -> ExitCode:
        if args.action == "clear":
            removed = await clear_storage(modem, args.storage, progress=progress_printer(out.lang))
            out.set(storage=args.storage, action="clear", messages=[], used=None, total=None, deleted=removed)
            out.say(Text(f"{args.storage}: удалено SMS {removed}", f"{args.storage}: {removed} SMS deleted"))
            return ExitCode.DONE
        listing = await list_storage(modem, args.storage)
        records = []
        for message in listing.messages:
            sms = message.sms
            who = getattr(sms, "sender", None) or getattr(sms, "destination", None) or getattr(sms, "recipient", "")
            when = getattr(sms, "timestamp", None)
            problem = None if message.problem is None else out.text(message.problem)
            body = mask_sms_secrets(message.text) if problem is None else f"<{problem}>"
            stamp = when.strftime("%Y-%m-%d %H:%M:%S") if when else ""
            out.line(f"{message.index}\t{out.text(message.status.label)}\t{who}\t{stamp}\t{body!r}")
            records.append({"index": message.index, "status": message.status.name.lower(),
                            "status_text": out.text(message.status.label), "number": who or None, "time": when,
                            "text": mask_sms_secrets(message.text) if problem is None else None, "problem": problem})
        usage = listing.usage
        out.set(storage=usage.storage, action="list", messages=records, used=usage.used, total=usage.total,
                deleted=None)
        out.say(Text(f"{usage.storage}: занято {usage.used} из {usage.total}",
                     f"{usage.storage}: {usage.used} of {usage.total} used"), to_stderr=True)
        return ExitCode.DONE

    return asyncio.run(with_modem(args, out, work))
