"""The mock's own index at `/`: the mounted APIs, for GET and HEAD only. A POST, or a fuzzer's TRACE, to it was a 200
with the index (Vonage's dispatch, mounted at `/v0.1/dispatch`, had its `POST /` judged by that answer)."""

from __future__ import annotations

import pytest

from tests.integration.conftest import served


def test_the_index_lists_the_apis(static_client):
    answer = static_client.get("/")
    assert answer.status_code == 200
    assert {api["name"] for api in answer.json()["apis"]} >= {"aeriox", "runware"}
    assert static_client.head("/").status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE"])
def test_any_other_method_on_the_index_is_not_allowed(static_client, method):
    answer = static_client.request(method, "/")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"
    assert answer.json()["error"]["code"] == "method_not_allowed"


DISPATCH = """
openapi: 3.0.0
info: {title: dispatch, version: "1"}
servers: [{url: "https://api.example.com/v0.1/dispatch"}]
paths:
  /:
    post:
      operationId: createWorkflow
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, required: [template], properties: {template: {type: string}}}}
      responses:
        "200":
          description: made
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
"""


def test_an_api_mounted_below_the_root_leaves_the_index_read_only(tmp_path):
    client = served(tmp_path, DISPATCH, stateful=False)
    assert client.post("/v0.1/dispatch/", json={"template": "failover"}).status_code == 200
    assert client.post("/", json={"template": "failover"}).status_code == 405
