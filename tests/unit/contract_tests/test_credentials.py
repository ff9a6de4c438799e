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


def test_an_operation_taking_its_key_in_the_query_gets_it_there():
    # api2pdf reads `Authorization` everywhere but at `GET /zebra`, which takes `?apikey=`: the run sent the header
    # alone, the mock refused it 401, and the 401 (undeclared) was reported as the API's fault
    document = _document()
    document["components"]["securitySchemes"]["query_key"] = {"type": "apiKey", "name": "apikey", "in": "query"}
    document["paths"]["/zebra"] = {"get": {"security": [{"query_key": []}], "responses": {"200": {}}}}
    for given in ("k", None):
        credentials = resolve(document, given, {})
        own = credentials.per_operation[("/zebra", "GET")]
        assert own.headers == {} and own.query == {"apikey": given or own.query["apikey"]}
        assert "apikey" not in credentials.query  # the run-wide parts stay the first requirement's
