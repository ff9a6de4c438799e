"""openapi-core as the reference: the only module that imports it.

It answers two questions about a normalised API: would openapi-core accept this request
(the yardstick for the fast validator), and does this response conform to the spec (the
`--self-check` and the tests). It is slower (about 1 ms a call), so the server only calls
it when asked to.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote, urlencode, urlsplit

from mock.form_bodies import decode_multipart, is_multipart
from mock.identity_cache import IdentityCache
from mock.negotiation import is_json_records, unframed
from mock.request_input import DEFAULT_LIMITS
from mock.schema_validation import time_either_way
from mock.spec.model import HTTP_METHODS, Api, MediaType, Operation, Query, Schema, essence, find_media, syntax_of
from mock.spec.operations import base_path, media_name, server_url, split_path_key
from mock.spec.recursion import PYTHONS_OWN_LIMIT, pythons_own_limit
from mock.spec.schemas import schema_types
from mock.xml_bodies import is_xml, parse_xml
from mock.yaml_bodies import is_yaml, parse_yaml

_built: IdentityCache[Any] = IdentityCache()
_built_for_answers: IdentityCache[Any] = IdentityCache()


def _openapi(api: Api) -> Any:
    return _built.get_or_build((api,), lambda: _build_openapi(api, _served_at_root(api.document)))


# Which variant of each path key openapi-core judges an answer by (see `_by_template`): the query the operation's key
# fixes, or, where its key holds a `#fragment`, the key itself.
Variant = Query | str


def _openapi_for_answers(api: Api, variant: Variant = ()) -> Any:
    """openapi-core over the document whose response schemas are their response views: in 3.1 mode (every
    document is normalised to 3.1) it knows no `writeOnly`, which OpenAPI keeps out of answers. `variant`: which
    variant of each path key it judges by (see `Variant`, `_by_template`)."""
    return _built_for_answers.get_or_build(
        (api,), lambda: _build_openapi(api, _answer_document(_served_at_root(api.document, variant))), extra=variant
    )


def _openapi_reading_python_patterns(api: Api, variant: Variant = ()) -> Any:
    """`_openapi_for_answers` without the patterns Python's `re` cannot read (`python_readable`): openapi-core reads
    `pattern` with `re`, and failed on Spring PetClinic's `\\p{L}` instead of judging the answer. Built only for an
    API where that happened; the answer was already held to those patterns by the mock's own validator."""
    from mock.schema_validation import python_readable

    return _built_for_answers.get_or_build(
        (api,),
        lambda: _build_openapi(api, python_readable(_answer_document(_served_at_root(api.document, variant)))),
        extra=("python_readable", variant),
    )


