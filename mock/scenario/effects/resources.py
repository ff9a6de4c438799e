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
import json
from typing import Any

from mock.problems import Problem
from mock.scenario.bodies import at_path, project
from mock.scenario.effects import Effect, EffectInput, EffectResult
from mock.scenario.effects import jobs as job_effects
from mock.scenario.model import render
from mock.scenario.store import Delete, Mutation, Put, StateView


def _scope(inp: EffectInput) -> str:
    return (inp.request.credential or "anonymous") if inp.params.get("per_key", True) else "*"


def _prefix(inp: EffectInput) -> str:
    return f"{inp.params['collection']}|{_scope(inp)}|"


def evicted(state: StateView, keep: int) -> list[Mutation]:
    """Per collection (and scope), records beyond the newest `keep` created: to delete."""
    by_collection: dict[str, list[tuple[int, str]]] = {}
    for key, record in state.items("resources"):
        by_collection.setdefault(key.rsplit("|", 1)[0], []).append((int(record.get("seq", 0)), key))
    changes: list[Mutation] = []
    for records in by_collection.values():
        if len(records) > keep:
            records.sort()
            changes += [Delete("resources", key) for _, key in records[: len(records) - keep]]
    return changes


def _id(inp: EffectInput) -> str | None:
    name = inp.params.get("id_param", "id")
    value = inp.request.path_params.get(name)
    return None if value is None else str(value)


def _noun(inp: EffectInput) -> str:
    return inp.params.get("noun") or inp.params["collection"].rsplit(".", 1)[-1].rstrip("s")


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
    for status, spec in sorted(inp.operation.responses.items()):
        if status.startswith("2"):
            media = spec.json_media()
            return media.schema if media else None
    return None


def get(inp: EffectInput) -> EffectResult:
    resource_id = _id(inp)
    if resource_id is None:
        return EffectResult(skip=True)
    record = inp.state.get("resources", _prefix(inp) + resource_id)
    if record is None or not _matches_where(inp, record):
        return EffectResult(
            problem=Problem(404, "not_found", f"No {_noun(inp)} with id {resource_id} exists in this workspace")
        )
    data, changes = _with_job(inp, record, poll=True)
    return EffectResult(vars={"resource": data}, mutations=changes)


def delete(inp: EffectInput) -> EffectResult:
    resource_id = _id(inp)
    if resource_id is None:
        return EffectResult(skip=True)
    key = _prefix(inp) + resource_id
    record = inp.state.get("resources", key)
    if record is None or not _matches_where(inp, record):
        return EffectResult(
            problem=Problem(404, "not_found", f"No {_noun(inp)} with id {resource_id} exists in this workspace")
        )
    return EffectResult(vars={"resource": record["data"]}, mutations=[Delete("resources", key)])


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        offset = json.loads(base64.urlsafe_b64decode(padded.encode()))["o"]
        return offset if isinstance(offset, int) and offset >= 0 else None
    except (ValueError, KeyError, TypeError):
        return None


def list_(inp: EffectInput) -> EffectResult:
    records = [r for _, r in inp.state.items("resources", _prefix(inp)) if _matches_where(inp, r)]
    records.sort(key=lambda r: (-r["created_ts"], -r["seq"]))
    query = inp.request.query
    limit = int(query.get(inp.params.get("limit_param", "limit"), inp.params.get("default_limit", 20)))
    offset = 0
    if inp.params.get("pagination", "cursor") == "offset":
        offset = int(query.get(inp.params.get("offset_param", "offset"), 0))
    else:
        cursor = query.get(inp.params.get("cursor_param", "cursor"))
        if cursor:
            decoded = decode_cursor(str(cursor))
            # A cursor this list never issued (one kept from before a restart, say) points past the end:
            # an empty last page. The spec accepts any string here, so a 400 would reject a valid request.
            offset = decoded if decoded is not None else len(records)
    page = records[offset : offset + limit]
    items = []
    changes: list[Mutation] = []
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


EFFECTS = (
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
