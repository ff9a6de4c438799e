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


TASKS = """
openapi: 3.0.3
info: {title: queue, version: "1"}
paths:
  /tasks:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, default: 20}}
        - name: from
          in: query
          description: Fetch the next set of results from the given uid.
          schema: {type: integer, minimum: 0}
        - name: since
          in: query
          schema: {type: string, format: date-time}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                required: [results, limit, from, next, total]
                properties:
                  results: {type: array, items: {$ref: "#/components/schemas/Task"}}
                  limit: {type: integer}
                  from: {type: integer, nullable: true}
                  next: {type: integer, nullable: true}
                  total: {type: integer}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Task"}}}}
  /tasks/{uid}:
    parameters: [{name: uid, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Task"}}}}
  /events:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1}}
        - {name: from, in: query, description: Only events from this date on., schema: {type: string}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema: {type: object, properties: {events: {type: array, items: {$ref: "#/components/schemas/Task"}}}}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Task"}}}}
  /events/{uid}:
    parameters: [{name: uid, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Task"}}}}
components:
  schemas:
    Task:
      type: object
      required: [uid, name]
      properties:
        uid: {type: integer, readOnly: true}
        name: {type: string}
"""


def test_a_page_asked_from_a_key_starts_at_that_record_and_names_the_next_pages_first(tmp_path):
    # Meilisearch's `GET /tasks?from=<uid>` and Mollie's `?from=<id>`: the page starts at the record named, and the
    # answer's `next` is the first uid of the next page. Read as nothing the mock knew, `from` was ignored: every
    # page was the first one, and a client following `next` looped for ever
    client = served(tmp_path, TASKS)
    for n in range(5):
        assert client.post("/tasks", json={"name": f"task {n}"}).status_code == 201
    everyone = [t["uid"] for t in client.get("/tasks", params={"limit": 100}).json()["results"]]
    seen: list[int] = []
    page = client.get("/tasks", params={"limit": 2}).json()
    while True:
        seen += [t["uid"] for t in page["results"]]
        if page["next"] is None:
            break
        assert page["next"] == everyone[len(seen)]  # the next page's first record
        page = client.get("/tasks", params={"limit": 2, "from": page["next"]}).json()
    assert seen == everyone and len(seen) >= 5
    assert client.get("/tasks", params={"limit": 2, "from": everyone[3]}).json()["results"][0]["uid"] == everyone[3]
    from mock.spec import load_apis
    from mock.spec.resources import infer_resources

    paging = {r.name: r.paging for r in infer_resources(load_apis(tmp_path)["spec"])}
    assert paging["tasks"].cursor_is_key and paging["tasks"].cursor_param == "from"
    assert paging["events"].cursor_param is None  # a `from` that is a date names no record
    assert client.app.state.server.violations_seen == 0


def test_a_page_names_its_first_and_last_records_where_its_answer_has_fields_for_them(tmp_path):
    """OpenAI's lists answer `first_id` and `last_id`, and a client asks for the next page `after` the last: both
    kept the spec's example (`key_abc`, `key_xyz`) on every page, and a client walking them read the first page for
    ever; the contract run's list check never found what it had made."""
    spec = CUSTOMERS.replace("starting_after", "after").replace(
        "                  has_more: {type: boolean}",
        "                  has_more: {type: boolean}\n"
        "                  first_id: {type: string, nullable: true, example: cus_abc}\n"
        "                  last_id: {type: string, nullable: true, example: cus_xyz}",
    )
    client = served(tmp_path, spec)
    made = [client.post("/v1/customers", json={"name": f"customer {n}"}).json()["id"] for n in range(3)]
    seen: list[str] = []
    page = client.get("/v1/customers", params={"limit": 2}).json()
    while True:
        ids = [c["id"] for c in page["data"]]
        assert (page["first_id"], page["last_id"]) == (ids[0], ids[-1])
        seen += ids
        if not page["has_more"]:
            break
        page = client.get("/v1/customers", params={"limit": 2, "after": page["last_id"]}).json()
    assert set(made) <= set(seen) and len(seen) == len(set(seen))
    assert client.app.state.server.violations_seen == 0
