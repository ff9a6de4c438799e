"""A required query list drawn empty, or of empty objects, writes nothing: the request goes out without the
parameter, and its refusal is no valid request refused (Mastodon's `GET /api/v1/markers`, `timeline` a required list
of objects). A list of objects has no form in a query at all. A server refusing a list of texts that holds values is
still reported."""

from __future__ import annotations

import copy
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.faulty_apps import serve
from tests.specmock_server import assert_the_mock_passes, contract_report, written_spec

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Markers", "version": "1"},
    "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/markers": {
            "get": {
                "security": [{"bearerAuth": []}],
                "parameters": [
                    {
                        "name": "timeline",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "array", "items": {"type": "object"}},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "the markers",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                },
            }
        }
    },
}


def test_the_mock_passes(tmp_path: Path) -> None:
    assert_the_mock_passes(written_spec(tmp_path, "markers.yaml", SPEC), tmp_path, "--max-examples", "20")


def test_a_server_refusing_the_list_only_when_it_is_missing_passes(tmp_path: Path) -> None:
    spec = written_spec(tmp_path, "markers.yaml", SPEC)

    async def markers(request: Request) -> JSONResponse:
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return JSONResponse({"error": "no token"}, status_code=401)
        if request.query_params.getlist("timeline"):
            return JSONResponse({"home": {"last_read_id": "1"}})
        return JSONResponse({"error": "timeline is required"}, status_code=400)

    with serve(Starlette(routes=[Route("/markers", markers)])) as base_url:
        code, report = contract_report(spec, base_url, tmp_path, "--max-examples", "20")
    assert [f["check"] for f in report["failures"]] == []
    assert code == 0


def test_a_server_refusing_a_list_with_values_is_reported(tmp_path: Path) -> None:
    texts = copy.deepcopy(SPEC)  # a list of texts, which a query writes
    texts["paths"]["/markers"]["get"]["parameters"][0]["schema"]["items"] = {"type": "string", "minLength": 1}
    spec = written_spec(tmp_path, "markers.yaml", texts)

    async def markers(request: Request) -> JSONResponse:
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return JSONResponse({"error": "no token"}, status_code=401)
        if request.query_params.getlist("timeline"):
            return JSONResponse({"error": "not today"}, status_code=400)  # refuses every valid request
        return JSONResponse({"error": "timeline is required"}, status_code=400)

    with serve(Starlette(routes=[Route("/markers", markers)])) as base_url:
        code, report = contract_report(spec, base_url, tmp_path, "--max-examples", "20")
    assert code == 1
    assert "positive_data_acceptance" in {f["check"] for f in report["failures"]}


GROUP = {
    "openapi": "3.0.3",
    "info": {"title": "Conversations", "version": "1"},
    "paths": {
        "/conversations/group": {
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["participants"],
                                "properties": {
                                    "participants": {"type": "array", "items": {"type": "string"}},
                                    "topic": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                "responses": {"200": {"description": "made", "content": {"application/json": {"schema": {}}}}},
            }
        }
    },
}


def test_a_required_form_of_no_fields_is_no_body_and_its_refusal_no_valid_request_refused(tmp_path: Path) -> None:
    # Circuit's `POST /conversations/group`: a required list drawn empty writes nothing, and a form of no fields is no
    # bytes, no body: refusing either is right
    assert_the_mock_passes(written_spec(tmp_path, "group.yaml", GROUP), tmp_path, "--max-examples", "3")
