"""What a JSON Schema says about a value, read the same way by every stage.

`schema_types` answers "which JSON types does this schema admit": the declared `type` (a name or a
list), else what its keywords imply (`properties`/`additionalProperties`/`required`: an object,
`items`/`prefixItems`: an array), else the union of its `anyOf`/`oneOf` options. "null" always comes
last, so the first type is the one to build or cast to. The empty schema `{}` admits anything and
names no type: the answer is `()`, and each caller says what it does then (request validation reads
the raw text as a string, fake data makes a string, an envelope renders nothing, a body is left alone).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from mock.spec.model import Schema
from mock.spec.refs import VALUE_KEYS, RefNode, deref

OBJECT_KEYWORDS = ("properties", "additionalProperties", "required")
ARRAY_KEYWORDS = ("items", "prefixItems")
# Where a keyword's value holds subschemas: one, a list of them, or a map of names to them (JSON Schema 2020-12's
# applicators; `items` may be a list in a schema written for an older draft).
ONE_SUBSCHEMA = frozenset(
    {
        "items", "contains", "propertyNames", "additionalProperties", "unevaluatedItems", "unevaluatedProperties",
        "not", "if", "then", "else", "additionalItems", "contentSchema",
    }
)  # fmt: skip
SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
SUBSCHEMA_MAPS = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"})


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
        if not names and isinstance(schema.get("allOf"), list):
            # every part must hold: the types all the parts that name any admit (drf-spectacular's enum by `$ref`)
            parts = [kinds for part in schema["allOf"] if (kinds := schema_types(part))]
            names = [kind for kind in parts[0] if all(kind in kinds for kinds in parts[1:])] if parts else []
    unique = list(dict.fromkeys(names))
    return tuple(kind for kind in unique if kind != "null") + (("null",) if "null" in unique else ())


def holds_fields(schema: Any) -> bool:
    """Whether a form body's schema describes fields, as OpenAPI means it to: an object, or a schema that does not
    say (no type); not a string, a number or a list (mock/form_bodies.py reads those)."""
    types = schema_types(schema)
    return not types or "object" in types or "properties" in (deref(schema) or {})


def primary_type(schema: Any, default: str = "") -> str:
    """The first type the schema admits; `default` when it names none (`{}`)."""
    types = schema_types(schema)
    return types[0] if types else default


def item_schema(schema: Any, index: int) -> Any:
    """The schema of an array's element at `index`: its tuple position (`prefixItems`), else `items`."""
    schema = deref(schema)
    if not isinstance(schema, dict):
        return {}
    prefix = schema.get("prefixItems")
    if isinstance(prefix, list) and index < len(prefix):
        return deref(prefix[index]) or {}
    items = deref(schema.get("items"))
    return items if isinstance(items, dict) else {}


def merge_all_of(schema: Schema) -> Schema:
    """Fold `allOf` into one schema; enough for the object compositions real specs use.

    A part's `additionalProperties` schema sees no property but that part's own, so a property another part declares
    must meet it too (`_held_to_what_others_allow`)."""
    merged: Schema = {k: v for k, v in schema.items() if k != "allOf"}
    others_allow = [_what_it_allows_others(schema)]
    for part in schema.get("allOf", []):
        part = deref(part)
        others_allow.append(_what_it_allows_others(part))
        if "allOf" in part:
            part = merge_all_of(part)
        for key, value in part.items():
            if key == "properties":
                properties = dict(merged.get("properties", {}))
                for name, sub in value.items():
                    earlier = properties.get(name)
                    # a property two parts declare must meet both (PagerDuty's `orchestration_path`): the later
                    # declaration replacing the earlier let values through that the schema refuses
                    properties[name] = sub if earlier is None or earlier is sub else {"allOf": [earlier, sub]}
                merged["properties"] = properties
            elif key == "required":
                merged["required"] = sorted(set(merged.get("required", [])) | set(value))
            elif key not in merged:
                merged[key] = value
            elif merged[key] != value:
                merged[key] = _both(key, merged[key], value)
    if "properties" in merged:
        _held_to_what_others_allow(merged, [found for found in others_allow if found is not None])
    return merged


# (the names a part declares, the patterns it declares, what it lets any other property hold)
_OthersAllowed = tuple[frozenset[str], tuple[str, ...], Any]


