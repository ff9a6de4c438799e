"""mock.spec.oauth: which operations serve a declared authorization-code flow, whatever host or prefix
the flow's URLs carry."""

from __future__ import annotations

from pathlib import Path

import yaml

from mock.spec import load_apis
from mock.spec.model import Api
from mock.spec.oauth import authorization_code_flows, endpoint_for


def _api(tmp_path: Path, authorize: str, token: str, server: str = "/v2") -> Api:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Auth", "version": "1"},
        "servers": [{"url": server}],
        "paths": {
            "/login/oauth/authorize": {"get": {"operationId": "authorize", "responses": {"302": {"description": "r"}}}},
            "/login/oauth/access_token": {"post": {"operationId": "token", "responses": {"200": {"description": "t"}}}},
            "/token": {"post": {"operationId": "otherToken", "responses": {"200": {"description": "t"}}}},
        },
        "components": {
            "securitySchemes": {
                "code": {
                    "type": "oauth2",
                    "flows": {"authorizationCode": {"authorizationUrl": authorize, "tokenUrl": token, "scopes": {}}},
                },
                "machine": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/token", "scopes": {}}}},
            }
        },
    }
    (tmp_path / "auth.yaml").write_text(yaml.safe_dump(document))
    return load_apis(tmp_path)["auth"]


def test_absolute_urls_on_another_host_and_prefix_reach_the_operations(tmp_path: Path) -> None:
    api = _api(
        tmp_path,
        "https://id.example.com/tenant/login/oauth/authorize",
        "https://id.example.com/tenant/login/oauth/access_token",
    )
    flows = authorization_code_flows(api)
    assert [(f.scheme, f.authorize, f.token) for f in flows] == [("code", "authorize", "token")]


def test_relative_urls_under_the_server_path(tmp_path: Path) -> None:
    api = _api(tmp_path, "/v2/login/oauth/authorize", "/v2/login/oauth/access_token")
    assert [(f.authorize, f.token) for f in authorization_code_flows(api)] == [("authorize", "token")]


def test_a_flow_whose_token_url_no_operation_serves_is_left_out(tmp_path: Path) -> None:
    api = _api(tmp_path, "/v2/login/oauth/authorize", "https://elsewhere.example.com/oauth2/exchange")
    assert authorization_code_flows(api) == ()


def test_the_contract_runner_finds_the_same_token_endpoints_on_the_raw_document(tmp_path: Path) -> None:
    """The contract side reads raw documents; it must tie token URLs to operations as the mock does."""
    from contract_tests.spec_facts import token_operation_ids

    api = _api(
        tmp_path, "https://id.example.com/login/oauth/authorize", "https://id.example.com/login/oauth/access_token"
    )
    assert token_operation_ids(api.document) == ["token", "otherToken"]


def test_the_longest_trailing_path_wins_and_templates_never_match() -> None:
    candidates = [("/token", "short"), ("/oauth/token", "long"), ("/{tenant}/oauth/token", "templated")]
    assert endpoint_for("https://id.example.com/acme/oauth/token", candidates) == "long"
    assert endpoint_for("https://id.example.com/oauth/tokens", candidates) is None
    assert endpoint_for("/v1/token", [("/token", "served"), ("/v1/token", "exact")], base_path="") == "exact"
    assert endpoint_for("   ", candidates) is None
