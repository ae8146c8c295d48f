"""A virtual communication module: settings, text SMS commands, our binary frames, status.

One object is the module inside one meter. Its settings start from the catalogue defaults
(administrator password 12345678, user password 0000) and are changed by

- text SMS commands (:meth:`handle_sms`, through the catalogue's SMS command processor),
- a Master SIM at power-up (:meth:`boot`: the configuration SMS stored on the SIM are applied;
  a later configuration by SMS deletes them — :meth:`consume_sim_deletion` tells the modem
  simulator when; manuals 000 §7.4.2, 001 §6.4.2),
- our binary frames (:meth:`process`, docs/protocols/module-frames.md) over TCP/IP, the module's
  serial port, a CENC relay or the direct channel through the meter.

Written settings are stored at once (a read returns them) and take effect at the next restart,
as the MODE SMS command and the binary RestartRequest cause; status replies describe the settings
in effect. A restart happens after its reply has been produced.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypedDict

from protocols.errors import ProtocolError
from protocols.module import module_frames
from protocols.module.error_codes import (
    INVALID_COMMAND,
    INVALID_VALUE,
    LENGTH_MISMATCH,
    UNKNOWN_PARAMETER,
    WRONG_PASSWORD,
)
from protocols.module.module_frames import (
    ErrorReply,
    ExtendedStatusReply,
    ExtendedStatusRequest,
    Frame,
    FrameError,
    FrameReader,
    IccidReply,
    IccidRequest,
    ImeiReply,
    ImeiRequest,
    IpReply,
    IpRequest,
    Ipv6Reply,
    Ipv6Request,
    ParamReadResult,
    ParamWriteResult,
    ReadParamsReply,
    ReadParamsRequest,
    RestartReply,
    RestartRequest,
    StatusReply,
    StatusRequest,
    WriteParamsReply,
    WriteParamsRequest,
)
from protocols.params import catalogue
from protocols.params.catalogue import Kind
from protocols.params.module_types import ModuleType
from protocols.params.param_values import decode_value, encode_value, value_size
from protocols.sms.sms_commands import parse_sms_reply
from protocols.sms.sms_processor import SmsCommandProcessor
from simulators.module_identity import ModuleIdentity, make_identity
from simulators.module_radio import RadioState, StatusCodes, draw_radio, status_codes
from simulators.transport import Endpoint, loop_clock

#: Write-only parameters: the module keeps them as its passwords and reads them back as empty.
PASSWORD_KEYS = ("new_admin_password", "user_password")


class _InfoHead(TypedDict):
    """The fields every information reply starts with (see module_frames.ModuleInfoReply)."""

    seq: int
    status: int
    system_address: str
    version: str


class VirtualModule:
    def __init__(
        self,
        module_type: ModuleType | str,
        *,
        serial: str = "012345678901234",
        meter_type: str = "CE308",
        phone: str | None = None,
        seed: int = 0,
        sim_present: bool = True,
        restart_time: float = 0.2,
        unknown_commands: frozenset[str] = frozenset(),
        clock: Callable[[], float] = loop_clock,
    ) -> None:
        """``unknown_commands``: SMS commands this module's firmware lacks (it answers them 0x06),
        e.g. the configurator's own commands, which a vendor module does not know."""
        self.module_type = module_type if isinstance(module_type, ModuleType) else ModuleType.from_id(module_type)
        self.serial, self.meter_type, self.phone = serial, meter_type, phone
        self.restart_time = restart_time  # seconds the module is deaf while it restarts
        self.clock = clock
        self.rng = random.Random(seed)
        self.identity: ModuleIdentity = make_identity(self.module_type, self.rng)
        self._sms = SmsCommandProcessor(self.module_type, meter_type=meter_type, serial=serial,
                                        unknown_commands=unknown_commands)
        self._sim_present = sim_present
        self.active: dict[str, object] = dict(self.values)  # the settings in effect since the last restart
        self.radio: RadioState = draw_radio(self.module_type, self.active, self.rng, sim_present)
        self._reader = FrameReader()
        self.sim_settings_active = False  # the settings in effect came from a Master SIM
        self._sim_deletion_pending = False
        self.restarts = 0
        self.ready_at = 0.0  # time on ``clock`` the module finishes starting after its last restart
        self.sessions = 0  # open frame sessions (a connected TCP client in Server mode)
        self.bytes_received = 0
        self.frames_received: list[Frame] = []
        self.sms_received: list[tuple[str, str | None]] = []
        self.restart_listeners: list[Callable[[], None]] = []
        self._restarted_in_process = False
        self.reads_refused = False  # fault: parameter reads answered 0x06 (a firmware without them)
        self.silent = False  # fault: frames are neither processed nor answered (radio lost; simulators.fleet_behaviour)
        self.reply_delay: Callable[[], Awaitable[float]] | None = None  # awaited before each reply (GPRS latency)

    # -- settings ------------------------------------------------------------------------
    @property
    def values(self) -> dict[str, object]:
        """The stored settings (the same dict the SMS commands change)."""
        return self._sms.values

    @property
    def admin_password(self) -> str:
        return self._sms.admin_password

    @property
    def user_password(self) -> str:
        return self._sms.user_password

    def set_admin_password(self, password: str) -> None:
        """As if configured earlier with another administrator password (in force at once)."""
        self._sms.admin_password = password

    async def answer(self, data: bytes) -> bytes:
        """The reply to received bytes as the module sends it: after its reply delay; nothing when silent."""
        if self.silent:
            return b""
        reply = self.process(data)
        if reply and self.reply_delay is not None:
            await self.reply_delay()
        return reply

    def restart(self) -> None:
        """Apply the stored settings (as a power cycle does, without reading the SIM again)."""
        self.restarts += 1
        self._sms.restart()  # new passwords set by SMS come into force
        self.ready_at = self.clock() + self.restart_time  # deaf until then, to every new session too
        self.active = dict(self.values)
        self.radio = draw_radio(self.module_type, self.active, self.rng, self._sim_present)
        self._reader = FrameReader()  # whatever was half-received is lost
        for listener in list(self.restart_listeners):
            listener()

    # -- SMS and Master SIM ----------------------------------------------------------------
    def handle_sms(self, text: str, sender: str | None) -> str | None:
        """The reply SMS to a text command, or None when nothing is to be sent back."""
        self.sms_received.append((text, sender))
        if not text.strip():
            return None
        before = self._settings_snapshot()
        reply = self._sms.handle(text, sender)
        configured = self._settings_snapshot() != before or self._sms.reboot_requested
        if configured and _reply_ok(reply) and self.sim_settings_active:
            self.sim_settings_active = False  # 001 §6.4.2: configuring by SMS deletes the SIM's settings
            self._sim_deletion_pending = True
        if self._sms.reboot_requested:
            self._sms.reboot_requested = False
            self.restart()
        return reply

    def boot(self, sim_messages: list[str]) -> None:
        """Power-up with a SIM holding configuration SMS (Master SIM): apply them, then start."""
        applied = 0
        for text in sim_messages:
            if text.strip() and _reply_ok(self._sms.handle(text, None)):
                applied += 1
        self._sms.reboot_requested = False
        self.sim_settings_active = applied > 0
        self._sim_deletion_pending = False
        self.restart()

    def consume_sim_deletion(self) -> bool:
        """True once after an SMS configuration that must delete the settings stored on the SIM."""
        pending, self._sim_deletion_pending = self._sim_deletion_pending, False
        return pending

    def _settings_snapshot(self) -> tuple[object, ...]:
        return (tuple(sorted(self.values.items(), key=lambda kv: kv[0])), self.admin_password, self.user_password)

    # -- binary frames -----------------------------------------------------------------------
    def process(self, data: bytes) -> bytes:
        """Feed received bytes; returns the reply bytes for every complete request (maybe b"").

        Never raises on bad input: frames with a bad CRC are ignored (as line noise), a good frame
        with an unknown command or a malformed payload gets an ErrorReply with the Appendix A code.
        """
        self.bytes_received += len(data)
        self._restarted_in_process = False
        self._reader.feed(data)
        out = bytearray()
        while True:
            try:
                frame = self._reader.next_frame()
            except FrameError as error:
                if error.device_error is not None and error.command is not None and error.seq is not None:
                    if not error.command & module_frames.REPLY_FLAG:
                        out += module_frames.encode(ErrorReply(seq=error.seq, command=error.command,
                                                               error=error.device_error))
                continue
            if frame is None:
                return bytes(out)
            self.frames_received.append(frame)
            reply, restart = self._answer(frame)
            if reply is not None:
                out += module_frames.encode(reply)
            if restart:
                self._restarted_in_process = True
                self.restart()  # after the reply: the rest of the buffer is lost with the restart
                return bytes(out)

    def _answer(self, frame: Frame) -> tuple[Frame | None, bool]:
        seq = frame.seq
        if isinstance(frame, (ReadParamsRequest, WriteParamsRequest, RestartRequest)):
            if frame.password != self.admin_password:
                return ErrorReply(seq=seq, command=frame.COMMAND, error=WRONG_PASSWORD), False
        codes = self._codes(poll=isinstance(frame, ExtendedStatusRequest))
        info = _InfoHead(seq=seq, status=codes.status, system_address=self.identity.system_address,
                         version=self.identity.version)
        if isinstance(frame, StatusRequest):
            return StatusReply(**info), False
        if isinstance(frame, ExtendedStatusRequest):
            return ExtendedStatusReply(
                **info, gprs=codes.gprs, registration=codes.registration, band=codes.band,
                signal=self.radio.signal if self._sim_present else 0, sim=codes.sim,
                meter_link=codes.meter_link, http_loader=codes.http_loader, mqtt_client=codes.mqtt_client,
                mqtt_loader=codes.mqtt_loader,
                transceiver_firmware=str(self.identity.transceiver_version) if self.module_type.is_nb_iot else "",
            ), False  # fmt: skip
        if isinstance(frame, ImeiRequest):
            return ImeiReply(**info, imei=self.identity.imei), False
        if isinstance(frame, IpRequest):
            return IpReply(**info, ip=self.identity.ipv4 if codes.internet else None), False
        if isinstance(frame, Ipv6Request):
            if not self.module_type.is_nb_iot:
                return ErrorReply(seq=seq, command=frame.COMMAND, error=INVALID_COMMAND), False
            return Ipv6Reply(**info, ipv6=self.identity.ipv6 if codes.internet else None), False
        if isinstance(frame, IccidRequest):
            return IccidReply(**info, iccid=self.identity.iccid if self._sim_present else ""), False
        if isinstance(frame, ReadParamsRequest):
            if self.reads_refused:
                return ErrorReply(seq=seq, command=frame.COMMAND, error=INVALID_COMMAND), False
            return ReadParamsReply(seq=seq, status=codes.status, results=tuple(map(self._read, frame.codes))), False
        if isinstance(frame, WriteParamsRequest):
            results = self._write(frame)
            return WriteParamsReply(seq=seq, status=codes.status, results=results), False
        if isinstance(frame, RestartRequest):
            return RestartReply(seq=seq, status=codes.status), True
        return ErrorReply(seq=seq, command=frame.COMMAND, error=INVALID_COMMAND), False  # a reply sent to us

    def _codes(self, *, poll: bool = False) -> StatusCodes:
        if poll:
            self.radio.drift(self.rng)
        return status_codes(self.module_type, self.active, self.radio, client_connected=self.sessions > 0)

    def _parameter(self, code: int) -> catalogue.Parameter | None:
        try:
            param = catalogue.parameter_by_code(code)
        except KeyError:
            return None
        return param if self.module_type in param.modules else None

    def _read(self, code: int) -> ParamReadResult:
        param = self._parameter(code)
        if param is None:
            return ParamReadResult(code=code, result=UNKNOWN_PARAMETER, value=b"")
        if param.key in PASSWORD_KEYS:
            return ParamReadResult(code=code, result=module_frames.RESULT_OK, value=b"")
        value = encode_value(param, self.values[param.key])
        return ParamReadResult(code=code, result=module_frames.RESULT_OK, value=value)

    def _write(self, frame: WriteParamsRequest) -> tuple[ParamWriteResult, ...]:
        results: list[ParamWriteResult] = []
        changes: dict[str, object] = {}
        for entry in frame.values:
            result, value, key = self._check_entry(entry.code, entry.value)
            results.append(ParamWriteResult(code=entry.code, result=result))
            if result == module_frames.RESULT_OK:
                changes[key] = value
        for key, value in changes.items():
            if key == "new_admin_password":
                self._sms.admin_password = str(value)  # in force for the next request
            elif key == "user_password":
                self._sms.user_password = str(value)
            else:
                self.values[key] = value
        return tuple(results)

    def _check_entry(self, code: int, raw: bytes) -> tuple[int, object, str]:
        param = self._parameter(code)
        if param is None:
            return UNKNOWN_PARAMETER, None, ""
        low, high = value_size(param)
        if not low <= len(raw) <= high:
            return LENGTH_MISMATCH, None, param.key
        try:
            value = decode_value(param, raw)
        except ProtocolError:
            return INVALID_VALUE, None, param.key
        if catalogue.check_value(param, value, self.module_type):
            return INVALID_VALUE, None, param.key
        if param.kind is Kind.PASSWORD and param.key in PASSWORD_KEYS and not value:
            return INVALID_VALUE, None, param.key  # an empty new password would lock the module out
        return module_frames.RESULT_OK, value, param.key

    # -- a frame session over a real transport -----------------------------------------------
    async def serve(self, endpoint: Endpoint) -> None:
        """simulators.transport handler: answer frames until the peer hangs up or the module restarts.

        A restart ends the session after its reply (a TCP client is disconnected; on the serial
        port the module is deaf for ``restart_time`` seconds). A session that begins while the
        module is still starting gets no answer and is dropped when the start is over.
        """
        starting = self.ready_at - self.clock()
        if starting > 0:
            await asyncio.sleep(starting)
            return
        self.sessions += 1
        try:
            while data := await endpoint.read():
                reply = await self.answer(data)
                if reply:
                    await endpoint.write(reply)
                if self._restarted_in_process:
                    self._restarted_in_process = False
                    await asyncio.sleep(self.restart_time)
                    return
        finally:
            self.sessions -= 1


def _reply_ok(reply: str) -> bool:
    try:
        return parse_sms_reply(reply).ok
    except ProtocolError:
        return False