def _what_it_allows_others(part: Any) -> _OthersAllowed | None:
    """What a part of an `allOf` (or the schema beside it) lets a property it does not declare hold, where that is a
    schema that says something (Azure's `additionalProperties: {type: object}` beside a base's `allOf`); None where
    it lets any value through (no `additionalProperties`, `true`, `{}`). `false` is `closed_part_conflict`'s."""
    if not isinstance(part, dict):
        return None
    extra = deref(part.get("additionalProperties"))
    if not isinstance(extra, dict) or not extra:
        return None
    patterns = part.get("patternProperties")
    return (
        frozenset(part.get("properties") or ()),
        tuple(str(p) for p in patterns) if isinstance(patterns, dict) else (),
        extra,
    )


def _held_to_what_others_allow(merged: Schema, allowed: list[_OthersAllowed]) -> None:
    """Each folded property that a part with an `additionalProperties` schema does not declare, held to that schema as
    well; left out where no value can meet both (the base's `objectId`, a string, beside `{type: object}`) and the
    folded schema does not require it. Azure's Graph RBAC user: every answer carrying the base's fields broke it."""
    required = set(merged.get("required") or ())
    properties = dict(merged["properties"])
    for own, patterns, extra in allowed:
        for name in list(properties):
            if name in own or any(_pattern_matches(pattern, name) for pattern in patterns):
                continue
            if not _no_type_in_common(properties[name], extra):
                properties[name] = {"allOf": [properties[name], extra]}
            elif name not in required:
                del properties[name]
            # else no value meets the schema (`closed_part_conflict` says so): the property stays as declared
    merged["properties"] = properties


def _pattern_matches(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return True  # a pattern Python cannot read: not held to `additionalProperties`, as before


def _no_type_in_common(first: Any, second: Any) -> bool:
    """Whether two schemas each name types and no value is of a type both admit."""
    kinds, others = schema_types(first), schema_types(second)
    if not kinds or not others:
        return False
    return not any(
        kind in others or (kind == "integer" and "number" in others) or (kind == "number" and "integer" in others)
        for kind in kinds
    )


_LOWER_BOUNDS = frozenset({"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"})
_UPPER_BOUNDS = frozenset({"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"})
_MOST_PAIRED_OPTIONS = 36  # two `anyOf`s met: beyond this many pairs of options the first part's choice is kept
_SUBSCHEMAS = frozenset({"items", "contains", "propertyNames", "additionalProperties", "unevaluatedItems"})


def _both(key: str, earlier: Any, later: Any) -> Any:
    """One keyword two `allOf` parts both give, as a value that asks what both ask (the train-travel API's generic
    wrapper says its `data` holds objects, the part after it that they are stations: only the first was kept)."""
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (earlier, later))
    if key in _LOWER_BOUNDS and numbers:
        return max(earlier, later)
    if key in _UPPER_BOUNDS and numbers:
        return min(earlier, later)
    if key in _SUBSCHEMAS:
        if earlier is False or later is False:
            return False
        if earlier in (True, {}):
            return later
        if later in (True, {}):
            return earlier
        return {"allOf": [earlier, later]}
    if key == "not" and isinstance(earlier, dict) and isinstance(later, dict):
        return {"anyOf": [earlier, later]}  # neither the one nor the other
    if key == "anyOf" and isinstance(earlier, list) and isinstance(later, list):
        # an option that takes anything makes the whole `anyOf` take anything (OpenAPI 3.0's lone `nullable: true`,
        # read as `anyOf: [{}, {type: null}]`, beside PandaScore's `anyOf` of ids): the other part's choice is the
        # one that holds. Where both choose, a value meets one option of each; the first part's alone let through
        # what the second refuses.
        if any(option in ({}, True) for option in earlier):
            return later
        if any(option in ({}, True) for option in later):
            return earlier
        if len(earlier) * len(later) <= _MOST_PAIRED_OPTIONS:
            return [{"allOf": [first, second]} for first in earlier for second in later]
    if key == "enum" and isinstance(earlier, list) and isinstance(later, list):
        common = [value for value in earlier if value in later]
        return common or later
    if key == "type":
        first, second = schema_types({"type": earlier}), schema_types({"type": later})

        def within(kind: str, kinds: tuple[str, ...]) -> bool:
            return kind in kinds or (kind == "integer" and "number" in kinds)  # an integer is a number

        kinds = [kind for kind in first if within(kind, second)] + [
            kind for kind in second if kind not in first and within(kind, first)
        ]
        return (kinds[0] if len(kinds) == 1 else kinds) if kinds else later
    return earlier  # a keyword with no meet to compute (a pattern, a format): the first part's, as before


