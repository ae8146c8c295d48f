"""AT command responses of GSM modems (3GPP TS 27.007, TS 27.005, PDU mode), pure.

    decode_modem_output(buffer) -> (consumed, line | PROMPT | None)   incremental, for Link.receive_frame
    parse_final(line)           -> FinalResult | None                 OK / ERROR / +CMS ERROR / +CME ERROR
    AtError(family, code, command)                                     a DeviceError with a clear message
    parse_cpms, parse_csq, parse_cmti, parse_reference, parse_message_list, parse_cmgr

Human messages for the common +CMS / +CME codes are bilingual (Text).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from protocols.errors import DeviceError, ProtocolError
from protocols.text import Text

PROMPT = ">"
"""Returned by decode_modem_output for the "> " prompt of AT+CMGS / AT+CMGW."""
CTRL_Z = b"\x1a"
ESC = b"\x1b"


# -- incremental output decoder ------------------------------------------------------------------------
MAX_LINE = 4096  # no modem answer line is longer (a +CMGL PDU line is under 400); longer ones come in pieces
_LINE_END = re.compile(rb"[\r\n]")


def decode_modem_output(buffer: bytes) -> tuple[int, str | None]:
    """Next non-empty line (without CR/LF) or PROMPT; (consumed, None) when incomplete.

    Linear in the bytes examined: the line end is searched once, at most MAX_LINE bytes ahead."""
    start = len(buffer) - len(buffer.lstrip(b"\r\n"))
    if start == len(buffer):
        return start, None
    if buffer[start : start + 1] == b">":
        end = start + 1
        if buffer[end : end + 1] == b" ":
            end += 1
        return end, PROMPT
    found = _LINE_END.search(buffer, start, start + MAX_LINE)
    if found is not None:
        return found.end(), buffer[start : found.start()].decode("ascii", "replace")
    if len(buffer) - start >= MAX_LINE:  # a line without end: hand it on in pieces, nothing is lost
        return start + MAX_LINE, buffer[start : start + MAX_LINE].decode("ascii", "replace")
    return start, None


# -- error tables ------------------------------------------------------------------------------------
CMS_ERRORS: dict[int, Text] = {
    # 0–127: causes from the network (TS 24.011 §8.2.5.4), the usual ones when a submission fails
    8: Text("Запрет оператора", "Operator determined barring"),
    10: Text("Отправка запрещена", "Call barred"),
    21: Text("Сеть отклонила SMS", "Short message transfer rejected"),
    27: Text("Получатель вне обслуживания", "Destination out of service"),
    28: Text("Неизвестный получатель", "Unidentified subscriber"),
    29: Text("Услуга отклонена (нет средств или SMS не разрешены тарифом)", "Facility rejected"),
    30: Text("Неизвестный абонент", "Unknown subscriber"),
    38: Text("Сеть неисправна", "Network out of order"),
    41: Text("Временный сбой сети", "Temporary failure"),
    42: Text("Перегрузка сети", "Congestion"),
    47: Text("Ресурсы недоступны", "Resources unavailable, unspecified"),
    50: Text("Услуга SMS не подключена", "Requested facility not subscribed"),
    69: Text("Услуга не реализована", "Requested facility not implemented"),
    96: Text("Неверное сообщение (ошибка обязательного поля)", "Invalid mandatory information"),
    111: Text("Ошибка протокола", "Protocol error, unspecified"),
    127: Text("Ошибка взаимодействия сетей", "Interworking, unspecified"),
    300: Text("Сбой модема", "ME failure"),
    301: Text("Служба SMS модема занята", "SMS service of ME reserved"),
    302: Text("Операция не разрешена", "Operation not allowed"),
    303: Text("Операция не поддерживается", "Operation not supported"),
    304: Text("Неверный параметр режима PDU", "Invalid PDU mode parameter"),
    305: Text("Неверный параметр текстового режима", "Invalid text mode parameter"),
    310: Text("SIM-карта не вставлена", "SIM not inserted"),
    311: Text("Требуется PIN-код SIM-карты", "SIM PIN required"),
    312: Text("Требуется PH-SIM PIN", "PH-SIM PIN required"),
    313: Text("Сбой SIM-карты", "SIM failure"),
    314: Text("SIM-карта занята", "SIM busy"),
    315: Text("Неверная SIM-карта", "SIM wrong"),
    316: Text("Требуется PUK-код SIM-карты", "SIM PUK required"),
    317: Text("Требуется PIN2", "SIM PIN2 required"),
    318: Text("Требуется PUK2", "SIM PUK2 required"),
    320: Text("Сбой памяти", "Memory failure"),
    321: Text("Неверный номер ячейки памяти", "Invalid memory index"),
    322: Text("Память SIM заполнена", "Memory full"),
    330: Text("Неизвестен адрес SMS-центра", "SMSC address unknown"),
    331: Text("Нет сети", "No network service"),
    332: Text("Тайм-аут сети", "Network timeout"),
    340: Text("Подтверждение +CNMA не ожидалось", "No +CNMA acknowledgement expected"),
    500: Text("Неизвестная ошибка", "Unknown error"),
}

CME_ERRORS: dict[int, Text] = {
    0: Text("Сбой модема", "Phone failure"),
    1: Text("Нет связи с модемом", "No connection to phone"),
    3: Text("Операция не разрешена", "Operation not allowed"),
    4: Text("Операция не поддерживается", "Operation not supported"),
    10: Text("SIM-карта не вставлена", "SIM not inserted"),
    11: Text("Требуется PIN-код SIM-карты", "SIM PIN required"),
    12: Text("Требуется PUK-код SIM-карты", "SIM PUK required"),
    13: Text("Сбой SIM-карты", "SIM failure"),
    14: Text("SIM-карта занята", "SIM busy"),
    15: Text("Неверная SIM-карта", "SIM wrong"),
    16: Text("Неверный пароль", "Incorrect password"),
    20: Text("Память заполнена", "Memory full"),
    21: Text("Неверный индекс", "Invalid index"),
    22: Text("Не найдено", "Not found"),
    23: Text("Сбой памяти", "Memory failure"),
    30: Text("Нет сети", "No network service"),
    31: Text("Тайм-аут сети", "Network timeout"),
    32: Text("Сеть не разрешена — только экстренные вызовы", "Network not allowed - emergency calls only"),
    100: Text("Неизвестная ошибка", "Unknown"),
}

MEMORY_FULL = 322

TRANSIENT_ERRORS = frozenset({
    # an SMS refused for a passing reason: worth a new try after a pause
    ("CMS", 38), ("CMS", 41), ("CMS", 42), ("CMS", 47),  # network out of order, temporary failure, congestion
    ("CMS", 301), ("CMS", 314), ("CMS", 331), ("CMS", 332),  # SMS service busy, SIM busy, no network, timeout
    ("CMS", 500), ("CME", 14), ("CME", 30), ("CME", 31), ("CME", 100),  # unknown error, SIM busy, no network
})


@dataclass(frozen=True)
class FinalResult:
    """A final result code: ``ok``; otherwise the error family ("CMS", "CME", "" for plain
    ERROR and dial results), its numeric code (None if verbose) and the modem's words."""

    ok: bool
    family: str = ""
    code: int | None = None
    detail: str = ""


