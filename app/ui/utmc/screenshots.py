"""Screenshots of the UTMC-700 workspace for the user guide, taken against the virtual UTMC.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python -m app.ui.utmc.screenshots [--lang en] [--out DIR]

Starts the simulator on loopback TCP inside the program, connects through the real widgets,
reads every tab, fills a device list and polls it, then grabs each tab with QWidget.grab() into
``docs/screenshots/utmc-<tab>.png`` (``utmc-en-<tab>.png`` for English).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from app.ui.i18n import install_language
from app.ui.utmc.workspace import UtmcWorkspace
from protocols.files.intel_hex import build_hex
from protocols.text import Text
from protocols.utmc.utmc_devices import parse_device_lines
from protocols.utmc.utmc_params import Tab
from simulators.transport import TcpSimulatorServer
from simulators.utmc import VirtualUtmc, set_parameter

SHOTS = ("main", "network", "interfaces", "service", "devices", "files")
DEMO_DEVICES = """\
1;ЕМ Энергомера СЕ102;12345678;1;ENM;5678;9600
2;ЕМ Энергомера СЕ301;12345679;1;ENM;5679;9600
3;ЕМ Меркурий 230;31415926;0;INC;926;9600
4;ЕМ Вавиот Фобос;08412415;0;VAV;821;9600;T
5;ЕМ Энергомера СЕ308;00123456;0;ENM;23456;9600
6;ВС СЭТ СВЭУ;20250001;0;SET;20250001;9600;CM
"""


async def wait_idle(page: UtmcWorkspace) -> None:
    await asyncio.sleep(0.05)
    while page.busy():
        await asyncio.sleep(0.02)


async def take(out: Path, prefix: str) -> None:
    utmc = VirtualUtmc(serial="70012345", seed=7)
    set_parameter(utmc, "main_server_address", "askue.example.ru")
    set_parameter(utmc, "main_server_script", "utmc/upload.php")
    set_parameter(utmc, "error_flags", frozenset({"PWR", "RS3"}))
    utmc.channels[1] = parse_device_lines(DEMO_DEVICES)
    server = await TcpSimulatorServer(utmc.serve).start("127.0.0.1", 0)
    page = UtmcWorkspace()
    page.resize(1400, 900)
    page.show()
    try:
        host, port = server.address[:2]
        page.connection.eth_radio.setChecked(True)
        page.connection.host.setEditText(host)
        page.connection.tcp_port.setValue(port)
        page.connection.identify_button.click()
        await wait_idle(page)
        for tab in (Tab.MAIN, Tab.NETWORK, Tab.INTERFACES, Tab.SERVICE):
            p = page.pages[tab]
            p.select_all.click()
            p.read_button.click()
            await wait_idle(page)
            p.select_none.click()
        page.pages[Tab.MAIN].sync_time.click()
        page.devices.read_interfaces.click()
        await wait_idle(page)
        page.devices.poll_all_button.click()
        await wait_idle(page)
        hex_file = out / ".utmc-demo-firmware.hex"
        hex_file.write_bytes(build_hex(bytes(range(256)) * 256, version="1.08"))
        try:
            page.utmc_actions.upload_firmware(hex_file)
            await wait_idle(page)
        finally:
            hex_file.unlink()
        for index, name in enumerate(SHOTS):
            page.tabs.setCurrentIndex(index)
            await asyncio.sleep(0.1)
            page.grab().save(str(out / f"{prefix}{name}.png"))
        page.tabs.setCurrentIndex(SHOTS.index("devices"))
        page.devices.add_button.click()
        await asyncio.sleep(0.1)
        dialog = page.devices.dialog
        if dialog is not None:
            dialog.serial.setText("08412416")
            dialog.model.setCurrentIndex(dialog.model.findText("    Вавиот Фобос (485)"))
            dialog.open_help()
            await asyncio.sleep(0.1)
            dialog.grab().save(str(out / f"{prefix}device-dialog.png"))
            if dialog.help_dialog is not None:
                dialog.help_dialog.grab().save(str(out / f"{prefix}address-help.png"))
                dialog.help_dialog.reject()
            dialog.reject()
    finally:
        await page.utmc_actions.close()
        await server.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not install_language(args.lang):
        print(f"no translation for {args.lang}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(take(args.out, Text("utmc-", "utmc-en-").get(args.lang)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
