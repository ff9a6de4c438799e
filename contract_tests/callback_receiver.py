"""`specmock contract --callback-receiver`: does the implementation deliver the callbacks its spec declares?

A small HTTP endpoint on 127.0.0.1 receives whatever the implementation under test sends while
the contract run goes on. Callbacks whose URL is a request-body runtime expression
(`{$request.body#/callback_url}`) are pointed at the receiver: the contract document given to
the run has that body field fixed to the receiver's URL, so every generated request carries it.
For webhooks, or callbacks an implementation is configured with, the receiver's URL is printed
to point it there by hand.

After the run (and `--callback-wait` seconds for late deliveries) every received request is
checked against the declared callbacks and webhooks: a payload must be valid against the
request-body schema of at least one of them with the same method, and when the spec declares
callbacks, at least one must have arrived. Each miss is a `callback_delivery_conformance` failure.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

import uvicorn
from jsonschema import Draft202012Validator
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contract_tests.runner import FailureRecord, RunResult
from contract_tests.spec_facts import resolve_local_refs
from mock.spec.model import HTTP_METHODS

CHECK = "callback_delivery_conformance"


@dataclass(frozen=True)
class DeclaredCallback:
    name: str
    url: str | None  # the runtime expression; None for a webhook
    method: str
    schema: dict[str, Any] | None


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    body: bytes
    content_type: str


def declared_callbacks(document: dict[str, Any]) -> list[DeclaredCallback]:
    """Every operation's `callbacks` and the document's `webhooks`, their schemas with local $refs inlined."""
    document = resolve_local_refs(document)
    found: list[DeclaredCallback] = []

    def requests_of(name: str, url: str | None, item: Any) -> None:
        for method in HTTP_METHODS:
            raw = item.get(method) if isinstance(item, dict) else None
            if isinstance(raw, dict):
                content = (raw.get("requestBody") or {}).get("content") or {}
                media: dict[str, Any] = next(iter(content.values()), {}) if content else {}
                found.append(DeclaredCallback(name, url, method.upper(), (media or {}).get("schema")))

    for item in (document.get("paths") or {}).values():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            for name, expressions in ((operation or {}).get("callbacks") or {}).items():
                for url, callback_item in (expressions or {}).items():
                    requests_of(str(name), str(url), callback_item)
    for name, item in (document.get("webhooks") or {}).items():
        requests_of(str(name), None, item)
    return found


def point_callbacks_at(document: dict[str, Any], url: str) -> dict[str, Any]:
    """A copy of the document ($refs inlined) whose request-body fields named by callback URL expressions
    can only hold `url`."""
    pointed = resolve_local_refs(document)
    for item in (pointed.get("paths") or {}).values():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict) or not operation.get("callbacks"):
                continue
            for expressions in operation["callbacks"].values():
                for expression in expressions or {}:
                    pointer = _body_pointer(str(expression))
                    if pointer is None:
                        continue
                    for media in ((operation.get("requestBody") or {}).get("content") or {}).values():
                        _fix_field(media.get("schema"), pointer, url)
    return pointed


def _body_pointer(expression: str) -> list[str] | None:
    text = expression.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    if not text.startswith("$request.body#/"):
        return None
    return [t.replace("~1", "/").replace("~0", "~") for t in text.split("#", 1)[1].split("/") if t]


def _fix_field(schema: Any, pointer: list[str], url: str) -> None:
    if not isinstance(schema, dict) or not pointer:
        return
    properties = schema.get("properties")
    if not isinstance(properties, dict) or pointer[0] not in properties:
        return
    if len(pointer) == 1:
        properties[pointer[0]] = {"type": "string", "const": url}
        required = schema.setdefault("required", [])
        if pointer[0] not in required:
            required.append(pointer[0])
    else:
        _fix_field(properties[pointer[0]], pointer[1:], url)


class CallbackReceiver:
    """An endpoint on 127.0.0.1 that answers 200 to anything and keeps what it got."""

    def __init__(self, port: int = 0) -> None:
        self.received: list[Received] = []
        self._lock = threading.Lock()
        app = Starlette(routes=[Route("/{path:path}", self._receive, methods=["POST", "PUT", "PATCH"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    async def _receive(self, request: Request) -> Response:
        body = await request.body()
        with self._lock:
            self.received.append(
                Received(request.method, request.url.path, body, request.headers.get("content-type", ""))
            )
        return JSONResponse({"received": True})

    def start(self, timeout: float = 10.0) -> CallbackReceiver:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the callback receiver did not start")
            time.sleep(0.02)
        return self

    @property
    def url(self) -> str:
        sockets = self._server.servers[0].sockets if self._server.servers else []
        port = sockets[0].getsockname()[1] if sockets else 0
        return f"http://127.0.0.1:{port}/callbacks"

    def snapshot(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def check_deliveries(declared: list[DeclaredCallback], received: list[Received]) -> list[FailureRecord]:
    failures = []
    for delivery in received:
        candidates = [c for c in declared if c.method == delivery.method]
        if not candidates:
            failures.append(
                _failure(
                    "A callback nobody declared",
                    f"{delivery.method} {delivery.path}: the spec declares no such callback",
                )
            )
            continue
        try:
            payload = json.loads(delivery.body) if delivery.body else None
        except ValueError as exc:
            failures.append(_failure("Callback payload is not JSON", f"{delivery.method} {delivery.path}: {exc}"))
            continue
        problems = []
        for callback in candidates:
            errors = list(Draft202012Validator(callback.schema or {}).iter_errors(payload))
            if not errors:
                break
            problems.append(f"{callback.name}: {errors[0].message} at /{'/'.join(str(p) for p in errors[0].path)}")
        else:
            failures.append(_failure("Callback payload is not valid against the spec", "; ".join(problems)))
    expected = [c for c in declared if c.url is not None]
    if expected and not received:
        names = ", ".join(sorted({c.name for c in expected}))
        failures.append(_failure("No callback delivered", f"the spec declares {names}; nothing reached the receiver"))
    return failures


def _failure(title: str, message: str) -> FailureRecord:
    return FailureRecord(
        operation="callbacks", check=CHECK, title=title, message=message, status_code=None, phase="callbacks", curl=[]
    )


# ---------------------------------------------------------------- what the contract CLI calls


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--callback-receiver",
        action="store_true",
        help="receive the implementation's callbacks on 127.0.0.1 and check them against the declared ones",
    )
    parser.add_argument("--callback-port", type=int, default=0, help="port of the receiver (default: a free one)")
    parser.add_argument(
        "--callback-wait", type=float, default=5.0, help="seconds to wait for late callbacks after the run (default 5)"
    )


def start(args: argparse.Namespace, document: dict[str, Any]) -> tuple[CallbackReceiver | None, dict[str, Any]]:
    """The running receiver (or None) and the document the run should use."""
    if not args.callback_receiver:
        return None, document
    receiver = CallbackReceiver(args.callback_port).start()
    print(f"specmock contract: receiving callbacks at {receiver.url}", flush=True)
    return receiver, point_callbacks_at(document, receiver.url)


def finish(
    receiver: CallbackReceiver | None, args: argparse.Namespace, document: dict[str, Any], result: RunResult
) -> None:
    if receiver is None:
        return
    declared = declared_callbacks(document)
    expected = bool([c for c in declared if c.url is not None])
    deadline = time.monotonic() + args.callback_wait
    while time.monotonic() < deadline and not (expected and receiver.snapshot()):
        time.sleep(0.1)
    time.sleep(min(0.5, args.callback_wait))  # deliveries already under way land too
    received = receiver.snapshot()
    receiver.stop()
    print(f"specmock contract: {len(received)} callback(s) received", flush=True)
    for failure in check_deliveries(declared, received):
        result.add_failure(failure)
