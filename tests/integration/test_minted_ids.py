"""Every id the mock mints for a created record is one its item path accepts: immich's records declare `id` as any
string while the `{id}` path parameter is a uuid, and the second of two creates with one body was given `<uuid>-2`,
which the path refused (400), so the record could never be read, changed or deleted."""

from __future__ import annotations

import uuid

from tests.integration.conftest import user_spec_client

ALBUMS = """
openapi: 3.0.3
info: {title: albums, version: "1"}
paths:
  /albums:
    post:
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, required: [albumName], properties: {albumName: {type: string}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Album"}}}}
  /albums/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Album"}}}}
        "404": {description: none}
    delete:
      responses:
        "204": {description: gone}
        "404": {description: none}
components:
  schemas:
    Album: {type: object, required: [id, albumName], properties: {id: {type: string}, albumName: {type: string}}}
"""


def test_two_creates_with_one_body_make_two_records_the_path_can_reach(tmp_path):
    (tmp_path / "albums.yaml").write_text(ALBUMS)
    client = user_spec_client(tmp_path)
    made = [client.post("/albums", json={"albumName": "Trip"}).json()["id"] for _ in range(3)]
    assert len(set(made)) == 3, made
    for album_id in made:
        uuid.UUID(album_id)  # the path's format
        read = client.get(f"/albums/{album_id}")
        assert read.status_code == 200 and read.json() == {"id": album_id, "albumName": "Trip"}
    assert client.delete(f"/albums/{made[1]}").status_code == 204
    assert client.get(f"/albums/{made[1]}").status_code == 404
    assert client.app.state.server.violations_seen == 0


EMAILS = """
openapi: 3.0.3
info: {title: emails, version: "1"}
paths:
  /emails:
    post:
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, required: [to], properties: {to: {type: string}}}}
      responses:
        "200":
          description: sent
          content:
            application/json:
              schema: {type: object, required: [id], properties: {id: {type: string}}}
              example: {id: 49a3999c-0ce1-4ea6-ab68-afcd6dc2e794}
  /emails/{email_id}:
    parameters: [{name: email_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Email"}}}}
        "404": {description: none}
  /emails/{email_id}/attachments:
    parameters: [{name: email_id, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {type: object, properties: {data: {type: array, items: {type: object}}}}}
components:
  schemas:
    Email: {type: object, required: [id, to], properties: {id: {type: string}, to: {type: string}}}
"""


def test_an_example_id_already_taken_is_replaced_by_another_of_its_shape(tmp_path):
    """Resend's `POST /emails` answers an example uuid; its `{email_id}` is any string, but its attachments' path
    takes a uuid. The second email was `<uuid>-2`, which that path refused."""
    (tmp_path / "emails.yaml").write_text(EMAILS)
    client = user_spec_client(tmp_path)
    made = [client.post("/emails", json={"to": "a@example.com"}).json()["id"] for _ in range(3)]
    assert len(set(made)) == 3, made
    for email_id in made:
        uuid.UUID(email_id)
        assert client.get(f"/emails/{email_id}").json()["id"] == email_id
        assert client.get(f"/emails/{email_id}/attachments").status_code == 200
    assert client.app.state.server.violations_seen == 0
