"""RPC-style APIs keep their records: each operation has a path of its own whose last segment names the collection
and what is done to it (Outline's and Slack's `POST /documents.create`, `/documents.info {"id": …}`; `/users/list`;
Twirp's `/CreateHat`), and the record is named by the id in the body or the query. Every such operation was left
out as "an action", so a document created was never listed or read back."""

from __future__ import annotations

from mock.spec import load_apis
from mock.spec.resources import ACTION, infer_resources
from tests.integration.conftest import served

DOCUMENTS = """
openapi: 3.0.0
info: {title: notes, version: "1"}
paths:
  /documents.create:
    post:
      operationId: documentsCreate
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [title]
              properties:
                title: {type: string}
                text: {type: string}
                collectionId: {type: string, format: uuid}
      responses:
        "200": {$ref: "#/components/responses/Document"}
  /documents.info:
    post:
      operationId: documentsInfo
      requestBody: {$ref: "#/components/requestBodies/Id"}
      responses:
        "200": {$ref: "#/components/responses/Document"}
        "404": {$ref: "#/components/responses/NotFound"}
  /documents.list:
    post:
      operationId: documentsList
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                offset: {type: integer, minimum: 0}
                limit: {type: integer, minimum: 1, maximum: 100}
                collectionId: {type: string, format: uuid}
      responses:
        "200":
          description: the documents
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Document"}}
                  pagination:
                    type: object
                    properties:
                      offset: {type: integer}
                      limit: {type: integer}
  /documents.update:
    post:
      operationId: documentsUpdate
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [id]
              properties:
                id: {type: string}
                title: {type: string}
                text: {type: string}
      responses:
        "200": {$ref: "#/components/responses/Document"}
        "404": {$ref: "#/components/responses/NotFound"}
  /documents.delete:
    post:
      operationId: documentsDelete
      requestBody: {$ref: "#/components/requestBodies/Id"}
      responses:
        "200":
          description: deleted
          content:
            application/json:
              schema: {type: object, properties: {success: {type: boolean}}}
        "404": {$ref: "#/components/responses/NotFound"}
components:
  requestBodies:
    Id:
      required: true
      content:
        application/json:
          schema: {type: object, required: [id], properties: {id: {type: string}}}
  responses:
    Document:
      description: a document
      content:
        application/json:
          schema: {type: object, properties: {data: {$ref: "#/components/schemas/Document"}}}
    NotFound:
      description: no such document
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
  schemas:
    Document:
      type: object
      properties:
        id: {type: string, format: uuid, readOnly: true}
        title: {type: string}
        text: {type: string}
        collectionId: {type: string, format: uuid}
        createdAt: {type: string, format: date-time, readOnly: true}
    Error:
      type: object
      properties:
        ok: {type: boolean}
        error: {type: string}
        message: {type: string}
"""


def test_dotted_verbs_make_a_collection_whose_records_are_named_in_the_body(tmp_path):
    client = served(tmp_path, DOCUMENTS)
    made = client.post("/documents.create", json={"title": "Plan", "text": "first"})
    assert made.status_code == 200
    document = made.json()["data"]
    assert document["title"] == "Plan" and document["text"] == "first"
    read = client.post("/documents.info", json={"id": document["id"]})
    assert read.status_code == 200 and read.json()["data"] == document
    listed = client.post("/documents.list", json={}).json()["data"]
    assert document in listed
    changed = client.post("/documents.update", json={"id": document["id"], "title": "Plan B"})
    assert changed.status_code == 200 and changed.json()["data"]["title"] == "Plan B"
    assert client.post("/documents.info", json={"id": document["id"]}).json()["data"]["title"] == "Plan B"
    assert client.post("/documents.delete", json={"id": document["id"]}).status_code == 200
    gone = client.post("/documents.info", json={"id": document["id"]})
    assert gone.status_code == 404 and set(gone.json()) <= {"ok", "error", "message"}
    assert document["id"] not in [d["id"] for d in client.post("/documents.list", json={}).json()["data"]]
    assert client.app.state.server.violations_seen == 0


