"""Valid requests refused for what no schema can say. A JSON Patch document (400, 409, 422): whether its operations
apply depends on the record (RFC 5789 §2.2); PayPal's PATCHes, fuzzed with `{"op": "add", "path": "", "value":
[null]}`, were reported as "Schema-valid request rejected" when the mock refused to make an order a list."""

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
