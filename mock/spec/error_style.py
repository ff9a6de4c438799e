"""Which schema an API answers errors with, and how it spells error codes."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from mock.spec.model import ErrorStyle, Operation, Schema, names_http_status
from mock.spec.operations import raw_operations
from mock.spec.refs import deref
from mock.spec.schemas import merge_all_of, primary_type

# What an error envelope's fields are named for, by role (spelled in lower case): its code, its HTTP status (a
# code field holding an integer is the status too), and the object that holds the error itself
# (`{error: {code, message}}`), rendered even where it is optional, since without it the envelope says nothing
# (PagerDuty's errors declare nothing required).
CODE_NAMES = frozenset({"code", "type", "error_code", "errorcode", "error_type", "errortype", "kind", "category"})
STATUS_NAMES = frozenset({"status", "status_code", "statuscode", "http_status", "httpstatus"})
HOLDER_NAMES = frozenset({"error", "fault", "problem"})


def common_error_schema(responses: Iterable[tuple[str, Any]]) -> Schema | None:
    """The schema most error responses (4xx and 5xx, `4XX` ranges included) share: the API's envelope.

    `responses` are (status, JSON body schema) pairs. The one rule for the mock (what it answers when no
    operation matched) and the contract tests (the envelope every error must come in).
    """
    counts: Counter[str] = Counter()
    rate_limited: Counter[str] = Counter()
    by_key: dict[str, Schema] = {}
    for status, schema in responses:
        if str(status)[:1] in ("4", "5") and isinstance(schema, dict) and schema:
            key = json.dumps(schema, sort_keys=True, default=str)
            # a 429's body tells when to retry (Discord's `{message, retry_after, global}` on every operation): the
            # envelope of that one status, not of the others, unless it is the only error the API declares
            (rate_limited if str(status) == "429" else counts)[key] += 1
            by_key[key] = schema
    counts = counts or rate_limited
    if not counts:
        return None
    return by_key[counts.most_common(1)[0][0]]


def find_error_schema(operations: tuple[Operation, ...]) -> Schema | None:
    """The common error schema of an API's operations."""
    return common_error_schema(
        (response.status, media.schema)
        for operation in operations
        for response in operation.responses.values()
        if (media := response.json_media()) is not None
    )


def detect_error_style(document: dict[str, Any], error_schema: Schema | None) -> ErrorStyle:
    """Guess how the API spells error codes from the identifiers its own text uses."""
    text = json.dumps(error_schema or {})
    for _, _, operation in raw_operations(document):
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
    "additionalProperties",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "oneOf",
    "anyOf",
    "allOf",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "patternProperties",
    "readOnly",
    "writeOnly",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "unevaluatedProperties",
    "prefixItems",
    "taskType",
    "taskUUID",
    "contentType",
    "contentEncoding",
    "contentMediaType",
}


def statuses_offered(schema: Schema | None) -> frozenset[int]:
    """The HTTP statuses an error envelope's status field offers by an `enum` (Lob's `status_code`: 401, 403, 404,
    413, 422, 429, 500), at its top or in the object holding the error; empty where it has no such field or leaves
    the status open."""
    for level in _envelope_levels(schema):
        for name, sub in (level.get("properties") or {}).items():
            sub = deref(sub)
            if not isinstance(sub, dict) or not isinstance(sub.get("enum"), list):
                continue
            lowered = name.lower()
            if lowered in STATUS_NAMES or (lowered in CODE_NAMES and primary_type(sub) == "integer"):
                offered = {int(v) for v in sub["enum"] if names_http_status(v)}
                if offered:
                    return frozenset(offered)
    return frozenset()


def _envelope_levels(schema: Schema | None) -> list[Schema]:
    """The envelope and the objects in it holding the error (`{"error": {...}}`), their `allOf`s merged."""
    top = _merged(schema)
    if top is None:
        return []
    held = [_merged(sub) for name, sub in (top.get("properties") or {}).items() if name.lower() in HOLDER_NAMES]
    return [top, *(level for level in held if level is not None)]


def _merged(schema: Any) -> Schema | None:
    schema = deref(schema)
    if not isinstance(schema, dict):
        return None
    return merge_all_of(schema) if "allOf" in schema else schema
