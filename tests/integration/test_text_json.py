"""An API whose bodies are declared only as `text/json` (Swashbuckle's second JSON type) is JSON throughout: its
collections keep what a client creates, and a refusal is written in its own error schema. `text/json` was JSON to the
request reader and not to the stages that find an answer's JSON media, so such an API got no state: a pet created
was not the pet read back."""

from __future__ import annotations

from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: shelter, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: the pets
          content: {text/json: {schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}}}
    post:
      requestBody:
        required: true
        content: {text/json: {schema: {$ref: "#/components/schemas/NewPet"}}}
      responses:
        "201":
          description: made
          content: {text/json: {schema: {$ref: "#/components/schemas/Pet"}}}
        "400":
          description: refused
          content: {text/json: {schema: {$ref: "#/components/schemas/Problem"}}}
  /pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: a pet
          content: {text/json: {schema: {$ref: "#/components/schemas/Pet"}}}
        "404":
          description: none
          content: {text/json: {schema: {$ref: "#/components/schemas/Problem"}}}
components:
  schemas:
    NewPet: {type: object, required: [name], properties: {name: {type: string}, tag: {type: string}}}
    Pet:
      type: object
      required: [id, name]
      properties: {id: {type: integer}, name: {type: string}, tag: {type: string}}
    Problem:
      type: object
      required: [title, status]
      properties: {title: {type: string}, status: {type: integer}, detail: {type: string}}
"""


def test_a_text_json_api_keeps_what_is_created_and_refuses_in_its_own_schema(tmp_path):
    client = served(tmp_path, SPEC)
    text_json = {"content-type": "text/json"}
    made = client.post("/pets", content=b'{"name": "Rex", "tag": "dog"}', headers=text_json)
    assert made.status_code == 201 and made.headers["content-type"].startswith("text/json")
    pet = made.json()
    assert pet["name"] == "Rex" and pet["tag"] == "dog"
    assert client.get(f"/pets/{pet['id']}").json() == pet
    assert pet in client.get("/pets").json()
    refused = client.post("/pets", content=b'{"tag": 1}', headers=text_json)
    assert refused.status_code == 400 and refused.json()["status"] == 400 and "name" in refused.json()["detail"]
    assert client.get("/pets/999999").status_code == 404
    assert client.app.state.server.violations_seen == 0
