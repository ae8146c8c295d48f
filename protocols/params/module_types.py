"""Module types of the meters' communication modules (SPEC A; manuals 000 §3, 001 §4, 002 App. 4)."""

from __future__ import annotations

import enum

from protocols.text import Text


class ModuleType(enum.Enum):
    GSM_2G4G = "gsm-2g4g"
    GSM_2G3G4G = "gsm-2g3g4g"
    NB_IOT = "nb-iot"
    NB_IOT_2 = "nb-iot-2"
    GSM_GX01 = "gsm-gx01"

    @property
    def label(self) -> Text:
        return _LABELS[self]

    @property
    def designation(self) -> str:
        return _DESIGNATIONS[self]

    @property
    def platform_ids(self) -> tuple[str, ...]:
        return _PLATFORMS[self]

    @property
    def is_nb_iot(self) -> bool:
        return self in (ModuleType.NB_IOT, ModuleType.NB_IOT_2)

    @property
    def is_gsm(self) -> bool:
        return not self.is_nb_iot

    @classmethod
    def from_id(cls, module_id: str) -> ModuleType:
        for item in cls:
            if item.value == module_id:
                return item
        known = ", ".join(m.value for m in cls)
        raise ValueError(f"unknown module type {module_id!r}; known: {known}")

    @classmethod
    def from_platform(cls, platform_id: str) -> ModuleType | None:
        for item in cls:
            if platform_id.upper() in item.platform_ids:
                return item
        return None


_LABELS = {
    ModuleType.GSM_2G4G: Text("GSM 2G+4G", "GSM 2G+4G"),
    ModuleType.GSM_2G3G4G: Text("GSM 2G+3G+4G", "GSM 2G+3G+4G"),
    ModuleType.NB_IOT: Text("NB-IoT", "NB-IoT"),
    ModuleType.NB_IOT_2: Text("NB-IoT (2-е поколение)", "NB-IoT (2nd gen.)"),
    ModuleType.GSM_GX01: Text("GSM (1-е поколение)", "GSM (1st gen.)"),
}
_DESIGNATIONS = {
    ModuleType.GSM_2G4G: "GS04 / GB04",
    ModuleType.GSM_2G3G4G: "GS04",
    ModuleType.NB_IOT: "NB01 (VNB01, VNC01)",
    ModuleType.NB_IOT_2: "NB02",
    ModuleType.GSM_GX01: "Gx01",
}
_PLATFORMS = {
    ModuleType.GSM_2G4G: ("8420",),
    ModuleType.GSM_2G3G4G: ("8421",),
    ModuleType.NB_IOT: ("8415",),
    ModuleType.NB_IOT_2: ("8610",),
    ModuleType.GSM_GX01: ("8411", "8412", "8413", "8416", "8417", "8611"),
}
