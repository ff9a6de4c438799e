"""A form field that carries JSON text for a schema-less value: Twilio Sync's `Data` is "a JSON string that
represents an arbitrary, schema-less object", and its documents hold that object as `data`. The mock stored and
answered the text itself (`"data": "{\\"score\\": 7}"`), so a frontend reading `document.data.score` read nothing."""

from __future__ import annotations

from tests.integration.conftest import served

SYNC = """
openapi: 3.0.3
info: {title: sync, version: "1"}
paths:
  /Documents:
    get:
      operationId: listDocuments
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {documents: {type: array, items: {$ref: '#/components/schemas/Document'}}}
    post:
      operationId: createDocument
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                UniqueName: {type: string}
                Data: {description: A JSON string that represents an arbitrary object}
                Tags: {type: string}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {$ref: '#/components/schemas/Document'}}}
  /Documents/{Sid}:
    parameters: [{name: Sid, in: path, required: true, schema: {type: string}}]
    get:
      operationId: fetchDocument
      responses:
        "200":
          description: it
          content: {application/json: {schema: {$ref: '#/components/schemas/Document'}}}
        "404": {description: none}
    post:
      operationId: updateDocument
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {Data: {description: A JSON string}}}
      responses:
        "200":
          description: it
          content: {application/json: {schema: {$ref: '#/components/schemas/Document'}}}
components:
  schemas:
    Document:
      type: object
      properties:
        sid: {type: string}
        unique_name: {type: string}
        data: {nullable: true, description: an arbitrary object}
        tags: {type: string}
"""


def test_json_text_in_a_form_field_is_stored_and_answered_as_the_value_it_writes(tmp_path):
    client = served(tmp_path, SYNC)
    made = client.post(
        "/Documents", data={"UniqueName": "scores", "Data": '{"score": 7, "names": ["a"]}', "Tags": '{"a": 1}'}
    )
    assert made.status_code == 201, made.text
    document = made.json()
    assert document["data"] == {"score": 7, "names": ["a"]}
    assert document["tags"] == '{"a": 1}'  # a field declared as text keeps its text
    assert client.get(f"/Documents/{document['sid']}").json()["data"] == {"score": 7, "names": ["a"]}
    updated = client.post(f"/Documents/{document['sid']}", data={"Data": "[1, 2]"}).json()
    assert updated["data"] == [1, 2]
    assert client.post("/Documents", data={"Data": "not json"}).json()["data"] == "not json"
    assert client.app.state.server.violations_seen == 0
