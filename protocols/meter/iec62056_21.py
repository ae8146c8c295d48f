"""IEC 62056-21 (ГОСТ IEC 61107-2011) mode C framing, the meters' optical and RS-485 protocol.

A programming session, as seen on the line (7E1, initial speed 9600 for our use):

    → /?!CR LF                       sign-on (optionally with a device address)
    ← /EKT5CE308v11CR LF             identification: 3-letter maker, baud char, identification
    → ACK 0 Z 1 CR LF                option select: protocol 0, speed char Z, mode 1 = programming
    ← SOH P0 STX (serial) ETX BCC    password prompt, already at the new speed
    → SOH P1 STX (password) ETX BCC  password
    ← ACK                            accepted (NAK or an error message: refused)
    → SOH R1 STX ADDR(value) ETX BCC / SOH W1 STX ADDR(value) ETX BCC
    ← STX ADDR(value) ETX BCC / ACK
    → SOH B0 ETX BCC                 break: the meter returns to the initial speed

BCC is the XOR of every byte after the first SOH or STX up to and including ETX (or EOT of a
partial block). Every byte on the line is 7-bit: the UART's parity bit makes the eighth.
The decoders are incremental (``decode_*(buffer) -> (consumed, frame | None)``), skip noise
before a start character and raise :class:`ProtocolError` only for a complete frame that is
malformed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from protocols.errors import DeviceError, ProtocolError
from protocols.text import Text

SOH, STX, ETX, EOT, ACK, NAK = 0x01, 0x02, 0x03, 0x04, 0x06, 0x15
CRLF = b"\r\n"

#: mode C baud-rate characters (identification "Z" and option select)
BAUD_BY_CHAR: dict[str, int] = {"0": 300, "1": 600, "2": 1200, "3": 2400, "4": 4800, "5": 9600, "6": 19200}
CHAR_BY_BAUD = {baud: char for char, baud in BAUD_BY_CHAR.items()}
INITIAL_BAUD = 9600  # the meters' optical port initial speed required by the direct channel

MAX_IDENTIFICATION = 32  # the standard allows 16 characters; some meters send more

# Reaction time tr: a meter answers a message no sooner than 200 ms after it (no later than
# 1500 ms), or no sooner than 20 ms when the third letter of its manufacturer code is lower case.
# The reader keeps the same turnaround after each meter message before it sends: half-duplex
# RS-485 and optical heads lose bytes sent while the line is still turning round.
REACTION_TIME = 0.200
FAST_REACTION_TIME = 0.020
MAX_REACTION_TIME = 1.5

# How the line gets its 7E1: "hardware": the port's UART (or a TCP-to-serial converter) makes the
# parity bit and our bytes are the 7 data bits; "software": the port runs 8N1 and the parity bit
# is computed here (the same bits on the wire); "auto": software on pty pairs and pyserial URLs
# (socket://), the port's own 7E1 on COM ports that accept it.
PARITY_MODES = ("auto", "software", "hardware")
MAX_MESSAGE = 4096  # longest message we accept before declaring the line garbled

_MODE_PROGRAMMING = "1"
_DATA_SET = re.compile(rb"([^()]*)\(([^()]*)\)")
_FORBIDDEN_IN_VALUE = set(b"()*/!")


# -- frames ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignOn:
    """``/?address!CR LF`` from the reader."""

    address: str = ""


@dataclass(frozen=True)
class Identification:
    """``/XXXZ<ident>CR LF`` from the meter."""

    manufacturer: str
    baud_char: str
    ident: str

    @property
    def baudrate(self) -> int:
        return BAUD_BY_CHAR[self.baud_char]

    @property
    def reaction_time(self) -> float:
        """The minimum reaction time this meter announces (the third letter of its maker's code)."""
        return FAST_REACTION_TIME if self.manufacturer[2:3].islower() else REACTION_TIME


@dataclass(frozen=True)
class OptionSelect:
    """``ACK V Z Y CR LF``: protocol control V, speed Z, mode Y ("0" readout, "1" programming)."""

    baud_char: str
    mode: str = _MODE_PROGRAMMING
    protocol: str = "0"


@dataclass(frozen=True)
class Command:
    """``SOH C D STX data ETX BCC`` (``SOH B0 ETX BCC`` has no data): P0/P1/R1/W1/B0 …"""

    command: str  # "P", "W", "R", "E", "B"
    kind: str  # "0".."6"
    data: bytes = b""

    @property
    def name(self) -> str:
        return self.command + self.kind


@dataclass(frozen=True)
class DataMessage:
    """``STX data ETX BCC`` from the meter; ``partial`` when it ended with EOT (more blocks follow)."""

    data: bytes
    partial: bool = False

    @property
    def error(self) -> str | None:
        """The meter's error text when the message is ``(ERRnn)``-style, else None."""
        sets = parse_data_sets(self.data) if self.data.startswith(b"(") else []
        if len(sets) == 1 and not sets[0].address and sets[0].value.upper().startswith("ERR"):
            return sets[0].value
        return None


class MeterRefusal(DeviceError):
    """The meter answered an exchange with ``(ERRnn)``: it does not pass our bytes to the module.

    ``code`` is the meter's ``nn`` (0 when not a number) — not an Appendix A code of the module.
    """

    def __init__(self, error: str) -> None:
        digits = error[3:]
        super().__init__(
            int(digits) if digits.isascii() and digits.isdigit() else 0,
            Text(
                f"Счётчик отказал в обмене с модулем связи (ответ {error}). Проверьте, что тип и версия ПО "
                "счётчика поддерживают прямой канал к модулю; для счётчиков СПОДЭС выберите протокол СПОДЭС.",
                f"The meter refused the exchange with the communication module (answer {error}). Check that the "
                "meter type and firmware support the direct channel to the module; for СПОДЭС meters choose "
                "the СПОДЭС protocol.",
            ),
        )
        self.meter_error = error


@dataclass(frozen=True)
class Ack:
    pass


@dataclass(frozen=True)
class Nak:
    pass


Reply = Ack | Nak | DataMessage | Command
Request = SignOn | OptionSelect | Command | Ack | Nak


@dataclass(frozen=True)
class DataSet:
    """``address(value*unit)``."""

    address: str
    value: str
    unit: str = ""

    def encode(self) -> bytes:
        for part in (self.address, self.value, self.unit):
            _check_7bit_text(part)
        if any(c in _FORBIDDEN_IN_VALUE for c in self.value.encode()) or "(" in self.address:
            raise ProtocolError(Text("Недопустимый символ в наборе данных", "Forbidden character in a data set"))
        unit = f"*{self.unit}" if self.unit else ""
        return f"{self.address}({self.value}{unit})".encode("ascii")


# -- encoders ----------------------------------------------------------------------------
def bcc(data: bytes) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


def encode_sign_on(address: str = "") -> bytes:
    _check_7bit_text(address)
    return f"/?{address}!".encode("ascii") + CRLF


def encode_identification(ident: Identification) -> bytes:
    return f"/{ident.manufacturer}{ident.baud_char}{ident.ident}".encode("ascii") + CRLF


def encode_option_select(option: OptionSelect) -> bytes:
    return bytes([ACK]) + f"{option.protocol}{option.baud_char}{option.mode}".encode("ascii") + CRLF


def encode_command(command: Command) -> bytes:
    _check_7bit(command.data)
    head = bytes([SOH]) + f"{command.command}{command.kind}".encode("ascii")
    body = head[1:] + (bytes([STX]) + command.data if command.data or command.command != "B" else b"")
    body += bytes([ETX])
    return bytes([SOH]) + body + bytes([bcc(body)])


def encode_data_message(message: DataMessage) -> bytes:
    _check_7bit(message.data)
    body = message.data + bytes([EOT if message.partial else ETX])
    return bytes([STX]) + body + bytes([bcc(body)])


def password_command(password: str) -> Command:
    """P1 with the meter access password in a data set without address: ``(777777)``."""
    return Command("P", "1", DataSet("", password).encode())


BREAK = Command("B", "0")


# -- 7E1 in software -------------------------------------------------------------------
# A 7E1 character (start, 7 data bits, even parity, stop) is bit for bit an 8N1 character whose
# eighth bit is the parity bit. Ports that refuse 7E1 (pty pairs, some USB adapters, TCP
# bridges) therefore carry 7E1 as 8N1 with the parity bit computed here — the option other
# tools call "software 7-E-1 parity control".
PARITY_ERROR = 0xFF  # stands for a character received with a wrong parity bit (never valid)
_WITH_PARITY = bytes((b & 0x7F) | (0x80 if bin(b & 0x7F).count("1") % 2 else 0) for b in range(256))
_CHECKED = bytes(b & 0x7F if _WITH_PARITY[b & 0x7F] == b else PARITY_ERROR for b in range(256))


def add_even_parity(data: bytes) -> bytes:
    """7-bit characters → 8-bit bytes whose top bit is the even-parity bit."""
    return data.translate(_WITH_PARITY)


def strip_even_parity(data: bytes) -> bytes:
    """8-bit bytes → 7-bit characters; a byte with wrong parity becomes PARITY_ERROR (0xFF)."""
    return data.translate(_CHECKED)


# -- data sets ---------------------------------------------------------------------------
def parse_data_sets(data: bytes) -> list[DataSet]:
    """``ADDR(value*unit)ADDR(value)…`` (lines may be separated by CR LF) into data sets."""
    result: list[DataSet] = []
    position = 0
    text = data.replace(CRLF, b"")
    while position < len(text):
        match = _DATA_SET.match(text, position)
        if match is None:
            raise ProtocolError(
                Text(
                    f"Неверный набор данных: {text[position : position + 40]!r}",
                    f"Malformed data set: {text[position : position + 40]!r}",
                )
            )
        address, content = match.group(1), match.group(2)
        _check_7bit(address + content)
        value, _, unit = content.partition(b"*")
        result.append(DataSet(address.decode("ascii"), value.decode("ascii"), unit.decode("ascii")))
        position = match.end()
    return result


# -- decoders ----------------------------------------------------------------------------
# Each call is linear in the bytes it examines: start characters are found with C-level
# searches, a false start is skipped together with every start its terminator cannot serve, and
# a checksum failure tries the later start characters of the same block in one backward XOR pass.
_REPLY_STARTS = re.compile(b"[" + bytes([ACK, NAK, SOH, STX]) + b"]")
_REQUEST_STARTS = re.compile(b"[" + bytes([ACK, NAK, SOH, STX]) + b"/]")
_TERMINATORS = re.compile(b"[" + bytes([ETX, EOT]) + b"]")
_LINE_REACH = MAX_IDENTIFICATION + 6  # longest sign-on or identification line we wait for


def decode_identification(buffer: bytes) -> tuple[int, Identification | None]:
    """The meter's identification line; noise before ``/`` is skipped."""
    start = buffer.find(b"/")
    if start < 0:
        return len(buffer), None
    line_end = buffer.find(CRLF, start)
    if line_end < 0:
        last = buffer.rfind(b"/", start)  # '/' never occurs inside an identification
        if len(buffer) - last > _LINE_REACH:
            return len(buffer), None  # no line end in reach of any '/': all noise
        return last, None
    start = buffer.rfind(b"/", start, line_end)  # the real one is the last '/' before the line end
    line = buffer[start + 1 : line_end]
    consumed = line_end + 2
    if len(line) < 5 or len(line) > MAX_IDENTIFICATION + 4 or not _printable(line):
        raise ProtocolError(
            Text(f"Неверная идентификация счётчика: {line!r}", f"Malformed meter identification: {line!r}")
        )
    text = line.decode("ascii")
    manufacturer, baud_char, ident = text[:3], text[3], text[4:]
    if baud_char not in BAUD_BY_CHAR:
        raise ProtocolError(
            Text(
                f"Счётчик ответил не в режиме C (символ скорости {baud_char!r})",
                f"The meter did not answer in mode C (baud character {baud_char!r})",
            )
        )
    return consumed, Identification(manufacturer, baud_char, ident)


def decode_reply(buffer: bytes) -> tuple[int, Reply | None]:
    """A meter reply: ACK, NAK, ``STX … ETX BCC`` or ``SOH P0 STX … ETX BCC``."""
    return cast("tuple[int, Reply | None]", _decode(buffer, meter_side=False))


def decode_request(buffer: bytes) -> tuple[int, Request | None]:
    """What a meter receives: sign-on, option select, a command, ACK/NAK (used by the simulator)."""
    return cast("tuple[int, Request | None]", _decode(buffer, meter_side=True))


def _decode(buffer: bytes, *, meter_side: bool) -> tuple[int, Request | Reply | None]:
    starts = _REQUEST_STARTS if meter_side else _REPLY_STARTS
    size, position = len(buffer), 0
    line_end = -1  # the first CR LF at or after a '/' being looked at (sign-ons, meter side)
    while (found := starts.search(buffer, position)) is not None:
        position = found.start()
        byte = buffer[position]
        if byte == NAK:
            return position + 1, Nak()
        if byte == ACK:
            if not meter_side:
                return position + 1, Ack()
            consumed, option = _decode_option_select(buffer, position)
            if consumed or option is not None:
                return consumed, option
            return position, None  # incomplete option select
        if byte == ord("/"):
            if line_end < position:
                line_end = buffer.find(CRLF, position)
                if line_end < 0:
                    line_end = size
            if line_end == size and size - position <= _LINE_REACH:
                return position, None  # sign-on not complete yet
            if line_end - position > _LINE_REACH:  # nor can any '/' start one until in reach of the line end
                reach = line_end - _LINE_REACH
                other = _REPLY_STARTS.search(buffer, position + 1, reach)
                position = other.start() if other is not None else reach
                continue
            line = buffer[position:line_end]
            if len(line) >= 3 and line.startswith(b"/?") and line.endswith(b"!") and _printable(line):
                return line_end + 2, SignOn(line[2:-1].decode("ascii"))
            position += 1
            continue
        consumed, frame = _decode_block(buffer, position)
        if frame is not None:
            return consumed, frame
        if consumed == position:
            return position, None  # incomplete
        position = consumed  # a false start inside noise: look further
    return size, None


def _decode_option_select(buffer: bytes, position: int) -> tuple[int, OptionSelect | None]:
    chunk = buffer[position : position + 6]
    if len(chunk) < 6:
        if CRLF[:1] in chunk[1:]:
            raise ProtocolError(Text("Неверный выбор опций", "Malformed option select"))
        return 0, None
    if chunk[4:6] != CRLF or not _printable(chunk[1:4]):
        raise ProtocolError(Text(f"Неверный выбор опций: {chunk!r}", f"Malformed option select: {chunk!r}"))
    protocol, baud_char, mode = (chr(b) for b in chunk[1:4])
    return position + 6, OptionSelect(baud_char, mode, protocol)


def _decode_block(buffer: bytes, start: int) -> tuple[int, Command | DataMessage | None]:
    """From SOH/STX at ``start``: (end, frame); (start, None) incomplete; (later, None) false start."""
    terminator = _TERMINATORS.search(buffer, start + 1)
    end = terminator.start() if terminator is not None else -1
    if end < 0 or end - start >= MAX_MESSAGE:
        # No terminator within a message's reach: this start is noise, and so is every start
        # whose reach ends before the next terminator (or before the end of what is here).
        reach_end = end if end >= 0 else len(buffer)
        if reach_end - start < MAX_MESSAGE:
            return start, None
        return max(start + 1, reach_end - MAX_MESSAGE + 1), None
    if end + 1 >= len(buffer):
        return start, None  # BCC not here yet
    body = buffer[start + 1 : end + 1]
    if bcc(body) != buffer[end + 1]:
        later = _later_start_with_good_bcc(buffer, start, end)
        if later is not None:
            return later, None  # resynchronise on a later start character
        raise ProtocolError(Text("Неверная контрольная сумма (BCC) сообщения", "Message checksum (BCC) mismatch"))
    consumed = end + 2
    content = body[:-1]
    if not content.isascii():
        raise ProtocolError(Text("Восьмибитный символ в сообщении 7E1", "Eight-bit character in a 7E1 message"))
    partial = buffer[end] == EOT
    if buffer[start] == STX:
        return consumed, DataMessage(content, partial)
    if len(content) < 2 or chr(content[0]) not in "PWREB" or not chr(content[1]).isdigit():
        raise ProtocolError(Text(f"Неизвестная команда: {content[:2]!r}", f"Unknown command: {content[:2]!r}"))
    name, rest = content[:2].decode("ascii"), content[2:]
    if rest and rest[0] == STX:
        rest = rest[1:]
    elif rest:
        raise ProtocolError(Text("Нет STX после команды", "Command lacks STX before its data"))
    return consumed, Command(name[0], name[1], bytes(rest))


def _later_start_with_good_bcc(buffer: bytes, start: int, end: int) -> int | None:
    """The first SOH/STX after ``start`` whose block up to ``end`` has the BCC that follows it."""
    wanted = buffer[end + 1]
    suffix = 0  # XOR of buffer[i + 1 : end + 1], walking i down from the terminator
    found = None
    for index in range(end - 1, start, -1):
        suffix ^= buffer[index + 1]
        if suffix == wanted and buffer[index] in (SOH, STX):
            found = index
    return found


def _printable(data: bytes) -> bool:
    return all(0x20 <= b < 0x7F for b in data)


def _check_7bit(data: bytes) -> None:
    if any(b >= 0x80 or b in (SOH, STX, ETX, EOT) for b in data):
        raise ProtocolError(
            Text("Данные содержат недопустимые для 7E1 символы", "Data holds characters not allowed in 7E1 messages")
        )


def _check_7bit_text(text: str) -> None:
    if not all(0x20 <= ord(c) < 0x7F for c in text):
        raise ProtocolError(Text(f"Недопустимые символы: {text!r}", f"Characters not allowed on the line: {text!r}"))
