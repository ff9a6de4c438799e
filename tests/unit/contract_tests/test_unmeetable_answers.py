"""An answer whose declared schema no value satisfies is judged as a server can meet it (contract_tests/runner.py,
`_breaks_only_what_no_answer_meets`): closed parts opened, and a writeOnly field not required, as in any answer."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from contract_tests.runner import _breaks_only_what_no_answer_meets

# Bytebase's access grant: closed beside the `allOf` declaring its fields, so no answer conforms as written, and
# `oneOf` an `expireTime` or a writeOnly `ttl`.
GRANT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["creator"],
    "allOf": [
        {"properties": {"name": {"type": "string"}, "creator": {"type": "string"}}},
        {
            "oneOf": [
                {"type": "object", "properties": {"expireTime": {"type": "string"}}, "required": ["expireTime"]},
                {"type": "object", "properties": {"ttl": {"type": "string", "writeOnly": True}}, "required": ["ttl"]},
            ]
        },
    ],
}
SCHEMA_CHECK = SimpleNamespace(name="response_schema_conformance")


def _recorder(answer: object) -> SimpleNamespace:
    document = {
        "openapi": "3.1.0",
        "paths": {
            "/grants/{grant}:activate": {
                "post": {
                    "responses": {
                        "200": {"description": "the grant", "content": {"application/json": {"schema": GRANT}}}
                    }
                }
            }
        },
    }
    operation = SimpleNamespace(path="/grants/{grant}:activate", schema=SimpleNamespace(raw_schema=document))
    case = SimpleNamespace(operation=operation, method="POST")
    response = SimpleNamespace(status_code=200, content=json.dumps(answer).encode())
    return SimpleNamespace(
        cases={"c": SimpleNamespace(value=case)}, interactions={"c": SimpleNamespace(response=response)}
    )


@pytest.mark.parametrize(
    "answer,forgiven",
    [
        ({"name": "g1", "creator": "ada"}, True),  # the writeOnly `ttl` option, as an answer meets it
        # read so, the `ttl` option takes any object without a `ttl`, and one with an `expireTime` met both options
        # of the `oneOf`: a choice one of whose options asks writeOnly fields alone is read as an `anyOf` in answers
        ({"name": "g1", "creator": "ada", "expireTime": "2026-12-07T00:00:00Z"}, True),
        ({"name": "g1"}, False),  # `creator` is required all the same
        ({"name": 7, "creator": "ada"}, False),
        ({"name": "g1", "creator": "ada", "ttl": "60s"}, False),  # a writeOnly field answered back
    ],
)
def test_an_answer_to_a_schema_no_value_meets_is_judged_as_a_server_can_meet_it(answer, forgiven) -> None:
    assert _breaks_only_what_no_answer_meets(_recorder(answer), "c", SCHEMA_CHECK) is forgiven


def test_a_failure_of_the_link_walk_is_forgiven_by_the_same_rules() -> None:
    # Bytebase's policies, created and read back by the link walk: its failures were reported whole, forgiven by none
    # of the rules the engine's failures pass through
    import requests
    from schemathesis.core.transport import Response

    from contract_tests.runner import _forgiven_alone

    case = _recorder({}).cases["c"].value
    sent = requests.Request("POST", "http://127.0.0.1:9/grants/g1:activate").prepare()

    def answered(answer: object) -> Response:
        return Response(200, {"content-type": ["application/json"]}, json.dumps(answer).encode(), sent, 0.01, False)

    assert _forgiven_alone(case, answered({"name": "g1", "creator": "ada"}), "response_schema_conformance")
    assert not _forgiven_alone(case, answered({"name": "g1"}), "response_schema_conformance")
    assert not _forgiven_alone(case, answered({"name": "g1", "creator": "ada"}), "not_a_server_error")


def _negative_case(body: object) -> SimpleNamespace:
    from schemathesis.core.parameters import ParameterLocation
    from schemathesis.generation import GenerationMode
    from schemathesis.generation.meta import ComponentInfo

    document = {
        "openapi": "3.1.0",
        "paths": {
            "/grants": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": GRANT}}},
                    "responses": {"200": {"description": "made"}},
                }
            }
        },
    }
    operation = SimpleNamespace(path="/grants", method="POST", schema=SimpleNamespace(raw_schema=document))
    meta = SimpleNamespace(components={ParameterLocation.BODY: ComponentInfo(GenerationMode.NEGATIVE)})
    case = SimpleNamespace(operation=operation, method="POST", meta=meta, media_type="application/json", body=body)
    return SimpleNamespace(cases={"c": SimpleNamespace(value=case)}, interactions={})


@pytest.mark.parametrize(
    "body,forgiven",
    [
        ({"creator": "ada", "reason": "audit", "ttl": "60s"}, True),  # breaks only the closed part: any server takes it
        ({"creator": "ada", "name": 5, "ttl": "60s"}, False),  # a field of the wrong type
        ({"creator": "ada", "expireTime": "x", "ttl": "60s"}, False),  # both alternatives
        ({"reason": "audit", "ttl": "60s"}, False),  # `creator` missing
    ],
)
def test_a_body_taken_that_breaks_only_what_no_request_meets_is_no_invalid_request_taken(body, forgiven) -> None:
    from contract_tests.runner import _breaks_only_what_no_request_meets

    negative = SimpleNamespace(name="negative_data_rejection")
    assert _breaks_only_what_no_request_meets(_negative_case(body), "c", negative) is forgiven
