"""What the main window hands to each workspace (module configurator, UTMC-700).

A workspace is a QWidget constructed as ``Workspace(context)``; the window calls its ``busy() -> bool``
(it asks before closing or switching language while it is true), ``cancel_all()`` (the user chose to
close anyway), ``save_state()`` (on close and language switch), ``retire()`` (the language switch
replaces it: stop timers, close links — it is deleted next) and ``demo_prefill(endpoints)`` (in
--demo mode, with the simulators' endpoints).

``waits`` outlive the workspaces (the window makes them once): which modules restarted and when the last
session with a meter ended concern the devices, not one language's widgets. Operations that open a
module's channel are handed them (app.core.channel_waits.opened_channel); the modem's checks and SMS
batches get ``modem_waits`` (with the limit the user sets), so both run on the clock the window was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.channel_waits import ChannelWaits
from app.core.modem_wait_times import ModemWaits
from app.ui.app_settings import AppSettings
from app.ui.log_panel import LogPanel


@dataclass
class WorkspaceContext:
    settings: AppSettings
    log: LogPanel  # add link listeners with log.listener("name"); add secrets via log.secret_sources
    demo_endpoints: dict[str, str] = field(default_factory=dict)  # empty unless --demo
    waits: ChannelWaits = field(default_factory=ChannelWaits)  # the manuals' waits, on the application's clock
    modem_waits: ModemWaits = field(default_factory=ModemWaits)  # the modem's (SIM, network, SMS retries): the same
