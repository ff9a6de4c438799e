"""Operations, parameters, media types, responses and security schemes of a normalised document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from mock.spec.errors import SpecError
from mock.spec.model import (
    HTTP_METHODS,
    CallbackSpec,
    EmptyValue,
    MediaType,
    Operation,
    Parameter,
    Query,
    RequestBodySpec,
    ResponseSpec,
    SecurityScheme,
)
from mock.spec.refs import deref, pointer
from mock.spec.task_protocol import task_protocol_of


def api_name(document: dict[str, Any], path: Path) -> str:
    declared = (document.get("info") or {}).get("x-specmock-name")
    if declared:
        return str(declared)
    return re.split(r"[-_.]", path.name, maxsplit=1)[0].lower()


def server_url(document: dict[str, Any]) -> str:
    """The first server's URL with each variable at its default: `{scheme}://host/api` is https://host/api, and
    `https://host/{base}` with `/api` https://host/api."""
    servers = document.get("servers") or [{"url": "/"}]
    server = servers[0] if isinstance(servers[0], dict) else {}
    url = str(server.get("url", "/"))
    declared = server.get("variables")
    variables: dict[str, Any] = declared if isinstance(declared, dict) else {}

    def default(found: re.Match[str]) -> str:
        variable = variables.get(found.group(1))
        value = str(variable.get("default", "")) if isinstance(variable, dict) else ""
        if value.startswith("/") and found.string[: found.start()].endswith("/"):
            value = value.lstrip("/")  # Red Hat's `https://cloud.redhat.com/{basePath}` with `/api/…`: one slash
        return value

    url = re.sub(r"\{([^}]*)\}", default, url)
    return "https" + url if url.startswith("://") else url  # a `{scheme}` the spec gives no default


def base_path(document: dict[str, Any]) -> str:
    return urlsplit(server_url(document)).path.rstrip("/")


LOCATIONS = ("path", "query", "header", "cookie")
# "If in is header and the name field is Accept, Content-Type or Authorization, the parameter definition
# SHALL be ignored" (OpenAPI 3.0 and 3.1): content negotiation, the body's media type and security say those.
IGNORED_HEADER_PARAMETERS = frozenset({"accept", "content-type", "authorization"})


# `allowEmptyValue` as written; unsaid, `?x=` is the text "" (a string takes it, as real backends do).
_EMPTY_VALUES: dict[Any, EmptyValue] = {False: EmptyValue.REFUSED, True: EmptyValue.ALLOWED}


def _parameters(template: str, item: dict[str, Any], operation: dict[str, Any]) -> tuple[Parameter, ...]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        raw = deref(raw)
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or raw.get("in") not in LOCATIONS:
            raise ValueError(f"a parameter needs a `name` and an `in` of {', '.join(LOCATIONS)}: {str(raw)[:80]}")
        merged[(raw["name"], raw["in"])] = raw
    parameters = []
    placed = set(path_parameter_names(template))
    for (name, location), raw in merged.items():
        if location == "header" and name.lower() in IGNORED_HEADER_PARAMETERS:
            continue
        if location == "path" and name not in placed:
            continue  # no request can send it (`unplaceable_path_parameters` warns of it)
        parameters.append(parameter_of(raw))
    return tuple(parameters)


def parameter_of(raw: dict[str, Any]) -> Parameter:
    """A parameter as declared (`name`, `in`, a `schema` or `content`, `style`, `explode`…), its style and explode
    defaulted as OpenAPI says: the mock reads requests by it, and the contract runner reads what it sent so."""
    name, location = raw["name"], raw["in"]
    schema = raw.get("schema")
    media = None
    if schema is None and isinstance(raw.get("content"), dict) and raw["content"]:
        # OpenAPI's other way to declare a parameter: its value is a text in one media type (Directus' `filter` is
        # JSON), not written in a style
        media, declared = next(iter(raw["content"].items()))
        schema = declared.get("schema") if isinstance(declared, dict) else None
    style = raw.get("style") or ("simple" if location in ("path", "header") else "form")
    return Parameter(
        name=name,
        location=location,
        required=bool(raw.get("required")) or location == "path",
        schema=schema or {},
        style=style,
        explode=raw.get("explode", style == "form"),
        empty_value=_EMPTY_VALUES.get(raw.get("allowEmptyValue"), EmptyValue.AS_TEXT),
        multi_segment=bool(raw.get("x-multi-segment")) or (location == "path" and _pattern_has_slashes(schema)),
        media=str(media).lower() if media is not None else None,
    )


