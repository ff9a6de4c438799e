"""One dialect: OpenAPI 3.0 schema keywords rewritten to their 3.1 / JSON Schema 2020-12 forms.

The rewrite is local to each schema object, so it runs inside `$ref` resolution: every object
is rewritten once, wherever it came from (this file or one it references), and shared targets
stay shared.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mock.spec.model import FORM_MEDIA_TYPES, HTTP_METHODS, NO_CONTENT_STATUSES, Schema, essence
from mock.spec.operations import declared_path_parameters, path_parameter_names
from mock.spec.refs import NAME_MAPS, VALUE_KEYS, RefResolver, deref, holds_names, pointer, resolve_document

# Keywords of JSON Schema's dynamic scoping: after inlining there is no resource left for them to
# address, so they are dropped (the schema there accepts what its other keywords accept).
DYNAMIC_KEYWORDS = ("$dynamicRef", "$recursiveRef", "$dynamicAnchor", "$recursiveAnchor", "$id", "$schema", "$anchor")


def rewrite_schema_object(schema: dict[str, Any], trail: list[str | int], notes: list[str], source: str) -> Any:
    """Rewrite one object's OpenAPI 3.0 schema keywords into their 2020-12 forms (children are done already)."""
    if holds_names(trail) or _inside_a_value(trail):
        return schema
    out = schema
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(out.get(bound), bool):
            out = dict(out)
            if out[bound] and limit in out:
                out[bound] = out.pop(limit)
            else:
                del out[bound]
            notes.append(f"{source}: {pointer(trail)}: boolean {bound} → numeric {bound}")
    if isinstance(out.get("nullable"), bool):
        out = dict(out)
        nullable = out.pop("nullable")
        if nullable is True:
            out = make_nullable(out)
            notes.append(f"{source}: {pointer(trail)}: nullable: true → null allowed (3.1 form)")
        else:
            notes.append(f"{source}: {pointer(trail)}: nullable: false dropped")
    if isinstance(out.get("items"), list):
        # draft-04's tuple form (Swagger 2.0 and 3.0 generators still write it): 2020-12 spells it prefixItems,
        # and the schema for the items after them, draft-04's additionalItems, is 2020-12's items
        out = {key: value for key, value in out.items() if key not in ("items", "additionalItems")}
        out["prefixItems"] = schema["items"]
        if "additionalItems" in schema:
            out["items"] = schema["additionalItems"]
        notes.append(f"{source}: {pointer(trail)}: items as a list → prefixItems")
    if out.get("enum") == []:
        # admits no value at all; generators write it for an enum they left empty (Discord's query `status`)
        out = {k: v for k, v in out.items() if k != "enum"}
        notes.append(f"{source}: {pointer(trail)}: enum: [] dropped (it admits no value)")
    malformed = [key for key in ("allOf", "anyOf", "oneOf") if key in out and not isinstance(out[key], list)]
    if malformed:
        # dnd5eapi's monster answer holds `allOf: {"3": {…}}` beside its `$ref`, a patch's leftovers: no list of
        # schemas, and every answer built from it failed
        out = {k: v for k, v in out.items() if k not in malformed}
        notes.append(f"{source}: {pointer(trail)}: {', '.join(malformed)} not a list of schemas: dropped")
    enum, items = out.get("enum"), out.get("items")
    if (
        out.get("type") in ("array", ["array"])
        and isinstance(enum, list)
        and enum
        and not any(isinstance(value, list) for value in enum)
        and isinstance(items, dict)
        and "enum" not in items
    ):
        # the items' values written on the list (Wordnik's `sourceDictionaries`): no list is any of them, so the
        # list admitted no value at all
        out = {**{k: v for k, v in out.items() if k != "enum"}, "items": {**items, "enum": enum}}
        notes.append(f"{source}: {pointer(trail)}: enum of an array's item values → the items' enum")
    required = out.get("required")
    if isinstance(required, bool) and "type" in out and not ({"in", "content", "schema"} & out.keys()):
        out = {k: v for k, v in out.items() if k != "required"}
        notes.append(f"{source}: {pointer(trail)}: required: {required!r} dropped (not a list of names)")
    elif isinstance(required, list) and len(set(required)) != len(required):
        out = {**out, "required": list(dict.fromkeys(required))}
        notes.append(f"{source}: {pointer(trail)}: duplicate required entries removed")
    pattern = out.get("pattern")
    body = regex_literal_body(pattern) if isinstance(pattern, str) else None
    if body is not None:
        out = {**out, "pattern": body}
        notes.append(f"{source}: {pointer(trail)}: pattern {pattern!r}, a JavaScript regex literal → {body!r}")
    dynamic = [key for key in DYNAMIC_KEYWORDS if key in out and trail]
    if dynamic:
        out = {k: v for k, v in out.items() if k not in dynamic}
        if any(key in ("$dynamicRef", "$recursiveRef") for key in dynamic):
            notes.append(
                f"{source}: {pointer(trail)}: {', '.join(dynamic)} dropped (dynamic references are not followed)"
            )
    return out


