"""The admin API under /__specmock/: scenarios, state, journal and clock of a running mock.

It is not part of any mocked API (the server refuses to start if a spec path would fall
under the prefix). It holds the API keys clients used and can reset every wallet, so no web
page the developer happens to visit may read or change it (`AdminAccess`):

- no CORS headers: only a page served by the mock itself (the inspector) can read answers;
- the client must be on a loopback address, as the socket says (never a header), and the
  `Host` must be a loopback name, an address of this machine's loopback, or one configured
  (`--host`), so a DNS-rebinding page on `attacker.example` that resolves to 127.0.0.1 is
  refused;
- a call that changes something must carry a header no cross-site form or simple `fetch` can
  send (`X-Specmock-Admin: 1`, or a JSON content type, which needs a CORS preflight that is
  never granted) and, when the browser says where it comes from (`Origin`), come from the
  mock's own origin;
- or the admin token (`X-Specmock-Token: T` or `Authorization: Bearer T`): printed at
  start-up, fixed with `--admin-token` for a mock in a container reached from another host.

  GET    /__specmock/                          what is here
  GET    /__specmock/scenarios                 every loaded scenario, active or not, with its settings
  PUT    /__specmock/scenarios                 {"active": [names], "settings": {name: {...}}}: exactly these
  POST   /__specmock/scenarios/{name}/activate     optional body {"settings": {...}}
  POST   /__specmock/scenarios/{name}/deactivate
  GET    /__specmock/state[/{namespace}]       wallets, ledger, jobs, resources, buckets, calls…
  POST   /__specmock/state/reset               all state, or ?namespace=wallets (repeatable)
  GET    /__specmock/journal                   ?method=&path=&status=&scenario=&api=&operation=&since=&limit=
  DELETE /__specmock/journal
  GET    /__specmock/clock                     the scenario clock; POST {"advance_s": 10} moves it on
  GET    /__specmock/ui                        the inspector page
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route

from mock.admin_input import (
    ACTIVATE,
    ADVANCE_CLOCK,
    PUT_SCENARIOS,
    AdminInputError,
    int_parameter,
    read_admin_json,
)
from mock.scenario.decision import iso
from mock.scenario.engine import STATE_NAMESPACES, UnknownScenario
from mock.scenario.loading import ScenarioError
from mock.spec.model import essence

if TYPE_CHECKING:
    from mock.app import MockServer

PREFIX = "/__specmock"
log = logging.getLogger("specmock")


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
INTENT_HEADER = "x-specmock-admin"
TOKEN_HEADER = "x-specmock-token"
# Content types a cross-site form or no-cors fetch can send without a preflight (the CORS safelist).
SIMPLE_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})
# The inspector's files (package data): the page holds no data and can do nothing by itself; every
# call it makes goes through the guarded routes. Nothing else in the package is reachable.
INSPECTOR_FILES = {
    "inspector.js": "text/javascript; charset=utf-8",
    "inspector.css": "text/css; charset=utf-8",
}
PAGE_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-cache",
}


@dataclass(frozen=True)
class AdminAccess:
    """Who may call the admin API: see the module docstring."""

    token: str
    hosts: frozenset[str] = frozenset()  # Host names accepted besides loopback ones, lower case, no port

    @classmethod
    def configure(cls, token: str | None, hosts: tuple[str, ...] = ()) -> AdminAccess:
        extra = frozenset(h.lower().strip("[]") for h in hosts if h not in WILDCARD_HOSTS)
        return cls(token or secrets.token_urlsafe(18), extra)

    def refusal(self, request: Request) -> str | None:
        """Why this request may not use the admin API, or None when it may."""
        presented = self._presented_token(request)
        if presented is not None:
            if hmac.compare_digest(presented.encode(), self.token.encode()):
                return None
            return "the admin token is wrong"
        client = request.scope.get("client")
        if not client or not _is_loopback_address(client[0]):
            return "the specmock admin API answers loopback clients only (or send the admin token)"
        host = request.headers.get("host")
        if host is not None and not self._host_allowed(host):
            return f"the admin API does not answer for Host {host!r}: use 127.0.0.1, localhost or the --host name"
        if request.method in SAFE_METHODS:
            return None
        content_type = essence(request.headers.get("content-type", ""))
        intent = INTENT_HEADER in request.headers or bool(content_type and content_type not in SIMPLE_CONTENT_TYPES)
        if not intent:
            return f"a call that changes something needs the header {INTENT_HEADER}: 1 (or the admin token)"
        origin = request.headers.get("origin")
        if origin is not None and origin != "null" and urlsplit(origin).netloc.lower() != (host or "").lower():
            return f"cross-origin call from {origin} refused"
        if origin == "null":
            return "call from an opaque origin refused"
        return None

    def _presented_token(self, request: Request) -> str | None:
        token = request.headers.get(TOKEN_HEADER)
        if token is not None:
            return token
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def _host_allowed(self, host: str) -> bool:
        name = _host_name(host)
        if name == "localhost" or name.endswith(".localhost") or name in self.hosts:
            return True
        return _is_loopback_address(name)


def _host_name(host: str) -> str:
    """The name part of a Host header: no port, no IPv6 brackets, lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_loopback_address(value: str) -> bool:
    try:
        return ipaddress.ip_address(value).is_loopback
    except ValueError:
        return False


def _inspector_file(name: str) -> bytes:
    return resources.files("mock").joinpath("inspector", name).read_bytes()


async def inspector_page(request: Request) -> Response:
    return HTMLResponse(_inspector_file("index.html"), headers=PAGE_HEADERS)


