"""A record's own identifiers besides its key, and its links to itself, over the whole pipeline.

GitHub's labels are keyed by `name` in the path and carry an `id`, a `node_id` and a `url` too. Records made
from the spec's examples or from a static answer used to share the example's `id` (a list of five labels held
one id four times: a frontend keying its rows by id shows one row) and their `url` named the example's label.
tests/data/specs/labels.openapi.yaml has that shape, and a topic whose `id` is its `slug` under another name.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.scenario.effects.resources import _pointed_at
from mock.scenario.engine import DEFAULT_SCENARIOS
from mock.spec import load_apis
from mock.spec.model import Api
from tests.integration.conftest import served

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "data" / "specs"
_keys = itertools.count()


@functools.cache
def _apis() -> dict[str, Api]:
    return load_apis(SPECS)


@pytest.fixture
def app() -> object:
    """An app of its own for each test: the spec has no security, so every caller shares one state, and the
    examples' records go to the first repository listed."""
    config = ServeConfig(
        specs_dir=SPECS,
        only_api="labels",
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
    )
    return create_app(config, _apis())


@pytest.fixture
def client(app: object) -> Iterator[TestClient]:
    with TestClient(app, headers={"Authorization": f"Bearer sk_identity_{next(_keys)}"}) as client:
        yield client