# A `pattern` written as a JavaScript regex literal, between slashes and with its flags after them.
_REGEX_LITERAL = re.compile(r"/(?P<body>.+)/(?P<flags>[dgimsuvy]*)", re.DOTALL)


def regex_literal_body(pattern: str) -> str | None:
    """The pattern a JavaScript regex literal stands for (its body, its `i`, `m` and `s` flags written inline), where
    the slashes cannot be meant as characters to match: an anchor inside them (PeerTube's `/^[a-z0-9._]+$/` asks for
    a slash before the text begins, which no value has) or flags after them (`/magnet:\\?xt=urn:…/i`). None for any
    other pattern, slashes and all (`/api/` asks for the text to hold "/api/")."""
    found = _REGEX_LITERAL.fullmatch(pattern)
    if found is None:
        return None
    body, flags = found["body"], found["flags"]
    anchored = body.startswith("^") or (body.endswith("$") and not body.endswith("\\$"))
    if not anchored and not flags:
        return None
    inline = "".join(flag for flag in "ims" if flag in flags)
    return f"(?{inline}){body}" if inline else body


# Maps whose keys are names: there the data keywords (VALUE_KEYS: an example's `items` list or `nullable` field is
# the example's own) are names too (a property, a `default` response).
MAPS_OF_NAMES = NAME_MAPS | {
    "responses",
    "schemas",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "content",
    "encoding",
    "variables",
    "mapping",
    "scopes",
    "webhooks",
}


def _inside_a_value(trail: list[str | int]) -> bool:
    return any(
        key in VALUE_KEYS and (index == 0 or trail[index - 1] not in MAPS_OF_NAMES) for index, key in enumerate(trail)
    )


def make_nullable(schema: Schema) -> Schema:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema = {**schema, "type": [kind, "null"]}
    elif isinstance(kind, list):
        if "null" not in kind:
            schema = {**schema, "type": [*kind, "null"]}
    else:
        return {"anyOf": [schema, {"type": "null"}]}
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    return schema


