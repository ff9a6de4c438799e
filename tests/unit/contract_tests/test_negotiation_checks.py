"""The negotiation phase's check and what it asks for, on hand-made responses."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from contract_tests.checks.base import ContractFailure, start_run
from contract_tests.checks.negotiation import (
    MediaTypeNotServed,
    NegotiationCrash,
    UnreadableBody,
    check_declared_media_type,
)
from contract_tests.phases.negotiation import offered_media_types

CASE = SimpleNamespace(method="get", operation=SimpleNamespace(path="/things/{id}", label="GET /things/{id}"))
DECLARED = {"application/json", "application/xml"}


def _answer(status: int, content_type: str | None, content: bytes) -> SimpleNamespace:
    headers = {"content-type": [content_type]} if content_type else {}
    return SimpleNamespace(status_code=status, headers=headers, content=content)


def _check(response: SimpleNamespace, asked: str = "application/xml") -> None:
    check_declared_media_type(start_run({}), response, CASE, asked, DECLARED)


@pytest.mark.parametrize(
    ("response", "asked"),
    [
        (_answer(200, "application/xml; charset=utf-8", b"<thing><id>1</id></thing>"), "application/xml"),
        (_answer(200, "text/xml", b"<thing/>"), "application/xml"),  # the same syntax under another name
        (_answer(200, "application/json", b'{"id": 1}'), "application/json"),
        (_answer(404, "application/json", b'{"error": "no"}'), "application/xml"),  # not judged: no such thing
        (_answer(406, "text/plain", b"no"), "application/xml"),  # a refusal is not a crash
        (_answer(200, "application/json", b""), "application/xml"),  # no content to judge
    ],
)
def test_what_passes(response: SimpleNamespace, asked: str) -> None:
    _check(response, asked)


@pytest.mark.parametrize(
    ("response", "failure"),
    [
        (_answer(500, "text/plain", b"boom"), NegotiationCrash),
        (_answer(200, "application/json", b'{"id": 1}'), MediaTypeNotServed),  # Accept ignored
        (_answer(200, None, b"<thing/>"), MediaTypeNotServed),
        (_answer(200, "application/xml", b'{"id": 1}'), UnreadableBody),  # JSON labelled XML
    ],
)
def test_what_fails(response: SimpleNamespace, failure: type[ContractFailure]) -> None:
    with pytest.raises(failure) as raised:
        _check(response)
    assert raised.value.check == "content_negotiation_conformance"


def test_a_status_that_does_not_declare_the_asked_type_is_not_judged_on_it() -> None:
    # 201 declares JSON only: a JSON answer to `Accept: application/xml` is what the spec allows there
    response = _answer(201, "application/json", b'{"id": 1}')
    check_declared_media_type(start_run({}), response, CASE, "application/xml", {"application/json"})


def test_the_types_asked_for_are_the_concrete_ones_of_success_answers() -> None:
    raw = {
        "responses": {
            "200": {"content": {"application/json": {}, "application/xml": {}, "*/*": {}}},
            "201": {"content": {"text/csv; charset=utf-8": {}, "application/json": {}}},
            "400": {"content": {"application/problem+json": {}}},
        }
    }
    assert offered_media_types(raw) == ["application/json", "application/xml", "text/csv"]
