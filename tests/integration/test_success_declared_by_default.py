"""An operation whose success is declared only by `default` or by the `2XX` range, beside error codes: the mock
answers it 200 from there, as a real server's success, not with the one code written down (an error)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import served

# Komga's thumbnails declare `400` (a validation error) and a `default` image; a range is written down the same way.
SPEC = """
openapi: 3.0.1
info: {title: thumbnails, version: "1"}
paths:
  /books/{bookId}/thumbnail:
    get:
      parameters: [{in: path, name: bookId, required: true, schema: {type: string}}]
      responses:
        "400":
          description: Bad Request
          content: {"*/*": {schema: {$ref: "#/components/schemas/Problem"}}}
        default:
          description: the thumbnail
          content:
            application/json: {schema: {type: string, format: binary}}
            image/jpeg: {schema: {type: string, format: binary}}
  /books/{bookId}/summary:
    get:
      parameters: [{in: path, name: bookId, required: true, schema: {type: string}}]
      responses:
        "404":
          description: no such book
          content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}
        2XX:
          description: the summary
          content: {application/json: {schema: {type: object, required: [title], properties: {title: {type: string}}}}}
components:
  schemas:
    Problem:
      type: object
      required: [violations]
      properties: {violations: {type: array, items: {type: object, properties: {message: {type: string}}}}}
"""


@pytest.mark.parametrize("stateful", [True, False])
def test_success_declared_by_default_alone_is_answered_200_in_the_media_type_asked_for(tmp_path: Path, stateful):
    client = served(tmp_path, SPEC, stateful)
    answer = client.get("/books/b1/thumbnail")
    assert answer.status_code == 200, answer.text
    assert "violations" not in answer.text
    image = client.get("/books/b1/thumbnail", headers={"Accept": "image/jpeg"})
    assert image.status_code == 200, image.text
    assert image.headers["content-type"] == "image/jpeg"
    assert client.app.state.server.violations_seen == 0


@pytest.mark.parametrize("stateful", [True, False])
def test_success_declared_by_its_range_alone_is_answered_200(tmp_path: Path, stateful):
    client = served(tmp_path, SPEC, stateful)
    answer = client.get("/books/b1/summary")
    assert answer.status_code == 200, answer.text
    assert isinstance(answer.json()["title"], str)
    assert client.app.state.server.violations_seen == 0
