"""OpenAPI 3.2's `query` operation: a safe request that carries a body (the HTTP QUERY method). Replicate's spec
declares `QUERY /models` with a search text; the mock answered 405, and a contract run against it reported 6
failures (a 405 with an `Allow` header naming no QUERY, bad credentials "not refused")."""

from __future__ import annotations

from tests.integration.conftest import served

SEARCH = """
openapi: 3.1.0  # as Replicate declares it: `query` is 3.2's, read in a 3.1 document too
info: {title: models, version: "1"}
paths:
  /models:
    get:
      responses:
        "200": {description: every model, content: {application/json: {schema: {$ref: "#/components/schemas/Page"}}}}
    query:
      operationId: searchModels
      requestBody:
        required: true
        content: {text/plain: {schema: {type: string, minLength: 2}}}
      responses:
        "200": {description: found, content: {application/json: {schema: {$ref: "#/components/schemas/Page"}}}}
        "400": {description: a bad search}
components:
  schemas:
    Page:
      type: object
      required: [results]
      properties: {results: {type: array, items: {type: object, properties: {name: {type: string}}}}}
"""


def test_a_query_operation_is_routed_and_validated(tmp_path):
    client = served(tmp_path, SEARCH)
    found = client.request("QUERY", "/models", content=b"flux", headers={"content-type": "text/plain"})
    assert found.status_code == 200 and isinstance(found.json()["results"], list)
    too_short = client.request("QUERY", "/models", content=b"f", headers={"content-type": "text/plain"})
    assert too_short.status_code == 400
    refused = client.request("PATCH", "/models", content=b"flux")
    assert refused.status_code == 405 and set(refused.headers["allow"].split(", ")) >= {"GET", "QUERY"}
    assert client.app.state.server.violations_seen == 0
