"""Reading settings by SMS (query commands to many phones) through the virtual modem over a real pty."""

from __future__ import annotations

import pytest

from app.core.sms_query import QUERY_COMMANDS, query_settings_by_sms, query_texts, settings_rows
from app.core.sms_results import PhoneStatus
from tests.modem_fixtures import PASSWORD, modem_bench, open_modem, phone_of

pytestmark = pytest.mark.virtual_time


def test_query_texts_and_firmware() -> None:
    texts, skipped = query_texts("12345678")
    assert texts == ["12345678 MODE", "12345678 APN", "12345678 DNS", "12345678 TIMEOUT", "12345678 RESET"]
    assert skipped == []
    texts, skipped = query_texts("12345678", (1, 4))
    assert "12345678 MODE" not in texts and skipped == ["MODE"]


def test_rows_mask_the_apn_password() -> None:
    rows = settings_rows({"mode": "client", "apn": "a", "apn_user": "u", "apn_password": "secret",
                          "server": "s.ru", "port": 9, "period": 600, "reset_hours": 3})
    shown = {label.en: value.en for label, value in rows}
    assert shown == {"Operating mode": "Client", "Access point (APN)": "a", "APN user name": "u",
                     "APN password": "••••••", "Server": "s.ru", "Port": "9", "Connection set-up period, s": "600",
                     "Re-initialisation period, h": "3"}
    assert {label.en: value.en for label, value in settings_rows({"apn_password": "pw"}, True)} == {
        "APN password": "pw"}


async def test_every_phone_reports_its_settings_in_one_batch() -> None:
    async with modem_bench(4, reply_delay=0.05, sim_size=10) as bench:
        configured, wrong, silent = phone_of(0), phone_of(1), phone_of(2)
        module = bench.modules[configured]
        for text in ("APN m2m.test", "USER u1", "PSW pw1", "DNS srv.test", "PORT 9001", "TIMEOUT 900",
                     "RESET 6", "MODE 6"):
            module.handle_sms(f"{PASSWORD} {text}", None)
        bench.modules[wrong].handle_sms(f"{PASSWORD} PASS 11112222", None)
        bench.modules[wrong].restart()  # the new password is in force from the restart
        bench.network.set_reply_delay(silent, None)
        async with open_modem(bench) as modem:
            result = await query_settings_by_sms(modem, list(bench.modules), PASSWORD, wait_limit=1.0,
                                                 poll_interval=0.3)
        by_phone = {p.phone: p for p in result.phones}
        assert by_phone[configured].status is PhoneStatus.APPLIED
        assert by_phone[configured].values == {"mode": "client", "apn": "m2m.test", "apn_user": "u1",
                                               "apn_password": "pw1", "server": "srv.test", "port": 9001,
                                               "period": 900, "reset_hours": 6}
        assert by_phone[phone_of(3)].status is PhoneStatus.APPLIED
        assert by_phone[wrong].status is PhoneStatus.ERROR and "Wrong password" in by_phone[wrong].describe().en
        assert by_phone[silent].status is PhoneStatus.NO_REPLY and by_phone[silent].values == {}
        assert by_phone[silent].result.unanswered == list(QUERY_COMMANDS)
        assert not result.ok
        # nothing was changed by asking
        assert bench.modules[phone_of(3)].values["apn"] == "internet"
