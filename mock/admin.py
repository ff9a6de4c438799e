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
import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from mock.scenario.decision import iso
from mock.scenario.engine import STATE_NAMESPACES, ScenarioEngine, UnknownScenario
from mock.scenario.loading import ScenarioError

PREFIX = "/__specmock"


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
                "code": {400: "invalid_request", 403: "forbidden", 404: "not_found"}.get(status, "error"),
                "message": message,
            }
        },
        status_code=status,
    )


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    return json.loads(raw)


def admin_routes(engine: ScenarioEngine, resolve: Callable[[str, str], str | None]) -> Mount:
    def guarded(handler: Callable[..., Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            if not _loopback(request):
                return _error(403, "the specmock admin API answers loopback clients only")
            try:
                return await handler(request)
            except UnknownScenario as exc:
                return _error(404, str(exc.args[0]))
            except ScenarioError as exc:
                return _error(400, exc.problem)
            except (ValueError, TypeError) as exc:
                return _error(400, f"invalid request: {exc}")

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
            body = await _json_body(request)
            names = body.get("active")
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ValueError('send {"active": ["name", ...]}')
            engine.set_active([n for n in names if n != "none"], body.get("settings") or {})
        return JSONResponse({"active": engine.active(), "scenarios": engine.describe()})

    async def activate(request: Request) -> Response:
        body = await _json_body(request)
        settings = body.get("settings") if isinstance(body, dict) else None
        if settings is not None and not isinstance(settings, dict):
            raise ValueError("settings must be an object")
        engine.activate(request.path_params["name"], settings)
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
            status=int(q["status"]) if q.get("status") else None,
            scenario=q.get("scenario"),
            api=q.get("api"),
            operation=q.get("operation"),
            since=int(q["since"]) if q.get("since") else None,
            limit=int(q.get("limit", 100)),
            resolve=resolve,
        )
        return JSONResponse({"entries": entries, "count": len(entries)})

    async def clock(request: Request) -> Response:
        if request.method == "POST":
            body = await _json_body(request)
            engine.clock_offset += float(body.get("advance_s", 0))
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