def without_impossible_content(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document without the `content` of responses whose status HTTP gives no content, and the JSON
    pointer of each one dropped. Such content can never be sent, so nothing should generate, expect or check
    it (SendGrid's DELETEs declare a JSON body on 204). Copied on write: an inlined response object shared
    with another status keeps its content there."""
    return _without_content_where(document, lambda status, response: _without_content(status) and "content" in response)


def without_empty_content(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document without the responses' `content: {}` (a map of no media type: no payload), and the JSON pointer
    of each one dropped. openapi-core reads a `content` key as a body required, and finds no media type for any body
    (Qovery's `202` of a cancel: every answer, with a body or without, failed the self-check)."""
    return _without_content_where(document, lambda status, response: response.get("content") == {})


def _without_content_where(
    document: dict[str, Any], drop: Callable[[Any, dict[str, Any]], bool]
) -> tuple[dict[str, Any], list[str]]:
    """The document without the `content` of each response object `drop(status, response)` names, and the JSON
    pointer of each one dropped. Copied on write."""

    def emptied(responses: dict[Any, Any]) -> tuple[dict[Any, Any], list[str]]:
        statuses = [
            status for status, response in responses.items() if isinstance(response, dict) and drop(status, response)
        ]
        stripped = {status: {k: v for k, v in responses[status].items() if k != "content"} for status in statuses}
        return {**responses, **stripped}, [f"{status}/content" for status in statuses]

    return _with_responses_rewritten(document, emptied)


def with_upper_case_ranges(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document with each response range written in lower case (`4xx`, Hetzner Cloud's every error answer) as
    the range it means (`4XX`, OpenAPI's spelling), and the JSON pointer of each one. Where the spec writes both,
    its `4XX` stands."""

    def upper(responses: dict[Any, Any]) -> tuple[dict[Any, Any], list[str]]:
        fixed: dict[Any, Any] = {}
        lower: list[str] = []
        for status, response in responses.items():
            if not _LOWER_RANGE.match(str(status)):
                fixed[status] = response
                continue
            lower.append(str(status))
            if str(status).upper() not in responses:  # the spec's own `4XX` stands
                fixed[str(status).upper()] = response
        return fixed, lower

    return _with_responses_rewritten(document, upper)


_LOWER_RANGE = re.compile(r"^[1-5](xx|xX|Xx)$")


# `type/subtype`, wildcards and parameters allowed (`*/*`, `application/*`, `text/plain; charset=utf-8`)
_MEDIA_TYPE = re.compile(r"^[\w.+*-]+/[\w.+*-]+\s*(;.*)?$")


def without_malformed_media_types(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document without the `content` entries of request bodies and responses whose key is no media type
    (Plaid's `/transfer/originator/get` has `examples` beside `application/json`, where the examples belonged
    inside it), and the JSON pointer of each one dropped. Nothing can be sent or answered in such a type: the
    contract runner stopped on it with a traceback. Copied on write."""

    def kept(holder: Any, trail: list[str], changed: list[str]) -> Any:
        content = holder.get("content") if isinstance(holder, dict) else None
        if not isinstance(content, dict) or all(_MEDIA_TYPE.match(str(name)) for name in content):
            return holder
        changed.extend(pointer([*trail, "content", str(name)]) for name in content if not _MEDIA_TYPE.match(str(name)))
        return {**holder, "content": {name: media for name, media in content.items() if _MEDIA_TYPE.match(str(name))}}

    def rewrite(operation: dict[str, Any], trail: list[str]) -> tuple[dict[str, Any], list[str]]:
        changed: list[str] = []
        new_operation = dict(operation)
        if "requestBody" in operation:
            new_operation["requestBody"] = kept(operation["requestBody"], [*trail, "requestBody"], changed)
        responses = operation.get("responses")
        if isinstance(responses, dict):
            new_operation["responses"] = {
                status: kept(response, [*trail, "responses", str(status)], changed)
                for status, response in responses.items()
            }
        return new_operation, changed

    return _with_operations_rewritten(document, rewrite)


# Form media types misspelled (Mastodon's 13 `application/form-data` bodies): no client sends them and no server
# reads them, so the mock refused every request (`"client_name=a" is not of type "object"`) and the contract runner
# could write none. Read as the forms their subtype names.
_URLENCODED, _MULTIPART = FORM_MEDIA_TYPES
_FORMS: dict[str, tuple[str, ...]] = {
    "form-data": (_MULTIPART, _URLENCODED),
    **dict.fromkeys(("x-www-form-urlencoded", "www-form-urlencoded", "form-urlencoded"), (_URLENCODED,)),
}


def with_form_slips_read_as_forms(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document with each request body's misspelled form media type (`application/form-data`,
    `multipart/x-www-form-urlencoded`) read as the form types its subtype names, where the body does not declare them
    already, and the JSON pointer of each one read so. Copied on write."""

    def rewrite(operation: dict[str, Any], trail: list[str]) -> tuple[dict[str, Any], list[str]]:
        body = deref(operation.get("requestBody"))
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict):
            return operation, []
        read: dict[str, Any] = {}
        places = []
        for name, media in content.items():
            kind = essence(str(name))
            forms = _FORMS.get(kind.partition("/")[2], ())
            if forms and kind not in forms:
                places.append(pointer([*trail, "requestBody", "content", str(name)]))
                read.update({form: media for form in forms if form not in content and form not in read})
            else:
                read[name] = media
        if not places:
            return operation, []
        return {**operation, "requestBody": {**body, "content": read}}, places

    return _with_operations_rewritten(document, rewrite)


def with_path_parameters_declared(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document with each path parameter its template names and nothing declares declared as required text
    (Intercom's `/export/reporting_data/{job_identifier}`: schemathesis stopped on the operation in every phase),
    and the JSON pointer of each one added. Copied on write."""

    def declared(operation: dict[str, Any], trail: list[str]) -> tuple[dict[str, Any], list[str]]:
        template = trail[1]
        named = set(declared_path_parameters(deref((document.get("paths") or {}).get(template)) or {}, operation))
        missing = [name for name in dict.fromkeys(path_parameter_names(template)) if name not in named]
        if not missing:
            return operation, []
        added = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in missing]
        places = [pointer([*trail, "parameters", name]) for name in missing]
        return {**operation, "parameters": [*(operation.get("parameters") or []), *added]}, places

    return _with_operations_rewritten(document, declared)


def without_nameless_parameters(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document without the operations' parameters that have no name (Notion's `GET /v1/pages/{id}` declares a
    header named ""), and the JSON pointer of each: no request can send one, and schemathesis stopped on the
    operation ("Schema Error") in every phase. Copied on write."""

    def named(operation: dict[str, Any], trail: list[str]) -> tuple[dict[str, Any], list[str]]:
        parameters = operation.get("parameters")
        if not isinstance(parameters, list):
            return operation, []
        nameless = [i for i, p in enumerate(parameters) if isinstance(deref(p), dict) and not deref(p).get("name")]
        if not nameless:
            return operation, []
        kept = [p for i, p in enumerate(parameters) if i not in nameless]
        return {**operation, "parameters": kept}, [pointer([*trail, "parameters", i]) for i in nameless]

    return _with_operations_rewritten(document, named)


def without_undeclared_security_schemes(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document with each security requirement's schemes that `components.securitySchemes` does not declare
    left out (Casdoor's `test_apiKey`: no client could send its credential, and every request was refused 401), and
    the JSON pointer of each. A requirement left with none asks for no credential. Copied on write."""
    declared = set(((document.get("components") or {}).get("securitySchemes") or {}).keys())

    def kept(requirements: Any, trail: list[str]) -> tuple[Any, list[str]]:
        if not isinstance(requirements, list):
            return requirements, []
        places: list[str] = []
        out = []
        for index, requirement in enumerate(requirements):
            if not isinstance(requirement, dict):
                out.append(requirement)
                continue
            unknown = [name for name in requirement if name not in declared]
            places += [pointer([*trail, str(index), name]) for name in unknown]
            out.append({name: scopes for name, scopes in requirement.items() if name in declared})
        return (out, places) if places else (requirements, [])

    top, top_places = kept(document.get("security"), ["security"])
    if top_places:
        document = {**document, "security": top}

    def on_operation(operation: dict[str, Any], trail: list[str]) -> tuple[dict[str, Any], list[str]]:
        if "security" not in operation:
            return operation, []
        security, places = kept(operation["security"], [*trail, "security"])
        return ({**operation, "security": security}, places) if places else (operation, [])

    document, places = _with_operations_rewritten(document, on_operation)
    return document, [*top_places, *places]


def _with_responses_rewritten(
    document: dict[str, Any], rewrite: Callable[[dict[Any, Any]], tuple[dict[Any, Any], list[str]]]
) -> tuple[dict[str, Any], list[str]]:
    """The document with each operation's responses as `rewrite` gives them back, and the JSON pointer of each
    place it changed (`rewrite` names them under `responses`). Copied on write: nothing shared is changed."""

    def on_responses(operation: dict[str, Any], trail: list[str]) -> tuple[dict[str, Any], list[str]]:
        responses = operation.get("responses")
        if not isinstance(responses, dict) or not responses:
            return operation, []
        rewritten, places = rewrite(responses)
        base = pointer([*trail, "responses"])
        return {**operation, "responses": rewritten}, [f"{base}/{place}" for place in places]

    return _with_operations_rewritten(document, on_responses)


def _with_operations_rewritten(
    document: dict[str, Any], rewrite: Callable[[dict[str, Any], list[str]], tuple[dict[str, Any], list[str]]]
) -> tuple[dict[str, Any], list[str]]:
    """The document with each operation as `rewrite(operation, its trail)` gives it back, where it names a place it
    changed, and the JSON pointers of those places. Copied on write: nothing shared is changed."""
    changed: list[str] = []
    paths = document.get("paths")
    new_paths = dict(paths) if isinstance(paths, dict) else {}
    for template, item in new_paths.items():
        for method in HTTP_METHODS if isinstance(item, dict) else ():
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            rewritten, places = rewrite(operation, ["paths", template, method])
            if not places:
                continue
            item = new_paths[template] = {**item, method: rewritten}
            changed += places
    return ({**document, "paths": new_paths} if changed else document), changed


def _without_content(status: Any) -> bool:
    return str(status).isdecimal() and int(status) in NO_CONTENT_STATUSES


def normalise_document(
    document: dict[str, Any], path: Path, folder: Path | None = None, read: Callable[[Path], Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Resolve the document's `$ref`s (files inside `folder` only) and rewrite it to OpenAPI 3.1."""
    resolver = resolver_for(document, path, folder, read)
    resolved = resolve_document(resolver)
    notes = resolver.notes
    return as_openapi_31(resolved, path.name, notes), notes


def as_openapi_31(document: dict[str, Any], source: str, notes: list[str]) -> dict[str, Any]:
    """A 3.0 or 3.2 document as the 3.1 one it is served as, noted. 3.2 adds to 3.1: its `query` operations are served
    (an HTTP method like any other); what else it adds is not read (`additionalOperations`, a `querystring`
    parameter), and `unread_in_32` says where a document has it."""
    version = str(document.get("openapi", ""))
    if not version.startswith(("3.0", "3.2")):
        return document
    notes.append(f"{source}: openapi {version} → 3.1.0")
    return {**document, "openapi": "3.1.0"}


def unread_in_32(document: dict[str, Any]) -> list[tuple[list[str | int], str]]:
    """Where a 3.2 document holds what the mock does not read, as (JSON pointer parts, what): its custom methods
    (`additionalOperations`) are not served, a `querystring` parameter not read."""
    found: list[tuple[list[str | int], str]] = []
    for key, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        if item.get("additionalOperations"):
            methods = ", ".join(sorted(item["additionalOperations"]))
            found.append((["paths", key, "additionalOperations"], f"OpenAPI 3.2 custom methods, not served: {methods}"))
        for method in HTTP_METHODS:
            operation = item.get(method)
            for n, parameter in enumerate(operation.get("parameters") or [] if isinstance(operation, dict) else []):
                if isinstance(parameter, dict) and parameter.get("in") == "querystring":
                    found.append(
                        (
                            ["paths", key, method, "parameters", str(n)],
                            "an OpenAPI 3.2 `querystring` parameter, not read",
                        )
                    )
    return found


def resolver_for(
    document: dict[str, Any], path: Path, folder: Path | None = None, read: Callable[[Path], Any] | None = None
) -> RefResolver:
    from mock.spec.reading import read_data

    notes: list[str] = []
    resolver = RefResolver(
        document,
        path,
        folder or path.parent,
        read or read_data,
        transform=lambda node, trail: rewrite_schema_object(node, trail, notes, path.name),
    )
    resolver.notes = notes
    return resolver
