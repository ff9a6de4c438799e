"""Inferred CRUD over the whole pipeline (in-process ASGI, every answer self-checked against the spec).

For every resource `mock.spec.resources` infers, on the small specs in tests/data/specs and on the
bundled APIs: create -> get -> list contains it -> update -> get shows the update -> delete -> get 404.
Seeded lists are non-empty and the same across restarts under one --seed; paging walks every record
once and never returns more than the limit.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import itertools
import json
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.fake_data import fake_value
from mock.scenario.cli import resource_lines
from mock.scenario.engine import DEFAULT_SCENARIOS
from mock.spec import load_apis
from mock.spec.model import Api, Operation
from mock.spec.resources import (
    CREATE,
    DELETE,
    GET,
    LIST,
    REPLACE,
    UPDATE,
    Inference,
    Resource,
    explain_resources,
    infer_resources,
)
from tests.integration.conftest import served
from tests.spec_requests import credentials, valid_request

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "data" / "specs"
BUNDLED = ROOT / "specs"
KEY = "sk_live_inferred_tests"


@functools.cache
def _apis(specs: Path) -> dict[str, Api]:
    return load_apis(specs)


@functools.cache
def _built(specs: Path, api: str, options: tuple[tuple[str, Any], ...]) -> Any:
    settings: dict[str, Any] = {"scenarios": DEFAULT_SCENARIOS, **dict(options)}
    config = ServeConfig(specs_dir=specs, only_api=api, self_check=True, scenarios_dir=ROOT / "scenarios", **settings)
    return create_app(config, _apis(specs))


def _app(specs: Path, api: str, **config: Any) -> TestClient:
    """One app per configuration, shared by the tests: each test talks under its own API key, and the state
    is kept per key, so every test sees a freshly seeded workspace; a `seed` is a separate app (a restart)."""
    return TestClient(_built(specs, api, tuple(sorted(config.items()))))


_keys = itertools.count()


@pytest.fixture(autouse=True)
def fresh_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "KEY", f"sk_live_inferred_{next(_keys)}")


@pytest.fixture(autouse=True)
def no_self_check_violations(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    with caplog.at_level(logging.WARNING, logger="specmock"):
        yield
    violations = [r.getMessage() for r in caplog.records if "self-check" in r.getMessage()]
    assert violations == []


def _cases() -> list[tuple[Path, str, str]]:
    cases = []
    for specs in (SAMPLES, BUNDLED):
        for name, api in sorted(_apis(specs).items()):
            cases.extend((specs, name, r.name) for r in infer_resources(api))
    return cases


def _operation(api: Api, operation_id: str) -> Operation:
    return next(o for o in api.operations if o.operation_id == operation_id)


def _at(value: Any, path: str | None) -> Any:
    for part in [p for p in (path or "").split(".") if p]:
        value = value[part]
    return value


def _at_or_none(value: Any, path: str) -> Any:
    """What sits at `path`, or None where a field on the way is left out (a last page's next cursor)."""
    for part in [p for p in path.split(".") if p]:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _same(stored: Any, sent: Any) -> bool:
    """Equal, or the same value in the type the record schema wants (a number sent where the record has a string)."""
    return bool(stored == sent or str(stored) == str(sent))


def _fields(body: Any) -> dict[str, Any]:
    """A body's fields: itself, or what its one wrapper holds (`{"keeper": {...}}`)."""
    if isinstance(body, dict) and len(body) == 1 and isinstance(next(iter(body.values())), dict):
        return dict(next(iter(body.values())))
    return body if isinstance(body, dict) else {}


def sent_body(api: Api, operation: Operation, seed: int) -> Any:
    """A valid body for `operation`, as a value (a form's fields as text)."""
    request = valid_request(api, operation, seed=seed)
    if request.headers.get("content-type", "").endswith("form-urlencoded"):
        return dict(parse_qsl(request.body.decode()))
    return json.loads(request.body)


class Caller:
    def __init__(self, client: TestClient, api: Api, key: str | None = None) -> None:
        self.client, self.api, self.key = client, api, key or KEY

    def call(self, operation: Operation, path_values: dict[str, Any], body: Any = None, **query: Any) -> Any:
        path = re.sub(r"\{([^}]+)\}", lambda m: str(path_values[m.group(1)]), operation.path)
        headers = credentials(self.api, operation, self.key)
        content: bytes | None = None
        if operation.request_body is not None:
            if body is None:
                body = sent_body(self.api, operation, seed=len(path) + 3)
            media = next(iter(operation.request_body.content))
            headers["content-type"] = media
            content = urlencode(body).encode() if media.endswith("form-urlencoded") else json.dumps(body).encode()
        return self.client.request(
            operation.method, self.api.base_path + path, headers=headers, content=content, params=query
        ), body


def _walk(caller: Caller, resource: Resource, lister: Operation, path_values: dict[str, Any]) -> list[Any]:
    """Every record id, page by page with a limit of 2; each page holds at most 2."""
    return [record[resource.id_field] for record in _walk_records(caller, resource, lister, path_values)]


def _walk_records(caller: Caller, resource: Resource, lister: Operation, path_values: dict[str, Any]) -> list[Any]:
    paging = resource.paging
    ids: list[Any] = []
    walkable = paging.style != "none" and paging.limit_param
    query: dict[str, Any] = {paging.limit_param: 2} if walkable else {}
    for _ in range(200):
        response, _ = caller.call(lister, path_values, **query)
        assert response.status_code == 200, response.text
        page = _at(response.json(), resource.items_path)
        assert len(page) <= 2 or not walkable
        ids.extend(page)
        if paging.style == "link":
            match = re.search(r'<([^>]+)>; rel="next"', response.headers.get("link", ""))
            if not match:
                return ids
            query = dict(re.findall(r"([^?&=]+)=([^&]*)", match.group(1).split("?", 1)[1]))
        elif paging.style == "cursor":
            following = _at_or_none(response.json(), paging.next_field) if paging.next_field else None
            if not following:
                return ids
            query = {**query, paging.cursor_param: following}
        elif paging.style == "page" and page:
            query = {**query, paging.page_param: int(query.get(paging.page_param, 1)) + 1}
        elif paging.style == "offset" and page:
            query = {**query, paging.offset_param: int(query.get(paging.offset_param, 0)) + len(page)}
        else:
            return ids
    raise AssertionError("paging never ended")


def _parent_values(caller: Caller, resources: dict[str, Resource], resource: Resource) -> dict[str, Any]:
    """Path values for a nested collection: a seeded parent's id where the parent is a resource."""
    values: dict[str, Any] = {}
    parent = resources.get(resource.parent or "")
    for param in resource.parent_params:
        values[param] = "00000000-0000-4000-8000-000000000001"
    if parent is not None and parent.operations.get(LIST):
        listed, _ = caller.call(_operation(caller.api, parent.operations[LIST][0]), {})
        values[resource.parent_params[-1]] = _at(listed.json(), parent.items_path)[0][parent.id_field]
    return values


@pytest.mark.parametrize(("specs", "api_name", "resource_name"), _cases())
def test_lifecycle_of_every_inferred_resource(specs: Path, api_name: str, resource_name: str) -> None:
    api = _apis(specs)[api_name]
    resources = {r.name: r for r in infer_resources(api)}
    resource = resources[resource_name]
    with _app(specs, api_name) as client:
        caller = Caller(client, api)
        where = _parent_values(caller, resources, resource)
        ops = {role: [_operation(api, i) for i in ids] for role, ids in resource.operations.items()}
        if not ops[CREATE]:
            pytest.skip(f"{resource_name} has no create operation in the spec: only its seeded records are served")
        created, sent = caller.call(ops[CREATE][0], where)
        assert 200 <= created.status_code < 300, created.text
        place = resource.record_paths.get(ops[CREATE][0].operation_id)
        new_id = (
            _at(created.json(), place)[resource.id_field]
            if place is not None
            else _at(created.json(), resource.create_id_path)
        )
        item = {**where, **({resource.id_param: new_id} if resource.id_param else {})}
        record_fields = set(resource.record_schema.get("properties") or {}) - set(resource.server_fields)
        for getter in ops[GET]:
            got, _ = caller.call(getter, item)
            assert got.status_code == 200, got.text
            record = _at(got.json(), resource.record_paths.get(getter.operation_id))
            assert record[resource.id_field] == new_id
            for name in record_fields & set(_fields(sent)):
                assert _same(record[name], _fields(sent)[name]), name
        for lister in ops[LIST]:
            if lister.operation_id not in resource.other_lists:  # the others need their filter: see test_state_reads
                assert new_id in _walk(caller, resource, lister, where)
        for writer in ops[UPDATE] + ops[REPLACE]:
            query: dict[str, Any] = {}
            if writer.request_body is None:  # the fields in the query (Petstore's POST /pet/{petId}?name=…)
                query = dict(valid_request(api, writer, seed=99).query)
                written, _ = caller.call(writer, item, **query)
                change = query
            else:
                body = sent_body(api, writer, seed=99)
                if writer.path == resource.collection_path:  # `PUT /pet`: the record named in the body
                    _fields(body)[resource.id_field] = new_id
                written, body = caller.call(writer, item, body)
                change = _fields(body)
            assert written.status_code == 200, written.text
            for getter in ops[GET]:
                record = _at(caller.call(getter, item)[0].json(), resource.record_paths.get(getter.operation_id))
                changed = {k for k, v in change.items() if v is not None} - {resource.id_field}
                for name in record_fields & changed:
                    assert _same(record[name], change[name]), name
        for deleter in ops[DELETE]:
            gone, _ = caller.call(deleter, item)
            assert 200 <= gone.status_code < 300, gone.text
            for getter in ops[GET]:
                missing, _ = caller.call(getter, item)
                assert missing.status_code == 404, missing.text
            again, _ = caller.call(deleter, item)
            assert again.status_code == 404


@pytest.mark.parametrize(("specs", "api_name", "resource_name"), _cases())
def test_seeded_lists_are_full_deterministic_and_page_without_duplicates(
    specs: Path, api_name: str, resource_name: str
) -> None:
    api = _apis(specs)[api_name]
    resources = {r.name: r for r in infer_resources(api)}
    resource = resources[resource_name]
    if not resource.operations.get(LIST):
        pytest.skip(f"{resource_name} has no list operation")
    lister = _operation(api, resource.operations[LIST][0])
    walks = []
    restarted = TestClient(_built.__wrapped__(SAMPLES if specs == SAMPLES else specs, api_name, (("seed", 3),)))
    for client in (_app(specs, api_name, seed=3), restarted, _app(specs, api_name, seed=4)):
        with client:
            caller = Caller(client, api)
            where = _parent_values(caller, resources, resource)
            walks.append(_walk_records(caller, resource, lister, where))
    ids = [record[resource.id_field] for record in walks[0]]
    assert len(ids) == 5 and len(set(map(str, ids))) == 5  # every seeded record, once
    assert walks[0] == walks[1]  # a restart under the same seed: the same records
    assert walks[0] != walks[2]  # another seed: other records
    with _app(specs, api_name, seed=3) as client:  # a seeded id reads back
        caller = Caller(client, api)
        where = _parent_values(caller, resources, resource)
        for getter in resource.operations.get(GET, ()):
            got, _ = caller.call(_operation(api, getter), {**where, resource.id_param: ids[0]})
            assert got.status_code == 200, got.text


def test_seed_data_zero_starts_empty_and_unknown_ids_generate_answers_like_prism() -> None:
    api = _apis(SAMPLES)["petstore"]
    with _app(SAMPLES, "petstore", seed_data=0) as client:
        caller = Caller(client, api)
        assert caller.call(_operation(api, "listPets"), {})[0].json() == []
        assert caller.call(_operation(api, "showPetById"), {"petId": 77})[0].status_code == 404
    with _app(SAMPLES, "petstore", unknown_ids="generate") as client:
        caller = Caller(client, api)
        answer = caller.call(_operation(api, "showPetById"), {"petId": 77})[0]
        assert answer.status_code == 200 and isinstance(answer.json()["id"], int)  # generated, as the static mock does


def test_list_filters_by_equality_on_a_property() -> None:
    api = _apis(SAMPLES)["petstore"]
    with _app(SAMPLES, "petstore") as client:
        caller = Caller(client, api)
        caller.call(_operation(api, "createPet"), {}, {"name": "Fido", "tag": "sheepdog"})
        found = caller.call(_operation(api, "listPets"), {}, tag="sheepdog")[0].json()
        assert [p["name"] for p in found] == ["Fido"]


def test_patch_is_a_json_merge_patch() -> None:
    api = _apis(SAMPLES)["petstore"]
    with _app(SAMPLES, "petstore") as client:
        caller = Caller(client, api)
        pet = caller.call(_operation(api, "createPet"), {}, {"name": "Fido", "tag": "dog"})[0].json()
        patched = caller.call(_operation(api, "updatePet"), {"petId": pet["id"]}, {"tag": None})[0].json()
        assert patched == {"id": pet["id"], "name": "Fido"}
        assert caller.call(_operation(api, "showPetById"), {"petId": pet["id"]})[0].json() == patched


def test_a_missing_parent_is_a_404_in_the_apis_envelope() -> None:
    api = _apis(SAMPLES)["orgs"]
    with _app(SAMPLES, "orgs") as client:
        answer = Caller(client, api).call(_operation(api, "listRepos"), {"orgId": "no-such-org"})[0]
        assert answer.status_code == 404 and answer.json() == {"error": "No org with id no-such-org exists"}


@pytest.mark.parametrize(
    ("specs", "api_name", "resource_name"), [(SAMPLES, "zoo", "animals"), (SAMPLES, "feed", "posts")]
)
def test_lists_hand_out_the_stored_records_and_leave_them_as_they_were(
    specs: Path, api_name: str, resource_name: str
) -> None:
    # A list reads the stored records themselves, not copies (its cost is the collection's size): nothing that
    # builds the answer from them (placing, repairing, dropping write-only fields, templates) may change them.
    api = _apis(specs)[api_name]
    resource = next(r for r in infer_resources(api) if r.name == resource_name)
    client = _app(specs, api_name)
    caller = Caller(client, api)
    creator = _operation(api, resource.operations[CREATE][0])
    for seed in range(6):
        response, _ = caller.call(creator, {}, sent_body(api, creator, seed=seed))
        assert response.status_code < 300, response.text
    store = client.app.server.scenarios.store
    before = copy.deepcopy(store.snapshot("resources"))
    for _ in range(2):
        assert len(_walk_records(caller, resource, _operation(api, resource.operations[LIST][0]), {})) >= 6
    assert store.snapshot("resources") == before


NOTES = """
openapi: 3.0.3
info: {title: Notes, version: '1'}
paths:
  /notes:
    post:
      operationId: createNote
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/NoteInput'}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
        default: {$ref: '#/components/responses/Error'}
  /notes/{note_id}:
    parameters: [{name: note_id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getNote
      responses:
        '200': {description: the note, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
        default: {$ref: '#/components/responses/Error'}
    put:
      operationId: updateNote
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/NoteInput'}}}}
      responses:
        '200': {description: the note, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
        default: {$ref: '#/components/responses/Error'}
    delete:
      operationId: deleteNote
      responses:
        '204': {description: gone}
        default: {$ref: '#/components/responses/Error'}
components:
  responses:
    Error:
      description: an error
      content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
  schemas:
    NoteInput:
      type: object
      required: [text]
      properties: {text: {type: string}}
    Note:
      type: object
      required: [id, text]
      properties: {id: {type: string, readOnly: true}, text: {type: string}}
"""


def test_a_put_to_an_id_the_server_never_gave_is_a_404_and_one_the_client_chooses_makes_the_record(
    tmp_path: Path,
) -> None:
    """Box's comments: ids the server gives, a PUT declaring only `default` errors. A PUT to an id nobody was
    given made a record there, and the DELETE after it answered 204. A keeper named by the client is made."""
    (tmp_path / "notes.yaml").write_text(NOTES)
    config = ServeConfig(
        specs_dir=tmp_path, self_check=True, scenarios_dir=ROOT / "scenarios", scenarios=DEFAULT_SCENARIOS
    )
    with TestClient(create_app(config, load_apis(tmp_path)), headers={"Authorization": f"Bearer {KEY}"}) as client:
        made = client.post("/notes", json={"text": "hello"})
        assert made.status_code == 201
        assert client.put(f"/notes/{made.json()['id']}", json={"text": "hi"}).json()["text"] == "hi"
        assert client.put("/notes/never-given", json={"text": "hi"}).status_code == 404
        assert client.get("/notes/never-given").status_code == 404
        assert client.delete("/notes/never-given").status_code == 404
    api = _apis(SAMPLES)["zoo"]
    with _app(SAMPLES, "zoo") as client:
        caller = Caller(client, api)
        keeper = {"keeper": {"username": "new_keeper", "name": "New Keeper", "email": "new@zoo.example"}}
        put = caller.call(_operation(api, "replaceKeeper"), {"username": "new_keeper"}, keeper)[0]
        assert put.status_code == 200, put.text
        assert caller.call(_operation(api, "getKeeper"), {"username": "new_keeper"})[0].status_code == 200


PLAYLISTS = """
openapi: 3.0.3
info: {title: Music, version: '1'}
paths:
  /me/playlists:
    get:
      operationId: myPlaylists
      parameters: [{name: limit, in: query, schema: {type: integer, default: 20, maximum: 50}}]
      responses:
        '200':
          description: mine
          content:
            application/json:
              schema:
                type: object
                properties: {items: {type: array, items: {$ref: '#/components/schemas/PlaylistSummary'}}}
    post:
      operationId: createPlaylist
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/NewPlaylist'}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Playlist'}}}}
  /playlists/{playlist_id}:
    parameters: [{name: playlist_id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getPlaylist
      responses:
        '200': {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Playlist'}}}}
        '404': {description: none}
    put:
      operationId: renamePlaylist
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/NewPlaylist'}}}}
      responses:
        '200': {description: renamed}
        '404': {description: none}
  /albums/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getAlbum
      responses:
        '200': {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Album'}}}}
components:
  schemas:
    NewPlaylist:
      type: object
      required: [name]
      properties: {name: {type: string}}
    PlaylistSummary:
      type: object
      required: [id, name]
      properties: {id: {type: string}, name: {type: string}}
    Playlist:
      type: object
      required: [id, name, followers]
      properties: {id: {type: string}, name: {type: string}, followers: {type: integer, minimum: 0}}
    Album:
      type: object
      required: [id, title]
      properties: {id: {type: string}, title: {type: string}}
"""


def test_an_item_path_that_hangs_off_no_collection_reads_what_the_collection_made(tmp_path: Path) -> None:
    """Spotify makes playlists at `/me/playlists` and reads them at `/playlists/{playlist_id}`: the read answered a
    generated playlist with another name."""
    (tmp_path / "music.yaml").write_text(PLAYLISTS)
    api = load_apis(tmp_path)["music"]
    (playlists,) = [r for r in infer_resources(api) if r.name == "playlists"]
    assert playlists.item_path == "/playlists/{playlist_id}"
    assert playlists.operations[GET] == ("getPlaylist",) and playlists.operations[REPLACE] == ("renamePlaylist",)
    assert not [r for r in infer_resources(api) if r.item_path == "/albums/{id}"]  # not the same records
    config = ServeConfig(
        specs_dir=tmp_path, self_check=True, scenarios_dir=ROOT / "scenarios", scenarios=DEFAULT_SCENARIOS
    )
    with TestClient(create_app(config, {"music": api}), headers={"Authorization": f"Bearer {KEY}"}) as client:
        made = client.post("/me/playlists", json={"name": "Road trip"}).json()
        assert client.get(f"/playlists/{made['id']}").json() == made
        assert client.put(f"/playlists/{made['id']}", json={"name": "Road trip 2"}).status_code == 200
        assert client.get(f"/playlists/{made['id']}").json()["name"] == "Road trip 2"
        assert "Road trip 2" in [p["name"] for p in client.get("/me/playlists", params={"limit": 50}).json()["items"]]
        assert client.get("/playlists/never-made").status_code == 404


TASKS = """
openapi: 3.1.0
info: {title: Tasks, version: '1'}
paths:
  /tasks:
    get:
      operationId: listTasks
      parameters:
        - {name: page, in: query, schema: {type: integer, minimum: 1}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 50}}
        - {name: done, in: query, schema: {type: boolean}}
      responses:
        '200':
          description: a page
          headers:
            X-Total-Count: {schema: {type: integer}}
            X-Total-Pages: {schema: {type: integer}}
            X-Per-Page: {schema: {type: integer}}
            X-Page: {schema: {type: integer}}
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Task'}}}}
    post:
      operationId: createTask
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [title], properties: {title: {type: string}}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Task'}}}}
components:
  schemas:
    Task:
      type: object
      required: [id, title, done]
      properties: {id: {type: string}, title: {type: string}, done: {type: boolean}}
"""


def test_a_lists_paging_headers_count_the_records_it_pages(tmp_path: Path) -> None:
    """`X-Total-Count` was a number drawn at random (579 beside a list of 3): a frontend's pager read it."""
    client = served(tmp_path, TASKS)
    everything = client.get("/tasks", params={"per_page": 50}).json()
    for title in ("a", "b", "c"):
        client.post("/tasks", json={"title": title})
    total = len(everything) + 3
    page = client.get("/tasks", params={"per_page": 2, "page": 2})
    assert page.status_code == 200 and len(page.json()) == 2
    assert page.headers["x-total-count"] == str(total)
    assert page.headers["x-total-pages"] == str(-(-total // 2))
    assert (page.headers["x-per-page"], page.headers["x-page"]) == ("2", "2")
    done = client.get("/tasks", params={"per_page": 50, "done": "true"})
    assert done.headers["x-total-count"] == str(len(done.json()))
    assert client.app.state.server.violations_seen == 0


def test_a_static_lists_paging_headers_count_the_list_it_answers_from(tmp_path: Path) -> None:
    client = served(tmp_path, TASKS, stateful=False)
    whole = client.get("/tasks")
    assert whole.headers["x-total-count"] == str(len(whole.json())) and whole.headers["x-total-pages"] == "1"
    page = client.get("/tasks", params={"per_page": 1, "page": 2})
    assert len(page.json()) == 1 and page.headers["x-total-count"] == str(len(whole.json()))
    assert (page.headers["x-total-pages"], page.headers["x-per-page"], page.headers["x-page"]) == (
        str(len(whole.json())),
        "1",
        "2",
    )
    assert client.app.state.server.violations_seen == 0


PROJECTS = """
openapi: 3.1.0
info: {title: Projects, version: '1'}
paths:
  /projects:
    get:
      operationId: listProjects
      responses:
        '200':
          description: all
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Project'}}}}
    post:
      operationId: createProject
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Project'}}}}
  /projects/{projectId}:
    parameters: [{name: projectId, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getProject
      responses:
        '200': {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Project'}}}}
        '404': {description: none}
  /projects/{projectId}/todos:
    parameters: [{name: projectId, in: path, required: true, schema: {type: string}}]
    get:
      operationId: listTodos
      parameters: [{name: limit, in: query, schema: {type: integer, maximum: 100}}]
      responses:
        '200':
          description: all
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Todo'}}}}
        '404': {description: none}
    post:
      operationId: createTodo
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [title], properties: {title: {type: string}}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Todo'}}}}
        '404': {description: none}
  /projects/{projectId}/todos/{todoId}:
    parameters:
      - {name: projectId, in: path, required: true, schema: {type: string}}
      - {name: todoId, in: path, required: true, schema: {type: string}}
    delete:
      operationId: deleteTodo
      responses:
        '204': {description: gone}
        '404': {description: none}
components:
  schemas:
    Project:
      type: object
      required: [id, name, todoCount, todos_total]
      properties:
        id: {type: string}
        name: {type: string}
        todoCount: {type: integer, minimum: 0}
        todos_total: {type: integer, minimum: 0}
        color: {type: string}
    Todo:
      type: object
      required: [id, title]
      properties: {id: {type: string}, title: {type: string}}
"""


def test_a_parents_count_of_its_children_is_what_its_child_list_holds(tmp_path: Path) -> None:
    """A project answered `todoCount` drawn at random beside a todo list of another length; a project just made
    came with todos nobody made."""
    client = served(tmp_path, PROJECTS)
    made = client.post("/projects", json={"name": "Home"}).json()
    assert (made["todoCount"], made["todos_total"]) == (0, 0)
    assert client.get(f"/projects/{made['id']}/todos").json() == []
    todos = [client.post(f"/projects/{made['id']}/todos", json={"title": t}).json() for t in ("a", "b")]
    assert client.get(f"/projects/{made['id']}").json()["todoCount"] == 2
    assert client.delete(f"/projects/{made['id']}/todos/{todos[0]['id']}").status_code == 204
    got = client.get(f"/projects/{made['id']}").json()
    assert (got["todoCount"], got["todos_total"]) == (1, 1)
    listed = {p["id"]: p for p in client.get("/projects").json()}
    assert listed[made["id"]]["todoCount"] == 1
    seeded = next(p for p in listed.values() if p["id"] != made["id"])
    children = client.get(f"/projects/{seeded['id']}/todos", params={"limit": 100}).json()
    assert seeded["todoCount"] == len(children) > 0
    assert client.get(f"/projects/{seeded['id']}").json()["todoCount"] == len(children)
    assert client.app.state.server.violations_seen == 0


def test_a_parents_embedded_list_of_its_children_is_what_its_child_list_holds(tmp_path: Path) -> None:
    """Mastodon's filter answers its `keywords` inline beside `/filters/{id}/keywords`: a filter just made came with
    keywords nobody made, whose ids the runner then followed to a 404."""
    spec = PROJECTS.replace(
        "        color: {type: string}\n",
        "        color: {type: string}\n        todos: {type: array, items: {$ref: '#/components/schemas/Todo'}}\n",
    )
    client = served(tmp_path, spec)
    made = client.post("/projects", json={"name": "Home"}).json()
    assert made.get("todos", []) == []
    todos = [client.post(f"/projects/{made['id']}/todos", json={"title": t}).json() for t in ("a", "b")]
    got = client.get(f"/projects/{made['id']}").json()
    assert sorted(todo["id"] for todo in got["todos"]) == sorted(todo["id"] for todo in todos)
    assert client.delete(f"/projects/{made['id']}/todos/{todos[0]['id']}").status_code == 204
    assert client.get(f"/projects/{made['id']}").json()["todos"] == [todos[1]]
    seeded = next(p for p in client.get("/projects").json() if p["id"] != made["id"])
    children = client.get(f"/projects/{seeded['id']}/todos", params={"limit": 100}).json()
    assert sorted(map(str, seeded["todos"])) == sorted(map(str, children)) and children
    assert client.app.state.server.violations_seen == 0
    project = next(r for r in explain_resources(load_apis(tmp_path)["spec"]).resources if r.name == "projects")
    lines = resource_lines(Inference((project,), ()))
    assert "    embeds    todos: the project_todos records it holds" in lines
    assert "    counts    todoCount: how many project_todos records it holds" in lines


def test_a_first_list_of_parents_seeds_each_ones_children_apart(tmp_path: Path) -> None:
    """Spring PetClinic's owners embed their pets: a fresh server's first `GET /owners` seeded each owner's pets in
    one request, each seeding blind to the others', so all took the same ids and the last owner's overwrote them;
    the next list showed the other owners with none, and a pet just shown was a 404."""
    spec = (
        PROJECTS.replace(
            "        color: {type: string}\n",
            "        color: {type: string}\n        todos: {type: array, items: {$ref: '#/components/schemas/Todo'}}\n",
        )
        .replace(
            "properties: {id: {type: string}, title: {type: string}}",
            "properties: {id: {type: integer}, title: {type: string}}",
        )
        .replace(
            "    delete:\n      operationId: deleteTodo",
            "    get:\n      operationId: getTodo\n      responses:\n"
            "        '200':\n          description: it\n"
            "          content: {application/json: {schema: {$ref: '#/components/schemas/Todo'}}}\n"
            "        '404': {description: none}\n    delete:\n      operationId: deleteTodo",
        )
    )
    assert "getTodo" in spec and "id: {type: integer}" in spec
    client = served(tmp_path, spec)
    first = client.get("/projects").json()
    assert len(first) > 1 and all(project["todos"] for project in first)
    for project in first:
        children = client.get(f"/projects/{project['id']}/todos", params={"limit": 100}).json()
        assert sorted(map(str, project["todos"])) == sorted(map(str, children)), project["id"]
        for todo in project["todos"]:
            assert client.get(f"/projects/{project['id']}/todos/{todo['id']}").json() == todo
    assert client.get("/projects").json() == first
    assert client.app.state.server.violations_seen == 0


def test_an_update_that_completes_a_record_stamps_when_and_reopening_clears_it(tmp_path: Path) -> None:
    """`PATCH {completed: true}` left `completedAt` null; a todo done again kept the old moment."""
    spec = TASKS.replace(
        "properties: {id: {type: string}, title: {type: string}, done: {type: boolean}}",
        "properties:\n        id: {type: string}\n        title: {type: string}\n        done: {type: boolean}\n"
        "        done_at: {type: [string, 'null'], format: date-time}",
    ).replace(
        "components:",
        """  /tasks/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    patch:
      operationId: updateTask
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {done: {type: boolean}}}}}
      responses:
        '200': {description: changed, content: {application/json: {schema: {$ref: '#/components/schemas/Task'}}}}
        '404': {description: none}
components:""",
    )
    client = served(tmp_path, spec)
    made = client.post("/tasks", json={"title": "a"}).json()
    assert (made["done"], made["done_at"]) == (False, None)
    done = client.patch(f"/tasks/{made['id']}", json={"done": True}).json()
    assert done["done"] is True and done["done_at"].startswith(dt.datetime.now(dt.UTC).date().isoformat())
    again = client.patch(f"/tasks/{made['id']}", json={"done": False}).json()
    assert (again["done"], again["done_at"]) == (False, None)
    assert client.app.state.server.violations_seen == 0


PARENT_ID = """
openapi: 3.0.3
info: {title: roles, version: "1"}
paths:
  /clients/{id}/notes:
    parameters: [{in: path, name: id, required: true, schema: {type: string}}]
    post:
      operationId: createNote
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
    get:
      operationId: listNotes
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Note"}}}}
  /clients/{id}/roles:
    parameters: [{in: path, name: id, required: true, schema: {type: string}}]
    get:
      operationId: listRoles
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Role"}}}}
    post:
      operationId: createRole
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Role'}}}}
      responses:
        "201": {description: created}
  /clients/{id}/roles/{role-name}:
    parameters:
      - {in: path, name: id, required: true, schema: {type: string}}
      - {in: path, name: role-name, required: true, schema: {type: string}}
    get:
      operationId: getRole
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Role'}}}}
    put:
      operationId: putRole
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Role'}}}}
      responses:
        "204": {description: ok}
components:
  schemas:
    Note:
      type: object
      properties:
        id: {type: string}
        text: {type: string}
    Role:
      type: object
      properties:
        id: {type: string}
        name: {type: string}
        description: {type: string}
"""


@pytest.mark.parametrize("stateful", [True, False])
def test_a_parent_named_id_in_the_path_is_not_the_id_of_the_records_under_it(tmp_path: Path, stateful: bool) -> None:
    """Keycloak's `/clients/{id}/roles`: each note made under client `c-1` was given the id `c-1` (then `c-1-2`), and
    an update wrote the client's id into the role's."""
    client = served(tmp_path, PARENT_ID, stateful)
    notes = [client.post("/clients/c-1/notes", json={"text": text}).json() for text in ("a", "b")]
    assert not [note["id"] for note in notes if note["id"].startswith("c-1")]
    role = client.get("/clients/c-1/roles/viewer").json()
    assert role["id"] != "c-1"
    if stateful:
        assert notes[0]["id"] != notes[1]["id"]
        assert client.post("/clients/c-1/roles", json={"name": "editor"}).status_code == 201
        made = client.get("/clients/c-1/roles/editor").json()
        assert client.put("/clients/c-1/roles/editor", json={"description": "changed"}).status_code == 204
        assert client.get("/clients/c-1/roles/editor").json() == {**made, "description": "changed"}
    assert client.app.state.server.violations_seen == 0


def test_a_record_made_now_says_so_in_its_java_style_moments(tmp_path: Path) -> None:
    """A Keycloak user created just now had `createdTimestamp: 803`."""
    spec = TASKS.replace(
        "properties: {id: {type: string}, title: {type: string}, done: {type: boolean}}",
        "properties: {id: {type: string}, title: {type: string}, done: {type: boolean},"
        " createdTimestamp: {type: integer, format: int64}}",
    )
    client = served(tmp_path, spec)
    made = client.post("/tasks", json={"title": "a"}).json()
    assert abs(made["createdTimestamp"] - dt.datetime.now(dt.UTC).timestamp()) < 120
    assert client.app.state.server.violations_seen == 0


PAGE_META = """
openapi: 3.0.3
info: {title: keys, version: "1"}
paths:
  /ssh_keys:
    get:
      operationId: listKeys
      parameters:
        - {in: query, name: page, schema: {type: integer, minimum: 1, default: 1}}
        - {in: query, name: per_page, schema: {type: integer, minimum: 1, maximum: 50, default: 25}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [ssh_keys, meta]
                properties:
                  ssh_keys: {type: array, items: {$ref: "#/components/schemas/Key"}}
                  meta:
                    type: object
                    required: [pagination]
                    properties:
                      pagination:
                        type: object
                        required: [page, per_page, previous_page, next_page, last_page, total_entries]
                        properties:
                          page: {type: integer, example: 3}
                          per_page: {type: integer, example: 25}
                          previous_page: {type: integer, nullable: true, example: 2}
                          next_page: {type: integer, nullable: true, example: 4}
                          last_page: {type: integer, nullable: true, example: 4}
                          total_entries: {type: integer, nullable: true, example: 100}
    post:
      operationId: createKey
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Key"}}}}
      responses:
        "201":
          description: ok
          content:
            application/json: {schema: {type: object, properties: {ssh_key: {$ref: "#/components/schemas/Key"}}}}
components:
  schemas:
    Key:
      type: object
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
"""


def test_a_page_numbered_lists_metadata_tells_the_page_it_answers(tmp_path: Path) -> None:
    """Hetzner's `meta.pagination` (Rails' will_paginate: page, per_page, previous_page, next_page, last_page,
    total_entries) said the example's "page 3 of 4, 100 entries" on every page."""
    client = served(tmp_path, PAGE_META)
    for name in ("a", "b"):
        client.post("/ssh_keys", json={"name": name})
    total = len(client.get("/ssh_keys", params={"per_page": 50}).json()["ssh_keys"])
    assert total == 7
    third = client.get("/ssh_keys", params={"per_page": 2, "page": 3}).json()
    assert len(third["ssh_keys"]) == 2
    assert third["meta"]["pagination"] == {
        "page": 3,
        "per_page": 2,
        "previous_page": 2,
        "next_page": 4,
        "last_page": 4,
        "total_entries": 7,
    }
    last = client.get("/ssh_keys", params={"per_page": 2, "page": 4}).json()["meta"]["pagination"]
    assert (last["page"], last["previous_page"], last["next_page"], last["last_page"]) == (4, 3, None, 4)
    first = client.get("/ssh_keys").json()["meta"]["pagination"]
    assert (first["page"], first["per_page"], first["previous_page"], first["total_entries"]) == (1, 25, None, 7)
    assert client.app.state.server.violations_seen == 0


def test_a_static_page_numbered_lists_metadata_tells_the_page_it_answers(tmp_path: Path) -> None:
    client = served(tmp_path, PAGE_META, stateful=False)
    whole = client.get("/ssh_keys").json()
    total = len(whole["ssh_keys"])
    assert whole["meta"]["pagination"] == {
        "page": 1,
        "per_page": 25,
        "previous_page": None,
        "next_page": None,
        "last_page": 1,
        "total_entries": total,
    }
    second = client.get("/ssh_keys", params={"per_page": 1, "page": 2}).json()["meta"]["pagination"]
    assert (second["page"], second["per_page"], second["previous_page"], second["last_page"]) == (2, 1, 1, total)
    assert client.app.state.server.violations_seen == 0


FIRST_MAX = """
openapi: 3.0.3
info: {title: users, version: "1"}
paths:
  /users:
    get:
      operationId: listUsers
      parameters:
        - {in: query, name: first, schema: {type: integer}}
        - {in: query, name: max, schema: {type: integer}}
        - {in: query, name: username, schema: {type: string}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/User"}}}}
    post:
      operationId: createUser
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
      responses:
        "201": {description: created}
  /users/count:
    get:
      operationId: countUsers
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: integer, format: int32}}}}
  /users/{id}:
    parameters: [{in: path, name: id, required: true, schema: {type: string}}]
    get:
      operationId: getUser
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
components:
  schemas:
    User:
      type: object
      properties:
        id: {type: string}
        username: {type: string}
        createdTimestamp: {type: integer, format: int64}
"""


def test_a_list_pages_by_first_and_max_and_its_count_counts_it(tmp_path: Path) -> None:
    """Keycloak's `?first=&max=` were ignored (every user on every page), and `/users/count` said 940 of 6 users."""
    client = served(tmp_path, FIRST_MAX)
    for name in ("alice", "bob"):
        assert client.post("/users", json={"username": name}).status_code == 201
    everyone = client.get("/users", params={"max": 100}).json()
    assert len(everyone) == 7
    pages = [client.get("/users", params={"first": first, "max": 2}).json() for first in (0, 2)]
    assert [len(page) for page in pages] == [2, 2] and pages[0] + pages[1] == everyone[:4]
    assert client.get("/users/count").json() == 7
    assert client.app.state.server.violations_seen == 0


RENAMED_PARENT = """
openapi: 3.0.3
info: {title: notes, version: "1"}
paths:
  /things/{id}/notes:
    parameters: [{in: path, name: id, required: true, schema: {type: integer}}]
    get:
      operationId: listNotes
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Note"}}}}
    post:
      operationId: createNote
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
  /things/{id1}/notes/{id2}:
    parameters:
      - {in: path, name: id1, required: true, schema: {type: integer}}
      - {in: path, name: id2, required: true, schema: {type: integer}}
    get:
      operationId: getNote
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
        "404": {description: gone}
    delete:
      operationId: deleteNote
      responses:
        "204": {description: gone}
        "404": {description: gone}
components:
  schemas:
    Note:
      type: object
      properties:
        id: {type: integer, readOnly: true}
        text: {type: string}
"""


def test_an_item_path_that_names_the_parent_its_own_way_reads_the_records_under_that_parent(tmp_path: Path) -> None:
    """Keycloak's `/clients/{id}/protocol-mappers/models` and `/clients/{id1}/protocol-mappers/models/{id2}`: a
    mapper made under a client read back as another, and deleting it left it listed."""
    client = served(tmp_path, RENAMED_PARENT)
    made = client.post("/things/7/notes", json={"text": "hello"}).json()
    assert client.get(f"/things/7/notes/{made['id']}").json() == made
    assert client.get(f"/things/8/notes/{made['id']}").status_code == 404  # another thing's
    assert client.delete(f"/things/7/notes/{made['id']}").status_code == 204
    assert made["id"] not in [note["id"] for note in client.get("/things/7/notes").json()]
    assert client.get(f"/things/7/notes/{made['id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0


ALIAS_PAGING = """
openapi: 3.0.3
info: {title: actions, version: "1"}
paths:
  /actions:
    get:
      operationId: listActions
      parameters: [{in: query, name: status, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/ActionList"}}}}
  /actions/{id}:
    parameters: [{in: path, name: id, required: true, schema: {type: integer}}]
    get:
      operationId: getAction
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {type: object, properties: {action: {$ref: "#/components/schemas/Action"}}}}
        "404": {description: no}
  /servers/actions:
    get:
      operationId: listServerActions
      parameters:
        - {in: query, name: page, schema: {type: integer, minimum: 1, default: 1}}
        - {in: query, name: per_page, schema: {type: integer, minimum: 1, maximum: 50, default: 25}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/ActionList"}}}}
  /servers/actions/{id}:
    parameters: [{in: path, name: id, required: true, schema: {type: integer}}]
    get:
      operationId: getServerAction
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {type: object, properties: {action: {$ref: "#/components/schemas/Action"}}}}
        "404": {description: no}
components:
  schemas:
    ActionList:
      type: object
      properties:
        actions: {type: array, items: {$ref: "#/components/schemas/Action"}}
    Action:
      type: object
      properties:
        id: {type: integer}
        command: {type: string}
        status: {type: string}
"""


def test_each_list_of_a_resource_pages_by_its_own_parameters(tmp_path: Path) -> None:
    """Hetzner lists its actions at `/actions` (no paging) and at `/servers/actions` (`page`, `per_page`): the second
    took the first's paging, and `per_page=2` answered all five."""
    client = served(tmp_path, ALIAS_PAGING)
    pages = [client.get("/servers/actions", params={"per_page": 2, "page": n}).json()["actions"] for n in (1, 2)]
    assert [len(page) for page in pages] == [2, 2]
    assert not {a["id"] for a in pages[0]} & {a["id"] for a in pages[1]}
    assert len(client.get("/actions").json()["actions"]) == 5
    assert client.app.state.server.violations_seen == 0


def test_seeded_records_keyed_by_a_name_have_names_not_uuids(tmp_path: Path) -> None:
    """Keycloak's roles, keyed by `{role-name}`: the seeded ones were named with uuids."""
    client = served(tmp_path, PARENT_ID)
    names = [role["name"] for role in client.get("/clients/c-1/roles").json()]
    assert len(names) == len(set(names)) == 5
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) and not re.search(r"\d{4}", name) for name in names), names
    for name in names:
        assert client.get(f"/clients/c-1/roles/{name}").json()["name"] == name
    assert client.app.state.server.violations_seen == 0


MEMBERS = """
openapi: 3.0.3
info: {title: members, version: "1"}
paths:
  /groups:
    get:
      operationId: listGroups
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Group"}}}}
    post:
      operationId: createGroup
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
  /users/{id}/groups:
    parameters: [{in: path, name: id, required: true, schema: {type: string}}]
    get:
      operationId: listUserGroups
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Group"}}}}
  /users/{id}/groups/{groupId}:
    parameters:
      - {in: path, name: id, required: true, schema: {type: string}}
      - {in: path, name: groupId, required: true, schema: {type: string}}
    put:
      operationId: joinGroup
      responses:
        "204": {description: joined}
    delete:
      operationId: leaveGroup
      responses:
        "204": {description: left}
components:
  schemas:
    Group:
      type: object
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
"""


def test_a_put_without_a_body_links_an_existing_record_under_the_parent_and_a_delete_unlinks_it(
    tmp_path: Path,
) -> None:
    """Keycloak's `PUT /users/{id}/groups/{groupId}`: it answered 204 and the user's groups stayed as they were."""
    client = served(tmp_path, MEMBERS)
    group = client.post("/groups", json={"name": "eng"}).json()
    before = client.get("/users/u1/groups").json()
    assert client.put(f"/users/u1/groups/{group['id']}").status_code == 204
    after = client.get("/users/u1/groups").json()
    assert group in after and len(after) == len(before) + 1
    assert group not in client.get("/users/u2/groups").json()  # another user's
    assert client.put("/users/u1/groups/no-such-group").status_code in (204, 404)
    assert len(client.get("/users/u1/groups").json()) == len(after)  # nothing to link: nothing linked
    assert client.delete(f"/users/u1/groups/{group['id']}").status_code == 204
    assert group not in client.get("/users/u1/groups").json()
    assert group in client.get("/groups").json()  # unlinked, not deleted
    assert client.app.state.server.violations_seen == 0


ID_OR_NAME = """
openapi: 3.0.3
info: {title: zones, version: '1'}
paths:
  /zones:
    get:
      operationId: listZones
      responses:
        '200':
          description: all
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Zone'}}}}
    post:
      operationId: createZone
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Zone'}}}}
  /zones/{id_or_name}:
    parameters: [{name: id_or_name, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getZone
      responses:
        '200': {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Zone'}}}}
        '404': {description: none}
    delete:
      operationId: deleteZone
      responses:
        '204': {description: gone}
        '404': {description: none}
components:
  schemas:
    Zone:
      type: object
      required: [id, name, ttl]
      properties: {id: {type: integer}, name: {type: string}, ttl: {type: integer}}
"""


def test_an_item_path_that_takes_an_id_or_a_name_finds_the_record_by_either(tmp_path: Path) -> None:
    """Hetzner's `/zones/{id_or_name}`: by name it answered another, made-up zone."""
    client = served(tmp_path, ID_OR_NAME)
    made = client.post("/zones", json={"name": "example.com"}).json()
    assert client.get(f"/zones/{made['id']}").json() == made
    assert client.get("/zones/example.com").json() == made
    assert client.get("/zones/nowhere.example").status_code == 404
    assert client.delete("/zones/example.com").status_code == 204
    assert client.get(f"/zones/{made['id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0


@pytest.mark.parametrize("param", ["zone_id_or_name", "zoneIdOrName"])
def test_an_id_or_name_parameter_naming_its_noun_finds_the_record_by_either(tmp_path: Path, param: str) -> None:
    """Sentry's `{organization_id_or_slug}`: a record was never found by its slug (only `id_or_…` was understood)."""
    client = served(tmp_path, ID_OR_NAME.replace("id_or_name", param))
    made = client.post("/zones", json={"name": "example.com"}).json()
    assert client.get("/zones/example.com").json() == made
    assert client.get("/zones/nowhere.example").status_code == 404


@pytest.mark.parametrize(
    "description",
    [
        "The SID of the Zone resource to fetch. Can be the Zone resource's `sid` or its `name`.",  # Twilio
        "The ID or name of the zone",  # Jira's `ID or key`, GitLab's `ID or URL-encoded path`
        "The ID or URL-encoded name of the zone",
    ],
)
def test_an_item_parameter_described_as_an_id_or_a_name_finds_the_record_by_either(
    tmp_path: Path, description: str
) -> None:
    """Twilio's `{Sid}` is "the resource's `sid` or its `unique_name`": by its unique name a Sync document read back as
    another, made-up one (only a parameter *named* `id_or_name` was understood)."""
    said = json.dumps(description)
    described = f"[{{name: zoneId, in: path, required: true, description: {said}, schema: {{type: string}}}}]"
    client = served(
        tmp_path,
        ID_OR_NAME.replace("[{name: id_or_name, in: path, required: true, schema: {type: string}}]", described).replace(
            "{id_or_name}", "{zoneId}"
        ),
    )
    made = client.post("/zones", json={"name": "example.com"}).json()
    assert client.get(f"/zones/{made['id']}").json() == made
    assert client.get("/zones/example.com").json() == made
    assert client.get("/zones/nowhere.example").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_an_item_parameter_described_with_an_or_of_no_field_takes_only_the_id(tmp_path: Path) -> None:
    described = "[{name: zoneId, in: path, required: true, description: 'The ID of the zone, or 0 for the default', "
    described += "schema: {type: string}}]"
    client = served(
        tmp_path,
        ID_OR_NAME.replace("[{name: id_or_name, in: path, required: true, schema: {type: string}}]", described).replace(
            "{id_or_name}", "{zoneId}"
        ),
    )
    client.post("/zones", json={"name": "example.com"})
    assert client.get("/zones/example.com").status_code == 404


STATUSES = """
openapi: 3.0.3
info:
  title: statuses
  version: '1'
servers:
- url: /
paths:
  /statuses:
    get:
      operationId: listStatuses
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Status'
    post:
      operationId: createStatus
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required:
              - status
              properties:
                status:
                  type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Status'
  /statuses/{id}:
    get:
      operationId: getStatus
      parameters:
      - name: id
        in: path
        required: true
        schema:
          type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Status'
        '404':
          description: nf
  /statuses/{id}/favourite:
    post:
      operationId: favourite
      parameters:
      - name: id
        in: path
        required: true
        schema:
          type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Status'
        '404':
          description: nf
  /statuses/{id}/unfavourite:
    post:
      operationId: unfavourite
      parameters:
      - name: id
        in: path
        required: true
        schema:
          type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Status'
        '404':
          description: nf
components:
  schemas:
    Status:
      type: object
      properties:
        id:
          type: string
        content:
          type: string
        created_at:
          type: string
          format: date-time
        edited_at:
          type: string
          format: date-time
          nullable: true
        favourited:
          type: boolean
        favourites_count:
          type: integer
          minimum: 0
        replies_count:
          type: integer
          minimum: 0
"""


def test_a_post_made_now_has_no_counts_nor_edits_and_an_un_action_undoes_its_action(tmp_path: Path) -> None:
    """Mastodon: a status made a second ago (answered 200) had 670 favourites and an edit from October, and
    `POST …/unfavourite` left it favourited."""
    client = served(tmp_path, STATUSES)
    made = client.post("/statuses", json={"status": "hello"}).json()
    assert (made["favourites_count"], made["replies_count"], made["edited_at"]) == (0, 0, None)
    liked = client.post(f"/statuses/{made['id']}/favourite").json()
    assert (liked["favourited"], liked["favourites_count"]) == (True, 1)
    unliked = client.post(f"/statuses/{made['id']}/unfavourite").json()
    assert (unliked["favourited"], unliked["favourites_count"]) == (False, 0)
    assert client.get(f"/statuses/{made['id']}").json()["favourited"] is False
    assert client.app.state.server.violations_seen == 0


SUB_OPERATIONS = """
openapi: 3.0.3
info:
  title: posts
  version: '1'
servers:
- url: /
paths:
  /posts:
    get:
      operationId: listPosts
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Post'
    post:
      operationId: createPost
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required:
              - text
              properties:
                text:
                  type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Post'
  /posts/{id}:
    parameters:
    - name: id
      in: path
      required: true
      schema:
        type: string
    get:
      operationId: getPost
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Post'
        '404':
          $ref: '#/components/responses/NotFound'
    delete:
      operationId: deletePost
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Post'
        '404':
          $ref: '#/components/responses/NotFound'
  /posts/{id}/translate:
    parameters:
    - name: id
      in: path
      required: true
      schema:
        type: string
    post:
      operationId: translatePost
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Post'
        '404':
          $ref: '#/components/responses/NotFound'
  /posts/{post_id}/likes:
    parameters:
    - name: post_id
      in: path
      required: true
      schema:
        type: string
    get:
      operationId: getPostLikes
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  properties:
                    user:
                      type: string
        '404':
          $ref: '#/components/responses/NotFound'
  /posts/{id}/quotes/{quote_id}/revoke:
    parameters:
    - name: id
      in: path
      required: true
      schema:
        type: string
    - name: quote_id
      in: path
      required: true
      schema:
        type: string
    post:
      operationId: revokeQuote
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Post'
components:
  responses:
    NotFound:
      description: not found
      content:
        application/json:
          schema:
            type: object
            properties:
              error:
                type: string
  schemas:
    Post:
      type: object
      properties:
        id:
          type: string
        text:
          type: string
"""


def test_an_operation_below_a_records_path_is_a_404_where_the_record_is_not(tmp_path: Path) -> None:
    """Mastodon's `GET /statuses/{id}/context`, `/favourited_by`…: 200 for a status nobody made, or one deleted."""
    client = served(tmp_path, SUB_OPERATIONS)
    assert client.get("/posts/nope/likes").status_code == 404
    made = client.post("/posts", json={"text": "hi"}).json()
    likes = client.get(f"/posts/{made['id']}/likes")
    assert likes.status_code == 200 and isinstance(likes.json(), list)
    assert client.delete(f"/posts/{made['id']}").status_code == 200
    assert client.get(f"/posts/{made['id']}/likes").status_code == 404
    assert client.app.state.server.violations_seen == 0


MERGED_LISTS = """
openapi: 3.0.3
info:
  title: music
  version: '1'
servers:
- url: /
paths:
  /artists:
    get:
      operationId: getSeveralArtists
      parameters:
      - name: ids
        in: query
        required: false
        schema:
          type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  artists:
                    type: array
                    items:
                      $ref: '#/components/schemas/Artist'
  /artists/{id}:
    get:
      operationId: getArtist
      parameters:
      - name: id
        in: path
        required: true
        schema:
          type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Artist'
  /me/top/artists:
    get:
      operationId: getTopArtists
      parameters:
      - name: limit
        in: query
        schema:
          type: integer
          minimum: 1
          maximum: 50
          default: 20
      - name: offset
        in: query
        schema:
          type: integer
          minimum: 0
          default: 0
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  limit:
                    type: integer
                  offset:
                    type: integer
                  total:
                    type: integer
                  items:
                    type: array
                    items:
                      $ref: '#/components/schemas/Artist'
components:
  schemas:
    Artist:
      type: object
      properties:
        id:
          type: string
        name:
          type: string
"""


def test_a_second_list_of_the_same_records_answers_in_its_own_shape(tmp_path: Path) -> None:
    """Spotify's `/me/top/artists` (`{limit, offset, total, items}`), merged with `/artists` (`{artists}`): it ignored
    its `limit` and held every artist under `artists` beside its own generated `items`."""
    client = served(tmp_path, MERGED_LISTS)
    everyone = client.get("/artists").json()["artists"]
    top = client.get("/me/top/artists", params={"limit": 2, "offset": 1}).json()
    assert set(top) == {"limit", "offset", "total", "items"}
    assert top["items"] == everyone[1:3] and (top["limit"], top["offset"], top["total"]) == (2, 1, len(everyone))
    assert client.app.state.server.violations_seen == 0


def test_a_list_asked_for_several_ids_answers_those_in_the_order_asked(tmp_path: Path) -> None:
    """Spotify's "get several" lists (`GET /artists?ids=a,b`) answered every stored artist, whatever `ids` said."""
    client = served(tmp_path, MERGED_LISTS)
    everyone = client.get("/artists").json()["artists"]
    asked = [everyone[3]["id"], everyone[1]["id"]]
    several = client.get("/artists", params={"ids": ",".join(asked)}).json()["artists"]
    assert [artist["id"] for artist in several] == asked
    assert client.get("/artists", params={"ids": "nobody"}).json()["artists"] == []
    assert client.app.state.server.violations_seen == 0


def test_an_action_below_a_record_answers_that_record(tmp_path: Path) -> None:
    """`POST /statuses/{id}/quotes/{quoting_status_id}/revoke` answered a status of a made-up id (the `{id}` was kept
    from the answer as a parent's), which the runner then found gone."""
    client = served(tmp_path, SUB_OPERATIONS, stateful=False)
    assert client.post("/posts/p1/quotes/q9/revoke").json()["id"] == "p1"
    assert client.app.state.server.violations_seen == 0


@pytest.mark.parametrize("per_key", [True, False])
def test_a_stateful_setting_given_at_start_keeps_the_inferred_resources_and_scopes_them(
    tmp_path: Path, per_key: bool
) -> None:
    """`--set stateful.per_key=…` (even the file's own default) compiled the stateful scenario without its inferred
    rules: every create answered statically and nothing was kept."""
    secured = PROJECTS.replace(
        "components:\n",
        "security: [{bearer: []}]\ncomponents:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n",
        1,
    )
    (tmp_path / "spec.yaml").write_text(secured)
    config = ServeConfig(
        specs_dir=tmp_path,
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
        scenarios_are_default=True,
        scenario_settings={"stateful": {"per_key": per_key}},
    )
    client = TestClient(create_app(config), raise_server_exceptions=False)
    made = client.post("/projects", json={"name": "Kept"}, headers={"Authorization": "Bearer alice"})
    assert made.status_code == 201 and made.headers.get("x-specmock-scenario") == "stateful"
    mine = client.get(f"/projects/{made.json()['id']}", headers={"Authorization": "Bearer alice"})
    assert mine.status_code == 200 and mine.json()["name"] == "Kept"
    theirs = client.get(f"/projects/{made.json()['id']}", headers={"Authorization": "Bearer bob"})
    assert theirs.status_code == (404 if per_key else 200)


STAMPED = """
openapi: 3.0.3
info: {title: releases, version: "1"}
paths:
  /releases:
    post:
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, required: [version], properties: {version: {type: string}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Release'}}}}
  /releases/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Release'}}}}
    patch:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {version: {type: string}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Release'}}}}
components:
  schemas:
    Release:
      type: object
      required: [id, version, dateCreated, dateUpdated, lastModified]
      properties:
        id: {type: string, readOnly: true}
        version: {type: string}
        dateCreated: {type: string, format: date-time, readOnly: true, example: "2024-01-01T00:00:00Z"}
        dateUpdated: {type: string, format: date-time, readOnly: true, example: "2024-01-01T00:00:00Z"}
        lastModified: {type: string, format: date-time, readOnly: true, example: "2024-01-01T00:00:00Z"}
"""


def test_camel_case_stamps_of_creation_and_change_say_when(tmp_path: Path) -> None:
    """Sentry's `dateCreated` kept the spec's example (2024) on a release made now: only `date_created` and
    `created_…` spellings were stamped."""
    client = served(tmp_path, STAMPED)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    made = client.post("/releases", json={"version": "1.0"}).json()
    stamps = {name: dt.datetime.fromisoformat(made[name]) for name in ("dateCreated", "dateUpdated", "lastModified")}
    assert all(stamp >= before for stamp in stamps.values()), made
    changed = client.patch(f"/releases/{made['id']}", json={"version": "1.1"}).json()
    assert changed["dateCreated"] == made["dateCreated"] and changed["lastModified"] >= made["lastModified"]


TEXT_IDS_READ_AS_NUMBERS = """
openapi: 3.0.3
info: {title: dash, version: "1"}
paths:
  /dashboards/:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Dash'}}}}
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [title], properties: {title: {type: string}}}}}
      responses: {"201": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Dash'}}}}}
  /dashboards/{dashboard_id}/:
    parameters: [{name: dashboard_id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Dash'}}}}
        "404": {description: nf}
components:
  schemas:
    Dash: {type: object, required: [id, title], properties: {id: {type: string}, title: {type: string}}}
"""


def test_a_text_id_read_back_at_a_numeric_parameter_is_digits_that_count_up(tmp_path: Path) -> None:
    """Sentry's dashboards: `id: {type: string}` at `{dashboard_id}` of type integer; minted uuids could not be read
    back (400 or 404), nor could the seeded ones listed."""
    client = served(tmp_path, TEXT_IDS_READ_AS_NUMBERS)
    listed = client.get("/dashboards/").json()
    assert listed and all(client.get(f"/dashboards/{d['id']}/").json() == d for d in listed)
    # no "094782", which the path reads as 94782: every id the mint schema allows is written as the path reads it
    (dashboards,) = infer_resources(load_apis(tmp_path)["spec"])
    drawn = [fake_value(dashboards.id_schema, seed, "id") for seed in range(200)]
    assert all(str(int(value)) == value for value in drawn)
    made = [client.post("/dashboards/", json={"title": t}).json() for t in ("a", "b")]
    assert all(d["id"].isdigit() for d in made) and int(made[1]["id"]) == int(made[0]["id"]) + 1
    assert client.get(f"/dashboards/{made[0]['id']}/").json() == made[0]
    assert client.app.state.server.violations_seen == 0


DETACHED_UNDER_PARENT = """
openapi: 3.0.3
info: {title: teams, version: "1"}
paths:
  /organizations/{org}/teams/:
    parameters: [{name: org, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Team'}}}}
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses: {"201": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Team'}}}}}
  /teams/{org}/{team_id}/:
    parameters:
      - {name: org, in: path, required: true, schema: {type: string}}
      - {name: team_id, in: path, required: true, schema: {type: string}}
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Team'}}}}
        "404": {description: not found}
    delete:
      responses: {"204": {description: gone}, "404": {description: not found}}
components:
  schemas:
    Team:
      type: object
      required: [id, name]
      properties: {id: {type: string, readOnly: true}, name: {type: string}}
"""


def test_an_item_path_of_its_own_under_the_same_parents_reads_the_collections_records(tmp_path: Path) -> None:
    """Sentry creates teams at `/organizations/{org}/teams/` and reads them at `/teams/{org}/{team}/`: the read
    answered a made-up team, a deleted one was still there, and any id was 200."""
    client = served(tmp_path, DETACHED_UNDER_PARENT)
    made = client.post("/organizations/o1/teams/", json={"name": "Backend"}).json()
    assert client.get(f"/teams/o1/{made['id']}/").json() == made
    assert client.get(f"/teams/o2/{made['id']}/").status_code == 404  # under another organisation: not there
    assert client.get("/teams/o1/no-such-team/").status_code == 404
    assert client.delete(f"/teams/o1/{made['id']}/").status_code == 204
    assert client.get(f"/teams/o1/{made['id']}/").status_code == 404
    assert client.app.state.server.violations_seen == 0


KINDS = """
openapi: 3.0.3
info: {title: sources, version: "1"}
paths:
  /sources/:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Source'}}}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [type]
              properties: {type: {type: string, enum: [http, s3]}, name: {type: string}, url: {type: string}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Source'}}}}
  /sources/{id}/:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Source'}}}}
        "404": {description: nf}
    put:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [type], properties: {type: {type: string}, name: {type: string}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Source'}}}}
        "404": {description: nf}
components:
  schemas:
    Source:
      oneOf:
        - type: object
          additionalProperties: false
          required: [type, id, url]
          properties:
            type: {type: string, enum: [http]}
            id: {type: string}
            name: {type: string}
            url: {type: string}
            username: {type: string}
        - type: object
          additionalProperties: false
          required: [type, id, bucket]
          properties:
            type: {type: string, enum: [s3]}
            id: {type: string}
            name: {type: string}
            bucket: {type: string}
            region: {type: string}
"""


def test_a_record_of_one_of_several_kinds_is_made_and_replaced_as_the_kind_its_tag_names(tmp_path: Path) -> None:
    """Sentry's symbol sources (`type: s3` beside `type: http`, each kind allowing no other fields): an s3 source
    was made with the http kind's fields and without its own required `bucket`, valid as neither kind."""
    client = served(tmp_path, KINDS)
    made = client.post("/sources/", json={"type": "s3", "name": "builds"}).json()
    assert made["type"] == "s3" and "bucket" in made and "url" not in made
    assert client.get(f"/sources/{made['id']}/").json() == made
    replaced = client.put(f"/sources/{made['id']}/", json={"type": "s3", "name": "renamed"}).json()
    assert replaced["name"] == "renamed" and replaced["bucket"] == made["bucket"]
    required = {"http": {"url"}, "s3": {"bucket"}}
    for n in range(6):  # each replaced as the other kind (Sentry's `PUT …/symbol-sources/`): its fields made for it
        first, then = ("http", "s3") if n % 2 else ("s3", "http")
        made = client.post("/sources/", json={"type": first, "name": f"n{n}"}).json()
        replaced = client.put(f"/sources/{made['id']}/", json={"type": then, "name": f"m{n}"}).json()
        read = client.get(f"/sources/{made['id']}/").json()
        assert replaced == read and read["type"] == then and required[then] <= set(read)
        assert not required[first] & set(read)
    assert client.app.state.server.violations_seen == 0


OWNED = """
openapi: 3.1.0
info: {title: Items, version: '1'}
paths:
  /items:
    post:
      operationId: createItem
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/ItemCreate'}}}
      responses:
        '200': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
  /items/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: readItem
      responses:
        '200': {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
    put:
      operationId: updateItem
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/ItemCreate'}}}
      responses:
        '200': {description: changed, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
components:
  schemas:
    ItemCreate:
      type: object
      required: [title]
      properties: {title: {type: string}, description: {type: [string, 'null']}}
    Item:
      type: object
      required: [id, title, owner_id]
      properties:
        id: {type: string, format: uuid}
        title: {type: string}
        description: {type: [string, 'null']}
        owner_id: {type: string, format: uuid}
"""


def test_a_write_keeps_only_the_fields_its_request_schema_names(tmp_path: Path) -> None:
    """The FastAPI template's item: an update that also sent `owner_id` handed the item to that owner, and a create
    that sent an `id` chose its own; the request schemas name neither (pydantic drops what they do not name)."""
    client = served(tmp_path, OWNED)
    someone = "00000000-0000-4000-8000-000000000001"
    chosen = "00000000-0000-4000-8000-000000000002"
    made = client.post("/items", json={"title": "milk", "owner_id": someone, "id": chosen}).json()
    assert made["title"] == "milk" and made["id"] != chosen and made["owner_id"] != someone
    changed = client.put(f"/items/{made['id']}", json={"title": "oat milk", "owner_id": someone}).json()
    assert changed["title"] == "oat milk" and changed["owner_id"] == made["owner_id"]
    assert client.get(f"/items/{made['id']}").json() == changed
    assert client.app.state.server.violations_seen == 0


def test_a_delete_that_answers_the_record_answers_the_one_it_deleted(tmp_path: Path) -> None:
    """Spring PetClinic's `DELETE /pettypes/{id}` answers the pet type: a type renamed to dog came back a cat, and
    a deleted owner as another, made up on the spot."""
    spec = OWNED.replace(
        "      operationId: readItem\n      responses:\n",
        "      operationId: readItem\n      responses:\n        '404': {description: none}\n",
    ).replace(
        "    put:\n      operationId: updateItem",
        "    delete:\n      operationId: deleteItem\n      responses:\n"
        "        '200':\n          description: gone\n"
        "          content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}\n"
        "        '404': {description: none}\n    put:\n      operationId: updateItem",
    )
    assert "deleteItem" in spec and "'404'" in spec.split("readItem")[1].split("put:")[0]
    client = served(tmp_path, spec)
    made = client.post("/items", json={"title": "milk"}).json()
    changed = client.put(f"/items/{made['id']}", json={"title": "oat milk"}).json()
    gone = client.delete(f"/items/{made['id']}")
    assert gone.status_code == 200 and gone.json() == changed
    assert client.get(f"/items/{made['id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0


BOOKS = """
openapi: 3.0.3
info: {title: Books, version: '1'}
paths:
  /books/:
    get:
      operationId: books_list
      parameters:
        - {name: ordering, in: query, schema: {type: string}, description: Which field to order the results by.}
        - {name: search, in: query, schema: {type: string}, description: A search term.}
        - {name: sort, in: query, schema: {type: string, enum: [title, pages]}}
        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
      responses:
        '200':
          description: all
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Book'}}}}
    post:
      operationId: books_create
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}}
components:
  schemas:
    Book:
      type: object
      required: [title, pages]
      properties:
        pk: {type: integer, readOnly: true}
        title: {type: string}
        pages: {type: integer}
"""


def test_a_list_orders_and_searches_as_its_parameters_ask(tmp_path: Path) -> None:
    """Django REST's `ordering` (`-title` descending) and `search`, and `sort` with an `order` of asc or desc: the
    authentik admin's sortable columns and search box did nothing."""
    client = served(tmp_path, BOOKS)
    mine = {"Dune": 412, "Emma": 320, "Ulysses": 730, "Dubliners": 152}
    for title, pages in mine.items():
        assert client.post("/books/", json={"title": title, "pages": pages}).status_code == 201

    def titles(**query: str) -> list[str]:  # of the books made here (the seeded ones are listed too)
        return [book["title"] for book in client.get("/books/", params=query).json() if book["title"] in mine]

    assert titles(ordering="title") == ["Dubliners", "Dune", "Emma", "Ulysses"]
    assert titles(ordering="-pages") == ["Ulysses", "Dune", "Emma", "Dubliners"]
    assert titles(sort="pages", order="asc") == ["Dubliners", "Emma", "Dune", "Ulysses"]
    assert titles(sort="title", order="desc") == ["Ulysses", "Emma", "Dune", "Dubliners"]
    assert sorted(titles(search="du")) == ["Dubliners", "Dune"]
    assert titles(search="du", ordering="-title") == ["Dune", "Dubliners"]
    assert titles(ordering="nonsense") == titles()  # a field no record has: the usual order
    assert client.app.state.server.violations_seen == 0
    books = next(r for r in explain_resources(load_apis(tmp_path)["spec"]).resources if r.name == "books")
    lines = resource_lines(Inference((books,), ()))
    assert "    sorts     by ordering, sort (-field descending, order=asc|desc)" in lines
    assert "    searches  search: text in any of a record's text fields" in lines
    # `term` searches too (Radarr's `movie/lookup?term=`, iTunes' `search?term=`)
    (tmp_path / "spec.yaml").write_text(BOOKS.replace("name: search,", "name: term,"))
    termed = next(r for r in explain_resources(load_apis(tmp_path)["spec"]).resources if r.name == "books")
    assert termed.sorting.search_param == "term"


def test_a_flag_a_create_could_set_but_did_not_is_off(tmp_path: Path) -> None:
    """authentik's group made with only a name came back `is_superuser: true` three times in four: a flag nobody
    set was drawn at random."""
    spec = OWNED.replace(
        "properties: {title: {type: string}, description: {type: [string, 'null']}}",
        "properties: {title: {type: string}, description: {type: [string, 'null']}, is_superuser: {type: boolean}}",
    ).replace("      required: [id, title, owner_id]\n", "      required: [id, title, owner_id, is_superuser]\n")
    spec = spec.replace(
        "        owner_id: {type: string, format: uuid}\n",
        "        owner_id: {type: string, format: uuid}\n        is_superuser: {type: boolean}\n",
    )
    assert spec.count("is_superuser") == 3
    client = served(tmp_path, spec)
    made = [client.post("/items", json={"title": f"item {n}"}).json() for n in range(8)]
    assert [item["is_superuser"] for item in made] == [False] * 8
    assert client.post("/items", json={"title": "old", "is_superuser": True}).json()["is_superuser"] is True
    # but a flag named for the live state a record starts in is on: authentik's user made without `is_active`
    active = served(tmp_path, spec.replace("is_superuser", "is_active"))
    assert [active.post("/items", json={"title": f"i{n}"}).json()["is_active"] for n in range(4)] == [True] * 4
    assert client.app.state.server.violations_seen == 0


PAGED_GROUPS = """
openapi: 3.0.3
info: {title: Groups, version: '1'}
paths:
  /groups/:
    get:
      operationId: groups_list
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: page_size, in: query, schema: {type: integer}}
      responses:
        '200':
          description: a page
          content: {application/json: {schema: {$ref: '#/components/schemas/PaginatedGroupList'}}}
    post:
      operationId: groups_create
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Group'}}}}
components:
  schemas:
    Pagination:
      type: object
      required: [next, previous, count, current, total_pages, start_index, end_index]
      properties:
        next: {type: number}
        previous: {type: number}
        count: {type: number}
        current: {type: number}
        total_pages: {type: number}
        start_index: {type: number}
        end_index: {type: number}
    PaginatedGroupList:
      type: object
      required: [pagination, results]
      properties:
        pagination: {$ref: '#/components/schemas/Pagination'}
        results: {type: array, items: {$ref: '#/components/schemas/Group'}}
    Group:
      type: object
      required: [pk, name]
      properties: {pk: {type: string, format: uuid, readOnly: true}, name: {type: string}}
"""


def test_a_page_says_its_number_its_neighbours_and_its_first_and_last_places(tmp_path: Path) -> None:
    """authentik's `pagination` held random decimals for `next`, `previous`, `current`, `start_index` and
    `end_index`: its table read "54.87 - 96.01 of 5", and its Next button asked for page 68.34."""
    client = served(tmp_path, PAGED_GROUPS)
    for n in range(2):
        client.post("/groups/", json={"name": f"group {n}"})
    total = client.get("/groups/", params={"page_size": 100}).json()["pagination"]["count"]
    assert total >= 7
    middle = client.get("/groups/", params={"page": 2, "page_size": 3}).json()["pagination"]
    assert middle == {
        "next": 3, "previous": 1, "count": total, "current": 2,
        "total_pages": -(-total // 3), "start_index": 4, "end_index": 6,
    }  # fmt: skip
    last_number = -(-total // 3)
    last = client.get("/groups/", params={"page": last_number, "page_size": 3}).json()
    assert last["pagination"]["next"] == 0 and last["pagination"]["end_index"] == total
    assert last["pagination"]["start_index"] == (last_number - 1) * 3 + 1 == total - len(last["results"]) + 1
    first = client.get("/groups/", params={"page_size": 3}).json()["pagination"]
    assert (first["previous"], first["current"], first["start_index"]) == (0, 1, 1)
    assert client.app.state.server.violations_seen == 0


def test_a_json_update_sets_a_nullable_field_to_the_null_it_sent(tmp_path: Path) -> None:
    """The FastAPI template's item update `{"description": null}` took the field away (RFC 7386's reading, which is
    `application/merge-patch+json`'s): a plain JSON body's null is the value the client set."""
    update = "{$ref: '#/components/schemas/ItemUpdate'}"
    spec = OWNED.replace(
        "    put:\n      operationId: updateItem\n      requestBody:\n        required: true\n"
        "        content: {application/json: {schema: {$ref: '#/components/schemas/ItemCreate'}}}\n",
        "    patch:\n      operationId: updateItem\n      requestBody:\n        required: true\n"
        f"        content:\n          application/json: {{schema: {update}}}\n"
        f"          application/merge-patch+json: {{schema: {update}}}\n",
    ).replace(
        "  schemas:\n",
        "  schemas:\n    ItemUpdate:\n      type: object\n"
        "      properties: {title: {type: string}, description: {type: [string, 'null']}}\n",
    )
    assert "patch:" in spec and "merge-patch" in spec and "ItemUpdate:" in spec
    client = served(tmp_path, spec)
    made = client.post("/items", json={"title": "milk", "description": "semi-skimmed"}).json()
    changed = client.patch(f"/items/{made['id']}", json={"description": None})
    assert changed.status_code == 200 and changed.json()["description"] is None
    assert client.get(f"/items/{made['id']}").json()["description"] is None
    client.patch(f"/items/{made['id']}", json={"description": "whole"})
    merged = client.patch(
        f"/items/{made['id']}",
        content=b'{"description": null}',
        headers={"content-type": "application/merge-patch+json"},
    )
    assert merged.status_code == 200 and "description" not in merged.json()  # RFC 7386: null removes
    assert client.app.state.server.violations_seen == 0


def test_a_record_made_now_joined_now(tmp_path: Path) -> None:
    """authentik's user made a moment ago said `date_joined` some day last spring."""
    spec = OWNED.replace(
        "        owner_id: {type: string, format: uuid}\n",
        "        owner_id: {type: string, format: uuid}\n"
        "        date_joined: {type: string, format: date-time, readOnly: true}\n"
        "        registeredAt: {type: string, format: date-time, readOnly: true}\n",
    )
    client = served(tmp_path, spec)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    made = client.post("/items", json={"title": "milk"}).json()
    for name in ("date_joined", "registeredAt"):
        joined = dt.datetime.fromisoformat(made[name].replace("Z", "+00:00"))
        assert before <= joined <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5), (name, made[name])
    changed = client.put(f"/items/{made['id']}", json={"title": "oat milk"}).json()
    assert changed["date_joined"] == made["date_joined"]  # made once, not again by a change
    assert client.app.state.server.violations_seen == 0


def test_an_entity_tag_follows_the_body_and_a_matching_if_none_match_is_not_modified(tmp_path: Path) -> None:
    """Spring PetClinic declares `ETag` and 304: its ETag was a random word that never changed, and `If-None-Match`
    was ignored, so a browser's cache could never tell a changed record from an unchanged one."""
    spec = OWNED.replace(
        "      operationId: readItem\n      responses:\n        '200': {description: it, content: "
        "{application/json: {schema: {$ref: '#/components/schemas/Item'}}}}\n",
        "      operationId: readItem\n      responses:\n        '200':\n          description: it\n"
        "          headers: {ETag: {schema: {type: string}}}\n"
        "          content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}\n"
        "        '304': {description: not modified}\n",
    )
    assert "ETag" in spec and "'304'" in spec
    client = served(tmp_path, spec)
    made = client.post("/items", json={"title": "milk"}).json()
    first = client.get(f"/items/{made['id']}")
    tag = first.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"') and len(tag) > 2
    assert client.get(f"/items/{made['id']}").headers["etag"] == tag
    unchanged = client.get(f"/items/{made['id']}", headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged.headers["etag"] == tag
    client.put(f"/items/{made['id']}", json={"title": "oat milk"})
    changed = client.get(f"/items/{made['id']}", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.json()["title"] == "oat milk" and changed.headers["etag"] != tag
    assert client.get(f"/items/{made['id']}", headers={"If-None-Match": "*"}).status_code == 304
    assert client.app.state.server.violations_seen == 0


def test_always_404_answers_a_deleted_or_unknown_id_with_a_404_the_spec_does_not_declare(tmp_path: Path) -> None:
    """FastAPI's and Django REST's specs declare no 404, though their servers answer one: a deleted item read back
    as a made-up one. `--unknown-ids always-404` answers the 404 anyway, in the API's envelope, as a deviation the
    self-check notes instead of counting."""
    spec = OWNED.replace(
        "    put:\n      operationId: updateItem",
        "    delete:\n      operationId: deleteItem\n      responses:\n        '204': {description: gone}\n"
        "    put:\n      operationId: updateItem",
    )
    (tmp_path / "spec.yaml").write_text(spec)
    config = ServeConfig(
        specs_dir=tmp_path,
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
        unknown_ids="always-404",
    )
    client = TestClient(create_app(config), raise_server_exceptions=False)
    made = client.post("/items", json={"title": "milk"}).json()
    assert client.get(f"/items/{made['id']}").status_code == 200
    assert client.delete(f"/items/{made['id']}").status_code == 204
    gone = client.get(f"/items/{made['id']}")
    assert gone.status_code == 404 and made["id"] in gone.text
    assert client.get("/items/00000000-0000-4000-8000-00000000abcd").status_code == 404
    assert client.app.state.server.violations_seen == 0
    default = served(tmp_path, spec)  # by default the spec's word holds: no undeclared status
    made = default.post("/items", json={"title": "milk"}).json()
    default.delete(f"/items/{made['id']}")
    assert default.get(f"/items/{made['id']}").status_code == 200


APPS_OF_KINDS = """
openapi: 3.0.3
info: {title: deployer, version: "1"}
paths:
  /apps:
    get:
      responses:
        "200":
          description: the apps
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/App"}}}}
  /apps/{uuid}:
    parameters: [{name: uuid, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/App"}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /apps/dockerfile:
    post:
      requestBody: {$ref: "#/components/requestBodies/NewApp"}
      responses:
        "201":
          description: made
          content: {application/json: {schema: {type: object, properties: {uuid: {type: string}}}}}
  /apps/static:
    post:
      requestBody: {$ref: "#/components/requestBodies/NewApp"}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/App"}}}}
  /apps/search:
    post:
      requestBody: {$ref: "#/components/requestBodies/NewApp"}
      responses:
        "200": {description: found, content: {application/json: {schema: {$ref: "#/components/schemas/App"}}}}
  /apps/promote:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [uuid], properties: {uuid: {type: string}}}}}
      responses:
        "201": {description: made from it, content: {application/json: {schema: {$ref: "#/components/schemas/App"}}}}
  /apps/import:
    post:
      requestBody: {$ref: "#/components/requestBodies/NewApp"}
      responses:
        "201":
          description: an import started
          content: {application/json: {schema: {type: object, properties: {job_id: {type: string}}}}}
components:
  requestBodies:
    NewApp:
      required: true
      content:
        application/json:
          schema: {type: object, required: [name], properties: {name: {type: string}, port: {type: integer}}}
  schemas:
    App:
      type: object
      required: [uuid, name, build_pack]
      properties:
        uuid: {type: string}
        name: {type: string}
        port: {type: integer}
        build_pack: {type: string, enum: [nixpacks, static, dockerfile]}
    Error:
      type: object
      properties: {message: {type: string}}
"""


def test_posts_below_a_collection_answering_201_with_its_record_or_id_make_records_of_the_kind_they_name(tmp_path):
    # Coolify's applications are made only at `/applications/public`, `/applications/dockerfile`, …: each was left
    # out as an action, and the app made was never listed or read back
    client = served(tmp_path, APPS_OF_KINDS)
    (apps,) = infer_resources(load_apis(tmp_path)["spec"])
    assert sorted(apps.operations["create"]) == ["postAppsDockerfile", "postAppsStatic"]
    made = client.post("/apps/dockerfile", json={"name": "web", "port": 8080})
    assert made.status_code == 201 and set(made.json()) == {"uuid"}
    app = client.get(f"/apps/{made.json()['uuid']}").json()
    assert (app["name"], app["port"], app["build_pack"]) == ("web", 8080, "dockerfile")
    static = client.post("/apps/static", json={"name": "site"}).json()
    assert static["build_pack"] == "static" and client.get(f"/apps/{static['uuid']}").json() == static
    assert {a["uuid"] for a in client.get("/apps").json()} >= {app["uuid"], static["uuid"]}
    assert client.app.state.server.violations_seen == 0


UID_OR_KEY = """
openapi: 3.0.3
info: {title: search, version: "1"}
paths:
  /keys:
    get:
      operationId: listKeys
      responses:
        '200':
          description: all
          content:
            application/json:
              schema: {type: object, properties: {results: {type: array, items: {$ref: '#/components/schemas/Key'}}}}
    post:
      operationId: createKey
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {uid: {type: string, format: uuid}, description: {type: string}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Key'}}}}
  /keys/{uidOrKey}:
    parameters: [{name: uidOrKey, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getKey
      responses:
        '200': {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Key'}}}}
        '404': {description: none}
components:
  schemas:
    Key:
      type: object
      properties:
        uid: {type: string, format: uuid}
        key: {type: string, readOnly: true, pattern: '^[0-9a-f]{64}$'}
        description: {type: string}
"""


def test_an_item_parameter_naming_two_fields_of_the_record_finds_it_by_either(tmp_path: Path) -> None:
    """Meilisearch's `/keys/{uidOrKey}`: both words name a key of the record (`uid`, `key`), and by its uid a key
    read back as another, made-up one."""
    client = served(tmp_path, UID_OR_KEY)
    made = client.post("/keys", json={"uid": "6062abda-a5aa-4414-ac91-ecd7944c0f8d", "description": "search"}).json()
    assert client.get(f"/keys/{made['key']}").json() == made
    assert client.get(f"/keys/{made['uid']}").json() == made
    assert client.get("/keys/0e3b6a41-0000-4000-8000-000000000000").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_a_method_at_a_records_own_path_that_no_role_takes_is_a_404_where_the_record_is_not(tmp_path: Path) -> None:
    # Solidus' `POST /option_types/{id}`, documented as "Delete option type": 200 for an option type never made
    at_item = """    post:
      operationId: archivePost
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Post'
        '404':
          $ref: '#/components/responses/NotFound'
    delete:
      operationId: deletePost"""
    spec = SUB_OPERATIONS.replace("    delete:\n      operationId: deletePost", at_item, 1)
    assert spec != SUB_OPERATIONS
    client = served(tmp_path, spec)
    assert client.post("/posts/nope").status_code == 404
    made = client.post("/posts", json={"text": "hi"}).json()
    assert client.post(f"/posts/{made['id']}").status_code == 200
    assert client.delete(f"/posts/{made['id']}").status_code == 200
    assert client.post(f"/posts/{made['id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0


def test_an_action_below_a_records_path_under_another_parameter_name_finds_the_record(tmp_path: Path) -> None:
    # Solidus' `PUT /shipments/{shipment_number}/ship` beside `PATCH /shipments/{number}`: every action on a shipment
    # made a moment before answered 404, "the request sends no number"
    pin = """  /posts/{post_id}/pin:
    post:
      operationId: pinPost
      parameters:
      - {name: post_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Post'
        '404':
          $ref: '#/components/responses/NotFound'
"""
    spec = SUB_OPERATIONS.replace("  /posts/{id}:\n", pin + "  /posts/{id}:\n", 1)
    assert spec != SUB_OPERATIONS
    client = served(tmp_path, spec)
    made = client.post("/posts", json={"text": "hi"}).json()
    pinned = client.post(f"/posts/{made['id']}/pin")
    assert pinned.status_code == 200 and pinned.json()["id"] == made["id"]
    assert client.post("/posts/nope/pin").status_code == 404
    assert client.app.state.server.violations_seen == 0


BACK_REFERENCES = """
openapi: 3.0.3
info: {title: shop, version: '1'}
paths:
  /taxonomies:
    post:
      operationId: createTaxonomy
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Taxonomy'}}}}
  /taxonomies/{id}:
    get:
      operationId: getTaxonomy
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Taxonomy'}}}}
        '404': {description: missing}
components:
  schemas:
    Taxon:
      type: object
      required: [id, name, taxonomy_id]
      properties: {id: {type: integer}, name: {type: string}, taxonomy_id: {type: integer}}
    Taxonomy:
      type: object
      required: [id, name, root, taxons]
      properties:
        id: {type: integer}
        name: {type: string}
        root: {$ref: '#/components/schemas/Taxon'}
        taxons: {type: array, minItems: 2, items: {$ref: '#/components/schemas/Taxon'}}
"""


def test_the_objects_a_record_holds_name_it_as_theirs(tmp_path: Path) -> None:
    # Solidus' taxonomy `{"id": 34, "root": {"taxonomy_id": 560}}`: its root taxon named another taxonomy, which the
    # runner then read taxons under (404)
    client = served(tmp_path, BACK_REFERENCES)
    made = client.post("/taxonomies", json={"name": "Colors"})
    assert made.status_code == 201, made.text
    taxonomy = made.json()
    assert taxonomy["root"]["taxonomy_id"] == taxonomy["id"]
    assert [taxon["taxonomy_id"] for taxon in taxonomy["taxons"]] == [taxonomy["id"]] * len(taxonomy["taxons"])
    assert client.get(f"/taxonomies/{taxonomy['id']}").json() == taxonomy
    assert client.app.state.server.violations_seen == 0


MADE_UNDER_A_PARENT = """
openapi: 3.0.3
info: {title: todo, version: '1'}
paths:
  /projects:
    put:
      operationId: createProject
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Project'}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Project'}}}}
    get:
      operationId: listProjects
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Project'}}}}
  /projects/{id}:
    get:
      operationId: getProject
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Project'}}}}
        '404': {description: missing}
  /projects/{id}/tasks:
    put:
      operationId: createTask
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Task'}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Task'}}}}
  /tasks:
    get:
      operationId: listTasks
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Task'}}}}
  /tasks/{id}:
    get:
      operationId: getTask
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Task'}}}}
        '404': {description: missing}
components:
  schemas:
    Project:
      type: object
      properties: {id: {type: integer, readOnly: true}, title: {type: string}}
    Task:
      type: object
      properties: {id: {type: integer, readOnly: true}, title: {type: string}, project_id: {type: integer}}
"""


def test_a_create_below_another_records_path_makes_a_record_of_the_collection_its_word_names(tmp_path: Path) -> None:
    # Vikunja's `PUT /projects/{id}/tasks` makes a task of that project, listed at `GET /tasks`, read at `/tasks/{id}`:
    # it was left to the static mock, and no task made could be read back
    client = served(tmp_path, MADE_UNDER_A_PARENT)
    project = client.put("/projects", json={"title": "Engine"}).json()
    first = client.put(f"/projects/{project['id']}/tasks", json={"title": "Notes"})
    second = client.put(f"/projects/{project['id']}/tasks", json={"title": "Tables"}).json()
    assert first.status_code == 201
    made = first.json()
    # each its own id (the path's `{id}` is the project's), each the project's
    assert made["id"] != second["id"] and made["project_id"] == second["project_id"] == project["id"]
    assert client.get(f"/tasks/{made['id']}").json() == made
    assert {task["id"] for task in client.get("/tasks").json()} >= {made["id"], second["id"]}
    assert client.app.state.server.violations_seen == 0


def test_a_record_named_by_a_number_parameter_is_found_by_the_whole_number_written(tmp_path: Path) -> None:
    # Overseerr's `/user/{userId}`, a `number`: `/user/6` was cast to 6.0, the state held user "6" and found no
    # "6.0", and the delete went to the static mock (200, another user)
    spec = SUB_OPERATIONS.replace(
        "    - name: id\n      in: path\n      required: true\n      schema:\n        type: string",
        "    - name: id\n      in: path\n      required: true\n      schema:\n        type: number",
    ).replace("        id:\n          type: string", "        id:\n          type: integer")
    assert "type: number" in spec and "type: integer" in spec
    client = served(tmp_path, spec)
    made = client.post("/posts", json={"text": "hi"}).json()
    assert isinstance(made["id"], int)
    read = client.get(f"/posts/{made['id']}")
    assert read.status_code == 200 and read.json()["id"] == made["id"]
    assert client.delete(f"/posts/{made['id']}").status_code == 200
    assert client.get(f"/posts/{made['id']}").status_code == 404
    assert client.app.state.server.violations_seen == 0
