"""Scenario files: read the YAML in scenarios/, check it against our own schema, compile the rules.

A mistake is reported as one line, `file:line: problem`, pointing at the YAML node at fault
(the schema check uses the node marks PyYAML keeps). Loading checks the shape; compiling
(with the loaded APIs and the activation's settings) checks the meaning: that APIs and
operations exist, effect parameters fit the effect, and that a rule answering a status the
operation does not declare belongs to a scenario that says, in `spec_deviation`, that it
breaks the spec on purpose.
"""

from __future__ import annotations

import codecs
import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from mock.scenario.effects.registry import effects
from mock.scenario.model import MISSING, CallTest, FieldTest, Respond, Rule, Scenario, render, template_roots
from mock.spec.model import Api, Operation
from mock.spec.resources import ResourceOverride

SCENARIO_SUFFIXES = (".yaml", ".yml")
FIELD_OPS = ("equals", "not", "in", "contains", "regex", "exists", "gt", "gte", "lt", "lte")
RUNTIME_ROOTS = {
    "request",
    "path",
    "query",
    "credential",
    "now",
    "call",
    "wallet",
    "charge",
    "topup",
    "estimate",
    "pricing",
    "job",
    "callback",
    "callbacks",
    "resource",
    "page",
    "settings",
    "delete",
}


class ScenarioError(Exception):
    """One line: file:line: problem."""

    def __init__(self, file: Path | str, line: int, problem: str) -> None:
        self.file = str(file)
        self.line = line
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.file}:{self.line}: {self.problem}")


# ---------------------------------------------------------------- our schema for scenario files

_SETTING = {"type": "string", "pattern": r"^\$\{settings\.[A-Za-z0-9_.]+(\s*\?\?.*)?\}$"}
_INT = {"anyOf": [{"type": "integer", "minimum": 1}, _SETTING]}
_NUM = {"anyOf": [{"type": "number", "minimum": 0}, _SETTING]}
_NAMES = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    ]
}
_RESPOND = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "status": {"anyOf": [{"type": "integer", "minimum": 100, "maximum": 599}, _SETTING]},
        "body": {},
        "override": {},
        "override_tasks": {"type": "object", "additionalProperties": {"type": "object"}},
        "problem": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string"},
                "details": {"type": "object"},
                "headers": {"type": "object"},
            },
        },
        "headers": {"type": "object", "additionalProperties": {"type": ["string", "number", "integer", "boolean"]}},
    },
}
_CONDITIONS = {"type": "object", "additionalProperties": True}
_NAME_LIST = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string"}}]}
# Corrections to what `mock.spec.resources` infers (see `ResourceOverride`).
_RESOURCE_OVERRIDE = {
    "type": "object",
    "required": ["api", "name"],
    "additionalProperties": False,
    "properties": {
        "api": {"type": "string", "minLength": 1},
        "name": {"type": "string", "minLength": 1},
        "exclude": {"type": "boolean"},
        "collection_path": {"type": "string", "pattern": "^/"},
        "item_path": {"type": "string", "pattern": "^/"},
        "id_field": {"type": "string", "minLength": 1},
        "id_param": {"type": "string", "minLength": 1},
        "items_path": {"type": "string"},
        "create_id_path": {"type": "string"},
        "parent_wildcard": {"type": "string"},
        "operations": {
            "type": "object",
            "additionalProperties": False,
            "properties": {role: _NAME_LIST for role in ("list", "create", "get", "replace", "update", "delete")},
        },
        "record_paths": {"type": "object", "additionalProperties": {"type": "string"}},
        "filters": {"type": "object", "additionalProperties": {"type": "string"}},
        "parent_fields": {"type": "object", "additionalProperties": {"type": "string"}},
        "server_fields": {"type": "array", "items": {"type": "string"}},
        "paging": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "style": {"enum": ["none", "offset", "page", "cursor", "link"]},
                "limit_param": {"type": "string"},
                "offset_param": {"type": "string"},
                "page_param": {"type": "string"},
                "cursor_param": {"type": "string"},
                "next_field": {"type": "string"},
                "previous_field": {"type": "string"},
                "first_field": {"type": "string"},
                "total_field": {"type": "string"},
                "default_limit": {"type": "integer", "minimum": 1},
                "max_limit": {"type": "integer", "minimum": 1},
            },
        },
    },
}
SCENARIO_FILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "anyOf": [{"required": ["scenarios"]}, {"required": ["resources"]}],
    "additionalProperties": False,
    "properties": {
        "resources": {"type": "array", "items": _RESOURCE_OVERRIDE},
        "scenarios": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "rules"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "description": {"type": "string"},
                    "priority": {"type": "integer"},
                    "settings": {"type": "object"},
                    "spec_deviation": {"type": "string", "minLength": 1},
                    "rules": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["match"],
                            "additionalProperties": False,
                            "properties": {
                                "name": {"type": "string", "minLength": 1},
                                "match": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "properties": {
                                        "api": _NAMES,
                                        "operation": _NAMES,
                                        "method": {"type": "string", "pattern": "^[A-Za-z]+$"},
                                        "path": {"type": "string", "pattern": "^/"},
                                        "body": _CONDITIONS,
                                        "query": _CONDITIONS,
                                        "headers": _CONDITIONS,
                                        "path_params": _CONDITIONS,
                                        "calls": {
                                            "anyOf": [
                                                {"type": "integer", "minimum": 1},
                                                {
                                                    "type": "object",
                                                    "additionalProperties": False,
                                                    "minProperties": 1,
                                                    "properties": {
                                                        "nth": _INT,
                                                        "after": {
                                                            "anyOf": [{"type": "integer", "minimum": 0}, _SETTING]
                                                        },
                                                        "from": _INT,
                                                        "to": _INT,
                                                        "every": _INT,
                                                        "burst": _INT,
                                                    },
                                                },
                                            ]
                                        },
                                    },
                                },
                                "required_state": {"type": "string", "minLength": 1},
                                "new_state": {"type": "string", "minLength": 1},
                                "respond": _RESPOND,
                                "sequence": {"type": "array", "minItems": 1, "items": _RESPOND},
                                "effect": {"type": "string"},
                                "with": {"type": "object"},
                                "headers": {
                                    "type": "object",
                                    "additionalProperties": {"type": ["string", "number", "integer", "boolean"]},
                                },
                                "delay_ms": {
                                    "anyOf": [
                                        {"type": "number", "minimum": 0},
                                        _SETTING,
                                        {"type": "array", "minItems": 2, "maxItems": 2, "items": _NUM},
                                    ]
                                },
                                "fault": {"enum": ["connection_reset", "timeout"]},
                                "timeout_s": _NUM,
                                "only_where_declared": {"type": "boolean"},
                                "final": {"type": "boolean"},
                            },
                        },
                    },
                },
            },
        },
    },
}
_VALIDATOR = Draft202012Validator(SCENARIO_FILE_SCHEMA)
# A rule once its ${settings.*} are filled in: settings given at activation are checked against it.
_RULE_VALIDATOR = Draft202012Validator(
    SCENARIO_FILE_SCHEMA["properties"]["scenarios"]["items"]["properties"]["rules"]["items"]
)


