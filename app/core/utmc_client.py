"""Typed requests to a UTMC-700 over any Link (USB serial, TCP), on the request/reply kernel.

    client = UtmcClient(link, timeout=3.0, retries=2)
    identity = await client.request(IdentifyRequest())                 -> IdentifyReply
    await client.pipeline(requests, on_reply, window=3)               several frames in flight

The kernel (app.core.session with protocols.utmc.utmc_codec) numbers, matches, repeats and traces the
frames; this adds only the types: each request's reply comes back as its own record
(protocols.utmc.utmc_messages), so mypy checks what the operations read from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from app.core.links.base import Link
from app.core.session import Session
from protocols.errors import DeviceError
from protocols.utmc.utmc_codec import UTMC_CODEC
from protocols.utmc.utmc_frames import Frame
from protocols.utmc.utmc_messages import Message, Request

R = TypeVar("R", bound=Message)


class UtmcClient:
    def __init__(self, link: Link, *, timeout: float = 3.0, retries: int = 2) -> None:
        self.session: Session[Request[Any], Frame] = Session(link, UTMC_CODEC, timeout=timeout, retries=retries)

    @property
    def link(self) -> Link:
        return self.session.link

    @property
    def timeout(self) -> float:
        return self.session.timeout

    async def request(self, request: Request[R], *, timeout: float | None = None) -> R:
        frame = await self.session.request(request, timeout=timeout)
        return request.reply_from(frame.payload)

    async def pipeline(
        self,
        requests: Iterable[Request[R]],
        on_reply: Callable[[int, R], None],
        *,
        window: int | Callable[[], int] = 2,
        on_sent: Callable[[int], None] | None = None,
        on_refusal: Callable[[int, DeviceError], None] | None = None,
    ) -> None:
        """Send ``requests`` keeping up to ``window`` unanswered; ``on_reply(index, reply)`` in order.

        A refusal raises its DeviceError, unless ``on_refusal(index, error)`` is given: it is told
        instead (and raises if the transfer cannot go on)."""
        sent: dict[int, Request[R]] = {}

        def numbered() -> Iterator[Request[R]]:
            for index, request in enumerate(requests):
                sent[index] = request
                yield request

        def answered(index: int, frame: Frame) -> None:
            request = sent.pop(index)
            refusal = self.session.codec.refusal(frame, request) if on_refusal is not None else None
            if refusal is not None and on_refusal is not None:
                on_refusal(index, refusal)
            else:
                on_reply(index, request.reply_from(frame.payload))

        await self.session.pipeline(numbered(), answered, window=window, on_sent=on_sent,
                                    accept_error=on_refusal is not None)