def test_a_list_asked_in_its_body_pages_and_filters_by_the_body(tmp_path):
    client = served(tmp_path, DOCUMENTS)
    shelf = "6f1c1a52-3a3b-4c8e-9a51-0d6f7c2b9e11"
    made = [
        client.post("/documents.create", json={"title": f"Note {n}", "collectionId": shelf}).json()["data"]
        for n in range(3)
    ]
    client.post(
        "/documents.create", json={"title": "Elsewhere", "collectionId": "0e3d4c1b-2a19-4f7e-8d6c-5b4a39281706"}
    )
    on_shelf = client.post("/documents.list", json={"collectionId": shelf}).json()["data"]
    assert sorted(d["id"] for d in on_shelf) == sorted(d["id"] for d in made)
    first = client.post("/documents.list", json={"collectionId": shelf, "limit": 2}).json()
    rest = client.post("/documents.list", json={"collectionId": shelf, "limit": 2, "offset": 2}).json()
    assert len(first["data"]) == 2 and len(rest["data"]) == 1
    assert first["pagination"]["limit"] == 2 and rest["pagination"]["offset"] == 2
    assert {d["id"] for d in first["data"] + rest["data"]} == {d["id"] for d in made}
    assert client.app.state.server.violations_seen == 0


USERS = """
openapi: 3.0.3
info: {title: users, version: "1"}
paths:
  /api/users/create:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}, email: {type: string}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
  /api/users/list:
    get:
      responses:
        "200":
          description: the users
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}}
  /api/users/get:
    get:
      parameters: [{name: id, in: query, required: true, schema: {type: integer}}]
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none}
  /api/users/remove:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: integer}}}}}
      responses:
        "204": {description: gone}
        "404": {description: none}
components:
  schemas:
    User:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
        email: {type: string}
"""


def test_a_verb_segment_after_the_noun_names_the_role_and_a_query_parameter_the_record(tmp_path):
    client = served(tmp_path, USERS)
    made = client.post("/api/users/create", json={"name": "Ada", "email": "ada@example.com"})
    assert made.status_code == 201
    user = made.json()
    assert user["name"] == "Ada"
    assert client.get("/api/users/get", params={"id": user["id"]}).json() == user
    assert user in client.get("/api/users/list").json()
    assert client.post("/api/users/remove", json={"id": user["id"]}).status_code == 204
    assert client.get("/api/users/get", params={"id": user["id"]}).status_code == 404
    assert user not in client.get("/api/users/list").json()
    assert client.app.state.server.violations_seen == 0


HATS = """
openapi: 3.0.3
info: {title: haberdasher, version: "1"}
paths:
  /twirp/acme.v1.HatService/CreateHat:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {size: {type: integer}, color: {type: string}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Hat"}}}}
  /twirp/acme.v1.HatService/ListHats:
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {pageSize: {type: integer}}}}}
      responses:
        "200":
          description: the hats
          content:
            application/json:
              schema:
                type: object
                properties:
                  hats: {type: array, items: {$ref: "#/components/schemas/Hat"}}
  /twirp/acme.v1.HatService/GetHat:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
      responses:
        "200":
          description: one
          content: {application/json: {schema: {type: object, properties: {hat: {$ref: "#/components/schemas/Hat"}}}}}
        "404": {description: none}
components:
  schemas:
    Hat:
      type: object
      properties:
        id: {type: string}
        size: {type: integer}
        color: {type: string}
"""


def test_a_verb_before_the_noun_as_twirp_and_connect_name_their_methods(tmp_path):
    client = served(tmp_path, HATS)
    base = "/twirp/acme.v1.HatService"
    hat = client.post(f"{base}/CreateHat", json={"size": 7, "color": "teal"}).json()
    assert hat["size"] == 7 and hat["color"] == "teal"
    assert client.post(f"{base}/GetHat", json={"id": hat["id"]}).json()["hat"] == hat
    assert hat in client.post(f"{base}/ListHats", json={}).json()["hats"]
    assert client.post(f"{base}/GetHat", json={"id": "no-such-hat"}).status_code == 404
    assert client.app.state.server.violations_seen == 0


