"""The one place that reads OpenAPI documents: parse, validate, normalise, index.

Every later stage receives `Api` and `Operation` objects built here and never looks at a
raw document. Normalising means: one dialect (OpenAPI 3.1 / JSON Schema 2020-12, so a
3.0 `nullable: true` becomes a type list), `$ref`s inlined, and documents that share an
API name (Runware ships one document per task type) merged into one.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from mock.model import (
    Api,
    ErrorStyle,
    MediaType,
    Operation,
    Parameter,
    RequestBodySpec,
    ResponseSpec,
    Schema,
    SecurityScheme,
    TaskProtocol,
)
from mock.overlays import OverlayError, apply_overlay, load_overlay, overlays_for

SPEC_SUFFIXES = (".json", ".yaml", ".yml")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class SpecError(Exception):
    """A spec file that cannot be served; the message is one line: file: place: problem."""

    def __init__(self, file: Path | str, place: str, problem: str) -> None:
        self.file = str(file)
        self.place = place
        self.problem = " ".join(problem.split())
        super().__init__(f"{self.file}: {self.place}: {self.problem}")


# ---------------------------------------------------------------- reading


def read_document(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            document = json.loads(text)
        else:
            document = yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise SpecError(path, f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1} column {mark.column + 1}" if mark else "document"
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError(path, place, f"invalid YAML: {problem}") from None
    if not isinstance(document, dict) or "openapi" not in document:
        raise SpecError(path, "document", "not an OpenAPI document (no top-level `openapi` key)")
    version = str(document["openapi"])
    if not re.match(r"3\.[01]\.\d+$", version):
        raise SpecError(path, "openapi", f"unsupported OpenAPI version {version!r}; 3.0.x and 3.1.x are supported")
    return document


def _validation_cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "specmock" / "validated"


def validate_document(document: dict[str, Any], path: Path) -> None:
    """Validate against the OpenAPI meta-schema; a document seen valid before is not re-checked.

    Validation is the slowest part of start-up (about 0.2 s for AERIOX), so the content hash
    of every document that passed is remembered.
    """
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    marker = _validation_cache_dir() / digest
    if marker.exists():
        return
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    validator_cls = OpenAPIV30SpecValidator if str(document["openapi"]).startswith("3.0") else OpenAPIV31SpecValidator
    try:
        error = next(iter(validator_cls(document).iter_errors()), None)
    except Exception as exc:  # the validator trips over broken $refs; our own resolver names them precisely
        inline_refs(document, path)
        raise SpecError(path, "document", f"{type(exc).__name__}: {exc}"[:300]) from None
    if error is not None:
        place = "$" + "".join(f"[{p!r}]" if not isinstance(p, int) else f"[{p}]" for p in error.absolute_path)
        raise SpecError(path, place, error.message.splitlines()[0])
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # a read-only home only costs the speed-up


# ---------------------------------------------------------------- normalising


def _pointer(parts: list[str | int]) -> str:
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _resolve_pointer(document: dict[str, Any], ref: str, path: Path, place: str) -> Any:
    if not ref.startswith("#/"):
        raise SpecError(path, place, f"external $ref {ref!r} is not supported; inline it or use #/components")
    node: Any = document
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise SpecError(path, place, f"$ref {ref!r} points at nothing")
    return node


def inline_refs(document: dict[str, Any], path: Path) -> dict[str, Any]:
    """Replace every `$ref` by a copy of its target; siblings of a `$ref` are kept (3.1 allows them)."""

    def walk(node: Any, trail: list[str | int], active: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                ref = node["$ref"]
                if ref in active:
                    raise SpecError(path, _pointer(trail), f"recursive $ref {ref!r} is not supported")
                target = walk(_resolve_pointer(document, ref, path, _pointer(trail)), trail, active + (ref,))
                siblings = {k: walk(v, trail + [k], active) for k, v in node.items() if k != "$ref"}
                if not siblings:
                    return target
                if isinstance(target, dict):
                    return {**target, **siblings}
                return target
            return {k: walk(v, trail + [k], active) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, trail + [i], active) for i, v in enumerate(node)]
        return node

    return walk(document, [], ())


SCHEMA_CHILD_KEYS = ("items", "additionalProperties", "not", "contains", "propertyNames", "unevaluatedProperties")
SCHEMA_LIST_KEYS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_MAP_KEYS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def _rewrite_schema_dialect(schema: Any, trail: list[str | int], notes: list[str], source: str) -> Any:
    """Rewrite OpenAPI 3.0 schema keywords into their JSON Schema 2020-12 forms."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    for key in SCHEMA_CHILD_KEYS:
        if isinstance(out.get(key), dict):
            out[key] = _rewrite_schema_dialect(out[key], trail + [key], notes, source)
    for key in SCHEMA_LIST_KEYS:
        if isinstance(out.get(key), list):
            out[key] = [_rewrite_schema_dialect(s, trail + [key, i], notes, source) for i, s in enumerate(out[key])]
    for key in SCHEMA_MAP_KEYS:
        if isinstance(out.get(key), dict):
            out[key] = {n: _rewrite_schema_dialect(s, trail + [key, n], notes, source) for n, s in out[key].items()}
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(out.get(bound), bool):
            if out[bound] and limit in out:
                out[bound] = out.pop(limit)
            else:
                del out[bound]
            notes.append(f"{source}: {_pointer(trail)}: boolean {bound} → numeric {bound}")
    if "nullable" in out:
        nullable = out.pop("nullable")
        if nullable is True:
            out = _make_nullable(out)
            notes.append(f"{source}: {_pointer(trail)}: nullable: true → null allowed (3.1 form)")
        else:
            notes.append(f"{source}: {_pointer(trail)}: nullable: false dropped")
    return out


