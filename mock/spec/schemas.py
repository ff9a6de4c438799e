"""What a JSON Schema says about a value, read the same way by every stage.

`schema_types` answers "which JSON types does this schema admit": the declared `type` (a name or a
list), else what its keywords imply (`properties`/`additionalProperties`/`required`: an object,
`items`/`prefixItems`: an array), else the union of its `anyOf`/`oneOf` options. "null" always comes
last, so the first type is the one to build or cast to. The empty schema `{}` admits anything and
names no type: the answer is `()`, and each caller says what it does then (request validation reads
the raw text as a string, fake data makes a string, an envelope renders nothing, a body is left alone).
"""

from __future__ import annotations

from typing import Any

from mock.spec.model import Schema
from mock.spec.refs import deref

OBJECT_KEYWORDS = ("properties", "additionalProperties", "required")
ARRAY_KEYWORDS = ("items", "prefixItems")


def schema_types(schema: Any) -> tuple[str, ...]:
    schema = deref(schema)
    if not isinstance(schema, dict):
        return ()
    declared = schema.get("type")
    if isinstance(declared, list):
        names = [str(kind) for kind in declared]
    elif declared:
        names = [str(declared)]
    elif any(keyword in schema for keyword in OBJECT_KEYWORDS):
        names = ["object"]
    elif any(keyword in schema for keyword in ARRAY_KEYWORDS):
        names = ["array"]
    else:
        names = [
            kind for key in ("anyOf", "oneOf") for option in schema.get(key) or () for kind in schema_types(option)
        ]
    unique = list(dict.fromkeys(names))
    return tuple(kind for kind in unique if kind != "null") + (("null",) if "null" in unique else ())


def primary_type(schema: Any, default: str = "") -> str:
    """The first type the schema admits; `default` when it names none (`{}`)."""
    types = schema_types(schema)
    return types[0] if types else default


def merge_all_of(schema: Schema) -> Schema:
    """Fold `allOf` into one schema; enough for the object compositions real specs use."""
    merged: Schema = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema.get("allOf", []):
        part = deref(part)
        if "allOf" in part:
            part = merge_all_of(part)
        for key, value in part.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = sorted(set(merged.get("required", [])) | set(value))
            elif key not in merged:
                merged[key] = value
    return merged
