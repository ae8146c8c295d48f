"""docs/cli.md's generated parts: every command's ``--json`` shape and an example produced by running
it against the simulators, and the exit codes.

    python -m tests.cli_reference          rewrite the generated parts of docs/cli.md

tests/test_cli_json.py runs the same examples, checks each document against its shape and fails
when docs/cli.md differs from what this produces, so the documentation cannot drift.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.cli import run  # noqa: E402
from app.cli.commands import COMMANDS  # noqa: E402
from app.cli.exit_codes import MEANINGS  # noqa: E402
from app.core.user_dirs import HOME_ENV  # noqa: E402
from protocols.files.intel_hex import build_hex  # noqa: E402
from tests.cli_json_shapes import ENVELOPE, SHAPES, document_problems, render  # noqa: E402
from tests.simulator_process import simulator_process  # noqa: E402

DOC = ROOT / "docs" / "cli.md"
SIMULATORS = {
    "module": ("module", "--module", "gsm-2g4g", "--seed", "7", "--pty"),
    "modem": ("modem", "--meters", "3", "--reply-delay", "0.2", "--submit-time", "0.05", "--sim-size", "10",
              "--silent", "+79000000002"),
    "utmc": ("utmc", "--baud", "0", "--eth-bitrate", "0", "--update-seconds", "0", "--pty"),
}
DEVICES = "1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem\r\n2;ЕМ Энергомера СЕ102;12345679;1;ЕТО;5679;9600;rem\r\n"


PASSWORD = "24681357"  # a password no device data contains: no document may show it


@dataclass(frozen=True)
class Example:
    command: str
    args: tuple[str, ...]  # {placeholders} are the simulators' endpoints
    code: int = 0
    env: tuple[tuple[str, str], ...] = ()  # environment variables set for the run


EXAMPLES = (
    Example("params", ("params", "--module", "gsm-gx01", "--basic")),
    Example("sms-text", ("sms-text", "--module", "gsm-2g4g", "--set", "mode=client-cenc", "--set",
                         "server=cenc.example", "--set", "apn=internet.example"),
            env=(("CONFIGURATOR_PASSWORD", PASSWORD),)),
    Example("decode-lcd", ("decode-lcd", "--module", "gsm-2g4g", "--group1", "130", "--group2", "167")),
    Example("decode-version", ("decode-version", "c1.0v1.4.8420.1.1.1")),
    Example("status", ("status", "--module", "gsm-2g4g", "--via", "serial", "--port", "{module_serial}")),
    Example("read-settings", ("read-settings", "--module", "gsm-2g4g", "--via", "tcp", "--host", "127.0.0.1",
                              "--tcp-port", "{module_tcp_port}", "--out", "meter.json")),
    Example("configure", ("configure", "--module", "gsm-2g4g", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port",
                          "{module_tcp_port}", "--set", "apn=m2m.example", "--set", "period=900")),
    Example("modem-detect", ("modem-detect", "--ports", "{modem_socket}", "--bauds", "115200")),
    Example("sim-write", ("sim-write", "--module", "gsm-2g4g", "--port", "{modem_serial}", "--password", PASSWORD,
                          "--set", "apn=sim.example", "--set", "apn_password=" + PASSWORD, "--set", "mode=sms")),
    Example("sim-read", ("sim-read", "--port", "{modem_serial}")),
    Example("modem-storage", ("modem-storage", "--port", "{modem_serial}", "list")),
    Example("sim-clear", ("sim-clear", "--port", "{modem_serial}")),
    Example("sms-send", ("sms-send", "--module", "gsm-2g4g", "--port", "{modem_serial}", "--phone", "+79000000000",
                         "--phone", "+79000000002", "--set", "apn=m2m.example", "--wait", "1"), code=1),
    Example("sms-query", ("sms-query", "--port", "{modem_serial}", "--phone", "+79000000001", "--wait", "1")),
    Example("utmc-info", ("utmc-info", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port", "{utmc_tcp_port}")),
    Example("utmc-write", ("utmc-write", "--via", "serial", "--port", "{utmc_serial}", "poll_period=15",
                           "journal_format=csv")),
    Example("utmc-read", ("utmc-read", "--via", "serial", "--port", "{utmc_serial}", "poll_period", "journal_format",
                          "current_time", "ftp_password", "error_flags")),
    Example("utmc-devices", ("utmc-devices", "import", "devices.csv", "--via", "tcp", "--host", "127.0.0.1",
                             "--tcp-port", "{utmc_tcp_port}")),
    Example("utmc-poll", ("utmc-poll", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port", "{utmc_tcp_port}")),
    Example("utmc-transfer", ("utmc-transfer", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port",
                              "{utmc_tcp_port}")),
    Example("utmc-files", ("utmc-files", "2025/01/10", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port",
                           "{utmc_tcp_port}")),
    Example("utmc-get-file", ("utmc-get-file", "2025/01/10/00.dat", "--via", "tcp", "--host", "127.0.0.1",
                              "--tcp-port", "{utmc_tcp_port}")),
    Example("utmc-update", ("utmc-update", "firmware.hex", "--via", "tcp", "--host", "127.0.0.1", "--tcp-port",
                            "{utmc_tcp_port}", "--wait", "20")),
    Example("utmc-search", ("utmc-search", "--target", "{utmc_discovery}", "--wait", "0.3")),
    Example("fleet", ("fleet", "status", "--devices", "fleet.csv", "--via", "tcp", "--report", "fleet.xlsx")),
)  # fmt: skip

# how the endpoints read in the documentation
SHOWN = {"module_serial": "/dev/ttyUSB0", "module_tcp_port": "8000", "modem_serial": "COM5",
         "modem_socket": "socket://192.168.0.10:7000", "utmc_serial": "COM4", "utmc_tcp_port": "4001",
         "utmc_discovery": "192.168.0.255:4002", "home": "/home/user/.local/share/energomera-configurator"}


@contextlib.contextmanager
def simulators() -> Iterator[dict[str, str]]:
    """The simulators the examples use, each in its own process; yields the placeholders' values."""
    with (simulator_process(*SIMULATORS["module"]) as module, simulator_process(*SIMULATORS["modem"]) as modem,
          simulator_process(*SIMULATORS["utmc"]) as utmc):
        yield {
            "module_serial": module["serial"], "module_tcp_port": module["tcp"].rsplit(":", 1)[1],
            "modem_serial": modem["serial"], "modem_socket": f"socket://{modem['tcp']}",
            "utmc_serial": utmc["serial"], "utmc_tcp_port": utmc["tcp"].rsplit(":", 1)[1],
            "utmc_discovery": utmc["discovery"],
        }  # fmt: skip


