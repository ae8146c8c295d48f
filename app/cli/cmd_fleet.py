"""``fleet``: read the status of, or configure, every module of a device list; the report of journals.

    main.py fleet status --devices list.xlsx --via cenc --cenc-host cenc.example --cenc-user u --cenc-password -
    main.py fleet configure --devices cehes.xlsx --set apn=m2m.example --concurrency 30
    main.py fleet status --devices list.xlsx --resume                # only the devices not done yet
    main.py fleet configure --devices list.xlsx --set apn=m2m.example --retry-failed
    main.py fleet report a.journal.sqlite b.journal.sqlite --report all.xlsx --cehes to-cehes.xlsx --dlms-password -

The list is the utility's ceHes workbook or our own (app/core/fleet_list.py); the rows say how each
device is reached, the options fill in what they leave empty. Everything is checked before anything is
opened: every bad row is reported and nothing runs (exit 2). Each device's outcome is committed to the
journal (default: beside the report) as soon as it is known; the report (default
``<list>-<status|configure>.xlsx`` in the current folder) is written at the end, also after Ctrl-C:
the first Ctrl-C starts no new sessions and lets the running ones finish, a second one stops those too.
Exit 0 when every device of the list is done and OK, 1 when any failed or is not done, 3 when none could
be reached at all, 130 when cancelled.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from app.cli.console import ctrl_c_stop
from app.cli.exit_codes import ExitCode
from app.cli.fleet_output import NOT_RUN, counts, counts_line, device_record, event_printer, export_record
from app.cli.modem_options import modem_parent, preflight_options
from app.cli.module_values import module_values
from app.cli.options import (
    LANGUAGES,
    MODEM_DEFAULTS,
    MODULE_DEFAULTS,
    cenc_server_options,
    module_password_parent,
    module_type_parent,
    parent,
    reply_options,
    values_parent,
)
from app.cli.output import MASK, Output
from app.cli.parsing import Parser, file_path, integer, seconds
from app.cli.passwords import add_password_option
from app.core.cehes_export import DlmsDefaults, write_cehes_export
from app.core.channel_waits import ChannelWaits
from app.core.fleet_jobs import FleetConfiguration, JobContext
from app.core.fleet_journal import FleetJournal, JournalRecord, journal_for_run, merge_records
from app.core.fleet_list import load_fleet_list
from app.core.fleet_plan import DeviceJob, FleetOptions, plan_jobs
from app.core.fleet_report import ReportInput, result_text, write_report
from app.core.fleet_results import DeviceOutcome, Result
from app.core.fleet_run import DEFAULT_CONCURRENCY, DEFAULT_PER_SERVER, FleetRun, FleetSummary
from app.core.fleet_sms import SmsFleetSettings, run_sms_jobs
from app.core.links import open_modem
from app.core.links.channels import SerialChannel
from protocols.errors import ValidationError
from protocols.fleet.fleet_devices import Delivery
from protocols.params.catalogue import parameter
from protocols.params.module_types import ModuleType
from protocols.text import Text

DEFAULT_SMS_WAIT = 900.0  # a fleet's SMS batch waits for replies this long unless told otherwise
UNREACHED = frozenset({Result.NO_CONNECTION, Result.NO_REPLY})


def _lang_json() -> Parser:
    """--lang and --json on the sub-command too (SUPPRESS: given before the sub-command, they stay)."""
    parser = parent()
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help="message language (default ru)")
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print the result as one JSON document on stdout (see docs/cli.md)")
    return parser


def _export_parent() -> Parser:
    parser = parent()
    group = parser.add_argument_group("ceHes export of the devices that succeeded (Table 6 layout)")
    group.add_argument("--cehes", type=file_path, metavar="OUT.xlsx", help="write the ceHes import workbook")
    add_password_option(group, "--dlms-password", env="CONFIGURATOR_DLMS_PASSWORD",
                        what=Text("пароль протокола DLMS для ceHes", "DLMS protocol password for ceHes"), default="",
                        help="«протокол пароль» of rows not read from ceHes (the meters' DLMS password)")
    defaults = DlmsDefaults()
    group.add_argument("--dlms-address", type=integer(0, 65535), default=defaults.address, metavar="N",
                       help=f"«протокол адрес» (default {defaults.address})")
    group.add_argument("--dlms-timeout", type=integer(0, 65535), default=defaults.timeout, metavar="S",
                       help=f"«протокол тайм аут», s (default {defaults.timeout})")
    group.add_argument("--dlms-name", default="", metavar="NAME", help="«протокол имя» (default «DLMS <address>»)")
    return parser


def _run_parent(operation: str) -> Parser:
    parser = parent()
    group = parser.add_argument_group("the list and the run")
    group.add_argument("--devices", type=file_path, required=True, metavar="FILE",
                       help="the device list: a ceHes workbook (Table 6) or ours (xlsx or ;-separated text)")
    group.add_argument("--via", choices=[d.value for d in Delivery],
                       help="delivery of the rows that give none («Доставка» column)")
    group.add_argument("--concurrency", type=integer(1, 1000), default=DEFAULT_CONCURRENCY, metavar="N",
                       help=f"sessions at once in all (default {DEFAULT_CONCURRENCY})")
    group.add_argument("--per-server", type=integer(1, 1000), default=DEFAULT_PER_SERVER, metavar="N",
                       help=f"sessions at once per CENC server or host (default {DEFAULT_PER_SERVER})")
    group.add_argument("--report", type=file_path, metavar="OUT.xlsx",
                       help=f"the report (default <list>-{operation}.xlsx in the current folder)")
    group.add_argument("--journal", type=file_path, metavar="FILE",
                       help="the journal (default: the report's name with .journal.sqlite)")
    group.add_argument("--resume", action="store_true", help="run only the devices the journal has no outcome for")
    group.add_argument("--retry-failed", action="store_true", help="run the devices whose outcome was a failure")
    channel = parser.add_argument_group("channel (tcp, cenc): what the rows leave empty")
    reply_options(channel)
    cenc_server_options(channel)
    sms = parser.add_argument_group("sms rows")
    sms.add_argument("--wait", type=seconds(1, 7 * 86400), default=DEFAULT_SMS_WAIT, metavar="SECONDS",
                     help=f"how long to wait for the SMS replies (default {DEFAULT_SMS_WAIT:g})")
    return parser


def _operation_parser(kinds: argparse._SubParsersAction[Parser], operation: str, help: str) -> Parser:
    parents = [_lang_json(), _run_parent(operation),
               module_type_parent("module type of the rows that give none (default: read from each module; SMS rows "
                                  "need one)", required=False),
               module_password_parent(), modem_parent(sending=True, only_for="sms rows"), _export_parent()]
    if operation == "configure":
        parents.insert(2, values_parent())
    parser: Parser = kinds.add_parser(operation, help=help, description=help, parents=parents)
    if operation == "configure":
        parser.add_argument("--no-backup", action="store_true",
                            help="do not read and keep each module's settings first (only if they cannot be read)")
        parser.add_argument("--no-restart", action="store_true", help="store the settings without restarting")
    parser.set_defaults(func=_run, operation=operation)
    return parser


def _parser(prog: str, help: str) -> Parser:
    parser = Parser(prog=prog, description=help, formatter_class=argparse.RawDescriptionHelpFormatter,
                    parents=[_lang_json()], epilog=__doc__.split("\n\n", 2)[1] if __doc__ else None)
    kinds = parser.add_subparsers(dest="action", metavar="<action>", required=True, parser_class=Parser)
    _operation_parser(kinds, "status", "read every module's status (and check the list's passwords)")
    _operation_parser(kinds, "configure", "write --set/--config to every module, each backed up first")
    report = kinds.add_parser("report", help="the report of one journal, or several engineers' journals merged",
                              parents=[_lang_json(), _export_parent()])
    report.add_argument("journals", nargs="+", type=file_path, metavar="JOURNAL", help="fleet journals")
    report.add_argument("--report", type=file_path, required=True, metavar="OUT.xlsx", help="the report to write")
    report.set_defaults(func=_report)
    return parser


PARSERS = {"fleet": _parser}


# -- the run ----------------------------------------------------------------------------------------


def _configuration(args: argparse.Namespace) -> FleetConfiguration:
    """--config/--set made for each module type as the run meets it (module_values, as ``configure`` does)."""

    def values_for(module: ModuleType) -> tuple[dict[str, object], list[str]]:
        found = module_values(module, args)
        return found.values, found.keys

    summary = []
    if args.config:
        summary.append(Text(f"файл настроек {args.config}", f"settings file {args.config}"))
    for spec in args.set:
        key, _sep, value = spec.partition("=")
        secret = _is_password(key.strip())
        summary.append(Text(f"{key.strip()} = {MASK if secret else value}", f"{key.strip()} = "
                            f"{MASK if secret else value}"))
    digest = hashlib.sha256()
    if args.config:
        try:
            digest.update(Path(args.config).read_bytes())
        except OSError:
            pass  # module_values says why the file cannot be read
    for spec in args.set:
        digest.update(spec.encode("utf-8", "surrogatepass") + b"\0")
    return FleetConfiguration(values_for, summary, digest.hexdigest())


def _is_password(key: str) -> bool:
    try:
        return parameter(key).secret
    except KeyError:
        return False


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    report = Path(args.report) if args.report else Path.cwd() / f"{Path(args.devices).stem}-{args.operation}.xlsx"
    journal = Path(args.journal) if args.journal else report.with_suffix(".journal.sqlite")
    return report, journal


def _options(args: argparse.Namespace) -> FleetOptions:
    return FleetOptions(
        via=Delivery(args.via) if args.via else None, cenc_host=args.cenc_host or "", cenc_port=args.cenc_port,
        cenc_user=args.cenc_user or "", cenc_password=args.cenc_password, password=args.password,
        module=ModuleType.from_id(args.module) if args.module else None,
        timeout=args.timeout or MODULE_DEFAULTS.timeout, retries=args.retries)


async def _execute(run: FleetRun) -> FleetSummary:
    stop = ctrl_c_stop()

    async def watch() -> None:
        await stop.wait()
        run.stop()
        stop.clear()
        await stop.wait()
        run.abort()

    watcher = asyncio.create_task(watch())
    try:
        return await run.run()
    finally:
        watcher.cancel()


def _run(args: argparse.Namespace, out: Output) -> ExitCode:
    configuring = args.operation == "configure"
    fleet = load_fleet_list(Path(args.devices))
    jobs = plan_jobs(fleet.devices, _options(args))
    configuration = _configuration(args) if configuring else None
    if configuration is not None:  # the types known before connecting are checked now
        for module in sorted({j.module for j in jobs if j.module is not None}, key=lambda m: m.value):
            configuration.values_for(module)
    sms_jobs = [j for j in jobs if j.delivery is Delivery.SMS]
    if sms_jobs and not args.port:
        raise ValidationError([Text(f"Приборов с доставкой sms: {len(sms_jobs)} — нужен модем: --port",
                                    f"Devices delivered by sms: {len(sms_jobs)} — the modem is needed: --port")])
    checks = preflight_options(args, out.lang) if sms_jobs else None
    report_path, journal_path = _paths(args)
    digest = configuration.digest if configuration is not None else ""
    summary_lines = configuration.summary if configuration is not None else []
    opened = journal_for_run(journal_path, args.operation, Path(args.devices), fleet.kind, fleet.devices,
                             digest=digest, summary=summary_lines, resume=args.resume,
                             retry_failed=args.retry_failed)
    journal, chosen = opened.journal, opened.keys
    if opened.added:
        out.note(Text(f"В списке новые приборы: {opened.added} — добавлены в журнал",
                      f"New devices in the list: {opened.added} — added to the journal"))
    with journal:
        selected = jobs if chosen is None else [j for j in jobs if j.key in set(chosen)]
        out.note(Text(f"Приборов в списке: {len(jobs)}, в работе: {len(selected)}; журнал {journal_path}",
                      f"Devices in the list: {len(jobs)}, to run: {len(selected)}; journal {journal_path}"))
        context = JobContext(args.operation, retries=args.retries, configuration=configuration,
                             backup=not getattr(args, "no_backup", False), waits=ChannelWaits())
        sms = None
        if checks is not None:
            port = SerialChannel(args.port, args.baud or MODEM_DEFAULTS.baud)
            modem = open_modem(port, timeout=MODEM_DEFAULTS.timeout)
            settings = SmsFleetSettings(args.operation, modem, checks, args.wait, configuration, args.password)

            async def sms(chosen_jobs: Sequence[DeviceJob], record: Callable[[DeviceJob, DeviceOutcome], None],
                          stop: asyncio.Event) -> None:
                await run_sms_jobs(chosen_jobs, record, stop, settings)

        run = FleetRun(selected, context, journal, concurrency=args.concurrency, per_server=args.per_server,
                       on_event=event_printer(len(selected), out), sms=sms)
        summary = asyncio.run(_execute(run))
        records = journal.records()
        configuration_lines = journal.configuration_summary
    if summary.error is not None:
        out.warn(summary.error.text)
    write_report(report_path, ReportInput(args.operation, records, str(args.devices), [str(journal_path)],
                                          configuration_lines, summary.elapsed,
                                          sorted({r.operator for r in records if r.operator})), lang=out.lang)
    return _finish(args, out, records, summary, report_path, journal_path, resumed=chosen is not None)


def _export(args: argparse.Namespace, records: list[JournalRecord], out: Output) -> dict[str, object] | None:
    if not args.cehes:
        return None
    dlms = DlmsDefaults(args.dlms_password, args.dlms_address, args.dlms_timeout, args.dlms_name)
    exported = write_cehes_export(Path(args.cehes), records, dlms)
    out.note(Text(f"Для ceHes: приборов {exported.written} → {args.cehes}",
                  f"For ceHes: {exported.written} devices → {args.cehes}"))
    for serial, why in exported.left_out:
        out.note(Text(f"  не выгружен {serial}: {why.ru}", f"  not exported {serial}: {why.en}"))
    if exported.left_out and not dlms.password:
        out.note(Text("  пароль DLMS задаётся параметром --dlms-password", "  the DLMS password: --dlms-password"))
    return export_record(str(args.cehes), exported, out)


def _finish(args: argparse.Namespace, out: Output, records: list[JournalRecord], summary: FleetSummary | None,
            report: Path, journal: Path | None, *, resumed: bool) -> ExitCode:
    found = counts(records)
    export = _export(args, records, out)
    for record in records:
        if record.outcome is not None:
            out.line(_device_line(record, out))
    line = counts_line(found, out.lang)
    out.say(Text(f"Приборов: {len(records)}; {line}; отчёт {report}", f"Devices: {len(records)}; {line}; report "
                 f"{report}").get(out.lang))
    out.set(operation=args.operation, report=str(report),
            journal=str(journal) if journal else None, resumed=resumed, counts=found,
            elapsed=summary.elapsed if summary else None, stopped=bool(summary and summary.stopped),
            cehes_export=export, devices=[device_record(r, out) for r in records])
    if summary is not None and (summary.aborted or summary.stopped):
        return ExitCode.CANCELLED
    results = [r.outcome.result for r in records if r.done and r.outcome is not None]
    if found[NOT_RUN] == 0 and all(result is Result.OK for result in results):
        return ExitCode.DONE
    if results and found[NOT_RUN] == 0 and all(result in UNREACHED for result in results):
        return ExitCode.NO_CONNECTION
    return ExitCode.INCOMPLETE


def _device_line(record: JournalRecord, out: Output) -> str:
    outcome = record.outcome
    assert outcome is not None
    words = result_text(record)[1].get(out.lang)
    if outcome.result is not Result.OK:
        words = f"{outcome.result.label.get(out.lang)}: {words}"
    signal = f"  {outcome.signal_text.get(out.lang)}" if outcome.signal_text is not None else ""
    return f"{record.device.serial}  {record.device.group or '-'}  {words}{signal}"


def _report(args: argparse.Namespace, out: Output) -> ExitCode:
    journals = [FleetJournal.open(Path(path)) for path in args.journals]
    try:
        operation, records = merge_records(journals)
        configuration = journals[0].configuration_summary
        list_path = journals[0].meta.get("list", "")
    finally:
        for journal in journals:
            journal.close()
    write_report(Path(args.report), ReportInput(operation, records, list_path, [str(p) for p in args.journals],
                                                configuration, None,
                                                sorted({r.operator for r in records if r.operator})), lang=out.lang)
    args.operation = operation
    return _finish(args, out, records, None, Path(args.report), None, resumed=False)
