"""The edges phase: for each operation, a valid example is sent again with one value moved to an
edge the schema allows: integer bounds (int32/int64 limits where the format or bounds allow them),
an empty string or array where no minimum forbids it, and Unicode that trips naive code. Every such
request must be answered without a 5xx.

Schemathesis' coverage phase reaches some of these by chance; here each one is sent on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contract_tests.checks import envelope
from contract_tests.checks.edges import check_edge_value
from contract_tests.phases.base import PhaseRun
from contract_tests.phases.security import case_parts
from contract_tests.reproduction import Exchange
from mock.spec.schemas import schema_types

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
UNICODE = ("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧪", "ﮐﯾﻪ‮rtl", "e\u0301\u0301\u0301", "\ufeffbom")
MAX_PER_OPERATION = 6


def integer_edges(schema: dict[str, Any]) -> list[int]:
    low, high = INT64 if schema.get("format") == "int64" else INT32
    minimum = schema.get("minimum")
    maximum = schema.get("maximum")
    if isinstance(schema.get("exclusiveMinimum"), (int, float)):
        minimum = int(schema["exclusiveMinimum"]) + 1
    if isinstance(schema.get("exclusiveMaximum"), (int, float)):
        maximum = int(schema["exclusiveMaximum"]) - 1
    values = {
        int(minimum) if isinstance(minimum, (int, float)) else low,
        int(maximum) if isinstance(maximum, (int, float)) else high,
    }
    return sorted(value for value in values if low <= value <= high and (schema.get("multipleOf") in (None, 1)))


def string_edges(schema: dict[str, Any]) -> list[str]:
    if schema.get("enum") or schema.get("pattern") or schema.get("format") or schema.get("const"):
        return []
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    values = [""] if low == 0 else []
    values += [text for text in UNICODE if len(text) >= low and (high is None or len(text) <= int(high))]
    return values


def edges_of(schema: Any) -> list[Any]:
    if not isinstance(schema, dict):
        return []
    if "type" not in schema and ("anyOf" in schema or "oneOf" in schema):
        return []  # the options' own keywords bound their values, not this schema's: no edge read here is sure
    kinds = schema_types(schema)
    if "integer" in kinds:
        return list(integer_edges(schema))
    if "string" in kinds:
        return list(string_edges(schema))
    if "array" in kinds and int(schema.get("minItems", 0)) == 0:
        return [[]]
    return []


def body_variants(body: Any, schema: Any) -> Iterator[tuple[str, Any]]:
    """(where, body) for each top-level property of a JSON object body moved to an edge."""
    if not isinstance(body, dict) or not isinstance(schema, dict):
        return
    for name, prop in (schema.get("properties") or {}).items():
        if name not in body:
            continue
        for value in edges_of(prop):
            yield f"body field {name}={value!r}", {**body, name: value}


def query_variants(query: dict[str, Any], parameters: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for parameter in parameters:
        if parameter.get("in") != "query":
            continue
        for value in edges_of(parameter.get("schema")):
            if value in ("", []) and not parameter.get("required"):
                continue  # an empty optional query value is the empty-value rules' business
            yield f"query {parameter['name']}={value!r}", {**query, parameter["name"]: value}


def _body_schema(raw: dict[str, Any], media_type: str | None) -> Any:
    content = ((raw.get("requestBody") or {}).get("content")) or {}
    media: dict[str, Any] = content.get(media_type or "") or next(iter(content.values()), {})
    return (media or {}).get("schema")


def run_edges_phase(run: PhaseRun) -> None:
    for operation in run.operations().values():
        case = run.example(operation)
        if case is None:
            continue
        raw = run.raw(operation)
        parts = case_parts(case)
        variants: list[tuple[str, dict[str, Any]]] = []
        if "body" in parts:
            variants += [
                (where, {**parts, "body": body})
                for where, body in body_variants(parts["body"], _body_schema(raw, case.media_type))
            ]
        parameters = [p for p in raw.get("parameters") or [] if isinstance(p, dict)]
        variants += [(where, {**parts, "query": query}) for where, query in query_variants(parts["query"], parameters)]
        for where, variant in variants[:MAX_PER_OPERATION]:
            steps: list[Exchange] = []
            edge_case = operation.Case(**variant)
            response = run.send(edge_case, steps=steps)
            run.check(
                edge_case,
                response,
                steps,
                lambda state, resp, c, w=where: check_edge_value(state, resp, c, w),
                envelope.check_error_envelope,
            )
