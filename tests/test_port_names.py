"""COM ports are shown as Windows' Device Manager names them ("USB-SERIAL CH340 (COM7)"), from pyserial's
list_ports, in the GUI's port lists and in modem-detect; the device itself is what gets opened.

pyserial enumerates real hardware only, so its enumeration is given the ports a Windows laptop has
(the ListPortInfo objects its Windows module builds); the modem behind one of them is the simulated
modem on a real pty."""

from __future__ import annotations

import pytest
from serial.tools import list_ports, list_ports_common

from app.cli import run
from app.core.links.channels import SerialChannel
from app.core.links.ports import PortInfo, list_serial_ports
from app.ui.connection_panels import port_device, refresh_ports
from protocols.params.delivery_methods import Method
from simulators.transport import pty_supported
from tests import gui_harness
from tests.gui_harness import wait_idle
from tests.simulator_process import simulator_process

qloop, app_settings, demo, window = gui_harness.qloop, gui_harness.app_settings, gui_harness.demo, gui_harness.window


def windows_port(device: str, description: str) -> list_ports_common.ListPortInfo:
    """A port as pyserial's list_ports_windows reports it: the friendly name ends with "(COMn)"."""
    info = list_ports_common.ListPortInfo(device, skip_link_detection=True)
    info.description = description
    info.hwid = "USB VID:PID=1A86:7523"
    return info


def give_ports(monkeypatch: pytest.MonkeyPatch, *ports: list_ports_common.ListPortInfo) -> None:
    monkeypatch.setattr(list_ports, "comports", lambda *args, **kwargs: list(ports))


def test_labels_as_device_manager_shows_them(monkeypatch: pytest.MonkeyPatch) -> None:
    give_ports(monkeypatch, windows_port("COM7", "USB-SERIAL CH340 (COM7)"), windows_port("COM3", "n/a"),
               windows_port("/dev/ttyUSB0", "CP2102 USB to UART Bridge Controller"))
    labels = [p.label for p in list_serial_ports()]  # in the order of their devices
    assert labels == ["CP2102 USB to UART Bridge Controller (/dev/ttyUSB0)", "COM3", "USB-SERIAL CH340 (COM7)"]
    assert str(PortInfo("COM7", "USB-SERIAL CH340 (COM7)")) == "USB-SERIAL CH340 (COM7)"


@pytest.mark.gui
@pytest.mark.skipif(not pty_supported(), reason="the modem behind the listed port is a pty")
def test_gui_port_lists_show_the_driver_names_and_open_the_device(qtbot, window, monkeypatch) -> None:
    modem_pty = window.demo_endpoints["modem_port"]
    give_ports(monkeypatch, windows_port("COM7", "USB-SERIAL CH340 (COM7)"),
               windows_port(modem_pty, f"Quectel USB AT Port ({modem_pty})"))
    page = window.module_page
    page.delivery.set_method(Method.SMS)
    modem = page.delivery.modem
    refresh_ports(modem.port)
    refresh_ports(page.delivery.direct.port)
    shown = {modem.port.itemText(i) for i in range(modem.port.count())}
    assert shown == {"USB-SERIAL CH340 (COM7)", f"Quectel USB AT Port ({modem_pty})"}
    modem.port.setCurrentIndex(modem.port.findText("USB-SERIAL CH340 (COM7)"))
    assert modem.port_name() == "COM7" and modem.state()["port"] == "COM7"
    page.delivery.direct.port.setCurrentIndex(page.delivery.direct.port.findText("USB-SERIAL CH340 (COM7)"))
    assert page.delivery.direct.channel().port == "COM7"
    modem.detect_button.click()  # COM7 cannot be opened here; the modem answers on the other port
    wait_idle(qtbot, window, 30)
    assert modem.port.currentText() == f"Quectel USB AT Port ({modem_pty})"
    assert modem.port_name() == modem_pty
    assert f"Quectel USB AT Port ({modem_pty})" in modem.found.text()
    modem.port.setEditText("socket://127.0.0.1:1")  # a typed port is taken as typed
    assert port_device(modem.port) == "socket://127.0.0.1:1"
    modem.restore({"port": modem_pty})
    assert modem.port.currentText() == f"Quectel USB AT Port ({modem_pty})"

    utmc = window.utmc_page
    utmc.utmc_actions.refresh_ports()
    ports = utmc.connection.port
    assert {ports.itemText(i) for i in range(ports.count())} == shown
    ports.setCurrentIndex(ports.findText("USB-SERIAL CH340 (COM7)"))
    utmc.connection.com_radio.setChecked(True)
    chosen = utmc.connection.channel()
    assert chosen == SerialChannel("COM7", 115200) and chosen.url() == "serial://COM7?baud=115200"
    assert utmc.connection.state()["port"] == "COM7"


@pytest.mark.skipif(not pty_supported(), reason="the modem behind the listed port is a pty")
def test_modem_detect_names_the_port_as_windows_does(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with simulator_process("modem", "--meters", "1") as modem:
        pty = modem["serial"]
        give_ports(monkeypatch, windows_port(pty, f"USB-SERIAL CH340 ({pty})"))
        code = run(["--lang", "en", "modem-detect", "--bauds", "115200"])
    out = capsys.readouterr().out
    assert code == 0, out
    columns = out.splitlines()[0].split("\t")
    assert columns[0] == pty and columns[1] == "115200" and columns[-1] == f"USB-SERIAL CH340 ({pty})"
