"""A list whose items are records or markers that are no records (Anthropic's memories list answers `memory` objects
and, under a `depth`, `memory_prefix` rollups with no id and `additionalProperties: false`): seeding it made
markers too, whose id the schema took away, and every read or write of the collection answered a 500."""

from __future__ import annotations

import datetime as dt

from tests.integration.conftest import served

SPEC = """
openapi: 3.1.0
info: {title: notes, version: "1"}
paths:
  /stores/{storeId}/notes:
    parameters: [{name: storeId, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: notes and folder markers
          content:
            application/json:
              schema:
                type: object
                required: [data]
                properties: {data: {type: array, items: {$ref: "#/components/schemas/ListItem"}}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [path], properties: {path: {type: string}, text: {type: string}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
components:
  schemas:
    ListItem:
      discriminator:
        propertyName: type
        mapping: {note: "#/components/schemas/Note", folder: "#/components/schemas/Folder"}
      oneOf: [{$ref: "#/components/schemas/Note"}, {$ref: "#/components/schemas/Folder"}]
    Note:
      type: object
      additionalProperties: false
      required: [type, id, path]
      properties:
        type: {const: note}
        id: {type: string}
        path: {type: string}
        text: {type: string}
        created_at: {type: string, format: date-time}
    Folder:
      type: object
      additionalProperties: false
      required: [type, path]
      properties: {type: {const: folder}, path: {type: string}}
"""


def test_a_list_of_records_and_markers_is_seeded_with_records_and_kept(tmp_path):
    client = served(tmp_path, SPEC)
    listed = client.get("/stores/s1/notes")
    assert listed.status_code == 200, listed.text
    made = client.post("/stores/s1/notes", json={"path": "/todo.md", "text": "milk"})
    assert made.status_code == 200, made.text
    note = made.json()
    assert note["type"] == "note" and note["path"] == "/todo.md"
    # its moments are its kind's: made now (the union of kinds names no properties, and it was made months ago)
    made_at = dt.datetime.fromisoformat(note["created_at"].replace("Z", "+00:00"))
    assert abs((dt.datetime.now(dt.UTC) - made_at).total_seconds()) < 120
    notes = [item for item in client.get("/stores/s1/notes").json()["data"] if item["type"] == "note"]
    assert note in notes and all("id" in item for item in notes)
    assert client.app.state.server.violations_seen == 0
