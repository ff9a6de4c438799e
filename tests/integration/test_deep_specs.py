"""A spec nested hundreds of levels deep is served: HubSpot's media bridge spec (372 levels through its `$ref`s)
failed a request with a 500 (Python's recursion limit, in the response's schema view), a chain of 200 `$ref`s
was refused at start-up as "nested too deeply to resolve", and a schema nested deeper than jsonschema-rs reads
was checked against nothing, so a made-up `null` went out where an object belongs."""

from __future__ import annotations

import json

import pytest

from tests.integration.conftest import served


def _chained(levels: int) -> str:
    schemas = {
        f"Level{n}": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "next": {"$ref": f"#/components/schemas/Level{n + 1}"}},
        }
        for n in range(levels)
    }
    schemas[f"Level{levels}"] = {"type": "object", "required": ["leaf"], "properties": {"leaf": {"type": "string"}}}
    item = {
        "get": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": {
                    "description": "one",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Level0"}}},
                }
            },
        }
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "deep", "version": "1"},
        "paths": {"/things/{id}": item},
        "components": {"schemas": schemas},
    }
    return json.dumps(document)


@pytest.mark.parametrize("levels", [40, 300, 900])
def test_a_spec_nested_hundreds_of_levels_deep_is_served_and_its_answers_conform(tmp_path, levels):
    client = served(tmp_path, _chained(levels), stateful=False)
    answered = client.get("/things/7")
    assert answered.status_code == 200
    assert isinstance(answered.json().get("name"), str) and answered.json().get("next", {}) is not None
    assert client.app.state.server.violations_seen == 0