# ---------------------------------------------------------------- YAML with lines


def _lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            out[path + (name, "<key>")] = key.start_mark.line + 1
            _lines(value, path + (name,), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, path + (index,), out)


def line_of(lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def _describe(error: Any) -> str:
    where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in error.absolute_path).replace(".[", "[")
    message = error.message
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extras = [k for k in error.instance if k not in (error.schema.get("properties") or {})]
        known = ", ".join(error.schema.get("properties") or {})
        message = f"unknown key {extras[0]!r}; expected one of: {known}" if extras else message
    if error.validator == "anyOf":
        message = f"{error.instance!r} is not valid here"
        kinds = [s.get("type") for s in error.validator_value if isinstance(s, dict)]
        if kinds:
            message += f" (expected {' or '.join(str(k) for k in kinds if k)}, or a ${{settings.*}} template)"
    return f"{where}: {message}" if where else message


# ---------------------------------------------------------------- reading a file, bounded

MAX_FILE_BYTES = 1024 * 1024  # the bundled files are under 16 KiB
MAX_DEPTH = 64  # nested mappings and sequences
MAX_NODES = 50_000  # YAML nodes once every alias is expanded: an alias bomb passes this in a few lines


_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_text(path: Path) -> str:
    """The file as UTF-8 text, refused before parsing when it is too large or not text at all."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScenarioError(path, 1, f"the file is {size:,} bytes; a scenario file may have at most {MAX_FILE_BYTES:,}")
    data = path.read_bytes()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise ScenarioError(path, 1, f"{encoding} text; save the file as UTF-8")
    if b"\x00" in data:
        raise ScenarioError(
            path, data[: data.index(b"\x00")].count(b"\n") + 1, "a NUL byte: this is not a YAML text file"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(path, line, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None


# libyaml's parser when PyYAML has it: the pure-Python scanner slows to seconds on 10,000 open brackets.
_EVENT_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_shape(path: Path, text: str) -> None:
    """Refuse nesting past MAX_DEPTH and aliases that expand past MAX_NODES, from the parser's events alone.

    The event parser neither recurses nor expands aliases, so a 10,000-deep document or a
    "billion laughs" alias bomb is measured in time linear in the file, before anything is built.
    """
    depth = 0
    expanded = 0
    anchored: dict[str, int] = {}  # anchor -> nodes it expands to
    open_anchors: list[tuple[str | None, int]] = []  # per open collection: its anchor, `expanded` when it opened
    for event in yaml.parse(text, Loader=_EVENT_LOADER):
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent):
            expanded += anchored.get(event.anchor or "", 1)
        elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            expanded += 1
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ScenarioError(path, line, f"nested more than {MAX_DEPTH} levels deep")
                open_anchors.append((event.anchor, expanded - 1))
            elif event.anchor:
                anchored[event.anchor] = 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, at_start = open_anchors.pop()
            if anchor:
                anchored[anchor] = expanded - at_start
        if expanded > MAX_NODES:
            raise ScenarioError(
                path,
                line,
                f"YAML aliases expand to more than {MAX_NODES:,} nodes (an alias bomb?); write the values out",
            )


def parse_yaml(path: Path, text: str) -> tuple[yaml.Node | None, Any]:
    """The node graph (for line numbers) and the data built from it, parsed once."""
    try:
        check_shape(path, text)
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise ScenarioError(
            path, mark.line + 1 if mark else 1, f"invalid YAML: {getattr(exc, 'problem', None) or exc}"
        ) from None
    return node, data


def read_file(path: Path) -> tuple[list[Scenario], dict[tuple[Any, ...], int]]:
    node, data = parse_yaml(path, read_text(path))
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _lines(node, (), lines)
    errors = sorted(
        _VALIDATOR.iter_errors(data), key=lambda e: (line_of(lines, tuple(e.absolute_path)), len(e.absolute_path))
    )
    if errors:
        error = errors[0]
        path_in_file = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            extras = [k for k in error.instance if k not in (error.schema.get("properties") or {})]
            if extras:
                path_in_file += (extras[0], "<key>")
        raise ScenarioError(path, line_of(lines, path_in_file), _describe(error))
    by_rule: dict[tuple[Any, ...], dict[tuple[Any, ...], int]] = {}  # one pass: files may hold many rules
    for place, line in lines.items():
        if len(place) >= 4 and place[2] == "rules":
            by_rule.setdefault(place[:4], {})[place[4:]] = line
    scenarios = []
    for index, raw in enumerate(data.get("scenarios") or []):
        prefix = ("scenarios", index)
        rule_lines = [by_rule.get(prefix + ("rules", rule_index), {}) for rule_index in range(len(raw["rules"]))]
        scenarios.append(
            Scenario(
                name=raw["name"],
                description=str(raw.get("description", "")).strip(),
                file=str(path),
                line=line_of(lines, prefix),
                priority=int(raw.get("priority", 0)),
                settings=dict(raw.get("settings") or {}),
                spec_deviation=raw.get("spec_deviation"),
                raw_rules=tuple(raw["rules"]),
                rule_lines=tuple(rule_lines),
            )
        )
    return scenarios, lines


def scenario_files(directory: Path) -> list[Path]:
    """The scenario files in the folder: regular files inside it (a link out of the folder is refused)."""
    if not directory.is_dir():
        raise ScenarioError(directory, 0, "no such scenarios directory")
    inside = directory.resolve()
    found = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in SCENARIO_SUFFIXES)
    for path in found:
        target = path.resolve()
        if not target.is_relative_to(inside):
            raise ScenarioError(
                path, 1, f"links to {target}, outside {directory}; scenario loading reads only that folder"
            )
    return found


def load_resource_overrides(directory: Path) -> tuple[ResourceOverride, ...]:
    """The `resources:` corrections of every scenario file in `directory`, in file order."""
    found = []
    for path in scenario_files(directory):
        read_file(path)  # the same checks and file:line errors as for scenarios
        node, data = parse_yaml(path, read_text(path))  # bounded, as read_file reads it
        lines: dict[tuple[Any, ...], int] = {}
        if node is not None:
            _lines(node, (), lines)
        for index, raw in enumerate((data or {}).get("resources") or []):
            values = {k: v for k, v in raw.items() if k not in ("api", "name", "exclude")}
            found.append(
                ResourceOverride(
                    api=raw["api"],
                    name=raw["name"],
                    exclude=bool(raw.get("exclude", False)),
                    values=values,
                    where=f"{path}:{line_of(lines, ('resources', index))}",
                )
            )
    return tuple(found)


def load_scenarios(directory: Path) -> dict[str, Scenario]:
    found: dict[str, Scenario] = {}
    for path in scenario_files(directory):
        scenarios, _ = read_file(path)
        for scenario in scenarios:
            if scenario.name in found:
                other = found[scenario.name]
                raise ScenarioError(
                    path, scenario.line, f"scenario {scenario.name!r} is already defined at {other.file}:{other.line}"
                )
            found[scenario.name] = scenario
    return found


# ---------------------------------------------------------------- compiling


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
    for error in sorted(_RULE_VALIDATOR.iter_errors(resolved), key=lambda e: list(map(str, e.absolute_path))):
        given = ", ".join(f"{k}={json.dumps(v, default=str)[:60]}" for k, v in overrides.items())
        raise where.error(
            f"scenario {scenario.name!r} with settings {given}: {_describe(error)}", *tuple(error.absolute_path)
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
            raise where.error(f"effect {effect_name} with: {_describe(error)}", "with", *path)
        params = {**{k: v for k, v in settings.items()}, **given}
        # Settings reach the effect as parameters: those it declares must fit its schema too.
        known = (effect.params_schema.get("properties") or {}).keys()
        declared = {k: v for k, v in params.items() if k in known}
        for error in Draft202012Validator(effect.params_schema).iter_errors(declared):
            raise where.error(f"effect {effect_name}, setting {_describe(error)}")
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
    return next(o for o in api.operations if o.operation_id == operation_id)


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
