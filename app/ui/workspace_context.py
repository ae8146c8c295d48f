"""What the main window hands to each workspace (module configurator, UTMC-700).

A workspace is a QWidget constructed as ``Workspace(context)``; it may define ``busy() -> bool``
(the window asks before closing while it is true), ``save_state()`` (called on close) and
``demo_prefill(endpoints)`` (called in --demo mode with the simulators' endpoints).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.ui.app_settings import AppSettings
from app.ui.log_panel import LogPanel


@dataclass
class WorkspaceContext:
    settings: AppSettings
    log: LogPanel  # add link listeners with log.listener("name"); add secrets via log.secret_sources
    demo_endpoints: dict[str, str] = field(default_factory=dict)  # empty unless --demo
