"""Our own SMS commands cannot make the documented ones fail: a module that refuses one still takes the rest.

Through the virtual modem over a real pty: one module knows every command, one is a vendor module
that answers our commands (AUTH, UPASS, PASS, …) with 0x06. Both must end up with the documented
settings applied and MODE taken (the module restarted into the new mode).
"""

from __future__ import annotations

import pytest

from app.core.sms_delivery import deliver_configuration
from protocols.params.catalogue import defaults
from protocols.params.module_types import ModuleType
from protocols.sms.sms_commands import plan_sms_texts
from protocols.sms.sms_grammar import COMMANDS
from simulators.module import VirtualModule
from tests.modem_fixtures import PASSWORD, modem_bench, open_modem, phone_of

pytestmark = pytest.mark.virtual_time

OURS = frozenset(c.name for c in COMMANDS if not c.documented)
VALUES = defaults(ModuleType.GSM_2G4G) | {
    "apn": "m2m.test", "server": "10.1.1.1", "port": 8002, "mode": "client", "auth_type": "pap",
    "cellular_mode": "lte_only", "user_password": "4321", "new_admin_password": "Secret77",
}


async def test_a_module_that_refuses_our_commands_still_applies_the_documented_ones_and_mode() -> None:
    plan = plan_sms_texts(ModuleType.GSM_2G4G, VALUES, PASSWORD)
    assert [t.split()[1] for t in plan.texts][-3:] == ["UPASS", "PASS", "MODE"]
    async with modem_bench(1, reply_delay=0.02) as bench:
        knows_all = bench.modules[phone_of(0)]
        vendor = VirtualModule(ModuleType.GSM_2G4G, serial="000000099", phone=phone_of(1), restart_time=0,
                               unknown_commands=OURS)
        bench.network.add_module(phone_of(1), vendor)
        async with open_modem(bench) as modem:
            result = await deliver_configuration(modem, [phone_of(0), phone_of(1)], plan.texts, wait_limit=5,
                                                 poll_interval=0.2)
    by_phone = {p.phone: p for p in result.phones}
    for module in (knows_all, vendor):
        assert {k: module.values[k] for k in ("apn", "server", "port", "mode")} == \
            {"apn": "m2m.test", "server": "10.1.1.1", "port": 8002, "mode": "client"}
        assert module.restarts >= 1 and module.active["mode"] == "client"  # MODE was taken: it restarted
    # four refusals (AUTH, CELL, UPASS, PASS); an error reply names no command, so only their number is exact
    refused = [c.reply.error_code for c in by_phone[phone_of(1)].commands if c.reply is not None and not c.reply.ok]
    assert refused == [0x06] * 4
    assert vendor.admin_password == PASSWORD and vendor.values["auth_type"] == "none"
    for phone in (phone_of(0), phone_of(1)):
        mode_reply = next(c.reply for c in by_phone[phone].commands if c.command == "MODE")
        assert mode_reply is not None and mode_reply.ok and mode_reply.values["mode"] == "client"
    # the module that knows PASS took it with the restart MODE caused, and MODE was still signed with the old one
    assert knows_all.admin_password == "Secret77" and knows_all.user_password == "4321"
    assert knows_all.values["auth_type"] == "pap" and by_phone[phone_of(0)].describe().en == "OK"
