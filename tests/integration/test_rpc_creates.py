# ruff: noqa: E501  (the spec is the triage repro as written)
"""A create named as a verb under its collection (Docker's `POST /volumes/create`, Swagger 2.0) makes a record of
that collection: a volume created was then never listed or read back (404)."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

VOLUMES = """
swagger: "2.0"
info: {title: volumes, version: "1.0"}
consumes: [application/json]
produces: [application/json]
paths:
  /volumes:
    get:
      operationId: VolumeList
      responses:
        200:
          description: ok
          schema:
            type: object
            properties:
              Volumes: {type: array, items: {$ref: "#/definitions/Volume"}}
  /volumes/create:
    post:
      operationId: VolumeCreate
      parameters:
        - name: body
          in: body
          required: true
          schema:
            type: object
            properties:
              Name: {type: string}
              Labels: {type: object, additionalProperties: {type: string}}
      responses:
        201: {description: created, schema: {$ref: "#/definitions/Volume"}}
  /volumes/{name}:
    get:
      operationId: VolumeInspect
      parameters: [{name: name, in: path, required: true, type: string}]
      responses:
        200: {description: ok, schema: {$ref: "#/definitions/Volume"}}
        404: {description: no such volume, schema: {$ref: "#/definitions/ErrorResponse"}}
definitions:
  Volume:
    type: object
    required: [Name, Labels]
    properties:
      Name: {type: string}
      Labels: {type: object, additionalProperties: {type: string}}
  ErrorResponse:
    type: object
    required: [message]
    properties:
      message: {type: string}
"""


def test_a_create_under_its_collection_makes_a_record_listed_and_read_back(tmp_path):
    (tmp_path / "volumes.yaml").write_text(VOLUMES)
    client = user_spec_client(tmp_path)
    made = client.post("/volumes/create", json={"Name": "data1", "Labels": {"app": "demo"}})
    assert made.status_code == 201 and made.json()["Name"] == "data1"
    read = client.get("/volumes/data1")
    assert read.status_code == 200 and read.json() == made.json()
    assert made.json() in client.get("/volumes").json()["Volumes"]
    assert client.app.state.server.violations_seen == 0


CONFIGS = """
swagger: "2.0"
info: {title: configs, version: "1"}
paths:
  /configs:
    get:
      produces: [application/json]
      responses:
        200: {description: ok, schema: {type: array, items: {$ref: "#/definitions/Config"}}}
  /configs/create:
    post:
      consumes: [application/json]
      produces: [application/json]
      parameters: [{name: body, in: body, required: true, schema: {type: object, properties: {Name: {type: string}}}}]
      responses:
        201: {description: made, schema: {type: object, required: [Id], properties: {Id: {type: string}}}}
  /configs/{id}:
    parameters: [{name: id, in: path, required: true, type: string}]
    get:
      produces: [application/json]
      responses:
        200: {description: ok, schema: {$ref: "#/definitions/Config"}}
        404: {description: none}
    delete:
      responses:
        204: {description: gone}
        404: {description: none}
definitions:
  Config: {type: object, properties: {ID: {type: string}, Name: {type: string}}}
"""


def test_a_create_answering_the_id_in_its_own_spelling_keeps_the_collection_stateful(tmp_path):
    # Docker's configs are keyed `ID` and `POST /configs/create` answers `{"Id": …}`: the create was joined to the
    # collection, then the whole resource dropped ("holds neither the record nor its id"), so a deleted config read 200
    (tmp_path / "configs.yaml").write_text(CONFIGS)
    client = user_spec_client(tmp_path)
    made = client.post("/configs/create", json={"Name": "app.conf"})
    assert made.status_code == 201
    config_id = made.json()["Id"]
    assert client.get(f"/configs/{config_id}").json()["Name"] == "app.conf"
    assert client.delete(f"/configs/{config_id}").status_code == 204
    assert client.get(f"/configs/{config_id}").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_a_create_under_the_collection_that_says_nothing_of_what_it_made_leaves_the_rest_stateful(tmp_path):
    # joined to `/configs`, a create answering `{ok: true}` made the whole resource fail to infer: its seeded
    # records, deleted, still read 200
    spec = CONFIGS.replace(
        "{type: object, required: [Id], properties: {Id: {type: string}}}",
        "{type: object, properties: {ok: {type: boolean}}}",
    )
    (tmp_path / "configs.yaml").write_text(spec)
    client = user_spec_client(tmp_path)
    listed = client.get("/configs").json()
    config_id = listed[0]["ID"]
    assert client.delete(f"/configs/{config_id}").status_code == 204
    assert client.get(f"/configs/{config_id}").status_code == 404


FACTORS = """
openapi: 3.0.3
info: {title: factors, version: "1"}
paths:
  /auth/factors/enroll:
    post:
      operationId: enrollFactor
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [type], properties: {type: {type: string, enum: [totp, sms]}}}}}
      responses:
        "201":
          description: enrolled
          content: {application/json: {schema: {$ref: "#/components/schemas/Factor"}}}
  /auth/factors/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getFactor
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Factor"}}}
        "404": {description: none}
    delete:
      operationId: deleteFactor
      responses:
        "204": {description: deleted}
        "404": {description: none}
components:
  schemas:
    Factor:
      type: object
      required: [id, type]
      properties:
        id: {type: string, readOnly: true}
        type: {type: string, enum: [totp, sms]}
        created_at: {type: string, format: date-time, readOnly: true}
"""


def test_a_create_under_a_collection_of_no_operation_of_its_own_makes_a_record_read_back(tmp_path):
    # WorkOS' `POST /auth/factors/enroll` beside `GET`/`DELETE /auth/factors/{id}`, and nothing at `/auth/factors`
    (tmp_path / "factors.yaml").write_text(FACTORS)
    client = user_spec_client(tmp_path)
    made = client.post("/auth/factors/enroll", json={"type": "sms"})
    assert made.status_code == 201, made.text
    factor = made.json()
    assert factor["type"] == "sms"
    assert client.get(f"/auth/factors/{factor['id']}").json() == factor
    assert client.delete(f"/auth/factors/{factor['id']}").status_code == 204
    assert client.get(f"/auth/factors/{factor['id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0
