"""contract_tests/credentials.py: a run's key is placed where each operation's own security scheme reads it."""

from __future__ import annotations

import base64

from contract_tests.credentials import Placement, resolve


def _document():
    schemes = {
        "api_key": {"type": "apiKey", "name": "api_key", "in": "header"},
        "basic": {"type": "http", "scheme": "basic"},
        "oauth": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {}}}},
    }

    def operation(*requirements):
        return {"security": list(requirements), "responses": {"200": {"description": "ok"}}}

    return {
        "openapi": "3.1.0",
        "paths": {
            "/pets": {"post": operation({"oauth": []}), "get": operation({})},
            "/pets/{id}": {"get": operation({"api_key": []}), "put": operation({"basic": []}, {"oauth": []})},
            "/pets/{id}/photo": {"post": operation({"basic": []})},
        },
        "components": {"securitySchemes": schemes},
    }


def test_an_operation_asking_for_another_scheme_gets_the_key_placed_its_own_way():
    credentials = resolve(_document(), "k", {})
    assert credentials.headers == {"Authorization": "Bearer k"}  # the first requirement the spec uses
    assert credentials.per_operation == {
        ("/pets/{id}", "GET"): Placement({"api_key": "k"}),
        ("/pets/{id}/photo", "POST"): Placement({"Authorization": "Basic " + base64.b64encode(b"k").decode()}),
    }  # PUT takes the bearer too (its second requirement); GET /pets is open


def test_a_stand_in_is_placed_per_operation_too_and_stays_unverified():
    credentials = resolve(_document(), None, {})
    assert not credentials.verified
    key = credentials.headers["Authorization"].removeprefix("Bearer ")
    assert credentials.per_operation[("/pets/{id}", "GET")] == Placement({"api_key": key})


def test_headers_given_on_the_command_line_win_over_a_placed_key():
    credentials = resolve(_document(), "k", {"Authorization": "Token mine"})
    assert credentials.headers["Authorization"] == "Token mine"
    assert ("/pets/{id}/photo", "POST") not in credentials.per_operation  # its only header was the user's
