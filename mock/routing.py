"""Routing: from a request path and method to the operation that answers it.

Paths are matched with or without a trailing slash. Concrete segments beat templated ones
(`/v1/models/example-categories/x` before `/v1/models/{model_id}/examples`), as OpenAPI asks.

A path parameter may hold `/` (a git ref `heads/feature-a`, a file path): always when the spec
marks it `x-multi-segment: true`, as GitHub's does, and for the last parameter of a template when
no route matches otherwise. `%2F` arrives decoded, so both spellings match alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from mock.spec.model import Operation


@dataclass(frozen=True)
class RouteMatch:
    operation: Operation
    path_params: dict[str, str]


class RouteNotFound(Exception):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class MethodNotAllowed(Exception):
    def __init__(self, path: str, method: str, allowed: tuple[str, ...]) -> None:
        super().__init__(path)
        self.path = path
        self.method = method
        self.allowed = allowed


@dataclass(frozen=True)
class _Route:
    pattern: re.Pattern[str]
    template: str
    operations: dict[str, Operation]


def _compile(template: str, multi_segment: frozenset[str] = frozenset(), spanning: bool = False) -> re.Pattern[str]:
    regex = ""
    pieces = re.findall(r"([^{]*)(?:\{([^}]+)\})?", template)
    for literal, name in pieces:
        regex += re.escape(literal)
        if name:
            spans = name in multi_segment or spanning
            regex += f"(?P<{_group(name)}>{'.+?' if spans else '[^/]+'})"
    return re.compile("^" + (regex.rstrip("/") or "") + "/?$")


def _group(name: str) -> str:
    return "p_" + re.sub(r"\W", "_", name)


def _specificity(template: str) -> tuple[int, tuple[bool, ...]]:
    """Fewer templated segments first; among equals, the one whose literal segments come first."""
    flags = tuple("{" in segment for segment in template.strip("/").split("/"))
    return (sum(flags), flags)


class Router:
    def __init__(self, operations: tuple[Operation, ...]) -> None:
        by_template: dict[str, dict[str, Operation]] = {}
        for operation in operations:
            by_template.setdefault(operation.path, {})[operation.method] = operation
        self._static: dict[str, _Route] = {}
        self._templated: list[_Route] = []
        self._multi: list[_Route] = []  # x-multi-segment parameters may hold "/": tried when no route matched
        self._spanning: list[_Route] = []  # any parameter may hold "/": tried after those
        for template in sorted(by_template, key=_specificity):
            multi = frozenset(
                p.name
                for operation in by_template[template].values()
                for p in operation.parameters
                if p.location == "path" and p.multi_segment
            )
            route = _Route(_compile(template), template, by_template[template])
            if "{" in template:
                # one segment per parameter first; a parameter that may hold "/" only when nothing else matched,
                # so /branches/{branch} (multi-segment) does not swallow /branches/{branch}/protection
                self._templated.append(route)
                if multi:
                    self._multi.append(_Route(_compile(template, multi), template, by_template[template]))
                self._spanning.append(_Route(_compile(template, multi, True), template, by_template[template]))
            else:
                self._static[template.rstrip("/") or "/"] = route
        # any parameter may hold "/" (a decoded %2F) as a last resort; the template with more segments is tried
        # first, so /orgs/{org}/repos/{repo} gets /orgs/a%2Fb/repos/c before /orgs/{org} swallows it all
        self._spanning.sort(key=lambda r: (-len(r.template.strip("/").split("/")), _specificity(r.template)))

    def match(self, method: str, path: str) -> RouteMatch:
        route = self._static.get(path.rstrip("/") or "/")
        params: dict[str, str] = {}
        if route is None:
            for candidate in [*self._templated, *self._multi, *self._spanning]:
                found = candidate.pattern.match(path)
                if found:
                    route = candidate
                    names = re.findall(r"\{([^}]+)\}", candidate.template)
                    params = {name: unquote(found.group(_group(name))) for name in names}
                    break
        if route is None:
            raise RouteNotFound(path)
        operation = route.operations.get(method.upper())
        if operation is None:
            if method.upper() == "HEAD" and "GET" in route.operations:
                return RouteMatch(route.operations["GET"], params)
            raise MethodNotAllowed(path, method, tuple(sorted(route.operations)))
        return RouteMatch(operation, params)
