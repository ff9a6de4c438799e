"""problems.py: the error code comes from a violation's kind, never from the words of its message."""

from __future__ import annotations

import sys

import pytest

from mock.problems import Violation, ViolationKind, problem_for, problem_for_status
from mock.spec.model import MediaType, Operation, ResponseSpec


def _operation(*statuses: str) -> Operation:
    """`"405: Invalid input"` declares 405 with that description; `"405"` with none."""
    described = [(status.partition(":")[0], status.partition(":")[2].strip()) for status in statuses]
    responses = {status: ResponseSpec(status, text, {}, frozenset(), {}) for status, text in described}
    return Operation("api", "op", "POST", "/things", "", (), None, responses, ())


@pytest.mark.parametrize(
    ("violation", "code"),
    [
        # the message says "invalid", the kind says nothing was sent: the kind decides
        (Violation("security", "", "invalid-looking text", kind=ViolationKind.MISSING_CREDENTIALS), "missing_api_key"),
        (Violation("security", "", "no words about it", kind=ViolationKind.INVALID_CREDENTIALS), "invalid_api_key"),
        # "is required" in the message but a schema mismatch by kind, and the other way round
        (Violation("body", "name", "name is required"), "invalid_request"),
        (Violation("query", "limit", "absent", kind=ViolationKind.MISSING), "missing_parameter"),
    ],
)
def test_the_kind_chooses_the_code(violation: Violation, code: str) -> None:
    problem = problem_for(_operation("200", "400", "401"), (violation,))
    assert problem.code == code


def test_security_takes_the_declared_status() -> None:
    missing = Violation("security", "", "missing credentials", kind=ViolationKind.MISSING_CREDENTIALS)
    assert problem_for(_operation("200", "403"), (missing,)).status == 403
    assert problem_for(_operation("200"), (missing,)).status == 401


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (404, "not_found"),
        (410, "gone"),
        (429, "rate_limited"),
        (413, "payload_too_large"),
        (422, "unprocessable_entity"),
        (599, "error"),
        (299, "ok"),
    ],
)
def test_status_codes_come_from_http_status_unless_the_api_says_otherwise(status: int, code: str) -> None:
    assert problem_for_status(status).code == code


def test_violations_hash_and_compare_without_running_python() -> None:
    """A refused request's rendered envelope is looked up by its violations: hashing and comparing them is
    done in C (a dataclass's __hash__ and __eq__, and Enum's __hash__, are Python calls on every refusal)."""
    ours = (Violation("body", "seed", "not an integer"), Violation("body", "", "x", kind=ViolationKind.MISSING))
    theirs = (Violation("body", "seed", "not an integer"), Violation("body", "", "x", kind=ViolationKind.MISSING))
    calls: list[str] = []

    def profile(frame: object, event: str, arg: object) -> None:
        if event == "call":
            calls.append(event)

    sys.setprofile(profile)
    try:
        same, hashes = ours == theirs, (hash(ours), hash(theirs))
    finally:
        sys.setprofile(None)
    assert same and hashes[0] == hashes[1]
    assert calls == []
    assert ours != (Violation("body", "seed", "not an integer"), Violation("body", "", "x"))  # the kind counts


def test_a_description_names_the_place_once() -> None:
    assert Violation("body", "seed", "seed is not an integer").describe() == "body seed is not an integer"
    assert Violation("body", "a.seed", "seed must be > 0").describe() == "body a.seed must be > 0"
    assert Violation("body", "", "not JSON").describe() == "body: not JSON"
    assert Violation("query", "limit", "too big").describe() == "query limit: too big"


def test_a_violation_found_twice_is_said_once_and_counted_once() -> None:
    # two allOf parts that both require `name` make jsonschema report it twice
    twice = Violation("body", "name", "name is required", kind=ViolationKind.MISSING)
    others = tuple(Violation("body", f"f{i}", "is not of type 'integer'") for i in range(5))
    problem = problem_for(_operation("200", "400"), (twice, twice, *others))
    assert problem.message.count("body name is required") == 1
    assert problem.message.endswith("; and 1 more")  # six distinct sentences, five shown


@pytest.mark.parametrize(
    ("declared", "status"),
    [
        (("200", "408"), 400),  # Twilio declares a timeout: no answer to a malformed request
        (("200", "402", "413", "429"), 400),
        (("200", "405: Invalid input"), 405),  # Petstore's answer to one
        (("200", "405: APIEmpty is an empty response"), 400),  # Gitea's merge: not mergeable, not invalid input
        # Telstra's: the status' own meaning, then a table of its codes (`METHOD_INVALID`): not invalid input
        (("200", "405: Method Not Allowed\n\n| code | action |\n| METHOD_INVALID | Use GET. |"), 400),
        (("200", "405: Invalid input\n\nThe body is checked."), 405),
        (("200", "408", "422"), 422),
        (("200",), 400),
    ],
)
def test_a_malformed_request_is_refused_with_a_status_that_means_so(declared: tuple[str, ...], status: int) -> None:
    bad = Violation("body", "name", "name is not a string")
    assert problem_for(_operation(*declared), (bad,)).status == status


def _with_default_envelope(schema: dict[str, object]) -> Operation:
    responses = {
        "200": ResponseSpec("200", "OK", {}, frozenset(), {}),
        "default": ResponseSpec(
            "default", "Error", {}, frozenset(), {"application/json": MediaType("application/json", schema, {})}
        ),
    }
    return Operation("api", "op", "POST", "/things", "", (), None, responses, ())


# Lob's error envelope: `{"error": {"message", "code", "status_code"}}`, its status one of these, 400 not among them
LOB_STATUS = {"type": "integer", "enum": [401, 403, 404, 413, 422, 429, 500]}


@pytest.mark.parametrize(
    ("schema", "status"),
    [
        (
            {"type": "object", "properties": {"error": {"type": "object", "properties": {"status_code": LOB_STATUS}}}},
            422,
        ),
        ({"type": "object", "properties": {"code": {"type": "integer", "enum": [401, 422]}}}, 422),
        ({"type": "object", "properties": {"status": {"type": "string", "enum": ["401", "422"]}}}, 422),
        # the status field takes 400, or any status, or says nothing that is a status: 400
        ({"type": "object", "properties": {"status_code": {"type": "integer", "enum": [400, 422]}}}, 400),
        ({"type": "object", "properties": {"status_code": {"type": "integer"}}}, 400),
        ({"type": "object", "properties": {"code": {"type": "string", "enum": ["invalid", "not_found"]}}}, 400),
        # no status it offers means a malformed request (409 is a conflict): 400, as before
        ({"type": "object", "properties": {"status": {"type": "integer", "enum": [401, 404, 409, 500]}}}, 400),
        ({"allOf": [{"type": "object", "properties": {"status": {"type": "integer", "enum": [401, 422]}}}]}, 422),
    ],
)
def test_a_malformed_request_answered_by_default_gets_a_status_its_envelope_can_say(schema, status) -> None:
    # an envelope whose status field cannot hold 400 would say another status than the answer's own (Lob's 400s
    # said `"status_code": 401`): the refusal takes a status that field offers for a malformed request
    bad = Violation("body", "name", "name is not a string")
    assert problem_for(_with_default_envelope(schema), (bad,)).status == status
