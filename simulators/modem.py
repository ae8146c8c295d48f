"""A virtual GSM modem with a SIM card, speaking AT commands in PDU mode (TS 27.005/27.007).

It answers AT, ATE0/1, ATI, +CGMI/+CGMM/+CGMR/+CGSN, +CSQ, +CPIN?/+CPIN=, +CPINR, +QPINC, ^CPIN?,
+CREG?, +CEREG?, +COPS?, +CMEE, +CMGF (PDU mode only), +CNMI, +CSMP, +CPMS, +CMGS, +CMGW, +CMSS,
+CMGL, +CMGR, +CMGD, +CSCA?/+CSCA=. With echo on, the PDU typed after the "> " prompt is echoed
too, as real modems do. The SIM's PIN, a busy SIM, the network search and the other states a
real modem goes through before it can send are ``conditions`` (simulators.modem_readiness),
timed by the injectable ``clock``. Submitting an SMS takes
``submit_time`` seconds, like a real network. Incoming SMS are stored in the receive storage and
announced with +CMTI (held back while a command runs); when the storage is full they wait in the
service centre and arrive once a message is deleted (the "memory available" retry of a real
network). The ``storage_full`` fault fills the SIM with old received messages.

SMS status reports (asked for by TP-SRR in the submitted PDU; +CSMP only sets the first octet of
text-mode SMS, which is not simulated, so it is accepted and changes nothing) follow +CNMI's <ds>:
0 dropped, 1 ``+CDS: <length>`` with the PDU on the next line, 2 stored in the receive storage
and announced with ``+CDSI: "<mem>",<index>`` (dropped when the storage is full). A modem that
does not know a <ds> value is made with ``report_modes`` lacking it: AT+CNMI with it answers
+CMS ERROR 303.

The SIM is a separate object: ``modem.sim.messages()`` gives the texts stored on it, so a test
can "move the SIM into a meter" with ``VirtualModule.boot(modem.sim.messages())``.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from protocols.errors import ProtocolError
from protocols.modem.at_commands import MEMORY_FULL, MessageStatus, split_fields
from protocols.sms.sms_pdu import SmsSubmit, decode_pdu, encode_deliver, encode_status_report, join_submits
from simulators.modem_readiness import CommandFailed, ModemConditions, Readiness
from simulators.sms_network import MSK, SmsNetwork
from simulators.transport import ConnectionClosedByFault, Endpoint, Faults, loop_clock

_LINE_END = re.compile(rb"[\r\n]")
_DATA_END = re.compile(rb"[\x1a\x1b]")  # Ctrl-Z sends the PDU, ESC abandons it
CMS_INVALID_PDU = 304
CMS_NOT_SUPPORTED = 303
CMS_NOT_ALLOWED = 302
CMS_INVALID_INDEX = 321


@dataclass
class Slot:
    status: MessageStatus
    pdu: bytes  # with the SMSC field in front


@dataclass
class SimCard:
    """The SIM's SMS storage ("SM"): fixed number of slots, 1-based indices."""

    phone: str
    size: int = 30
    slots: list[Slot | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.slots = self.slots or [None] * self.size

    def delete_stored(self) -> int:
        """Delete the messages stored for sending (what a module does after an SMS configuration)."""
        doomed = [i for i, slot in enumerate(self.slots) if slot is not None and not slot.status.received]
        for i in doomed:
            self.slots[i] = None
        return len(doomed)

    def messages(self) -> list[str]:
        """Texts stored for sending (a Master SIM's configuration), in index order, parts joined."""
        submits: list[SmsSubmit] = []
        for slot in self.slots:
            if slot is None or slot.status.received:
                continue
            try:
                sms = decode_pdu(slot.pdu, direction="mo")
            except ProtocolError:
                continue  # a module skips what it cannot read
            assert isinstance(sms, SmsSubmit)
            submits.append(sms)
        return join_submits(submits)


class _Storage:
    """A view over one or two slot lists ("MT" = SIM followed by the modem's memory)."""

    def __init__(self, *parts: list[Slot | None]) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)

    def _locate(self, index: int) -> tuple[list[Slot | None], int]:
        for part in self.parts:
            if 1 <= index <= len(part):
                return part, index - 1
            index -= len(part)
        raise IndexError(index)

    def get(self, index: int) -> Slot | None:
        part, i = self._locate(index)
        return part[i]

    def set(self, index: int, slot: Slot | None) -> None:
        part, i = self._locate(index)
        part[i] = slot

    def used(self) -> int:
        return sum(1 for p in self.parts for s in p if s is not None)

    def store(self, slot: Slot) -> int | None:
        for index in range(1, len(self) + 1):
            if self.get(index) is None:
                self.set(index, slot)
                return index
        return None

    def items(self) -> list[tuple[int, Slot]]:
        return [(i, s) for i in range(1, len(self) + 1) if (s := self.get(i)) is not None]


