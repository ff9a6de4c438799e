"""Singleton documents: a path that names one thing rather than a collection of them.

`/settings`, `/push/subscription`, `/repos/{owner}/{repo}/pages`: a GET answers one object at a path
that does not end in a parameter, and a PUT, PATCH, POST or DELETE on the same path writes it. A
client that changes its settings expects to read them back changed, and one that deletes its push
subscription expects it gone. The resource inference (`mock.spec.resources`) finds collections and
their records; this finds the documents beside them, for the `singleton.document` effect to keep.

The current user (`GET /user`, `GET /me`) is a document of this kind too, but the response factory
keeps it already (one principal per credential, which sign-ups and sign-ins also find): its
operations are left to it (`excluded`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from mock.spec.model import Api, Operation, Schema
from mock.spec.refs import deref
from mock.spec.resources import (
    PAGING_PARAMS,
    Resource,
    asks_in_query,
    ends_in_parameter,
    is_path_parameter,
    locate_items,
    success_schema,
)
from mock.spec.schemas import same_but_notes, same_schema, schema_types

WRITE_METHODS = ("PUT", "PATCH", "POST", "DELETE")
READ, UPDATE, CREATE, DELETE = "read", "update", "create", "delete"
ROLE_OF_METHOD = {"GET": READ, "PUT": UPDATE, "PATCH": UPDATE, "POST": CREATE, "DELETE": DELETE}


@dataclass(frozen=True)
class Singleton:
    """One document: its path, the schema its GET answers, and the operations that read and write it."""

    api: str
    path: str
    schema: Schema  # the GET's success schema: what is kept, and what each read answers
    operations: tuple[tuple[str, str], ...]  # (role, operationId), the GET first
    # It does not exist until a POST makes it (`_made_and_removed`: Mastodon's push subscription). Otherwise it
    # exists from the start, as the GET's generated answer.
    absent_first: bool
    answers_document: frozenset[str]  # the writes whose success answer is the document itself
    # (operationId, field) of each write that sends the document under a field of its body (AIP's
    # `{"policy": …, "updateMask": …}`), not as the body itself
    sent_under: tuple[tuple[str, str], ...] = ()

    def field_sent_in(self, operation_id: str) -> str | None:
        """The body field the write sends the document in; None where the body is the document."""
        return next((field for found, field in self.sent_under if found == operation_id), None)

    def role_of(self, operation_id: str) -> str:
        return next(role for role, found in self.operations if found == operation_id)

    @property
    def operation_ids(self) -> frozenset[str]:
        return frozenset(operation_id for _, operation_id in self.operations)

    def describe(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "operations": [{"role": role, "operation": operation_id} for role, operation_id in self.operations],
            "absent_first": self.absent_first,
            "answers_document": sorted(self.answers_document),
        }


def _field_names(schema: Any, depth: int = 0) -> set[str]:
    """The property names of an object schema and of the objects it wraps, one level down (`{"user": {...}}`)."""
    if not isinstance(schema, dict) or depth > 1:
        return set()
    names: set[str] = set()
    for combinator in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(combinator) or []:
            names |= _field_names(part, depth)
    for name, sub in (schema.get("properties") or {}).items():
        names.add(name)
        names |= _field_names(sub, depth + 1)
    return names


def _is_document(schema: Schema) -> bool:
    """An object answer with fields. A list kept whole counts (`GET /blocks` beside a `PUT /blocks` replacing it):
    one whose records have paths of their own is a resource's, and left out before this is asked."""
    return "array" not in schema_types(schema) and bool(_field_names(schema))


def _writes_whole(operation: Operation, fields: set[str]) -> bool:
    """A write of the whole document: one with no body, or whose body names some of the document's fields (at most
    one wrapper deep). Not one that names what to change in a query (Spotify's `PUT /me/audiobooks?ids=`: items
    of a library), nor a DELETE with a body (the entries to take out of a list)."""
    if asks_in_query(operation):
        return False
    body = operation.request_body
    if operation.method == "DELETE":
        return body is None or not body.content
    if body is None or not body.content:
        return True
    sent: set[str] = set()
    for media in body.content.values():
        sent |= _field_names(media.schema)
    return not sent or bool(sent & fields)


