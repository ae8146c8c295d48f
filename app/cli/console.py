"""Terminal plumbing shared by the commands: progress on stderr and Ctrl-C as a stop request."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

from app.core.progress import Progress, ProgressCallback
from protocols import platform_caps
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

    Where the event loop takes signal handlers (POSIX) the loop's own handler sets it. Where it does
    not (Windows; ``CONFIGURATOR_WITHOUT=loop-signals`` runs that path anywhere) a plain ``signal``
    handler does, once: it puts back the handler it replaced, so a second Ctrl-C interrupts as usual
    (KeyboardInterrupt, exit code 130). Off the main thread nothing is installed and Ctrl-C stays
    KeyboardInterrupt.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    if platform_caps.current().loop_signals:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGINT, stop.set)
            return stop
    if threading.current_thread() is not threading.main_thread():
        return stop
    previous = signal.getsignal(signal.SIGINT)

    def on_ctrl_c(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, previous)
        if loop.is_closed():  # the command has ended: behave as if this handler were never set
            if previous is signal.SIG_IGN:
                return
            if callable(previous):
                previous(signum, frame)
                return
            raise KeyboardInterrupt
        loop.call_soon_threadsafe(stop.set)

    signal.signal(signal.SIGINT, on_ctrl_c)
    return stop
