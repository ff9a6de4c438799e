"""A record that holds its parent's record (a repository's `owner` under `/users/{username}/repos`) holds the
parent as the state has it: Gitea's repositories listed under bob each had an owner of their own making."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.3
info: {title: repos, version: "1"}
paths:
  /users:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
  /users/{username}:
    parameters: [{name: username, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none}
  /users/{username}/repos:
    parameters: [{name: username, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Repository"}}}}
        "404": {description: none}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}, private: {type: boolean}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Repository"}}}}
        "404": {description: none}
  /repos/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Repository"}}}}
        "404": {description: none}
components:
  schemas:
    User:
      type: object
      required: [login]
      properties:
        id: {type: integer, readOnly: true}
        login: {type: string}
        email: {type: string}
        full_name: {type: string}
        password: {type: string, writeOnly: true}
    Repository:
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
        private: {type: boolean}
        owner: {$ref: "#/components/schemas/User"}
"""


def test_a_record_holds_its_parent_as_the_state_has_it(tmp_path):
    (tmp_path / "repos.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    bob = {"login": "bob", "email": "bob@example.com", "full_name": "Bob Builder", "password": "hunter22"}
    made_user = client.post("/users", json=bob)
    assert made_user.status_code == 201
    made = client.post("/users/bob/repos", json={"name": "tools"})
    assert made.status_code == 201
    owner = made.json()["owner"]
    assert {k: owner.get(k) for k in ("id", "login", "email", "full_name")} == {
        k: made_user.json()[k] for k in ("id", "login", "email", "full_name")
    }
    assert "password" not in owner
    listed = client.get("/users/bob/repos").json()
    assert listed == [made.json()]  # a user just made has no repositories but the one made since
    assert client.app.state.server.violations_seen == 0
