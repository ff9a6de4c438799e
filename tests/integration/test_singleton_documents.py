"""Singleton documents through the app: `/settings` read back as last written, a push subscription that exists
only once made and is gone once deleted, each caller's own (mock.scenario.effects.singletons)."""

from __future__ import annotations

import pytest

from tests.integration.conftest import served

SPEC = """
openapi: 3.0.3
info: {title: documents, version: "1"}
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Settings:
      type: object
      required: [theme, language]
      properties:
        theme: {type: string, enum: [light, dark]}
        language: {type: string}
        notifications: {type: boolean}
    Profile:
      type: object
      required: [profile]
      properties:
        profile:
          type: object
          required: [display_name]
          properties:
            display_name: {type: string}
            bio: {type: string}
            secret: {type: string, writeOnly: true}
    Subscription:
      type: object
      required: [id, endpoint]
      properties:
        id: {type: string}
        endpoint: {type: string}
        policy: {type: string, enum: [all, followed, none]}
    Error:
      type: object
      required: [error]
      properties: {error: {type: string}}
paths:
  /settings:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Settings"}}}}
    put:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Settings"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Settings"}}}}
    patch:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {notifications: {type: boolean}}}}}
      responses:
        "204": {description: changed}
    delete:
      responses:
        "204": {description: back to the defaults}
  /profile:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Profile"}}}}
    patch:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                profile:
                  type: object
                  properties:
                    bio: {type: string}
                    display_name: {type: string}
                    secret: {type: string, writeOnly: true}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Profile"}}}}
  /push/subscription:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Subscription"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [endpoint]
              properties: {endpoint: {type: string}, policy: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Subscription"}}}}
    put:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {policy: {type: string}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Subscription"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    delete:
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
"""

ALICE = {"Authorization": "Bearer alice"}
BOB = {"Authorization": "Bearer bob"}


@pytest.fixture
def client(tmp_path):
    return served(tmp_path, SPEC)


def test_settings_read_back_as_last_written_and_a_patch_changes_only_what_it_sent(client) -> None:
    shown = client.get("/settings", headers=ALICE).json()
    assert client.get("/settings", headers=ALICE).json() == shown  # the same document, read twice
    theme = "light" if shown["theme"] == "dark" else "dark"
    put = client.put("/settings", json={"theme": theme, "language": "fr"}, headers=ALICE)
    assert put.status_code == 200 and put.json()["theme"] == theme and put.json()["language"] == "fr"
    assert client.patch("/settings", json={"notifications": False}, headers=ALICE).status_code == 204
    after = client.get("/settings", headers=ALICE).json()
    assert after == {**put.json(), "notifications": False}
    assert client.app.state.server.violations_seen == 0


def test_each_caller_has_their_own_document(client) -> None:
    client.put("/settings", json={"theme": "dark", "language": "fr"}, headers=ALICE)
    client.put("/settings", json={"theme": "light", "language": "de"}, headers=BOB)
    assert client.get("/settings", headers=ALICE).json()["language"] == "fr"
    assert client.get("/settings", headers=BOB).json()["language"] == "de"


def test_a_wrapped_document_takes_the_wrapped_fields_and_never_says_back_a_write_only_one(client) -> None:
    before = client.get("/profile", headers=ALICE).json()
    changed = client.patch("/profile", json={"profile": {"bio": "Hello", "secret": "s3cret"}}, headers=ALICE).json()
    assert changed["profile"]["bio"] == "Hello" and "secret" not in changed["profile"]
    assert changed["profile"]["display_name"] == before["profile"]["display_name"]  # kept, not generated anew
    assert client.get("/profile", headers=ALICE).json() == changed
    assert client.app.state.server.violations_seen == 0


