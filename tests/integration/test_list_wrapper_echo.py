"""A list's wrapper says how the request asked for it: Radarr's paging envelope (`page`, `pageSize`, `sortKey`,
`sortDirection`, `totalRecords`, `records`) repeats the sort asked for, and says none was asked for when none was
(its `sortKey` was a random word, `back`, and `sortDirection` a random one of its values)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import served

QUEUE = """
openapi: 3.0.3
info: {title: Queue, version: "1"}
paths:
  /queue:
    get:
      parameters:
        - {name: page, in: query, schema: {type: integer, default: 1}}
        - {name: pageSize, in: query, schema: {type: integer, default: 10}}
        - {name: sortKey, in: query, schema: {type: string}}
        - {name: sortDirection, in: query, schema: {$ref: "#/components/schemas/SortDirection"}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/QueuePage"}}}}
  /queue/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
    delete:
      responses:
        "200": {description: removed}
components:
  schemas:
    SortDirection: {type: string, enum: [default, ascending, descending]}
    Item:
      type: object
      additionalProperties: false
      properties: {id: {type: integer}, title: {type: string, nullable: true}}
    QueuePage:
      type: object
      additionalProperties: false
      properties:
        page: {type: integer}
        pageSize: {type: integer}
        sortKey: {type: string, nullable: true}
        sortDirection: {$ref: "#/components/schemas/SortDirection"}
        totalRecords: {type: integer}
        records: {type: array, nullable: true, items: {$ref: "#/components/schemas/Item"}}
"""


@pytest.mark.parametrize("stateful", [True, False])
def test_a_wrapper_field_named_for_an_unsent_query_parameter_says_it_was_not_sent(
    tmp_path: Path, stateful: bool
) -> None:
    client = served(tmp_path, QUEUE, stateful)
    page = client.get("/queue").json()
    assert page["sortKey"] is None and page["sortDirection"] == "default"
    assert page["page"] == 1 and page["pageSize"] == 10
    asked = client.get("/queue", params={"sortKey": "title", "sortDirection": "descending"}).json()
    assert asked["sortKey"] == "title" and asked["sortDirection"] == "descending"
    assert client.app.state.server.violations_seen == 0


def test_a_list_is_ordered_by_sort_key_and_sort_direction(tmp_path: Path) -> None:
    client = served(tmp_path, QUEUE)
    ids = [
        r["id"] for r in client.get("/queue", params={"sortKey": "id", "sortDirection": "descending"}).json()["records"]
    ]
    assert ids == sorted(ids, reverse=True) and len(ids) > 1
    same = [
        r["id"] for r in client.get("/queue", params={"sortKey": "id", "sortDirection": "default"}).json()["records"]
    ]
    assert same == sorted(ids)
