"""What a scenario is once loaded: scenarios, rules, conditions and the decision they produce.

A scenario is a named, prioritised set of rules with settings. A rule matches on the API,
the operation, request fields and the call count (and, WireMock-style, on the scenario's
own state: it starts in `Started`, a rule may require a state and move to a new one after
serving); it acts by responding (a status, a body generated from that status' schema with
overrides, or a literal body; errors in the API's envelope), adding headers, delaying,
failing at the transport level, and running an *effect* (wallet, jobs, resources, rate
limit) that reads the state and returns the changes to make.

Values in a rule may be templates (`templates.py`): `"${job.status}"` is replaced by the value
(keeping its JSON type), `"id-${path.id}"` by its text, and `"${request.body.duration_s ?? 5}"`
falls back to the JSON after `??` when the value is missing. `${settings.*}` is resolved when the
scenario is activated; everything else per request.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mock.problems import Problem
from mock.scenario.store import Mutation

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()
DELETE: Any = type("Delete", (), {"__repr__": lambda self: "DELETE"})()  # `${delete}`: remove the key from the body

START_STATE = "Started"

# ---------------------------------------------------------------- conditions


@dataclass(frozen=True)
class FieldTest:
    """One condition on a request value: `body.model equals flux`, `header.x-tier in [pro]`…"""

    location: str  # body, query, header, path
    path: tuple[str, ...]
    op: str  # equals, not, in, contains, regex, exists, gt, gte, lt, lte
    value: Any

    def holds(self, request: RequestFacts) -> bool:
        source: Any = {
            "body": request.body,
            "query": request.query,
            "header": request.headers,
            "path": request.path_params,
        }[self.location]
        values = list(_select(source, self.path))
        if self.op == "exists":
            return bool(values) == bool(self.value)
        return any(_compare(self.op, value, self.value) for value in values)


def _select(value: Any, path: tuple[str, ...]) -> Iterator[Any]:
    """Every value at `path`; a `*` segment fans out over a list (tasks in a Runware body)."""
    if not path:
        yield value
        return
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(value, list):
        for item in value:
            yield from _select(item, rest)
    elif isinstance(value, dict) and head in value:
        yield from _select(value[head], rest)
    elif isinstance(value, list) and head.isdecimal() and int(head) < len(value):
        yield from _select(value[int(head)], rest)


def _compare(op: str, actual: Any, expected: Any) -> bool:
    try:
        if op == "equals":
            return bool(actual == expected) or (
                isinstance(actual, str) and not isinstance(expected, str) and actual == str(expected)
            )
        if op == "not":
            return bool(actual != expected)
        if op == "in":
            return actual in expected
        if op == "contains":
            if isinstance(actual, str):
                return str(expected).lower() in actual.lower()
            return isinstance(actual, (list, dict)) and expected in actual
        if op == "regex":
            return isinstance(actual, str) and re.search(str(expected), actual) is not None
        number = float(actual)
        comparisons = {
            "gt": number > expected,
            "gte": number >= expected,
            "lt": number < expected,
            "lte": number <= expected,
        }
        return bool(comparisons[op])
    except (TypeError, ValueError, KeyError):
        return False


@dataclass(frozen=True)
class CallTest:
    """Which calls (1-based, counted per operation since activation or reset) a rule answers.

    `nth: 3` the third only; `after: 5` the sixth onwards; `from`/`to` a closed range;
    `every: 10` the 10th, 20th…; `every: 10, burst: 2` the 9th, 10th, 19th, 20th…
    """

    nth: int | None = None
    after: int | None = None
    first: int | None = None  # from
    last: int | None = None  # to
    every: int | None = None
    burst: int = 1

    def holds(self, count: int) -> bool:
        if self.nth is not None and count != self.nth:
            return False
        if self.after is not None and count <= self.after:
            return False
        if self.first is not None and count < self.first:
            return False
        if self.last is not None and count > self.last:
            return False
        if self.every is not None:
            position = (count - 1) % self.every + 1
            if position <= self.every - self.burst:
                return False
        return True


# ---------------------------------------------------------------- actions


@dataclass(frozen=True)
class Respond:
    status: int | None = None  # None: the operation's success status
    body: Any = MISSING  # a literal body replaces the generated one
    override: Any = MISSING  # deep-merged into the generated body
    override_tasks: dict[str, Any] | None = None  # task protocol: taskType -> override of each result
    problem: dict[str, Any] | None = None  # code/message/details of an error answer
    headers: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def fill(self) -> RespondFill:
        """The templates of this answer compiled once, on first use (a frozen Respond never changes)."""
        from mock.scenario.templates import compile_template  # templates reads this module's MISSING and DELETE

        return RespondFill(
            compile_template(self.body),
            compile_template(self.override),
            compile_template(self.override_tasks),
            compile_template(self.problem),
        )


class RespondFill(NamedTuple):
    """A Respond's templates as functions of the context (`mock.scenario.templates.compile_template`)."""

    body: Callable[[dict[str, Any]], Any]
    override: Callable[[dict[str, Any]], Any]
    override_tasks: Callable[[dict[str, Any]], Any]
    problem: Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Rule:
    scenario: str
    name: str
    file: str
    line: int
    priority: int
    operations: frozenset[tuple[str, str]]  # (api, operationId) this rule may answer, wildcards expanded
    fields: tuple[FieldTest, ...] = ()
    calls: CallTest | None = None
    required_state: str | None = None
    new_state: str | None = None
    respond: Respond | None = None
    sequence: tuple[Respond, ...] = ()
    effect: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay_ms: tuple[float, float] | None = None
    fault: str | None = None  # connection_reset, timeout
    fault_after_s: float = 30.0
    only_where_declared: bool = True
    final: bool = False  # stop after this rule even on success
    deviates: bool = False  # the scenario says its answers may break the spec
    cacheable: bool = False  # same request, same answer: no state, clock, headers or randomness involved

    # Asked on every request the rule answers; a frozen rule computes each once.
    @functools.cached_property
    def id(self) -> str:
        return f"{self.scenario}/{self.name}"

    @functools.cached_property
    def stateful(self) -> bool:
        return bool(self.effect or self.calls or self.required_state or self.new_state or self.sequence)


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    file: str
    line: int
    priority: int
    settings: dict[str, Any]
    spec_deviation: str | None
    raw_rules: tuple[dict[str, Any], ...]  # compiled per activation, with that activation's settings
    rule_lines: tuple[dict[tuple[Any, ...], int], ...]  # per rule: YAML path -> line


