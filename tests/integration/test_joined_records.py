"""A record keyed by the record it joins to another, of no id of its own: a team member `{"user": {"id": …},
"role": …}` at `/teams/{team_id}/members/{user_id}` (Discord's guild members and bans, its pins `{"message": {…}}`
at `…/pins/{message_id}`). No id field matched `{user_id}`, so every operation on members was left out, and a
member added was never listed or read back."""

from __future__ import annotations

from mock.spec.loading import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served

TEAMS = """
openapi: 3.0.3
info: {title: teams, version: "1"}
paths:
  /teams/{team_id}/members:
    parameters: [{name: team_id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: listMembers
      parameters: [{name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}]
      responses:
        "200":
          description: members
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Member"}}}}
  /teams/{team_id}/members/{user_id}:
    parameters:
      - {name: team_id, in: path, required: true, schema: {type: string}}
      - {name: user_id, in: path, required: true, schema: {type: string, pattern: "^[0-9]+$"}}
    get:
      operationId: getMember
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Member"}}}}
        "404": {$ref: "#/components/responses/NotFound"}
    put:
      operationId: addMember
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [role], properties: {role: {type: string, enum: [admin, member]}}}
      responses:
        "201": {description: added, content: {application/json: {schema: {$ref: "#/components/schemas/Member"}}}}
        "404": {$ref: "#/components/responses/NotFound"}
    delete:
      operationId: removeMember
      responses:
        "204": {description: removed}
        "404": {$ref: "#/components/responses/NotFound"}
  /widgets:
    post:
      operationId: createWidget
      requestBody:
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "201": {$ref: "#/components/responses/Widget"}
  /widgets/{widget_id}:
    get:
      operationId: getWidget
      parameters: [{name: widget_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {$ref: "#/components/responses/Widget"}
components:
  responses:
    NotFound:
      description: none
      content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
    Widget:
      description: a widget
      content:
        application/json:
          schema:
            type: object
            properties:
              widget: {type: object, properties: {id: {type: string}, name: {type: string}}}
  schemas:
    Member:
      type: object
      required: [user, role, joined_at]
      properties:
        user:
          type: object
          required: [id, username]
          properties: {id: {type: string, pattern: "^[0-9]+$"}, username: {type: string}}
        role: {type: string, enum: [admin, member]}
        joined_at: {type: string, format: date-time}
"""


def test_a_member_is_keyed_by_the_id_of_the_user_it_joins_and_a_wrapper_is_no_join(tmp_path):
    (tmp_path / "teams.yaml").write_text(TEAMS)
    resources = {r.name: r for r in explain_resources(load_apis(tmp_path)["teams"]).resources}
    members = resources["team_members"]
    assert members.id_field == "user.id" and members.id_param == "user_id"
    assert members.operations["list"] == ("listMembers",) and members.operations["get"] == ("getMember",)
    assert members.operations["delete"] == ("removeMember",)
    # `{"widget": {"id": …}}` for `{widget_id}` wraps the widget itself: keyed by its own id, found in the wrapper
    widgets = resources["widgets"]
    assert widgets.id_field == "id" and widgets.record_paths["getWidget"] == "widget"


def test_a_member_added_is_read_listed_and_removed_by_its_users_id(tmp_path):
    client = served(tmp_path, TEAMS)
    added = client.put("/teams/t1/members/4242", json={"role": "admin"})
    assert added.status_code == 201, added.text
    member = added.json()
    assert member["user"]["id"] == "4242" and member["role"] == "admin"
    assert client.get("/teams/t1/members/4242").json() == member
    assert member in client.get("/teams/t1/members", params={"limit": 100}).json()
    assert client.get("/teams/t2/members/4242").status_code == 404  # another team's members are its own
    assert client.delete("/teams/t1/members/4242").status_code == 204
    gone = client.get("/teams/t1/members/4242")
    assert gone.status_code == 404 and "4242" in gone.json()["message"]
    assert client.app.state.server.violations_seen == 0
