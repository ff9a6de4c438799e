"""The self-check judges an answer's headers as they are sent, control bytes percent-encoded."""

from __future__ import annotations

from pathlib import Path

import yaml
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.spec import load_apis
from tests.conftest import ROOT

USER = {"type": "object", "required": ["username"], "properties": {"username": {"type": "string"}}}
USERS = {
    "openapi": "3.0.3",
    "info": {"title": "Users", "version": "1"},
    "paths": {
        "/users": {
            "get": {
                "responses": {
                    "200": {
                        "description": "all",
                        "content": {"application/json": {"schema": {"type": "array", "items": USER}}},
                    }
                }
            },
            "post": {
                "requestBody": {"content": {"application/json": {"schema": USER}}},
                "responses": {"201": {"description": "made", "content": {"application/json": {"schema": USER}}}},
            },
        },
        "/users/{username}": {
            "parameters": [{"name": "username", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "responses": {
                    "200": {"description": "one", "content": {"application/json": {"schema": USER}}},
                    "404": {"description": "no such user"},  # no body: the reason goes in X-Specmock-Error
                }
            },
        },
    },
}


def test_an_unknown_id_holding_a_newline_is_a_404_not_a_500_under_the_self_check(tmp_path: Path) -> None:
    # the 404 quotes the id in X-Specmock-Error; the self-check handed openapi-core the raw text and
    # werkzeug refused its newline: a 500 (readme's petstore, schemathesis under --self-check)
    (tmp_path / "users.yaml").write_text(yaml.safe_dump(USERS))
    config = ServeConfig(specs_dir=tmp_path, self_check=True, scenarios_dir=ROOT / "scenarios", scenarios=("stateful",))
    application = create_app(config, load_apis(tmp_path))
    with TestClient(application, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        answer = client.get("/users/ann%0Abob")
    assert answer.status_code == 404, answer.text
    assert "ann%0Abob" in answer.headers["x-specmock-error"]
    assert application.state.server.violations_seen == 0
