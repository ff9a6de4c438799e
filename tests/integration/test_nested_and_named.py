# ruff: noqa: E501  (the specs are the triage repros as written)
"""Nested and named collections as Gitea writes them: a parent parameter called `{id}` (every comment was given its
post's id, so each replaced the last), two collections of one record under different parents (one store held
both: deleting a comment's attachment deleted a release's), and an item addressed by a name (`/orgs/{org}`, text,
was bound to the org's integer `id`, so a created org was found at `/orgs/6` and not at `/orgs/acme`)."""

from __future__ import annotations

from mock.spec.loading import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served, user_spec_client

POSTS = """
openapi: 3.0.3
info: {title: posts, version: "1.0"}
paths:
  /posts/{id}/comments:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: listComments
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Comment"}}
    post:
      operationId: createComment
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [body], properties: {body: {type: string}}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Comment"}
components:
  schemas:
    Comment:
      type: object
      properties:
        id: {type: integer}
        body: {type: string}
"""

ASSETS = """
openapi: 3.0.3
info: {title: assets, version: "1.0"}
paths:
  /releases/{id}/assets:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: listReleaseAssets
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Asset"}}}}}
    post:
      operationId: createReleaseAsset
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Asset"}}}}
  /comments/{id}/assets:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: listCommentAssets
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Asset"}}}}}
    post:
      operationId: createCommentAsset
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Asset"}}}}
components:
  schemas:
    Asset:
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
"""

ORGS = """
openapi: 3.0.3
info: {title: orgs, version: "1.0"}
paths:
  /orgs:
    post:
      operationId: createOrg
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [username]
              properties:
                username: {type: string}
      responses:
        "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Org"}}}}
    get:
      operationId: listOrgs
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Org"}}}}}
  /orgs/{org}:
    get:
      operationId: getOrg
      parameters:
        - {name: org, in: path, required: true, description: name of the organization, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Org"}}}}
        "404": {description: not found}
components:
  schemas:
    Org:
      type: object
      properties:
        id: {type: integer, format: int64}
        username: {type: string}
        full_name: {type: string}
"""


def test_a_child_under_a_parent_called_id_has_its_own_id(tmp_path):
    (tmp_path / "posts.yaml").write_text(POSTS)
    client = user_spec_client(tmp_path)
    first = client.post("/posts/42/comments", json={"body": "first"}).json()
    second = client.post("/posts/42/comments", json={"body": "second"}).json()
    assert first["id"] != second["id"] and 42 not in (first["id"], second["id"])
    listed = client.get("/posts/42/comments").json()
    assert first in listed and second in listed
    assert client.app.state.server.violations_seen == 0


def test_one_record_under_two_parents_is_two_collections(tmp_path):
    (tmp_path / "assets.yaml").write_text(ASSETS)
    client = user_spec_client(tmp_path)
    release = client.post("/releases/1/assets", json={"name": "rel.zip"}).json()
    assert release in client.get("/releases/1/assets").json()
    assert release not in client.get("/comments/1/assets").json()
    assert client.app.state.server.violations_seen == 0


def test_an_item_addressed_by_name_is_found_by_its_name(tmp_path):
    (tmp_path / "orgs.yaml").write_text(ORGS)
    client = user_spec_client(tmp_path)
    made = client.post("/orgs", json={"username": "acme"}).json()
    read = client.get("/orgs/acme")
    assert read.status_code == 200 and read.json() == made
    assert client.app.state.server.violations_seen == 0


def test_of_the_fields_that_name_a_record_the_one_the_client_chose_names_it(tmp_path):
    # Gitea's Organization has `name` beside `username`: a generated display name addressed it, not the username
    (tmp_path / "orgs.yaml").write_text(ORGS.replace("full_name:", "name:"))
    client = user_spec_client(tmp_path)
    made = client.post("/orgs", json={"username": "acme"}).json()
    assert client.get("/orgs/acme").json() == made


KEYS = """
openapi: 3.0.3
info: {title: keys, version: "1.0"}
paths:
  /users:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}}}
  /users/{username}:
    get:
      parameters: [{name: username, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none}
  /users/{username}/keys:
    parameters: [{name: username, in: path, required: true, schema: {type: string}}]
    post:
      requestBody: {required: true, content: {application/json: {schema: {type: object, properties: {title: {type: string}}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Key"}}}}
  /users/{username}/keys/{id}:
    parameters:
      - {name: username, in: path, required: true, schema: {type: string}}
      - {name: id, in: path, required: true, schema: {type: integer}}
    delete:
      responses:
        "204": {description: gone}
        "404": {description: none}
  /users/{username}/keys/{id}/uses:
    parameters:
      - {name: username, in: path, required: true, schema: {type: string}}
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
        "404": {description: none}
components:
  schemas:
    User: {type: object, properties: {id: {type: integer}, username: {type: string}}}
    Key: {type: object, properties: {id: {type: integer, readOnly: true}, title: {type: string}}}
"""


