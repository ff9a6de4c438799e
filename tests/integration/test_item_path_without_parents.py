"""A nested collection whose item path names its records by their id alone: `/users/{id}/messages` lists and makes
a user's messages, `/users/messages/{messageId}` reads one, and the client sends the id it makes a message with.
The id alone finds a record, so it is one in the whole collection, not one per user: a record the item path had
read (no user named) and one made under a user with the same id were two records, both listed, the id twice."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from mock.spec import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served

SPEC = """
openapi: 3.0.1
info: {title: messages read by id alone, version: "1"}
paths:
  /users/{id}/messages:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: listMessages
      parameters:
        - {name: start, in: query, schema: {type: integer, default: 0}}
        - {name: maxResults, in: query, schema: {type: integer, default: 10}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Message"}}
                  totalCount: {type: integer}
    post:
      operationId: sendMessage
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Message"}
      responses:
        "200":
          description: sent
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Message"}
  /users/messages/{messageId}:
    get:
      operationId: getMessage
      parameters:
        - {name: messageId, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Message"}
components:
  schemas:
    Message:
      type: object
      additionalProperties: false
      properties:
        id: {type: integer, format: int32}
        subject: {type: string, nullable: true}
        read: {type: boolean}
"""


def _listed_ids(client: TestClient, user: int) -> list[int]:
    answer = client.get(f"/users/{user}/messages", params={"maxResults": 100})
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def test_ids_are_the_collections_not_each_parents(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    (api,) = load_apis(tmp_path).values()
    (messages,) = (r for r in explain_resources(api).resources if r.item_path == "/users/messages/{messageId}")
    assert messages.parent_params == ("id",)
    assert not messages.keyed_within_parent


def test_a_message_made_with_the_id_of_one_read_by_id_alone_is_listed_once(tmp_path: Path) -> None:
    client = served(tmp_path, SPEC)
    read = client.get("/users/messages/1")  # the item path names no user: what it reads is no one user's
    assert read.status_code == 200, read.text
    first = _listed_ids(client, 1)
    assert len(first) == len(set(first))
    for taken in first:
        made = client.post("/users/1/messages", json={"id": taken, "subject": "again"})
        assert made.status_code == 200, made.text
        assert made.json()["id"] == taken
    listed = _listed_ids(client, 1)
    assert len(listed) == len(set(listed)), listed
    assert sorted(listed) == sorted(first)
    other = _listed_ids(client, 2)
    assert len(other) == len(set(other)), other
    assert client.app.state.server.violations_seen == 0  # type: ignore[attr-defined]
