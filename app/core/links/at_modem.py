"""A GSM modem driven by AT commands in PDU mode over any Link (COM port, pty, socket://).

One reader task splits the modem's output into lines; unsolicited result codes go to queues
(+CMTI: ``indications``; SMS status reports: ``status_reports`` for ``+CDS`` with its PDU,
``report_indications`` for ``+CDSI`` naming where the report is stored; RING and the unsolicited
forms of +CREG/+CGREG/+CEREG are dropped), everything else answers the command in flight.
Commands are serialised by a lock, so an SMS batch and the reader of incoming replies can share
the modem. A command that timed out may still be answered later: the next command first waits
(up to the ordinary timeout) for that late answer and drops it, so answers never shift onto the
wrong commands.

    modem = AtModem(link);  await modem.open();  await modem.initialize()
    refs = await modem.send_sms("+79001234567", "12345678 MODE 0")
    for stored in await modem.list_messages(): ...
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.core.links.base import Link
from protocols.errors import ConfiguratorError, LinkError, LinkTimeout, ProtocolError
from protocols.modem.at_commands import (
    CTRL_Z,
    ESC,
    PROMPT,
    AtError,
    MessageStatus,
    SignalQuality,
    StorageUsage,
    decode_modem_output,
    find_info,
    parse_cmgr,
    parse_cmti,
    parse_cpms,
    parse_csq,
    parse_final,
    parse_message_list,
    parse_reference,
    plain_info,
)
from protocols.modem.at_network import is_registration_urc
from protocols.sms.sms_pdu import Pdu, Sms, SmsStatusReport, decode_pdu, encode_submit
from protocols.sms.sms_status_reports import decode_cds, parse_cds_length, parse_cdsi
from protocols.text import Text

STORAGES = ("SM", "ME", "MT")
REPORT_STORAGE = "SR"  # where some modems keep SMS status reports (+CDSI: "SR",<index>); read-only


class PromptTimeout(LinkTimeout):
    """No "> " prompt: the modem was told to abandon the command (ESC), so nothing was sent."""


class SendUnconfirmed(LinkError):
    """The link failed after the PDU went to the modem (AT+CMGS/AT+CMGW): it may have been
    sent or stored, or not; only the recipient's reply or a read-back can tell."""


@dataclass(frozen=True)
class ModemIdentity:
    manufacturer: str
    model: str
    revision: str
    imei: str
    info: str  # ATI

    def describe(self) -> str:
        return " ".join(part for part in (self.manufacturer, self.model) if part) or self.info or "?"


@dataclass(frozen=True)
class StoredMessage:
    """A message in the modem's storage; ``sms`` is None when its PDU could not be decoded."""

    index: int
    status: MessageStatus
    pdu: bytes
    sms: Sms | None
    problem: Text | None = None

    @property
    def text(self) -> str:
        return getattr(self.sms, "text", "")


def decode_stored(index: int, status: MessageStatus, pdu: bytes) -> StoredMessage:
    direction = "mt" if status.received else "mo"
    try:
        return StoredMessage(index, status, pdu, decode_pdu(pdu, direction=direction))
    except ProtocolError as error:
        return StoredMessage(index, status, pdu, None, error.text)


PartRetry = Callable[[AtError, int], Awaitable[bool]]
"""Asked when the modem refuses one part of an SMS (the error, how many tries so far): True to try
that part again (after the pause the caller keeps), False to give up."""


def _retrieve(task: asyncio.Future[list[str]]) -> None:
    """Consume the outcome of a command whose caller went away (no "never retrieved" warnings)."""
    if not task.cancelled():
        task.exception()


