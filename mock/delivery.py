"""How an answer leaves the server: on time, late, or not at all.

A scenario may delay an answer, or fail at the transport level: `connection_reset` drops
the TCP connection with an RST and no response (clients see a read/protocol error), and
`timeout` holds the request for `timeout_s` seconds and then drops it the same way.
uvicorn sends a 500 when an ASGI app raises, so a reset is done on the socket itself: the
outermost ASGI layer (`TransportCapture`) keeps uvicorn's `send`, whose bound object owns
the asyncio transport; SO_LINGER 0 makes `close` an RST; once uvicorn has seen the
connection lost it ignores anything sent, so nothing else is written or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
from dataclasses import dataclass
from typing import Any

from mock.response_generation import MockResponse

log = logging.getLogger("specmock")

SEND_KEY = "specmock.server_send"


@dataclass(frozen=True)
class DeliveredResponse(MockResponse):
    """A MockResponse plus how to deliver it and who decided it."""

    delay_s: float = 0.0
    fault: str | None = None
    fault_after_s: float = 30.0
    scenario: str | None = None  # the scenario whose rule ended the decision, else the last that acted
    scenarios: tuple[str, ...] = ()  # every scenario that acted
    rules: tuple[str, ...] = ()
    deviates: bool = False


class TransportCapture:
    """Outermost ASGI layer: remembers the server's own `send` so a fault can reach the socket."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __getattr__(self, name: str) -> Any:  # `app.state`, `app.routes`… stay reachable
        return getattr(self.app, name)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            scope[SEND_KEY] = send
        await self.app(scope, receive, send)


def _transport(scope: dict[str, Any]) -> Any:
    send = scope.get(SEND_KEY)
    owner = getattr(send, "__self__", None)
    return getattr(owner, "transport", None)


async def drop_connection(scope: dict[str, Any]) -> bool:
    """Reset the client's connection; False when the server does not expose its transport."""
    transport = _transport(scope)
    if transport is None:
        return False
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    for _ in range(3):  # let the server's protocol see connection_lost before anything is sent
        await asyncio.sleep(0)
    return True


async def deliver(response: MockResponse, scope: dict[str, Any]) -> bool:
    """Apply delay and fault; True when the response should still be sent."""
    if not isinstance(response, DeliveredResponse):
        return True
    if response.delay_s > 0:
        await asyncio.sleep(response.delay_s)
    if response.fault is None:
        return True
    if response.fault == "timeout":
        await asyncio.sleep(response.fault_after_s)
    if await drop_connection(scope):
        return False
    log.warning("scenario fault %s: this server does not expose its socket; answering 502 instead", response.fault)
    return True
