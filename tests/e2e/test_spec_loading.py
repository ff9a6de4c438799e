"""Spec loading and normalising: one dialect, refs inlined, Runware merged, bad files named."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mock.spec import SpecError, load_apis
from mock.spec.normalising import normalise_document
from mock.spec.reading import read_document
from tests.conftest import ROOT

MINIMAL_30 = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "servers": [{"url": "https://pets.example.com/api"}],
    "paths": {
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "nullable": True},
                    "kind": {"type": "string", "enum": ["cat", "dog"], "nullable": True},
                    "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": True},
                    "age": {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
                },
            },
            "Owner": {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}},
        }
    },
}


def write(folder: Path, name: str, document) -> Path:
    path = folder / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_openapi_30_document_is_normalised_to_31(tmp_path):
    document, notes = normalise_document(MINIMAL_30, tmp_path / "pets.json")
    pet = document["paths"]["/pets/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert document["openapi"] == "3.1.0"
    assert pet["properties"]["name"]["type"] == ["string", "null"]
    assert pet["properties"]["kind"]["enum"] == ["cat", "dog", None]
    assert pet["properties"]["owner"] == {
        "anyOf": [{"allOf": [MINIMAL_30["components"]["schemas"]["Owner"]]}, {"type": "null"}]
    }
    assert pet["properties"]["age"] == {"type": "integer", "exclusiveMinimum": 0}
    assert "$ref" not in json.dumps(document)
    assert any("nullable" in note for note in notes) and any("3.1.0" in note for note in notes)


def test_api_name_base_path_and_operations(tmp_path):
    write(tmp_path, "pets-v2.openapi.json", MINIMAL_30)
    api = load_apis(tmp_path)["pets"]
    assert api.base_path == "/api"
    assert [(o.method, o.path, o.operation_id) for o in api.operations] == [("GET", "/pets/{id}", "getPet")]


def test_bundled_aeriox_nullable_is_rewritten_everywhere():
    apis = load_apis(ROOT / "specs")
    assert "nullable" not in json.dumps(apis["aeriox"].document)
    assert sum("nullable: true" in note for note in apis["aeriox"].normalisations) >= 29


def test_runware_documents_merge_into_one_task_operation():
    runware = load_apis(ROOT / "specs")["runware"]
    (operation,) = runware.operations
    assert (operation.method, operation.path, runware.base_path) == ("POST", "/", "/v1")
    protocol = operation.task_protocol
    assert set(protocol.request_schemas) == {"authentication", "accountManagement"}
    assert set(protocol.result_schemas) == {"authentication", "accountManagement"}
    assert (protocol.authentication_task, protocol.credential_field) == ("authentication", "apiKey")
    assert len(runware.sources) == 2


def test_error_style_is_read_from_each_spec():
    apis = load_apis(ROOT / "specs")
    assert {name: api.error_style.case for name, api in apis.items()} == {
        "aeriox": "snake",
        "runware": "camel",
        "runflow": "upper",
        "useapi": "snake",
    }


@pytest.mark.parametrize(
    "name,content,place,problem",
    [
        ("broken.json", '{"openapi": "3.1.0",\n  "info": }', "line 2 column 11", "invalid JSON"),
        ("broken.yaml", "openapi: 3.1.0\ninfo: [unclosed\n", "line 3 column 1", "invalid YAML"),
        ("notes.yaml", "just: a note\n", "document", "not an OpenAPI document"),
        ("old.json", {"swagger": "2.0", "openapi": "2.0"}, "openapi", "unsupported OpenAPI version"),
        (
            "structure.json",
            {**MINIMAL_30, "paths": {"/x": {"get": ["not", "an", "operation"]}}},
            "#/paths/~1x/get",
            "an operation must be a mapping",
        ),
        (
            "dangling.json",
            {
                **MINIMAL_30,
                "paths": {
                    "/x": {
                        "get": {
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}},
                                }
                            }
                        }
                    }
                },
            },
            "#/paths/~1x/get/responses/200/content/application~1json/schema",
            "points at nothing",
        ),
    ],
)
def test_bad_spec_file_is_named_with_place_and_problem(tmp_path, name, content, place, problem):
    path = write(tmp_path, name, content if isinstance(content, (str, dict)) else content)
    with pytest.raises(SpecError) as caught:
        load_apis(tmp_path)
    assert caught.value.file == str(path)
    assert caught.value.place == place
    assert problem in caught.value.problem


def test_two_documents_defining_the_same_operation_conflict(tmp_path):
    write(tmp_path, "pets-a.json", MINIMAL_30)
    write(tmp_path, "pets-b.json", MINIMAL_30)
    with pytest.raises(SpecError, match="also defined by pets-a.json"):
        load_apis(tmp_path)


def test_serve_stops_with_one_line_and_exit_2_on_a_bad_spec(tmp_path):
    write(tmp_path, "broken.yaml", "openapi: 3.1.0\ninfo: [unclosed\n")
    for verb in (["serve", "--port", "1"], ["specs", "check"]):
        result = subprocess.run(
            [sys.executable, "-m", "mock.cli", *verb, "--specs", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"specmock: {tmp_path / 'broken.yaml'}: line 3 column 1: invalid YAML")


def test_specs_check_lists_normalisations():
    result = subprocess.run(
        [sys.executable, "-m", "mock.cli", "specs", "check"], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0
    assert "ok  aeriox: 34 operations" in result.stdout
    assert "nullable: true → null allowed" in result.stdout


def test_read_document_accepts_yaml(tmp_path):
    path = write(tmp_path, "pets.yaml", "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    assert read_document(path)["openapi"] == "3.0.0"
