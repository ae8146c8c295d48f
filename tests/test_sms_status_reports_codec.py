"""Status reports without a modem: +CDS / +CDSI lines, TP-Status in words, the per-phone verdicts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.sms_results import CommandOutcome, DeliveryState, PhoneResult
from protocols.errors import ConfiguratorError, ProtocolError
from protocols.sms.sms_pdu import ReportOutcome, SmsStatusReport, encode_deliver, encode_status_report, status_outcome
from protocols.sms.sms_status_reports import decode_cds, parse_cds_length, parse_cdsi, status_text

MSK = timezone(timedelta(hours=3))
# TS 23.040 SMS-STATUS-REPORT as a modem prints it after "+CDS: 25" (hand-checked): TP-MR 0xD6 to
# +31628870634, submitted 2011-01-11 17:59:15 +01:00, discharged 17:59:17, TP-Status 0x00.
CDS_PDU = "00" "06" "D6" "0B911326880736F4" "11101171955140" "11101171957140" "00"


def test_known_status_report_line_decodes() -> None:
    assert parse_cds_length("+CDS: 25") == 25
    report = decode_cds(25, CDS_PDU)
    assert report.message_reference == 0xD6 and report.recipient == "+31628870634"
    assert report.discharged == datetime(2011, 1, 11, 17, 59, 17, tzinfo=timezone(timedelta(hours=1)))
    assert report.outcome is ReportOutcome.DELIVERED


def test_status_report_round_trip() -> None:
    submitted = datetime(2024, 5, 6, 12, 3, 1, tzinfo=MSK)
    pdu = encode_status_report(0xFE, "+79001234567", submitted, submitted + timedelta(seconds=4), 0x46)
    report = decode_cds(pdu.tpdu_length, pdu.hex)
    assert report == SmsStatusReport(0xFE, "+79001234567", submitted, submitted + timedelta(seconds=4), 0x46)


@pytest.mark.parametrize(
    ("line", "length"),
    [("+CDS: 25", 25), ("+cds:7", 7), ('+CDS: 6,214,"+31628870634",145,"11/01/11"', None),
     ('+CDSI: "SR",3', None), ('+CMTI: "SM",1', None), ("+CDS: ", None), ("+CDS: 99999", None), ("OK", None)],
)
def test_cds_header(line: str, length: int | None) -> None:
    assert parse_cds_length(line) == length


@pytest.mark.parametrize(
    ("line", "where"),
    [('+CDSI: "SR",3', ("SR", 3)), ('+CDSI: "SM",12', ("SM", 12)), ("+CDSI: ME,1", ("ME", 1)),
     ('+CDSI: "SM"', None), ('+CDSI: "SM",x', None), ('+CMTI: "SM",1', None), ("", None)],
)
def test_cdsi(line: str, where: tuple[str, int] | None) -> None:
    assert parse_cdsi(line) == where


def test_cds_pdu_that_is_not_a_report_or_has_another_length_is_refused() -> None:
    (deliver,) = encode_deliver("+79001234567", "hello", datetime(2024, 1, 1, tzinfo=MSK))
    with pytest.raises(ProtocolError):
        decode_cds(deliver.tpdu_length, deliver.hex)
    with pytest.raises(ProtocolError):
        decode_cds(24, CDS_PDU)
    with pytest.raises(ProtocolError):
        decode_cds(25, "OK")


@pytest.mark.parametrize(
    ("status", "outcome", "en"),
    [(0x00, ReportOutcome.DELIVERED, "delivered"),
     (0x01, ReportOutcome.DELIVERED, "forwarded, delivery not confirmed"),
     (0x15, ReportOutcome.DELIVERED, "delivered (TP-Status 0x15)"),
     (0x22, ReportOutcome.TRYING, "recipient unreachable"),
     (0x30, ReportOutcome.TRYING, "temporary error (TP-Status 0x30)"),
     (0x41, ReportOutcome.FAILED, "incompatible destination"),
     (0x43, ReportOutcome.FAILED, "number not obtainable"),
     (0x62, ReportOutcome.FAILED, "recipient unreachable"),
     (0x65, ReportOutcome.FAILED, "error in the recipient's equipment"),
     (0x70, ReportOutcome.FAILED, "delivery error (TP-Status 0x70)"),
     (0x9A, ReportOutcome.UNKNOWN, "unknown status (TP-Status 0x9A)")],
)
def test_tp_status_classes_and_words(status: int, outcome: ReportOutcome, en: str) -> None:
    assert status_outcome(status) is outcome
    assert status_text(status).en == en and status_text(status).ru


@settings(max_examples=300, deadline=None)
@given(line=st.text(max_size=80), length=st.integers(min_value=-5, max_value=300))
def test_random_lines_raise_only_configurator_errors(line: str, length: int) -> None:
    parse_cdsi(line)
    parse_cds_length(line)
    try:
        decode_cds(length, line)
    except ConfiguratorError:
        pass


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=60), status=st.integers(min_value=0, max_value=255))
def test_random_pdus_raise_only_configurator_errors(data: bytes, status: int) -> None:
    for pdu in (data.hex(), "0006" + data.hex(), "00" + bytes([2]).hex() + data.hex()):
        try:
            decode_cds(len(pdu) // 2 - 1, pdu)
        except ConfiguratorError:
            pass
    assert status_text(status).ru and status_text(status).en


# -- verdicts ------------------------------------------------------------------------------------------
def _report(reference: int, status: int, second: int = 5) -> SmsStatusReport:
    moment = datetime(2024, 5, 6, 12, 3, second, tzinfo=MSK)
    return SmsStatusReport(reference, "+79001234567", moment, moment, status)


def _command(name: str, references: list[int], statuses: dict[int, int], *, requested: bool = True) -> CommandOutcome:
    command = CommandOutcome(name, f"******** {name}", references=references, report_requested=requested)
    for part, status in statuses.items():
        command.reports[part] = _report(references[part], status, second=part)
        command.received_at[part] = datetime.now().astimezone()
    return command


def test_verdicts_group_commands_by_delivery() -> None:
    phone = PhoneResult("+79001234567", [
        _command("APN", [1, 2], {0: 0x00, 1: 0x00}),
        _command("DNS", [3], {0: 0x22}),
        _command("PORT", [4], {}),
        _command("MODE", [5], {0: 0x62}),
    ])
    assert phone.delivery is DeliveryState.NOT_DELIVERED and not phone.settled and not phone.undelivered
    when = datetime(2024, 5, 6, 12, 3, 1, tzinfo=MSK).astimezone().strftime("%H:%M:%S")
    assert phone.describe().en == (
        f"SMS MODE not delivered: recipient unreachable; no reply to APN (SMS delivered {when}); "
        "no reply to DNS (SMS not delivered yet: recipient unreachable); no reply to PORT (no SMS delivery report)"
    )
    assert "SMS MODE не доставлено: абонент недоступен" in phone.describe().ru


def test_a_part_not_delivered_fails_the_command_and_late_trying_does_not_matter() -> None:
    command = _command("APN", [1, 2], {0: 0x00, 1: 0x41})
    assert command.delivery is DeliveryState.NOT_DELIVERED and command.settled
    assert command.delivery_problem is not None and command.delivery_problem.en == "incompatible destination"
    half = _command("APN", [1, 2], {0: 0x00})
    assert half.delivery is DeliveryState.NO_REPORT and half.delivered_at is None and not half.settled


def test_without_reports_the_old_wording_stays() -> None:
    phone = PhoneResult("+79001234567", [_command("APN", [1], {}, requested=False)])
    assert phone.describe().en == "no reply to APN" and phone.delivery is DeliveryState.NO_REPORT
    assert re.fullmatch("нет ответа на APN", phone.describe().ru)


def test_transfer_tab_rows_and_summary_show_the_delivery() -> None:
    from app.core.sms_results import DeliveryResult
    from app.ui.i18n import language
    from app.ui.module_delivery import phone_outcome

    result = DeliveryResult([
        PhoneResult("+79001234567", [_command("APN", [1], {0: 0x43})]),
        PhoneResult("+79001234568", [_command("APN", [2], {0: 0x00})]),
    ], report_mode=1)
    outcome = phone_outcome(result)
    rows = {phone: (text, ok) for phone, text, ok in outcome.rows}
    ru = language() == "ru"
    assert rows["+79001234567"] == ("SMS не доставлено: номер не обслуживается" if ru
                                    else "SMS not delivered: number not obtainable", False)
    assert rows["+79001234568"][0].startswith("нет ответа на APN (SMS доставлено " if ru
                                              else "no reply to APN (SMS delivered ")
    assert ("Номера, на которые SMS не доставлено: 1" if ru else "Numbers the SMS did not reach: 1") in outcome.summary
