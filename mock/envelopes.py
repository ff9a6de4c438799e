"""The one place that renders a Problem in an API's own error envelope.

There is no renderer per API: the envelope is read off the error schema the spec declares,
and each property is filled by the role its name gives it (`code`, `message`, `parameter`,
`errors[]`, `details`…). AERIOX's `{"error": {...}}`, Runware's `{"errors": [...]}`,
Runflow's `{"code", "message", "errors"}`, FastAPI's `{"detail": [...]}` and useapi's
`{"error", "code"}` all come out of the same walk.
"""

from __future__ import annotations

import re
from typing import Any

from mock.fake_data import fake_value, merge_all_of
from mock.problems import Problem, Violation
from mock.schema_validation import is_valid
from mock.spec.model import ErrorStyle, Schema


def spell_code(code: str, style: ErrorStyle) -> str:
    words = [w for w in re.split(r"[_\s]+", code) if w]
    if style.case == "camel":
        return words[0].lower() + "".join(w.capitalize() for w in words[1:])
    if style.case == "upper":
        return "_".join(w.upper() for w in words)
    return "_".join(w.lower() for w in words)


MESSAGE_NAMES = {"message", "msg", "description", "error_description", "title", "detail", "error", "reason"}
FIELD_NAMES = {"parameter", "field", "param", "pointer", "path", "property"}
LIST_NAMES = {"errors", "detail", "details", "violations", "issues", "problems"}


def render_error(problem: Problem, schema: Schema | None, style: ErrorStyle) -> Any:
    if not schema:
        return {"error": {"code": spell_code(problem.code, style), "message": problem.message}}
    body = _render(schema, problem, None, style, "")
    if is_valid(schema, body):
        return body
    # The envelope has constraints the roles did not meet (an enum, a const): keep what fits.
    fallback = fake_value(schema, seed=problem.status)
    if isinstance(body, dict) and isinstance(fallback, dict):
        for key, value in body.items():
            candidate = {**fallback, key: value}
            if is_valid(schema, candidate):
                fallback = candidate
    return fallback


def _render(schema: Schema, problem: Problem, violation: Violation | None, style: ErrorStyle, name: str) -> Any:
    schema = merge_all_of(schema) if "allOf" in schema else schema
    options = schema.get("oneOf") or schema.get("anyOf")
    if options:
        non_null = [o for o in options if o.get("type") != "null"]
        schema = non_null[0] if non_null else options[0]
    kind = _kind(schema)
    if kind == "object":
        return _render_object(schema, problem, violation, style)
    if kind == "array":
        items = schema.get("items") or {}
        if name == "loc":
            return _location(violation)
        violations = [violation] if violation else list(problem.violations) or [None]
        return [_render(items, problem, v, style, name) for v in violations[:20]]
    if kind == "integer":
        return problem.status
    if kind == "string":
        return _string_role(name, problem, violation, style)
    return fake_value(schema, seed=problem.status, name=name)


def _render_object(schema: Schema, problem: Problem, violation: Violation | None, style: ErrorStyle) -> dict[str, Any]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    body: dict[str, Any] = {}
    for prop, sub in properties.items():
        lowered = prop.lower()
        if lowered in ("details", "ctx") and _kind(sub) == "object":
            if problem.details or problem.violations or lowered in required:
                body[prop] = _details(problem)
            continue
        if lowered == "input" and prop not in required:
            continue
        if lowered in ("tasktype",) and problem.task_type is None and prop not in required:
            continue
        if lowered in ("taskuuid",) and problem.task_uuid is None and prop not in required:
            continue
        if lowered in FIELD_NAMES and not _field(problem, violation) and prop not in required:
            continue
        if lowered in ("documentation", "docs", "help", "link") and prop not in required:
            continue
        if lowered in LIST_NAMES and _kind(sub) == "array" and not problem.violations and prop not in required:
            continue
        body[prop] = _render(sub, problem, violation, style, prop)
    if not properties and schema.get("additionalProperties", True) is not False:
        body = {"field": _field(problem, violation), "message": violation.message if violation else problem.message}
    return body


def _string_role(name: str, problem: Problem, violation: Violation | None, style: ErrorStyle) -> str:
    lowered = name.lower()
    if lowered in ("code", "type", "error_code", "errorcode"):
        return spell_code(problem.code, style)
    if lowered in FIELD_NAMES:
        return _field(problem, violation)
    if lowered == "tasktype":
        return problem.task_type or ""
    if lowered == "taskuuid":
        return problem.task_uuid or ""
    if lowered in MESSAGE_NAMES or not lowered:
        return violation.describe() if violation else problem.message
    return problem.message


def _field(problem: Problem, violation: Violation | None) -> str:
    if violation is not None:
        return violation.field or problem.field
    return problem.field


def _location(violation: Violation | None) -> list[str]:
    if violation is None:
        return ["body"]
    parts = [p for p in violation.field.split(".") if p]
    return [violation.location, *parts]


def _details(problem: Problem) -> dict[str, Any]:
    details: dict[str, Any] = dict(problem.details)
    if problem.field:
        details.setdefault("field", problem.field)
    if problem.violations:
        details.setdefault(
            "violations",
            [{"location": v.location, "field": v.field, "message": v.message} for v in problem.violations],
        )
    return details


def _kind(schema: Schema) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind:
        return str(kind)
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return ""
