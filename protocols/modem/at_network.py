"""What a GSM modem says about its SIM card and the network (TS 27.007) and its SMS centre (TS 27.005).

Answers read before sending SMS, the way an engineer checks a modem by hand:

    +CPIN: READY / SIM PIN / SIM PUK / PH-SIM PIN …       AT+CPIN?      (§8.3)
    +CPINR: SIM PIN,3,3                                    AT+CPINR      (§8.65, tries left)
    +QPINC: "SC",3,10                                      AT+QPINC="SC" (Quectel, tries left)
    ^CPIN: SIM PIN,3,10,3,10,3                             AT^CPIN?      (Huawei, tries left)
    +CREG: 0,1[,"lac","ci"[,AcT]] / +CEREG: 0,5 …          AT+CREG? / AT+CEREG?  (§7.2, §10.1.22)
    +COPS: 0,0,"MegaFon",7                                 AT+COPS?      (§7.3)
    +CSCA: "+79168999100",145                              AT+CSCA?      (27.005 §3.3.1)

A ``+CREG:`` line in the unsolicited form (``+CREG: 1`` or ``+CREG: 1,"00AB","1F2E"``) is told from
the answer to ``AT+CREG?`` (``+CREG: <n>,<stat>…``, its second field a number) by
:func:`is_registration_urc`. Every parser raises ProtocolError on a malformed answer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from protocols.errors import ProtocolError
from protocols.modem.at_commands import info_value, is_number, split_fields
from protocols.text import Text

PIN_TRIES = 3  # a SIM blocks after three wrong PINs (TS 31.102 / GSM 11.11: PIN1 retry counter)
PIN_DIGITS = (4, 8)  # a PIN is 4 to 8 digits (TS 31.101 §9.4.2 / 27.007 §8.3)


def _bad(what: str, value: str) -> ProtocolError:
    shown = value[:60]  # the modem's own text, quoted as such: it may be in any language
    return ProtocolError(Text(f"Ответ модема не разобран: {what}: «{shown}»",
                              f"Modem response not understood: {what}: “{shown}”"))


# -- the SIM: AT+CPIN? -----------------------------------------------------------------------------------
READY = "READY"
SIM_PIN = "SIM PIN"
SIM_PUK = "SIM PUK"
NOT_READY = "NOT READY"  # some modems answer this while the SIM initialises (others +CME ERROR: 14)
HARMLESS = ("SIM PIN2", "SIM PUK2")  # asked only for PIN2-protected files: SMS does not need them


def parse_cpin(value: str) -> str:
    """``+CPIN:`` value → the code in capitals without quotes (``READY``, ``SIM PIN`` …)."""
    code = " ".join(value.strip().strip('"').upper().split())
    if not code or not all(ch.isascii() and (ch.isalnum() or ch in " -_") for ch in code):
        raise _bad("+CPIN", value)
    return code


def pin_problem(pin: str) -> Text | None:
    """Why ``pin`` cannot be a SIM PIN (4 to 8 digits), or None. Checked before it is sent: a
    malformed PIN would cost one of the three tries on some modems."""
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        return Text(f"PIN-код — от {low} до {high} цифр", f"A PIN is {low} to {high} digits")
    return None


def pin_command(pin: str) -> str:
    if pin_problem(pin) is not None:
        raise ValueError("not a PIN")
    return f'AT+CPIN="{pin}"'


PIN_COMMAND_SHOWN = 'AT+CPIN="****"'  # what logs show instead of pin_command()


# -- tries left: the standard command first, then the documented vendor ones -----------------------
PIN_TRIES_QUERIES = ('AT+CPINR="SIM PIN"', 'AT+QPINC="SC"', "AT^CPIN?")


def parse_pin_tries(command: str, lines: list[str]) -> int | None:
    """PIN tries left from the answer to one of PIN_TRIES_QUERIES; None when the answer has none."""
    for line in lines:
        if command.startswith("AT+CPINR"):
            value = info_value(line, "CPINR")
            if value is None:
                continue
            fields = split_fields(value)
            if len(fields) >= 2 and fields[0].upper() == SIM_PIN and is_number(fields[1]):
                return int(fields[1])
        elif command.startswith("AT+QPINC"):
            value = info_value(line, "QPINC")
            if value is None:
                continue
            fields = split_fields(value)
            if len(fields) >= 2 and fields[0].upper() == "SC" and is_number(fields[1]):
                return int(fields[1])  # "SC": the SIM's PIN1; the next field counts PUK tries
        elif command.startswith("AT^CPIN"):
            text = line.strip()
            if not text.upper().startswith("^CPIN:"):
                continue
            fields = split_fields(text[len("^CPIN:"):])
            # <code>,[<times>],<puk_times>,<pin_times>,<puk2_times>,<pin2_times>
            if len(fields) >= 4 and is_number(fields[3]):
                return int(fields[3])
    return None


# -- network registration: AT+CREG? / AT+CEREG? / AT+COPS? ---------------------------------------------
class RegStat(enum.IntEnum):
    """<stat> of +CREG / +CEREG (27.007 §7.2, §10.1.22)."""

    NOT_SEARCHING = 0
    HOME = 1
    SEARCHING = 2
    DENIED = 3
    UNKNOWN = 4
    ROAMING = 5
    SMS_ONLY_HOME = 6
    SMS_ONLY_ROAMING = 7
    EMERGENCY_ONLY = 8
    CSFB_NOT_PREFERRED_HOME = 9
    CSFB_NOT_PREFERRED_ROAMING = 10

    @property
    def registered(self) -> bool:
        return self in _REGISTERED

    @property
    def roaming(self) -> bool:
        return self in (RegStat.ROAMING, RegStat.SMS_ONLY_ROAMING, RegStat.CSFB_NOT_PREFERRED_ROAMING)

    @property
    def label(self) -> Text:
        return _STAT_LABELS.get(self, Text(f"состояние {int(self)}", f"state {int(self)}"))


_REGISTERED = {RegStat.HOME, RegStat.ROAMING, RegStat.SMS_ONLY_HOME, RegStat.SMS_ONLY_ROAMING,
               RegStat.CSFB_NOT_PREFERRED_HOME, RegStat.CSFB_NOT_PREFERRED_ROAMING}
_STAT_LABELS = {
    RegStat.NOT_SEARCHING: Text("не зарегистрирован, сеть не ищет", "not registered, not searching"),
    RegStat.HOME: Text("домашняя сеть", "home network"),
    RegStat.SEARCHING: Text("поиск сети", "searching for a network"),
    RegStat.DENIED: Text("регистрация отклонена сетью", "registration denied"),
    RegStat.UNKNOWN: Text("состояние неизвестно", "state unknown"),
    RegStat.ROAMING: Text("роуминг", "roaming"),
    RegStat.SMS_ONLY_HOME: Text("домашняя сеть, только SMS", "home network, SMS only"),
    RegStat.SMS_ONLY_ROAMING: Text("роуминг, только SMS", "roaming, SMS only"),
    RegStat.EMERGENCY_ONLY: Text("только экстренные вызовы", "emergency calls only"),
    RegStat.CSFB_NOT_PREFERRED_HOME: Text("домашняя сеть", "home network"),
    RegStat.CSFB_NOT_PREFERRED_ROAMING: Text("роуминг", "roaming"),
}

LTE_TECHNOLOGIES = {7, 9, 10, 13}  # <AcT>: E-UTRAN, E-UTRAN NB-S1, E-UTRA to 5GCN, E-UTRA–NR dual
_ACT_NAMES = {0: "GSM", 1: "GSM", 2: "UMTS", 3: "EDGE", 4: "UMTS", 5: "UMTS", 6: "UMTS", 7: "LTE",
              8: "EC-GSM-IoT", 9: "NB-IoT", 10: "LTE", 11: "5G", 12: "5G", 13: "LTE"}


def technology_name(act: int | None) -> str:
    return _ACT_NAMES.get(act, "") if act is not None else ""


@dataclass(frozen=True)
class Registration:
    stat: RegStat
    act: int | None = None  # access technology, when the modem reports it


def _stat(token: str, name: str, value: str) -> RegStat:
    if not is_number(token) or int(token) > max(RegStat):
        raise _bad(f"+{name}", value)
    return RegStat(int(token))


def parse_registration(value: str, name: str = "CREG") -> Registration:
    """The answer to ``AT+CREG?`` / ``AT+CEREG?`` / ``AT+CGREG?``: ``<n>,<stat>[,<lac>,<ci>[,<AcT>…]]``."""
    fields = split_fields(value)
    if len(fields) < 2 or not is_number(fields[0]):
        raise _bad(f"+{name}", value)
    stat = _stat(fields[1], name, value)
    act = int(fields[4]) if len(fields) > 4 and is_number(fields[4]) else None
    return Registration(stat, act)


def is_registration_urc(line: str) -> bool:
    """``+CREG: 1`` / ``+CREG: 1,"00AB","1F2E"`` (unsolicited) as opposed to ``+CREG: 0,1`` (an answer)."""
    for name in ("CREG", "CGREG", "CEREG"):
        value = info_value(line, name)
        if value is not None:
            raw = [part.strip() for part in value.split(",")]
            return len(raw) == 1 or raw[1].startswith('"')
    return False


@dataclass(frozen=True)
class Operator:
    name: str  # as the modem gives it ("" when not registered or in numeric form)
    act: int | None


def parse_cops(value: str) -> Operator:
    """``+COPS: <mode>[,<format>,<oper>[,<AcT>]]``."""
    fields = split_fields(value)
    if not fields or not is_number(fields[0]):
        raise _bad("+COPS", value)
    name = fields[2] if len(fields) > 2 else ""
    act = int(fields[3]) if len(fields) > 3 and is_number(fields[3]) else None
    return Operator(name, act)


# -- the SMS service centre: AT+CSCA ---------------------------------------------------------------------
def parse_csca(value: str) -> str:
    """``+CSCA: "+79168999100",145`` → the number ("" when the SIM holds none)."""
    fields = split_fields(value)
    number = fields[0] if fields else ""
    if number and not all(ch.isascii() and (ch.isdigit() or ch in "+*#") for ch in number):
        raise _bad("+CSCA", value)
    return number


def smsc_problem(number: str) -> Text | None:
    """Why ``number`` cannot be a service-centre number (international or national digits), or None."""
    digits = number[1:] if number.startswith("+") else number
    if not (digits.isascii() and digits.isdigit() and 3 <= len(digits) <= 20):
        return Text(f"Номер SMS-центра «{number}» — цифры, можно с «+» в начале (например +79168999100)",
                    f"The service-centre number “{number}” is digits, optionally after “+” (e.g. +79168999100)")
    return None


def csca_command(number: str) -> str:
    """``AT+CSCA="+79168999100",145`` (type 145: international, 129: national)."""
    if smsc_problem(number) is not None:
        raise ValueError("not a service-centre number")
    return f'AT+CSCA="{number}",{145 if number.startswith("+") else 129}'


# -- signal: the manuals' recommended level ----------------------------------------------------------------
RECOMMENDED_DBM_GSM = -85  # GSM manual §7: "не ниже -85 дБм" for GSM
RECOMMENDED_DBM_LTE = -91  # and "не ниже -91 дБм" for LTE


def recommended_dbm(act: int | None) -> int:
    return RECOMMENDED_DBM_LTE if act in LTE_TECHNOLOGIES else RECOMMENDED_DBM_GSM
