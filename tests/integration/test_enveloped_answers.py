"""Answers wrapped whole in one envelope that holds their data beside what it says of it: Nextcloud's OCS answers
`{"ocs": {"meta": {"status": …}, "data": …}}` for every app (Tables, Deck, Talk). No list was found in them ("not a
collection") and no record ("no id field matches {id}"), so nothing a client made was kept."""

from __future__ import annotations

from mock.spec.loading import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served

BOARDS = """
openapi: 3.0.3
info: {title: boards, version: "1"}
paths:
  /ocs/v2.php/apps/boards/api/v1/boards:
    get:
      operationId: listBoards
      responses:
        "200":
          description: boards
          content:
            application/json:
              schema:
                type: object
                required: [ocs]
                properties:
                  ocs:
                    type: object
                    required: [meta, data]
                    properties:
                      meta: {$ref: "#/components/schemas/Meta"}
                      data: {type: array, items: {$ref: "#/components/schemas/Board"}}
    post:
      operationId: createBoard
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [title], properties: {title: {type: string}, color: {type: string}}}
      responses:
        "200": {$ref: "#/components/responses/Board"}
  /ocs/v2.php/apps/boards/api/v1/boards/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      operationId: getBoard
      responses:
        "200": {$ref: "#/components/responses/Board"}
        "404": {$ref: "#/components/responses/Error"}
    delete:
      operationId: deleteBoard
      responses:
        "200": {$ref: "#/components/responses/Board"}
        "404": {$ref: "#/components/responses/Error"}
  /ocs/v2.php/apps/boards/api/v1/alerts/{uuid}:
    get:
      operationId: getPolicy
      parameters: [{name: uuid, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: a record alone in a wrapper, no envelope
          content:
            application/json:
              schema:
                type: object
                properties:
                  policy:
                    type: object
                    properties:
                      uuid: {type: string}
                      alerts: {type: object, properties: {email: {type: string}, id: {type: string}}}
components:
  responses:
    Board:
      description: one board
      content:
        application/json:
          schema:
            type: object
            required: [ocs]
            properties:
              ocs:
                type: object
                required: [meta, data]
                properties:
                  meta: {$ref: "#/components/schemas/Meta"}
                  data: {$ref: "#/components/schemas/Board"}
    Error:
      description: refused
      content:
        application/json:
          schema:
            type: object
            properties:
              ocs:
                type: object
                properties: {meta: {$ref: "#/components/schemas/Meta"}, data: {type: object}}
  schemas:
    Meta:
      type: object
      required: [status, statuscode]
      properties: {status: {type: string}, statuscode: {type: integer}, message: {type: string}}
    Board:
      type: object
      required: [id, title]
      properties: {id: {type: integer}, title: {type: string}, color: {type: string}}
"""


def test_records_are_found_inside_the_envelope_and_a_record_alone_in_a_wrapper_is_no_envelope(tmp_path):
    (tmp_path / "boards.yaml").write_text(BOARDS)
    inference = explain_resources(load_apis(tmp_path)["boards"])
    (boards,) = inference.resources
    assert boards.items_path == "ocs.data" and boards.record_paths["getBoard"] == "ocs.data"
    assert boards.operations["create"] == ("createBoard",) and boards.operations["delete"] == ("deleteBoard",)
    # `{"policy": {…, "alerts": {…}}}` holds no data beside what it says: its `alerts` is not a record of it
    assert "getPolicy" in {o.operation_id for o in inference.left_out}


def test_a_board_made_is_read_listed_and_deleted_inside_the_envelope(tmp_path):
    client = served(tmp_path, BOARDS)
    made = client.post("/ocs/v2.php/apps/boards/api/v1/boards", json={"title": "Sprint", "color": "0082c9"})
    assert made.status_code == 200
    board = made.json()["ocs"]["data"]
    assert board["title"] == "Sprint" and board["color"] == "0082c9"
    url = f"/ocs/v2.php/apps/boards/api/v1/boards/{board['id']}"
    assert client.get(url).json()["ocs"]["data"] == board
    assert board in client.get("/ocs/v2.php/apps/boards/api/v1/boards").json()["ocs"]["data"]
    assert client.delete(url).status_code == 200
    assert client.get(url).status_code == 404
    assert client.app.state.server.violations_seen == 0
