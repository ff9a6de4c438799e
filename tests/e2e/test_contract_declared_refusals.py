"""A refusal is the status the spec declares for it, whatever its number, and one header declared twice under names
differing in case is one header (AWS's conversions in APIs.guru: every exception shape a status of `480` to `489`,
and the common `X-Amz-Content-Sha256` beside an operation's own required `x-amz-content-sha256`).

The mock refuses an invalid request with the operation's `ValidationException` status, `480` here: schemathesis'
list of refusals lacks it, and 18 of CodeArtifact's operations were reported as taking invalid data. A backend that
takes invalid data is still reported.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.faulty_apps import serve
from tests.specmock_server import assert_the_mock_passes, contract_report, written_spec

ERROR = {"type": "object", "properties": {"message": {"type": "string"}}}
SPEC = {
    "openapi": "3.0.0",
    "info": {"title": "Packages", "version": "1"},
    "paths": {
        "/v1/package/publish": {
            "parameters": [
                {"$ref": "#/components/parameters/X-Amz-Content-Sha256"},
                {"$ref": "#/components/parameters/X-Amz-Date"},
            ],
            "post": {
                "operationId": "Publish",
                "parameters": [
                    {
                        "name": "domain",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "minLength": 2, "maxLength": 50, "pattern": "^[a-z][a-z0-9-]+$"},
                    },
                    {
                        "name": "x-amz-content-sha256",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string", "pattern": "^[0-9a-f]+$", "minLength": 64, "maxLength": 64},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["assetContent"],
                                "properties": {"assetContent": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "published",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"version": {"type": "string"}}}
                            }
                        },
                    },
                    "480": {
                        "description": "ValidationException",
                        "content": {"application/json": {"schema": ERROR}},
                    },
                    "481": {
                        "description": "ResourceNotFoundException",
                        "content": {"application/json": {"schema": ERROR}},
                    },
                },
            },
        }
    },
    "components": {
        "parameters": {
            name: {"name": name, "in": "header", "required": False, "schema": {"type": "string"}}
            for name in ("X-Amz-Content-Sha256", "X-Amz-Date")
        }
    },
}


def _contract(spec: Path, base_url: str, tmp_path: Path) -> tuple[int, dict]:
    return contract_report(spec, base_url, tmp_path, "--max-examples", "10")


def _written(tmp_path: Path) -> Path:
    return written_spec(tmp_path, "packages.yaml", SPEC)


def test_the_mock_refusing_with_the_declared_status_passes(tmp_path: Path) -> None:
    assert_the_mock_passes(_written(tmp_path), tmp_path, "--max-examples", "10")


def test_a_backend_taking_invalid_data_is_still_reported(tmp_path: Path) -> None:
    spec = _written(tmp_path)

    async def lenient(request):  # takes any query and headers: `domain=` and a short hash too
        return JSONResponse({"version": "1"})

    with serve(Starlette(routes=[Route("/v1/package/publish", lenient, methods=["POST"])])) as base_url:
        code, report = _contract(spec, base_url, tmp_path)
    assert code == 1
    assert any(f["check"] == "negative_data_rejection" for f in report["failures"])
