"""Request bodies in a stream of JSON texts (NDJSON, JSON Lines, json-seq) are sent as streams: a value as one record,
a list as one record each where the operation's schema describes a list (Elasticsearch's `_bulk`), text as it is
where the schema is text. schemathesis sent each as one JSON text, so the mock, which reads a stream record by record,
was blamed for refusing a valid list; and a backend that takes any stream is still caught."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.faulty_apps import serve
from tests.specmock_server import checked_server, contract_run

SPEC = """
openapi: 3.0.3
info: {title: streams, version: "1"}
paths:
  /events:
    post:
      operationId: sendEvents
      requestBody:
        required: true
        content:
          application/x-ndjson:
            schema: {type: object, required: [type], properties: {type: {type: string}, n: {type: integer}}}
      responses:
        "202": {description: taken}
        "400": {description: refused, content: {application/json: {schema: {type: object}}}}
  /bulk:
    post:
      operationId: bulk
      requestBody:
        required: true
        content:
          application/x-ndjson:
            schema: {type: array, minItems: 2, items: {type: object, required: [op], properties: {op: {type: string}}}}
      responses:
        "200": {description: done}
        "400": {description: refused, content: {application/json: {schema: {type: object}}}}
  /raw:
    post:
      operationId: raw
      requestBody:
        required: true
        content: {application/x-ndjson: {schema: {type: string}}}
      responses:
        "200": {description: done}
        "400": {description: refused, content: {application/json: {schema: {type: object}}}}
"""


def _spec(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    spec = folder / "streams.yaml"
    spec.write_text(SPEC)
    return spec


def test_the_mock_passes_a_run_whose_bodies_are_streams(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    report = tmp_path / "report.json"
    with checked_server("--specs", str(spec.parent)) as server:
        finished = contract_run(spec, server.url, "--max-examples", "10", "--seed", "1", "--report", str(report))
    data = json.loads(report.read_text())
    assert data["errors"] == [] and data["failures"] == [], finished.stdout[-3000:]
    tested = {row["operation"]: row["cases"] for row in data["operations"]}
    assert all(tested[f"POST /{name}"] > 5 for name in ("events", "bulk", "raw")), tested


def test_a_backend_that_takes_any_stream_is_caught(tmp_path: Path) -> None:
    spec = _spec(tmp_path)

    async def takes_anything(request) -> Response:
        await request.body()
        return JSONResponse({}, status_code=202 if request.url.path == "/events" else 200)

    app = Starlette(routes=[Route(f"/{name}", takes_anything, methods=["POST"]) for name in ("events", "bulk", "raw")])
    report = tmp_path / "report.json"
    with serve(app) as base_url:
        contract_run(spec, base_url, "--max-examples", "10", "--seed", "1", "--report", str(report))
    data = json.loads(report.read_text())
    caught = {(f["operation"], f["check"]) for f in data["failures"]}
    assert {("POST /events", "negative_data_rejection"), ("POST /bulk", "negative_data_rejection")} <= caught, caught
    # any text is a string: what the text stream was blamed for is only a required body left out
    raw = [failure for failure in data["failures"] if failure["operation"] == "POST /raw"]
    assert all(" -d " not in failure["curl"][-1] for failure in raw), [failure["curl"][-1] for failure in raw]
