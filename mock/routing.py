"""Routing: from a request path and method to the operation that answers it.

Paths are matched with or without a trailing slash. Concrete segments beat templated ones
(`/v1/models/example-categories/x` before `/v1/models/{model_id}/examples`), as OpenAPI asks.

A path parameter may hold `/` (a git ref `heads/feature-a`, a file path): always when the spec
marks it `x-multi-segment: true`, as GitHub's does, and for the last parameter of a template when
no route matches otherwise. `%2F` arrives decoded, so both spellings match alike.

Templates alike but for their parameter names (`/Journals/{JournalID}` beside `/Journals/{JournalNumber}`,
which OpenAPI forbids and Xero's and GitHub's specs hold) are told apart by method, then by which one's path
parameters take the values (`accepts`, given by the caller: a uuid for the first, an integer for the second),
then by their order in the spec; a method none of them has is refused with every method they have.

A path key may carry a fixed query (`/v1/messages?beta=true`, as Stainless-generated specs such as
Anthropic's write their beta operations beside the plain ones): it is routed on its path, and among
the operations at one path and method the one whose fixed query the request carries in full (the
most such pairs) answers. A `#fragment` in a key never reaches a server and is not part of the route: the
operations whose keys differ only in one (Box's `PUT /files/{id}#remove_shared_link`) are all offered, the
first in spec order answering unless the request is valid for another only (`RouteMatch.alternatives`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote

from mock.spec.model import Operation, Parameter, Query
from mock.spec.operations import merged_slashes, path_parameter_names, split_path_key, template_shape
from mock.spec.schemas import schema_types


@dataclass(frozen=True)
class RouteMatch:
    operation: Operation
    path_params: dict[str, str]
    # Other operations at the same path and method that the request may be meant for, in the order they are
    # tried: Box's `PUT /files/{id}#remove_shared_link` beside `PUT /files/{id}`, whose keys differ only in a
    # fragment no request carries. The first whose request validation the request passes answers (mock.app).
    alternatives: tuple[Operation, ...] = ()


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


Variants = tuple[tuple[Query, Operation], ...]  # the operations at one path and method, each with its fixed query


def _pick(variants: Variants | None, query: Query) -> Operation | None:
    """The operation whose fixed query the request carries in full, the most specific first."""
    carried = _carried(variants, query)
    return carried[0] if carried else None


def _carried(variants: Variants | None, query: Query) -> tuple[Operation, ...]:
    """The operations whose fixed query the request carries in full and of the most pairs, in spec order: a request
    carrying `op=LISTAFTERID` is that operation's, never the plain path's (HDInsight's jobs: `numrecords=0`, refused
    there, was taken by the plain list, which declares no such parameter)."""
    if variants is not None and len(variants) == 1 and not variants[0][0]:
        return (variants[0][1],)  # one operation, fixing no query: most paths
    found = [(len(fixed), index) for index, (fixed, _) in enumerate(variants or ()) if set(fixed) <= set(query)]
    if not found or variants is None:
        return ()
    most = max(pairs for pairs, _ in found)
    return tuple(variants[index][1] for pairs, index in found if pairs == most)


class _Route:
    """A path template and its operations; the regex is compiled when a path is first tried against it
    (GitHub's 1,000 templates would cost a tenth of a second at every start)."""

    def __init__(
        self,
        template: str,
        operations: dict[str, Variants],
        multi: frozenset[str] = frozenset(),
        slashes_guessed: bool = False,
    ) -> None:
        self.template = template
        self.operations = operations
        self.segments = _segments(template)
        self._multi = multi
        # its parameters hold "/" by their names alone (`_holds_a_path`), none declared `x-multi-segment`
        self.slashes_guessed = slashes_guessed
        self.alike: tuple[_Route, ...] = ()  # later routes of the same list whose templates differ only in names

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.template, self._multi, _enums_sharing_a_segment(self.template, self.operations))