def _made_and_removed(path: str, read: Operation, writes: list[str]) -> bool:
    """Whether the document does not exist until made: a POST makes it, a DELETE removes it, and its read declares
    a 404 for when there is none (Mastodon's push subscription). Below a path parameter the 404 is rather the
    record above missing; with no DELETE, a POST rather adds to what is always there (a project's resources)."""
    return "POST" in writes and "DELETE" in writes and "404" in read.responses and "{" not in path


def _pages(read: Operation, path: str, schema: Schema) -> bool:
    """Whether a read answers a page of records: it takes a paging parameter (a size, `limit`; a start, `offset`; a
    page number or a cursor) and its answer holds an array of them. Kept as first answered, it showed the first page
    whatever was asked (DaniWeb's group memberships, which take an `offset` alone, answered `offset: 0` to every
    page, and a client walking them never reached the end)."""
    pages_by_query = any(p.location == "query" and p.name in PAGING_PARAMS for p in read.parameters)
    return pages_by_query and locate_items(schema, path.rstrip("/").rsplit("/", 1)[-1]) is not None


def _at_its_id(
    path: str,
    by_path: dict[str, dict[str, Operation]],
    resource_paths: dict[str, set[str]],
    schema: Schema,
    fields: set[str],
    excluded: Collection[str],
) -> list[Operation]:
    """The reads and whole writes of the document at its own id one level below its path (Radarr's settings:
    `GET /config/ui` read, `PUT /config/ui/{id}` written; the id is the document's, there is one): the same
    document, never a collection's record."""
    found: list[Operation] = []
    for below, methods in by_path.items():
        head, _, last = below.rstrip("/").rpartition("/")
        if head != path.rstrip("/") or not is_path_parameter(last):
            continue
        for method in ("GET", "PUT", "PATCH"):
            operation = methods.get(method)
            if operation is None or operation.key in excluded or operation.operation_id in resource_paths:
                continue
            same = (
                same_schema(success_schema(operation), schema) if method == "GET" else _writes_whole(operation, fields)
            )
            if same:
                found.append(operation)
    return found


def infer_singletons(api: Api, resources: Iterable[Resource], excluded: Collection[str] = ()) -> tuple[Singleton, ...]:
    """The API's singleton documents. `resources`: the inferred ones (a path one of them reaches beyond belongs to
    it); `excluded`: operation keys another part of the mock answers (the current user's)."""
    by_path: dict[str, dict[str, Operation]] = {}
    for operation in api.operations:
        by_path.setdefault(operation.path, {})[operation.method] = operation
    resource_paths: dict[str, set[str]] = {}  # operationId -> the paths of every operation of its resource
    for resource in resources:
        ids = {operation_id for found in resource.operations.values() for operation_id in found}
        paths = {operation.path for operation in api.operations if operation.operation_id in ids}
        for operation_id in ids:
            resource_paths[operation_id] = paths
    found = []
    for path, methods in sorted(by_path.items()):
        read = methods.get("GET")
        if read is None or path.strip("/") == "" or ends_in_parameter(path) or read.key in excluded:
            continue  # no read, the root, or a record's path
        if asks_in_query(read):
            continue  # a search or a lookup: its answer follows the query, it is not one document
        schema = success_schema(read)
        if not isinstance(schema, dict) or not _is_document(schema):
            continue
        if _pages(read, path, schema):
            continue  # a page of a list (gotify's `/application/{id}/message?limit=`): the static mock fits it
        if read.operation_id in resource_paths:
            continue  # a resource lists its records here
        if any(resource_paths.get(op.operation_id, {path}) - {path} for op in methods.values()):
            continue  # a resource's collection path (a create that makes records read elsewhere)
        fields = _field_names(schema)
        writes = [
            methods[method]
            for method in WRITE_METHODS
            if method in methods and methods[method].key not in excluded and _writes_whole(methods[method], fields)
        ]
        by_id = _at_its_id(path, by_path, resource_paths, schema, fields, excluded)
        writes += [operation for operation in by_id if operation.method != "GET"]
        if not writes:
            continue
        reads = [read, *(operation for operation in by_id if operation.method == "GET")]
        found.append(
            Singleton(
                api=api.name,
                path=path,
                schema=schema,
                operations=(
                    *((READ, r.operation_id) for r in reads),
                    *((ROLE_OF_METHOD[w.method], w.operation_id) for w in writes),
                ),
                absent_first=_made_and_removed(path, read, [w.method for w in writes]),
                answers_document=_answering(writes, schema),
                sent_under=_sent_under(writes, schema),
            )
        )
    found += _got_and_set(api, by_path, resource_paths, excluded)
    return tuple(found)


