"""OpenAPI discriminators: which schema a `oneOf`/`anyOf` picks by the value of one property.

A value selects `mapping[value]` when the mapping names it, else the component schema of that name
(`#/components/schemas/<value>`), as OpenAPI defines it and openapi-core validates it. The one
schema selected is then the only one the value is judged by.

Some public specs (57 of OpenAI's discriminators) declare `discriminator: {propertyName: type}` with no mapping
while every option pins `type` to a word that is not its schema name (`ActiveStatus` takes
`type: active`): no value satisfies both the discriminator and the options. Such a discriminator
is reported as a spec warning and ignored, so the `oneOf` is judged as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mock.spec.checking import SpecWarning
from mock.spec.model import Schema
from mock.spec.refs import deref, pointer

_COMBINATORS = ("oneOf", "anyOf", "allOf")


@dataclass(frozen=True)
class Discriminator:
    property: str
    combinator: str  # the keyword the discriminator replaces: oneOf, anyOf or allOf
    targets: dict[str, Schema]  # value -> the schema it selects, only those a value can satisfy

    def options(self) -> list[tuple[str, Schema]]:
        return list(self.targets.items())


_documents: list[dict[str, Any]] = []  # every loaded document: where mapping pointers and schema names resolve
_names: dict[int, tuple[Schema, list[str]]] = {}  # component schema (by identity) -> its names
_known: dict[int, tuple[Schema, Discriminator | None]] = {}


def register_document(document: dict[str, Any]) -> None:
    """Make a loaded document's components known, so its discriminators can be resolved lazily."""
    if any(known is document for known in _documents):
        return
    _documents.append(document)
    for name, component in (((document.get("components") or {}).get("schemas")) or {}).items():
        target = deref(component)
        entry = _names.setdefault(id(target), (target, []))
        if entry[0] is not target:
            entry = _names[id(target)] = (target, [])
        if name not in entry[1]:
            entry[1].append(str(name))


def discriminator_of(schema: Schema) -> Discriminator | None:
    """The usable discriminator of a schema, or None (none declared, or one no value can satisfy)."""
    entry = _known.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = (schema, _resolve(schema))
        _known[id(schema)] = entry
    return entry[1]


def _resolve(schema: Schema) -> Discriminator | None:
    declared = schema.get("discriminator")
    combinator = next((key for key in _COMBINATORS if isinstance(schema.get(key), list)), None)
    if not isinstance(declared, dict) or combinator is None:
        return None
    name = declared.get("propertyName")
    if not isinstance(name, str) or not name:
        return None
    options = [deref(option) for option in schema[combinator]]
    targets: dict[str, Schema] = {}
    mapping = declared.get("mapping")
    for value, ref in mapping.items() if isinstance(mapping, dict) else ():
        target = _pointed(str(ref), options)
        if isinstance(target, dict):
            targets[str(value)] = target
    for option in options:
        for component_name in _component_names(option):
            targets.setdefault(component_name, option)
    usable = {value: target for value, target in targets.items() if _admits(target, name, value)}
    if not usable:
        return None
    return Discriminator(name, combinator, usable)


def _pointed(ref: str, options: list[Any]) -> Any:
    """A mapping value: a `#/...` pointer or a bare schema name; the option it names wins over any other match."""
    if not ref.startswith("#"):
        ref = "#/components/schemas/" + ref
    found = None
    for document in _documents:
        node: Any = document
        for token in ref[2:].split("/"):
            node = deref(node)
            token = token.replace("~1", "/").replace("~0", "~")
            node = node.get(token) if isinstance(node, dict) else None
        node = deref(node)
        if any(node is option for option in options):
            return node
        found = found if found is not None else node
    return found


def _component_names(schema: Any) -> list[str]:
    entry = _names.get(id(schema))
    return entry[1] if entry is not None and entry[0] is schema else []


def _admits(target: Schema, name: str, value: str) -> bool:
    """Whether the target schema lets its discriminating property hold the value (const and enum only)."""
    from mock.schema_validation import is_valid

    target = deref(target)
    for part in [target, *(deref(p) for p in target.get("allOf") or ())]:
        sub = deref(((part or {}).get("properties") or {}).get(name))
        if isinstance(sub, dict) and not is_valid(sub, value):
            return False
    return True


def discriminator_warnings(document: dict[str, Any], file: str) -> list[SpecWarning]:
    """A warning for each component-level discriminator no value can satisfy (it is then ignored)."""
    register_document(document)
    warnings = []
    seen: set[int] = set()
    components = ((document.get("components") or {}).get("schemas")) or {}
    stack: list[tuple[Any, list[str | int], int]] = [
        (schema, ["components", "schemas", name], 0) for name, schema in components.items()
    ]
    while stack:
        node, trail, depth = stack.pop()
        node = deref(node)
        if not isinstance(node, dict) or id(node) in seen or depth > 4:
            continue
        seen.add(id(node))
        if "discriminator" in node and discriminator_of(node) is None and any(k in node for k in _COMBINATORS):
            prop = (
                (node["discriminator"] or {}).get("propertyName") if isinstance(node["discriminator"], dict) else None
            )
            warnings.append(
                SpecWarning(
                    file,
                    pointer([*trail, "discriminator"]),
                    f"no value of {prop!r} selects a schema that accepts it (no mapping, and the options' values"
                    " are not their schema names); the discriminator is ignored",
                )
            )
        for key in ("properties",):
            for child_name, child in (node.get(key) or {}).items():
                stack.append((child, [*trail, key, child_name], depth + 1))
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                stack.append((node[key], [*trail, key], depth + 1))
        for key in _COMBINATORS:
            for index, child in enumerate(node.get(key) or ()):
                stack.append((child, [*trail, key, index], depth + 1))
    return warnings