def _compile(
    template: str, multi_segment: frozenset[str] = frozenset(), fixed: dict[str, tuple[str, ...]] | None = None
) -> re.Pattern[str]:
    """The template's regex; a parameter in `fixed` matches only its values (`fixed`: a few values, each)."""
    regex = ""
    named: set[str] = set()
    pieces = re.findall(r"([^{]*)(?:\{([^}]+)\})?", template)
    for literal, name in pieces:
        regex += re.escape(literal)
        if name in named:
            # a name used twice (`/{id}/{action}/{id}`) is one parameter: both places hold the same value
            regex += f"(?P={_group(name)})"
        elif name:
            named.add(name)
            values = (fixed or {}).get(name)
            if values:
                written = "|".join(re.escape(value) for value in sorted(values, key=len, reverse=True))
            else:
                written = ".+?" if name in multi_segment else "[^/]+"
            regex += f"(?P<{_group(name)}>{written})"
    return re.compile("^" + (regex.rstrip("/") or "") + "/*$")  # with its trailing slashes or without them


def _enums_sharing_a_segment(template: str, operations: dict[str, Variants]) -> dict[str, tuple[str, ...]]:
    """The values of each parameter that shares its segment with another and allows only a few (Buffer's
    `/profiles/{id}{mediaTypeExtension}`, the extension `.json`): where two parameters meet, the split is theirs to
    say, and `0.json` was `0.jso` and `n`. A parameter alone in its segment matches any text, so that a value outside
    its enum is refused as such, not as no route."""
    shared = {
        name for segment in template.split("/") if segment.count("{") > 1 for name in path_parameter_names(segment)
    }
    values: dict[str, tuple[str, ...]] = {}
    free: set[str] = set()  # declared somewhere without an enum: any text
    for parameter in _path_parameters(operations):
        if parameter.name not in shared:
            continue
        enum = parameter.schema.get("enum") if isinstance(parameter.schema, dict) else None
        if not isinstance(enum, list):
            free.add(parameter.name)
            continue
        values[parameter.name] = tuple(dict.fromkeys((*values.get(parameter.name, ()), *map(str, enum))))
    return {name: found for name, found in values.items() if name not in free}


def _path_parameters(operations: Mapping[str, Variants]) -> Iterator[Parameter]:
    """The path parameters each operation at a template declares (one name may be declared by several)."""
    for variants in operations.values():
        for _, operation in variants:
            yield from (parameter for parameter in operation.parameters if parameter.location == "path")


# Parameter names of a file's, a storage key's or a git ref's path, which clients send with its slashes as they are.
_PATH_NAMES = re.compile(r"(path|file|key|ref|prefix|blob)s?$", re.IGNORECASE)


def _holds_a_path(template: str, name: str) -> bool:
    """Whether a parameter may hold "/" without saying so (`x-multi-segment`): a path-like name (`{filepath}`,
    `{key}`) that ends the template, as Gitea's `/raw/{filepath}` does. Any other takes "/" only sent as %2F
    (`mock.routing.route_path`): Twilio's `{CountryCode}.json` took `US/x/y/z.json` whole."""
    return template.rstrip("/").endswith("{" + name + "}") and _PATH_NAMES.search(name) is not None


def _may_be_text(name: str, operations: Mapping[str, Variants]) -> bool:
    """Whether a path parameter takes text in some operation of its template, or is declared in none: GoTo's
    `{trainingKey}`, named like a storage key, is an integer, and holds no path."""
    declared = [
        set(schema_types(parameter.schema)) - {"null"}
        for parameter in _path_parameters(operations)
        if parameter.name == name
    ]
    return not declared or any(not kinds or "string" in kinds for kinds in declared)


def _segments(path: str) -> int:
    stripped = path.strip("/")
    return stripped.count("/") + 1 if stripped else 0


def _group(name: str) -> str:
    return "p_" + re.sub(r"\W", "_", name)


