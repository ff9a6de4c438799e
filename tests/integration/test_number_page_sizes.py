"""A page size declared `type: number` (Figma's `page_size` on a file's versions) is a page size: a whole number
sent for it cut no list, because only integers were read, and `page_size=1` answered every version."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

VERSIONS = """
openapi: 3.1.0
info: {title: a page size of type number, version: "1"}
paths:
  /files/{key}/versions:
    get:
      operationId: getVersions
      parameters:
        - {name: key, in: path, required: true, schema: {type: string}}
        - {name: page_size, in: query, schema: {type: number, maximum: 50}}
      responses:
        "200":
          description: the versions
          content:
            application/json:
              schema:
                type: object
                required: [versions]
                properties:
                  versions:
                    type: array
                    items:
                      type: object
                      required: [id]
                      properties: {id: {type: string}, label: {type: string}}
"""


def test_a_whole_number_sent_for_a_number_page_size_cuts_the_list(tmp_path):
    (tmp_path / "versions.yaml").write_text(VERSIONS)
    client = user_spec_client(tmp_path)
    every = client.get("/files/abc/versions").json()["versions"]
    assert len(every) >= 2
    for sent in ("1", "1.0"):
        assert len(client.get(f"/files/abc/versions?page_size={sent}").json()["versions"]) == 1, sent
    assert len(client.get("/files/abc/versions?page_size=1.5").json()["versions"]) == len(every)  # no whole page
