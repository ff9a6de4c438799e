"""An example whose data holds `{"$ref": …}` (Square's custom attribute definitions, each a JSON Schema that refers
to Square's website) is served as the data it is, and tested: schemathesis read the `$ref` as a reference to resolve,
and refused the whole operation as an error; the mock refused the whole spec for a remote URL."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from contract_tests.cli import main
from tests.specmock_server import checked_server

REMOTE = {"$ref": "https://example.com/schemas/common.json#String"}
DEFINITION = {"type": "object", "properties": {"key": {"type": "string"}, "schema": {"type": "object"}}}
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Definitions", "version": "1"},
    "paths": {
        "/definitions": {
            "post": {
                "operationId": "createDefinition",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Create"}}},
                },
                "responses": {
                    "200": {
                        "description": "made",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Created"}}},
                    },
                    "400": {
                        "description": "invalid",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"error": {"type": "string"}}}
                            }
                        },
                    },
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Create": {
                "type": "object",
                "required": ["definition"],
                "properties": {"definition": DEFINITION},
                "example": {"definition": {"key": "color", "schema": REMOTE}},
            },
            "Created": {
                "type": "object",
                "properties": {"definition": DEFINITION},
                "example": {"definition": {"key": "color", "schema": REMOTE}},
            },
        }
    },
}


def test_an_example_holding_a_ref_is_served_and_its_operation_tested(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    spec = folder / "definitions.yaml"
    spec.write_text(yaml.safe_dump(SPEC))
    report = tmp_path / "report.json"
    with checked_server("--specs", str(folder)) as server:
        code = main(
            ["--spec", str(spec), "--base-url", server.url, "--max-examples", "5", "--seed", "1"]
            + ["--report", str(report)]
        )
    data = json.loads(report.read_text())
    assert data["errors"] == [] and data["failures"] == []
    assert code == 0