def _pattern_has_slashes(schema: Any) -> bool:
    """Whether a parameter's pattern asks for a `/` outside any character class: gRPC-gateway's resource names
    (`projects/[^/]+/notes/[^/]+` at `/v1/{name}`), which clients send with their slashes as they are."""
    pattern = schema.get("pattern") if isinstance(schema, dict) else None
    if not isinstance(pattern, str):
        return False
    outside_classes = re.sub(r"\[(?:\\.|[^\]])*\]", "", pattern)  # `\/` is a slash all the same
    return "/" in outside_classes


def _header_schema(header: dict[str, Any]) -> dict[str, Any]:
    """A response header's schema, carrying the Header Object's own `example` where the schema shows none (Twilio's
    `Access-Control-Allow-Origin` shows `*` beside its schema, and got a random word)."""
    schema = header.get("schema") or {}
    shown = list(_examples(header).values())
    if not isinstance(schema, dict) or "example" in schema or not shown:
        return schema
    return {**schema, "example": shown[0]}


def _examples(media: dict[str, Any]) -> dict[str, Any]:
    """Example name -> value; examples recorded from a real backend (`x-specmock-recorded`) come first,
    so the mock serves them by default."""
    named = [
        (name, example)
        for name, example in (media.get("examples") or {}).items()
        if isinstance(example, dict) and "value" in example
    ]
    examples = {name: example["value"] for name, example in named if example.get("x-specmock-recorded")}
    if "example" in media:
        examples["default"] = media["example"]
    for name, example in named:
        examples.setdefault(name, example["value"])
    return examples


def media_name(written: str) -> str:
    """A media type as a spec writes it, its type and subtype in lower case (case-insensitive, RFC 9110 8.3.1) and its
    parameters as written: an answer's Content-Type repeats them, and a reader of the spec looks them up as written
    (GameSparks' `charset=UTF-8`; Wikimedia's `profile` URL, whose path is case-sensitive)."""
    kind, semicolon, parameters = written.partition(";")
    return kind.strip().lower() + semicolon + parameters


def _content(raw: dict[str, Any] | None) -> dict[str, MediaType]:
    return {
        media_name(name): MediaType(
            name=media_name(name),
            schema=media.get("schema"),
            examples=_examples(media),
            encoding=dict(media.get("encoding") or {}),
        )
        for name, media in (raw or {}).items()
        if isinstance(media, dict)
    }


def _responses(raw: dict[str, Any]) -> dict[str, ResponseSpec]:
    responses = {}
    for status, response in raw.items():
        headers = {}
        required_headers = set()
        for header_name, header in (response.get("headers") or {}).items():
            headers[header_name.lower()] = _header_schema(header)
            if header.get("required"):
                required_headers.add(header_name.lower())
        responses[str(status)] = ResponseSpec(
            status=str(status),
            description=str(response.get("description", "")),
            headers=headers,
            required_headers=frozenset(required_headers),
            content=_content(response.get("content")),
        )
    return responses