def _served_at_root(document: dict[str, Any], variant: Variant = ()) -> dict[str, Any]:
    """The document without path- or operation-level `servers`: specmock serves every operation under the API's
    base path (its first root server's), and openapi-core must find each operation where specmock serves it.
    Box's uploads declare `https://upload.box.com/api/2.0`: judged at the root server, `POST
    /files/upload_sessions` was taken for `POST /files/{file_id}`, and its answer judged as a file's."""

    def without_servers(item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        kept = {key: value for key, value in item.items() if key != "servers"}
        return {key: without_servers(value) if key in HTTP_METHODS else value for key, value in kept.items()}

    paths = document.get("paths")
    if not isinstance(paths, dict):
        return document
    # the server as specmock reads it and asks about it (`_origin`), its variables at their defaults: openapi-core
    # matches a variable within one segment (eBay's `https://api.ebay.com{basePath}`, `basePath: /buy/deal/v1`) and a
    # scheme-relative `//api.ote-godaddy.com` never: every answer was "Server not found"
    return {
        **document,
        "servers": [{"url": _origin(document) + base_path(document)}],
        "paths": _by_template({key: without_servers(item) for key, item in paths.items()}, variant),
    }


def _by_template(paths: dict[str, Any], variant: Variant) -> dict[str, Any]:
    """The paths keyed by their templates alone, each the variant whose key fixes the query `fixed` where there is
    one: Anthropic's spec keys its beta operations `/v1/messages?beta=true` beside `/v1/messages`, which specmock
    routes by the template and the query it fixes (`split_path_key`). openapi-core looks the template up: it judged
    a beta answer "Path not found", or, beside a plain key, by the other operation's schema. Where the variant does
    not declare a method, another key's declaration of it stands in (the plain key's first)."""
    out: dict[str, Any] = {}
    split = {key: split_path_key(key) for key in paths}
    # the key itself first where the variant is one (AWS's `/#Action=DeleteDBSubnetGroup` beside 50 other `/#Action=`
    # keys: judged by the first, an answer of no content was "Missing response data"), then the variant fixing the
    # query, then the plain key, then any other variant
    chosen, fixed = (variant, split_path_key(variant)[1]) if isinstance(variant, str) else (None, variant)
    for key in sorted(paths, key=lambda key: (key != chosen, split[key][1] != fixed, split[key][0] != key)):
        template, item = split[key][0], paths[key]
        held = out.get(template)
        if not isinstance(held, dict) or not isinstance(item, dict):
            out.setdefault(template, item)
        else:
            out[template] = {**item, **held}
    return out


def _answer_document(document: dict[str, Any]) -> dict[str, Any]:
    from mock.schema_validation import response_view

    def media(entry: Any) -> Any:
        if not isinstance(entry, dict) or not isinstance(entry.get("schema"), dict):
            return entry
        return {**entry, "schema": response_view(entry["schema"])}

    def response(entry: Any) -> Any:
        if not isinstance(entry, dict) or not isinstance(entry.get("content"), dict):
            return entry
        # keyed as the mock reads them (`media_name`: type and subtype in lower case, RFC 9110's case-insensitive
        # names), which is how an answer's Content-Type spells them: openapi-core looks a type up as spelled, and
        # every answer of Mercedes-Benz's `application/vnd.MB.…+JSON` was "not found"
        return {**entry, "content": {media_name(str(name)): media(m) for name, m in entry["content"].items()}}

    def operation(entry: Any) -> Any:
        if not isinstance(entry, dict) or not isinstance(entry.get("responses"), dict):
            return entry
        return {**entry, "responses": {status: response(r) for status, r in entry["responses"].items()}}

    paths = {
        key: {name: operation(o) for name, o in item.items()} if isinstance(item, dict) else item
        for key, item in (document.get("paths") or {}).items()
    }
    return {**document, "paths": paths}


def _build_openapi(api: Api, document: dict[str, Any]) -> Any:
    from openapi_core import Config, OpenAPI
    from openapi_core.deserializing.media_types.util import plain_loads

    declared = {
        name
        for operation in api.operations
        for content in [
            *(r.content for r in operation.responses.values()),
            operation.request_body.content if operation.request_body else {},
        ]
        for name in content
    }
    # openapi-core reads only application/json as JSON; `+json` types (problem+json, merge-patch+json) and text/json
    # are too.
    # It decodes only text/plain and text/html to text: any other `text/*` (DigitalOcean's text/csv invoice) is
    # text as well, or its bytes never match a `type: string` schema.
    # each under its name as declared and without its parameters, which is how openapi-core looks one up (Xtrf's
    # `application/vnd.xtrf-v1+json;charset=UTF-8` was handed on as bytes, matching no schema)
    declared |= {essence(name) for name in declared}
    structured: dict[str, Callable[..., Any]] = {
        **{name: plain_loads for name in declared if name.startswith("text/")},
        **{name: _json_loads for name in declared if syntax_of(name) == "json"},  # text/json (Swashbuckle's) too
        **{name: _yaml_loads for name in declared if is_yaml(name)},  # as the mock reads them (mock.yaml_bodies)
        **{name: functools.partial(_record_loads, name) for name in declared if is_json_records(name)},
        # a range (`*/*`) is read as the one type its answer went out as (`sent_media_type`): JSON for an object or a
        # list, else text; read as nothing, People Generator's words were judged as bytes
        **{name: _range_loads for name in declared if "*" in name},
    }
    # the spec was validated when it was loaded (leniently: imperfect specs load); None skips it here,
    # which openapi-core's annotation (a validator class or its Unset marker) does not spell
    # openapi-core reads `time` as draft 3's %H:%M:%S only and refuses RFC 3339's "16:39:57Z", which is what JSON
    # Schema (OpenAPI 3.1) and schemathesis want: no answer could satisfy both judges, so this one reads it either way
    config = Config(
        spec_validator_cls=cast(Any, None),
        extra_media_type_deserializers=structured,
        extra_format_validators={"time": _text_check(time_either_way)},
    )
    return OpenAPI.from_dict(document, config=config)


def _range_loads(value: str | bytes, **parameters: Any) -> Any:
    text = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
    if text[:1] in ("{", "["):
        with contextlib.suppress(ValueError):
            return json.loads(text)
    return text


def _json_loads(value: str | bytes, **parameters: Any) -> Any:
    """JSON, whatever parameters its media type names: openapi-core passes them on (`charset=UTF-8`), and
    `json.loads` refused them, so every answer declared with one failed to deserialize."""
    return json.loads(value)


def _record_loads(media: str, value: str | bytes, **parameters: Any) -> Any:
    """One record of a JSON stream (JSON Lines, json-seq), as the mock writes an answer in one."""
    return json.loads(unframed(media, value))


def _yaml_loads(value: str | bytes, **parameters: Any) -> Any:
    return parse_yaml(value.encode() if isinstance(value, str) else value, DEFAULT_LIMITS.max_json_depth)


def _text_check(check: Callable[[str], bool]) -> Callable[[Any], bool]:
    """A format check as openapi-core calls it: with any value, of which only strings are its to judge."""
    return lambda value: not isinstance(value, str) or check(value)


def _origin(document: dict[str, Any]) -> str:
    parts = urlsplit(server_url(document))  # server variables at their defaults
    return f"{parts.scheme or 'http'}://{parts.netloc or 'localhost'}"


def concrete_path(operation: Operation, path_params: dict[str, Any]) -> str:
    # a value holding "/" (a multi-segment parameter) is sent as %2F, so it stays one segment
    return re.sub(
        r"\{([^}]+)\}", lambda m: quote(str(path_params.get(m.group(1), m.group(1))), safe=""), operation.path
    )


@dataclass(frozen=True)
class ReferenceRequest:
    method: str
    path: str  # relative to the API's base path, concrete
    query: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] | None = None
    body: bytes = b""
    content_type: str = "application/json"


