"""`specmock proxy`: a validating reverse proxy in front of the real backend.

Every request is forwarded to the upstream as it arrives (bodies stream both ways) and
checked on the side with the mock's own validators: `request_validation.validate_request`
for the request and the same compiled schema validators (`schema_validation`) for the
answer's status, media type, headers and JSON body. What they find goes to the log line,
the journal (so the admin API and the inspector see it) and the `X-Specmock-Violations`
header; the upstream's answer itself passes through unchanged, unless `--strict` turns a
violating answer into a 502 in the API's envelope.

With `--fallback mock`, an operation the spec declares but the upstream lacks (it answers
404/405/501 outside the operation's declared 404, or cannot be reached) is answered by the
mock, scenarios included: a frontend team mocks only what is not built yet.

A JSON answer is held until it is complete (it must be checked before its headers leave, up
to `max_check_bytes`); other media (images, event streams) stream straight through with
their status and media type checked. Credentials are forwarded, never logged: every value a
request authenticates with is cut out of the log lines and violation texts.
"""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from starlette.applications import Starlette
from starlette.requests import cookie_parser

from mock.admin import AdminAccess, admin_routes
from mock.app import (
    Dispatch,
    MockServer,
    MountedApi,
    ServeConfig,
    attach_callbacks,
    check_admin_prefix,
    select_apis,
    send_response,
)
from mock.delivery import TransportCapture
from mock.problems import Problem
from mock.request_validation import AccessPolicy, IncomingRequest, cast_scalar, validate_request
from mock.response_generation import MockResponse
from mock.routing import MethodNotAllowed, RouteNotFound, route_path
from mock.scenario.engine import ScenarioEngine
from mock.schema_validation import iter_problems
from mock.spec.model import Api, Operation, essence, find_media, is_json_media

log = logging.getLogger("specmock")

VIOLATIONS_HEADER = "x-specmock-violations"
SOURCE_HEADER = "x-specmock-source"  # upstream | mock
DEFAULT_MAX_CHECK = 10 * 1024 * 1024

# RFC 9110 §7.6.1: connection-specific fields a proxy must not forward.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
_NOT_PASSED = HOP_BY_HOP | {VIOLATIONS_HEADER, SOURCE_HEADER}
# Statuses with which an upstream says it has no such operation (when it is not the operation's own 404).
LACKING = frozenset({404, 405, 501})

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class ProxyConfig:
    upstream: str  # scheme://host[:port][/prefix]; the request's path is appended
    headers: tuple[tuple[str, str], ...] = ()  # added to (replacing) the client's own
    strict: bool = False
    fallback_to_mock: bool = False
    timeout_s: float = 30.0
    connect_timeout_s: float = 5.0
    max_check_bytes: int = DEFAULT_MAX_CHECK


class PresencePolicy(AccessPolicy):
    """Behind a proxy the real backend judges a key: the check is only that one was sent."""

    def accepts(self, credential: str, api: str = "") -> bool:
        return bool(credential)


@dataclass
class Exchange:
    """What the proxy learned about one request and its answer, for the log, journal and recorder."""

    method: str
    path: str
    operation: Operation | None
    path_params: dict[str, Any]
    request_violations: list[str] = field(default_factory=list)
    response_violations: list[str] = field(default_factory=list)
    status: int | None = None
    media_type: str = ""
    body: bytes | None = None  # the decoded answer, when it was held and checked whole
    request_body: bytes | None = None
    secrets: tuple[str, ...] = ()
    source: str = "upstream"

    @property
    def violations(self) -> list[str]:
        return self.request_violations + self.response_violations


ExchangeListener = Callable[[Exchange], None]