def _answering(writes: Iterable[Operation], schema: Schema) -> frozenset[str]:
    """The writes whose success answer is the document itself."""
    return frozenset(w.operation_id for w in writes if w.method != "DELETE" and same_schema(success_schema(w), schema))


def _sent_under(writes: Iterable[Operation], schema: Schema) -> tuple[tuple[str, str], ...]:
    """(operationId, field) of each write whose JSON body holds the document whole under one of its fields."""
    found = []
    for write in writes:
        media = write.request_body.json_media() if write.request_body is not None else None
        body = deref(media.schema) if media is not None else None
        properties = (body.get("properties") or {}) if isinstance(body, dict) else {}
        field = next((name for name, sub in properties.items() if same_but_notes(deref(sub), schema)), None)
        if field is not None:
            found.append((write.operation_id, field))
    return tuple(found)


# A custom method's verb and noun (AIP-136): `/v1/{resource}:getIamPolicy`, `:setIamPolicy`.
_CUSTOM_METHOD = re.compile(r"^(?P<head>.+):(?P<verb>[a-z]+)(?P<noun>[A-Z][A-Za-z0-9]*)$")
_SETTING_VERBS = ("set", "update", "replace")


def _got_and_set(
    api: Api,
    by_path: dict[str, dict[str, Operation]],
    resource_paths: dict[str, set[str]],
    excluded: Collection[str],
) -> list[Singleton]:
    """Documents read and written by custom methods of one noun on one resource (Google's and Bytebase's
    `GET /v1/projects/{project}:getIamPolicy` beside `POST …:setIamPolicy {"policy": …}`): the policy set is the one
    got. The read may be a POST too (Grafeas' `:getIamPolicy {"options": …}`), and a write is a set, an update or a
    replace of the noun whose body names the document's fields."""
    found = []
    for path, methods in sorted(by_path.items()):
        named = _CUSTOM_METHOD.match(path)
        if named is None or named["verb"] != "get" or "?" in path:
            continue
        read = methods.get("GET") or methods.get("POST")
        if read is None or read.key in excluded or read.operation_id in resource_paths:
            continue
        schema = success_schema(read)
        if not isinstance(schema, dict) or not _is_document(schema):
            continue
        fields = _field_names(schema)
        writes = [
            operation
            for verb in _SETTING_VERBS
            for operation in by_path.get(f"{named['head']}:{verb}{named['noun']}", {}).values()
            if operation.method in ("POST", "PUT", "PATCH")
            and operation.key not in excluded
            and operation.operation_id not in resource_paths
            and _writes_whole(operation, fields)
        ]
        if writes:
            found.append(
                Singleton(
                    api=api.name,
                    path=path,
                    schema=schema,
                    operations=((READ, read.operation_id), *((UPDATE, w.operation_id) for w in writes)),
                    absent_first=False,
                    answers_document=_answering(writes, schema),
                    sent_under=_sent_under(writes, schema),
                )
            )
    return found


__all__ = ["CREATE", "DELETE", "READ", "UPDATE", "Singleton", "infer_singletons"]
