"""Singleton documents (`mock.spec.singletons`): one document per path and caller, read and written in place.

A read answers the document as last written. Before any write it answers the static mock's answer, and
keeps it, so that a later PATCH changes what the client saw rather than another generated document. A
PUT or PATCH writes the fields the client sent into it (through wrappers, never a password or a
writeOnly field: `echo_body_into`); a POST makes it anew from the static answer to that POST; a
DELETE removes it, after which a read answers 404 where the spec declares one. A document that the
spec says does not exist until created (`Singleton.absent_first`) answers 404 until a POST makes it.

Each caller has documents of their own (`caller_scope`), as each user has their own settings.
"""

from __future__ import annotations

from typing import Any

from mock.echo import echo_body_into
from mock.problems import Problem
from mock.scenario.effects.base import (
    Effect,
    EffectInput,
    EffectResult,
    StateEntries,
    StateNamespace,
    caller_scope,
    declares,
    oldest_of_each_api,
)
from mock.scenario.store import Mutation, Put, StateView
from mock.spec.operations import path_parameter_names
from mock.spec.singletons import CREATE, DELETE, READ, UPDATE, Singleton

DOCUMENTS = "singletons"  # state namespace: `<api>|<caller>|<path template>|<path values>` -> entry


def document_key(inp: EffectInput) -> str:
    """Whose document, at which path: the document's path template and its values, so every spelling of one path
    (an encoded character, a trailing slash) finds the same document, and so does its path with its id below
    (Radarr's `PUT /config/ui/{id}` of `/config/ui`)."""
    singleton: Singleton = inp.params["singleton"]
    names = set(path_parameter_names(singleton.path))
    values = ",".join(f"{name}={value}" for name, value in sorted(inp.request.path_params.items()) if name in names)
    return f"{inp.request.api}|{caller_scope(inp.request.credential)}|{singleton.path}|{values}"


def _entry(document: dict[str, Any] | None, now: float, partial: bool = False) -> dict[str, Any]:
    """What is kept: the document (None once deleted), when it was written, and whether it holds only the fields
    a write sent (a write whose answer is not the document had no whole document to write them into)."""
    return {"document": document, "at": now, "partial": partial}


def _missing(inp: EffectInput, what: str) -> EffectResult:
    """No document: 404 in the API's envelope where the operation declares it, else the static answer."""
    if declares(inp.operation, 404):
        return EffectResult(problem=Problem(404, "not_found", what))
    return EffectResult(skip=True)


def _read(inp: EffectInput, singleton: Singleton, key: str, entry: dict[str, Any] | None) -> EffectResult:
    generated = inp.request.generated
    if entry is None and singleton.absent_first:
        return _missing(inp, f"{singleton.path} does not exist yet")
    if entry is not None and entry.get("document") is None:
        return _missing(inp, f"{singleton.path} was deleted")
    if entry is None or entry.get("partial"):
        if not isinstance(generated, dict):
            return EffectResult(skip=True)
        document = generated if entry is None else echo_body_into(singleton.schema, generated, entry["document"], None)
        # kept as first shown: a later PATCH changes this document, not another one generated for it
        return EffectResult(
            mutations=[Put(DOCUMENTS, key, _entry(document, inp.now))],
            placements={"": document} if entry is not None else {},
        )
    return EffectResult(placements={"": entry["document"]})


def _write(inp: EffectInput, singleton: Singleton, key: str, entry: dict[str, Any] | None, role: str) -> EffectResult:
    current = entry.get("document") if entry is not None else None
    if role == UPDATE and current is None and (entry is not None or singleton.absent_first):
        missing = _missing(inp, f"{singleton.path} does not exist")
        if missing.problem is not None:
            return missing
    answers_document = inp.request.operation_id in singleton.answers_document
    generated = inp.request.generated if answers_document and isinstance(inp.request.generated, dict) else None
    partial = bool(entry.get("partial")) if entry is not None else False
    if role != CREATE and isinstance(current, dict) and not partial:
        base = current
    elif generated is not None:
        base, partial = generated, False  # the static answer to this write, which already echoes what was sent
    else:  # no whole document to write into: what was sent is kept, and put into the next read's answer
        base = current if isinstance(current, dict) else {}
        partial = partial or not isinstance(current, dict)
    sent = inp.request.body
    field = singleton.field_sent_in(inp.request.operation_id)
    if field is not None and isinstance(sent, dict) and isinstance(sent.get(field), dict):
        # `{"policy": …, "updateMask": …}`: the policy is the document, and its wrapper alone is read as one
        sent = {field: sent[field]}
    document = echo_body_into(singleton.schema, base, sent, inp.operation)
    return EffectResult(
        mutations=[Put(DOCUMENTS, key, _entry(document, inp.now, partial))],
        placements={"": document} if answers_document and not partial else {},
    )


def document(inp: EffectInput) -> EffectResult:
    singleton: Singleton = inp.params["singleton"]
    key = document_key(inp)
    entry = inp.state.get(DOCUMENTS, key)
    role = singleton.role_of(inp.request.operation_id)
    if role == READ:
        return _read(inp, singleton, key, entry)
    if role == DELETE:
        if (entry is None and singleton.absent_first) or (entry is not None and entry.get("document") is None):
            return _missing(inp, f"{singleton.path} does not exist")
        return EffectResult(mutations=[Put(DOCUMENTS, key, _entry(None, inp.now))])
    return _write(inp, singleton, key, entry, role)


def _reads(inp: EffectInput) -> StateEntries:
    return [(DOCUMENTS, document_key(inp))]


EFFECTS = (
    Effect(
        "singleton.document",
        document,
        {"type": "object"},
        statuses=(404,),
        description="keep one document per path and caller: reads answer what writes made, 404 once deleted",
        reads=_reads,
    ),
)


def evicted(state: StateView, keep: int) -> list[Mutation]:
    """Documents beyond the newest `keep` written of each API (across its paths and callers): a fuzzer naming ever
    new path values (`/repos/{owner}/{repo}/pages`) would keep one each. A forgotten one is generated anew."""
    return oldest_of_each_api(state, DOCUMENTS, keep)


NAMESPACES = (StateNamespace(DOCUMENTS),)