def declared_properties(schema: Schema) -> dict[str, Any]:
    """The properties a schema names, its own and those of its `allOf`/`anyOf`/`oneOf` parts at any depth (Lob's
    snap pack is an `allOf` whose first part is the `allOf` of every mail piece's fields): what a flat encoding (form
    fields, styled parameters) may hold and how each is typed. A schema's own declaration wins over its parts'."""
    properties: dict[str, Any] = {}
    _collect_properties(schema, properties, set())
    return properties


def _collect_properties(schema: Any, properties: dict[str, Any], seen: set[int]) -> None:
    schema = deref(schema)
    if not isinstance(schema, dict) or id(schema) in seen:
        return
    seen.add(id(schema))  # a part that inherits its own union (an option `allOf: [the union, …]`) is read once
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key) or ():
            _collect_properties(part, properties, seen)
    properties.update(schema.get("properties") or {})


def closed_part_conflict(schema: Any) -> str | None:
    """Why a schema's `allOf` refuses what its parts describe, where one part allows no property but its own
    (`additionalProperties: false`) and another part requires one it does not name (Unkey's 400 details: a closed
    RFC 7807 base, and a part requiring `errors`: no value satisfies it), or declares one (Linode's lists: a closed
    `{data}` beside a closed `{page, pages, results}`: only an object holding none of them does), or where a part's
    `additionalProperties` schema refuses the type of a property another part requires
    (`_required_beyond_what_others_allow`); None where no part is so closed."""
    schema = deref(schema)
    if not isinstance(schema, dict):
        return None
    closed_beside_alternatives = _closed_beside_alternatives(schema)
    if closed_beside_alternatives is not None:
        return closed_beside_alternatives
    parts = [deref(part) for part in schema.get("allOf") or ()]
    if not parts:
        return _closed_against_its_own_required(schema)
    # the schema beside its `allOf` is a part too: Linode's `{additionalProperties: false, allOf: [...]}` closes the
    # object against every property its parts declare (`additionalProperties` sees no property but its siblings')
    named = [("the schema itself", schema), *((f"allOf/{index}", part) for index, part in enumerate(parts))]
    for where, part in named:
        if not isinstance(part, dict) or part.get("additionalProperties") is not False or part.get("patternProperties"):
            continue
        own = set(part.get("properties") or {})
        for other_where, other in named:
            if not isinstance(other, dict) or other is part:
                continue
            beyond = [str(name) for name in other.get("required") or () if name not in own]
            if beyond:
                return (
                    f"{where} allows no property but its own (additionalProperties: false), and {other_where}"
                    f" requires {', '.join(beyond)}: no value satisfies it, and no answer in it conforms"
                )
            declared = [str(name) for name in other.get("properties") or {} if name not in own]
            if declared:
                return (
                    f"{where} allows no property but its own (additionalProperties: false), and {other_where}"
                    f" declares {', '.join(declared)}: only an object holding none of those conforms"
                )
    return _required_beyond_what_others_allow(named)


def _required_beyond_what_others_allow(named: list[tuple[str, Any]]) -> str | None:
    """Why an `allOf` requires a property one part declares with a type another part's `additionalProperties` schema
    refuses (Azure's Graph RBAC: a base requiring its string `objectType`, beside `additionalProperties: {type:
    object}`): no value satisfies it."""
    required = {name for _, part in named if isinstance(part, dict) for name in part.get("required") or ()}
    declared = {
        name: sub for _, part in named if isinstance(part, dict) for name, sub in (part.get("properties") or {}).items()
    }
    for where, part in named:
        allowed = _what_it_allows_others(part)
        if allowed is None:
            continue
        own, patterns, extra = allowed
        refused = [
            str(name)
            for name in sorted(required & set(declared), key=str)
            if name not in own
            and not any(_pattern_matches(pattern, name) for pattern in patterns)
            and _no_type_in_common(declared[name], extra)
        ]
        if refused:
            kinds = " or ".join(schema_types(extra))
            return (
                f"{where} lets a property it does not declare be only {kinds} (additionalProperties), and requires"
                f" {', '.join(refused)}, declared as another type: no value satisfies it, and no answer in it conforms"
            )
    return None


