"""Every ConfiguratorError message a test run creates, in Russian, with the test that created it first.

tests/conftest.py installs the recorder once per run; tests/test_messages_russian.py reads
:data:`ERROR_MESSAGES` after every other test.
"""

from __future__ import annotations

from protocols.errors import ConfiguratorError

ERROR_MESSAGES: dict[str, str] = {}  # Russian text -> node id of the first test that produced it
CURRENT_TEST = [""]


def install() -> None:
    if getattr(ConfiguratorError.__init__, "records_messages", False):
        return
    original = ConfiguratorError.__init__

    def recording_init(self: ConfiguratorError, message: object, *args: object, **fields: object) -> None:
        original(self, message, *args, **fields)  # type: ignore[arg-type]
        ERROR_MESSAGES.setdefault(self.text.ru, CURRENT_TEST[0])

    recording_init.records_messages = True  # type: ignore[attr-defined]
    ConfiguratorError.__init__ = recording_init  # type: ignore[method-assign]
