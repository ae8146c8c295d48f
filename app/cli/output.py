"""What a command prints: lines for a person, or with ``--json`` one JSON document for a script.

Every command gets an :class:`Output`. Result lines (``line``) go to stdout, or nowhere with
``--json`` (the document holds the same facts); messages, warnings and problems go to stderr in
both modes; ``finish`` prints the document and returns the exit code. The document's keys are
English whatever ``--lang`` says; its ``message`` and the texts inside are in the chosen language:

    {"command": "configure", "ok": false, "exit_code": 1, "message": "…", "warnings": [],
     "error": null, …the command's own fields}

``error`` is null, or ``{"kind": "bad_input"|"no_connection"|"incomplete"|"cancelled",
"message", "code" (the device's error code or null), "problems": [{"key", "severity", "message"}],
"backup" (the backup kept before a write that then failed, or null)}``.
"""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from app.cli.exit_codes import ERROR_KINDS, ExitCode, UsageError, exit_code_for
from protocols.errors import ConfiguratorError, DeviceError, ProblemItem, ValidationError, text_of
from protocols.text import Text

MASK = "********"
"""What stands for a password in every JSON document and in SMS texts shown."""


def json_value(value: object) -> Any:
    """A value as JSON has it: numbers stay numbers, times become ISO 8601, sets sorted lists."""
    if isinstance(value, Text):
        raise TypeError("a Text needs a language: use Output.text()")
    if isinstance(value, enum.Enum):
        return json_value(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(json_value(v) for v in value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _device_code(error: object) -> int | None:
    """The device's error code: of the error, or of its cause (a backup the device refused to read)."""
    for item in (error, getattr(error, "cause", None)):
        if isinstance(item, DeviceError):
            return item.code
    return None


def _backup_path(error: object) -> str | None:
    """Where the backup is when a write failed after it was kept (app.core.backups.mention_backup)."""
    backup = error.backup if isinstance(error, ConfiguratorError) else None
    return None if backup is None or backup.path is None else str(backup.path)


def _severity(problem: object) -> str:
    severity = getattr(problem, "severity", None)
    return str(getattr(severity, "value", "error")) if severity is not None else "error"


class Output:
    """One command's output; see the module docstring."""

    def __init__(self, command: str | None, lang: str, as_json: bool) -> None:
        self.command, self.lang, self.json = command, lang, as_json
        self.fields: dict[str, Any] = {}
        self.warnings: list[str] = []
        self.message: str | None = None
        self.error: dict[str, Any] | None = None

    # -- words ----------------------------------------------------------------------------------
    def text(self, value: str | Text) -> str:
        return value.get(self.lang) if isinstance(value, Text) else str(value)

    def line(self, value: str | Text) -> None:
        """A result line for a person (stdout); with --json the document carries it instead."""
        if not self.json:
            print(self.text(value), flush=True)

    def note(self, value: str | Text) -> None:
        """A message on stderr, in both modes."""
        print(self.text(value), file=sys.stderr, flush=True)

    def warn(self, value: str | Text) -> None:
        """A warning on stderr, also listed in the document's ``warnings``."""
        text = self.text(value)
        self.warnings.append(text)
        self.note(f"{Text('предупреждение', 'warning').get(self.lang)}: {text}")

    def say(self, value: str | Text, *, to_stderr: bool = False) -> None:
        """The run's one-line summary: printed (stdout, or stderr where results must stay alone
        on stdout) and kept as the document's ``message``."""
        self.message = self.text(value)
        if to_stderr:
            self.note(self.message)
        else:
            self.line(self.message)

    # -- problems (the one printer for every command) --------------------------------------------
    def problem_records(self, problems: Iterable[ProblemItem]) -> list[dict[str, Any]]:
        return [{
            "key": getattr(problem, "key", None) or None,  # a catalogue Problem names its parameter
            "severity": _severity(problem),
            "message": self.text(text_of(problem)),
        } for problem in problems]

    def problems(self, problems: Iterable[ProblemItem]) -> None:
        """Print each problem on stderr ("ошибка: …" / "предупреждение: …"); warnings are kept
        in the document's ``warnings``."""
        for record in self.problem_records(problems):
            if record["severity"] == "warning":
                self.warn(record["message"])
            else:
                self.note(f"{Text('ошибка', 'error').get(self.lang)}: {record['message']}")

    # -- the end ---------------------------------------------------------------------------------
    def set(self, **fields: Any) -> None:
        """The command's own fields of the document (converted with :func:`json_value`)."""
        self.fields.update({key: json_value(value) for key, value in fields.items()})

    def fail(self, error: ConfiguratorError | KeyboardInterrupt) -> int:
        """Report ``error`` (what ended the command) on stderr and in the document; its exit code."""
        code = exit_code_for(error)
        problems: list[ProblemItem] = []
        if isinstance(error, KeyboardInterrupt):
            message = Text("Операция отменена", "Cancelled").get(self.lang)
            self.note(message)
        else:
            message = error.message(self.lang)
            problems = error.problems if isinstance(error, ValidationError) else []
            if isinstance(error, UsageError):
                print(error.usage, end="", file=sys.stderr)
                self.note(f"{error.prog}: {Text('ошибка', 'error').get(self.lang)}: {message}")
            elif problems:
                self.problems(problems)
            else:
                self.note(message)
        self.message = message
        self.error = {
            "kind": ERROR_KINDS[code],
            "message": message,
            "code": _device_code(error),
            "problems": [p for p in self.problem_records(problems) if p["severity"] == "error"],
            "backup": _backup_path(error),
        }
        return self.finish(code)

    def finish(self, code: ExitCode | int) -> int:
        code = ExitCode(int(code))
        if self.json:
            if self.error is None and code not in (ExitCode.DONE, ExitCode.INCOMPLETE):
                self.error = {"kind": ERROR_KINDS[code], "message": self.message or "", "code": None,
                              "problems": [], "backup": None}
            document = {
                "command": self.command, "ok": code is ExitCode.DONE, "exit_code": int(code),
                "message": self.message, "warnings": self.warnings, "error": self.error, **self.fields,
            }
            print(dump(document), flush=True)
        return int(code)


def dump(document: Mapping[str, Any]) -> str:
    """The document as text: UTF-8 consoles get the characters, other code pages \\u escapes, so
    nothing is lost whatever the console's code page."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return json.dumps(document, ensure_ascii=encoding != "utf8", indent=2)
