"""A response's links that name no operation are told apart from those that do, and warned of at load."""

from __future__ import annotations

from pathlib import Path

import yaml

from mock.spec.links import dangling_links, without_links
from mock.spec.loading import load_specs

KEYS = """
openapi: 3.0.3
info: {title: keys, version: "1"}
paths:
  /keys:
    post:
      operationId: keys_create
      responses:
        201:
          description: made
          content: {application/json: {schema: {$ref: "#/components/schemas/Key"}}}
          links:
            ById: {operationId: keys_get, parameters: {id: $response.body#/id}}
            ByIdOld: {operationId: sshKeys_get_by_id, parameters: {id: $response.body#/id}}
            ByRef: {operationRef: "#/paths/~1keys~1{id}/get", parameters: {id: $response.body#/id}}
            ByBadRef: {operationRef: "#/paths/~1keys~1{id}/patch"}
            Elsewhere: {operationRef: "https://example.com/spec.json#/paths/~1x/get"}
            Nothing: {description: names no operation}
  /keys/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      operationId: keys_get
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Key"}}}}
components:
  schemas:
    Key: {type: object, properties: {id: {type: integer, readOnly: true}, name: {type: string}}}
"""


def test_links_that_name_no_operation_are_found_and_left_out():
    document = yaml.safe_load(KEYS)
    dangling = dangling_links(document)
    assert {(link.name, link.target) for link in dangling} == {
        ("ByIdOld", "sshKeys_get_by_id"),
        ("ByBadRef", "#/paths/~1keys~1{id}/patch"),
        ("Elsewhere", "https://example.com/spec.json#/paths/~1x/get"),
        ("Nothing", ""),
    }
    kept = without_links(document, dangling)
    assert set(kept["paths"]["/keys"]["post"]["responses"][201]["links"]) == {"ById", "ByRef"}
    assert len(document["paths"]["/keys"]["post"]["responses"][201]["links"]) == 6  # the document is not changed
    assert dangling_links(kept) == []


def test_a_link_to_nowhere_is_a_warning_naming_its_place(tmp_path: Path):
    (tmp_path / "keys.yaml").write_text(KEYS)
    loaded = load_specs(tmp_path)
    assert not loaded.failures
    warned = [str(w) for w in loaded.apis["keys"].warnings if "/links/" in w.place]
    assert len(warned) == 4
    assert any(
        "#/paths/~1keys/post/responses/201/links/ByIdOld" in line and "'sshKeys_get_by_id'" in line for line in warned
    )
