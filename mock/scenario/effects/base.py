"""What every effect is made of: its input, its result, its declaration, and the state it keeps."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mock.problems import Problem
from mock.scenario.model import RequestFacts
from mock.scenario.retention import oldest_beyond
from mock.scenario.store import Delete, Mutation, StateView
from mock.spec.model import Operation

# The scope of state kept for every caller alike (an effect's `per_key: false`, a rate limit `per: api`):
# no one caller's, so retention never forgets it as a caller's.
SHARED_SCOPE = "*"


def caller_scope(credential: str | None, per_key: bool = True) -> str:
    """Whose state a request reads and writes: its credential's, `anonymous` without one, or with `per_key`
    off every caller's."""
    return (credential or "anonymous") if per_key else SHARED_SCOPE


def least_active(activity: Iterable[tuple[str, str, Any, str]], keep: int) -> list[str]:
    """Of each caller's state, as (group, scope, when last active, key), the keys of the callers beyond the `keep`
    most recently active of each group (an API, a collection): what retention forgets of callers. State kept for
    every caller alike (SHARED_SCOPE) is no one caller's and never among them."""
    by_group: dict[str, list[tuple[Any, str]]] = {}
    for group, scope, last_active, key in activity:
        if scope != SHARED_SCOPE:
            by_group.setdefault(group, []).append((last_active, key))
    return oldest_beyond(by_group, keep)


def declares(operation: Operation, status: int) -> bool:
    """The operation may answer `status`: itself, its class (`4XX`) or `default` (rendered in its envelope)."""
    return declares_exactly(operation, status) or "default" in operation.responses


def declares_exactly(operation: Operation, status: int) -> bool:
    return str(status) in operation.responses or f"{str(status)[0]}XX" in operation.responses


class EffectInput(NamedTuple):
    """What an effect reads. A named tuple, immutable like a frozen dataclass and built in a quarter of the
    time: every effect of every stateful request gets one."""

    params: dict[str, Any]
    state: StateView
    request: RequestFacts
    operation: Operation
    context: dict[str, Any]
    now: float
    call_count: int


@dataclass
class EffectResult:
    vars: dict[str, Any] = field(default_factory=dict)
    mutations: list[Mutation] = field(default_factory=list)
    problem: Problem | None = None
    headers: dict[str, str] = field(default_factory=dict)
    skip: bool = False  # the effect does not apply: the rule counts as not matched
    # dotted path in the success body -> value that replaces what was generated there ("" = the whole body)
    placements: dict[str, Any] = field(default_factory=dict)
    deviates: bool = False  # its answer breaks the spec on purpose, as the user asked (`--unknown-ids always-404`)
    status: int | None = None  # the success status its outcome calls for (201 where a PUT made the record)


# The state entries an effect will read, as (namespace, key), known from its input before it runs.
StateEntries = Iterable[tuple[str, str]]


@dataclass(frozen=True)
class Effect:
    name: str
    run: Callable[[EffectInput], EffectResult]
    params_schema: dict[str, Any]
    statuses: tuple[int, ...] = ()  # error statuses it may answer with
    description: str = ""
    # The entries `run` reads first, from its params, request and call count alone (its input's state and
    # context are empty here): a store whose reads are round trips (Redis) reads them all at once beforehand.
    reads: Callable[[EffectInput], StateEntries] | None = None
    reads_count: bool = False  # those entries follow the call count (read once it is counted)


def as_stored(entries: dict[str, Any]) -> dict[str, Any]:
    return entries


@dataclass(frozen=True)
class StateNamespace:
    """A part of the state an effect keeps, and how the admin API shows its entries (`GET /__specmock/state`)."""

    name: str
    admin_view: Callable[[dict[str, Any]], dict[str, Any]] = as_stored


def oldest_of_each_api(state: StateView, namespace: str, keep: int) -> list[Mutation]:
    """The entries of a namespace keyed `<api>|…` and stamped `at` beyond the newest `keep` of each API, to delete:
    what retention forgets of state a fuzzer naming ever new paths would grow without end."""
    by_api: dict[str, list[tuple[float, str]]] = {}
    for key, entry in state.items(namespace):
        stamp = float(entry.get("at", 0.0)) if isinstance(entry, dict) else 0.0
        by_api.setdefault(key.split("|", 1)[0], []).append((stamp, key))
    return [Delete(namespace, key) for key in oldest_beyond(by_api, keep)]