_PLAIN_ERRORS = ("ERROR", "NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE", "COMMAND NOT SUPPORT")


def is_number(token: str) -> bool:
    return token.isascii() and token.isdigit()


def parse_final(line: str) -> FinalResult | None:
    """The final result code in ``line``, or None if it is an information line."""
    text = line.strip()
    if text == "OK":
        return FinalResult(True)
    for family in ("CMS", "CME"):
        prefix = f"+{family} ERROR:"
        if text.upper().startswith(prefix):
            detail = text[len(prefix) :].strip()
            return FinalResult(False, family, int(detail) if is_number(detail) else None, detail)
    if text in _PLAIN_ERRORS:
        return FinalResult(False, "", None, text)
    return None


class AtError(DeviceError):
    """The modem refused a command: ``family`` "CMS"/"CME"/"" and ``code`` (-1 if none)."""

    def __init__(self, result: FinalResult, command: str) -> None:
        self.family, self.command = result.family, command
        known = _known_error(result)
        if result.family and result.code is not None:
            what = Text(f"+{result.family} ERROR {result.code}", f"+{result.family} ERROR {result.code}")
        else:
            what = Text(result.detail or "ERROR", result.detail or "ERROR")
        reason = known or Text(result.detail, result.detail)
        tail_ru = f": {reason.ru}" if reason.ru and reason.ru != what.ru else ""
        tail_en = f": {reason.en}" if reason.en and reason.en != what.en else ""
        super().__init__(
            result.code if result.code is not None else -1,
            Text(
                f"Модем отказал ({command}) — {what.ru}{tail_ru}",
                f"The modem refused ({command}) — {what.en}{tail_en}",
            ),
        )

    @property
    def memory_full(self) -> bool:
        return (self.family, self.code) in (("CMS", MEMORY_FULL), ("CME", 20))

    @property
    def transient(self) -> bool:
        """A passing refusal (SIM busy, no network for a moment, network congestion, unknown error)."""
        return (self.family, self.code) in TRANSIENT_ERRORS


