"""One dialect: OpenAPI 3.0 schema keywords rewritten to their 3.1 / JSON Schema 2020-12 forms."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mock.spec.model import HTTP_METHODS, Schema
from mock.spec.refs import inline_refs, pointer

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
            notes.append(f"{source}: {pointer(trail)}: boolean {bound} → numeric {bound}")
    if "nullable" in out:
        nullable = out.pop("nullable")
        if nullable is True:
            out = _make_nullable(out)
            notes.append(f"{source}: {pointer(trail)}: nullable: true → null allowed (3.1 form)")
        else:
            notes.append(f"{source}: {pointer(trail)}: nullable: false dropped")
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


def _walk_schemas(document: dict[str, Any], rewrite: Callable[[Any, list[str | int]], Any]) -> None:
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
