"""Workarounds for schemathesis bugs that would turn a correct backend's run red.

Each one says what goes wrong, which upstream issue it is, and does nothing once the code it
changes is not there to change.
"""

from __future__ import annotations

from typing import Any


def keep_tuples_in_response_schemas() -> None:
    """Compile a response schema's `prefixItems` as written.

    schemathesis (4.32) rewrites `prefixItems` into draft-04's `items: [...]` before it compiles a
    response schema, for OpenAPI 3.1 as a 2020-12 validator, which refuses a list there: every answer
    of such an operation is reported as an error ("Invalid Schema Object in response definition"),
    schemathesis issues #3842 and #4099. A contract run hands schemathesis only 3.1 documents
    (mock.spec normalises every spec to 3.1), so the tuple can stay as it is.
    """
    try:
        from schemathesis.specs.openapi.adapter import responses
    except ImportError:  # pragma: no cover - a schemathesis without that module has another layout
        return
    original = getattr(responses, "to_json_schema", None)
    if original is None or getattr(original, "keeps_tuples", False):
        return

    def to_json_schema(*args: Any, **kwargs: Any) -> Any:
        kwargs["convert_prefix_items"] = False
        return original(*args, **kwargs)

    to_json_schema.keeps_tuples = True  # type: ignore[attr-defined]
    responses.to_json_schema = to_json_schema  # type: ignore[attr-defined]


# Keywords that say what a property is, not which values it takes: schemathesis reads `readOnly` and `writeOnly`
# on the property itself (which fields a request or an answer holds), so they stay beside the anyOf.
_ABOUT_THE_PROPERTY = ("title", "description", "readOnly", "writeOnly", "deprecated", "default", "example", "examples")


def nullable_formats_as_any_of(document: dict[str, Any]) -> dict[str, Any]:
    """Spell `type: [string, "null"], format: date` as `anyOf: [{type: string, format: date}, {type: "null"}]`.

    The two say the same. schemathesis' coverage phase (4.32) drops the format of the first spelling and sends
    `""` as a valid date, so every correct server that checks formats is blamed for refusing it (a
    positive_data_acceptance false alarm); it generates the second spelling right. Every 3.0 `nullable: true`
    beside a `format` becomes the first spelling when mock.spec normalises a document to 3.1. Rewritten in
    place, so an object shared by many places (a component) stays shared.
    """
    from mock.spec.normalising import MAPS_OF_NAMES, VALUE_KEYS

    seen: set[int] = set()
    stack: list[tuple[Any, bool]] = [(document, True)]
    while stack:
        node, names = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend((item, False) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        kinds = node.get("type")
        if not names and "format" in node and isinstance(kinds, list) and "null" in kinds and len(kinds) > 1:
            others = [kind for kind in kinds if kind != "null"]
            value = {**node, "type": others[0] if len(others) == 1 else others}
            about = {key: node[key] for key in _ABOUT_THE_PROPERTY if key in node}
            node.clear()
            node.update({**about, "anyOf": [value, {"type": "null"}]})
            stack.append((value, False))
            continue
        for key, child in node.items():
            if isinstance(key, str) and (key.startswith("x-") or (not names and key in VALUE_KEYS)):
                continue
            stack.append((child, key in MAPS_OF_NAMES and not names))
    return document
