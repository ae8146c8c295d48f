"""The documented shape of every command's ``--json`` document, a checker, and its rendering for
docs/cli.md. A shape is a type name ("string", "integer", "number", "boolean", "null", "any"), a
tuple of alternatives, ``[item]`` for a list, ``{key: shape}`` for an object with exactly those
keys, :class:`OneOf` for an enumeration and :class:`MapOf` for an object with free keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

STR, INT, NUM, BOOL, NULL, ANY = "string", "integer", "number", "boolean", "null", "any"


@dataclass(frozen=True)
class OneOf:
    values: tuple[object, ...]

    def __init__(self, *values: object) -> None:
        object.__setattr__(self, "values", values)


@dataclass(frozen=True)
class MapOf:
    value: object


def opt(shape: object) -> tuple[object, object]:
    return (shape, NULL)


MODULE = OneOf("gsm-2g4g", "gsm-2g3g4g", "nb-iot", "nb-iot-2", "gsm-gx01")
PROBLEM = {"key": opt(STR), "severity": OneOf("error"), "message": STR}
ENVELOPE = {
    "command": opt(STR), "ok": BOOL, "exit_code": OneOf(0, 1, 2, 3, 130), "message": opt(STR),
    "warnings": [STR],
    "error": opt({"kind": OneOf("incomplete", "bad_input", "no_connection", "cancelled"), "message": STR,
                  "code": opt(INT), "problems": [PROBLEM], "backup": opt(STR)}),
}  # fmt: skip

CHANNEL = (
    {"via": OneOf("tcp"), "host": STR, "tcp_port": INT, "timeout": NUM},
    {"via": OneOf("serial"), "port": STR, "baud": INT, "timeout": NUM},
    {"via": OneOf("cenc"), "cenc_host": STR, "cenc_port": INT, "cenc_user": STR, "device_serial": opt(STR),
     "device_address": opt(STR), "timeout": NUM},
    {"via": OneOf("direct"), "port": STR, "baud": INT, "protocol": OneOf("iec", "spodes"), "module_port": opt(STR),
     "parity": OneOf("auto", "software", "hardware"), "timeout": NUM},
)  # fmt: skip
CODED = opt({"code": INT, "meaning": STR})
KINDS = OneOf("status", "extended", "imei", "ip", "ipv6", "iccid")
SMS_COMMAND = {
    "command": STR, "text": STR, "sent": BOOL, "unconfirmed": BOOL, "send_error": opt(STR), "reply": opt(STR),
    "reply_ok": opt(BOOL), "error_code": opt(INT), "reply_problem": opt(STR),
    "delivery": OneOf("delivered", "not_delivered", "pending", "no_report"), "delivered_at": opt(STR),
}  # fmt: skip
PHONE = {
    "phone": STR, "name": opt(STR),
    "status": OneOf("applied", "error", "no_reply", "not_sent", "not_confirmed", "not_delivered"),
    "error_code": opt(INT), "message": STR, "commands": [SMS_COMMAND], "extra_replies": [STR],
}  # fmt: skip
MODEM_CHECKS = opt({
    "ok": BOOL, "stop": opt(STR), "cancelled": BOOL, "unreachable": BOOL, "waited_s": NUM, "pin_entered": BOOL,
    "pin_rejected": BOOL, "smsc_set": opt(STR),
    "checks": [{"check": OneOf("sim", "network", "signal", "smsc", "storage"),
                "state": OneOf("ok", "warning", "waiting", "failed", "unknown"), "label": STR, "message": STR}],
})  # fmt: skip
BATCH = {"unmatched": [{"sender": STR, "text": STR}], "link_error": opt(STR), "delivery_reports": BOOL,
         "elapsed": NUM, "cancelled": BOOL, "stop_reason": opt(STR), "modem_checks": MODEM_CHECKS}
BACKUP = opt({"path": opt(STR), "holds": STR})
UNREAD = [{"key": STR, "reason": STR}]
FLEET_RESULTS = ("ok", "partial", "wrong_password", "invalid", "refused", "no_reply", "no_connection", "error",
                 "cancelled")
DEVICE = {"number": INT, "channel": INT, "model": STR, "model_code": INT, "serial": STR, "version": INT,
          "manufacturer": STR, "address": INT, "baud": INT, "note": STR, "poll_result": opt(BOOL)}

SHAPES: dict[str, tuple[str, dict[str, object]]] = {
    "configure": ("Per parameter: what the module did with it (`status`), its Appendix A error code (`code`) "
                  "and how it was confirmed; `stopped_by` is what ended the run early; `backup` is the file the "
                  "module's settings were kept in first (null with --no-backup).", {
        "module": MODULE, "channel": CHANNEL,
        "parameters": [{"key": STR, "label": STR, "value": ANY,
                        "status": OneOf("applied", "failed", "not_confirmed", "not_sent"), "code": opt(INT),
                        "reason": opt(STR), "confirmed_by": opt(OneOf("read-back", "reply"))}],
        "counts": {"applied": INT, "failed": INT, "not_confirmed": INT, "not_sent": INT},
        "restarted": opt(BOOL), "cancelled": BOOL, "stopped_by": opt({"message": STR, "code": opt(INT)}),
        "backup": BACKUP, "unread_for_backup": UNREAD,
    }),
    "read-settings": ("Per parameter: the value the module holds (passwords masked) or why it was not read; "
                      "`saved_to` is the --out file.", {
        "module": MODULE, "channel": CHANNEL,
        "parameters": [{"key": STR, "label": STR, "status": OneOf("read", "failed"), "value": ANY,
                        "reason": opt(STR)}],
        "write_only": [STR], "saved_to": opt(STR),
    }),
    "status": ("`values` are typed (codes with their meaning from the manuals' tables, null where not read or not "
               "of this module family); `rows` are the status panel's lines in the chosen language.", {
        "module": MODULE, "channel": CHANNEL, "kinds": [KINDS], "read": [KINDS],
        "values": {
            "system_address": opt(STR), "internet_mode": opt(BOOL), "ip_obtained": opt(BOOL),
            "tcp_connected": opt(BOOL), "sim_detected": opt(BOOL), "cenc": CODED, "gprs": CODED,
            "registration": CODED, "band": CODED, "signal": CODED, "meter_link": CODED, "mqtt_client": CODED,
            "http_loader": CODED, "mqtt_loader": CODED, "signal_meets_recommendation": opt(BOOL),
            "transceiver_firmware": opt(STR), "imei": opt(STR), "ip": opt(STR), "ipv6": opt(STR),
            "iccid": opt(STR), "version": opt(STR), "firmware": opt(STR), "module_type": opt(MODULE),
        },
        "rows": [{"key": STR, "label": STR, "value": STR}],
        "errors": [{"kind": KINDS, "message": STR, "code": opt(INT)}], "cancelled": BOOL,
    }),
    "params": ("The catalogue of one module type: ranges, choices, defaults (passwords masked), SMS command and "
               "binary code.", {
        "module": MODULE,
        "parameters": [{"key": STR, "label": STR,
                        "kind": OneOf("text", "password", "int", "choice", "bool", "flags", "host", "phone"),
                        "default": ANY, "min": opt(INT), "max": opt(INT), "max_length": opt(INT),
                        "choices": [{"value": STR, "label": STR}], "unit": opt(STR), "expert": BOOL,
                        "sms_command": STR, "sms_documented": BOOL, "code": INT}],
    }),
    "sms-text": ("The SMS texts in sending order with the password masked, and the commands they carry.", {
        "module": MODULE, "texts": [STR], "commands": [STR], "ours": [STR], "skipped": [STR],
    }),
    "decode-lcd": ("One entry per LCD digit.", {
        "module": MODULE,
        "fields": [{"group": INT, "field": INT, "name": STR, "raw": STR, "code": INT, "meaning": STR}],
    }),
    "decode-version": ("The parts of a module version string.", {
        "version": STR, "core": STR, "firmware": STR, "firmware_major": INT, "firmware_minor": INT,
        "build": opt(STR), "platform_id": STR, "platform_name": opt(STR), "module_type": opt(MODULE),
        "module_label": STR,
    }),
    "sms-send": ("Per phone: its outcome (`status`), the module's error code, and per SMS command what happened "
                 "to it (sent, reply, the network's delivery report); texts and replies with passwords masked; "
                 "`modem_checks`: the modem's checks before the first SMS, `stop_reason` why nothing was sent.", {
        "module": MODULE, "texts": [STR], "applied": INT, "total": INT, "phones": [PHONE], **BATCH,
    }),
    "sms-query": ("As sms-send, with the settings each module reported (`settings`, passwords masked).", {
        "answered": INT, "total": INT, "phones": [{**PHONE, "settings": MapOf(ANY)}], **BATCH,
    }),
    "sim-write": ("What was written and what reading the SIM back found (passwords masked).", {
        "module": MODULE, "texts": [STR], "written": INT, "found": [STR], "verified": BOOL, "differences": [STR],
        "modem_checks": MODEM_CHECKS,
    }),
    "sim-read": ("The configuration SMS on the SIM (passwords masked) and the SIM's use.", {
        "texts": [STR], "messages": [{"index": INT, "problem": opt(STR)}], "used": INT, "total": INT,
        "modem_checks": MODEM_CHECKS,
    }),
    "sim-clear": ("How many configuration SMS were deleted.", {"deleted": INT, "modem_checks": MODEM_CHECKS}),
    "modem-detect": ("The modems found with how each stands (`checks`: SIM, network, signal, SMS centre, "
                     "storage; no wait, no PIN entered), and ports that could not be opened.", {
        "modems": [{"port": STR, "baud": INT, "manufacturer": STR, "model": STR, "revision": STR, "imei": STR,
                    "description": STR, "port_label": STR, "checks": MODEM_CHECKS}],
        "problems": [{"port": STR, "message": STR}],
    }),
    "modem-storage": ("`list`: the messages and the storage's use; `clear`: how many were deleted.", {
        "storage": OneOf("SM", "ME", "MT"), "action": OneOf("list", "clear"),
        "messages": [{"index": INT, "status": OneOf("rec_unread", "rec_read", "sto_unsent", "sto_sent"),
                      "status_text": STR, "number": opt(STR), "time": opt(STR), "text": opt(STR),
                      "problem": opt(STR)}],
        "used": opt(INT), "total": opt(INT), "deleted": opt(INT), "modem_checks": MODEM_CHECKS,
    }),
    "utmc-info": ("The concentrator's identity; with --firmware, whether it runs that file.", {
        "serial": STR, "firmware_version": STR, "firmware_id": STR, "channels": INT, "per_channel": INT,
        "firmware_file": opt({"file": STR, "version": opt(STR), "firmware_id": STR, "runs_file": BOOL}),
    }),
    "utmc-read": ("Per parameter: its typed value (times ISO 8601, flags as lists, secrets masked) and its text, "
                  "or why it was not read.", {
        "parameters": [{"key": STR, "label": STR, "status": OneOf("read", "failed"), "value": ANY,
                        "text": opt(STR), "reason": opt(STR)}],
    }),
    "utmc-write": ("Per parameter: applied, failed (with the device's status code and reason) or not sent; "
                   "`backup` is the file the values replaced were kept in first.", {
        "parameters": [{"key": STR, "label": STR, "value": ANY, "status": OneOf("applied", "failed", "not_sent"),
                        "code": opt(INT), "reason": opt(STR)}],
        "backup": BACKUP, "unread_for_backup": UNREAD,
    }),
    "utmc-poll": ("All devices (`device` null) or one.", {"device": opt(INT), "polled": INT, "answered": INT}),
    "utmc-transfer": ("The transfer was started.", {"started": BOOL}),
    "utmc-search": ("The concentrators that answered.", {
        "targets": [STR], "found": [{"host": STR, "tcp_port": INT, "serial": STR, "firmware_version": STR}],
    }),
    "utmc-devices": ("`devices`: read from the device (read, export) or to be written (import, write); `channels`: "
                     "read, or replaced (`cleared` among them); `written`: per channel replaced, how many devices "
                     "it now holds; `changes`: per channel, the device numbers added, removed and changed; "
                     "`backup`: the file what the channels held was kept in first.", {
        "action": OneOf("read", "write", "import", "export"), "file": opt(STR), "checked_only": BOOL,
        "channels": [INT], "devices": [DEVICE], "cleared": [INT], "left_out": [{"channel": INT, "devices": INT}],
        "written": [{"channel": INT, "devices": INT}],
        "changes": opt([{"channel": INT, "added": [INT], "removed": [INT], "changed": [INT], "kept": INT}]),
        "backup": BACKUP,
    }),
    "utmc-files": ("The folder's entries on the SD card.", {
        "folder": STR, "entries": [{"name": STR, "is_dir": BOOL, "size": INT}],
    }),
    "utmc-get-file": ("The file downloaded and checked.", {"path": STR, "size": INT, "crc32": INT, "saved_to": STR}),
    "utmc-update": ("Each step reached: the file, the upload, the update, and what the UTMC runs after its restart.",
                    {"file": {"path": STR, "version": opt(STR), "firmware_id": STR},
                     "uploaded": opt({"remote_path": STR, "size": INT, "crc32": INT}), "update_started": BOOL,
                     "new_firmware_id": opt(STR),
                     "check": opt({"version": STR, "firmware_id": STR, "runs_file": BOOL})}),
    "fleet": ("Per device of the list (`devices`, in list order): its outcome (`result`: ok, partial, wrong_password, "
              "invalid, refused, no_reply, no_connection, error, cancelled, or not_run), the error in words, what the "
              "module told, and for configure each parameter's outcome and the backup kept first; `counts` per "
              "result; `report` and `journal` are the files written; `cehes_export` the --cehes workbook (null "
              "without it); `stopped`: Ctrl-C ended the run before every device had its turn.", {
        "operation": OneOf("status", "configure"), "report": STR, "journal": opt(STR), "resumed": BOOL,
        "counts": {**{name: INT for name in FLEET_RESULTS}, "not_run": INT}, "elapsed": opt(NUM), "stopped": BOOL,
        "cehes_export": opt({"path": STR, "written": INT, "left_out": [{"serial": STR, "reason": STR}]}),
        "devices": [{
            "serial": STR, "group": STR, "row": INT, "result": OneOf(*FLEET_RESULTS, "not_run"), "message": opt(STR),
            "channel": opt(STR), "delivery": opt(OneOf("tcp", "cenc", "sms")), "module_type": opt(MODULE),
            "version": opt(STR), "imei": opt(STR), "iccid": opt(STR), "ip": opt(STR), "system_address": opt(STR),
            "signal": opt(INT), "signal_dbm": opt(STR), "registration": opt(STR), "band": opt(STR),
            "password_ok": opt(BOOL), "settings": MapOf(STR),
            "parameters": [{"key": STR, "label": STR, "value": STR,
                            "status": OneOf("applied", "failed", "not_confirmed", "not_sent"), "reason": opt(STR)}],
            "backup": opt(STR), "restarted": opt(BOOL), "notes": [STR], "started": opt(STR), "duration": opt(NUM),
        }],
    }),
}  # fmt: skip


def problems(value: Any, shape: object, path: str = "$") -> list[str]:
    """Where ``value`` does not have ``shape`` (empty: it has)."""
    if isinstance(shape, tuple):
        found = [problems(value, alternative, path) for alternative in shape]
        return [] if any(not f for f in found) else min(found, key=len)
    if isinstance(shape, OneOf):
        return [] if value in shape.values and type(value) in {type(v) for v in shape.values} else \
            [f"{path}: {value!r} is not one of {shape.values}"]
    if isinstance(shape, MapOf):
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        return [p for key, item in value.items() for p in problems(item, shape.value, f"{path}.{key}")]
    if isinstance(shape, list):
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        return [p for i, item in enumerate(value) for p in problems(item, shape[0], f"{path}[{i}]")]
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        found = [f"{path}: missing {key}" for key in shape if key not in value]
        found += [f"{path}: unexpected {key}" for key in value if key not in shape]
        return found + [p for key in shape if key in value for p in problems(value[key], shape[key], f"{path}.{key}")]
    checks = {STR: lambda v: isinstance(v, str), INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
              NUM: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
              BOOL: lambda v: isinstance(v, bool), NULL: lambda v: v is None, ANY: lambda v: True}
    return [] if checks[str(shape)](value) else [f"{path}: {value!r} is not {shape}"]


def document_problems(command: str, document: Any) -> list[str]:
    """The document against the envelope and the command's shape; a document with an ``error`` may
    lack command fields (the command stopped before it had them), never have others."""
    if not isinstance(document, dict):
        return ["$: not an object"]
    own = SHAPES[command][1]
    found = problems({k: v for k, v in document.items() if k in ENVELOPE}, ENVELOPE)
    fields = {k: v for k, v in document.items() if k not in ENVELOPE}
    if document.get("error") is None:
        return found + problems(fields, own)
    return found + [p for key, value in fields.items()
                    for p in (problems(value, own[key], f"$.{key}") if key in own else [f"$: unexpected {key}"])]


def render(shape: object, indent: int = 0, width: int = 110) -> str:
    """The shape as the documentation shows it: JSON with type names, ``|`` between alternatives."""
    pad = "  " * indent
    if isinstance(shape, tuple):
        return " | ".join(render(s, indent) for s in shape)
    if isinstance(shape, OneOf):
        return " | ".join(json.dumps(v) for v in shape.values)
    if isinstance(shape, MapOf):
        return "{KEY: " + render(shape.value, indent) + ", ...}"
    if isinstance(shape, list):
        inner = render(shape[0], indent)
        return f"[{inner}, ...]" if "\n" not in inner else f"[\n{pad}  {render(shape[0], indent + 1)}\n{pad}]"
    if isinstance(shape, dict):
        flat = "{" + ", ".join(f'"{key}": {render(value, indent + 1)}' for key, value in shape.items()) + "}"
        if "\n" not in flat and len(flat) + 2 * indent <= width:
            return flat
        lines = [f'{pad}  "{key}": {render(value, indent + 1)}' for key, value in shape.items()]
        return "{\n" + ",\n".join(lines) + f"\n{pad}}}"
    return str(shape)