def test_a_subscription_exists_once_made_and_is_gone_once_deleted(client) -> None:
    missing = client.get("/push/subscription", headers=ALICE)
    assert missing.status_code == 404 and "error" in missing.json()  # in the API's own envelope
    assert client.put("/push/subscription", json={"policy": "all"}, headers=ALICE).status_code == 404
    made = client.post("/push/subscription", json={"endpoint": "https://push.example/1"}, headers=ALICE).json()
    assert made["endpoint"] == "https://push.example/1"
    assert client.get("/push/subscription", headers=ALICE).json() == made
    changed = client.put("/push/subscription", json={"policy": "none"}, headers=ALICE).json()
    assert changed == {**made, "policy": "none"}
    assert client.get("/push/subscription", headers=BOB).status_code == 404  # Alice's, not Bob's
    assert client.delete("/push/subscription", headers=ALICE).status_code == 200
    assert client.get("/push/subscription", headers=ALICE).status_code == 404
    assert client.delete("/push/subscription", headers=ALICE).status_code == 404
    again = client.post("/push/subscription", json={"endpoint": "https://push.example/2"}, headers=ALICE).json()
    assert again["endpoint"] == "https://push.example/2" and again["id"] != made["id"]
    assert client.app.state.server.violations_seen == 0


def test_a_deleted_document_whose_read_declares_no_404_is_answered_afresh(client) -> None:
    client.put("/settings", json={"theme": "dark", "language": "fr"}, headers=ALICE)
    assert client.delete("/settings", headers=ALICE).status_code == 204
    read = client.get("/settings", headers=ALICE)
    assert read.status_code == 200 and read.json()["language"] != "fr"


def test_without_the_stateful_scenarios_the_static_answers_stay(tmp_path) -> None:
    client = served(tmp_path, SPEC, stateful=False)
    assert client.get("/push/subscription", headers=ALICE).status_code == 200


UI_SETTINGS = """
openapi: 3.0.3
info: {title: Settings, version: "1"}
paths:
  /config/ui:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/UiConfig"}}}}
  /config/ui/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/UiConfig"}}}}
    put:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/UiConfig"}}}}
      responses:
        "202": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/UiConfig"}}}}
components:
  schemas:
    UiConfig:
      type: object
      properties:
        id: {type: integer}
        theme: {type: string}
        firstDayOfWeek: {type: integer}
"""


def test_a_document_written_at_its_id_below_its_path_is_read_back_at_both(tmp_path) -> None:
    """Radarr's settings: `PUT /config/ui/{id}` answered the change, and `GET /config/ui` said what it said before."""
    client = served(tmp_path, UI_SETTINGS)
    shown = client.get("/config/ui").json()
    written = client.put(f"/config/ui/{shown['id']}", json={**shown, "theme": "dark", "firstDayOfWeek": 1})
    assert written.status_code == 202 and written.json()["theme"] == "dark"
    for path in ("/config/ui", f"/config/ui/{shown['id']}"):
        read = client.get(path).json()
        assert (read["theme"], read["firstDayOfWeek"], read["id"]) == ("dark", 1, shown["id"])
    assert client.app.state.server.violations_seen == 0


GROUPS = """
openapi: 3.0.3
info: {title: groups, version: "1"}
paths:
  /groups:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Group"}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
  /groups/{groupId}:
    parameters: [{name: groupId, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    delete:
      responses:
        "204": {description: gone}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /groups/{groupId}/acl:
    parameters: [{name: groupId, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Acl"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Acl"}}}}
      responses:
        "201": {description: set}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    Group: {type: object, properties: {id: {type: string}, name: {type: string}}}
    Acl: {type: object, required: [permission], properties: {permission: {type: string}}}
    Error: {type: object, properties: {message: {type: string}}}
"""


def test_a_document_below_a_record_is_gone_with_its_record(tmp_path):
    # LakeFS' `/auth/groups/{groupId}/acl`: read back after its group was deleted, and for a group never made
    from tests.integration.conftest import user_spec_client

    (tmp_path / "groups.yaml").write_text(GROUPS)
    client = user_spec_client(tmp_path)
    group = client.post("/groups", json={"name": "admins"}).json()["id"]
    assert client.post(f"/groups/{group}/acl", json={"permission": "Admin"}).status_code == 201
    assert client.get(f"/groups/{group}/acl").json() == {"permission": "Admin"}
    assert client.get("/groups/no-such-group/acl").status_code == 404
    assert client.delete(f"/groups/{group}").status_code == 204
    gone = client.get(f"/groups/{group}/acl")
    assert gone.status_code == 404 and "message" in gone.json()
    assert client.post(f"/groups/{group}/acl", json={"permission": "Read"}).status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_an_operation_declaring_errors_alone_answers_one_and_changes_nothing(tmp_path):
    # PhotoPrism's `DELETE /services/{id}` declares 401, 403, 404, 429 and 500 alone: it answered 401, the first,
    # and deleted the record all the same, so a frontend was told to sign in again and its record was gone
    from tests.integration.conftest import user_spec_client

    spec = GROUPS.replace(
        """    delete:
      responses:
        "204": {description: gone}
""",
        """    delete:
      responses:
        "401": {description: unauthorized, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
""",
    )
    assert spec != GROUPS
    (tmp_path / "groups.yaml").write_text(spec)
    client = user_spec_client(tmp_path)
    group = client.post("/groups", json={"name": "admins"}).json()
    assert client.delete(f"/groups/{group['id']}").status_code == 401
    assert client.get(f"/groups/{group['id']}").json() == group
    assert client.app.state.server.violations_seen == 0