REMINDERS = """
openapi: 3.0.3
info: {title: chat, version: "1"}
paths:
  /reminders.add:
    post:
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, required: [text], properties: {text: {type: string}, time: {type: string}}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                properties: {ok: {type: boolean}, reminder: {$ref: "#/components/schemas/Reminder"}}
  /reminders.list:
    get:
      responses:
        "200":
          description: the reminders
          content:
            application/json:
              schema:
                type: object
                properties:
                  ok: {type: boolean}
                  reminders: {type: array, items: {$ref: "#/components/schemas/Reminder"}}
  /reminders.info:
    get:
      parameters: [{name: reminder, in: query, required: true, schema: {type: string}}]
      responses:
        "200":
          description: one
          content:
            application/json:
              schema:
                type: object
                properties: {ok: {type: boolean}, reminder: {$ref: "#/components/schemas/Reminder"}}
        "404": {description: none}
  /reminders.delete:
    post:
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, required: [reminder], properties: {reminder: {type: string}}}
      responses:
        "200":
          description: gone
          content: {application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}}
        "404": {description: none}
  /conversations.create:
    post:
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                properties: {ok: {type: boolean}, channel: {$ref: "#/components/schemas/Channel"}}
  /conversations.info:
    get:
      parameters: [{name: channel, in: query, required: true, schema: {type: string}}]
      responses:
        "200":
          description: one
          content:
            application/json:
              schema:
                type: object
                properties: {ok: {type: boolean}, channel: {$ref: "#/components/schemas/Channel"}}
        "404": {description: none}
components:
  schemas:
    Reminder:
      type: object
      properties:
        id: {type: string, pattern: "^Rm[0-9A-Z]{8}$"}
        text: {type: string}
        time: {type: string}
    Channel:
      type: object
      properties:
        id: {type: string, pattern: "^C[0-9A-Z]{8}$"}
        name: {type: string}
"""


def test_a_record_named_by_its_noun_or_its_answers_wrapper_as_slack_names_them(tmp_path):
    # Slack's `reminders.info?reminder=Rm…`, `reminders.delete reminder=Rm…`, `conversations.info?channel=C…`
    client = served(tmp_path, REMINDERS)
    reminder = client.post("/reminders.add", data={"text": "stand-up", "time": "in 5 minutes"}).json()["reminder"]
    assert reminder["text"] == "stand-up"
    assert client.get("/reminders.info", params={"reminder": reminder["id"]}).json()["reminder"] == reminder
    assert reminder in client.get("/reminders.list").json()["reminders"]
    assert client.post("/reminders.delete", data={"reminder": reminder["id"]}).status_code == 200
    assert client.get("/reminders.info", params={"reminder": reminder["id"]}).status_code == 404
    channel = client.post("/conversations.create", data={"name": "general"}).json()["channel"]
    assert channel["name"] == "general"
    assert client.get("/conversations.info", params={"channel": channel["id"]}).json()["channel"] == channel
    assert client.app.state.server.violations_seen == 0


def _document_call(name: str, body: str) -> str:
    return f"""
  /documents.{name}:
    post:
      operationId: documents{name.title()}
      requestBody:
        required: true
        content: {{application/json: {{schema: {body}}}}}
      responses:
        "200": {{$ref: "#/components/responses/Document"}}
        "404": {{$ref: "#/components/responses/NotFound"}}"""


