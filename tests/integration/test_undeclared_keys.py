"""A record whose schema declares no key, read at a path parameter named as its id (dev.to's pages: `Page` has a
`slug` but no `id`, read at an integer `/api/pages/{id}`, and every example holds an `id`), with a create whose answer
is any JSON (an example, no schema). The pages were keyed by their text `slug`, which no integer path reads back, and
the create answered its example (id 53, `example1`) whatever it was sent."""

from __future__ import annotations

from mock.spec import load_apis
from mock.spec.resources import explain_resources, infer_resources
from tests.integration.conftest import served

PAGES = """
openapi: 3.0.3
info: {title: pages, version: "1"}
paths:
  /pages:
    get:
      operationId: listPages
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Page"}}}
    post:
      operationId: createPage
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/PageInput"}}
      responses:
        "200":
          description: made
          content:
            application/json:
              example: {id: 53, slug: example1, title: Example Page, description: a new page}
  /pages/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer, format: int32, minimum: 1}}]
    get:
      operationId: getPage
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Page"}}}}
        "404": {description: none, content: {application/json: {example: {error: not found}}}}
    delete:
      operationId: deletePage
      responses:
        "200": {description: gone, content: {application/json: {schema: {$ref: "#/components/schemas/Page"}}}}
        "404": {description: none, content: {application/json: {example: {error: not found}}}}
components:
  schemas:
    PageInput:
      type: object
      properties:
        title: {type: string}
        slug: {type: string}
        description: {type: string}
    Page:
      type: object
      required: [title, slug, description]
      properties:
        title: {type: string}
        slug: {type: string, description: must be unique and URL-safe}
        description: {type: string}
CLOSED
"""


def _spec(closed: bool = False) -> str:
    return PAGES.replace("CLOSED", "      additionalProperties: false" if closed else "")


def test_a_record_declaring_no_key_is_keyed_by_the_id_its_path_reads(tmp_path):
    (tmp_path / "spec.yaml").write_text(_spec())
    (pages,) = infer_resources(load_apis(tmp_path)["spec"])
    assert (pages.id_field, pages.id_param) == ("id", "id")
    assert pages.id_schema == {"type": "integer", "format": "int32", "minimum": 1}  # the path's, not a text key's
    assert pages.operations["create"] == ("createPage",)


def test_a_text_key_by_convention_is_not_the_key_of_a_numbered_path(tmp_path):
    # closed, the record cannot carry an undeclared id: no key of it fits the integer path, and it is left out
    (tmp_path / "spec.yaml").write_text(_spec(closed=True))
    inference = explain_resources(load_apis(tmp_path)["spec"])
    assert inference.resources == ()
    assert {item.reason for item in inference.left_out} == {"no id field in the record matches {id}"}
    # a text path keeps the slug as the key
    (tmp_path / "spec.yaml").write_text(
        _spec(closed=True).replace("type: integer, format: int32, minimum: 1", "type: string")
    )
    (pages,) = infer_resources(load_apis(tmp_path)["spec"])
    assert pages.id_field == "slug"


def test_a_page_made_is_answered_listed_and_read_back_as_sent(tmp_path):
    client = served(tmp_path, _spec())
    made = client.post("/pages", json={"title": "Mine", "slug": "my-page"})
    assert made.status_code == 200
    page = made.json()
    assert (page["title"], page["slug"]) == ("Mine", "my-page")  # not the example's `example1`
    assert isinstance(page["id"], int) and page["id"] >= 1
    other = client.post("/pages", json={"title": "Two", "slug": "two"}).json()
    assert other["id"] != page["id"]
    assert client.get(f"/pages/{page['id']}").json()["slug"] == "my-page"
    listed = client.get("/pages").json()
    assert {"my-page", "two"} <= {item["slug"] for item in listed}
    assert all(isinstance(item["id"], int) for item in listed)
    assert client.delete(f"/pages/{page['id']}").status_code == 200
    assert client.get(f"/pages/{page['id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0


SUMMARIES = """
openapi: 3.0.3
info: {title: places, version: "1"}
paths:
  /places:
    get:
      responses:
        "200":
          description: the places, summed up
          content:
            application/json:
              schema: {type: array, uniqueItems: true, items: {$ref: "#/components/schemas/PlaceItem"}}
  /places/{placeId}:
    parameters: [{name: placeId, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: a place, content: {application/json: {schema: {$ref: "#/components/schemas/Place"}}}}
        "404": {description: none, content: {application/json: {example: {error: not found}}}}
components:
  schemas:
    PlaceId: {type: string, pattern: "^[A-Za-z0-9_-]{22}$", example: 3HA6YcSCTSFX6SPPrI9PxQ}
    PlaceItem:
      type: object
      required: [id, name]
      properties: {id: {$ref: "#/components/schemas/PlaceId"}, name: {type: string}}
    Place:
      type: object
      required: [name, zipCode]
      properties: {name: {type: string}, zipCode: {type: string}}
"""


def test_a_record_read_without_its_key_is_keyed_by_the_one_its_summaries_list(tmp_path):
    # ijenko's places: listed as `PlaceItem {id, name}`, read as `Place {name, …}` at `/places/{placeId}`. Keyed by
    # their names, every place listed held the example's one id (a list of duplicates, `uniqueItems` broken)
    (tmp_path / "spec.yaml").write_text(SUMMARIES)
    (places,) = infer_resources(load_apis(tmp_path)["spec"])
    assert places.id_field == "id" and places.id_schema["pattern"] == "^[A-Za-z0-9_-]{22}$"
    client = served(tmp_path, SUMMARIES)
    listed = client.get("/places").json()
    ids = [place["id"] for place in listed]
    assert len(ids) > 1 and len(set(ids)) == len(ids)
    read = client.get(f"/places/{ids[1]}").json()
    assert (read["id"], read["name"]) == (ids[1], listed[1]["name"])
    assert client.app.state.server.violations_seen == 0
