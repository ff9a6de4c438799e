"""A small real Runflow backend for the proxy tests, with deliberate drift from the spec.

  GET /v1/batches/{id}            a spec-valid batch, except for DRIFTING_BATCH whose items_total is a string
  GET /v1/solutions               answers only after SLOW_S seconds (timeouts)
  GET /v1/batches/{id}/callback   not built yet: Starlette's plain-text 404 (fallback to the mock)
  POST /v1/docs                   counts the bytes it received (streamed uploads)
  GET /v1/assets                  a large page, streamed in chunks (streamed answers)
Every route wants a bearer token and answers 401 in Runflow's envelope without one; the
token each request carried is kept in `seen_tokens`, to prove credentials reach the backend.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.specmock_server import free_port

DRIFTING_BATCH = "0b7a2c8e-0000-4000-8000-00000000d81f"
SLOW_S = 10.0  # far beyond the proxy's --timeout, so a 504 cannot be the backend's own late answer

seen_tokens: list[str] = []


def _unauthorized(request: Request) -> Response | None:
    authorization = request.headers.get("authorization", "")
    if not authorization.startswith("Bearer "):
        return JSONResponse({"code": "UNAUTHORIZED", "message": "Not authenticated"}, status_code=401)
    seen_tokens.append(authorization.removeprefix("Bearer "))
    return None


async def get_batch(request: Request) -> Response:
    refused = _unauthorized(request)
    if refused is not None:
        return refused
    batch_id = request.path_params["batch_id"]
    batch = {
        "id": batch_id,
        "status_code": "completed",
        "items_total": 3,
        "items_succeeded": 3,
        "items_failed": 0,
        "items_cancelled": 0,
        "callback_url": None,
        "created_by": "9d3c5b7a-3333-4000-8000-000000000003",
        # what recording must not keep: a secret-named field, and the caller's own key echoed back
        "metadata": {"api_token": "tok_backend_internal_77", "requested_by": request.headers["authorization"]},
        "created_at": "2026-01-02T03:04:05Z",
        "completed_at": "2026-01-02T03:05:05Z",
    }
    if batch_id == DRIFTING_BATCH:
        batch["items_total"] = "three"  # the drift: the spec says integer
    return JSONResponse(batch)


async def list_solutions(request: Request) -> Response:
    await asyncio.sleep(SLOW_S)
    return JSONResponse({"data": [], "pagination": {}})


async def create_doc_page(request: Request) -> Response:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
    page = {"id": "6a1f0c1e-2222-4000-8000-000000000002", "slug": "big", "title": "Big", "content": f"{received}"}
    return JSONResponse(page, status_code=201)


LARGE_PAGE_ITEMS = 20_000


async def list_assets(request: Request) -> Response:
    async def page() -> AsyncIterator[bytes]:
        yield b'{"data": ['
        for index in range(LARGE_PAGE_ITEMS):
            yield (b"," if index else b"") + b'{"id": "%d", "padding": "%s"}' % (index, b"x" * 100)
        yield b'], "pagination": {}}'

    return StreamingResponse(page(), media_type="application/json")


app = Starlette(
    routes=[
        Route("/v1/batches/{batch_id}", get_batch),
        Route("/v1/solutions", list_solutions),
        Route("/v1/docs", create_doc_page, methods=["POST"]),
        Route("/v1/assets", list_assets),
    ]
)


@contextmanager
def running_backend() -> Iterator[str]:
    """The backend on a free loopback port, in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the drift backend did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