def _mock_request(api: Api, request: ReferenceRequest) -> Any:
    from openapi_core.testing import MockRequest

    full_path = api.base_path + request.path
    args: Any = None
    if request.query:
        from werkzeug.datastructures import MultiDict

        args = MultiDict(list(request.query))
    mock = MockRequest(
        _origin(api.document),
        request.method.lower(),
        full_path,
        headers=request.headers or {},
        data=request.body,
        content_type=request.content_type,
    )
    if args is not None:
        from werkzeug.datastructures import ImmutableMultiDict

        mock.parameters.query = ImmutableMultiDict(args)
    return mock


def reference_request_errors(api: Api, request: ReferenceRequest) -> list[str]:
    """What openapi-core finds wrong with a request; [] means it accepts it."""
    return [_describe(error) for error in _openapi(api).iter_request_errors(_mock_request(api, request))]


def response_errors(
    api: Api,
    operation: Operation,
    path_params: dict[str, Any],
    status: int,
    headers: dict[str, str],
    body: bytes,
    content_type: str,
) -> list[str]:
    """Why openapi-core rejects a response the mock produced; [] means it conforms.

    openapi-core reads no XML, so an XML body is read back by our own parser and checked
    against its schema instead.
    """
    from openapi_core.testing import MockResponse

    if not operation.responses:  # OpenAPI 3.1 lets an operation declare none: nothing to conform to
        return []
    if is_xml(content_type):
        return _xml_errors(operation, status, body, content_type)
    if is_multipart(content_type):
        return _multipart_errors(operation, status, body, content_type)
    if _is_bytes(content_type) or _parts_declared_as_one_string(operation, status, content_type):
        return _bytes_errors(operation, status, body, content_type)
    if _scalar_in_text(operation, status, content_type):
        return _text_scalar_errors(operation, status, body, content_type)

    request = _mock_request(api, ReferenceRequest(operation.method, concrete_path(operation, path_params)))
    # The operation that answered, named: openapi-core's own path finder took `/pulls/5.diff` for `/pulls/{index}`
    # where Gitea declares `/pulls/{index}.{diffType}` too, and judged the diff by the pull request's JSON schema
    template, fixed = split_path_key(operation.path)
    variant: Variant = operation.path if "#" in operation.path else fixed
    request.path_pattern = api.base_path + template
    response = MockResponse(body, status_code=status, headers=headers, content_type=content_type)
    judge = (
        _openapi_for_answers(api, variant)
        if api not in _read_ecma_patterns
        else _openapi_reading_python_patterns(api, variant)
    )
    try:
        # openapi-core recurses through C calls, and at the limit deep specs are served with (20,000) it overflowed
        # the C stack on a schema that refers to itself without end, and the server died of a segmentation fault
        with pythons_own_limit():
            try:
                return [_describe(error) for error in judge.iter_response_errors(request, response)]
            except re.error:
                _read_ecma_patterns.add(api)
                judge = _openapi_reading_python_patterns(api, variant)
                return [_describe(error) for error in judge.iter_response_errors(request, response)]
    except RecursionError as exc:
        raise CannotJudge(f"openapi-core recursed past {PYTHONS_OWN_LIMIT} levels judging it") from exc
    except Exception as exc:  # noqa: BLE001 - the judge failing is no fault of the answer, nor a reason to fail it
        # openapi-core asserts that a multipart body splits into parts (Appwrite's execution, an object declared in
        # `multipart/form-data`, written as JSON since no text conforms): a request was answered 500
        raise CannotJudge(f"openapi-core failed reading it ({type(exc).__name__})") from exc


