"""`/users/me` is the caller's own record, not a user whose id is "me".

Asana's first call in most clients is `GET /users/me` (its parameter's description says "me" names the caller); the
users resource looked for a user with the id "me" and answered 404."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.0
info: {title: people, version: "1"}
security: [{token: []}]
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
  schemas:
    User:
      type: object
      properties:
        gid: {type: string, readOnly: true}
        name: {type: string}
        email: {type: string, format: email}
paths:
  /users:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/User"}}}}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/User"}}}}}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/User"}}}}}
  /users/{user_gid}:
    parameters:
      - {name: user_gid, in: path, required: true, description: 'A user gid, or "me"', schema: {type: string}}
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/User"}}}}}
        "404": {description: none}
"""


def test_me_is_the_callers_own_record(tmp_path):
    (tmp_path / "people.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    me = client.get("/users/me", headers={"authorization": "Bearer alice-token"})
    assert me.status_code == 200, me.text
    again = client.get("/users/me", headers={"authorization": "Bearer alice-token"})
    assert again.json() == me.json()
    assert client.get("/users/unknown-gid", headers={"authorization": "Bearer alice-token"}).status_code == 404
    assert client.app.state.server.violations_seen == 0
