"""Small AERIOX implementations for the contract tool's negative and positive controls.

`make_app()` is a correct implementation of a handful of AERIOX operations (wallet, image generation,
jobs, characters); `make_app(fault=...)` breaks exactly one rule, so a contract run against it must
report that rule's check. They are deliberately tiny and independent of the mock under test.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import jsonschema_rs
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.specmock_server import free_port

API_KEY = "sk_test_contract"
SPEC = Path(__file__).resolve().parent.parent / "specs" / "aeriox-studio.openapi.json"

# The operations the fixture implements; contract runs are restricted to them with --operation.
OPERATIONS = [
    "getWallet",
    "generateImage",
    "getJob",
    "cancelJob",
    "createCharacter",
    "listCharacters",
    "getCharacter",
    "deleteCharacter",
]

# fault -> the check a contract run must report for it
FAULTS = {
    "wrong_type": "response_schema_conformance",
    "missing_field": "response_schema_conformance",
    "server_error_on_bad_input": "not_a_server_error",
    "accepts_invalid_body": "negative_data_rejection",
    "undeclared_error_shape": "error_envelope_conformance",
    "no_retry_after": "retry_after_conformance",
    "payment_without_code": "insufficient_funds_conformance",
    "negative_balance": "wallet_balance_conformance",
    "job_goes_backwards": "job_lifecycle_conformance",
    "terminal_job_cancellable": "job_cancellation_conformance",
    "deleted_still_readable": "resource_lifecycle_conformance",
}


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": {}}}, status_code=status, headers=headers
    )


def _schema(name: str) -> dict:
    document = json.loads(SPEC.read_text())
    components = document["components"]["schemas"]

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(components[node["$ref"].rsplit("/", 1)[1]])
            return {k: inline(v) for k, v in node.items() if k != "nullable"}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    if name in components:
        return inline(components[name])
    path, method = name.split(" ")
    return inline(document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"])


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def make_app(fault: str | None = None) -> Starlette:
    if fault is not None and fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}")
    image_request = jsonschema_rs.Draft202012Validator(_schema("GenerateImageRequest"), validate_formats=True)
    character_request = jsonschema_rs.Draft202012Validator(_schema("/v1/characters post"), validate_formats=True)
    jobs: dict[str, dict] = {}
    polls: dict[str, int] = {}
    characters: dict[str, dict] = {}
    counter = {"generate": 0}

    def authorised(request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        key = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-api-key", "")
        return key == API_KEY

    def guard(handler):
        async def wrapped(request: Request) -> Response:
            if not authorised(request):
                return _error(401, "unauthorized", "missing or invalid API key")
            return await handler(request)

        return wrapped

    async def json_body(request: Request):
        try:
            return json.loads(await request.body())
        except ValueError:
            return None

    async def get_wallet(request: Request) -> Response:
        limit = request.query_params.get("limit", "20")
        if not limit.isdecimal() or not 1 <= int(limit) <= 200:
            return _error(400, "invalid_limit", "limit must be an integer in 1..200")
        balance = -3.5 if fault == "negative_balance" else 12.5
        transactions = "none" if fault == "wrong_type" else []
        return JSONResponse(
            {"balance": {"usd": balance, "usd_micros": int(balance * 1_000_000)}, "recent_transactions": transactions}
        )

    def new_job(kind: str, status: str) -> dict:
        job = {"job_id": str(uuid.uuid4()), "type": kind, "status": status, "created_at": _now(), "progress_pct": 0}
        jobs[job["job_id"]] = job
        polls[job["job_id"]] = 0
        return job

    async def generate_image(request: Request) -> Response:
        body = await json_body(request)
        if body is None or not image_request.is_valid(body):
            if fault == "server_error_on_bad_input":
                return PlainTextResponse("Internal Server Error", status_code=500)
            if fault != "accepts_invalid_body":
                return _error(400, "invalid_body", "body does not match GenerateImageRequest")
        counter["generate"] += 1
        # Every third accepted request is throttled, every fourth refused for funds: both are declared.
        if counter["generate"] % 3 == 0:
            headers = {} if fault == "no_retry_after" else {"Retry-After": "2"}
            return _error(429, "rate_limited", "slow down", headers=headers)
        if counter["generate"] % 4 == 0:
            code = "payment_required" if fault == "payment_without_code" else "insufficient_funds"
            return _error(402, code, "wallet balance too low")
        status = {"job_goes_backwards": "running", "terminal_job_cancellable": "completed"}.get(fault, "queued")
        return JSONResponse(new_job("image", status), status_code=202)

    def advance(job: dict) -> dict:
        """Jobs progress one step per poll: queued -> running -> completed."""
        polls[job["job_id"]] += 1
        if fault == "job_goes_backwards":
            job["status"] = "queued"
        elif job["status"] == "queued":
            job["status"] = "running"
        elif job["status"] == "running":
            job.update(
                status="completed", progress_pct=100, completed_at=_now(), output_urls=["https://cdn.example/x.png"]
            )
        return job

    async def get_job(request: Request) -> Response:
        job_id = request.path_params["id"]
        if fault == "undeclared_error_shape" and not _is_uuid(job_id):
            return PlainTextResponse("bad job id", status_code=400)
        job = jobs.get(job_id)
        if job is None:
            return _error(404, "not_found", "no such job")
        shown = dict(advance(job))
        if fault == "missing_field":
            shown.pop("created_at")
        return JSONResponse(shown)

    async def cancel_job(request: Request) -> Response:
        job = jobs.get(request.path_params["id"])
        if job is None:
            return _error(404, "not_found", "no such job")
        if (
            job["status"] in ("completed", "failed", "cancelled", "nsfw_blocked")
            and fault != "terminal_job_cancellable"
        ):
            return _error(409, "job_terminal", f"job is already {job['status']}")
        job.update(status="cancelled", completed_at=_now())
        return JSONResponse(job)

    async def create_character(request: Request) -> Response:
        body = await json_body(request)
        if body is None or not character_request.is_valid(body):
            return _error(400, "invalid_body", "body does not match the character schema")
        character = {
            "id": str(uuid.uuid4()),
            "name": body["name"],
            "status": "training",
            "created_at": _now(),
            "image_urls": body["image_urls"],
        }
        characters[character["id"]] = character
        job = new_job("character_train", "queued")
        return JSONResponse({**job, "character_id": character["id"]}, status_code=202)

    async def list_characters(request: Request) -> Response:
        limit = request.query_params.get("limit", "20")
        if not limit.isdecimal() or not 1 <= int(limit) <= 100:
            return _error(400, "invalid_limit", "limit must be an integer in 1..100")
        # `?cursor=` is the first page, as real backends read an empty query value
        live = [{k: v for k, v in c.items() if k != "deleted"} for c in characters.values() if not c.get("deleted")]
        # The cursor is the offset of the next page; one the app never issued gives an empty page.
        cursor = request.query_params.get("cursor")
        start = int(cursor) if cursor is not None and cursor.isdecimal() else (0 if cursor is None else len(live))
        end = start + int(limit)
        next_cursor = str(end) if end < len(live) else None
        return JSONResponse({"data": live[start:end], "next_cursor": next_cursor})

    async def get_character(request: Request) -> Response:
        character = characters.get(request.path_params["id"])
        if character is None or (character.get("deleted") and fault != "deleted_still_readable"):
            return _error(404, "not_found", "no such character")
        return JSONResponse({k: v for k, v in character.items() if k != "deleted"})

    async def delete_character(request: Request) -> Response:
        character = characters.get(request.path_params["id"])
        if character is None or character.get("deleted"):
            return _error(404, "not_found", "no such character")
        character["deleted"] = True
        return Response(status_code=204)

    def by_method(**handlers):
        # One route per path, so a 405 lists every method the path supports in `Allow`.
        async def dispatch(request: Request) -> Response:
            return await guard(handlers[request.method.lower()])(request)

        return dispatch, [method.upper() for method in handlers]

    def route(path: str, **handlers) -> Route:
        endpoint, methods = by_method(**handlers)
        return Route(path, endpoint, methods=methods)

    routes = [
        route("/v1/wallet", get=get_wallet),
        route("/v1/images/generate", post=generate_image),
        route("/v1/jobs/{id}", get=get_job, delete=cancel_job),
        route("/v1/characters", get=list_characters, post=create_character),
        route("/v1/characters/{id}", get=get_character, delete=delete_character),
    ]

    async def not_found(request: Request, exc) -> Response:
        return _error(404, "not_found", "no such route")

    async def not_allowed(request: Request, exc) -> Response:
        return _error(
            405, "method_not_allowed", "method not allowed", headers=dict(getattr(exc, "headers", None) or {})
        )

    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_allowed})


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve an ASGI app on a free loopback port in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("fixture server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
