"""SMS through the PC's GSM modem: batch configuration and settings queries, many phones at once.

    main.py sms-send --module gsm-2g4g --port COM5 --phones phones.txt --set apn=internet --wait 120
    main.py sms-query --port COM5 --phones phones.txt --wait 120      (the queries of sms_grammar.QUERIES)

``--port`` is the modem's serial port (COM5, /dev/ttyUSB0, a pty) or a pyserial URL such as
socket://127.0.0.1:7000. Before the first SMS the modem is checked (SIM and PIN, network, signal, SMS
centre, storage; app.cli.modem_options for ``--pin``, ``--smsc``, ``--modem-wait``), the checks on
stderr. Whatever fails during a batch, one line per phone on stdout says what was sent and which
replies arrived (with ``--json``: the ``phones`` list, each with its commands, replies and delivery
reports, the password masked, and ``modem_checks``).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from app.cli.console import ctrl_c_stop, progress_printer
from app.cli.exit_codes import ExitCode
from app.cli.modem import configuration_texts, modem_from_args, refuse_unavailable
from app.cli.modem_options import modem_parent, preflight_options
from app.cli.options import (
    firmware_parent,
    make_parser,
    module_password_parent,
    module_type_parent,
    values_parent,
)
from app.cli.output import MASK, Output
from app.cli.parsing import Parser, file_path, seconds
from app.core.links.at_modem import AtModem
from app.core.phone_list import load_phones, normalise_phones
from app.core.sms_query import query_settings_by_sms
from app.core.sms_results import DeliveryResult, PhoneResult, PhoneStatus, reports_note
from protocols.errors import ValidationError
from protocols.params.catalogue import parameter
from protocols.params.delivery_methods import Method
from protocols.sms.sms_commands import mask_sms_secrets
from protocols.text import Text

STATUS_TEXT = {
    "applied": Text("ОК", "OK"),
    "error": Text("ОШИБКА", "ERROR"),
    "no_reply": Text("НЕТ ОТВЕТА", "NO REPLY"),
    "not_sent": Text("НЕ ОТПРАВЛЕНО", "NOT SENT"),
    "not_confirmed": Text("НЕ ПОДТВЕРЖДЕНО", "UNCONFIRMED"),
    "not_delivered": Text("НЕ ДОСТАВЛЕНО", "NOT DELIVERED"),
}


def phone_status(phone: PhoneResult) -> str:
    """The phone's outcome: NOT SENT only when the modem certainly sent nothing (not_confirmed when it
    may have); not_delivered when no reply came because the network gave up on every unanswered SMS."""
    status = phone.status
    if status is PhoneStatus.NOT_SENT and any(c.unconfirmed for c in phone.commands):
        return "not_confirmed"
    if status is PhoneStatus.NO_REPLY and phone.undelivered:
        return "not_delivered"
    return status.value


def _phone_options(parser: Parser) -> None:
    targets = parser.add_mutually_exclusive_group(required=True)
    targets.add_argument("--phones", type=file_path, metavar="FILE",
                         help="phone list: one number a line, or a table saved from Excel (;/,/tab, a «Телефон» "
                              "column; a name column is printed beside each phone)")
    targets.add_argument("--phone", action="append", metavar="PHONE", help="a phone number (repeatable)")
    parser.add_argument("--wait", type=seconds(1, 7 * 86400), default=None, metavar="SECONDS",
                        help="limit the wait for replies (≥60 recommended); default: until all reply or Ctrl-C")


def _send_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, module_type_parent(), module_password_parent(), values_parent(),
                         firmware_parent(), modem_parent(sending=True))
    _phone_options(parser)
    parser.add_argument("--one-at-a-time", action="store_true", help="wait for each phone's replies before the next")
    parser.set_defaults(func=run_sms_send)
    return parser


def _query_parser(prog: str, help: str) -> Parser:
    parser = make_parser(prog, help, module_password_parent(), firmware_parent(), modem_parent(sending=True))
    _phone_options(parser)
    parser.add_argument("--show-password", action="store_true", help="do not mask the APN password (not in --json)")
    parser.set_defaults(func=run_sms_query)
    return parser


PARSERS = {"sms-send": _send_parser, "sms-query": _query_parser}


def phones_from_args(args: argparse.Namespace, out: Output) -> tuple[list[str], dict[str, str]]:
    """The phones, and the names a phone list gives them (which column held what is said on stderr)."""
    if args.phone:
        return list(dict.fromkeys(normalise_phones(args.phone))), {}
    loaded = load_phones(args.phones)
    for note in loaded.notes:
        out.note(note)
    for duplicate in loaded.duplicates:
        out.warn(duplicate.text)
    if loaded.problems:
        raise ValidationError(loaded.problems)
    if not loaded.phones:
        raise ValidationError([Text(f"В файле {args.phones} нет номеров", f"No phone numbers in {args.phones}")])
    return loaded.phones, loaded.names


def _who(phone: str, names: dict[str, str]) -> list[str]:
    """The first columns of a result line: the phone, and its name when the list gives names."""
    return [phone, names.get(phone, "")] if names else [phone]


def _phone_record(phone: PhoneResult, out: Output, names: dict[str, str]) -> dict[str, Any]:
    commands = []
    for c in phone.commands:
        commands.append({
            "command": c.command, "text": c.text, "sent": c.sent, "unconfirmed": c.unconfirmed,
            "send_error": out.text(c.send_error) if c.send_error else None,
            "reply": mask_sms_secrets(c.reply_text) if c.reply_text is not None else None,
            "reply_ok": None if c.reply is None else c.reply.ok,
            "error_code": None if c.reply is None else c.reply.error_code,
            "reply_problem": out.text(c.reply_problem) if c.reply_problem else None,
            "delivery": c.delivery.value, "delivered_at": c.delivered_at,
        })  # fmt: skip
    return {"phone": phone.phone, "name": names.get(phone.phone), "status": phone_status(phone),
            "error_code": phone.error_code, "message": out.text(phone.describe()), "commands": commands,
            "extra_replies": [mask_sms_secrets(text) for text in phone.extra_replies]}


def _batch_fields(result: DeliveryResult, out: Output) -> dict[str, Any]:
    return {"unmatched": [{"sender": sender, "text": mask_sms_secrets(text)} for sender, text in result.unmatched],
            "link_error": out.text(result.link_error) if result.link_error else None,
            "delivery_reports": bool(result.report_mode), "elapsed": round(result.elapsed, 3),
            "cancelled": result.cancelled,
            "stop_reason": out.text(result.stop_reason) if result.stop_reason else None,
            "modem_checks": result.preflight.record(out.lang) if result.preflight is not None else None}


def _print_stop(result: DeliveryResult, out: Output) -> None:
    if result.stop_reason is not None:
        out.note(Text(f"Ничего не отправлено: {result.stop_reason.ru}",
                      f"Nothing was sent: {result.stop_reason.en}"))


async def _batch(args: argparse.Namespace, work: Callable[[AtModem], Awaitable[ExitCode]]) -> ExitCode:
    """A batch opens, checks and sets up the modem itself, so every failure still gives each phone's account."""
    modem = modem_from_args(args)
    try:
        return await work(modem)
    finally:
        await modem.close()