class AtModem:
    """AT command exchange with timeouts, the "> " prompt, URCs and SMS operations."""

    def __init__(self, link: Link, *, timeout: float = 5.0, send_timeout: float = 60.0) -> None:
        self.link = link
        self.timeout = timeout  # ordinary commands (the UI's "reply timeout")
        self.send_timeout = send_timeout  # AT+CMGS: the network may take long
        self.indications: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
        self.status_reports: asyncio.Queue[SmsStatusReport] = asyncio.Queue()  # +CDS (ds=1)
        self.report_indications: asyncio.Queue[tuple[str, int]] = asyncio.Queue()  # +CDSI (ds=2)
        self.arrivals = asyncio.Event()  # set with every item put in one of the three queues
        self.report_mode = 0  # +CNMI <ds> in effect: 0 no status reports, 1 +CDS, 2 +CDSI
        self._lock = asyncio.Lock()
        self._responses: asyncio.Queue[str | LinkError] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None
        self._failure: LinkError | None = None
        self._message_reference = 0
        self._data_delivered = False
        self._cnmi_mode = 2
        self._late_answer = False  # the last command timed out: its answer may still come
        self.unanswered_in_row = 0  # commands in a row that got no answer at all (a modem gone silent)

    # -- lifecycle ------------------------------------------------------------------------------
    async def open(self) -> None:
        if not self.link.is_open:
            await self.link.open()
        if self._reader is None:
            self._failure = None
            self._reader = asyncio.create_task(self._read_loop(), name=f"at-reader {self.link.description}")

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
            self._reader = None
        await self.link.close()

    async def __aenter__(self) -> AtModem:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _read_loop(self) -> None:
        report_length: int | None = None  # after "+CDS: <length>" the next line is the report's PDU
        while True:
            try:
                item = await self.link.receive_frame(decode_modem_output, timeout=3600)
            except LinkTimeout:
                continue
            except LinkError as error:
                self._failure = error
                self._responses.put_nowait(error)
                return
            if report_length is not None:
                length, report_length = report_length, None
                try:
                    self.status_reports.put_nowait(decode_cds(length, item))
                    self.arrivals.set()
                    continue
                except ProtocolError:
                    pass  # the PDU line was lost or garbled: the line is an ordinary one
            report_length = parse_cds_length(item)
            if report_length is None:  # else unsolicited: the report's PDU is the next line
                self._dispatch_line(item)

    def _dispatch_line(self, item: str) -> None:
        indication = parse_cmti(item)
        stored_report = parse_cdsi(item)
        if indication is not None:
            self.indications.put_nowait(indication)
            self.arrivals.set()
        elif stored_report is not None:
            self.report_indications.put_nowait(stored_report)
            self.arrivals.set()
        elif not (item.startswith(("+CDSI:", "RING")) or is_registration_urc(item)):  # unsolicited, not needed
            self._responses.put_nowait(item)

    # -- command exchange --------------------------------------------------------------------------
    async def command(
        self, command: str, *, timeout: float | None = None, data: bytes | None = None, logged: str | None = None
    ) -> list[str]:
        """Send ``command``; return its information lines. With ``data`` (AT+CMGS/AT+CMGW) wait
        for the "> " prompt, then send the data and Ctrl-Z. AtError on ERROR/+CMS/+CME ERROR.
        ``logged``: what the traffic log shows instead of the command (AT+CPIN with the PIN masked)."""
        # Shielded: a caller cancelled mid-command must not leave the answer for the next command.
        limit = timeout if timeout is not None else self.timeout
        task = asyncio.ensure_future(self._locked(command, limit, data, logged))
        task.add_done_callback(_retrieve)
        return await asyncio.shield(task)

    async def _locked(self, command: str, timeout: float, data: bytes | None, logged: str | None) -> list[str]:
        async with self._lock:
            self._data_delivered = False
            try:
                return await self._exchange(command, timeout, data, logged)
            except LinkError as error:
                if self._data_delivered and not isinstance(error, LinkTimeout):
                    raise SendUnconfirmed(error.text) from error
                raise

    async def _exchange(self, command: str, timeout: float, data: bytes | None, logged: str | None) -> list[str]:
        if self._failure is not None:
            raise self._failure
        await self._drop_late_answer()
        self._discard_stale()
        loop = asyncio.get_running_loop()
        # The "> " prompt comes at once; only the network's answer after the data takes long.
        prompt_timeout = min(timeout, self.timeout)
        deadline = loop.time() + (prompt_timeout if data is not None else timeout)
        shown = None if logged is None else logged.encode("ascii") + b"\r"
        await self.link.send(command.encode("ascii") + b"\r", logged=shown)
        lines: list[str] = []
        waiting_prompt = data is not None
        try:
            while True:
                limit = prompt_timeout if waiting_prompt else timeout
                item = await self._next(deadline, command, limit, prompt_pending=waiting_prompt)
                # Long listings: the time limit counts from the last line received, not from the start.
                deadline = max(deadline, loop.time() + self.timeout)
                if item == command or (item.upper().startswith("AT") and item.upper() == command.upper()):
                    continue  # echo (before ATE0, or a modem that keeps it on)
                if item == PROMPT or parse_final(item) is not None:
                    self.unanswered_in_row = 0
                if item == PROMPT:
                    if waiting_prompt and data is not None:
                        waiting_prompt = False
                        self._data_delivered = True  # from here on a lost link leaves the outcome unknown
                        await self.link.send(data + CTRL_Z)
                        deadline = max(deadline, loop.time() + timeout)
                    continue
                final = parse_final(item)
                if final is None:
                    lines.append(item)
                elif final.ok and waiting_prompt:
                    lines.clear()  # AT+CMGS/AT+CMGW never end with OK before their data: a late answer
                elif final.ok:
                    return lines
                else:
                    raise AtError(final, command)
        except LinkTimeout as timeout_error:
            self.unanswered_in_row += 1
            if not isinstance(timeout_error, PromptTimeout):  # after ESC nothing more comes
                self._late_answer = True
            raise

    async def _drop_late_answer(self) -> None:
        """After a timeout: wait (at most the ordinary timeout) for the late answer and drop it."""
        if not self._late_answer:
            return
        self._late_answer = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while (remaining := deadline - loop.time()) > 0:
            try:
                async with asyncio.timeout(remaining):
                    item = await self._responses.get()
            except TimeoutError:
                return
            if isinstance(item, LinkError):
                self._responses.put_nowait(item)
                raise item
            if parse_final(item) is not None:
                self.unanswered_in_row = 0  # late, but the modem answers
                return

    async def _next(self, deadline: float, command: str, timeout: float, *, prompt_pending: bool) -> str:
        remaining = deadline - asyncio.get_running_loop().time()
        try:
            if remaining <= 0:
                raise TimeoutError
            async with asyncio.timeout(remaining):  # not wait_for: it may swallow cancellation (3.11)
                item = await self._responses.get()
        except TimeoutError:
            message = Text(
                f"Модем не ответил на {command} за {timeout:g} с ({self.link.description})",
                f"The modem did not answer {command} within {timeout:g} s ({self.link.description})",
            )
            if prompt_pending:  # leave the prompt so the modem does not swallow the next command
                with contextlib.suppress(ConfiguratorError):
                    await self.link.send(ESC)
                raise PromptTimeout(message) from None
            raise LinkTimeout(message) from None
        if isinstance(item, LinkError):
            raise item
        return item

    def _discard_stale(self) -> None:
        """Late answers of a command that timed out must not answer this one."""
        while not self._responses.empty():
            item = self._responses.get_nowait()
            if isinstance(item, LinkError):
                self._responses.put_nowait(item)
                raise item

    # -- set-up and identity ------------------------------------------------------------------------
    async def initialize(self) -> None:
        """Echo off, numeric errors, PDU mode, new-message indications (+CMTI): :meth:`start`, then
        :meth:`set_up_sms` (app.core.modem_preflight checks the SIM and the network in between)."""
        await self.start()
        await self.set_up_sms()

    async def start(self) -> None:
        """The modem answers AT; echo off (ATE0) and numeric errors (AT+CMEE=1). Needs no SIM."""
        for attempt in range(3):  # the first AT may meet a modem still in a prompt or autobauding
            try:
                await self.command("AT", timeout=min(self.timeout, 2.0))
                break
            except (LinkTimeout, AtError):
                if attempt == 2:
                    raise
                with contextlib.suppress(ConfiguratorError):
                    await self.link.send(ESC + b"\r")
                await asyncio.sleep(0.2)
        await self.command("ATE0")
        await self.command("AT+CMEE=1")

    async def set_up_sms(self) -> None:
        """PDU mode and new-message indications (+CMTI); some modems refuse these before the SIM is ready."""
        await self.command("AT+CMGF=0")
        self.report_mode = 0
        try:
            await self.command("AT+CNMI=2,1,0,0,0")
            self._cnmi_mode = 2
        except AtError:
            await self.command("AT+CNMI=1,1,0,0,0")  # modems that cannot buffer in mode 2
            self._cnmi_mode = 1

    async def enable_status_reports(self) -> int:
        """Ask the modem to pass SMS status reports on: +CDS with the PDU (ds=1), else +CDSI naming
        the stored report (ds=2). Returns the mode in effect; 0 when the modem refuses both (the
        reports are then simply not seen; nothing else changes)."""
        if self.report_mode:
            return self.report_mode
        for ds in (1, 2):
            try:
                await self.command(f"AT+CNMI={self._cnmi_mode},1,0,{ds},0")
            except AtError:
                continue
            self.report_mode = ds
            return ds
        return 0

    async def identify(self) -> ModemIdentity:
        async def ask(command: str, name: str) -> str:
            try:
                return plain_info(await self.command(command), name)
            except AtError:
                return ""

        return ModemIdentity(
            await ask("AT+CGMI", "CGMI"),
            await ask("AT+CGMM", "CGMM"),
            await ask("AT+CGMR", "CGMR"),
            await ask("AT+CGSN", "CGSN"),
            await ask("ATI", "ATI"),
        )

    async def signal(self) -> SignalQuality:
        return parse_csq(find_info(await self.command("AT+CSQ"), "CSQ"))

    async def sim_status(self) -> str:
        """``READY`` or what the SIM wants (``SIM PIN`` …); AtError if there is no SIM."""
        return find_info(await self.command("AT+CPIN?"), "CPIN")

    # -- sending ----------------------------------------------------------------------------------------
    async def send_pdu(self, pdu: Pdu) -> int:
        """AT+CMGS: returns the message reference the network gave."""
        for attempt in range(3):
            try:
                lines = await self.command(
                    f"AT+CMGS={pdu.tpdu_length}", timeout=self.send_timeout, data=pdu.hex.encode()
                )
                return parse_reference(find_info(lines, "CMGS"))
            except PromptTimeout:
                if attempt == 2:  # without a prompt nothing was sent: safe to try again
                    raise
        raise AssertionError("unreachable")

    async def send_sms(
        self, destination: str, text: str, *, status_report: bool = False, retry: PartRetry | None = None
    ) -> list[int]:
        """Send ``text`` (several concatenated parts if long); message references of the parts (each
        part's status report, when asked for with ``status_report``, carries its part's reference).
        A part the modem refuses is tried again while ``retry`` says so (a refused part was not sent,
        so only that part is repeated)."""
        self._message_reference = (self._message_reference + 1) & 0xFF
        pdus = encode_submit(destination, text, status_report=status_report, concat_reference=self._message_reference)
        references: list[int] = []
        for pdu in pdus:
            tries = 0
            while True:
                tries += 1
                try:
                    references.append(await self.send_pdu(pdu))
                    break
                except AtError as error:
                    if retry is None or not await retry(error, tries):
                        raise
        return references

    # -- storage ------------------------------------------------------------------------------------------
    async def storage_usage(self) -> list[StorageUsage]:
        """Read/delete, write/send and receive storages with their use (AT+CPMS?)."""
        return parse_cpms(find_info(await self.command("AT+CPMS?"), "CPMS"))

    async def select_storage(
        self, read: str, write: str | None = None, receive: str | None = None
    ) -> list[StorageUsage]:
        """AT+CPMS: storages for reading/deleting and, if given, writing/sending and receiving.
        Returns the use of all three (named where this call named them)."""
        names = [read] + ([write] if write else []) + ([receive] if write and receive else [])
        for position, name in enumerate(names):
            if name not in STORAGES and not (position == 0 and name == REPORT_STORAGE):
                raise ValueError(f"unknown SMS storage {name!r}; known: {', '.join(STORAGES)}")
        usages = parse_cpms(find_info(await self.command("AT+CPMS=" + ",".join(f'"{n}"' for n in names)), "CPMS"))
        return [StorageUsage(names[i] if i < len(names) else "", u.used, u.total) for i, u in enumerate(usages)]

    async def list_messages(self, status: MessageStatus = MessageStatus.ALL) -> list[StoredMessage]:
        lines = await self.command(f"AT+CMGL={int(status)}")
        return [decode_stored(e.index, e.status, e.pdu) for e in parse_message_list(lines)]

    async def read_message(self, index: int) -> StoredMessage | None:
        stored = parse_cmgr(await self.command(f"AT+CMGR={index}"))
        return None if stored is None else decode_stored(index, stored.status, stored.pdu)

    async def delete_message(self, index: int) -> None:
        await self.command(f"AT+CMGD={index}")

    async def write_message(self, pdu: Pdu, status: MessageStatus = MessageStatus.STO_UNSENT) -> int:
        """AT+CMGW: store a PDU; returns its index. AtError(322) when the storage is full."""
        lines = await self.command(f"AT+CMGW={pdu.tpdu_length},{int(status)}", data=pdu.hex.encode())
        return parse_reference(find_info(lines, "CMGW"))

    async def next_indication(self, timeout: float | None = None) -> tuple[str, int]:
        """The next +CMTI (storage, index); TimeoutError after ``timeout`` seconds."""
        if timeout is None:
            return await self.indications.get()
        async with asyncio.timeout(timeout):
            return await self.indications.get()
