"""Wire formats and models: no I/O, no asyncio, no Qt.

Everything here is pure: bytes in, typed values out (and back). Every decoder raises
:class:`protocols.errors.ProtocolError` (or another :class:`ConfiguratorError`) on bad input.
"""
