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
from functools import cached_property
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


class _Route:
    """A path template and its operations; the regex is compiled when a path is first tried against it
    (GitHub's 1,000 templates would cost a tenth of a second at every start)."""

    def __init__(
        self,
        template: str,
        operations: dict[str, Operation],
        multi: frozenset[str] = frozenset(),
        spanning: bool = False,
    ) -> None:
        self.template = template
        self.operations = operations
        self.segments = _segments(template)
        self._shape = (multi, spanning)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.template, *self._shape)


def _compile(template: str, multi_segment: frozenset[str] = frozenset(), spanning: bool = False) -> re.Pattern[str]:
    regex = ""
    pieces = re.findall(r"([^{]*)(?:\{([^}]+)\})?", template)
    for literal, name in pieces:
        regex += re.escape(literal)
        if name:
            spans = name in multi_segment or spanning
            regex += f"(?P<{_group(name)}>{'.+?' if spans else '[^/]+'})"
    return re.compile("^" + (regex.rstrip("/") or "") + "/?$")


def _segments(path: str) -> int:
    stripped = path.strip("/")
    return stripped.count("/") + 1 if stripped else 0


def _shape(template: str) -> str:
    """A template without its parameter names: `/orgs/{}/attestations/{}`."""
    return re.sub(r"\{[^}]+\}", "{}", template.rstrip("/"))


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
            route = _Route(template, by_template[template])
            if "{" in template:
                # one segment per parameter first; a parameter that may hold "/" only when nothing else matched,
                # so /branches/{branch} (multi-segment) does not swallow /branches/{branch}/protection
                self._templated.append(route)
                if multi:
                    self._multi.append(_Route(template, by_template[template], multi))
                self._spanning.append(_Route(template, by_template[template], multi, spanning=True))
            else:
                self._static[template.rstrip("/") or "/"] = route
        # any parameter may hold "/" (a decoded %2F) as a last resort; the template with more segments is tried
        # first, so /orgs/{org}/repos/{repo} gets /orgs/a%2Fb/repos/c before /orgs/{org} swallows it all
        self._spanning.sort(key=lambda r: (-len(r.template.strip("/").split("/")), _specificity(r.template)))

    def match(self, method: str, path: str) -> RouteMatch:
        route = self._static.get(path.rstrip("/") or "/")
        params: dict[str, str] = {}
        if route is None:
            # a template matches one segment per parameter, or more where a parameter may hold "/"
            count = _segments(path)
            candidates = [
                *(r for r in self._templated if r.segments == count),
                *(r for r in [*self._multi, *self._spanning] if r.segments <= count),
            ]
            wanted = {method.upper(), "GET"} if method.upper() == "HEAD" else {method.upper()}
            for candidate in candidates:
                found = candidate.pattern.match(path)
                if not found:
                    continue
                if route is not None and _shape(candidate.template) != _shape(route.template):
                    break  # another kind of route (a shorter one taking a "/"): the first match answers 405
                names = re.findall(r"\{([^}]+)\}", candidate.template)
                if route is None or wanted & candidate.operations.keys():
                    route = candidate
                    params = {name: unquote(found.group(_group(name))) for name in names}
                # templates alike but for their parameter names (GitHub's GET .../{subject_digest} beside
                # DELETE .../{attestation_id}) are told apart by method
                if wanted & candidate.operations.keys():
                    break
        if route is None:
            raise RouteNotFound(path)
        operation = route.operations.get(method.upper())
        if operation is None:
            if method.upper() == "HEAD" and "GET" in route.operations:
                return RouteMatch(route.operations["GET"], params)
            raise MethodNotAllowed(path, method, tuple(sorted(route.operations)))
        return RouteMatch(operation, params)
