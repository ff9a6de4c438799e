"""A list whose records sit in an object named for it (Discourse's `{"category_list": {"categories": [...]}}`)
is a collection: what a create makes is listed there. It was left out, and a created category never appeared."""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import served

CATEGORIES = """
openapi: 3.1.0
info: {title: forum, version: "1"}
paths:
  /categories.json:
    get:
      responses:
        "200":
          description: the categories
          content:
            application/json:
              schema:
                type: object
                required: [category_list]
                properties:
                  category_list:
                    type: object
                    required: [can_create_category, categories]
                    properties:
                      can_create_category: {type: boolean}
                      categories: {type: array, items: {$ref: "#/components/schemas/Category"}}
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                required: [category]
                properties: {category: {$ref: "#/components/schemas/Category"}}
  /c/{id}/show.json:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: one
          content:
            application/json:
              schema:
                type: object
                required: [category]
                properties: {category: {$ref: "#/components/schemas/Category"}}
components:
  schemas:
    Category:
      type: object
      required: [id, name]
      properties: {id: {type: integer}, name: {type: string}}
"""


def test_records_in_an_object_named_for_their_list_are_a_collection(tmp_path: Path) -> None:
    client = served(tmp_path, CATEGORIES)
    made = client.post("/categories.json", json={"name": "Frontend"}).json()["category"]
    listed = client.get("/categories.json").json()["category_list"]["categories"]
    assert made in listed
    assert client.app.state.server.violations_seen == 0
