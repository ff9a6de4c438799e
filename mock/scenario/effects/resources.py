"""Stateful resources: create → get → list (newest first, paginated) → delete → 404.

A collection is a name (`aeriox.characters`); records live under the caller's API key (a
workspace sees only its own, and another's ids are 404, as the APIs promise). The record
stored is what the rule's `fields` template renders (optionally starting from the request
body), fitted to the response schema; its id is the one the create call answered with. A
record can follow a job (a character trains): reads then map the job's status onto the
record, and reading it counts as a poll of that job.
"""

from __future__ import annotations

import base64
import functools
import json
import operator
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol, cast
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import jsonpatch
import jsonpointer

from mock.echo import (
    action_of,
    declared_fields,
    echo_body_into,
    first_page_number,
    fresh_record,
    holds_attributes,
    into_resource_object,
    kind_named,
    left_unset,
    moments_acted,
    moments_ended,
    moments_flagged,
    no_page_as_declared,
    object_schema,
    record_field_name,
    request_schema,
    sent_as_declared,
)
from mock.fake_data import (
    agree_references,
    another_id,
    cohere,
    expiries_ahead,
    fake_value,
    moment_value,
    without_write_only,
)
from mock.field_rules import DEFAULT_REALISM, Realism
from mock.identity_cache import IdentityCache
from mock.problems import Problem, Violation
from mock.scenario.bodies import coerce, project, repair
from mock.scenario.effects import jobs as job_effects
from mock.scenario.effects.base import (
    SHARED_SCOPE,
    Effect,
    EffectInput,
    EffectResult,
    StateEntries,
    StateNamespace,
    caller_scope,
    declares,
    declares_exactly,
    least_active,
)
from mock.scenario.model import MISSING, RequestFacts, place
from mock.scenario.retention import oldest_beyond
from mock.scenario.store import Delete, Mutation, OverlayView, Put, StateView
from mock.scenario.templates import render
from mock.schema_validation import answer_back_view, folded, is_valid, response_view
from mock.spec.model import Operation, Schema, is_json_patch
from mock.spec.names import spelling_key
from mock.spec.operations import path_parameter_names, template_below, template_shape
from mock.spec.refs import deref
from mock.spec.resources import (
    ACTION,
    BATCH_BODY,
    BELOW,
    CLEAR,
    COPY,
    COUNT,
    CREATE,
    DELETE,
    DIGITS,
    GET,
    LIMIT_PARAMS,
    LIST,
    LISTED_ALONE,
    REPLACE,
    SPAWN,
    UPDATE,
    Cancellation,
    Lifecycle,
    PageFact,
    Paging,
    Resource,
    Stamp,
    acted_on_fields,
    at_path,
    ends_in_parameter,
    field_schema,
    first_query_parameter,
    format_suffix,
    is_path_parameter,
    names_own_id,
    page_facts,
    parent_path,
    record_media,
    singular,
    stamp_of,
    value_at,
)
from mock.spec.schemas import declared_properties, item_schema, schema_types


def _scope(inp: EffectInput) -> str:
    return caller_scope(inp.request.credential, inp.params.get("per_key", True))


def _prefix(inp: EffectInput) -> str:
    return f"{inp.params['collection']}|{_scope(inp)}|"


def evicted(
    state: StateView, keep: int, keep_callers: int | None = None, collection_apis: Mapping[str, str] | None = None
) -> list[Mutation]:
    """What retention forgets of the stateful records: each API's records beyond the newest `keep` created or
    seeded, across its collections and callers, and its seeding marks beyond the newest `keep`; with
    `keep_callers`, all of that of each API's callers beyond the `keep_callers` most recently active.

    `collection_apis`: the API of each collection; a collection it does not name is an API of its own. Bounded
    per collection and caller instead, a fuzzer reading ever new parent ids of a spec with a hundred collections
    could keep a million records.
    """
    apis = collection_apis or {}
    stored = state.items("resources")
    records: dict[str, list[tuple[tuple[float, int], str]]] = {}  # `<collection>|<scope>` -> (made, key)
    for key, record in stored:
        records.setdefault(key.rsplit("|", 1)[0], []).append((_made(record), key))
    marks: dict[str, list[tuple[tuple[float, int], str]]] = {}  # `<collection>|<scope>` -> (made, key)
    for key, mark in state.items("resource_seeded"):
        scoped, seeded_at = _seeding(key, mark)
        marks.setdefault(scoped, []).append(((seeded_at, 0), key))
    gone: list[str] = []
    marks_gone: list[str] = []
    tops_gone: list[str] = []
    if keep_callers is not None:
        tops = set(state.keys("resource_top"))
        for scoped in _least_active_callers(records, marks, keep_callers, apis):
            gone += [key for _, key in records.pop(scoped, [])]
            marks_gone += [key for _, key in marks.pop(scoped, [])]
            if f"{scoped}|" in tops:  # its numbering too: seen again, a caller starts anew
                tops_gone.append(f"{scoped}|")
    gone += oldest_beyond(_per_api(records, apis), keep)
    marks_gone += oldest_beyond(_per_api(marks, apis), keep)
    # A seeding whose every record retention forgets is forgotten too: read again, that collection is seeded
    # anew. One forgotten in part stays, so a read shows what is left of it, as of any collection.
    gone_keys = set(gone)
    emptied = {_seeding_of(key, record) for key, record in stored if key in gone_keys}
    emptied.intersection_update(key for ranked in marks.values() for _, key in ranked)
    emptied.difference_update(marks_gone)
    if emptied:
        touched = {key.rsplit("|", 1)[0] for key in gone_keys}
        emptied.difference_update(
            _seeding_of(key, record)
            for key, record in stored
            if key not in gone_keys and key.rsplit("|", 1)[0] in touched
        )
        marks_gone += sorted(mark for mark in emptied if mark is not None)
    changes: list[Mutation] = [Delete("resources", key) for key in gone]
    changes += [Delete("resource_seeded", key) for key in marks_gone]
    changes += [Delete("resource_top", key) for key in tops_gone]
    # The id index (how a caller without a credential finds every caller's record) forgets them too.
    forgotten: dict[str, set[str]] = {}
    for key in gone:
        forgotten.setdefault(_id_entry(key.split("|", 1)[0], _id_of(key)), set()).add(key)
    held = state.get_many("resource_ids", list(forgotten))  # read together: a sweep may forget thousands
    for entry, keys in forgotten.items():
        holders = held.get(entry)
        if isinstance(holders, list):
            kept = [k for k in holders if k not in keys]
            changes.append(Put("resource_ids", entry, kept) if kept else Delete("resource_ids", entry))
    return changes


def _seeding_of(key: str, record: dict[str, Any]) -> str | None:
    """The seeding mark of a seeded record (one with no creation time), None for a created one."""
    return None if record.get("created_ts") else _seeding_mark(key.rsplit("|", 1)[0], record.get("keys") or {})


def _seeding_mark(scoped: str, parents: dict[str, Any]) -> str:
    """The key of the mark that `<collection>|<scope>` was seeded under these parent ids."""
    return f"{scoped}|{json.dumps(parents, sort_keys=True)}"


def _made(record: dict[str, Any]) -> tuple[float, int]:
    """When a stored record was created or seeded (seeded ones keep `created_ts` 0 to list after created ones),
    then its number in its collection: what retention ranks records by."""
    return float(record.get("seeded_ts") or record.get("created_ts") or 0.0), int(record.get("seq", 0))


def _per_api(
    groups: dict[str, list[tuple[tuple[float, int], str]]], collection_apis: Mapping[str, str]
) -> dict[str, list[tuple[tuple[float, int], str]]]:
    """`<collection>|<scope>` groups merged by their collection's API."""
    merged: dict[str, list[tuple[tuple[float, int], str]]] = {}
    for scoped, ranked in groups.items():
        collection = scoped.partition("|")[0]
        merged.setdefault(collection_apis.get(collection, collection), []).extend(ranked)
    return merged


def _least_active_callers(
    records: dict[str, list[tuple[tuple[float, int], str]]],
    marks: dict[str, list[tuple[tuple[float, int], str]]],
    keep: int,
    collection_apis: Mapping[str, str],
) -> list[str]:
    """The `<collection>|<scope>` groups of each API's callers beyond its `keep` most recently active.

    A caller is ranked by its newest create or seeding in any of the API's collections, so a fuzzer that reads
    each collection with a new credential keeps `keep` callers' records in all, not `keep` in each collection.
    """
    newest: dict[tuple[str, str], tuple[float, int]] = {}  # (API, scope) -> its newest create or seeding
    groups: dict[tuple[str, str], dict[str, None]] = {}  # (API, scope) -> its `<collection>|<scope>` groups
    for scoped, ranked in [*records.items(), *marks.items()]:
        collection, _, scope = scoped.partition("|")
        caller = (collection_apis.get(collection, collection), scope)
        newest[caller] = max(newest.get(caller, ranked[0][0]), *(made for made, _ in ranked))
        groups.setdefault(caller, {})[scoped] = None
    if len(newest) <= keep:  # fewer callers than that in every API together: none to rank
        return []
    named = {json.dumps(caller): caller for caller in newest}  # least_active ranks keys: one per caller
    activity = ((api, scope, newest[(api, scope)], key) for key, (api, scope) in named.items())
    return [scoped for key in least_active(activity, keep) for scoped in groups[named[key]]]


def _seeding(key: str, mark: Any) -> tuple[str, float]:
    """(`<collection>|<scope>`, when) of a seeding mark. A mark is `{"of": …, "at": …}`; one written before marks
    said so (`true`) gives its group from its key, `<collection>|<scope>|<parents as JSON>`, and no time."""
    if isinstance(mark, dict) and isinstance(mark.get("of"), str):
        return mark["of"], float(mark.get("at") or 0.0)
    return key[: key.find("|{", key.find("|") + 1)], 0.0  # the parents' JSON may hold `|{`; a credential hardly


def _id(inp: EffectInput) -> str | None:
    name = inp.params.get("id_param", "id")
    value = inp.request.path_params.get(name)
    return None if value is None else str(value)


def _noun(inp: EffectInput) -> str:
    return str(inp.params.get("noun") or inp.params["collection"].rsplit(".", 1)[-1].rstrip("s"))


def _matches_where(inp: EffectInput, record: dict[str, Any]) -> bool:
    """The record's keys (kept apart from its data, which conforming may rewrite) match `where`.

    A `where` value equal to the `wildcard` parameter (Runflow's `any` model id) matches every record.
    """
    where = render(inp.params.get("where") or {}, inp.context)
    wildcard = inp.params.get("wildcard")
    known = {**record.get("data", {}), **record.get("keys", {})}
    return all(v == wildcard or known.get(k) == v for k, v in where.items())


def _with_job(inp: EffectInput, record: dict[str, Any], poll: bool) -> tuple[dict[str, Any], list[Mutation]]:
    """The record's data with the linked job's status mapped onto it."""
    data = dict(record["data"])
    job_key = record.get("job_key")
    mapping = inp.params.get("status_from_job") or {}
    if not job_key or not mapping:
        return data, []
    job = inp.state.get("jobs", job_key)
    if job is None:
        return data, []
    updated, reached = job_effects.advance(job, inp.now, poll, inp.context["now"])
    field = inp.params.get("status_field", "status")
    if updated["status"] in mapping:
        data[field] = mapping[updated["status"]]
    changes = job_effects.settle(inp.state, job, updated, reached, inp.context["now"]) if (poll or reached) else []
    return data, changes


def create(inp: EffectInput) -> EffectResult:
    resource_id = job_effects.make_id(
        "resource", inp.params["collection"], inp.call_count, inp.now, inp.request.credential, repr(inp.request.body)
    )
    context = {**inp.context, "resource": {"id": resource_id}}
    data: dict[str, Any] = {}
    if inp.params.get("from_body", False) and isinstance(inp.request.body, dict):
        data.update(inp.request.body)
    data.update(render(inp.params.get("fields") or {}, context))
    data.setdefault("id", resource_id)
    if inp.params.get("conform", True):
        schema = _success_schema(inp)
        data = project(data, at_path(schema, inp.params.get("response_path", "")))
    counter = int(inp.state.get("resource_seq", inp.params["collection"], 0)) + 1
    record = {
        "seq": counter,
        "created_ts": inp.now,
        "data": data,
        "keys": render(inp.params.get("keys") or {}, context),
    }
    job = inp.context.get("job")
    if inp.params.get("link_job") and isinstance(job, dict) and job.get("id"):
        record["job_key"] = job_effects.job_key(inp, job["id"])
    elif inp.params.get("status_without_job"):
        data[inp.params.get("status_field", "status")] = inp.params["status_without_job"]
    changes: list[Mutation] = [
        Put("resource_seq", inp.params["collection"], counter),
        Put("resources", _prefix(inp) + str(data["id"]), record),
    ]
    return EffectResult(vars={"resource": data}, mutations=changes)


def _success_schema(inp: EffectInput) -> Any:
    return _success_schema_of(inp.operation)


def _success_schema_of(operation: Operation) -> Any:
    """The schema of the operation's first 2xx answer in JSON, else in the type it holds records in (`record_media`);
    None when it has none."""
    for status, spec in sorted(operation.responses.items()):
        if status.startswith("2"):
            media = record_media(spec)
            return media.schema if media else None
    return None


def get(inp: EffectInput) -> EffectResult:
    resource_id = _id(inp)
    if resource_id is None:
        return EffectResult(skip=True)
    record, seeding = _live_record(inp, _prefix(inp) + resource_id)
    if record is None or not _matches_where(inp, record):
        return EffectResult(
            problem=Problem(404, "not_found", f"No {_noun(inp)} with id {resource_id} exists in this workspace"),
            mutations=seeding,
        )
    data, changes = _with_job(inp, record, poll=True)
    return EffectResult(vars={"resource": data}, mutations=[*seeding, *changes])


def _seeded(inp: EffectInput) -> tuple[dict[str, Any], list[Mutation]]:
    """The records of the rule's collection (key -> record), seeded first when it is an inferred collection."""
    resource = inp.params.get("inferred")
    if resource is None:
        return dict(inp.state.items("resources", _prefix(inp))), []
    collection = _Collection(inp, resource, inp.params["options"], _parent_values(inp, resource))
    return {k: r for k, r in collection.records.items() if not r.get("gone")}, collection.mutations


def _live_record(inp: EffectInput, key: str) -> tuple[dict[str, Any] | None, list[Mutation]]:
    """The record stored under `key` (None if absent or deleted), the rule's collection seeded first when it
    is an inferred one: one entry read, however many the collection holds."""
    resource = inp.params.get("inferred")
    if resource is None:
        record, seeding = inp.state.get("resources", key), []
    else:
        collection = _Collection(inp, resource, inp.params["options"], _parent_values(inp, resource))
        record, seeding = collection.stored(key), collection.mutations
    return (record if isinstance(record, dict) and not record.get("gone") else None), seeding


def delete(inp: EffectInput) -> EffectResult:
    resource_id = _id(inp)
    if resource_id is None:
        return EffectResult(skip=True)
    key = _prefix(inp) + resource_id
    record, seeding = _live_record(inp, key)
    if record is None or not _matches_where(inp, record):
        return EffectResult(
            problem=Problem(404, "not_found", f"No {_noun(inp)} with id {resource_id} exists in this workspace"),
            mutations=seeding,
        )
    return EffectResult(vars={"resource": record["data"]}, mutations=[*seeding, Delete("resources", key)])


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        offset = json.loads(base64.urlsafe_b64decode(padded.encode()))["o"]
        return offset if isinstance(offset, int) and offset >= 0 else None
    except (ValueError, KeyError, TypeError):
        return None


def cursor_offset(cursor: Any, total: int, keys: Iterable[Any] = (), starts_at_key: bool = False) -> int:
    """Where a list's cursor points. One this list never issued that is the key of one of its records (`keys`, in
    the list's order) points after that record: Stripe's `starting_after` and S3's `marker` are the last key the
    client saw; at that record where the cursor names the page's first (`starts_at_key`: Mollie's and Meilisearch's
    `from`). Any other (kept from before a restart, say) points past the end: an empty last page. The spec accepts
    any string there, so a 400 would refuse a valid request."""
    decoded = decode_cursor(str(cursor))
    if decoded is not None:
        return decoded
    after = 0 if starts_at_key else 1
    return next((at + after for at, key in enumerate(keys) if str(key) == str(cursor)), total)


def list_(inp: EffectInput) -> EffectResult:
    stored, seeding = _seeded(inp)
    records = [r for r in stored.values() if _matches_where(inp, r)]
    records.sort(key=lambda r: (-r["created_ts"], -r["seq"]))
    query = inp.request.query
    limit = int(query.get(inp.params.get("limit_param", "limit"), inp.params.get("default_limit", 20)))
    offset = 0
    if inp.params.get("pagination", "cursor") == "offset":
        offset = int(query.get(inp.params.get("offset_param", "offset"), 0))
    else:
        cursor = query.get(inp.params.get("cursor_param", "cursor"))
        if cursor:
            offset = cursor_offset(cursor, len(records))
    page = records[offset : offset + limit]
    items = []
    changes: list[Mutation] = list(seeding)
    for record in page:
        data, _ = _with_job(inp, record, poll=False)
        items.append(data)
    has_next = offset + limit < len(records)
    return EffectResult(
        vars={
            "page": {
                "items": items,
                "count": len(records),
                "limit": limit,
                "offset": offset,
                "next_cursor": encode_cursor(offset + limit) if has_next else None,
                "previous_cursor": encode_cursor(max(offset - limit, 0)) if offset > 0 else None,
                "first_cursor": encode_cursor(0),
            }
        },
        mutations=changes,
    )


_COMMON = {
    "collection": {"type": "string", "minLength": 1},
    "per_key": {"type": "boolean"},
    "id_param": {"type": "string"},
    "noun": {"type": "string"},
    "where": {"type": "object"},
    "keys": {"type": "object"},
    "wildcard": {"type": "string"},
    "status_field": {"type": "string"},
    "status_from_job": {"type": "object", "additionalProperties": {"type": "string"}},
}


def _schema(required: tuple[str, ...] = ("collection",), **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(required),
        "properties": {**_COMMON, **extra},
        "additionalProperties": False,
    }


HAND_WRITTEN_EFFECTS: tuple[Effect, ...] = (
    Effect(
        "resource.create",
        create,
        _schema(
            fields={"type": "object"},
            from_body={"type": "boolean"},
            conform={"type": "boolean"},
            response_path={"type": "string"},
            link_job={"type": "boolean"},
            status_without_job={"type": "string"},
        ),
        description="store a new record (`resource.*`) under a fresh id",
    ),
    Effect("resource.get", get, _schema(), statuses=(404,), description="read a record; 404 when absent"),
    Effect(
        "resource.list",
        list_,
        _schema(
            pagination={"enum": ["cursor", "offset"]},
            limit_param={"type": "string"},
            cursor_param={"type": "string"},
            offset_param={"type": "string"},
            default_limit={"type": "integer", "minimum": 1},
        ),
        description="a page of records, newest first, as `page.*`",
    ),
    Effect("resource.delete", delete, _schema(), statuses=(404,), description="delete a record; 404 when absent"),
)


# ================================================================ inferred resources (mock.spec.resources)
#
# `resource.crud` runs every operation of a `Resource` the spec subsystem inferred: the engine builds one
# rule per operation with params {resource, parent, role, options}. Records are stored exactly as the
# effects above store them (`resources` namespace, `<collection>|<scope>|<id>` -> {seq, created_ts, data,
# keys}), so hand-written rules and inferred ones share a collection. A collection is seeded the first
# time a scope (API key) touches it, with `options.seed_data` records: spec examples that fit the record
# schema first, then generated ones, all derived from `options.seed`, so a restart gives the same records.


