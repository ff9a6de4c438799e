"""Records kept by their delete alone (`mock.spec.deletions`): once deleted, gone until made again.

The answers stay the static mock's. What is kept is which records each caller deleted: a DELETE of one
records it (and a second DELETE of it answers 404, as a server's does), an operation at its path or below
answers 404 while it is deleted, and a PUT or a POST that makes it at its path brings it back. Where an
operation declares no 404 it is answered as before: nothing undeclared goes out.
"""

from __future__ import annotations

from typing import Any

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
from mock.spec.deletions import CREATES, DELETE, MAKES, DeletableItem
from mock.spec.names import spelling_key
from mock.spec.operations import path_parameter_names

DELETED = "deleted_items"  # state namespace: `<api>|<caller>|<DELETE's path template>|<its path values>` -> when


def deleted_key(inp: EffectInput) -> str:
    """Whose record, at which path: the values of the DELETE path's parameters, read from the request's path at
    their places (a path below names them as it likes: `/baskets/{basket}/requests` below `/baskets/{name}`)."""
    item: DeletableItem = inp.params["item"]
    names = path_parameter_names(inp.operation.path)[: item.depth]
    return _key(inp, [inp.request.path_params.get(name) for name in names])


def _key(inp: EffectInput, values: list[Any]) -> str:
    item: DeletableItem = inp.params["item"]
    written = ",".join(str(value) for value in values)
    return f"{inp.request.api}|{caller_scope(inp.request.credential)}|{item.path}|{written}"


def _made_keys(inp: EffectInput) -> list[str]:
    """The keys of the records a create at the collection path answers: its id where the static answer names it, at
    its top or one wrapper down (`{"messageid": …}`, `{"data": {"id": …}}`), or each listed record's (The SMS Works'
    `POST /messages` answers the messages it found)."""
    item: DeletableItem = inp.params["item"]
    answer, keys = inp.request.generated, tuple(dict.fromkeys(spelling_key(name) for name in item.id_fields))
    records = answer if isinstance(answer, list) else [answer]
    parents = path_parameter_names(inp.operation.path)[: item.depth - 1]
    parent_values = [inp.request.path_params.get(name) for name in parents]
    return [_key(inp, [*parent_values, made]) for record in records if (made := _id_in(record, keys)) is not None]


def _id_in(answer: Any, keys: tuple[str, ...], depth: int = 0) -> Any:
    """The first of `keys` (spelling keys, the path parameter's own before `id`: The SMS Works' message holds both
    `id` and `messageid`, Postman's collection `id` and `uid`) the answer holds a text or number under, at its top
    or in its one wrapper."""
    if not isinstance(answer, dict) or depth > 1:
        return None
    held = {spelling_key(name): value for name, value in answer.items()}
    for key in keys:
        value = held.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
    wrapped = [value for value in answer.values() if isinstance(value, dict)]
    return _id_in(wrapped[0], keys, depth + 1) if len(wrapped) == 1 else None


def deleted(inp: EffectInput) -> EffectResult:
    role = inp.params["role"]
    if role == CREATES:  # made again under a key its answer names: no longer deleted
        again: list[Mutation] = [
            Delete(DELETED, key) for key in _made_keys(inp) if inp.state.get(DELETED, key) is not None
        ]
        return EffectResult(mutations=again) if again else EffectResult(skip=True)
    key = deleted_key(inp)
    gone = inp.state.get(DELETED, key) is not None
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
    if inp.params["role"] == CREATES:
        return ()  # its key is in the answer, not known before it
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
