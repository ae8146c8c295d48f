"""Every command driven in-process with generated bad argument lists (hypothesis): each ends with an
exit code and a message, never a traceback.

Each list starts from a valid command line aimed at nothing that answers (a closed loopback port, a
serial port that does not exist) and is mutated: words replaced by bad values (empty, ``-``, inf,
nan, 0, -3, 99999, a 64-character host label, lone surrogates, random text), options added with
bad values, words removed. Host names are looked up numerically only, so no case waits for DNS
(``simulate`` runs until stopped and is left out).
"""

from __future__ import annotations

import contextlib
import io
import socket
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import command_parser, run
from app.cli.commands import COMMANDS
from tests.cli_reference import prepare_files

NO_PORT = "/dev/no-such-port-for-tests"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


CLOSED = str(_closed_port())
TCP = ["--host", "127.0.0.1", "--tcp-port", CLOSED]
BASES = {
    "configure": ["--module", "gsm-2g4g", "--via", "tcp", *TCP, "--set", "apn=x", "--timeout", "1"],
    "status": ["--module", "gsm-2g4g", "--via", "serial", "--port", NO_PORT],
    "read-settings": ["--module", "gsm-2g4g", "--via", "tcp", *TCP, "--out", "meter.json", "--timeout", "1"],
    "params": ["--module", "nb-iot"],
    "sms-text": ["--module", "gsm-2g4g", "--set", "apn=x", "--only", "apn"],
    "decode-lcd": ["--module", "gsm-2g4g", "--group1", "130", "--group2", "167"],
    "decode-version": ["c1.0v1.4.8420.1.1.1"],
    "sms-send": ["--module", "gsm-2g4g", "--port", NO_PORT, "--phone", "+79000000000", "--set", "apn=x", "--wait",
                 "1"],
    "sms-query": ["--port", NO_PORT, "--phone", "+79000000000", "--wait", "1"],
    "sim-write": ["--module", "gsm-2g4g", "--port", NO_PORT, "--set", "apn=x"],
    "sim-read": ["--port", NO_PORT],
    "sim-clear": ["--port", NO_PORT],
    "modem-detect": ["--ports", NO_PORT, "--bauds", "115200", "--timeout", "0.1"],
    "modem-storage": ["--port", NO_PORT, "list"],
    "utmc-info": ["--via", "tcp", *TCP],
    "utmc-read": ["--via", "tcp", *TCP, "poll_period"],
    "utmc-write": ["--via", "tcp", *TCP, "poll_period=15"],
    "utmc-poll": ["--via", "serial", "--port", NO_PORT, "--device", "3"],
    "utmc-transfer": ["--via", "tcp", *TCP],
    "utmc-search": ["--target", f"127.0.0.1:{CLOSED}", "--wait", "0.05"],
    "utmc-devices": ["write", "devices.csv", "--via", "tcp", *TCP, "--channels", "1"],
    "utmc-files": ["2025", "--via", "tcp", *TCP],
    "utmc-get-file": ["2025/01/10/00.dat", "--via", "tcp", *TCP, "--out", "journal.dat"],
    "utmc-update": ["firmware.hex", "--via", "tcp", *TCP, "--wait", "0"],
    "fleet": ["status", "--devices", "fleet.csv", "--via", "tcp", "--timeout", "1", "--retries", "0"],
}
# what keeps a case from reaching anything real, appended to every list (the last value of an option wins)
SAFETY = {"modem-detect": ["--ports", NO_PORT], "utmc-search": ["--wait", "0.05"]}
BAD_WORDS = [
    "", " ", "-", "--", "inf", "-inf", "nan", "0", "-3", "1e999", "99999", "65536", "a" * 64 + ".example", "x..y",
    "\x00", "\udc81", "é", "«»", "=", "=1", "KEY", "apn=", "apn=a b", "colour=red", "period=5", "time_zone=40",
    "1,2,9", "0,1", "2.6", "new", "serial", "tcp", "cenc", "direct", "gsm-2g4g", "nb-iot", "--json", "--check",
    "--lang", "en", "de", "write", "read", "clear", NO_PORT, f"socket://127.0.0.1:{CLOSED}", f"127.0.0.1:{CLOSED}",
    "no-such-file.json", "devices.csv", "firmware.hex", "+7900", "79000000000", "12345678",
]  # fmt: skip
TEXT = st.text(st.characters(blacklist_characters="/\\:", blacklist_categories=("Cs",)), max_size=12)
BAD = st.one_of(st.sampled_from(BAD_WORDS), TEXT)
TRIED: Counter[tuple[str, int]] = Counter()


