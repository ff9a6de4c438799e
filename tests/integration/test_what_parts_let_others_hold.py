"""A part's `additionalProperties` schema sees no property but that part's own: Azure's Graph RBAC user takes a base's
fields by `allOf` beside `additionalProperties: {type: object}`, so each base field, a string, broke every answer
that held it. Answers now leave out what no value can hold, and a schema that requires such a field is named at load
and judged as its parts describe it together."""

from __future__ import annotations

from pathlib import Path

from mock.spec.loading import load_specs
from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: directory, version: "1"}
paths:
  /users:
    get:
      responses:
        "200":
          description: the users
          content:
            application/json:
              schema:
                type: object
                properties:
                  value: {type: array, items: {$ref: "#/components/schemas/User"}}
  /groups/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: a group
          content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}
components:
  schemas:
    DirectoryObject:
      type: object
      properties:
        objectId: {type: string, readOnly: true}
        objectType: {type: string}
        deletionTimestamp: {type: string, format: date-time, nullable: true}
        settings: {type: object, properties: {theme: {type: string}}}
    User:
      allOf: [{$ref: "#/components/schemas/DirectoryObject"}]
      type: object
      properties:
        displayName: {type: string}
        accountEnabled: {type: boolean}
      required: [displayName]
      additionalProperties: {type: object}
    Group:
      allOf: [{$ref: "#/components/schemas/DirectoryObject"}]
      type: object
      required: [objectType]
      properties:
        mail: {type: string}
      additionalProperties: {type: object}
"""


def test_answers_hold_only_what_every_part_lets_them_hold(tmp_path: Path) -> None:
    client = served(tmp_path, SPEC)
    users = client.get("/users")
    assert users.status_code == 200
    listed = users.json()["value"]
    assert listed and all("displayName" in user for user in listed)
    # the base's string fields are what no user can hold (its object field, `settings`, is one every part takes)
    assert not any({"objectId", "objectType", "deletionTimestamp"} & user.keys() for user in listed)
    group = client.get("/groups/g1")
    assert group.status_code == 200 and isinstance(group.json().get("objectType"), str)
    assert client.app.state.server.violations_seen == 0


def test_a_schema_requiring_what_a_part_lets_no_other_property_be_is_named_at_load(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    loaded = load_specs(tmp_path)
    found = [(w.place, w.problem) for w in loaded.warnings]
    assert any(
        place == "#/components/schemas/Group" and "requires objectType, declared as another type" in problem
        for place, problem in found
    ), found
    assert not any(place == "#/components/schemas/User" for place, _ in found)
