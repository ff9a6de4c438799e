"""A record made by a POST to its own item path, as Weaviate makes a database user (`POST /users/db/{user_id}`,
201 with the user's API key): the user reads back at that path and in the list, once; the POST was left out of
inference ("an action on an item"), and the user it answered 201 for was never found (404 at every read)."""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import served

USERS = """
openapi: 3.0.3
info: {title: users, version: "1"}
paths:
  /users/db:
    get:
      responses:
        "200":
          description: every user
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}}
  /users/db/{user_id}:
    parameters: [{name: user_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {import: {type: boolean}}}}}
      responses:
        "201":
          description: made, and its key
          content:
            application/json:
              schema: {type: object, required: [apikey], properties: {apikey: {type: string}}}
        "409": {description: taken, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    delete:
      responses:
        "204": {description: gone}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    User:
      type: object
      required: [userId, active]
      properties: {userId: {type: string}, active: {type: boolean}, createdAt: {type: string, format: date-time}}
    Error:
      type: object
      properties: {error: {type: array, items: {type: object, properties: {message: {type: string}}}}}
"""


def test_a_post_to_an_item_path_answering_201_makes_the_record_it_names(tmp_path: Path) -> None:
    client = served(tmp_path, USERS)
    made = client.post("/users/db/alice", json={})
    assert made.status_code == 201 and made.json()["apikey"]
    assert client.get("/users/db/alice").json()["userId"] == "alice"
    assert "alice" in [user["userId"] for user in client.get("/users/db").json()]
    again = client.post("/users/db/alice", json={})
    assert again.status_code == 409 and "A db with userId alice already exists" in again.text
    assert client.delete("/users/db/alice").status_code == 204
    assert client.get("/users/db/alice").status_code == 404
    assert client.post("/users/db/alice", json={}).status_code == 201  # made anew once deleted
    assert client.app.state.server.violations_seen == 0


def test_a_key_taken_is_refused_with_the_article_its_noun_takes(tmp_path: Path) -> None:
    # Lago's events: "A event with transaction_id … already exists"
    client = served(tmp_path, USERS.replace("/users/db", "/accounts/items"))
    assert client.post("/accounts/items/alice", json={}).status_code == 201
    again = client.post("/accounts/items/alice", json={})
    assert again.status_code == 409 and "An item with userId alice already exists" in again.text


CONFIGURATIONS = """
openapi: 3.0.3
info: {title: maintenance, version: "1"}
paths:
  /subscriptions/{sub}/configurations:
    parameters: [{name: sub, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: every one of the subscription's, of every group
          content: {application/json: {schema: {$ref: "#/components/schemas/Page"}}}
  /subscriptions/{sub}/groups/{group}/configurations/{name}:
    parameters:
      - {name: sub, in: path, required: true, schema: {type: string}}
      - {name: group, in: path, required: true, schema: {type: string}}
      - {name: name, in: path, required: true, schema: {type: string}}
    get:
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Configuration"}}}}
        default: {description: an error, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    put:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/Configuration"}}}
      responses:
        "200": {$ref: "#/components/responses/One"}
        default: {description: an error, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    patch:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/Configuration"}}}
      responses:
        "200": {$ref: "#/components/responses/One"}
        default: {description: an error, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    delete:
      responses:
        "200": {description: gone}
        default: {description: an error, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  responses:
    One: {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Configuration"}}}}
  schemas:
    Page:
      type: object
      properties: {value: {type: array, items: {$ref: "#/components/schemas/Configuration"}}}
    Configuration:
      type: object
      properties:
        id: {type: string, readOnly: true}
        name: {type: string, readOnly: true}
        location: {type: string}
        scope: {type: string, enum: [All, Host, OSImage]}
    Error:
      type: object
      properties: {error: {type: object, properties: {code: {type: string}, message: {type: string}}}}
"""


def test_a_record_whose_whole_life_is_at_its_own_path_is_made_by_its_put(tmp_path: Path) -> None:
    # Azure's maintenance configurations: made, read, changed and deleted under a resource group, listed only at the
    # subscription, and no path of their own group's; a PATCH after a DELETE answered 200, and any name read back
    client = served(tmp_path, CONFIGURATIONS)
    at = "/subscriptions/s1/groups/rg/configurations/"
    assert client.get(at + "never").status_code == 404
    made = client.put(at + "nightly", json={"location": "westus2", "scope": "Host"})
    assert made.status_code == 200, made.text
    assert client.get(at + "nightly").json() == made.json()
    assert client.patch(at + "nightly", json={"location": "eastus"}).json()["location"] == "eastus"
    assert client.get(at + "nightly").json()["scope"] == "Host"
    assert client.delete(at + "nightly").status_code == 200
    assert client.get(at + "nightly").status_code == 404
    assert client.patch(at + "nightly", json={"location": "eastus"}).status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_an_item_path_without_a_delete_is_left_to_the_static_mock(tmp_path: Path) -> None:
    # a PUT and a GET alone (a setting by its name) may read what no PUT wrote: no record to miss
    settings = CONFIGURATIONS.replace("    delete:\n", "    x-unused:\n")
    client = served(tmp_path, settings)
    assert client.get("/subscriptions/s1/groups/rg/configurations/never").status_code == 200
