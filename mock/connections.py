"""Connection hygiene for `specmock serve`: what uvicorn is told, and the one thing it lacks.

uvicorn closes a keep-alive connection that stays idle after an answer (`timeout_keep_alive`)
and refuses work past `limit_concurrency` with a 503, but it waits forever for the head of a
request: a client that connects and sends nothing, or one header byte a second (slowloris),
holds its connection and a file descriptor for as long as it likes. `header_deadline_protocol`
adds that deadline to uvicorn's own HTTP protocol: from the moment a connection waits for a
request (opened, or its last answer sent), the whole request head must arrive within
`header_timeout_s`, or the connection is closed.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from typing import Any

DEFAULT_HEADER_TIMEOUT_S = 10.0
DEFAULT_KEEP_ALIVE_TIMEOUT_S = 5
DEFAULT_LIMIT_CONCURRENCY = 1000


@dataclass(frozen=True)
class ConnectionLimits:
    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S  # `--header-timeout`
    keep_alive_timeout_s: int = DEFAULT_KEEP_ALIVE_TIMEOUT_S  # `--keep-alive-timeout`
    limit_concurrency: int = DEFAULT_LIMIT_CONCURRENCY  # `--limit-concurrency`: connections + requests in flight

    def uvicorn_options(self) -> dict[str, Any]:
        return {
            "http": header_deadline_protocol(self.header_timeout_s),
            "timeout_keep_alive": self.keep_alive_timeout_s,
            "limit_concurrency": self.limit_concurrency,
        }


class _HeaderDeadline:
    """Mixin over uvicorn's HTTP protocols; `cycle` is the request whose head arrived last."""

    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S
    _deadline: asyncio.TimerHandle | None = None
    _waiting_after: Any = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arm_header_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        if not self.transport.is_closing():  # type: ignore[attr-defined]
            self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)  # type: ignore[misc]

    def handle_websocket_upgrade(self, *args: Any) -> None:
        self._disarm_header_deadline()  # the socket belongs to the WebSocket protocol from here on
        super().handle_websocket_upgrade(*args)  # type: ignore[misc]

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self._waiting_after = self.cycle  # type: ignore[attr-defined]
        loop: asyncio.AbstractEventLoop = self.loop  # type: ignore[attr-defined]
        self._deadline = loop.call_later(self.header_timeout_s, self._header_deadline_passed)

    def _disarm_header_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _header_deadline_passed(self) -> None:
        self._deadline = None
        transport: asyncio.Transport = self.transport  # type: ignore[attr-defined]
        if self.cycle is self._waiting_after and not transport.is_closing():  # type: ignore[attr-defined]
            transport.close()  # no new request head in time: slowloris, or a connection left idle


# Worker processes (`serve --workers N`) import the protocol class by name, so it is defined once
# here, not built per call, and learns its deadline from the environment the parent set.
HEADER_TIMEOUT_ENVIRONMENT = "SPECMOCK_HEADER_TIMEOUT_S"

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _FastestHttpProtocol
except ImportError:  # httptools is an optional part of uvicorn[standard]
    from uvicorn.protocols.http.h11_impl import H11Protocol as _FastestHttpProtocol  # type: ignore[assignment]


class HeaderDeadlineHttpProtocol(_HeaderDeadline, _FastestHttpProtocol):
    header_timeout_s = float(os.environ.get(HEADER_TIMEOUT_ENVIRONMENT, DEFAULT_HEADER_TIMEOUT_S))


def header_deadline_protocol(header_timeout_s: float) -> type[asyncio.Protocol]:
    """uvicorn's fastest available HTTP protocol, closing connections whose request head is late."""
    HeaderDeadlineHttpProtocol.header_timeout_s = header_timeout_s
    os.environ[HEADER_TIMEOUT_ENVIRONMENT] = repr(header_timeout_s)  # for worker processes started later
    return HeaderDeadlineHttpProtocol