def run_json(args: list[str], env: tuple[tuple[str, str], ...] = ()) -> tuple[int, Any, str]:
    """``main.py ARGS --json --lang en`` in this process: exit code, the document, stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name, _ in env}
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run([*args, "--json", "--lang", "en"])
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return code, json.loads(out.getvalue()), err.getvalue()


def prepare_files(folder: Path, endpoints: dict[str, str] | None = None) -> None:
    """The files the examples name; the fleet list points at the module simulator's TCP port (8000 without one)."""
    port = endpoints["module_tcp_port"] if endpoints else SHOWN["module_tcp_port"]
    (folder / "devices.csv").write_bytes(DEVICES.encode("cp1251"))
    fleet = f"Серийный номер;Группа;Адрес;Порт\r\n012345678901234;Север;127.0.0.1;{port}\r\n"
    (folder / "fleet.csv").write_bytes(fleet.encode("cp1251"))
    (folder / "firmware.hex").write_bytes(build_hex(bytes(range(200)), version="1.08"))


_STAMP = re.compile(r"\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d")  # in backups' file names
_ISO = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(?P<zone>[+-]\d\d:\d\d)?")
_CLOCK = re.compile(r"(?<![\d:])\d\d:\d\d:\d\d(?![\d:])")
_SECONDS = re.compile(r"\b(in|за) \d+\.\d (s|с)\b")


def _shown_text(text: str, endpoints: dict[str, str]) -> str:
    for name, value in endpoints.items():
        if name.endswith("_port"):
            continue
        text = text.replace(value, SHOWN[name])
    for name in ("module_tcp_port", "utmc_tcp_port"):
        for separator in (":", "-"):  # host:port, and in a backup's file name
            text = text.replace(f"127.0.0.1{separator}{endpoints[name]}", f"127.0.0.1{separator}{SHOWN[name]}")
    text = _STAMP.sub("2025-01-10_12-00-00", text)
    text = _ISO.sub(lambda m: "2025-01-10" + m.group(0)[10] + "12:00:00" + ("+03:00" if m["zone"] else ""), text)
    text = _CLOCK.sub("12:00:00", text)
    return _SECONDS.sub(lambda m: f"{m[1]} 1.5 {m[2]}", text)


