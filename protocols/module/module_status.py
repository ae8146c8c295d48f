"""Typed module status, decoded with the manuals' tables, for the status pages and the CLI.

Replies (protocols.module.module_frames) carry raw codes; here they get their meanings. The tables
depend on the module family (GSM: 001, NB-IoT: 000); the family comes from the version string's
platform id, else from the module type the user chose, else from which fields the module reported.
:class:`StatusSnapshot` gathers the answers of the separate requests as the vendor tool's
"Статус модуля" panel does, and lists them as rows worded like that panel.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from protocols.errors import ProtocolError
from protocols.module.module_frames import (
    ExtendedStatusReply,
    Frame,
    IccidReply,
    ImeiReply,
    IpReply,
    Ipv6Reply,
    ModuleInfoReply,
)
from protocols.module.status_tables import (
    BAND_TABLE,
    CENC_REGISTRATION_TABLE,
    GSM_METER_LINK_TABLE,
    GSM_SIM_TABLE,
    NB_HTTP_LOADER_TABLE,
    NB_MQTT_CLIENT_TABLE,
    NB_MQTT_LOADER_TABLE,
    SIGNAL_TABLE,
    CodeTable,
    gprs_table,
    meets_recommendation,
    module_technology,
    registration_table,
)
from protocols.params.module_types import ModuleType
from protocols.params.version import ModuleVersion, parse_version
from protocols.text import Text

YES = Text("Да", "Yes")
NO = Text("Нет", "No")
NO_DATA = Text("Нет данных", "No data")
NOT_OBTAINED = Text("Не получен", "Not obtained")
SIM_DETECTED = Text("SIM карта обнаружена", "SIM card detected")  # the panel's wording (001 §7.2)
SIM_MISSING = Text("SIM карта не обнаружена", "SIM card not detected")


@dataclass(frozen=True)
class Coded:
    """A raw code as the module sent it and its meaning from the manual's table."""

    code: int
    meaning: Text


def _coded(table: CodeTable, code: int | None) -> Coded | None:
    return None if code is None else Coded(code, table.meaning(code))


# --- Appendix A status byte ---------------------------------------------------------------------


@dataclass(frozen=True)
class StatusFlags:
    """The Appendix A status byte. ``sim_detected`` exists on GSM (bit 0) and ``gprs_session``
    ("IP получен") on NB-IoT (bit 2); the other family has None there."""

    raw: int
    sim_detected: bool | None
    internet_mode: bool
    gprs_session: bool | None
    tcp_connected: bool
    cenc_registration: Coded


def decode_status_byte(raw: int, module: ModuleType) -> StatusFlags:
    if not 0 <= raw <= 0xFF:
        raise ProtocolError(Text(f"Байт статуса вне диапазона: {raw}", f"Status byte out of range: {raw}"))
    return StatusFlags(
        raw=raw,
        sim_detected=None if module.is_nb_iot else bool(raw & 0x01),
        internet_mode=bool(raw & 0x02),
        gprs_session=bool(raw & 0x04) if module.is_nb_iot else None,
        tcp_connected=bool(raw & 0x08),
        cenc_registration=Coded(raw >> 5, CENC_REGISTRATION_TABLE.meaning(raw >> 5)),
    )


def encode_status_byte(
    *,
    sim_detected: bool = False,
    internet_mode: bool = False,
    gprs_session: bool = False,
    tcp_connected: bool = False,
    cenc_registration: int = 0,
) -> int:
    """Build the status byte (used by the virtual module); set only the bits of its family."""
    if not 0 <= cenc_registration <= 7:
        raise ValueError(f"CENC registration status {cenc_registration} does not fit bits 5-7")
    return (
        int(sim_detected)
        | int(internet_mode) << 1
        | int(gprs_session) << 2
        | int(tcp_connected) << 3
        | cenc_registration << 5
    )


# --- Replies → typed status ------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleStatus:
    module: ModuleType
    module_known: bool  # False: the version's platform is unknown and the tables are a guess
    system_address: str
    version_text: str
    version: ModuleVersion | None  # None when the module sent an unparsable version string
    flags: StatusFlags


@dataclass(frozen=True)
class ExtendedStatus:
    status: ModuleStatus
    gprs: Coded | None
    registration: Coded | None
    band: Coded | None
    signal: Coded | None
    sim: Coded | None
    meter_link: Coded | None
    http_loader: Coded | None
    mqtt_client: Coded | None
    mqtt_loader: Coded | None
    transceiver_firmware: str

    @property
    def signal_meets_recommendation(self) -> bool | None:
        """Signal at or above the manuals' recommendation for the band's technology (None: no signal)."""
        if self.signal is None:
            return None
        band = self.band.code if self.band else None
        return meets_recommendation(self.signal.code, module_technology(self.status.module, band))


