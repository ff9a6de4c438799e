"""Request validation: security, parameters, content type and body, every violation collected.

This is the fast path the server uses on every request: schemas are compiled once
(jsonschema-rs) and parameters are cast the way openapi-core casts them. Its verdicts are
checked against openapi-core's own in tests/integration/test_validation_differential.py.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mock.form_bodies import UploadedFile, decode_form, decode_multipart
from mock.identity_cache import IdentityCache
from mock.negotiation import StreamReading, is_json_records, negotiate, records_in, stream_reading
from mock.parameter_styles import MalformedParameter, ParameterSource, read_parameter, shape_of
from mock.problems import Violation, ViolationKind
from mock.request_input import DEFAULT_LIMITS, InputLimits, InvalidInput, decode_json, decode_query
from mock.schema_validation import is_valid, iter_problems, request_view
from mock.spec.model import Api, EmptyValue, MediaType, Operation, Parameter, Schema, essence, find_media, is_json_media
from mock.spec.refs import deref
from mock.spec.schemas import holds_fields, schema_types
from mock.xml_bodies import is_xml, parse_xml
from mock.yaml_bodies import is_yaml, parse_yaml


@dataclass(frozen=True)
class IncomingRequest:
    """An HTTP request as the pipeline sees it, free of any web framework."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    cookies: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    route_path: str = ""  # the path as the router reads it (`mock.routing.route_path`); "" for `path`

    @property
    def media_type(self) -> str:
        return essence(self.headers.get("content-type", ""))


@dataclass(frozen=True)
class ValidatedRequest:
    path_params: dict[str, Any]
    query: dict[str, Any]
    headers: dict[str, Any]
    body: Any
    credential: str | None
    violations: tuple[Violation, ...]
    media_type: str | None = None  # the declared success media type the client's Accept chose
    files: tuple[UploadedFile, ...] = ()  # what a multipart body's file parts said about their files

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class AccessPolicy:
    """Which credentials the mock accepts: any non-empty one not starting with `invalid`, or a fixed set and those
    the mock itself issued (`issued(api, credential)`: the token a sign-up or sign-in of that API answered, which
    a client then sends; refused, no frontend could get past its own sign-in)."""

    api_keys: frozenset[str] = frozenset()
    issued: Callable[[str, str], bool] | None = None

    def accepts(self, credential: str, api: str = "") -> bool:
        if not credential:
            return False
        if self.api_keys:
            return credential in self.api_keys or (self.issued is not None and self.issued(api, credential))
        return not credential.lower().startswith("invalid")


def validate_request(
    api: Api,
    operation: Operation,
    path_params: dict[str, str],
    request: IncomingRequest,
    policy: AccessPolicy,
    limits: InputLimits = DEFAULT_LIMITS,
) -> ValidatedRequest:
    violations: list[Violation] = []
    values: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}, "cookie": {}}
    source = ParameterSource(path_params, request.query, request.headers, request.cookies)
    claimed = {p.name for p in operation.parameters if p.location == "query"}
    for parameter in operation.parameters:
        try:
            value = read_parameter(parameter, source, _parameter_cast, claimed)  # NaN, 1e400 and "" stay text
        except MalformedParameter as exc:
            violations.append(Violation(parameter.location, parameter.name, str(exc)))
            continue
        if value is None:
            if parameter.required:
                violations.append(
                    Violation(parameter.location, parameter.name, "is required", kind=ViolationKind.MISSING)
                )
            continue
        empty = _empty_query_value(parameter, request.query)
        if empty is EmptyValue.REFUSED:
            violations.append(Violation(parameter.location, parameter.name, "must not be empty"))
            continue
        if empty is EmptyValue.ALLOWED:
            continue  # sent without a value, as the spec allows: a flag (`?opt_pretty`), no value of its type
        problems = iter_problems(request_view(parameter.schema), value)
        first = next(problems, None)
        if first is not None and (listed := _as_a_list_of_one(parameter, value)) is not None:
            value, first = listed, None
        values[parameter.location][parameter.name] = _whole_where_written_whole(parameter, path_params, value)
        if first is None:
            continue
        for where, message, kind in (first, *problems):
            name = f"{parameter.name}.{where}" if where else parameter.name
            violations.append(Violation(parameter.location, name, message, kind=kind))

    body, files, body_violations = _validate_body(operation, request, limits)
    violations.extend(body_violations)
    media_type, accept_violations = _negotiate(operation, request)
    violations.extend(accept_violations)
    credential, security_violations = check_security(api, operation, request, body, policy)
    if operation.upgrade_protocol is not None:
        # a plain request to an operation that only switches protocols: no status its spec declares answers it over
        # HTTP, and the real server refuses it too (426 Upgrade Required)
        protocol = operation.upgrade_protocol
        message = f"{operation.method} {operation.path} answers only in {protocol}, asked for with an Upgrade header"
        violations.insert(0, Violation("upgrade", "", message))
    return ValidatedRequest(
        path_params=values["path"],
        query=values["query"],
        headers=values["header"],
        body=body,
        credential=credential,
        violations=tuple(security_violations + violations),
        media_type=media_type,
        files=files,
    )


