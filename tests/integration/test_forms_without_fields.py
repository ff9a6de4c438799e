"""An upload whose form body schema is the file's own (`type: string, format: binary`) or a list of files, not an
object of fields as OpenAPI wants: listmonk's `POST /media` is written so. Every real upload was refused with
"{"file": "…"} is not of type string"; now a form of one field is that field's value, and the spec says so at load."""

from __future__ import annotations

from mock.spec.loading import load_specs
from tests.integration.conftest import served

UPLOADS = """
openapi: 3.0.3
info: {title: uploads whose form schema is a file's or a list's, version: "1"}
paths:
  /media:
    post:
      operationId: uploadMedia
      requestBody:
        content:
          multipart/form-data:
            schema: {type: string, format: binary}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id]
                properties: {id: {type: integer}, filename: {type: string}}
        "400":
          description: bad request
          content:
            application/json:
              schema:
                type: object
                required: [message]
                properties: {message: {type: string}}
  /gallery:
    post:
      operationId: uploadGallery
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {type: array, minItems: 2, items: {type: string, format: binary}}
      responses:
        "204": {description: stored}
        "400":
          description: bad request
          content:
            application/json:
              schema:
                type: object
                required: [message]
                properties: {message: {type: string}}
  /count:
    post:
      operationId: postCount
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: integer, minimum: 1}
      responses:
        "204": {description: counted}
        "400":
          description: bad request
          content:
            application/json:
              schema:
                type: object
                required: [message]
                properties: {message: {type: string}}
"""

PNG = ("cat.png", b"\x89PNG\r\n\x1a\n\x00binary", "image/png")


def test_a_one_file_upload_is_that_file(tmp_path):
    client = served(tmp_path, UPLOADS)
    answer = client.post("/media", files={"file": PNG})
    assert answer.status_code == 200, answer.text
    assert isinstance(answer.json()["id"], int)
    # two fields are no one file: refused in the API's envelope, saying what was sent
    refused = client.post("/media", files={"a": (None, "1"), "b": (None, "2")})
    assert refused.status_code == 400 and "not of type" in refused.json()["message"]
    assert client.app.state.server.violations_seen == 0


def test_a_list_schema_takes_every_part_and_its_own_rules_hold(tmp_path):
    client = served(tmp_path, UPLOADS)
    two = [("photo", PNG), ("photo", ("dog.png", b"\x89PNGdog", "image/png"))]
    assert client.post("/gallery", files=two).status_code == 204
    one = client.post("/gallery", files=[("photo", PNG)])
    assert one.status_code == 400 and "less than 2 items" in one.json()["message"]


def test_a_urlencoded_scalar_is_typed_by_its_schema(tmp_path):
    client = served(tmp_path, UPLOADS)
    form = {"content-type": "application/x-www-form-urlencoded"}
    assert client.post("/count", content="n=3", headers=form).status_code == 204
    refused = client.post("/count", content="n=0", headers=form)
    assert refused.status_code == 400 and "minimum" in refused.json()["message"]
    assert client.post("/count", content="n=three", headers=form).status_code == 400
    # a bare value, no field named (envoice's `-d 2147483646`), is the value: not a field `2147483646` with none
    assert client.post("/count", content="2147483646", headers=form).status_code == 204
    assert client.post("/count", content="0", headers=form).status_code == 400
    assert client.post("/count", content="three", headers=form).status_code == 400


def test_such_a_schema_is_a_warning_at_load_naming_its_place(tmp_path):
    (tmp_path / "spec.yaml").write_text(UPLOADS)
    found = {w.place: w.problem for w in load_specs(tmp_path).warnings}
    media = found["#/paths/~1media/post/requestBody/content/multipart~1form-data/schema"]
    assert "not an object of fields (string)" in media
    assert "(array)" in found["#/paths/~1gallery/post/requestBody/content/multipart~1form-data/schema"]
    assert "#/paths/~1count/post/requestBody/content/application~1x-www-form-urlencoded/schema" in found


FILES = """
openapi: 3.0.3
info: {title: an upload answers with its file's facts, version: "1"}
paths:
  /files:
    post:
      operationId: uploadFile
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, purpose]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string}
      responses:
        "200":
          description: the file
          content:
            application/json:
              schema:
                type: object
                required: [id, filename, bytes, purpose]
                properties:
                  id: {type: string}
                  filename: {type: string}
                  bytes: {type: integer}
                  mimeType: {type: string}
                  purpose: {type: string}
                  name: {type: string}
"""


def test_an_upload_answers_with_its_file_name_type_and_size(tmp_path):
    client = served(tmp_path, FILES, stateful=False)
    answer = client.post("/files", files={"file": ("notes.txt", b"twelve bytes", "text/plain")}, data={"purpose": "qa"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["filename"], body["bytes"], body["mimeType"], body["purpose"]) == ("notes.txt", 12, "text/plain", "qa")
    assert body.get("name") != "notes.txt"  # a record's `name` is its own: not taken for the file's
    other = client.post("/files", files={"file": ("b.csv", b"a,b\n1,2\n", "text/csv")}, data={"purpose": "qa"}).json()
    assert (other["filename"], other["bytes"], other["mimeType"]) == ("b.csv", 8, "text/csv")
    assert client.app.state.server.violations_seen == 0


MEDIA = """
openapi: 3.0.3
info: {title: a media library whose uploads are its records, version: "1"}
paths:
  /media:
    get:
      operationId: listMedia
      responses:
        "200":
          description: the library
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Media"}}
    post:
      operationId: uploadMedia
      requestBody:
        content:
          multipart/form-data:
            schema: {type: string, format: binary}
      responses:
        "200":
          description: the stored file
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: "#/components/schemas/Media"}
  /media/{id}:
    get:
      operationId: getMedia
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: one file
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: "#/components/schemas/Media"}
        "404": {description: no such file}
components:
  schemas:
    Media:
      type: object
      required: [id, filename]
      properties:
        id: {type: integer}
        filename: {type: string}
        content_type: {type: string}
"""


def test_an_upload_to_a_collection_is_its_create_and_reads_back(tmp_path):
    client = served(tmp_path, MEDIA)
    made = client.post("/media", files={"file": PNG}).json()["data"]
    assert (made["filename"], made["content_type"]) == ("cat.png", "image/png")
    listed = client.get("/media").json()["data"]
    assert [m for m in listed if m["id"] == made["id"]] == [made]
    assert client.get(f"/media/{made['id']}").json()["data"] == made
    assert client.app.state.server.violations_seen == 0
