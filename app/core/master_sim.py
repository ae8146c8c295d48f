"""Master SIM (GSM manual §6.4.2, NB-IoT manual §7.4.2): the configuration SMS stored on the SIM card in
the PC's modem. A meter that powers up with this SIM applies them; one card configures any
number of meters; configuring the module by SMS later deletes the stored settings.

The SMS are written to the SIM storage ("SM") as SMS-SUBMIT PDUs with the status "stored
unsent" (AT+CMGW), in sending order (MODE last), without a recipient unless one is given (the
module reads their text, nobody sends them; docs/protocols/master-sim.md gives the reasons).
Reading lists the SIM (AT+CMGL=4) and keeps the messages stored for sending, in index order,
long ones joined from their parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.links.at_modem import AtModem, StoredMessage
from app.core.progress import ProgressCallback, ProgressReporter
from protocols.errors import ConfiguratorError, DeviceError
from protocols.modem.at_commands import MEMORY_FULL, AtError, MessageStatus
from protocols.sms.sms_pdu import Pdu, SmsSubmit, encode_submit, join_submits
from protocols.text import Text

SIM = "SM"


@dataclass
class MasterSimContent:
    texts: list[str]  # the configuration SMS on the SIM, in order
    messages: list[StoredMessage] = field(default_factory=list)  # every stored-for-sending message
    total_slots: int = 0
    used_slots: int = 0


@dataclass
class MasterSimCheck:
    """Read-back compared with what was meant to be on the SIM, text by text."""

    expected: list[str]
    found: list[str]

    @property
    def ok(self) -> bool:
        return self.expected == self.found

    def differences(self) -> list[Text]:
        out: list[Text] = []
        for i in range(max(len(self.expected), len(self.found))):
            want = self.expected[i] if i < len(self.expected) else None
            have = self.found[i] if i < len(self.found) else None
            if want == have:
                continue
            if have is None:
                out.append(Text(f"SMS {i + 1}: нет на SIM «{want}»", f"SMS {i + 1}: missing from the SIM “{want}”"))
            elif want is None:
                out.append(Text(f"SMS {i + 1}: лишнее на SIM «{have}»", f"SMS {i + 1}: extra on the SIM “{have}”"))
            else:
                out.append(Text(f"SMS {i + 1}: на SIM «{have}» вместо «{want}»",
                                f"SMS {i + 1}: the SIM has “{have}” instead of “{want}”"))
        return out


def _stored_for_sending(messages: list[StoredMessage]) -> list[StoredMessage]:
    return [m for m in messages if not m.status.received and isinstance(m.sms, SmsSubmit)]


async def read_master_sim(modem: AtModem) -> MasterSimContent:
    usage = await modem.select_storage(SIM, SIM)
    stored = _stored_for_sending(await modem.list_messages(MessageStatus.ALL))
    submits = [m.sms for m in sorted(stored, key=lambda m: m.index) if isinstance(m.sms, SmsSubmit)]
    return MasterSimContent(join_submits(submits), stored, usage[0].total, usage[0].used)


async def clear_master_sim(modem: AtModem, *, progress: ProgressCallback | None = None) -> int:
    """Delete the configuration SMS (messages stored for sending) from the SIM; received ones stay."""
    content = await read_master_sim(modem)
    reporter = ProgressReporter(progress, len(content.messages))
    for message in content.messages:
        await modem.delete_message(message.index)
        reporter.step(Text(f"Удалено SMS {message.index}", f"Deleted SMS {message.index}"))
    return len(content.messages)


def storage_full_error(needed: int, free: int, total: int) -> DeviceError:
    return DeviceError(
        MEMORY_FULL,
        Text(
            f"Память SIM заполнена: для настроек нужно {needed} свободных ячеек SMS, свободно {free} из {total}. "
            "Очистите хранилище SIM (вкладка «Дополнительно»)",
            f"SIM memory full: the settings need {needed} free SMS slots, {free} of {total} are free. "
            "Clear the SIM storage (Additional tab)",
        ),
    )


async def write_master_sim(
    modem: AtModem,
    texts: Sequence[str],
    *,
    destination: str = "",
    replace: bool = True,
    progress: ProgressCallback | None = None,
) -> list[int]:
    """Store ``texts`` on the SIM (replacing an earlier configuration); returns their indices.

    ``destination`` goes into TP-DA; empty (the default) stores the SMS without a recipient.

    Checks the free slots first: a full SIM gives a DeviceError naming the slots needed and free.
    If the modem refuses midway, what was written is deleted again and the error says so. Whatever
    fails, the error says what changed on the SIM: nothing, which earlier settings were deleted, or
    which new ones stayed.
    """
    pdus: list[Pdu] = []
    for number, text in enumerate(texts, 1):
        pdus += encode_submit(destination, text, concat_reference=number, validity=None)
    reporter = ProgressReporter(progress, len(pdus) + 1)
    try:
        earlier = await read_master_sim(modem)
        usage = (await modem.select_storage(SIM, SIM))[1]
    except ConfiguratorError as error:
        raise _noted(error, Text("На SIM-карте ничего не изменено", "Nothing on the SIM card was changed")) from error
    available = usage.free + (len(earlier.messages) if replace else 0)
    if available < len(pdus):  # checked before anything is deleted: a refused write changes nothing
        raise storage_full_error(len(pdus), available, usage.total)
    if replace:
        await _delete_earlier(modem, earlier.messages)
        removed = len(earlier.messages)
        reporter.step(Text(f"Удалено прежних SMS: {removed}", f"Earlier SMS deleted: {removed}"))
    written: list[int] = []
    try:
        for pdu in pdus:
            written.append(await modem.write_message(pdu, MessageStatus.STO_UNSENT))
            done = f"{len(written)} / {len(pdus)}"
            reporter.step(Text(f"Записано SMS {done}", f"Written SMS {done}"))
    except ConfiguratorError as error:
        rolled_back = await _roll_back(modem, written)
        if isinstance(error, AtError) and error.memory_full and rolled_back:
            raise storage_full_error(len(pdus), len(written), usage.total) from error
        note = _rollback_note(error, written, rolled_back)
        if replace and earlier.messages:
            count = len(earlier.messages)
            note = Text(f"{note.ru}. Прежние SMS настроек ({count}) с SIM-карты уже удалены",
                        f"{note.en}. The earlier settings SMS ({count}) were already deleted from the SIM card")
        if isinstance(error, AtError) and not written and not destination:
            note = Text(f"{note.ru}. {_NO_RECIPIENT_HINT.ru}", f"{note.en}. {_NO_RECIPIENT_HINT.en}")
        raise _retold(error, note) from error
    return written


def _retold(error: ConfiguratorError, text: Text) -> ConfiguratorError:
    """``error`` of the same kind (a device's code kept) with ``text``."""
    if isinstance(error, DeviceError):
        return DeviceError(error.code, text)
    return type(error)(text)


def _noted(error: ConfiguratorError, note: Text) -> ConfiguratorError:
    return _retold(error, Text(f"{error.text.ru}. {note.ru}", f"{error.text.en}. {note.en}"))


async def _delete_earlier(modem: AtModem, messages: list[StoredMessage]) -> None:
    """Delete the earlier settings SMS; if that fails midway, say which are gone and which stayed."""
    deleted: list[int] = []
    for message in messages:
        try:
            await modem.delete_message(message.index)
        except ConfiguratorError as error:
            gone = ", ".join(str(i) for i in deleted) or "—"
            kept = ", ".join(str(m.index) for m in messages if m.index not in deleted and m is not message) or "—"
            note = Text(
                f"Прежние SMS настроек удалены не все: удалены ячейки {gone}, удаление ячейки {message.index} не "
                f"подтверждено, остались {kept}. Новые настройки не записаны: прочитайте SIM-карту и запишите "
                "настройки снова",
                f"Not all earlier settings SMS were deleted: slots {gone} deleted, the deletion of slot "
                f"{message.index} not confirmed, {kept} kept. The new settings were not written: read the SIM card "
                "back and write the settings again")
            raise _noted(error, note) from error
        deleted.append(message.index)


_NO_RECIPIENT_HINT = Text(
    "Если модем не сохраняет SMS без номера получателя, укажите любой номер получателя (он не используется)",
    "If the modem does not store an SMS without a recipient, give any recipient number (it is not used)",
)


async def _roll_back(modem: AtModem, written: list[int]) -> bool:
    for index in written:
        try:
            await modem.delete_message(index)
        except ConfiguratorError:
            return False  # the link is gone: the error says what stayed on the SIM
    return True


def _rollback_note(error: ConfiguratorError, written: list[int], rolled_back: bool) -> Text:
    if not isinstance(error, DeviceError):  # the link failed: the last write may have been stored
        cells = ", ".join(str(i) for i in written) or "—"
        return Text(
            f"{error.text.ru}. Настройки на SIM неполные (подтверждены ячейки: {cells}; последняя запись не "
            "подтверждена): прочитайте SIM или очистите её",
            f"{error.text.en}. Incomplete settings may remain on the SIM (confirmed slots: {cells}; the last write "
            "was not confirmed): read the SIM back or clear it",
        )
    if not written:
        return Text(f"{error.text.ru}. На SIM ничего не записано", f"{error.text.en}. Nothing was written to the SIM")
    if rolled_back:
        return Text(
            f"{error.text.ru}. Записанные SMS ({len(written)}) удалены, настройки на SIM не сохранены",
            f"{error.text.en}. The {len(written)} SMS already written were deleted; the SIM holds no settings",
        )
    cells = ", ".join(str(i) for i in written)
    return Text(
        f"{error.text.ru}. На SIM остались неполные настройки (ячейки {cells}): очистите SIM",
        f"{error.text.en}. Incomplete settings remain on the SIM (slots {cells}): clear the SIM",
    )


async def verify_master_sim(modem: AtModem, texts: Sequence[str]) -> MasterSimCheck:
    """Read the SIM back and compare it byte for byte with ``texts``."""
    return MasterSimCheck(list(texts), (await read_master_sim(modem)).texts)
