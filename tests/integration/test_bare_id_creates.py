"""A create whose answer is the new record's id alone (`201 "3f2a…"`, SIGNL4's `POST /webhooks`; Magento's carts answer
an integer) made no record: the answer was a random string, the webhook never listed or read back, and the
whole create was left out of the collection ("holds neither the record nor its id")."""

from __future__ import annotations

from mock.scenario.effects.resources import _answers_the_new_id
from mock.spec import load_apis
from mock.spec.resources import infer_resources, resource_links
from tests.integration.conftest import user_spec_client

WEBHOOKS = """
openapi: 3.0.1
info: {title: webhooks, version: "1"}
paths:
  /webhooks:
    get:
      operationId: listWebhooks
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {type: array, items: {$ref: "#/components/schemas/WebhookInfo"}}}
    post:
      operationId: createWebhook
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: "#/components/schemas/WebhookBaseInfo"}}
      responses:
        "201":
          description: the new webhook's id
          content:
            application/json: {schema: ID_SCHEMA}
            text/plain: {schema: ID_SCHEMA}
  /webhooks/{webhookId}:
    parameters: [{name: webhookId, in: path, required: true, schema: {type: ID_TYPE}}]
    get:
      operationId: getWebhook
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/WebhookInfo"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    put:
      operationId: updateWebhook
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: "#/components/schemas/WebhookBaseInfo"}}
      responses:
        "200":
          description: what became of the change
          content:
            application/json:
              schema: {type: object, required: [code], properties: {code: {type: string}, message: {type: string}}}
    delete:
      operationId: deleteWebhook
      responses:
        "200": {description: gone}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    WebhookBaseInfo:
      type: object
      required: [name, url]
      properties:
        name: {type: string}
        url: {type: string, format: uri}
    WebhookInfo:
      allOf:
        - {$ref: "#/components/schemas/WebhookBaseInfo"}
        - type: object
          required: [id]
          properties:
            id: {type: ID_TYPE}
    Error:
      type: object
      properties:
        message: {type: string}
"""


def _spec(id_schema: str = "{type: string}", id_type: str = "string") -> str:
    return WEBHOOKS.replace("ID_SCHEMA", id_schema).replace("ID_TYPE", id_type)


def test_a_create_answering_the_bare_id_makes_a_record_read_listed_and_deleted_by_it(tmp_path):
    (tmp_path / "webhooks.yaml").write_text(_spec())
    client = user_spec_client(tmp_path)
    made = client.post("/webhooks", json={"name": "alerts", "url": "https://example.com/hook"})
    assert made.status_code == 201
    new_id = made.json()
    assert isinstance(new_id, str) and new_id
    read = client.get(f"/webhooks/{new_id}")
    assert read.status_code == 200
    assert read.json()["id"] == new_id and read.json()["name"] == "alerts"
    assert new_id in [hook["id"] for hook in client.get("/webhooks").json()]
    assert client.delete(f"/webhooks/{new_id}").status_code == 200
    assert client.get(f"/webhooks/{new_id}").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_the_bare_id_is_answered_as_text_where_the_client_asks_for_text(tmp_path):
    (tmp_path / "webhooks.yaml").write_text(_spec())
    client = user_spec_client(tmp_path)
    made = client.post(
        "/webhooks", json={"name": "alerts", "url": "https://example.com/hook"}, headers={"Accept": "text/plain"}
    )
    assert made.status_code == 201 and made.headers["content-type"].startswith("text/plain")
    read = client.get(f"/webhooks/{made.text}")
    assert read.status_code == 200 and read.json()["name"] == "alerts"


def test_an_integer_id_answered_bare_is_the_record_key(tmp_path):
    (tmp_path / "webhooks.yaml").write_text(_spec("{type: integer, format: int64}", "integer"))
    client = user_spec_client(tmp_path)
    first = client.post("/webhooks", json={"name": "a", "url": "https://example.com/a"}).json()
    second = client.post("/webhooks", json={"name": "b", "url": "https://example.com/b"}).json()
    assert isinstance(first, int) and isinstance(second, int) and first != second
    assert client.get(f"/webhooks/{second}").json() == {"id": second, "name": "b", "url": "https://example.com/b"}


def test_a_bare_answer_that_cannot_be_the_id_is_not_taken_for_it(tmp_path):
    # a status word (an enum) or a number where the records are keyed by text says something else of the create
    # (a uuid where the records are keyed by text of no format: LUIS' custom domains, keyed by culture, `en-US`)
    for id_schema in (
        "{type: string, enum: [accepted]}",
        "{type: integer}",
        "{type: string, format: date-time}",
        "{type: string, format: uuid}",
    ):
        (tmp_path / "webhooks.yaml").write_text(_spec(id_schema))
        resources = infer_resources(load_apis(tmp_path)["webhooks"])
        assert [r.name for r in resources if r.create_id_path is not None] == [], id_schema
    (tmp_path / "webhooks.yaml").write_text(_spec("{type: string, format: uuid}", "string, format: uuid"))
    assert [r.create_id_path for r in infer_resources(load_apis(tmp_path)["webhooks"])] == [""]
    (tmp_path / "webhooks.yaml").write_text(_spec())
    (webhooks,) = [r for r in infer_resources(load_apis(tmp_path)["webhooks"]) if r.name == "webhooks"]
    assert webhooks.create_id_path == "" and webhooks.operations["create"] == ("createWebhook",)
    # the contract runner's links read the new id from the whole body, not from a field named "" (`#/`)
    links = resource_links(webhooks)["createWebhook"].values()
    assert {link["parameters"]["webhookId"] for link in links} == {"$response.body"}


def test_only_a_create_whose_answer_can_hold_the_id_is_answered_with_it(tmp_path_factory):
    # an upsert at the item path answering an operation status keeps its answer: the id replaced it whole
    folder = tmp_path_factory.mktemp("spec")
    (folder / "webhooks.yaml").write_text(_spec())
    spec = load_apis(folder)["webhooks"]
    (webhooks,) = [r for r in infer_resources(spec) if r.name == "webhooks"]
    operations = {o.operation_id: o for o in spec.operations}
    assert _answers_the_new_id(webhooks, operations["createWebhook"])
    assert not _answers_the_new_id(webhooks, operations["updateWebhook"])


def test_a_collection_spelt_with_a_trailing_slash_is_one_collection(tmp_path):
    # `/webhooks/` beside `/webhooks/{webhookId}` (LUIS, FastAPI's routers): the item path's lifecycle made a second
    # collection, `/webhooks`, whose create was the PUT; merged, every item operation was listed twice and a PUT
    # of an id never made created it
    (tmp_path / "webhooks.yaml").write_text(_spec().replace("  /webhooks:\n", "  /webhooks/:\n"))
    (webhooks,) = infer_resources(load_apis(tmp_path)["webhooks"])
    assert webhooks.operations["create"] == ("createWebhook",)
    assert webhooks.operations["get"] == ("getWebhook",) and webhooks.operations["delete"] == ("deleteWebhook",)
    client = user_spec_client(tmp_path)
    client.put("/webhooks/never-made", json={"name": "x", "url": "https://example.com/x"})  # declares no 404
    assert client.get("/webhooks/never-made").status_code == 404
    made = client.post("/webhooks/", json={"name": "alerts", "url": "https://example.com/hook"}).json()
    assert client.get(f"/webhooks/{made}").json()["name"] == "alerts"