def _options(name: str) -> list[str]:
    parser = command_parser(name)
    return sorted(option for option in parser._option_string_actions if option not in ("-h", "--help"))


@st.composite
def bad_argv(draw: st.DrawFn, name: str) -> list[str]:
    words = list(BASES[name])
    options = _options(name)
    for _ in range(draw(st.integers(1, 2))):
        action = draw(st.sampled_from(("replace", "insert", "delete", "option")))
        if action == "replace" and words:
            words[draw(st.integers(0, len(words) - 1))] = draw(BAD)
        elif action == "delete" and words:
            del words[draw(st.integers(0, len(words) - 1))]
        elif action == "insert":
            words.insert(draw(st.integers(0, len(words))), draw(BAD))
        else:
            at = draw(st.integers(0, len(words)))
            words[at:at] = [draw(st.sampled_from(options)), draw(BAD)]
    if name == "utmc-search" and not any(word.startswith("--t") for word in words):
        words += ["--target", f"127.0.0.1:{CLOSED}"]  # not the default broadcast to the whole network
    return [name, *words, *SAFETY.get(name, [])]


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Numeric host look-ups only, no password variables, a folder with the files the lists name."""
    real = socket.getaddrinfo

    def numeric_only(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - socket's own names
        return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)

    monkeypatch.setattr(socket, "getaddrinfo", numeric_only)
    for name in ("CONFIGURATOR_PASSWORD", "CONFIGURATOR_CENC_PASSWORD", "CONFIGURATOR_METER_PASSWORD",
                 "CONFIGURATOR_UTMC_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path_factory.mktemp("bad-arguments")
    prepare_files(folder, {"module_tcp_port": CLOSED})  # the fleet list's module: a closed port
    monkeypatch.chdir(folder)
    yield


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)  # an exception here is the traceback a user would have seen
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", sorted(BASES))
def test_bad_arguments_end_with_a_code_and_a_message(name: str) -> None:
    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
              database=None)
    @given(argv=bad_argv(name))
    def check(argv: list[str]) -> None:
        code, out, err = _run(argv)
        TRIED[(name, code)] += 1
        assert code in (0, 1, 2, 3), (argv, code, err)
        assert (out + err).strip(), (argv, code)  # a message, or the results
        assert "Traceback" not in err

    check()


NASTY = ["", "-", "\x00", "a\x00b", "\udc81", "inf", "nan", "-3", "99999", "1e999", "a" * 64 + ".example"]


@pytest.mark.parametrize("name", sorted(BASES))
def test_every_option_with_each_nasty_value(name: str) -> None:
    """Beside the random lists: each option of the command once with each value that broke things before."""
    for option in _options(name):
        for value in NASTY:
            argv = [name, *BASES[name], option, value, *SAFETY.get(name, [])]
            code, out, err = _run(argv)
            TRIED[(name, code)] += 1
            assert code in (0, 1, 2, 3) and (out + err).strip() and "Traceback" not in err, (argv, code, err)
    for position in range(len(BASES[name])):
        for value in NASTY:
            argv = [name, *BASES[name], *SAFETY.get(name, [])]
            argv[1 + position] = value
            code, out, err = _run(argv)
            TRIED[(name, code)] += 1
            assert code in (0, 1, 2, 3) and (out + err).strip() and "Traceback" not in err, (argv, code, err)


def test_the_bases_are_valid_command_lines_and_cover_every_command() -> None:
    assert set(BASES) == set(COMMANDS) - {"simulate"}
    for name, words in BASES.items():
        code, _, err = _run([name, *words, *SAFETY.get(name, [])])
        assert code in (0, 1, 3), (name, err)  # nothing to refuse: done, or nothing answered


def test_summary_of_cases_tried() -> None:
    """Printed with -s: how many lists each command got and how they ended (run after the others)."""
    if not TRIED:
        pytest.skip("run with the bad-argument tests")
    total = sum(TRIED.values())
    by_code = Counter()
    for (_, code), count in TRIED.items():
        by_code[code] += count
    print(f"\nbad argument lists tried: {total}; by exit code: {dict(sorted(by_code.items()))}")
    assert by_code[2] > total / 3  # most lists are refused as bad input, not connected with
