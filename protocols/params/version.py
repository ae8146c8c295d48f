"""Module version strings: ``c1.0v1.4.8420.1.1.1`` (GSM, core c1.0) or ``v04v5.24.8415.3.1.1``
(NB-IoT, core v04).

Layout (001 §7.2 note 17, 000 §8.3 note 17, 002 Appendix 4): the core version, then ``v`` and the
version of the consumer functionality (SKOP): ``major.minor.PLATFORM.build…`` where PLATFORM is the
hex platform id that names the hardware (Table 11 of 002). The meaning of the build digits after
the platform id is not documented; they are kept as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from protocols.errors import ProtocolError
from protocols.params.module_types import ModuleType
from protocols.text import Text

# 002 Appendix 4, Table 11 "Интерпретация идентификатора модуля связи GSM".
PLATFORM_NAMES: dict[str, str] = {
    **{pid: "Gx01" for pid in ("8411", "8412", "8413", "8416", "8417", "8611")},
    "8420": "Gx04 (2/4G)",
    "8421": "GS04 (2/3/4G)",
    "8415": "NB01",
    "8610": "NB02",
}

class Firmware(NamedTuple):
    """A module firmware version ``major.minor`` (the SKOP version of the version string, 2.7 in
    ``c1.0v2.7.8420.1.1.1``); compares as a tuple, prints as ``2.7``."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Firmware:
        """``"X.Y"`` with decimal X and Y, nothing else; ValueError otherwise. The one place such text is read."""
        major, dot, minor = text.strip().partition(".")
        if not dot or not all(part.isascii() and part.isdigit() for part in (major, minor)):
            raise ValueError(f"not a firmware version X.Y: {text!r}")
        return cls(int(major), int(minor))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


_VERSION = re.compile(
    r"(?P<core>[cv]\d+(?:\.\d+)*)"
    r"v(?P<major>\d+)\.(?P<minor>\d+)\.(?P<platform>[0-9A-Fa-f]{4})"
    r"(?P<build>(?:\.\d+)*)"
)


@dataclass(frozen=True)
class ModuleVersion:
    text: str
    core: str
    firmware: str
    platform_id: str
    build: str
    module_type: ModuleType | None

    @property
    def known(self) -> bool:
        return self.module_type is not None

    @property
    def firmware_tuple(self) -> Firmware:
        return Firmware.parse(self.firmware)

    @property
    def platform_name(self) -> str | None:
        return PLATFORM_NAMES.get(self.platform_id)

    @property
    def module_label(self) -> Text:
        if self.module_type is not None:
            return self.module_type.label
        return Text(f"неизвестная платформа {self.platform_id}", f"unknown platform {self.platform_id}")


def parse_version(text: str) -> ModuleVersion:
    """Split a version string; an unknown platform gives ``module_type=None``, not an error."""
    cleaned = text.strip().lower().replace("с", "c")  # the manuals type a Cyrillic "с"; case does not matter
    match = _VERSION.fullmatch(cleaned)
    if match is None:
        raise ProtocolError(
            Text(
                f"Неверная строка версии модуля: «{text}» (ожидается вида c1.0v1.4.8420.1.1.1)",
                f"Malformed module version string: {text!r} (expected like c1.0v1.4.8420.1.1.1)",
            )
        )
    platform = match["platform"].upper()
    return ModuleVersion(
        text=cleaned,
        core=match["core"],
        firmware=f"{match['major']}.{match['minor']}",
        platform_id=platform,
        build=match["build"].lstrip("."),
        module_type=ModuleType.from_platform(platform),
    )


def platform_id_from_decimal(value: int) -> str:
    """ceHes logs the platform id as a decimal number; the tables use its hex form (002 App. 4)."""
    if not 0 <= value <= 0xFFFF:
        raise ProtocolError(
            Text(f"Идентификатор платформы вне диапазона: {value}", f"Platform id out of range: {value}")
        )
    return f"{value:04X}"


def parse_firmware(text: str) -> Firmware | None:
    """Module firmware typed by a user: "2.7", "v2.7" or a whole version string
    "v04v5.24.8415.3.1.1"; None if empty or unreadable."""
    cleaned = text.strip().lstrip("vV")
    if not cleaned:
        return None
    try:
        return Firmware.parse(cleaned)
    except ValueError:
        pass
    try:
        return parse_version(text).firmware_tuple
    except ProtocolError:
        return None
