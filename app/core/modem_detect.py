""""Detect modem" (GSM manual §6.4.1.1): find the GSM modem among the serial ports.

Every port is tried at the usual speeds, all ports at once: ``AT`` must answer ``OK``, then the
modem is asked who it is (AT+CGMI/+CGMM/+CGMR/+CGSN) and how it stands (app.core.modem_preflight's
checks, without waiting and without entering a PIN: SIM, network, signal, SMS centre, storage).
Per-port time limits are short so a port with something else on it costs little; the whole scan
can be cancelled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.links import open_modem
from app.core.links.at_modem import ModemIdentity
from app.core.links.channels import SerialChannel
from app.core.links.ports import list_serial_ports
from app.core.modem_checks import PreflightResult
from app.core.modem_preflight import ModemWaits, PreflightOptions, Purpose, check_modem
from app.core.progress import ProgressCallback, ProgressReporter
from protocols.errors import ConfiguratorError, LinkError
from protocols.text import Text

BAUD_RATES = (115200, 9600, 57600, 19200, 38400)


@dataclass(frozen=True)
class ModemCandidate:
    port: str
    baud: int
    identity: ModemIdentity
    preflight: PreflightResult | None = None  # the modem's state as found (no wait, no PIN entered)

    def describe(self) -> str:
        return f"{self.port} {self.baud}: {self.identity.describe()}"


@dataclass
class DetectResult:
    modems: list[ModemCandidate] = field(default_factory=list)
    problems: list[tuple[str, Text]] = field(default_factory=list)  # ports that could not be opened


async def _probe(port: str, baud: int, timeout: float) -> tuple[ModemIdentity, PreflightResult] | None:
    modem = open_modem(SerialChannel(port, baud), timeout=timeout)
    await modem.open()  # LinkError if the port cannot be opened: reported by the caller
    try:
        for _ in range(2):  # the first AT may be eaten by a modem in a "> " prompt or autobauding
            try:
                await modem.command("AT")
                break
            except ConfiguratorError:
                modem.link.discard_input()
        else:
            return None
        try:
            await modem.command("ATE0")
            await modem.command("AT+CMEE=1")  # numeric errors: the checks read their codes
        except ConfiguratorError:
            pass
        identity = await modem.identify()
        try:
            state = await check_modem(modem, Purpose.SEND, PreflightOptions(waits=ModemWaits(limit=0)))
        except ConfiguratorError as error:
            state = PreflightResult(stop=error.text)
        return identity, state
    finally:
        await modem.close()


async def _scan_port(
    port: str, bauds: Sequence[int], timeout: float, result: DetectResult, reporter: ProgressReporter,
) -> None:
    for baud in bauds:
        try:
            found = await _probe(port, baud, timeout)
        except LinkError as error:
            result.problems.append((port, error.text))
            reporter.step(Text(f"{port}: не открывается", f"{port}: cannot be opened"), advance=len(bauds))
            return
        reporter.step(Text(f"{port} {baud}", f"{port} {baud}"))
        if found is not None:
            result.modems.append(ModemCandidate(port, baud, *found))
            return


async def detect_modems(
    ports: Sequence[str] | None = None,
    *,
    bauds: Sequence[int] = BAUD_RATES,
    timeout: float = 0.5,
    progress: ProgressCallback | None = None,
) -> DetectResult:
    """Modems found on ``ports`` (default: every serial port of the PC), in port order."""
    names = list(ports) if ports is not None else [p.device for p in list_serial_ports()]
    result = DetectResult()
    reporter = ProgressReporter(progress, len(names) * len(bauds))
    await asyncio.gather(*(_scan_port(p, bauds, timeout, result, reporter) for p in names))
    order = {name: i for i, name in enumerate(names)}
    result.modems.sort(key=lambda m: order[m.port])
    return result
