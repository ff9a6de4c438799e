"""A collection path that makes records (`POST /api/topic`) and reads, edits and acts on them by an id in the query
or the body (`GET /api/topic?id=`, `PUT /api/topic {"topic_id": …}`, `POST /api/topic/delete`), listing them one
verb segment below (`GET /api/topic/list`), where every answer shows a *view* of the record: the record's own object
named for its noun beside what it is shown with (`{"topic_view": {"topic": {"id": …}, "author": …, "counts": …}}`),
as Lemmy's API does. Every one of these operations was left out ("not a collection", "the create answer holds
neither the record nor its id"), so a topic made was never read back, listed, edited or deleted."""

from __future__ import annotations

from mock.spec.loading import load_apis
from mock.spec.resources import explain_resources
from tests.integration.conftest import served

FORUM = """
openapi: 3.0.3
info: {title: forum, version: "1"}
paths:
  /api/topic:
    get:
      operationId: getTopic
      parameters:
        - {name: id, in: query, schema: {type: integer}}
        - {name: reply_id, in: query, schema: {type: integer}}
      responses:
        "200":
          description: one topic, with its moderators
          content:
            application/json:
              schema:
                type: object
                required: [topic_view, moderators]
                properties:
                  topic_view: {$ref: "#/components/schemas/TopicView"}
                  moderators: {type: array, items: {$ref: "#/components/schemas/Person"}}
        "400": {$ref: "#/components/responses/Error"}
    post:
      operationId: createTopic
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [title, board_id]
              properties:
                title: {type: string, minLength: 1}
                board_id: {type: integer}
                body: {type: string}
                nsfw: {type: boolean}
      responses:
        "200": {$ref: "#/components/responses/Topic"}
        "400": {$ref: "#/components/responses/Error"}
    put:
      operationId: editTopic
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [topic_id]
              properties:
                topic_id: {type: integer}
                title: {type: string, minLength: 1}
                body: {type: string}
      responses:
        "200": {$ref: "#/components/responses/Topic"}
        "400": {$ref: "#/components/responses/Error"}
  /api/topic/list:
    get:
      operationId: listTopics
      parameters:
        - {name: board_id, in: query, schema: {type: integer}}
        - {name: kind, in: query, schema: {type: string, enum: [question, discussion, all]}}
        - {name: page, in: query, schema: {type: integer, minimum: 1}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 50}}
      responses:
        "200":
          description: topics
          content:
            application/json:
              schema:
                type: object
                required: [topics]
                properties:
                  topics: {type: array, items: {$ref: "#/components/schemas/TopicView"}}
  /api/topic/delete:
    post:
      operationId: deleteTopic
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [topic_id, deleted]
              properties:
                topic_id: {type: integer}
                deleted: {type: boolean}
      responses:
        "200": {$ref: "#/components/responses/Topic"}
        "400": {$ref: "#/components/responses/Error"}
  /api/topic/lock:
    post:
      operationId: lockTopic
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [topic_id, locked]
              properties:
                topic_id: {type: integer}
                locked: {type: boolean}
      responses:
        "200": {$ref: "#/components/responses/Topic"}
        "400": {$ref: "#/components/responses/Error"}
components:
  responses:
    Topic:
      description: the topic
      content:
        application/json:
          schema:
            type: object
            required: [topic_view]
            properties:
              topic_view: {$ref: "#/components/schemas/TopicView"}
    Error:
      description: refused
      content:
        application/json:
          schema: {type: object, required: [error], properties: {error: {type: string}}}
  schemas:
    Person:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
    TopicView:
      type: object
      required: [topic, author, counts, saved]
      properties:
        topic:
          type: object
          required: [id, title, board_id, deleted, locked, nsfw, published]
          properties:
            id: {type: integer}
            title: {type: string}
            body: {type: string}
            board_id: {type: integer}
            author_id: {type: integer}
            kind: {type: string}
            deleted: {type: boolean}
            locked: {type: boolean}
            nsfw: {type: boolean}
            published: {type: string, format: date-time}
            updated: {type: string, format: date-time}
        author: {$ref: "#/components/schemas/Person"}
        counts:
          type: object
          required: [topic_id, replies, score]
          properties:
            topic_id: {type: integer}
            replies: {type: integer, minimum: 0}
            score: {type: integer}
        saved: {type: boolean}
"""


