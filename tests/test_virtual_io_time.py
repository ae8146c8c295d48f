"""The tests' virtual-time loop (tests/virtual_io_time.py): idle waiting is skipped, waiting for something on
its way is not."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from simulators.transport import pty_supported
from tests.virtual_io_time import VirtualIoTimeLoop

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> tuple[T, float, float, float]:
    """The result, the loop's seconds, the real seconds it took and the seconds the loop jumped over
    (the last is what says a wait was skipped: real time alone would depend on the machine's load)."""
    loop = VirtualIoTimeLoop()
    try:
        real, virtual = time.monotonic(), loop.time()
        result = loop.run_until_complete(coroutine)
        return result, loop.time() - virtual, time.monotonic() - real, loop.offset
    finally:
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


def test_an_idle_hour_takes_a_moment() -> None:
    _, virtual, _real, jumped = run(asyncio.sleep(3600))
    assert virtual >= 3600 and jumped >= 3000  # skipped, not waited: a real hour would leave it at 0


def test_an_executor_job_is_waited_for_not_jumped_over() -> None:
    async def scenario() -> str:
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(10):  # the job takes 0.3 s of real time: well within the timeout
            await loop.run_in_executor(None, time.sleep, 0.3)
        return "done"

    result, virtual, real, jumped = run(scenario())
    assert result == "done" and jumped == 0 and virtual >= 0.3 and real >= 0.3


@pytest.mark.skipif(not pty_supported(), reason="pty needs POSIX")
def test_bytes_unread_in_a_pty_hold_the_clock() -> None:
    import pty
    import tty

    master, slave = pty.openpty()
    tty.setraw(slave)  # a byte pipe, as the simulators' ptys are
    os.write(master, b"on its way")
    taken = threading.Event()

    def reader() -> None:  # takes the bytes late, as a busy machine's reader thread may
        time.sleep(0.3)
        os.read(slave, 100)
        taken.set()

    async def scenario() -> bool:
        thread = threading.Thread(target=reader)
        thread.start()
        await asyncio.sleep(10)  # may be jumped over only once nothing is on its way
        taken_before_the_wake_up = taken.is_set()
        thread.join()
        return taken_before_the_wake_up

    try:
        taken_first, virtual, _real, jumped = run(scenario())
    finally:
        os.close(master)
        os.close(slave)
    assert taken_first  # the clock did not jump while the pty held the bytes
    assert virtual >= 10 and jumped > 0  # then it did jump
