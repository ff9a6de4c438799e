"""The proxy's pure parts: judging an upstream answer against the operation, and keeping secrets out of logs."""

from __future__ import annotations

import json

import pytest

from mock.proxy import _redact, response_violations
from mock.spec import load_apis
from mock.spec.model import Operation
from tests.conftest import SPECS


@pytest.fixture(scope="module")
def get_batch() -> Operation:
    api = load_apis(SPECS)["runflow"]
    return next(o for o in api.operations if o.operation_id == "getBatch")


def _body(value: object) -> bytes:
    return json.dumps(value).encode()


def test_a_conforming_answer_has_no_violation(get_batch: Operation) -> None:
    body = _body({"id": "5f0c2a1e-1111-4000-8000-000000000001", "items_total": 3})
    assert response_violations(get_batch, 200, {}, body, "application/json; charset=utf-8") == []


def test_each_kind_of_drift_is_named(get_batch: Operation) -> None:
    assert response_violations(get_batch, 200, {}, _body({"items_total": "3"}), "application/json") == [
        'response body items_total: "3" is not of type "integer"'
    ]
    assert response_violations(get_batch, 201, {}, b"{}", "application/json") == [
        "response status 201 is not declared (declared: 200, 400, 401, 403, 404, 422)"
    ]
    (wrong_type,) = response_violations(get_batch, 200, {}, b"<html/>", "text/html")
    assert wrong_type.startswith("response content type text/html is not declared for 200")
    (not_json,) = response_violations(get_batch, 200, {}, b"{oops", "application/json")
    assert not_json.startswith("response body is not JSON")


def test_a_streamed_answer_is_judged_by_status_and_media_type_only(get_batch: Operation) -> None:
    assert response_violations(get_batch, 200, {}, None, "application/json") == []


def test_secrets_are_cut_out_of_log_text() -> None:
    assert _redact("key sk_live_abc123 rejected", ("sk_live_abc123",)) == "key [redacted] rejected"