def _closed_against_its_own_required(schema: dict[str, Any]) -> str | None:
    """Why a schema allowing no property but its own requires one it does not declare (e-conomic's employee requires
    `canApprove` beside `additionalProperties: false` and seven other properties): no value satisfies it."""
    if schema.get("additionalProperties") is not False or schema.get("patternProperties"):
        return None
    own = schema.get("properties") or {}
    beyond = [str(name) for name in schema.get("required") or () if name not in own]
    if not beyond:
        return None
    return (
        f"the schema allows no property but its own (additionalProperties: false) and requires {', '.join(beyond)},"
        " which it does not declare: no value satisfies it, and no answer in it conforms"
    )


def _closed_beside_alternatives(schema: dict[str, Any]) -> str | None:
    """Why a schema closed by `additionalProperties: false` refuses what each of its `oneOf` (`anyOf`) alternatives
    requires, where every alternative requires a property the schema does not declare: a protobuf `oneof`, as
    Bytebase's generator writes it (`{oneOf: [{required: [ldapConfig]}, …], additionalProperties: false}`:
    `additionalProperties` sees no property but its siblings', so no value satisfies it); None otherwise."""
    if schema.get("additionalProperties") is not False or schema.get("patternProperties"):
        return None
    own = set(schema.get("properties") or {})
    for keyword in ("oneOf", "anyOf"):
        alternatives = [deref(part) for part in schema.get(keyword) or ()]
        beyond = [
            [str(name) for name in part.get("required") or () if name not in own]
            for part in alternatives
            if isinstance(part, dict)
        ]
        if alternatives and len(beyond) == len(alternatives) and all(beyond):
            named = ", ".join(dict.fromkeys(name for names in beyond for name in names))
            return (
                f"the schema allows no property but its own (additionalProperties: false), and each of its {keyword}"
                f" alternatives requires one it does not declare ({named}): no value satisfies it, and no answer"
                " in it conforms"
            )
    return None


def endless_schemas(components: dict[str, Any]) -> list[str]:
    """Names of the component schemas no finite value satisfies.

    A schema that requires itself (a tree node whose required `parent` is a tree node, with no null,
    no other type and no alternative to stop at) admits only infinite values. Recursion only runs
    through the `$ref`s kept because they close a cycle, so each kept target is a unit: a unit has a
    finite value when its required skeleton (required properties, `allOf`, one option of `anyOf` or
    `oneOf`, the items of a non-empty array) does, given the units already shown to have one. Units
    are proven until nothing changes; what is left can never be written down.
    """
    finite: set[int] = set()
    units: dict[int, Any] = {id(deref(schema)): deref(schema) for schema in components.values()}
    changed = True
    while changed:
        changed = False
        seen: dict[int, bool] = {}  # this pass's verdicts on shared subschemas (inlined $refs are shared objects)
        for key, unit in list(units.items()):
            if key not in finite and _has_finite_value(unit, finite, units, seen, 0):
                finite.add(key)
                changed = True
    return [name for name, schema in components.items() if id(deref(schema)) not in finite]


def _has_finite_value(node: Any, finite: set[int], units: dict[int, Any], seen: dict[int, bool], depth: int) -> bool:
    if isinstance(node, RefNode):
        target = deref(node)
        units.setdefault(id(target), target)
        return id(target) in finite
    if node is False:
        return False
    if not isinstance(node, dict) or depth > 64:
        return True
    if id(node) not in seen:
        seen[id(node)] = _skeleton_has_finite_value(node, finite, units, seen, depth)
    return seen[id(node)]