class RequestBody:
    """The client's body as a stream for the upstream, with a copy kept (up to a limit) for checks and fallback."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self._limit = limit
        self._chunks: list[bytes] = []
        self._size = 0
        self.finished = False
        self.disconnected = False

    @property
    def complete(self) -> bool:
        return self.finished and self._size <= self._limit

    def copy(self) -> bytes:
        return b"".join(self._chunks)

    async def stream(self) -> AsyncIterator[bytes]:
        while not self.finished:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                self.disconnected = self.finished = True
                return
            chunk = message.get("body", b"")
            self.finished = not message.get("more_body", False)
            self._size += len(chunk)
            if self._size <= self._limit:
                self._chunks.append(chunk)
            if chunk:
                yield chunk

    async def drain(self) -> None:
        async for _ in self.stream():
            pass

    def replay(self) -> Receive:
        body = self.copy()

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        return receive


class ProxyServer:
    """ASGI app: forward, check on the side, report; answer from the mock where asked to."""

    def __init__(self, mock: MockServer, config: ProxyConfig) -> None:
        if len(mock.mounts) != 1:
            raise ValueError("the proxy stands in front of one API (--api NAME)")
        self.mock = mock
        self.mount: MountedApi = mock.mounts[0]
        self.config = config
        self.policy = PresencePolicy()
        self.listeners: list[ExchangeListener] = []
        self.exchanges = 0
        self.violations_seen = 0
        self._client: httpx.AsyncClient | None = None
        parts = urlsplit(config.upstream)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--upstream {config.upstream!r} is not an http(s) URL")
        self._upstream = config.upstream.rstrip("/")

    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            timeout = httpx.Timeout(self.config.timeout_s, connect=self.config.connect_timeout_s)
            self._client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # ------------------------------------------------------------ entry

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        started = time.time()
        exchange = self._exchange(scope)
        body = RequestBody(receive, self.config.max_check_bytes)
        try:
            await self._forward(scope, body, send, exchange)
        finally:
            self._report(exchange, started)

    def _exchange(self, scope: dict[str, Any]) -> Exchange:
        method, path = scope["method"], scope["path"]
        relative = self.mock._relative_path(self.mount, route_path(scope.get("raw_path"), path))
        operation, path_params = None, {}
        if relative is not None:
            try:
                query = tuple(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
                match = self.mount.router.match(method, relative, query)
                operation, path_params = match.operation, match.path_params
            except (RouteNotFound, MethodNotAllowed):
                pass
        exchange = Exchange(method, path, operation, path_params)
        exchange.secrets = self._secrets(scope)
        if operation is None:
            exchange.request_violations.append(f"{method} {path} is not an operation of the {self.mount.api.name} spec")
        return exchange

    def _secrets(self, scope: dict[str, Any]) -> tuple[str, ...]:
        """Every value the request could authenticate with: never to appear in a log line."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        found: list[str] = []
        authorization = headers.get("authorization", "")
        if authorization:
            found += [authorization, authorization.partition(" ")[2]]
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        cookies = cookie_parser(headers["cookie"]) if "cookie" in headers else {}
        for scheme in self.mount.api.security_schemes.values():
            if scheme.kind != "apiKey":
                continue
            source = {"header": headers, "query": query, "cookie": cookies}.get(scheme.location, {})
            value = source.get(scheme.parameter_name.lower() if scheme.location == "header" else scheme.parameter_name)
            if value:
                found.append(value)
        found += list(cookies.values())
        found += [value for _, value in self.config.headers]
        return tuple(sorted({s.strip() for s in found if len(s.strip()) >= 4}, key=len, reverse=True))

    # ------------------------------------------------------------ forwarding

    async def _forward(self, scope: dict[str, Any], body: RequestBody, send: Send, exchange: Exchange) -> None:
        request = self._upstream_request(scope, body)
        try:
            upstream = await self.client().send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            await body.drain()
            self._check_request(scope, body, exchange)
            if self._may_fall_back(exchange):
                await self._from_mock(scope, body, send, exchange, f"upstream unreachable ({_reason(exc)})")
                return
            await self._gateway_error(send, exchange, 502, "bad_gateway", f"upstream unreachable: {_reason(exc)}")
            return
        except httpx.TimeoutException as exc:
            await body.drain()
            self._check_request(scope, body, exchange)
            message = f"upstream did not answer within {self.config.timeout_s:g} s ({type(exc).__name__})"
            await self._gateway_error(send, exchange, 504, "gateway_timeout", message)
            return
        except httpx.HTTPError as exc:
            await body.drain()
            self._check_request(scope, body, exchange)
            await self._gateway_error(send, exchange, 502, "bad_gateway", f"upstream failed: {_reason(exc)}")
            return
        try:
            await body.drain()  # the upstream may answer before reading the whole body
            self._check_request(scope, body, exchange)
            if upstream.status_code in LACKING and self._may_fall_back(exchange):
                held = await HeldBody.read(upstream, self.config.max_check_bytes)
                if not held.complete or not self._is_declared_answer(exchange, upstream, held.data):
                    await upstream.aclose()
                    await self._from_mock(scope, body, send, exchange, f"upstream answered {upstream.status_code}")
                    return
                await self._pass_through(upstream, send, exchange, held)
                return
            await self._pass_through(upstream, send, exchange, None)
        finally:
            await upstream.aclose()

    def _upstream_request(self, scope: dict[str, Any], body: RequestBody) -> httpx.Request:
        raw_path = scope.get("raw_path") or scope["path"].encode()
        url = self._upstream + raw_path.decode("latin-1")
        query = scope.get("query_string", b"")
        if query:
            url += "?" + query.decode("latin-1")
        headers: list[tuple[str, str]] = []
        has_body = False
        client_host = (scope.get("client") or ("", 0))[0]
        overridden = {name.lower() for name, _ in self.config.headers}
        for raw_name, raw_value in scope["headers"]:
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            if name in HOP_BY_HOP or name == "host" or name in overridden:
                if name == "transfer-encoding":
                    has_body = True
                continue
            if name == "content-length":
                has_body = value.strip() not in ("", "0")
            headers.append((name, value))
        headers += [(name.lower(), value) for name, value in self.config.headers]
        if client_host:
            headers.append(("x-forwarded-for", client_host))
        host = dict((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"]).get("host")
        if host:
            headers.append(("x-forwarded-host", host))
        headers.append(("x-forwarded-proto", scope.get("scheme", "http")))
        content: Any = body.stream() if has_body else b""
        return self.client().build_request(scope["method"], url, headers=headers, content=content)

    async def _pass_through(
        self, upstream: httpx.Response, send: Send, exchange: Exchange, held: HeldBody | None
    ) -> None:
        """Send the upstream's answer unchanged, held and checked whole when it is JSON, streamed otherwise."""
        exchange.status = upstream.status_code
        exchange.media_type = upstream.headers.get("content-type", "")
        if held is None and is_json_media(exchange.media_type) and exchange.operation is not None:
            held = await HeldBody.read(upstream, self.config.max_check_bytes)
        bodiless = exchange.method == "HEAD" or upstream.status_code in (204, 304)
        if held is not None and held.complete and not bodiless:
            decoded = _decode(held.data, upstream.headers.get("content-encoding", ""))
            exchange.body = decoded
            self._check_response(upstream, exchange, decoded)
        else:
            self._check_response(upstream, exchange, None)
        if self.config.strict and exchange.response_violations:
            message = f"upstream answered {upstream.status_code} off-spec: " + "; ".join(exchange.response_violations)
            await self._gateway_error(send, exchange, 502, "bad_gateway", _redact(message[:1000], exchange.secrets))
            return
        headers = [(k, v) for k, v in upstream.headers.raw if k.decode("latin-1").lower() not in _NOT_PASSED]
        headers += [
            (VIOLATIONS_HEADER.encode(), str(len(exchange.violations)).encode()),
            (SOURCE_HEADER.encode(), b"upstream"),
        ]
        await send({"type": "http.response.start", "status": upstream.status_code, "headers": headers})
        if held is None:
            held = HeldBody(upstream.aiter_raw(), [], complete=False)
        if held.data or held.complete:
            await send({"type": "http.response.body", "body": held.data, "more_body": not held.complete})
        if not held.complete:
            await _stream(held.rest, send)

    # ------------------------------------------------------------ checks

    def _check_request(self, scope: dict[str, Any], body: RequestBody, exchange: Exchange) -> None:
        operation = exchange.operation
        if operation is None:
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = scope.get("query_string", b"")
        relative = self.mock._relative_path(self.mount, scope["path"]) or "/"
        exchange.request_body = body.copy() if body.complete else None
        incoming = IncomingRequest(
            method=scope["method"],
            path=relative,
            query=tuple(parse_qsl(query.decode("latin-1"), keep_blank_values=True)) if query else (),
            headers=headers,
            cookies=cookie_parser(headers["cookie"]) if "cookie" in headers else {},
            body=exchange.request_body or b"",
        )
        validated = validate_request(self.mount.api, operation, exchange.path_params, incoming, self.policy)
        for violation in validated.violations:
            if violation.location == "body" and exchange.request_body is None:
                continue  # the body was over the check limit: not seen, not judged
            exchange.request_violations.append("request " + violation.describe())

    def _check_response(self, upstream: httpx.Response, exchange: Exchange, body: bytes | None) -> None:
        if exchange.operation is None:
            return
        headers = {k.lower(): v for k, v in upstream.headers.items()}
        exchange.response_violations += response_violations(
            exchange.operation, upstream.status_code, headers, body, exchange.media_type
        )

    def _is_declared_answer(self, exchange: Exchange, upstream: httpx.Response, held: bytes) -> bool:
        """Is this 404/405/501 the operation's own answer (say, an unknown id) rather than a missing route?"""
        operation = exchange.operation
        if operation is None or str(upstream.status_code) not in operation.responses:
            return False
        body = _decode(held, upstream.headers.get("content-encoding", ""))
        headers = {k.lower(): v for k, v in upstream.headers.items()}
        media_type = upstream.headers.get("content-type", "")
        return not response_violations(operation, upstream.status_code, headers, body, media_type)

    # ------------------------------------------------------------ answers of our own

    def _may_fall_back(self, exchange: Exchange) -> bool:
        return self.config.fallback_to_mock and exchange.operation is not None

    async def _from_mock(
        self, scope: dict[str, Any], body: RequestBody, send: Send, exchange: Exchange, why: str
    ) -> None:
        exchange.source = "mock"
        log.info("proxy: %s %s answered by the mock: %s", exchange.method, exchange.path, why)
        response = await self.mock.handle(scope, body.replay(), via=f"mock ({why})")
        if response is None:
            return  # a scenario fault dropped the connection
        exchange.status = response.status
        headers = {**response.headers, VIOLATIONS_HEADER: str(len(exchange.violations)), SOURCE_HEADER: "mock"}
        await send_response(send, MockResponse(response.status, response.body, response.media_type, headers))

    async def _gateway_error(self, send: Send, exchange: Exchange, status: int, code: str, message: str) -> None:
        exchange.status = status
        exchange.source = "proxy"
        log.warning("proxy: %s %s: %s", exchange.method, exchange.path, _redact(message, exchange.secrets))
        error = self.mount.factory.error(None, Problem(status, code, message))
        headers = {**error.headers, VIOLATIONS_HEADER: str(len(exchange.violations)), SOURCE_HEADER: "proxy"}
        await send_response(send, MockResponse(error.status, error.body, error.media_type, headers))

    # ------------------------------------------------------------ reporting

    def _report(self, exchange: Exchange, started: float) -> None:
        self.exchanges += 1
        violations = [_redact(v, exchange.secrets) for v in exchange.violations]
        if violations:
            self.violations_seen += len(violations)
            log.warning(
                "proxy: %s %s -> %s from %s: %d violation(s): %s",
                exchange.method,
                exchange.path,
                exchange.status,
                exchange.source,
                len(violations),
                "; ".join(violations),
            )
        if exchange.source != "mock":  # the mock journals its own answers
            self.mock.scenarios.journal.record(
                ts=started,
                api=self.mount.api.name,
                operation=exchange.operation.operation_id if exchange.operation else None,
                method=exchange.method,
                path=exchange.path,
                status=exchange.status,
                scenario=None,
                scenarios=(),
                rules=(),
                fault=None,
                duration_ms=(time.time() - started) * 1000,
                credential=None,
                via=exchange.source,
                violations=tuple(violations),
            )
        for listener in self.listeners:
            try:
                listener(exchange)
            except Exception:  # a failing recorder must not fail the request it watched
                log.exception("proxy: exchange listener failed for %s %s", exchange.method, exchange.path)


def create_proxy_app(serve: ServeConfig, config: ProxyConfig, apis: dict[str, Api]) -> Any:
    """The proxy for `serve.only_api`, with the mock (for fallback) and the admin API (journal) beside it."""
    selected = select_apis(apis, serve.only_api)
    engine = ScenarioEngine.load(selected, serve.scenarios_dir, serve.state, frozenset(apis) - frozenset(selected))
    engine.start(list(serve.scenarios), serve.scenario_settings)
    mock = MockServer(selected, serve, engine)
    check_admin_prefix(mock)
    attach_callbacks(engine, selected, serve)
    proxy = ProxyServer(mock, config)
    access = AdminAccess.configure(serve.admin_token, serve.admin_hosts)
    admin = Starlette(routes=[admin_routes(lambda: mock, access)])
    admin.state.server = mock
    admin.state.proxy = proxy
    admin.state.admin_access = access
    return TransportCapture(Dispatch(mock, admin, front=proxy))


# ---------------------------------------------------------------- checking an answer


def response_violations(
    operation: Operation, status: int, headers: dict[str, str], body: bytes | None, content_type: str
) -> list[str]:
    """What is off-spec in an answer: its status, media type, required headers and (when given) JSON body.

    `headers` have lower-case names; `body` is None when the answer streamed past unchecked.
    The body is judged by the compiled validators the mock's request validation uses.
    """
    spec = operation.response_for(status)
    if spec is None:
        return [f"response status {status} is not declared (declared: {', '.join(sorted(operation.responses))})"]
    found: list[str] = []
    for name in sorted(spec.required_headers):
        if name not in headers:
            found.append(f"response header {name} is required")
    for name, schema in spec.headers.items():
        if name in headers and schema:
            for where, message, _kind in iter_problems(schema, cast_scalar(schema, headers[name])):
                found.append(f"response header {name}{'.' + where if where else ''}: {message}")
    media_type = essence(content_type)
    if not spec.content or body == b"" and not media_type:
        return found
    media = find_media(spec.content, media_type)
    if media is None:
        declared = ", ".join(spec.content)
        return [*found, f"response content type {media_type or '(none)'} is not declared for {status} ({declared})"]
    if body is None or media.schema is None or not is_json_media(media_type):
        return found
    try:
        value = json.loads(body)
    except ValueError as exc:
        return [*found, f"response body is not JSON: {exc}"]
    for where, message, _kind in iter_problems(media.schema, value):
        found.append(f"response body {where}: {message}" if where else f"response body: {message}")
    return found


# ---------------------------------------------------------------- helpers


@dataclass
class HeldBody:
    """The start of an upstream answer, read before its headers are sent; `rest` streams the remainder."""

    rest: AsyncIterator[bytes]
    chunks: list[bytes]
    complete: bool

    @property
    def data(self) -> bytes:
        return b"".join(self.chunks)

    @classmethod
    async def read(cls, response: httpx.Response, limit: int) -> HeldBody:
        """Up to `limit` bytes of the raw body; complete when that was all of it."""
        rest = response.aiter_raw()
        declared = response.headers.get("content-length", "")
        if declared.isdecimal() and int(declared) > limit:
            return cls(rest, [], complete=False)
        held = cls(rest, [], complete=True)
        size = 0
        async for chunk in rest:
            held.chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                held.complete = False  # the remainder is still in `rest`
                break
        return held


def _decode(raw: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            return zlib.decompress(raw, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            return zlib.decompress(raw)
    except zlib.error:
        return raw
    return raw


async def _stream(chunks: AsyncIterator[bytes], send: Send) -> None:
    try:
        async for chunk in chunks:
            if chunk:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
    except httpx.HTTPError as exc:  # headers are gone: all that is left is to end the body
        log.warning("proxy: upstream broke off its answer: %s", _reason(exc))
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    return text


__all__ = ["ProxyConfig", "ProxyServer", "create_proxy_app"]
