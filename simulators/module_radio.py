"""What a virtual module reports about its radio and connections, derived from its active settings.

The codes follow the manuals' tables (001 Table 5/6, 000 Table 5, Appendix A) and are consistent
with the operating mode: a GSM module in Server mode reports "TCP connection in Server mode
established" (GPRS code B), in Client CENC mode "registered on the CE-NC server" (3) with CENC
registration 2 in the status byte, and so on. The signal level drifts a little between polls.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from protocols.module.module_status import encode_status_byte
from protocols.params.module_types import ModuleType

# Band choice key (catalogue) → band code (001 Table 5).
_BAND_CODES = {
    "gsm900": 0x1, "gsm1800": 0x2, "lte_b1": 0x3, "lte_b3": 0x4,
    "lte_b5": 0x5, "lte_b7": 0x6, "lte_b8": 0x7, "lte_b20": 0x8,
}  # fmt: skip
_GSM_BANDS = (0x1, 0x2)
_LTE_BANDS = (0x4, 0x6, 0x8)  # the bands Russian operators mostly use
_WCDMA_BANDS = (0xB, 0xC)
_IP_MODES = ("client", "client-cenc", "server")


@dataclass
class RadioState:
    """The radio side of a module: SIM, registration, band, signal. Re-drawn at each restart."""

    sim_present: bool
    band: int
    signal: int

    def drift(self, rng: random.Random) -> int:
        """The signal level for one more poll: mostly steady, sometimes one step up or down."""
        self.signal = min(9, max(2, self.signal + rng.choice((-1, 0, 0, 0, 1))))
        return self.signal


def draw_radio(module: ModuleType, values: Mapping[str, object], rng: random.Random, sim_present: bool) -> RadioState:
    """A band allowed by the settings and a realistic starting signal level."""
    return RadioState(sim_present, _pick_band(module, values, rng), rng.randint(4, 7))


def _pick_band(module: ModuleType, values: Mapping[str, object], rng: random.Random) -> int:
    if module.is_nb_iot:
        return 0  # NB-IoT modules do not report a band (000 has no band table)
    cellular = values.get("cellular_mode", "auto")
    if module is ModuleType.GSM_GX01:
        candidates: tuple[int, ...] = _GSM_BANDS
    elif module is ModuleType.GSM_2G3G4G:  # 8421 selects bands itself; "GSM only" means 2G+3G
        candidates = _GSM_BANDS + _WCDMA_BANDS if cellular == "gsm_only" else _LTE_BANDS
    else:
        allowed = values.get("bands")
        chosen: Iterable[object] = allowed if isinstance(allowed, Iterable) and allowed else frozenset(_BAND_CODES)
        codes = sorted(_BAND_CODES[b] for b in chosen if isinstance(b, str) and b in _BAND_CODES)
        if cellular == "gsm_only":
            codes = [c for c in codes if c in _GSM_BANDS]
        elif cellular == "lte_only":
            codes = [c for c in codes if c not in _GSM_BANDS]
        else:  # Auto prefers LTE when an LTE band is allowed
            codes = [c for c in codes if c not in _GSM_BANDS] or codes
        candidates = tuple(codes) or (0,)
    return rng.choice(candidates)


@dataclass(frozen=True)
class StatusCodes:
    """Everything the status replies carry, as codes (``None`` = the module type has no such field)."""

    status: int
    gprs: int | None
    registration: int | None
    band: int | None
    sim: int | None
    meter_link: int | None
    http_loader: int | None
    mqtt_client: int | None
    mqtt_loader: int | None
    internet: bool  # an IP address is held


def status_codes(
    module: ModuleType, values: Mapping[str, object], radio: RadioState, *, client_connected: bool
) -> StatusCodes:
    mode = values.get("mode")
    if module.is_nb_iot:
        return _nb_iot_codes(values, radio, mode, client_connected)
    sim = radio.sim_present
    internet = sim and mode in _IP_MODES
    if not sim:
        gprs, registration = 0xF, 0xF
    else:
        gprs = {"sms": 0x0, "client": 0x2, "client-cenc": 0x3, "server": 0xB}.get(str(mode), 0x0)
        registration = 0x1
    status = encode_status_byte(
        sim_detected=sim,
        internet_mode=mode in _IP_MODES,
        tcp_connected=internet,
        cenc_registration=2 if internet and mode == "client-cenc" else 0,
    )
    return StatusCodes(
        status=status, gprs=gprs, registration=registration, band=radio.band if sim else 0,
        sim=int(sim), meter_link=0x0, http_loader=None, mqtt_client=None, mqtt_loader=None, internet=internet,
    )  # fmt: skip


def _nb_iot_codes(values: Mapping[str, object], radio: RadioState, mode: object, client_connected: bool) -> StatusCodes:
    sim = radio.sim_present
    nidd = bool(values.get("nidd_enabled"))
    internet = sim and not nidd and mode in _IP_MODES
    if not sim:
        gprs, registration = 0x0, 0xF
    elif nidd:
        gprs, registration = 0x8, 0x9
    else:
        registration = 0x3 if internet else 0x1
        if mode == "server":
            gprs = 0xB if client_connected else 0xA
        elif mode == "client-cenc":
            gprs = 0x3
        elif mode == "client":
            gprs = 0x2
        else:
            gprs = 0x0
    status = encode_status_byte(
        internet_mode=mode in _IP_MODES and not nidd,
        gprs_session=internet,
        tcp_connected=internet and (mode != "server" or client_connected),
        cenc_registration=2 if internet and mode == "client-cenc" else 0,
    )
    return StatusCodes(
        status=status, gprs=gprs, registration=registration, band=None, sim=None, meter_link=None,
        http_loader=int(bool(values.get("http_update_enabled")) and internet),
        mqtt_client=int(bool(values.get("mqtt_enabled")) and internet),
        mqtt_loader=int(bool(values.get("host_update_enabled")) and internet),
        internet=internet,
    )  # fmt: skip