def _make_nullable(schema: Schema) -> Schema:
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


def _walk_schemas(document: dict[str, Any], rewrite) -> None:
    """Apply `rewrite(schema, trail)` to every top-level schema position of an OpenAPI document."""

    def fix_media(content: Any, trail: list[str | int]) -> None:
        if isinstance(content, dict):
            for media_name, media in content.items():
                if isinstance(media, dict) and "schema" in media:
                    media["schema"] = rewrite(media["schema"], trail + [media_name, "schema"])

    def fix_parameters(parameters: Any, trail: list[str | int]) -> None:
        for i, parameter in enumerate(parameters or []):
            if isinstance(parameter, dict):
                if "schema" in parameter:
                    parameter["schema"] = rewrite(parameter["schema"], trail + [i, "schema"])
                fix_media(parameter.get("content"), trail + [i, "content"])

    def fix_responses(responses: Any, trail: list[str | int]) -> None:
        for status, response in (responses or {}).items():
            if isinstance(response, dict):
                fix_media(response.get("content"), trail + [status, "content"])
                for header_name, header in (response.get("headers") or {}).items():
                    if isinstance(header, dict) and "schema" in header:
                        header["schema"] = rewrite(header["schema"], trail + [status, "headers", header_name, "schema"])

    components = document.get("components") or {}
    for name, schema in list((components.get("schemas") or {}).items()):
        components["schemas"][name] = rewrite(schema, ["components", "schemas", name])
    fix_parameters(list((components.get("parameters") or {}).values()), ["components", "parameters"])
    fix_responses(components.get("responses"), ["components", "responses"])
    for name, body in (components.get("requestBodies") or {}).items():
        if isinstance(body, dict):
            fix_media(body.get("content"), ["components", "requestBodies", name, "content"])
    for template, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        fix_parameters(item.get("parameters"), ["paths", template, "parameters"])
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                trail: list[str | int] = ["paths", template, method]
                fix_parameters(operation.get("parameters"), trail + ["parameters"])
                if isinstance(operation.get("requestBody"), dict):
                    fix_media(operation["requestBody"].get("content"), trail + ["requestBody", "content"])
                fix_responses(operation.get("responses"), trail + ["responses"])


def normalise_document(document: dict[str, Any], path: Path) -> tuple[dict[str, Any], list[str]]:
    notes: list[str] = []
    document = copy.deepcopy(document)
    _walk_schemas(document, lambda schema, trail: _rewrite_schema_dialect(schema, trail, notes, path.name))
    if str(document["openapi"]).startswith("3.0"):
        notes.append(f"{path.name}: openapi {document['openapi']} → 3.1.0")
        document["openapi"] = "3.1.0"
    document = inline_refs(document, path)
    return document, notes


# ---------------------------------------------------------------- indexing


def api_name(document: dict[str, Any], path: Path) -> str:
    declared = (document.get("info") or {}).get("x-specmock-name")
    if declared:
        return str(declared)
    return re.split(r"[-_.]", path.name, maxsplit=1)[0].lower()


