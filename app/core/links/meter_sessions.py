"""When the last session with a meter ended on each port, for the pause the manuals ask for.

Configuring through the meter's direct channel must start at least 30 s (GSM) or 60 s (NB-IoT) after
the last session with the meter (GSM manual §6.4.2, NB-IoT manual §7.4.1). The direct-channel link
marks the end of each session in the :class:`SessionClock` it is given; app.core.channel_waits reads
it. One clock per application (the workspace context holds it), one per command in the CLI.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from protocols.params.module_types import ModuleType

PAUSE_GSM, PAUSE_NB_IOT = 30.0, 60.0


class SessionClock:
    """When the last session with the meter on each port ended (``clock`` seconds, monotonic)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._ended: dict[str, float] = {}

    def mark_ended(self, port: str) -> None:
        self._ended[port] = self._clock()

    def last_session_end(self, port: str) -> float | None:
        return self._ended.get(port)

    def seconds_to_wait(
        self, port: str, module: ModuleType | str | None = None, *, pause: float | None = None
    ) -> float:
        """Seconds left before the next session on ``port`` may start (0 when it may start now);
        ``pause`` replaces the manuals' pause for ``module``."""
        ended = self._ended.get(port)
        if ended is None:
            return 0.0
        needed = required_pause(module) if pause is None else pause
        return max(0.0, needed - (self._clock() - ended))


def required_pause(
    module: ModuleType | str | None, *, gsm: float = PAUSE_GSM, nb_iot: float = PAUSE_NB_IOT
) -> float:
    """≥60 s after the last session for NB-IoT modules, ≥30 s for GSM ones (or the pauses given)."""
    name = module.value if isinstance(module, ModuleType) else str(module or "")
    return nb_iot if name.startswith("nb-iot") else gsm