def _known_error(result: FinalResult) -> Text | None:
    table = CMS_ERRORS if result.family == "CMS" else CME_ERRORS if result.family == "CME" else {}
    if result.code is None:
        return None
    known = table.get(result.code)
    if known is not None or result.family != "CMS":
        return known
    code = result.code
    if code < 128:
        return Text(f"сеть отклонила SMS, причина {code}", f"the network refused the SMS, cause {code}")
    if code < 256:  # TP-FCS (TS 23.040 §9.2.3.22)
        return Text(f"ошибка SMS (TP-FCS 0x{code:02X})", f"SMS failure (TP-FCS 0x{code:02X})")
    if code >= 512:
        return Text(f"ошибка, особая для модели модема ({code})", f"modem-specific error ({code})")
    return None


# -- information responses ---------------------------------------------------------------------------
def _bad(ru: str, en: str) -> ProtocolError:
    return ProtocolError(Text(f"Ответ модема не разобран: {ru}", f"Modem response not understood: {en}"))


def split_fields(text: str) -> list[str]:
    """Comma-separated fields; quoted fields keep their commas and lose their quotes."""
    fields: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            fields.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    fields.append("".join(current).strip())
    return fields


def info_value(line: str, name: str) -> str | None:
    """The text after ``+NAME:`` or None if ``line`` is not that response."""
    prefix = f"+{name}:"
    return line[len(prefix) :].strip() if line.upper().startswith(prefix) else None


def _int(token: str, what: str) -> int:
    if not is_number(token):
        raise _bad(f"«{token[:20]}» вместо числа ({what})", f"“{token[:20]}” instead of a number ({what})")
    return int(token)


def find_info(lines: list[str], name: str) -> str:
    for line in lines:
        value = info_value(line, name)
        if value is not None:
            return value
    raise _bad(f"нет ответа +{name}", f"no +{name} response")


@dataclass(frozen=True)
class StorageUsage:
    storage: str  # "SM", "ME", "MT", … ("" when the modem did not name it)
    used: int
    total: int

    @property
    def free(self) -> int:
        return max(0, self.total - self.used)


def parse_cpms(value: str) -> list[StorageUsage]:
    """``+CPMS:`` query form (``"SM",3,30,...``) or set form (``3,30,3,30,...``)."""
    fields = split_fields(value)
    usages: list[StorageUsage] = []
    if fields and fields[0] and not is_number(fields[0]):
        if len(fields) % 3:
            raise _bad(f"+CPMS: «{value[:60]}»", f"+CPMS: “{value[:60]}”")
        for i in range(0, len(fields), 3):
            usages.append(StorageUsage(fields[i], _int(fields[i + 1], "CPMS"), _int(fields[i + 2], "CPMS")))
    else:
        if len(fields) % 2 or not fields:
            raise _bad(f"+CPMS: «{value[:60]}»", f"+CPMS: “{value[:60]}”")
        for i in range(0, len(fields), 2):
            usages.append(StorageUsage("", _int(fields[i], "CPMS"), _int(fields[i + 1], "CPMS")))
    return usages


@dataclass(frozen=True)
class SignalQuality:
    rssi: int  # 0–31, 99 = not known
    ber: int  # 0–7, 99 = not known

    @property
    def dbm(self) -> int | None:
        """Received level in dBm (0 → −113 or less, 31 → −51 or more), None if not known."""
        return -113 + 2 * self.rssi if 0 <= self.rssi <= 31 else None


def parse_csq(value: str) -> SignalQuality:
    fields = split_fields(value)
    if len(fields) != 2:
        raise _bad(f"+CSQ: «{value[:30]}»", f"+CSQ: “{value[:30]}”")
    return SignalQuality(_int(fields[0], "CSQ"), _int(fields[1], "CSQ"))