def _batch_notes(result: DeliveryResult, out: Output) -> None:
    for sender, text in result.unmatched:
        out.note(Text(f"SMS от номера не из списка {sender}: {text!r}",
                      f"SMS from a number not in the list {sender}: {text!r}"))
    for warning in result.warnings:
        out.warn(warning)
    note = reports_note(result)
    if note is not None:
        out.warn(note)
    if result.link_error is not None:
        out.note(result.link_error)


def _batch_code(result: DeliveryResult) -> ExitCode:
    if result.cancelled:
        return ExitCode.CANCELLED
    if result.stop_reason is not None and result.preflight is not None and result.preflight.unreachable:
        return ExitCode.NO_CONNECTION  # the modem could not be opened or did not answer: nothing was sent
    return ExitCode.DONE if result.ok else ExitCode.INCOMPLETE


def run_sms_send(args: argparse.Namespace, out: Output) -> ExitCode:
    refuse_unavailable(Method.SMS, "sms-send", args)
    texts = configuration_texts(args, out)
    phones, names = phones_from_args(args, out)
    checks = preflight_options(args, out.lang)

    async def work(modem: AtModem) -> ExitCode:
        from app.core.sms_delivery import deliver_configuration

        result = await deliver_configuration(
            modem, phones, texts, wait_limit=args.wait, progress=progress_printer(out.lang), stop=ctrl_c_stop(),
            one_at_a_time=args.one_at_a_time, checks=checks,
        )
        _print_stop(result, out)
        for phone in result.phones:
            out.line("\t".join([*_who(phone.phone, names), out.text(STATUS_TEXT[phone_status(phone)]),
                                out.text(phone.describe())]))
        _batch_notes(result, out)
        applied = len(result.by_status(PhoneStatus.APPLIED))
        out.say(Text(f"Применено: {applied} из {len(result.phones)} за {result.elapsed:.1f} с",
                     f"Applied: {applied} of {len(result.phones)} in {result.elapsed:.1f} s"))
        out.set(module=args.module, texts=[mask_sms_secrets(t) for t in texts], applied=applied,
                total=len(result.phones), phones=[_phone_record(p, out, names) for p in result.phones],
                **_batch_fields(result, out))
        return _batch_code(result)

    return asyncio.run(_batch(args, work))


def _settings(values: dict[str, object]) -> dict[str, object]:
    """The values a module reported, passwords masked."""
    shown: dict[str, object] = {}
    for key, value in values.items():
        try:
            secret = parameter(key).secret
        except KeyError:
            secret = False
        shown[key] = MASK if secret and value else value
    return shown


def run_sms_query(args: argparse.Namespace, out: Output) -> ExitCode:
    phones, names = phones_from_args(args, out)
    checks = preflight_options(args, out.lang)

    async def work(modem: AtModem) -> ExitCode:
        result = await query_settings_by_sms(modem, phones, args.password, wait_limit=args.wait,
                                             firmware=args.firmware, progress=progress_printer(out.lang),
                                             stop=ctrl_c_stop(), checks=checks)
        _print_stop(result.delivery, out)
        for warning in result.warnings:
            out.warn(warning)
        records = []
        for phone in result.phones:
            cells = [f"{out.text(label)}={out.text(value)}" for label, value in phone.rows(args.show_password)]
            out.line("\t".join([*_who(phone.phone, names), out.text(STATUS_TEXT[phone_status(phone.result)]),
                                out.text(phone.describe()), *cells]))
            records.append({**_phone_record(phone.result, out, names), "settings": _settings(phone.values)})
        _batch_notes(result.delivery, out)
        answered = len(result.delivery.by_status(PhoneStatus.APPLIED))
        out.say(Text(f"Ответили на все запросы: {answered} из {len(phones)}",
                     f"Answered every query: {answered} of {len(phones)}"))
        out.set(answered=answered, total=len(phones), phones=records, **_batch_fields(result.delivery, out))
        return _batch_code(result.delivery)

    return asyncio.run(_batch(args, work))
