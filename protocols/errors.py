"""The project's error tree.

    ConfiguratorError            every error the product raises on purpose
    ├── ProtocolError            bad bytes from a device or a file: framing, CRC, syntax
    ├── ValidationError          values that break the catalogue's rules (all problems at once)
    ├── SettingsFileError        a settings/list file that cannot be loaded
    ├── DeviceError(code)        the device answered with an error code (Appendix A 0x01–0x06…)
    └── LinkError                the byte link failed
        ├── LinkTimeout          no answer in time (also a TimeoutError)
        └── LinkClosed           port lost, socket closed, device unplugged

Each error carries its message in Russian and English (:class:`protocols.text.Text`);
``str(error)`` is English, ``error.message(lang)`` picks a language. What an error says beyond
its message is a typed field set when it is made: ``written`` (what a write had done when it
failed), ``problems`` (every value or line that is wrong), ``line`` (where in a file), and the
backup kept before a write that then failed (``backup``, see :meth:`ConfiguratorError.mention_backup`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from protocols.text import Text


class Described(Protocol):
    """A problem that says what is wrong (catalogue Problem, a phone list's line …)."""

    @property
    def text(self) -> Text: ...


ProblemItem = Text | Described
"""One thing that is wrong: its text, or a record that carries its text (and says where)."""


class KeptBackup(Protocol):
    """A backup kept before a write (app.core.backups.Backup): where it is and the line that says so."""

    @property
    def path(self) -> Path | None: ...

    @property
    def line(self) -> Text: ...


class ConfiguratorError(Exception):
    def __init__(self, message: str | Text, *args: object, written: Text | None = None) -> None:
        self.text = message if isinstance(message, Text) else Text(message, message)
        self.reason = self.text  # the message without the line a backup adds to it
        self.written = written  # a write cut short: what the device confirmed and what not
        self.backup: KeptBackup | None = None
        super().__init__(self.text.en, *args)

    def message(self, lang: str = "ru") -> str:
        return self.text.get(lang)

    def mention_backup(self, backup: KeptBackup) -> None:
        """A write that failed after ``backup`` was kept: the message ends saying where it is."""
        self.backup = backup
        line = backup.line
        self.text = Text(f"{self.reason.ru}\n{line.ru}", f"{self.reason.en}\n{line.en}")
        self.args = (self.text.en, *self.args[1:])

    def __str__(self) -> str:
        return self.text.en


class ProtocolError(ConfiguratorError):
    """Bytes that do not follow the protocol (framing, length, CRC, syntax)."""


class SettingsFileError(ConfiguratorError):
    """A file (settings, phone list, device list, firmware) that cannot be loaded: ``problems``
    lists what is wrong in it when there is more than one thing, ``line`` where (1-based) when one line."""

    def __init__(self, message: str | Text, *, problems: Sequence[ProblemItem] = (), line: int | None = None) -> None:
        super().__init__(message)
        self.problems: list[ProblemItem] = list(problems)
        self.line = line


class DeviceError(ConfiguratorError):
    """The device refused: ``code`` is the device's error code."""

    def __init__(self, code: int, message: str | Text, *, written: Text | None = None) -> None:
        self.code = code
        super().__init__(message, written=written)


class LinkError(ConfiguratorError):
    """The byte link failed."""


class LinkTimeout(LinkError, TimeoutError):
    """No (complete) answer within the allowed time."""


class LinkClosed(LinkError):
    """The port or socket was closed, lost or unplugged."""


class ValidationError(ConfiguratorError):
    """One or more values break the rules; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[ProblemItem]) -> None:
        self.problems: list[ProblemItem] = list(problems)
        ru = "; ".join(text_of(p).ru for p in self.problems)
        en = "; ".join(text_of(p).en for p in self.problems)
        super().__init__(Text(ru, en))


def text_of(problem: ProblemItem) -> Text:
    return problem if isinstance(problem, Text) else problem.text
