"""A record field that a list filters by, with the values the filter offers, holds one of those values.

Gitea's issue `state` is a plain string in the record's schema, but `GET …/issues?state=` offers `closed`, `open`
and `all`: the records held random words ("senior"), so `?state=open` listed nothing, and `?state=all` looked
for issues whose state was the word "all".
"""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.3
info: {title: issues, version: "1"}
paths:
  /issues:
    get:
      parameters:
        - {name: state, in: query, schema: {type: string, enum: [closed, open, all]}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Issue"}}}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [title], properties: {title: {type: string}, state: {type: string}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Issue"}}}}
  /issues/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Issue"}}}}
        "404": {description: none}
components:
  schemas:
    Issue:
      type: object
      properties:
        id: {type: integer}
        title: {type: string}
        state: {type: string}
"""


def test_records_hold_the_values_their_list_filters_offer(tmp_path):
    (tmp_path / "issues.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    made = client.post("/issues", json={"title": "It crashes"})
    assert made.status_code == 201
    assert made.json()["state"] == "open"  # a new record starts in the state that says so
    assert client.post("/issues", json={"title": "Old", "state": "closed"}).json()["state"] == "closed"
    everything = client.get("/issues").json()
    assert len(everything) > 2 and {issue["state"] for issue in everything} <= {"open", "closed"}
    open_ones = client.get("/issues", params={"state": "open"}).json()
    closed_ones = client.get("/issues", params={"state": "closed"}).json()
    assert open_ones and closed_ones
    assert all(issue["state"] == "open" for issue in open_ones)
    assert len(open_ones) + len(closed_ones) == len(everything)
    assert client.get("/issues", params={"state": "all"}).json() == everything
    assert client.app.state.server.violations_seen == 0