def _version_of(text: str) -> ModuleVersion | None:
    try:
        return parse_version(text)
    except ProtocolError:
        return None


def _module_family(reply: ModuleInfoReply, version: ModuleVersion | None, hint: ModuleType | None) -> ModuleType:
    if version is not None and version.module_type is not None:
        return version.module_type
    if hint is not None:
        return hint
    if isinstance(reply, ExtendedStatusReply) and (
        reply.mqtt_client is not None or reply.http_loader is not None or reply.mqtt_loader is not None
    ):
        return ModuleType.NB_IOT
    return ModuleType.GSM_2G4G


def module_status(reply: ModuleInfoReply, module: ModuleType | None = None) -> ModuleStatus:
    """The common status of any information reply; ``module`` is the user's choice, used only when
    the version string does not name the platform."""
    version = _version_of(reply.version)
    family = _module_family(reply, version, module)
    return ModuleStatus(
        module=family,
        module_known=version is not None and version.module_type is not None,
        system_address=reply.system_address,
        version_text=reply.version,
        version=version,
        flags=decode_status_byte(reply.status, family),
    )


def extended_status(reply: ExtendedStatusReply, module: ModuleType | None = None) -> ExtendedStatus:
    status = module_status(reply, module)
    family = status.module
    return ExtendedStatus(
        status=status,
        gprs=_coded(gprs_table(family), reply.gprs),
        registration=_coded(registration_table(family), reply.registration),
        band=_coded(BAND_TABLE, reply.band),
        signal=_coded(SIGNAL_TABLE, reply.signal),
        sim=_coded(GSM_SIM_TABLE, reply.sim),
        meter_link=_coded(GSM_METER_LINK_TABLE, reply.meter_link),
        http_loader=_coded(NB_HTTP_LOADER_TABLE, reply.http_loader),
        mqtt_client=_coded(NB_MQTT_CLIENT_TABLE, reply.mqtt_client),
        mqtt_loader=_coded(NB_MQTT_LOADER_TABLE, reply.mqtt_loader),
        transceiver_firmware=reply.transceiver_firmware,
    )


# --- The status panel ---------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    key: str  # stable id for UIs and tests ("system_address", "signal", …)
    label: Text
    value: Text
    column: str  # "state" or "other", as the two columns of the vendor tool's panel


@dataclass(frozen=True)
class StatusSnapshot:
    """Everything read so far; each reply adds its part (``clear()`` is simply a new snapshot)."""

    module_hint: ModuleType | None = None
    status: ModuleStatus | None = None
    extended: ExtendedStatus | None = None
    imei: str | None = None
    ip: str | None = None
    ipv6: str | None = None
    iccid: str | None = None
    ip_requested: bool = False
    ipv6_requested: bool = False

    def apply(self, reply: Frame) -> StatusSnapshot:
        """The snapshot with ``reply`` added; frames that carry no status leave it unchanged."""
        if not isinstance(reply, ModuleInfoReply):
            return self
        changes: dict[str, Any]
        if isinstance(reply, ExtendedStatusReply):
            extended = extended_status(reply, self.module_hint)  # its common part is the status
            changes = {"status": extended.status, "extended": extended}
        else:
            changes = {"status": module_status(reply, self.module_hint)}
        if isinstance(reply, ImeiReply):
            changes["imei"] = reply.imei
        elif isinstance(reply, IpReply):
            changes.update(ip=reply.ip, ip_requested=True)
        elif isinstance(reply, Ipv6Reply):
            changes.update(ipv6=reply.ipv6, ipv6_requested=True)
        elif isinstance(reply, IccidReply):
            changes["iccid"] = reply.iccid
        return dataclasses.replace(self, **changes)

    def rows(self) -> list[StatusRow]:
        """The panel's rows in the vendor tool's wording (001 §7.2, 000 §8.3); only rows that
        belong to the module family, "Нет данных" for what has not been read yet."""
        return _state_rows(self) + _other_rows(self)


def _cap(text: Text) -> Text:
    """Table wording is lower-case inside sentences; the panel starts values with a capital."""
    return Text(text.ru[:1].upper() + text.ru[1:], text.en[:1].upper() + text.en[1:])


def _yes_no(value: bool) -> Text:
    return YES if value else NO


def _coded_value(value: Coded | None) -> Text:
    return _cap(value.meaning) if value is not None else NO_DATA


