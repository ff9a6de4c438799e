"""A second list of a collection (immich's `GET /assets/random` beside its main list) takes its own page-size
parameter: it read the main list's, which it does not have, so `count=1` answered every asset."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

ASSETS = """
openapi: 3.0.3
info: {title: a second list of a collection ignores its own limit parameter, version: "1"}
paths:
  /assets:
    post:
      operationId: createAsset
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties: {name: {type: string}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Asset"}
  /assets/memory-lane:
    get:
      operationId: getMemoryLane
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Asset"}}
  /assets/random:
    get:
      operationId: getRandom
      parameters:
        - {name: count, in: query, required: false, schema: {type: integer, minimum: 1}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Asset"}}
  /assets/{id}:
    get:
      operationId: getAsset
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Asset"}
        "404": {description: not found}
components:
  schemas:
    Asset:
      type: object
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string}
"""


def test_a_second_list_answers_at_most_the_count_it_is_asked_for(tmp_path):
    (tmp_path / "assets.yaml").write_text(ASSETS)
    client = user_spec_client(tmp_path)
    for name in ("a1", "a2", "a3"):
        assert client.post("/assets", json={"name": name}).status_code == 201
    everything = client.get("/assets/random").json()
    assert len(everything) >= 3
    for count in (1, 2):
        assert len(client.get("/assets/random", params={"count": count}).json()) == count
    assert client.app.state.server.violations_seen == 0
