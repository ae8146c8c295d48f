"""Every command's help and typical output in the code pages of a Russian Windows: cp1251 (output
redirected to a file or a pipe) and cp866 (an OEM console). What a page lacks is printed as its
plain equivalent, never as a UnicodeEncodeError."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from app.cli import codepage
from app.cli.commands import COMMANDS
from tests import cli_reference
from tests.simulator_process import ROOT

CODE_PAGES = ("cp1251", "cp866")


@pytest.fixture(scope="module")
def endpoints() -> Iterator[dict[str, str]]:
    with cli_reference.simulators() as found:
        yield found


Line = tuple[list[str], int, dict[str, str]]


def _command_lines(endpoints: dict[str, str]) -> list[Line]:
    """(argv, expected exit code, environment): each command's --help, each example as a person sees it
    (Russian; some as JSON too), and refusals whose messages carry «» and ≥."""
    lines: list[Line] = [([name, "--help"], 0, {}) for name in COMMANDS]
    lines += [(["--help"], 0, {}), (["simulate", "module", "--help"], 0, {})]
    for example in cli_reference.EXAMPLES:  # each once: a second configure would meet the module restarting
        args = [word.format(**endpoints) for word in example.args]
        lines.append((args, example.code, dict(example.env)))
        if example.command in ("params", "sms-text", "decode-lcd", "decode-version", "status"):
            lines.append(([*args, "--json"], example.code, dict(example.env)))
    lines += [
        (["params", "--module", "nb-iot"], 0, {}),
        (["configure", "--module", "gsm-2g4g", "--via", "tcp", "--host", "h", "--set", "colour=red"], 2, {}),
        (["sms-text", "--module", "gsm-2g4g", "--set", "period=5", "--set", "apn=a b"], 2, {}),
        (["status", "--module", "gsm-2g4g", "--via", "tcp", "--host", "h", "--timeout", "inf"], 2, {}),
    ]
    return lines


def _run_in(page: str, lines: list[Line], folder: str) -> tuple[str, str, int]:
    env = {**os.environ, "PYTHONIOENCODING": page, "PYTHONPATH": str(ROOT)}
    runs = json.dumps([{"argv": argv, "env": extra} for argv, _, extra in lines])
    done = subprocess.run([sys.executable, "-m", "tests.codepage_driver", runs], cwd=folder, env=env,
                          capture_output=True, timeout=300)
    return done.stdout.decode(page), done.stderr.decode(page), done.returncode


@pytest.mark.slow
@pytest.mark.parametrize("page", CODE_PAGES)
def test_every_command_prints_in_the_code_page(page: str, endpoints: dict[str, str], tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp(page)
    cli_reference.prepare_files(folder)
    lines = _command_lines(endpoints)
    out, err, code = _run_in(page, lines, str(folder))
    assert code == 0 and "Traceback" not in err and "UnicodeEncodeError" not in err, err[-3000:]
    for index, (argv, expected, _) in enumerate(lines):
        marker = f"=== {index} {expected}\n"
        assert marker in out, (argv, err[err.find(f"=== {index - 1} "):err.find(f"=== {index} ")])
    assert "<=50 символов" in out or "<=32 символов" in out  # params: ≤ has no place in either page
    assert "Неизвестный параметр" in err  # Cyrillic stays
    if page == "cp1251":
        assert "«colour»" in err  # cp1251 has guillemets: they stay
    else:
        assert '"colour"' in err and "«" not in err  # cp866 has none: plain quotes


@pytest.mark.parametrize("page", CODE_PAGES)
def test_main_py_installs_the_substitution(page: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": page}
    for args in (["params", "--module", "gsm-2g4g"], ["configure", "--help"], ["utmc-update", "--help"]):
        done = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, timeout=60)
        assert done.returncode == 0 and not done.stderr, done.stderr.decode(page, "replace")
        text = done.stdout.decode(page)
        assert "≥" not in text and ("<=" in text or ">=" in text or "-" in text)


def test_plain_equivalents() -> None:
    sample = "≥ ≤ − × «цитата» — … № 5°, é, \udc81"
    assert sample.encode("cp1251", codepage.HANDLER).decode("cp1251") == '>= <= - x «цитата» — … № 5°, e, ?'
    assert sample.encode("cp866", codepage.HANDLER).decode("cp866") == '>= <= - x "цитата" - ... № 5°, e, ?'
    assert sample.encode("ascii", codepage.HANDLER).decode("ascii") == '>= <= - x "??????" - ... N 5 deg, e, ?'