def shown(value: Any, endpoints: dict[str, str], key: str = "") -> Any:
    """A document as the documentation shows it: endpoints, clock times and durations fixed."""
    if isinstance(value, dict):
        return {k: shown(v, endpoints, k) for k, v in value.items()}
    if isinstance(value, list):
        return [shown(v, endpoints, key) for v in value]
    if key in ("elapsed", "duration") and isinstance(value, float):
        return 1.5
    if key == "tcp_port" and isinstance(value, int):
        for name in ("module_tcp_port", "utmc_tcp_port"):
            if str(value) == endpoints[name]:
                return int(SHOWN[name])
    if isinstance(value, str):
        return _shown_text(value, endpoints)
    return value


def run_examples(endpoints: dict[str, str]) -> list[tuple[Example, int, Any, str]]:
    """Every example, in order, from a folder holding the example files, with the backups in a folder of
    its own (``endpoints["home"]``): (example, code, document, stderr)."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        prepare_files(Path(folder), endpoints)
        endpoints["home"] = str(Path(folder) / "home")
        here = os.getcwd()
        os.chdir(folder)
        try:
            for example in EXAMPLES:
                args = [word.format(**endpoints) for word in example.args]
                results.append((example, *run_json(args, (*example.env, (HOME_ENV, endpoints["home"])))))
        finally:
            os.chdir(here)
    return results


def compact(value: Any, indent: int = 0, width: int = 110) -> str:
    """JSON as the documentation shows it: an object or list that fits on one line stays on one."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + 2 * indent <= width or not isinstance(value, dict | list) or not value:
        return flat
    pad = "  " * (indent + 1)
    if isinstance(value, list):
        items = [pad + compact(item, indent + 1, width) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * indent + "]"
    items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {compact(v, indent + 1, width - len(k) - 4)}"
             for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"


def generated_json_section(results: list[tuple[Example, int, Any, str]], endpoints: dict[str, str]) -> str:
    parts = ["Every document has these keys:\n", "```", render(ENVELOPE), "```\n"]
    for example, _, document, _ in results:
        text, shape = SHAPES[example.command]
        line = " ".join([*(f"{name}={value}" for name, value in example.env), "main.py",
                         *(word.format(**SHOWN) for word in example.args), "--json", "--lang", "en"])
        own = {k: v for k, v in shown(document, endpoints).items() if k not in ENVELOPE or k == "message"}
        parts += [f"### {example.command}\n", f"{text}\n", "```", render(shape), "```\n",
                  f"`{line}` (exit code {example.code}):\n", "```json", compact(own),
                  "```\n"]
    return "\n".join(parts)


def generated_exit_codes() -> str:
    rows = ["| code | meaning |", "|---|---|"] + [f"| {int(code)} | {meaning} |" for code, meaning in MEANINGS.items()]
    return "\n".join(rows) + "\n"


def replace_between(text: str, name: str, content: str) -> str:
    begin, end = f"<!-- generated: {name} -->\n", f"<!-- end of generated: {name} -->"
    start, stop = text.index(begin) + len(begin), text.index(end)
    return text[:start] + content + "\n" + text[stop:]


def documented(results: list[tuple[Example, int, Any, str]], endpoints: dict[str, str]) -> str:
    """docs/cli.md with its generated parts made from ``results``."""
    text = DOC.read_text(encoding="utf-8")
    text = replace_between(text, "exit codes", generated_exit_codes())
    return replace_between(text, "json", generated_json_section(results, endpoints))


def check(results: list[tuple[Example, int, Any, str]]) -> list[str]:
    """What is wrong with the examples' runs: exit codes and shapes."""
    found = []
    covered = {example.command for example, *_ in results}
    missing = set(COMMANDS) - {"simulate"} - covered
    found += [f"no example for {name}" for name in sorted(missing)]
    for example, code, document, err in results:
        if code != example.code:
            found.append(f"{example.command}: exit code {code}, expected {example.code}: {err}")
        found += [f"{example.command}: {p}" for p in document_problems(example.command, document)]
        if PASSWORD in json.dumps(document):
            found.append(f"{example.command}: the password is in the document")
    return found


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with simulators() as endpoints:
        results = run_examples(endpoints)
    wrong = check(results)
    for line in wrong:
        print(line, file=sys.stderr)
    if wrong:
        return 1
    DOC.write_text(documented(results, endpoints), encoding="utf-8")
    print(f"{DOC.relative_to(ROOT)} rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