# Google's IAM custom methods (AIP-136), as Bytebase writes them (a GET read) and as Grafeas does (a POST read): the
# policy is sent under a field of the set's body, beside what the set alone takes (`updateMask`).
CUSTOM_METHODS = """
openapi: 3.0.3
info: {title: iam, version: "1"}
paths:
  /v1/projects/{project}:getIamPolicy:
    get:
      operationId: GetProjectPolicy
      parameters: [{in: path, name: project, required: true, schema: {type: string}}]
      responses:
        "200": {description: the policy, content: {application/json: {schema: {$ref: "#/components/schemas/Policy"}}}}
  /v1/projects/{project}:setIamPolicy:
    post:
      operationId: SetProjectPolicy
      parameters: [{in: path, name: project, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/SetPolicy"}}}
      responses:
        "200": {description: the policy, content: {application/json: {schema: {$ref: "#/components/schemas/Policy"}}}}
  /v1/notes/{note}:getIamPolicy:
    post:
      operationId: GetNotePolicy
      parameters: [{in: path, name: note, required: true, schema: {type: string}}]
      requestBody:
        content: {application/json: {schema: {type: object, properties: {options: {type: object}}}}}
      responses:
        "200": {description: the policy, content: {application/json: {schema: {$ref: "#/components/schemas/Policy"}}}}
  /v1/notes/{note}:setIamPolicy:
    post:
      operationId: SetNotePolicy
      parameters: [{in: path, name: note, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/SetPolicy"}}}
      responses:
        "200": {description: the policy, content: {application/json: {schema: {$ref: "#/components/schemas/Policy"}}}}
components:
  schemas:
    Policy:
      type: object
      properties:
        version: {type: integer}
        etag: {type: string}
        bindings:
          type: array
          items:
            type: object
            properties: {role: {type: string}, members: {type: array, items: {type: string}}}
    SetPolicy:
      type: object
      properties:
        policy:
          title: policy
          description: the policy to set, whole
          allOf: [{$ref: "#/components/schemas/Policy"}]
        updateMask: {type: string}
"""


@pytest.mark.parametrize(
    "read",
    [("GET", "/v1/projects/alpha:getIamPolicy", "/v1/projects/beta:getIamPolicy"),
     ("POST", "/v1/notes/alpha:getIamPolicy", "/v1/notes/beta:getIamPolicy")],
)  # fmt: skip
def test_a_policy_set_by_a_custom_method_is_the_one_its_get_answers(tmp_path, read) -> None:
    client = served(tmp_path, CUSTOM_METHODS)
    method, path, other = read
    before = client.request(method, path, json={} if method == "POST" else None).json()
    policy = {"etag": "BwW", "bindings": [{"role": "roles/owner", "members": ["user:ada@example.com"]}]}
    setter = path.replace(":getIamPolicy", ":setIamPolicy")
    answer = client.post(setter, json={"policy": policy, "updateMask": "bindings,etag"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["bindings"] == policy["bindings"] and answer.json()["etag"] == "BwW"
    after = client.request(method, path, json={} if method == "POST" else None).json()
    assert after["bindings"] == policy["bindings"] and after["etag"] == "BwW"
    assert after.get("version") == before.get("version")  # what the set left out is as it was
    assert client.request(method, other, json={} if method == "POST" else None).json()["bindings"] != policy["bindings"]
    assert client.app.state.server.violations_seen == 0
