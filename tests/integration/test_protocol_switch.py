"""Operations that answer only by switching protocols (a 1xx declared, no 2xx or 3xx), asked over plain HTTP.

Together's `GET /realtime` declares only `101`: a plain GET was answered 200 with a made-up body no status of its
spec allows (the self-check's complaint on every call). The real server refuses such a request (426 Upgrade
Required); so does the mock, in the API's envelope, after checking credentials as for any request.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient, WebSocketDenialResponse

from mock.app import ServeConfig, create_app

SECURED = {"bearer": {"type": "http", "scheme": "bearer"}}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "properties": {"message": {"type": "string"}}}},
}


def _client(tmp_path: Path, paths: dict) -> TestClient:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Switch", "version": "1"},
        "paths": paths,
        "components": {"securitySchemes": SECURED, "schemas": {"Error": ERROR}},
        "security": [{"bearer": []}],
    }
    (tmp_path / "switch.json").write_text(json.dumps(document))
    return TestClient(create_app(ServeConfig(specs_dir=tmp_path, self_check=True)), base_url="http://127.0.0.1")


def _only(status: str, **more: dict) -> dict:
    return {"responses": {status: {"description": "switching"}, **more}}


REALTIME = {
    "/realtime": {
        "get": {
            **_only("101"),
            "parameters": [{"in": "query", "name": "model", "required": True, "schema": {"type": "string"}}],
        }
    }
}
BEARER = {"authorization": "Bearer k"}


def test_a_plain_request_to_a_socket_only_operation_is_told_to_upgrade_in_the_envelope(tmp_path):
    client = _client(tmp_path, REALTIME)
    answer = client.get("/realtime?model=whisper", headers=BEARER)
    assert answer.status_code == 426, answer.text
    assert answer.headers["upgrade"] == "websocket"
    assert "websocket" in answer.json()["error"]["message"]
    assert client.get("/realtime?model=whisper").status_code == 401  # credentials are judged first, as everywhere
    assert client.app.state.server.violations_seen == 0


def test_the_protocol_named_by_the_operations_upgrade_header_is_the_one_asked_for(tmp_path):
    upgrade = {"in": "header", "name": "Upgrade", "schema": {"type": "string", "enum": ["h2c"]}}
    client = _client(tmp_path, {"/session": {"post": {**_only("101"), "parameters": [upgrade]}}})
    answer = client.post("/session", headers=BEARER)
    assert (answer.status_code, answer.headers["upgrade"]) == (426, "h2c")


def test_a_declared_answer_to_a_malformed_request_is_the_status_given(tmp_path):
    # Docker's `POST /session` declares 101 and `400: bad parameter`: the client reads a status it was told of
    bad = {
        "description": "bad parameter",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    client = _client(tmp_path, {"/session": {"post": _only("101", **{"400": bad})}})
    answer = client.post("/session", headers=BEARER)
    assert answer.status_code == 400 and "Upgrade required" in answer.json()["error"]["message"]


def test_an_operation_that_also_answers_over_http_is_served_as_before(tmp_path):
    ok = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
    client = _client(tmp_path, {"/events": {"get": _only("101", **{"200": ok})}})
    assert client.get("/events", headers=BEARER).status_code == 200


def test_a_socket_asked_of_such_an_operation_is_refused_saying_why(tmp_path):
    client = _client(tmp_path, REALTIME)
    with (
        pytest.raises(WebSocketDenialResponse) as denied,
        client.websocket_connect("/realtime?model=w", headers=BEARER),
    ):
        pass
    assert denied.value.status_code == 501
    assert "does not describe" in denied.value.json()["error"]["message"]
    with pytest.raises(WebSocketDenialResponse) as nothing_there, client.websocket_connect("/elsewhere"):
        pass
    assert nothing_there.value.status_code == 404