@pytest.fixture(autouse=True)
def no_self_check_violations(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    with caplog.at_level(logging.WARNING, logger="specmock"):
        yield
    assert [r.getMessage() for r in caplog.records if "self-check" in r.getMessage()] == []


def _labels(client: TestClient, owner: str = "octo", repo: str = "hello") -> list[dict]:
    response = client.get(f"/repos/{owner}/{repo}/labels", params={"per_page": 100})
    assert response.status_code == 200
    return response.json()


def test_seeded_and_created_records_have_ids_of_their_own(client: TestClient) -> None:
    for name in ("alpha", "beta", "gamma"):
        made = client.post("/repos/octo/hello/labels", json={"name": name})
        assert made.status_code == 201, made.text
    labels = _labels(client)
    assert len(labels) >= 8  # the seeds (two from the examples) and the three made
    for field in ("name", "id", "node_id"):
        values = [label[field] for label in labels]
        assert len(set(values)) == len(values), f"{field} repeats: {values}"
    by_name = {label["name"]: label for label in labels}
    # the examples' own records keep their ids; the others do not take them
    assert by_name["bug"]["id"] == 208045946 and by_name["enhancement"]["id"] == 208045947


def test_a_created_record_is_read_back_with_the_same_ids(client: TestClient) -> None:
    made = client.post("/repos/octo/hello/labels", json={"name": "needs review"}).json()
    read = client.get("/repos/octo/hello/labels/needs%20review")
    assert read.status_code == 200 and read.json() == made
    assert made["id"] != 208045946 and made["node_id"] != "MDU6TGFiZWwyMDgwNDU5NDY="


def test_a_records_url_names_it_and_its_parents(client: TestClient) -> None:
    labels = _labels(client, "acme", "rocket")
    for label in labels:
        assert label["url"].endswith(f"/labels/{label['name']}"), label
    by_name = {label["name"]: label for label in labels}
    # the example's `…/repos/octocat/Hello-World/labels/bug` in the repository the request names
    assert by_name["bug"]["url"] == "https://api.example.com/repos/acme/rocket/labels/bug"
    made = client.post("/repos/acme/rocket/labels", json={"name": "needs review"}).json()
    # made from the schema's example, `…/repositories/42/labels/bug`: the label's own name at the end
    assert made["url"] == "https://api.example.com/repositories/42/labels/needs%20review"
    # a link inside an object too (`links.self`, HAL's `_links.self.href`)
    assert made["links"]["self"] == "https://api.example.com/repos/acme/rocket/labels/needs%20review"


def test_a_name_the_client_chooses_is_the_parents_own(client: TestClient) -> None:
    """`needs review` in two repositories is two labels: each created (no 409), each read and listed in its own
    repository with its own ids, and deleting one leaves the other (a label's name was unique per caller)."""
    made = {}
    for repo in ("alpha", "beta"):
        response = client.post(f"/repos/octo/{repo}/labels", json={"name": "needs review", "color": repo[:1] * 6})
        assert response.status_code == 201, response.text
        made[repo] = response.json()
    assert made["alpha"]["id"] != made["beta"]["id"] and made["alpha"]["node_id"] != made["beta"]["node_id"]
    for repo in ("alpha", "beta"):
        read = client.get(f"/repos/octo/{repo}/labels/needs%20review")
        assert read.status_code == 200 and read.json() == made[repo]
        assert [label for label in _labels(client, "octo", repo) if label["name"] == "needs review"] == [made[repo]]
    assert client.get("/repos/octo/gamma/labels/needs%20review").status_code == 404
    assert client.delete("/repos/octo/alpha/labels/needs%20review").status_code == 204
    assert client.get("/repos/octo/alpha/labels/needs%20review").status_code == 404
    assert client.get("/repos/octo/beta/labels/needs%20review").json() == made["beta"]
    # a parent id with the characters the key is built of stays apart from its neighbours
    odd = client.post("/repos/o%7Cx/a%2Fb/labels", json={"name": "odd"})
    assert odd.status_code == 201, odd.text
    assert client.get("/repos/o%7Cx/a%2Fb/labels/odd").json() == odd.json()
    assert client.get("/repos/o/x%7Ca%2Fb/labels/odd").status_code == 404


def test_an_id_that_is_the_key_under_another_name_follows_the_key(client: TestClient) -> None:
    made = client.post("/topics", json={"slug": "go"}).json()
    assert made["id"] == made["slug"] == "go"
    assert client.get("/topics/go").json() == made
    for topic in client.get("/topics").json():
        assert topic["id"] == topic["slug"]


@pytest.mark.parametrize(
    ("text", "pointed"),
    [
        # the whole item path matched: every parameter filled
        ("https://h/repos/octocat/Hello-World/labels/bug", "https://h/repos/o/r/labels/a%20b"),
        # from its last matching literal on: `repositories/42` is not `repos/{owner}/{repo}`
        ("https://h/repositories/42/labels/bug", "https://h/repositories/42/labels/a%20b"),
        (
            "https://github.com/octocat/Hello-World/labels/bug?x=1#f",
            "https://github.com/octocat/Hello-World/labels/a%20b?x=1#f",
        ),
        ("/labels/bug", "/labels/a%20b"),
        # no literal of the item path before the id: left alone, as is anything not a URL or a path
        ("https://h/other/bug", "https://h/other/bug"),
        ("bug", "bug"),
        ("mailto:someone/labels/x", "mailto:someone/labels/x"),
        ("https://h/labels", "https://h/labels"),
        # a sub-resource of the record, one or two segments below it (GitHub's `*_url` fields)
        ("https://h/repos/octocat/Hello-World/labels/bug/issues", "https://h/repos/o/r/labels/a%20b/issues"),
        ("/repos/octocat/Hello-World/labels/bug/x/7", "/repos/o/r/labels/a%20b/x/7"),
        ("/repos/octocat/Hello-World/labels/bug/x/7/y", "/repos/octocat/Hello-World/labels/bug/x/7/y"),  # too far
        ("https://h/repos/octocat/Hello-World/issues/9", "https://h/repos/octocat/Hello-World/issues/9"),  # a sibling
    ],
)
def test_pointed_at_fills_the_tail_that_matches_the_item_path(text: str, pointed: str) -> None:
    values = {"owner": "o", "repo": "r", "name": "a b"}
    assert _pointed_at(text, "/repos/{owner}/{repo}/labels/{name}", values) == pointed


@pytest.mark.parametrize(
    ("text", "pointed"),
    [
        ("/2010-04-01/Accounts/AC0/Messages/SM0.json", "/2010-04-01/Accounts/AC1/Messages/SM1.json"),
        ("/2010-04-01/Accounts/AC0/Messages/SM0/Media.json", "/2010-04-01/Accounts/AC1/Messages/SM1/Media.json"),
        ("/2010-04-01/Accounts/AC0/Messages.json", "/2010-04-01/Accounts/AC0/Messages.json"),  # the collection
    ],
)
def test_pointed_at_keeps_a_format_suffix(text: str, pointed: str) -> None:
    values = {"AccountSid": "AC1", "Sid": "SM1"}
    assert _pointed_at(text, "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json", values) == pointed


TAGS = """
openapi: 3.0.3
info: {title: Tags, version: "1"}
paths:
  /tag:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Tag"}}}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Tag"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Tag"}}}}
  /tag/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer, format: int32}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Tag"}}}}
components:
  schemas:
    Tag:  # one schema in and out, the id not marked readOnly: Swashbuckle's (Radarr's) way
      type: object
      additionalProperties: false
      properties:
        id: {type: integer, format: int32}
        label: {type: string, nullable: true}
"""


def test_an_id_of_zero_in_a_create_is_a_record_not_saved_yet(tmp_path: Path) -> None:
    """Radarr's UI posts the object it looked up, `"id": 0`: the second such movie replaced the first."""
    from tests.integration.conftest import served

    client = served(tmp_path, TAGS)
    first = client.post("/tag", json={"id": 0, "label": "4k"}).json()
    second = client.post("/tag", json={"id": 0, "label": "hdr"}).json()
    assert first["id"] not in (0, second["id"]) and second["id"] != 0
    labels = {tag["id"]: tag["label"] for tag in client.get("/tag").json()}
    assert labels[first["id"]] == "4k" and labels[second["id"]] == "hdr"
    chosen = client.post("/tag", json={"id": 4242, "label": "chosen"}).json()
    assert chosen["id"] == 4242  # an id the client does choose stays its own


def test_a_whole_number_sent_as_a_float_is_stored_as_the_integer_it_is(tmp_path: Path) -> None:
    """schemathesis sent `"id": 3165.0` (an integer, to JSON Schema): the record's id came back `3165.0`, and the
    link to `GET /tag/3165.0` was a 400."""
    from tests.integration.conftest import served

    client = served(tmp_path, TAGS)
    made = client.post("/tag", content=b'{"id": 3165.0, "label": "x"}', headers={"content-type": "application/json"})
    assert made.status_code == 200
    assert b'"id":3165,' in made.content.replace(b" ", b"") and client.get("/tag/3165").json() == made.json()
    assert client.app.state.server.violations_seen == 0


MOVIES = """
openapi: 3.0.3
info: {title: Movies, version: "1"}
paths:
  /movie:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Movie"}}}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Movie"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Movie"}}}}
  /movie/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Movie"}}}}
    put:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Movie"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Movie"}}}}
components:
  schemas:
    Movie:  # one schema in and out, nothing readOnly (Swashbuckle's)
      type: object
      properties:
        id: {type: integer}
        title: {type: string}
        added: {type: string, format: date-time}
        lastModified: {type: string, format: date-time}
        queuedCount: {type: integer}
"""


def test_a_records_stamps_the_request_could_set_but_did_not_are_the_servers_now(tmp_path: Path) -> None:
    """Radarr's movie added today said `added: 2026-04-16`: one schema for request and answer, nothing readOnly."""
    import datetime as dt

    from tests.integration.conftest import served

    client = served(tmp_path, MOVIES)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    made = client.post("/movie", json={"title": "Alien"}).json()
    assert made["added"].startswith(today) and made["lastModified"].startswith(today)
    kept = client.post("/movie", json={"title": "Heat", "added": "2020-01-02T03:04:05Z"}).json()
    assert kept["added"] == "2020-01-02T03:04:05Z"  # what the client sent stays
    changed = client.put(f"/movie/{kept['id']}", json={"title": "Heat (1995)"}).json()
    assert changed["added"] == "2020-01-02T03:04:05Z" and changed["lastModified"].startswith(today)
    assert client.app.state.server.violations_seen == 0


LIBRARY = """
openapi: 3.0.3
info: {title: Library, version: "1"}
paths:
  /movie:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Movie"}}}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Movie"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Movie"}}}}
  /movie/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Movie"}}}}
  /qualityprofile:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Profile"}}}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Profile"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Profile"}}}}
  /qualityprofile/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Profile"}}}}
  /tag:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Tag"}}}}
  /tag/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Tag"}}}}
components:
  schemas:
    Movie:
      type: object
      required: [id, title, qualityProfileId, tmdbId, tags]
      properties:
        id: {type: integer}
        title: {type: string}
        qualityProfileId: {type: integer}
        tmdbId: {type: integer}
        tags: {type: array, minItems: 1, items: {type: integer}}
    Profile:
      type: object
      properties: {id: {type: integer}, name: {type: string}}
    Tag:
      type: object
      properties: {id: {type: integer}, label: {type: string}}
"""


def test_seeded_records_name_records_the_api_has(tmp_path: Path) -> None:
    """Radarr's five seeded movies all had quality profile 231 (the profiles were 1 to 5) and tags 969 and 361,
    and all shared one `tmdbId`."""
    from tests.integration.conftest import served

    client = served(tmp_path, LIBRARY)
    movies = client.get("/movie").json()
    profiles = {p["id"] for p in client.get("/qualityprofile").json()}
    tags = {t["id"] for t in client.get("/tag").json()}
    assert {m["qualityProfileId"] for m in movies} <= profiles and len({m["qualityProfileId"] for m in movies}) > 1
    assert all(m["tags"] and set(m["tags"]) <= tags for m in movies)
    assert all(client.get(f"/qualityprofile/{m['qualityProfileId']}").status_code == 200 for m in movies)
    assert len({m["tmdbId"] for m in movies}) == len(movies)  # a key outside the API: each its own
    assert client.app.state.server.violations_seen == 0


BOARD = """
openapi: 3.0.3
info: {title: Board, version: "1"}
paths:
  /posts:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Post"}}}}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [title], properties: {title: {type: string}, userId: {type: integer}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Post"}}}}
  /posts/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Post"}}}}
  /users:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}}
  /users/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
components:
  schemas:
    Post:
      type: object
      required: [id, title, userId]
      properties: {id: {type: integer}, title: {type: string}, userId: {type: integer}}
    User:
      type: object
      required: [id, name]
      properties: {id: {type: integer}, name: {type: string}}
"""


def test_a_created_record_names_records_the_api_has_where_the_client_named_none(tmp_path: Path) -> None:
    """Memos' new memo named a made-up `creator: "evidence"`, where every seeded memo names a listed user."""
    from tests.integration.conftest import served

    client = served(tmp_path, BOARD)
    users = {u["id"] for u in client.get("/users").json()}
    made = client.post("/posts", json={"title": "hello"}).json()
    assert made["userId"] in users
    assert client.get(f"/users/{made['userId']}").status_code == 200
    assert client.get(f"/posts/{made['id']}").json()["userId"] == made["userId"]
    chosen = client.post("/posts", json={"title": "mine", "userId": 7777}).json()
    assert chosen["userId"] == 7777  # what the client named, it named
    assert client.app.state.server.violations_seen == 0


APPS = """
openapi: 3.0.3
info: {title: Apps, version: "1"}
paths:
  /applications/:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Application"}}}}
    post:
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Application"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Application"}}}}
        "400":
          description: invalid
          content: {application/json: {schema: {$ref: "#/components/schemas/ValidationError"}}}
  /applications/{slug}/:
    parameters: [{name: slug, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Application"}}}}
components:
  schemas:
    Application:
      type: object
      required: [name, slug]
      properties: {pk: {type: string, readOnly: true}, name: {type: string}, slug: {type: string}}
    ValidationError:  # Django REST's, as drf-spectacular writes it
      type: object
      properties:
        non_field_errors: {type: array, items: {type: string}}
      additionalProperties: {}
"""


def test_a_create_naming_a_key_taken_is_refused_where_the_spec_declares_a_bad_request(tmp_path: Path) -> None:
    """authentik's second application with the slug `grafana` replaced the first (201 both times): Django REST
    answers 400 `{"slug": ["… already exists."]}`, and the spec declares that 400, though no 409."""
    from tests.integration.conftest import served

    client = served(tmp_path, APPS)
    assert client.post("/applications/", json={"name": "Grafana", "slug": "grafana"}).status_code == 201
    again = client.post("/applications/", json={"name": "Grafana 2", "slug": "grafana"})
    assert again.status_code == 400 and "slug" in again.json()
    assert client.get("/applications/grafana/").json()["name"] == "Grafana"
    assert client.app.state.server.violations_seen == 0


def test_a_key_taken_is_refused_with_the_422_of_a_spec_that_declares_it_beside_its_400(tmp_path: Path) -> None:
    """Firefly III (Laravel) declares 400 and 422 and refuses a tag it holds with 422, a rule broken, where 400 is
    a request it cannot read; the mock answered 400, which the contract runner took for a valid request refused."""
    from tests.integration.conftest import served

    both = APPS.replace(
        """        "400":
          description: invalid""",
        """        "422":
          description: rule broken
          content: {application/json: {schema: {$ref: "#/components/schemas/ValidationError"}}}
        "400":
          description: invalid""",
    )
    client = served(tmp_path, both)
    assert client.post("/applications/", json={"name": "Grafana", "slug": "grafana"}).status_code == 201
    again = client.post("/applications/", json={"name": "Grafana 2", "slug": "grafana"})
    assert again.status_code == 422, again.text
    assert client.app.state.server.violations_seen == 0


READ_WITH_OPTIONS = """
openapi: 3.1.0
info: {title: responses, version: "1"}
paths:
  /responses:
    get:
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Response"}}}}
  /responses/{response_id}:
    get:
      parameters:
        - {name: response_id, in: path, required: true, schema: {type: string}}
        - {name: include, in: query, schema: {type: string}}
        - {name: stream, in: query, schema: {type: boolean}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Response"}}}}
components:
  schemas:
    Response:
      type: object
      required: [id, status, model]
      properties:
        id: {type: string}
        status: {type: string, enum: [queued, in_progress, completed, failed, cancelled, incomplete]}
        model: {type: string}
"""


def test_a_made_up_record_is_one_record_whatever_the_query_asks_of_it(tmp_path: Path) -> None:
    """OpenAI's `GET /responses/0` read `completed`, then `failed` with another `include`: a record drawn from the
    query too was another record at each read of the same id. A list's page is still drawn from the page asked."""
    client = served(tmp_path, READ_WITH_OPTIONS, stateful=False)
    reads = [
        client.get("/responses/resp_1", params=params).json()
        for params in ({}, {"include": "a"}, {"include": "b"}, {"stream": "false"}, {"include": "c", "stream": "true"})
    ]
    assert all(read == reads[0] for read in reads), reads
    pages = [client.get("/responses", params={"page": page}).json() for page in range(1, 6)]
    assert len({str(page) for page in pages}) > 1


NESTED_FILES = """
openapi: 3.1.0
info: {title: stores, version: "1"}
paths:
  /stores/{store_id}/files:
    parameters: [{name: store_id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [data]
                properties: {data: {type: array, items: {$ref: "#/components/schemas/File"}}}
    post:
      requestBody: {content: {application/json: {schema: {type: object, properties: {file_id: {type: string}}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
  /stores/{store_id}/files/{file_id}:
    parameters:
      - {name: store_id, in: path, required: true, schema: {type: string}}
      - {name: file_id, in: path, required: true, schema: {type: string}}
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {attributes: {type: object}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
components:
  schemas:
    File:
      type: object
      required: [id, store_id, status, usage_bytes, attributes]
      properties:
        id: {type: string}
        store_id: {type: string}
        status: {type: string, enum: [in_progress, completed, cancelled, failed]}
        usage_bytes: {type: integer}
        attributes: {type: object}
"""


def test_a_record_the_mock_never_made_is_one_record_at_every_operation_naming_it(tmp_path: Path) -> None:
    """OpenAI's vector store file `file-abc537620` (the spec's example id, never made) was read `completed`, then a
    write of its attributes answered it `failed`, under another id and in another store: each answer was drawn from
    its own request. It is drawn from its collection and key, in the store its path names, with what a write sent."""
    client = served(tmp_path, NESTED_FILES)
    first = client.get("/stores/st_1/files/file-abc").json()
    assert (first["id"], first["store_id"]) == ("file-abc", "st_1")
    assert client.get("/stores/st_1/files/file-abc").json() == first
    written = client.post("/stores/st_1/files/file-abc", json={"attributes": {"team": "a"}}).json()
    assert written == {**first, "attributes": {"team": "a"}}
    assert client.get("/stores/st_1/files/file-other").json()["id"] == "file-other"
    assert client.app.state.server.violations_seen == 0


COMMANDS = """
openapi: 3.0.1
info: {title: commands, version: "1"}
paths:
  /command:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Command"}}}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Command"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Command"}}}}
  /command/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Command"}}}}
components:
  schemas:
    Command:
      type: object
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
        status: {type: string, enum: [queued, started, completed, failed]}
"""


def test_a_number_a_made_up_record_was_read_under_is_never_given_to_a_new_record(tmp_path: Path) -> None:
    """Prowlarr's `GET /command/182`, a command the mock never made (its read declares no 404), answered a finished
    job; a later `POST /command` made job 182 and answered it `queued`: the same job gone back to the start."""
    client = served(tmp_path, COMMANDS)
    top = max(command["id"] for command in client.get("/command").json())
    unknown = top + 180
    assert client.get(f"/command/{unknown}").json()["id"] == unknown
    made = [client.post("/command", json={"name": "RssSync"}).json()["id"] for _ in range(3)]
    assert all(number > unknown for number in made) and len(set(made)) == 3
    assert client.get(f"/command/{unknown}").json()["id"] == unknown  # still the one record it was
    assert client.app.state.server.violations_seen == 0
