"""The decision stage: given the active rules for an operation, the state and the request, what to answer.

Pure: no I/O, no clock, no randomness. The state is read through a view; the changes to make
come back in the Decision as data, and the engine applies them in the same transaction.

Rules are tried in priority order (higher first). Every matching rule acts: its effect runs,
its headers, delay and state changes accumulate, and its success overrides are merged into
the body (a higher-priority rule's override wins a conflict). An error, a literal body, a
transport fault or `final: true` ends the decision there.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
from typing import Any

from mock.problems import Problem, problem_for_status
from mock.scenario.effects.base import EffectInput
from mock.scenario.effects.registry import effects
from mock.scenario.model import MISSING, START_STATE, Decision, RequestFacts, Respond, Rule
from mock.scenario.store import EMPTY_VIEW, Delete, Mutation, OverlayView, Put, StateView
from mock.scenario.templates import render
from mock.spec.model import Operation


def iso(timestamp: float) -> str:
    """The time to the second (`timespec="seconds"` drops the fraction), formatted once per second."""
    second = math.floor(timestamp)
    if timestamp - second < 0.999999:
        return _iso_at(second)
    return _iso_at(timestamp)  # within a microsecond of the next second: datetime's rounding decides which


@functools.lru_cache(maxsize=16)
def _iso_at(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def may_match(rule: Rule, request: RequestFacts, call_count: int) -> bool:
    """What `matches` checks without reading the state."""
    if (request.api, request.operation_id) not in rule.operations:
        return False
    if rule.calls is not None and not rule.calls.holds(call_count):
        return False
    return not rule.fields or all(test.holds(request) for test in rule.fields)


def matches(rule: Rule, request: RequestFacts, call_count: int, state: StateView) -> bool:
    return may_match(rule, request, call_count) and (
        rule.required_state is None or state.get("scenario_state", rule.scenario, START_STATE) == rule.required_state
    )


def entries_read_first(
    rules: tuple[Rule, ...], operation: Operation, request: RequestFacts, call_count: int | None, now: float
) -> list[tuple[str, str]]:
    """The state entries that the effects of the rules that may act read first (`Effect.reads`), for a store
    whose every read is a round trip (Redis) to read at once before deciding. A rule the state then stops
    (its `required_state`, an earlier rule's error) only costs an entry read for nothing.

    `call_count` None: the call is not counted yet; only the entries known without it (no rule counting calls,
    no effect whose entries follow the count: `Effect.reads_count`), to read in the count's own round trip."""
    registry = effects()
    found: list[tuple[str, str]] = []
    for rule in rules:
        effect = registry[rule.effect] if rule.effect is not None else None
        if effect is None or effect.reads is None:
            continue
        if call_count is None and (effect.reads_count or rule.calls is not None):
            continue
        count = 0 if call_count is None else call_count
        if may_match(rule, request, count):
            found.extend(effect.reads(EffectInput(rule.params, EMPTY_VIEW, request, operation, {}, now, count)))
    return found


def decide(
    rules: tuple[Rule, ...],
    state: StateView,
    operation: Operation,
    request: RequestFacts,
    call_count: int,
    now: float,
) -> Decision:
    decision = Decision()
    view = OverlayView(state)
    context = request.context(iso(now), call_count)
    overrides: list[tuple[int, Any]] = []
    registry = effects()
    for rule in rules:
        if not matches(rule, request, call_count, view):
            continue
        changes: list[Mutation] = []
        if rule.effect is not None:
            result = registry[rule.effect].run(
                EffectInput(rule.params, view, request, operation, dict(context), now, call_count)
            )
            if result.skip:
                continue
            changes.extend(result.mutations)
            context.update(result.vars)
            decision.headers.update(result.headers)
            decision.placements.update(result.placements)
            decision.deviates = decision.deviates or result.deviates
            if result.status is not None and decision.status is None:
                decision.status = result.status
            if result.problem is not None:
                _act(decision, rule, changes, view)
                decision.problem = result.problem
                decision.terminal = True
                break
        respond = rule.respond
        if rule.sequence:
            hits = int(view.get("hits", rule.id, 0)) + 1
            changes.append(Put("hits", rule.id, hits))
            respond = rule.sequence[min(hits, len(rule.sequence)) - 1]
        if rule.new_state is not None:
            changes.append(Put("scenario_state", rule.scenario, rule.new_state))
        _act(decision, rule, changes, view)
        for name, value in rule.headers.items():
            decision.headers[name] = str(render(value, context))
        if rule.delay_ms is not None:
            decision.delay_ms = rule.delay_ms
        if rule.fault is not None:
            decision.fault, decision.fault_after_s, decision.terminal = rule.fault, rule.fault_after_s, True
            break
        if respond is not None and _respond(decision, respond, context, overrides, rule):
            decision.terminal = True
            break
        if rule.final:
            break
    decision.overrides.extend(map(_override, sorted(overrides, key=_priority)))
    decision.context = context
    return decision


_priority, _override = operator.itemgetter(0), operator.itemgetter(1)  # of a (priority, override) pair


def _act(decision: Decision, rule: Rule, changes: list[Mutation], view: OverlayView) -> None:
    view.add(changes)
    decision.mutations.extend(changes)
    decision.rules.append(rule.id)
    if rule.scenario not in decision.scenarios:
        decision.scenarios.append(rule.scenario)
    decision.deviates = decision.deviates or rule.deviates


def _respond(
    decision: Decision, respond: Respond, context: dict[str, Any], overrides: list[tuple[int, Any]], rule: Rule
) -> bool:
    """Record what `respond` says; True when it ends the decision."""
    for name, value in respond.headers.items():
        decision.headers[name] = str(render(value, context))
    status = respond.status
    if status is not None and status >= 400:
        decision.status = status
        decision.problem = problem_from(status, respond.fill.problem(context) if respond.problem else None)
        return True
    if status is not None and decision.status is None:
        decision.status = status
    if respond.body is not MISSING:
        decision.body = respond.fill.body(context)
        return True
    if respond.override is not MISSING:
        overrides.append((rule.priority, respond.fill.override(context)))
    if respond.override_tasks:
        decision.task_overrides.append(respond.fill.override_tasks(context))
    return False


def problem_from(status: int, spec: dict[str, Any] | None) -> Problem:
    base = problem_for_status(status)
    if not spec:
        return base
    headers = {str(k).lower(): str(v) for k, v in (spec.get("headers") or {}).items()}
    return Problem(
        status,
        str(spec.get("code") or base.code),
        str(spec.get("message") or base.message),
        field=str(spec.get("field") or ""),
        headers=headers,
        details=dict(spec.get("details") or {}),
    )


__all__ = ["Delete", "OverlayView", "decide", "entries_read_first", "matches", "may_match", "problem_from"]