class VirtualModem:
    def __init__(
        self,
        network: SmsNetwork | None = None,
        phone: str = "+79990000000",
        *,
        sim_size: int = 30,
        me_size: int = 100,
        submit_time: float = 0.5,
        faults: Faults | None = None,
        imei: str = "867530900000017",
        report_modes: tuple[int, ...] = (0, 1, 2),
        conditions: ModemConditions | None = None,
        clock: Callable[[], float] = loop_clock,
    ) -> None:
        self.network = network
        self.sim: SimCard | None = SimCard(phone, sim_size)
        self.me: list[Slot | None] = [None] * me_size
        self.submit_time = submit_time
        self.faults = faults or Faults()
        self.imei = imei
        self.echo, self.cmee, self.pdu_mode, self.cnmi_mt, self.cnmi_ds = True, 0, True, 0, 0
        self.report_modes = report_modes  # +CNMI <ds> values this modem accepts
        self.conditions = conditions or ModemConditions()
        self.readiness = Readiness(self.conditions, clock)
        self.csmp = "17,167,0,0"
        self.memories = ["SM", "SM", "SM"]
        self.waiting: list[tuple[str, str]] = []  # incoming SMS held by the network: storage full
        self.submitted: list[tuple[str, str]] = []  # (destination, text) of every part sent
        self._reference = 0
        self._sessions: set[Endpoint] = set()
        self._write_lock = asyncio.Lock()
        self._busy = False
        self._pending_urcs: list[bytes] = []
        self._filled_for_fault = False
        if network is not None:
            network.attach_terminal(phone, self)

    def sim_messages(self) -> list[str]:
        """The configuration SMS on the SIM now in this modem (for ``VirtualModule.boot``)."""
        return self.sim.messages() if self.sim is not None else []

    # -- storage -------------------------------------------------------------------------------------
    def storage(self, name: str) -> _Storage:
        if name in ("SM", "MT") and self.sim is None:
            raise CommandFailed(310)
        if name in ("SM", "MT"):
            self.readiness.need_sim()
        sim = self.sim.slots if self.sim is not None else []
        return {"SM": _Storage(sim), "ME": _Storage(self.me), "MT": _Storage(sim, self.me)}[name]

    def _apply_storage_fault(self) -> None:
        """The storage_full fault: the SIM is full of old received messages (clearable)."""
        if not self.faults.storage_full:
            self._filled_for_fault = False
            return
        if self._filled_for_fault or self.sim is None:
            return
        self._filled_for_fault = True
        moment = datetime(2024, 1, 1, 12, 0, tzinfo=MSK)
        for i, slot in enumerate(self.sim.slots):
            if slot is None:
                (pdu,) = encode_deliver("+70000000000", f"old message {i + 1}", moment)
                self.sim.slots[i] = Slot(MessageStatus.REC_READ, pdu.data)

    # -- the network side ---------------------------------------------------------------------------------
    def receive_sms(self, sender: str, text: str) -> None:
        """An SMS for this modem's SIM arrives from the network."""
        self.waiting.append((sender, text))
        self._store_waiting()

    def _store_waiting(self) -> None:
        self._apply_storage_fault()
        while self.waiting:
            sender, text = self.waiting[0]
            self._reference = (self._reference + 1) & 0xFF
            now = datetime.now(MSK).replace(microsecond=0)
            pdus = encode_deliver(sender, text, now, concat_reference=self._reference)
            try:
                storage = self.storage(self.memories[2])
            except CommandFailed:
                return
            if len(storage) - storage.used() < len(pdus):
                return  # memory capacity exceeded: the network keeps it and retries later
            self.waiting.pop(0)
            for pdu in pdus:
                index = storage.store(Slot(MessageStatus.REC_UNREAD, pdu.data))
                self._urc(f'+CMTI: "{self.memories[2]}",{index}')

    def receive_status_report(
        self, reference: int, recipient: str, submitted: datetime, discharged: datetime, status: int
    ) -> None:
        """The service centre reports on an SMS this modem sent (see the module docstring)."""
        pdu = encode_status_report(reference, recipient, submitted, discharged, status)
        if self.cnmi_ds == 1:
            self._emit(f"\r\n+CDS: {pdu.tpdu_length}\r\n{pdu.hex}\r\n".encode())
        elif self.cnmi_ds == 2:
            self._apply_storage_fault()
            try:
                storage = self.storage(self.memories[2])
            except CommandFailed:
                return
            index = storage.store(Slot(MessageStatus.REC_UNREAD, pdu.data))
            if index is not None:
                self._emit(f'\r\n+CDSI: "{self.memories[2]}",{index}\r\n'.encode())

    def _urc(self, line: str) -> None:
        if self.cnmi_mt != 1:
            return
        self._emit(f"\r\n{line}\r\n".encode())

    def _emit(self, data: bytes) -> None:
        """An unsolicited result code: now, or after the command that is running."""
        if self._busy:
            self._pending_urcs.append(data)
        else:
            for endpoint in list(self._sessions):
                asyncio.get_running_loop().create_task(self._write(endpoint, data))

    # -- the AT side -----------------------------------------------------------------------------------------
    async def _write(self, endpoint: Endpoint, data: bytes, *, reply: bool = True) -> None:
        async with self._write_lock:
            with contextlib.suppress(ConnectionClosedByFault, ConnectionError, OSError):
                await endpoint.write(data, reply=reply)

    async def serve(self, endpoint: Endpoint) -> None:
        """A simulators.transport handler: one AT session."""
        self._sessions.add(endpoint)
        buffer = bytearray()
        scanned = 0  # bytes of the buffer already searched for a terminator
        prompt_for: str | None = None
        try:
            while data := await endpoint.read():
                buffer += data
                while True:
                    if prompt_for is not None:
                        found = _DATA_END.search(buffer, scanned)
                        if found is None:
                            scanned = len(buffer)
                            break
                        end, scanned = found.start(), 0
                        body, terminator = bytes(buffer[:end]), bytes(buffer[end : end + 1])
                        del buffer[: end + 1]
                        command, prompt_for = prompt_for, None
                        if self.echo and body:  # typed after the prompt: echoed as it comes
                            await self._write(endpoint, body, reply=False)
                        if terminator == b"\x1a":
                            await self._finish(endpoint, await self._run_with_data(command, body))
                        else:
                            self._busy = False  # ESC: abandoned without an answer
                            await self._flush_urcs(endpoint)
                        continue
                    found = _LINE_END.search(buffer, scanned)
                    if found is None:
                        scanned = len(buffer)
                        break
                    end, scanned = found.start(), 0
                    line = bytes(buffer[:end]).strip()
                    del buffer[: end + 1]
                    text = line.decode("ascii", "replace").strip("\x1a\x1b ")
                    if not text:
                        continue
                    if self.echo:
                        await self._write(endpoint, text.encode() + b"\r", reply=False)
                    self._busy = True
                    if self._needs_prompt(text):
                        prompt_for = text
                        await self._write(endpoint, b"\r\n> ")
                        continue
                    await self._finish(endpoint, await self._run(text))
        finally:
            self._sessions.discard(endpoint)
            self._busy = False

    async def _finish(self, endpoint: Endpoint, response: bytes) -> None:
        await self._write(endpoint, response)
        self._busy = False
        await self._flush_urcs(endpoint)

    async def _flush_urcs(self, endpoint: Endpoint) -> None:
        pending, self._pending_urcs = self._pending_urcs, []
        for data in pending:
            await self._write(endpoint, data)

    def _needs_prompt(self, text: str) -> bool:
        upper = text.upper()
        return (upper.startswith(("AT+CMGS=", "AT+CMGW=")) and self.pdu_mode and self._prompt_allowed(upper)
                and self.sim is not None and self.readiness.sim_refusal() is None)

    def _prompt_allowed(self, upper: str) -> bool:
        fields = split_fields(upper.split("=", 1)[1])
        return bool(fields) and fields[0].isascii() and fields[0].isdigit()

    def _error(self, cms: int | None) -> bytes:
        if cms is None or self.cmee == 0:
            return b"\r\nERROR\r\n"
        return f"\r\n+CMS ERROR: {cms}\r\n".encode() if cms >= 300 else f"\r\n+CME ERROR: {cms}\r\n".encode()

    def _ok(self, *lines: str) -> bytes:
        lines = self.readiness.noisy(lines)
        return b"".join(f"\r\n{line}\r\n".encode() for line in lines) + b"\r\nOK\r\n"

    async def _run(self, text: str) -> bytes:
        try:
            return await self._dispatch(text)
        except CommandFailed as failed:
            return self._error(failed.cms)

    async def _run_with_data(self, command: str, body: bytes) -> bytes:
        try:
            return await self._with_pdu(command, body)
        except CommandFailed as failed:
            return self._error(failed.cms)

    async def _dispatch(self, text: str) -> bytes:
        upper = text.upper()
        if not upper.startswith("AT"):
            raise CommandFailed()
        body = upper[2:]
        simple = {
            "": self._ok(),
            "I": self._ok("SIMULATED VGSM-900", "Revision: 1.0.0"),
            "+CGMI": self._ok("SIMULATED"),
            "+CGMM": self._ok("VGSM-900"),
            "+CGMR": self._ok("Revision: 1.0.0"),
            "+CGSN": self._ok(self.imei),
            "+CMGF?": self._ok(f"+CMGF: {0 if self.pdu_mode else 1}"),
            "+CPMS=?": self._ok('+CPMS: ("SM","ME","MT"),("SM","ME","MT"),("SM","ME","MT")'),
        }
        if body in simple:
            return simple[body]
        network = self._network_answer(body)
        if network is not None:
            return network
        if body in ("E0", "E1"):
            self.echo = body == "E1" or self.conditions.sticky_echo
            return self._ok()
        if body in ("Z", "&F"):
            self.echo, self.cmee, self.cnmi_mt, self.cnmi_ds = True, 0, 0, 0
            return self._ok()
        if body.startswith("+CMEE="):
            self.cmee = self._int(body[6:], 0, 2)
            return self._ok()
        if body.startswith("+CMGF="):
            if self._int(body[6:], 0, 1) != 0:
                raise CommandFailed(CMS_NOT_SUPPORTED)  # text mode is not simulated
            return self._ok()
        if body.startswith("+CNMI="):
            fields = split_fields(body[6:])
            mt = self._int(fields[1], 0, 3) if len(fields) > 1 and fields[1] else 0
            ds = self._int(fields[3], 0, 2) if len(fields) > 3 and fields[3] else 0
            if ds not in self.report_modes:
                raise CommandFailed(CMS_NOT_SUPPORTED)
            self._need_sim()  # a strict modem: no SMS indications before the SIM is ready
            self.cnmi_mt, self.cnmi_ds = mt, ds
            return self._ok()
        if body == "+CSMP?":
            return self._ok(f"+CSMP: {self.csmp}")
        if body.startswith("+CSMP="):
            self.csmp = body[6:]
            return self._ok()
        if body.startswith("+CPMS"):
            return self._cpms(body[5:])
        if body.startswith("+CMGL"):
            return self._cmgl(body[5:])
        if body.startswith("+CMGR="):
            return self._cmgr(self._int(body[6:], 0, 10000))
        if body.startswith("+CMGD="):
            return self._cmgd(body[6:])
        if body.startswith("+CMSS="):
            return await self._cmss(self._int(split_fields(body[6:])[0], 0, 10000))
        if body.startswith(("+CMGS=", "+CMGW=")):  # no prompt was given: why
            raise CommandFailed(310 if self.sim is None else self.readiness.sim_refusal())
        raise CommandFailed()

    def _need_sim(self) -> None:
        if self.sim is None:
            raise CommandFailed(310)
        self.readiness.need_sim()

    def _network_answer(self, body: str) -> bytes | None:
        """The SIM, the network and the service centre (simulators.modem_readiness)."""
        readiness = self.readiness
        if body.startswith(("+CPINR", "+QPINC", "^CPIN")):
            if self.sim is None:
                raise CommandFailed(310)
            return self._ok(readiness.tries_answer(body))
        if body.startswith("+CPIN"):
            if self.sim is None:
                raise CommandFailed(310)
            if body == "+CPIN?":
                return self._ok(readiness.cpin_query())
            if body.startswith("+CPIN="):
                readiness.enter_pin(body[6:])
                return self._ok()
            return None
        answers: dict[str, Callable[[], str]] = {
            "+CREG?": readiness.creg, "+CEREG?": readiness.cereg, "+COPS?": readiness.cops, "+CSQ": readiness.csq,
        }
        if body in answers:
            return self._ok(answers[body]())
        if body == "+CSCA?":
            self._need_sim()
            return self._ok(readiness.csca_query())
        if body.startswith("+CSCA="):
            self._need_sim()
            readiness.csca_set(body[6:])
            return self._ok()
        return None

    @staticmethod
    def _int(token: str, low: int, high: int) -> int:
        token = token.strip()
        if not (token.isascii() and token.isdigit()) or not low <= int(token) <= high:
            raise CommandFailed(CMS_NOT_ALLOWED)
        return int(token)

    def _usage(self, name: str) -> tuple[int, int]:
        storage = self.storage(name)
        return storage.used(), len(storage)

    def _cpms(self, rest: str) -> bytes:
        self._apply_storage_fault()
        if rest == "?":
            fields = []
            for name in self.memories:
                used, total = self._usage(name)
                fields.append(f'"{name}",{used},{total}')
            return self._ok("+CPMS: " + ",".join(fields))
        if not rest.startswith("="):
            raise CommandFailed()
        names = [n.strip().upper() for n in split_fields(rest[1:])]
        if not 1 <= len(names) <= 3 or any(n not in ("SM", "ME", "MT") for n in names):
            raise CommandFailed(CMS_NOT_ALLOWED)
        for name in names:
            self.storage(name)  # no SIM → 310
        self.memories[: len(names)] = names
        usages = [self._usage(n) for n in self.memories]
        self._store_waiting()
        return self._ok("+CPMS: " + ",".join(f"{u},{t}" for u, t in usages))

    def _cmgl(self, rest: str) -> bytes:
        self._apply_storage_fault()
        wanted = self._int(rest[1:], 0, 4) if rest.startswith("=") else 0
        lines: list[str] = []
        storage = self.storage(self.memories[0])
        for index, slot in storage.items():
            if wanted == 4 or int(slot.status) == wanted:
                length = len(slot.pdu) - slot.pdu[0] - 1
                lines += [f"+CMGL: {index},{int(slot.status)},,{length}", slot.pdu.hex().upper()]
                if slot.status is MessageStatus.REC_UNREAD:
                    slot.status = MessageStatus.REC_READ
        return self._ok(*lines)

    def _slot_index(self, storage: _Storage, index: int) -> int:
        if not 1 <= index <= len(storage):
            raise CommandFailed(CMS_INVALID_INDEX)
        return index

    def _cmgr(self, index: int) -> bytes:
        storage = self.storage(self.memories[0])
        slot = storage.get(self._slot_index(storage, index))
        if slot is None:
            return self._ok()
        line = f"+CMGR: {int(slot.status)},,{len(slot.pdu) - slot.pdu[0] - 1}"
        if slot.status is MessageStatus.REC_UNREAD:
            slot.status = MessageStatus.REC_READ
        return self._ok(line, slot.pdu.hex().upper())

    def _cmgd(self, rest: str) -> bytes:
        fields = split_fields(rest)
        storage = self.storage(self.memories[0])
        flag = self._int(fields[1], 0, 4) if len(fields) > 1 and fields[1] else 0
        if flag == 0:
            storage.set(self._slot_index(storage, self._int(fields[0], 0, 10000)), None)
        else:
            doomed = {1: {1}, 2: {1, 3}, 3: {1, 2, 3}, 4: {0, 1, 2, 3}}[flag]
            for index, slot in storage.items():
                if int(slot.status) in doomed:
                    storage.set(index, None)
        self._store_waiting()  # freed memory: the network delivers what it kept
        return self._ok()

    async def _cmss(self, index: int) -> bytes:
        storage = self.storage(self.memories[1])
        slot = storage.get(self._slot_index(storage, index))
        if slot is None or slot.status.received:
            raise CommandFailed(CMS_INVALID_INDEX)
        reference = await self._submit(slot.pdu)
        slot.status = MessageStatus.STO_SENT
        return self._ok(f"+CMSS: {reference}")

    async def _with_pdu(self, command: str, body: bytes) -> bytes:
        fields = split_fields(command.split("=", 1)[1])
        length = int(fields[0])
        try:
            pdu = bytes.fromhex(body.decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            raise CommandFailed(CMS_INVALID_PDU) from None
        if not pdu or len(pdu) != pdu[0] + 1 + length:
            raise CommandFailed(CMS_INVALID_PDU)
        if command.upper().startswith("AT+CMGS"):
            return self._ok(f"+CMGS: {await self._submit(pdu)}")
        status = self._int(fields[1], 0, 3) if len(fields) > 1 and fields[1] else int(MessageStatus.STO_UNSENT)
        try:
            decode_pdu(pdu, direction="mt" if status < 2 else "mo")
        except ProtocolError:
            raise CommandFailed(CMS_INVALID_PDU) from None
        self._apply_storage_fault()
        index = self.storage(self.memories[1]).store(Slot(MessageStatus(status), pdu))
        if index is None:
            raise CommandFailed(MEMORY_FULL)
        return self._ok(f"+CMGW: {index}")

    async def _submit(self, pdu: bytes) -> int:
        if self.sim is None:
            raise CommandFailed(310)
        try:
            sms = decode_pdu(pdu, direction="mo")
        except ProtocolError:
            raise CommandFailed(CMS_INVALID_PDU) from None
        assert isinstance(sms, SmsSubmit)
        refusal = self.readiness.submission_refusal(pdu_has_smsc=pdu[0] != 0)
        if refusal is not None:
            raise CommandFailed(refusal)
        await asyncio.sleep(self.submit_time)
        self._reference = (self._reference + 1) & 0xFF
        self.submitted.append((sms.destination, sms.text))
        if self.network is not None:
            report = self._reference if sms.status_report_request else None
            self.network.submit(self.sim.phone, sms.destination, sms.text, sms.concat, report_reference=report)
        return self._reference