def _as_a_list_of_one(parameter: Parameter, value: Any) -> list[Any] | None:
    """One query value its schema refuses as a text but takes as a list of it (iQualify's `?responseTime=`, a
    non-empty text or a list of texts: a list of one empty text); None where the list does not fit either."""
    if parameter.location != "query" or isinstance(value, (list, dict)):
        return None
    if "array" not in schema_types(parameter.schema):
        return None
    listed = [value]
    return listed if is_valid(request_view(parameter.schema), listed) else None


def _whole_where_written_whole(parameter: Parameter, path_params: dict[str, str], value: Any) -> Any:
    """A path value of a `number` schema as the client wrote it: `/user/6` names record 6, not 6.0, which the cast
    made of it (validated as cast) and which the state's keys and the answer's echo then wrote "6.0" (Overseerr's
    user deleted at `/user/6`: "No user with id 6.0")."""
    if parameter.location != "path" or not isinstance(value, float) or not value.is_integer():
        return value
    written = path_params.get(parameter.name, "")
    return int(value) if written.lstrip("+-").isdigit() else value


def path_parameters_accepted(operation: Operation, path_params: dict[str, str]) -> bool:
    """Whether the operation's path parameters take these values, as validate_request would judge them: how the
    router tells apart templates alike but for their names (Xero's /Journals/{JournalID}, a uuid, beside
    /Journals/{JournalNumber})."""
    source = ParameterSource(path_params, (), {}, {})
    for parameter in operation.parameters:
        if parameter.location != "path":
            continue
        try:
            value = read_parameter(parameter, source, _parameter_cast, set())
        except MalformedParameter:
            return False
        if value is None or not is_valid(request_view(parameter.schema), value):
            return False
    return True


def _negotiate(operation: Operation, request: IncomingRequest) -> tuple[str | None, list[Violation]]:
    """The success media type the client's Accept prefers; a violation (406) when it takes none declared."""
    from mock.response_generation import can_write, success_status

    response = operation.response_for(success_status(operation))
    if response is None or not response.content:
        return None, []
    accept = request.headers.get("accept")
    chosen = negotiate(accept, response.content)
    if chosen is not None and not can_write(response.content[chosen]):
        writable = [name for name, media in response.content.items() if can_write(media)]
        if writable:  # where none is, the answer goes in the type asked for, as near as the mock can write it
            asked, chosen = chosen, negotiate(accept, writable)
            if chosen is None:  # Swashbuckle's `text/plain` beside JSON, for an answer that is a list
                message = f"Accept: {accept} asks for {asked}, which cannot hold this answer; it is answered in: "
                return None, [Violation("accept", "", message + ", ".join(writable))]
    if chosen is None:
        declared = ", ".join(response.content)
        message = f"Accept: {accept} takes none of what this operation answers: {declared}"
        return None, [Violation("accept", "", message)]
    return chosen, []


