"""SMS status reports in words and as the modem announces them (TS 23.040 §9.2.3.15, TS 27.005 §3.4.1).

    status_text(status)                         TP-Status in words (RU/EN)
    parse_cds_length(line), decode_cds(length, line)   +CDS: <length> and the PDU line after it (+CNMI ds=1)
    parse_cdsi(line)                            +CDSI: <mem>,<index> (ds=2: the report is stored)
"""

from __future__ import annotations

from protocols.errors import ProtocolError
from protocols.sms.sms_pdu import ReportOutcome, SmsStatusReport, decode_pdu, status_outcome
from protocols.text import Text


def _bad(ru: str, en: str) -> ProtocolError:
    return ProtocolError(Text(f"Неверный PDU SMS: {ru}", f"Malformed SMS PDU: {en}"))


_REASONS = {  # the low bits of 0x2X / 0x6X (temporary) and 0x4X (permanent) errors
    0x20: Text("перегрузка сети", "network congestion"),
    0x21: Text("абонент занят", "recipient busy"),
    0x22: Text("абонент недоступен", "recipient unreachable"),
    0x23: Text("услуга отклонена", "service rejected"),
    0x24: Text("нужное качество обслуживания недоступно", "quality of service not available"),
    0x25: Text("ошибка в аппарате получателя", "error in the recipient's equipment"),
    0x40: Text("ошибка удалённой процедуры", "remote procedure error"),
    0x41: Text("несовместимый адресат", "incompatible destination"),
    0x42: Text("получатель отклонил соединение", "connection rejected by the recipient"),
    0x43: Text("номер не обслуживается", "number not obtainable"),
    0x44: Text("нужное качество обслуживания недоступно", "quality of service not available"),
    0x45: Text("нет межсетевого взаимодействия", "no interworking available"),
    0x46: Text("абонент недоступен, срок хранения истёк", "recipient unreachable, validity period expired"),
    0x47: Text("удалено отправителем", "deleted by the sender"),
    0x48: Text("удалено SMS-центром", "deleted by the service centre"),
    0x49: Text("SMS не существует", "the message does not exist"),
}


def status_text(status: int) -> Text:
    """TP-Status in words (unlisted values by their group, with the code)."""
    if status <= 0x02:
        return (Text("доставлено", "delivered"), Text("передано, доставка не подтверждена", "forwarded, delivery not "
                "confirmed"), Text("заменено SMS-центром", "replaced by the service centre"))[status]
    reason = _REASONS.get(status) or _REASONS.get(status - 0x40 if 0x60 <= status <= 0x65 else -1)
    if reason is not None:
        return reason
    code = f"TP-Status 0x{status:02X}"
    return {
        ReportOutcome.DELIVERED: Text(f"доставлено ({code})", f"delivered ({code})"),
        ReportOutcome.TRYING: Text(f"временная ошибка ({code})", f"temporary error ({code})"),
        ReportOutcome.FAILED: Text(f"ошибка доставки ({code})", f"delivery error ({code})"),
        ReportOutcome.UNKNOWN: Text(f"неизвестное состояние ({code})", f"unknown status ({code})"),
    }[status_outcome(status)]


# -- status reports as the modem announces them in PDU mode (TS 27.005 §3.4.1, +CNMI <ds>) -------------
def _indication_value(line: str, name: str) -> str | None:
    text = line.strip()
    prefix = f"+{name}:"
    return text[len(prefix) :].strip() if text.upper().startswith(prefix) else None


def parse_cds_length(line: str) -> int | None:
    """``+CDS: <length>`` (ds=1, the PDU follows on the next line) → length; None for any other line.
    The text-mode form (``+CDS: <fo>,<mr>,…``) is not ours and gives None as well."""
    value = _indication_value(line, "CDS")
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 3:
        return None
    return int(value)


def decode_cds(length: int, line: str) -> SmsStatusReport:
    """The PDU line after ``+CDS: <length>``; ProtocolError if it is not a status report of that length."""
    try:
        data = bytes.fromhex(line.strip())
    except ValueError as error:
        raise _bad("не шестнадцатеричная строка после +CDS", "not a hexadecimal line after +CDS") from error
    if not data or len(data) != data[0] + 1 + length:
        raise _bad(f"длина не совпадает с +CDS: {length}", f"the length does not match +CDS: {length}")
    report = decode_pdu(data, direction="mt")
    if not isinstance(report, SmsStatusReport):
        raise _bad("после +CDS не отчёт о доставке", "no status report after +CDS")
    return report


def parse_cdsi(line: str) -> tuple[str, int] | None:
    """``+CDSI: "SR",3`` (ds=2, the report is stored) → ("SR", 3); None for other or malformed lines."""
    value = _indication_value(line, "CDSI")
    if value is None:
        return None
    fields = [f.strip().strip('"') for f in value.split(",")]
    if len(fields) != 2 or not (fields[1].isascii() and fields[1].isdigit()) or len(fields[1]) > 6:
        return None
    return fields[0], int(fields[1])