def _skeleton_has_finite_value(
    node: dict[str, Any], finite: set[int], units: dict[int, Any], seen: dict[int, bool], depth: int
) -> bool:
    types = schema_types(node)
    if any(kind not in ("object", "array") for kind in types):
        return True  # a string, a number, null: a finite value whatever the object parts need
    if not all(_has_finite_value(part, finite, units, seen, depth + 1) for part in node.get("allOf") or ()):
        return False
    for combinator in ("anyOf", "oneOf"):
        options = node.get(combinator)
        if options and not any(_has_finite_value(option, finite, units, seen, depth + 1) for option in options):
            return False
    properties = node.get("properties") or {}
    for name in node.get("required") or ():
        if name in properties and not _has_finite_value(properties[name], finite, units, seen, depth + 1):
            return False
    if int(node.get("minItems") or 0) > 0 and "items" in node:
        return _has_finite_value(node["items"], finite, units, seen, depth + 1)
    return True


def objects_reached(roots: Iterable[Any], follow: Callable[[dict[str, Any]], Any] | None = None) -> Iterator[Schema]:
    """Every object under `roots`, each once: kept `$ref`s followed (and, with `follow`, what it says an object refers
    to: a raw document's `{"$ref": "#/…"}`), data (examples, defaults, enums) and extensions left out."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        node = deref(stack.pop())
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        target = follow(node) if follow is not None else None
        if target is not None:
            stack.append(target)
        stack.extend(
            child
            for key, child in node.items()
            if isinstance(key, str) and not key.startswith("x-") and key not in VALUE_KEYS
        )


def same_schema(one: Schema | None, other: Schema) -> bool:
    """Whether two schemas are the same object or say the same, written out (a recursive one: the same object)."""
    if one is other:
        return True
    if one is None:
        return False
    try:
        return json.dumps(one, sort_keys=True, default=str) == json.dumps(other, sort_keys=True, default=str)
    except ValueError:  # a recursive schema: compared by identity only
        return False


# What a schema says of its value without constraining it: a field holding the document names it its own way
# (Bytebase's `policy` is the Policy schema with `title: policy` and a description of its own).
_NOTES = frozenset({"title", "description", "example", "examples", "deprecated", "externalDocs"})


def same_but_notes(one: Any, other: Schema) -> bool:
    """`same_schema`, what each says of its value without constraining it aside, `one` read through an `allOf`."""
    if not isinstance(one, dict):
        return False
    if same_schema(one, other):
        return True
    text = _constraints_text(one)
    return text is not None and text == _constraints_text(other, through_all_of=False)


def twin_options(schema: Any) -> tuple[int, int] | None:
    """Two options of a schema's `oneOf` that are the same schema, what they say of their value without constraining
    it aside (Bluesky's list purpose is `oneOf` three `{type: string, format: token}` told apart by their
    descriptions alone): every value one takes the other takes too, so no value is one of them only. None where
    no two are."""
    schema = deref(schema)
    options = schema.get("oneOf") if isinstance(schema, dict) else None
    if not isinstance(options, list):
        return None
    seen: dict[str, int] = {}
    for index, option in enumerate(options):
        text = _constraints_text(deref(option))
        if text is None:
            continue
        if text in seen:
            return seen[text], index
        seen[text] = index
    return None


def open_alike_options(schema: Any) -> tuple[int, int] | None:
    """Two options of a schema's `oneOf` that are open objects requiring nothing and typing no field differently from
    each other (Vonage's SMS answer: an error kind and a success kind, neither requiring a field): every value each
    option describes, its fields typed as that option types them, meets the other too, so only a value with a field of
    the wrong type for one of them is one of them only. An option that is itself a choice among such objects counts as
    each of them (Vonage's report answers, one kind per product, each listing records of several kinds). Two such
    options leave the whole unmet by their values (the SMS report's inbound and outbound kinds), whatever the others
    are. None where no two are."""
    schema = deref(schema)
    options = schema.get("oneOf") if isinstance(schema, dict) else None
    if not isinstance(options, list) or len(options) < 2:
        return None
    kinds = [_open_kinds(option, 0) for option in options[:_MOST_OPTIONS_PAIRED]]
    for (first, one), (second, other) in itertools.combinations(enumerate(kinds), 2):
        if one is not None and other is not None and _fields_agree(one + other, 0):
            return first, second
    return None


# The options `open_alike_options` compares pair by pair, at most (the pairs grow as their square)
_MOST_OPTIONS_PAIRED = 24


def _open_kinds(schema: Any, depth: int) -> list[Schema] | None:
    """The open objects requiring nothing a schema stands for: itself (its `allOf` folded), or each option of a
    `oneOf`/`anyOf` of such objects whose fields agree; None where it is neither."""
    schema = _folded_option(schema)
    if _open_and_requiring_nothing(schema):
        return [schema]
    choice = next((schema[key] for key in ("oneOf", "anyOf") if isinstance(schema, dict) and key in schema), None)
    if not isinstance(choice, list) or not choice or depth > 8 or set(schema) - {"oneOf", "anyOf"} - _NOTES:
        return None
    kinds: list[Schema] = []
    for option in choice:
        found = _open_kinds(option, depth + 1)
        if found is None:
            return None
        kinds += found
    return kinds if _fields_agree(kinds, depth + 1) else None


def _fields_agree(objects: list[Schema], depth: int) -> bool:
    """Whether no field is typed otherwise by one of these open objects than by another (a field one types otherwise
    tells a natural value of the other apart): alike, or open objects (or lists of them) whose fields agree."""
    typed: dict[str, Any] = {}
    for each in objects:
        for name, sub in (each.get("properties") or {}).items():
            if name in typed and not _agree(typed[name], sub, depth + 1):
                return False
            typed.setdefault(name, sub)
    return True


def _agree(one: Any, other: Any, depth: int) -> bool:
    one, other = deref(one), deref(other)
    if depth > 8:
        return False
    text = _constraints_text(one)
    if text is not None and text == _constraints_text(other):
        return True
    kinds, others = _open_kinds(one, depth), _open_kinds(other, depth)
    if kinds is not None and others is not None:
        return _fields_agree(kinds + others, depth)
    lists = [s for s in (one, other) if isinstance(s, dict) and s.get("type") == "array" and set(s) <= _LIST_KEYS]
    return len(lists) == 2 and _agree(one.get("items", {}), other.get("items", {}), depth + 1)


_LIST_KEYS = frozenset({"type", "items", "xml"}) | _NOTES


def _folded_option(option: Any) -> Any:
    """An option as its `allOf` parts describe it together (Vonage's report records: a shared top level and each
    product's own fields)."""
    option = deref(option)
    return merge_all_of(option) if isinstance(option, dict) and "allOf" in option else option


# what an open object may say of itself without telling its values apart from another's
_OPEN_OBJECT_KEYS = frozenset({"type", "properties", "additionalProperties", "xml"}) | _NOTES


def _open_and_requiring_nothing(option: Any) -> bool:
    if not isinstance(option, dict) or option.get("type") != "object" or not isinstance(option.get("properties"), dict):
        return False
    if option.get("additionalProperties", True) is not True:
        return False
    return all(key in _OPEN_OBJECT_KEYS or key.startswith("x-") for key in option)


def _constraints_text(schema: Any, through_all_of: bool = True) -> str | None:
    """What a schema asks of its value, written out, what it says of it without constraining it (`_NOTES`, extensions)
    left out; read `through_all_of` (`allOf: [{$ref: Policy}]` beside a title: OpenAPI 3.0's way to describe a `$ref`).
    None where it cannot be written out (a recursive schema, not an object)."""
    if not isinstance(schema, dict):
        return None
    if through_all_of and "allOf" in schema:
        schema = merge_all_of(schema)
    try:
        return json.dumps(_without_notes(schema, []), sort_keys=True, default=str)
    except ValueError:  # a schema that holds itself
        return None


def _without_notes(schema: Any, within: list[int]) -> Any:
    """The schema with what it says of its value without constraining it (`_NOTES`, extensions) left out, at every
    depth: Vonage's two 404 kinds differ only in their fields' examples. Raises ValueError on a schema that holds
    itself. A kept `$ref` (a `RefNode`, where a cycle closes) is written as its reference."""
    if not isinstance(schema, dict) or isinstance(schema, RefNode):
        return schema
    if id(schema) in within:
        raise ValueError("recursive schema")
    within.append(id(schema))
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _NOTES or key.startswith("x-"):
            continue
        if key in ONE_SUBSCHEMA and isinstance(value, dict):
            out[key] = _without_notes(value, within)
        elif key in SUBSCHEMA_LISTS and isinstance(value, list):
            out[key] = [_without_notes(option, within) for option in value]
        elif key in SUBSCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _without_notes(sub, within) for name, sub in value.items()}
        else:
            out[key] = value
    within.pop()
    return out
