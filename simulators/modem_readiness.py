"""What a real GSM modem goes through before it can send SMS, for the virtual modem (simulators.modem).

:class:`ModemConditions` are the options (``simulate modem --pin 1234 --sim-busy 10 …``):

- a SIM with a PIN (``pin``) and its tries counter: three wrong PINs and the SIM asks for the PUK;
- a SIM busy for ``sim_busy`` seconds after power-on and again after a PIN is accepted
  (AT+CPIN? answers ``+CME ERROR: 14``, SMS commands ``+CMS ERROR: 314``);
- a network search of ``unregistered`` seconds once the SIM is ready (``+CREG: 0,2``; an SMS then
  gets ``+CMS ERROR: 331``), or a network that denies the modem (``network="denied"``), or roaming;
- a SIM without a service-centre number (``+CSCA: "",129``; an SMS then gets ``+CMS ERROR: 330``);
- an LTE modem (registered in +CEREG, +CREG stays 0) and the signal level (+CSQ);
- which command tells the PIN tries left: AT+CPINR, Quectel's AT+QPINC, Huawei's AT^CPIN or none;
- echo that stays on after ATE0, unsolicited RING/+CREG lines in the middle of replies, and the
  next N SMS refused with ``+CMS ERROR: 500`` (a passing failure).

Time is the modem's injectable ``clock`` (seconds, like time.monotonic), so a test moves it on
instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from protocols.modem.at_commands import split_fields

CME_PIN_WRONG = 16
CME_NOT_ALLOWED = 3
CME_SIM_BUSY = 14
CMS_SIM_PIN, CMS_SIM_BUSY, CMS_SIM_PUK = 311, 314, 316
CMS_NO_SMSC, CMS_NO_NETWORK, CMS_UNKNOWN = 330, 331, 500
TRIES_COMMANDS = ("CPINR", "QPINC", "^CPIN", "none")
NETWORKS = ("home", "roaming", "denied")
DEFAULT_SMSC = "+79168999100"


class CommandFailed(Exception):
    """The command's error: ``cms`` ≥ 300 is sent as +CMS ERROR, below as +CME ERROR, None as ERROR."""

    def __init__(self, cms: int | None = None) -> None:
        self.cms = cms


@dataclass
class ModemConditions:
    pin: str | None = None  # the SIM asks for this PIN (None: no PIN request)
    pin_tries: int = 3
    puk_tries: int = 10
    sim_busy: float = 0.0  # seconds after power-on, and after a PIN is accepted
    unregistered: float = 0.0  # seconds of network search once the SIM is ready
    network: str = "home"  # home, roaming or denied
    lte: bool = False
    csq: int = 21  # 0–31, 99 not known
    smsc: str = DEFAULT_SMSC  # "" : none on the SIM
    tries_command: str = "CPINR"  # how the modem tells the PIN tries left (TRIES_COMMANDS)
    sticky_echo: bool = False  # ATE0 answers OK and the echo stays on
    urc_noise: bool = False  # RING and +CREG lines in the middle of replies
    flaky_sms: int = 0  # the next N SMS are refused with +CMS ERROR: 500


