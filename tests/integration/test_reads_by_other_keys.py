"""A read that finds a record by another of its fields, named by a literal segment: WorkOS'
`GET /organizations/external_id/{external_id}` and `GET /user_management/invitations/by_token/{token}`. The mock
answered the static answer: an organization the client made with its external id read back as another one."""

from __future__ import annotations

from pathlib import Path

from mock.spec import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served


def _read(path: str, operation_id: str, param: str, schema: str) -> str:
    return f"""
  {path}:
    get:
      operationId: {operation_id}
      parameters: [{{name: {param}, in: path, required: true, schema: {{type: string}}}}]
      responses:
        "200":
          description: ok
          content: {{application/json: {{schema: {{$ref: "#/components/schemas/{schema}"}}}}}}
        "404": {{description: not found}}"""


def _collection(path: str, noun: str, schema: str) -> str:
    return f"""
  {path}:
    get:
      operationId: list{noun}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {{data: {{type: array, items: {{$ref: "#/components/schemas/{schema}"}}}}}}
    post:
      operationId: create{noun}
      requestBody:
        required: true
        content: {{application/json: {{schema: {{$ref: "#/components/schemas/{schema}"}}}}}}
      responses:
        "201":
          description: made
          content: {{application/json: {{schema: {{$ref: "#/components/schemas/{schema}"}}}}}}"""


def _create_only(path: str, schema: str) -> str:
    return f"""
  {path}:
    post:
      operationId: create{schema}
      requestBody:
        required: true
        content: {{application/json: {{schema: {{$ref: "#/components/schemas/{schema}"}}}}}}
      responses:
        "201":
          description: made
          content: {{application/json: {{schema: {{$ref: "#/components/schemas/{schema}"}}}}}}"""


PATHS = "".join(
    [
        _collection("/organizations", "Organizations", "Organization"),
        _read("/organizations/{id}", "getOrganization", "id", "Organization"),
        _read("/organizations/external_id/{external_id}", "getOrganizationByExternalId", "external_id", "Organization"),
        _read("/organizations/stats/{period}", "getOrganizationStats", "period", "Organization"),
        _collection("/invitations", "Invitations", "Invitation"),
        _read("/invitations/{id}", "getInvitation", "id", "Invitation"),
        _read("/invitations/by_token/{token}", "getInvitationByToken", "token", "Invitation"),
        # a collection that is never listed, only made and read
        _create_only("/keys", "Key"),
        _read("/keys/{id}", "getKey", "id", "Key"),
        _read("/keys/by-name/{name}", "getKeyByName", "name", "Key"),
    ]
)

SPEC = f"""
openapi: 3.0.3
info: {{title: reads by another key, version: "1"}}
paths:{PATHS}
components:
  schemas:
    Organization:
      type: object
      properties:
        id: {{type: string, readOnly: true}}
        name: {{type: string}}
        external_id: {{type: string}}
    Key:
      type: object
      properties:
        id: {{type: string, readOnly: true}}
        name: {{type: string}}
    Invitation:
      type: object
      properties:
        id: {{type: string, readOnly: true}}
        email: {{type: string}}
        token: {{type: string, readOnly: true}}
"""


def test_a_literal_naming_a_field_before_a_parameter_is_a_read_by_that_field(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    (api,) = load_apis(tmp_path).values()
    found = {name: r.found_by for r in explain_resources(api).resources for name in [r.name]}
    assert found["organizations"] == {"getOrganizationByExternalId": "external_id"}  # `stats` names no field
    assert found["invitations"] == {"getInvitationByToken": "token"}
    assert found["keys"] == {"getKeyByName": "name"}  # a collection made and read, never listed


def test_the_record_made_is_found_by_its_other_field(tmp_path: Path) -> None:
    client = served(tmp_path, SPEC)
    made = client.post("/organizations", json={"name": "Acme", "external_id": "acme-1"})
    assert made.status_code == 201, made.text
    organization = made.json()
    found = client.get("/organizations/external_id/acme-1")
    assert found.status_code == 200 and found.json() == organization
    assert client.get("/organizations/external_id/nobody").status_code == 404
    invitation = client.post("/invitations", json={"email": "ann@example.com"}).json()
    by_token = client.get(f"/invitations/by_token/{invitation['token']}")
    assert by_token.status_code == 200 and by_token.json() == invitation
    key = client.post("/keys", json={"name": "deploy"}).json()
    assert client.get("/keys/by-name/deploy").json() == key
    assert client.app.state.server.violations_seen == 0
