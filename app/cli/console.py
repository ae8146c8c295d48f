"""Terminal plumbing shared by the commands: step progress on stderr and Ctrl-C as a stop request."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

from app.core.progress import Progress, ProgressCallback


def progress_printer(lang: str) -> ProgressCallback:
    """Prints ``[done/total] step`` on stderr, so stdout keeps only the results."""

    def show(step: Progress) -> None:
        print(f"[{step.done}/{step.total}] {step.text.get(lang)}", file=sys.stderr, flush=True)

    return show


def ctrl_c_stop() -> asyncio.Event:
    """An event Ctrl-C sets (call inside the running loop): a long wait ends early and its results are shown.

    Where the loop cannot take signal handlers (Windows, a non-main thread) Ctrl-C stays KeyboardInterrupt.
    """
    stop = asyncio.Event()
    with contextlib.suppress(NotImplementedError, RuntimeError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stop.set)
    return stop
