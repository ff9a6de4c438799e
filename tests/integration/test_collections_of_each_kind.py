"""A collection of each kind, the kind a path parameter (HubSpot's `/crm/v3/objects/{objectType}` and
`/crm/v3/objects/{objectType}/{objectId}`): records made under one kind are read, listed, changed and deleted under
it, and not under another. The path that lists them ends in a parameter, so it was taken for an item path whose
collection does not exist, and nothing was stateful; the record made took the kind for its id."""

from __future__ import annotations

from mock.spec.resources import explain_resources
from tests.integration.conftest import served

_SPEC = """
openapi: 3.0.3
info: {title: catalogue, version: "1"}
paths:
  /catalogue/v2/{kind}:
    parameters: [{name: kind, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: the entries of a kind
          content:
            application/json:
              schema: {type: object, properties: {results: {type: array, items: {$ref: "#/components/schemas/Entry"}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Entry"}}}}
      responses:
        "201": &entry {description: entry, content: {application/json: {schema: {$ref: "#/components/schemas/Entry"}}}}
  /catalogue/v2/{kind}/{entryId}:
    parameters:
      - {name: kind, in: path, required: true, schema: {type: string}}
      - {name: entryId, in: path, required: true, schema: {type: string}}
    get:
      responses:
        "200": *entry
        "404": &missing {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Gone"}}}}
    patch:
      requestBody: {content: {application/json: {schema: {type: object, properties: {title: {type: string}}}}}}
      responses: {"200": *entry, "404": *missing}
    delete:
      responses: {"204": {description: gone}, "404": *missing}
  /boards/{boardId}:
    get:
      parameters: [{name: boardId, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: a board and its cards
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
                  cards: {type: array, items: {type: object, properties: {id: {type: string}}}}
  /boards/{boardId}/{cardId}:
    get:
      parameters:
        - {name: boardId, in: path, required: true, schema: {type: string}}
        - {name: cardId, in: path, required: true, schema: {type: string}}
      responses:
        "200": &card {description: a card, content: {application/json: {schema: {type: object}}}}
components:
  schemas:
    Entry:
      type: object
      required: [id, title]
      properties:
        id: {type: string, readOnly: true}
        title: {type: string}
        shelf: {type: string}
    Gone: {type: object, properties: {message: {type: string}}}
"""


def test_records_of_each_kind_live_under_their_kind(tmp_path):
    client = served(tmp_path, _SPEC)
    made = client.post("/catalogue/v2/books", json={"title": "Dune", "shelf": "B3"})
    assert made.status_code == 201, made.text
    entry = made.json()
    assert entry["title"] == "Dune" and entry["id"] != "books"

    assert client.get(f"/catalogue/v2/books/{entry['id']}").json() == entry
    assert client.get(f"/catalogue/v2/films/{entry['id']}").status_code == 404
    books = client.get("/catalogue/v2/books").json()["results"]
    films = client.get("/catalogue/v2/films").json()["results"]
    assert entry in books and entry["id"] not in {film["id"] for film in films}

    changed = client.patch(f"/catalogue/v2/books/{entry['id']}", json={"title": "Dune Messiah"})
    assert changed.status_code == 200 and changed.json()["title"] == "Dune Messiah"
    assert client.delete(f"/catalogue/v2/books/{entry['id']}").status_code == 204
    assert client.get(f"/catalogue/v2/books/{entry['id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_an_item_that_holds_a_list_of_something_else_stays_an_item(tmp_path):
    client = served(tmp_path, _SPEC)
    (mount,) = client.app.state.server.mounts
    inference = explain_resources(mount.api)
    assert [(r.collection_path, r.item_path) for r in inference.resources] == [
        ("/catalogue/v2/{kind}", "/catalogue/v2/{kind}/{entryId}")
    ]
    assert {o.path for o in inference.left_out} >= {"/boards/{boardId}", "/boards/{boardId}/{cardId}"}
