"""Per-request shortcuts of response generation give exactly what the full computation gives."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mock.negotiation import _choose, negotiate
from mock.request_validation import ValidatedRequest
from mock.response_generation import request_seed, success_status
from mock.spec import load_apis
from mock.spec.resources import ends_in_parameter
from tests.conftest import SPECS

APIS = load_apis(SPECS)
OPERATIONS = [operation for api in APIS.values() for operation in api.operations]


def digest(material: list[Any]) -> int:
    """The seed as the full computation makes it: a digest of every part of the request, written as JSON with
    its keys sorted."""
    try:
        text = orjson.dumps(material, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError:  # an integer past 64 bits: as the standard library writes it
        text = json.dumps(material, sort_keys=True, default=str).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def validated(path: dict[str, Any], query: dict[str, Any], body: Any) -> ValidatedRequest:
    return ValidatedRequest(path, query, {}, body, None, ())


@pytest.mark.parametrize(
    ("path", "query", "body"),
    [
        ({}, {}, None),
        ({"id": "7"}, {}, None),
        ({}, {"limit": 3}, None),
        ({}, {"q": "ada", "page": 2}, None),
        ({}, {}, {}),
        ({}, {}, {"a": [1]}),
        ({}, {}, 0),
    ],
)
def test_the_seed_of_a_request_is_the_digest_of_all_it_says(
    path: dict[str, Any], query: dict[str, Any], body: Any
) -> None:
    for operation in OPERATIONS[:40]:
        status = success_status(operation)
        for seed in (0, 7):
            # a read of the record its path names is drawn without the query (`_reads_one_record`), and every page
            # of a list from one collection: without its size, offset or number
            paging = {"limit", "page"}
            asked = (
                {}
                if operation.method == "GET" and ends_in_parameter(operation.path)
                else {name: value for name, value in query.items() if name not in paging}
            )
            expected = digest([seed, operation.key, status, path, asked, body])
            assert request_seed(seed, operation, status, validated(path, query, body)) == expected
            assert request_seed(seed, operation, status, None) == digest([seed, operation.key, status])


@given(
    body=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary(max_size=4),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=8,
    )
)
@settings(max_examples=150, deadline=None)
def test_a_request_seed_of_any_body_is_the_digest_of_all_it_says(body: Any) -> None:
    """Whatever the body holds (bytes, NaN, integers past 64 bits), the seed is the digest of the request's text."""
    operation = OPERATIONS[0]
    status = success_status(operation)
    assert request_seed(3, operation, status, validated({}, {"q": "é"}, body)) == digest(
        [3, operation.key, status, {}, {"q": "é"}, body]
    )


def test_the_success_status_is_the_lowest_2xx_or_3xx_declared() -> None:
    for operation in OPERATIONS:
        codes = sorted(int(code) for code in operation.responses if code.isdecimal())
        expected = next((code for code in codes if 200 <= code < 400), codes[0] if codes else 200)
        assert success_status(operation) == expected
        assert success_status(operation) == expected  # remembered, unchanged


ACCEPTS = [
    None,
    "",
    "*/*",
    "application/json",
    "application/xml, application/json;q=0.5",
    "text/*;q=0.2, */*;q=0.1",
    "image/png",
    "application/json;q=0",
    "x" * 300 + "/json",
]
OFFERS = [("application/json",), ("application/xml", "application/json"), ("text/plain", "image/png"), ()]


@pytest.mark.parametrize("accept", ACCEPTS)
def test_negotiation_remembered_or_not_chooses_alike(accept: str | None) -> None:
    for offered in OFFERS:
        assert negotiate(accept, offered) == _choose(accept, offered)
        assert negotiate(accept, iter(offered)) == _choose(accept, offered)  # any iterable, as before


def test_error_envelopes_rendered_once_are_those_rendered_afresh() -> None:
    from mock.envelopes import render_error
    from mock.problems import Problem, Violation
    from mock.response_generation import ResponseFactory, dump_json

    problems = [
        Problem(400, "invalid_request", "Invalid request", violations=(Violation("body", "prompt", "is required"),)),
        Problem(
            422,
            "validation_error",
            "Invalid body",
            field="seed",
            violations=(Violation("body", "seed", "must be integer"), Violation("query", "limit", "too big")),
        ),
        Problem(401, "unauthorized", "Missing credentials"),
        Problem(404, "not_found", "No job 7"),
        Problem(429, "rate_limited", "Slow down", details={"retry_after_s": 3}),
    ]
    checked = 0
    for api in APIS.values():
        factory = ResponseFactory(api, seed=0)
        for operation in api.operations:
            for problem in problems:
                fresh = factory.error(operation, problem)
                again = factory.error(operation, problem)  # from the remembered bodies
                spec = operation.response_for(problem.status)
                media = spec.json_media() if spec else None
                if spec is not None and not spec.content:
                    assert fresh.body == again.body == b""
                    continue
                schema = media.schema if media and media.schema else api.error_schema
                assert fresh.body == again.body == dump_json(render_error(problem, schema, api.error_style))
                checked += 1
    assert checked > 100


def test_a_repeated_mistake_is_refused_as_it_was_the_first_time() -> None:
    """factory.refuse remembers a refusal per operation and violations; what it gives is what problem_for and
    error give afresh, for every operation of every bundled API, and a task protocol's refusal (which names the
    task the violation is in, from the body) is worked out each time."""
    from mock.problems import Violation, ViolationKind, problem_for
    from mock.response_generation import ResponseFactory

    mistakes = [
        (Violation("body", "prompt", "prompt is required", kind=ViolationKind.MISSING),),
        (Violation("body", "seed", "must be integer"), Violation("query", "limit", "too big")),
        (Violation("security", "", "no key", kind=ViolationKind.MISSING_CREDENTIALS),),
        (Violation("content-type", "", "text/plain is not accepted"),),
        (Violation("path", "id", "not a uuid"),),
        (Violation("body", "[1].taskType", "unknown task type", 1),),
    ]
    tasks = [{"taskType": "imageInference", "taskUUID": "a"}, {"taskType": "oops", "taskUUID": "b"}]
    checked = tasked = 0
    for api in APIS.values():
        factory = ResponseFactory(api, seed=0)
        for operation in api.operations:
            for violations in mistakes:
                first_problem, first = factory.refuse(operation, violations, tasks)
                twin = tuple(Violation(*v) for v in violations)  # equal, not the same objects
                again_problem, again = factory.refuse(operation, twin, tasks)
                expected = problem_for(operation, violations, tasks)
                assert first_problem == again_problem == expected
                fresh = factory.error(operation, expected)
                for answer in (first, again):
                    assert (answer.status, answer.body, answer.media_type, answer.headers) == (
                        fresh.status,
                        fresh.body,
                        fresh.media_type,
                        fresh.headers,
                    )
                if operation.task_protocol is None:
                    assert again is first  # remembered
                elif expected.task_uuid is not None:
                    tasked += 1
                    other = [{"taskType": "imageInference", "taskUUID": "x"}, {"taskType": "oops", "taskUUID": "y"}]
                    assert factory.refuse(operation, violations, other)[0].task_uuid == "y"
                checked += 1
    assert checked > 100 and tasked > 0
