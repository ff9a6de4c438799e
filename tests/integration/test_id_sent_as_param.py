"""A create that sends the new record's key under the name the item path gives it, not the record's own.

Gitea's `POST /admin/users` takes `{"username": "bob", …}`, its user is keyed `login`, and the item path is
`/admin/users/{username}`: the user was made with a login of the mock's choosing, so `…/users/bob/repos` said
"No user with id bob exists" right after bob was made.
"""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

USERS = """
openapi: 3.0.3
info: {title: users, version: "1"}
paths:
  /admin/users:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [username, email]
              properties: {username: {type: string}, email: {type: string}, full_name: {type: string}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
  /admin/users/{username}:
    parameters: [{name: username, in: path, required: true, schema: {type: string}}]
    delete:
      responses:
        "204": {description: gone}
        "404": {description: none}
  /users/{username}:
    parameters: [{name: username, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none}
  /users:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}}
components:
  schemas:
    User:
      type: object
      properties:
        id: {type: integer, format: int64}
        login: {type: string}
        email: {type: string}
        full_name: {type: string}
"""


def test_the_key_sent_under_the_item_paths_name_is_the_records_key(tmp_path):
    (tmp_path / "users.yaml").write_text(USERS)
    client = user_spec_client(tmp_path)
    made = client.post("/admin/users", json={"username": "bob", "email": "bob@example.com", "full_name": "Bob B"})
    assert made.status_code == 201
    assert made.json()["login"] == "bob"
    assert "username" not in made.json()  # the record's schema has no such field
    read = client.get("/users/bob")
    assert read.status_code == 200 and read.json() == made.json()
    assert client.delete("/admin/users/bob").status_code == 204
    assert client.get("/users/bob").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_a_record_with_a_field_of_the_parameters_name_keeps_it_its_own(tmp_path):
    # where the record itself has a `username` (beside `login`), the item path names that field, not `login`
    (tmp_path / "users.yaml").write_text(
        USERS.replace("login: {type: string}", "login: {type: string}\n        username: {type: string}")
    )
    client = user_spec_client(tmp_path)
    made = client.post("/admin/users", json={"username": "carol", "email": "carol@example.com"})
    assert made.status_code == 201 and made.json()["username"] == "carol"
    assert client.get("/users/carol").json()["username"] == "carol"
