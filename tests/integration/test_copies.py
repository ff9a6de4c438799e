"""A write on a record that makes another of its kind from it: a remix, a duplicate, a fork.

OpenAI's `POST /videos/{video_id}/remix` answers a new video whose `remixed_from_video_id` names the one remixed.
It was taken for an action on the video named: the answer was that video, its prompt overwritten by the remix's, and
no new video was made. A copy makes a new record, as a create sending the named record's fields (with what the body
sends instead) would, and names the record it came from where the record has a field for that.
"""

from __future__ import annotations

from pathlib import Path

from mock.spec import load_apis
from mock.spec.resources import ACTION, COPY, infer_resources
from tests.integration.conftest import served

SPEC = """
openapi: 3.1.0
info: {title: Clips, version: "1"}
paths:
  /videos:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [data]
                properties: {data: {type: array, items: {$ref: "#/components/schemas/Video"}}}
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [prompt]
              properties: {prompt: {type: string}, model: {type: string}, size: {type: string, enum: [small, large]}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Video"}}}}
  /videos/{video_id}:
    parameters: [{name: video_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Video"}}}}
        "404": {description: missing}
  /videos/{video_id}/remix:
    parameters: [{name: video_id, in: path, required: true, schema: {type: string}}]
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [prompt], properties: {prompt: {type: string}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Video"}}}}
  /videos/{video_id}/favorite:
    parameters: [{name: video_id, in: path, required: true, schema: {type: string}}]
    post:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Video"}}}}
  /docs:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Doc"}}}}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {title: {type: string}}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Doc"}}}}
  /docs/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Doc"}}}}
        "404": {description: missing}
  /docs/{id}/duplicate:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    post:
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Doc"}}}}
        "404": {description: missing}
components:
  schemas:
    Video:
      type: object
      required: [id, prompt, model, size, remixed_from_video_id, favorited]
      properties:
        id: {type: string}
        prompt: {type: string}
        model: {type: string}
        size: {type: string, enum: [small, large]}
        remixed_from_video_id: {type: [string, "null"]}
        favorited: {type: boolean}
    Doc:
      type: object
      required: [id, title]
      properties:
        id: {type: integer}
        title: {type: string}
"""


def test_a_remix_is_a_new_record_made_from_the_one_named_and_naming_it(tmp_path: Path) -> None:
    client = served(tmp_path, SPEC)
    original = client.post("/videos", json={"prompt": "a cat", "model": "sora-2", "size": "large"}).json()
    assert original["remixed_from_video_id"] is None  # made from nothing, not from a made-up video
    remix = client.post(f"/videos/{original['id']}/remix", json={"prompt": "a cat, bowing"}).json()
    assert remix["id"] != original["id"]
    assert remix["remixed_from_video_id"] == original["id"]
    # what the body sends, then what a create sent of the record it was made from
    assert (remix["prompt"], remix["model"], remix["size"]) == ("a cat, bowing", "sora-2", "large")
    assert client.get(f"/videos/{remix['id']}").json() == remix
    assert client.get(f"/videos/{original['id']}").json() == original  # the record named is left as it was
    assert [v["id"] for v in client.get("/videos").json()["data"]].count(remix["id"]) == 1
    # an action on it is still one: the same video, its flag set
    favorite = client.post(f"/videos/{original['id']}/favorite").json()
    assert (favorite["id"], favorite["favorited"]) == (original["id"], True)
    assert client.app.state.server.violations_seen == 0


def test_a_copy_by_its_word_takes_a_new_id_and_of_an_unknown_record_is_missing_where_the_api_says_so(
    tmp_path: Path,
) -> None:
    client = served(tmp_path, SPEC)
    doc = client.post("/docs", json={"title": "Plan"}).json()
    copied = client.post(f"/docs/{doc['id']}/duplicate")
    assert copied.status_code == 201
    assert copied.json()["id"] != doc["id"] and copied.json()["title"] == "Plan"
    assert client.get(f"/docs/{copied.json()['id']}").json() == copied.json()
    assert client.post("/docs/987654/duplicate").status_code == 404  # the API declares a 404 for it
    # remix declares none: a video the mock never made is remixed from what the body says alone
    unknown = client.post("/videos/vid_never_made/remix", json={"prompt": "x"}).json()
    assert (unknown["remixed_from_video_id"], unknown["prompt"]) == ("vid_never_made", "x")
    assert client.get(f"/videos/{unknown['id']}").status_code == 200
    assert client.app.state.server.violations_seen == 0


def test_copies_are_told_from_actions_by_the_inference(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    resources = {r.name: r for r in infer_resources(load_apis(tmp_path)["spec"])}
    videos, docs = resources["videos"], resources["docs"]
    operation_ids = {op.path: op.operation_id for op in load_apis(tmp_path)["spec"].operations if op.method == "POST"}
    remix, favorite = operation_ids["/videos/{video_id}/remix"], operation_ids["/videos/{video_id}/favorite"]
    assert videos.operations[COPY] == (remix,) and videos.operations[ACTION] == (favorite,)
    assert videos.copies[remix].source_field == "remixed_from_video_id"
    assert set(videos.copies[remix].fields) == {"prompt", "model", "size"}
    assert docs.operations[COPY] == (operation_ids["/docs/{id}/duplicate"],)
    assert docs.copies[operation_ids["/docs/{id}/duplicate"]].source_field is None  # `{id}` names no source field


def test_a_copy_at_a_path_key_fixing_a_query_copies_as_its_plain_twin_does(tmp_path: Path) -> None:
    # `POST /videos/{video_id}/duplicate?beta=true` is the copy its plain path is: its last word was read with the
    # query (`duplicate?beta=true`), no word of a copy, and it was taken for an action on the video it names
    added = """  /videos/{video_id}/duplicate:
    parameters: [{name: video_id, in: path, required: true, schema: {type: string}}]
    post:
      operationId: duplicate
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Video"}}}}
  /videos/{video_id}/duplicate?beta=true:
    parameters: [{name: video_id, in: path, required: true, schema: {type: string}}]
    post:
      operationId: beta_duplicate
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Video"}}}}
  /docs:
"""
    (tmp_path / "spec.yaml").write_text(SPEC.replace("  /docs:\n", added, 1))
    videos = {r.name: r for r in infer_resources(load_apis(tmp_path)["spec"])}["videos"]
    remix = next(key for key in videos.operations[COPY] if "Remix" in key)
    assert videos.operations[COPY] == (remix, "duplicate", "beta_duplicate")
    assert videos.copies["beta_duplicate"] == videos.copies["duplicate"]
    assert videos.copies["beta_duplicate"].source_field is None