# ---------------------------------------------------------------- the request as rules see it


class RequestFacts(NamedTuple):
    """The request as rules and effects see it; a named tuple, immutable and quick to build (one per request)."""

    api: str
    operation_id: str
    method: str
    path: str
    path_params: dict[str, Any]
    query: dict[str, Any]
    headers: dict[str, str]
    body: Any
    credential: str | None
    # The static mock's answer to this request (parsed JSON), for effects that make a record out of it: it
    # already echoes the request, names the caller as author and agrees with itself. None when not built.
    generated: Any = None

    def context(self, now: str, call: int) -> dict[str, Any]:
        """What a rule's templates and effects read: the request, the time (`now`) and the operation's call count."""
        return {
            "request": {
                "body": self.body,
                "query": self.query,
                "headers": self.headers,
                "method": self.method,
                "path": self.path,
            },
            "path": self.path_params,
            "query": self.query,
            "credential": self.credential,
            "now": now,
            "call": call,
        }


_RUNTIME = re.compile(r"\{(\$[^{}]+)\}")


def resolve_runtime_expression(template: str, request: RequestFacts) -> str | None:
    """An OpenAPI runtime expression (`{$request.body#/callback_url}`, `$request.query.hook`…) filled in
    from the request, alone or inside a URL template; None when a part it names is missing."""
    expressions = _RUNTIME.findall(template) or ([template] if template.startswith("$") else [])
    text = template
    for expression in expressions:
        value = _runtime_value(expression.strip(), request)
        if value is None or isinstance(value, (dict, list)):
            return None
        text = text.replace("{" + expression + "}", str(value)) if text != expression else str(value)
    return text