class Readiness:
    """The SIM lock, the start-up timeline and the network as the AT commands see them."""

    def __init__(self, conditions: ModemConditions, clock: Callable[[], float]) -> None:
        self.conditions, self.clock = conditions, clock
        self.locked = conditions.pin is not None
        self.pin_tries = conditions.pin_tries
        self.ready_at = clock() + conditions.sim_busy  # with a PIN: from the moment it is accepted
        self.smsc = conditions.smsc  # AT+CSCA changes it for the session
        self.flaky_left = conditions.flaky_sms
        self.pins_entered: list[str] = []  # every AT+CPIN="…" received (tests check nothing is guessed)

    def power_cycle(self) -> None:
        """The modem is unplugged and plugged in again: the SIM asks for its PIN and starts up anew."""
        self.locked = self.conditions.pin is not None and self.pin_tries > 0
        self.ready_at = self.clock() + self.conditions.sim_busy

    # -- the SIM ----------------------------------------------------------------------------------
    def sim_code(self) -> str:
        if self.pin_tries == 0:
            return "SIM PUK"
        if self.locked:
            return "SIM PIN"
        return "BUSY" if self.clock() < self.ready_at else "READY"

    def sim_refusal(self) -> int | None:
        """The +CMS error of a command that needs the SIM now, or None when it may go on."""
        return {"SIM PUK": CMS_SIM_PUK, "SIM PIN": CMS_SIM_PIN, "BUSY": CMS_SIM_BUSY}.get(self.sim_code())

    def need_sim(self) -> None:
        refusal = self.sim_refusal()
        if refusal is not None:
            raise CommandFailed(refusal)

    def cpin_query(self) -> str:
        code = self.sim_code()
        if code == "BUSY":
            raise CommandFailed(CME_SIM_BUSY)
        return f"+CPIN: {code}"

    def enter_pin(self, argument: str) -> None:
        fields = split_fields(argument)
        self.pins_entered.append(fields[0] if fields else "")
        if self.sim_code() != "SIM PIN" or len(fields) != 1:
            raise CommandFailed(CME_NOT_ALLOWED if self.sim_code() != "SIM PUK" else CME_PIN_WRONG)
        if fields[0] != self.conditions.pin:
            self.pin_tries -= 1
            raise CommandFailed(CME_PIN_WRONG)
        self.locked = False
        self.pin_tries = self.conditions.pin_tries
        self.ready_at = self.clock() + self.conditions.sim_busy

    def tries_answer(self, body: str) -> str:
        """The answer to AT+CPINR / AT+QPINC / AT^CPIN?, if the modem knows that command."""
        known = self.conditions.tries_command
        code = self.sim_code() if self.sim_code() != "BUSY" else "READY"
        puk = self.conditions.puk_tries
        if body.startswith("+CPINR") and known == "CPINR":
            return f"+CPINR: SIM PIN,{self.pin_tries},{self.conditions.pin_tries}"
        if body.startswith("+QPINC") and known == "QPINC":
            return f'+QPINC: "SC",{self.pin_tries},{puk}'
        if body == "^CPIN?" and known == "^CPIN":
            times = self.pin_tries if code == "SIM PIN" else puk if code == "SIM PUK" else ""
            return f"^CPIN: {code},{times},{puk},{self.pin_tries},10,3"
        raise CommandFailed()

    # -- the network -----------------------------------------------------------------------------------
    def stat(self) -> int:
        """<stat> of +CREG/+CEREG now."""
        code = self.sim_code()
        if code in ("SIM PIN", "SIM PUK"):
            return 0
        if code == "BUSY" or self.clock() < self.ready_at + self.conditions.unregistered:
            return 2
        return {"home": 1, "roaming": 5, "denied": 3}[self.conditions.network]

    @property
    def registered(self) -> bool:
        return self.stat() in (1, 5)

    def creg(self) -> str:
        return f"+CREG: 0,{0 if self.conditions.lte else self.stat()}"

    def cereg(self) -> str:
        if not self.conditions.lte:
            raise CommandFailed()  # a 2G/3G modem does not know AT+CEREG
        return f"+CEREG: 0,{self.stat()}"

    def cops(self) -> str:
        if not self.registered:
            return "+COPS: 0"
        return f'+COPS: 0,0,"SIMULATED NET",{7 if self.conditions.lte else 0}'

    def csq(self) -> str:
        return "+CSQ: 99,99" if self.stat() == 0 else f"+CSQ: {self.conditions.csq},0"

    # -- the service centre, and what an SMS meets ------------------------------------------------------
    def csca_query(self) -> str:
        self.need_sim()
        return f'+CSCA: "{self.smsc}",{145 if self.smsc.startswith("+") else 129}'

    def csca_set(self, argument: str) -> None:
        self.need_sim()
        fields = split_fields(argument)
        if not fields or not fields[0].lstrip("+").isdigit():
            raise CommandFailed(304)
        self.smsc = fields[0]

    def submission_refusal(self, pdu_has_smsc: bool) -> int | None:
        """Why the network side refuses an SMS now (after its PDU was taken), or None."""
        refusal = self.sim_refusal()
        if refusal is not None:
            return refusal
        if not self.registered:
            return CMS_NO_NETWORK
        if not pdu_has_smsc and not self.smsc:
            return CMS_NO_SMSC
        if self.flaky_left > 0:
            self.flaky_left -= 1
            return CMS_UNKNOWN
        return None

    def noisy(self, lines: tuple[str, ...]) -> tuple[str, ...]:
        """``lines`` with unsolicited lines in the middle, when ``urc_noise`` is on."""
        if not self.conditions.urc_noise:
            return lines
        if lines:
            return (lines[0], "RING", *lines[1:], '+CREG: 1,"00AB","1F2E"')
        return ("+CREG: 1",)
