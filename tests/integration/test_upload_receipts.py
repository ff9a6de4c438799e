"""A create answered with a receipt, and an upload: immich's `POST /assets` (multipart, a file and some fields)
answers `{id, status}`. The mock answered the whole stored asset, kept the receipt's `status` in it, and stored the
uploaded bytes as a text field, answered in every read and list (a 300 KB upload made 627 KB answers)."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

UPLOADS = """
openapi: 3.0.3
info: {title: multipart upload stores the file bytes in the record and answers the whole record, version: "1"}
security: [{bearer: []}]
paths:
  /files:
    get:
      operationId: listFiles
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/File"}}
    post:
      operationId: uploadFile
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [data, title]
              properties:
                data: {type: string, format: binary}
                title: {type: string}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema:
                type: object
                required: [id, status]
                properties:
                  id: {type: string}
                  status: {type: string, enum: [created, duplicate]}
  /files/{id}:
    get:
      operationId: getFile
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/File"}
        "404": {description: not found}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    File:
      type: object
      required: [id, title]
      properties:
        id: {type: string}
        title: {type: string}
        sizeInBytes: {type: integer}
"""


def test_an_upload_is_answered_with_its_receipt_and_kept_without_its_bytes(tmp_path):
    (tmp_path / "upload.yaml").write_text(UPLOADS)
    client = user_spec_client(tmp_path)
    auth = {"Authorization": "Bearer tok"}
    upload = b"\x89PNG" + bytes(range(256)) * 40
    made = client.post(
        "/files", files={"data": ("x.png", upload, "image/png")}, data={"title": "Holiday"}, headers=auth
    )
    assert made.status_code == 201 and set(made.json()) == {"id", "status"}
    kept = client.get(f"/files/{made.json()['id']}", headers=auth).json()
    assert kept["title"] == "Holiday" and "data" not in kept and "status" not in kept
    listed = client.get("/files", headers=auth).json()
    assert kept in listed and len(client.get("/files", headers=auth).content) < len(upload)
    assert client.app.state.server.violations_seen == 0
