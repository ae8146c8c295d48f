"""Replies of real modules: the manual gives the error codes but not the error reply's layout.

Plausible wordings are read as the error they are; anything else is shown as it came, never
dropped — checked on the parser and through a batch over the virtual modem on a real pty.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.sms_delivery import deliver_configuration
from app.core.sms_results import PhoneStatus
from protocols.errors import ProtocolError
from protocols.params.module_types import ModuleType
from protocols.sms.sms_commands import build_sms_texts, format_error_reply, not_understood, parse_sms_reply
from simulators.module import VirtualModule
from tests.modem_fixtures import PASSWORD, modem_bench, open_modem, phone_of


@pytest.mark.parametrize(
    ("text", "code", "meter", "serial"),
    [
        ("CE208\r\n012345678\r\nERROR: 0x03", 3, "CE208", "012345678"),  # ours
        ("ERROR: 0x03", 3, "", ""),
        ("ERROR 0x03", 3, "", ""),
        ("ERROR 03", 3, "", ""),
        ("ERR 3", 3, "", ""),
        ("err:3", 3, "", ""),
        ("Error=0x06", 6, "", ""),
        ("error #5.", 5, "", ""),
        ("CE308\n011\nerror 0x02\n", 2, "CE308", "011"),
        ("CE308\r\n011\r\nERR 2", 2, "CE308", "011"),
        ("  ERROR 0X04  ", 4, "", ""),
    ],
)
def test_plausible_error_replies_are_read(text: str, code: int, meter: str, serial: str) -> None:
    reply = parse_sms_reply(text)
    assert (reply.command, reply.error_code, reply.meter_type, reply.serial) == ("ERROR", code, meter, serial)
    assert reply.error() is not None and f"0x{code:02X}" in reply.error().message("ru")  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["ERROR", "ERROR 999", "ERR x", "ERRORS 3", "CE\r\n1\r\nERROR: 0x03\r\nmore",
                                  "a\r\nb\r\nc\r\nERROR 3", "Команда не распознана", ""])
def test_other_texts_are_not_taken_for_errors(text: str) -> None:
    with pytest.raises(ProtocolError):
        parse_sms_reply(text)


def test_not_understood_shows_the_reply_as_it_came_with_passwords_masked() -> None:
    text = "CE208\r\n012345678\r\nAPN: internet\r\nuser\r\nsecret\r\nTRAILER"
    shown = not_understood(text)
    assert shown.ru == "ответ не понят: «CE208 ⏎ 012345678 ⏎ APN: internet ⏎ user ⏎ ****** ⏎ TRAILER»"
    assert shown.en.startswith("reply not understood: “CE208 ⏎ 012345678")


@given(st.sampled_from(["ERROR", "ERR", "error", "Err"]), st.sampled_from([":", " ", "=", "", ": "]),
       st.integers(0, 255), st.booleans(), st.booleans())
def test_any_accepted_form(word: str, separator: str, code: int, hexadecimal: bool, header: bool) -> None:
    token = f"0x{code:02x}" if hexadecimal else str(code)
    text = ("CE208\r\n1\r\n" if header else "") + f"{word}{separator}{token}"
    assert parse_sms_reply(text).error_code == code


class OtherWording:
    """A module that words its error replies another way (and otherwise answers like ours)."""

    def __init__(self, module: VirtualModule, wording: str) -> None:
        self.module, self.wording = module, wording

    def handle_sms(self, text: str, sender: str | None) -> str | None:
        reply = self.module.handle_sms(text, sender)
        found = re.search(r"ERROR: 0x([0-9A-F]{2})$", reply or "")
        if reply is None or found is None:
            return reply
        code = int(found.group(1), 16)
        return self.wording.format(code=code, meter=self.module.meter_type, serial=self.module.serial)

    def __getattr__(self, name: str) -> object:
        return getattr(self.module, name)


async def test_a_batch_reads_other_wordings_and_shows_what_it_cannot_read() -> None:
    wordings = ["ERR {code}", "{meter}\r\n{serial}\r\nerror 0x{code:02x}", "Неверный пароль!"]
    async with modem_bench(3, reply_delay=0.02) as bench:
        phones = [phone_of(i) for i in range(3)]
        for phone, wording in zip(phones, wordings, strict=True):
            module = bench.modules[phone]
            module.handle_sms(f"{PASSWORD} PASS 11112222", None)  # our password is now wrong: error 0x02
            module.restart()  # the new password is in force from the restart
            bench.network.subscriber(phone).responder = OtherWording(module, wording)
        texts = build_sms_texts(ModuleType.GSM_2G4G, {"apn": "internet.test"}, PASSWORD)
        async with open_modem(bench) as modem:
            result = await deliver_configuration(modem, phones, texts, wait_limit=2, poll_interval=0.2)
    by_phone = {p.phone: p for p in result.phones}
    for phone in phones[:2]:
        assert by_phone[phone].status is PhoneStatus.ERROR and by_phone[phone].error_code == 0x02
        assert "Неверный пароль" in by_phone[phone].describe().ru
    unread = by_phone[phones[2]]
    assert unread.status is PhoneStatus.ERROR and unread.error_code is None
    assert "ответ не понят: «Неверный пароль!»" in unread.describe().ru
    assert "reply not understood: “Неверный пароль!”" in unread.describe().en


def test_our_own_error_reply_still_round_trips() -> None:
    assert parse_sms_reply(format_error_reply("CE208", "1", 0x05)).error_code == 0x05
