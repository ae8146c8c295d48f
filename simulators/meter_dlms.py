"""The virtual meter's СПОДЭС side: a gurux-dlms HDLC server with the forwarding Data object.

gurux-dlms 1.0.x's Python server is incomplete: several calls it makes into itself are missing
or wrong (``setReply``, ``getConnectionInfo``, ``notifyRead``, ``getTransaction``,
``isMultipleBlocks``, ``list(e)`` on one event, HDLC parameters read from a ``None`` object, the
HLS check ``int(bytes)``). The small shims below supply exactly those, so the server logic —
HDLC framing and segmentation, AARQ/AARE, HLS, GET/SET with block transfer — stays gurux's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gurux_dlms import GXCiphering, GXDLMSServer, GXServerReply, ValueEventArgs
from gurux_dlms._HDLCInfo import _HDLCInfo
from gurux_dlms.ConnectionState import ConnectionState
from gurux_dlms.enums import AccessMode, Authentication, ErrorCode, InterfaceType, MethodAccessMode, SourceDiagnostic
from gurux_dlms.GXDLMS import GXDLMS
from gurux_dlms.GXDLMSLNParameters import GXDLMSLNParameters
from gurux_dlms.GXSecure import GXSecure
from gurux_dlms.objects import GXDLMSAssociationLogicalName, GXDLMSData
from gurux_dlms.objects.enums import AssociationStatus

from protocols.meter.direct_forwarding import forwarding_logical_name

CONFIGURATOR_CLIENT, READER_CLIENT = 48, 32

# -- shims for gurux-dlms's server (each only where the library lacks it) ---------------------
if not hasattr(ValueEventArgs, "__iter__"):
    ValueEventArgs.__iter__ = lambda self: iter((self,))
if not hasattr(GXDLMSLNParameters, "isMultipleBlocks"):
    GXDLMSLNParameters.isMultipleBlocks = lambda self: self.multipleBlocks


class _Request(GXServerReply):
    def getConnectionInfo(self) -> Any:
        return self.connectionInfo

    def setReply(self, value: Any) -> None:
        self.reply = value


class _Association(GXDLMSAssociationLogicalName):
    """Association LN with a working HLS mechanism-2 check (reply_to_HLS_authentication)."""

    def getAssociationStatus(self) -> Any:
        return self.associationStatus

    def invoke(self, settings: Any, e: Any) -> Any:
        if e.index != 1 or settings.authentication != Authentication.HIGH:
            return super().invoke(settings, e)
        expected = GXSecure.secure(settings, settings.cipher, 0, settings.stoCChallenge, self.secret)
        if bytes(expected) != bytes(e.parameters or b""):
            self.associationStatus = AssociationStatus.NON_ASSOCIATED
            e.error = ErrorCode.READ_WRITE_DENIED
            return None
        self.associationStatus = AssociationStatus.ASSOCIATED
        return GXSecure.secure(settings, settings.cipher, 0, settings.getCtoSChallenge(), self.secret)


class MeterDlmsServer(GXDLMSServer):
    """Clients 48 (HLS, 16-character secret) and 32 (LLS password); our Data object on ``module_port``."""

    def __init__(
        self, forward: Callable[[bytes], bytes], *, password: str, module_port: int = 1, physical_address: int = 16
    ) -> None:
        super().__init__(True, InterfaceType.HDLC)
        settings = self.settings
        settings.cipher = GXCiphering(b"EKT00001")
        settings.setConnected = lambda value: setattr(settings, "connected", value)
        self.forward, self.password = forward, password.encode("ascii", errors="replace")
        self.physical_address = physical_address
        self.association = _Association()
        self.channel = GXDLMSData(forwarding_logical_name(module_port))
        self.channel.value = bytearray()
        for item in (self.association, self.channel):
            self.items.append(item)
            self.association.objectList.append(item)
        self.pending = bytearray()  # what the module answered and the client has not read yet
        self._event: Any = None
        self.initialize()

    @property
    def associated(self) -> bool:
        return bool(self.settings.connected & ConnectionState.DLMS)

    def handle(self, data: bytes) -> bytes:
        request = _Request(bytearray(data))
        self.handleRequest(request)
        return bytes(request.reply or b"")

    # -- HDLC parameters (the library reads them from a missing object) ------------------
    def handleSnrmRequest(self, data: Any) -> None:
        hdlc = self.settings.hdlc
        GXDLMS.parseSnrmUaResponse(data, hdlc)
        self.reset(True)
        self._hdlc_parameters()
        self.settings.connected = ConnectionState.HDLC

    def generateDisconnectRequest(self) -> None:
        self._hdlc_parameters()

    def _hdlc_parameters(self) -> None:
        hdlc, reply = self.settings.hdlc, self.replyData
        for byte in (0x81, 0x80, 0):
            reply.setUInt8(byte)
        reply.setUInt8(_HDLCInfo.MAX_INFO_TX)
        GXDLMS.appendHdlcParameter(reply, hdlc.maxInfoTX)
        reply.setUInt8(_HDLCInfo.MAX_INFO_RX)
        GXDLMS.appendHdlcParameter(reply, hdlc.maxInfoRX)
        reply.setUInt8(_HDLCInfo.WINDOW_SIZE_TX)
        reply.setUInt8(4)
        reply.setUInt32(hdlc.windowSizeTX)
        reply.setUInt8(_HDLCInfo.WINDOW_SIZE_RX)
        reply.setUInt8(4)
        reply.setUInt32(hdlc.windowSizeRX)
        reply.setUInt8(2, len(reply) - 3)

    # -- the library's callbacks ------------------------------------------------------------
    def isTarget(self, server_address: int, client_address: int) -> bool:
        return client_address in (CONFIGURATOR_CLIENT, READER_CLIENT)

    def onValidateAuthentication(self, authentication: Any, password: Any) -> Any:
        client = self.settings.clientAddress
        if client == READER_CLIENT and authentication == Authentication.LOW:
            ok = bytes(password or b"") == self.password
            return SourceDiagnostic.NONE if ok else SourceDiagnostic.AUTHENTICATION_FAILURE
        if client == CONFIGURATOR_CLIENT and authentication == Authentication.HIGH:
            self.association.secret = self.password
            return SourceDiagnostic.NONE
        return SourceDiagnostic.AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED

    def onGetAttributeAccess(self, arg: Any) -> Any:
        self._event = arg  # the library's GET path calls notifyRead() without the event
        if arg.target is self.channel and self.settings.clientAddress == READER_CLIENT:
            return AccessMode.READ  # the reader may collect answers but not talk to the module
        return AccessMode.READ_WRITE

    def onGetMethodAccess(self, arg: Any) -> Any:
        return MethodAccessMode.ACCESS

    def notifyRead(self, *args: Any) -> None:
        event = self._event
        if event is not None and event.target is self.channel and event.index == 2:
            self.channel.value, self.pending = bytearray(self.pending), bytearray()

    def onPreWrite(self, args: Any) -> None:
        for event in args:
            if event.target is self.channel and event.index == 2:
                self.pending += self.forward(bytes(event.value or b""))
                event.handled = True

    def getTransaction(self) -> Any:
        return self.transaction

    def setTransaction(self, value: Any) -> None:
        self.transaction = value

    def notifyConnected(self, connection_info: Any) -> None:
        self.onConnected(connection_info)

    def onPreGet(self, args: Any = None) -> None: ...
    def onPostGet(self, args: Any = None) -> None: ...
    def onFindObject(self, object_type: Any, sn: Any, ln: Any) -> Any:
        return None

    def onPreRead(self, args: Any = None) -> None: ...
    def onPostRead(self, args: Any = None) -> None: ...
    def onPostWrite(self, args: Any = None) -> None: ...
    def onConnected(self, connection_info: Any) -> None: ...
    def onInvalidConnection(self, connection_info: Any) -> None: ...
    def onDisconnected(self, connection_info: Any) -> None: ...
    def onPreAction(self, args: Any = None) -> None: ...
    def onPostAction(self, args: Any = None) -> None: ...


__all__ = ["MeterDlmsServer"]
