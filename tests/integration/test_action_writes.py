"""An action on an item that answers the record writes the record's own fields its body sends: Clerk's
`PUT /users/{user_id}/metadata` replaces the user's metadata and its `PATCH` merges into it (RFC 7386). Before, the
`PUT` answered the user as it was and the `PATCH` was not served from the state at all, so a frontend that saved a
user's settings read the old ones back."""

from __future__ import annotations

from tests.integration.conftest import served

USERS = """
openapi: 3.0.3
info: {title: users, version: "1"}
paths:
  /users:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}}
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {username: {type: string}}}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
  /users/{user_id}:
    parameters: [{name: user_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none}
  /users/{user_id}/metadata:
    parameters: [{name: user_id, in: path, required: true, schema: {type: string}}]
    put:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Metadata"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none}
    patch:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Metadata"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none}
  /users/{user_id}/ban:
    parameters: [{name: user_id, in: path, required: true, schema: {type: string}}]
    post:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none}
components:
  schemas:
    Metadata:
      type: object
      additionalProperties: false
      properties:
        public_metadata: {type: object, additionalProperties: true}
        private_metadata: {type: object, additionalProperties: true}
    User:
      type: object
      required: [id, username, banned, public_metadata, private_metadata, updated_at]
      properties:
        id: {type: string}
        username: {type: string}
        banned: {type: boolean}
        public_metadata: {type: object, additionalProperties: true}
        private_metadata: {type: object, additionalProperties: true}
        updated_at: {type: integer, readOnly: true}
"""


def test_a_sub_path_write_answering_the_record_writes_its_fields(tmp_path):
    client = served(tmp_path, USERS)
    user = client.post("/users", json={"username": "ada"}).json()
    user_id = user["id"]
    merged = client.patch(f"/users/{user_id}/metadata", json={"public_metadata": {"theme": "dark", "lang": "en"}})
    assert merged.status_code == 200 and merged.json()["public_metadata"] == {"theme": "dark", "lang": "en"}
    merged = client.patch(f"/users/{user_id}/metadata", json={"public_metadata": {"lang": "fr", "theme": None}})
    assert merged.json()["public_metadata"] == {"lang": "fr"}  # merged, a null taking a key away
    assert merged.json()["username"] == "ada" and merged.json()["id"] == user_id
    replaced = client.put(f"/users/{user_id}/metadata", json={"private_metadata": {"plan": "pro"}})
    assert replaced.json()["private_metadata"] == {"plan": "pro"}
    assert replaced.json()["public_metadata"] == {"lang": "fr"}  # what the body does not send is kept
    read = client.get(f"/users/{user_id}").json()
    assert (read["public_metadata"], read["private_metadata"]) == ({"lang": "fr"}, {"plan": "pro"})
    assert read["updated_at"] >= user["updated_at"]
    banned = client.post(f"/users/{user_id}/ban").json()
    assert banned["banned"] is True and banned["private_metadata"] == {"plan": "pro"}
    listed = [u for u in client.get("/users").json() if u["id"] == user_id]
    assert [(u["public_metadata"], u["banned"]) for u in listed] == [({"lang": "fr"}, True)]
    assert client.patch("/users/nobody/metadata", json={"public_metadata": {}}).status_code == 404
    assert client.app.state.server.violations_seen == 0