def _specificity(template: str) -> tuple[int, tuple[bool, ...], int]:
    """Fewer templated segments first; among equals, the one whose literal segments come first; then the one with
    more literal text in its templated segments (Gitea's `/pulls/{index}.{diffType}` before `/pulls/{index}`, which
    took `5.diff` whole as its index and answered the pull request's JSON for its diff)."""
    segments = template.strip("/").split("/")
    flags = tuple("{" in segment for segment in segments)
    literal = sum(len(re.sub(r"\{[^}]*\}", "", segment)) for segment in segments if "{" in segment)
    return (sum(flags), flags, -literal)


# Whether an operation's path parameters take these values from the path (mock.request_validation has the one).
Accepts = Callable[[Operation, dict[str, str]], bool]


class Router:
    def __init__(self, operations: tuple[Operation, ...], accepts: Accepts | None = None) -> None:
        self._accepts = accepts
        collected: dict[str, dict[str, list[tuple[Query, Operation]]]] = {}
        for operation in operations:
            template, fixed = split_path_key(operation.path)
            collected.setdefault(template, {}).setdefault(operation.method, []).append((fixed, operation))
        by_template = {template: {m: tuple(v) for m, v in methods.items()} for template, methods in collected.items()}
        self._static: dict[str, _Route] = {}
        self._templated: list[_Route] = []
        self._multi: list[_Route] = []  # x-multi-segment parameters may hold "/": tried when no route matched
        for template in sorted(by_template, key=_specificity):
            declared = frozenset(p.name for p in _path_parameters(by_template[template]) if p.multi_segment)
            multi = declared | frozenset(
                name
                for name in path_parameter_names(template)
                if _holds_a_path(template, name) and _may_be_text(name, by_template[template])
            )
            route = _Route(template, by_template[template])
            if "{" in template:
                # one segment per parameter first; a parameter that may hold "/" only when nothing else matched,
                # so /branches/{branch} (multi-segment) does not swallow /branches/{branch}/protection
                self._templated.append(route)
                if multi:
                    self._multi.append(_Route(template, by_template[template], multi, slashes_guessed=not declared))
            else:
                # `/events` beside `/events/` (Frigate's GET and DELETE) is one path to a client: its methods are both
                key = template.rstrip("/") or "/"
                first = self._static.setdefault(key, route)
                if first is not route:
                    first.alike = (*first.alike, route)
        self._add_merged_spellings(by_template)
        for routes in (self._templated, self._multi):
            by_shape: dict[str, list[_Route]] = {}
            for route in routes:
                by_shape.setdefault(template_shape(route.template), []).append(route)
            for group in by_shape.values():  # in each list's order: each route's alike are the ones after it
                for index, route in enumerate(group):
                    route.alike = tuple(group[index + 1 :])

    def _add_merged_spellings(self, by_template: dict[str, dict[str, Variants]]) -> None:
        """A template with an empty segment inside it (Clever Cloud's `/vendor//addons`) answers at its path with the
        slashes merged too, as most clients and proxies send it; where no template of that spelling is declared."""
        for template, operations in by_template.items():
            merged = merged_slashes(template)
            if merged == template or merged in by_template:
                continue
            if "{" in template:
                self._templated.append(_Route(merged, operations))
            else:
                self._static.setdefault(merged.rstrip("/") or "/", _Route(merged, operations))

    def match(self, method: str, path: str, query: Query = ()) -> RouteMatch:
        """The operation `path` (as `route_path` gives it: a slash sent as %2F is no segment's end) names."""
        route = self._static.get(unquote(path.rstrip("/") or "/"))
        params: dict[str, str] = {}
        alike: tuple[_Route, ...] = ()  # the templates alike the route's that this path matches too
        if route is not None and route.alike:
            route, alike = _by_method_then_slash(route, method, path)
        elif route is None:
            route, params, alike = self._templated_match(method, path, query) or (None, {}, ())
        if route is None:
            raise RouteNotFound(path)
        variants = _variants(route, method)
        if variants is None and not params and not alike:
            # a concrete path without the method, beside a template that has it (Lex's `PUT
            # …/versions/$LATEST` beside `GET …/versions/{version}`): the template's, as a server routes it
            templated = self._templated_match(method, path, query)
            if templated is not None and self._takes(templated, method, query):
                route, params, alike = templated
                variants = _variants(route, method)
            elif templated is not None:
                alike = (templated[0],)  # its methods are allowed there too
        if variants is None:
            allowed = {m for r in (route, *alike) for m in r.operations}
            raise MethodNotAllowed(path, method, tuple(sorted(allowed)))
        carried = _carried(variants, query)
        if not carried:  # only keys with a fixed query the request does not carry
            raise RouteNotFound(path)
        if not alike:  # most paths
            return RouteMatch(carried[0], params, carried[1:])
        # Templates told apart by their trailing slashes alone (TomTom's WMS `GetMap` at `/wms/` beside its
        # `GetCapabilities` at `/wms//`): a client, or a proxy, may send either spelling for the other, so the
        # others are offered as well, for the request to go to the one it fits.
        spelled_otherwise = tuple(
            operation
            for other in alike
            if other.template.rstrip("/") == route.template.rstrip("/")
            for operation in _carried(_variants(other, method), query)
        )
        return RouteMatch(carried[0], params, (*carried[1:], *spelled_otherwise))

    def _templated_match(
        self, method: str, path: str, query: Query
    ) -> tuple[_Route, dict[str, str], tuple[_Route, ...]] | None:
        """The template `path` matches (one segment per parameter, or more where a parameter may hold "/"), its
        parameters and the templates alike it that match too; None where none does. One with the method first:
        Lex's `PUT /intents/{name}/versions/$LATEST` leaves a GET of `$LATEST` to `…/versions/{version}`."""
        count = _segments(path)
        candidates = [
            *(r for r in self._templated if r.segments == count),
            *(r for r in self._multi if r.segments <= count),
        ]
        fallback: tuple[_Route, dict[str, str], tuple[_Route, ...]] | None = None
        lacking: list[tuple[_Route, dict[str, str], tuple[_Route, ...]]] = []  # matched, without the method
        for candidate in candidates:
            found = candidate.pattern.match(path)
            if not found:
                continue
            matched = self._among_alike(candidate, found, method, path, query)
            if candidate.segments == count:
                if _variants(matched[0], method) is None:
                    lacking.append(matched)
                elif not lacking or self._takes(matched, method, query):
                    return matched
                # else values its parameters refuse (Gitea's `PATCH /pulls/5.diff`: no index): a 405
                continue
            if lacking and candidate.slashes_guessed:
                # a template of the path's own length names it, without the method: a 405, not a parameter that
                # only its name lets hold "/" (Jira's `PUT /issue/0/attachments` was `PUT /issue/{issueIdOrKey}`)
                continue
            operation = _pick(_variants(matched[0], method), query)
            if not _spans_as_its_pattern_says(operation, matched[1]):
                # gRPC-gateway's `/v1/{name}` of a note, `projects/[^/]+/notes/[^/]+`, is no
                # `/v1/projects/p/notes/n/occurrences`: the template that ends in `/occurrences` is
                continue
            if self._accepts is None or operation is None or self._accepts(operation, matched[1]):
                return matched
            fallback = fallback or matched  # the values another template below may take
        if fallback is None and lacking:  # a 405, allowing what each of them has
            route, params, alike = lacking[0]
            return route, params, (*alike, *(other for other, _, _ in lacking[1:]))
        return fallback

    def _takes(self, matched: tuple[_Route, dict[str, str], tuple[_Route, ...]], method: str, query: Query) -> bool:
        """Whether a matched template has the method, and its parameters take the values the path gives them (not
        known without `accepts`)."""
        operation = _pick(_variants(matched[0], method), query)
        return operation is not None and self._accepts is not None and self._accepts(operation, matched[1])

    def _among_alike(
        self, first: _Route, found: re.Match[str], method: str, path: str, query: Query
    ) -> tuple[_Route, dict[str, str], tuple[_Route, ...]]:
        """The route that answers among `first` and the templates alike it that match too, its parameters, and
        the others that match."""
        if not first.alike:
            return first, _params(first, found), ()
        matched = [(first, found)]
        for route in first.alike:
            also = route.pattern.match(path)
            if also:
                matched.append((route, also))
        matched.sort(key=lambda pair: _slashes_differ(pair[0], path))  # stable: in order otherwise
        with_method = [(route, m) for route, m in matched if _variants(route, method) is not None] or matched[:1]
        chosen = [(route, _params(route, m)) for route, m in with_method]
        if len(chosen) > 1 and self._accepts is not None:
            for route, params in chosen:
                operation = _pick(_variants(route, method), query)
                if operation is not None and self._accepts(operation, params):
                    return route, params, tuple(r for r, _ in matched if r is not route)
        return chosen[0][0], chosen[0][1], tuple(r for r, _ in matched if r is not chosen[0][0])


