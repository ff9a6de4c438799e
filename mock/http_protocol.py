"""The HTTP/1.1 protocol `specmock serve` runs: uvicorn's httptools protocol with a leaner request cycle.

uvicorn's protocol spends about 18 µs of Python on every request (measured against a bare httptools
protocol serving the same ASGI app: 30,000 against 67,000 req/s), a fifth of a static GET. Most of it
goes on objects a mock answering from memory does not need: an `asyncio.Event` per request although
the body has nearly always arrived before the app asks for it, a cycle object built from eleven
keyword arguments, two regular-expression searches per response header.

`LeanHttpToolsProtocol` keeps uvicorn's connection handling (connection_made, shutdown, WebSocket
upgrades, flow control, parse errors, pipelining, `limit_concurrency`) and replaces the per-request
cycle with `Exchange`: the same ASGI messages, the same checks, errors and framing, fewer objects.
`tests/unit/mock/test_http_protocol.py` sends the same bytes through both and compares what goes out.
"""

from __future__ import annotations

import asyncio
import logging
import urllib.parse
from typing import Any, cast

import httptools
from uvicorn.protocols.http.flow_control import HIGH_WATER_LIMIT, FlowControl, service_unavailable
from uvicorn.protocols.http.httptools_impl import HEADER_RE, HEADER_VALUE_RE, STATUS_LINE, HttpToolsProtocol

from mock.request_input import MAX_TARGET_BYTES, RECEIVE_NOWAIT, TARGET_TOO_LONG

log = logging.getLogger("uvicorn.error")

_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_NO_BODY_STATUSES = (204, 304)


_FRAMING = frozenset({b"content-length", b"transfer-encoding", b"connection"})


def _check_headers(names: list[bytes], values: list[bytes]) -> None:
    """uvicorn's two checks, as one search over all names and one over all values, each joined by a byte
    its check allows ("-" in a name, a tab in a value): a forbidden byte anywhere is found, as per header."""
    if HEADER_RE.search(b"-".join(names)):
        raise RuntimeError("Invalid HTTP header name.")
    if HEADER_VALUE_RE.search(b"\t".join(values)):
        raise RuntimeError("Invalid HTTP header value.")


_blocks: tuple[object, bytes | None] = (None, None)


def _plain_block(headers: list[tuple[bytes, bytes]]) -> bytes | None:
    """The server-wide headers (date, server) framed once: uvicorn replaces their list when the second
    changes, so the list's identity says when to frame them again. None when one of them is a framing
    header, which each answer must read."""
    global _blocks
    if _blocks[0] is not headers:
        if any(name.lower() in _FRAMING for name, _ in headers):
            block = None
        else:
            _check_headers([name for name, _ in headers], [value for _, value in headers])
            block = b"".join(b"%s: %s\r\n" % (name.lower(), value) for name, value in headers)
        _blocks = (headers, block)
    return _blocks[1]


