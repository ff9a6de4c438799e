"""After a create, update, action or delete, every read of an inferred resource comes from the state.

Property-based, over the small specs in tests/data/specs (Petstore-like writes on the collection and in
the query, extra lists with filters, actions, client-chosen ids, wrapped bodies, nested records whose id
field is not `id`, form bodies): hypothesis draws a sequence of writes, and after each one

- every item read answers exactly the record the last write of it answered, and that answer holds what
  the write sent (ids asked for are ids answered);
- the list, walked page by page, holds exactly the records made so far, each as the item read answers
  it, and a total beside it counts them;
- the other lists (`/animals/findByStatus`) and the list's filters answer exactly the matching records;
- a deleted record is a 404, by every read.

Each example runs under its own API key, so it starts from an empty workspace (`seed_data=0`).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock.spec.model import Api, Operation
from mock.spec.resources import ACTION, CREATE, DELETE, GET, LIST, REPLACE, UPDATE, Resource, infer_resources
from tests.integration.test_inferred_resources import (
    SAMPLES,
    Caller,
    _apis,
    _at,
    _at_or_none,
    _fields,
    _operation,
    _same,
    _walk_records,
    sent_body,
)
from tests.integration.test_inferred_resources import (
    _app as app_for,
)
from tests.spec_requests import valid_request

_keys = itertools.count()


FOLDERS = (SAMPLES, SAMPLES / "conduit", SAMPLES / "payments")  # each a `specmock serve --specs DIR`


def _cases() -> list[tuple[Path, str, str]]:
    cases = []
    for folder, name, api in sorted((f, n, a) for f in FOLDERS for n, a in _apis(f).items()):
        resources = {r.name: r for r in infer_resources(api)}
        for resource in resources.values():
            parent = resources.get(resource.parent or "")
            parent_creatable = not resource.parent_params or (parent is not None and parent.operations.get(CREATE))
            if resource.operations.get(CREATE) and resource.operations.get(GET) and parent_creatable:
                cases.append((folder, name, resource.name))
    return cases


class Workspace:
    """One API key's records of one resource, and what the reads must answer."""

    def __init__(self, api: Api, resource: Resource, resources: dict[str, Resource], caller: Caller) -> None:
        self.api, self.resource, self.caller = api, resource, caller
        self.ops = {role: [_operation(api, i) for i in ids] for role, ids in resource.operations.items()}
        self.records: dict[str, dict[str, Any]] = {}  # str(id) -> the record the last write answered
        self.gone: list[Any] = []
        self.where: dict[str, Any] = {}
        parent = resources.get(resource.parent or "")
        if resource.parent_params and parent is not None:
            made, _ = caller.call(_operation(api, parent.operations[CREATE][0]), {})
            assert 200 <= made.status_code < 300, made.text
            record = _at(made.json(), parent.record_paths.get(parent.operations[CREATE][0]))
            self.where = {resource.parent_params[-1]: record[parent.id_field]}

    def item(self, record_id: Any) -> dict[str, Any]:
        return {**self.where, **({self.resource.id_param: record_id} if self.resource.id_param else {})}

    def answered(self, operation: Operation, response: Any) -> dict[str, Any]:
        return dict(_at(response.json(), self.resource.record_paths.get(operation.operation_id)))

    # ---------------------------------------------------------------- writes

    def create(self, seed: int) -> None:
        creator = self.ops[CREATE][0]
        body = sent_body(self.api, creator, seed)
        made, body = self.caller.call(creator, self.where, body)
        if made.status_code == 409:  # a client-chosen id already taken, and the spec says so
            assert str(_fields(body)[self.resource.id_field]) in self.records
            return
        assert 200 <= made.status_code < 300, made.text
        record = self.answered(creator, made)
        for name, value in _fields(body).items():
            if name in record and name not in self.resource.server_fields:
                assert _same(record[name], value), (name, record[name], value)
        self.records[str(record[self.resource.id_field])] = record

    def write(self, pick: int, which: int, seed: int) -> None:
        writers = self.ops[UPDATE] + self.ops[REPLACE]
        if not writers or not self.records:
            return
        writer = writers[which % len(writers)]
        record_id = self._pick(pick)[self.resource.id_field]
        if writer.request_body is None:
            query = {k: v for k, v in valid_request(self.api, writer, seed).query}
            written, _ = self.caller.call(writer, self.item(record_id), **query)
            sent: dict[str, Any] = query
        else:
            body = sent_body(self.api, writer, seed)
            if writer.path == self.resource.collection_path:
                _fields(body)[self.resource.id_field] = record_id
                if isinstance(body, dict) and self.resource.id_field not in body and len(body) != 1:
                    body[self.resource.id_field] = record_id
            written, body = self.caller.call(writer, self.item(record_id), body)
            sent = _fields(body)
        assert written.status_code == 200, written.text
        record = self.answered(writer, written)
        assert record[self.resource.id_field] == record_id
        for name, value in sent.items():
            if name in record and name not in self.resource.server_fields and name != self.resource.id_field:
                assert value is None or _same(record[name], value), (name, record[name], value)
        self.records[str(record_id)] = record

    def act(self, pick: int, which: int) -> None:
        if not self.ops[ACTION] or not self.records:
            return
        action = self.ops[ACTION][which % len(self.ops[ACTION])]
        before = self._pick(pick)
        acted, _ = self.caller.call(action, self.item(before[self.resource.id_field]))
        assert acted.status_code == 200, acted.text
        after = self.answered(action, acted)
        on = action.method != "DELETE"
        flags = [k for k, v in after.items() if isinstance(v, bool) and k != self.resource.id_field]
        for flag in flags:
            counter = next((k for k in after if k.lower().startswith(flag.lower()[:4]) and "count" in k.lower()), None)
            if after[flag] == on and counter is not None:
                moved = (1 if on else -1) if before[flag] != on else 0
                assert after[counter] == max(before[counter] + moved, 0), (flag, counter, before, after)
        self.records[str(after[self.resource.id_field])] = after

    def delete(self, pick: int) -> None:
        if not self.ops[DELETE] or not self.records:
            return
        record_id = self._pick(pick)[self.resource.id_field]
        gone, _ = self.caller.call(self.ops[DELETE][0], self.item(record_id))
        assert 200 <= gone.status_code < 300, gone.text
        del self.records[str(record_id)]
        self.gone.append(record_id)

    def _pick(self, pick: int) -> dict[str, Any]:
        return list(self.records.values())[pick % len(self.records)]

    # ---------------------------------------------------------------- reads

    def check(self) -> None:
        resource = self.resource
        for record in self.records.values():
            for getter in self.ops[GET]:
                got, _ = self.caller.call(getter, self.item(record[resource.id_field]))
                assert got.status_code == 200, got.text
                assert self.answered(getter, got) == record
        for record_id in self.gone:
            for getter in self.ops[GET]:
                assert self.caller.call(getter, self.item(record_id))[0].status_code == 404
        main = [o for o in self.ops[LIST] if o.operation_id not in resource.other_lists]
        for lister in main:
            listed = _walk_records(self.caller, resource, lister, self.where)
            assert sorted(map(repr, listed)) == sorted(map(repr, self.records.values()))
            if resource.paging.total_field:
                answer, _ = self.caller.call(lister, self.where)
                assert _at_or_none(answer.json(), resource.paging.total_field) == len(self.records)
        for lister in self.ops[LIST]:
            self._check_filters(lister)

    def _check_filters(self, lister: Operation) -> None:
        """Each filter the list takes, asked with a value a record holds, answers exactly the records holding it."""
        resource = self.resource
        takes = {p.name: p for p in lister.parameters if p.location == "query"}
        items_at = resource.other_lists.get(lister.operation_id, resource.items_path)
        for param, field in resource.filters.items():
            if param not in takes:
                continue
            values = [r[field] for r in self.records.values() if isinstance(r.get(field), (str, int, bool))]
            for value in values[:2]:
                answer, _ = self.caller.call(
                    lister, self.where, **{param: str(value).lower() if isinstance(value, bool) else value}
                )
                assert answer.status_code == 200, answer.text
                found = _at(answer.json(), items_at)
                wanted = [r for r in self.records.values() if _same(r.get(field), value)]
                assert sorted(map(repr, found)) == sorted(map(repr, wanted)), (param, value)
        required = [p for p in takes.values() if p.required and p.name not in resource.filters]
        assert not required, f"{lister.operation_id} needs {required[0].name}, which no filter fills"


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.integers(0, 10**6)),
        st.tuples(st.just("write"), st.integers(0, 50), st.integers(0, 3), st.integers(0, 10**6)),
        st.tuples(st.just("act"), st.integers(0, 50), st.integers(0, 3)),
        st.tuples(st.just("delete"), st.integers(0, 50)),
    ),
    min_size=1,
    max_size=5,
)