def test_a_record_kept_under_a_parent_nobody_made_is_found_there(tmp_path):
    # Gitea's admin key create declares no 404, so a key made under user `0` (no such user) was kept there; its
    # delete, which declares one, then answered "No user with id 0 exists"
    (tmp_path / "keys.yaml").write_text(KEYS)
    client = user_spec_client(tmp_path)
    made = client.post("/users/nobody-0/keys", json={"title": "laptop"}).json()
    # and below it (Sentry's release made under an organisation the mock does not hold, then its `commitfiles`)
    assert client.get(f"/users/nobody-0/keys/{made['id']}/uses").status_code == 200
    assert client.delete(f"/users/nobody-0/keys/{made['id']}").status_code == 204
    assert client.delete(f"/users/nobody-0/keys/{made['id']}").status_code == 404  # gone now
    assert client.delete("/users/nobody-0/keys/424242").status_code == 404  # nothing was made at that id


BOXES = """
openapi: 3.0.3
info: {title: boxes, version: "1.0"}
paths:
  /boxes:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Box"}}}}
  /boxes/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Box"}}}}
        "404": {description: none}
    delete:
      responses: {"204": {description: gone}, "404": {description: none}}
  /boxes/{id}/snapshots:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Box"}}}}
  /boxes/{id}/snapshots/{snapshot_id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
      - {name: snapshot_id, in: path, required: true, schema: {type: integer}}
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Box"}}}}
        "404": {description: none}
components:
  schemas:
    Box: {type: object, properties: {id: {type: integer, readOnly: true}, name: {type: string}}}
"""


def test_what_hung_off_a_deleted_record_is_gone_with_it(tmp_path):
    # Hetzner's storage box snapshot stayed readable after its storage box was deleted
    (tmp_path / "boxes.yaml").write_text(BOXES)
    client = user_spec_client(tmp_path)
    box = client.post("/boxes", json={"name": "b"}).json()
    snapshot = client.post(f"/boxes/{box['id']}/snapshots", json={"name": "s"}).json()
    assert client.get(f"/boxes/{box['id']}/snapshots/{snapshot['id']}").status_code == 200
    assert client.delete(f"/boxes/{box['id']}").status_code == 204
    assert client.get(f"/boxes/{box['id']}/snapshots/{snapshot['id']}").status_code == 404


SNAPSHOTS = """
openapi: 3.0.3
info: {title: volumes, version: "1"}
paths:
  /volumes:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Volume"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Volume"}}}}
  /volumes/{volume_id}:
    parameters: [{name: volume_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Volume"}}}}
        "404": {description: none}
  /volumes/{volume_id}/snapshots:
    parameters: [{name: volume_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Snapshot"}}}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Snapshot"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Snapshot"}}}}
        "404": {description: no such volume}
  /volumes/snapshots/{snapshot_id}:
    parameters: [{name: snapshot_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Snapshot"}}}}
        "404": {description: none}
    delete:
      responses:
        "204": {description: gone}
        "404": {description: none}
components:
  schemas:
    Volume: {type: object, properties: {id: {type: string, readOnly: true}, name: {type: string}}}
    Snapshot: {type: object, properties: {id: {type: string, readOnly: true}, name: {type: string}}}
"""


def test_a_child_made_under_its_parent_is_read_at_an_item_path_that_names_no_parent(tmp_path):
    # DigitalOcean's volume snapshots are made at /v2/volumes/{volume_id}/snapshots and read at
    # /v2/volumes/snapshots/{snapshot_id}: the snapshot's id was taken for the volume's ("No volume with id … exists")
    client = served(tmp_path, SNAPSHOTS)
    volume = client.post("/volumes", json={"name": "data"}).json()
    made = client.post(f"/volumes/{volume['id']}/snapshots", json={"name": "nightly"})
    assert made.status_code == 201
    snapshot = made.json()
    read = client.get(f"/volumes/snapshots/{snapshot['id']}")
    assert read.status_code == 200 and read.json() == snapshot
    assert snapshot["id"] in [s["id"] for s in client.get(f"/volumes/{volume['id']}/snapshots").json()]
    assert client.delete(f"/volumes/snapshots/{snapshot['id']}").status_code == 204
    assert client.get(f"/volumes/snapshots/{snapshot['id']}").status_code == 404
    assert snapshot["id"] not in [s["id"] for s in client.get(f"/volumes/{volume['id']}/snapshots").json()]
    assert client.app.state.server.violations_seen == 0


VERSIONS = """
openapi: 3.0.3
info: {title: agents, version: "1.0"}
paths:
  /agents/{agent_id}/versions:
    get:
      parameters: [{name: agent_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Agent"}}}}}
  /agents/{agent_id}/versions/{version}:
    get:
      parameters:
        - {name: agent_id, in: path, required: true, schema: {type: string}}
        - {name: version, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Agent"}}}}
components:
  schemas:
    Agent:
      type: object
      required: [id, version, name]
      properties:
        id: {type: string}
        version: {type: integer}
        name: {type: string}
"""


def test_a_text_parameter_names_the_field_of_its_own_name_whatever_its_type(tmp_path):
    # Mistral's `/v1/agents/{agent_id}/versions/{version}`, `version` text: an agent's versions share its `id`, and
    # each is its integer `version`; listed twice, a version was taken for another record of the same `id`
    (tmp_path / "agents.yaml").write_text(VERSIONS)
    (versions,) = explain_resources(load_apis(tmp_path)["agents"]).resources
    assert versions.id_field == "version"
    client = user_spec_client(tmp_path)
    listed = client.get("/agents/a1/versions").json()
    assert listed and len({agent["version"] for agent in listed}) == len(listed)
    one = listed[-1]
    assert client.get(f"/agents/a1/versions/{one['version']}").json() == one
    assert client.app.state.server.violations_seen == 0
