"""Runs app/core coroutines as asyncio tasks on the qasync loop and reports to the widgets.

One operation at a time per page: a transfer, a status request, a modem scan. The runner says
when it is busy (to grey out buttons and to ask before closing), cancels on request, and turns
every failure into readable text: a ConfiguratorError in the UI language, anything else as a
short message with the details in the log (never a traceback on screen).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.core.os_errors import os_error_reason
from app.ui.i18n import language, tr
from protocols.errors import ConfiguratorError

if TYPE_CHECKING:  # asyncio comes with the event loop, after the window is shown
    import asyncio

log = logging.getLogger(__name__)


def error_text(error: BaseException) -> str:
    """What to tell the user: our errors' own words, an OS error in words (app.core.os_errors); anything
    else is a fault of the program, said as such (its name and traceback go to the log file only)."""
    if isinstance(error, ConfiguratorError):
        return error.message(language())
    if isinstance(error, OSError):
        return tr("Ошибка ввода-вывода: {reason}").format(reason=os_error_reason(error).get(language()))
    log.error("unexpected error shown to the user", exc_info=error)
    return tr("Внутренняя ошибка программы; подробности записаны в журнал программы. Сообщите о ней "
              "разработчикам.")


class OperationRunner(QObject):
    """Signals: ``busy_changed(bool)``, ``failed(str)`` (readable text), ``cancelled()``."""

    busy_changed = Signal(bool)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.task: asyncio.Task[Any] | None = None
        self.name = ""

    @property
    def busy(self) -> bool:
        # Until the result has been shown: a task is done a moment before its done-callback runs.
        return self.task is not None

    def start(self, name: str, factory: Callable[[], Awaitable[Any]],
              on_done: Callable[[Any], None] | None = None) -> asyncio.Task[Any] | None:
        """Start ``factory()``; refused (None) while another operation runs."""
        if self.busy:
            self.failed.emit(tr("Дождитесь окончания операции «{name}» или отмените её").format(name=self.name))
            return None
        import asyncio

        self.name = name

        async def run() -> Any:
            return await factory()

        self.task = asyncio.ensure_future(run())
        self.task.add_done_callback(lambda task: self._finished(task, on_done))
        self.busy_changed.emit(True)
        return self.task

    def cancel(self) -> None:
        if self.busy and self.task is not None:
            self.task.cancel()

    def _finished(self, task: asyncio.Task[Any], on_done: Callable[[Any], None] | None) -> None:
        if self.task is task:
            self.task = None
        try:
            if task.cancelled():
                self.cancelled.emit()
                return
            error = task.exception()
            if error is not None:
                if not isinstance(error, ConfiguratorError):
                    log.error("operation %s failed", self.name, exc_info=error)
                self.failed.emit(error_text(error))
                return
            if on_done is not None:
                try:
                    on_done(task.result())
                except Exception as failure:  # a bug in showing the result must not kill the loop
                    log.exception("showing the result of %s failed", self.name)
                    self.failed.emit(error_text(failure))
        finally:
            self.busy_changed.emit(self.busy)
