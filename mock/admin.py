"""The admin API under /__specmock/: scenarios, state, journal and clock of a running mock.

It is not part of any mocked API (the server refuses to start if a spec path would fall
under the prefix) and answers only clients on a loopback address.

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
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
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
from mock.scenario.engine import STATE_NAMESPACES, ScenarioEngine, UnknownScenario
from mock.scenario.loading import ScenarioError

PREFIX = "/__specmock"
log = logging.getLogger("specmock")


def _loopback(request: Request) -> bool:
    client = request.client
    if client is None or client.host in ("testclient", "localhost"):
        return True
    try:
        return ipaddress.ip_address(client.host).is_loopback
    except ValueError:
        return False


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


def admin_routes(engine: ScenarioEngine, resolve: Callable[[str, str], str | None]) -> Mount:
    def guarded(handler: Callable[..., Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            if not _loopback(request):
                return _error(403, "the specmock admin API answers loopback clients only")
            try:
                return await handler(request)
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
        return JSONResponse(
            {
                "scenarios": PREFIX + "/scenarios",
                "active": engine.active(),
                "state": PREFIX + "/state",
                "state_store": engine.store.description,
                "journal": PREFIX + "/journal",
                "clock": PREFIX + "/clock",
            }
        )

    async def scenarios(request: Request) -> Response:
        if request.method == "PUT":
            body = await read_admin_json(request, PUT_SCENARIOS)
            engine.set_active([n for n in body["active"] if n != "none"], body.get("settings") or {})
        return JSONResponse({"active": engine.active(), "scenarios": engine.describe()})

    async def activate(request: Request) -> Response:
        body = await read_admin_json(request, ACTIVATE)
        engine.activate(request.path_params["name"], body.get("settings"))
        return JSONResponse({"active": engine.active()})

    async def deactivate(request: Request) -> Response:
        engine.deactivate(request.path_params["name"])
        return JSONResponse({"active": engine.active()})

    async def state(request: Request) -> Response:
        namespace = request.path_params.get("namespace")
        if namespace is not None and namespace not in STATE_NAMESPACES:
            return _error(404, f"no state namespace {namespace!r}; known: {', '.join(STATE_NAMESPACES)}")
        return JSONResponse(engine.state(namespace))

    async def reset(request: Request) -> Response:
        namespaces = tuple(request.query_params.getlist("namespace")) or None
        for name in namespaces or ():
            if name not in STATE_NAMESPACES:
                return _error(400, f"no state namespace {name!r}; known: {', '.join(STATE_NAMESPACES)}")
        engine.reset(namespaces)
        return JSONResponse({"reset": list(namespaces or STATE_NAMESPACES)})

    async def journal(request: Request) -> Response:
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
            resolve=resolve,
        )
        return JSONResponse({"entries": entries, "count": len(entries)})

    async def clock(request: Request) -> Response:
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
        ],
    )
