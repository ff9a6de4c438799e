"""Two specs served together that both name a component (`Pet`), one of them using it in a discriminator's mapping:
the answers of the second were judged by the first's `Pet` (the mapping's `#/components/schemas/Pet`, resolved on a
judge's copy of the schema, found the first loaded document's), so its lists came back empty."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

SHOP = """
openapi: 3.0.3
info: {title: shop, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
components:
  schemas:
    Pet:
      type: object
      additionalProperties: false
      required: [sku, price]
      properties: {sku: {type: string}, price: {type: integer}}
"""

ZOO = """
openapi: 3.0.3
info: {title: zoo, version: "1"}
paths:
  /animals:
    get:
      responses:
        "200":
          description: the animals
          content:
            application/json:
              schema:
                type: object
                required: [data]
                properties: {data: {type: array, items: {$ref: "#/components/schemas/Animal"}}}
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
components:
  schemas:
    Animal:
      discriminator: {propertyName: kind, mapping: {pet: "#/components/schemas/Pet", wild: "#/components/schemas/Wild"}}
      oneOf: [{$ref: "#/components/schemas/Pet"}, {$ref: "#/components/schemas/Wild"}]
    Pet:
      type: object
      additionalProperties: false
      required: [kind, id, name]
      properties: {kind: {type: string, enum: [pet]}, id: {type: string}, name: {type: string}}
    Wild:
      type: object
      additionalProperties: false
      required: [kind, id, habitat]
      properties: {kind: {type: string, enum: [wild]}, id: {type: string}, habitat: {type: string}}
"""


def test_a_discriminator_maps_to_its_own_specs_component(tmp_path):
    (tmp_path / "a_shop.yaml").write_text(SHOP)
    (tmp_path / "b_zoo.yaml").write_text(ZOO)
    client = user_spec_client(tmp_path)
    zoo = next(m.base_url_path for m in client.app.state.server.mounts if m.api.title == "zoo")
    made = client.post(f"{zoo}/animals", json={"name": "Rex"})
    assert made.status_code == 201, made.text
    animals = client.get(f"{zoo}/animals").json()["data"]
    assert made.json() in animals
    assert {animal["kind"] for animal in animals} <= {"pet", "wild"}
    assert client.app.state.server.violations_seen == 0
