"""The module workspace's bridge to app/core: one function per operation, typed results out.

Functions here take what the widgets hold (values, passwords, connection settings), call the
app/core operation, and turn its typed result into rows and texts for the widgets. No protocol
rule lives here: validation, SMS texts, frames and reply decoding are the lower layers'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.links.base import Link
from app.core.module_results import ConfigureResult, Outcome
from app.core.phone_list import load_phones, parse_phones, phones_or_error, save_phones
from app.core.progress import ProgressCallback
from app.ui.i18n import language, pick
from protocols.errors import ValidationError
from protocols.module_status import StatusSnapshot
from protocols.module_types import ModuleType
from protocols.text import Text

if TYPE_CHECKING:
    pass


@dataclass
class TransferOutcome:
    rows: list[tuple[str, str, bool | None]]  # (parameter or phone, result text, ok / None = unknown)
    summary: str
    ok: bool


@dataclass
class SimContent:
    texts: list[str]
    module: ModuleType | None
    values: dict[str, object] = field(default_factory=dict)
    summary: str = ""
    ok: bool = True


@dataclass(frozen=True)
class FoundModem:
    port: str
    baud: int
    name: str


# --- phone lists ------------------------------------------------------------------------------
def _load_phone_file(path: Path) -> list[str]:
    return phones_or_error(load_phones(path))


def _check_phone(text: str) -> str:
    if not text.strip():
        raise ValidationError([Text("Введите номер телефона", "Type a phone number")])
    return phones_or_error(parse_phones([text]))[0]


def phone_list_functions() -> tuple[Callable[[Path], list[str]], Callable[[Path, list[str]], None],
                                    Callable[[str], str]]:
    return _load_phone_file, save_phones, _check_phone


# --- configuration over a frame link (TCP/IP, CENC, direct channel) ------------------------------
def configure_outcome(result: ConfigureResult) -> TransferOutcome:
    lang = language()
    rows: list[tuple[str, str, bool | None]] = []
    for item in result.parameters:
        text = item.outcome.label.get(lang)
        if item.reason is not None:
            text += f" — {item.reason.get(lang)}"
        ok = None if item.outcome is Outcome.NOT_CONFIRMED else item.outcome is Outcome.APPLIED
        rows.append((f"{pick(item.param.label)} = {item.value_text()}", text, ok))
    extra = [line for line in result.lines(lang) if line.startswith("!")]
    if result.restarted is not None or result.cancelled or result.error is not None:
        extra = result.lines(lang)[len(result.parameters):-1]
    summary = "\n".join([result.summary(lang), *extra])
    return TransferOutcome(rows, summary, result.ok)


async def configure(link: Link, module: ModuleType, values: dict[str, object], password: str,
                    progress: ProgressCallback) -> TransferOutcome:
    from app.core.module_ops import configure_module

    result = await configure_module(link, module, values, password, progress=progress)
    return configure_outcome(result)


async def read_status(link: Link, kind: str, password: str, snapshot: StatusSnapshot) -> StatusSnapshot:
    from app.core.module_ops import read_status as core_read_status

    reading = await core_read_status(link, kind, password)
    return snapshot.apply(reading.reply)
