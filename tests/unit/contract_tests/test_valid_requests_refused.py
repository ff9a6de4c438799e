"""Valid requests refused for what no schema can say. A JSON Patch document (400, 409, 422): whether its operations
apply depends on the record (RFC 5789 §2.2); PayPal's PATCHes, fuzzed with `{"op": "add", "path": "", "value":
[null]}`, were reported as "Schema-valid request rejected" when the mock refused to make an order a list. A null in
the query (400, 422): a query has no spelling for it, and the engine writes the text `null`."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from contract_tests.runner import _a_patch_that_does_not_apply, _refused_as_not_applying

ACCEPTANCE = SimpleNamespace(name="positive_data_acceptance")
PATCH = [{"op": "add", "path": "", "value": [None, None]}]


def _recorded(method: str, body: object, status: int) -> SimpleNamespace:
    return SimpleNamespace(
        cases={"c": SimpleNamespace(value=SimpleNamespace(method=method, body=body))},
        interactions={"c": SimpleNamespace(request=SimpleNamespace(), response=SimpleNamespace(status_code=status))},
    )


@pytest.mark.parametrize("status", [400, 409, 422])
def test_a_patch_document_refused_is_forgiven(status):
    assert _a_patch_that_does_not_apply(_recorded("PATCH", PATCH, status), "c", ACCEPTANCE)


@pytest.mark.parametrize(
    ("method", "body", "status"),
    [
        ("PATCH", PATCH, 500),  # a crash stays one
        ("PATCH", PATCH, 403),
        ("PATCH", {"op": "add", "path": ""}, 400),  # a merge patch names no operations
        ("PATCH", [], 400),
        ("PATCH", [{"path": "/a"}], 400),
        ("POST", PATCH, 400),
    ],
)
def test_anything_else_stays_judged(method, body, status):
    assert not _a_patch_that_does_not_apply(_recorded(method, body, status), "c", ACCEPTANCE)


@pytest.mark.parametrize(
    ("method", "body", "status", "left_out"),
    [
        # otoroshi's own example patches the path `a string value`: refused, it is no example rejected and no valid
        # request refused, since no schema says what a record holds
        ("PATCH", [{"op": "add", "path": "a string value", "value": None}], 400, True),
        ("PATCH", PATCH, 422, True),
        ("PATCH", PATCH, 200, False),  # taken: counted as taken
        ("PATCH", PATCH, 500, False),
        ("PATCH", {"name": "x"}, 400, False),
        ("PUT", PATCH, 400, False),
    ],
)
def test_a_patch_document_refused_is_not_counted_for_or_against_acceptance(method, body, status, left_out):
    assert _refused_as_not_applying(SimpleNamespace(method=method, body=body), status) is left_out


def test_only_the_acceptance_check_is_excused():
    other = SimpleNamespace(name="status_code_conformance")
    assert not _a_patch_that_does_not_apply(_recorded("PATCH", PATCH, 400), "c", other)


def _queried(query: object, status: int) -> SimpleNamespace:
    return SimpleNamespace(
        cases={"c": SimpleNamespace(value=SimpleNamespace(method="GET", body=None, query=query))},
        interactions={"c": SimpleNamespace(request=SimpleNamespace(), response=SimpleNamespace(status_code=status))},
    )


@pytest.mark.parametrize(
    "query",
    [
        {"filter": {"status_codes": None}},
        {"ids": [None]},
        {"cursor": None},
        {"limit": 20, "filter[status_code]": "null"},  # a deepObject the engine has already spelt out
    ],
)
def test_a_null_written_in_the_query_and_refused_is_forgiven(query):
    # Apideck's `filter[status_codes]` is `type: [null, array]`: the engine wrote its null as the text `null`
    from contract_tests.runner import _a_null_written_in_the_query

    assert _a_null_written_in_the_query(_queried(query, 400), "c", ACCEPTANCE)


@pytest.mark.parametrize(("query", "status"), [({"filter": {"status": "open"}}, 400), ({"cursor": None}, 500)])
def test_a_query_without_a_null_or_a_crash_stays_judged(query, status):
    from contract_tests.runner import _a_null_written_in_the_query

    assert not _a_null_written_in_the_query(_queried(query, status), "c", ACCEPTANCE)


def _with_headers(headers: dict[str, str], status: int, declared: list[str]) -> SimpleNamespace:
    # AWS's conversions: a path's `X-Amz-Content-Sha256` (any text) beside CodeArtifact's required
    # `x-amz-content-sha256` of 64 hex digits
    document = {
        "openapi": "3.0.0",
        "paths": {
            "/publish": {
                "parameters": [{"name": "X-Amz-Content-Sha256", "in": "header", "schema": {"type": "string"}}],
                "post": {
                    "parameters": [{"name": name, "in": "header", "schema": {"type": "string"}} for name in declared],
                    "responses": {"200": {"description": "ok"}},
                },
            }
        },
    }
    operation = SimpleNamespace(path="/publish", method="POST", schema=SimpleNamespace(raw_schema=document))
    case = SimpleNamespace(method="POST", body=None, headers=headers, operation=operation)
    return SimpleNamespace(
        cases={"c": SimpleNamespace(value=case)},
        interactions={"c": SimpleNamespace(request=SimpleNamespace(), response=SimpleNamespace(status_code=status))},
    )


@pytest.mark.parametrize(
    ("headers", "status", "declared", "forgiven"),
    [
        ({"X-Amz-Content-Sha256": ""}, 486, ["x-amz-content-sha256"], True),
        ({"x-amz-content-sha256": ""}, 400, ["x-amz-content-sha256"], True),
        ({"X-Amz-Content-Sha256": ""}, 500, ["x-amz-content-sha256"], False),  # a crash stays one
        ({"X-Amz-Content-Sha256": ""}, 400, ["X-Amz-Date"], False),  # declared once
        ({"X-Amz-Date": ""}, 400, ["x-amz-content-sha256"], False),  # another header sent
    ],
)
def test_a_header_declared_twice_under_two_cases_is_forgiven(headers, status, declared, forgiven):
    from contract_tests.runner import _a_header_declared_twice

    assert _a_header_declared_twice(_with_headers(headers, status, declared), "c", ACCEPTANCE) is forgiven