def _runtime_value(expression: str, request: RequestFacts) -> Any:
    source, _, pointer = expression.partition("#")
    if source == "$request.body":
        value: Any = request.body
        for token in [t for t in pointer.split("/") if t] if pointer else []:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(value, dict):
                value = value.get(token)
            elif isinstance(value, list) and token.isdecimal() and int(token) < len(value):
                value = value[int(token)]
            else:
                return None
        return value
    for prefix, values in (
        ("$request.query.", request.query),
        ("$request.path.", request.path_params),
        ("$request.header.", {k.lower(): v for k, v in request.headers.items()}),
    ):
        if source.startswith(prefix):
            name = source[len(prefix) :]
            return values.get(name.lower() if prefix == "$request.header." else name)
    return None


# ---------------------------------------------------------------- the decision


@dataclass
class Decision:
    rules: list[str] = field(default_factory=list)  # ids of the rules that acted, in order
    scenarios: list[str] = field(default_factory=list)
    status: int | None = None
    body: Any = MISSING
    overrides: list[Any] = field(default_factory=list)
    task_overrides: list[dict[str, Any]] = field(default_factory=list)
    placements: dict[str, Any] = field(default_factory=dict)  # dotted path -> value replacing the generated one
    problem: Problem | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_ms: tuple[float, float] | None = None
    fault: str | None = None
    fault_after_s: float = 30.0
    mutations: list[Mutation] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    deviates: bool = False
    terminal: bool = False

    @property
    def acted(self) -> bool:
        return bool(self.rules)

    @property
    def decided_by(self) -> str | None:
        return self.scenarios[-1] if self.scenarios else None


# ---------------------------------------------------------------- placing values in bodies


def place(body: Any, path: str, value: Any) -> Any:
    """`body` with `value` at the dotted `path` ("" replaces the whole body); a value of DELETE removes the key. A
    number on a list (`Invoices.0`) places the record a list holds alone: Xero answers each invoice as
    `{"Invoices": [invoice]}`, and the generated answer's other, made-up items go."""
    parts = [p for p in path.split(".") if p]
    if not parts:
        return value
    if parts[0].isdigit() and (isinstance(body, list) or body is None):
        held = body[int(parts[0])] if isinstance(body, list) and int(parts[0]) < len(body) else None
        return [place(held, ".".join(parts[1:]), value)]
    out = dict(body) if isinstance(body, dict) else {}
    head = parts[0]
    if len(parts) == 1:
        if value is DELETE:
            out.pop(head, None)
        else:
            out[head] = value
        return out
    out[head] = place(out.get(head), ".".join(parts[1:]), value)
    return out


def deep_merge(base: Any, override: Any) -> Any:
    """Mappings merge key by key; anything else (lists included) replaces."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        _merge_into(merged, override)
        return merged
    return override


def _merge_into(merged: dict[Any, Any], override: dict[Any, Any]) -> None:
    """`override` merged key by key into `merged`, in place (its own copy of a mapping)."""
    for key, value in override.items():
        if value is DELETE:
            merged.pop(key, None)
        elif isinstance(value, dict) and key in merged:
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value  # what deep_merge of anything with a value other than a mapping gives


# Values a merge puts as they are (mappings merge key by key; DELETE removes): the common case of an override.
_DELETE_TYPE = type(DELETE)
_REPLACED_WHOLE_OR_DELETED = frozenset({str, int, float, bool, type(None), list, _DELETE_TYPE})


def deep_merge_all(base: Any, overrides: list[Any]) -> Any:
    """`deep_merge` of `base` with each override in turn, the outer mapping copied once instead of once per override."""
    if not isinstance(base, dict) or not all(isinstance(override, dict) for override in overrides):
        for override in overrides:
            base = deep_merge(base, override)
        return base
    merged = dict(base)
    for override in overrides:
        kinds = set(map(type, override.values()))
        if kinds <= _REPLACED_WHOLE_OR_DELETED:  # no mapping to merge: checked in C
            merged.update(override)
            if _DELETE_TYPE in kinds:  # put, then removed: where it stood no longer matters
                for key in [key for key, value in override.items() if value is DELETE]:
                    del merged[key]
            continue
        _merge_into(merged, override)
    return merged
