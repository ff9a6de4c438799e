"""Compiled JSON Schema validators (jsonschema-rs): the only module that imports it.

Schemas belong to the loaded APIs and live as long as the server, so a validator is
compiled once per schema object and reused for every request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs

from mock.spec.model import Schema

_compiled: dict[int, tuple[Schema, Any]] = {}


def validator_for(schema: Schema) -> Any:
    entry = _compiled.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = (schema, jsonschema_rs.Draft202012Validator(schema, validate_formats=True))
        _compiled[id(schema)] = entry
    return entry[1]


def is_valid(schema: Schema, value: Any) -> bool:
    return validator_for(schema).is_valid(value)


def iter_problems(schema: Schema, value: Any) -> Iterator[tuple[str, str]]:
    """(dotted path of the offending value, message) for every way `value` fails `schema`."""
    for error in validator_for(schema).iter_errors(value):
        path = [str(p) for p in error.instance_path]
        message = error.message
        kind = type(error.kind).__name__
        if kind == "Required" or kind == "ValidationErrorKind.Required":
            missing = getattr(error.kind, "property", None)
            if missing is not None:
                path.append(str(missing))
                message = f"{missing!s} is required"
        elif kind.endswith("AdditionalProperties"):
            unexpected = getattr(error.kind, "unexpected", None)
            if unexpected:
                path.append(str(unexpected[0]))
                message = f"unexpected property {unexpected[0]!s}"
        yield ".".join(path), _shorten(message)


def _shorten(message: str, limit: int = 240) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
