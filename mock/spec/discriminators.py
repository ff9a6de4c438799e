"""OpenAPI discriminators: which schema a `oneOf`/`anyOf` picks by the value of one property.

A value selects `mapping[value]` when the mapping names it, else the component schema of that name
(`#/components/schemas/<value>`), as OpenAPI defines it and openapi-core validates it. The one
schema selected is then the only one the value is judged by.

Some public specs (57 of OpenAI's discriminators, Spotify's track-or-episode) declare
`discriminator: {propertyName: type}` with no mapping while every option pins `type` to a word that is not
its schema name (`ActiveStatus` takes `type: active`): no value satisfies both the discriminator and the
options. Loading gives such a discriminator the mapping its options' pinned values spell (a normalisation);
one that still selects nothing is reported as a spec warning and removed, so the `oneOf` is judged as
written, by specmock and by openapi-core alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from mock.spec.checking import SpecWarning
from mock.spec.model import Schema
from mock.spec.refs import deref, holds_names, objects_placed, pointer

_COMBINATORS = ("oneOf", "anyOf", "allOf")
V = TypeVar("V")


@dataclass(frozen=True)
class Discriminator:
    property: str
    combinator: str  # the keyword the discriminator replaces: oneOf, anyOf or allOf
    targets: dict[str, Schema]  # value -> the schema it selects, only those a value can satisfy

    def options(self) -> list[tuple[str, Schema]]:
        """The schemas it selects, each with the first value that names it: the mapping's key before the schema's own
        name, which a judge accepts too but a client may not (authentik's UI reads `ak-stage-prompt`, and
        `PromptChallenge` came half the time)."""
        seen: set[int] = set()
        named: list[tuple[str, Schema]] = []
        for value, target in self.targets.items():
            if id(target) not in seen:
                seen.add(id(target))
                named.append((value, target))
        return named


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
    return _remembered(_known, schema, _resolve)


def _remembered(cache: dict[int, tuple[Schema, V]], schema: Schema, build: Callable[[Schema], V]) -> V:
    """`build(schema)`, once per schema: kept by its identity with the schema itself, so an id reused by another
    object after it is collected is not mistaken for it. None is an answer kept too."""
    entry = cache.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = (schema, build(schema))
        cache[id(schema)] = entry
    return entry[1]


_subtypes: dict[int, tuple[Schema, Discriminator | None]] = {}
# Where a discriminator no value satisfies was removed, the property it named: the kinds that inherit the schema are
# still told apart by it in generated answers, and an extension is nothing to openapi-core.
KIND_PROPERTY = "x-specmock-kind-property"


def subtypes_of(schema: Schema) -> Discriminator | None:
    """What a base schema's discriminator selects where no `oneOf`/`anyOf` stands beside it (OpenAPI's model of
    inheritance: `Pet` names `petType`, and `Dog` is `allOf: [Pet, …]`): the schemas its mapping names and the
    components that inherit it, each with the value that names it (a mapping key, else Azure's
    `x-ms-discriminator-value`, else its component name). None where the schema is no component with such a
    discriminator, or nothing inherits it: a value of the base alone is still one of the base."""
    return _remembered(_subtypes, schema, _inheritors)


def _inheritors(schema: Schema) -> Discriminator | None:
    declared = schema.get("discriminator")
    if KIND_PROPERTY in schema:  # one removed as no value could satisfy it (`settle_discriminators`)
        declared = {"propertyName": schema[KIND_PROPERTY]}
    if not isinstance(declared, dict) or any(isinstance(schema.get(key), list) for key in ("oneOf", "anyOf")):
        return None
    name = declared.get("propertyName")
    document = _document_holding(schema)
    if not isinstance(name, str) or not name or document is None:
        return None
    components = document["components"]["schemas"]
    targets: dict[str, Schema] = {}
    mapping = declared.get("mapping")
    for value, ref in mapping.items() if isinstance(mapping, dict) else ():
        # in the base's own document: another spec served beside it may name a `Dog` of its own
        target = _pointed(str(ref), [], [document])
        if isinstance(target, dict) and target is not schema:
            targets[str(value)] = target
    named = set(map(id, targets.values()))
    for component_name, component in components.items():
        child = deref(component)
        if not isinstance(child, dict) or id(child) in named or child is schema:
            continue
        if any(deref(part) is schema for part in child.get("allOf") or ()):
            named.add(id(child))
            azure = child.get("x-ms-discriminator-value")
            targets.setdefault(azure if isinstance(azure, str) else str(component_name), child)
    usable = {value: target for value, target in targets.items() if _admits(target, name, value)}
    return Discriminator(name, "", usable) if usable else None


def _document_holding(schema: Schema) -> dict[str, Any] | None:
    """The loaded document that holds this schema among its component schemas; None when none does."""
    for document in _documents:
        components = (document.get("components") or {}).get("schemas")
        if isinstance(components, dict) and any(deref(component) is schema for component in components.values()):
            return document
    return None


def carry_discriminator(copy: Schema, original: Schema, copies: Mapping[int, Any]) -> None:
    """Give a copy of a schema (a judge's view of it) the discriminator of the original, its targets the copies made
    of them (`copies`: original's id -> copy). Resolved on the copy, the mapping's `#/components/schemas/Note` found
    no option that is that component (they are copies too) and took the first loaded document's `Note`: with two
    specs served that both name one, every answer listing the second's was judged by the first's and emptied."""
    found = discriminator_of(original)
    if found is not None:
        targets = {value: copies.get(id(target), target) for value, target in found.targets.items()}
        found = Discriminator(found.property, found.combinator, targets)
    _known[id(copy)] = (copy, found)


_tags: dict[int, tuple[Schema, Discriminator | None]] = {}


def pinned_tag(schema: Schema) -> Discriminator | None:
    """What tells a `oneOf`/`anyOf`'s options apart where no discriminator is declared: a property each option pins
    to values of its own (`object: {const: card}` beside `object: {const: bank_account}`), as OpenAPI 3.1 specs
    write it (Train Travel's payment source). None when no property does."""
    if len(_tags) > 50_000:  # schemas built on the fly (folded copies) must not grow it without end
        _tags.clear()
    return _remembered(_tags, schema, _pinned_tag)


def _pinned_tag(schema: Schema) -> Discriminator | None:
    combinator = next((key for key in ("oneOf", "anyOf") if isinstance(schema.get(key), list)), None)
    if combinator is None:
        return None
    options = [deref(option) for option in schema[combinator]]
    if len(options) < 2 or not all(isinstance(option, dict) for option in options):
        return None
    for name in dict.fromkeys(_names_of(options[0])):
        targets: dict[str, Schema] = {}
        for option in options:
            values = _pinned_values(option, name)
            if not values or any(value in targets for value in values):
                break
            targets.update(dict.fromkeys(values, option))
        else:
            return Discriminator(name, combinator, targets)
    return None


def _names_of(schema: Schema) -> list[str]:
    """The property names a schema (or a part of its `allOf`) declares."""
    names: list[str] = []
    for part in [schema, *(deref(p) for p in schema.get("allOf") or ())]:
        if isinstance(part, dict):
            names.extend(str(name) for name in (part.get("properties") or {}))
    return names


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
    # the value is the schema's own property's too: Azure's blueprint `Artifact` (`allOf: [AzureResourceBase]`) has
    # its `kind` one of three words, and `AzureResourceBase`, a name that selects its parent, is none of them
    own = {key: value for key, value in schema.items() if key not in _COMBINATORS}
    usable = {
        value: target for value, target in targets.items() if _admits(target, name, value) and _admits(own, name, value)
    }
    if not usable:
        return None
    return Discriminator(name, combinator, usable)


def _pointed(ref: str, options: list[Any], documents: list[dict[str, Any]] | None = None) -> Any:
    """A mapping value: a `#/...` pointer or a bare schema name, in `documents` (every loaded one by default); the
    option it names wins over any other match."""
    if not ref.startswith("#"):
        ref = "#/components/schemas/" + ref
    found = None
    for document in _documents if documents is None else documents:
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

    return all(is_valid(sub, value) for sub in _property_schemas(target, name))


def _property_schemas(schema: Any, name: str) -> list[Schema]:
    """The schemas the schema, and each part of its `allOf`, gives its property `name`."""
    schema = deref(schema)
    if not isinstance(schema, dict):
        return []
    found = []
    for part in [schema, *(deref(p) for p in schema.get("allOf") or ())]:
        sub = deref(((part or {}).get("properties") or {}).get(name)) if isinstance(part, dict) else None
        if isinstance(sub, dict):
            found.append(sub)
    return found


def settle_discriminators(document: dict[str, Any], file: str) -> tuple[list[str], list[SpecWarning]]:
    """Make each component-level discriminator one that openapi-core (the self-check's judge) and specmock read
    alike. One no value can satisfy as written (no mapping, and its options pin the property to words that are
    not their schema names: Spotify's `TrackObject` takes `type: track`) is given the mapping those pinned
    values spell, where every option pins values of its own (a normalisation, noted); one that still selects
    nothing is removed, and warned of, so openapi-core ignores it as specmock does. Changed in place.
    Returns (notes, warnings)."""
    register_document(document)
    notes: list[str] = []
    warnings: list[SpecWarning] = []
    for node, trail in _discriminated_schemas(document):
        if discriminator_of(node) is not None:
            continue
        declared = node["discriminator"] if isinstance(node["discriminator"], dict) else {}
        prop = declared.get("propertyName")
        inferred = _mapping_from_pinned_values(node, prop) if isinstance(prop, str) and prop else None
        if inferred:
            node["discriminator"] = {**declared, "mapping": {**(declared.get("mapping") or {}), **inferred}}
            _known.pop(id(node), None)
            if discriminator_of(node) is not None:
                spelled = ", ".join(f"{value} → {ref.rsplit('/', 1)[-1]}" for value, ref in inferred.items())
                notes.append(f"{Path(file).name}: {pointer([*trail, 'discriminator'])}: mapping inferred ({spelled})")
                continue
        del node["discriminator"]
        node[KIND_PROPERTY] = prop  # what tells the kinds that inherit it apart, still (`subtypes_of`)
        _known.pop(id(node), None)
        warnings.append(
            SpecWarning(
                file,
                pointer([*trail, "discriminator"]),
                f"no value of {prop!r} selects a schema that accepts it (no mapping, and the options' values"
                " are not their schema names); the discriminator is ignored",
            )
        )
    return notes, warnings


def _discriminated_schemas(document: dict[str, Any]) -> list[tuple[Schema, list[str | int]]]:
    """The schemas with a discriminator and a combinator, wherever the document holds them: each object once, at
    the first place it is reached from the components (then from the paths). Every copy counts: a `$ref` with a
    sibling (`{$ref: ToolCallCaller, description: …}`, 26 of OpenAI's) is a copy of its target, which openapi-core
    judges by its own discriminator, and a walk only 4 deep from each component reached one of them first below
    another component, too deep, and never settled it."""
    return [
        (node, trail)
        for node, trail in objects_placed(document)
        if not holds_names(trail)  # a map of property names may name one `discriminator`
        and "discriminator" in node
        and any(isinstance(node.get(k), list) for k in _COMBINATORS)
    ]


def _mapping_from_pinned_values(schema: Schema, name: str) -> dict[str, str] | None:
    """`{value: "#/components/schemas/<option>"}` from the values each `oneOf`/`anyOf` option pins its property
    to (`const`, `enum`); None unless every option is a named component pinning values no other option pins."""
    combinator = next((key for key in ("oneOf", "anyOf") if isinstance(schema.get(key), list)), None)
    if combinator is None:
        return None
    mapping: dict[str, str] = {}
    for option in (deref(option) for option in schema[combinator]):
        names = _component_names(option)
        values = _pinned_values(option, name)
        if not names or not values or any(value in mapping for value in values):
            return None
        ref = "#/components/schemas/" + names[0].replace("~", "~0").replace("/", "~1")
        mapping.update(dict.fromkeys(values, ref))
    return mapping


def _pinned_values(schema: Any, name: str) -> list[str]:
    """The string values the schema (or a part of its `allOf`) allows its property `name`: its `const` or `enum`."""
    for sub in _property_schemas(schema, name):
        if isinstance(sub.get("const"), str):
            return [sub["const"]]
        if isinstance(sub.get("enum"), list) and all(isinstance(v, str) for v in sub["enum"]) and sub["enum"]:
            return list(dict.fromkeys(sub["enum"]))
    return []
