"""The exit codes of every command, and the one place that maps an error to its code.

    0    done: everything asked for was done
    1    partly done, or refused by the device: the output (and the JSON) says what
    2    bad usage or bad input: options, values, files; nothing was sent to a device
    3    cannot connect: the port or host could not be opened or the device never answered;
         nothing was changed
    130  cancelled (Ctrl-C); what was done before is reported
    141  the output pipe was closed by the reader (``| head``): the usual SIGPIPE code

docs/cli.md documents them for users.
"""

from __future__ import annotations

import enum

from protocols.errors import ConfiguratorError, DeviceError, LinkError, SettingsFileError, ValidationError
from protocols.text import Text


class ExitCode(enum.IntEnum):
    DONE = 0
    INCOMPLETE = 1
    BAD_INPUT = 2
    NO_CONNECTION = 3
    CANCELLED = 130
    BROKEN_PIPE = 141


class UsageError(ConfiguratorError):
    """The command line itself is wrong (argparse's complaint, or a rule between options)."""

    def __init__(self, message: str | Text, usage: str = "", prog: str = "main.py") -> None:
        super().__init__(message)
        self.usage, self.prog = usage, prog  # printed before the complaint, as argparse does


MEANINGS = {
    ExitCode.DONE: "done: everything asked for was done",
    ExitCode.INCOMPLETE: "partly done, or refused by the device: the output (and the JSON document) says what was "
                         "done and what not",
    ExitCode.BAD_INPUT: "bad usage or bad input (options, values, files): nothing was sent to a device",
    ExitCode.NO_CONNECTION: "cannot connect: the port or host could not be opened, or the device never answered; "
                            "nothing was changed",
    ExitCode.CANCELLED: "cancelled (Ctrl-C); what was done before it is reported",
    ExitCode.BROKEN_PIPE: "the reader of the output went away (`| head`): the usual SIGPIPE code",
}
"""What each code means, for docs/cli.md."""

ERROR_KINDS = {
    ExitCode.INCOMPLETE: "incomplete",
    ExitCode.BAD_INPUT: "bad_input",
    ExitCode.NO_CONNECTION: "no_connection",
    ExitCode.CANCELLED: "cancelled",
}
"""The ``error.kind`` of a command's JSON document, per exit code."""


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code of a command that ended with ``error``."""
    if isinstance(error, KeyboardInterrupt):
        return ExitCode.CANCELLED
    if isinstance(error, ValidationError | SettingsFileError | UsageError):
        return ExitCode.BAD_INPUT
    if isinstance(error, LinkError):
        # a transfer the link failure cut short carries what was written (TransferInterrupted):
        # that is done partly, not "cannot connect"
        return ExitCode.INCOMPLETE if error.written is not None else ExitCode.NO_CONNECTION
    if isinstance(getattr(error, "cause", None), LinkError):
        return ExitCode.NO_CONNECTION  # a backup could not be read because the device never answered
    if isinstance(error, DeviceError | ConfiguratorError):
        return ExitCode.INCOMPLETE
    raise TypeError(f"no exit code for {type(error).__name__}") from error


def done_if(ok: bool) -> ExitCode:
    """DONE when everything asked for was done, else INCOMPLETE."""
    return ExitCode.DONE if ok else ExitCode.INCOMPLETE
