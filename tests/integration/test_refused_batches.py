"""A batch create the server refuses writes nothing: `POST /users/bulk` with a new user and one whose username is
taken answered 409, and the mock kept the new user it had made before it met the taken name. A client that retried
the batch without the taken name then met a 409 for the user it never saw made."""

from __future__ import annotations

from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: a refused batch writes nothing, version: "1"}
paths:
  /users:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/User"}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}
        "409": {description: the username is taken}
  /users/bulk:
    post:
      requestBody:
        required: true
        content:
          application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}}
        "409": {description: a username is taken}
  /users/{username}:
    get:
      parameters: [{name: username, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}
        "404": {description: no such user}
components:
  schemas:
    User:
      type: object
      required: [username]
      properties:
        username: {type: string}
        email: {type: string}
"""


def test_a_refused_batch_leaves_no_record_it_listed(tmp_path):
    client = served(tmp_path, SPEC)
    assert client.post("/users", json={"username": "taken"}).status_code == 201
    refused = client.post("/users/bulk", json=[{"username": "fresh"}, {"username": "taken"}])
    assert refused.status_code == 409, refused.text
    assert client.get("/users/fresh").status_code == 404
    assert "fresh" not in [u["username"] for u in client.get("/users").json()]
    made = client.post("/users/bulk", json=[{"username": "fresh"}, {"username": "other"}])
    assert made.status_code == 201, made.text
    assert [u["username"] for u in made.json()] == ["fresh", "other"]
    assert client.get("/users/fresh").status_code == 200
    assert client.app.state.server.violations_seen == 0
