"""Runs command lines one after another in one process whose stdout and stderr are in the code page
PYTHONIOENCODING names, as main.py does (app.cli.main): ``python -m tests.codepage_driver RUNS_JSON`` where
each run is ``{"argv": [...], "env": {...}}``. After each command it prints ``=== <index> <exit code>`` on
both streams."""

from __future__ import annotations

import json
import os
import sys

from app.cli import codepage, run


def main() -> int:
    codepage.install()
    for index, item in enumerate(json.loads(sys.argv[1])):
        saved = dict(os.environ)
        os.environ.update(item["env"])
        try:
            code = run(item["argv"])
        finally:
            os.environ.clear()
            os.environ.update(saved)
        for stream in (sys.stdout, sys.stderr):
            print(f"=== {index} {code}", file=stream, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
