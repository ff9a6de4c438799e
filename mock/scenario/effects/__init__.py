"""Effects: the domain behaviours a rule can run, as data in, data out.

An effect reads the state (never writes it), the request and what earlier rules of the same
decision found, and returns variables for the rule's templates, the state changes to make,
and possibly an error that ends the decision. Each domain lives in one module: wallet
(balances, charges, refunds, pricing), jobs (async lifecycles), resources (stateful CRUD),
rate_limit (token buckets),
callbacks (deliveries queued when a job ends), oauth (authorization codes and tokens).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mock.problems import Problem
from mock.scenario.model import RequestFacts
from mock.scenario.store import Delete, Mutation, Put, StateView
from mock.spec.model import Operation


@dataclass(frozen=True)
class EffectInput:
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


@dataclass(frozen=True)
class Effect:
    name: str
    run: Callable[[EffectInput], EffectResult]
    params_schema: dict[str, Any]
    statuses: tuple[int, ...] = ()  # error statuses it may answer with
    description: str = ""


def _registry() -> dict[str, Effect]:
    from mock.scenario.effects import callbacks, jobs, oauth, rate_limit, resources, wallet

    effects: dict[str, Effect] = {}
    for module in (wallet, jobs, resources, rate_limit, callbacks, oauth):
        for effect in module.EFFECTS:
            effects[effect.name] = effect
    return effects


_EFFECTS: dict[str, Effect] | None = None


def effects() -> dict[str, Effect]:
    global _EFFECTS
    if _EFFECTS is None:
        _EFFECTS = _registry()
    return _EFFECTS


__all__ = ["Delete", "Effect", "EffectInput", "EffectResult", "Put", "effects"]
