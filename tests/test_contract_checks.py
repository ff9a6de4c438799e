"""Unit tests of the domain checks' rules, on hand-made responses."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from contract_tests import checks

DOCUMENT = {
    "openapi": "3.1.0",
    "paths": {
        "/jobs/{id}": {
            "get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}},
            "delete": {
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {
                                "schema": {"properties": {"status": {"enum": ["queued", "cancelled"]}}}
                            }
                        }
                    },
                    "409": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                }
            },
        },
        "/things": {
            "post": {
                "responses": {
                    "201": {"links": {"Get": {"operationId": "getThing", "parameters": {"id": "$response.body#/id"}}}},
                    "400": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                }
            }
        },
        "/things/{id}": {
            "get": {
                "operationId": "getThing",
                "responses": {
                    "200": {},
                    "404": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            },
            "delete": {"operationId": "deleteThing", "responses": {"204": {}}},
        },
    },
    "components": {
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"type": "object", "required": ["code"]}},
            }
        }
    },
}


def case(method: str, path: str, **path_parameters):
    schema = SimpleNamespace(raw_schema=DOCUMENT)
    return SimpleNamespace(
        method=method,
        operation=SimpleNamespace(path=path, schema=schema),
        path_parameters=path_parameters,
        query={},
        body=None,
    )


def response(status: int, body=None, headers=None):
    content = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    return SimpleNamespace(
        status_code=status, content=content, headers={k.lower(): [v] for k, v in (headers or {}).items()}
    )


@pytest.fixture(autouse=True)
def fresh_state():
    checks.reset_state()


def test_error_envelope_uses_declared_or_common_schema():
    ok = {"error": {"code": "x"}}
    assert checks.error_envelope_conformance(None, response(400, ok), case("POST", "/things")) is None
    # undeclared 422 on GET /jobs/{id} still has to be in the common envelope
    assert checks.error_envelope_conformance(None, response(422, ok), case("GET", "/jobs/{id}")) is None
    with pytest.raises(AssertionError, match="common error schema"):
        checks.error_envelope_conformance(None, response(422, {"message": "no"}), case("GET", "/jobs/{id}"))
    with pytest.raises(AssertionError, match="not JSON"):
        checks.error_envelope_conformance(None, response(500, b"Internal Server Error"), case("GET", "/jobs/{id}"))


@pytest.mark.parametrize(
    "value,valid",
    [
        ("0", True),
        ("120", True),
        ("Wed, 21 Oct 2015 07:28:00 GMT", True),
        ("-1", False),
        ("soon", False),
        ("1.5", False),
    ],
)
def test_retry_after_values(value, valid):
    assert checks.is_valid_retry_after(value) is valid


def test_retry_after_required_on_429():
    with pytest.raises(AssertionError, match="without a Retry-After"):
        checks.retry_after_conformance(None, response(429, {}), case("GET", "/jobs/{id}"))
    assert (
        checks.retry_after_conformance(None, response(429, {}, {"Retry-After": "3"}), case("GET", "/jobs/{id}")) is None
    )


@pytest.mark.parametrize(
    "body,ok",
    [
        ({"error": {"code": "insufficient_funds"}}, True),
        ({"errors": [{"code": "other"}, {"code": "insufficientFunds"}]}, True),
        ({"code": "INSUFFICIENT_FUNDS", "message": "x"}, True),
        ({"error": {"code": "payment_required"}}, False),
        ({}, False),
    ],
)
def test_insufficient_funds_on_402(body, ok):
    call = lambda: checks.insufficient_funds_conformance(None, response(402, body), case("POST", "/things"))  # noqa: E731
    if ok:
        assert call() is None
    else:
        with pytest.raises(AssertionError):
            call()


def test_negative_balances_found_anywhere_under_balance_keys():
    body = {"balance": {"usd": -1, "nested": {"x": 2}}, "data": [{"freeBalance": -0.5}], "delta": -3}
    assert checks.negative_balances(body) == ["/balance/usd = -1", "/data/0/freeBalance = -0.5"]


def test_job_never_moves_backwards_and_terminal_keeps_outcome():
    get = case("GET", "/jobs/{id}", id="j1")
    checks.job_lifecycle_conformance(None, response(200, {"job_id": "j1", "status": "running"}), get)
    with pytest.raises(AssertionError, match="backwards"):
        checks.job_lifecycle_conformance(None, response(200, {"job_id": "j1", "status": "queued"}), get)
    checks.job_lifecycle_conformance(None, response(200, {"job_id": "j1", "status": "completed"}), get)
    with pytest.raises(AssertionError, match="already terminal"):
        checks.job_lifecycle_conformance(None, response(200, {"job_id": "j1", "status": "failed"}), get)


def test_terminal_job_cancel_must_be_409():
    checks.job_lifecycle_conformance(
        None, response(200, {"job_id": "j2", "status": "completed"}), case("GET", "/jobs/{id}", id="j2")
    )
    cancel = case("DELETE", "/jobs/{id}", id="j2")
    assert checks.job_cancellation_conformance(None, response(409, {"error": {"code": "terminal"}}), cancel) is None
    cancelled = response(200, {"job_id": "j2", "status": "cancelled"})
    # the lifecycle check sees this response first and records "cancelled"; the cancellation check
    # must still judge against the status the job had before this response
    with pytest.raises(AssertionError, match="already terminal"):
        checks.job_lifecycle_conformance(None, cancelled, cancel)
    with pytest.raises(AssertionError, match="must answer 409"):
        checks.job_cancellation_conformance(None, cancelled, cancel)


def test_cancel_of_running_job_is_fine_and_delete_of_other_resources_is_not_a_cancel():
    checks.job_lifecycle_conformance(
        None, response(200, {"job_id": "j3", "status": "running"}), case("GET", "/jobs/{id}", id="j3")
    )
    assert (
        checks.job_cancellation_conformance(
            None, response(200, {"job_id": "j3", "status": "cancelled"}), case("DELETE", "/jobs/{id}", id="j3")
        )
        is None
    )
    checks.job_lifecycle_conformance(
        None, response(200, {"id": "t1", "status": "failed"}), case("GET", "/things/{id}", id="t1")
    )
    assert checks.job_cancellation_conformance(None, response(204), case("DELETE", "/things/{id}", id="t1")) is None


def test_created_resource_readable_until_deleted_then_404():
    checks.resource_lifecycle_conformance(None, response(201, {"id": "t9"}), case("POST", "/things"))
    get = case("GET", "/things/{id}", id="t9")
    with pytest.raises(AssertionError, match="is gone"):
        checks.resource_lifecycle_conformance(None, response(404, {"error": {"code": "nf"}}), get)
    checks.resource_lifecycle_conformance(None, response(200, {"id": "t9"}), get)
    checks.resource_lifecycle_conformance(None, response(204), case("DELETE", "/things/{id}", id="t9"))
    checks.resource_lifecycle_conformance(None, response(404, {"error": {"code": "nf"}}), get)
    with pytest.raises(AssertionError, match="deleted earlier"):
        checks.resource_lifecycle_conformance(None, response(200, {"id": "t9"}), get)
