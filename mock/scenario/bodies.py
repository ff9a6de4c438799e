"""Keep scenario-built bodies inside the spec.

Overrides and stored records come from requests and YAML, so a value may not fit the
response schema (a number where the response has a string, a field the response forbids).
`repair` walks an overridden body against its schema and puts the generated value back
wherever the override broke it; `project` fits a stored record to a schema before it is
saved. Both only touch what is invalid; a valid body is returned as it is after one check.
"""

from __future__ import annotations

from typing import Any, cast

from mock.scenario.model import MISSING
from mock.schema_validation import folded, folded_with, is_valid
from mock.spec.model import Schema
from mock.spec.schemas import schema_types


def _option(schema: Schema, value: Any, generated: Any = MISSING) -> Schema:
    """The `oneOf`/`anyOf` option the value fits (else the one the fallback fits, else the first that is not null),
    folded, with what the schema says beside its options: Clerk's SAML connection declares its properties beside
    `anyOf: [{required: [domain]}, {required: [domains]}]`, and the option alone had no properties to repair the
    value by. Lob's address is a US kind or an international one: a country sent as a code fits neither, and the
    record it started from says which kind to repair it by."""
    options = schema.get("oneOf") or schema.get("anyOf")
    if not options:
        return schema
    chosen = next((option for option in options if is_valid(option, value)), None)
    if chosen is None and generated is not MISSING:
        chosen = next((option for option in options if is_valid(option, generated)), None)
    if chosen is None:
        non_null = [o for o in options if o.get("type") != "null"]
        chosen = non_null[0] if non_null else options[0]
    return folded(folded_with(schema, cast(Schema, chosen), ("oneOf", "anyOf")))


def coerce(value: Any, schema: Schema) -> Any:
    """A scalar in the type the schema wants, or MISSING when it cannot be."""
    types = schema_types(schema)
    if "string" in types and isinstance(value, (int, float)) and not isinstance(value, bool):
        candidate: Any = str(value)
    elif ("number" in types or "integer" in types) and isinstance(value, str):
        try:
            candidate = float(value) if "number" in types else int(value)
        except ValueError:
            return MISSING
    elif "integer" in types and isinstance(value, float) and value.is_integer():
        candidate = int(value)
    else:
        return MISSING
    return candidate if is_valid(schema, candidate) else MISSING


def repair(value: Any, generated: Any, schema: Schema | None) -> Any:
    """`value` valid against `schema`: kept where it fits, `generated` put back where it does not. The whole is
    judged at the end, as one option's repair can fit two options of a `oneOf` and so none."""
    if not schema or is_valid(schema, value):
        return value
    fixed = _repaired(value, generated, _option(folded(schema), value, generated))
    if (
        fixed is not generated
        and generated is not MISSING
        and not is_valid(schema, fixed)
        and is_valid(schema, generated)
    ):
        return generated
    return fixed


def _repaired(value: Any, generated: Any, schema: Schema) -> Any:
    if isinstance(value, dict) and ("properties" in schema or "object" in schema_types(schema)):
        properties = schema.get("properties") or {}
        extra = schema.get("additionalProperties", True)
        base = generated if isinstance(generated, dict) else {}
        out: dict[str, Any] = {}
        for key, item in value.items():
            sub = properties.get(key)
            if sub is None:
                if extra is False:
                    continue
                sub = extra if isinstance(extra, dict) else None
            fixed = repair(item, base.get(key, MISSING), sub) if sub is not None else item
            if fixed is not MISSING:
                out[key] = fixed
        for key in schema.get("required") or []:
            if key not in out and key in base:
                out[key] = base[key]
        if is_valid(schema, out):
            return out
        return generated if generated is not MISSING and is_valid(schema, generated) else out
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        items = schema["items"]
        sample = generated[0] if isinstance(generated, list) and generated else MISSING
        fixed_items = [repair(item, sample, items) for item in value]
        kept = [item for item in fixed_items if item is not MISSING and is_valid(items, item)]
        if is_valid(schema, kept):
            return kept
        return generated if generated is not MISSING else kept
    coerced = coerce(value, schema)
    if coerced is not MISSING:
        return coerced
    return generated


def project(record: dict[str, Any], schema: Schema | None) -> dict[str, Any]:
    """The fields of `record` that fit `schema`'s properties (coerced where possible)."""
    if not schema:
        return record
    schema = folded(schema)
    properties = schema.get("properties") or {}
    if not properties:
        return record
    extra = schema.get("additionalProperties", True)
    out = {}
    for key, value in record.items():
        sub = properties.get(key)
        if sub is None:
            if extra is not False:
                out[key] = value
            continue
        if is_valid(sub, value):
            out[key] = value
        else:
            coerced = coerce(value, _option(folded(sub), value))
            if coerced is not MISSING:
                out[key] = coerced
    return out
