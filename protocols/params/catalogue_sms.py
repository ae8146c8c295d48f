"""The text SMS commands the module's parameters travel in (GSM manual §9; ours:
docs/protocols/sms-commands.md §3): each command's name, whether the vendor documents it, how its
reply lays out the values, who may send it and whether it restarts the module.

Which parameters a command carries, in which order, the parameters say (``Parameter.sms`` in
protocols.params.catalogue_data); protocols.sms.sms_grammar derives the command table from both.
"""

from __future__ import annotations

from protocols.params.catalogue_model import ReplyLayout, SmsAccess, SmsCommand

# Text SMS commands: the documented ones (True) in the manual's order (GSM manual §9.2–9.9), then ours
# (False). They are sent in this order, except that MODE, which restarts the module, goes last.
MODE_SMS = SmsCommand("MODE", True, restarts=True)
APN_SMS = SmsCommand("APN", True, ReplyLayout.LINES)
USER_SMS = SmsCommand("USER", True, answered_by=APN_SMS)
PSW_SMS = SmsCommand("PSW", True, answered_by=APN_SMS)
DNS_SMS = SmsCommand("DNS", True, ReplyLayout.HOST_PORT)
PORT_SMS = SmsCommand("PORT", True, answered_by=DNS_SMS)
TIMEOUT_SMS = SmsCommand("TIMEOUT", True)
RESET_SMS = SmsCommand("RESET", True)
AUTH_SMS = SmsCommand("AUTH", False)
CELL_SMS = SmsCommand("CELL", False)
BANDS_SMS = SmsCommand("BANDS", False)
FUNC_SMS = SmsCommand("FUNC", False)
NTP_SMS = SmsCommand("NTP", False)
MQTT_SMS = SmsCommand("MQTT", False)
MQLOGIN_SMS = SmsCommand("MQLOGIN", False)
LMQTT_SMS = SmsCommand("LMQTT", False)
LHTTP_SMS = SmsCommand("LHTTP", False)
PHONE_SMS = SmsCommand("PHONE", False)
AINF_SMS = SmsCommand("AINF", False, access=SmsAccess.USER)
UPASS_SMS = SmsCommand("UPASS", False, ReplyLayout.OK)  # the new passwords: after every command signed
PASS_SMS = SmsCommand("PASS", False, ReplyLayout.OK)  # with the password in force (docs: §3)
SMS_COMMANDS: tuple[SmsCommand, ...] = (
    MODE_SMS, APN_SMS, USER_SMS, PSW_SMS, DNS_SMS, PORT_SMS, TIMEOUT_SMS, RESET_SMS,
    AUTH_SMS, CELL_SMS, BANDS_SMS, FUNC_SMS, NTP_SMS, MQTT_SMS, MQLOGIN_SMS, LMQTT_SMS, LHTTP_SMS, PHONE_SMS,
    AINF_SMS, UPASS_SMS, PASS_SMS,
)  # fmt: skip
