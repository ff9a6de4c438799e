"""A create whose body and answer are one of two kinds told apart by a discriminator (tests/data/discriminated,
PagerDuty's automation actions): the answer is of the kind the request asked for, holds what the request said,
and is valid; the record read back is the same."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from mock.app import ServeConfig, create_app
from mock.scenario.engine import DEFAULT_SCENARIOS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
KINDS = {
    "script": {"script": "echo hi"},
    "process_automation": {"process_automation_job_id": "JOB-7", "process_automation_job_arguments": "-v"},
}


@pytest.mark.parametrize("stateful", [True, False])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_answer_is_of_the_kind_the_request_asked_for(kind, stateful):
    config = ServeConfig(
        specs_dir=ROOT / "tests" / "data" / "discriminated",
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS if stateful else (),
        scenarios_are_default=stateful,
    )
    client = TestClient(create_app(config))
    other = next(name for name in KINDS if name != kind)
    for n in range(6):  # another body, another seed: whichever kind the generator would have picked by itself
        sent = {"name": f"restart {n}", "action_type": kind, "action_data_reference": KINDS[kind]}
        answer = client.post("/actions", json={"action": sent})
        assert answer.status_code == 201
        action = answer.json()["action"]
        assert action["action_type"] == kind and action["name"] == sent["name"]
        reference = action["action_data_reference"]
        assert {name: reference.get(name) for name in KINDS[kind]} == KINDS[kind]
        assert not set(reference) & set(KINDS[other])  # nothing of the other kind
        if stateful:
            assert client.get(f"/actions/{action['id']}").json()["action"] == action
    assert client.app.state.server.violations_seen == 0


# Komga's search operators: a union told apart by `operator`, two of whose schemas are `allOf` both unions again.
RECURSIVE_OPERATORS = """
openapi: 3.0.1
info: {title: search, version: "1"}
paths:
  /search:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Search"}
      responses:
        "200": {description: found, content: {application/json: {schema: {type: object}}}}
        "400": {description: refused, content: {application/json: {schema: {type: object}}}}
components:
  schemas:
    Search:
      type: object
      properties:
        label: {$ref: "#/components/schemas/TextOperator"}
        count: {$ref: "#/components/schemas/NumberOperator"}
    TextOperator:
      discriminator:
        propertyName: operator
        mapping: {is: "#/components/schemas/Is", isNull: "#/components/schemas/IsNull"}
      oneOf: [{$ref: "#/components/schemas/Is"}, {$ref: "#/components/schemas/IsNull"}]
      properties: {operator: {type: string}}
      required: [operator]
    NumberOperator:
      discriminator:
        propertyName: operator
        mapping: {is: "#/components/schemas/Is", isNull: "#/components/schemas/IsNull"}
      oneOf: [{$ref: "#/components/schemas/Is"}, {$ref: "#/components/schemas/IsNull"}]
      properties: {operator: {type: string}}
      required: [operator]
    Is:
      type: object
      properties: {operator: {type: string}, value: {type: string}}
      required: [operator, value]
    IsNull:
      allOf: [{$ref: "#/components/schemas/NumberOperator"}, {$ref: "#/components/schemas/TextOperator"}]
"""


@pytest.mark.parametrize("sent", [[None, None], 7, "isNull"])
def test_a_union_whose_schemas_hold_it_again_refuses_a_non_object_for_its_type_and_judges_objects(tmp_path: Path, sent):
    # Each schema the operator selects was applied under an `if` that holds for every non-object, so finding why
    # such a value was refused walked every selected schema, through both unions again, and again: Komga's
    # sharing label sent as `[null, null]` was refused after 40 s.
    (tmp_path / "spec.yaml").write_text(RECURSIVE_OPERATORS)
    client = TestClient(
        create_app(ServeConfig(specs_dir=tmp_path, self_check=True, scenarios_dir=ROOT / "scenarios")),
        raise_server_exceptions=False,
    )
    answer = client.post("/search", json={"label": sent})
    assert answer.status_code == 400, answer.text
    assert answer.text.count("is not of type") == 1, answer.text
    assert client.post("/search", json={"label": {"operator": "isNull"}}).status_code == 200
    assert client.post("/search", json={"count": {"operator": "is"}}).status_code == 400  # `value` is required