def parse_cmti(line: str) -> tuple[str, int] | None:
    """``+CMTI: "SM",5`` → ("SM", 5); None for other lines or a malformed indication."""
    value = info_value(line, "CMTI")
    if value is None:
        return None
    fields = split_fields(value)
    if len(fields) != 2 or not is_number(fields[1]):
        return None
    return fields[0], int(fields[1])


def parse_reference(value: str) -> int:
    """``+CMGS: 12`` / ``+CMSS: 12`` / ``+CMGW: 4`` → 12 / 12 / 4 (extra fields ignored)."""
    return _int(split_fields(value)[0], "reference")


class MessageStatus(enum.IntEnum):
    """<stat> in PDU mode (TS 27.005 §3.1)."""

    REC_UNREAD = 0
    REC_READ = 1
    STO_UNSENT = 2
    STO_SENT = 3
    ALL = 4

    @property
    def received(self) -> bool:
        return self in (MessageStatus.REC_UNREAD, MessageStatus.REC_READ)

    @property
    def label(self) -> Text:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    MessageStatus.REC_UNREAD: Text("принято, не прочитано", "received, unread"),
    MessageStatus.REC_READ: Text("принято, прочитано", "received, read"),
    MessageStatus.STO_UNSENT: Text("сохранено, не отправлено", "stored, unsent"),
    MessageStatus.STO_SENT: Text("сохранено, отправлено", "stored, sent"),
    MessageStatus.ALL: Text("все", "all"),
}


@dataclass(frozen=True)
class StoredPdu:
    index: int  # -1 for AT+CMGR (the caller knows the index)
    status: MessageStatus
    length: int
    pdu: bytes


def _status(token: str) -> MessageStatus:
    value = _int(token, "stat")
    if value > 4:
        raise _bad(f"состояние сообщения «{value}»", f"message status “{value}”")
    return MessageStatus(value)


def _pdu(line: str, length: int) -> bytes:
    try:
        data = bytes.fromhex(line.strip())
    except ValueError as error:
        raise _bad(f"PDU не шестнадцатеричный: «{line[:30]}»", f"PDU is not hexadecimal: “{line[:30]}”") from error
    if not data or len(data) != data[0] + 1 + length:
        raise _bad(
            f"длина PDU {len(data)} не совпадает с заявленной {length}",
            f"PDU length {len(data)} does not match the declared {length}",
        )
    return data


def parse_message_list(lines: list[str]) -> list[StoredPdu]:
    """Entries of ``AT+CMGL`` in PDU mode: ``+CMGL: <index>,<stat>,[<alpha>],<length>`` + PDU line.

    Lines that belong to no entry (noise) are skipped; a malformed entry raises ProtocolError.
    """
    entries: list[StoredPdu] = []
    i = 0
    while i < len(lines):
        value = info_value(lines[i], "CMGL")
        i += 1
        if value is None:
            continue
        fields = split_fields(value)
        if len(fields) < 3 or i >= len(lines):
            raise _bad(f"+CMGL: «{value[:40]}»", f"+CMGL: “{value[:40]}”")
        length = _int(fields[-1], "length")
        entries.append(StoredPdu(_int(fields[0], "index"), _status(fields[1]), length, _pdu(lines[i], length)))
        i += 1
    return entries


def parse_cmgr(lines: list[str]) -> StoredPdu | None:
    """``AT+CMGR`` in PDU mode: ``+CMGR: <stat>,[<alpha>],<length>`` + PDU line; None if empty slot."""
    for i, line in enumerate(lines):
        value = info_value(line, "CMGR")
        if value is None:
            continue
        fields = split_fields(value)
        if len(fields) < 2:
            raise _bad(f"+CMGR: «{value[:40]}»", f"+CMGR: “{value[:40]}”")
        length = _int(fields[-1], "length")
        if length == 0:
            return None
        if i + 1 >= len(lines):
            raise _bad(f"+CMGR: «{value[:40]}» без PDU", f"+CMGR: “{value[:40]}” without a PDU")
        return StoredPdu(-1, _status(fields[0]), length, _pdu(lines[i + 1], length))
    return None


def plain_info(lines: list[str], name: str) -> str:
    """An identification answer (AT+CGMI …): the first line, without a ``+CGMI:`` prefix if any."""
    for line in lines:
        value = info_value(line, name)
        text = value if value is not None else line
        text = text.strip().strip('"')
        if text:
            return text
    return ""
