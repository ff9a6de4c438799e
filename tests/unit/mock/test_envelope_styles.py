"""Each API's envelope comes out of the same schema-driven renderer."""

from __future__ import annotations

import jsonschema
import pytest

from mock.envelopes import render_error, spell_code
from mock.problems import Problem, Violation
from mock.spec import load_apis
from mock.spec.model import ErrorStyle
from tests.conftest import SPECS

APIS = load_apis(SPECS)
BAD_BODY = Problem(
    400,
    "invalid_request",
    "Invalid request: body prompt is required",
    field="prompt",
    violations=(Violation("body", "prompt", "prompt is required"), Violation("body", "seed", "-1 is less than 0")),
)


@pytest.mark.parametrize(
    "code,case,expected",
    [
        ("invalid_api_key", "camel", "invalidApiKey"),
        ("invalid_api_key", "upper", "INVALID_API_KEY"),
        ("invalid_api_key", "snake", "invalid_api_key"),
        ("not_found", "camel", "notFound"),
    ],
)
def test_codes_are_spelled_the_apis_way(code, case, expected):
    assert spell_code(code, ErrorStyle(case)) == expected


def test_aeriox_envelope():
    body = render_error(BAD_BODY, APIS["aeriox"].error_schema, APIS["aeriox"].error_style)
    jsonschema.validate(body, APIS["aeriox"].error_schema)
    assert body["error"]["code"] == "invalid_request"
    assert body["error"]["details"]["field"] == "prompt"
    assert [v["field"] for v in body["error"]["details"]["violations"]] == ["prompt", "seed"]


def test_runware_envelope_has_one_item_per_violation_with_task_context():
    problem = Problem(
        400,
        "invalid_request",
        "bad task",
        field="[0].operation",
        task_type="accountManagement",
        task_uuid="t-1",
        violations=(Violation("body", "[0].operation", "'x' is not one of ['getDetails']", 0),),
    )
    body = render_error(problem, APIS["runware"].error_schema, APIS["runware"].error_style)
    jsonschema.validate(body, APIS["runware"].error_schema)
    (item,) = body["errors"]
    assert item["code"] == "invalidRequest" and item["parameter"] == "[0].operation"
    assert (item["taskType"], item["taskUUID"]) == ("accountManagement", "t-1")


def test_runflow_envelope():
    body = render_error(BAD_BODY, APIS["runflow"].error_schema, APIS["runflow"].error_style)
    jsonschema.validate(body, APIS["runflow"].error_schema)
    assert body["code"] == "INVALID_REQUEST" and body["message"].startswith("Invalid request")
    assert [e["field"] for e in body["errors"]] == ["prompt", "seed"]


def test_fastapi_validation_envelope():
    operation = next(
        o
        for o in APIS["runflow"].operations
        if "422" in o.responses and "detail" in (o.responses["422"].json_media().schema.get("properties") or {})
    )
    schema = operation.responses["422"].json_media().schema
    body = render_error(BAD_BODY, schema, APIS["runflow"].error_style)
    jsonschema.validate(body, schema)
    assert [d["loc"] for d in body["detail"]] == [["body", "prompt"], ["body", "seed"]]
    assert body["detail"][0]["msg"] == "body prompt is required"


def test_useapi_envelope_carries_the_status_as_code():
    problem = Problem(401, "unauthorized", "Unauthorized")
    body = render_error(problem, APIS["useapi"].error_schema, APIS["useapi"].error_style)
    assert body == {"error": "Unauthorized", "code": 401}


def test_envelope_with_constraints_the_roles_cannot_meet_stays_valid():
    schema = {
        "type": "object",
        "required": ["code", "message"],
        "properties": {"code": {"type": "string", "enum": ["E1", "E2"]}, "message": {"type": "string"}},
    }
    body = render_error(BAD_BODY, schema, ErrorStyle("snake"))
    jsonschema.validate(body, schema)
    assert body["message"] == BAD_BODY.message


def test_the_envelope_is_not_the_rate_limit_answer_every_operation_declares():
    # Discord declares a 429 `{message, retry_after, global, code}` on each operation, and its errors once as `4XX`:
    # an unknown path was answered `{"code": 404, "retry_after": 404, "global": true}`
    from mock.spec.error_style import common_error_schema

    limited = {"type": "object", "properties": {"message": {"type": "string"}, "retry_after": {"type": "number"}}}
    error = {"type": "object", "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}
    responses = [("429", limited)] * 5 + [("4XX", error), ("400", error)]
    assert common_error_schema(responses) == error
    assert common_error_schema([("429", limited)]) == limited  # the only error it declares: its envelope still
