"""The normalised view of an API that every stage after spec loading works on.

Schemas stay plain JSON Schema dicts (2020-12 dialect, `$ref`s inlined); everything
around them is a frozen dataclass so stages cannot reach back into the raw document.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

Schema = dict[str, Any]
Query = tuple[tuple[str, str], ...]  # name-value pairs in their order: a request's query, a path key's fixed one

# The operation keys of an OpenAPI path item, in the order the specification lists them.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")


def response_keys(status: int) -> tuple[str, str, str]:
    """Where the answer to a status is declared, in the order it is looked for: its code, its range (`4XX`; a spec's
    `4xx` is written so when it is loaded, `normalising.with_upper_case_ranges`), then `default`."""
    code = str(status)
    return code, f"{code[0]}XX", "default"


def names_http_status(value: Any) -> bool:
    """Whether a value names an HTTP status (100-599) as a spec or a header writes one: 422, or "422"."""
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return len(value) == 3 and value.isdecimal() and 100 <= int(value) <= 599
    return isinstance(value, int) and 100 <= value <= 599


def switches_protocols(statuses: Any) -> bool:
    """Whether responses keyed by these statuses answer only by switching protocols: a 1xx (`101`) and no 2xx or
    3xx (Together's `GET /realtime`, a WebSocket; Docker's `POST /session`). A plain HTTP request to such an
    operation can get no success its spec declares."""
    codes = [int(status) for status in statuses if str(status).isdecimal()]
    return any(100 <= code < 200 for code in codes) and not any(200 <= code < 400 for code in codes)


# The statuses HTTP gives no content (RFC 9110: 204 §15.3.5, 205 §15.3.6, 304 §15.4.5). A body sent with one
# anyway is not read as its body: a keep-alive client takes it for the start of the next answer.
NO_CONTENT_STATUSES = frozenset({204, 205, 304})


def essence(media: str) -> str:
    """`type/subtype` in lower case, without parameters (`application/json; charset=utf-8` -> `application/json`)."""
    return media.split(";", 1)[0].strip().lower()


# The two media types a form is sent in (OpenAPI's form encodings; a Swagger 2.0 `formData` parameter's `consumes`).
FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# Subtypes that are themselves a structured syntax, so `application/json` is the plain JSON of `+json`.
_PLAIN_SYNTAXES = frozenset({"json", "xml", "yaml", "cbor", "zip", "jwt", "gzip", "wbxml", "ber", "der"})

# Subtypes that name a plain syntax otherwise than by its name (`application/x-yaml`, `text/vnd.yaml`).
_SYNTAX_ALIASES = {"x-yaml": "yaml", "vnd.yaml": "yaml", "yml": "yaml", "x-yml": "yaml"}


# Media types are few and asked of on every request (a request's Content-Type, an answer's type): each answer is
# remembered, bounded, as a client chooses the Content-Types it sends.
@functools.lru_cache(maxsize=1024)
def syntax_of(media: str) -> str | None:
    """The structured syntax a media type is written in: `json` for `application/json` and `application/x+json`."""
    kind, _, subtype = essence(media).partition("/")
    if "+" in subtype:
        return subtype.rsplit("+", 1)[1] or None
    if kind in ("application", "text") and subtype in _PLAIN_SYNTAXES:
        return subtype
    if kind in ("application", "text") and subtype in _SYNTAX_ALIASES:
        return _SYNTAX_ALIASES[subtype]
    return None


@functools.lru_cache(maxsize=1024)
def is_json_media(media: str) -> bool:
    """Whether a media type is one JSON text: `application/json`, `text/json` (Swashbuckle's) or a `+json` type
    (`problem+json`, `vnd.api+json`), whatever parameters it names; not a stream of them (`application/x-ndjson`,
    which ends in "json" too)."""
    return syntax_of(media) == "json"


_PATCH_OPERATIONS = frozenset({"add", "remove", "replace", "move", "copy", "test"})


def is_json_patch(body: Any) -> bool:
    """Whether a request body is a JSON Patch (RFC 6902): a list of operations, each with its `op` and `path`. Whether
    one applies depends on the record it is applied to, which no schema of the document can say."""
    return (
        isinstance(body, list)
        and bool(body)
        and all(
            isinstance(o, dict) and o.get("op") in _PATCH_OPERATIONS and isinstance(o.get("path"), str) for o in body
        )
    )


class EmptyValue(enum.Enum):
    """What a query parameter's empty value (`?x=`, `?x`) is, by its `allowEmptyValue`."""

    REFUSED = "refused"  # `allowEmptyValue: false`
    AS_TEXT = "as text"  # unsaid: the text "" is judged by the schema (a string takes it, as real backends do)
    ALLOWED = "allowed"  # `allowEmptyValue: true`: sent without a value, whatever its type (Asana's `?opt_pretty`)


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path, query, header or cookie
    required: bool
    schema: Schema
    style: str
    explode: bool
    empty_value: EmptyValue = EmptyValue.AS_TEXT
    multi_segment: bool = False  # a path parameter that may hold `/` (GitHub's `x-multi-segment`)
    media: str | None = None  # the media type a parameter declared by `content` is written in (its value is a text)


@dataclass(frozen=True)
class MediaType:
    name: str
    schema: Schema | None
    examples: dict[str, Any]  # example name -> value; a lone `example` is named "default"
    encoding: dict[str, Any] = field(default_factory=dict)  # property -> OpenAPI Encoding object (forms)


def find_media(content: dict[str, MediaType], media_type: str) -> MediaType | None:
    """The declared media type a body of this type (a request's Content-Type, an answer's) falls under: the same
    name, then the same type declared with parameters (openSUSE's `application/xml; charset=utf-8`, which a body
    sent as `application/xml` is), then its range (`type/*`), then `*/*`."""
    if media_type in content:
        return content[media_type]
    kind = essence(media_type)
    for name, media in content.items():
        if ";" in name and essence(name) == kind:
            return media
    major = kind.split("/", 1)[0]
    return content.get(f"{major}/*") or content.get("*/*")


@dataclass(frozen=True)
class ResponseSpec:
    status: str  # "200", "4XX" or "default"
    description: str
    headers: dict[str, Schema]
    required_headers: frozenset[str]
    content: dict[str, MediaType]

    def json_media(self) -> MediaType | None:
        return self._json_media

    @cached_property  # read on every answer: found once
    def _json_media(self) -> MediaType | None:
        return json_media_of(self.content)


@dataclass(frozen=True)
class RequestBodySpec:
    required: bool
    content: dict[str, MediaType]

    def json_media(self) -> MediaType | None:
        return json_media_of(self.content)


def json_media_of(content: dict[str, MediaType]) -> MediaType | None:
    """The first media type of a body that is JSON (`is_json_media`)."""
    return next((media for name, media in content.items() if is_json_media(name)), None)


@dataclass(frozen=True)
class TaskProtocol:
    """An operation whose JSON body is an array of tasks dispatched on a discriminating field.

    Runware is the model: every element carries `taskType`; each task type has its own
    request schema and its own result schema, and an authentication task may stand first
    in place of the Authorization header.
    """

    discriminator: str
    request_schemas: dict[str, Schema]
    result_schemas: dict[str, Schema]
    authentication_task: str | None
    credential_field: str | None


@dataclass(frozen=True)
class CallbackSpec:
    """A request the API makes to the client: an operation's `callbacks` entry, or a top-level `webhooks` one."""

    name: str  # the callback's (or webhook's) name, e.g. onComplete
    url: str | None  # runtime expression such as {$request.body#/callback_url}; None for a webhook
    method: str  # upper case
    media_type: str
    schema: Schema | None  # of the request body the API sends


@dataclass(frozen=True, eq=False)
class Operation:
    api: str
    operation_id: str
    method: str  # upper case
    path: str  # template relative to the API's base path, e.g. /v1/jobs/{id}
    summary: str
    parameters: tuple[Parameter, ...]
    request_body: RequestBodySpec | None
    responses: dict[str, ResponseSpec]
    security: tuple[dict[str, list[str]], ...]  # alternatives; an empty dict means anonymous
    task_protocol: TaskProtocol | None = None
    callbacks: tuple[CallbackSpec, ...] = ()

    @functools.cached_property
    def key(self) -> str:  # read on every request: built once
        return f"{self.api}:{self.operation_id}"

    @functools.cached_property
    def open_to_anyone(self) -> bool:
        """Whether a caller without a credential may call it: it declares no security, or an empty alternative
        (`security: []`, `[{}, {bearer: []}]`). Read on every request: worked out once."""
        return not self.security or any(not alternative for alternative in self.security)

    @functools.cached_property
    def upgrade_protocol(self) -> str | None:
        """The protocol it answers in, where it answers only by switching to one: a 1xx declared and no 2xx or 3xx
        (Together's `GET /realtime`, a WebSocket; Docker's `POST /session`, h2c). That protocol is the one its
        `Upgrade` header (asked or answered) names, else `websocket`; None for an operation answered over HTTP."""
        if not switches_protocols(self.responses):
            return None
        named = [p.schema for p in self.parameters if p.location == "header" and p.name.lower() == "upgrade"]
        named += [
            schema
            for response in self.responses.values()
            for name, schema in response.headers.items()
            if name.lower() == "upgrade"
        ]
        for schema in named:
            for value in (
                *(schema.get("enum") or ()),
                schema.get("const"),
                schema.get("example"),
                schema.get("default"),
            ):
                if isinstance(value, str) and value:
                    return value
        return "websocket"

    def renamed(self, operation_id: str) -> Operation:
        return replace(self, operation_id=operation_id)

    def response_for(self, status: int) -> ResponseSpec | None:
        code, range_, default = response_keys(status)  # read on every request: three lookups, no loop
        return self.responses.get(code) or self.responses.get(range_) or self.responses.get(default)


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    kind: str  # http, apiKey, oauth2, openIdConnect, mutualTLS
    scheme: str  # bearer/basic for http
    location: str  # header/query/cookie for apiKey
    parameter_name: str  # header/query/cookie name for apiKey


@dataclass(frozen=True)
class ErrorStyle:
    """How an API spells its error codes: invalid_request, invalidRequest or INVALID_REQUEST."""

    case: str  # snake, camel or upper


@dataclass(frozen=True, eq=False)
class Api:
    name: str
    title: str
    document: dict[str, Any]
    base_path: str
    sources: tuple[Path, ...]
    operations: tuple[Operation, ...]
    security_schemes: dict[str, SecurityScheme]
    error_schema: Schema | None
    error_style: ErrorStyle
    normalisations: tuple[str, ...] = field(default=())
    overlays: tuple[Path, ...] = field(default=())
    warnings: tuple[Any, ...] = field(default=())  # SpecWarning: what `specs check` lists, fatal under --strict
    webhooks: tuple[CallbackSpec, ...] = field(default=())

    @cached_property
    def operations_by_id(self) -> dict[str, Operation]:
        """Operations by operationId (unique: loading renames duplicates)."""
        return {operation.operation_id: operation for operation in self.operations}