def test_a_view_of_the_record_is_keyed_by_its_own_objects_id_and_each_operation_joins_it(tmp_path):
    (tmp_path / "forum.yaml").write_text(FORUM)
    inference = explain_resources(load_apis(tmp_path)["forum"])
    (topics,) = inference.resources
    assert topics.id_field == "topic.id" and topics.items_path == "topics"
    assert dict(topics.operations) | {"count": (), "clear": ()} == {
        "list": ("listTopics",),
        "create": ("createTopic",),
        "get": ("getTopic",),
        "replace": (),
        "update": ("editTopic",),  # it requires nothing but the id: the fields it sends change, the rest stay
        "delete": (),
        "action": ("deleteTopic", "lockTopic"),  # `deleted: false` takes a delete back: a flag, not a removal
        "copy": (),
        "count": (),
        "clear": (),
    }
    assert dict(topics.record_named_by) == {
        "getTopic": "id",
        "editTopic": "topic_id",
        "deleteTopic": "topic_id",
        "lockTopic": "topic_id",
    }
    assert {o.operation_id for o in inference.left_out} == set()


def test_a_topic_made_is_read_listed_edited_flagged_and_unflagged_by_the_id_it_was_given(tmp_path):
    client = served(tmp_path, FORUM)
    made = client.post("/api/topic", json={"title": "Hello", "board_id": 3, "body": "first"})
    assert made.status_code == 200, made.text
    topic = made.json()["topic_view"]["topic"]
    # what was sent is in the record's own object, and a topic just made is not deleted or locked
    assert (topic["title"], topic["board_id"], topic["body"]) == ("Hello", 3, "first")
    assert topic["deleted"] is False and topic["locked"] is False and topic["nsfw"] is False
    view = made.json()["topic_view"]
    assert view["counts"] == {"topic_id": topic["id"], "replies": 0, "score": 0}  # none yet, and of this topic
    assert view["author"]["id"] == topic["author_id"]  # the author shown is the one the topic names
    read = client.get("/api/topic", params={"id": topic["id"]})
    assert read.status_code == 200 and read.json()["topic_view"]["topic"] == topic
    listed = client.get("/api/topic/list").json()["topics"]
    assert [view["topic"] for view in listed].count(topic) == 1

    edited = client.put("/api/topic", json={"topic_id": topic["id"], "title": "Hello again"})
    assert edited.status_code == 200
    after = edited.json()["topic_view"]["topic"]
    assert (after["id"], after["title"], after["body"], after["board_id"]) == (topic["id"], "Hello again", "first", 3)
    assert client.get("/api/topic", params={"id": topic["id"]}).json()["topic_view"]["topic"]["title"] == "Hello again"

    for flag, path in (("deleted", "/api/topic/delete"), ("locked", "/api/topic/lock")):
        on = client.post(path, json={"topic_id": topic["id"], flag: True})
        assert on.status_code == 200 and on.json()["topic_view"]["topic"][flag] is True
        assert client.get("/api/topic", params={"id": topic["id"]}).json()["topic_view"]["topic"][flag] is True
        off = client.post(path, json={"topic_id": topic["id"], flag: False})
        assert off.json()["topic_view"]["topic"][flag] is False
        assert client.get("/api/topic", params={"id": topic["id"]}).json()["topic_view"]["topic"][flag] is False
    assert client.app.state.server.violations_seen == 0


def test_each_view_listed_shows_the_records_its_own_object_names(tmp_path):
    client = served(tmp_path, FORUM)
    listed = client.get("/api/topic/list").json()["topics"]
    assert len(listed) >= 3
    for view in listed:
        assert view["author"]["id"] == view["topic"]["author_id"]
        assert view["counts"]["topic_id"] == view["topic"]["id"]
    assert client.app.state.server.violations_seen == 0


