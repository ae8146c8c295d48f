"""SMS through the PC's GSM modem: batch configuration, Master SIM, modem storage, modem search.

    main.py sms-send --module gsm-2g4g --port COM5 --phones phones.txt --set apn=internet --wait 120
    main.py sms-query --port COM5 --phones phones.txt --wait 120      (MODE, APN, DNS, TIMEOUT, RESET)
    main.py sim-write --module gsm-2g4g --port COM5 --config meter.json
    main.py sim-read --port COM5          main.py sim-clear --port COM5
    main.py modem-detect [--ports COM3 COM5]
    main.py modem-storage --port COM5 --storage SM list|clear

``--port`` is a device (COM5, /dev/ttyUSB0, a pty) or a pyserial URL such as socket://127.0.0.1:7000.
Before the modem is used it is checked (SIM and PIN, network, signal, SMS centre, storage; see
app.cli.modem_options for ``--pin``, ``--smsc``, ``--modem-wait``), the checks printed on stderr.
Whatever fails during a batch, every phone's line says what was sent and which replies arrived.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.cli.cmd_module import values_from_args
from app.cli.cmd_params import add_firmware_argument, print_warnings
from app.cli.console import ctrl_c_stop, progress_printer
from app.cli.modem_options import add_modem_check_arguments, check_line, preflight_options
from app.core.links.at_modem import STORAGES, AtModem
from app.core.links.serial_port import SerialLink, list_serial_ports
from app.core.master_sim import clear_master_sim, read_master_sim, verify_master_sim, write_master_sim
from app.core.modem_detect import BAUD_RATES, detect_modems
from app.core.modem_preflight import Purpose, prepare_modem
from app.core.modem_storage import clear_storage, list_storage
from app.core.phone_list import load_phones, normalise_phones
from app.core.sms_delivery import deliver_configuration, mask_password
from app.core.sms_query import query_settings_by_sms
from app.core.sms_results import DeliveryResult, PhoneResult, PhoneStatus, reports_note
from protocols.catalogue import DEFAULT_ADMIN_PASSWORD
from protocols.delivery_methods import Method, unavailable_reason
from protocols.errors import ConfiguratorError, LinkError, ValidationError
from protocols.module_types import ModuleType
from protocols.sms_commands import plan_sms_texts
from protocols.text import Text

R = TypeVar("R")
STATUS_TEXT = {
    PhoneStatus.APPLIED: Text("ОК", "OK"),
    PhoneStatus.ERROR: Text("ОШИБКА", "ERROR"),
    PhoneStatus.NO_REPLY: Text("НЕТ ОТВЕТА", "NO REPLY"),
    PhoneStatus.NOT_SENT: Text("НЕ ОТПРАВЛЕНО", "NOT SENT"),
}
UNCONFIRMED = Text("НЕ ПОДТВЕРЖДЕНО", "UNCONFIRMED")
NOT_DELIVERED = Text("НЕ ДОСТАВЛЕНО", "NOT DELIVERED")


def _status_label(phone: PhoneResult) -> Text:
    """NOT SENT only when the modem certainly sent nothing; UNCONFIRMED when it may have;
    NOT DELIVERED when no reply came because the network gave up on every unanswered SMS."""
    status = phone.status
    if status is PhoneStatus.NOT_SENT and any(c.unconfirmed for c in phone.commands):
        return UNCONFIRMED
    if status is PhoneStatus.NO_REPLY and phone.undelivered:
        return NOT_DELIVERED
    return STATUS_TEXT[status]


def _modem_arguments(parser: argparse.ArgumentParser, *, sending: bool = False) -> None:
    parser.add_argument("--port", required=True, help="the modem's COM port, a pty, or socket://host:port")
    parser.add_argument("--baud", type=int, default=115200, help="baud rate (default 115200)")
    parser.add_argument("--timeout", type=float, default=5.0, help="modem reply timeout, s (≥1, default 5)")
    add_modem_check_arguments(parser, sending=sending)


def _config_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--module", required=True, choices=[m.value for m in ModuleType], help="module type")
    parser.add_argument("--password", default=DEFAULT_ADMIN_PASSWORD, help="module administrator password")
    parser.add_argument("--config", help="settings file to send")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a parameter value")
    add_firmware_argument(parser)


def _phone_arguments(parser: argparse.ArgumentParser) -> None:
    targets = parser.add_mutually_exclusive_group(required=True)
    targets.add_argument("--phones", metavar="FILE", help="phone list: one number a line, or a table saved from "
                         "Excel (;/,/tab, a «Телефон» column; a name column is printed beside each phone)")
    targets.add_argument("--phone", action="append", metavar="PHONE", help="a phone number (repeatable)")
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                        help="limit the wait for replies (≥60 recommended); default: until all reply or Ctrl-C")


def register(subparsers: argparse._SubParsersAction) -> None:
    send = subparsers.add_parser("sms-send", help="configure modules by SMS through a GSM modem (many phones at once)")
    _config_arguments(send)
    _modem_arguments(send, sending=True)
    _phone_arguments(send)
    send.add_argument("--one-at-a-time", action="store_true", help="wait for each phone's replies before the next")
    send.set_defaults(func=run_sms_send)

    query = subparsers.add_parser(
        "sms-query", help="ask modules for their settings by SMS (MODE, APN, DNS, TIMEOUT, RESET queries)")
    query.add_argument("--password", default=DEFAULT_ADMIN_PASSWORD, help="module administrator password")
    add_firmware_argument(query)
    _modem_arguments(query, sending=True)
    _phone_arguments(query)
    query.add_argument("--show-password", action="store_true", help="do not mask the APN password")
    query.set_defaults(func=run_sms_query)

    sim_write = subparsers.add_parser("sim-write", help="Master SIM: store the configuration SMS on the modem's SIM")
    _config_arguments(sim_write)
    _modem_arguments(sim_write)
    sim_write.add_argument("--destination", default="", metavar="PHONE",
                           help="recipient number to store in the SMS (default none; only for modems that refuse "
                                "to store an SMS without one)")
    sim_write.set_defaults(func=run_sim_write)
    for name, func, text in (
        ("sim-read", run_sim_read, "Master SIM: show the configuration SMS stored on the modem's SIM"),
        ("sim-clear", run_sim_clear, "Master SIM: delete the configuration SMS from the modem's SIM"),
    ):
        sub = subparsers.add_parser(name, help=text)
        _modem_arguments(sub)
        if name == "sim-read":
            sub.add_argument("--show-password", action="store_true", help="do not mask the password")
        sub.set_defaults(func=func)

    detect = subparsers.add_parser("modem-detect", help="find GSM modems on the serial ports")
    detect.add_argument("--ports", nargs="+", help="ports to try (default: all serial ports)")
    detect.add_argument("--bauds", nargs="+", type=int, default=list(BAUD_RATES), help="baud rates to try")
    detect.add_argument("--timeout", type=float, default=0.5, help="reply timeout per try, s")
    detect.set_defaults(func=run_modem_detect)

    storage = subparsers.add_parser("modem-storage", help="list or clear the modem's SMS storage")
    _modem_arguments(storage)
    storage.add_argument("--storage", default="SM", choices=STORAGES, type=str.upper, help="SM, ME or MT")
    storage.add_argument("action", choices=("list", "clear"))
    storage.set_defaults(func=run_modem_storage)


# -- helpers -------------------------------------------------------------------------------------
def _print(text: Text, lang: str, *, err: bool = False) -> None:
    print(text.get(lang), file=sys.stderr if err else sys.stdout, flush=True)


def _check_timeout(args: argparse.Namespace) -> None:
    if args.timeout < 1:
        raise ValidationError([Text("Тайм-аут ответа модема не меньше 1 с", "The modem reply timeout is at least 1 s")])


async def _with_modem(args: argparse.Namespace, work: Callable[[AtModem], Awaitable[R]]) -> R:
    """Open, check (the SIM: Master SIM and storage need nothing more) and set up the modem, then ``work``."""
    _check_timeout(args)
    checks = preflight_options(args, args.lang)
    modem = AtModem(SerialLink(args.port, args.baud), timeout=args.timeout)
    try:
        state = await prepare_modem(modem, Purpose.SIM, checks)
        if state.stop is not None:
            raise (LinkError if state.unreachable else ConfiguratorError)(state.stop)
        return await work(modem)
    finally:
        await modem.close()


async def _batch(args: argparse.Namespace, work: Callable[[AtModem], Awaitable[R]]) -> R:
    """A batch opens, checks and sets up the modem itself, so every failure still gives its account."""
    modem = AtModem(SerialLink(args.port, args.baud), timeout=args.timeout)
    try:
        return await work(modem)
    finally:
        await modem.close()


def _print_stop(result: DeliveryResult, lang: str) -> None:
    if result.stop_reason is not None:
        _print(Text(f"Ничего не отправлено: {result.stop_reason.ru}",
                    f"Nothing was sent: {result.stop_reason.en}"), lang, err=True)


def _texts(args: argparse.Namespace) -> list[str]:
    """The SMS texts to send; warnings (our commands, firmware) printed on stderr."""
    module = ModuleType(args.module)
    values, keys = values_from_args(module, args)
    plan = plan_sms_texts(module, values, args.password, only=set(keys), firmware=args.firmware)
    print_warnings(plan.warnings, args.lang)
    if not plan.texts:
        raise ValidationError([Text("Нечего отправлять: модуль с этой версией ВПО не знает ни одной из команд",
                                    "Nothing to send: the module's firmware has none of these commands")])
    return plan.texts


def _refusal(method: Method, command: str, args: argparse.Namespace) -> int | None:
    """Exit code 2 with the reason when the module does not offer ``method`` — the GUI's and
    ``configure``'s table (NB-IoT manual §7.4) — before any port is opened; else None."""
    module = ModuleType(args.module)
    why = unavailable_reason(method, module, args.firmware)
    if why is None:
        return None
    _print(Text(f"{command} отклонён: «{module.label.ru}»: {why.ru}",
                f"{command} refused: {module.label.en}: {why.en}"), args.lang, err=True)
    return 2