class Exchange:
    """One request and its answer on a connection: what uvicorn's RequestResponseCycle does, leaner.

    The protocol feeds it the body as it arrives (`body`, `more_body`) and calls `notify`; the app's
    `receive` waits on an event only when nothing new has arrived, and the event is made only then.
    """

    __slots__ = (
        "scope",
        "head_only",
        "transport",
        "flow",
        "default_headers",
        "on_response",
        "disconnected",
        "keep_alive",
        "waiting_for_100_continue",
        "body",
        "more_body",
        "response_started",
        "response_complete",
        "chunked_encoding",
        "expected_content_length",
        "_news",
        "_event",
    )

    def __init__(
        self,
        scope: dict[str, Any],
        transport: asyncio.Transport,
        flow: FlowControl,
        default_headers: list[tuple[bytes, bytes]],
        keep_alive: bool,
        expect_100_continue: bool,
        on_response: Any,
    ) -> None:
        self.scope: dict[str, Any] | None = scope  # until the app starts: see run_asgi
        self.head_only = scope["method"] == "HEAD"
        self.transport = transport
        self.flow = flow
        self.default_headers = default_headers
        self.on_response = on_response
        self.disconnected = False
        self.keep_alive = keep_alive
        self.waiting_for_100_continue = expect_100_continue
        self.body = b""
        self.more_body = True
        self.response_started = False
        self.response_complete = False
        self.chunked_encoding: bool | None = None
        self.expected_content_length = 0
        self._news = False  # something arrived (body, its end, a disconnect) that `receive` has not seen
        self._event: asyncio.Event | None = None  # made when `receive` has to wait for news

    def notify(self) -> None:
        self._news = True
        if self._event is not None:
            self._event.set()

    async def run_asgi(self, app: Any) -> None:
        try:
            # The exchange lets go of the scope once the app has it. The app may keep this exchange's bound
            # methods in its scope (`send`, RECEIVE_NOWAIT): with the scope held here too, every request
            # would leave a reference cycle for the garbage collector to find.
            scope, self.scope = self.scope, None
            result = await app(scope, self.receive, self.send)
        except BaseException as exc:
            log.error("Exception in ASGI application\n", exc_info=exc)
            if not self.response_started:
                await self._send_500()
            else:
                self.transport.close()
        else:
            if result is not None:
                log.error("ASGI callable should return None, but returned '%s'.", result)
                self.transport.close()
            elif not self.response_started and not self.disconnected:
                log.error("ASGI callable returned without starting response.")
                await self._send_500()
            elif not self.response_complete and not self.disconnected:
                log.error("ASGI callable returned without completing response.")
                self.transport.close()
        finally:
            self.on_response = None

    async def _send_500(self) -> None:
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", b"21"),
            (b"connection", b"close"),
        ]
        await self.send({"type": "http.response.start", "status": 500, "headers": headers})
        await self.send({"type": "http.response.body", "body": b"Internal Server Error", "more_body": False})

    async def send(self, message: dict[str, Any]) -> None:
        if self.flow.write_paused and not self.disconnected:
            await self.flow.drain()
        if self.disconnected:
            return
        if not self.response_started:
            if message["type"] != "http.response.start":
                raise RuntimeError(f"Expected ASGI message 'http.response.start', but got '{message['type']}'.")
            self.response_started = True
            self.waiting_for_100_continue = False
            self.transport.write(self._head(message["status"], message.get("headers", ())))
        elif not self.response_complete:
            if message["type"] != "http.response.body":
                raise RuntimeError(f"Expected ASGI message 'http.response.body', but got '{message['type']}'.")
            self._body(message.get("body", b""), message.get("more_body", False))
        else:
            raise RuntimeError(f"Unexpected ASGI message '{message['type']}' sent, after response already completed.")

    def _head(self, status: int, app_headers: Any) -> bytes:
        """The status line and headers, checked and framed as uvicorn frames them."""
        content = [STATUS_LINE[status]]
        block = _plain_block(self.default_headers)
        if block is None:  # server-wide headers that frame the answer themselves: read like the app's
            self._add_headers(content, self.default_headers)
        else:
            content.append(block)
        has_connection_close = self._add_headers(content, app_headers)
        if not self.keep_alive and not has_connection_close:
            content.append(b"connection: close\r\n")
        if self.chunked_encoding is None and not self.head_only and status not in _NO_BODY_STATUSES:
            self.chunked_encoding = True
            content.append(b"transfer-encoding: chunked\r\n")
        content.append(b"\r\n")
        return b"".join(content)

    def _add_headers(self, content: list[bytes], headers: Any) -> bool:
        """Check and add headers, noting the framing they set; True when one says `connection: close`."""
        names: list[bytes] = []
        values: list[bytes] = []
        has_connection_close = False
        for name, value in headers:
            names.append(name)
            values.append(value)
            name = name.lower()
            if name in _FRAMING:
                if name == b"content-length" and self.chunked_encoding is None:
                    self.expected_content_length = int(value.decode())
                    self.chunked_encoding = False
                elif name == b"transfer-encoding" and value.lower() == b"chunked":
                    self.expected_content_length = 0
                    self.chunked_encoding = True
                elif name == b"connection" and b"close" in [t.lower().strip() for t in value.split(b",")]:
                    self.keep_alive = False
                    has_connection_close = True
            content.extend((name, b": ", value, b"\r\n"))
        _check_headers(names, values)
        return has_connection_close

    def _body(self, body: bytes, more_body: bool) -> None:
        if self.head_only:
            self.expected_content_length = 0
        elif self.chunked_encoding:
            content = [b"%x\r\n" % len(body), body, b"\r\n"] if body else []
            if not more_body:
                content.append(b"0\r\n\r\n")
            self.transport.write(b"".join(content))
        else:
            if len(body) > self.expected_content_length:
                raise RuntimeError("Response content longer than Content-Length")
            self.expected_content_length -= len(body)
            self.transport.write(body)
        if not more_body:
            if self.expected_content_length != 0:
                raise RuntimeError("Response content shorter than Content-Length")
            self.response_complete = True
            self.notify()
            if not self.keep_alive:
                self.transport.close()
            if self.on_response is not None:
                self.on_response()

    def receive_nowait(self) -> dict[str, Any] | None:
        """The message `receive` would return without waiting, taken as `receive` takes it; None when it would
        have to wait (or must first answer `Expect: 100-continue`). Offered to the app as RECEIVE_NOWAIT."""
        if self.disconnected or self.response_complete:
            return {"type": "http.disconnect"}
        if not self._news or self.waiting_for_100_continue:
            return None
        self.flow.resume_reading()
        return self._take_news()

    async def receive(self) -> dict[str, Any]:
        if self.waiting_for_100_continue and not self.transport.is_closing():
            self.transport.write(_CONTINUE)
            self.waiting_for_100_continue = False
        if not self.disconnected and not self.response_complete:
            self.flow.resume_reading()
            if not self._news:
                if self._event is None:
                    self._event = asyncio.Event()
                await self._event.wait()
            return self._take_news()
        return {"type": "http.disconnect"}

    def _take_news(self) -> dict[str, Any]:
        """What has arrived, as the app's next message: the body so far, or the end of the exchange."""
        self._news = False
        if self._event is not None:
            self._event.clear()
        if self.disconnected or self.response_complete:
            return {"type": "http.disconnect"}
        message = {"type": "http.request", "body": self.body, "more_body": self.more_body}
        self.body = b""
        return message


class LeanHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, each request answered through an `Exchange`."""

    cycle: Exchange  # type: ignore[assignment]
    url_dropped = 0  # bytes of this request's target past MAX_TARGET_BYTES, not kept

    def on_url(self, url: bytes) -> None:
        # Kept up to what httptools.parse_url reads; past that, only counted (the app answers 414), so a
        # fuzzer's megabytes of query neither fail the parse with a plain-text 400 nor pile up here.
        room = MAX_TARGET_BYTES - len(self.url)
        if len(url) <= room:
            self.url += url
        else:
            self.url += url[: max(room, 0)]
            self.url_dropped += len(url) - max(room, 0)

    def on_headers_complete(self) -> None:
        parser = self.parser
        http_version = parser.get_http_version()
        scope = self.scope
        scope["method"] = parser.get_method().decode("ascii")
        if http_version != "1.1":
            scope["http_version"] = http_version
        if parser.should_upgrade() and self._should_upgrade():
            return
        if self.url_dropped:
            scope[TARGET_TOO_LONG] = len(self.url) + self.url_dropped  # type: ignore[literal-required]
            self.url_dropped = 0
        parsed_url = httptools.parse_url(self.url)
        raw_path = parsed_url.path
        path = raw_path.decode("ascii")
        if "%" in path:
            path = urllib.parse.unquote(path)
        scope["path"] = self.root_path + path
        scope["raw_path"] = self.root_path.encode("ascii") + raw_path if self.root_path else raw_path
        scope["query_string"] = parsed_url.query or b""
        app = self.app
        if self.limit_concurrency is not None and (
            len(self.connections) >= self.limit_concurrency or len(self.tasks) >= self.limit_concurrency
        ):
            app = service_unavailable
            self.logger.warning("Exceeded concurrency limit.")
        existing = self.cycle
        self.cycle = Exchange(
            cast(dict[str, Any], scope),
            self.transport,
            self.flow,
            self.server_state.default_headers,
            http_version != "1.0" and parser.should_keep_alive(),
            self.expect_100_continue,
            self.on_response_complete,
        )
        scope["extensions"] = {RECEIVE_NOWAIT: {"receive": self.cycle.receive_nowait}}
        if existing is None or existing.response_complete:
            self._start_asgi_task(self.cycle, app)  # type: ignore[arg-type]
        else:  # a pipelined request waits for the one before it
            self.flow.pause_reading()
            self.pipeline.appendleft((self.cycle, app))  # type: ignore[arg-type]

    def on_body(self, body: bytes) -> None:
        cycle = self.cycle
        if (self.parser.should_upgrade() and self._should_upgrade()) or cycle.response_complete:
            return
        cycle.body += body
        if len(cycle.body) > HIGH_WATER_LIMIT:
            self.flow.pause_reading()
        cycle.notify()

    def on_message_complete(self) -> None:
        cycle = self.cycle
        if (self.parser.should_upgrade() and self._should_upgrade()) or cycle.response_complete:
            return
        cycle.more_body = False
        cycle.notify()

    def connection_lost(self, exc: Exception | None) -> None:
        cycle = self.cycle
        self.cycle = None  # type: ignore[assignment]  # uvicorn's handling below is for its own cycle
        super().connection_lost(exc)
        self.cycle = cycle
        if cycle is not None:
            if not cycle.response_complete:
                cycle.disconnected = True
            cycle.notify()

    def on_response_complete(self) -> None:
        """uvicorn's, without its keep-alive timer: `mock.connections` closes idle connections with one
        timer per connection."""
        self.server_state.total_requests += 1
        if self.transport.is_closing():
            return
        self.flow.resume_reading()
        if self.pipeline:
            cycle, app = self.pipeline.pop()
            self._start_asgi_task(cycle, app)