@dataclass(frozen=True)
class CrudOptions:
    seed: int = 0
    seed_data: int = 5
    unknown_ids: str = "404"  # 404: a 404 where declared; generate: Prism-style; always-404: a 404 even where not
    per_key: bool = True
    datetime_precision: str = "ms"  # server timestamps, as the static mock writes date-times


# Roles whose record is made from the static answer to the request (RequestFacts.generated): a create, and a
# replace of an id the state does not hold (an upsert).
# A job another write makes (SPAWN) takes what that write's answer says of it.
RECORD_MAKING_ROLES = frozenset({CREATE, REPLACE, SPAWN})


def _number(material: str) -> int:
    return zlib.crc32(material.encode())


def _scope_of(inp: EffectInput, options: CrudOptions) -> str:
    return caller_scope(inp.request.credential, options.per_key)


def _parent_values(inp: EffectInput, resource: Resource) -> dict[str, str]:
    return {p: str(inp.request.path_params[p]) for p in resource.parent_params if p in inp.request.path_params}


def _fits_parent(resource: Resource, record: dict[str, Any], parents: dict[str, str]) -> bool:
    """Whether a stored record is one of those under these parents: the parents it was made under, else (a record
    of the top-level collection this one `shares`) the parent its field names; one naming none fits any."""
    keys = record.get("keys") or {}
    return all(
        value == resource.parent_wildcard or str(_parent_of(resource, record, keys, name, value)) == value
        for name, value in parents.items()
    )


def _parent_of(
    resource: Resource, record: dict[str, Any], keys: Mapping[str, Any], name: str, default: str | None
) -> Any:
    """The value of a parent a stored record is under, `default` where it names none."""
    if name in keys or resource.shares is None or name not in resource.parent_fields:
        return keys.get(name, default)
    held = value_at(record.get("data"), resource.parent_fields[name])
    return default if held is None else held


def _unknown(
    inp: EffectInput, options: CrudOptions, what: str, deleted: bool = False, subject: str = ""
) -> EffectResult:
    """An id the state does not hold: 404 in the API's envelope where declared (`404`, `4XX` or `default`),
    else the static answer; `--unknown-ids generate` answers ids never seen as Prism does, never deleted ones, and
    `always-404` answers 404 where the spec declares none too, as a deviation from it (FastAPI's and Django REST's
    specs declare no 404 though their servers answer one)."""
    if options.unknown_ids == "generate" and not deleted:
        return EffectResult(skip=True)
    if declares(inp.operation, 404):
        return EffectResult(problem=Problem(404, "not_found", what, subject=subject))
    if options.unknown_ids == "always-404":
        return EffectResult(problem=Problem(404, "not_found", what, subject=subject), deviates=True)
    return EffectResult(skip=True)


def _missing(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str, record_id: Any
) -> EffectResult:
    """The answer for a record the state does not hold (`_unknown`). A request at no item path that names no record
    at all (Outline's `documents.info {}`, whose schema lets `id` out) finds none, and says which field would name
    it, not "No document with id None exists". It is not refused as invalid: its schema allows it (a 400 there
    broke the spec where none is declared, and the contract runner's positive cases)."""
    if record_id is None:
        field = resource.record_named_by.get(inp.operation.operation_id) or resource.id_field
        return _unknown(inp, options, f"No {noun} is named: the request sends no {field}", subject=noun)
    return _unknown(inp, options, f"No {noun} with id {record_id} exists", collection.deleted(record_id), noun)


class IdsInUse(Protocol):
    """The ids a collection holds (deleted ones too): asked one at a time, never listed."""

    def __contains__(self, id_text: object) -> bool: ...

    def highest_number(self) -> int:
        """The largest number among them; 0 when none is a number."""
        ...


class IdSet(set[str]):
    """The ids handed out so far while seeding."""

    def highest_number(self) -> int:
        return highest_number(self)


class _Together:
    """Ids in use in either of two (IdsInUse)."""

    def __init__(self, first: IdsInUse, second: IdsInUse) -> None:
        self._first, self._second = first, second

    def __contains__(self, id_text: object) -> bool:
        return id_text in self._first or id_text in self._second

    def highest_number(self) -> int:
        return max(self._first.highest_number(), self._second.highest_number())


# How many numbers a new numeric id tries past one in use before it gives up (each try reads one entry).
_ID_PROBES = 10_000


def new_id(resource: Resource, taken: IdsInUse, material: str, issued: int = 0) -> Any:
    """An id of the id field's type, not yet taken: integers count up past every id held and the `issued`
    count (a deleted record's number is never given again), uuids and other strings are derived."""
    schema = resource.id_schema
    if _is_counter(schema):
        answerable = response_view(schema)  # as the answer is judged: int64 ids fit in 64 bits
        as_text = "string" in schema_types(schema)  # digits (`DIGITS`), counted as numbers
        candidate: Any = max(0, issued, taken.highest_number()) + 1
        # Past the highest, a number is in use only where a hand-written rule stored a record under it.
        for _ in range(_ID_PROBES):
            if not is_valid(answerable, str(candidate) if as_text else candidate):
                break
            if str(candidate) not in taken:
                return str(candidate) if as_text else candidate
            candidate += 1
        # A client chose an id at the type's ceiling (int64's largest): count on from the mock's own
        # sequence instead, past the ids held, never below what it issued before.
        candidate = issued + 1
        for _ in range(_ID_PROBES):
            if str(candidate) not in taken and is_valid(answerable, str(candidate) if as_text else candidate):
                return str(candidate) if as_text else candidate
            candidate += 1
        return str(candidate) if as_text else candidate
    for attempt in range(20):
        candidate = _made_up_id(schema, resource.id_field.rsplit(".", 1)[-1], resource.collection, material, attempt)
        if str(candidate) not in taken and is_valid(schema, candidate):
            return candidate
    return job_effects.make_id(resource.collection, material, "fallback")


def _made_up_id(schema: Any, name: str, collection: str, material: str, attempt: int | None = None) -> Any:
    """A string id of this schema made from `material` (and the `attempt` at it): a uuid where the schema asks for
    one or takes any string, else a value its pattern, enum or format allows."""
    parts: tuple[Any, ...] = (material,) if attempt is None else (material, attempt)
    free = not (schema.get("pattern") or schema.get("enum") or schema.get("format"))
    if free and not names_own_id(name):
        # a record keyed by its name (Keycloak's roles at `{role-name}`, a username, a slug): a name, as a path
        # segment takes it (`quiet-summit`), not a uuid
        made = fake_value(schema, _number("|".join(map(str, parts))), name, use_examples=False)
        slug = re.sub(r"[^a-z0-9]+", "-", str(made).lower()).strip("-")
        if slug and is_valid(schema, slug):
            return slug
    if schema.get("format") == "uuid" or free:
        return job_effects.make_id(collection, *parts)
    return fake_value(schema, _number("|".join(map(str, parts))), name, use_examples=False)


def _fill_server_fields(
    resource: Resource,
    record: dict[str, Any],
    now: float,
    precision: str,
    parents: dict[str, str],
    sent: Iterable[str],
    old: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The record with its moments (`stamp_of`) the server's: now for a create's, now for an update's last change,
    and the moment it was made kept through an update (`old` is the record before it). A moment the request could
    set and did (an import's `added`) stays its own: one schema in and out (Swashbuckle's) marks nothing readOnly."""
    properties = _kind_properties(resource, record)
    created = old is None
    chosen = set(sent) - set(resource.server_fields)
    for name, schema in properties.items():
        stamp = stamp_of(name, schema) if name != resource.id_field and name not in chosen else None
        if stamp is None:
            continue
        if created or stamp is Stamp.UPDATED:
            value = moment_value(schema, now, precision, name)
            if value is not None:
                record[name] = value
        elif old is not None and name in old:
            record[name] = old[name]
    return _with_parent_fields(resource, record, parents)


def _expiring_after_made(
    resource: Resource, record: dict[str, Any], now: float, precision: str, sent: Iterable[str]
) -> dict[str, Any]:
    """A record just made with its expiry after now (`expiries_ahead`), but one the request set itself."""
    chosen = set(sent)
    properties = _kind_properties(resource, record)
    ahead = expiries_ahead({k: v for k, v in record.items() if k not in chosen}, properties, now, precision)
    return {**record, **ahead}


def _kind_properties(resource: Resource, record: dict[str, Any]) -> dict[str, Any]:
    """The properties of the record's own kind, where records are of several (Anthropic's memory, one kind of a list
    item that may be a marker too): the whole `oneOf` names none, and a memory just made was months old."""
    return dict(folded(_kind_of(resource.record_schema, record)).get("properties") or {}) or _record_properties(
        resource
    )


def _with_parent_fields(resource: Resource, record: dict[str, Any], parents: Mapping[str, str]) -> dict[str, Any]:
    """The record repeating its parents' ids where it has fields for them (`Resource.parent_fields`)."""
    for param, name in resource.parent_fields.items():
        if param in parents and parents[param] != resource.parent_wildcard:
            fitted = coerce(parents[param], at_path(resource.record_schema, name) or {})
            record = cast(dict[str, Any], place(record, name, parents[param] if fitted is MISSING else fitted))
    return record


def _ended_when(
    resource: Resource, record: dict[str, Any], changes: dict[str, Any], sent: Any, now: float, precision: str
) -> dict[str, Any]:
    """The record with the moments of its end the update decides (`moments_ended`), and those the flags it sent
    name (`moments_flagged`): now where it ended, and had none; null (or left out) where it is open again."""
    told = {
        **moments_flagged(resource.record_schema, record, sent),
        **moments_ended(record, resource.record_schema, changes),
    }
    return _moments_set(resource, record, told, now, precision)


def _moments_set(
    resource: Resource, record: dict[str, Any], told: dict[str, bool], now: float, precision: str, made: bool = False
) -> dict[str, Any]:
    """The record with each moment `told` True now where it had none (every one, on a record just `made`: what it
    holds was made up), each told False null (or left out)."""
    properties = _record_properties(resource)
    required = set(folded(resource.record_schema).get("required") or ())
    out = dict(record)
    for name, ended in told.items():
        schema = properties.get(name) or {}
        if ended and (made or out.get(name) is None):
            value = moment_value(schema, now, precision, name)
            if value is not None:
                out[name] = value
        elif not ended and out.get(name) is not None:
            if is_valid(schema, None):
                out[name] = None
            elif name not in required:
                del out[name]
    return out


def _record_properties(resource: Resource) -> dict[str, Any]:
    return dict(folded(resource.record_schema).get("properties") or {})


# The values a record starts its life in, where a filter offers one of them (`?state=closed|open|all`).
_INITIAL_VALUES = ("open", "active", "new", "pending", "draft", "queued", "created", "enabled", "available")


def _with_choices(resource: Resource, record: dict[str, Any], sent: Iterable[str], index: int | None) -> dict[str, Any]:
    """The record's fields a list filters by holding values the filter offers (`Resource.choices`), but for the
    ones the client sent: a made record starts in its initial value (`open`), the `index`th seed takes them in turn."""
    for name, values in resource.choices.items():  # dotted in a view of the record (`post.type`)
        if name in sent or _at(record, name) in values:
            continue
        fitting = [value for value in values if is_valid(at_path(resource.record_schema, name) or {}, value)]
        if not fitting:
            continue
        if index is None:
            value = next((v for v in fitting if v.lower() in _INITIAL_VALUES), fitting[0])
        else:
            value = fitting[index % len(fitting)]
        record = _placed_field(record, name, value)
    return record


def _of_the_kind_named(
    resource: Resource, record: dict[str, Any], operation: Operation, sent: Iterable[str]
) -> dict[str, Any]:
    """A record made at a path one segment below its collection's, naming its kind (Coolify's `POST
    /applications/dockerfile`), holds that kind in the field whose choices offer it (`build_pack: dockerfile`),
    unless the client sent that field."""
    last = operation.path.rstrip("/").rpartition("/")[2]
    if parent_path(operation.path) != resource.collection_path or not last or last.startswith("{"):
        return record
    kind = spelling_key(last)
    for name, schema in _record_properties(resource).items():
        if name in sent:
            continue
        offered = folded(schema).get("enum") or ()
        value = next((v for v in offered if isinstance(v, str) and spelling_key(v) == kind), None)
        if value is not None and is_valid(schema, value):
            record[name] = value
    return record


