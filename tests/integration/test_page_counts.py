"""A list answer that counts its pages and its records (Linode's `{data, page, pages, results}`): `pages` is how many
pages of the asked size the collection makes, `results` how many records it holds, whatever page is asked."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.integration.conftest import served, user_spec_client


def test_pages_and_results_count_the_whole_collection():
    client = user_spec_client(ROOT / "tests" / "data" / "page_counts")
    total = client.get("/boxes").json()["results"]
    for n in range(3):
        assert client.post("/boxes", json={"label": f"box {n}"}).status_code == 200
    seen = []
    for page in (1, 2, 3, 4, 5):
        answer = client.get("/boxes", params={"page": page, "page_size": 2}).json()
        assert (answer["page"], answer["results"]) == (page, total + 3)
        assert answer["pages"] == (total + 3 + 1) // 2
        seen += [box["id"] for box in answer["data"]]
    assert len(seen) == len(set(seen)) == total + 3
    assert client.get("/boxes").json()["pages"] == 1  # the default page size holds them all
    assert client.app.state.server.violations_seen == 0


PAGE_AND_TOTAL = """
openapi: 3.0.3
info: {title: money, version: "1"}
paths:
  /tags:
    get:
      parameters: [{name: limit, in: query, schema: {type: integer}}, {name: page, in: query, schema: {type: integer}}]
      responses:
        "200":
          description: all
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Tag"}}
                  meta:
                    type: object
                    properties:
                      pagination:
                        type: object
                        properties:
                          total: {type: integer, example: 3}
                          count: {type: integer, example: 20}
                          per_page: {type: integer}
                          current_page: {type: integer}
                          total_pages: {type: integer}
    post:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/Tag"}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Tag"}}}}
  /tags/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Tag"}}}}
components:
  schemas:
    Tag:
      type: object
      properties: {id: {type: integer, readOnly: true}, tag: {type: string}}
"""


def test_a_count_beside_a_total_counts_the_page_not_the_collection(tmp_path):
    # Firefly III's `meta.pagination {total, count, per_page, …}`: `count` is how many records the page holds; it kept
    # the example's 20 on every page
    client = served(tmp_path, PAGE_AND_TOTAL)
    total = client.get("/tags").json()["meta"]["pagination"]["total"]
    for page in (1, (total + 1) // 2):
        answer = client.get("/tags", params={"limit": 2, "page": page}).json()
        pagination = answer["meta"]["pagination"]
        assert pagination["count"] == len(answer["data"]) and pagination["total"] == total, pagination
    assert client.app.state.server.violations_seen == 0


IN_THIS_RESULT_SET = """
openapi: 3.1.0
info: {title: payments, version: "1"}
paths:
  /payments:
    get:
      parameters: [{name: from, in: query, schema: {type: string}}, {name: limit, in: query, schema: {type: integer}}]
      responses:
        "200":
          description: all
          content:
            application/hal+json:
              schema:
                type: object
                properties:
                  count: {$ref: "#/components/schemas/list-count"}
                  _embedded:
                    type: object
                    properties: {payments: {type: array, items: {$ref: "#/components/schemas/Payment"}}}
    post:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/Payment"}}}
      responses:
        "201": {description: made, content: {application/hal+json: {schema: {$ref: "#/components/schemas/Payment"}}}}
  /payments/{paymentId}:
    parameters: [{name: paymentId, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: one, content: {application/hal+json: {schema: {$ref: "#/components/schemas/Payment"}}}}
components:
  schemas:
    list-count:
      type: integer
      description: The number of items in this result set. If more items are available, a next link is present.
      minimum: 0
    Payment:
      type: object
      properties: {id: {type: string, readOnly: true}, description: {type: string}}
"""


def test_a_count_said_to_be_of_this_result_set_counts_the_page(tmp_path):
    # Mollie's lists: `count` is "the number of items in this result set"; it said the whole collection's size
    client = served(tmp_path, IN_THIS_RESULT_SET)
    for n in range(3):
        assert client.post("/payments", json={"description": f"order {n}"}).status_code == 201
    answer = client.get("/payments", params={"limit": 2}).json()
    assert answer["count"] == len(answer["_embedded"]["payments"]) == 2, answer["count"]
    assert client.app.state.server.violations_seen == 0


def test_a_page_size_whose_default_is_zero_lists_every_record(tmp_path):
    # Audiobookshelf's `?limit=` defaults to 0, "no limit": a list asked for without one divided by it, and answered 500
    from tests.integration.conftest import user_spec_client

    spec = """
openapi: 3.0.3
info: {title: series, version: "1"}
paths:
  /series:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 0}}
        - {name: page, in: query, schema: {type: integer, default: 0}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {$ref: "#/components/schemas/Series"}}
                  total: {type: integer}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Series"}}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Series"}}}}
  /series/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Series"}}}}
components:
  schemas:
    Series: {type: object, properties: {id: {type: string}, name: {type: string}}}
"""
    (tmp_path / "series.yaml").write_text(spec)
    client = user_spec_client(tmp_path)
    listed = client.get("/series")
    assert listed.status_code == 200
    assert len(listed.json()["results"]) == listed.json()["total"] > 0
    assert len(client.get("/series?limit=2").json()["results"]) == 2
    assert client.app.state.server.violations_seen == 0
