"""Operations at one path and method told apart only by a `#fragment` in their keys (Box's shared-link variants):
the one the request is valid for answers."""

from __future__ import annotations

from tests.integration.conftest import served

VARIANTS = """
openapi: 3.0.3
info: {title: items, version: "1"}
paths:
  /items/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    put:
      operationId: updateItem
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {name: {type: string}, shared_link: {type: object, properties: {access: {type: string}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}}
  /items/{id}#remove_shared_link:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    put:
      operationId: removeSharedLink
      parameters: [{name: fields, in: query, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [shared_link], properties: {shared_link: {nullable: true, type: object}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
components:
  schemas:
    Item: {type: object, required: [id], properties: {id: {type: string}, name: {type: string}}}
"""


def test_the_variant_a_request_is_valid_for_answers_and_one_valid_for_none_is_refused_by_the_first(tmp_path) -> None:
    # Box's documented way to remove a shared link, `PUT /files/{id}?fields=shared_link {"shared_link": null}`,
    # was refused by the plain update (`shared_link: null is not of type "object"`)
    client = served(tmp_path, VARIANTS, stateful=False)
    removed = client.put("/items/1", params={"fields": "shared_link"}, json={"shared_link": None})
    assert removed.status_code == 200
    assert client.put("/items/1", json={"name": "renamed"}).status_code == 200
    refused = client.put("/items/1", json={"name": 5})
    assert refused.status_code == 400 and "name" in refused.text  # the first variant's refusal
    assert client.app.state.server.violations_seen == 0
