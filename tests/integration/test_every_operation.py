"""For every operation of every API: a valid request gets a spec-valid answer, invalid ones
get the declared status in the API's own envelope. One test, parametrised over the specs,
so a spec dropped into specs/ is covered with no new test code."""

from __future__ import annotations

import json

import jsonschema
import pytest

from mock.openapi_core_checks import ReferenceRequest, reference_request_errors, response_errors
from mock.spec import load_apis
from mock.spec.model import Api, Operation
from tests.conftest import SPECS
from tests.spec_requests import SpecRequest, url_of, valid_request

APIS = load_apis(SPECS)
OPERATIONS = [(api.name, op.operation_id) for api in APIS.values() for op in api.operations]


def _find(name: str, operation_id: str) -> tuple[Api, Operation]:
    api = APIS[name]
    return api, next(op for op in api.operations if op.operation_id == operation_id)


def _send(client, api: Api, request: SpecRequest):
    url = url_of(f"/{api.name}{api.base_path}", request)
    return client.request(request.method, url, headers=request.headers, content=request.body)


def assert_conforms(api: Api, operation: Operation, request: SpecRequest, response) -> None:
    errors = response_errors(
        api,
        operation,
        request.path_params,
        response.status_code,
        dict(response.headers),
        response.content,
        response.headers.get("content-type", ""),
    )
    assert errors == [], f"{response.status_code} {response.text[:500]}"


def assert_error_envelope(
    api: Api, operation: Operation, request: SpecRequest, response, expected: set[int], mentions: str = ""
) -> None:
    assert response.status_code in expected, f"expected {expected}, got {response.status_code}: {response.text[:300]}"
    if operation.response_for(response.status_code) is not None:
        assert_conforms(api, operation, request, response)
    else:  # a status the operation does not declare is answered in the API's common envelope
        jsonschema.validate(response.json(), api.error_schema)
    if mentions and response.content:
        assert mentions in response.text, response.text[:500]


def validation_statuses(operation: Operation) -> set[int]:
    declared = {int(s) for s in ("400", "422") if s in operation.responses}
    return declared or {400}


