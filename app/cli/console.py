"""Terminal plumbing shared by the commands: progress on stderr and Ctrl-C as a stop request."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Callable

from app.core.progress import Progress, ProgressCallback
from protocols.text import Text


def progress_printer(lang: str) -> ProgressCallback:
    """Prints ``[done/total] step`` on stderr, so stdout keeps only the results."""

    def show(step: Progress) -> None:
        print(f"[{step.done}/{step.total}] {step.text.get(lang)}", file=sys.stderr, flush=True)

    return show


def count_printer(lang: str) -> Callable[[int, int, Text], None]:
    """``progress(done, total, what)`` of the UTMC operations: one line per operation on stderr,
    redrawn when the percentage changes (a 1 MiB download has 256 steps)."""
    shown: dict[str, int] = {}

    def show(done: int, total: int, what: Text) -> None:
        label = what.get(lang)
        percent = 100 * done // total if total else 100
        if shown.get(label) == percent:
            return
        shown[label] = percent
        print(f"\r{label}: {done}/{total} ({percent}%)", end="" if done < total else "\n", file=sys.stderr)

    return show


def ctrl_c_stop() -> asyncio.Event:
    """An event Ctrl-C sets (call inside the running loop): a long wait ends early and its results are shown.

    Where the loop cannot take signal handlers (Windows, a non-main thread) Ctrl-C stays KeyboardInterrupt.
    """
    stop = asyncio.Event()
    with contextlib.suppress(NotImplementedError, RuntimeError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stop.set)
    return stop