@pytest.mark.parametrize(("specs", "api_name", "resource_name"), _cases(), ids=lambda v: getattr(v, "name", v))
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
def test_reads_after_writes_come_from_the_state(
    specs: Path, api_name: str, resource_name: str, steps: list[Any]
) -> None:
    api = _apis(specs)[api_name]
    resources = {r.name: r for r in infer_resources(api)}
    # An app of its own (the precision, the default, only makes the configuration another one): other tests
    # read the seed_data=0 app's anonymous workspace, which these examples fill.
    with app_for(specs, api_name, seed_data=0, datetime_precision="ms") as client:
        # An API without security keeps one anonymous workspace, which earlier examples would have filled.
        client.app.state.server.scenarios.reset()
        caller = Caller(client, api, key=f"sk_live_reads_{next(_keys)}")
        space = Workspace(api, resources[resource_name], resources, caller)
        space.create(1)
        for step in steps:
            getattr(space, step[0])(*step[1:])
            space.check()


def test_the_samples_cover_the_shapes_that_used_to_be_generated() -> None:
    """The specs above hold each case a read used to be generated for: if inference stops seeing one, say so."""
    zoo = {r.name: r for r in infer_resources(_apis(SAMPLES)["zoo"])}
    animals, keepers, feedings = zoo["animals"], zoo["keepers"], zoo["enclosure_feedings"]
    assert set(animals.other_lists) == {"findAnimalsByStatus", "findAnimalsByTags"}
    assert "updateAnimal" in animals.operations[REPLACE]  # PUT /animals, the id in the body
    assert "updateAnimalWithQuery" in animals.operations[UPDATE]  # POST /animals/{animalId}?name=…
    assert set(animals.operations[ACTION]) == {"likeAnimal", "unlikeAnimal"}
    assert (keepers.id_field, keepers.record_paths["createKeeper"]) == ("username", "keeper")
    assert (feedings.id_field, feedings.parent) == ("feeding_id", "enclosures")
    assert any(re.search("form", m) for m in _operation(_apis(SAMPLES)["zoo"], "logFeeding").request_body.content)
