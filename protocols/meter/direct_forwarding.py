"""How our module frames travel through the meter on the direct channel (our specification).

The vendors' way is not public; docs/protocols/direct-channel.md specifies this one. The frames
themselves (protocols.module.module_frames) are opaque bytes here.

IEC 62056-21 (programming mode, after P1): one R1 command per exchange

    → SOH R1 STX GSMIO(SS;HEX) ETX BCC     SS: exchange number 00–FF, HEX: bytes for the module
    ← STX GSMIO(SS;HEX) ETX BCC            the same SS, HEX: what the module answered (may be empty)

The meter passes the request bytes to the module's port, collects the module's answer until the
module's line goes quiet and returns it. An empty request ("GSMIO(SS;)") only collects bytes the
module sent later. The exchange number tells a repeated old answer (after NAK) from the new one.

СПОДЭС (DLMS/HDLC): a Data object (class 1) with a manufacturer-specific logical name
``0.<port>.128.0.0.255`` (group C = 128: manufacturer specific; group B = the meter's port the
module sits on, 1 by default). SET attribute 2 (octet-string) sends bytes to the module; GET
attribute 2 returns the bytes the module sent since the previous GET (empty when none).
"""

from __future__ import annotations

import re

from protocols.errors import ProtocolError, ValidationError
from protocols.meter.iec62056_21 import Command, DataMessage, DataSet, parse_data_sets
from protocols.text import Text

IEC_ADDRESS = "GSMIO"
MAX_IEC_CHUNK = 128  # module bytes per exchange: 256 hex characters keep messages short
DLMS_CLASS_ID = 1  # Data
DLMS_ATTRIBUTE = 2  # value
DEFAULT_MODULE_PORT = 1
_HEX = re.compile(r"^(?:[0-9A-F]{2})*$")


def iec_request(seq: int, data: bytes) -> Command:
    """R1 carrying ``data`` to the module (a poll when ``data`` is empty)."""
    if len(data) > MAX_IEC_CHUNK:
        raise ValidationError([Text("Слишком длинный блок для счётчика", "Block too long for the meter")])
    return Command("R", "1", DataSet(IEC_ADDRESS, f"{seq & 0xFF:02X};{data.hex().upper()}").encode())


def iec_reply(seq: int, data: bytes) -> DataMessage:
    """The meter's answer with the module's bytes."""
    return DataMessage(DataSet(IEC_ADDRESS, f"{seq & 0xFF:02X};{data.hex().upper()}").encode())


def parse_iec_request(command: Command) -> tuple[int, bytes]:
    if command.name != "R1":
        raise ProtocolError(Text(f"Ожидалась команда R1, получена {command.name}", f"Expected R1, got {command.name}"))
    return _parse_exchange(command.data)


def parse_iec_reply(message: DataMessage) -> tuple[int, bytes]:
    return _parse_exchange(message.data)


def _parse_exchange(data: bytes) -> tuple[int, bytes]:
    sets = parse_data_sets(data)
    if len(sets) != 1 or sets[0].address != IEC_ADDRESS:
        raise ProtocolError(
            Text(
                f"Ожидался набор данных {IEC_ADDRESS}: {data[:40]!r}",
                f"Expected a {IEC_ADDRESS} data set: {data[:40]!r}",
            )
        )
    seq_text, separator, payload = sets[0].value.partition(";")
    if not separator or len(seq_text) != 2 or not _HEX.match(seq_text) or not _HEX.match(payload):
        raise ProtocolError(
            Text(f"Неверный блок прямого канала: {sets[0].value[:40]!r}", f"Malformed forwarded block: "
                 f"{sets[0].value[:40]!r}")
        )  # fmt: skip
    return int(seq_text, 16), bytes.fromhex(payload)


def chunks(data: bytes, size: int = MAX_IEC_CHUNK) -> list[bytes]:
    return [data[offset : offset + size] for offset in range(0, len(data), size)] or [b""]


def parse_module_port(value: str | int | None) -> int:
    """The "module COM port" field: the meter's port number the module sits on (1 when empty)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_MODULE_PORT
    text = str(value).strip().upper().removeprefix("COM").removeprefix("PORT").strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 64:
        raise ValidationError(
            [Text(f"Порт модуля связи — число от 1 до 64: {value!r}", f"Module port must be 1 to 64: {value!r}")]
        )
    return int(text)


def forwarding_logical_name(module_port: int = DEFAULT_MODULE_PORT) -> str:
    """OBIS of the Data object that carries our frames to the module on ``module_port``."""
    return f"0.{module_port}.128.0.0.255"