class CannotJudge(Exception):
    """openapi-core could not judge an answer. HubSpot's conversations spec has a schema that refers to itself
    without end: PublicActor is one of the actors, and each actor is `allOf: [PublicActor, …]`."""


# The APIs with a pattern openapi-core could not read (see `_openapi_reading_python_patterns`).
_read_ecma_patterns: weakref.WeakSet[Api] = weakref.WeakSet()


def _is_bytes(content_type: str) -> bool:
    """Bodies that are bytes, not text openapi-core reads (it refuses bytes as `not a string` in 3.1 mode)."""
    name = essence(content_type)
    textual = (
        name.startswith("text/")
        or name.endswith(("json", "x-www-form-urlencoded"))
        or is_yaml(name)
        or is_json_records(name)
    )
    return bool(name) and not textual and not name.startswith("multipart/")


def _declared_media(operation: Operation, status: int, content_type: str) -> MediaType | None:
    """The media type the operation declares for an answer of this status and content type (or its range)."""
    spec = operation.response_for(status)
    return find_media(spec.content, content_type.split(";")[0].strip()) if spec is not None else None


def _parts_declared_as_one_string(operation: Operation, status: int, content_type: str) -> bool:
    """A multipart answer whose schema is one string (ElevenLabs' `multipart/mixed` song, "raw data clients must
    parse"): its bytes are the value, which openapi-core would split into parts, an object no string schema takes."""
    if not essence(content_type).startswith("multipart/"):
        return False
    media = _declared_media(operation, status, content_type)
    return media is not None and media.schema is not None and set(schema_types(media.schema)) == {"string"}


def _bytes_errors(operation: Operation, status: int, body: bytes, content_type: str) -> list[str]:
    """A binary answer judged as the request side reads binary bodies: its bytes as a latin-1 string."""

    media = _declared_media(operation, status, content_type)
    if media is None:
        return [f"{content_type} is not declared for status {status}"]
    if media.schema is None:
        return []
    value: Any = body.decode("latin-1")
    if {"object", "array"} & set(schema_types(media.schema)):
        # an object declared in a type that holds no data (Docker's raw stream): the mock writes it as JSON text
        with contextlib.suppress(ValueError):
            value = json.loads(body)
    return _answer_problems(media.schema, value)


