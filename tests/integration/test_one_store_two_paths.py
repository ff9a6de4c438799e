"""A record reached both under its parent and at the top level is one record.

Spring PetClinic answers a pet at `/owners/{ownerId}/pets/{petId}` and at `/pets/{petId}`; many APIs list a
post's comments under the post and edit them at `/comments/{id}`. The nested collection and the top-level one
hold the same records (the same schema, the same server-given ids, a field naming the parent), so what a
client makes under the parent is read, listed, changed and deleted at either place. A nested collection of
records that name no parent (a user's groups) stays a list of links instead (test_inferred_resources).
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import served

BLOG = """
openapi: 3.0.3
info: {title: Blog, version: "1"}
paths:
  /posts:
    get:
      operationId: listPosts
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Post"}}}}
    post:
      operationId: createPost
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/NewPost"}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Post"}}}}
  /posts/{postId}:
    parameters: [{name: postId, in: path, required: true, schema: {type: integer}}]
    get:
      operationId: getPost
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Post"}}}}
        "404": {description: no such post}
    delete:
      operationId: deletePost
      responses:
        "200": {description: deleted, content: {application/json: {schema: {$ref: "#/components/schemas/Post"}}}}
        "404": {description: no such post}
  /posts/{postId}/comments:
    parameters: [{name: postId, in: path, required: true, schema: {type: integer}}]
    get:
      operationId: listPostComments
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Comment"}}}}
        "404": {description: no such post}
    post:
      operationId: createComment
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/NewComment"}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Comment"}}}}
        "404": {description: no such post}
  /posts/{postId}/comments/{commentId}:
    parameters:
      - {name: postId, in: path, required: true, schema: {type: integer}}
      - {name: commentId, in: path, required: true, schema: {type: integer}}
    get:
      operationId: getPostComment
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Comment"}}}}
        "404": {description: no such comment}
  /comments:
    get:
      operationId: listComments
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Comment"}}}}
  /comments/{commentId}:
    parameters: [{name: commentId, in: path, required: true, schema: {type: integer}}]
    get:
      operationId: getComment
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Comment"}}}}
        "404": {description: no such comment}
    patch:
      operationId: updateComment
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/NewComment"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Comment"}}}}
        "404": {description: no such comment}
    delete:
      operationId: deleteComment
      responses:
        "204": {description: deleted}
        "404": {description: no such comment}
components:
  schemas:
    NewPost:
      type: object
      required: [title]
      properties: {title: {type: string}}
    Post:
      type: object
      required: [id, title]
      properties:
        id: {type: integer, readOnly: true}
        title: {type: string}
        comments: {type: array, readOnly: true, items: {$ref: "#/components/schemas/Comment"}}
    NewComment:
      type: object
      required: [body]
      properties: {body: {type: string}}
    Comment:
      type: object
      required: [id, postId, body]
      properties:
        id: {type: integer, readOnly: true}
        postId: {type: integer, readOnly: true}
        body: {type: string}
"""


def test_a_record_made_under_its_parent_is_read_changed_and_deleted_at_the_top_level(tmp_path: Path) -> None:
    client = served(tmp_path, BLOG)
    post = client.post("/posts", json={"title": "Hello"}).json()
    made = client.post(f"/posts/{post['id']}/comments", json={"body": "first!"})
    assert made.status_code == 201
    comment = made.json()
    assert comment["postId"] == post["id"] and comment["body"] == "first!"

    assert client.get(f"/comments/{comment['id']}").json() == comment
    assert comment in client.get("/comments").json()
    assert client.get(f"/posts/{post['id']}/comments/{comment['id']}").json() == comment

    edited = client.patch(f"/comments/{comment['id']}", json={"body": "edited"})
    assert edited.status_code == 200 and edited.json()["body"] == "edited"
    assert client.get(f"/posts/{post['id']}/comments/{comment['id']}").json()["body"] == "edited"
    assert [c["body"] for c in client.get(f"/posts/{post['id']}/comments").json()] == ["edited"]

    assert client.delete(f"/comments/{comment['id']}").status_code == 204
    assert client.get(f"/posts/{post['id']}/comments/{comment['id']}").status_code == 404
    assert client.get(f"/posts/{post['id']}/comments").json() == []
    assert client.app.state.server.violations_seen == 0


def test_a_record_is_found_only_under_its_own_parent(tmp_path: Path) -> None:
    client = served(tmp_path, BLOG)
    mine, other = (client.post("/posts", json={"title": title}).json() for title in ("mine", "other"))
    comment = client.post(f"/posts/{mine['id']}/comments", json={"body": "on mine"}).json()
    assert client.get(f"/posts/{other['id']}/comments/{comment['id']}").status_code == 404
    assert comment not in client.get(f"/posts/{other['id']}/comments").json()
    assert comment in client.get(f"/posts/{mine['id']}/comments").json()


def test_records_seeded_under_a_parent_are_the_top_level_records_of_that_parent(tmp_path: Path) -> None:
    client = served(tmp_path, BLOG)
    posts = client.get("/posts").json()  # each post embeds its comments: every post's are seeded
    post = posts[0]
    under = client.get(f"/posts/{post['id']}/comments").json()
    assert under and all(c["postId"] == post["id"] for c in under) and under == post["comments"]
    assert all(client.get(f"/comments/{c['id']}").json() == c for c in under)
    # each place is seeded once: the top-level list holds what the posts showed, not five more besides
    shown = sorted(c["id"] for p in posts for c in p["comments"])
    assert sorted(c["id"] for c in client.get("/comments", params={"limit": 100}).json()) == shown


def test_a_parents_list_holds_the_top_level_records_that_name_it_and_no_seeds_besides(tmp_path: Path) -> None:
    client = served(tmp_path, BLOG)
    everything = client.get("/comments").json()
    # each seeded comment names a post there is (`postId` holds ids of `/posts`), in turn
    posts = {p["id"] for p in client.get("/posts").json()}
    assert {c["postId"] for c in everything} == posts and len(posts) > 1
    for post in posts:
        under = client.get(f"/posts/{post}/comments").json()
        assert sorted(under, key=lambda c: c["id"]) == sorted(
            (c for c in everything if c["postId"] == post), key=lambda c: c["id"]
        )


def test_a_deleted_parent_answers_its_children_as_listed_and_takes_them_with_it(tmp_path: Path) -> None:
    client = served(tmp_path, BLOG)
    post = client.get("/posts").json()[0]
    comments = client.get(f"/posts/{post['id']}/comments").json()
    assert comments
    deleted = client.delete(f"/posts/{post['id']}")
    assert deleted.status_code == 200
    assert deleted.json()["comments"] == comments  # not made up
    remaining = {c["id"] for c in client.get("/comments", params={"limit": 100}).json()}
    assert not remaining & {c["id"] for c in comments}
    assert all(client.get(f"/comments/{c['id']}").status_code == 404 for c in comments)
    assert client.app.state.server.violations_seen == 0
