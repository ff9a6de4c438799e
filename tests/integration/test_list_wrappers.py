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


LISTS = """
openapi: 3.0.3
info: {title: newsletter, version: "1"}
paths:
  /lists:
    get:
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: a page of lists
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    properties:
                      results: {type: array, items: {$ref: "#/components/schemas/List"}}
                      total: {type: integer}
                      per_page: {type: integer}
                      page: {type: integer}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "200":
          description: made
          content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/List"}}}}}
  /lists/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200":
          description: one
          content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/List"}}}}}
components:
  schemas:
    List:
      type: object
      properties: {id: {type: integer}, name: {type: string}}
"""


def test_a_page_inside_data_says_its_total_and_where_it_is(tmp_path: Path) -> None:
    """listmonk's `{"data": {"results": [...], "total": 2, "page": 450, "per_page": 465}}` beside six lists."""
    client = served(tmp_path, LISTS)
    client.post("/lists", json={"name": "weekly"})
    page = client.get("/lists", params={"per_page": 2}).json()["data"]
    everything = client.get("/lists", params={"per_page": 50}).json()["data"]
    assert len(page["results"]) == 2 and page["total"] == len(everything["results"]) == everything["total"] > 2
    assert (page["page"], page["per_page"]) == (1, 2)
    assert client.app.state.server.violations_seen == 0


CLOSED_PARTS = """
openapi: 3.0.3
info: {title: instances, version: "1"}
paths:
  /instances:
    get:
      parameters: [{name: page, in: query, schema: {type: integer, minimum: 1}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                allOf:
                  - type: object
                    additionalProperties: false
                    properties:
                      data:
                        type: array
                        items:
                          type: object
                          additionalProperties: false
                          properties: {id: {type: integer}, label: {type: string}}
                  - type: object
                    additionalProperties: false
                    properties: {page: {type: integer}, pages: {type: integer}, results: {type: integer}}
"""


def test_a_list_whose_closed_parts_refuse_each_other_answers_what_they_describe_together(tmp_path):
    """Linode's lists: a closed `{data}` beside a closed page envelope; only `{}` meets both. Every list answered
    held both and the self-check called each a violation (434 in one contract run); the answer a client wants is
    the one both parts describe, and it is judged with the closed parts opened, as the contract runner judges it."""
    client = served(tmp_path, CLOSED_PARTS)
    answer = client.get("/instances").json()
    assert isinstance(answer["data"], list) and answer["data"] and answer["results"] == len(answer["data"])
    assert client.app.state.server.violations_seen == 0


CLOSED_BODY = """
openapi: 3.1.0
info: {title: grants, version: "1"}
paths:
  /grants:
    get:
      responses:
        "200":
          description: the grants
          content:
            application/json:
              schema: {type: object, properties: {grants: {type: array, items: {$ref: "#/components/schemas/Grant"}}}}
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Grant"}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Grant"}}}}
        "400": {description: refused, content: {application/json: {schema: {type: object}}}}
  /grants/{grant}:
    get:
      parameters: [{name: grant, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: the grant, content: {application/json: {schema: {$ref: "#/components/schemas/Grant"}}}}
components:
  schemas:
    Grant:
      type: object
      additionalProperties: false
      required: [creator]
      allOf:
        - properties: {creator: {type: string}, reason: {type: string}, name: {type: string, readOnly: true}}
        - oneOf:
            - {type: object, properties: {expireTime: {type: string}}, required: [expireTime]}
            - {type: object, properties: {ttl: {type: string, writeOnly: true}}, required: [ttl]}
"""


def test_a_request_body_closed_against_its_own_parts_is_judged_as_they_describe_it(tmp_path):
    """Bytebase's access grants (protobuf's `oneof` written as a closed schema beside its `allOf`): no request but `{}`
    meets the schema as written, and every create was refused. It is judged, as its answers are, by what its parts
    describe together: what they declare is taken, and what they forbid still refused."""
    client = served(tmp_path, CLOSED_BODY)
    made = client.post("/grants", json={"creator": "ada", "reason": "audit", "ttl": "3600s"})
    assert made.status_code == 200, made.text
    assert made.json()["creator"] == "ada" and made.json()["reason"] == "audit" and "ttl" not in made.json()
    assert client.post("/grants", json={"creator": "ada", "reason": 5, "ttl": "1s"}).status_code == 400
    assert client.post("/grants", json={"creator": "ada"}).status_code == 400  # neither `expireTime` nor `ttl`
    assert client.post("/grants", json={"reason": "audit", "ttl": "1s"}).status_code == 400  # `creator` is required
    # and it is listed, as its answers are judged: each listed grant had been found wanting and dropped
    listed = client.get("/grants").json()["grants"]
    assert made.json()["name"] in [grant["name"] for grant in listed] and len(listed) > 1
    assert client.app.state.server.violations_seen == 0


DRIVERS = """
openapi: 3.0.3
info: {title: charging, version: "1"}
paths:
  /drivers:
    get:
      responses:
        "200":
          description: the drivers
          content:
            application/json:
              schema:
                type: object
                properties:
                  ok: {type: boolean}
                  message: {type: string}
                  result: {type: array, items: {}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [firstname]
              properties: {firstname: {type: string}, source: {type: string, enum: [sms, slack]}}
      responses:
        "200":
          description: the driver made
          content:
            application/json:
              schema:
                type: object
                properties:
                  ok: {type: boolean}
                  message: {type: string}
                  result: {type: object}
  /drivers/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: the driver}
"""


def test_a_list_of_free_items_holds_its_records_where_the_create_answers_one(tmp_path: Path) -> None:
    # edrv's `{"ok": …, "message": …, "result": […]}` names no array of records, but its create answers the driver in
    # `result`: the list holds what was made there; and the record is what `result` held, not the envelope (it was
    # answered `{"message": …, "ok": …, "result": {}}` inside `result`, nothing it was sent)
    client = served(tmp_path, DRIVERS)
    made = client.post("/drivers", json={"firstname": "Ann", "source": "sms"}).json()["result"]
    assert (made["firstname"], made["source"]) == ("Ann", "sms") and "ok" not in made
    listed = client.get("/drivers").json()["result"]
    assert made in listed
    assert client.app.state.server.violations_seen == 0
