"""Path keys that fix a query (Anthropic's `/v1/sessions/{id}/threads?beta=true`) are judged as plain paths are.

schemathesis reads a query back from the URL it sent only where the URL's path is the operation's, and a key holding
`?` never is; its allowances for a query (extra names a server may ignore, a value sent twice of which one is valid,
numbers as text) were lost there, and the mock, right to take `limit=0&x-unknown=42`, was reported. A backend that
takes an invalid declared value is still reported.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.faulty_apps import serve
from tests.specmock_server import assert_the_mock_passes, contract_report, written_spec

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Threads", "version": "1"},
    "paths": {
        "/v1/threads?beta=true": {
            "get": {
                "operationId": "listThreads",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}},
                    {"name": "page", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "a page",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "data": {
                                            "type": "array",
                                            "items": {"type": "object", "properties": {"id": {"type": "string"}}},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "400": {
                        "description": "invalid",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"error": {"type": "string"}}}
                            }
                        },
                    },
                },
            }
        }
    },
}


def _contract(spec: Path, base_url: str, tmp_path: Path) -> tuple[int, dict]:
    return contract_report(spec, base_url, tmp_path, "--max-examples", "20")


def _written(tmp_path: Path) -> Path:
    return written_spec(tmp_path, "threads.yaml", SPEC)


def test_the_mock_passes_at_a_key_that_fixes_a_query(tmp_path: Path) -> None:
    assert_the_mock_passes(_written(tmp_path), tmp_path, "--max-examples", "20")


def test_a_backend_taking_an_invalid_declared_value_there_is_still_reported(tmp_path: Path) -> None:
    spec = _written(tmp_path)

    async def lenient(request):  # takes any query at all: `limit=abc` too
        return JSONResponse({"data": []})

    with serve(Starlette(routes=[Route("/v1/threads", lenient)])) as base_url:
        code, report = _contract(spec, base_url, tmp_path)
    taken = [f for f in report["failures"] if f["check"] == "negative_data_rejection"]
    assert code == 1 and taken
    assert all("unexpected properties" not in f["message"] for f in taken)
