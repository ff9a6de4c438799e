"""mock.openapi_core_checks: the self-check asks openapi-core about answers as served, whatever the servers say."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from mock.openapi_core_checks import response_errors
from mock.spec import load_apis
from mock.spec.operations import base_path, server_url


def _document(server: dict[str, object]) -> dict[str, object]:
    answer = {"type": "object", "required": ["total"], "properties": {"total": {"type": "integer"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Data sets", "version": "1"},
        "servers": [server],
        "paths": {
            "/": {
                "get": {
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": answer}}}}
                }
            }
        },
    }


def test_server_variables_take_their_defaults_for_the_base_path_and_the_origin() -> None:
    server = {"url": "{scheme}://data.example.com/{base}", "variables": {"scheme": {"default": "https"}, "base": {}}}
    assert server_url({"servers": [server]}) == "https://data.example.com/"
    assert base_path({"servers": [{**server, "variables": {"base": {"default": "ds-api"}}}]}) == "/ds-api"


def test_an_answer_under_a_server_with_a_variable_scheme_is_judged_not_refused(tmp_path: Path) -> None:
    # uspto's `{scheme}://developer.uspto.gov/ds-api`: openapi-core found no server for every answer
    server = {"url": "{scheme}://data.example.com/ds-api", "variables": {"scheme": {"default": "https"}}}
    (tmp_path / "data.yaml").write_text(yaml.safe_dump(_document(server)))
    api = load_apis(tmp_path)["data"]
    operation = api.operations[0]
    good, bad = json.dumps({"total": 1}).encode(), json.dumps({"total": "x"}).encode()
    assert (
        response_errors(api, operation, {}, 200, {"content-type": "application/json"}, good, "application/json") == []
    )
    assert response_errors(api, operation, {}, 200, {"content-type": "application/json"}, bad, "application/json")
