"""A spec that keys operations by a path and the query they fix (Anthropic's `/v1/files?beta=true`) is self-checked
against those operations: openapi-core, looking the path's template up, found no such path and the self-check
called every answer a violation of the spec, or, beside a plain key of the same path, judged it by the other
operation's schema."""

from __future__ import annotations

from tests.integration.conftest import served

SPEC = """
openapi: 3.1.0
info: {title: files, version: "1"}
paths:
  /v1/files?beta=true:
    get:
      responses:
        "200":
          description: the files
          content:
            application/json:
              schema:
                type: object
                required: [data]
                properties:
                  data: {type: array, items: {type: object, required: [id], properties: {id: {type: string}}}}
  /v1/files/{file_id}?beta=true:
    get:
      parameters: [{name: file_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: one file
          content:
            application/json:
              schema: {type: object, required: [id, bytes], properties: {id: {type: string}, bytes: {type: integer}}}
  /v1/files:
    get:
      responses:
        "200":
          description: the files, as the stable API lists them
          content:
            application/json:
              schema:
                type: object
                additionalProperties: false
                required: [files]
                properties: {files: {type: array, items: {type: string}}}
  /v1/models:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
"""


def test_answers_at_path_keys_that_fix_a_query_are_judged_by_their_own_operation(tmp_path):
    client = served(tmp_path, SPEC, stateful=False)
    assert "data" in client.get("/v1/files?beta=true").json()
    assert "files" in client.get("/v1/files").json()  # beside it, the plain key's operation: each judged by its own
    assert client.get("/v1/files/file_1?beta=true").json()["id"] == "file_1"
    assert client.get("/v1/models").status_code == 200
    assert client.app.state.server.violations_seen == 0


TWINS = """
openapi: 3.1.0
info: {title: responses, version: "1"}
paths:
  /responses:
    post:
      operationId: create
      requestBody: {content: {application/json: {schema: {type: object, properties: {input: {type: string}}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Response"}}}}
  /responses?beta=true:
    post:
      operationId: beta_create
      requestBody: {content: {application/json: {schema: {type: object, properties: {input: {type: string}}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Response"}}}}
  /responses/{response_id}:
    parameters: [{name: response_id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: get
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Response"}}}}
        "404": {description: missing}
    delete:
      operationId: delete
      responses: {"204": {description: gone}, "404": {description: missing}}
  /responses/{response_id}?beta=true:
    parameters: [{name: response_id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: beta_get
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Response"}}}}
        "404": {description: missing}
    delete:
      operationId: beta_delete
      responses: {"204": {description: gone}, "404": {description: missing}}
components:
  schemas:
    Response:
      type: object
      required: [id, input, status]
      properties:
        id: {type: string}
        input: {type: string}
        status: {type: string, enum: [queued, in_progress, completed, failed]}
"""


def test_a_path_key_fixing_a_query_reads_and_writes_the_records_its_plain_path_does(tmp_path):
    """OpenAI's `GET /responses/{response_id}?beta=true` answered a made-up response, another status at each read,
    of a response `POST /responses` had made: the contract run's job check saw it move backwards."""
    client = served(tmp_path, TWINS)
    made = client.post("/responses", json={"input": "hello"}).json()
    assert client.get(f"/responses/{made['id']}?beta=true").json() == client.get(f"/responses/{made['id']}").json()
    beta = client.post("/responses?beta=true", json={"input": "hi"}).json()
    assert client.get(f"/responses/{beta['id']}").json()["input"] == "hi"
    assert client.delete(f"/responses/{beta['id']}?beta=true").status_code == 204
    assert client.get(f"/responses/{beta['id']}").status_code == 404
    assert client.get(f"/responses/{made['id']}?beta=true").json()["input"] == "hello"
    assert client.app.state.server.violations_seen == 0


SEARCH = """
openapi: 3.0.3
info: {title: search, version: "1"}
paths:
  /search/articles?query={query}:
    get:
      parameters: [{name: query, in: query, required: true, schema: {type: string}}]
      responses:
        "200":
          description: the articles found
          content:
            application/json:
              schema: {type: object, required: [articles], properties: {articles: {type: array, items: {type: string}}}}
"""


def test_a_path_key_showing_where_a_query_parameter_goes_takes_any_value_of_it(tmp_path):
    # Medium's keys: the `{query}` was read as a fixed value (every search a 404) and as a path parameter (then
    # "path query is required")
    client = served(tmp_path, SEARCH, stateful=False)
    assert client.get("/search/articles", params={"query": "startup"}).status_code == 200
    missing = client.get("/search/articles")
    assert missing.status_code == 400 and "query" in missing.text
    assert client.app.state.server.violations_seen == 0
