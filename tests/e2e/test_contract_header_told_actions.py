"""Actions at one path told apart by a required header (AWS's JSON APIs: every action a `POST /#X-Amz-Target=…`, the
header's one allowed value naming it) are each tested under their own key.

Folded into the first action, as keys that differ only in a fragment are, the runner tested one action of fifteen
(ACM's AddTagsToCertificate) and judged its empty 200 against the JSON the others answer ("Missing Content-Type").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.faulty_apps import serve
from tests.specmock_server import assert_the_mock_passes, contract_report, written_spec


def _action(name: str, answer: dict[str, Any]) -> dict[str, Any]:
    target = {"name": "X-Amz-Target", "in": "header", "required": True, "schema": {"type": "string", "enum": [name]}}
    body = {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": ["Arn"], "properties": {"Arn": {"type": "string"}}}
            }
        },
    }
    return {
        "post": {"operationId": name.split(".")[1], "parameters": [target], "requestBody": body, "responses": answer}
    }


DESCRIBED = {
    "description": "the certificate",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["Certificate"],
                "properties": {
                    "Certificate": {
                        "type": "object",
                        "required": ["Arn", "Status"],
                        "properties": {"Arn": {"type": "string"}, "Status": {"type": "string", "enum": ["ISSUED"]}},
                    }
                },
            }
        }
    },
}
INVALID = {  # AWS's errors: a status of their own per exception, 400 for none
    "description": "InvalidArgumentException",
    "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}},
}
SPEC = {
    "openapi": "3.0.0",
    "info": {"title": "Certificates", "version": "1"},
    "paths": {
        "/#X-Amz-Target=Acm.AddTags": _action("Acm.AddTags", {"200": {"description": "tagged"}, "481": INVALID}),
        "/#X-Amz-Target=Acm.Describe": _action("Acm.Describe", {"200": DESCRIBED, "482": INVALID}),
    },
}


def test_the_mock_passes_every_action(tmp_path: Path) -> None:
    assert_the_mock_passes(written_spec(tmp_path, "acm.yaml", SPEC), tmp_path, "--max-examples", "10")


def test_each_action_is_judged_by_its_own_answers(tmp_path: Path) -> None:
    # and a request naming no action (a broken `X-Amz-Target`) may get any refusal: the spec says none is its
    spec = written_spec(tmp_path, "acm.yaml", SPEC)

    async def actions(request: Request) -> Response:
        target = request.headers.get("x-amz-target")
        if target not in ("Acm.AddTags", "Acm.Describe"):  # as AWS answers one: no action's own refusal
            return JSONResponse({"message": "UnknownOperationException"}, status_code=400)
        try:
            arn = (await request.json())["Arn"]
        except (ValueError, KeyError, TypeError):
            arn = None
        if not isinstance(arn, str):
            return JSONResponse({"message": "invalid"}, status_code=481 if target == "Acm.AddTags" else 482)
        if target == "Acm.AddTags":
            return Response(status_code=200)  # no body, as declared
        return JSONResponse({"Certificate": {"Arn": arn, "Status": "EXPIRED"}})  # a status the spec does not allow

    with serve(Starlette(routes=[Route("/", actions, methods=["POST"])])) as base_url:
        code, report = contract_report(spec, base_url, tmp_path, "--max-examples", "10")
    failing = {(f["operation"], f["check"]) for f in report["failures"]}
    assert failing == {("POST /#X-Amz-Target=Acm.Describe", "response_schema_conformance")}
    assert code == 1
    assert not any("not tested" in note for note in report.get("notes", []))