# ---------------------------------------------------------------- parameters


def _empty_query_value(parameter: Parameter, query: tuple[tuple[str, str], ...]) -> EmptyValue | None:
    """What `?name=` (or `?name`) is for a one-value query parameter sent so, by its `allowEmptyValue`; None when
    the parameter was not sent empty."""
    if parameter.location != "query" or shape_of(parameter.schema) != "primitive":
        return None
    if next((value for key, value in query if key == parameter.name), None) != "":
        return None
    return parameter.empty_value


# The spellings openapi-core casts to booleans; the mock must agree with it.
TRUE_WORDS = ("y", "yes", "t", "true", "on", "1")
FALSE_WORDS = ("n", "no", "f", "false", "off", "0")


def cast_scalar(schema: Schema, raw: str) -> Any:
    """Turn a parameter's text into the type its schema asks for; leave it as text when it can't be.

    Casting follows Python's int()/float(), as openapi-core does, so both judge alike. Where the schema offers
    several types, the text is the first of them it reads as and the schema takes: Lago's `?http_statuses[]=404`
    offers a word (`failed`) or an integer, and openapi-core, which casts no `anyOf`, judged the text `"404"` and
    refused it (a deviation from its verdict, as OpenAPI reads the parameter)."""
    kinds = schema_types(schema) or ("string",)  # no type: the text as it came
    if len(kinds) > 1 and "string" in kinds:
        for kind in kinds:
            value = _cast_as(kind, raw)
            if value is not _NOT_CAST and is_valid(schema, value):
                return value
    for kind in kinds:
        value = _cast_as(kind, raw)
        if value is not _NOT_CAST:
            return value
    return raw


_NOT_CAST = object()


def _cast_as(kind: str, raw: str) -> Any:
    """The text as a value of one JSON type, or _NOT_CAST where it does not read as one."""
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            return float(raw)
    except ValueError:
        return _NOT_CAST
    if kind == "boolean":
        return raw.lower() in TRUE_WORDS if raw.lower() in TRUE_WORDS + FALSE_WORDS else _NOT_CAST
    if kind == "null":
        return None if raw == "" else _NOT_CAST
    return raw if kind == "string" else _NOT_CAST


# ---------------------------------------------------------------- body


