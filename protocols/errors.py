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
``str(error)`` is English, ``error.message(lang)`` picks a language.
"""

from __future__ import annotations

from collections.abc import Sequence

from protocols.text import Text


class ConfiguratorError(Exception):
    def __init__(self, message: str | Text, *args: object) -> None:
        self.text = message if isinstance(message, Text) else Text(message, message)
        super().__init__(self.text.en, *args)

    def message(self, lang: str = "ru") -> str:
        return self.text.get(lang)

    def __str__(self) -> str:
        return self.text.en


class ProtocolError(ConfiguratorError):
    """Bytes that do not follow the protocol (framing, length, CRC, syntax)."""


class SettingsFileError(ConfiguratorError):
    """A file (settings, phone list, device list, firmware) that cannot be loaded."""


class DeviceError(ConfiguratorError):
    """The device refused: ``code`` is the device's error code."""

    def __init__(self, code: int, message: str | Text) -> None:
        self.code = code
        super().__init__(message)


class LinkError(ConfiguratorError):
    """The byte link failed."""


class LinkTimeout(LinkError, TimeoutError):
    """No (complete) answer within the allowed time."""


class LinkClosed(LinkError):
    """The port or socket was closed, lost or unplugged."""


class ValidationError(ConfiguratorError):
    """One or more values break the rules; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[object]) -> None:
        self.problems = list(problems)
        ru = "; ".join(_text_of(p).ru for p in self.problems)
        en = "; ".join(_text_of(p).en for p in self.problems)
        super().__init__(Text(ru, en))


def _text_of(problem: object) -> Text:
    text = getattr(problem, "text", None)
    if isinstance(text, Text):
        return text
    return problem if isinstance(problem, Text) else Text(str(problem), str(problem))
