"""`${...}` templates in scenario rules: `${request.body.prompt}`, `${settings.limit ?? 10}`, `${now}`.

A template that is one whole expression keeps its value's type; text with expressions inside is text.
A missing value renders as MISSING (so a key it stood for is left out) unless a `??` fallback is given.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import Any

from mock.scenario.model import DELETE, MISSING

_WHOLE = re.compile(r"^\$\{([^{}]+)\}$")
_PART = re.compile(r"\$\{([^{}]+)\}")


@functools.lru_cache(maxsize=4096)
def _parse_expression(expression: str) -> tuple[bool, tuple[str, ...], bool, str]:
    """(is `delete`, path parts, has a `??` fallback, the fallback's text): parsed once per expression."""
    if expression.strip() == "delete":
        return True, (), False, ""
    path, sep, fallback = expression.partition("??")
    return False, tuple(path.strip().split(".")), bool(sep), fallback.strip()


@functools.lru_cache(maxsize=1024)
def _fallback_value(text: str) -> Any:
    return DELETE if text == "delete" else json.loads(text)


def lookup(context: dict[str, Any], expression: str) -> Any:
    is_delete, parts, has_fallback, fallback = _parse_expression(expression)
    if is_delete:
        return DELETE
    value: Any = context
    for part in parts:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdecimal() and int(part) < len(value):
            value = value[int(part)]
        else:
            value = MISSING
            break
    if (value is MISSING or value is None) and has_fallback:
        default = _fallback_value(fallback)
        return (
            copy.deepcopy(default) if isinstance(default, (dict, list)) else default
        )  # never share a cached container
    return value


@functools.lru_cache(maxsize=4096)
def _whole_expression(template: str) -> str | None:
    whole = _WHOLE.match(template)
    return whole.group(1) if whole else None


def render(template: Any, context: dict[str, Any], roots: frozenset[str] | None = None) -> Any:
    """Fill `${...}` expressions from `context`; with `roots`, only expressions starting with one of them.

    A key whose value renders to a missing value is dropped from its mapping.
    """
    if isinstance(template, str):
        if "${" not in template:
            return template
        expression = _whole_expression(template)
        if expression is not None:
            if roots is not None and _root(expression) not in roots:
                return template
            return lookup(context, expression)

        def part(match: re.Match[str]) -> str:
            if roots is not None and _root(match.group(1)) not in roots:
                return match.group(0)
            value = lookup(context, match.group(1))
            return (
                ""
                if value is MISSING or value is None
                else str(value)
                if not isinstance(value, (dict, list))
                else json.dumps(value)
            )

        return _PART.sub(part, template)
    if isinstance(template, dict):
        out = {}
        for key, value in template.items():
            rendered = render(value, context, roots)
            if rendered is not MISSING:
                out[key] = rendered
        return out
    if isinstance(template, list):
        return [v for v in (render(item, context, roots) for item in template) if v is not MISSING]
    return template


def _root(expression: str) -> str:
    return expression.split("??")[0].strip().split(".")[0]


def template_roots(template: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(template, str):
        found.update(_root(m) for m in _PART.findall(template))
    elif isinstance(template, dict):
        for value in template.values():
            found |= template_roots(value)
    elif isinstance(template, list):
        for value in template:
            found |= template_roots(value)
    return found
