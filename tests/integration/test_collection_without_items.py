"""A collection with a list and a create but no item path keys its records by the record's own id field.

Asana's `POST /workspaces/{workspace_gid}/projects` answers `{data: Project}` keyed `gid`, and Twilio's
`IncomingPhoneNumbers/Local.json` records are keyed `sid`: with no item path the key was taken to be `id`, the
create answer then held "neither the record nor its id", and the collection was left to the static mock."""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.0
info: {title: ws, version: "1"}
paths:
  /workspaces/{workspace_gid}/projects:
    parameters: [{name: workspace_gid, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Project'}}}}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {data: {$ref: '#/components/schemas/Project'}}}
      responses:
        "201":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {$ref: '#/components/schemas/Project'}}}
components:
  schemas:
    Project: {type: object, properties: {gid: {type: string, readOnly: true}, name: {type: string}}}
"""


def test_a_record_made_in_a_collection_without_item_path_is_listed_under_its_own_key(tmp_path: Path) -> None:
    (tmp_path / "ws.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    made = client.post("/workspaces/1111/projects", json={"data": {"name": "Launch"}})
    assert made.status_code == 201
    project = made.json()["data"]
    listed = client.get("/workspaces/1111/projects").json()["data"]
    assert project in listed
    assert len({item["gid"] for item in listed}) == len(listed)
    assert project not in client.get("/workspaces/2222/projects").json()["data"]