def _phones(args: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """The phones, and the names a phone list gives them (which column held what is said on stderr)."""
    if args.phone:
        return list(dict.fromkeys(normalise_phones(args.phone))), {}
    loaded = load_phones(args.phones)
    for note in loaded.notes:
        _print(note, args.lang, err=True)
    for duplicate in loaded.duplicates:
        _print(duplicate.text, args.lang, err=True)
    if loaded.problems:
        raise ValidationError(loaded.problems)
    if not loaded.phones:
        raise ValidationError([Text(f"В файле {args.phones} нет номеров", f"No phone numbers in {args.phones}")])
    return loaded.phones, loaded.names


def _who(phone: str, names: dict[str, str]) -> list[str]:
    """The first columns of a result line: the phone, and its name when the list gives names."""
    return [phone, names.get(phone, "")] if names else [phone]


def _check_wait(args: argparse.Namespace) -> None:
    if args.wait is not None and args.wait < 1:
        raise ValidationError([Text("--wait: не меньше 1 с", "--wait: at least 1 s")])


# -- commands --------------------------------------------------------------------------------------
def run_sms_send(args: argparse.Namespace) -> int:
    refused = _refusal(Method.SMS, "sms-send", args)
    if refused is not None:
        return refused
    texts = _texts(args)
    phones, names = _phones(args)
    lang = args.lang
    _check_wait(args)
    _check_timeout(args)
    checks = preflight_options(args, lang)

    async def work(modem: AtModem) -> int:
        stop = ctrl_c_stop()
        result = await deliver_configuration(
            modem, phones, texts, wait_limit=args.wait, progress=progress_printer(lang), stop=stop,
            one_at_a_time=args.one_at_a_time, checks=checks,
        )
        _print_stop(result, lang)
        for phone in result.phones:
            print("\t".join([*_who(phone.phone, names), _status_label(phone).get(lang), phone.describe().get(lang)]))
        for sender, text in result.unmatched:
            _print(Text(f"SMS от номера не из списка {sender}: {text!r}",
                        f"SMS from a number not in the list {sender}: {text!r}"), lang, err=True)
        for warning in result.warnings:
            _print(warning, lang, err=True)
        note = reports_note(result)
        if note is not None:
            _print(note, lang, err=True)
        if result.link_error is not None:
            _print(result.link_error, lang, err=True)
        applied = len(result.by_status(PhoneStatus.APPLIED))
        _print(Text(f"Применено: {applied} из {len(result.phones)} за {result.elapsed:.1f} с",
                    f"Applied: {applied} of {len(result.phones)} in {result.elapsed:.1f} s"), lang)
        return 0 if result.ok else 1

    return asyncio.run(_batch(args, work))


def run_sms_query(args: argparse.Namespace) -> int:
    phones, names = _phones(args)
    lang = args.lang
    _check_wait(args)
    _check_timeout(args)
    checks = preflight_options(args, lang)

    async def work(modem: AtModem) -> int:
        stop = ctrl_c_stop()
        result = await query_settings_by_sms(modem, phones, args.password, wait_limit=args.wait,
                                             firmware=args.firmware, progress=progress_printer(lang), stop=stop,
                                             checks=checks)
        _print_stop(result.delivery, lang)
        print_warnings(result.warnings, lang)
        for phone in result.phones:
            cells = [f"{label.get(lang)}={value.get(lang)}" for label, value in phone.rows(args.show_password)]
            print("\t".join([*_who(phone.phone, names), _status_label(phone.result).get(lang),
                             phone.describe().get(lang), *cells]))
        for warning in result.delivery.warnings:
            _print(warning, lang, err=True)
        if result.delivery.link_error is not None:
            _print(result.delivery.link_error, lang, err=True)
        answered = len(result.delivery.by_status(PhoneStatus.APPLIED))
        _print(Text(f"Ответили на все запросы: {answered} из {len(phones)}",
                    f"Answered every query: {answered} of {len(phones)}"), lang)
        return 0 if result.ok else 1

    return asyncio.run(_batch(args, work))


def run_sim_write(args: argparse.Namespace) -> int:
    refused = _refusal(Method.MASTER_SIM, "sim-write", args)
    if refused is not None:
        return refused
    texts = _texts(args)
    destination = normalise_phones([args.destination])[0] if args.destination else ""

    async def work(modem: AtModem) -> int:
        indices = await write_master_sim(modem, texts, destination=destination, progress=progress_printer(args.lang))
        check = await verify_master_sim(modem, texts)
        for text in check.found:
            print(mask_password(text))
        if not check.ok:
            for difference in check.differences():
                _print(difference, args.lang, err=True)
            return 1
        _print(Text(f"На SIM записано SMS: {len(indices)}, проверено",
                    f"SMS written to the SIM: {len(indices)}, verified"), args.lang)
        return 0

    return asyncio.run(_with_modem(args, work))


def run_sim_read(args: argparse.Namespace) -> int:
    async def work(modem: AtModem) -> int:
        content = await read_master_sim(modem)
        for text in content.texts:
            print(text if args.show_password else mask_password(text))
        for message in content.messages:
            if message.problem is not None:
                where = f"SMS {message.index}"
                _print(Text(f"{where}: {message.problem.ru}", f"{where}: {message.problem.en}"), args.lang, err=True)
        count, used, total = len(content.texts), content.used_slots, content.total_slots
        _print(Text(f"SMS настроек на SIM: {count}; занято {used} из {total}",
                    f"Settings SMS on the SIM: {count}; {used} of {total} used"), args.lang, err=True)
        return 0 if content.texts else 1

    return asyncio.run(_with_modem(args, work))


def run_sim_clear(args: argparse.Namespace) -> int:
    async def work(modem: AtModem) -> int:
        removed = await clear_master_sim(modem, progress=progress_printer(args.lang))
        _print(Text(f"Удалено SMS настроек: {removed}", f"Settings SMS deleted: {removed}"), args.lang)
        return 0

    return asyncio.run(_with_modem(args, work))


def run_modem_detect(args: argparse.Namespace) -> int:
    labels = {info.device: info.label for info in list_serial_ports()}  # "USB-SERIAL CH340 (COM7)"
    result = asyncio.run(detect_modems(args.ports, bauds=args.bauds, timeout=args.timeout))
    for port, problem in result.problems:
        where = labels.get(port, port)
        _print(Text(f"{where}: {problem.ru}", f"{where}: {problem.en}"), args.lang, err=True)
    for modem in result.modems:  # the port's name as Windows shows it last: the columns before it stay put
        identity = modem.identity
        print("\t".join([modem.port, str(modem.baud), identity.describe(), identity.revision, identity.imei,
                         labels.get(modem.port, modem.port)]))
        state = modem.preflight
        for check in state.checks if state is not None else []:
            print(check_line(check.state, check.line(), args.lang))
        if state is not None and not state.checks and state.stop is not None:
            print(f"  {state.stop.get(args.lang)}")
    if not result.modems:
        _print(Text("Модем не найден. Выберите COM-порт вручную", "No modem found. Choose the COM port by hand"),
               args.lang, err=True)
        return 1
    return 0


def run_modem_storage(args: argparse.Namespace) -> int:
    async def work(modem: AtModem) -> int:
        if args.action == "clear":
            removed = await clear_storage(modem, args.storage, progress=progress_printer(args.lang))
            _print(Text(f"{args.storage}: удалено SMS {removed}", f"{args.storage}: {removed} SMS deleted"), args.lang)
            return 0
        listing = await list_storage(modem, args.storage)
        for message in listing.messages:
            sms = message.sms
            who = getattr(sms, "sender", None) or getattr(sms, "destination", None) or getattr(sms, "recipient", "")
            when = getattr(sms, "timestamp", None)
            body = message.text if message.problem is None else f"<{message.problem.get(args.lang)}>"
            stamp = when.strftime("%Y-%m-%d %H:%M:%S") if when else ""
            print(f"{message.index}\t{message.status.label.get(args.lang)}\t{who}\t{stamp}\t{body!r}")
        usage = listing.usage
        _print(Text(f"{usage.storage}: занято {usage.used} из {usage.total}",
                    f"{usage.storage}: {usage.used} of {usage.total} used"), args.lang, err=True)
        return 0

    return asyncio.run(_with_modem(args, work))
