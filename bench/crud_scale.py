#!/usr/bin/env python3
"""What an inferred collection's requests cost as it grows: CPU per create, read, list and update at
each size, for any spec specmock infers a collection from.

Run by hand (never part of the test suite), in-process through the ASGI app (no socket, no client):

    python bench/crud_scale.py                                   # a Petstore-like spec of bench/'s own
    python bench/crud_scale.py --specs DIR --api NAME --collection /api/pets --body '{"name": "Rex"}'

The app is built as `specmock serve` builds it with its default scenarios (the inferred `stateful` one),
request log off. The collection is filled by creates up to each size; at each size, `--requests` creates,
reads of a random record, updates (PATCH, else PUT, when the item path has one) and first-page lists are
timed. A request whose cost does not depend on the collection's size stays flat across the columns.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mock.app import ServeConfig, create_app, settle_memory  # noqa: E402
from mock.scenario.cli import DEFAULT_SCENARIOS  # noqa: E402
from mock.spec import load_apis  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from request_profile import http_scope  # noqa: E402

# A small spec of the bench's own, so the default run needs nothing outside the repository.
PETS = {
    "openapi": "3.0.3",
    "info": {"title": "pets", "version": "1"},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "createPet",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}},
                },
                "responses": {
                    "201": {
                        "description": "made",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    }
                },
            },
        },
        "/pets/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {
                "operationId": "getPet",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    },
                    "404": {"description": "none"},
                },
            },
            "patch": {
                "operationId": "updatePet",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}},
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    },
                    "404": {"description": "none"},
                },
            },
            "delete": {"operationId": "deletePet", "responses": {"204": {"description": "gone"}}},
        },
    },
    "components": {
        "schemas": {
            "NewPet": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "tag": {"type": "string"}},
            },
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "tag": {"type": "string"}},
            },
        }
    },
}


class Client:
    """Requests straight to the ASGI callable, on one event loop; CPU seconds of each kept per kind."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()

    def send(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        return self.loop.run_until_complete(self._send(method, path, body))

    async def _send(self, method: str, path: str, body: Any) -> tuple[int, bytes]:
        raw = json.dumps(body).encode() if body is not None else b""
        target, _, query = path.partition("?")
        headers = [(b"host", b"127.0.0.1"), (b"authorization", b"Bearer bench")]
        if body is not None:
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
        scope = http_scope(method, target, query, headers)
        answer: dict[str, Any] = {"status": 0, "body": b""}

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": raw, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["body"] += message.get("body", b"")

        await self.app(scope, receive, send)
        return answer["status"], answer["body"]


def build(specs: Path, api: str | None) -> Any:
    config = ServeConfig(
        specs_dir=specs,
        only_api=api,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
        scenarios_are_default=True,
    )
    app = create_app(config, load_apis(specs), None)
    settle_memory()
    return app


def timed(client: Client, count: int, request: Any) -> tuple[float, int]:
    """Mean CPU microseconds of `count` requests made by `request()`, and the status most had."""
    statuses: dict[int, int] = {}
    started = time.process_time()
    for _ in range(count):
        status, _ = client.send(*request())
        statuses[status] = statuses.get(status, 0) + 1
    return (time.process_time() - started) / count * 1e6, max(statuses, key=statuses.__getitem__)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specs", type=Path, help="folder of OpenAPI documents (default: the bench's own pets spec)")
    parser.add_argument("--api", help="the API to serve, when --specs holds several")
    parser.add_argument("--collection", default="/pets", help="the collection's path (list and create)")
    parser.add_argument("--body", default='{"name": "Rex", "tag": "dog"}', help="a create's JSON body")
    parser.add_argument("--id-field", default="id", help="the created record's id field")
    parser.add_argument("--sizes", default="0,1000,5000,10000", help="collection sizes to measure at")
    parser.add_argument("--requests", type=int, default=200, help="requests of each kind per size")
    args = parser.parse_args()

    if args.specs is None:
        folder = Path(tempfile.mkdtemp(prefix="specmock-crud-scale-"))
        (folder / "pets.openapi.json").write_text(json.dumps(PETS))
        args.specs = folder
    client = Client(build(args.specs, args.api))
    body = json.loads(args.body)
    ids: list[Any] = []
    rng = random.Random(7)

    def create() -> tuple[str, str, Any]:
        return "POST", args.collection, body

    def read() -> tuple[str, str, Any]:
        return "GET", f"{args.collection}/{rng.choice(ids)}", None

    def update() -> tuple[str, str, Any]:
        return "PATCH", f"{args.collection}/{rng.choice(ids)}", body

    def first_page() -> tuple[str, str, Any]:
        return "GET", f"{args.collection}?limit=20", None

    made = [0]  # records made, the timed creates' too

    def fill(size: int) -> None:
        while made[0] < size:
            made[0] += 1
            status, answer = client.send("POST", args.collection, body)
            if status >= 300:
                sys.exit(f"a create got {status}: {answer[:200]!r}")
            ids.append(json.loads(answer)[args.id_field])

    fill(1)
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        fill(size)
        row: dict[str, Any] = {"size": made[0]}
        for kind, request in (("read", read), ("update", update), ("list", first_page), ("create", create)):
            row[kind] = timed(client, args.requests, request)
        made[0] += args.requests
        rows.append(row)
        print(
            f"{row['size']:>7} records: "
            + ", ".join(
                f"{kind} {row[kind][0]:8.0f} us ({row[kind][1]})" for kind in ("create", "read", "update", "list")
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