def test_a_list_filters_by_a_field_of_the_views_own_object(tmp_path):
    client = served(tmp_path, FORUM)
    on_seven = [
        client.post("/api/topic", json={"title": f"On seven {n}", "board_id": 7}).json()["topic_view"]["topic"]
        for n in range(2)
    ]
    client.post("/api/topic", json={"title": "Elsewhere", "board_id": 8})
    listed = client.get("/api/topic/list", params={"board_id": 7, "limit": 50}).json()["topics"]
    assert {view["topic"]["id"] for view in listed} >= {topic["id"] for topic in on_seven}
    assert listed and all(view["topic"]["board_id"] == 7 for view in listed)
    # a topic made holds one of the kinds the list offers to filter by, so that filter finds it
    assert all(topic["kind"] == "question" for topic in on_seven)
    questions = client.get("/api/topic/list", params={"board_id": 7, "kind": "question"}).json()["topics"]
    assert {view["topic"]["id"] for view in questions} >= {topic["id"] for topic in on_seven}
    assert client.get("/api/topic/list", params={"board_id": 7, "kind": "all"}).json()["topics"] == listed
    assert client.app.state.server.violations_seen == 0


def test_an_edit_of_one_topic_leaves_another_as_it_was(tmp_path):
    client = served(tmp_path, FORUM)
    mine = client.post("/api/topic", json={"title": "Mine", "board_id": 1}).json()["topic_view"]["topic"]
    other = client.post("/api/topic", json={"title": "Second", "board_id": 1}).json()["topic_view"]["topic"]
    assert mine["id"] != other["id"]
    assert client.get("/api/topic", params={"id": other["id"]}).json()["topic_view"]["topic"]["title"] == "Second"
    client.put("/api/topic", json={"topic_id": other["id"], "body": "changed"})
    assert client.get("/api/topic", params={"id": mine["id"]}).json()["topic_view"]["topic"].get("body") != "changed"
    assert client.app.state.server.violations_seen == 0


VIDEOS = """
openapi: 3.0.3
info: {title: studio, version: "1"}
paths:
  /videos:
    get:
      operationId: listVideos
      responses:
        "200":
          description: videos
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Video"}}}}
    post:
      operationId: createVideo
      requestBody: {$ref: "#/components/requestBodies/Prompt"}
      responses:
        "200": {$ref: "#/components/responses/Video"}
  /videos/{video_id}:
    get:
      operationId: getVideo
      parameters: [{name: video_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {$ref: "#/components/responses/Video"}
  /videos/edits:
    post:
      operationId: editVideo
      requestBody: {$ref: "#/components/requestBodies/Prompt"}
      responses:
        "200": {$ref: "#/components/responses/Video"}
  /shelves/{shelf}/labels:
    post:
      operationId: addLabel
      parameters: [{name: shelf, in: path, required: true, schema: {type: string}}]
      requestBody:
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "200": {$ref: "#/components/responses/Label"}
  /shelves/{shelf}/labels/replace:
    post:
      operationId: replaceLabel
      parameters: [{name: shelf, in: path, required: true, schema: {type: string}}]
      requestBody:
        content: {application/json: {schema: {type: object, properties: {from: {type: string}, to: {type: string}}}}}
      responses:
        "200": {$ref: "#/components/responses/Label"}
components:
  requestBodies:
    Prompt:
      content:
        application/json:
          schema: {type: object, properties: {video_id: {type: string}, prompt: {type: string}, hd: {type: boolean}}}
  responses:
    Video:
      description: a video
      content: {application/json: {schema: {$ref: "#/components/schemas/Video"}}}
    Label:
      description: a label
      content: {application/json: {schema: {type: object, properties: {label: {$ref: "#/components/schemas/Label"}}}}}
  schemas:
    Video:
      type: object
      properties: {id: {type: string}, prompt: {type: string}, done: {type: boolean}}
    Label:
      type: object
      properties: {id: {type: string}, name: {type: string}}
"""


