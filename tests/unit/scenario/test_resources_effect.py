"""The inferred-CRUD pieces of mock.scenario.effects.resources, alone: merge patch, ids, seeding, paging."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock.scenario.effects.resources import (
    CrudOptions,
    EffectInput,
    IdSet,
    crud,
    decode_cursor,
    merge_patch,
    new_id,
    seed_records,
)
from mock.scenario.effects.resources import delete as resources_delete
from mock.scenario.effects.resources import get as resources_get
from mock.scenario.model import RequestFacts
from mock.scenario.retention import CountingView
from mock.scenario.store import Delete, Put, StateStore
from mock.schema_validation import is_valid
from mock.spec import load_apis
from mock.spec.resources import infer_resources

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "specs"


@pytest.fixture(scope="module")
def apis():
    return load_apis(SAMPLES)


def resource(apis, api: str, name: str):
    return next(r for r in infer_resources(apis[api]) if r.name == name)


def test_merge_patch_follows_rfc_7386():
    target = {"a": "b", "c": {"d": "e", "f": "g"}}
    assert merge_patch(target, {"a": "z", "c": {"f": None}}) == {"a": "z", "c": {"d": "e"}}
    assert merge_patch({"a": [1]}, {"a": [2, 3]}) == {"a": [2, 3]}
    assert merge_patch({"a": 1}, {"b": {"c": None}}) == {"a": 1, "b": {}}


def test_new_ids_count_up_for_integers_and_are_unique_valid_strings_otherwise(apis):
    pets = resource(apis, "petstore", "pets")
    assert new_id(pets, IdSet({"1", "7", "3"}), "x") == 8


def test_an_integer_id_never_passes_its_type_ceiling(apis):
    # a client created a record with int64's largest id: the next one counts on from the mock's own sequence
    pets = resource(apis, "petstore", "pets")
    assert pets.id_schema.get("format") == "int64"
    ceiling = str(2**63 - 1)
    assert new_id(pets, IdSet({"1", "2", ceiling}), "x", issued=2) == 3
    assert new_id(pets, IdSet({"3", "4", ceiling}), "x", issued=2) == 5  # held ids are skipped
    posts = resource(apis, "feed", "posts")  # id: pattern ^post_[a-z0-9]{8}$
    made = new_id(posts, IdSet(), "m")
    assert is_valid(posts.id_schema, made) and new_id(posts, IdSet({made}), "m") != made


def test_seeds_are_deterministic_schema_valid_and_start_with_the_spec_examples(apis):
    pets = resource(apis, "petstore", "pets")
    operations = {o.operation_id: o for o in apis["petstore"].operations}
    first = seed_records(pets, operations, CrudOptions(seed=1, seed_data=5), {})
    again = seed_records(pets, operations, CrudOptions(seed=1, seed_data=5), {})
    other = seed_records(pets, operations, CrudOptions(seed=2, seed_data=5), {})
    assert first == again and first != other
    assert first[:2] == [{"id": 1, "name": "Rex", "tag": "dog"}, {"id": 2, "name": "Tom", "tag": "cat"}]
    assert [p["id"] for p in first] == [1, 2, 3, 4, 5]
    assert all(is_valid(pets.record_schema, p) for p in first)


def _run(apis, api: str, name: str, role: str, store: StateStore, view=None, **request: object):
    """One request's decision by the crud effect, its mutations applied; `view(tx)`: the state it reads through."""
    found = resource(apis, api, name)
    operation_id = found.operations[role][0]
    operation = next(o for o in apis[api].operations if o.operation_id == operation_id)
    facts = RequestFacts(
        api=api,
        operation_id=operation_id,
        method=operation.method,
        path=str(request.get("path", "/")),
        path_params=dict(request.get("path_params") or {}),  # type: ignore[call-overload]
        query=dict(request.get("query") or {}),  # type: ignore[call-overload]
        headers={},
        body=request.get("body"),
        credential=request.get("credential", "k"),  # type: ignore[arg-type]
    )
    params = {
        "resource": found,
        "role": role,
        "options": CrudOptions(seed=0, seed_data=int(request.get("seed_data", 5))),  # type: ignore[call-overload]
        "operations": {o.operation_id: o for o in apis[api].operations},
        "credentials": request.get("credentials", True),
    }
    with store.transaction() as tx:
        state = tx if view is None else view(tx)
        result = crud(EffectInput(params, state, facts, operation, {"now": "2026-12-01T00:00:00Z"}, 1.0, 1))
        tx.apply(result.mutations)
    return result


