"""A record nothing else keeps is gone once its DELETE answered: its reads, and what is below it, answer 404 (where
the spec declares one) until a write at its key makes it again, each caller's own. Request Baskets, ETSI's app
packages and The SMS Works' messages were read back 200 right after their delete (schemathesis' `use_after_free`)."""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: Baskets, version: "1"}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: Authorization}
  schemas:
    Config: {type: object, properties: {capacity: {type: integer}, forward_url: {type: string}}}
    Token: {type: object, properties: {token: {type: string}}}
    Made: {type: object, required: [data], properties: {data: {$ref: "#/components/schemas/Named"}}}
    Named: {type: object, required: [name], properties: {name: {type: string, pattern: "^[a-z0-9]+$"}}}
    Answer: {type: object, properties: {status: {type: integer}}}
    Stats: {type: object, properties: {count: {type: integer}}}
security: [{token: []}]
paths:
  /baskets:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Config"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Made"}}}}
  /baskets/{name}:
    parameters: [{name: name, in: path, required: true, schema: {type: string, pattern: "^[a-z0-9]+$"}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Config"}}}}
        "404": {description: no such basket}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Config"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Token"}}}}
    delete:
      responses:
        "204": {description: deleted}
        "404": {description: no such basket}
  /baskets/{name}/responses/{method}:
    parameters:
      - {name: name, in: path, required: true, schema: {type: string}}
      - {name: method, in: path, required: true, schema: {type: string}}
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Answer"}}}}
        "404": {description: no such basket}
  /baskets/{name}/stats:
    parameters: [{name: name, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Stats"}}}}
"""

ALICE, BOB = {"Authorization": "alice"}, {"Authorization": "bob"}


def test_a_record_deleted_is_gone_with_what_is_below_it_until_made_again(tmp_path: Path) -> None:
    client = served(tmp_path, SPEC)
    assert client.get("/baskets/b1", headers=ALICE).status_code == 200  # the static answer: any basket is there
    assert client.delete("/baskets/b1", headers=ALICE).status_code == 204
    assert client.get("/baskets/b1", headers=ALICE).status_code == 404
    assert client.get("/baskets/b1/responses/GET", headers=ALICE).status_code == 404
    assert client.delete("/baskets/b1", headers=ALICE).status_code == 404  # deleted twice: the second finds none
    # what the spec declares no 404 for is answered as before: nothing undeclared goes out
    assert client.get("/baskets/b1/stats", headers=ALICE).status_code == 200
    # another basket, and another caller's basket of that name, are still there
    assert client.get("/baskets/b2", headers=ALICE).status_code == 200
    assert client.get("/baskets/b1", headers=BOB).status_code == 200
    # made again at its key
    assert client.post("/baskets/b1", headers=ALICE, json={"capacity": 5}).status_code == 201
    assert client.get("/baskets/b1", headers=ALICE).status_code == 200
    assert client.get("/baskets/b1/responses/GET", headers=ALICE).status_code == 200
    assert client.app.state.server.violations_seen == 0


def test_a_create_whose_answer_names_a_record_deleted_before_makes_it_again(tmp_path: Path) -> None:
    # The SMS Works' `POST /messages`: the static answer to the same request names the same id again, and it was read
    # 404 right after it was made
    client = served(tmp_path, SPEC)
    made = client.post("/baskets", headers=ALICE, json={"capacity": 1})
    name = made.json()["data"]["name"]
    assert client.delete(f"/baskets/{name}", headers=ALICE).status_code == 204
    assert client.get(f"/baskets/{name}", headers=ALICE).status_code == 404
    again = client.post("/baskets", headers=ALICE, json={"capacity": 1})
    assert again.json()["data"]["name"] == name
    assert client.get(f"/baskets/{name}", headers=ALICE).status_code == 200
    assert client.app.state.server.violations_seen == 0


MESSAGES = """
openapi: 3.0.3
info: {title: Messages, version: "1"}
paths:
  /messages:
    post:
      requestBody: {content: {application/json: {schema: {type: object, properties: {from: {type: string}}}}}}
      responses:
        "200":
          description: the messages found
          content:
            application/json:
              schema: {type: array, minItems: 1, items: {$ref: "#/components/schemas/Message"}}
  /messages/{messageid}:
    parameters: [{name: messageid, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Message"}}}}
        "404": {description: none}
    delete:
      responses:
        "200": {description: deleted}
components:
  schemas:
    Message:
      type: object
      required: [id, messageid]
      properties: {id: {type: string, format: uuid}, messageid: {type: string, format: uuid}}
"""


def test_a_search_at_the_collection_path_listing_a_record_deleted_before_names_it_again(tmp_path: Path) -> None:
    # The SMS Works' `POST /messages` finds messages: the same search answers the same ids, and each read 404 after
    client = served(tmp_path, MESSAGES)
    found = client.post("/messages", json={"from": "x"}).json()
    first = found[0]["messageid"]
    assert client.delete(f"/messages/{first}").status_code == 200
    assert client.get(f"/messages/{first}").status_code == 404
    assert client.post("/messages", json={"from": "x"}).json() == found
    assert client.get(f"/messages/{first}").status_code == 200
    assert client.app.state.server.violations_seen == 0


COLLECTIONS = """
openapi: 3.0.3
info: {title: Collections, version: "1"}
paths:
  /collections:
    post:
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses:
        "200":
          description: the collection made
          content:
            application/json:
              schema:
                type: object
                required: [collection]
                properties:
                  collection:
                    type: object
                    required: [id, uid]
                    properties: {id: {type: string, format: uuid}, uid: {type: string}, name: {type: string}}
  /collections/{collection_uid}:
    parameters: [{name: collection_uid, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: the collection, in Postman's own format (no uid)
          content:
            application/json:
              schema:
                type: object
                properties:
                  collection:
                    type: object
                    properties: {info: {type: object, properties: {name: {type: string}}}}
        "404": {description: none}
    put:
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses:
        "200": {description: replaced, content: {application/json: {schema: {type: object}}}}
        "404": {description: none}
    delete:
      responses:
        "200": {description: deleted}
        "404": {description: none}
"""


def test_a_create_names_the_record_by_the_field_its_parameter_names_before_a_plain_id(tmp_path: Path) -> None:
    # Postman's `POST /collections` answers `{"collection": {"id": …, "uid": …}}`, read at
    # `/collections/{collection_uid}`: made again, it was keyed by its `id`, and its `uid` stayed deleted (a PUT and a
    # DELETE of it answered 404)
    client = served(tmp_path, COLLECTIONS)
    uid = client.post("/collections", json={}).json()["collection"]["uid"]
    assert client.delete(f"/collections/{uid}").status_code == 200
    assert client.put(f"/collections/{uid}", json={}).status_code == 404
    assert client.post("/collections", json={}).json()["collection"]["uid"] == uid
    assert client.put(f"/collections/{uid}", json={}).status_code == 200
    assert client.delete(f"/collections/{uid}").status_code == 200
    assert client.app.state.server.violations_seen == 0


def test_the_static_mock_keeps_nothing(tmp_path: Path) -> None:
    client = served(tmp_path, SPEC, stateful=False)
    assert client.delete("/baskets/b1", headers=ALICE).status_code == 204
    assert client.get("/baskets/b1", headers=ALICE).status_code == 200


APPS = """
openapi: 3.0.3
info: {title: Control, version: "1"}
components:
  schemas:
    App: {type: object, properties: {id: {type: string}, name: {type: string}}}
    Key: {type: object, required: [id], properties: {id: {type: string, readOnly: true}, name: {type: string}}}
    Keys: {type: array, items: {$ref: "#/components/schemas/Key"}}
paths:
  /apps/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    patch:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/App"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/App"}}}}
        "404": {description: no such app}
    delete:
      responses: {"204": {description: deleted}, "404": {description: no such app}}
  /apps/{app_id}/keys:
    parameters: [{name: app_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Keys"}}}}
        "404": {description: no such app}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Key"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Key"}}}}
        "404": {description: no such app}
  /apps/{app_id}/keys/{key_id}:
    parameters:
      - {name: app_id, in: path, required: true, schema: {type: string}}
      - {name: key_id, in: path, required: true, schema: {type: string}}
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Key"}}}}
        "404": {description: none}
    patch:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Key"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Key"}}}}
        "404": {description: none}
"""


def test_a_resources_records_below_a_deleted_record_go_with_it(tmp_path: Path) -> None:
    # Ably's keys and rules, records the mock keeps below `/apps/{id}` (no resource of its own): read and changed after
    # their app's delete (schemathesis' `use_after_free`), a PATCH changing the key of an app that was gone
    client = served(tmp_path, APPS)
    key = client.post("/apps/a1/keys", json={"name": "first"}).json()["id"]
    other = client.post("/apps/a2/keys", json={"name": "kept"}).json()["id"]
    assert client.get(f"/apps/a1/keys/{key}").status_code == 200
    assert client.delete("/apps/a1").status_code == 204
    assert client.get(f"/apps/a1/keys/{key}").status_code == 404
    assert client.get("/apps/a1/keys").status_code == 404
    assert client.patch(f"/apps/a1/keys/{key}", json={"name": "changed"}).status_code == 404
    assert client.get(f"/apps/a2/keys/{other}").json()["name"] == "kept"
    assert client.app.state.server.violations_seen == 0
