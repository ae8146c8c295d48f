"""``main.py`` as a child process: a running simulator (``main.py simulate …``) and one-shot commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def simulator_process(*args: str, env: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Start ``main.py simulate <args>`` and yield the endpoints it prints as its first line (JSON)."""
    process = subprocess.Popen(
        [sys.executable, "main.py", "simulate", *args],
        cwd=ROOT, env=None if env is None else {**os.environ, **env}, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        yield json.loads(process.stdout.readline())
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_main(*args: str, timeout: float = 30, env: Mapping[str, str] | None = None,
             ) -> subprocess.CompletedProcess[str]:
    """Run ``main.py <args>`` to the end and capture what it prints."""
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT, env=None if env is None else {**os.environ, **env}, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
