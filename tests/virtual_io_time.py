"""An event loop for tests over real ptys and sockets whose clock skips idle waiting.

    pytestmark = pytest.mark.virtual_time     # a test module whose waits are all on the loop's clock

``loop.time()`` is ``time.monotonic()`` plus an offset. When nothing is ready and nothing is on its
way, the offset grows so that the next timer is due at once: a 2 s reply timeout or a simulator's
1 s restart costs a moment of real time. Bytes still move through the kernel for real; only waiting
with nothing to wait for is skipped, so the order of events is the one real time would give.

"Nothing on its way" is checked, not guessed, before every jump, so a loaded machine (a reader
thread not scheduled, loopback bytes left to a softirq) delays a jump but never makes one early:
- a real ``select`` with no timeout (and again after a short settle) finds nothing ready;
- no job of the loop's executor is running (port writes, opens, joins);
- no pty of the process holds unread bytes (``poll`` on a pty first moves bytes the kernel still
  holds in its flip buffer to the reader's side), no socket holds bytes a thread has not read, no
  TCP socket has bytes it has not sent yet (SIOCOUTQNSD; sent bytes land in a loopback peer's
  queue within the sending call, where the checks above see them);
- no other thread of the process is runnable (a reader thread between its ``read`` and handing the
  bytes to the loop).
Anything on its way makes the loop wait for real, a millisecond at a time, as an ordinary loop does.
Waits measured with ``time.monotonic`` or ``time.sleep`` are not virtual: modules that use this loop
keep their waits on the loop's clock (asyncio.sleep, timeouts, call_later). Linux only (``/proc``);
elsewhere the loop waits in real time.
"""

from __future__ import annotations

import asyncio
import os
import select
import selectors
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

SETTLE = 0.001  # real seconds the loop stays quiet before it jumps
POLL = 0.001  # real seconds between checks while something is on its way
_SIOCOUTQNSD = 0x894B  # Linux: bytes in a TCP socket's send queue not sent yet
_PROC = sys.platform.startswith("linux") and os.path.isdir("/proc/self/task")


def _queued(fd: int, request: int) -> int:
    import fcntl  # POSIX only; this module is imported on Windows too (where the loop waits in real time)

    try:
        return int.from_bytes(fcntl.ioctl(fd, request, b"\0\0\0\0"), sys.byteorder, signed=True)
    except OSError:
        return 0  # a listening or closed socket, a closed fd


def _fds_in_flight(registered: set[int]) -> bool:
    """Bytes a pty or socket of this process holds for someone who has not taken them yet."""
    import termios

    ttys: list[int] = []
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue  # closed meanwhile
        if target.startswith("/dev/pts/") or target == "/dev/ptmx":
            ttys.append(fd)
        elif target.startswith("socket:"):
            if _queued(fd, _SIOCOUTQNSD) > 0:  # not sent yet (bytes sent but not acknowledged are not counted:
                return True                    # a delayed ACK holds them for up to 40 ms after they arrived)
            if fd not in registered and _queued(fd, termios.FIONREAD) > 0:  # arrived, for a thread to read
                return True
    if ttys:
        poller = select.poll()
        for fd in ttys:
            poller.register(fd, select.POLLIN)
        # polling a pty first pushes what the kernel holds in its flip buffer to the reader's queue
        if any(event & select.POLLIN for _, event in poller.poll(0)):
            return True
    return False


def _other_thread_runnable() -> bool:
    me = threading.get_native_id()
    for tid in os.listdir("/proc/self/task"):
        if int(tid) == me:
            continue
        try:
            with open(f"/proc/self/task/{tid}/stat", "rb") as stat:
                fields = stat.read().rpartition(b")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if fields and fields[0] in (b"R", b"D"):  # running, waiting for a CPU, or in uninterruptible I/O
            return True
    return False


class VirtualIoTimeLoop(asyncio.SelectorEventLoop):
    # simulators.utmc.sleep_until: this loop's timers need no thread's sleep to be exact (a jump lands on
    # the timer; a thread's sleep would be a real wait)
    fine_timers = True

    def __init__(self) -> None:
        super().__init__(selectors.DefaultSelector())
        self.offset = 0.0  # virtual seconds skipped so far
        self._jobs = 0  # executor jobs still running
        self._jobs_lock = threading.Lock()
        selector = self._selector  # type: ignore[attr-defined]
        real_select: Callable[[float | None], list[Any]] = selector.select

        def select_or_jump(timeout: float | None = None) -> list[Any]:
            if timeout is None or timeout <= 0 or not _PROC:
                return real_select(timeout)  # no timer to jump to (whatever comes wakes the select), or work ready
            events = real_select(0)
            due = self.time() + timeout
            settled = False
            while not events:
                remaining = due - self.time()
                if remaining <= 0:
                    return []
                if self._in_flight(selector):
                    settled = False
                    events = real_select(min(remaining, POLL))
                elif not settled:
                    settled = True  # nothing on its way: stay quiet a moment, then look again
                    events = real_select(min(remaining, SETTLE))
                else:
                    self.offset += remaining
                    return []
            return events

        selector.select = select_or_jump

    def time(self) -> float:
        return time.monotonic() + self.offset

    def _in_flight(self, selector: selectors.BaseSelector) -> bool:
        if self._jobs:
            return True
        registered = {key.fd for key in selector.get_map().values()}
        return _fds_in_flight(registered) or _other_thread_runnable()

    def run_in_executor(self, executor: Any, func: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        with self._jobs_lock:
            self._jobs += 1
        try:
            future = super().run_in_executor(executor, func, *args)
        except BaseException:
            self._job_done()
            raise
        future.add_done_callback(lambda _: self._job_done())
        return future

    def _job_done(self) -> None:
        with self._jobs_lock:
            self._jobs -= 1

