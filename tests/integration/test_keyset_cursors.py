"""A list paged by the key of the last record seen (Stripe's `starting_after`, S3's `marker`): the client sends the
id of the last record of its page, not a cursor the mock handed out. Such an id read as an unknown cursor pointed
past the end: the second page was always empty, and a "load more" never loaded more."""

from __future__ import annotations

from tests.integration.conftest import served

CUSTOMERS = """
openapi: 3.0.3
info: {title: billing, version: "1"}
paths:
  /v1/customers:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
        - {name: starting_after, in: query, schema: {type: string}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                required: [object, data, has_more]
                properties:
                  object: {type: string, enum: [list]}
                  data: {type: array, items: {$ref: "#/components/schemas/Customer"}}
                  has_more: {type: boolean}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Customer"}}}}
  /v1/customers/{customer}:
    parameters: [{name: customer, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Customer"}}}}
components:
  schemas:
    Customer:
      type: object
      required: [id, object]
      properties:
        id: {type: string}
        object: {type: string, enum: [customer]}
        name: {type: string, nullable: true}
"""


def test_the_last_id_of_a_page_starts_the_next_page_after_it(tmp_path):
    client = served(tmp_path, CUSTOMERS)
    for n in range(4):
        assert client.post("/v1/customers", json={"name": f"customer {n}"}).status_code == 200
    seen: list[str] = []
    page = client.get("/v1/customers", params={"limit": 2}).json()
    while True:
        seen += [c["id"] for c in page["data"]]
        if not page["has_more"]:
            break
        page = client.get("/v1/customers", params={"limit": 2, "starting_after": seen[-1]}).json()
        assert page["data"], "a page after the last id seen was empty"
    everyone = [c["id"] for c in client.get("/v1/customers", params={"limit": 100}).json()["data"]]
    assert seen == everyone and len(seen) >= 4
    assert client.app.state.server.violations_seen == 0