_NAMED = "{type: object, required: [id], properties: {id: {type: string}}}"
DOCUMENT_ACTIONS = DOCUMENTS.replace(
    "components:\n",
    _document_call("archive", _NAMED)
    + _document_call("unpublish", _NAMED)
    + _document_call("restore", _NAMED)
    + _document_call("duplicate", _NAMED)
    + _document_call("ask", "{type: object, properties: {documentId: {type: string}, query: {type: string}}}")
    + "\ncomponents:\n",
    1,
).replace(
    "        createdAt: {type: string, format: date-time, readOnly: true}\n",
    "        createdAt: {type: string, format: date-time, readOnly: true}\n"
    "        archivedAt: {type: string, format: date-time, nullable: true, readOnly: true}\n"
    "        publishedAt: {type: string, format: date-time, nullable: true, readOnly: true}\n",
)


def test_a_dotted_call_under_another_word_that_answers_the_record_it_names_is_an_action_on_it(tmp_path):
    # Outline's `documents.archive {"id": …}` answered another document, and the archive was never kept
    client = served(tmp_path, DOCUMENT_ACTIONS)
    document = client.post("/documents.create", json={"title": "Plan", "text": "first"}).json()["data"]
    assert document["archivedAt"] is None
    archived = client.post("/documents.archive", json={"id": document["id"]})
    assert archived.status_code == 200
    answered = archived.json()["data"]
    assert (answered["id"], answered["title"], answered["text"]) == (document["id"], "Plan", "first")
    assert answered["archivedAt"] is not None and answered["archivedAt"] >= document["createdAt"]
    assert client.post("/documents.info", json={"id": document["id"]}).json()["data"] == answered
    # its undoing clears the moment of what it undoes
    unpublished = client.post("/documents.unpublish", json={"id": document["id"]}).json()["data"]
    assert unpublished["publishedAt"] is None and unpublished["archivedAt"] == answered["archivedAt"]
    # a restore takes back the archive (and any other end it may come back from)
    restored = client.post("/documents.restore", json={"id": document["id"]}).json()["data"]
    assert restored == {**unpublished, "archivedAt": None}
    unknown = client.post("/documents.archive", json={"id": "no-such-document"})
    assert unknown.status_code == 404 and set(unknown.json()) <= {"ok", "error", "message"}
    assert client.app.state.server.violations_seen == 0


def test_a_copy_or_a_call_that_may_name_no_record_is_no_action_on_it(tmp_path):
    (tmp_path / "notes.yaml").write_text(DOCUMENT_ACTIONS)
    (documents,) = infer_resources(load_apis(tmp_path)["notes"])
    acting = set(documents.operations[ACTION])
    assert acting == {"documentsArchive", "documentsUnpublish", "documentsRestore"}


MEMBERS = """
openapi: 3.0.3
info: {title: members, version: "1"}
paths:
  /users.list:
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {limit: {type: integer, minimum: 1}}}}}
      responses:
        "200":
          description: the users
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/User"}}}}
  /users.info:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
      responses:
        "200": {$ref: "#/components/responses/User"}
        "400": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
  /users.suspend:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: string}}}}}
      responses:
        "200": {$ref: "#/components/responses/User"}
        "404": {$ref: "#/components/responses/Error"}
components:
  responses:
    User:
      description: a user
      content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/User"}}}}}
    Error:
      description: refused
      content:
        application/json:
          schema: {type: object, properties: {ok: {type: boolean}, error: {type: string}, message: {type: string}}}
  schemas:
    User:
      type: object
      required: [id, name]
      properties:
        id: {type: string, format: uuid}
        name: {type: string}
        isSuspended: {type: boolean}
"""


