"""Records kept by their delete alone (`mock.spec.deletions`): once deleted, gone until made again.

The answers stay the static mock's. What is kept is which records each caller deleted: a DELETE of one
records it (and a second DELETE of it answers 404, as a server's does), an operation at its path or below
answers 404 while it is deleted, and a PUT or a POST that makes it at its path brings it back. Where an
operation declares no 404 it is answered as before: nothing undeclared goes out.
"""

from __future__ import annotations

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
from mock.scenario.store import Delete, Mutation, Put, StateView
from mock.spec.deletions import DELETE, MAKES, DeletableItem
from mock.spec.operations import path_parameter_names

DELETED = "deleted_items"  # state namespace: `<api>|<caller>|<DELETE's path template>|<its path values>` -> when


def deleted_key(inp: EffectInput) -> str:
    """Whose record, at which path: the values of the DELETE path's parameters, read from the request's path at
    their places (a path below names them as it likes: `/baskets/{basket}/requests` below `/baskets/{name}`)."""
    item: DeletableItem = inp.params["item"]
    names = path_parameter_names(inp.operation.path)[: item.depth]
    values = ",".join(str(inp.request.path_params.get(name)) for name in names)
    return f"{inp.request.api}|{caller_scope(inp.request.credential)}|{item.path}|{values}"


def deleted(inp: EffectInput) -> EffectResult:
    item: DeletableItem = inp.params["item"]
    key = deleted_key(inp)
    gone = inp.state.get(DELETED, key) is not None
    role = item.role_of(inp.request.operation_id)
    if role == MAKES:
        return EffectResult(mutations=[Delete(DELETED, key)]) if gone else EffectResult(skip=True)
    if gone:
        if declares(inp.operation, 404):
            return EffectResult(problem=Problem(404, "not_found", f"{inp.request.path} was deleted"))
        return EffectResult(skip=True)
    if role == DELETE:
        return EffectResult(mutations=[Put(DELETED, key, {"at": inp.now})])
    return EffectResult(skip=True)


def _reads(inp: EffectInput) -> StateEntries:
    return [(DELETED, deleted_key(inp))]


EFFECTS = (
    Effect(
        "item.deleted",
        deleted,
        {"type": "object"},
        statuses=(404,),
        description="keep which records a caller deleted where nothing else keeps them: 404 until made again",
        reads=_reads,
    ),
)


def evicted(state: StateView, keep: int) -> list[Mutation]:
    """Deletions beyond the newest `keep` of each API (across its paths and callers): a fuzzer deleting ever new ids
    would keep one each. A forgotten one is answered as the static mock answers it, as before its delete."""
    return oldest_of_each_api(state, DELETED, keep)


NAMESPACES = (StateNamespace(DELETED),)
