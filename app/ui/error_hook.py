"""Last-resort error handling: an unexpected exception becomes a readable dialog and a log entry.

A ConfiguratorError shows its own message in the UI language; anything else shows a short
message and the path of the log file holding the traceback. Errors in asyncio callbacks and
tasks nobody awaited take the same way.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.i18n import tr
from app.ui.runner import error_text

log = logging.getLogger("configurator")


def log_file_path() -> Path:
    return Path(tempfile.gettempdir()) / "energomera-configurator.log"


def setup_logging() -> Path:
    path = log_file_path()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def show_error(error: BaseException) -> None:
    text = error_text(error)
    if QApplication.instance() is None:
        print(text, file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Ошибка"), text)
    box.setObjectName("error_dialog")
    box.setInformativeText(tr("Подробности записаны в журнал: {path}").format(path=log_file_path()))
    box.exec()


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
    show_error(error)


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    error = context.get("exception")
    if isinstance(error, asyncio.CancelledError):
        return
    if error is None:
        log.error("event loop: %s", context.get("message"))
        return
    log.error("event loop error: %s", context.get("message"), exc_info=error)
    show_error(error)


def install(loop: asyncio.AbstractEventLoop | None = None) -> None:
    setup_logging()
    sys.excepthook = excepthook
    if loop is not None:
        loop.set_exception_handler(loop_exception_handler)