def test_records_listed_and_read_one_by_one_with_no_create_are_seeded_and_kept(tmp_path):
    # Outline's users: listed by `users.list`, read by `users.info {"id"}`, but made by no call; each read was a
    # user made up afresh, and a user suspended came back as another
    client = served(tmp_path, MEMBERS)
    listed = client.post("/users.list", json={}).json()["data"]
    assert listed
    user = listed[0]
    assert client.post("/users.info", json={"id": user["id"]}).json()["data"] == user
    suspended = client.post("/users.suspend", json={"id": user["id"]}).json()["data"]
    assert suspended == {**user, "isSuspended": True}
    assert client.post("/users.list", json={}).json()["data"][0] == suspended
    unknown = client.post("/users.info", json={"id": "no-such-user"})
    assert unknown.status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_a_read_that_names_no_record_finds_none_and_says_which_field_would(tmp_path):
    # `documents.info {}` answered 404 "No document with id None exists"; its schema lets `id` out, so it is no
    # invalid request (a 400 broke the spec where none is declared)
    client = served(tmp_path, MEMBERS)
    unnamed = client.post("/users.info", json={})
    assert unnamed.status_code == 404
    assert "id" in unnamed.json()["message"] and "None" not in unnamed.json()["message"]
    assert client.app.state.server.violations_seen == 0


def test_records_read_one_by_one_that_nothing_makes_or_lists_are_answered_as_the_spec_says(tmp_path):
    # Slack's `users.list` answers its users in `members`, a list of another shape: `users.info` is no read of
    # records nothing seeded, and must not answer every user 404
    unlisted = MEMBERS.replace(
        'schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/User"}}}}',
        "schema: {type: object, properties: {data: {type: string}}}",
    )
    assert unlisted != MEMBERS
    client = served(tmp_path, unlisted)
    read = client.post("/users.info", json={"id": "U0123"})
    assert read.status_code == 200 and read.json()["data"]["name"]
    assert client.app.state.server.violations_seen == 0


SCREENINGS = """
openapi: 3.0.3
info: {title: screening, version: "1"}
paths:
  /watchlist/entity/create:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [term], properties: {term: {type: string}}}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Screening"}}}}
  /watchlist/entity/list:
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {cursor: {type: string}}}}}
      responses:
        "200":
          description: the screenings
          content:
            application/json:
              schema:
                type: object
                properties:
                  entity_screenings: {type: array, items: {$ref: "#/components/schemas/Screening"}}
                  next_cursor: {type: [string, "null"]}
  /watchlist/entity/get:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [entity_screening_id], properties: {entity_screening_id: {type: string}}}
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Screening"}}}}
        "400": {description: none}
components:
  schemas:
    Screening:
      type: object
      required: [id, term]
      properties:
        id: {type: string}
        term: {type: string}
"""


def test_a_record_named_as_its_list_names_its_records_as_plaid_names_them(tmp_path):
    # the path says `entity`, the list `entity_screenings`: a get names one by `entity_screening_id`
    client = served(tmp_path, SCREENINGS)
    made = client.post("/watchlist/entity/create", json={"term": "Acme Ltd"}).json()
    read = client.post("/watchlist/entity/get", json={"entity_screening_id": made["id"]})
    assert read.status_code == 200 and read.json() == made
    other = client.post("/watchlist/entity/create", json={"term": "Globex"}).json()
    assert client.post("/watchlist/entity/get", json={"entity_screening_id": other["id"]}).json()["term"] == "Globex"
    assert client.app.state.server.violations_seen == 0


def test_a_list_in_the_body_names_no_record():
    # Casdoor's `POST /api/delete-session {"sessionId": [string], …}` was taken for a delete naming its session by
    # `sessionId`, and the runner's link walk sent it a session's id as text, refused as no list
    from mock.spec.model import MediaType, Operation, RequestBodySpec
    from mock.spec.resources import _naming_field

    schema = {"type": "object", "properties": {"sessionId": {"type": "array", "items": {"type": "string"}}}}
    body = RequestBodySpec(True, {"application/json": MediaType("application/json", schema, {})})
    delete = Operation("t", "deleteSession", "POST", "/api/delete-session", "", (), body, {}, ())
    assert _naming_field(delete, ["session_id", "sessionId"]) is None
    schema["properties"]["sessionId"] = {"type": "string"}
    assert _naming_field(delete, ["session_id", "sessionId"]) == "sessionId"