def split_path_key(key: str) -> tuple[str, Query]:
    """A path key's template and the query pairs it fixes: `/v1/files?beta=true` → (`/v1/files`, (beta, true)). A
    pair whose value is a template (Medium's `/search/articles?query={query}`) fixes nothing: it shows where the
    operation's query parameter goes, and any value of it is the operation's."""
    key = key.split("#", 1)[0]
    template, _, query = key.partition("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    return template or "/", tuple((name, value) for name, value in pairs if not TEMPLATE_PARAMETER.fullmatch(value))


TEMPLATE_PARAMETER = re.compile(r"\{[^{}]+\}")  # a `{name}` of a path template


def template_shape(template: str) -> str:
    """A path template without its parameter names: `/orgs/{}/attestations/{}`."""
    return re.sub(r"\{[^}]+\}", "{}", template.rstrip("/"))


def template_below(template: str, base: str) -> bool:
    """Whether a path template is below another, whatever each calls its parameters (`/apps/{app_id}/deployments`
    is below `/apps/{id}`)."""
    return template_shape(template).startswith(template_shape(base) + "/")


def raw_operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Each operation object of a document's paths, with its path and method."""
    return [
        (path, method, operation)
        for path, item in (document.get("paths") or {}).items()
        if isinstance(item, dict)
        for method, operation in item.items()
        if method in HTTP_METHODS and isinstance(operation, dict)
    ]


def _operation_id(method: str, template: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", template)
    return method.lower() + "".join(w.capitalize() for w in words)


def path_parameter_names(path: str) -> list[str]:
    """The path template's parameters, in order, also within a segment (Twilio's `{Sid}.json`); none from a key's
    query (Medium's `/search/articles?query={query}` names its query parameter there) or fragment."""
    return re.findall(r"\{([^}]+)\}", path.split("#", 1)[0].partition("?")[0])


def declared_path_parameters(item: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    """The names of the path parameters an operation declares, its path item's and its own, in that order."""
    declared = [deref(raw) for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]]
    return [str(raw.get("name")) for raw in declared if isinstance(raw, dict) and raw.get("in") == "path"]


def merged_slashes(template: str) -> str:
    """The template with each run of slashes inside it written as one; its trailing slashes as they are (TomTom's
    `/wms//` is a template of its own beside `/wms/`)."""
    body = template.rstrip("/")
    return re.sub(r"/{2,}", "/", body) + template[len(body) :]


def unplaceable_path_parameters(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(JSON pointer of the operation, name) of each path parameter its path template has no `{name}` for: a
    Swashbuckle slip (Radarr's `GET /` with a required `path`) no request can satisfy, ignored where it is read.
    The other way round, a `{name}` nothing declares, is declared (`normalising.with_path_parameters_declared`)."""
    found = []
    for template, item in (document.get("paths") or {}).items():
        item = deref(item)
        if not isinstance(item, dict):
            continue
        placed = set(path_parameter_names(str(template)))
        for method in HTTP_METHODS:
            raw = item.get(method)
            if not isinstance(raw, dict):
                continue
            for name in declared_path_parameters(item, raw):
                if name not in placed:
                    found.append((pointer(["paths", template, method]), name))
    return found


def build_operations(name: str, document: dict[str, Any], source: Path | str = "") -> tuple[Operation, ...]:
    """The operations of a resolved document; a part that cannot be built is a SpecError naming it."""
    paths = document.get("paths") or {}
    if not isinstance(paths, dict):
        raise SpecError(source, "#/paths", "must be a mapping of path templates to path items")
    operations = []
    for template, item in paths.items():
        item = deref(item)
        if not isinstance(item, dict):
            raise SpecError(source, pointer(["paths", template]), "a path item must be a mapping")
        for method in HTTP_METHODS:
            raw = item.get(method)
            if raw is None:
                continue
            try:
                if not isinstance(raw, dict):
                    raise ValueError("an operation must be a mapping")
                operations.append(_operation(name, template, method, item, raw, document))
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                problem = (
                    str(exc) if isinstance(exc, ValueError) else f"malformed operation ({type(exc).__name__}: {exc})"
                )
                raise SpecError(source, pointer(["paths", template, method]), problem) from None
    return tuple(operations)


def _operation(
    name: str, template: str, method: str, item: dict[str, Any], raw: dict[str, Any], document: dict[str, Any]
) -> Operation:
    global_security = document.get("security") or []
    body = deref(raw.get("requestBody"))
    return Operation(
        api=name,
        operation_id=raw.get("operationId") or _operation_id(method, template),
        method=method.upper(),
        path=template,
        summary=str(raw.get("summary", "")),
        parameters=_parameters(template, item, raw),
        request_body=RequestBodySpec(bool(body.get("required")), _content(body.get("content")))
        if isinstance(body, dict)
        else None,
        responses=_responses(raw.get("responses") or {}),
        security=tuple(raw.get("security", global_security)),
        task_protocol=task_protocol_of(raw),
        callbacks=callback_specs(deref(raw.get("callbacks"))),
    )


def security_schemes(document: dict[str, Any]) -> dict[str, SecurityScheme]:
    schemes = {}
    for name, raw in ((document.get("components") or {}).get("securitySchemes") or {}).items():
        schemes[name] = SecurityScheme(
            name=name,
            kind=raw.get("type", ""),
            scheme=str(raw.get("scheme", "")).lower(),
            location=raw.get("in", ""),
            parameter_name=raw.get("name", ""),
        )
    return schemes


def callback_specs(raw: Any) -> tuple[CallbackSpec, ...]:
    """An operation's `callbacks` (name -> {url expression: path item}) as CallbackSpecs."""
    found = []
    for name, expressions in (raw or {}).items() if isinstance(raw, dict) else ():
        for url, item in (expressions or {}).items() if isinstance(expressions, dict) else ():
            found += _requests_of(str(name), str(url), item)
    return tuple(found)


def webhook_specs(document: dict[str, Any]) -> tuple[CallbackSpec, ...]:
    """OpenAPI 3.1 top-level `webhooks` (name -> path item): requests sent to a URL the user configures."""
    raw = document.get("webhooks")
    found = []
    for name, item in raw.items() if isinstance(raw, dict) else ():
        found += _requests_of(str(name), None, item)
    return tuple(found)


def _requests_of(name: str, url: str | None, item: Any) -> list[CallbackSpec]:
    found: list[CallbackSpec] = []
    for method in HTTP_METHODS:
        raw = item.get(method) if isinstance(item, dict) else None
        if not isinstance(raw, dict):
            continue
        content: dict[str, Any] = (raw.get("requestBody") or {}).get("content") or {}
        media_type, media = next(iter(content.items()), ("application/json", None))
        found.append(CallbackSpec(name, url, method.upper(), media_type, (media or {}).get("schema")))
    return found