def _spans_as_its_pattern_says(operation: Operation | None, params: dict[str, str]) -> bool:
    """Whether each value holding "/" fills its parameter's pattern whole, where the pattern names slashes
    (gRPC-gateway's resource names): JSON Schema finds a pattern anywhere in a value, so `projects/[^/]+` is in
    `projects/p/notes` too, but the gateway routes by the whole of it."""
    for parameter in operation.parameters if operation is not None else ():
        value = params.get(parameter.name, "")
        pattern = parameter.schema.get("pattern") if isinstance(parameter.schema, dict) else None
        if parameter.location != "path" or "/" not in value or not isinstance(pattern, str) or "/" not in pattern:
            continue
        try:
            if re.fullmatch(pattern.removeprefix("^").removesuffix("$"), value) is None:
                return False
        except re.error:
            continue
    return True


def _by_method_then_slash(first: _Route, method: str, path: str) -> tuple[_Route, tuple[_Route, ...]]:
    """Of one path's templates with and without a trailing slash, the one with the method, spelled as the path is
    where both have it; and the others."""
    routes = (first, *first.alike)
    with_method = sorted(
        (route for route in routes if _variants(route, method) is not None),
        key=lambda r: (_slashes_differ(r, path), r.template.endswith("/") != path.endswith("/")),
    )
    chosen = (with_method or [first])[0]
    return chosen, tuple(route for route in routes if route is not chosen)