@pytest.mark.parametrize("api_name,operation_id", OPERATIONS)
def test_valid_request_gets_a_spec_valid_answer(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    reference = ReferenceRequest(
        request.method,
        request.path,
        tuple(request.query),
        request.headers,
        request.body,
        request.content_type or "application/json",
    )
    assert reference_request_errors(api, reference) == [], "the test built a request openapi-core rejects"
    response = _send(client, api, request)
    assert 200 <= response.status_code < 400, response.text[:500]
    assert_conforms(api, operation, request, response)


SECURED = [(a, o) for a, o in OPERATIONS if (op := _find(a, o)[1]).security and all(op.security)]


@pytest.mark.parametrize("api_name,operation_id", SECURED)
def test_missing_credentials_get_401_in_envelope(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    request.headers = {k: v for k, v in request.headers.items() if k not in ("authorization", "x-api-key")}
    if operation.task_protocol:  # Runware accepts the key inside an authentication task too
        tasks = [t for t in json.loads(request.body) if t["taskType"] != "authentication"]
        request.body = json.dumps(tasks).encode()
    response = _send(client, api, request)
    assert_error_envelope(api, operation, request, response, {401})


@pytest.mark.parametrize("api_name,operation_id", SECURED)
def test_key_starting_with_invalid_gets_401(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    request.headers = {k: v.replace("sk_live", "invalid") for k, v in request.headers.items()}
    if operation.task_protocol:
        request.body = request.body.replace(b"sk_live", b"invalid")
    response = _send(client, api, request)
    assert_error_envelope(api, operation, request, response, {401})


WITH_JSON_BODY = [
    (a, o)
    for a, o in OPERATIONS
    if (op := _find(a, o)[1]).request_body and "application/json" in op.request_body.content
]


@pytest.mark.parametrize("api_name,operation_id", WITH_JSON_BODY)
def test_malformed_json_gets_400_in_envelope(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    request.body = b'{"prompt": "unterminated'
    response = _send(client, api, request)
    assert_error_envelope(api, operation, request, response, validation_statuses(operation), mentions="JSON")


@pytest.mark.parametrize("api_name,operation_id", WITH_JSON_BODY)
def test_body_of_the_wrong_type_is_rejected_in_envelope(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    body = json.loads(request.body)
    request.body = json.dumps({"unexpected": True} if isinstance(body, list) else [body]).encode()
    response = _send(client, api, request)
    assert_error_envelope(api, operation, request, response, validation_statuses(operation))


def _first_required_field(schema):
    for name in (schema or {}).get("required", []):
        return name
    return None


WITH_REQUIRED_FIELD = [
    (a, o)
    for a, o in WITH_JSON_BODY
    if _first_required_field(_find(a, o)[1].request_body.content["application/json"].schema)
]


@pytest.mark.parametrize("api_name,operation_id", WITH_REQUIRED_FIELD)
def test_missing_required_field_is_named_in_the_error(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    field = _first_required_field(operation.request_body.content["application/json"].schema)
    body = json.loads(request.body)
    del body[field]
    request.body = json.dumps(body).encode()
    response = _send(client, api, request)
    assert_error_envelope(api, operation, request, response, validation_statuses(operation), mentions=field)


@pytest.mark.parametrize("api_name,operation_id", WITH_JSON_BODY)
def test_wrong_content_type_is_a_4xx_in_envelope(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    request.headers["content-type"] = "text/plain"
    response = _send(client, api, request)
    assert_error_envelope(api, operation, request, response, {415}, mentions="text/plain")


WITH_REQUIRED_BODY = [(a, o) for a, o in WITH_JSON_BODY if _find(a, o)[1].request_body.required]


@pytest.mark.parametrize("api_name,operation_id", WITH_REQUIRED_BODY)
def test_empty_required_body_is_rejected(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    request.body = b""
    response = _send(client, api, request)
    assert_error_envelope(api, operation, request, response, validation_statuses(operation), mentions="body")


def _typed_parameter(operation: Operation):
    for parameter in operation.parameters:
        kinds = parameter.schema.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if parameter.location in ("query", "path") and (
            {"integer", "number", "boolean"} & set(kinds) or "enum" in parameter.schema
        ):
            return parameter
    return None


WITH_TYPED_PARAMETER = [(a, o) for a, o in OPERATIONS if _typed_parameter(_find(a, o)[1])]


@pytest.mark.parametrize("api_name,operation_id", WITH_TYPED_PARAMETER)
def test_parameter_of_the_wrong_type_is_named_in_the_error(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    parameter = _typed_parameter(operation)
    if parameter.location == "query":
        request.query = [(k, v) for k, v in request.query if k != parameter.name] + [
            (parameter.name, "not-a-valid-value")
        ]
    else:
        request.path = request.path.replace(str(request.path_params[parameter.name]), "not-a-valid-value")
    response = _send(client, api, request)
    assert_error_envelope(api, operation, request, response, validation_statuses(operation), mentions=parameter.name)


def test_every_api_and_operation_is_covered():
    assert {name for name, _ in OPERATIONS} == {"aeriox", "runware", "runflow", "useapi"}
    assert len(OPERATIONS) == 34 + 1 + 18 + 1


def test_self_check_saw_no_violation(server, client):
    """Runs last in this module: the server validated every answer it gave above."""
    client.get("/aeriox/v1/models", headers={"authorization": "Bearer sk_live_x"})
    assert "self-check" not in server.log(), server.log()[-2000:]


def test_the_response_check_catches_a_body_that_breaks_the_spec():
    api, operation = _find("aeriox", "generateImage")
    good = (
        b'{"job_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "type": "image", "status": "queued", '
        b'"created_at": "2026-01-01T00:00:00Z"}'
    )
    assert response_errors(api, operation, {}, 202, {}, good, "application/json") == []
    assert response_errors(api, operation, {}, 202, {}, good.replace(b'"queued"', b'"sleeping"'), "application/json")
    assert response_errors(api, operation, {}, 418, {}, good, "application/json")


WITH_REQUIRED_QUERY = [
    (a, o) for a, o in OPERATIONS if any(p.required and p.location == "query" for p in _find(a, o)[1].parameters)
]


@pytest.mark.parametrize("api_name,operation_id", WITH_REQUIRED_QUERY)
def test_missing_required_query_parameter_is_named(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    missing = next(p.name for p in operation.parameters if p.required and p.location == "query")
    request.query = [(k, v) for k, v in request.query if k != missing]
    response = _send(client, api, request)
    assert_error_envelope(api, operation, request, response, validation_statuses(operation), mentions=missing)


def _is_paginated(operation: Operation) -> bool:
    ok = operation.responses.get("200")
    schema = (ok.json_media().schema if ok and ok.json_media() else None) or {}
    takes_limit = any(p.name == "limit" and p.location == "query" for p in operation.parameters)
    return takes_limit and "items" in (schema.get("properties") or {})


PAGINATED = [(a, o) for a, o in OPERATIONS if _is_paginated(_find(a, o)[1])]


@pytest.mark.parametrize("api_name,operation_id", PAGINATED)
def test_limit_bounds_the_items_of_a_page(client, api_name, operation_id):
    api, operation = _find(api_name, operation_id)
    request = valid_request(api, operation)
    request.query = [(k, v) for k, v in request.query if k != "limit"] + [("limit", "1")]
    response = _send(client, api, request)
    assert response.status_code == 200
    assert len(response.json()["items"]) <= 1
    assert_conforms(api, operation, request, response)


def test_paginated_operations_are_found():
    assert {a for a, _ in PAGINATED} >= {"runflow"} and len(PAGINATED) >= 5
