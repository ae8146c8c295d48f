"""SMS PDUs as a GSM modem sees them in PDU mode (3GPP TS 23.040, TS 27.005).

    encode_submit(destination, text, ...)      -> [Pdu]     SMS-SUBMIT, one per part
    encode_deliver(sender, text, timestamp)    -> [Pdu]     SMS-DELIVER (the simulated network)
    encode_status_report(reference, recipient, submitted, discharged, status) -> Pdu
    decode_pdu(data, direction=None)           -> SmsSubmit | SmsDeliver | SmsStatusReport
    ConcatAssembler                                         joins the parts of long messages
    status_outcome(status)                                  TP-Status as delivered / trying / failed

TP-Status in words and the modem's +CDS / +CDSI indications: protocols.sms.sms_status_reports.

A PDU here starts with the SMSC address field (``00`` = the SIM's default), as in AT+CMGS,
AT+CMGW and AT+CMGL; ``Pdu.tpdu_length`` is the length the AT commands want (without it).
Text goes in the GSM 7-bit default alphabet when it fits, otherwise in UCS2; long text is split
into parts carrying a concatenation header (IEI 0x00, 8-bit reference; IEI 0x08 is decoded too).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from protocols.errors import ProtocolError
from protocols.sms import gsm_alphabet as gsm
from protocols.text import Text

MAX_SEPTETS = 160
MAX_OCTETS = 140
CONCAT_8BIT = 0x00
CONCAT_16BIT = 0x08
VALIDITY_24_HOURS = 0xA7  # relative validity period: (0xA7 - 143) × 30 min + 12 h = 24 h


class Encoding(enum.Enum):
    GSM7 = "gsm7"
    DATA8 = "8bit"
    UCS2 = "ucs2"


@dataclass(frozen=True)
class Concat:
    """Where a part belongs: ``sequence`` (1-based) of ``total`` parts of message ``reference``."""

    reference: int
    total: int
    sequence: int


@dataclass(frozen=True)
class Pdu:
    """An encoded PDU with the SMSC field in front (``data``) and the TPDU length for AT commands."""

    data: bytes
    tpdu_length: int

    @property
    def hex(self) -> str:
        return self.data.hex().upper()


@dataclass(frozen=True)
class SmsSubmit:
    destination: str
    text: str
    message_reference: int = 0
    status_report_request: bool = False
    concat: Concat | None = None
    encoding: Encoding = Encoding.GSM7
    smsc: str = ""


@dataclass(frozen=True)
class SmsDeliver:
    sender: str
    text: str
    timestamp: datetime | None
    concat: Concat | None = None
    encoding: Encoding = Encoding.GSM7
    smsc: str = ""
    status_report_indication: bool = False


@dataclass(frozen=True)
class SmsStatusReport:
    message_reference: int
    recipient: str
    submitted: datetime | None
    discharged: datetime | None
    status: int  # TP-ST: 0x00–0x1F delivered, 0x20–0x3F still trying, 0x40–0x7F failed

    @property
    def delivered(self) -> bool:
        return self.status < 0x20

    @property
    def outcome(self) -> ReportOutcome:
        return status_outcome(self.status)


Sms = SmsSubmit | SmsDeliver | SmsStatusReport


def _bad(ru: str, en: str) -> ProtocolError:
    return ProtocolError(Text(f"Неверный PDU SMS: {ru}", f"Malformed SMS PDU: {en}"))


# -- addresses (TS 23.040 §9.1.2.5) ---------------------------------------------------------------
_SEMI_OCTET = "0123456789*#abc"
TOA_INTERNATIONAL = 0x91
TOA_UNKNOWN = 0x81
TOA_ALPHANUMERIC = 0xD0
_NUMBER_CHARS = set("+0123456789*#")


def _digits_to_semi_octets(digits: str) -> bytes:
    nibbles = [_SEMI_OCTET.index(d) for d in digits.lower()]
    if len(nibbles) % 2:
        nibbles.append(0xF)
    return bytes(nibbles[i] | (nibbles[i + 1] << 4) for i in range(0, len(nibbles), 2))


def _semi_octets_to_digits(data: bytes, count: int) -> str:
    out: list[str] = []
    for byte in data:
        for nibble in (byte & 0x0F, byte >> 4):
            if len(out) == count:
                break
            if nibble == 0xF:
                raise _bad("заполнитель F внутри номера", "filler F inside a number")
            out.append(_SEMI_OCTET[nibble])
    return "".join(out)


def _address_parts(address: str) -> tuple[int, str]:
    if address.startswith("+"):
        digits, toa = address[1:], TOA_INTERNATIONAL
    else:
        digits, toa = address, TOA_UNKNOWN
    if any(d not in _SEMI_OCTET for d in digits.lower()) or len(digits) > 20:
        raise ValueError(f"not a phone number: {address!r}")
    return toa, digits


def encode_address(address: str) -> bytes:
    """TP-DA/TP-OA: digit count, type of address, semi-octets (alphanumeric senders packed 7-bit)."""
    if any(ch not in _NUMBER_CHARS for ch in address) and gsm.is_gsm7(address):
        septets = gsm.encode_septets(address)
        if len(septets) > 11:
            raise ValueError(f"alphanumeric address longer than 11 characters: {address!r}")
        return bytes([(len(septets) * 7 + 3) // 4, TOA_ALPHANUMERIC]) + gsm.pack_septets(septets)
    toa, digits = _address_parts(address)
    return bytes([len(digits), toa]) + _digits_to_semi_octets(digits)


def encode_smsc(address: str) -> bytes:
    """The SMSC field: octet length (``00`` = use the SIM's default service centre)."""
    if not address:
        return b"\x00"
    toa, digits = _address_parts(address)
    body = bytes([toa]) + _digits_to_semi_octets(digits)
    return bytes([len(body)]) + body


def _format_number(toa: int, digits: str) -> str:
    return "+" + digits if (toa >> 4) & 0x07 == 1 and digits else digits


class _Reader:
    """Consumes a PDU with bounds checks that raise ProtocolError."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, size: int, what: str) -> bytes:
        if size < 0 or self.pos + size > len(self.data):
            raise _bad(f"обрыв в поле «{what}»", f"truncated in field “{what}”")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk

    def byte(self, what: str) -> int:
        return self.take(1, what)[0]

    def address(self, what: str) -> str:
        count = self.byte(what)
        toa = self.byte(what)
        if count > 20:
            raise _bad(f"длина адреса {count} > 20", f"address length {count} > 20")
        body = self.take((count + 1) // 2, what)
        if (toa >> 4) & 0x07 == 5:  # alphanumeric sender, e.g. "MegaFon"
            return gsm.decode_septets(gsm.unpack_septets(body, count * 4 // 7))
        return _format_number(toa, _semi_octets_to_digits(body, count))

    def smsc(self) -> str:
        size = self.byte("SMSC")
        if size == 0:
            return ""
        if size > 11:
            raise _bad(f"длина адреса SMSC {size} > 11", f"SMSC address length {size} > 11")
        body = self.take(size, "SMSC")
        count = 2 * (size - 1) - (1 if size > 1 and body[-1] >> 4 == 0xF else 0)
        return _format_number(body[0], _semi_octets_to_digits(body[1:], count))

    def timestamp(self, what: str) -> datetime | None:
        return decode_timestamp(self.take(7, what))


# -- timestamps (TS 23.040 §9.2.3.11) -------------------------------------------------------------
def _swapped(byte: int) -> int:
    return (byte & 0x0F) * 10 + (byte >> 4)


def decode_timestamp(raw: bytes) -> datetime | None:
    """TP-SCTS; None when the octets are not a valid date (some networks send nonsense)."""
    if any((b & 0x0F) > 9 or (b >> 4) > 9 for b in raw[:6]):
        return None
    year, month, day, hour, minute, second = (_swapped(b) for b in raw[:6])
    zone = raw[6]
    quarters = (zone & 0x07) * 10 + (zone >> 4)
    offset = timedelta(minutes=15 * quarters) * (-1 if zone & 0x08 else 1)
    year += 1900 if year >= 90 else 2000
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError:
        return None


def encode_timestamp(moment: datetime) -> bytes:
    def swap(value: int) -> int:
        return (value % 10) << 4 | (value // 10)

    offset = moment.utcoffset() or timedelta(0)
    quarters = int(abs(offset.total_seconds()) // 900)
    zone = swap(quarters) | (0x08 if offset < timedelta(0) else 0)
    fields = (moment.year % 100, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return bytes(swap(v) for v in fields) + bytes([zone])


# -- user data --------------------------------------------------------------------------------------
def choose_encoding(text: str) -> Encoding:
    return Encoding.GSM7 if gsm.is_gsm7(text) else Encoding.UCS2


def _concat_header(concat: Concat) -> bytes:
    return bytes([CONCAT_8BIT, 3, concat.reference & 0xFF, concat.total, concat.sequence])


def split_text(text: str, encoding: Encoding | None = None) -> tuple[Encoding, list[str]]:
    """The encoding and the parts of ``text``: one part if it fits a single SMS, otherwise parts
    that leave room for an 8-bit concatenation header (153 septets / 67 UCS2 characters).
    Escaped characters and surrogate pairs are never split across parts."""
    encoding = encoding or choose_encoding(text)
    cost = (lambda ch: len(gsm.char_septets(ch) or ())) if encoding is Encoding.GSM7 else (
        lambda ch: len(ch.encode("utf-16-be"))
    )
    single, multi = (MAX_SEPTETS, MAX_SEPTETS - 7) if encoding is Encoding.GSM7 else (MAX_OCTETS, MAX_OCTETS - 6)
    if sum(cost(ch) for ch in text) <= single:
        return encoding, [text]
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for ch in text:
        size = cost(ch)
        if used + size > multi:
            parts.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += size
    parts.append("".join(current))
    if len(parts) > 255:
        raise ValueError("text too long for a concatenated SMS (more than 255 parts)")
    return encoding, parts


def _encode_user_data(text: str, encoding: Encoding, header: bytes) -> tuple[int, bytes]:
    """(TP-UDL, TP-UD) with an optional header (without its length octet)."""
    udh = bytes([len(header)]) + header if header else b""
    if encoding is Encoding.GSM7:
        septets = gsm.encode_septets(text)
        header_septets = (len(udh) * 8 + 6) // 7
        fill = header_septets * 7 - len(udh) * 8
        return header_septets + len(septets), udh + gsm.pack_septets(septets, fill)
    body = text.encode("utf-16-be") if encoding is Encoding.UCS2 else text.encode("latin-1")
    return len(udh) + len(body), udh + body


def _decode_user_data(reader: _Reader, has_header: bool, encoding: Encoding, length: int) -> tuple[str, Concat | None]:
    if encoding is Encoding.GSM7:
        if length > MAX_SEPTETS:
            raise _bad(f"длина {length} септетов > 160", f"length {length} septets > 160")
        raw = reader.take((length * 7 + 7) // 8, "TP-UD")
    else:
        if length > MAX_OCTETS:
            raise _bad(f"длина {length} байт > 140", f"length {length} octets > 140")
        raw = reader.take(length, "TP-UD")
    if reader.pos != len(reader.data):
        raise _bad("лишние байты после данных", "extra bytes after the user data")
    concat, skip = None, 0
    if has_header:
        if not raw or raw[0] + 1 > len(raw):
            raise _bad("заголовок данных длиннее данных", "user data header longer than the data")
        concat = _parse_header(raw[1 : raw[0] + 1])
        skip = raw[0] + 1
    if encoding is Encoding.GSM7:
        header_septets = (skip * 8 + 6) // 7
        if header_septets > length:
            raise _bad("заголовок данных длиннее данных", "user data header longer than the data")
        septets = gsm.unpack_septets(raw, length)[header_septets:]
        return gsm.decode_septets(septets), concat
    body = raw[skip:]
    if encoding is Encoding.DATA8:
        return body.decode("latin-1"), concat
    if len(body) % 2:
        raise _bad("нечетная длина текста UCS2", "odd UCS2 text length")
    try:
        return body.decode("utf-16-be"), concat
    except UnicodeDecodeError as error:
        raise _bad("неверный текст UCS2", "invalid UCS2 text") from error


def _parse_header(header: bytes) -> Concat | None:
    concat, pos = None, 0
    while pos < len(header):
        if pos + 2 > len(header) or pos + 2 + header[pos + 1] > len(header):
            raise _bad("элемент заголовка обрезан", "truncated header element")
        iei, size = header[pos], header[pos + 1]
        value = header[pos + 2 : pos + 2 + size]
        if iei == CONCAT_8BIT and size == 3:
            concat = Concat(value[0], value[1], value[2])
        elif iei == CONCAT_16BIT and size == 4:
            concat = Concat(int.from_bytes(value[:2], "big"), value[2], value[3])
        pos += 2 + size
    if concat is not None and not 1 <= concat.sequence <= concat.total:
        raise _bad(f"часть {concat.sequence} из {concat.total}", f"part {concat.sequence} of {concat.total}")
    return concat


def _dcs_encoding(dcs: int) -> Encoding:
    group = dcs >> 4
    if group <= 0x7:  # general data coding (with or without automatic deletion)
        if dcs & 0x20:
            raise _bad("сжатый текст не поддерживается", "compressed text is not supported")
        return (Encoding.GSM7, Encoding.DATA8, Encoding.UCS2, Encoding.GSM7)[(dcs >> 2) & 0x03]
    if group == 0xE:
        return Encoding.UCS2
    if group == 0xF:
        return Encoding.DATA8 if dcs & 0x04 else Encoding.GSM7
    return Encoding.GSM7  # message waiting groups and reserved groups use the default alphabet


_DCS = {Encoding.GSM7: 0x00, Encoding.DATA8: 0x04, Encoding.UCS2: 0x08}


# -- encoders ---------------------------------------------------------------------------------------
def encode_submit(
    destination: str,
    text: str,
    *,
    message_reference: int = 0,
    concat_reference: int = 0,
    status_report: bool = False,
    validity: int | None = VALIDITY_24_HOURS,
    smsc: str = "",
    encoding: Encoding | None = None,
) -> list[Pdu]:
    """SMS-SUBMIT PDUs for ``text`` (several with concatenation headers when it is long).

    ``validity`` is the relative TP-VP octet (None: no validity period). ``concat_reference`` is
    the 8-bit reference shared by the parts of one long message.
    """
    encoding, parts = split_text(text, encoding)
    pdus: list[Pdu] = []
    for number, part in enumerate(parts, 1):
        concat = Concat(concat_reference & 0xFF, len(parts), number) if len(parts) > 1 else None
        header = _concat_header(concat) if concat else b""
        first = 0x01 | (0x10 if validity is not None else 0) | (0x20 if status_report else 0) | (0x40 if header else 0)
        udl, ud = _encode_user_data(part, encoding, header)
        tpdu = (
            bytes([first, (message_reference + number - 1) & 0xFF])
            + encode_address(destination)
            + bytes([0x00, _DCS[encoding]])
            + (bytes([validity & 0xFF]) if validity is not None else b"")
            + bytes([udl])
            + ud
        )
        pdus.append(Pdu(encode_smsc(smsc) + tpdu, len(tpdu)))
    return pdus


def encode_deliver(
    sender: str, text: str, timestamp: datetime, *, concat_reference: int = 0, smsc: str = ""
) -> list[Pdu]:
    """SMS-DELIVER PDUs as a network hands them to the recipient's modem."""
    encoding, parts = split_text(text)
    pdus: list[Pdu] = []
    for number, part in enumerate(parts, 1):
        concat = Concat(concat_reference & 0xFF, len(parts), number) if len(parts) > 1 else None
        header = _concat_header(concat) if concat else b""
        first = 0x04 | (0x40 if header else 0)  # TP-MMS = 1: no more messages waiting
        udl, ud = _encode_user_data(part, encoding, header)
        tpdu = (
            bytes([first])
            + encode_address(sender)
            + bytes([0x00, _DCS[encoding]])
            + encode_timestamp(timestamp)
            + bytes([udl])
            + ud
        )
        pdus.append(Pdu(encode_smsc(smsc) + tpdu, len(tpdu)))
    return pdus


def encode_status_report(
    reference: int, recipient: str, submitted: datetime, discharged: datetime, status: int, *, smsc: str = ""
) -> Pdu:
    """An SMS-STATUS-REPORT as the service centre sends it back to the sender's modem."""
    tpdu = (
        bytes([0x02, reference & 0xFF])  # TP-MTI = 2, TP-MMS = 0, TP-SRQ = 0 (a report on an SMS-SUBMIT)
        + encode_address(recipient)
        + encode_timestamp(submitted)
        + encode_timestamp(discharged)
        + bytes([status & 0xFF])
    )
    return Pdu(encode_smsc(smsc) + tpdu, len(tpdu))


# -- decoder ------------------------------------------------------------------------------------------
def decode_pdu(data: bytes | str, *, direction: str | None = None, has_smsc: bool = True) -> Sms:
    """Decode a PDU (bytes or hex as the modem prints it).

    ``direction`` "mt" (received by the modem: DELIVER, STATUS-REPORT) or "mo" (sent or stored
    for sending: SUBMIT) resolves TP-MTI; without it MTI 0 = DELIVER, 1 = SUBMIT, 2 = STATUS-REPORT.
    """
    if isinstance(data, str):
        try:
            data = bytes.fromhex(data.strip())
        except ValueError as error:
            raise _bad("не шестнадцатеричная строка", "not a hexadecimal string") from error
    reader = _Reader(data)
    smsc = reader.smsc() if has_smsc else ""
    first = reader.byte("первый октет")
    mti = first & 0x03
    if mti == 0 and direction != "mo":
        return _decode_deliver(reader, first, smsc)
    if mti == 1 and direction != "mt":
        return _decode_submit(reader, first, smsc)
    if mti == 2 and direction != "mo":
        return _decode_status_report(reader)
    raise _bad(f"тип сообщения TP-MTI={mti} не поддерживается", f"message type TP-MTI={mti} is not supported")


def _decode_deliver(reader: _Reader, first: int, smsc: str) -> SmsDeliver:
    sender = reader.address("TP-OA")
    reader.byte("TP-PID")
    encoding = _dcs_encoding(reader.byte("TP-DCS"))
    timestamp = reader.timestamp("TP-SCTS")
    length = reader.byte("TP-UDL")
    text, concat = _decode_user_data(reader, bool(first & 0x40), encoding, length)
    return SmsDeliver(sender, text, timestamp, concat, encoding, smsc, bool(first & 0x20))


def _decode_submit(reader: _Reader, first: int, smsc: str) -> SmsSubmit:
    reference = reader.byte("TP-MR")
    destination = reader.address("TP-DA")
    reader.byte("TP-PID")
    encoding = _dcs_encoding(reader.byte("TP-DCS"))
    validity_format = (first >> 3) & 0x03
    reader.take({0: 0, 2: 1}.get(validity_format, 7), "TP-VP")
    length = reader.byte("TP-UDL")
    text, concat = _decode_user_data(reader, bool(first & 0x40), encoding, length)
    return SmsSubmit(destination, text, reference, bool(first & 0x20), concat, encoding, smsc)


def _decode_status_report(reader: _Reader) -> SmsStatusReport:
    reference = reader.byte("TP-MR")
    recipient = reader.address("TP-RA")
    submitted = reader.timestamp("TP-SCTS")
    discharged = reader.timestamp("TP-DT")
    status = reader.byte("TP-ST")
    # Optional TP-PI and what it announces are not needed: the status says delivered or not.
    return SmsStatusReport(reference, recipient, submitted, discharged, status)


class ConcatAssembler:
    """Joins the parts of long messages; a single-part message is complete at once."""

    def __init__(self) -> None:
        self._parts: dict[tuple[str, int, int], dict[int, str]] = {}

    def add(self, address: str, text: str, concat: Concat | None) -> str | None:
        """The full text when ``concat``'s message is complete, else None."""
        if concat is None:
            return text
        key = (address, concat.reference, concat.total)
        parts = self._parts.setdefault(key, {})
        parts[concat.sequence] = text
        if len(parts) < concat.total:
            return None
        del self._parts[key]
        return "".join(parts[i] for i in range(1, concat.total + 1))

    @property
    def incomplete(self) -> int:
        return len(self._parts)


def join_submits(messages: Iterable[SmsSubmit]) -> list[str]:
    """Texts of stored SMS-SUBMITs in the given (storage index) order, long ones joined from their
    parts; parts whose companions are missing are left out."""
    assembler, texts = ConcatAssembler(), []
    for sms in messages:
        whole = assembler.add(sms.destination, sms.text, sms.concat)
        if whole is not None:
            texts.append(whole)
    return texts


# -- TP-Status (TS 23.040 §9.2.3.15) ---------------------------------------------------------------------
class ReportOutcome(enum.Enum):
    DELIVERED = "delivered"  # 0x00–0x1F
    TRYING = "trying"  # 0x20–0x3F: temporary error, the service centre still tries
    FAILED = "failed"  # 0x40–0x7F: permanent error, or a temporary one it stopped trying after
    UNKNOWN = "unknown"  # 0x80–0xFF: reserved, says nothing certain


def status_outcome(status: int) -> ReportOutcome:
    if status < 0x20:
        return ReportOutcome.DELIVERED
    if status < 0x40:
        return ReportOutcome.TRYING
    return ReportOutcome.FAILED if status < 0x80 else ReportOutcome.UNKNOWN