async def inspector_asset(request: Request) -> Response:
    name = request.path_params["name"]
    media_type = INSPECTOR_FILES.get(name)
    if media_type is None:
        return _error(404, f"no inspector file {name!r}")
    return Response(_inspector_file(name), media_type=media_type, headers=PAGE_HEADERS)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(
        {
            "error": {
                "code": {
                    400: "invalid_request",
                    403: "forbidden",
                    404: "not_found",
                    405: "method_not_allowed",
                    413: "payload_too_large",
                    500: "internal_error",
                }.get(status, "error"),
                "message": message,
            }
        },
        status_code=status,
    )


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals under the prefix (no such admin path, wrong method) in the admin envelope."""
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "") or "error"
    if status == 404:
        detail = f"no admin endpoint at {request.url.path}; see GET {PREFIX}/"
    elif status == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    return _error(status, detail)


def admin_routes(current: Callable[[], MockServer], access: AdminAccess) -> Mount:
    """The admin API of whichever server is current (a reload swaps it), behind `access`."""

    def guarded(handler: Callable[..., Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            refusal = access.refusal(request)
            if refusal is not None:
                return _error(403, refusal)
            try:
                response: Response = await handler(request)
                return response
            except AdminInputError as exc:
                return _error(exc.status, str(exc))
            except UnknownScenario as exc:
                return _error(404, str(exc.args[0]))
            except ScenarioError as exc:
                return _error(400, exc.problem)
            except Exception:  # a bug of ours: still JSON in the admin envelope, never a plain-text traceback
                log.exception("internal error answering %s %s", request.method, request.url.path)
                return _error(500, "specmock failed to answer this admin call; see its log")

        return endpoint

    async def index(request: Request) -> Response:
        engine = current().scenarios
        engine.follow_shared_settings()
        return JSONResponse(
            {
                "scenarios": PREFIX + "/scenarios",
                "active": engine.active(),
                "state": PREFIX + "/state",
                "state_store": engine.store.description,
                "journal": PREFIX + "/journal",
                "clock": PREFIX + "/clock",
                "inspector": PREFIX + "/ui",
            }
        )

    async def scenarios(request: Request) -> Response:
        engine = current().scenarios
        engine.follow_shared_settings()
        if request.method == "PUT":
            body = await read_admin_json(request, PUT_SCENARIOS)
            engine.set_active([n for n in body["active"] if n != "none"], body.get("settings") or {})
        return JSONResponse({"active": engine.active(), "scenarios": engine.describe()})

    async def activate(request: Request) -> Response:
        body = await read_admin_json(request, ACTIVATE)
        engine = current().scenarios
        engine.activate(request.path_params["name"], body.get("settings"))
        return JSONResponse({"active": engine.active()})

    async def deactivate(request: Request) -> Response:
        engine = current().scenarios
        engine.deactivate(request.path_params["name"])
        return JSONResponse({"active": engine.active()})

    async def state(request: Request) -> Response:
        namespace = request.path_params.get("namespace")
        if namespace is not None and namespace not in STATE_NAMESPACES:
            return _error(404, f"no state namespace {namespace!r}; known: {', '.join(STATE_NAMESPACES)}")
        return JSONResponse(current().scenarios.state(namespace))

    async def reset(request: Request) -> Response:
        namespaces = tuple(request.query_params.getlist("namespace")) or None
        for name in namespaces or ():
            if name not in STATE_NAMESPACES:
                return _error(400, f"no state namespace {name!r}; known: {', '.join(STATE_NAMESPACES)}")
        current().scenarios.reset(namespaces)
        return JSONResponse({"reset": list(namespaces or STATE_NAMESPACES)})

    async def journal(request: Request) -> Response:
        server = current()
        engine = server.scenarios
        if request.method == "DELETE":
            engine.journal.clear()
            return JSONResponse({"cleared": True})
        q = request.query_params
        entries = engine.journal.query(
            method=q.get("method"),
            path=q.get("path"),
            status=int_parameter(q.get("status"), "status", 100, 599),
            scenario=q.get("scenario"),
            api=q.get("api"),
            operation=q.get("operation"),
            since=int_parameter(q.get("since"), "since", 0, 10**12),
            limit=int_parameter(q.get("limit"), "limit", 1, 100_000) or 100,
            resolve=server.operation_at,
        )
        return JSONResponse({"entries": entries, "count": len(entries)})

    async def clock(request: Request) -> Response:
        engine = current().scenarios
        engine.follow_shared_settings()
        if request.method == "POST":
            body = await read_admin_json(request, ADVANCE_CLOCK)
            try:
                engine.advance_clock(float(body.get("advance_s", 0)))
            except ValueError as exc:
                raise AdminInputError(400, str(exc)) from None
        return JSONResponse({"now": iso(engine.now()), "timestamp": engine.now(), "offset_s": engine.clock_offset})

    return Mount(
        PREFIX,
        routes=[
            Route("/", guarded(index), methods=["GET"]),
            Route("/scenarios", guarded(scenarios), methods=["GET", "PUT"]),
            Route("/scenarios/{name}/activate", guarded(activate), methods=["POST"]),
            Route("/scenarios/{name}/deactivate", guarded(deactivate), methods=["POST"]),
            Route("/state", guarded(state), methods=["GET"]),
            Route("/state/reset", guarded(reset), methods=["POST"]),
            Route("/state/{namespace}", guarded(state), methods=["GET"]),
            Route("/journal", guarded(journal), methods=["GET", "DELETE"]),
            Route("/clock", guarded(clock), methods=["GET", "POST"]),
            Route("/ui", inspector_page, methods=["GET"]),
            Route("/ui/{name}", inspector_asset, methods=["GET"]),
        ],
    )
