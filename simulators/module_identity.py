"""Identity of a virtual communication module: IMEI, ICCID, addresses, version string.

Drawn from a seeded RNG so a simulated module is the same one in every run with the same seed.
IMEI and ICCID carry valid Luhn check digits like real ones (3GPP TS 23.003, ITU-T E.118).
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass

from protocols.params.module_types import ModuleType

# Version strings as the manuals show them (001 §7.2, 000 §8.3); 8421/8610/Gx01 follow the same form.
_VERSIONS: dict[ModuleType, str] = {
    ModuleType.GSM_2G4G: "c1.0v1.4.8420.1.1.1",
    ModuleType.GSM_2G3G4G: "c1.0v1.4.8421.1.1.1",
    ModuleType.NB_IOT: "v04v5.24.8415.3.1.1",
    ModuleType.NB_IOT_2: "v04v6.2.8610.1.1.1",
    ModuleType.GSM_GX01: "c1.0v2.9.8413.1.1.1",
}
# Type allocation codes of the radio modules' makers (first 8 IMEI digits).
_TACS = ("86833303", "86145803", "35881207")


def luhn_digit(digits: str) -> str:
    """The Luhn check digit to append to ``digits``."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # these get doubled once the check digit is appended
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return number.isdigit() and len(number) > 1 and luhn_digit(number[:-1]) == number[-1]


@dataclass(frozen=True)
class ModuleIdentity:
    imei: str
    iccid: str
    ipv4: str
    ipv6: str | None  # NB-IoT only
    system_address: str  # the module's address on the CENC server
    version: str
    transceiver_version: int  # NB-IoT: firmware version of the radio (000 Table 5, group 2 field 3)


def make_identity(module: ModuleType, rng: random.Random) -> ModuleIdentity:
    body = rng.choice(_TACS) + "".join(str(rng.randrange(10)) for _ in range(6))
    imei = body + luhn_digit(body)
    # 89 (telecom) 7 (Russia) 01 (operator) + account digits; 19 digits plus the check digit.
    iccid_body = "89701" + "".join(str(rng.randrange(10)) for _ in range(14))
    iccid = iccid_body + luhn_digit(iccid_body)
    ipv4 = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    ipv6 = None
    if module.is_nb_iot:
        groups = [0x2A00, 0x11A0, 0, rng.randrange(0x10000), 0, rng.randrange(0x100), 0x8512, rng.randrange(0x10000)]
        ipv6 = str(ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups)))
    system_address = f"0.0.{rng.randrange(2)}.{rng.randrange(1, 255)}"
    return ModuleIdentity(
        imei=imei,
        iccid=iccid,
        ipv4=ipv4,
        ipv6=ipv6,
        system_address=system_address,
        version=_VERSIONS[module],
        transceiver_version=4,
    )
