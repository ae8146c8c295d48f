"""What ``fleet`` prints: a line per device as it finishes (stderr), the counts, and the JSON document's
per-device records (docs/cli.md: English keys, typed values, no passwords)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from app.cli.output import Output
from app.core.cehes_export import ExportResult
from app.core.fleet_journal import JournalRecord
from app.core.fleet_results import RESULTS, DeviceOutcome, Result
from app.core.fleet_run import FINISHED, FleetEvent
from protocols.text import Text

NOT_RUN = "not_run"


def event_printer(total: int, out: Output) -> Callable[[FleetEvent], None]:
    """``[12/1000] 012657163203900: Нет ответа — …`` on stderr as each device finishes."""
    done = [0]

    def show(event: FleetEvent) -> None:
        if event.kind != FINISHED or event.outcome is None:
            return
        done[0] += 1
        outcome = event.outcome
        text = outcome.result.label.get(out.lang)
        if outcome.result is not Result.OK:
            text += f" — {outcome.message.get(out.lang)}"
        print(f"[{done[0]}/{total}] {event.key}: {text}", file=sys.stderr, flush=True)

    return show


def counts(records: Sequence[JournalRecord]) -> dict[str, int]:
    """Devices per result, every result named (0 too), and those not run."""
    found: Counter[str] = Counter()
    for record in records:
        if record.outcome is None or not record.done and record.outcome.result is not Result.CANCELLED:
            found[NOT_RUN] += 1
        else:
            found[record.outcome.result.value] += 1
    return {**{r.value: found.get(r.value, 0) for r in RESULTS}, NOT_RUN: found.get(NOT_RUN, 0)}


def _text(value: Text | None, out: Output) -> str | None:
    return None if value is None else out.text(value)


def device_record(record: JournalRecord, out: Output) -> dict[str, Any]:
    device, outcome = record.device, record.outcome
    base: dict[str, Any] = {"serial": device.serial, "group": device.group, "row": device.row}
    if outcome is None:
        return {**base, "result": NOT_RUN, "message": None, **_empty()}
    return {**base, "result": outcome.result.value if record.done or outcome.result is Result.CANCELLED else NOT_RUN,
            "message": out.text(outcome.message), **_details(outcome, out)}


def _empty() -> dict[str, Any]:
    return {"channel": None, "delivery": None, "module_type": None, "version": None, "imei": None, "iccid": None,
            "ip": None, "system_address": None, "signal": None, "signal_dbm": None, "registration": None, "band": None,
            "password_ok": None, "settings": {}, "parameters": [], "backup": None, "restarted": None,
            "notes": [], "started": None, "duration": None}


def _details(outcome: DeviceOutcome, out: Output) -> dict[str, Any]:
    return {
        "channel": _text(outcome.channel, out), "delivery": outcome.delivery, "module_type": outcome.module,
        "version": outcome.version,
        "imei": outcome.imei, "iccid": outcome.iccid, "ip": outcome.ip, "system_address": outcome.system_address,
        "signal": outcome.signal, "signal_dbm": _text(outcome.signal_text, out),
        "registration": _text(outcome.registration, out), "band": _text(outcome.band, out),
        "password_ok": outcome.password_ok, "settings": dict(outcome.settings),
        "parameters": [{"key": p.key, "label": out.text(p.label), "value": p.value, "status": p.outcome,
                        "reason": _text(p.reason, out)} for p in outcome.parameters],
        "backup": outcome.backup, "restarted": outcome.restarted, "notes": [out.text(n) for n in outcome.notes],
        "started": outcome.started, "duration": outcome.duration,
    }  # fmt: skip


def export_record(path: str, exported: ExportResult, out: Output) -> dict[str, Any]:
    return {"path": path, "written": exported.written,
            "left_out": [{"serial": serial, "reason": out.text(why)} for serial, why in exported.left_out]}


def counts_line(found: dict[str, int], lang: str) -> str:
    parts = [f"{r.label.get(lang)}: {found[r.value]}" for r in RESULTS if found.get(r.value)]
    if found.get(NOT_RUN):
        parts.append(Text(f"не выполнялось: {found[NOT_RUN]}", f"not run: {found[NOT_RUN]}").get(lang))
    return ", ".join(parts)
