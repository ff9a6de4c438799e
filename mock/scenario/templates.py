"""`${...}` templates in scenario rules: `${request.body.prompt}`, `${settings.limit ?? 10}`, `${now}`.

A template that is one whole expression keeps its value's type; text with expressions inside is text.
A missing value renders as MISSING (so a key it stood for is left out) unless a `??` fallback is given.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable
from typing import Any

from mock.identity_cache import IdentityCache
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
    """`delete`, a JSON value (`0`, `"note"`, `{}`), or else the text as written (`none`, and `""` for nothing)."""
    if text == "delete":
        return DELETE
    try:
        return json.loads(text)
    except ValueError:  # a word a rule's author did not quote would otherwise fail every request it answers
        return text


def lookup(context: dict[str, Any], expression: str) -> Any:
    return _find(context, _parse_expression(expression))


def _find(context: dict[str, Any], parsed: tuple[bool, tuple[str, ...], bool, str]) -> Any:
    is_delete, parts, has_fallback, fallback = parsed
    if is_delete:
        return DELETE
    value = _walk(context, parts)
    if (value is MISSING or value is None) and has_fallback:
        default = _fallback_value(fallback)
        return (
            copy.deepcopy(default) if isinstance(default, (dict, list)) else default
        )  # never share a cached container
    return value


def _walk(value: Any, parts: tuple[str, ...]) -> Any:
    """The value at `parts` (keys of mappings, indexes of lists) below `value`, or MISSING."""
    for part in parts:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdecimal() and int(part) < len(value):
            value = value[int(part)]
        else:
            return MISSING
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
            return _as_text(lookup(context, match.group(1)))

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


def _as_text(value: Any) -> str:
    """A value as it reads inside text: nothing for a missing one, JSON for a container."""
    if value is MISSING or value is None:
        return ""
    return json.dumps(value) if isinstance(value, (dict, list)) else str(value)


# ---------------------------------------------------------------- compiled once, rendered per request

Renderer = Callable[[dict[str, Any]], Any]
# A rule's templates by identity: rules never change, and a rule keeps its templates alive.
_COMPILED: IdentityCache[Renderer] = IdentityCache(max_entries=4096)


def compiled(template: Any) -> Renderer:
    """`render(template, ·)` for a template that never changes (a rule's), parsed on its first use only."""
    found = _COMPILED.get((template,))
    return found if found is not None else _COMPILED.put((template,), compile_template(template))


def compile_template(template: Any) -> Renderer:
    """A function of the context that gives what `render(template, context)` gives: every string is
    parsed here, once, and rendering is then look-ups and joins."""
    if isinstance(template, str):
        if "${" not in template:
            return lambda context: template
        expression = _whole_expression(template)
        if expression is not None:
            return _finder(expression)
        pieces = _PART.split(template)  # text, expression, text, …, text
        texts, finders = pieces[0::2], [_finder(expression) for expression in pieces[1::2]]
        first, rest = texts[0], tuple(zip(finders, texts[1:], strict=True))

        def text(context: dict[str, Any]) -> str:
            out = [first]
            for find, after in rest:
                out.append(_as_text(find(context)))
                out.append(after)
            return "".join(out)

        return text
    if isinstance(template, dict):
        segments = _segments(template)

        def mapping(context: dict[str, Any]) -> dict[Any, Any]:
            out = {}
            plain = type(context) is dict
            for head, pairs, fills in segments:
                if head is not None and plain and type(found := context.get(head)) is dict:
                    for key, tail in pairs:  # as _walk finds each in a plain dict
                        value = found.get(tail, MISSING)
                        if value is not MISSING:
                            out[key] = value
                    continue
                for key, fill in fills:
                    value = fill(context)
                    if value is not MISSING:
                        out[key] = value
            return out

        return mapping
    if isinstance(template, list):
        items = tuple(compile_template(item) for item in template)

        def sequence(context: dict[str, Any]) -> list[Any]:
            return [value for value in (fill(context) for fill in items) if value is not MISSING]

        return sequence
    return lambda context: template


# A mapping's values in order, as segments (head, pairs, fills): a run of values that are each a bare two-part path
# under one head (`${job.id}`, `${job.status}`: most of a rule's override) is one look-up of the head and then
# one `get` per key (`pairs`: key and the path's second part); `fills` renders the same values one by one, for
# a context where the head is not a plain dict. Any other value is a segment of its own, with no head.
Segment = tuple[str | None, tuple[tuple[Any, str], ...], tuple[tuple[Any, Renderer], ...]]


def _segments(template: dict[Any, Any]) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    for key, value in template.items():
        path = _bare_path(value)
        if path is None:
            segments.append((None, (), ((key, compile_template(value)),)))
            continue
        fill = _walker(path)
        if len(path) != 2:
            segments.append((None, (), ((key, fill),)))
            continue
        head, tail = path
        if segments and segments[-1][0] == head:
            _, pairs, fills = segments[-1]
            segments[-1] = (head, (*pairs, (key, tail)), (*fills, (key, fill)))
        else:
            segments.append((head, ((key, tail),), ((key, fill),)))
    return tuple(segments)


def _walker(path: tuple[str, ...]) -> Renderer:
    return lambda context: _walk(context, path)


def _bare_path(template: Any) -> tuple[str, ...] | None:
    """The path of a template that is one whole `${a.b.c}` without a fallback and not `delete`, else None."""
    expression = _whole_expression(template) if isinstance(template, str) and "${" in template else None
    if expression is None:
        return None
    is_delete, parts, has_fallback, _ = _parse_expression(expression)
    return None if is_delete or has_fallback else parts


def _finder(expression: str) -> Renderer:
    parsed = _parse_expression(expression)
    return lambda context: _find(context, parsed)


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