def base_path(document: dict[str, Any]) -> str:
    servers = document.get("servers") or [{"url": "/"}]
    url = str(servers[0].get("url", "/"))
    url = re.sub(r"\{[^}]*\}", "", url)  # server variables: their defaults are hosts, not paths, in our specs
    return urlsplit(url).path.rstrip("/")


def _parameters(item: dict[str, Any], operation: dict[str, Any]) -> tuple[Parameter, ...]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        merged[(raw["name"], raw["in"])] = raw
    parameters = []
    for (name, location), raw in merged.items():
        schema = raw.get("schema")
        if schema is None and raw.get("content"):
            schema = next(iter(raw["content"].values())).get("schema")
        style = raw.get("style") or ("simple" if location in ("path", "header") else "form")
        parameters.append(
            Parameter(
                name=name,
                location=location,
                required=bool(raw.get("required")) or location == "path",
                schema=schema or {},
                style=style,
                explode=raw.get("explode", style == "form"),
                allow_empty=bool(raw.get("allowEmptyValue")),
            )
        )
    return tuple(parameters)


def _examples(media: dict[str, Any]) -> dict[str, Any]:
    examples = {}
    if "example" in media:
        examples["default"] = media["example"]
    for name, example in (media.get("examples") or {}).items():
        if isinstance(example, dict) and "value" in example:
            examples[name] = example["value"]
    return examples


def _content(raw: dict[str, Any] | None) -> dict[str, MediaType]:
    return {
        name: MediaType(name=name, schema=media.get("schema"), examples=_examples(media))
        for name, media in (raw or {}).items()
        if isinstance(media, dict)
    }


def _responses(raw: dict[str, Any]) -> dict[str, ResponseSpec]:
    responses = {}
    for status, response in raw.items():
        headers = {}
        required_headers = set()
        for header_name, header in (response.get("headers") or {}).items():
            headers[header_name.lower()] = header.get("schema") or {}
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