def test_a_write_below_the_collection_that_sets_no_flag_of_the_record_nor_reads_it_back_joins_nothing(tmp_path):
    (tmp_path / "studio.yaml").write_text(VIDEOS)
    inference = explain_resources(load_apis(tmp_path)["studio"])
    resources = {r.name: r for r in inference.resources}
    # `POST /videos/edits {"video_id": …}` makes another video from one, and sets none of its flags: no action on
    # it, but a create, as it answers the very schema the video's read answers
    assert "editVideo" not in resources["videos"].operations["action"]
    assert resources["videos"].operations["create"] == ("createVideo", "editVideo")
    # a label wrapped alone (`{"label": {…}}`) is not a view of one; and `…/labels/replace` names no label it could
    # read back, so the labels are an action's (nothing lists or reads them), not a collection made only to be filled
    assert set(resources) == {"videos"}
    left = {o.operation_id: o.reason for o in inference.left_out}
    assert left["addLabel"].startswith("an action")


def test_a_flag_write_below_the_collection_with_a_trailing_slash_names_its_record_in_its_body(tmp_path):
    # `/api/topic/lock/` is one segment below `/api/topic` as `/api/topic/lock` is: it names its topic by `topic_id`
    (tmp_path / "forum.yaml").write_text(FORUM.replace("  /api/topic/lock:\n", "  /api/topic/lock/:\n"))
    (topics,) = explain_resources(load_apis(tmp_path)["forum"]).resources
    assert "lockTopic" in topics.operations["action"] and topics.record_named_by["lockTopic"] == "topic_id"


EDITS = """
openapi: 3.1.0
info: {title: studio, version: "1"}
paths:
  /videos:
    get:
      operationId: listVideos
      responses:
        "200":
          description: videos
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Video"}}}}
    post:
      operationId: createVideo
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [prompt]
              properties: {prompt: {type: string}, size: {type: string, enum: [small, large]}}
      responses:
        "200": {$ref: "#/components/responses/Video"}
  /videos/{video_id}:
    get:
      operationId: getVideo
      parameters: [{name: video_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {$ref: "#/components/responses/Video"}
  /videos/edits:
    post:
      operationId: editVideo
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [video, prompt]
              properties:
                video: {type: object, required: [id], properties: {id: {type: string}}}
                prompt: {type: string}
      responses:
        "200": {$ref: "#/components/responses/Video"}
  /videos/uploads:
    post:
      operationId: uploadVideo
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [url], properties: {url: {type: string}, prompt: {type: string}}}
      responses:
        "200": {$ref: "#/components/responses/Video"}
components:
  responses:
    Video:
      description: a video
      content: {application/json: {schema: {$ref: "#/components/schemas/Video"}}}
  schemas:
    Video:
      type: object
      required: [id, prompt, size]
      properties:
        id: {type: string, readOnly: true}
        prompt: {type: string}
        size: {type: string, enum: [small, large]}
"""


def test_a_post_below_the_collection_answering_its_record_makes_one(tmp_path):
    (tmp_path / "studio.yaml").write_text(EDITS)
    (videos,) = explain_resources(load_apis(tmp_path)["studio"]).resources
    # it answers 200, not 201, but answers the very schema the video's read answers: `POST /videos/uploads` is
    # another create, `POST /videos/edits` a copy of the video its body names
    assert videos.operations["create"] == ("createVideo", "uploadVideo")
    assert videos.operations["copy"] == ("editVideo",) and videos.record_named_by["editVideo"] == "video"


def test_a_post_below_the_collection_makes_a_record_listed_and_read_back(tmp_path):
    client = served(tmp_path, EDITS)
    first = client.post("/videos", json={"prompt": "a cat", "size": "large"}).json()
    uploaded = client.post("/videos/uploads", json={"url": "https://example.com/v.mp4", "prompt": "a dog"}).json()
    edit = client.post("/videos/edits", json={"video": {"id": first["id"]}, "prompt": "a cat, in the rain"})
    assert edit.status_code == 200
    made = edit.json()
    # a new video, its prompt the one sent, its size the one of the video it was made from
    assert made["id"] not in (first["id"], uploaded["id"]) and made["prompt"] == "a cat, in the rain"
    assert made["size"] == "large"
    assert client.get(f"/videos/{made['id']}").json() == made
    assert client.get(f"/videos/{first['id']}").json() == first
    listed = {video["id"] for video in client.get("/videos").json()["data"]}
    assert listed >= {first["id"], uploaded["id"], made["id"]}
    assert client.app.state.server.violations_seen == 0


