"""Every ConfiguratorError message a test run creates, in Russian, with the test that created it first.

tests/conftest.py installs the recorder once per run; tests/test_messages_russian.py reads
:data:`ERROR_MESSAGES` after every other test. When the run is spread over several processes
(pytest-xdist), each worker hands its messages to the controlling process, which checks them all
once the workers are done (tests/conftest.py).
"""

from __future__ import annotations

import re

from protocols.errors import ConfiguratorError

ERROR_MESSAGES: dict[str, str] = {}  # Russian text -> node id of the first test that produced it
CURRENT_TEST = [""]

FORBIDDEN = re.compile(
    r"Errno|WinError|Traceback|\b[A-Z][A-Za-z]*(?:Error|Exception)\b|NoneType|"
    r"No such file|Connection refused|Connect call failed|Name or service|name resolution|nodename|"
    r"timed out|Inappropriate ioctl|Permission denied|Access is denied|resource busy|could not open port|"
    r"Could not configure|Expecting|Extra data|Unterminated|Invalid control|label empty|codec|Broken pipe|"
    r"Connection reset|unreachable|No route|not a zip file|can't decode|cannot find the file|semaphore|"
    r"has no attribute|stream read|not subscriptable"
)
ENGLISH_RUN = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,}){3,}\b")  # four English words in a row
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|'[^']*'")  # what the user typed, echoed back
AT_LEAST = 20  # tests/test_messages_russian.py alone produces more: fewer means the recorder is broken


def install() -> None:
    if getattr(ConfiguratorError.__init__, "records_messages", False):
        return
    original = ConfiguratorError.__init__

    def recording_init(self: ConfiguratorError, message: object, *args: object, **fields: object) -> None:
        original(self, message, *args, **fields)  # type: ignore[arg-type]
        ERROR_MESSAGES.setdefault(self.text.ru, CURRENT_TEST[0])

    recording_init.records_messages = True  # type: ignore[attr-defined]
    ConfiguratorError.__init__ = recording_init  # type: ignore[method-assign]


def foreign(text: str) -> list[str]:
    """What in a Russian message is not Russian for a user (quoted user input aside)."""
    bare = QUOTED.sub("«…»", text)
    return [m.group(0) for m in (*FORBIDDEN.finditer(bare), *ENGLISH_RUN.finditer(bare))]


def problems(messages: dict[str, str]) -> str:
    """What is wrong with the run's messages, for a report; empty when they all read as Russian."""
    if len(messages) < AT_LEAST:
        return f"only {len(messages)} error messages recorded: the recorder does not work"
    offenders = {text: (test, foreign(text)) for text, test in messages.items() if foreign(text)}
    if not offenders:
        return ""
    report = "\n".join(f"{test}: {found} in {text!r}" for text, (test, found) in list(offenders.items())[:40])
    return f"{len(offenders)} messages with English, errno or exception names:\n{report}"
