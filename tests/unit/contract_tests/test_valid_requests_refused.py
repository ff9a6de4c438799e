"""Valid requests refused for what no schema can say. A JSON Patch document (400, 409, 422): whether its operations
apply depends on the record (RFC 5789 §2.2); PayPal's PATCHes, fuzzed with `{"op": "add", "path": "", "value":
[null]}`, were reported as "Schema-valid request rejected" when the mock refused to make an order a list. A null in
the query (400, 422): a query has no spelling for it, and the engine writes the text `null`."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from contract_tests.runner import _a_patch_that_does_not_apply

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


def test_only_the_acceptance_check_is_excused():
    other = SimpleNamespace(name="status_code_conformance")
    assert not _a_patch_that_does_not_apply(_recorded("PATCH", PATCH, 400), "c", other)


def _queried(query: object, status: int) -> SimpleNamespace:
    return SimpleNamespace(
        cases={"c": SimpleNamespace(value=SimpleNamespace(method="GET", body=None, query=query))},
        interactions={"c": SimpleNamespace(request=SimpleNamespace(), response=SimpleNamespace(status_code=status))},
    )


@pytest.mark.parametrize("query", [{"filter": {"status_codes": None}}, {"ids": [None]}, {"cursor": None}])
def test_a_null_written_in_the_query_and_refused_is_forgiven(query):
    # Apideck's `filter[status_codes]` is `type: [null, array]`: the engine wrote its null as the text `null`
    from contract_tests.runner import _a_null_written_in_the_query

    assert _a_null_written_in_the_query(_queried(query, 400), "c", ACCEPTANCE)


@pytest.mark.parametrize(("query", "status"), [({"filter": {"status": "open"}}, 400), ({"cursor": None}, 500)])
def test_a_query_without_a_null_or_a_crash_stays_judged(query, status):
    from contract_tests.runner import _a_null_written_in_the_query

    assert not _a_null_written_in_the_query(_queried(query, status), "c", ACCEPTANCE)
