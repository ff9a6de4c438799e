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
    """Mixin over uvicorn's HTTP protocols; `cycle` is the request whose head arrived last.

    One timer per connection, not one per request: an answer only notes when the connection began
    waiting (a timestamp), and the timer, when it fires, closes the connection if it is still waiting
    past the deadline, or sets itself for when the deadline would come.
    """

    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S
    _deadline: asyncio.TimerHandle | None = None
    _waiting_after: Any = None
    _waiting_since: float = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._start_waiting()
        self._set_timer(self.header_timeout_s)

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._start_waiting()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)  # type: ignore[misc]

    def handle_websocket_upgrade(self, *args: Any) -> None:
        self._disarm_header_deadline()  # the socket belongs to the WebSocket protocol from here on
        super().handle_websocket_upgrade(*args)  # type: ignore[misc]

    def _start_waiting(self) -> None:
        self._waiting_after = self.cycle  # type: ignore[attr-defined]
        self._waiting_since = self.loop.time()  # type: ignore[attr-defined]

    def _set_timer(self, delay_s: float) -> None:
        loop: asyncio.AbstractEventLoop = self.loop  # type: ignore[attr-defined]
        self._deadline = loop.call_later(delay_s, self._header_deadline_passed)

    def _disarm_header_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _header_deadline_passed(self) -> None:
        self._deadline = None
        transport: asyncio.Transport = self.transport  # type: ignore[attr-defined]
        if transport.is_closing():
            return
        if self.cycle is not self._waiting_after:  # type: ignore[attr-defined]
            self._set_timer(self.header_timeout_s)  # a request is being answered: look again later
            return
        left = self._waiting_since + self.header_timeout_s - self.loop.time()  # type: ignore[attr-defined]
        if left > 0:
            self._set_timer(left)  # began waiting after the timer was set
        else:
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
