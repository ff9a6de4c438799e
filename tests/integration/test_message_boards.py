"""A collection of messages as gotify's spec writes it: each stamped with a bare `date` the server sets, and cleared
all at once by a DELETE on the collection itself. The mock answered the spec's 2018 example date for a message
made now, and `DELETE /message` changed nothing."""

from __future__ import annotations

import datetime as dt

from tests.integration.conftest import served

MESSAGES = """
openapi: 3.0.3
info: {title: a message board, version: "1"}
paths:
  /message:
    get:
      operationId: getMessages
      responses:
        "200":
          description: the messages
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Message"}}
    post:
      operationId: createMessage
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Message"}
      responses:
        "200":
          description: the message
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Message"}
  /message/{id}:
    get:
      operationId: getMessage
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: one message
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Message"}
        "404": {description: no such message}
components:
  schemas:
    Message:
      type: object
      required: [id, message, date]
      properties:
        id: {type: integer, readOnly: true}
        message: {type: string}
        date: {type: string, format: date-time, readOnly: true, example: "2018-02-27T19:36:10.5045044+01:00"}
        time: {type: integer, description: seconds it took to send}
        scheduled: {type: string, format: date-time, readOnly: true}
"""


def test_a_bare_date_the_server_sets_is_the_moment_the_record_was_made(tmp_path):
    client = served(tmp_path, MESSAGES)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    made = client.post("/message", json={"message": "hello", "time": 35}).json()
    assert made["date"].startswith(today), made
    assert made["time"] == 35  # a number named `time` is no moment
    assert client.get(f"/message/{made['id']}").json()["date"] == made["date"]
    assert client.app.state.server.violations_seen == 0