# The JSON types a text can spell but not hold: openapi-core reads a `text/plain` body as a string, so every answer
# of Kavita's `text/plain` boolean (`true`) and integer (`623`) was refused, whatever it said.
_SPELLED_SCALARS = frozenset({"boolean", "integer", "number", "null"})


def _scalar_in_text(operation: Operation, status: int, content_type: str) -> bool:
    """Whether the answer is text (`text/plain`) whose schema is a boolean or a number, which no string is."""
    if not essence(content_type).startswith("text/"):
        return False
    media = _declared_media(operation, status, content_type)
    kinds = set(schema_types(media.schema)) if media is not None and media.schema is not None else set()
    return bool(kinds) and kinds <= _SPELLED_SCALARS


def _text_scalar_errors(operation: Operation, status: int, body: bytes, content_type: str) -> list[str]:
    """A text answer of a boolean or number schema judged as a client reads it: the value its text spells, cast as a
    parameter's text is (`cast_scalar`)."""
    from mock.request_validation import cast_scalar

    media = _declared_media(operation, status, content_type)
    if media is None or media.schema is None:
        return []
    value = cast_scalar(media.schema, body.decode("utf-8", errors="replace"))
    return _answer_problems(media.schema, value)


def _xml_errors(operation: Operation, status: int, body: bytes, content_type: str) -> list[str]:
    from mock.request_validation import cast_scalar

    media = _declared_media(operation, status, content_type)
    if media is None:
        return [f"{content_type} is not declared for status {status}"]
    try:
        value = parse_xml(body, media.schema, cast_scalar)
    except ValueError as exc:
        return [str(exc)]
    if media.schema is None:
        return []
    return _answer_problems(media.schema, value)


def _multipart_errors(operation: Operation, status: int, body: bytes, content_type: str) -> list[str]:
    """A multipart answer read back as OpenAPI reads a multipart request's parts (`mock.form_bodies`), its text cast
    to the types the schema asks for: openapi-core reads a number's part as text, which no number schema takes."""
    from mock.request_validation import cast_scalar

    media = _declared_media(operation, status, content_type)
    if media is None:
        return [f"{content_type} is not declared for status {status}"]
    try:
        value, _ = decode_multipart(body, content_type, media.schema, media.encoding, cast_scalar)
    except ValueError as exc:
        return [str(exc)]
    if media.schema is None:
        return []
    return _answer_problems(media.schema, value)


def _answer_problems(schema: Schema, value: Any) -> list[str]:
    """What the mock's own validator finds wrong with an answer's value read back (from bytes, text or XML), each
    where it is."""
    from mock.schema_validation import iter_problems, response_view

    return [f"{p.where or 'body'}: {p.message}" for p in iter_problems(response_view(schema), value)]


def _describe(error: BaseException) -> str:
    text = str(error)
    cause = error.__cause__ or getattr(error, "schema_errors", None)
    if isinstance(cause, BaseException):
        text += f": {cause}"
    for nested in getattr(error, "schema_errors", None) or []:
        text += f"; {getattr(nested, 'message', nested)} at {list(getattr(nested, 'absolute_path', []))}"
    for nested in getattr(error, "errors", None) or []:
        text += f"; {_describe(nested)}"
    return text


def query_string(query: tuple[tuple[str, str], ...]) -> str:
    return urlencode(list(query))


def reference_request_categories(api: Api, request: ReferenceRequest) -> set[str]:
    """The kinds of failure openapi-core finds: security, parameters, body, content-type."""
    from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
    from openapi_core.validation.request.exceptions import (
        ParameterValidationError,
        RequestBodyValidationError,
        SecurityValidationError,
    )

    categories = set()
    for error in _openapi(api).iter_request_errors(_mock_request(api, request)):
        cause = error.__cause__
        if isinstance(error, SecurityValidationError):
            categories.add("security")
        elif isinstance(error, ParameterValidationError):
            categories.add("parameters")
        elif isinstance(cause, MediaTypeNotFound) or isinstance(error, MediaTypeNotFound):
            categories.add("content-type")
        elif isinstance(error, RequestBodyValidationError):
            categories.add("body")
        else:
            categories.add(type(error).__name__)
    return categories
