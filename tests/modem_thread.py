"""The virtual modem on a real pty, served by an event loop in a background thread, so a command of
``main.py`` can run in the test's own thread (``app.cli.run``) with its output captured and the
modem's states, faults and clock in the test's hands."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.modem_fixtures import ModemBench, modem_bench


@contextmanager
def modem_in_thread(meters: int = 2, **options: Any) -> Iterator[ModemBench]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="virtual modem", daemon=True)
    thread.start()
    bench_context = modem_bench(meters, **options)
    try:
        bench = asyncio.run_coroutine_threadsafe(bench_context.__aenter__(), loop).result(10)
        try:
            yield bench
        finally:
            asyncio.run_coroutine_threadsafe(bench_context.__aexit__(None, None, None), loop).result(10)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
