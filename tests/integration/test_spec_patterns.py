"""A spec's `pattern`s as its authors wrote them, served: requests judged and answers made by what they mean."""

from __future__ import annotations

import re

from tests.integration.conftest import served

ACCOUNTS = """
openapi: 3.0.3
info: {title: Accounts, version: "1"}
paths:
  /accounts:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, minItems: 3, items: {$ref: "#/components/schemas/Account"}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Account"}
      responses:
        "201":
          description: made
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Account"}
components:
  schemas:
    Account:
      type: object
      required: [name]
      properties:
        name: {type: string, pattern: "/^[a-z0-9._]+$/", minLength: 3}
        magnet: {type: string, pattern: "/^magnet:[a-z0-9]+$/i"}
"""


def test_a_pattern_written_as_a_javascript_regex_literal_judges_and_makes_values_by_its_body(tmp_path):
    # PeerTube's account names: `/^[a-z0-9._]+$/`; read with its slashes, no value met it and every answer broke it
    client = served(tmp_path, ACCOUNTS)
    listed = client.get("/accounts")
    assert listed.status_code == 200
    assert all(re.fullmatch(r"[a-z0-9._]+", account["name"]) for account in listed.json())
    assert all(
        re.fullmatch(r"(?i)magnet:[a-z0-9]+", account["magnet"]) for account in listed.json() if "magnet" in account
    )
    assert client.post("/accounts", json={"name": "jane.doe", "magnet": "MAGNET:abc1"}).status_code == 201
    assert client.post("/accounts", json={"name": "Jane Doe"}).status_code == 400
    assert client.app.state.server.violations_seen == 0
