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