def _not_finite(value: Any) -> bool:
    """NaN, inf and 1e400 cast to floats no schema can judge (jsonschema-rs reports them as null)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    return isinstance(value, list) and any(isinstance(v, float) and not math.isfinite(v) for v in value)


def _validate_body(
    operation: Operation, request: IncomingRequest, limits: InputLimits = DEFAULT_LIMITS
) -> tuple[Any, tuple[UploadedFile, ...], list[Violation]]:
    """The body, the files it uploaded, and what is wrong with it."""
    spec = operation.request_body
    if spec is None:
        return None, (), []
    if not request.body:  # whitespace is a body, and no JSON: refused as undecodable, as openapi-core refuses it
        if spec.required:
            return None, (), [Violation("body", "", "a request body is required", kind=ViolationKind.MISSING)]
        return None, (), []
    media = find_media(spec.content, request.media_type)
    if media is None:
        declared = ", ".join(spec.content) or "none"
        given = request.media_type or "no Content-Type"
        return None, (), [Violation("content-type", "", f"{given} is not accepted; send {declared}")]
    try:
        body, files = decode_body(media, request, limits)
    except ValueError as exc:
        return None, (), [Violation("body", "", str(exc))]
    if media.schema is None:
        return body, files, []
    if operation.task_protocol is not None and isinstance(body, list):
        return body, files, _validate_tasks(operation, body)
    schema = request_view(media.schema)
    if (
        isinstance(body, list)
        and is_json_records(request.media_type or media.name)
        and stream_reading(schema) is StreamReading.EACH
    ):
        schema = _each_record(schema)
    problems = iter_problems(schema, body)
    return body, files, [Violation("body", where, message, kind=kind) for where, message, kind in problems]


def decode_body(
    media: MediaType, request: IncomingRequest, limits: InputLimits = DEFAULT_LIMITS
) -> tuple[Any, tuple[UploadedFile, ...]]:
    """The request body as the value its schema judges (JSON, forms, XML, text or bytes), and the files a
    multipart form uploaded."""
    kind = request.media_type or media.name
    # `kind` is an essence already: a plain prefix test, not `is_multipart`, on every request body's path
    if kind == "multipart/form-data" or (kind.startswith("multipart/") and holds_fields(media.schema)):
        # other multipart types name no fields: their parts are the schema's properties, in order
        content_type = request.headers.get("content-type", "")
        return decode_multipart(request.body, content_type, media.schema, media.encoding, _finite_cast)
    return _decoded_value(kind, media, request, limits), ()


def _decoded_value(kind: str, media: MediaType, request: IncomingRequest, limits: InputLimits) -> Any:
    if kind == "application/x-www-form-urlencoded":
        pairs = list(parse_body(kind, request.body, limits, pairs=True))
        if len(pairs) == 1 and b"=" not in request.body and not holds_fields(media.schema):
            # a bare value for a body that is one value (`-d 2147483646` for envoice's integer): the value itself,
            # not a field of that name with none
            pairs = [("", pairs[0][0])]
        return decode_form(pairs, media.schema, media.encoding, _finite_cast)
    if is_json_records(kind):
        return _records(kind, media, request.body, limits)
    if is_json_media(kind):
        return parse_body(kind, request.body, limits)
    if is_xml(kind):
        return parse_xml(request.body, media.schema, _xml_cast)
    if is_yaml(kind):
        return parse_yaml(request.body, limits.max_json_depth)
    if kind == "application/octet-stream" or not kind.startswith("text/"):
        return request.body.decode("latin-1")  # bytes, as a binary string (`format: binary`)
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the body is not UTF-8 text") from None
    return _finite_cast(deref(media.schema) or {"type": "string"}, text)


def _records(kind: str, media: MediaType, raw: bytes, limits: InputLimits) -> Any:
    """A stream of JSON texts (NDJSON, JSON Lines, json-seq) as the list of its records, each read as a JSON body is;
    the text itself where the schema takes only a string (`stream_reading`). Read as one JSON text, two records were
    refused as malformed JSON (Elasticsearch's `_bulk`)."""
    if stream_reading(media.schema) is StreamReading.TEXT:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("the body is not UTF-8 text") from None
    texts = records_in(kind, raw)
    if not texts:
        raise ValueError("the body holds no JSON record")  # whitespace, as in a JSON body: nothing to judge
    return [decode_json(text, limits, f"record {number}") for number, text in enumerate(texts, 1)]


_EACH_RECORD: IdentityCache[Schema] = IdentityCache(max_entries=10_000)


def _each_record(schema: Schema) -> Schema:
    """The schema a stream's records are judged by where it describes one record (`StreamReading.EACH`): the list of
    them, each by it."""
    return _EACH_RECORD.get_or_build((schema,), lambda: {"type": "array", "items": schema})


def _finite_cast(schema: Schema, raw: str) -> Any:
    """cast_scalar, except that text reading as inf or nan stays text (and fails a numeric schema)."""
    value = cast_scalar(schema, raw)
    return raw if _not_finite(value) else value


# A whole number written with a fraction of zeros: `1073.0`, as JSON and schemathesis write the integer 1073.0.
_ZERO_FRACTION = re.compile(r"([+-]?\d+)\.0+")


def _xml_cast(schema: Schema, raw: str) -> Any:
    """_finite_cast, except that a whole number written with a fraction of zeros is the integer an integer's schema
    asks for, as JSON Schema counts 1073.0 an integer (agco-ats' `<JobID>162404087.0</JobID>` was refused). Not for
    parameters or forms, where openapi-core, the reference, casts with `int()`."""
    value = _finite_cast(schema, raw)
    if (
        isinstance(value, str)
        and (whole := _ZERO_FRACTION.fullmatch(value.strip()))
        and "integer" in schema_types(schema)
    ):
        return int(whole.group(1))
    return value


def _parameter_cast(schema: Schema, raw: str) -> Any:
    """_finite_cast, except that an empty text stays text, judged as such: openapi-core casts Mollie's `?limit=`
    (`type: [integer, "null"]`) to no integer and to no null either, and refuses it."""
    return raw if raw == "" else _finite_cast(schema, raw)


def parse_body(media_type: str, raw: bytes, limits: InputLimits = DEFAULT_LIMITS, pairs: bool = False) -> Any:
    """The body as the media type reads it; InvalidInput (with a message for a person) when it can't be."""
    if media_type == "application/x-www-form-urlencoded":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("the form body is not valid application/x-www-form-urlencoded") from None
        decoded = decode_query(text, limits)
        return decoded if pairs else dict(decoded)
    if is_json_media(media_type):
        return decode_json(raw, limits)
    return raw.decode("utf-8", errors="replace")


def _validate_tasks(operation: Operation, tasks: list[Any]) -> list[Violation]:
    protocol = operation.task_protocol
    assert protocol is not None
    violations = []
    known = ", ".join(sorted(protocol.request_schemas))
    for index, task in enumerate(tasks):
        if not isinstance(task, dict):
            violations.append(Violation("body", f"[{index}]", "a task must be a JSON object", index))
            continue
        task_type = task.get(protocol.discriminator)
        schema = protocol.request_schemas.get(task_type) if isinstance(task_type, str) else None
        if schema is None:
            message = f"unknown {protocol.discriminator} {task_type!r}; expected one of {known}"
            violations.append(Violation("body", f"[{index}].{protocol.discriminator}", message, index))
            continue
        for where, message, kind in iter_problems(schema, task):
            violations.append(Violation("body", f"[{index}].{where}" if where else f"[{index}]", message, index, kind))
    return violations


# ---------------------------------------------------------------- security


def check_security(
    api: Api, operation: Operation, request: IncomingRequest, body: Any, policy: AccessPolicy
) -> tuple[str | None, list[Violation]]:
    """Return the credential that satisfied the operation's security, or why none did."""
    if operation.open_to_anyone:
        return _any_credential(api, operation, request, body), []
    missing: list[str] = []
    refused: list[str] = []
    for requirement in operation.security:
        credentials = [_credential(api, name, request) for name in requirement]
        accepted = [c is not None and policy.accepts(c, api.name) for c in credentials]
        if all(accepted):
            return credentials[0], []
        for name, right in zip(requirement, accepted, strict=True):
            if right:
                continue  # this one is right: another the requirement asks for beside it is what is wanting
            description, sent = _describe_missing(api, name, request, policy)
            said = refused if sent else missing
            if description not in said:  # two schemes in one header (Asana's token and OAuth) say it once
                said.append(description)
    task_credential = _task_credential(operation, body)
    if task_credential is not None and operation.task_protocol is not None:
        if policy.accepts(task_credential, api.name):
            return task_credential, []
        field_name = operation.task_protocol.credential_field or ""
        return None, [Violation("security", field_name, "invalid API key", 0, ViolationKind.INVALID_CREDENTIALS)]
    if refused:
        message = "invalid API key: " + "; ".join(refused)
        return None, [Violation("security", "", message, kind=ViolationKind.INVALID_CREDENTIALS)]
    message = "missing credentials: " + " or ".join(missing)
    return None, [Violation("security", "", message, kind=ViolationKind.MISSING_CREDENTIALS)]


def auth_challenge(api: Api, operation: Operation) -> str | None:
    """The `WWW-Authenticate` a 401 answers with (RFC 9110 §11.6.1: it must), one challenge for each HTTP scheme the
    operation takes: `Bearer` for bearer tokens and OAuth 2 / OpenID Connect, `Basic`; None for API keys alone,
    which HTTP names no scheme for."""
    realm = api.title.replace("\\", "").replace('"', "") or api.name
    found: list[str] = []
    for requirement in operation.security:
        for name in requirement:
            scheme = api.security_schemes.get(name)
            if scheme is None:
                continue
            if scheme.kind == "http" and scheme.scheme:
                word = scheme.scheme.capitalize()
            elif scheme.kind in ("oauth2", "openIdConnect"):
                word = "Bearer"
            else:
                continue
            challenge = f'{word} realm="{realm}"'
            if challenge not in found:
                found.append(challenge)
    return ", ".join(found) or None


def _any_credential(api: Api, operation: Operation, request: IncomingRequest, body: Any) -> str | None:
    for name in api.security_schemes:
        found = _credential(api, name, request)
        if found:
            return found
    return _task_credential(operation, body)


def _task_credential(operation: Operation, body: Any) -> str | None:
    protocol = operation.task_protocol
    if protocol is None or not protocol.credential_field or not isinstance(body, list) or not body:
        return None
    first = body[0]
    if isinstance(first, dict) and first.get(protocol.discriminator) == protocol.authentication_task:
        value = first.get(protocol.credential_field)
        return value if isinstance(value, str) else ""
    return None


def _credential(api: Api, scheme_name: str, request: IncomingRequest) -> str | None:
    scheme = api.security_schemes.get(scheme_name)
    if scheme is None:
        return None
    if scheme.kind == "apiKey":
        source = {"header": request.headers, "cookie": request.cookies}.get(scheme.location)
        if scheme.location == "query":
            return next((v for k, v in request.query if k == scheme.parameter_name), None)
        key = scheme.parameter_name.lower() if scheme.location == "header" else scheme.parameter_name
        value = source.get(key) if source is not None else None
        if key == "authorization" and value is not None and " " in value.strip():
            # RFC 9110 writes credentials as `<auth-scheme> <token>`: Gitea's key goes as `token <key>`
            return value.strip().rsplit(" ", 1)[1]
        return value
    authorization = request.headers.get("authorization")
    if authorization is None:
        return None
    prefix, _, value = authorization.partition(" ")
    wanted = "basic" if scheme.kind == "http" and scheme.scheme == "basic" else "bearer"
    if scheme.kind == "http" and scheme.scheme not in ("bearer", "basic"):
        wanted = scheme.scheme
    if prefix.lower() != wanted:
        return None
    if wanted == "basic":
        return _basic_user_password(value.strip())
    return value.strip()


def _basic_user_password(token: str) -> str:
    """`user:password` from a Basic credential, so `--api-key user:password` names it; "" when undecodable."""
    try:
        return base64.b64decode(token, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return ""


def _describe_missing(api: Api, scheme_name: str, request: IncomingRequest, policy: AccessPolicy) -> tuple[str, bool]:
    """Why a scheme's credential did not do, and whether one was sent (and refused)."""
    scheme = api.security_schemes.get(scheme_name)
    found = _credential(api, scheme_name, request)
    if scheme is None:
        return f"unknown security scheme {scheme_name}", False
    where = f"{scheme.parameter_name} {scheme.location}" if scheme.kind == "apiKey" else "Authorization: Bearer header"
    if scheme.kind == "http" and scheme.scheme == "basic":
        where = "Authorization: Basic header"
    if found is None or found == "":
        return f"{where} not sent", False
    return f"{where} is invalid", True
