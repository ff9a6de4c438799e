"""An OpenAPI 3.2 document is served as the 3.1 one it extends: it was refused at the version check, the whole
spec unserved for a version that changes little a mock reads. Its `query` operations are served; what else 3.2 adds
and the mock does not read is said in a warning, never dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock.spec import load_apis
from mock.spec.errors import SpecError
from mock.spec.loading import load_specs
from tests.integration.conftest import served

SPEC = """
openapi: 3.2.0
info: {title: notes, version: "1"}
paths:
  /notes:
    get:
      operationId: listNotes
      parameters: [{name: limit, in: query, schema: {type: integer, minimum: 1}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Notes"}}}}
    query:
      operationId: searchNotes
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {text: {type: string}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Notes"}}}}
    additionalOperations:
      PURGE:
        operationId: purgeNotes
        responses: {"204": {description: purged}}
components:
  schemas:
    Note: {type: object, required: [id, text], properties: {id: {type: integer}, text: {type: string}}}
    Notes: {type: array, items: {$ref: "#/components/schemas/Note"}}
"""


def test_a_32_document_is_served_and_what_it_adds_unread_is_said(tmp_path: Path) -> None:
    client = served(tmp_path, SPEC)
    assert client.get("/notes", params={"limit": 2}).status_code == 200
    assert client.get("/notes", params={"limit": 0}).status_code == 400
    found = client.request("QUERY", "/notes", json={"text": "milk"})
    assert found.status_code == 200 and isinstance(found.json(), list)
    assert client.app.state.server.violations_seen == 0
    loaded = load_specs(tmp_path)
    said = [str(w) for w in loaded.warnings]
    assert any("additionalOperations" in w and "PURGE" in w for w in said), said


def test_a_version_beyond_32_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC.replace("3.2.0", "3.3.0"))
    with pytest.raises(SpecError, match="unsupported OpenAPI version '3.3.0'"):
        load_apis(tmp_path)
