"""Connection hygiene for `specmock serve`: what uvicorn is told, and the one thing it lacks.

uvicorn closes a keep-alive connection that stays idle after an answer (`timeout_keep_alive`)
and refuses work past `limit_concurrency` with a 503, but it waits forever for the head of a
request: a client that connects and sends nothing, or one header byte a second (slowloris),
holds its connection and a file descriptor for as long as it likes. `header_deadline_protocol`
adds that deadline to the HTTP protocol (`mock.http_protocol`, uvicorn's with a leaner request cycle):
from the moment a connection waits for a request (opened, or its last answer sent), the whole request
head must arrive within `header_timeout_s`, or the connection is closed. The same per-connection timer
applies uvicorn's keep-alive rule.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from typing import Any, cast

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


class CoalescingTransport(asyncio.Transport):
    """The connection's transport, with what is written in one turn of the event loop sent as one write.

    uvicorn writes an answer's status line and headers, then its body, in two writes; with
    TCP_NODELAY each is a packet and a system call of its own. The mock's answers are built
    whole, so both writes come in the same turn: gathered, they leave together at its end.
    Everything else is the transport's own; closing sends what is gathered first.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._gathered: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._gathered:
            self._loop.call_soon(self._send)
        self._gathered.append(bytes(data))

    def _send(self) -> None:
        if self._gathered:
            data = b"".join(self._gathered)
            self._gathered.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self._send()
        self._transport.close()

    def abort(self) -> None:
        self._gathered.clear()
        self._transport.abort()

    def release(self) -> asyncio.Transport:
        """Send what is gathered and hand back the transport itself (a WebSocket upgrade takes it over)."""
        self._send()
        return self._transport

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._gathered))


class _HeaderDeadline:
    """Mixin over uvicorn's HTTP protocols: when a connection that waits for a request is closed.

    From the moment a connection waits for a request (opened, or its last answer sent) the whole
    request head must arrive within `header_timeout_s`; after an answer, a connection on which
    nothing at all arrives is closed after `timeout_keep_alive` (uvicorn's keep-alive rule).

    One timer per connection, not one or two per request: an answer only notes when the connection
    began waiting (a timestamp) and `data_received` that something arrived (a flag); the timer, when
    it fires, closes the connection if a deadline has passed, or sets itself for the nearest one.
    uvicorn's own keep-alive timer (armed after every answer, cancelled by the next request: 2.3 µs
    a request) is not used.
    """

    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S
    timeout_keep_alive: int  # uvicorn's protocol sets it from its config
    transport: asyncio.Transport  # set by uvicorn's protocol (and wrapped here)
    loop: asyncio.AbstractEventLoop
    _deadline: asyncio.TimerHandle | None = None
    _waiting_after: Any = None
    _waiting_since: float = 0.0
    _heard: bool = False  # bytes arrived since the connection began waiting
    _keep_alive_applies: bool = False  # it waits after an answer (not for its first request)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self.transport = CoalescingTransport(cast(asyncio.Transport, transport), self.loop)
        self._start_waiting(after_answer=False)
        self._set_timer(self._look_again_s())

    def data_received(self, data: bytes) -> None:
        self._heard = True
        super().data_received(data)  # type: ignore[misc]

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._unset_keepalive_if_required()  # type: ignore[attr-defined]  # h11 arms its own timer: this one decides
        self._start_waiting(after_answer=True)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)  # type: ignore[misc]

    def handle_websocket_upgrade(self, *args: Any) -> None:
        self._disarm_header_deadline()  # the socket belongs to the WebSocket protocol from here on
        if isinstance(self.transport, CoalescingTransport):
            self.transport = self.transport.release()  # the WebSocket protocol writes its frames itself
        super().handle_websocket_upgrade(*args)  # type: ignore[misc]

    def _start_waiting(self, after_answer: bool) -> None:
        self._waiting_after = self.cycle  # type: ignore[attr-defined]
        self._waiting_since = self.loop.time()
        self._heard = False
        self._keep_alive_applies = after_answer

    def _look_again_s(self) -> float:
        """How long the timer may sleep and still find any deadline set from now in time."""
        return min(self.header_timeout_s, self.timeout_keep_alive)

    def _set_timer(self, delay_s: float) -> None:
        loop: asyncio.AbstractEventLoop = self.loop
        self._deadline = loop.call_later(delay_s, self._header_deadline_passed)

    def _disarm_header_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _waiting_deadline(self) -> float:
        """When the connection is closed if it goes on waiting as it does (loop time)."""
        deadline = self._waiting_since + self.header_timeout_s
        if self._keep_alive_applies and not self._heard:
            deadline = min(deadline, self._waiting_since + self.timeout_keep_alive)
        return deadline

    def _header_deadline_passed(self) -> None:
        self._deadline = None
        transport: asyncio.Transport = self.transport
        if transport.is_closing():
            return
        if self.cycle is not self._waiting_after:  # type: ignore[attr-defined]
            self._set_timer(self._look_again_s())  # a request is being answered: look again later
            return
        left = self._waiting_deadline() - self.loop.time()
        if left > 0:
            self._set_timer(left)  # began waiting after the timer was set
        else:
            transport.close()  # no request head in time (slowloris), or a connection left idle after an answer


# Worker processes (`serve --workers N`) import the protocol class by name, so it is defined once
# here, not built per call, and learns its deadline from the environment the parent set.
HEADER_TIMEOUT_ENVIRONMENT = "SPECMOCK_HEADER_TIMEOUT_S"

try:
    from mock.http_protocol import LeanHttpToolsProtocol as _FastestHttpProtocol
except ImportError:  # httptools is an optional part of uvicorn[standard]
    from uvicorn.protocols.http.h11_impl import H11Protocol as _FastestHttpProtocol  # type: ignore[assignment]


class HeaderDeadlineHttpProtocol(_HeaderDeadline, _FastestHttpProtocol):
    header_timeout_s = float(os.environ.get(HEADER_TIMEOUT_ENVIRONMENT, DEFAULT_HEADER_TIMEOUT_S))


def header_deadline_protocol(header_timeout_s: float) -> type[asyncio.Protocol]:
    """uvicorn's fastest available HTTP protocol, closing connections whose request head is late."""
    HeaderDeadlineHttpProtocol.header_timeout_s = header_timeout_s
    os.environ[HEADER_TIMEOUT_ENVIRONMENT] = repr(header_timeout_s)  # for worker processes started later
    return HeaderDeadlineHttpProtocol
