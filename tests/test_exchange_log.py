"""The exchange log from the trace hook: module and UTMC-700 sessions over real loopback TCP, each
frame described and masked by its layout, the links' notes in the UI's two languages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.core.exchange_log import ExchangeLog, LogLine
from app.core.links.base import FrameEvent
from app.core.links.tcp import TcpLink
from app.core.module_ops import configure_module, read_status
from app.core.utmc_ops import UtmcService
from protocols.params import catalogue
from protocols.text import Text
from simulators.module import VirtualModule
from simulators.transport import TcpSimulatorServer
from simulators.utmc import VirtualUtmc, ethernet_handler

ADMIN = "12345678"


class Lines:
    def __init__(self) -> None:
        self.lines: list[LogLine] = []
        self.log = ExchangeLog(self.lines.append, clock=lambda: 0.0)

    def shown(self, lang: str) -> list[str]:
        return [f"{line.direction} {line.text.get(lang)}" for line in self.lines]


@pytest.fixture
async def module_server() -> AsyncIterator[tuple[VirtualModule, TcpSimulatorServer]]:
    module = VirtualModule("gsm-2g4g", restart_time=0.02)
    server = await TcpSimulatorServer(module.serve).start()
    yield module, server
    await asyncio.sleep(0.01)
    await server.close()


async def test_module_frames_are_logged_described_with_passwords_masked(module_server) -> None:
    module, server = module_server
    log = Lines()
    log.log.secret_sources.append(lambda: [ADMIN])
    values = catalogue.defaults(catalogue.ModuleType.GSM_2G4G)
    values.update(apn="m2m.mts", apn_password="mts")
    link = TcpLink(*server.address, connect_timeout=2)
    link.listeners.append(log.log.listener("TCP/IP"))
    async with link:
        await read_status(link, "status", module="gsm-2g4g", timeout=2)
        result = await configure_module(link, "gsm-2g4g", values, ADMIN, timeout=2)
    assert result.ok, result.lines("en")
    ru, en = log.shown("ru"), log.shown("en")
    assert ru[0] == f"info Открыт канал {link.description}" and en[0] == f"info Opened {link.description}"
    assert ru[-1] == f"info Закрыт канал {link.description}" and en[-1] == f"info Closed {link.description}"
    assert ru[1].startswith("tx запрос статуса №") and en[1].startswith("tx status request #")
    assert ru[2].startswith("rx статус №")
    writes = [line for line in ru if line.startswith("tx запись параметров №")]
    assert writes and all("11 08 ** ** ** ** ** ** ** **" in line for line in writes)  # the access password
    assert all("31 32 33 34 35 36 37 38" not in line for line in ru)
    assert any("2E 6D 74 73" in line for line in writes)  # ".mts" of the APN stays readable
    # every line speaks the language it is read in: no English note in the Russian log
    assert not any(word in line for line in ru for word in ("open ", "close ", "request", "reply"))
    assert module.values["apn_password"] == "mts"


async def test_utmc_frames_are_logged_described_with_secrets_masked() -> None:
    utmc = VirtualUtmc()
    server = await TcpSimulatorServer(ethernet_handler(utmc, None)).start()
    log = Lines()
    try:
        link = TcpLink(*server.address)
        link.listeners.append(log.log.listener("УТМЦ"))
        async with link:
            service = UtmcService(link)
            await service.identify()
            written = await service.write_parameters({"ftp_password": "Zq9xWv"})
        assert written.ok
    finally:
        await server.close()
    ru, en = log.shown("ru"), log.shown("en")
    assert ru[0].startswith("info Открыт канал") and en[0].startswith("info Opened")
    assert ru[1].startswith("tx установление связи №") and ru[2].startswith("rx ответ: установление связи №")
    write = next(line for line in ru if line.startswith("tx запись параметров №"))
    assert "** ** ** ** ** **" in write and "5A 71 39 78 57 76" not in write  # the FTP password's bytes
    assert next(line for line in en if line.startswith("rx reply: parameter write #"))
    assert ru[-1].startswith("info Закрыт канал")


def test_noise_and_unframed_traffic_are_shown_for_what_they_are() -> None:
    log = Lines()
    log.log.secret_sources.append(lambda: ["2468"])
    listener = log.log.listener("Модем")
    listener("tx", b'AT+CPIN="2468"\r')
    listener("rx", b"\r\nOK\r\n")
    listener.frame(FrameEvent("rx", b"\x00\x01", None, None))
    listener.note(Text("Соединение потеряно (COM3 9600 8N1): порт отключён",
                       "Connection lost (COM3 9600 8N1): unplugged"))
    assert log.shown("ru") == [
        'tx AT+CPIN="****"\\r', "rx \\r\\nOK\\r\\n", "rx байты вне кадров: 00 01",
        "info Соединение потеряно (COM3 9600 8N1): порт отключён",
    ]
    assert log.shown("en")[2:] == ["rx bytes outside frames: 00 01", "info Connection lost (COM3 9600 8N1): unplugged"]
