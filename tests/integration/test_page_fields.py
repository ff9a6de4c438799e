"""A list's page fields say the page: its number and size under the answer's own spelling of the parameters
(Twilio's `page_size` for `PageSize`), its first and last item (`start`, `end`) and its own address (`uri`).

Twilio's `GET …/Queues.json` with six queues answered `page: 277, page_size: 132, start: 445, end: 896` and a random
`uri`; only the next, previous and first page links were right."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import served, user_spec_client

SPEC = Path(__file__).resolve().parents[1] / "data" / "twilio_pages" / "things.yaml"


@pytest.fixture
def client(tmp_path):
    (tmp_path / "things.yaml").write_text(SPEC.read_text())
    return user_spec_client(tmp_path)


def test_page_fields_say_the_page(client):
    everything = client.get("/things.json", params={"PageSize": 100}).json()
    total = len(everything["things"])
    assert total >= 3
    first = client.get("/things.json", params={"PageSize": 2}).json()
    assert (first["page"], first["page_size"], first["start"], first["end"]) == (0, 2, 0, 1)
    assert len(first["things"]) == 2
    assert first["uri"].startswith("/things.json") and "PageSize=2" in first["uri"]
    second = client.get("/things.json", params={"PageSize": 2, "Page": 1}).json()
    assert (second["page"], second["page_size"], second["start"], second["end"]) == (1, 2, 2, 3)
    assert client.app.state.server.violations_seen == 0


MARKERS = """
openapi: 3.0.3
info: {title: hooks, version: "1"}
paths:
  /webhooks:
    get:
      parameters:
        - {name: marker, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, maximum: 1000}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  limit: {type: integer}
                  next_marker: {type: string, nullable: true, example: "JV9IRGZmieiBasejOG9y"}
                  prev_marker: {type: string, nullable: true, example: "JV9IRGZmieiBasejOG9x"}
                  entries: {type: array, items: {$ref: '#/components/schemas/Hook'}}
    post:
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, required: [address], properties: {address: {type: string}}}}
      responses: {"201": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Hook'}}}}}
  /webhooks/{webhook_id}:
    parameters: [{name: webhook_id, in: path, required: true, schema: {type: string}}]
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Hook'}}}}}
components:
  schemas:
    Hook:
      type: object
      required: [id, address]
      properties: {id: {type: string, readOnly: true}, address: {type: string}}
"""


def test_a_cursor_answered_in_a_field_named_after_its_parameter_leads_through_every_page(tmp_path: Path) -> None:
    # Box's `marker` and `next_marker`: the spec's example marker was answered, and following it ended the list
    client = served(tmp_path, MARKERS)
    made = {client.post("/webhooks", json={"address": f"https://h/{n}"}).json()["id"] for n in range(4)}
    seen: list[str] = []
    page = client.get("/webhooks", params={"limit": 3}).json()
    assert page["prev_marker"] is None
    while True:
        seen += [hook["id"] for hook in page["entries"]]
        if page["next_marker"] is None:
            break
        page = client.get("/webhooks", params={"limit": 3, "marker": page["next_marker"]}).json()
        assert page["prev_marker"] is not None
    assert len(seen) == len(set(seen)) and made <= set(seen)
    assert client.app.state.server.violations_seen == 0


BY_NUMBER_OR_OFFSET = """
openapi: 3.0.3
info: {title: presets, version: "1"}
paths:
  /presets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: offset, in: query, schema: {type: integer}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Preset'}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Preset'}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: '#/components/schemas/Preset'}
  /presets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: '#/components/schemas/Preset'}
components:
  schemas:
    Preset:
      type: object
      properties:
        id: {type: integer, readOnly: true}
        bookmark: {type: string}
"""


def test_an_offset_sent_to_a_list_that_pages_by_number_too_is_where_the_page_starts(tmp_path):
    # Directus' lists take `limit`, `offset` and `page`: `?limit=2&offset=2` answered the first page again
    client = served(tmp_path, BY_NUMBER_OR_OFFSET)
    ids = [record["id"] for record in client.get("/presets", params={"limit": 100}).json()["data"]]
    assert len(ids) >= 4
    by_offset = [record["id"] for record in client.get("/presets", params={"limit": 2, "offset": 2}).json()["data"]]
    by_page = [record["id"] for record in client.get("/presets", params={"limit": 2, "page": 2}).json()["data"]]
    first = [record["id"] for record in client.get("/presets", params={"limit": 2}).json()["data"]]
    assert (first, by_offset, by_page) == (ids[:2], ids[2:4], ids[2:4])
    assert client.app.state.server.violations_seen == 0
