"""A collection of messages as gotify's spec writes it: each stamped with a bare `date` the server sets, and cleared
all at once by a DELETE on the collection itself. The mock answered the spec's 2018 example date for a message
made now, and `DELETE /message` changed nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.integration.conftest import served

MESSAGES = """
openapi: 3.0.3
info: {title: a message board, version: "1"}
paths:
  /message:
    get:
      operationId: getMessages
      parameters:
        - {name: priority, in: query, schema: {type: integer}}
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
    delete:
      operationId: deleteMessages
      parameters:
        - {name: priority, in: query, schema: {type: integer}}
      responses:
        "200": {description: all gone}
  /bulk:
    get:
      operationId: listBulk
      responses:
        "200":
          description: the messages
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Message"}}
    post:
      operationId: createBulk
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Message"}
      responses:
        "200":
          description: the message
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Message"}
    delete:
      operationId: deleteSomeBulk
      parameters:
        - {name: ids, in: query, required: true, schema: {type: array, items: {type: integer}}}
      responses:
        "204": {description: those gone}
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
        priority: {type: integer}
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


def test_a_delete_on_the_collection_clears_what_its_list_filters_let_through(tmp_path):
    client = served(tmp_path, MESSAGES)
    low = client.post("/message", json={"message": "low", "priority": 1}).json()
    high = client.post("/message", json={"message": "high", "priority": 9}).json()
    assert client.delete("/message?priority=1").status_code == 200
    left = client.get("/message").json()
    assert low["id"] not in [m["id"] for m in left] and high["id"] in [m["id"] for m in left]
    assert client.get(f"/message/{low['id']}").status_code == 404
    assert client.delete("/message").status_code == 200
    assert client.get("/message").json() == []
    after = client.post("/message", json={"message": "again"}).json()
    assert after["id"] not in (low["id"], high["id"])  # ids of deleted records are never given again
    assert [m["id"] for m in client.get("/message").json()] == [after["id"]]
    assert client.app.state.server.violations_seen == 0


def test_a_delete_that_must_name_its_records_is_no_clearing(tmp_path):
    from mock.spec.loading import load_specs
    from mock.spec.resources import CLEAR, explain_resources

    (tmp_path / "spec.yaml").write_text(MESSAGES)
    inference = explain_resources(load_specs(tmp_path).apis["spec"])
    roles = {r.name: r.operations for r in inference.resources}
    assert roles["message"][CLEAR] == ("deleteMessages",)
    assert roles["bulk"][CLEAR] == ()


APPS = """
openapi: 3.0.3
info: {title: applications that each get a token of their own, version: "1"}
paths:
  /application:
    get:
      operationId: getApps
      responses:
        "200":
          description: the applications
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Application"}}
    post:
      operationId: createApp
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Application"}
      responses:
        "200":
          description: the application
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Application"}
components:
  schemas:
    Application:
      type: object
      required: [id, name, token]
      properties:
        id: {type: integer, readOnly: true, example: 5}
        name: {type: string, example: Backup Server}
        token: {type: string, readOnly: true, example: AWH0wZ5r0Mbac.r}
        lastUsed: {type: string, format: date-time, readOnly: true, example: "2019-01-01T00:00:00Z"}
        last_seen_at: {type: [string, "null"], format: date-time, readOnly: true, example: "2019-01-01T00:00:00Z"}
"""


@pytest.mark.parametrize("stateful", [True, False])
def test_each_application_made_gets_a_token_of_its_own_in_the_examples_shape(tmp_path, stateful):
    client = served(tmp_path, APPS, stateful)
    made = [client.post("/application", json={"name": name}).json() for name in ("backup", "alerts")]
    tokens = [app["token"] for app in made]
    assert len(set(tokens)) == 2 and "AWH0wZ5r0Mbac.r" not in tokens, tokens
    assert all(re.fullmatch(r"AWH\d[a-z][A-Z]\d[a-z]\d[A-Z][a-z]{3}\.[a-z]", token) for token in tokens), tokens
    if stateful:
        listed = {app["id"]: app["token"] for app in client.get("/application").json()}
        assert all(listed[app["id"]] == app["token"] for app in made)
    assert client.app.state.server.violations_seen == 0


def test_an_application_just_made_has_not_been_used_yet(tmp_path):
    # gotify's new application said it was last used on 2019-01-01, its example
    client = served(tmp_path, APPS)
    made = client.post("/application", json={"name": "backup"}).json()
    assert "lastUsed" not in made and made["last_seen_at"] is None, made
    assert client.app.state.server.violations_seen == 0
