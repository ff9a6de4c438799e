"""A multipart body other than form-data (`multipart/related`, RFC 2387; `multipart/mixed`) names no fields: its parts
are the schema's properties, named by a part's Content-Disposition name or Content-ID, else in declared order (Google
Drive's and Box's uploads: the metadata, then the file). Read as one text, every such upload was refused as "not of
type object"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import served

UPLOAD = """
openapi: 3.0.3
info: {title: Upload, version: "1"}
paths:
  /files:
    post:
      requestBody:
        required: true
        content:
          multipart/related:
            schema:
              type: object
              required: [metadata]
              additionalProperties: false
              properties:
                metadata: {type: object, required: [name], properties: {name: {type: string}}}
                file: {type: string, format: binary}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
        "400":
          description: bad
          content:
            application/json: {schema: {type: object, required: [message], properties: {message: {type: string}}}}
  /blobs:
    post:
      requestBody:
        content:
          multipart/mixed:
            schema: {type: string, format: binary}
      responses:
        "204": {description: kept}
"""

RELATED = 'multipart/related; boundary=B; type="application/json"'


def _parts(*parts: tuple[str, str]) -> bytes:
    """Parts of (headers, text), each header line ended by CRLF."""
    return b"".join(f"--B\r\n{headers}\r\n{text}\r\n".encode() for headers, text in parts) + b"--B--\r\n"


METADATA = ("Content-Type: application/json\r\n", '{"name": "a.txt"}')
FILE = ("Content-Type: text/plain\r\n", "hello")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (_parts(METADATA, FILE), 201),  # in declared order
        (_parts(METADATA), 201),
        (_parts(("Content-Type: text/plain\r\nContent-ID: <file>\r\n", "hello"), METADATA), 201),  # named by its id
        (_parts(('Content-Disposition: form-data; name="file"\r\n', "x"), METADATA), 201),  # by its name
        (_parts(FILE), 400),  # the file in the metadata's place: no JSON object
        (_parts(("Content-Type: application/json\r\n", '{"size": 1}'), FILE), 400),  # the metadata lacks its name
        (_parts(METADATA, FILE, FILE), 400),  # a part past every property, where no other is allowed
        (b"junk", 400),
    ],
)
def test_related_parts_are_the_schema_properties(tmp_path: Path, body: bytes, status: int) -> None:
    client = served(tmp_path, UPLOAD, stateful=False)
    response = client.post("/files", content=body, headers={"content-type": RELATED})
    assert response.status_code == status, response.text
    if status == 400:
        assert response.json()["message"]
    assert client.app.state.server.violations_seen == 0


def test_a_related_body_without_its_boundary_is_a_400_that_says_so(tmp_path: Path) -> None:
    client = served(tmp_path, UPLOAD, stateful=False)
    response = client.post("/files", content=_parts(METADATA), headers={"content-type": "multipart/related"})
    assert response.status_code == 400 and "boundary" in response.json()["message"]


def test_a_multipart_body_declared_one_binary_string_is_taken_whole(tmp_path: Path) -> None:
    client = served(tmp_path, UPLOAD, stateful=False)
    response = client.post("/blobs", content=b"anything", headers={"content-type": "multipart/mixed; boundary=B"})
    assert response.status_code == 204, response.text