def _trailing_slashes(text: str) -> int:
    return len(text) - len(text.rstrip("/"))


def _slashes_differ(route: _Route, path: str) -> bool:
    """Whether a route's template ends in other than as many slashes as the path (`/wms/` for `/map/1/wms//`): those
    that end as the path does come first."""
    return _trailing_slashes(route.template) != _trailing_slashes(path)


def _variants(route: _Route, method: str) -> Variants | None:
    """The route's operations at this method; a HEAD is answered by GET where the route has no HEAD of its own."""
    variants = route.operations.get(method.upper())
    if variants is None and method.upper() == "HEAD":
        variants = route.operations.get("GET")
    return variants


# What `route_path` leaves encoded: a slash inside a segment, and the percent sign (so "%252F" is "%2F", once).
_KEPT_ESCAPES = re.compile(r"(%2[fF]|%25)")


def route_path(raw_path: bytes | None, path: str) -> str:
    """The request's path as the router reads it: decoded, but for a slash sent as %2F, which stays inside its
    segment (GitLab's `/projects/group%2Fproject`); without the raw path, the decoded one. A literal slash ends a
    segment: `/plain/US/Local/x` is no `/plain/{code}`, which took it whole and answered 200."""
    if not raw_path or b"%" not in raw_path:  # nothing was encoded: the decoded path is the same
        return path
    text = raw_path.decode("utf-8", "replace")
    return "".join(piece if _KEPT_ESCAPES.fullmatch(piece) else unquote(piece) for piece in _KEPT_ESCAPES.split(text))


def _params(route: _Route, found: re.Match[str]) -> dict[str, str]:
    return {name: unquote(found.group(_group(name))) for name in re.findall(r"\{([^}]+)\}", route.template)}
