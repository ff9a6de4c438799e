"""A bug of specmock's own, answered: a 500 in the operation's own declared 500 where it has one (PayPal's holds one
message, by enum), never a traceback, and never a body its spec refuses."""

from __future__ import annotations

from mock.scenario.engine import ScenarioEngine
from tests.integration.conftest import served

PRODUCTS = """
openapi: 3.0.3
info: {title: catalog, version: "1"}
paths:
  /products:
    post:
      operationId: createProduct
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
        "401":
          description: who are you
          content:
            application/json:
              schema:
                type: object
                properties: {message: {type: string, enum: ["Authentication failed."]}}
        "500":
          description: ours
          content:
            application/json:
              schema:
                type: object
                required: [message]
                properties: {message: {type: string, enum: ["An internal server error occurred."]}}
"""


def test_a_failure_of_ours_is_answered_in_the_operations_own_500(tmp_path, monkeypatch):
    client = served(tmp_path, PRODUCTS)

    def fails(*args, **kwargs):
        raise RuntimeError("a bug of specmock's")

    monkeypatch.setattr(ScenarioEngine, "answer", fails)
    answer = client.post("/products", json={"name": "Video"})
    assert answer.status_code == 500
    assert answer.json() == {"message": "An internal server error occurred."}
    assert client.app.state.server.violations_seen == 0
