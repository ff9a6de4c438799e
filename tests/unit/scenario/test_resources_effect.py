"""The inferred-CRUD pieces of mock.scenario.effects.resources, alone: merge patch, ids, seeding, paging."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock.scenario.effects.resources import (
    CrudOptions,
    EffectInput,
    crud,
    decode_cursor,
    merge_patch,
    new_id,
    seed_records,
)
from mock.scenario.model import RequestFacts
from mock.scenario.store import Put, StateStore
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
    assert new_id(pets, {"1", "7", "3"}, "x") == 8


def test_an_integer_id_never_passes_its_type_ceiling(apis):
    # a client created a record with int64's largest id: the next one counts on from the mock's own sequence
    pets = resource(apis, "petstore", "pets")
    assert pets.id_schema.get("format") == "int64"
    ceiling = str(2**63 - 1)
    assert new_id(pets, {"1", "2", ceiling}, "x", issued=2) == 3
    assert new_id(pets, {"3", "4", ceiling}, "x", issued=2) == 5  # held ids are skipped
    posts = resource(apis, "feed", "posts")  # id: pattern ^post_[a-z0-9]{8}$
    made = new_id(posts, set(), "m")
    assert is_valid(posts.id_schema, made) and new_id(posts, {made}, "m") != made


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


def _run(apis, api: str, name: str, role: str, store: StateStore, **request: object):
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
        credential="k",
    )
    params = {
        "resource": found,
        "role": role,
        "options": CrudOptions(seed=0, seed_data=int(request.get("seed_data", 5))),  # type: ignore[call-overload]
        "operations": {o.operation_id: o for o in apis[api].operations},
    }
    with store.transaction() as tx:
        result = crud(EffectInput(params, tx, facts, operation, {"now": "2026-12-01T00:00:00Z"}, 1.0, 1))
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
