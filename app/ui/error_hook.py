"""Last-resort error handling: an unexpected exception becomes a readable dialog and a log entry.

A ConfiguratorError shows its own message in the UI language; anything else shows a short
message and the path of the log file holding the traceback. Errors in asyncio callbacks and
tasks nobody awaited take the same way.

The log lives in the per-user log folder (app.core.user_dirs, ``user_dir("logs")``), is readable by
the user only (0600 on POSIX: tracebacks may quote addresses and settings) and rotates at
``LOG_BYTES`` keeping ``LOG_BACKUPS`` old files. The window's start-up does not open it (nor import
logging.handlers, which takes milliseconds the window would wait for): the handler (:class:`LogFile`)
opens it with the first record.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from app.core.user_dirs import user_dir
from app.ui.i18n import tr
from app.ui.runner import error_text

log = logging.getLogger("configurator")


LOG_NAME = "configurator.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3


if TYPE_CHECKING:
    import asyncio
    from logging.handlers import RotatingFileHandler


def log_file_path() -> Path:
    return user_dir("logs") / LOG_NAME


def _open_log_file() -> RotatingFileHandler | None:
    """The handler of the per-user log file; None (stderr only) when the folder cannot be created."""
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFileHandler(RotatingFileHandler):
        """A rotating log whose files only their owner can read (new ones and an existing one)."""

        def _open(self):  # type: ignore[no-untyped-def]  # logging's own signature
            descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            if os.name == "posix":
                os.fchmod(descriptor, 0o600)  # a file left by an older version may be world-readable
            return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)

    try:
        handler = PrivateRotatingFileHandler(log_file_path(), maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                             encoding="utf-8")
    except OSError as error:
        print(f"log file: {error}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


class LogFile(logging.Handler):
    """The root logger's handler writing to the per-user log file, which it opens with its first record."""

    def __init__(self) -> None:
        super().__init__()
        self.file: RotatingFileHandler | None = None
        self._failed = False  # the folder could not be created: stderr only, not tried again for each record

    def open(self) -> Path | None:
        if self.file is None and not self._failed:
            self.file = _open_log_file()
            self._failed = self.file is None
        return None if self.file is None else Path(self.file.baseFilename)

    def emit(self, record: logging.LogRecord) -> None:
        self.open()
        if self.file is not None:
            self.file.handle(record)
        elif logging.lastResort is not None and record.levelno >= logging.lastResort.level:
            logging.lastResort.handle(record)  # as when the root logger has no handler

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def _log_file() -> LogFile:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in root.handlers:
        if isinstance(handler, LogFile):
            return handler
    handler = LogFile()
    root.addHandler(handler)
    return handler


def setup_logging() -> Path | None:
    """Log to the per-user log file, opened now; None (stderr only) when the folder cannot be created."""
    return _log_file().open()


def setup_logging_on_first_record() -> None:
    """As :func:`setup_logging`, the file opened by the first record rather than now."""
    _log_file()


def show_error(error: BaseException) -> None:
    text = error_text(error)
    if QApplication.instance() is None:
        print(text, file=sys.stderr)
        return
    from PySide6.QtWidgets import QMessageBox  # the dialog's class loads with the first error

    box = QMessageBox(QMessageBox.Icon.Critical, tr("Ошибка"), text)
    box.setObjectName("error_dialog")
    path = _logged_to()
    if path is not None:
        box.setInformativeText(tr("Подробности записаны в журнал: {path}").format(path=path))
    box.exec()


def _logged_to() -> Path | None:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, LogFile) and handler.file is not None:
            return Path(handler.file.baseFilename)
    return None


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
    show_error(error)


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    import asyncio

    error = context.get("exception")
    if isinstance(error, asyncio.CancelledError):
        return
    if error is None:
        log.error("event loop: %s", context.get("message"))
        return
    log.error("event loop error: %s", context.get("message"), exc_info=error)
    show_error(error)


def install(loop: asyncio.AbstractEventLoop | None = None) -> None:
    setup_logging_on_first_record()
    sys.excepthook = excepthook
    if loop is not None:
        loop.set_exception_handler(loop_exception_handler)