def test_a_post_below_the_collection_named_as_a_look_makes_nothing(tmp_path):
    # Stripe's `POST /v1/invoices/create_preview` answers the invoice its read answers, and keeps none
    spec = VIDEOS.replace("  /videos/edits:", "  /videos/create_preview:").replace("editVideo", "previewVideo")
    (tmp_path / "studio.yaml").write_text(spec)
    inference = explain_resources(load_apis(tmp_path)["studio"])
    (videos,) = (r for r in inference.resources if r.name == "videos")
    assert videos.operations["create"] == ("createVideo",)


def test_a_verb_below_the_collection_naming_a_record_in_its_body_acts_on_that_record(tmp_path):
    # Intercom's `POST /conversations/redact {"conversation_id": …}` (a oneOf of a part's and a source's redaction,
    # each requiring it) answers the conversation named; it was taken for a create, answering a conversation whose id
    # was the text sent
    body = (
        "{oneOf: [{type: object, required: [video_id, part_id], properties: {video_id: {type: string}, part_id:"
        " {type: string}}}, {type: object, required: [video_id, source_id], properties: {video_id: {type: string},"
        " source_id: {type: string}}}]}"
    )
    redact = f"""  /videos/redact:
    post:
      operationId: redactVideo
      requestBody:
        content:
          application/json:
            schema: {body}
      responses:
        "200": {{$ref: "#/components/responses/Video"}}
        "404": {{description: no such video}}
"""
    spec = EDITS.replace("  /videos/uploads:", redact + "  /videos/uploads:")
    (tmp_path / "explained").mkdir()
    (tmp_path / "explained" / "studio.yaml").write_text(spec)
    (videos,) = explain_resources(load_apis(tmp_path / "explained")["studio"]).resources
    assert videos.operations["action"] == ("redactVideo",) and videos.record_named_by["redactVideo"] == "video_id"
    assert videos.operations["copy"] == ("editVideo",)  # `edits`, a plural noun: what it makes
    client = served(tmp_path, spec)
    first = client.post("/videos", json={"prompt": "a cat", "size": "large"}).json()
    redacted = client.post("/videos/redact", json={"video_id": first["id"], "part_id": "p1"})
    assert redacted.status_code == 200 and redacted.json()["id"] == first["id"]
    assert client.post("/videos/redact", json={"video_id": "nope", "source_id": "s1"}).status_code == 404
    assert {video["id"] for video in client.get("/videos").json()["data"]} >= {first["id"]}
    assert client.app.state.server.violations_seen == 0


def test_a_files_bytes_name_no_record_of_the_collection(tmp_path):
    # Together's `POST /files/upload` sends the file as `file`: it was taken for a copy of the file record so named
    upload = """  /files:
    get:
      operationId: listFiles
      responses:
        "200":
          description: files
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/File"}}}}
  /files/{id}:
    get:
      operationId: getFile
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: a file, content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
  /files/upload:
    post:
      operationId: uploadFile
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, file_name]
              properties: {file: {type: string, format: binary}, file_name: {type: string}}
      responses:
        "201": {description: a file, content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
"""
    spec = EDITS.replace("paths:\n", "paths:\n" + upload, 1).replace(
        "  schemas:\n",
        "  schemas:\n    File: {type: object, required: [id], properties: {id: {type: string}, file_name: {type:"
        " string}}}\n",
    )
    (tmp_path / "studio.yaml").write_text(spec)
    files = next(r for r in explain_resources(load_apis(tmp_path)["studio"]).resources if r.name == "files")
    assert files.operations["create"] == ("uploadFile",) and not files.operations.get("copy")
