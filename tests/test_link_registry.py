"""Links are opened in one place, from one description: a URL or the channel settings it parses to.

- every channel writes itself as a URL that reads back as the same settings, whatever its fields hold;
- the URL forms of the docs open the links they name, with every option they carry (a CENC reply
  timeout, the framing of a serial port) and nothing a channel cannot hold;
- nothing outside app/core/links constructs a link (a walk over the syntax trees of the product).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import app.core.links as links_package
from app.core.links import channel_from_url, open_link, open_modem
from app.core.links.base import Link
from app.core.links.cenc import CencDirectLink, CencLink
from app.core.links.channels import (
    CencChannel,
    CencDirectChannel,
    DirectChannel,
    SerialChannel,
    TcpChannel,
)
from app.core.links.direct import DirectChannelLink
from app.core.links.meter_sessions import SessionClock
from app.core.links.registry import MODULE
from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from protocols.errors import ValidationError

ROOT = Path(__file__).resolve().parents[1]

# -- settings ⇄ URL -------------------------------------------------------------------------------------

texts = st.text(max_size=24)
ports = st.integers(min_value=-1, max_value=70000)
seconds = st.floats(allow_nan=False, width=64)
optional = st.none() | texts
channels = st.one_of(
    st.builds(SerialChannel, texts, st.integers(-1, 10**6), seconds, st.integers(0, 9), texts),
    st.builds(TcpChannel, texts, ports, seconds),
    st.builds(CencChannel, texts, texts, texts, ports, optional, optional, seconds),
    st.builds(CencDirectChannel, texts, ports, seconds),
    st.builds(DirectChannel, texts, texts, st.integers(-1, 10**6), texts, optional, seconds, texts),
)


@given(channels)
def test_every_channel_reads_back_from_its_url(channel) -> None:
    url = channel.url()
    assert url.startswith(f"{channel.scheme}://")
    assert channel_from_url(url) == channel


@pytest.mark.parametrize(("url", "channel", "canonical"), [
    ("serial://COM3?baud=9600&parity=E&bytesize=7", SerialChannel("COM3", 9600, bytesize=7, parity="E"),
     "serial://COM3?bytesize=7&parity=E"),
    ("serial:///dev/ttyUSB0?baud=115200", SerialChannel("/dev/ttyUSB0", 115200), None),
    ("socket://127.0.0.1:7000", SerialChannel("socket://127.0.0.1:7000"), "serial://socket://127.0.0.1:7000"),
    ("serial://socket://127.0.0.1:7000?baud=19200", SerialChannel("socket://127.0.0.1:7000", 19200), None),
    ("tcp://10.1.2.3:8000?timeout=20", TcpChannel("10.1.2.3"), "tcp://10.1.2.3:8000"),
    ("tcp://[fe80::1]:4001?timeout=3.5", TcpChannel("fe80::1", 4001, 3.5), None),
    ("tcp://modem.example", TcpChannel("modem.example"), "tcp://modem.example:8000"),
    ("cenc://engineer:p%40ss@cenc.example:22002?serial=009218054000101&timeout=30",
     CencChannel("cenc.example", "engineer", "p@ss", device_serial="009218054000101", timeout=30), None),
    ("cenc://u@cenc.example?address=0.0.0.94", CencChannel("cenc.example", "u", "", device_address="0.0.0.94"),
     "cenc://u@cenc.example:22002?address=0.0.0.94"),
    ("cenc-direct://cenc.example:7501", CencDirectChannel("cenc.example", 7501), None),
    ("direct://COM3?password=777777&protocol=spodes&module_port=Com1&parity=software&baud=19200&timeout=30",
     DirectChannel("COM3", "777777", 19200, "spodes", "Com1", 30, "software"),
     "direct://COM3?password=777777&protocol=spodes&baud=19200&module_port=Com1&parity=software&timeout=30"),
    ("direct://socket://127.0.0.1:7000?password=777777", DirectChannel("socket://127.0.0.1:7000", "777777"), None),
])
def test_the_documented_url_forms(url: str, channel, canonical: str | None) -> None:
    assert channel_from_url(url) == channel
    assert channel.url() == (canonical or url)


@pytest.mark.parametrize(("url", "says"), [
    ("COM3", "Not a link address"),
    ("ftp://files.example", "Unknown link kind “ftp”"),
    ("tcp://10.1.2.3:http", "the port is not a number: “http”"),
    ("serial://COM3?baud=fast", "baud is not a number: “fast”"),
    ("direct://COM3?password=777777&client=reader", "unknown option “client”"),  # a reader cannot send frames
    ("tcp://user@10.1.2.3:8000", "takes no user name"),
    ("cenc-direct://cenc.example", "The direct-access port is missing"),
])
def test_a_wrong_url_is_refused_in_words(url: str, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        open_link(url)
    assert says in refused.value.message("en")
    assert refused.value.message("ru") != refused.value.message("en")


def test_a_wrong_url_names_every_wrong_part_at_once() -> None:
    with pytest.raises(ValidationError) as refused:
        channel_from_url("tcp://:99999?timeout=0.5&speed=1")
    assert refused.value.message("en").split("; ") == [
        "tcp://: unknown option “speed” (known: timeout)", "Reply timeout must be at least 1 s",
        "The module's address is missing", "Port: 1 to 65535"]


# -- the registry -----------------------------------------------------------------------------------------


def test_each_url_opens_its_kind_of_link_with_what_it_says() -> None:
    serial = open_link("serial://COM3?baud=9600&parity=E&bytesize=7")
    assert isinstance(serial, SerialLink) and (serial.port, serial.bytesize, serial.parity) == ("COM3", 7, "E")
    pyserial = open_link("socket://127.0.0.1:7000")
    assert isinstance(pyserial, SerialLink) and pyserial.port == "socket://127.0.0.1:7000"
    tcp = open_link("tcp://10.1.2.3:8000?timeout=5", peer=MODULE)
    assert isinstance(tcp, TcpLink) and tcp.connect_timeout == 5 and tcp.peer == MODULE
    utmc = open_link("tcp://10.1.2.3:4001")
    assert isinstance(utmc, TcpLink) and utmc.connect_timeout == 10  # the reply timeout, at most 10 s
    # a cenc:// URL's reply timeout reaches the link (it used to keep the link's own 10 s)
    cenc = open_link("cenc://u:p@cenc.example?serial=009218054000101&timeout=30")
    assert isinstance(cenc, CencLink)
    assert (cenc.port, cenc.reply_timeout, cenc.connect_timeout, cenc.login_timeout) == (22002, 30, 10, 30)
    short = open_link(CencChannel("cenc.example", "u", "p", device_address="0.0.0.94", timeout=5))
    assert isinstance(short, CencLink) and (short.reply_timeout, short.connect_timeout) == (5, 5)
    direct_port = open_link("cenc-direct://cenc.example:7501")
    assert isinstance(direct_port, CencDirectLink) and direct_port.port == 7501
    sessions = SessionClock()
    direct = open_link("direct://COM3?password=1234567812345678&protocol=spodes&module_port=Com2&parity=hardware",
                       sessions=sessions)
    assert isinstance(direct, DirectChannelLink) and direct.sessions is sessions
    assert (direct.protocol, direct.module_port, direct.parity) == ("spodes", 2, "hardware")
    own = open_link(DirectChannel("COM3", "777777"))
    assert isinstance(own, DirectChannelLink) and own.sessions is not sessions  # a link alone keeps its own


def test_settings_and_their_url_build_the_same_link() -> None:
    for channel in (SerialChannel("COM7", 115200), TcpChannel("10.0.0.5", 9000, 4),
                    CencChannel("c.example", "u", "p", 22003, device_serial="1", timeout=15),
                    CencDirectChannel("c.example", 7000), DirectChannel("COM2", "777777", module_port="1")):
        by_settings, by_url = open_link(channel), open_link(channel.url())
        assert type(by_settings) is type(by_url) and by_settings.description == by_url.description
        assert vars(by_settings).keys() == vars(by_url).keys()


def test_every_bad_setting_is_refused_before_a_link_exists() -> None:
    with pytest.raises(ValidationError) as bad:
        open_link(SerialChannel(" ", 0, 0.5, bytesize=9, parity="e"))
    assert len(bad.value.problems) == 5  # timeout, port, speed, data bits, parity
    with pytest.raises(ValidationError, match="0.0.0.94"):
        open_link(CencChannel("c.example", "u", "p", device_address="0.0.0.300"))


def test_the_modem_is_opened_on_its_port() -> None:
    modem = open_modem(SerialChannel("COM5", 115200, timeout=2))
    assert isinstance(modem.link, SerialLink) and modem.link.baudrate == 115200 and modem.timeout == 2
    probe = open_modem("serial://COM6?baud=9600", timeout=0.5, send_timeout=3)
    assert (probe.timeout, probe.send_timeout) == (0.5, 3)


# -- nothing else constructs a link ---------------------------------------------------------------------------

BUILT_IN_LINKS = {"AtModem", "IecSession", "DlmsAssociation"}  # drivers that sit on a link, built with it


def link_classes() -> set[str]:
    for module in pkgutil.iter_modules(links_package.__path__):
        importlib.import_module(f"app.core.links.{module.name}")
    found, todo = set(), [Link]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub.__name__)
            todo.append(sub)
    return found | BUILT_IN_LINKS


def constructions(path: Path, names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in names:
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}(…)")
    return calls


def product_files() -> list[Path]:
    """The product and what runs it (benchmarks, screenshots, packaging), not its tests."""
    files = [ROOT / "main.py"]
    for folder in ("app", "simulators", "bench", "docs", "packaging"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def test_links_are_constructed_only_inside_app_core_links() -> None:
    names = link_classes()
    assert {"SerialLink", "TcpLink", "CencLink", "CencDirectLink", "DirectChannelLink"} <= names
    inside = ROOT / "app" / "core" / "links"
    outside = [found for path in product_files() if inside not in path.parents
               for found in constructions(path, names)]
    assert outside == [], "build links with app.core.links.open_link / open_modem:\n" + "\n".join(outside)
    # the check sees constructions where they are: the registry builds every kind
    built = {line.rsplit(" ", 1)[-1] for line in constructions(inside / "registry.py", names)}
    assert built == {"SerialLink(…)", "TcpLink(…)", "CencLink(…)", "CencDirectLink(…)", "DirectChannelLink(…)",
                     "AtModem(…)"}