_LABELS = {
    "system_address": Text("Системный адрес", "System address"),
    "internet_mode": Text(
        "Текущий режим работы подразумевает выход в интернет", "Current operating mode implies Internet access"
    ),
    "ip_obtained": Text("IP получен", "IP obtained"),
    "tcp_connected": Text("Выполнено подключение по TCP", "TCP connection established"),
    "cenc": Text("Состояние подключения к CENC серверу", "CENC server connection"),
    "sim": Text("SIM", "SIM"),
    "gprs": Text("GPRS", "GPRS"),
    "mqtt_client": Text("Клиент MQTT", "MQTT client"),
    "http_loader": Text("Обновление ВПО (HTTP)", "Firmware update (HTTP)"),
    "mqtt_loader": Text("Обновление ВПО (MQTT)", "Firmware update (MQTT)"),
    "meter_link": GSM_METER_LINK_TABLE.name,
    "registration": Text("Состояние регистрации в сети", "Network registration"),
    "band": Text("Частотный диапазон сети", "Network frequency band"),
    "signal": Text("Уровень сигнала сети", "Network signal level"),
    "transceiver_firmware": Text("Версия ВПО трансивера", "Transceiver firmware version"),
    "imei": Text("IMEI", "IMEI"),
    "ip": Text("IP", "IP"),
    "ipv6": Text("IPv6", "IPv6"),
    "iccid": Text("ICCID", "ICCID"),
    "version": Text("Версия", "Version"),
    "module_type": Text("Тип модуля", "Module type"),
}


def _row(key: str, value: Text, column: str = "state") -> StatusRow:
    return StatusRow(key, _LABELS[key], value, column)


def _plain(value: str | None) -> Text:
    return Text(value, value) if value else NO_DATA


def _address(value: str | None, requested: bool) -> Text:
    if value is None and requested:
        return NOT_OBTAINED  # the module answered: it has no address
    return _plain(value)


def _family(snapshot: StatusSnapshot) -> ModuleType | None:
    return snapshot.status.module if snapshot.status else snapshot.module_hint


def _state_rows(snapshot: StatusSnapshot) -> list[StatusRow]:
    status, family = snapshot.status, _family(snapshot)
    nb_iot = family is not None and family.is_nb_iot
    flags = status.flags if status else None
    rows = [_row("system_address", _plain(status.system_address if status else None))]
    rows.append(_row("internet_mode", _yes_no(flags.internet_mode) if flags else NO_DATA))
    if nb_iot:
        obtained = flags.gprs_session if flags else None
        rows.append(_row("ip_obtained", _yes_no(obtained) if obtained is not None else NO_DATA))
    rows.append(_row("tcp_connected", _yes_no(flags.tcp_connected) if flags else NO_DATA))
    rows.append(_row("cenc", _coded_value(flags.cenc_registration if flags else None)))
    if not nb_iot:
        sim = flags.sim_detected if flags else None
        rows.append(_row("sim", (SIM_DETECTED if sim else SIM_MISSING) if sim is not None else NO_DATA))
    ext = snapshot.extended
    rows.append(_row("gprs", _coded_value(ext.gprs if ext else None)))
    if nb_iot:
        rows.append(_row("mqtt_client", _coded_value(ext.mqtt_client if ext else None)))
        rows.append(_row("http_loader", _coded_value(ext.http_loader if ext else None)))
        rows.append(_row("mqtt_loader", _coded_value(ext.mqtt_loader if ext else None)))
    elif ext is not None and ext.meter_link is not None:
        rows.append(_row("meter_link", _coded_value(ext.meter_link)))
    rows.append(_row("registration", _coded_value(ext.registration if ext else None)))
    if not nb_iot:
        rows.append(_row("band", _coded_value(ext.band if ext else None)))
    rows.append(_row("signal", _coded_value(ext.signal if ext else None)))
    if nb_iot:
        rows.append(_row("transceiver_firmware", _plain(ext.transceiver_firmware if ext else None)))
    return rows


def _other_rows(snapshot: StatusSnapshot) -> list[StatusRow]:
    status, family = snapshot.status, _family(snapshot)
    rows = [
        _row("imei", _plain(snapshot.imei), "other"),
        _row("ip", _address(snapshot.ip, snapshot.ip_requested), "other"),
    ]
    if family is not None and family.is_nb_iot:
        rows.append(_row("ipv6", _address(snapshot.ipv6, snapshot.ipv6_requested), "other"))
    rows.append(_row("iccid", _plain(snapshot.iccid), "other"))
    rows.append(_row("version", _plain(status.version_text if status else None), "other"))
    if status is None:
        module_type = NO_DATA
    elif status.version is not None:
        module_type = status.version.module_label
    else:
        module_type = Text("неизвестен", "unknown")
    rows.append(_row("module_type", module_type, "other"))
    return rows