def _operation_id(method: str, template: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", template)
    return method.lower() + "".join(w.capitalize() for w in words)


def build_operations(name: str, document: dict[str, Any]) -> tuple[Operation, ...]:
    global_security = document.get("security") or []
    operations = []
    for template, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            raw = item.get(method)
            if not isinstance(raw, dict):
                continue
            body = raw.get("requestBody")
            operations.append(
                Operation(
                    api=name,
                    operation_id=raw.get("operationId") or _operation_id(method, template),
                    method=method.upper(),
                    path=template,
                    summary=str(raw.get("summary", "")),
                    parameters=_parameters(item, raw),
                    request_body=RequestBodySpec(bool(body.get("required")), _content(body.get("content")))
                    if isinstance(body, dict)
                    else None,
                    responses=_responses(raw.get("responses") or {}),
                    security=tuple(raw["security"] if "security" in raw else global_security),
                    task_protocol=_task_protocol(raw),
                )
            )
    return tuple(operations)


def _security_schemes(document: dict[str, Any]) -> dict[str, SecurityScheme]:
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


# ---------------------------------------------------------------- task protocol (Runware)


def _task_items(schema: Any) -> list[Schema]:
    """The element schemas of an array-of-tasks body, or [] when the body is something else."""
    if not isinstance(schema, dict) or schema.get("type") != "array" or not isinstance(schema.get("items"), dict):
        return []
    items = schema["items"]
    candidates = items.get("oneOf") or items.get("anyOf") or [items]
    if all(isinstance(c, dict) and "const" in (c.get("properties") or {}).get("taskType", {}) for c in candidates):
        return candidates
    return []


def _json_schema(content: dict[str, Any] | None) -> Any:
    return ((content or {}).get("application/json") or {}).get("schema")


def _result_items(raw_operation: dict[str, Any]) -> list[Schema]:
    for status, response in (raw_operation.get("responses") or {}).items():
        if str(status).startswith("2"):
            schema = _json_schema(response.get("content"))
            data = ((schema or {}).get("properties") or {}).get("data") or {}
            items = data.get("items")
            if isinstance(items, dict):
                return items.get("oneOf") or [items]
    return []


def _task_type(schema: Schema) -> str:
    return str(schema["properties"]["taskType"]["const"])


def _task_protocol(raw_operation: dict[str, Any]) -> TaskProtocol | None:
    tasks = _task_items(_json_schema((raw_operation.get("requestBody") or {}).get("content")))
    if not tasks:
        return None
    results = {}
    for result in _result_items(raw_operation):
        const = ((result.get("properties") or {}).get("taskType") or {}).get("const")
        if const is not None:
            results[str(const)] = result
    requests = {_task_type(t): t for t in tasks}
    authentication = "authentication" if "authentication" in requests else None
    credential = None
    if authentication:
        auth_schema = requests[authentication]
        credential = next(
            (p for p in auth_schema.get("required", []) if p != "taskType" and "key" in p.lower()),
            None,
        )
    return TaskProtocol("taskType", requests, results, authentication, credential)


def _merge_task_operations(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two documents declaring the same array-of-tasks operation become one accepting either task."""
    merged = copy.deepcopy(first)
    request = _json_schema(merged["requestBody"]["content"])
    tasks = _task_items(request) + _task_items(_json_schema(second["requestBody"]["content"]))
    by_type = {_task_type(t): t for t in tasks}
    request["items"] = {"oneOf": list(by_type.values())}
    results = {}
    for result in _result_items(first) + _result_items(second):
        const = ((result.get("properties") or {}).get("taskType") or {}).get("const")
        results[str(const)] = result
    for status, response in merged.get("responses", {}).items():
        if str(status).startswith("2"):
            schema = _json_schema(response.get("content"))
            if schema and isinstance((schema.get("properties") or {}).get("data"), dict):
                schema["properties"]["data"]["items"] = {"oneOf": list(results.values())}
    merged["summary"] = " / ".join(filter(None, [first.get("summary"), second.get("summary")]))
    merged["operationId"] = "run_tasks"
    return merged


def merge_documents(name: str, documents: list[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    (first_path, merged), *rest = documents
    merged = copy.deepcopy(merged)
    for path, document in rest:
        if base_path(document) != base_path(merged):
            raise SpecError(path, "servers", f"API {name!r} is served under {base_path(merged)!r} by {first_path.name}; this document says {base_path(document)!r}")
        for template, item in (document.get("paths") or {}).items():
            target = merged.setdefault("paths", {}).setdefault(template, {})
            for method, operation in item.items():
                if method not in target:
                    target[method] = operation
                elif method in HTTP_METHODS and _task_items(_json_schema((operation.get("requestBody") or {}).get("content"))) and _task_items(_json_schema((target[method].get("requestBody") or {}).get("content"))):
                    target[method] = _merge_task_operations(target[method], operation)
                elif method in HTTP_METHODS:
                    raise SpecError(path, f"paths[{template!r}].{method}", f"{method.upper()} {template} is also defined by {first_path.name} for API {name!r}")
        components = merged.setdefault("components", {})
        for section, entries in (document.get("components") or {}).items():
            for entry_name, entry in entries.items():
                components.setdefault(section, {}).setdefault(entry_name, entry)
        for requirement in document.get("security") or []:
            if requirement not in merged.setdefault("security", []):
                merged["security"].append(requirement)
    titles = [str((d.get("info") or {}).get("title", "")) for _, d in documents]
    if len(documents) > 1:
        merged["info"] = {**merged.get("info", {}), "title": _common_title(titles)}
        merged["info"]["description"] = "Merged by specmock from: " + ", ".join(p.name for p, _ in documents) + "."
    return merged


def _common_title(titles: list[str]) -> str:
    prefix = os.path.commonprefix(titles)
    if prefix not in titles:
        prefix = prefix[: max(prefix.rfind(" "), 0)]
    return prefix.rstrip(" -–—:") or titles[0]


# ---------------------------------------------------------------- error envelope


def _is_client_error(status: str) -> bool:
    return status.startswith("4") or status == "4XX"


def find_error_schema(operations: tuple[Operation, ...]) -> Schema | None:
    """The schema most 4xx responses share: what the API answers when no operation matched."""
    counts: Counter[str] = Counter()
    by_key: dict[str, Schema] = {}
    for operation in operations:
        for response in operation.responses.values():
            media = response.json_media()
            if _is_client_error(response.status) and media and media.schema:
                key = json.dumps(media.schema, sort_keys=True)
                counts[key] += 1
                by_key[key] = media.schema
    if not counts:
        return None
    return by_key[counts.most_common(1)[0][0]]


def detect_error_style(document: dict[str, Any], error_schema: Schema | None) -> ErrorStyle:
    """Guess how the API spells error codes from the identifiers its own text uses."""
    text = json.dumps(error_schema or {})
    for operation in _raw_operations(document):
        for status, response in (operation.get("responses") or {}).items():
            if str(status).startswith("4"):
                text += " " + str(response.get("description", ""))
    words = set(re.findall(r"\b[A-Za-z][A-Za-z0-9_]{3,}\b", text))
    if any(re.fullmatch(r"[A-Z]+(?:_[A-Z]+)+", w) for w in words):
        return ErrorStyle("upper")
    if any(re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]+)+", w) and w not in CAMEL_SCHEMA_WORDS for w in words):
        return ErrorStyle("camel")
    return ErrorStyle("snake")


# JSON Schema and OpenAPI keywords are camelCase too; they say nothing about the API.
CAMEL_SCHEMA_WORDS = {
    "additionalProperties", "minItems", "maxItems", "minLength", "maxLength", "oneOf", "anyOf", "allOf",
    "uniqueItems", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "patternProperties", "readOnly",
    "writeOnly", "minProperties", "maxProperties", "propertyNames", "unevaluatedProperties", "prefixItems",
    "taskType", "taskUUID", "contentType", "contentEncoding", "contentMediaType",
}


def _raw_operations(document: dict[str, Any]):
    for item in (document.get("paths") or {}).values():
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield item[method]


# ---------------------------------------------------------------- entry points


def spec_files(specs_dir: Path) -> list[Path]:
    if not specs_dir.is_dir():
        raise SpecError(specs_dir, "directory", "no such directory")
    return sorted(p for p in specs_dir.iterdir() if p.is_file() and p.suffix in SPEC_SUFFIXES)


def load_apis(specs_dir: Path, overlays_dir: Path | None = None) -> dict[str, Api]:
    """Every API in `specs_dir`, with the overlays of `overlays_dir` (default specs_dir/overlays) applied."""
    grouped: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    notes: dict[str, list[str]] = {}
    for path in spec_files(specs_dir):
        raw = read_document(path)
        validate_document(raw, path)
        document, applied = normalise_document(raw, path)
        name = api_name(raw, path)
        grouped.setdefault(name, []).append((path, document))
        notes.setdefault(name, []).extend(applied)
    if not grouped:
        raise SpecError(specs_dir, "directory", "no *.json, *.yaml or *.yml OpenAPI documents found")
    overlays_dir = overlays_dir if overlays_dir is not None else specs_dir / "overlays"
    return {name: build_api(name, documents, notes[name], overlays_dir) for name, documents in grouped.items()}


def apply_overlays(name: str, document: dict[str, Any], overlays_dir: Path) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """Apply specs/overlays/<name>.*.yaml (OpenAPI Overlay 1.0): what we add to a vendor document."""
    paths = tuple(overlays_for(name, overlays_dir))
    for path in paths:
        try:
            document = apply_overlay(document, load_overlay(path))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            place = f"line {mark.line + 1} column {mark.column + 1}" if mark else "document"
            raise SpecError(path, place, f"invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
        except OverlayError as exc:
            raise SpecError(path, "actions", str(exc)) from None
        document = inline_refs(document, path)  # overlays may $ref the document's own components
    return document, paths


def build_api(name: str, documents: list[tuple[Path, dict[str, Any]]], notes: list[str], overlays_dir: Path) -> Api:
    document = merge_documents(name, documents)
    document, overlays = apply_overlays(name, document, overlays_dir)
    notes = [*notes, *(f"{path.name}: overlay applied" for path in overlays)]
    operations = build_operations(name, document)
    seen: dict[str, Operation] = {}
    for operation in operations:
        if operation.operation_id in seen:
            raise SpecError(documents[0][0], f"paths[{operation.path!r}].{operation.method.lower()}", f"operationId {operation.operation_id!r} is used twice")
        seen[operation.operation_id] = operation
    error_schema = find_error_schema(operations)
    return Api(
        name=name,
        title=str((document.get("info") or {}).get("title", name)),
        document=document,
        base_path=base_path(document),
        sources=tuple(p for p, _ in documents),
        overlays=overlays,
        operations=operations,
        security_schemes=_security_schemes(document),
        error_schema=error_schema,
        error_style=detect_error_style(document, error_schema),
        normalisations=tuple(notes),
    )
