"""Terminal plumbing shared by the commands: progress on stderr and Ctrl-C as a stop request."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import threading
from types import FrameType

from app.core.progress import Progress, ProgressCallback
from protocols import platform_caps


class ProgressPrinter:
    """Prints progress on stderr, one whole line per step, so stdout keeps only the results and a
    log file or a Windows console shows it as it is: ``[done/total] step``. A step that only counts
    on (the same text again: a 1 MiB download has 256) is printed again when it moved on by a tenth
    of its total, and when it is complete."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._last: tuple[str, int] | None = None  # the last line's text and per cent

    def __call__(self, step: Progress) -> None:
        text = step.text.get(self.lang)
        percent = 100 * min(step.done, step.total) // step.total if step.total else 100
        if self._last is not None and self._last[0] == text:
            shown = self._last[1]
            if percent < shown + 10 and not (percent == 100 > shown):
                return
        self._last = (text, percent)
        print(f"[{step.done}/{step.total}] {text}", file=sys.stderr, flush=True)


def progress_printer(lang: str) -> ProgressCallback:
    """The progress callback every command hands to its operation."""
    return ProgressPrinter(lang)


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