def test_cursor_pages_never_exceed_the_limit_and_walk_every_record_once(apis):
    store = StateStore.open()
    for n in range(7):
        _run(apis, "feed", "posts", "create", store, body={"text": f"post {n}"})
    seen, cursor = [], None
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = _run(apis, "feed", "posts", "list", store, query=query).placements
        assert len(page["items"]) <= 3
        seen.extend(p["id"] for p in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert decode_cursor(cursor) == len(seen)
    assert len(seen) == 12 == len(set(seen))  # 5 seeded + 7 created


def test_unknown_ids_are_404_only_where_declared(apis):
    store = StateStore.open()
    missing = _run(apis, "feed", "posts", "get", store, path_params={"id": "post_nothere0"})
    assert missing.problem is not None and missing.problem.status == 404
    assert any(isinstance(m, Put) and m.namespace == "resource_seeded" for m in missing.mutations)


def test_seed_data_zero_leaves_collections_empty(apis):
    store = StateStore.open()
    page = _run(apis, "feed", "posts", "list", store, seed_data=0).placements
    assert page["items"] == [] and page["next_cursor"] is None


def _entries_read(apis, role: str, store: StateStore, **request: object) -> int:
    views: list[CountingView] = []

    def counted(tx):
        views.append(CountingView(tx))
        return views[0]

    _run(apis, "petstore", "pets", role, store, view=counted, **request)
    return views[0].entries_read


@pytest.mark.parametrize("credentials", [True, False], ids=["keyed API", "API without credentials"])
def test_a_request_naming_one_record_reads_that_record_only_however_many_the_collection_holds(apis, credentials):
    # 500 records: a read, an update, a delete or a create that read the collection would read them all;
    # a list must (it sorts and pages them). Without a credential, the API's only caller's records are read.
    store = StateStore.open()
    caller = {"credential": "k"} if credentials else {"credential": None, "credentials": False}
    for n in range(500):
        _run(apis, "petstore", "pets", "create", store, body={"name": f"pet {n}"}, **caller)
    one = {"path_params": {"petId": 250}, **caller}
    assert _run(apis, "petstore", "pets", "get", store, **one).vars["resource"]["name"] == "pet 244"
    for role, request in (
        ("get", one),
        ("update", {**one, "body": {"name": "renamed"}}),
        ("delete", one),
        ("create", {**caller, "body": {"name": "another"}}),
    ):
        assert _entries_read(apis, role, store, **request) <= 10, role  # a handful, not the 500
    assert _entries_read(apis, "list", store, **caller) >= 500
    # A read asks for two entries: whether the caller's collection was seeded, and the record (on Redis, each
    # is a round trip; the collection's sequence number is read only by what adds a record).
    assert _entries_read(apis, "get", store, **{**one, "path_params": {"petId": 100}}) == 2
    # An update finds its record and stores over it, a miss is looked at again for a tombstone: each entry is
    # read from the state once.
    assert _entries_read(apis, "update", store, **{**one, "path_params": {"petId": 101}, "body": {"name": "x"}}) == 2
    # A miss asks the id index too where the read is public (the keyed Petstore's `GET /pets/{petId}` takes no
    # credential, so a signed-in reader sees every caller's pets): the index entry, and the record it names.
    missing = {**one, "path_params": {"petId": 99999}}
    assert _entries_read(apis, "get", store, **missing) == (4 if credentials else 2)


def test_a_public_read_of_a_keyed_api_still_finds_what_a_signed_in_caller_wrote(apis):
    store = StateStore.open()
    made = _run(apis, "petstore", "pets", "create", store, body={"name": "Kept"}, credential="k").vars["resource"]
    public = _run(apis, "petstore", "pets", "get", store, credential=None, path_params={"petId": made["id"]})
    assert public.problem is None and public.vars["resource"]["name"] == "Kept"


def test_new_numeric_ids_count_past_every_id_held_without_reading_the_collection(apis):
    store = StateStore.open()

    def stored(record_id: int) -> None:  # as state written before the kept highest id existed, or a hand-written rule
        with store.transaction() as tx:
            data = {"id": record_id, "name": "stored"}
            tx.put("resources", f"petstore.pets|k|{record_id}", {"seq": 1, "created_ts": 1.0, "data": data, "keys": {}})

    def created() -> int:  # unseeded: seeds would count past the held ids too
        return _run(apis, "petstore", "pets", "create", store, body={"name": "new"}, seed_data=0).vars["resource"]["id"]

    stored(1000)
    assert created() == 1001  # the collection read once, its highest number kept
    assert store.peek("resource_top", "petstore.pets|k|") == 1001
    stored(1002)  # past the kept number, by someone else
    assert created() == 1003
    assert store.peek("resource_top", "petstore.pets|k|") == 1003


def test_a_hand_written_get_or_delete_reads_the_one_record_it_names(apis):
    # The `resource.get` / `resource.delete` effects of a scenario file, on a collection of 300 records.
    store = StateStore.open()
    with store.transaction() as tx:
        for n in range(300):
            record = {"seq": n, "created_ts": 1.0, "data": {"id": f"c{n}", "name": f"n{n}"}, "keys": {}}
            tx.put("resources", f"demo.things|k|c{n}", record)
    operation = apis["petstore"].operations[0]
    for effect in (resources_get, resources_delete):
        with store.transaction() as tx:
            view = CountingView(tx)
            facts = RequestFacts(
                api="petstore",
                operation_id=operation.operation_id,
                method="GET",
                path="/",
                path_params={"id": "c150"},
                query={},
                headers={},
                body=None,
                credential="k",
            )
            params = {"collection": "demo.things"}
            result = effect(EffectInput(params, view, facts, operation, {"now": "2026-12-01T00:00:00Z"}, 1.0, 1))
            assert result.problem is None and result.vars["resource"]["name"] == "n150"
            assert view.entries_read <= 2, effect.__name__


def test_a_read_without_a_credential_finds_any_callers_record_through_the_id_index(apis):
    # A keyed API: what signed-in callers wrote is public. 500 records of two callers; a public read of one
    # reads the id's index entry and the record, not the collection.
    store = StateStore.open()
    made = []
    for n in range(250):
        for key in ("k", "other"):
            made.append(_run(apis, "petstore", "pets", "create", store, body={"name": f"{key} {n}"}, credential=key))
    wanted = next(r.vars["resource"] for r in made if r.vars["resource"]["name"] == "other 200")
    public = {"credential": None, "path_params": {"petId": wanted["id"]}}
    found = _run(apis, "petstore", "pets", "get", store, **public).vars["resource"]
    assert found["id"] == wanted["id"] and found["name"].endswith(" 200")  # the first caller (by key) holding it
    assert _entries_read(apis, "get", store, **public) <= 10
    assert _run(apis, "petstore", "pets", "get", store, credential=None, path_params={"petId": 999999}).problem


def test_an_id_index_missing_from_older_state_is_built_once_and_retention_keeps_it_in_step(apis):
    store = StateStore.open()
    mine = _run(apis, "petstore", "pets", "create", store, body={"name": "Kept"}, credential="k").vars["resource"]
    store.reset(("resource_ids",))  # state written before there was an index
    public = {"credential": None, "path_params": {"petId": mine["id"]}}
    assert _run(apis, "petstore", "pets", "get", store, **public).vars["resource"]["name"] == "Kept"
    assert store.peek("resource_ids", "petstore.pets|") is True
    assert _entries_read(apis, "get", store, **public) <= 10
    # Retention forgets the record (a newer one is kept): the index forgets its key, and the public read is a 404.
    from mock.scenario.effects.resources import evicted

    _run(apis, "petstore", "pets", "create", store, body={"name": "Newer"}, credential="k")
    with store.transaction() as tx:
        changes = evicted(tx, keep=1)
        tx.apply(changes)
    key = f"petstore.pets|k|{mine['id']}"
    assert Delete("resources", key) in changes
    assert key not in (store.peek("resource_ids", f"petstore.pets|{mine['id']}") or [])
    assert _run(apis, "petstore", "pets", "get", store, **public).problem.status == 404


def test_a_public_read_passes_over_index_entries_whose_records_are_gone(apis):
    # An entry can outlive its record (the admin API reset the records alone): caller a's key, sorted first,
    # names nothing any more, and caller b's record is the one a read without a credential finds.
    store = StateStore.open()
    made = _run(apis, "petstore", "pets", "create", store, body={"name": "b's"}, credential="b").vars["resource"]
    entry = f"petstore.pets|{made['id']}"
    assert store.peek("resource_ids", entry) == [f"petstore.pets|b|{made['id']}"]
    with store.transaction() as tx:
        tx.put("resource_ids", entry, [f"petstore.pets|a|{made['id']}", f"petstore.pets|b|{made['id']}"])
    public = _run(apis, "petstore", "pets", "get", store, credential=None, path_params={"petId": made["id"]})
    assert public.problem is None and public.vars["resource"]["name"] == "b's"


OWNERS = """
openapi: 3.0.1
info: {title: clinic, version: '1'}
paths:
  /owners:
    get:
      operationId: listOwners
      responses:
        '200':
          description: all
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Owner'}}}}
    post:
      operationId: addOwner
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}}
  /owners/{ownerId}:
    get:
      operationId: getOwner
      parameters: [{name: ownerId, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}}
components:
  schemas:
    Owner:
      type: object
      required: [firstName, lastName, city]
      properties:
        id: {type: integer, readOnly: true, example: 1}
        firstName: {type: string, example: George}
        lastName: {type: string, example: Franklin}
        city: {type: string, example: Madison}
        vetId: {type: integer, example: 7}
"""


def test_seeds_after_the_first_are_not_copies_of_the_field_examples(tmp_path):
    # Spring PetClinic's owners: every seeded owner was George Franklin of Madison, its fields' examples
    (tmp_path / "clinic.yaml").write_text(OWNERS)
    apis = load_apis(tmp_path)
    owners = resource(apis, "clinic", "owners")
    operations = {o.operation_id: o for o in apis["clinic"].operations}
    seeds = seed_records(owners, operations, CrudOptions(seed=1, seed_data=5), {})
    assert seeds[0]["firstName"] == "George" and seeds[0]["lastName"] == "Franklin"
    assert len({(s["firstName"], s["lastName"]) for s in seeds}) == 5
    assert all(is_valid(owners.record_schema, s) for s in seeds)
    # but a reference to another record keeps the example's, one that exists (PetClinic's pets' `ownerId: 1`)
    assert [s["vetId"] for s in seeds] == [7] * 5
