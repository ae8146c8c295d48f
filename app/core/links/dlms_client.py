"""СПОДЭС (DLMS/COSEM over HDLC) association with a meter, built on gurux-dlms.

gurux builds and parses every HDLC frame and APDU; this module only moves its bytes over a
:class:`Link` without blocking the event loop and turns its failures into our error tree.
Clients follow the ceHes rules (ceHes guide, Table 3): the configurator is client 48 with high-level
security (HLS, mechanism 2: the 16-character secret encrypts the challenges), the reader is
client 32 with low-level security (a password); logical server 1, physical server 16 for the
meter's local port.
"""

from __future__ import annotations

import logging
from typing import Any

from gurux_dlms import GXByteBuffer, GXDLMSClient, GXDLMSException, GXReplyData
from gurux_dlms.enums import Authentication, DataType, InterfaceType
from gurux_dlms.objects import GXDLMSData
from gurux_dlms.secure import GXDLMSSecureClient

from app.core.links.base import Link
from protocols.errors import DeviceError, ProtocolError, ValidationError
from protocols.meter import hdlc_framing
from protocols.module.error_codes import WRONG_PASSWORD
from protocols.text import Text

CONFIGURATOR, READER = "configurator", "reader"
log = logging.getLogger(__name__)
CLIENT_ADDRESSES = {CONFIGURATOR: 48, READER: 32}
AUTHENTICATION = {CONFIGURATOR: Authentication.HIGH, READER: Authentication.LOW}
HLS_SECRET_LENGTH = 16  # AES-128 key
LOGICAL_SERVER = 1
PHYSICAL_SERVER_LOCAL_PORT = 16  # ceHes guide Table 3: "in most cases 16" on the local port


def password_refused() -> DeviceError:
    return DeviceError(
        WRONG_PASSWORD,
        Text(
            "Счётчик отклонил пароль доступа (проверьте пароль в формуляре счётчика и тип клиента)",
            "The meter refused the access password (check the password in the meter's form and the client kind)",
        ),
    )


class DlmsAssociation:
    """An HDLC connection plus an application association; reads and writes octet-string Data."""

    def __init__(
        self,
        line: Link,
        *,
        password: str,
        client: str = CONFIGURATOR,
        physical_server: int = PHYSICAL_SERVER_LOCAL_PORT,
        logical_server: int = LOGICAL_SERVER,
        timeout: float = 5.0,
    ) -> None:
        if client not in CLIENT_ADDRESSES:
            raise ValidationError(
                [Text(f"Неизвестный тип клиента DLMS: {client}", f"Unknown DLMS client kind: {client}")]
            )
        secret = password.encode("ascii", errors="replace")
        if client == CONFIGURATOR and len(secret) != HLS_SECRET_LENGTH:
            raise ValidationError(
                [
                    Text(
                        "Пароль высокого уровня безопасности (конфигуратор) — ровно 16 символов",
                        "The high-security password (configurator client) must be exactly 16 characters",
                    )
                ]
            )
        self.line, self.timeout, self.client_kind = line, timeout, client
        server = GXDLMSClient.getServerAddress(logical_server, physical_server)
        self._client: Any = GXDLMSSecureClient(
            True, CLIENT_ADDRESSES[client], server, AUTHENTICATION[client], secret, InterfaceType.HDLC
        )
        self.associated = False

    async def open(self) -> None:
        client = self._client
        reply = await self._transfer(client.snrmRequest())
        self._call(client.parseUAResponse, reply.data)
        reply = await self._transfer(client.aarqRequest(), refusal_is_password=True)
        try:
            client.parseAareResponse(reply.data)
        except GXDLMSException as error:
            raise password_refused() from error
        except Exception as error:  # gurux raises bare exceptions for malformed answers
            log.info("gurux refused the AARE: %r", error)
            raise ProtocolError(Text("Неверный ответ счётчика на установление связи (AARE)",
                                     "Malformed answer of the meter to the association request (AARE)")) from error
        if client.getIsAuthenticationRequired():
            reply = await self._transfer(client.getApplicationAssociationRequest(), refusal_is_password=True)
            try:
                client.parseApplicationAssociationResponse(reply.data)
            except Exception as error:  # "Server to Client do not match": the secrets differ
                raise password_refused() from error
        self.associated = True

    async def write_octets(self, logical_name: str, data: bytes) -> None:
        target = GXDLMSData(logical_name)
        target.value = bytearray(data)
        target.setDataType(2, DataType.OCTET_STRING)
        await self._transfer(self._client.write(target, 2))

    async def read_octets(self, logical_name: str) -> bytes:
        reply = await self._transfer(self._client.read(GXDLMSData(logical_name), 2))
        value = reply.value
        if value is None:
            return b""
        if not isinstance(value, bytes | bytearray):
            raise ProtocolError(Text("Объект вернул не октет-строку", "The object did not return an octet string"))
        return bytes(value)

    async def close(self) -> None:
        """Release the association and disconnect HDLC; a silent meter is not an error here."""
        if self.associated:
            self.associated = False
            await self._transfer(self._client.releaseRequest())
        await self._transfer(self._client.disconnectRequest())

    # -- moving gurux's frames -----------------------------------------------------------
    async def _transfer(self, request: Any, *, refusal_is_password: bool = False) -> Any:
        frames = request if isinstance(request, list) else [request]
        reply = GXReplyData()
        for frame in frames:
            reply.clear()
            await self._packet(frame, reply, refusal_is_password)
            while reply.isMoreData():
                follow = None if reply.isStreaming() else self._client.receiverReady(reply)
                await self._packet(follow, reply, refusal_is_password)
        return reply

    async def _packet(self, frame: Any, reply: Any, refusal_is_password: bool) -> None:
        if frame:
            await self.line.send(bytes(frame))
        notify = GXReplyData()

        def decode(buffer: bytes) -> tuple[int, bool | None]:
            start, end = hdlc_framing.next_frame(buffer)  # noise is dropped here, in linear time
            if end is None:
                return start, None
            data = GXByteBuffer(bytearray(buffer[start:end]))
            try:
                complete = self._client.getData(data, reply, notify)
            except GXDLMSException as error:
                if refusal_is_password:
                    raise password_refused() from error
                code = getattr(error, "errorCode", 0) or 0
                raise DeviceError(
                    code, Text(f"Счётчик отказал в доступе к объекту (код {code})",
                               f"The meter denied the request (code {code})"),
                ) from error
            except Exception as error:
                log.info("gurux refused an HDLC frame: %r", error)
                raise ProtocolError(Text("Неверный кадр HDLC от счётчика", "Malformed HDLC frame from the meter")) \
                    from error
            if complete:
                return start + data.position, True
            return end - 1, None  # a good frame not for us (an echo on a half-duplex line); its flag may open the next

        await self.line.receive_frame(decode, timeout=self.timeout)

    def _call(self, parse: Any, data: Any) -> None:
        try:
            parse(data)
        except Exception as error:
            log.info("gurux refused a meter answer: %r", error)
            raise ProtocolError(Text("Неверный ответ счётчика", "Malformed meter answer")) from error
