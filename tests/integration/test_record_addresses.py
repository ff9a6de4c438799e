"""Records named by their address: AIP's `name: "shelves/1/books/2"`, a relative `uri: "/albums/7"`.

Memos (and every API following Google's AIPs) names each record by its path, "Format: memos/{memo}"; the mock kept
made-up person names there ("Golden Forge"), so a client that read a memo's `name` and asked for it again got a 404,
and a list's names repeated. Vimeo's records have no id at all, only a `uri`: the mock could not keep them.
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import user_spec_client

LIBRARY = (Path(__file__).resolve().parents[1] / "data" / "specs" / "addresses" / "shelves.openapi.yaml").read_text()


def test_a_record_named_by_its_address_is_found_at_it(tmp_path):
    (tmp_path / "library.yaml").write_text(LIBRARY)
    client = user_spec_client(tmp_path)
    made = client.post("/v1/shelves", json={"theme": "poetry"})
    assert made.status_code == 200
    name = made.json()["name"]
    assert name.startswith("shelves/") and name.count("/") == 1
    assert client.get(f"/v1/{name}").json() == made.json()
    # the client names the new shelf (AIP's `?shelfId=`), and its name is that address
    chosen = client.post("/v1/shelves?shelfId=fiction", json={"theme": "novels"})
    assert chosen.json()["name"] == "shelves/fiction"
    assert client.get("/v1/shelves/fiction").json()["theme"] == "novels"
    changed = client.patch("/v1/shelves/fiction", json={"name": "shelves/other", "theme": "crime"})
    assert changed.json() == {"name": "shelves/fiction", "theme": "crime"}  # the address is the record's own
    book = client.post("/v1/shelves/fiction/books", json={"title": "Dune"}).json()
    assert book["name"].startswith("shelves/fiction/books/")
    assert client.get(f"/v1/{book['name']}").json() == book
    assert client.get("/v1/shelves/fiction/books").json()["books"] == [book]
    listed = [shelf["name"] for shelf in client.get("/v1/shelves?pageSize=50").json()["shelves"]]
    assert all(n.startswith("shelves/") for n in listed) and len(set(listed)) == len(listed)
    assert "shelves/fiction" in listed and name in listed
    for listed_name in listed:  # the seeded shelves too are found at their names
        assert client.get(f"/v1/{listed_name}").status_code == 200
    assert client.delete("/v1/shelves/fiction").status_code == 200
    assert client.get("/v1/shelves/fiction").status_code == 404
    assert client.app.state.server.violations_seen == 0


USERS = """
openapi: 3.0.3
info: {title: users, version: "1"}
paths:
  /users:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
  /users/{user}:
    parameters: [{name: user, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        "404": {description: none}
  /posts:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Post"}}}}
  /posts/{post}:
    parameters: [{name: post, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Post"}}}}
components:
  schemas:
    User:
      type: object
      properties:
        name: {type: string, description: "Format: users/{user}"}
        username: {type: string}
        email: {type: string}
    Post:
      type: object
      properties:
        name: {type: string, description: "Format: posts/{post}"}
        author: {type: string, description: "The author's name. Format: users/{user}"}
        text: {type: string}
"""


def test_an_address_beside_the_key_names_the_record_by_its_key(tmp_path):
    # Memos' users are read at `/users/{user}` by their `username`; their `name` is their address all the same
    (tmp_path / "users.yaml").write_text(USERS)
    client = user_spec_client(tmp_path)
    made = client.post("/users", json={"username": "bob", "email": "bob@example.com"}).json()
    assert made["name"] == "users/bob"
    assert client.get("/users/bob").json() == made
    users = client.get("/users").json()
    assert all(user["name"] == f"users/{user['username']}" for user in users)
    # a field in another record's address format names one of those records: each post's author is a user there is
    authors = {post["author"] for post in client.get("/posts").json()}
    assert authors and authors <= {user["name"] for user in users}
    assert client.app.state.server.violations_seen == 0


ALBUMS = """
openapi: 3.0.3
info: {title: albums, version: "1"}
paths:
  /me/albums:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Album"}}}}
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Album"}}}}
  /me/albums/{album_id}:
    parameters: [{name: album_id, in: path, required: true, schema: {type: number}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Album"}}}}
        "404": {description: none}
    delete:
      responses:
        "204": {description: gone}
components:
  schemas:
    Album:
      type: object
      required: [uri, name]
      properties:
        uri: {type: string, description: "The album's URI.", example: /albums/3706071}
        name: {type: string}
        link: {type: string, example: "https://vimeo.com/album/3706071"}
"""


def test_a_record_with_no_id_but_its_uri_is_kept_by_it(tmp_path):
    (tmp_path / "albums.yaml").write_text(ALBUMS)
    client = user_spec_client(tmp_path)
    made = client.post("/me/albums", json={"name": "Holidays"})
    assert made.status_code == 201
    uri = made.json()["uri"]
    number = uri.removeprefix("/albums/")
    assert uri.startswith("/albums/") and number.isdigit()
    assert client.get(f"/me/albums/{number}").json() == made.json()
    assert made.json() in client.get("/me/albums").json()
    assert client.delete(f"/me/albums/{number}").status_code == 204
    assert client.get(f"/me/albums/{number}").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_a_key_asked_for_that_a_record_has_is_refused_where_the_spec_says_so(tmp_path):
    declared = LIBRARY.replace(
        '"200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Shelf"}}}}',
        '"200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Shelf"}}}}\n'
        '        "409": {description: taken, content: {application/json: {schema: {type: object, properties:'
        " {code: {type: integer}, message: {type: string}}}}}}",
        1,
    )
    (tmp_path / "library.yaml").write_text(declared)
    client = user_spec_client(tmp_path)
    assert client.post("/v1/shelves?shelfId=fiction", json={"theme": "novels"}).status_code == 200
    again = client.post("/v1/shelves?shelfId=fiction", json={"theme": "crime"})
    assert again.status_code == 409
    assert again.json()["message"] == "A shelf with name fiction already exists"
    assert client.get("/v1/shelves/fiction").json()["theme"] == "novels"
