"""A union whose options each inherit it back (`Actor: oneOf: [Agent, Bot]`, `Agent: allOf: [Actor, {…}]`; HubSpot's
conversations spec) is answered with one of its options. Each made-up answer chose from the union again without
end (a 500 for every actor, message and thread), and the self-check's openapi-core, recursing through it at the
limit deep specs are served with, overflowed the C stack and killed the server."""

from __future__ import annotations

import logging

from tests.integration.conftest import served

_SPEC = """
openapi: 3.0.3
info: {title: desk, version: "1"}
paths:
  /actors/{actorId}:
    get:
      parameters: [{name: actorId, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Actor"}}}}
  /threads/{threadId}/notes:
    get:
      parameters: [{name: threadId, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: page
          content:
            application/json:
              schema:
                type: object
                required: [results]
                properties: {results: {type: array, items: {$ref: "#/components/schemas/Note"}}}
    post:
      parameters: [{name: threadId, in: path, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
components:
  schemas:
    Actor:
      properties: {}
      oneOf: [{$ref: "#/components/schemas/Agent"}, {$ref: "#/components/schemas/Bot"}]
    Agent:
      allOf:
        - $ref: "#/components/schemas/Actor"
        - type: object
          required: [type, id, email]
          properties:
            type: {type: string, enum: [AGENT]}
            id: {type: string}
            email: {type: string, format: email}
    Bot:
      allOf:
        - $ref: "#/components/schemas/Actor"
        - type: object
          required: [type, id, botName]
          properties:
            type: {type: string, enum: [BOT]}
            id: {type: string}
            botName: {type: string}
    Note:
      properties: {}
      oneOf: [{$ref: "#/components/schemas/Comment"}, {$ref: "#/components/schemas/Message"}]
    Comment:
      allOf:
        - $ref: "#/components/schemas/Note"
        - type: object
          required: [type, text]
          properties:
            type: {type: string, enum: [COMMENT]}
            text: {type: string}
            author: {$ref: "#/components/schemas/Actor"}
    Message:
      allOf:
        - $ref: "#/components/schemas/Note"
        - type: object
          required: [type, text, channel]
          properties:
            type: {type: string, enum: [MESSAGE]}
            text: {type: string}
            channel: {type: string}
"""

_FIELDS = {"AGENT": {"type", "id", "email"}, "BOT": {"type", "id", "botName"}}


def test_a_union_its_options_inherit_is_answered_with_one_option(tmp_path, caplog):
    client = served(tmp_path, _SPEC, stateful=False)
    with caplog.at_level(logging.WARNING, logger="specmock"):
        for actor in ("a1", "a2", "a3", "a4"):
            answered = client.get(f"/actors/{actor}")
            assert answered.status_code == 200, answered.text
            body = answered.json()
            assert _FIELDS[body["type"]] <= set(body), body
        listed = client.get("/threads/t1/notes")
        assert listed.status_code == 200, listed.text
        assert all(note["type"] in ("COMMENT", "MESSAGE") and "text" in note for note in listed.json()["results"])
        made = client.post("/threads/t1/notes", json={"type": "COMMENT", "text": "Looks good"})
        assert made.status_code == 201, made.text
        assert made.json()["type"] == "COMMENT" and made.json()["text"] == "Looks good"
    assert client.app.state.server.violations_seen == 0
    # openapi-core cannot judge such answers: the self-check says so once for each operation, and the server lives
    unjudged = client.app.state.server.unjudged
    assert {(operation.method, operation.path) for operation in unjudged} <= {
        ("GET", "/actors/{actorId}"),
        ("GET", "/threads/{threadId}/notes"),
        ("POST", "/threads/{threadId}/notes"),
    }
    assert len([record for record in caplog.records if record.levelno == logging.WARNING]) == len(unjudged)
