"""A replace keeps what its request cannot send: Qovery's `PUT /organization/{id}/onPremise/credentials/{id}` sends a
`name` only, of credentials that are one of eight kinds told apart by `object_type`. Replacing the stored record
with `{name}` made it of no kind (or another), lacking what its kind requires: every such answer broke the spec."""

from __future__ import annotations

from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: a replace sends some fields, version: "1"}
paths:
  /credentials:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Credentials"}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Credentials"}}}}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {$ref: "#/components/schemas/Credentials"}}}
  /credentials/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Credentials"}}}
        "404": {description: none}
    put:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        "200":
          description: renamed
          content: {application/json: {schema: {$ref: "#/components/schemas/Credentials"}}}
        "404": {description: none}
  /notes/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}
        "404": {description: none}
    put:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
      responses:
        "200":
          description: replaced
          content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}
        "404": {description: none}
  /notes:
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}
components:
  schemas:
    Credentials:
      oneOf: [{$ref: "#/components/schemas/Role"}, {$ref: "#/components/schemas/Static"}]
      discriminator:
        propertyName: object_type
        mapping: {ROLE: "#/components/schemas/Role", STATIC: "#/components/schemas/Static"}
    Role:
      type: object
      required: [name, role_arn, object_type]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        role_arn: {type: string}
        object_type: {enum: [ROLE]}
    Static:
      type: object
      required: [name, access_key_id, object_type]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        access_key_id: {type: string}
        object_type: {enum: [STATIC]}
    Note:
      type: object
      required: [title]
      properties:
        id: {type: string, readOnly: true}
        title: {type: string}
        body: {type: string}
"""


def test_a_replace_keeps_the_fields_its_request_cannot_send(tmp_path):
    client = served(tmp_path, SPEC)
    made = client.post("/credentials", json={"name": "ci", "access_key_id": "AKIA1", "object_type": "STATIC"})
    assert made.status_code == 201, made.text
    credentials = made.json()
    renamed = client.put(f"/credentials/{credentials['id']}", json={"name": "deploy"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json() == {**credentials, "name": "deploy"}
    assert client.get(f"/credentials/{credentials['id']}").json() == renamed.json()
    assert client.app.state.server.violations_seen == 0


def test_a_replace_whose_request_names_every_field_still_replaces_them(tmp_path):
    client = served(tmp_path, SPEC)
    note = client.post("/notes", json={"title": "a", "body": "text"}).json()
    replaced = client.put(f"/notes/{note['id']}", json={"title": "b"}).json()
    assert replaced["title"] == "b" and replaced.get("body") != "text"
