"""Compiling scenarios: raw rules, the loaded APIs and the activation's settings in, `Rule`s out.

This checks the meaning a file's shape cannot: that APIs and operations exist (rules for APIs that
are not loaded are skipped with one notice), that effect parameters fit the effect once settings are
rendered (so a bad `--set` is `file:line: problem`, exit 2), and that a rule answering a status the
operation does not declare belongs to a scenario that says, in `spec_deviation`, that it breaks the
spec on purpose.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from mock.scenario.effects.registry import effects
from mock.scenario.file_schema import FIELD_OPS, RULE_VALIDATOR, RUNTIME_ROOTS
from mock.scenario.loading import ScenarioError, describe_error, line_of, read_file, scenario_files
from mock.scenario.model import MISSING, CallTest, FieldTest, Respond, Rule, Scenario
from mock.scenario.templates import render, template_roots
from mock.spec.model import Api, Operation


@dataclass(frozen=True)
class _Where:
    scenario: Scenario
    rule_index: int

    def line(self, *path: Any) -> int:
        return line_of(self.scenario.rule_lines[self.rule_index], tuple(path))

    def error(self, problem: str, *path: Any) -> ScenarioError:
        return ScenarioError(self.scenario.file, self.line(*path), problem)


def effective_settings(scenario: Scenario, overrides: dict[str, Any] | None) -> dict[str, Any]:
    settings = copy.deepcopy(scenario.settings)
    for key, value in (overrides or {}).items():
        settings[key] = value
    return settings


def compile_scenario(
    scenario: Scenario,
    apis: dict[str, Api],
    overrides: dict[str, Any] | None = None,
    absent_apis: frozenset[str] = frozenset(),
    skipped: list[AbsentTarget] | None = None,
) -> tuple[Rule, ...]:
    """The scenario's rules for these APIs; rules only for `absent_apis` (known but not served) are left out.

    With a `skipped` list, rules that name no API and select no loaded operation (the bundled scenarios
    beside a user's own spec) are left out too, and recorded there.
    """
    if overrides is not None and not isinstance(overrides, dict):
        raise ScenarioError(
            scenario.file, scenario.line, f"settings for {scenario.name!r} must be an object of setting: value"
        )
    settings = effective_settings(scenario, overrides)
    unknown = sorted(set(overrides or {}) - set(scenario.settings))
    if unknown:
        known = ", ".join(sorted(scenario.settings)) or "none"
        raise ScenarioError(
            scenario.file,
            scenario.line,
            f"scenario {scenario.name!r} has no setting {unknown[0]!r}; its settings: {known}",
        )
    rules = []
    for index, raw in enumerate(scenario.raw_rules):
        where = _Where(scenario, index)
        resolved = render(raw, {"settings": settings}, roots=frozenset({"settings"}))
        if overrides:
            _check_rendered(scenario, where, resolved, overrides)
        names = _names((resolved.get("match") or {}).get("api"))
        if names is not None and absent_apis:
            served = [n for n in names if n not in absent_apis]
            if not served:
                continue
            resolved = {**resolved, "match": {**resolved["match"], "api": served}}
        try:
            rules.append(_compile_rule(scenario, settings, resolved, where, apis, index))
        except AbsentTarget as exc:
            # a rule that names a served API is the author's mistake; one that names none (a bundled scenario
            # beside another spec) may simply not apply here. Rules for APIs not served were left out above.
            if skipped is None or names is not None:
                raise
            skipped.append(exc)
    return tuple(rules)


def _check_rendered(scenario: Scenario, where: _Where, resolved: dict[str, Any], overrides: dict[str, Any]) -> None:
    """Settings given at activation must still make a valid rule (the file's own schema, filled in)."""
    for error in sorted(RULE_VALIDATOR.iter_errors(resolved), key=lambda e: list(map(str, e.absolute_path))):
        given = ", ".join(f"{k}={json.dumps(v, default=str)[:60]}" for k, v in overrides.items())
        raise where.error(
            f"scenario {scenario.name!r} with settings {given}: {describe_error(error)}", *tuple(error.absolute_path)
        )


def _compile_rule(
    scenario: Scenario, settings: dict[str, Any], raw: dict[str, Any], where: _Where, apis: dict[str, Api], index: int
) -> Rule:
    match = raw.get("match") or {}
    unknown_roots = template_roots(raw) - RUNTIME_ROOTS
    if unknown_roots:
        raise where.error(
            f"unknown template variable ${{{sorted(unknown_roots)[0]}...}}; known: {', '.join(sorted(RUNTIME_ROOTS))}"
        )
    operations, explicit = _operations(match, apis, where)
    effect_name = raw.get("effect")
    params: dict[str, Any] = {}
    statuses: set[int] = set()
    if effect_name is not None:
        effect = effects().get(effect_name)
        if effect is None:
            raise where.error(f"unknown effect {effect_name!r}; known: {', '.join(sorted(effects()))}", "effect")
        given = raw.get("with") or {}
        for error in Draft202012Validator(effect.params_schema).iter_errors(given):
            path = tuple(error.absolute_path)
            raise where.error(f"effect {effect_name} with: {describe_error(error)}", "with", *path)
        params = {**{k: v for k, v in settings.items()}, **given}
        # Settings reach the effect as parameters: those it declares must fit its schema too.
        known = (effect.params_schema.get("properties") or {}).keys()
        declared = {k: v for k, v in params.items() if k in known}
        for error in Draft202012Validator(effect.params_schema).iter_errors(declared):
            raise where.error(f"effect {effect_name}, setting {describe_error(error)}")
        statuses.update(effect.statuses)
    elif raw.get("with"):
        raise where.error("`with` needs an `effect`", "with")
    responds = [raw["respond"]] if raw.get("respond") else []
    responds += list(raw.get("sequence") or [])
    for respond in responds:
        if isinstance(respond.get("status"), int):
            statuses.add(respond["status"])
    if raw.get("respond") and raw.get("sequence"):
        raise where.error("a rule has either `respond` or `sequence`, not both", "sequence")
    deviates = scenario.spec_deviation is not None
    only_declared = raw.get("only_where_declared", True)
    kept = set()
    for api_name, operation_id in operations:
        operation = _operation(apis[api_name], operation_id)
        missing = sorted(s for s in statuses if operation.response_for(s) is None)
        if not missing or deviates:
            kept.add((api_name, operation_id))
            continue
        if explicit or not only_declared:
            raise where.error(
                f"{api_name}:{operation_id} does not declare status {missing[0]}; answer a declared status, "
                f"or say why the scenario breaks the spec in its `spec_deviation`",
                *(("respond", "status") if raw.get("respond") else ("match",)),
            )
    if not kept:
        raise where.error("this rule matches no operation that declares the statuses it answers", "match")
    delay = raw.get("delay_ms")
    if delay is not None:
        low, high = (delay, delay) if not isinstance(delay, list) else (delay[0], delay[1])
        if float(low) > float(high):
            raise where.error("delay_ms: the range must go from low to high", "delay_ms")
        delay = (float(low), float(high))
    cacheable = (
        effect_name in (None, "pricing.catalog")
        and not (match.get("calls") or raw.get("required_state") or raw.get("new_state") or raw.get("sequence"))
        and not match.get("headers")
        and delay is None
        and raw.get("fault") is None
        and template_roots({k: raw.get(k) for k in ("respond", "headers", "with")})
        <= {"request", "path", "query", "pricing", "settings", "delete"}
        and "request.headers" not in repr(raw)
    )
    return Rule(
        cacheable=cacheable,
        scenario=scenario.name,
        name=str(raw.get("name") or f"rule-{index + 1}"),
        file=scenario.file,
        line=where.line(),
        priority=scenario.priority,
        operations=frozenset(kept),
        fields=_fields(match, where),
        calls=_calls(match.get("calls"), where),
        required_state=raw.get("required_state"),
        new_state=raw.get("new_state"),
        respond=_respond(raw["respond"]) if raw.get("respond") else None,
        sequence=tuple(_respond(r) for r in raw.get("sequence") or ()),
        effect=effect_name,
        params=params,
        headers={str(k).lower(): str(v) for k, v in (raw.get("headers") or {}).items()},
        delay_ms=delay,
        fault=raw.get("fault"),
        fault_after_s=float(raw.get("timeout_s", 30)),
        only_where_declared=only_declared,
        final=bool(raw.get("final", False)),
        deviates=deviates,
    )


def _names(value: Any) -> list[str] | None:
    if value is None or value == "*":
        return None
    return [value] if isinstance(value, str) else list(value)


def named_apis(scenarios: Iterable[Scenario]) -> frozenset[str]:
    """Every API a rule of these scenarios names in `match.api`."""
    names: set[str] = set()
    for scenario in scenarios:
        for raw in scenario.raw_rules:
            names.update(_names((raw.get("match") or {}).get("api")) or [])
    return frozenset(names)


def _operation(api: Api, operation_id: str) -> Operation:
    return api.operations_by_id[operation_id]


class AbsentTarget(ScenarioError):
    """A rule names an API or operation that is not loaded: skipped at start-up, an error in `scenarios check`."""


def _operations(match: dict[str, Any], apis: dict[str, Api], where: _Where) -> tuple[set[tuple[str, str]], bool]:
    api_names = _names(match.get("api"))
    for name in api_names or ():
        if name not in apis:
            raise AbsentTarget(
                where.scenario.file,
                where.line("match", "api"),
                f"unknown API {name!r}; known: {', '.join(sorted(apis))}",
            )
    chosen = [apis[n] for n in (api_names or sorted(apis))]
    wanted = _names(match.get("operation"))
    method = str(match.get("method", "")).upper() or None
    path = match.get("path")
    found: set[tuple[str, str]] = set()
    for api in chosen:
        for operation in api.operations:
            if wanted is not None and operation.operation_id not in wanted:
                continue
            if method and operation.method != method:
                continue
            if path and path not in (operation.path, api.base_path + operation.path):
                continue
            found.add((api.name, operation.operation_id))
    if wanted is not None:
        known = {o.operation_id for api in chosen for o in api.operations}
        for operation_id in wanted:
            if operation_id not in known:
                apis_text = ", ".join(a.name for a in chosen)
                raise AbsentTarget(
                    where.scenario.file,
                    where.line("match", "operation"),
                    f"unknown operation {operation_id!r} in {apis_text}",
                )
    if not found:
        raise AbsentTarget(where.scenario.file, where.line("match"), "match selects no operation")
    explicit = wanted is not None or path is not None
    return found, explicit


def _fields(match: dict[str, Any], where: _Where) -> tuple[FieldTest, ...]:
    tests = []
    for location, key in (("body", "body"), ("query", "query"), ("header", "headers"), ("path", "path_params")):
        for dotted, condition in (match.get(key) or {}).items():
            path = tuple(str(dotted).lower().split(".")) if location == "header" else tuple(str(dotted).split("."))
            if isinstance(condition, dict) and len(condition) == 1 and next(iter(condition)) in FIELD_OPS:
                op, value = next(iter(condition.items()))
                if op == "in" and not isinstance(value, list):
                    raise where.error(f"match.{key}.{dotted}: `in` needs a list", "match", key, dotted)
                if op in ("gt", "gte", "lt", "lte") and not isinstance(value, (int, float)):
                    raise where.error(f"match.{key}.{dotted}: `{op}` needs a number", "match", key, dotted)
                tests.append(FieldTest(location, path, op, value))
            elif isinstance(condition, dict):
                raise where.error(
                    f"match.{key}.{dotted}: a condition is a value or one of {', '.join(FIELD_OPS)}",
                    "match",
                    key,
                    dotted,
                )
            else:
                tests.append(FieldTest(location, path, "equals", condition))
    return tuple(tests)


def _calls(value: Any, where: _Where) -> CallTest | None:
    if value is None:
        return None
    if isinstance(value, int):
        return CallTest(nth=value)
    try:
        numbers = {k: int(v) for k, v in value.items()}
    except (TypeError, ValueError):
        raise where.error("match.calls: values must be whole numbers", "match", "calls") from None
    test = CallTest(
        nth=numbers.get("nth"),
        after=numbers.get("after"),
        first=numbers.get("from"),
        last=numbers.get("to"),
        every=numbers.get("every"),
        burst=numbers.get("burst", 1),
    )
    if test.every is not None and not 1 <= test.burst <= test.every:
        raise where.error("match.calls: burst must be between 1 and every", "match", "calls")
    return test


def _respond(raw: dict[str, Any]) -> Respond:
    return Respond(
        status=int(raw["status"]) if raw.get("status") is not None else None,
        body=raw.get("body", MISSING),
        override=raw.get("override", MISSING),
        override_tasks=raw.get("override_tasks"),
        problem=raw.get("problem"),
        headers={str(k).lower(): str(v) for k, v in (raw.get("headers") or {}).items()},
    )


def check_all(directory: Path, apis: dict[str, Api]) -> tuple[dict[str, Scenario], list[ScenarioError]]:
    """Every problem in every file (for `specmock scenarios check`), not just the first."""
    problems: list[ScenarioError] = []
    found: dict[str, Scenario] = {}
    for path in scenario_files(directory):
        try:
            scenarios, _ = read_file(path)
        except ScenarioError as exc:
            problems.append(exc)
            continue
        for scenario in scenarios:
            if scenario.name in found:
                other = found[scenario.name]
                problems.append(
                    ScenarioError(
                        path,
                        scenario.line,
                        f"scenario {scenario.name!r} is already defined at {other.file}:{other.line}",
                    )
                )
                continue
            found[scenario.name] = scenario
            try:
                compile_scenario(scenario, apis)
            except ScenarioError as exc:
                problems.append(exc)
    return found, problems
