"""Answers declared in a multipart type (XTRF's file downloads declare `multipart/form-data` with no schema; Appwrite's
execution an object) went out as one word or as JSON under a multipart Content-Type with no boundary: no client can
split them, and the self-check could not read them ("openapi-core failed reading it")."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP

import pytest

from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: multipart answers, version: "1"}
paths:
  /files/{id}/download:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      security: [{token: []}]
      responses:
        default: {description: the file, content: {multipart/form-data: {}}}
  /executions:
    get:
      responses:
        "200":
          description: an execution
          content:
            multipart/form-data:
              schema:
                type: object
                required: [id, status, logs]
                properties:
                  id: {type: string}
                  status: {type: string, enum: [waiting, completed]}
                  duration: {type: number}
                  logs: {type: array, items: {type: string}}
  /bundle:
    get:
      responses:
        "200":
          description: parts of no names
          content:
            multipart/mixed:
              schema: {type: object, properties: {meta: {type: object, properties: {size: {type: integer}}}}}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Token}
"""


def _parts(answer) -> list:
    content_type = answer.headers["content-type"]
    assert "boundary=" in content_type
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + answer.content)
    assert message.is_multipart()
    return list(message.iter_parts())


@pytest.mark.parametrize("stateful", [False, True])
def test_a_multipart_answer_is_parts_under_its_boundary(tmp_path, stateful):
    client = served(tmp_path, SPEC, stateful)
    download = client.get("/files/f1/download", headers={"X-Token": "t"})
    assert download.status_code == 200 and download.headers["content-type"].startswith("multipart/form-data")
    (part,) = _parts(download)
    assert part.get_param("name", header="content-disposition") == "file"
    execution = client.get("/executions")
    named = [(p.get_param("name", header="content-disposition"), p) for p in _parts(execution)]
    parts = dict(named)
    assert {"id", "status", "logs"} <= set(parts)
    assert parts["status"].get_content() in ("waiting", "completed")
    logs = [p for name, p in named if name == "logs"]  # a list is a part per item, OpenAPI's default
    assert all(p.get_content_type() == "text/plain" for p in logs)
    if "duration" in parts:
        float(parts["duration"].get_content())  # a number, as text
    (meta,) = _parts(client.get("/bundle"))
    assert meta.get("content-disposition") is None and meta.get_content_type() == "application/json"
    assert client.get("/executions").content == execution.content  # the same answer, the same bytes
    refused = client.get("/files/f1/download")  # no credential: the envelope in the one type declared
    assert refused.status_code == 401 and _parts(refused)
    server = client.app.state.server
    assert server.violations_seen == 0 and not server.unjudged
