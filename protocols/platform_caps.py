"""What the operating system offers that the configurator's code paths depend on, decided in one place.

    current() -> PlatformCaps           pty: pseudo-terminal pairs (POSIX; the simulators' serial ports)
                                        loop_signals: asyncio's add_signal_handler (POSIX event loops)

Windows has neither: the demo and the simulators offer ``socket://`` serial endpoints instead of
ptys, and Ctrl-C reaches a console command through a plain ``signal.signal`` handler instead of the
event loop's. So that those paths do not run for the first time on a user's laptop, they can be
switched on anywhere: the environment variable ``CONFIGURATOR_WITHOUT`` names what to do without,
e.g. ``CONFIGURATOR_WITHOUT=pty,loop-signals`` on Linux behaves as Windows does. It is read once,
at import; in-process tests replace ``CAPS``.

It sits with the pure modules because the simulators and the application both consult it and
neither may import the other's code.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

WITHOUT_ENV = "CONFIGURATOR_WITHOUT"
SWITCHES = ("pty", "loop-signals")


@dataclass(frozen=True)
class PlatformCaps:
    pty: bool
    loop_signals: bool


def detect(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> PlatformCaps:
    windows = platform.startswith("win")
    without = {name.strip().lower() for name in environ.get(WITHOUT_ENV, "").split(",") if name.strip()}
    unknown = sorted(without - set(SWITCHES))
    if unknown:  # a developer's switch: a typo must not silently test the wrong path
        warnings.warn(f"{WITHOUT_ENV}: unknown {', '.join(unknown)} (known: {', '.join(SWITCHES)})", stacklevel=2)
    return PlatformCaps(pty=not windows and "pty" not in without,
                        loop_signals=not windows and "loop-signals" not in without)


CAPS = detect()


def current() -> PlatformCaps:
    return CAPS
