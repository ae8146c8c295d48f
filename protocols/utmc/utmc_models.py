"""Meter models the UTMC-700 polls (UTMC-700 guide, item 15.2 "Список поддерживаемых моделей").

Each model has a stable 16-bit code for our frames (docs/protocols/utmc.md), the vendor's name,
the kind of meter and the interfaces the list names. In device-list files a model is written
with a kind prefix, as in the guide's example ``ЕМ Энергомера СЕ102``; the guide documents only
``ЕМ`` (electricity), the other prefixes are ours. Look-ups ignore the prefix, the interface
in parentheses, case, and Cyrillic/Latin look-alike letters (``СЕ102`` = ``CE102``).

    MODELS, model_by_code(code), find_model(name) -> DeviceModel | None
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from protocols.text import Text


class MeterKind(enum.Enum):
    ELECTRICITY = 1
    HEAT = 2
    PULSE = 3
    FLOW = 4
    WATER = 5

    @property
    def label(self) -> Text:
        return _KIND_LABELS[self]

    @property
    def prefix(self) -> str:
        return _KIND_PREFIXES[self]


_KIND_LABELS = {
    MeterKind.ELECTRICITY: Text("Электросчётчики", "Electricity meters"),
    MeterKind.HEAT: Text("Теплосчётчики", "Heat meters"),
    MeterKind.PULSE: Text("Счётчики импульсов", "Pulse counters"),
    MeterKind.FLOW: Text("Расходомеры", "Flow meters"),
    MeterKind.WATER: Text("Водосчётчики", "Water meters"),
}
_KIND_PREFIXES = {
    MeterKind.ELECTRICITY: "ЕМ",  # from the guide's example line
    MeterKind.HEAT: "ТС",
    MeterKind.PULSE: "СИ",
    MeterKind.FLOW: "РМ",
    MeterKind.WATER: "ВС",
}

SPODES = "СПОДЭС"


@dataclass(frozen=True)
class DeviceModel:
    code: int
    name: str  # as in the guide, without the interface list
    kind: MeterKind
    interfaces: tuple[str, ...]  # "485", "232", "CAN", "mBus", "wmBus" or "СПОДЭС" (RS-485, DLMS/СПОДЭС)

    @property
    def file_name(self) -> str:
        """The model column of a device-list file."""
        return f"{self.kind.prefix} {self.name}"

    @property
    def list_label(self) -> str:
        """As the guide lists it: name and interfaces."""
        if self.interfaces == (SPODES,):
            return f"{self.name} (протокол {SPODES})"
        return f"{self.name} ({', '.join(self.interfaces)})"

    @property
    def spodes(self) -> bool:
        return SPODES in self.interfaces


E, H, P, F, W = MeterKind.ELECTRICITY, MeterKind.HEAT, MeterKind.PULSE, MeterKind.FLOW, MeterKind.WATER
_R485, _R232, _MBUS, _CAN = "485", "232", "mBus", "CAN"

_DECLARED: tuple[tuple[MeterKind, str, tuple[str, ...]], ...] = (
    (E, "EKF SKAT", (SPODES,)),
    (E, "I-PROM", (SPODES,)),
    (E, "Saiman CO-Э711", (_R485,)),
    (E, "Бетар ЭСО", (_R485,)),
    (E, "Вавиот Фобос", (_R485,)),
    (E, "Искраемеко МТ17х", (_R485,)),
    (E, "Меркурий 200", (_R485, _CAN)),
    (E, "Меркурий 203", (_R485, _CAN)),
    (E, "Меркурий 206", (_R485, _CAN)),
    (E, "Меркурий 230", (_R485, _CAN)),
    (E, "Меркурий 234", (_R485, _CAN)),
    (E, "Меркурий 236", (_R485, _CAN)),
    (E, "МЗЭП Агат 2-27(М)", (_R485,)),
    (E, "МЗЭП Агат 2-45(М)", (_R485,)),
    (E, "МЗЭП СОЭ-55/60Ш", (_R485,)),
    (E, "МЗЭП СТС-565/5", (_R485,)),
    (E, "Милур 10х", (_R485,)),
    (E, "Милур 30х", (_R485,)),
    (E, "Нева 306", (_R485,)),
    (E, "Нева МТ1хх", (_R485,)),
    (E, "Нева МТ3хх", (_R485,)),
    (E, "Нева", (SPODES,)),
    (E, "НПО Фрунзе ПСЧ-3", (_R485,)),
    (E, "НПО Фрунзе СЭТ-4ТМ", (_R485,)),
    (E, "НПО Фрунзе ПСЧ-4ТМ", (_R485,)),
    (E, "СПБЗИП ЦЭ2726А", (_R485,)),
    (E, "Тепловодохран Пульсар 1Т", (_R485,)),
    (E, "Энергомера СЕ102", (_R485,)),
    (E, "Энергомера СЕ102М", (_R485,)),
    (E, "Энергомера СЕ207", (SPODES,)),
    (E, "Энергомера СЕ301", (_R485,)),
    (E, "Энергомера СЕ303", (_R485,)),
    (E, "Энергомера СЕ307", (SPODES,)),
    (E, "Энергомера СЕ308", (SPODES,)),
    (E, "Энергомера ЦЭ6850", (_R485,)),
    (E, "Энергомера ЦЭ6850М", (_R485,)),
    (H, "Danfoss SonoSafe", (_R485,)),
    (H, "Hiterm", (_MBUS,)),
    (H, "SANEXT Mono RM", (_R485,)),
    (H, "Valtec VHM-T", (_MBUS, _R485)),
    (H, "Valtec ТСУ", (_MBUS, _R485)),
    (H, "Weser", (_MBUS, _R485)),
    (H, "Авектра ТСУ", (_R485,)),
    (H, "Авектра ТСУ-Д", (_R485,)),
    (H, "Взлёт ТСРВ-023", (_R232, _R485)),
    (H, "Взлёт ТСРВ-026", (_R232, _R485)),
    (H, "Взлёт ТСРВ-042", (_R232, _R485)),
    (H, "Взлёт ТСРВ-043", (_R232, _R485)),
    (H, "Взлёт ТСРК-011", (_R232, _R485)),
    (H, "Интелприбор МКТС", (_R232, _R485)),
    (H, "Карат-Компакт 2х3", (_MBUS, _R485)),
    (H, "Карат 30х", (_R232, _R485)),
    (H, "Логика СПТ941.10/11", (_R232, _R485)),
    (H, "Логика СПТ941.20", (_R232, _R485)),
    (H, "Логика СПТ943", (_R232, _R485)),
    (H, "Логика СПТ944", (_R232, _R485)),
    (H, "Логика СПТ961", (_R232,)),
    (H, "Логика СПТ961.1", (_R232, _R485)),
    (H, "Логика СПТ961.2", (_R232, _R485)),
    (H, "Логика СПТ961М", (_R232,)),
    (H, "Магика А2200", (_R232, _R485)),
    (H, "Магика АТ2200 через шлюз RS 232/485 ModBus", (_R485,)),
    (H, "Маяк ИМ2300", (_R232, _R485)),
    (H, "Промприбор ТМК-Н130", (_R232, _R485)),
    (H, "Пульсар mBus", (_MBUS,)),
    (H, "Ридан РУТ-01", (_R485,)),
    (H, "СЭТ Гефест", (_MBUS, _R485)),
    (H, "СЭТ ТСУ", (_MBUS, _R485)),
    (H, "Тепловизор ВИС.Т", (_R232, _R485)),
    (H, "Тепловономер ВТЭ-1К1(2)", (_R485, _R232)),
    (H, "Тепловономер ВТЭ-1К3", (_R485, _R232)),
    (H, "Тепловономер ВТЭ-1П14М", (_R485, _R232)),
    (H, "Тепловономер ВТЭ-1П15М", (_R485, _R232)),
    (H, "Тепловономер Elf, прошивка Apator", ("wmBus",)),
    (H, "Тепловодохран Пульсар", (_MBUS, _R485)),
    (H, "Теплоком ВКТ-7", (_R232,)),
    (H, "Теплоком ВКТ-9", (_R232,)),
    (H, "Теплоконтроль ТТК-01-М", (_MBUS, _R485)),
    (H, "Термотроник ТВ-7", (_R232,)),
    (H, "Пульс", (_MBUS, _R485)),
    (H, "ТЭСС СТУ-1", (_R232, _R485)),
    (P, "Пульсар-2,3,10,16М", (_R485,)),
    (P, "СЭТ СИПУ", (_MBUS, _R485)),
    (F, "Взлёт ИВК-102", (_R485, _R232)),
    (F, "Взлёт МР (УРСВ-5хх ц)", (_R485, _R232)),
    (F, "Взлёт ЭМ", (_R485, _R232)),
    (F, "ТЭСС УРЖ2КМ", (_R485, _R232)),
    (W, "VLF-URS", (_R485,)),
    (W, "Пульсар", (_R485,)),
    (W, "Пульсар М", (_R485,)),
    (W, "СЭТ Протей", (_R485,)),
    (W, "СЭТ СВЭУ", (_R485, _MBUS)),
    (W, "СЭТ считыватель показаний водосчётчика", (_R485,)),
)


def _build() -> tuple[DeviceModel, ...]:
    models, counters = [], dict.fromkeys(MeterKind, 0)
    for kind, name, interfaces in _DECLARED:
        counters[kind] += 1
        models.append(DeviceModel(kind.value << 8 | counters[kind], name, kind, interfaces))
    return tuple(models)


MODELS: tuple[DeviceModel, ...] = _build()

# Cyrillic letters that look like Latin ones: typed either way in names, serials and codes.
LOOKALIKES = str.maketrans("АВЕКМНОРСТХУаеокрсху", "ABEKMHOPCTXYaeokpcxy")
_FOLDED_LOOKALIKES = str.maketrans("авекмнорстху", "abekmhopctxy")  # after casefold: case does not matter


def normalise_name(name: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", name)  # interface lists like "(485, CAN)"
    text = text.casefold().replace("ё", "е").translate(_FOLDED_LOOKALIKES)
    return " ".join(text.replace(",", " ").split())


_PREFIXES = {normalise_name(k.prefix): k for k in MeterKind}
_BY_NAME = {normalise_name(m.name): m for m in MODELS}
_BY_CODE = {m.code: m for m in MODELS}
assert len(_BY_NAME) == len(MODELS), "two models normalise to the same name"


def model_by_code(code: int) -> DeviceModel | None:
    return _BY_CODE.get(code)


def find_model(name: str) -> DeviceModel | None:
    """The model a file or a user names, with or without the kind prefix and interface list."""
    key = normalise_name(name)
    if key in _BY_NAME:
        return _BY_NAME[key]
    head, _, rest = key.partition(" ")
    kind = _PREFIXES.get(head)
    if kind is not None:
        model = _BY_NAME.get(rest)
        if model is not None and model.kind is kind:
            return model
    return None


def models_of(kind: MeterKind) -> list[DeviceModel]:
    return [m for m in MODELS if m.kind is kind]