def _placed_field(record: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    """`record` with `value` at the field `name`, dotted where it sits in one of its objects (copied, never changed
    where it is shared)."""
    if "." not in name:
        record[name] = value
        return record
    return cast(dict[str, Any], place(record, name, value))


def _with_parent(resource: Resource, record: dict[str, Any], inp: EffectInput) -> dict[str, Any]:
    """The record holding its parent's record where it has a place for it (`parent_object`), in that place's fields:
    a repository listed under bob is owned by bob as bob was made, not by an owner of its own making."""
    whose, parent = inp.params.get("_parent_record") or (None, None)
    if resource.parent_object is None or whose != resource.parent or not isinstance(parent, dict):
        return record
    schema = _record_properties(resource).get(resource.parent_object) or {}
    held = record.get(resource.parent_object)
    return {
        **record,
        resource.parent_object: {
            **(held if isinstance(held, dict) else {}),
            **without_write_only(_declared_only(parent, schema), schema),
        },
    }


def _fit(resource: Resource, record: dict[str, Any], fallback: dict[str, Any]) -> dict[str, Any]:
    """The record made valid against the record schema (the kind its tag names, where the schema is one of several
    kinds), falling back field by field to `fallback`."""
    fixed = repair(record, fallback, answer_back_view(_kind_of(resource.record_schema, record)))
    return fixed if isinstance(fixed, dict) else dict(fallback)


def _kind_of(schema: Schema, fields: Mapping[str, Any]) -> Schema:
    """Of a record schema that is one of several kinds told apart by a tag (a discriminator, or a property each kind
    pins to values of its own: Sentry's symbol source `type: s3` beside `type: http`), the kind `fields` name;
    the schema itself where it has no kinds or the fields name none. A record made or fitted to the whole `oneOf`
    mixed the kinds (an `s3` source with the `http` kind's fields, valid as neither)."""
    if "oneOf" not in schema and "anyOf" not in schema:
        return schema
    named = kind_named(schema, fields)
    return named[2] if named is not None else schema


def _keys_the_examples_create(resource: Resource, api_operations: dict[str, Operation]) -> set[str]:
    """The keys the spec's own create examples send (a key the client chooses: Firefly III's currency `AMS`, tag
    `expensive`): no seeded record takes one, so the documented create makes its record on a fresh mock, not a
    refusal that it exists."""
    found: set[str] = set()
    for operation_id in resource.operations.get(CREATE, ()):
        operation = api_operations.get(operation_id)
        body = operation.request_body if operation is not None else None
        for media in body.content.values() if body is not None else ():
            for example in media.examples.values():
                # read as a create reads its body: through the one wrapper it may send the record in (Lago's
                # `{"feature": {"code": "seats", …}}`, whose seeded `seats` refused the documented create)
                key = _key(resource, _sent_fields(resource, example, operation)) if operation is not None else MISSING
                if key is not MISSING and key is not None:
                    found.add(str(key))
            found |= _key_examples(resource, media.schema)
    return found


def _key_examples(resource: Resource, schema: Any) -> set[str]:
    """The examples a create's body schema gives the field it sends the key in, itself or in the one object that wraps
    the record: the example a client builds from the schema (Lago's tax `code`, `french_standard_vat`)."""
    properties = declared_properties(folded(deref(schema))) if isinstance(deref(schema), dict) else {}
    wrapped = [sub for name, sub in properties.items() if name not in _record_properties(resource)]
    if len(properties) == 1 and len(wrapped) == 1:
        properties = declared_properties(folded(deref(wrapped[0]))) if isinstance(deref(wrapped[0]), dict) else {}
    field = deref(properties.get(resource.id_sent_as or resource.id_field))
    if not isinstance(field, dict):
        return set()
    shown = [field["example"]] if "example" in field else []
    shown += field["examples"] if isinstance(field.get("examples"), list) else []
    return {str(value) for value in shown if isinstance(value, str | int) and not isinstance(value, bool)}


def _example_records(resource: Resource, api_operations: dict[str, Operation]) -> list[dict[str, Any]]:
    """Records from the spec's own examples (list answers, item answers, the record schema) that fit its schema."""
    found: list[dict[str, Any]] = []
    schema = resource.record_schema
    for operation_id in resource.operations.get(LIST, ()):
        for value in _success_examples(api_operations.get(operation_id)):
            items = value if resource.items_path == "" else _at(value, resource.items_path or "")
            if isinstance(items, list):
                found.extend(i for i in items if isinstance(i, dict))
    for role in (GET, CREATE):
        for operation_id in resource.operations.get(role, ()):
            path = resource.record_paths.get(operation_id)
            if path is None:
                continue
            for value in _success_examples(api_operations.get(operation_id)):
                record = value if path == "" else _at(value, path)
                if isinstance(record, dict):
                    found.append(record)
    for example in [*(schema.get("examples") or []), *([schema["example"]] if "example" in schema else [])]:
        if isinstance(example, dict):
            found.append(example)
    unique: list[dict[str, Any]] = []
    for record in found:
        if record not in unique and is_valid(schema, record) and _key(resource, record) is not MISSING:
            unique.append(record)
    return unique


def _success_examples(operation: Operation | None) -> list[Any]:
    if operation is None:
        return []
    for status in sorted(operation.responses):
        if status.startswith("2"):
            media = operation.responses[status].json_media()
            return list(media.examples.values()) if media else []
    return []


def _at(value: Any, path: str) -> Any:
    """The value at a dotted path (`Invoices.0`: a list's first item), MISSING where there is none."""
    return value_at(value, path, MISSING)


def _key(resource: Resource, record: dict[str, Any]) -> Any:
    """The record's key (MISSING where it has none): its `id_field`, also inside one of its objects (Kubernetes'
    `metadata.name`); the last part of the address it holds there, where that field is its address (`abc` of
    `memos/abc`, as the item path names the memo)."""
    found = _at(record, resource.id_field)
    return _key_in(resource, found) if resource.address is not None else found


def _key_in(resource: Resource, value: Any) -> Any:
    """The key a value of the id field names: the address's last parameter where the field holds an address of the
    record's (`abc` of `memos/abc`), else the value itself."""
    address = resource.address
    if address is None or not resource.keyed_by_address or not isinstance(value, str):
        return value
    values = address.parse(value)
    return value if values is None else values.get(str(resource.id_param), value)


def _keyed(
    resource: Resource, record: dict[str, Any], value: Any, parents: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The record with `value` as its key; an object the key sits in is copied, never changed where it is shared.
    Where the id field holds the record's address, the address, of its `parents` (parameter -> value)."""
    address = resource.address
    if address is not None and resource.keyed_by_address and value is not MISSING:
        held = _at(record, address.field)
        values = {
            **((address.parse(held) or {}) if isinstance(held, str) else {}),  # the parents its address names already
            **{name: found for name, found in (parents or {}).items() if _names_a_parent(resource, found)},
            str(resource.id_param): value,
        }
        value = address.render(values)
    return _placed_field(record, resource.id_field, value)


def _names_a_parent(resource: Resource, value: Any) -> bool:
    """Whether a parent parameter's value names one parent record: not none, nor the wildcard for every parent."""
    return value is not None and value != resource.parent_wildcard


def seed_records(
    resource: Resource,
    operations: dict[str, Operation],
    options: CrudOptions,
    parents: dict[str, str],
    realism: Realism = DEFAULT_REALISM,
    held: IdsInUse | None = None,
    referred: Mapping[str, list[Any]] | None = None,
) -> list[dict[str, Any]]:
    """The records a fresh collection starts with: deterministic under `options.seed`. `held`: the ids the caller's
    collection already holds (of other parents' records), which its new records must not take: a second parent's
    seeds numbered from 1 again fell on the first's, and its list was empty. `referred`: the ids each reference
    field may name (`Resource.references`), taken in turn: Radarr's five movies had one made-up quality profile."""
    examples = _example_records(resource, operations)
    reserved = _keys_the_examples_create(resource, operations)
    records: list[dict[str, Any]] = []
    handed = IdSet()
    taken: IdsInUse = handed if held is None else _Together(handed, held)
    other_ids_used: dict[str, list[Any]] = {name: [] for name in resource.other_ids}
    parent_text = json.dumps(parents, sort_keys=True)
    showcase: dict[str, Any] = {}
    for index in range(options.seed_data):
        material = f"{options.seed}|{resource.collection}|{parent_text}|{index}"
        # The first record shows the fields' own examples; drawn from them too, every later one was a copy of it
        # (Spring PetClinic's five owners, each George Franklin of Madison).
        generated = fake_value(
            resource.record_schema,
            _number(material),
            singular(resource.name),
            use_examples=index == 0,
            realism=realism,
            for_response=True,
        )
        generated = generated if isinstance(generated, dict) else {}
        if index == 0:
            showcase = generated
        else:  # but its links (pointed at each record by `_own_identity`) and its references to other records:
            # a made-up URL names nothing, and a made-up `ownerId` no owner (Spring PetClinic's seeded pets)
            shown = {k: v for k, v in showcase.items() if k in generated and (_a_link(v) or _refers(resource, k))}
            generated = {**generated, **shown}
        from_example = index < len(examples)
        record = dict(examples[index]) if from_example else _with_choices(resource, generated, (), index)
        key_was = _key(resource, record)
        if not from_example or key_was is MISSING or str(key_was) in taken or str(key_was) in reserved:
            record = _keyed(resource, record, new_id(resource, taken, material), parents)
        record = _naming_real_records(record, referred or {}, index)
        record = _with_parent_fields(resource, record, parents)
        # An example's own ids are kept where no earlier record took them; a generated record's come from the
        # schema's examples, the same for every record: each gets its own.
        kept = {name for name in resource.other_ids if from_example and record.get(name) not in other_ids_used[name]}
        record = _own_identity(resource, record, parents, material, kept, key_was)
        record = _fit(resource, _view_agreeing(resource, record), generated)
        made = _key(resource, record)
        if made is MISSING:
            # of a kind that holds no id: Anthropic's memory list also answers `memory_prefix` markers, a rollup
            # with no id that is no record (`additionalProperties: false` took the id given to it away)
            continue
        if str(made) in taken or not is_valid(response_view(resource.id_schema), made):
            break  # no id of the schema is left (Linode's four named plans): answered, another would repeat one
        for name in resource.other_ids:
            other_ids_used[name].append(record.get(name))
        handed.add(str(made))
        records.append(record)
    return records


def _naming_real_records(record: dict[str, Any], referred: Mapping[str, list[Any]], index: int) -> dict[str, Any]:
    """The `index`th seed's reference fields naming records that exist, in turn: one id where it holds one, as many
    (up to the ones there are) where it holds a list of them; a list it left empty stays empty."""
    out = dict(record)
    for name, ids in referred.items():
        if not ids or name not in out:
            continue
        held = out[name]
        if isinstance(held, list):
            out[name] = [ids[(index + n) % len(ids)] for n in range(min(len(held), len(ids)))]
        elif held is not None:
            out[name] = ids[index % len(ids)]
    return out


def _refers(resource: Resource, name: str) -> bool:
    """Whether a record field holds the id of another record: of a record the API has (`ownerId` of its owners), or
    one its example names (`vetId: 7`, the spec's own); not one of the record's own ids, nor a key made up for a
    record outside the API (Radarr's `tmdbId`: five movies shared one)."""
    if name in resource.parent_fields.values() or any(name == field for field, _ in resource.references):
        return True
    if name == resource.id_field or name in resource.other_ids or not _REFERENCE.search(name):
        return False
    schema = folded(deref(_record_properties(resource).get(name) or {}))
    return "example" in schema or "examples" in schema


_REFERENCE = re.compile(r"(_id|[a-z]Id|[a-z]ID)$")


def _a_link(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith(("http://", "https://")) or value.startswith("/"))


def _own_identity(
    resource: Resource,
    record: dict[str, Any],
    parents: Mapping[str, str],
    material: str,
    kept: Iterable[str] = (),
    key_was: Any = None,
) -> dict[str, Any]:
    """The record with identifiers of its own besides its key (`Resource.other_ids`; those `kept` stay as
    they are: a client's choice, an example's; one that held the key the record was made from, `key_was`,
    holds its key), and with its links to itself (`url`: `…/repos/{owner}/{repo}/labels/{name}`) naming it
    and its parents. A record made from an example or from a static answer otherwise kept the example's `id`,
    and its `url` named the example's label."""
    properties = _record_properties(resource)
    key = _key(resource, record)
    for name in resource.other_ids:
        if name not in record or name in kept:
            continue
        schema = properties.get(name) or {}
        if _mirrors_key(schema, properties.get(resource.id_field), record[name], key_was) and is_valid(
            response_view(schema), key
        ):
            record[name] = key  # the same value under two names in the example: the same in every record
            continue
        record[name] = _derived_id(schema, name, resource.collection, f"{material}|{name}", record[name])
    if resource.item_path and resource.id_param:
        values: dict[str, Any] = {param: value for param, value in parents.items() if _names_a_parent(resource, value)}
        values[resource.id_param] = _key(resource, record)
        for name, value in record.items():
            if name != resource.id_field:
                record[name] = _links_pointed_at(value, resource.item_path, values)
        address = resource.address
        if address is not None and not resource.keyed_by_address and address.field in record:
            # AIP's `name: "users/bob"` beside the `username` the user is keyed by: its address all the same
            written = address.render(values)
            if is_valid(response_view(properties.get(address.field) or {}), written):
                record[address.field] = written
    return _pointing_back(resource, record, properties, key)


def _pointing_back(
    resource: Resource, record: dict[str, Any], properties: Mapping[str, Any], key: Any
) -> dict[str, Any]:
    """The record with each object it holds naming it as its own: a field of the record's noun and id one level
    down (Solidus' taxonomy `{"id": 34, "root": {"taxonomy_id": …}}`, its root taxon, named taxonomy 560, which
    no read could find), in an object or in each object of a list, where its schema takes the key. An object of the
    record's own kind (a `parent`, a `manager`) is another record, and names what it names."""
    back = {spelling_key(f"{singular(resource.noun)}_id")}
    for name, value in record.items():
        held = properties.get(name) or {}
        if isinstance(value, dict):
            record[name] = _naming_back(value, object_schema(held, value), properties, back, key)
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            record[name] = [
                _naming_back(item, object_schema(item_schema(held, place), item), properties, back, key)
                for place, item in enumerate(value)
            ]
    return record


def _naming_back(
    held: dict[str, Any], schema: Schema, own: Mapping[str, Any], back: set[str], key: Any
) -> dict[str, Any]:
    fields = schema.get("properties") or {}
    if fields == own:
        return held
    named = [field for field in held if spelling_key(field) in back and held[field] != key]
    fitting = [field for field in named if is_valid(response_view(fields.get(field) or {}), key)]
    return {**held, **dict.fromkeys(fitting, key)} if fitting else held


def _links_pointed_at(value: Any, item_path: str, values: Mapping[str, Any], depth: int = 0) -> Any:
    """`value` with each URL in it, in objects at any depth (`links: {self: …}`, HAL's `_links.self.href`),
    `_pointed_at` the record; lists are left alone (their links name other things)."""
    if isinstance(value, str):
        return _pointed_at(value, item_path, values) if "/" in value else value
    if isinstance(value, dict) and depth < 4:
        return {key: _links_pointed_at(item, item_path, values, depth + 1) for key, item in value.items()}
    return value


def _mirrors_key(schema: Any, key_schema: Any, value: Any, key_was: Any) -> bool:
    """Whether an identifier holds the key under another name: it held the key the record was made from, or the
    spec's examples of the two are the same."""
    if key_was is not None and value == key_was:
        return True
    example = schema.get("example") if isinstance(schema, dict) else None
    return example is not None and isinstance(key_schema, dict) and key_schema.get("example") == example


def _derived_id(schema: Any, name: str, collection: str, material: str, current: Any) -> Any:
    """An identifier of this schema derived from `material` (a record's own): a number below two billion,
    a uuid, or a value the schema's pattern allows; `current` where none fits."""
    answerable = response_view(schema)
    made = (
        _number(material) % 2_000_000_000 + 1
        if _is_counter(schema)
        else _made_up_id(schema, name, collection, material)
    )
    if is_valid(answerable, made):
        return made
    drawn = fake_value(schema, _number(material), name, use_examples=False)
    return drawn if is_valid(answerable, drawn) else current


def _pointed_at(text: str, item_path: str, values: Mapping[str, Any]) -> str:
    """`text`, a URL or an absolute path, with the part of its path that matches the end of the item path from one
    of its literal segments on (`labels/{name}` at least) filled from `values`: the record's own address, or that
    of one of its sub-resources (GitHub's `comments_url`, `…/issues/7/comments`; Twilio's `…/Messages/SM….json`
    and `…/Messages/SM…/Media.json`); else `text` as it is."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if not (parts.scheme in ("http", "https") or (not parts.scheme and text.startswith("/"))):
        return text
    template = item_path.strip("/").split("/")
    template[-1] = template[-1][: len(template[-1]) - len(format_suffix(template[-1]))]
    if not is_path_parameter(template[-1]):
        return text
    segments = parts.path.split("/")
    suffix = format_suffix(segments[-1])  # `.json`, written again once the path is filled
    segments[-1] = segments[-1][: len(segments[-1]) - len(suffix)]
    for end in range(len(segments), max(len(segments) - _SUB_RESOURCE_DEPTH, 0) - 1, -1):
        matched = _matched_tail(segments[:end], template)
        if not matched:
            continue
        for position in range(1, matched + 1):
            value = values.get(template[-position][1:-1]) if is_path_parameter(template[-position]) else None
            if value is not None:
                segments[end - position] = quote(str(value), safe="")
        segments[-1] += suffix
        return urlunsplit(parts._replace(path="/".join(segments)))
    return text


_SUB_RESOURCE_DEPTH = 2  # `…/issues/7/comments`, `…/issues/7/comments/{id}`: a record's links reach this far below it


def _matched_tail(segments: list[str], template: list[str]) -> int:
    """How many of the last segments match the end of the template, from a literal segment on (0: none)."""
    matched = 0
    for have, want in zip(reversed(segments), reversed(template), strict=False):
        if not is_path_parameter(want) and have != want:
            break
        matched += 1
    while matched and is_path_parameter(template[-matched]):
        matched -= 1  # the tail starts at a literal: `/repositories/42/labels/bug` is no `repos/{owner}/{repo}`
    return matched


class _Collection:
    """One scope's records of a resource, seeded on first use; the changes made go to `mutations`.

    A request that names one record (a read, an update, a delete, a create's id check) reads that record
    only: its cost does not grow with the collection; a caller without a credential finds another caller's
    record through the id index. Every record of the scope is read on first need only (a list, or a create
    by a caller without a credential, whose new number counts past every caller's ids)."""

    def __init__(
        self, inp: EffectInput, resource: Resource, options: CrudOptions, parents: dict[str, str], seeding: bool = True
    ) -> None:
        self.inp, self.resource, self.options, self.parents = inp, resource, options, parents
        self.scope = _scope_of(inp, options)
        self.prefix = _collection_prefix(inp, resource, options)
        self.within = _within(resource, parents)  # before the id in a record's key, where ids are the parent's own
        self.mutations: list[Mutation] = []
        # A request without a credential (a public read, RealWorld's `GET /articles/{slug}`) sees every key's
        # records: what a signed-in caller wrote is public once written. (An API no caller can present a
        # credential to has the anonymous caller's records only.)
        self.public = options.per_key and _reads_publicly(inp) and inp.params.get("credentials", True)
        self._every: dict[str, dict[str, Any]] | None = None  # every record of the scope, once read
        self._written: dict[str, dict[str, Any]] = {}  # what this request stored, by key
        self._read: dict[str, dict[str, Any] | None] = {}  # entries read one by one, by key (None: absent)
        self._top: int | None = None  # the scope's largest numeric id, once read
        # Where a caller without a credential can read: an index from each id to the keys of every caller's
        # record with that id (`resource_ids`), kept up as records are added. Not kept where no caller has a
        # credential (every record is the anonymous caller's, read by its own key).
        self._indexing = options.per_key and bool(inp.params.get("credentials", True))
        self._indexed = False  # the collection's index was found, or built, in this request
        self._holders_of: dict[str, list[str]] = {}  # index entries read or changed in this request
        self._seq: int | None = None  # records ever added to the collection, read when first needed
        if seeding:
            self._seed()

    @property
    def seq(self) -> int:
        """How many records the collection was ever given (every scope's): the newest one's sequence number.
        Read on first use only: a read, an update or a delete never needs it (on Redis, a round trip less)."""
        if self._seq is None:
            self._seq = int(self.inp.state.get("resource_seq", self.resource.store, 0))
        return self._seq

    @property
    def records(self) -> dict[str, dict[str, Any]]:
        """Every record of the scope (of every scope when public), by key, with this request's writes."""
        if self._every is None:
            self._every = {**dict(self.inp.state.items("resources", self._scope_prefix)), **self._written}
        return self._every

    @property
    def _scope_prefix(self) -> str:
        return f"{self.resource.store}|" if self.public else self.prefix

    def stored(self, key: str) -> dict[str, Any] | None:
        """The record under `key`, this request's write first; a request asks for its record several times (an
        update finds it, then stores over it; a miss is looked at again for a tombstone), the state once."""
        if key in self._written:
            return self._written[key]
        if self._every is not None:
            return self._every.get(key)
        if key not in self._read:
            found = self.inp.state.get("resources", key)
            self._read[key] = found if isinstance(found, dict) else None
        return self._read[key]

    def _store(self, key: str, stored: dict[str, Any]) -> None:
        if self._indexing and self.stored(key) is None:
            self._index(key)
        self._written[key] = stored
        if self._every is not None:
            self._every[key] = stored
        self.mutations.append(Put("resources", key, stored))

    def _seed(self) -> None:
        seeded_parents = {k: v for k, v in self.parents.items()}
        marker = _seeding_mark(self.prefix[:-1], seeded_parents)
        if self.options.seed_data <= 0 or self.inp.state.get("resource_seeded", marker):
            return
        if seeded_parents and self.inp.state.get("resource_seeded", _made_empty_mark(self.resource, seeded_parents)):
            return  # under a record a client made: nothing is nested under it yet, whoever reads
        # Whose, and when: retention forgets the marks of the callers it forgets, of the seedings whose records it
        # forgets, and each API's oldest beyond its bound (a caller reading ever new parent ids marks each).
        self.mutations.append(Put("resource_seeded", marker, {"of": self.prefix[:-1], "at": self.inp.now}))
        if self._seeded_at_the_other_path(seeded_parents):
            return
        operations = self.inp.params.get("operations") or {}
        realism = self.inp.params.get("realism") or DEFAULT_REALISM
        # a signed-in reader's seeding holds the same records as every caller's; one without a credential keeps
        # clear of every id ever handed out (a record retention forgot is not read again as another)
        taken = _OwnIds(self) if self.inp.request.credential is not None else _CollectionIds(self)
        seeds = seed_records(
            self.resource, operations, self.options, seeded_parents, realism, taken, self.referred_ids()
        )
        for record in reversed(seeds):  # lists are newest first: the spec's own examples lead
            if self.stored(self.own_key(_key(self.resource, record))) is None:
                self.add(_fit(self.resource, _with_parent(self.resource, record, self.inp), record), seeded=True)

    def referred_ids(self) -> dict[str, list[Any]]:
        """The ids of the records the seeds' reference fields may name (`Resource.references`), by field: those of the
        referred collection as the caller finds it, seeded first where nothing read it yet. Only the rule's own
        resource looks: a collection seeded for it names made-up ids, and none seeds the other in turn."""
        referents: Mapping[str, Resource] = self.inp.params.get("referents") or {}
        if self.resource is not self.inp.params.get("resource") or not referents:
            return {}
        view = OverlayView(self.inp.state)
        view.add(self.mutations)
        found: dict[str, list[Any]] = {}
        for name, target in referents.items():
            if target.store == self.resource.store:
                continue
            others = _Collection(self.inp._replace(state=view), target, self.options, {})
            view.add(others.mutations)
            self.mutations.extend(others.mutations)
            # a field in the target's address format names its records by their address, not their key
            address = target.address if name in self.resource.references_by_address else None
            ids = [  # in the order a list shows them
                _at(stored["data"], address.field) if address is not None else _key(target, stored["data"])
                for stored in others.listed()
            ]
            found[name] = [value for value in ids if value is not MISSING]
        return found

    def _seeded_at_the_other_path(self, parents: dict[str, str]) -> bool:
        """Whether a store two paths share (`Resource.shares`) already holds this place's records: the top-level
        list once records sit under any parent, a parent's list once records name that parent. Each place is
        seeded once, so a pet an owner's page showed is one `/pets` lists, and not five more besides."""
        if not (self.resource.shares or self.resource.shared_by):
            return False
        live = [r for r in dict(self.inp.state.items("resources", self.prefix)).values() if not r.get("gone")]
        return any(
            all(
                str(_parent_of(self.resource, r, r.get("keys") or {}, name, None)) == value
                for name, value in parents.items()
            )
            for r in live
        )

    def add(self, data: dict[str, Any], seeded: bool = False) -> str:
        self._seq = self.seq + 1
        key = self.own_key(_key(self.resource, data))
        stored = {
            "seq": self.seq,
            "created_ts": 0.0 if seeded else self.inp.now,
            "data": data,
            "keys": dict(self.parents),
        }
        if seeded:  # listed after created ones (`created_ts` 0), but as recent as any for retention
            stored["seeded_ts"] = self.inp.now
        self.mutations.append(Put("resource_seq", self.resource.store, self.seq))
        self._store(key, stored)
        self.raise_top(_key(self.resource, data))
        return key

    def own_key(self, record_id: Any) -> str:
        """The key of this caller's record with this id (under this parent, where ids are the parent's own)."""
        return _record_key(self.prefix, self.within, record_id)

    def _key(self, record_id: Any) -> str:
        own = self.own_key(record_id)
        if not self.public or self.stored(own) is not None:
            return own
        # The first caller's record (by key) the state still holds: an entry may outlive a record (a reset of
        # the records alone).
        return next((key for key in self._holders(_id_of(own)) if self.stored(key) is not None), own)

    def _holders(self, record_id: str) -> list[str]:
        """The keys of every caller's record with this id (deleted ones too), sorted."""
        entry = _id_entry(self.resource.store, record_id)
        if entry not in self._holders_of:
            self._index_ready()
            found = self.inp.state.get("resource_ids", entry)
            self._holders_of[entry] = list(found) if isinstance(found, list) else []
        return self._holders_of[entry]

    def _index(self, key: str) -> None:
        record_id = _id_of(key)
        holders = self._holders(record_id)
        if key not in holders:
            entry = _id_entry(self.resource.store, record_id)
            self._holders_of[entry] = sorted([*holders, key])  # a new list: the one a mutation holds stays as it was
            self.mutations.append(Put("resource_ids", entry, self._holders_of[entry]))

    def _index_ready(self) -> None:
        """The collection's id index, built from its records the first time it is needed (state written before
        there was one: read once); the entry under the collection's own name marks it built."""
        if self._indexed:
            return
        self._indexed = True
        marker = f"{self.resource.store}|"
        if self.inp.state.get("resource_ids", marker):
            return
        holders: dict[str, list[str]] = {}
        for key, _ in self.inp.state.items("resources", marker, shared=True):
            holders.setdefault(_id_entry(self.resource.store, _id_of(key)), []).append(key)
        for entry, keys in holders.items():
            self._holders_of[entry] = sorted(keys)
            self.mutations.append(Put("resource_ids", entry, self._holders_of[entry]))
        self.mutations.append(Put("resource_ids", marker, True))

    def holds(self, record_id: Any, with_deleted: bool) -> bool:
        """An id in use; `with_deleted` also a deleted record's, which a server never hands out again."""
        stored = self.stored(self._key(record_id))
        return stored is not None and (with_deleted or not stored.get("gone"))

    def highest_number(self) -> int:
        """The largest number among the ids in use, deleted ones too (0 when none is a number): a new
        numeric id counts on from it. A public caller's ids are unique across every scope, so it looks
        through all of them; otherwise the scope's own is kept in the state (`own_top`)."""
        if self.public:  # and past a number a made-up record was read under (`raise_top`)
            return max(highest_number(_id_of(key) for key in self.records), self.own_top())
        return self.own_top()

    def own_top(self) -> int:
        """The scope's largest numeric id, kept in the state as records are added (`resource_top`), so a
        create need not read the collection. A scope without that entry (its state written before there was
        one) is read once, and the number kept."""
        if self._top is None:
            kept = self.inp.state.get("resource_top", self.prefix)
            if kept is None:
                kept = highest_number(key[len(self.prefix) :] for key in self.records if key.startswith(self.prefix))
                self.mutations.append(Put("resource_top", self.prefix, kept))
            self._top = int(kept)
        return self._top

    def raise_top(self, record_id: Any) -> None:
        text = str(record_id)
        if _is_number(text) and int(text) > self.own_top():
            self._top = int(text)
            self.mutations.append(Put("resource_top", self.prefix, self._top))

    def deleted(self, record_id: Any) -> bool:
        return bool((self.stored(self._key(record_id)) or {}).get("gone"))

    def find(self, record_id: Any) -> dict[str, Any] | None:
        record = self.stored(self._key(record_id))
        if record is not None and record.get("gone"):
            return None
        return record if record is not None and _fits_parent(self.resource, record, self.parents) else None

    def put(self, record_id: Any, stored: dict[str, Any]) -> None:
        self._store(self._key(record_id), stored)

    def delete(self, record_id: Any) -> None:
        """Leave a tombstone (the key, no data): its id is never given to a new record, and reads answer 404."""
        key = self._key(record_id)
        old = self.stored(key) or {}
        seq = old.get("seq")  # the collection's own number is read only for a record that had none
        tombstone = {"seq": self.seq if seq is None else seq, "created_ts": old.get("created_ts", 0.0), "gone": True}
        self._store(key, tombstone)

    def listed(self) -> list[dict[str, Any]]:
        """The live records of the scope (and parent), the newest first: the stored ones themselves, not copies,
        when the scope was not read before. A list only reads them; what it answers is built anew from them."""
        every = self._every
        if every is None:
            every = {**dict(self.inp.state.items("resources", self._scope_prefix, shared=True)), **self._written}
        found = (
            _each_seeded_once(every, self.prefix) if self.public else [r for r in every.values() if not r.get("gone")]
        )
        if self.parents:
            found = [r for r in found if _fits_parent(self.resource, r, self.parents)]
        return sorted(found, key=_CREATED, reverse=True)


_CREATED = operator.itemgetter("created_ts", "seq")  # a stored record's place in a list: the newest first


def _reads_publicly(inp: EffectInput) -> bool:
    """Whether a request sees every caller's records: one without a credential, and a read (GET) of an operation
    anyone may call (RealWorld's `GET /articles`, `security: []`), whoever asks: what a signed-in caller wrote is
    public once written, and another signed-in reader sees it too. Writes stay the caller's own."""
    if inp.request.credential is None:
        return True
    return inp.request.method in ("GET", "HEAD") and inp.operation.open_to_anyone


def _each_seeded_once(every: Mapping[str, dict[str, Any]], own: str) -> list[dict[str, Any]]:
    """The live records of every caller, for a public read: each caller's collection is seeded with the same
    records, so a seeded id is listed once (the reader's own copy, else its first seeding's, as a public read of
    it finds), and not where a caller made or deleted a record of that id. Records callers made are all listed."""
    made = {_id_of(key) for key, record in every.items() if not record.get("seeded_ts") or record.get("gone")}
    shown: set[str] = set()
    found = []
    for key, record in sorted(every.items(), key=lambda entry: (not entry[0].startswith(own), entry[1].get("seq", 0))):
        if record.get("seeded_ts"):
            record_id = _id_of(key)
            if record_id in made or record_id in shown:
                continue
            shown.add(record_id)
        if not record.get("gone"):
            found.append(record)
    return found


def _is_number(text: str) -> bool:
    return text.lstrip("-").isdecimal()


def highest_number(ids: Iterable[str]) -> int:
    """The largest number among ids (0 when none is a number): where a new numeric id counts on from."""
    return max((int(text) for text in ids if _is_number(text)), default=0)


def _id_of(key: str) -> str:
    """The record id in a stored record's key (`collection|scope|id`), with the parent's part where ids are a
    parent's own (`_within`)."""
    return key.rsplit("|", 1)[-1]


def _id_entry(collection: str, record_id: str) -> str:
    """The id index's entry for an id: the keys of every caller's record with it."""
    return f"{collection}|{record_id}"


class _CollectionIds:
    """A collection's ids in use, deleted ones too, asked record by record (IdsInUse)."""

    def __init__(self, collection: _Collection) -> None:
        self._collection = collection

    def __contains__(self, id_text: object) -> bool:
        return self._collection.holds(id_text, with_deleted=True)

    def highest_number(self) -> int:
        return self._collection.highest_number()


class _OwnIds:
    """The ids of the reader's own records (IdsInUse), however publicly it reads: what a signed-in caller's
    collection is seeded around, so every such caller's seeding holds the same records (a public read lists them
    once: `_each_seeded_once`)."""

    def __init__(self, collection: _Collection) -> None:
        self._collection = collection

    def __contains__(self, id_text: object) -> bool:
        return self._collection.stored(self._collection.own_key(id_text)) is not None

    def highest_number(self) -> int:
        return self._collection.own_top()


def _parent_missing(inp: EffectInput, parent: Resource | None, options: CrudOptions, resource: Resource) -> bool:
    """The collection hangs off a parent record the state does not hold (seeding the parent first)."""
    if parent is None or not resource.parent_params:
        return False
    value = inp.request.path_params.get(resource.parent_params[-1])
    if value is None or str(value) == resource.parent_wildcard:
        return False
    grand = {p: str(inp.request.path_params[p]) for p in parent.parent_params if p in inp.request.path_params}
    parents = _Collection(inp, parent, options, grand)
    found = parents.find(value)
    inp.params.setdefault("_parent_mutations", []).extend(parents.mutations)
    if found is not None:  # for the records that hold their parent's (`parent_object`)
        inp.params["_parent_record"] = (parent.name, found["data"])
    elif parents.deleted(value):  # what hung off it went with it (`_made_under_it` holds only for one never held)
        inp.params["_parent_deleted"] = True
    return found is None


# The roles whose request names no one record: the collection's own operations.
_NO_RECORD_NAMED = frozenset({LIST, CREATE, COUNT, CLEAR})


def _made_under_it(inp: EffectInput, resource: Resource, options: CrudOptions, role: str) -> bool:
    """Whether the record an item operation names is held under its parent as named, though the parent is not: a
    create that could not say its parent was missing (none declared) kept its record there (Gitea's key made
    under user `0`), and its read or delete must find it, not say the parent is missing."""
    record_id = (
        _id_below(inp, resource) if role == BELOW else None if role in _NO_RECORD_NAMED else _item_id(inp, resource)
    )
    if record_id is None:
        return False
    found = _Collection(inp, resource, options, _parent_values(inp, resource)).find(record_id)
    return found is not None and bool(found.get("created_ts"))  # made by a client, not seeded there


# What an item path's id says to name the caller's own record (Asana's, Spotify's, Microsoft Graph's `me`).
_CALLER_ALIASES = frozenset({"me", "@me", "self", "current", "myself"})


def _names_the_caller(inp: EffectInput, resource: Resource) -> bool:
    return _a_caller_alias(inp.request.path_params.get(resource.id_param or ""))


def _a_caller_alias(value: Any) -> bool:
    return isinstance(value, str) and value.lower() in _CALLER_ALIASES


def _nested_parents(resource: Resource, child: Resource, parents: Mapping[str, str], record_id: Any) -> dict[str, str]:
    """The parent values of `child`'s records under the record `record_id` of `resource` (whose own parents are
    `parents`): the record's id for the innermost, its parents' values, by position, for the outer ones."""
    if len(child.parent_params) != len(resource.parent_params) + 1 or not set(resource.parent_params) <= set(parents):
        return {}
    outer = [parents[name] for name in resource.parent_params]
    return dict(zip(child.parent_params, [*outer, str(record_id)], strict=True))


def _nested_under(
    inp: EffectInput, resource: Resource, child: Resource, record: dict[str, Any], parents: dict[str, str]
) -> EffectInput:
    """The effect input a nested collection's records under `record` are seeded with: as though the request named
    that record as their parent (a record holding its parent's, `parent_object`, holds this one)."""
    request = inp.request._replace(path_params={**inp.request.path_params, **parents})
    return inp._replace(params={**inp.params, "_parent_record": (resource.name, record)}, request=request)


def _with_children(
    inp: EffectInput, resource: Resource, options: CrudOptions, parents: Mapping[str, str], record: dict[str, Any]
) -> tuple[dict[str, Any], list[Mutation]]:
    """The record with its counts and its lists of nested records (`Resource.child_counts`, `child_lists`) as its
    nested collections hold them, seeding those first where nothing read them yet; and the seeding's changes."""
    nested: Mapping[str, Resource] = inp.params.get("nested") or {}
    counted = [(name, nested[child]) for name, child in resource.child_counts if child in nested]
    embedded = [(name, nested[child]) for name, child in resource.child_lists if child in nested]
    record_id = _key(resource, record)
    if not (counted or embedded) or record_id is MISSING:
        return record, []
    properties = _record_properties(resource)
    out, mutations = dict(record), []
    view = OverlayView(inp.state)  # a count and a list of one child: one seeding
    seeing = inp._replace(state=view)
    for name, child in [*counted, *embedded]:
        under = _nested_parents(resource, child, parents, record_id)
        if not under:
            continue
        children = _Collection(_nested_under(seeing, resource, child, record, under), child, options, under)
        view.add(children.mutations)
        mutations += children.mutations
        listed = children.listed()
        value: Any = [stored["data"] for stored in listed] if (name, child) in embedded else len(listed)
        if is_valid(answer_back_view(properties.get(name) or {}), value):
            out[name] = value
    return out, mutations


def _children_start_empty(
    inp: EffectInput, resource: Resource, options: CrudOptions, parents: Mapping[str, str], record: dict[str, Any]
) -> list[Mutation]:
    """A record the client just made has nothing nested under it yet: its nested collections are marked seeded,
    empty. (A seeded record's nested collections are seeded as they are first read, as any collection is.)"""
    nested: Mapping[str, Resource] = inp.params.get("nested") or {}
    record_id = _key(resource, record)
    if options.seed_data <= 0 or not nested or record_id is MISSING:
        return []
    marks: list[Mutation] = []
    for child in nested.values():
        under = _nested_parents(resource, child, parents, record_id)
        if under:
            scoped = _collection_prefix(inp, child, options)[:-1]
            marks.append(Put("resource_seeded", _seeding_mark(scoped, under), {"of": scoped, "at": inp.now}))
            # and for every other caller: one who reads it (publicly) finds nothing under it either
            shared = f"{child.store}|{SHARED_SCOPE}"
            marks.append(Put("resource_seeded", _made_empty_mark(child, under), {"of": shared, "at": inp.now}))
    return marks


def _made_empty_mark(resource: Resource, parents: Mapping[str, str]) -> str:
    """The mark, for every caller alike, that the records of `resource` under these parents start empty: the
    parent is a record a client made."""
    return _seeding_mark(f"{resource.store}|{SHARED_SCOPE}", dict(parents))


def _with_parents_named(request: RequestFacts, operation: Operation, resource: Resource) -> RequestFacts:
    """The request's path values under the names the resource's collection path gives its parents, where the
    operation's path names them its own way (Keycloak's `/clients/{id1}/protocol-mappers/models/{id2}` under
    `/clients/{id}/protocol-mappers/models`): by place, outermost first, never over a value the path names so."""
    values = request.path_params
    named_twin = (  # the cheap tests first: this runs for every request a resource answers
        resource.id_param is not None
        and resource.id_param not in values
        and resource.item_path is not None
        and operation.path.count("/") == resource.item_path.count("/")
        and ends_in_parameter(operation.path)
    )
    if not named_twin and all(name in values for name in resource.parent_params):
        return request
    named = path_parameter_names(operation.path)
    # an item path that names the record otherwise (Xero's `/Contacts/{ContactNumber}` beside `{ContactID}`):
    # its value under the item path's name, found by the other key where it is no id (`_by_alternate_key`)
    twin = {str(resource.id_param): values[named[-1]]} if named_twin and named and named[-1] in values else {}
    if resource.item_path is not None and _at_or_below(operation.path, resource.item_path):
        # at the item path (or below it) the record's own id is no parent's: DigitalOcean reads a volume's snapshot
        # at `/v2/volumes/snapshots/{snapshot_id}`, and its id was taken for the `{volume_id}` it was made under
        named = named[: len(path_parameter_names(resource.item_path)) - 1]
    renamed = {
        parent: values[own]
        for parent, own in zip(resource.parent_params, named, strict=False)
        if parent not in values and own in values
    }
    return request._replace(path_params={**values, **renamed, **twin}) if renamed or twin else request


def _under_its_parents(
    inp: EffectInput, resource: Resource, options: CrudOptions, noun: str
) -> EffectInput | EffectResult:
    """A request at a path that names the record by its id alone (`Resource.by_id_alone`: Netlify's
    `/deploys/{deploy_id}`) as though made at the item path, under the parents the record was made under; where no
    record has that id, the answer to an unknown one. Nothing is seeded for it: it names no parent to seed under."""
    record_id = _last_path_value(inp)
    anywhere = _Collection(inp, resource, options, {}, seeding=False)
    stored = anywhere.find(record_id) if record_id is not None else None
    if stored is None:
        return _unknown(inp, options, f"No {noun} with id {record_id} exists", anywhere.deleted(record_id), noun)
    keys = stored.get("keys") or {}
    parents = {name: _parent_of(resource, stored, keys, name, None) for name in resource.parent_params}
    if any(value is None for value in parents.values()):
        return EffectResult(skip=True)  # a record that does not say where it sits: the static answer
    path_params = {**{name: str(value) for name, value in parents.items()}, str(resource.id_param): record_id}
    return inp._replace(request=inp.request._replace(path_params=path_params))


def _last_path_value(inp: EffectInput) -> Any:
    """The value of the request path's last parameter (`{deploy_id}` of `/deploys/{deploy_id}`), or None."""
    named = path_parameter_names(inp.operation.path)
    return inp.request.path_params.get(named[-1]) if named else None


def _at_or_below(path: str, item_path: str) -> bool:
    """Whether an operation's path is the item path, or a path below it, whatever its parameters are called."""
    return template_shape(path) == template_shape(item_path) or template_below(path, item_path)


def _asked_in_body(request: RequestFacts) -> RequestFacts:
    """A list asked in its body (`POST /documents.list {"limit": 5, "collectionId": …}`) as though asked in its
    query (as `spec.resources._body_as_query` infers it): the body's values, of all but objects; the query's own win."""
    asked = {name: value for name, value in request.body.items() if not isinstance(value, dict) and value is not None}
    return request._replace(query={**asked, **request.query}) if asked else request


def _by_alternate_key(inp: EffectInput, resource: Resource, collection: _Collection) -> EffectInput:
    """The request naming its record by id, where it named it by the other key its item path takes
    (`Resource.alternate_key`: `/zones/example.com` for `/zones/{id_or_name}`) and no record has that id."""
    value = inp.request.path_params.get(resource.id_param or "")
    if value is None or collection.find(value) is not None:
        return inp
    named = next((r for r in collection.listed() if str(r["data"].get(resource.alternate_key)) == str(value)), None)
    if named is None:
        return inp
    path_params = {**inp.request.path_params, str(resource.id_param): str(_key(resource, named["data"]))}
    return inp._replace(request=inp.request._replace(path_params=path_params))


def _found_by_its_field(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectInput | EffectResult:
    """The request naming its record by id, where its path finds it by another of its fields (`Resource.found_by`:
    `/organizations/external_id/{external_id}`); the answer to an unknown one where no record holds that value."""
    field_name = resource.found_by[inp.operation.operation_id]
    value = _last_path_value(inp)
    record = next((r for r in collection.listed() if str(value_at(r["data"], field_name)) == str(value)), None)
    if record is None:
        return _unknown(inp, options, f"No {noun} with {field_name} {value} exists", subject=noun)
    path_params = {**inp.request.path_params, str(resource.id_param): str(_key(resource, record["data"]))}
    return inp._replace(request=inp.request._replace(path_params=path_params))


def crud(inp: EffectInput) -> EffectResult:
    resource: Resource = inp.params["resource"]
    options: CrudOptions = inp.params.get("options") or CrudOptions()
    role: str = inp.params["role"]
    if role == SPAWN:
        return _spawn(inp, resource, options)
    params = {**inp.params, "_parent_mutations": []}
    noun = resource.noun
    if inp.operation.operation_id in resource.by_id_alone:
        placed = _under_its_parents(inp, resource, options, noun)
        if isinstance(placed, EffectResult):
            return placed
        inp = placed
    request = _with_parents_named(inp.request, inp.operation, resource)
    if role in (LIST, COUNT) and isinstance(request.body, dict):
        request = _asked_in_body(request)
    inp = EffectInput(params, inp.state, request, inp.operation, inp.context, inp.now, inp.call_count)
    if _parent_missing(inp, inp.params.get("parent"), options, resource) and (
        inp.params.get("_parent_deleted") or not _made_under_it(inp, resource, options, role)
    ):
        parent_value = inp.request.path_params.get(resource.parent_params[-1])
        parent_noun = inp.params["parent"].noun
        result = _unknown(inp, options, f"No {parent_noun} with id {parent_value} exists", subject=parent_noun)
        if not result.skip:
            result.mutations = [*params["_parent_mutations"], *result.mutations]
            return result
        # The API cannot say the parent is missing (no 404 declared, or `--unknown-ids generate`): its records are
        # kept under the parent as named, as though it existed. The static answer would make every create the
        # same canned record that nothing stores (Twilio's `POST /Accounts/{AccountSid}/Messages.json`).
    collection = _Collection(inp, resource, options, _parent_values(inp, resource))
    if resource.alternate_key and role not in _NO_RECORD_NAMED:
        inp = _by_alternate_key(inp, resource, collection)
    if inp.operation.operation_id in resource.found_by:
        found = _found_by_its_field(inp, resource, options, collection, noun)
        if isinstance(found, EffectResult):
            found.mutations = [*params["_parent_mutations"], *collection.mutations]
            return found
        inp = found
    if (
        role in (GET, REPLACE, UPDATE)
        and _names_the_caller(inp, resource)
        and collection.find(_item_id(inp, resource)) is None
    ):
        # `/users/me`: the caller's own record, which the answer without the state gives (the caller's, every time)
        return EffectResult(skip=True)
    handler = {
        LIST: _list,
        COUNT: _count,
        BELOW: _below,
        CREATE: _create,
        GET: _get,
        REPLACE: _write,
        UPDATE: _write,
        DELETE: _delete,
        ACTION: _action,
        COPY: _copy,
        CLEAR: _clear,
    }[role]
    seeded = len(collection.mutations)  # what reading the collection wrote (its seeding) stays, whatever the answer
    result = handler(inp, resource, options, collection, noun)
    if result.problem is not None:
        # a refused request changes nothing: a batch refused at its second record keeps not its first
        result.mutations = [*params["_parent_mutations"], *collection.mutations[:seeded]]
        return result
    result.mutations = [*params["_parent_mutations"], *collection.mutations, *result.mutations]
    return result


def crud_entries(inp: EffectInput) -> StateEntries:
    """What `crud` reads first in collections already seeded: a nested collection's parent record (with its
    collection's seeding mark), then its own seeding mark and the record the request names; a create reads the
    collection's count and the scope's largest id instead. What a first seeding reads is read as it goes."""
    resource: Resource = inp.params["resource"]
    options: CrudOptions = inp.params.get("options") or CrudOptions()
    if inp.operation.operation_id in resource.by_id_alone or inp.params["role"] == SPAWN:
        return []  # where its record sits is known once it is read; a job made elsewhere reads as it goes
    inp = inp._replace(request=_with_parents_named(inp.request, inp.operation, resource))
    entries: list[tuple[str, str]] = []
    parent: Resource | None = inp.params.get("parent")
    if parent is not None and resource.parent_params:
        value = inp.request.path_params.get(resource.parent_params[-1])
        if value is not None and str(value) != resource.parent_wildcard:
            entries += _collection_entries(inp, parent, options, _parent_values(inp, parent), value)
    role = inp.params["role"]
    record_id = None if role in _NO_RECORD_NAMED or role == BELOW else _item_id(inp, resource)
    entries += _collection_entries(inp, resource, options, _parent_values(inp, resource), record_id)
    if role == CREATE:
        entries.append(("resource_seq", resource.store))
        if _is_counter(resource.id_schema):  # a new number counts on from the scope's largest (own_top)
            entries.append(("resource_top", _collection_prefix(inp, resource, options)))
        if options.per_key and inp.params.get("credentials", True):  # the id index a new record enters (_index_ready)
            entries.append(("resource_ids", f"{resource.store}|"))
    return entries


def _collection_entries(
    inp: EffectInput, resource: Resource, options: CrudOptions, parents: dict[str, str], record_id: Any
) -> list[tuple[str, str]]:
    """A collection's seeding mark and, when an id is named, the caller's record with that id."""
    prefix = _collection_prefix(inp, resource, options)
    entries = [("resource_seeded", _seeding_mark(prefix[:-1], parents))] if options.seed_data > 0 else []
    if record_id is not None:
        entries.append(("resources", _record_key(prefix, _within(resource, parents), record_id)))
    return entries


def _record_key(prefix: str, within: str, record_id: Any) -> str:
    """Where a record is stored: its collection and scope (`_collection_prefix`), its parents' part (`_within`),
    its id."""
    return f"{prefix}{within}{record_id}"


def _within(resource: Resource, parents: Mapping[str, str]) -> str:
    """The part of a record's key between its scope and its id: the parent ids, each `/`-terminated and escaped
    (no `|` or `/` of their own), where ids are the parent's own (`Resource.keyed_within_parent`); else nothing."""
    if not resource.keyed_within_parent:
        return ""
    return "".join(quote(str(parents.get(name, "")), safe="") + "/" for name in resource.parent_params)


def _collection_prefix(inp: EffectInput, resource: Resource, options: CrudOptions) -> str:
    """Where a caller's records of a resource are kept: `<collection>|<scope>|`, then the id."""
    return f"{resource.store}|{_scope_of(inp, options)}|"


def _placed(resource: Resource, operation: Operation, record: dict[str, Any]) -> dict[str, Any]:
    path = resource.record_paths.get(operation.operation_id)
    return {} if path is None else {path: _as_declared(record, _answer_schema_at(operation, path), resource)}


def _answer_schema_at(operation: Operation, path: str) -> Any:
    schema = _success_schema_of(operation)
    return at_path(schema, path) if schema is not None else None


def _as_declared(record: dict[str, Any], schema: Any, resource: Resource) -> dict[str, Any]:
    """The record as an answer whose own schema is not the record's shows it: only the fields that schema declares
    (immich's upload answers `{id, status}`, a receipt, and was given the whole asset, 627 KB of it)."""
    if not isinstance(schema, dict) or schema is resource.record_schema:
        return record
    return _declared_only(record, schema)


def _declared_only(fields: dict[str, Any], schema: Schema) -> dict[str, Any]:
    """The fields an object schema names, where it names them and allows no others; all of them where it allows
    more (`additionalProperties`) or says nothing of its fields."""
    declared = folded(schema)
    properties = declared.get("properties")
    if not properties or declared.get("additionalProperties") not in (None, False):
        return fields
    return {name: value for name, value in fields.items() if name in properties}


def _sent_fields(resource: Resource, body: Any, operation: Operation | None = None) -> dict[str, Any]:
    """The record's fields a write sends: the body, or the object its one wrapper holds (`{"article": {...}}`),
    each under the record's own spelling of its name (Twilio's form sends `FriendlyName` for `friendly_name`); of
    those, the ones the `operation`'s request schema names, where it names its fields and allows no others
    explicitly: the FastAPI template's item update that also sent `owner_id` gave the item to that owner."""
    if not isinstance(body, dict):
        return {}
    properties = _record_properties(resource)
    body = sent_as_declared(operation, body)
    listed = resource.sends_listed.get(operation.operation_id) if operation is not None else None
    if listed is not None and isinstance(body.get(listed), list) and body[listed]:
        body = body[listed][0]  # Xero's `{"Invoices": [invoice]}`: one record, listed (several: `_create_each`)
        body = body if isinstance(body, dict) else {}
    if len(body) == 1:
        ((key, inner),) = body.items()
        if isinstance(inner, dict) and key not in properties:
            body = inner
    sent = {record_field_name(properties, name): value for name, value in body.items()}
    if resource.id_sent_as in sent and resource.id_field not in sent:
        sent[resource.id_field] = sent.pop(resource.id_sent_as)
    sent = _into_own_object(resource, properties, sent)
    for name, value in sent.items():
        # a whole number sent as `3165.0` is stored as the integer it is, as a server's integer field holds it
        if isinstance(value, float) and value.is_integer() and name in properties:
            fitted = coerce(value, properties[name])
            sent[name] = value if fitted is MISSING else fitted
    return sent


def _into_own_object(resource: Resource, properties: dict[str, Any], sent: dict[str, Any]) -> dict[str, Any]:
    """The fields sent that the record holds not at its top but in its view's own object (`Resource.own_object`),
    moved there: Lemmy's `POST /post {"name": …}` names the `post.name` of the `PostView` it makes."""
    holder = resource.own_object
    if not holder:
        return sent
    inner = _record_properties(_own_resource(resource))
    own = {record_field_name(inner, name): value for name, value in sent.items() if name not in properties}
    own = {name: value for name, value in own.items() if name in inner}
    if not own:
        return sent
    held = sent.get(holder)
    kept = {name: value for name, value in sent.items() if name in properties}
    return {**kept, holder: {**(held if isinstance(held, dict) else {}), **own}}


_own_resources: IdentityCache[Resource] = IdentityCache(max_entries=1024)


def _own_object_made(
    resource: Resource, record: dict[str, Any], inp: EffectInput, options: CrudOptions, sent: dict[str, Any]
) -> dict[str, Any]:
    """A view's own object (`Resource.own_object`) as a record just made is, as the view itself is made: fresh (not
    deleted, no counts), what the create could set but did not unset, its moments now. Lemmy's new post was
    `deleted`, `removed` and published months ago."""
    holder = resource.own_object
    inner = record.get(holder) if holder else None
    if not isinstance(inner, dict):
        return record
    own = _own_resource(resource)
    held = sent.get(holder)
    inner_sent: dict[str, Any] = held if isinstance(held, dict) else {}
    inner = fresh_record(inner, own.record_schema, inner_sent)
    inner = _left_unset(own, inner, inp.operation, set(inner_sent))
    inner = _fill_server_fields(own, inner, inp.now, options.datetime_precision, {}, sent=inner_sent)
    return _view_agreeing(resource, {**record, holder: inner}, frozenset(spelling_key(name) for name in inner_sent))


def _view_agreeing(resource: Resource, record: dict[str, Any], pinned: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A view whose objects agree with its own object (`Resource.own_object`): the record each id of it names is the one
    the view shows beside it (Lemmy's `post.creator_id` and `creator`, `post.community_id` and `community`, as
    `agree_references` makes them agree within one object), and the tallies of it name it (`counts.post_id`).
    `pinned`: the spelling keys of the fields the request set, which stay as they are."""
    holder = resource.own_object
    inner = record.get(holder) if holder else None
    if not isinstance(inner, dict):
        return record
    properties = _record_properties(resource)
    inner_properties = _record_properties(_own_resource(resource))
    beside = {name: value for name, value in record.items() if name != holder and name not in inner}
    together = {"type": "object", "properties": {**inner_properties, **properties}}
    agreed = agree_references({**inner, **beside}, together, pinned)
    record = {
        **record,
        **{name: agreed[name] for name in beside},
        holder: {name: agreed[name] for name in inner},
    }
    own_id, id_names = _key(resource, record), {spelling_key(f"{holder}{suffix}") for suffix in ("_id", "Id")}
    for name, value in list(record.items()):
        if name == holder or not isinstance(value, dict):
            continue
        naming = [field for field in value if spelling_key(field) in id_names]
        inner_schema = dict(folded(properties.get(name) or {}).get("properties") or {})
        for field in naming:
            if is_valid(inner_schema.get(field) or {}, own_id):
                record[name] = {**record[name], field: own_id}
    return record


def _own_resource(resource: Resource) -> Resource:
    """The resource as its view's own object is one (`Resource.own_object`): that object's schema, the key's name in
    it; made once per resource."""
    return _own_resources.get_or_build((resource,), lambda: _as_own_resource(resource))


def _as_own_resource(resource: Resource) -> Resource:
    schema = _record_properties(resource).get(resource.own_object) or {}
    return replace(
        resource, record_schema=deref(schema), id_field=resource.id_field.rpartition(".")[2], server_fields=()
    )


def _with_fields(resource: Resource, record: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """`record` with `fields` written over it; those of the object its key sits in written into that object, never
    in place of it (`_into_own_object`)."""
    holder = resource.own_object
    out = {**record, **fields}
    if holder and isinstance(fields.get(holder), dict) and isinstance(record.get(holder), dict):
        out[holder] = {**record[holder], **fields[holder]}
    return out


# An operation that says it creates or updates (by its id or summary): a key it is sent that is held is no conflict
_UPSERT = re.compile(
    r"(create|add|insert)[\s_-]*or[\s_-]*(update|replace)|(update|replace)[\s_-]*or[\s_-]*(create|add|insert)|upsert",
    re.IGNORECASE,
)


def _key_taken(resource: Resource, status: int, wanted: Any, where: Violation) -> Problem:
    """The refusal of a create whose key another record has, naming the field (`where`) it was sent in."""
    article = "An" if resource.noun[:1].lower() in "aeiou" else "A"  # Lago's "A event" read wrong
    what = f"{article} {resource.noun} with {resource.id_field} {wanted} already exists"
    taken = Violation(where.location, where.field, what)
    return Problem(status, "conflict", what, field=taken.field, violations=(taken,), subject=resource.noun)


def _refusal_of_a_patch(operation: Operation) -> int | None:
    """The status a JSON patch that does not apply is refused with: the refusal of a broken rule the operation
    declares (422, 409), else its 400, else a 4XX or `default` answer's 400; None where it declares no refusal at all,
    which an undeclared 400 would break."""
    status = next((status for status in (422, 409, 400) if declares_exactly(operation, status)), None)
    return status if status is not None else 400 if declares(operation, 400) else None


def _refusal_of_a_taken_key(operation: Operation, resource: Resource) -> int | None:
    """The status a create answers for a key another record has: 409 where declared; for a name the client gives
    (a slug, a username: unique by rule), the refusal of a broken rule the operation declares, a 422 (Laravel's,
    Firefly III's, beside a 400 for what it cannot read), else its 400 (Django REST's `{"slug": ["… already
    exists."]}`). None otherwise: the create replaces the record, as an upsert
    would (Petstore's `POST /pet` of a pet id it holds), and so does one of a uuid, which is drawn, not chosen
    (Xero's example `PUT /Invoices` names the `InvoiceID` its examples seed)."""
    if _UPSERT.search(f"{operation.operation_id} {operation.summary}"):
        return None  # Intercom's `createOrUpdateCompany`, Xero's `updateOrCreateInvoices`: the key held is updated
    drawn = isinstance(resource.id_schema, dict) and resource.id_schema.get("format") == "uuid"
    named = not {"integer", "number"} & set(schema_types(resource.id_schema)) and not drawn
    return next(
        (status for status in (409, 422, 400) if (status == 409 or named) and declares_exactly(operation, status)),
        None,
    )


def _unsaved(record_id: Any) -> bool:
    """Whether a create's id names no record yet: none, empty, or a number of 0 or less, which an ORM's new entity
    holds until it is saved (Radarr's UI posts the movie it looked up with `"id": 0`)."""
    if record_id is None or record_id is MISSING or record_id == "":
        return True
    return isinstance(record_id, (int, float)) and not isinstance(record_id, bool) and record_id <= 0


def _resource_object_split(resource: Resource, sent: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the fields the record names at its top, the rest): for a JSON:API resource object (`echo.holds_attributes`)
    the rest are its attributes and relationships (`into_resource_object`), never fields beside `attributes`;
    for any other record, nothing is the rest."""
    properties = _record_properties(resource)
    if not holds_attributes(properties):
        return sent, {}
    named = {k: v for k, v in sent.items() if k in properties}
    return named, {k: v for k, v in sent.items() if k not in properties}


def _own_fields(resource: Resource, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields a record of this resource has, where its schema names them (and allows no others): a receipt's
    `status` in a create's answer, a request's `deviceId`, are not the record's."""
    return _declared_only(fields, resource.record_schema)


def _binary_fields(operation: Operation) -> frozenset[str]:
    """The request body's file fields (`format: binary`): bytes uploaded, never a record's field (immich's asset
    kept a 300 KB upload as text and answered it in every read and list)."""
    body = operation.request_body
    names: set[str] = set()
    for media in body.content.values() if body is not None else ():
        for name, sub in (folded(media.schema).get("properties") or {}).items() if media.schema else ():
            if isinstance(sub, dict) and (sub.get("format") == "binary" or "contentMediaType" in sub):
                names.add(name)
    return frozenset(names)


def _answered_record(inp: EffectInput, resource: Resource) -> dict[str, Any]:
    """The record in the static answer to this request: echoing it, by the caller, fresh, coherent."""
    path = resource.record_paths.get(inp.operation.operation_id)
    found = _at(inp.request.generated, path) if path is not None else MISSING
    return dict(found) if isinstance(found, dict) else {}


def _new_record(
    inp: EffectInput,
    resource: Resource,
    options: CrudOptions,
    collection: _Collection,
    record_id: Any = MISSING,
    inherited: dict[str, Any] | None = None,
) -> tuple[dict[str, Any] | None, Problem | None]:
    """A record for a create (or an upsert of `record_id`): the static answer's record (else a generated one)
    with the request's fields at any depth (and those `inherited`, as though sent), a fresh or sent id, and the
    server's fields."""
    body = inp.request.body if isinstance(inp.request.body, dict) else {}
    sent = asked = {**(inherited or {}), **_sent_fields(resource, body, inp.operation)}
    taken = _CollectionIds(collection)
    sent_text = json.dumps(body, sort_keys=True, default=str)
    material = f"{options.seed}|{collection.scope}|{collection.seq}|{inp.call_count}|{sent_text}"
    realism = inp.params.get("realism") or DEFAULT_REALISM
    kind = _kind_of(resource.record_schema, sent)  # the one kind asked for, where records are of several
    generated = fake_value(
        kind, _number(material), singular(resource.name), use_examples=False, realism=realism, for_response=True
    )
    generated = generated if isinstance(generated, dict) else {}
    answered = _declared_only(_own_fields(resource, _answered_record(inp, resource)), kind)
    sent = {k: v for k, v in _own_fields(resource, sent).items() if k not in _binary_fields(inp.operation)}
    sent, _ = _resource_object_split(resource, sent)  # the rest is its attributes: echoed into them below
    record = _with_fields(
        resource, {**generated, **answered}, {k: v for k, v in sent.items() if k not in resource.server_fields}
    )
    record = echo_body_into(kind, record, body, inp.operation)
    if record_id is not MISSING:
        fitted = coerce(record_id, resource.id_schema)
        record = _keyed(resource, record, record_id if fitted is MISSING else fitted, collection.parents)
    elif (
        resource.id_field not in resource.server_fields
        and resource.lifecycle is None
        and not _unsaved(wanted := _key_wanted(inp, resource, sent))
    ):
        # a client-chosen id (Petstore's pet id, a username, AIP's `?memoId=`)
        taken_by = (
            _refusal_of_a_taken_key(inp.operation, resource) if collection.holds(wanted, with_deleted=False) else None
        )
        if taken_by is not None:
            where = (
                Violation("query", str(resource.id_asked_as), "")
                if resource.id_asked_as is not None and resource.id_asked_as in inp.request.query
                else Violation("body", resource.id_sent_as or resource.id_field, "")
            )
            return None, _key_taken(resource, taken_by, wanted, where)
        # without a declared answer for it, the new record replaces the old one, as an upsert would
        record = _keyed(resource, record, wanted, collection.parents)
    else:
        answered_id = _key(resource, answered)
        if answered_id is not None and str(answered_id) in _parent_values(inp, resource).values():
            # the static answer took the path's last value for the id: in a collection of each kind (HubSpot's
            # `POST /crm/v3/objects/{objectType}`) that value names the kind, and every contact made was `contacts`
            answered_id = None
        record = _keyed(
            resource, record, _fresh_id(resource, answered_id, taken, material, collection.seq), collection.parents
        )
    record = fresh_record(record, resource.record_schema, body)  # answered 200 too (Mastodon's statuses)
    record = _left_unset(resource, record, inp.operation, set(sent) | set(body))
    record = _own_object_made(resource, record, inp, options, sent)
    # what was left unset agrees with the rest again (`parents: []` and its expanded `parents_obj`)
    record = cohere(record, kind, frozenset(spelling_key(name) for name in (*sent, *body)))
    record = _fill_server_fields(
        resource, record, inp.now, options.datetime_precision, collection.parents, sent=(*sent, *body)
    )
    record = _expiring_after_made(resource, record, inp.now, options.datetime_precision, sent=(*sent, *body))
    # `{"publish": true}`: published now
    flagged = moments_flagged(resource.record_schema, record, asked)
    record = _moments_set(resource, record, flagged, inp.now, options.datetime_precision, made=True)
    key_was = _key(resource, answered)
    key_was = _key(resource, generated) if key_was is MISSING else key_was
    record = _own_identity(resource, record, collection.parents, material, sent.keys(), key_was)
    record = _with_choices(resource, _with_parent(resource, record, inp), sent.keys(), None)
    record = _of_the_kind_named(resource, record, inp.operation, sent.keys())
    if resource.lifecycle is not None:  # a job just made waits, whatever status the client sent
        record = _just_made(resource, resource.lifecycle, record, inp.now, options.datetime_precision)
    record = _embedded_as_stored(inp, resource, options, collection, record)
    record = _made_from_nothing(resource, record, sent.keys())
    # a reference the client left unsaid names a record that exists, as a seed's does (Memos' new memo had a made-up
    # `creator: "evidence"` where every seeded memo names a listed user)
    parents = set(resource.parent_fields.values())
    unsent = {
        name: ids
        for name, ids in collection.referred_ids().items()
        if name not in sent and name not in body and name not in parents
    }
    record = _naming_real_records(record, unsent, 0)
    return _fit(resource, record, {**generated, **answered}), None


def _key_wanted(inp: EffectInput, resource: Resource, sent: dict[str, Any]) -> Any:
    """The key a create asks for: in the query parameter that names it (`Resource.id_asked_as`), else in the body."""
    asked = inp.request.query.get(resource.id_asked_as, MISSING) if resource.id_asked_as else MISSING
    return _key(resource, sent) if asked in (MISSING, "") else asked


def _made_from_nothing(resource: Resource, record: dict[str, Any], sent: Iterable[str]) -> dict[str, Any]:
    """A record no copy made names no record it was made from: the field a copy names its source in
    (`Copying.source_field`, `remixed_from_video_id`) is null where it may be, unless the request sent it (a video
    just made had been remixed from one of a made-up id)."""
    properties = _record_properties(resource)
    out = record
    for copying in resource.copies.values():
        name = copying.source_field
        if name is not None and name not in sent and out.get(name) is not None and is_valid(properties[name], None):
            out = {**out, name: None}
    return out


def _embedded_as_stored(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, record: dict[str, Any]
) -> dict[str, Any]:
    """The record with each object it holds of another resource's (`Resource.embeds`: an invoice's `Contact`) that
    names a stored record shown as that record is stored, in the fields the object declares; one naming none is
    kept as it is."""
    embedded: Mapping[str, Resource] = inp.params.get("embedded") or {}
    if resource is not inp.params.get("resource") or not embedded:
        return record
    view = OverlayView(inp.state)
    view.add(collection.mutations)
    out = dict(record)
    for name, target in embedded.items():
        held = out.get(name)
        if target.store == resource.store or not isinstance(held, (dict, list)):
            continue
        others = _Collection(inp._replace(state=view), target, options, {}, seeding=False)
        schema = _record_properties(resource).get(name) or {}
        if isinstance(held, dict):
            out[name] = _as_stored(others, target, held, schema)
        else:
            each = item_schema(deref(schema) or {}, 0)
            out[name] = [_as_stored(others, target, one, each) if isinstance(one, dict) else one for one in held]
    return out


def _as_stored(others: _Collection, target: Resource, held: dict[str, Any], schema: Any) -> dict[str, Any]:
    """`held` as the record it names is stored, in the fields `schema` declares; `held` where it names none."""
    key = _key(target, held)
    stored = None if key is MISSING or key is None else others.find(key)
    if stored is None:
        return held
    return _declared_only(stored["data"], deref(schema) or {})


def _just_made(
    resource: Resource, lifecycle: Lifecycle, record: dict[str, Any], now: float, precision: str
) -> dict[str, Any]:
    """A job as it is made: in its first state since now (Meilisearch's `enqueuedAt`, a field named for that state),
    not yet started or ended (those moments null where allowed)."""
    properties = _record_properties(resource)
    required = set(folded(resource.record_schema).get("required") or ())
    out = {**record, lifecycle.field: lifecycle.path[0]}
    entered = {spelling_key(f"{lifecycle.path[0]}_{suffix}") for suffix in ("at", "time", "date")}
    for name, schema in properties.items():
        moment = moment_value(schema, now, precision, name)
        if moment is None:
            continue
        started, ended = _STARTED.match(name), _ENDED_AT.match(name)
        if spelling_key(name) in entered or (started and not lifecycle.waits):
            out[name] = moment  # it entered its first state now; one that works from the start started now
        elif (started or ended) and name in out:
            # not yet started or ended: null where allowed, else absent where it may be, else (the spec says it is
            # always there) now, never a moment drawn at random before the job was made
            if is_valid(schema, None):
                out[name] = None
            elif name not in required:
                del out[name]
            else:
                out[name] = moment
    return _as_far_as(resource, out, done=False)


# A job's progress (`progress`, `percent_complete`) and the error it failed with: nothing done and no error when it
# is made, all done and still no error when it succeeds. Hetzner's action had succeeded at `progress: 0` with
# `error: {"code": "action_failed"}`.
_PROGRESS = re.compile(
    r"^(progress|percent(age)?|(percent(age)?|progress)_?(complete|completed|done|percent(age)?))$", re.I
)
_ERROR = re.compile(r"^(error|errors|error_message|failure|failure_reason)$", re.I)


def _as_far_as(resource: Resource, record: dict[str, Any], done: bool) -> dict[str, Any]:
    """The job's progress at its start (`done` False) or its successful end, and no error, where its fields say
    them and the schema allows it."""
    out = dict(record)
    for name, schema in _record_properties(resource).items():
        if name not in out:
            continue
        if _PROGRESS.match(name) and {"integer", "number"} & set(schema_types(schema)):
            bound = folded(schema).get("maximum" if done else "minimum")
            value = bound if isinstance(bound, (int, float)) else (100 if done else 0)
            if is_valid(schema, value):
                out[name] = value
        elif _ERROR.match(name) and out[name] is not None and is_valid(schema, None):
            out[name] = None
    return out


def _left_unset(resource: Resource, record: dict[str, Any], operation: Operation, sent: set[str]) -> dict[str, Any]:
    """The record with what the create could have set but did not as a client who set nothing sees it
    (`echo.left_unset`): Conduit's article made without `tagList` had two random tags; authentik's group made with
    only a name was a superuser group one time in four."""
    return left_unset(_record_properties(resource), record, operation, sent, keep=(resource.id_field,))


def _fresh_id(resource: Resource, answered: Any, taken: IdsInUse, material: str, issued: int) -> Any:
    """The id the static answer holds (a `cus_` prefixed id, a slug from the title) when it is a free string;
    numbers count up; anything else is derived."""
    schema = resource.id_schema
    # (a static answer's address is made up: `memos/Golden Forge`, where a memo's name is its address)
    if (
        isinstance(answered, str)
        and answered
        and is_valid(schema, answered)
        and not _is_counter(schema)
        and not resource.keyed_by_address
    ):
        if answered not in taken:
            return answered
        for n in range(2, 50):  # `how-to-train-2`; a uuid or a token another of its shape
            candidate = another_id(answered, n)
            if candidate not in taken and is_valid(schema, candidate):
                return candidate
    return new_id(resource, taken, material, issued)


def _is_counter(schema: Any) -> bool:
    """Ids that count up: numbers, and text of digits only (`DIGITS`: a string id a path reads as a number)."""
    declared = schema.get("type") if isinstance(schema, dict) else None
    types = declared if isinstance(declared, list) else [declared]
    return "integer" in types or "number" in types or (isinstance(schema, dict) and schema.get("pattern") == DIGITS)


def _create(
    inp: EffectInput,
    resource: Resource,
    options: CrudOptions,
    collection: _Collection,
    noun: str,
    inherited: dict[str, Any] | None = None,
) -> EffectResult:
    """A new record from the request (`_new_record`), kept and answered. `inherited`: fields it takes as though the
    body sent them, whatever the request's schema names (a copy's, from the record it copies)."""
    body = inp.request.body
    listed = resource.sends_listed.get(inp.operation.operation_id)
    if listed == BATCH_BODY and isinstance(body, list):
        return _create_each(inp, resource, options, collection, noun, listed)  # Resend's `POST /emails/batch`
    if listed is not None and isinstance(body, dict) and isinstance(body.get(listed), list) and len(body[listed]) > 1:
        return _create_each(inp, resource, options, collection, noun, listed)
    record_id: Any = MISSING
    if (
        resource.id_param is not None
        and resource.id_param in inp.request.path_params
        and resource.item_path is not None
        and template_shape(inp.operation.path) == template_shape(resource.item_path)
    ):
        # a create at the item path makes the record its path names (`POST /users/db/{user_id}`), once; a create
        # elsewhere whose path has a parameter of the same name names another record by it (Vikunja's
        # `PUT /projects/{id}/tasks`: the project's)
        record_id = _item_id(inp, resource)
        taken_by = (
            _refusal_of_a_taken_key(inp.operation, resource)
            if collection.holds(record_id, with_deleted=False)
            else None
        )
        if taken_by is not None:
            return EffectResult(
                problem=_key_taken(resource, taken_by, record_id, Violation("path", resource.id_param, ""))
            )
    record, problem = _new_record(inp, resource, options, collection, record_id, inherited or {})
    if record is None:
        return EffectResult(problem=problem)
    existing = collection.find(_key(resource, record))
    if existing is not None:
        collection.put(_key(resource, record), {**existing, "data": record})
        record, counting = _with_children(inp, resource, options, collection.parents, record)
    else:
        collection.add(record)
        counting = _children_start_empty(inp, resource, options, collection.parents, record)
        record = {
            **record,
            **{name: 0 for name, _ in resource.child_counts if isinstance(record.get(name), int)},
            **{name: [] for name, _ in resource.child_lists if isinstance(record.get(name), list)},
        }
    placements = _placed(resource, inp.operation, record)
    if not placements and _answers_the_new_id(resource, inp.operation):
        placements = {str(resource.create_id_path): _key(resource, record)}
    return EffectResult(vars={"resource": record}, placements=placements, mutations=counting)


def _answers_the_new_id(resource: Resource, operation: Operation) -> bool:
    """Whether this create's answer holds the new id where the resource's creates answer it (`create_id_path`, ""
    for the whole answer): not where that is an object or a list, as in an upsert at the item path of a collection
    whose create answers the bare id (LUIS' `PUT /apps/{appId}` answers an operation status)."""
    if resource.create_id_path is None:
        return False
    held = _answer_schema_at(operation, resource.create_id_path)
    return held is None or not {"object", "array"} & set(schema_types(held))


def _create_each(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str, listed: str
) -> EffectResult:
    """A create of the several records its body lists (Xero's `{"Invoices": [a, b]}`; a batch create's body is the
    list itself, `BATCH_BODY`): each made as though sent alone, in order, and answered together in the list its
    answer holds them in."""
    body = inp.request.body
    made: list[Any] = []
    mutations: list[Mutation] = []
    for sent in body if listed == BATCH_BODY else body[listed]:
        alone_body = sent if listed == BATCH_BODY else {**body, listed: [sent]}
        alone = inp._replace(request=inp.request._replace(body=alone_body))
        result = _create(alone, resource, options, collection, noun)
        if result.problem is not None:
            return result
        made.append(result.vars["resource"])
        mutations.extend(result.mutations)
    path = resource.record_paths.get(inp.operation.operation_id, "")
    placements = {}
    if path == LISTED_ALONE or path.endswith(f".{LISTED_ALONE}"):
        schema = _answer_schema_at(inp.operation, path)
        placements = {
            path[: -len(LISTED_ALONE)].rstrip("."): [_as_declared(record, schema, resource) for record in made]
        }
    return EffectResult(vars={"resource": made[0] if made else {}}, placements=placements, mutations=mutations)


def _item_id(inp: EffectInput, resource: Resource) -> Any:
    """The path's id; an operation at no item path names its record in the body (`PUT /pet {"id": 7}`,
    `POST /documents.info {"id": …}`) or the query (`GET /users/get?id=7`), by its id field or the field it names
    it by (`Resource.record_named_by`)."""
    if resource.id_param and resource.id_param in inp.request.path_params:
        return inp.request.path_params[resource.id_param]
    if resource.item_path and _at_or_below(inp.operation.path, resource.item_path):
        # the item's place named otherwise: Solidus' `PUT /shipments/{shipment_number}/ship` beside `{number}`
        return _id_below(inp, resource)
    named_by = resource.record_named_by.get(inp.operation.operation_id)
    if named_by is not None:  # Slack's `reminders.info?reminder=Rm…`
        body = inp.request.body
        found = body.get(named_by, MISSING) if isinstance(body, dict) else MISSING
        if found is MISSING:
            found = inp.request.query.get(named_by, MISSING)
        if isinstance(found, dict):  # a reference object (OpenAI's `{"video": {"id": …}}`): the key it holds
            found = found.get(resource.id_field.rpartition(".")[2], MISSING)
        return None if found is MISSING else _key_in(resource, found)
    found = _key(resource, _sent_fields(resource, inp.request.body))
    if found is MISSING:
        found = _key_in(resource, inp.request.query.get(resource.id_field, MISSING))
    return None if found is MISSING else found


def _get(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectResult:
    record_id = _item_id(inp, resource)
    stored = collection.find(record_id)
    if stored is None:
        return _as_the_record_named(
            inp, resource, collection, _missing(inp, resource, options, collection, noun, record_id), record_id
        )
    data = stored["data"]
    if resource.lifecycle is not None:  # a job: each read is a poll, and the job one state further on
        data = _polled(resource, resource.lifecycle, data, inp.now, options.datetime_precision)
        if data is not stored["data"]:
            collection.put(record_id, {**stored, "data": data})
    record, seeding = _with_children(inp, resource, options, collection.parents, data)
    return EffectResult(
        vars={"resource": record}, placements=_placed(resource, inp.operation, record), mutations=seeding
    )


def _spawn(inp: EffectInput, job: Resource, options: CrudOptions) -> EffectResult:
    """The job this write makes though it is not the job's create (`Resource.spawned_by`): a record in its first
    state with what the write's answer says of it, what the request named, and a fresh key, which the answer is
    given too; a read at that key finds it and polls it on. Where the write made a record of its own that its answer
    holds where the job is (a droplet's action, also one of `/actions`), the job is that record, under its key."""
    lifecycle = job.lifecycle
    key_path = job.spawned_by.get(inp.operation.operation_id)
    if lifecycle is None or key_path is None:
        return EffectResult(skip=True)
    place, _, key_name = key_path.rpartition(".")
    collection = _Collection(inp, job, options, _parent_values(inp, job))
    answered = _at(inp.request.generated, place) if place else inp.request.generated
    if not isinstance(answered, dict):
        # this answer holds no job where one may be (Hetzner's placement group create, whose `action` is optional
        # and left out): none is made, and nothing is placed into an answer that has no room for it
        return EffectResult(skip=True)
    properties = _record_properties(job)
    material = f"{options.seed}|{collection.scope}|{collection.seq}|{inp.call_count}|{inp.operation.operation_id}"
    realism = inp.params.get("realism") or DEFAULT_REALISM
    generated = fake_value(
        job.record_schema, _number(material), singular(job.name), use_examples=False, realism=realism, for_response=True
    )
    record = generated if isinstance(generated, dict) else {}

    def written(fields: Mapping[str, Any]) -> dict[str, Any]:  # the record with those of the fields it has
        return {**record, **{name: value for name, value in fields.items() if name in properties}}

    made_by: Resource | None = inp.params.get("made_by")
    found = inp.context.get("resource")  # the record this write made or acted on, by the rules before this one
    made: dict[str, Any] = found if isinstance(found, dict) else {}
    made_key = _key(made_by, made) if made_by is not None and made else MISSING
    record = written({**answered, **_told_by_the_request(inp, job, made_by, made_key)})
    spawned: dict[str, dict[str, Any]] = inp.context.get(_SPAWNED) or {}
    key = MISSING
    if key_path in spawned:  # the same job, which this write just made in another collection (`/actions` beside
        earlier = spawned[key_path]  # `/servers/{id}/actions`): one job, one key
        key = _key(job, earlier)
        if collection.holds(key, with_deleted=True):
            # a record of this collection has that key already (a seeded one): the job is kept where it was made,
            # and the answer keeps naming it there
            return EffectResult(mutations=collection.mutations)
        record = written(earlier)
    elif (
        made_key is not MISSING
        and made_by is not None
        and made_by.record_paths.get(inp.operation.operation_id) == place
    ):
        record, key = written(made), made_key  # the record the write made is the job (a droplet's action)
    if key is MISSING or not is_valid(job.id_schema, key) or collection.holds(key, with_deleted=True):
        key = new_id(job, _CollectionIds(collection), material, collection.seq)
    if made_key is not MISSING:  # the job names the record the write made or acted on (`reference.id`)
        record = _pointing_at(job, record, made_key)
    record = _keyed(job, record, key)
    record = _fill_server_fields(job, record, inp.now, options.datetime_precision, collection.parents, sent=())
    record = _fit(job, _just_made(job, lifecycle, record, inp.now, options.datetime_precision), record)
    collection.add(record)
    holder = folded(_answer_schema_at(inp.operation, place) or {})
    placements: dict[str, Any] = {key_path: _key(job, record)}
    for name, schema in (holder.get("properties") or {}).items():
        if name != key_name and name in record and is_valid(schema, record[name]):
            placements[f"{place}.{name}" if place else name] = record[name]
    return EffectResult(
        vars={_SPAWNED: {**spawned, key_path: record}}, placements=placements, mutations=collection.mutations
    )


# The context's record of the jobs this request's write made so far, by where its answer holds their keys.
_SPAWNED = "spawned"


def _told_by_the_request(inp: EffectInput, job: Resource, made_by: Resource | None, made_key: Any) -> dict[str, Any]:
    """What a write says of the job it makes: the fields of the job its body sends (a droplet action's `type`),
    then the path parameters the job names (`/indexes/{indexUid}/documents`: its `indexUid`), then the key of the
    record the write made (`POST /indexes {"uid": "movies"}`: a task of the index `movies`), each where the job's
    field holds it. Never the job's key or status: those are its own."""
    properties = _record_properties(job)
    own = {job.id_field} | ({job.lifecycle.field} if job.lifecycle is not None else set())
    told: dict[str, Any] = {}
    body = inp.request.body
    if isinstance(body, dict):
        told.update({name: value for name, value in body.items() if name in properties})
    by_spelling = {spelling_key(name): name for name in properties}
    for param, value in inp.request.path_params.items():
        name = by_spelling.get(spelling_key(param))
        if name is not None:
            told[name] = coerce(value, properties[name])
    if made_by is not None and made_key is not MISSING:
        for suffix in (made_by.id_field, "id"):
            name = by_spelling.get(spelling_key(f"{made_by.noun}_{suffix}"))
            if name is not None:
                told[name] = made_key
    return {
        name: value
        for name, value in told.items()
        if name not in own and value is not MISSING and is_valid(properties[name], value)
    }


def _as_the_record_named(
    inp: EffectInput,
    resource: Resource,
    collection: _Collection,
    unknown: EffectResult,
    record_id: Any,
    written: dict[str, Any] | None = None,
) -> EffectResult:
    """The answer about a record the mock never made, where the spec's static answer gives it (`unknown`): it is the
    record the request names, by its key (OpenAI's `POST /batches/zz1/cancel` answered a batch of another id, which
    no echo could set: a path that ends in a verb may answer another record), and a job's says it has finished, at
    every read and every action, never a state it had left (its status was drawn afresh for each: Replicate's
    unknown prediction, cancelled by `POST …/cancel`, was read back `succeeded`). A write answers it with the fields
    it sent (`written`), and keeps nothing."""
    path = resource.record_paths.get(inp.operation.operation_id)
    if not unknown.skip or path is None:
        return unknown
    if record_id is not None and is_valid(resource.id_schema, record_id):
        # one record, whichever operation reads it: drawn from its collection and key, not from each request (OpenAI's
        # vector store file read `completed`, then answered `failed` to a write of its attributes)
        options: CrudOptions = inp.params.get("options") or CrudOptions()
        realism = inp.params.get("realism") or DEFAULT_REALISM
        material = f"{options.seed}|{resource.collection}|{record_id}"
        made_up = fake_value(
            resource.record_schema, _number(material), singular(resource.name), realism=realism, for_response=True
        )
        record = _keyed(resource, made_up if isinstance(made_up, dict) else {}, record_id)
        record = _with_parent_fields(resource, {**record, **(written or {})}, _parent_values(inp, resource))
        if resource.lifecycle is not None:
            record = {**record, resource.lifecycle.field: resource.lifecycle.path[-1]}
        # its number is never handed to a record made later: Prowlarr's command 182, read `completed`, was made
        # again by a create and answered `queued`, the same job gone back
        collection.raise_top(record_id)
        return EffectResult(placements=_placed(resource, inp.operation, record))
    if resource.lifecycle is not None:
        field = ".".join(part for part in (path, resource.lifecycle.field) if part)
        return EffectResult(placements={field: resource.lifecycle.path[-1]})
    return unknown


def _pointing_at(job: Resource, record: dict[str, Any], key: Any) -> dict[str, Any]:
    """The job's record with each field that names the record it works on (`acted_on_fields`) naming the record the
    write made or acted on (`key`), the rest of each as the job has it, where its schema allows: the instance an
    Exoscale `operation` answered for `POST /instance` references is that instance."""
    properties = _record_properties(job)
    out = dict(record)
    for path in acted_on_fields(job.record_schema):
        pointed = place(out, path, key)
        name = path.partition(".")[0]
        if is_valid(properties[name], pointed[name]):
            out = pointed
    return out


def _polled(resource: Resource, lifecycle: Lifecycle, record: dict[str, Any], now: float, precision: str) -> Any:
    """The job one state further on its way (`Lifecycle.next_state`), with the moment it started or ended stamped;
    the record itself where it has ended."""
    state = record.get(lifecycle.field)
    after = lifecycle.next_state(state)
    if after == state:
        return record
    moved = _ended_when(resource, {**record, lifecycle.field: after}, {lifecycle.field: after}, {}, now, precision)
    stamped = [
        *([_STARTED] if state == lifecycle.path[0] and lifecycle.waits else []),  # it starts working now
        *([_ENDED_AT] if after in lifecycle.ends else []),  # it has ended now (Hetzner's `running → success`: both)
    ]
    properties = _record_properties(resource)
    for name in properties:
        # now, over what it held while waiting (a required moment can hold none); a field that holds no moment kept
        if any(p.match(name) for p in stamped) and (moment := moment_value(properties[name], now, precision, name)):
            moved[name] = moment
    if after == lifecycle.path[-1]:
        moved = _as_far_as(resource, moved, done=True)
    return _fit(resource, moved, record)


# a job's moments: when it began working, when it ended (only a field that holds a moment: `completed: true` is a flag)
_STARTED = re.compile(r"^(started|began|begun)(_?(at|on|time|date))?$", re.IGNORECASE)
_ENDED_AT = re.compile(r"^(ended|finished|completed|done|stopped)(_?(at|on|time|date))?$", re.IGNORECASE)


def _link(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, record_id: Any
) -> EffectResult | None:
    """A write without a body to a nested item path whose id names a record of the resource it holds
    (`Resource.linked`: `PUT /users/{id}/groups/{groupId}`) puts that record under the parent, as it is; None where
    the id names no such record."""
    linked: Resource | None = inp.params.get("linked")
    if linked is None:
        return None
    records = _Collection(inp, linked, options, {})
    found = records.find(record_id)
    if found is None:
        return None
    collection.add(dict(found["data"]))
    return EffectResult(
        vars={"resource": found["data"]},
        placements=_placed(resource, inp.operation, found["data"]),
        mutations=records.mutations,
    )


def _put_may_create(operation: Operation, resource: Resource) -> bool:
    """A PUT to an id nothing holds makes the record there (RFC 9110's PUT) where the client names records (its
    ids are not the server's to give) and the operation declares no 404 of its own, or declares 201 Created (a
    member added at `/teams/{team_id}/members/{user_id}`). Where the server gives ids (Box's comments), an id it
    never gave names nothing: the PUT is a 404, and a DELETE after it too."""
    client_named = resource.id_field not in resource.server_fields
    return client_named and ("201" in operation.responses or not declares_exactly(operation, 404))


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def _unnameable(operation: Operation, record_id: Any) -> Problem | None:
    """Why a PUT makes no record under the id its path names: one holding control characters (a NUL, a newline),
    which no API takes for a name, is refused with the 400 (or 422) the operation declares. None where the id may be
    a name, or where the operation declares no such refusal (bound to the spec, the PUT makes the record)."""
    if not isinstance(record_id, str) or not _CONTROL_CHARACTERS.search(record_id):
        return None
    status = next((code for code in (400, 422) if declares(operation, code)), None)
    if status is None:
        return None
    return Problem(status, "invalid_id", f"{record_id!r} is no name: it holds control characters")


def _answered_as(properties: Mapping[str, Any], name: str) -> Any:
    """What a record field's value must meet to be answered back (`answer_back_view`); a field the schema does not
    name, anything."""
    found = properties.get(name)
    return answer_back_view(found) if isinstance(found, dict) else {}


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def _write(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectResult:
    """PUT replaces, PATCH (and a POST of some fields) merges as RFC 7386; fields may come in the query."""
    record_id = _item_id(inp, resource)
    stored = collection.find(record_id)
    role = inp.params["role"]
    if stored is None and record_id is not None and inp.request.body in (None, b"", "", {}):
        linked = _link(inp, resource, options, collection, record_id)
        if linked is not None:
            return linked
    if stored is None:
        if role == REPLACE and record_id is not None and _put_may_create(inp.operation, resource):
            refused = _unnameable(inp.operation, record_id)
            if refused is not None:
                return EffectResult(problem=refused)
            record, problem = _new_record(inp, resource, options, collection, record_id)  # PUT makes it
            if record is None:
                return EffectResult(problem=problem)
            collection.add(record)
            # RFC 9110 §9.3.4: a PUT that made its target answers 201 Created, where the operation declares one
            return EffectResult(
                vars={"resource": record},
                placements=_placed(resource, inp.operation, record),
                status=201 if "201" in inp.operation.responses else None,
            )
        unknown = _missing(inp, resource, options, collection, noun, record_id)
        return _as_the_record_named(
            inp, resource, collection, unknown, record_id, _own_fields_written(resource, inp)[0]
        )
    old = stored["data"]
    properties = _record_properties(resource)
    sent, plain = _resource_object_split(resource, _sent_fields(resource, inp.request.body, inp.operation))
    changes = {k: v for k, v in sent.items() if k not in resource.server_fields}
    query = {record_field_name(properties, k): v for k, v in inp.request.query.items()}
    changes.update({k: v for k, v in query.items() if k in properties and k not in resource.server_fields})
    kept = {k: old[k] for k in resource.server_fields if k in old}  # what only the server writes
    if is_json_patch(inp.request.body):
        try:  # RFC 6902 (Kubernetes' json-patch+json, Kratos' identities): applied whole, or not at all
            record = jsonpatch.apply_patch(old, inp.request.body)
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
            record, reason = None, f"The patch does not apply: {exc}"
        else:  # `{"op": "add", "path": "", "value": [...]}` replaces the whole record (PayPal's product PATCH)
            reason = "The patch would make the record something other than an object"
        if not isinstance(record, dict):
            status = _refusal_of_a_patch(inp.operation)
            if status is not None:
                return EffectResult(problem=Problem(status, "invalid_patch", reason))
            record = (
                old  # no refusal declared (1Password Connect's item PATCH): applied whole or not at all, not at all
            )
        record = {**record, **kept}
    elif role == REPLACE:
        record = _with_fields(resource, {**_unsendable(resource, inp.operation, old), **kept}, changes)
    else:
        record = merge_patch(old, changes)
        if "merge-patch" not in inp.request.headers.get("content-type", ""):
            # RFC 7386's null removes a field only in a merge patch; in plain JSON it is the value the client set
            # (the FastAPI template's `{"description": null}` took the description away)
            nulls = {k: None for k, v in changes.items() if v is None and is_valid(_answered_as(properties, k), None)}
            record = {**record, **nulls}
    record = into_resource_object(record, plain, _record_properties(resource).get("attributes"))
    # an id changed takes the object it names with it (`users` and `users_obj`), and the other way round
    record = agree_references(record, resource.record_schema, frozenset(spelling_key(name) for name in changes))
    record = _keyed(resource, record, _key(resource, old), collection.parents)
    record = _fill_server_fields(
        resource, record, inp.now, options.datetime_precision, collection.parents, sent=changes, old=old
    )
    record = _ended_when(resource, record, changes, sent, inp.now, options.datetime_precision)
    kind = _kind_of(resource.record_schema, record)
    fallback = old
    if kind is not _kind_of(resource.record_schema, old):
        # made another kind (a symbol source `http` replaced as `s3`): what only that kind has is made for it
        made = fake_value(kind, _number(f"{options.seed}|{collection.scope}|{record_id}|{collection.seq}"), noun)
        fallback = {**(made if isinstance(made, dict) else {}), **_declared_only(old, kind)}
    record = _fit(resource, _embedded_as_stored(inp, resource, options, collection, record), fallback)
    collection.put(record_id, {**stored, "data": record})
    record, seeding = _with_children(inp, resource, options, collection.parents, record)
    return EffectResult(
        vars={"resource": record}, placements=_placed(resource, inp.operation, record), mutations=seeding
    )


def _unsendable(resource: Resource, operation: Operation, old: dict[str, Any]) -> dict[str, Any]:
    """The fields of a stored record that a replace's request cannot send, kept as they were: those its body's
    schema does not name, where it names its fields and allows no others (Qovery's `PUT …/credentials/{id}` sends a
    `name` only: replacing the record with it made an Azure credential of no kind, lacking what each kind requires)."""
    schema = request_schema(operation)
    named = declared_fields(schema, {}) if schema is not None else None
    if named is None:
        return {}
    properties = _record_properties(resource)
    if len(named) == 1:
        ((name, inner),) = named.items()
        wrapped = object_schema(deref(inner), {})
        if name not in properties and isinstance(wrapped.get("properties"), dict) and wrapped["properties"]:
            named = wrapped["properties"]  # `{"article": {...}}`: the record's fields are the wrapper's
    sendable = {record_field_name(properties, name) for name in named}
    return {name: value for name, value in old.items() if name not in sendable}


def _action(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectResult:
    """`POST /articles/{slug}/favorite`: the stored record with its flag set and its counter moved, kept. The
    record's own fields the body sends are written too (Clerk's `PUT /users/{id}/metadata` replaces the user's
    `public_metadata`; its `PATCH` merges into it, as RFC 7386)."""
    record_id = _item_id(inp, resource)
    stored = collection.find(record_id)
    if stored is None:
        return _as_the_record_named(
            inp, resource, collection, _missing(inp, resource, options, collection, noun, record_id), record_id
        )
    if resource.cancellation is not None and inp.operation.operation_id in resource.cancellation.by:
        # `POST /batches/{batch_id}/cancel` on a record whose status can say cancelled: as a DELETE that cancels
        return _cancel(inp, resource, resource.cancellation, options, collection, stored)
    old = stored["data"]
    record = dict(old)
    action = action_of(inp.operation)
    if action is not None:
        stems, on = action
        for stem in stems:
            record = _toggled(record, _record_properties(resource), stem, on)
            acted = moments_acted(resource.record_schema, record, stem, on)
            record = _moments_set(resource, record, acted, inp.now, options.datetime_precision)
    changes, plain = _own_fields_written(resource, inp)
    if changes or plain:
        record = (
            merge_patch(record, changes) if inp.operation.method == "PATCH" else _with_fields(resource, record, changes)
        )
        record = into_resource_object(record, plain, _record_properties(resource).get("attributes"))
        record = _fill_server_fields(
            resource, record, inp.now, options.datetime_precision, collection.parents, sent=changes, old=old
        )
        record = _fit(resource, record, old)
    collection.put(record_id, {**stored, "data": record})
    return EffectResult(vars={"resource": record}, placements=_placed(resource, inp.operation, record))


def _copy(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectResult:
    """`POST /videos/{video_id}/remix`, `POST /documents/{id}/duplicate`: a new record, made as a create sending the
    named record's fields (`Copying.fields`) with what the body sends instead would make it, naming the record it was
    made from where it has a field for that. The record named is left as it was. One the mock never made is copied
    from what the body sends alone, where the API cannot say it is missing (no 404)."""
    source_id = _item_id(inp, resource)
    stored = collection.find(source_id)
    if stored is None:
        unknown = _missing(inp, resource, options, collection, noun, source_id)
        if not unknown.skip:
            return unknown
    copying = resource.copies[inp.operation.operation_id]
    source = stored["data"] if stored is not None else {}
    inherited = {name: source[name] for name in copying.fields if name in source}
    if copying.source_field is not None:
        fitted = coerce(source_id, _record_properties(resource).get(copying.source_field) or {})
        inherited[copying.source_field] = source_id if fitted is MISSING else fitted
    # what names the source, in the path or the body, names none of the new record's fields
    path_params = {name: value for name, value in inp.request.path_params.items() if name != resource.id_param}
    named_by = resource.record_named_by.get(inp.operation.operation_id)
    body = inp.request.body
    if named_by is not None and isinstance(body, dict):
        body = {name: value for name, value in body.items() if name != named_by}
    made = inp._replace(request=inp.request._replace(path_params=path_params, body=body))
    return _create(made, resource, options, collection, noun, inherited)


def _own_fields_written(resource: Resource, inp: EffectInput) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the fields of the record an action's body sends, but the id and what only the server writes; what it sends
    plainly of a JSON:API resource object's attributes and relationships, `_resource_object_split`)."""
    properties = _record_properties(resource)
    sent, plain = _resource_object_split(resource, _sent_fields(resource, inp.request.body, inp.operation))
    fixed = {resource.id_field, *resource.server_fields}
    return {name: value for name, value in sent.items() if name in properties and name not in fixed}, plain


def _toggled(record: dict[str, Any], properties: dict[str, Any], stem: str, on: bool) -> dict[str, Any]:
    """Flags the action names (`favorited`) set; their counters (`favoritesCount`) moved when a flag changed."""
    out = dict(record)
    changed = 0
    for key, value in record.items():
        plain = re.sub(r"^(is_?|has_?)", "", key.lower())
        if isinstance(value, bool) and plain.startswith(stem) and is_valid(properties.get(key) or {}, on):
            changed = (1 if on else -1) if value != on else changed
            out[key] = on
    for key, value in record.items():
        plain = key.lower()
        if isinstance(value, int) and not isinstance(value, bool) and plain.startswith(stem) and "count" in plain:
            wanted = max(value + changed, 0)
            out[key] = wanted if is_valid(properties.get(key) or {}, wanted) else value
    return out


def _delete(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectResult:
    record_id = _item_id(inp, resource)
    stored = collection.find(record_id)
    if stored is None:
        return _missing(inp, resource, options, collection, noun, record_id)
    if resource.cancellation is not None and inp.operation.operation_id in resource.record_paths:
        return _cancel(inp, resource, resource.cancellation, options, collection, stored)
    # the record as it was last read, its nested lists and counts with it (PetClinic's owner answered its pets made up)
    record, seeding = _with_children(inp, resource, options, collection.parents, stored["data"])
    collection.delete(record_id)
    seen = OverlayView(inp.state)
    seen.add(seeding)
    return EffectResult(
        vars={"resource": record},
        placements=_placed(resource, inp.operation, record),
        mutations=[*seeding, *_gone_with_it(inp._replace(state=seen), resource, options, collection.parents, record)],
    )


def _cancel(
    inp: EffectInput,
    resource: Resource,
    cancellation: Cancellation,
    options: CrudOptions,
    collection: _Collection,
    stored: dict[str, Any],
) -> EffectResult:
    """A DELETE that cancels (`Resource.cancellation`), or a `POST …/cancel`: the record kept, its status cancelled
    and the moment of it (`canceledAt`) set where it had none. A record that has ended already is refused with the
    409 its cancel declares (Mollie's payouts), else answered as it is (its subscriptions declare no refusal)."""
    record = stored["data"]
    if record.get(cancellation.field) in cancellation.ends:
        if declares_exactly(inp.operation, 409):
            noun = resource.noun
            what = f"The {noun} is {record[cancellation.field]}: it cannot be cancelled"
            return EffectResult(problem=Problem(409, "conflict", what, subject=noun))
        return EffectResult(vars={"resource": record}, placements=_placed(resource, inp.operation, record))
    record = {**record, cancellation.field: cancellation.value}
    acted = moments_acted(resource.record_schema, record, "cancel", True)
    record = _moments_set(resource, record, acted, inp.now, options.datetime_precision)
    collection.put(_item_id(inp, resource), {**stored, "data": record})
    return EffectResult(vars={"resource": record}, placements=_placed(resource, inp.operation, record))


def _clear(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectResult:
    """Every record the list would show (under the same filters) deleted, what hangs off each with it: `DELETE
    /messages`. Answered as the operation declares (the static answer): what it says varies too much to build."""
    doomed = [
        (key, record) for record in _listed(inp, resource, collection) if (key := _key(resource, record)) is not MISSING
    ]
    for key, _ in doomed:
        collection.delete(key)
    seen = OverlayView(inp.state)
    seen.add(collection.mutations)
    gone: list[Mutation] = []
    for _, record in doomed:
        below = _gone_with_it(inp._replace(state=seen), resource, options, collection.parents, record)
        seen.add(below)  # each record's own: those before it are seen already
        gone += below
    return EffectResult(mutations=gone)


def _gone_with_it(
    inp: EffectInput, resource: Resource, options: CrudOptions, parents: Mapping[str, str], record: dict[str, Any]
) -> list[Mutation]:
    """The deletions of the records under a deleted one that the top-level list shows too (`Resource.shares`): an
    owner's pets leave `/pets` with the owner. (Records a nested collection keeps apart are out of reach with their
    parent gone: a read under it is a 404.)"""
    nested: Mapping[str, Resource] = inp.params.get("nested") or {}
    record_id = _key(resource, record)
    if record_id is MISSING:
        return []
    view = OverlayView(inp.state)
    out: list[Mutation] = []
    for child in nested.values():
        under = _nested_parents(resource, child, parents, record_id) if child.shares else None
        if not under:
            continue
        children = _Collection(
            _nested_under(inp._replace(state=view), resource, child, record, under), child, options, under
        )
        for stored in children.listed():
            children.delete(_key(child, stored["data"]))
        view.add(children.mutations)
        out += children.mutations
    return out


def _int_query(inp: EffectInput, name: str | None) -> int | None:
    if not name or name not in inp.request.query:
        return None
    try:
        return int(inp.request.query[name])
    except (TypeError, ValueError):
        return None


def _asked(resource: Resource, inp: EffectInput, param: str) -> Any:
    """What a filter asks for; a plural parameter of one field (`?ids=a,b` for `id`) as the list of its values,
    comma-separated where it is text."""
    wanted = inp.request.query.get(param)
    if isinstance(wanted, str) and resource.filters[param] != param and singular(param) == resource.filters[param]:
        return [value for value in wanted.split(",") if value]
    return wanted


def _in_asked_order(resource: Resource, inp: EffectInput, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records asked for by a list of their ids (`?ids=b,a`), in the order asked, as "get several" answers them."""
    for param, name in resource.filters.items():
        wanted = _asked(resource, inp, param)
        if name == resource.id_field and isinstance(wanted, list):
            place = {str(value): n for n, value in enumerate(wanted)}
            return sorted(records, key=lambda data: place.get(str(value_at(data, name)), len(place)))
    return records


def _matches_filters(resource: Resource, inp: EffectInput, data: dict[str, Any]) -> bool:
    for param, name in resource.filters.items():
        wanted = _asked(resource, inp, param)
        catch_alls = resource.catch_alls.get(param, ())
        if wanted is None or wanted in catch_alls or (isinstance(wanted, list) and set(wanted) & set(catch_alls)):
            continue
        actual = value_at(data, name)
        if isinstance(wanted, list):
            if not any(_same(actual, w) for w in wanted):
                return False
        elif not _same(actual, wanted):
            return False
    return True


def _same(actual: Any, wanted: Any) -> bool:
    if isinstance(actual, list):  # `?tags=dog` finds records tagged dog: a scalar, or an object named so
        return any(
            _same(item, wanted)
            or (isinstance(item, dict) and any(_same(v, wanted) for v in item.values() if not isinstance(v, dict)))
            for item in actual
        )
    if isinstance(actual, dict):  # `?author=jake` finds the records whose author has a field equal to it
        return any(_same(v, wanted) for v in actual.values() if not isinstance(v, (dict, list)))
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return str(actual).lower() == str(wanted).lower()
    return actual == wanted or str(actual) == str(wanted)


def _page_url(inp: EffectInput, updates: dict[str, Any], absolute: bool = False) -> str:
    """This list's URL with `updates` to its query: a path, or with `absolute` a whole URL on the request's host."""
    query = {k: v for k, v in inp.request.query.items() if not isinstance(v, (list, dict))}
    query.update({k: v for k, v in updates.items() if v is not None})
    host = inp.request.headers.get("host")
    origin = f"http://{host}" if absolute and host else ""
    return f"{origin}{inp.request.path}?{urlencode(query)}"


# Formats of a string that holds an address; an answer's paging field of such a format (or whose name says
# `uri`, `url`, `link` or `href`) holds the URL of a page, not a cursor.
_ADDRESS_FORMATS = frozenset({"uri", "url", "iri", "uri-reference", "iri-reference"})
_ABSOLUTE_FORMATS = frozenset({"uri", "url", "iri"})
_ADDRESS_NAME = re.compile(r"(uri|url|link|href)$")


def _answer_field(answer: Any, parameter: str) -> str | None:
    """The list answer's top-level field that echoes a paging parameter: its own name, else its spelling of it
    (Twilio's `page_size` for `PageSize`)."""
    properties = folded(answer or {}).get("properties") or {}
    found = record_field_name(properties, parameter)
    return found if found in properties else None


def _counts_items(answer: Any) -> bool:
    """Whether a list answer has integer `start` and `end` fields: the indexes of its page's first and last item."""
    properties = folded(answer or {}).get("properties") or {}
    return all("integer" in schema_types(folded(properties.get(name) or {})) for name in ("start", "end"))


def _own_address_field(answer: Any, paging: Paging) -> str | None:
    """A list answer's field for its own page's address (`uri`, `url`, `self`), beside a next page's address: at the
    top (Twilio's 2010 `uri`) or in the object that holds it (Twilio's v1 `meta.url` beside `meta.next_page_url`)."""
    if not paging.next_field:
        return None
    holder, _, _ = paging.next_field.rpartition(".")
    properties = folded(field_schema(answer, holder) if holder else answer or {}).get("properties") or {}
    found = next(
        (
            name
            for name in ("uri", "url", "self", "href")
            if "string" in schema_types(folded(properties.get(name) or {}))
        ),
        None,
    )
    return f"{holder}.{found}" if found and holder else found


# The cursor a cursor-paged list hands out for the page at an offset (None: the list is not paged by cursors).
Cursors = Callable[[int], Any] | None


def _first_key_of_page(keys: list[Any], target: int) -> Any:
    """The key of the record a page starts at, as a list paged by the key of its first record asks for it; the
    mock's own cursor past the end."""
    return keys[target] if 0 <= target < len(keys) else encode_cursor(target)


def _page_pointer(
    inp: EffectInput, paging: Paging, answer: Any, field: str, target: int | None, limit: int, cursors: Cursors
) -> Any:
    """What a list answer's paging `field` says of the page starting at offset `target` (None: there is none): a
    cursor, or, in a field that holds an address (Twilio's `next_page_uri`, Azure's `nextLink`, Django REST
    framework's `next` of format uri), the URL of that page."""
    if target is None:
        return None
    schema = folded(field_schema(answer, field) or {})
    if "object" in schema_types(schema):  # Asana's `next_page: {offset, path, uri}`: each part says it its way
        return _page_object(inp, paging, schema, target, limit, cursors)
    fmt, shown = str(schema.get("format", "")), _address_shown(schema)
    named = _ADDRESS_NAME.search(spelling_key(field.rsplit(".", 1)[-1]))
    if fmt not in _ADDRESS_FORMATS and not named and shown is None:
        return (cursors or encode_cursor)(target)
    step = _page_step(paging, target, limit, cursors, first_page_number(inp.operation))
    # a list that cannot be asked for another page has no address for one
    absolute = fmt in _ABSOLUTE_FORMATS or shown == "absolute"
    return None if step is None else _page_url(inp, step, absolute=absolute)


def _address_shown(schema: dict[str, Any]) -> str | None:
    """Whether the field's own example is an address, "absolute" or "relative" (DigitalOcean's `next`, a plain
    string shown as `https://api.digitalocean.com/v2/images?page=2`); None where it shows none."""
    listed = schema.get("examples")
    examples = [schema.get("example"), *(listed if isinstance(listed, list) else [])]
    for example in examples:
        if isinstance(example, str) and example.startswith(("http://", "https://")):
            return "absolute"
        if isinstance(example, str) and example.startswith("/") and "?" in example:
            return "relative"
    return None


def _page_object(
    inp: EffectInput, paging: Paging, schema: dict[str, Any], target: int, limit: int, cursors: Cursors
) -> dict[str, Any] | None:
    """An object that says where the page starting at offset `target` is: a part named as one of the list's paging
    parameters holds what that parameter takes for it, a part that holds an address (`uri`, `path`, `href`…) its
    URL, absolute where its format says so. None where the list cannot be asked for that page."""
    step = _page_step(paging, target, limit, cursors, first_page_number(inp.operation))
    if step is None:
        return None
    by_spelling = {spelling_key(name): value for name, value in step.items()}
    out: dict[str, Any] = {}
    for name, part in (schema.get("properties") or {}).items():
        key, fmt = spelling_key(name), str(folded(part or {}).get("format", ""))
        if key in by_spelling:
            out[name] = by_spelling[key]
        elif fmt in _ADDRESS_FORMATS or key == "path" or _ADDRESS_NAME.search(key):
            out[name] = _page_url(inp, step, absolute=fmt in _ABSOLUTE_FORMATS)
    return out


def _page_step(paging: Paging, target: int, limit: int, cursors: Cursors, first: int = 1) -> dict[str, Any] | None:
    """The query that asks this list for the page starting at offset `target` (pages counted from `first`); None
    if it takes none."""
    if cursors is not None and paging.cursor_param:
        step: dict[str, Any] = {paging.cursor_param: cursors(target)}
    elif paging.page_param and paging.style in ("page", "link"):
        step = {paging.page_param: target // max(limit, 1) + first}
    elif paging.offset_param and paging.style != "link":
        step = {paging.offset_param: target}
    else:
        return None
    if paging.limit_param:
        step[paging.limit_param] = limit
    return step


def _below(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectResult:
    """An operation below the record's path (`GET /statuses/{id}/context`): the static answer where the record is
    (the resource's own id is the path's parameter at the item path's place), missing where it is not."""
    record_id = _id_below(inp, resource)
    if record_id is None or _a_caller_alias(record_id) or collection.find(record_id) is not None:
        return EffectResult(skip=True)
    return _missing(inp, resource, options, collection, noun, record_id)


def _id_below(inp: EffectInput, resource: Resource) -> Any:
    """The record an operation below its item path is about: the path's parameter at the item path's place."""
    named = path_parameter_names(inp.operation.path)
    place = len(resource.parent_params)
    return inp.request.path_params.get(named[place]) if place < len(named) else None


def _count(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectResult:
    """How many records the list holds, under the same filters."""
    count = len(_listed(inp, resource, collection))
    return EffectResult(placements={resource.record_paths.get(inp.operation.operation_id, ""): count})


def _listed(inp: EffectInput, resource: Resource, collection: _Collection) -> list[dict[str, Any]]:
    """The records a list answers from: those its filters and search let through, in the order asked (`?ids=b,a`,
    `?ordering=-title`)."""
    records = [r["data"] for r in collection.listed()]
    if any(param in inp.request.query for param in resource.filters):
        records = _in_asked_order(resource, inp, [data for data in records if _matches_filters(resource, inp, data)])
    sorting = resource.sorting
    wanted = inp.request.query.get(sorting.search_param or "")
    if isinstance(wanted, str) and wanted:
        records = [data for data in records if _holds_text(data, wanted.lower())]
    asked = next((inp.request.query[p] for p in sorting.sort_params if inp.request.query.get(p)), None)
    if asked is not None:
        records = _ordered(resource, records, asked, inp.request.query.get(sorting.direction_param or ""))
    elif sorting.direction_param is not None and not sorting.sort_params:
        # a direction alone orders by when the records were made (they are held newest first): Twilio's
        # `?Order=asc`, and its default where the spec says one
        direction = str(inp.request.query.get(sorting.direction_param) or sorting.default_direction or "").lower()
        if direction.startswith("asc"):
            records = records[::-1]
    return records


def _holds_text(data: dict[str, Any], wanted: str) -> bool:
    """A search's match: one of the record's own text or number fields holds the text, whatever the case."""
    return any(wanted in str(value).lower() for value in data.values() if isinstance(value, (str, int, float)))


def _ordered(resource: Resource, records: list[dict[str, Any]], asked: Any, direction: Any) -> list[dict[str, Any]]:
    """The records ordered by the fields asked (`title,-pages`; a list of them; `title:desc`), each `-` or `desc`
    descending (or `direction`, for one field); fields no record has are passed over, the list left as it was."""
    properties = _record_properties(resource)
    keys = asked if isinstance(asked, list) else str(asked).split(",")
    ordered = list(records)
    for key in reversed([str(k).strip() for k in keys if str(k).strip()]):  # the last key first: sorts are stable
        name, _, suffix = key.lstrip("+-").partition(":")
        descending = key.startswith("-") or suffix.lower().startswith("desc")
        if len(keys) == 1 and isinstance(direction, str) and direction.lower().startswith(("asc", "desc")):
            descending = direction.lower().startswith("desc")  # `default` leaves the field's own
        field = record_field_name(properties, name)
        if field not in properties:
            continue
        present = [r for r in ordered if r.get(field) is not None]
        absent = [r for r in ordered if r.get(field) is None]  # last, either way
        present.sort(key=lambda r: _sort_key(r[field]), reverse=descending)
        ordered = present + absent
    return ordered


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, (int, float)):
        return (0, value)
    return (1, str(value).lower())


def _most_items(inp: EffectInput, path: str | None) -> int | None:
    """The most items the list answer's array at `path` holds (its `maxItems`); None where it sets no such bound."""
    array = deref(at_path(_success_schema(inp), path or ""))
    most = folded(array).get("maxItems") if isinstance(array, dict) else None
    return most if isinstance(most, int) and not isinstance(most, bool) and most > 0 else None


def _list(
    inp: EffectInput, resource: Resource, options: CrudOptions, collection: _Collection, noun: str
) -> EffectResult:
    paging = resource.list_paging.get(inp.operation.operation_id, resource.paging)
    items_path = resource.list_items_paths.get(inp.operation.operation_id, resource.items_path)
    records = _listed(inp, resource, collection)
    other = resource.other_lists.get(inp.operation.operation_id)
    # `GET /pet/findByStatus`: every match (up to a limit it takes), where that list holds them; one that pages as
    # the collection's list does (RealWorld's feed, `limit` and `offset`, the total in `articlesCount`) is paged so
    if other is not None and paging.style == "none":
        asked = _int_query(inp, first_query_parameter(inp.operation, LIMIT_PARAMS))  # its own: immich's `count`
        records = records[:asked] if asked is not None and asked > 0 else records
        records = records[: _most_items(inp, other) or len(records)]
        return EffectResult(
            vars={"page": {"items": records, "count": len(records), "limit": len(records), "offset": 0}},
            placements={other: records},
        )
    asked = _int_query(inp, paging.limit_param)
    limit = asked if asked is not None and asked > 0 else paging.default_limit
    if paging.max_limit:
        limit = min(limit, paging.max_limit)
    if (paging.style == "none" and paging.limit_param is None) or limit <= 0:
        # no paging, or a default page size of 0, as Audiobookshelf's `limit` declares "no limit": every record
        limit = max(len(records), 1)
    # no more than the answer's list holds (PayPal's web profiles, "the latest 20", `maxItems: 20`): past it, the
    # whole list broke the answer, and a made-up one was served in its place
    limit = min(limit, _most_items(inp, items_path) or limit)
    offset = 0
    page_number: int | None = None
    first = first_page_number(inp.operation)
    cursor_based = paging.cursor_param is not None and paging.style in ("cursor", "link")
    cursor = inp.request.query.get(paging.cursor_param or "") if cursor_based else None
    keys = [_key(resource, record) for record in records] if cursor or paging.cursor_is_key else []
    # the cursor handed out for the page at an offset: the mock's own, or the key of the page's first record where
    # the list is asked for a page by it (`Paging.cursor_is_key`)
    cursors: Cursors = None
    if cursor_based:
        cursors = functools.partial(_first_key_of_page, keys) if paging.cursor_is_key else encode_cursor
    # The page is where the request says, by whichever of the list's parameters it sent: Twilio's lists take a
    # cursor (`PageToken`) and a page number (`Page`, from 0) alike.
    asked_page = _int_query(inp, paging.page_param)
    if cursor:
        offset = cursor_offset(cursor, len(records), keys, starts_at_key=paging.cursor_is_key)
    elif paging.page_param and asked_page is not None:
        page_number = max(asked_page, first)
        offset = (page_number - first) * limit
    elif paging.offset_param and (paging.style == "offset" or paging.offset_param in inp.request.query):
        # an offset sent to a list that pages by number too (Directus' `offset` beside `page`) is where the page starts
        offset = max(_int_query(inp, paging.offset_param) or 0, 0)
    elif paging.page_param and paging.style in ("page", "link") and not cursor_based:
        page_number = first
    page = records[offset : offset + limit]
    seeding: list[Mutation] = []
    if resource.child_counts or resource.child_lists:
        # Each record's children seeded in sight of the ones before: seeded blind, the records of every parent
        # on the page took the same ids (Spring PetClinic's owners' pets), and the last one's overwrote the others'.
        view = OverlayView(inp.state)
        seeing = inp._replace(state=view)
        with_children = []
        for record in page:
            record, changes = _with_children(seeing, resource, options, collection.parents, record)
            view.add(changes)
            with_children.append(record)
            seeding += changes
        page = with_children
    has_next = offset + limit < len(records)
    facts = page_facts(len(records), limit, offset, first)
    placements: dict[str, Any] = {items_path or "": page}
    headers: dict[str, str] = {}
    if items_path:
        answer = _success_schema(inp)

        def pointer(field: str | None, target: int | None) -> Any:
            return _page_pointer(inp, paging, answer, field, target, limit, cursors) if field else None

        values: dict[str | None, Any] = {
            paging.next_field: pointer(paging.next_field, offset + limit if has_next else None),
            paging.previous_field: pointer(paging.previous_field, max(offset - limit, 0) if offset > 0 else None),
            paging.first_field: pointer(paging.first_field, 0),
            paging.last_field: pointer(paging.last_field, max(len(records) - 1, 0) // limit * limit),
            paging.total_field: facts[PageFact.TOTAL],
            paging.pages_field: facts[PageFact.PAGES],
            paging.more_field: has_next,
        }
        wrapper = object_schema(answer, {})
        values.update({path: no_page_as_declared(wrapper, path, facts[fact]) for path, fact in paging.numbers})
        for field, at in ((paging.first_key_field, 0), (paging.last_key_field, -1)):
            if field is not None and (page or is_valid(at_path(wrapper, field) or {}, None)):
                values[field] = _key(resource, page[at]) if page else None  # OpenAI's `first_id`, `last_id`
        echoed = {paging.limit_param: limit, paging.offset_param: offset, paging.page_param: page_number}
        if paging.cursor_is_key and page:  # the key the page starts at (Meilisearch's `from`)
            echoed[paging.cursor_param] = keys[offset]
        if page_number is None and paging.page_param:
            echoed[paging.page_param] = offset // limit + first  # the page a cursor or an offset fell on
        for name, value in echoed.items():
            field = _answer_field(answer, name) if name else None
            if field is not None:  # the answer echoes its paging parameters, in its own spelling (`page_size`)
                values.setdefault(field, value)
        if _counts_items(answer):  # Twilio's `start` and `end`: the page's first and last item
            values.setdefault("start", offset)
            values.setdefault("end", max(offset + len(page) - 1, offset))
        here = _own_address_field(answer, paging)
        if here is not None:  # the page's own address beside the next page's (Twilio's `uri`)
            values.setdefault(here, pointer(here, offset))
        for path, value in values.items():
            if path:
                placements[path] = value
    for name, what in paging.headers:
        headers[name] = str(facts[what])
    if paging.style == "link":
        following = _page_step(paging, offset + limit, limit, cursors, first) if has_next else None
        previous = _page_step(paging, max(offset - limit, 0), limit, cursors, first) if offset > 0 else None
        links = [
            f'<{_page_url(inp, step)}>; rel="{rel}"' for rel, step in (("next", following), ("prev", previous)) if step
        ]
        if links:
            headers["link"] = ", ".join(links)
    return EffectResult(
        vars={"page": {"items": page, "count": len(records), "limit": limit, "offset": offset}},
        placements=placements,
        headers=headers,
        mutations=seeding,
    )


EFFECTS: tuple[Effect, ...] = (
    *HAND_WRITTEN_EFFECTS,
    Effect(
        "resource.crud",
        crud,
        {"type": "object"},
        statuses=(404,),
        description="an inferred resource's list, create, get, replace, update or delete; rules built by the engine",
        reads=crud_entries,
    ),
)

NAMESPACES = (
    StateNamespace("resources"),
    StateNamespace("resource_seq"),
    StateNamespace("resource_seeded"),
    StateNamespace("resource_top"),  # each scope's largest numeric id: a create counts on without reading the rest
    StateNamespace("resource_ids"),  # each id's records, every caller's: a read without a credential finds them
)
