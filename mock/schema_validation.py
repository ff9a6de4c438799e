"""Compiled JSON Schema validators (jsonschema-rs): the only module that imports it.

Schemas belong to the loaded APIs and live as long as the server, so a validator is
compiled once per schema object and reused for every request.
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import functools
import json
import logging
import math
import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any, NamedTuple

import jsonschema_rs

from mock.identity_cache import IdentityCache
from mock.pattern_syntax import (
    class_escapes_as_python_reads,
    counted_repetitions_widened,
    dashes_beside_class_escapes_escaped,
    java_classes_spelled,
)
from mock.problems import ViolationKind
from mock.spec.discriminators import carry_discriminator, discriminator_of
from mock.spec.model import Schema
from mock.spec.refs import RefNode, deref
from mock.spec.schemas import (
    ONE_SUBSCHEMA,
    SUBSCHEMA_LISTS,
    SUBSCHEMA_MAPS,
    closed_part_conflict,
    merge_all_of,
    objects_reached,
    open_alike_options,
    schema_types,
    twin_options,
)

log = logging.getLogger("specmock")

# jsonschema-rs copies a schema as a tree: the `$ref`s the loader resolved by sharing are copied at every place
# they are used. Stripe's response schemas unfold so into ~1.6 million nodes each, and a server compiling a
# few hundred of them grew to 9.5 GB. A validator holds at most this many nodes: a larger schema has its shared
# parts written once and referred to (`_shared_parts_named`), and where it is larger still, deeper parts of it
# accept anything.
NODES_PER_VALIDATOR = 5_000
# jsonschema-rs refuses a schema nested deeper than about 254 levels ("Recursion limit reached", so nothing was
# checked): a validator holds at most this many levels (a chain of 300 `$ref`s, HubSpot's media bridge objects).
LEVELS_PER_VALIDATOR = 200
# The cache starts afresh past this many nodes in all, each validator counted with two more for its own overhead.
# Measured on GitHub's spec, a cached validator costs about 1.3 KB of memory per node, so this is about 65 MB.
# Bounded by count instead (400 validators), it could hold 400 of Stripe's largest (GBs), yet only 400 of
# GitHub's, mostly of one node: random traffic on GitHub's spec uses about 3,000 (100,000 nodes), and compiling
# them again and again cost a request about 0.4 ms (2.6 ms in all; 2.3 ms with this bound, 1.9 ms with all of
# them kept, for 70 MB more).
NODES_CACHED = 50_000
VALIDATOR_OVERHEAD_NODES = 2
_compiled: IdentityCache[Any] = IdentityCache(max_weight=NODES_CACHED)
_ACCEPT_ALL = jsonschema_rs.Draft202012Validator({})


def validator_for(schema: Schema) -> Any:
    """The compiled validator of a schema, compiled on first use (a big spec pays only for what is called)."""
    found = _compiled.get((schema,))
    if found is not None:
        return found
    validator, nodes = _compile_within_budget(schema)
    return _compiled.put((schema,), validator, weight=nodes + VALIDATOR_OVERHEAD_NODES)


_VERBATIM = frozenset({"enum", "const", "required", "type", "default", "example", "examples", "$ref"})


def _compile_within_budget(schema: Schema) -> tuple[Any, int]:
    """The validator, and how many nodes it holds."""
    compiled, nodes = _within_budget(schema)
    return _compile(compiled), nodes


def _within_budget(schema: Schema) -> tuple[Schema, int]:
    """The schema a validator is compiled from, and how many nodes it holds. Where, unfolded as a tree, it holds more
    than `NODES_PER_VALIDATOR` nodes, its shared parts are each written once and referred to (`_shared_parts_named`);
    where it is still too big or too deep, it is cut."""
    whole = self_contained(_rebuild(schema, {}, _as_compiled))
    depth, nodes = _affordable_depth(whole, NODES_PER_VALIDATOR)
    if depth is None:
        return whole, nodes
    named = _shared_parts_named(whole)
    depth, nodes = _affordable_depth(named, NODES_PER_VALIDATOR)
    return (named if depth is None else _cut(named, depth)), nodes


_SHARED = "x-specmock-shared-"


def _subschema_places(node: dict[str, Any]) -> Iterator[tuple[Any, Any]]:
    """(holder, key) of each subschema of `node` that is an object: `holder[key]` is the subschema."""
    for keyword, value in node.items():
        if keyword in ONE_SUBSCHEMA and isinstance(value, dict):
            yield node, keyword
        elif keyword in SUBSCHEMA_LISTS and isinstance(value, list):
            yield from ((value, index) for index, item in enumerate(value) if isinstance(item, dict))
        elif keyword in SUBSCHEMA_MAPS and isinstance(value, dict):
            yield from ((value, name) for name, item in value.items() if isinstance(item, dict))


def _shared_parts_named(whole: Schema) -> Schema:
    """`whole` (a copy made for compiling, changed in place) with each subschema it uses in more than one place and
    holding subschemas of its own written once, under `$defs`, and referred to by `$ref` wherever it is used.
    jsonschema-rs copies a shared part at every place it is used, and compiles a `$ref`'s target once: Komga's
    search condition, 4,771 nodes at 17 levels unfolded, had been cut, its `oneOf`s read as `anyOf`s, and a number
    sent as the condition matched all of its 19 options."""
    uses: dict[int, int] = {}
    parts: dict[int, dict[str, Any]] = {}
    stack: list[dict[str, Any]] = [whole]
    while stack:
        node = stack.pop()
        for holder, key in _subschema_places(node):
            child = holder[key]
            if isinstance(child, RefNode):  # its target is placed where it points (`self_contained`), and read there
                child = child.target
                if not isinstance(child, dict) or id(child) in parts:
                    continue
            else:
                uses[id(child)] = uses.get(id(child), 0) + 1
            if id(child) not in parts:
                parts[id(child)] = child
                stack.append(child)
    names = {
        key: f"{_SHARED}{index}"
        for index, key in enumerate(key for key, count in uses.items() if count > 1 and _holds_subschemas(parts[key]))
    }
    if not names:
        return whole
    for node in [whole, *parts.values()]:
        for holder, key in list(_subschema_places(node)):
            name = names.get(id(holder[key]))
            if name is not None:
                holder[key] = {"$ref": f"#/$defs/{name}"}
    named = dict(whole)
    named["$defs"] = {**(whole.get("$defs") or {}), **{name: parts[key] for key, name in names.items()}}
    return named


def _holds_subschemas(node: dict[str, Any]) -> bool:
    return next(_subschema_places(node), None) is not None


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in _VERBATIM and isinstance(value, (dict, list)):
                yield value
    elif isinstance(node, list):
        yield from (value for value in node if isinstance(value, (dict, list)))


def _affordable_depth(schema: Any, budget: int) -> tuple[int | None, int]:
    """How deep the schema, unfolded as a tree, stays within `budget` nodes and `LEVELS_PER_VALIDATOR` levels
    (None: wholly), and its node count."""
    frontier, counted, level = [schema], 0, 0
    while frontier:
        if counted + len(frontier) > budget or level > LEVELS_PER_VALIDATOR:
            return max(level - 1, 1), counted
        counted += len(frontier)
        frontier = [child for node in frontier for child in _children(node)]
        level += 1
    return None, counted


def _cut(node: Any, depth: int) -> Any:
    """The schema with every object deeper than `depth` levels made `{}` (anything goes there), and never stricter
    than it was: a cut `oneOf` is an `anyOf` (Discord's `oneOf: [{type: null}, {type: object, …}]` cut to two `{}`
    matched every value twice, so every message failed it and a list of them was answered empty), a `not` or `if`
    whose subschema was cut is dropped (`not: {}` refuses everything, `if: {}` applies `then` to everything), and
    so is `additionalProperties` beside fields cut away."""
    return _cut_within(node, depth)[0]


# Keywords whose subschema, made `{}` deeper down, would refuse what the whole schema allows: dropped where cut.
_STRICTER_WHEN_CUT = ("not", "if")


def _as_any_of(node: dict[str, Any], alternatives: list[Any]) -> None:
    """`node` asking for one of `alternatives` or more (beside an `anyOf` of its own, as one more part of it)."""
    if "anyOf" in node or not isinstance(alternatives, list):
        node["allOf"] = [*node.get("allOf", []), {"anyOf": alternatives}]
    else:
        node["anyOf"] = alternatives


def _cut_within(node: Any, depth: int) -> tuple[Any, bool]:
    """(`_cut`'s schema, whether anything in it was cut)."""
    if isinstance(node, dict):
        if depth < 0:
            return {}, bool(node)
        out: dict[str, Any] = {}
        any_cut = False
        cut_keys: list[str] = []
        for key, value in node.items():
            if key in _VERBATIM:
                out[key] = value
                continue
            out[key], was_cut = _cut_within(value, depth - 1)
            any_cut = any_cut or was_cut
            if was_cut and key in ("oneOf", *_STRICTER_WHEN_CUT):
                cut_keys.append(key)
        for key in cut_keys:
            if key == "oneOf":
                _as_any_of(out, out.pop("oneOf"))
            else:
                del out[key]
        if "if" not in out:  # `then` and `else` apply only where an `if` is
            out.pop("then", None)
            out.pop("else", None)
        if any(node.get(key) and out.get(key) == {} for key in ("properties", "patternProperties")):
            # the fields it names were cut away: `additionalProperties: false` would refuse every one of them
            out.pop("additionalProperties", None)
            out.pop("unevaluatedProperties", None)
        return out, any_cut
    if isinstance(node, list):
        cut = [_cut_within(value, depth - 1) for value in node]
        return [value for value, _ in cut], any(was_cut for _, was_cut in cut)
    return node, False


INTEGER_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}

# Folded once per spec schema (and per schema and part merged with it): the same object every time, so a validator
# compiled for it is compiled once. Folded anew per call, each `is_valid` on the result compiled a validator (OpenAI's
# oneOf options of 2,600 nodes: about one a request) and filled the validator cache with them. Keyed by spec
# nodes, which live as long as the spec; bounded all the same, against schemas made on the fly.
_FOLDED: IdentityCache[Schema] = IdentityCache(max_entries=50_000)


def folded(schema: Schema) -> Schema:
    """`merge_all_of(schema)` where the schema has an `allOf` (else the schema itself), the same object each time."""
    if "allOf" not in schema:
        return schema
    return _FOLDED.get_or_build((schema,), lambda: merge_all_of(schema))


def folded_with(schema: Schema, part: Schema, leaving: tuple[str, ...]) -> Schema:
    """The schema without its `leaving` keywords merged with `part` (a `oneOf` option, a discriminator's
    target), the same object each time; `part` itself where nothing else is left of the schema."""
    if all(key in leaving for key in schema) and not _brought_back(folded(part), schema, leaving):
        return part
    # The rest of the schema is copied only to build (every option of every answer asks: most find it built).
    return _FOLDED.get_or_build((schema, part), lambda: _merged_choice(schema, part, leaving), extra=leaving)


def _merged_choice(schema: Schema, part: Schema, leaving: tuple[str, ...]) -> Schema:
    merged = merge_all_of({"allOf": [{k: v for k, v in schema.items() if k not in leaving}, part]})
    # An option that inherits its own union (HubSpot's AgentActor is `allOf: [PublicActor, …]`, and PublicActor is
    # `oneOf: [AgentActor, …]`) is the choice made from that union: the union it brings back is left out, or a
    # value of it would be chosen from the union again, and again, without end.
    for key in _brought_back(merged, schema, leaving):
        del merged[key]
    return merged


def _brought_back(part: Schema, schema: Schema, leaving: tuple[str, ...]) -> list[str]:
    """The `leaving` keywords `part` holds as the very values `schema` does: the union it inherited back."""
    return [key for key in leaving if key in part and part[key] is schema.get(key)]


_request_views: IdentityCache[Schema] = IdentityCache()


def request_view(schema: Schema) -> Schema:
    """The schema as a request is judged by it: `readOnly` properties are not required (the server sets
    them), `format: int32`/`int64` integers must fit their width, as OpenAPI defines the formats, and an `allOf`
    whose closed part refuses what another describes (`closed_part_conflict`) is judged with that part opened."""
    return _request_views.get_or_build((schema,), lambda: _rebuild(with_discriminators(schema), {}, _as_request_judges))


_response_views: IdentityCache[Schema] = IdentityCache()


def response_view(schema: Schema) -> Schema:
    """The schema as an answer is judged by it: `format: int32`/`int64` integers fit their width, and
    `writeOnly` properties are never answered, so they are not required there and must be absent
    ("the required will take effect on the request only", OpenAPI 3.0.3), as schemathesis and
    openapi-core's 3.0 read validator judge them; an `allOf` whose closed part refuses what another describes
    (`closed_part_conflict`) is judged with that part opened, as the contract runner judges a server's answers."""
    return _response_views.get_or_build((schema,), lambda: _rebuild(schema, {}, _as_response_judges))


_answer_back_views: IdentityCache[Schema] = IdentityCache()


def answer_back_view(schema: Schema) -> Schema:
    """What a value the client sent must meet to be answered back (echoed, or stored and read back): the schema
    with `format: int32`/`int64` integers held to their width, which JSON Schema alone does not know and
    openapi-core, the self-check's judge, does (Discord's int32 `flags`, sent as 305030607996645933056); and
    with the formats requests are judged loosely by (`FORMATS_AS_OPENAPI_CORE`) read as JSON Schema's own
    checkers read them, as schemathesis reads answers (SendGrid's `from_email`, sent as `a b@c`); a `writeOnly`
    property is not required there, since no answer holds it.

    An empty schema (anything) is answered by one shared empty schema: callers pass `properties.get(name) or {}`
    per request, and each new `{}` would otherwise be kept in the cache, with a validator compiled for it."""
    if not schema:
        return _ANYTHING
    return _answer_back_views.get_or_build((schema,), lambda: _rebuild(schema, {}, _as_answer_back_judges))


_ANYTHING: Schema = {}  # never changed: the view of every empty schema


def _as_answer_back_judges(node: dict[str, Any], out: dict[str, Any], child: Callable[[Any], Any]) -> None:
    for key, value in node.items():
        out[key] = child(value)
    # as answers are judged (`response_view`): Bytebase's policies, closed against their parts, were each found
    # wanting and dropped from every list
    _as_meetable(node, out)
    _fit_integer_width(node, out)
    # a writeOnly field is never answered back, so an answer does not need it, required or not (Firefly III's
    # transaction links require `link_type_id`: judged as written, every listed link was found wanting, and dropped)
    _not_required(node, out, _flagged(node, "writeOnly") - _required_as_declared(node, "writeOnly"))
    if isinstance(node.get("format"), str) and node["format"] in FORMATS_AS_OPENAPI_CORE:
        out["format"] = _STRICTLY + node["format"]


def python_readable(node: Any) -> Any:
    """A copy of a document or schema without the `pattern`s Python's `re` cannot read: ECMA-262 (JSON Schema's
    dialect) has more (`\\p{L}`, any letter), and a judge built on `re` (openapi-core) fails on them instead of
    judging. Only for such a judge: the mock's own validator reads them."""
    return _rebuild(node, {}, _as_python_reads)


def _as_python_reads(node: dict[str, Any], out: dict[str, Any], child: Callable[[Any], Any]) -> None:
    for key, value in node.items():
        if key != "pattern" or not isinstance(value, str) or _python_reads(value):
            out[key] = child(value)


@functools.lru_cache(maxsize=1024)
def _python_reads(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


# How one object of a schema is rewritten: the original, its (empty) copy to fill, and how to copy a child.
Rewrite = Callable[[dict[str, Any], dict[str, Any], Callable[[Any], Any]], None]


def _rebuild(node: Any, memo: dict[int, Any], rewrite: Rewrite) -> Any:
    """A copy of a schema graph, shared parts and `$ref` cycles kept as they are shared (`memo`, by identity,
    for this one walk), each object filled by `rewrite`."""
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, RefNode):
        copy = RefNode(node)
        memo[id(node)] = copy
        copy.target = _rebuild(node.target, memo, rewrite)
        return copy
    if isinstance(node, list):
        out_list: list[Any] = []
        memo[id(node)] = out_list
        out_list.extend(_rebuild(value, memo, rewrite) for value in node)
        return out_list
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    memo[id(node)] = out

    def child(value: Any) -> Any:
        return _rebuild(value, memo, rewrite) if isinstance(value, (dict, list)) else value

    rewrite(node, out, child)
    if "discriminator" in out:  # resolved where its options are the spec's own (see `carry_discriminator`)
        carry_discriminator(out, node, memo)
    return out


def _as_request_judges(node: dict[str, Any], out: dict[str, Any], child: Callable[[Any], Any]) -> None:
    read_only = _flagged(node, "readOnly") - _required_as_declared(node, "readOnly")
    if read_only and _a_part_requires(node, read_only, "readOnly"):
        node = folded(node)  # one part requires what another marks readOnly: only the merged schema can say neither
    for key, value in node.items():
        out[key] = child(value)
    # a schema closed against its own parts takes no request as written (Bytebase's access grants: every create was
    # refused, whatever it sent); judged as its parts describe it together, as answers are, and `specs check` warns
    _as_meetable(node, out)
    _not_required(node, out, read_only)
    _fit_integer_width(node, out)


def _flagged(node: dict[str, Any], flag: str, depth: int = 0) -> set[str]:
    """The properties `flag` (readOnly, writeOnly) marks, of the node and of the parts of its `allOf`: Spring
    PetClinic's vet requires `id` beside an `allOf` whose second part marks it readOnly."""
    properties = node.get("properties")
    names = (
        {n for n, sub in properties.items() if isinstance(sub, dict) and deref(sub).get(flag) is True}
        if isinstance(properties, dict)
        else set()
    )
    for part in node.get("allOf") or () if depth < 8 else ():
        part = deref(part)
        if isinstance(part, dict):
            names |= _flagged(part, flag, depth + 1)
    return names


def _required_as_declared(node: dict[str, Any], flag: str) -> set[str]:
    """The properties a part of the node's `allOf` requires and declares itself without `flag`: required there as
    openapi-core reads it, whatever another part marks them. PagerDuty's tag: one part marks `type` readOnly, the
    other declares it (`enum: [tag]`) and requires it, and a tag sent without a type was taken."""
    names: set[str] = set()
    for part in node.get("allOf") or ():
        part = deref(part)
        properties = part.get("properties") if isinstance(part, dict) else None
        required = part.get("required") if isinstance(part, dict) else None
        if isinstance(properties, dict) and isinstance(required, list):
            names |= {
                name
                for name in required
                if isinstance(properties.get(name), dict) and deref(properties[name]).get(flag) is not True
            }
    return names


def _a_part_requires(node: dict[str, Any], names: set[str], flag: str) -> bool:
    """Whether a part of the node's `allOf` requires one of `names` that it does not mark `flag` itself."""
    for part in node.get("allOf") or ():
        part = deref(part)
        required = part.get("required") if isinstance(part, dict) else None
        if isinstance(required, list) and (names & set(required)) - _flagged(part, flag):
            return True
    return False


def _not_required(node: dict[str, Any], out: dict[str, Any], names: set[str]) -> None:
    required = node.get("required")
    if isinstance(required, list) and names & set(required):
        out["required"] = [n for n in required if n not in names]


def _fit_integer_width(node: dict[str, Any], out: dict[str, Any]) -> None:
    """`format: int32`/`int64` integers must fit their width, in requests and answers alike."""
    bounds = INTEGER_FORMATS.get(str(node.get("format")))
    if bounds and "integer" in schema_types(node):
        out.setdefault("minimum", bounds[0])
        out.setdefault("maximum", bounds[1])
    elif bounds and "number" in schema_types(node):
        _whole_numbers_bounded(out, bounds)


def _as_response_judges(node: dict[str, Any], out: dict[str, Any], child: Callable[[Any], Any]) -> None:
    write_only = _flagged(node, "writeOnly") - _required_as_declared(node, "writeOnly")
    if write_only and _a_part_requires(node, write_only, "writeOnly"):
        node = folded(node)  # one part requires what another marks writeOnly: only the merged schema can say neither
    for key, value in node.items():
        out[key] = child(value)
    _as_meetable(node, out)  # what the parts describe together, as the contract runner holds a server to
    _write_only_choice_as_any_of(node, out)
    _fit_integer_width(node, out)
    _not_required(node, out, write_only)
    properties = node.get("properties")
    own = {n for n, sub in properties.items() if n in write_only} if isinstance(properties, dict) else set()
    if own:
        absent: dict[str, Any] = {
            "not": {}
        }  # no value at all; `false` spelled so every reader (openapi-core too) takes it
        out["properties"] = {n: absent if n in own else sub for n, sub in out["properties"].items()}


def _write_only_choice_as_any_of(node: dict[str, Any], out: dict[str, Any]) -> None:
    """A `oneOf` one of whose options requires writeOnly fields alone, read as an `anyOf` in an answer: no answer
    holds them, so that option takes every answer without them, and an answer of any other option met two
    (Bytebase's vault secret, `oneOf` an `appRole` or a writeOnly `token`: an answer naming its role conformed to
    neither reading)."""
    options = node.get("oneOf")
    if (
        isinstance(options, list)
        and isinstance(out.get("oneOf"), list)
        and any(map(_requires_write_only_alone, options))
    ):
        _as_any_of(out, out.pop("oneOf"))


def _requires_write_only_alone(option: Any) -> bool:
    option = folded(deref(option)) if isinstance(deref(option), dict) else None
    if not isinstance(option, dict):
        return False
    required = [name for name in option.get("required") or () if isinstance(name, str)]
    properties = option.get("properties") or {}
    return bool(required) and all(
        isinstance(properties.get(name), dict) and deref(properties[name]).get("writeOnly") is True for name in required
    )


def with_discriminators(schema: Schema) -> Schema:
    """The schema with each usable discriminator spelled in JSON Schema, as openapi-core judges it: the value
    must be an object whose property holds one of the discriminator's values, and is judged by the one
    schema that value selects (not by the `oneOf`/`anyOf` it replaces). Idempotent: no `discriminator` is left."""
    return _rebuild(schema, {}, _spelled)  # type: ignore[no-any-return]


def _spelled(node: dict[str, Any], out: dict[str, Any], child: Callable[[Any], Any]) -> None:
    found = discriminator_of(node) if "discriminator" in node else None
    for key, value in node.items():
        if key == "discriminator" or (found is not None and key == found.combinator):
            continue
        out[key] = child(value)
    if found is not None:
        name, values = found.property, list(found.targets)
        selected = [
            {
                "if": {"type": "object", "properties": {name: {"const": value}}, "required": [name]},
                "then": child(target),
            }
            for value, target in found.targets.items()
        ]
        out["allOf"] = [
            *out.get("allOf", []),
            {"type": "object", "required": [name], "properties": {name: {"enum": values}}},
            *selected,
        ]


def _any_text(value: str) -> bool:
    return True


def _has_at_sign(value: str) -> bool:
    return "@" in value


def _base64_text(value: str) -> bool:
    """`byte` as openapi-core judges it (openapi-schema-validator's `is_byte`): base64 in its own alphabet, padded.
    jsonschema-rs knows no `byte` and took any text (Google's beacon `advertisedId.id`, answered as a path's `x1`)."""
    if not value.isascii():
        return False  # no base64 (openapi-core itself fails on it, unable to encode it as ASCII)
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


_CLOCK = r"([01]\d|2[0-3]):[0-5]\d"
_FULL_TIME = re.compile(rf"{_CLOCK}:([0-5]\d|60)(\.\d+)?([Zz]|[+-]{_CLOCK})")  # RFC 3339's full-time


def time_either_way(value: str) -> bool:
    """A `time` as openapi-core reads it (draft 3's %H:%M:%S, "16:39:57") or as JSON Schema does (RFC 3339's
    full-time, "16:39:57Z"); no value is both. The fast path reads it JSON Schema's way, as OpenAPI 3.1 and
    schemathesis do, and answers are written so; the self-check's openapi-core is given this check
    (`mock.openapi_core_checks`), or it would refuse every answer holding a time."""
    if _FULL_TIME.fullmatch(value):
        return True
    try:
        dt.datetime.strptime(value, "%H:%M:%S")
    except ValueError:
        return False
    return True


# Formats read as openapi-core reads them (openapi-schema-validator's OAS 3.1 checker, with the packages this
# project installs): jsonschema-rs checks formats openapi-core has no checker for, and wants an RFC 5321
# address for `email` where openapi-core asks only for an "@"; openapi-core checks `byte`, which jsonschema-rs does
# not know. A value openapi-core accepts is not refused
# here; tests/unit/mock/test_schema_validation.py holds these against openapi-core's own checker. (`json-pointer`
# is checked by both since jsonpatch brought in jsonpointer, which openapi-core's checker uses.)
FORMATS_AS_OPENAPI_CORE = {
    **dict.fromkeys(("duration", "hostname", "iri", "iri-reference", "uri-template"), _any_text),
    "email": _has_at_sign,
    "idn-email": _has_at_sign,
    "byte": _base64_text,
}


def _both(first: Callable[[str], bool], second: Callable[[Any], bool]) -> Callable[[str], bool]:
    return lambda value: first(value) and second(value)


# The same formats as JSON Schema's own checkers and openapi-core both read them, under names of their own
# (`strictly:email`): the names answer_back_view gives them, so one validator can read a request's formats loosely
# and an answer's strictly, as both judges of an answer do.
_STRICTLY = "strictly:"
_FORMATS = {
    **FORMATS_AS_OPENAPI_CORE,
    **{
        _STRICTLY + name: _both(
            FORMATS_AS_OPENAPI_CORE[name],
            jsonschema_rs.Draft202012Validator({"format": name}, validate_formats=True).is_valid,
        )
        for name in FORMATS_AS_OPENAPI_CORE
    },
}


def compile_problem(schema: Schema) -> str | None:
    """Why a schema cannot be compiled (for `specmock specs check`), or None: the schema the server compiles, cut
    within its node budget (`_within_budget`; HubSpot's lists and automation specs, compiled whole, took 7 and over
    24 GB)."""
    try:
        _validator(_within_budget(schema)[0])
    except (ValueError, jsonschema_rs.ValidationError) as exc:
        return str(exc).splitlines()[0][:300]
    return None


def unreadable_patterns(schema: Schema) -> list[str]:
    """The schema's `pattern`s neither jsonschema-rs nor Python's `re` can read (for `specmock specs check`): values
    are not checked against them."""
    patterns = (node.get("pattern") for node in objects_reached([schema]))
    return list(dict.fromkeys(p for p in patterns if isinstance(p, str) and not _readable_pattern(p)[0]))


def _compile(contained: Schema) -> Any:
    """A validator of a schema already made self-contained (see `self_contained`)."""
    try:
        return _validator(contained)
    except (ValueError, jsonschema_rs.ValidationError) as exc:
        # An invalid schema in the spec is a spec warning, not a reason to refuse every request: what the metaschema
        # refuses in it is left out (api.video's `pattern: 0`: its body, an object of a required `timecode`, took
        # `[null, null]` while all of it was left out), and what still cannot be compiled checks nothing.
        repaired = _without_invalid_keywords(contained)
        if repaired is not None:
            try:
                return _validator(repaired)
            except (ValueError, jsonschema_rs.ValidationError):
                pass
        log.warning("a schema of the spec cannot be compiled, so values are not checked against it: %s", exc)
        return _ACCEPT_ALL


# How many keywords the metaschema refuses are left out of one schema before it is given up.
_INVALID_KEYWORDS_LEFT_OUT = 50


def _without_invalid_keywords(schema: Schema) -> Schema | None:
    """The schema without each keyword the metaschema refuses (a `pattern` of a number, a `required` of one name),
    or None where there is none to leave out or the schema itself is refused."""
    repaired: Any = copy.deepcopy(schema)  # a copy to cut, never the spec's own
    for _ in range(_INVALID_KEYWORDS_LEFT_OUT):
        try:
            jsonschema_rs.meta.validate(repaired)
        except jsonschema_rs.ValidationError as error:
            # the keyword is the last step of the error's place held by an object (`required` of `required.0`)
            holder: dict[str, Any] | None = None
            keyword: Any = None
            node: Any = repaired
            step: Any
            for step in error.instance_path:
                if isinstance(node, dict):
                    holder, keyword = node, step
                node = node[step] if isinstance(node, (dict, list)) else None
            if holder is None or keyword not in holder:
                return None
            del holder[keyword]
            continue
        except (ValueError, TypeError):
            return None
        return repaired if repaired != schema else None
    return None


def _validator(compiled: Schema) -> Any:
    return jsonschema_rs.Draft202012Validator(
        compiled,
        validate_formats=True,
        formats=_FORMATS,
        keywords={MULTIPLE_OF: _MultipleOf, PYTHON_PATTERN: _PythonPattern},
    )


# openapi-core (Python's jsonschema) judges `multipleOf` as Python divides numbers: by a float step, whole or not
# (16.17 is no multiple of 0.01 there, 16.17 / 0.01 being 1617.0000000000002, and ajv, Prism's, refuses it too), by
# a whole step, by the remainder (3.936091131633735e17 % 3 is 2.0). jsonschema-rs takes both. A compiled schema holds
# `multipleOf` under this name, judged by `_MultipleOf`.
MULTIPLE_OF = "x-specmock-multiple-of"


class _MultipleOf:
    """jsonschema-rs's custom keyword for `multipleOf`, read as `jsonschema._keywords.multipleOf` reads it."""

    def __init__(self, parent_schema: Schema, value: Any, schema_path: Any) -> None:
        self.step: Any = value  # an int or a float: each is read its own way

    def validate(self, instance: Any) -> None:
        if isinstance(instance, bool) or not isinstance(instance, (int, float)):
            return
        if not _a_multiple(instance, self.step):
            raise ValueError(f"{instance!r} is not a multiple of {self.step!r}")


def _a_multiple(value: float, step: int | float) -> bool:
    """`value` a multiple of `step` as `jsonschema._keywords.multipleOf` reads it: a float step by a whole quotient, a
    whole one by the remainder."""
    if isinstance(step, float):
        quotient = value / step
        try:
            return int(quotient) == quotient
        except OverflowError:  # a huge number over a step below one: exactly, as jsonschema falls back to
            return (Fraction(value) / Fraction(step)).denominator == 1
    return not value % step


def a_multiple_to_every_judge(value: float, step: int | float) -> bool:
    """Whether `value` is a multiple of `step` to openapi-core (the mock's own judge, `_a_multiple`) and to
    jsonschema-rs as it is (schemathesis' judge of answers): 15.530000000000001 is one of 0.01 to the first and not
    to the second, 16.17 the other way round. An answer made for a `multipleOf` must be one to both."""
    return _a_multiple(value, step) and bool(_plain_multiple_of(step).is_valid(value))


@functools.lru_cache(maxsize=256)
def _plain_multiple_of(step: int | float) -> Any:
    return jsonschema_rs.Draft202012Validator({"multipleOf": step})


def multiple_of_step(schema: Schema) -> int | float | None:
    """The step a schema's `multipleOf` asks for; None where it asks none a validator can read (absent, not a number,
    or not above 0, which jsonschema-rs refuses as a schema)."""
    step = schema.get("multipleOf")
    return step if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0 else None


NUMERIC_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def _as_compiled(node: dict[str, Any], out: dict[str, Any], child: Callable[[Any], Any]) -> None:
    """A schema as jsonschema-rs compiles it: discriminators spelled (`with_discriminators`), `multipleOf` under
    `MULTIPLE_OF`, a bound written as a float beyond 2**53 as the whole number it is (`_exact_bound`)."""
    _spelled(node, out, child)
    if multiple_of_step(out) is not None:  # else left for jsonschema-rs to refuse
        out[MULTIPLE_OF] = out.pop("multipleOf")
    _exact_bounds_in(out)
    _integer_format_bounds_in(out)
    _pattern_as_readable(out)
    _empty_combinations_read(out)


def _integer_format_bounds_in(out: dict[str, Any]) -> None:
    """An integer schema's `int32` or `int64` as the bounds it means (`INTEGER_FORMATS`), where the schema's own are
    not tighter: openapi-core holds integers to them, and jsonschema-rs checks formats of strings only (Wowza's
    `bytes_total: {type: integer, format: int32}` showed an example of 32429386811, served)."""
    fmt = out.get("format")
    span = INTEGER_FORMATS.get(fmt) if isinstance(fmt, str) else None
    if span is not None and "number" in schema_types(out):
        _whole_numbers_bounded(out, span)
        return
    if span is None or "integer" not in schema_types(out):
        return
    low, high = span
    minimum, maximum = out.get("minimum"), out.get("maximum")
    if not isinstance(minimum, (int, float)) or isinstance(minimum, bool) or minimum < low:
        out["minimum"] = low
    if not isinstance(maximum, (int, float)) or isinstance(maximum, bool) or maximum > high:
        out["maximum"] = high


def _whole_numbers_bounded(out: dict[str, Any], span: tuple[int, int]) -> None:
    """A number schema of an integer format (`type: number, format: int32`, DaniWeb's ids) holds a whole number to
    the format's width, and a fraction to nothing, as openapi-core's format checks do (they judge Python's ints)."""
    bound = {"if": {"type": "integer"}, "then": {"minimum": span[0], "maximum": span[1]}}
    if bound not in out.get("allOf", []):
        out["allOf"] = [*out.get("allOf", []), bound]


def _empty_combinations_read(out: dict[str, Any]) -> None:
    """An empty `oneOf` or `anyOf` written as the nothing it asks for (no option to meet, as openapi-core reads
    it), and an empty `allOf` dropped (nothing to meet): JSON Schema forbids them, and jsonschema-rs, refusing to
    compile the schema, had it take anything. Bluesky's moderation subject is `profile: {oneOf: []}`, and the
    subjects a query named, text, were answered back as subjects."""
    for key in ("oneOf", "anyOf"):
        if out.get(key) == []:
            del out[key]
            out["allOf"] = [*out.get("allOf", []), {"not": {}}]
    if out.get("allOf") == []:
        del out["allOf"]


# A `pattern` jsonschema-rs cannot read refused the whole schema as one it cannot compile, so nothing in it was
# checked: Komga's settings (`^/[\w-/]*[a-zA-Z0-9]$`, a class escape as a range's end, which ECMA-262's unicode mode
# forbids) took any `thumbnailSize`. Such a pattern is compiled as its web reading (Annex B) spells it, else under
# this name, judged by Python's `re` as openapi-core judges it, else left out.
PYTHON_PATTERN = "x-specmock-python-pattern"


def _pattern_as_readable(out: dict[str, Any]) -> None:
    pattern = out.get("pattern")
    if not isinstance(pattern, str):
        return
    keyword, readable = _readable_pattern(pattern)
    if keyword == "pattern" and readable == pattern:
        return
    del out["pattern"]
    if keyword:
        out[keyword] = readable
    else:
        _warn_unreadable(pattern)


@functools.lru_cache(maxsize=1024)
def _warn_unreadable(pattern: str) -> None:
    """Once a pattern: every schema compiled with it would say so again."""
    log.warning("a pattern of the spec cannot be read, so values are not checked against it: %r", pattern)


SPEC_PATTERN_OF: dict[str, str] = {}  # each pattern compiled -> the spec's pattern it was written from


@functools.lru_cache(maxsize=1024)
def _readable_pattern(pattern: str) -> tuple[str, str]:
    """The keyword and pattern a compiled schema checks a spec's `pattern` by ("" where none can be read)."""
    web_reading = dashes_beside_class_escapes_escaped(pattern)
    as_python_reads = (class_escapes_as_python_reads(pattern), class_escapes_as_python_reads(web_reading))
    readings = [*dict.fromkeys((*as_python_reads, pattern, web_reading))]
    for written in readings:
        if _compiles(written):
            SPEC_PATTERN_OF[written] = pattern
            return "pattern", written
    if _python_reads(pattern):
        return PYTHON_PATTERN, pattern
    # Java's spelling of classes ECMA-262 lacks (AWS's `\p{XDigit}`), then counted repetitions too large for
    # jsonschema-rs to compile (`[^\p{C}]{1,2048}`) read without their upper bounds: each takes what the pattern
    # takes, and the pattern is checked but for its longest runs, rather than not at all.
    readings = [java_classes_spelled(written) or written for written in readings]
    for most in _REPETITIONS_KEPT:
        for written in dict.fromkeys(counted_repetitions_widened(reading, most) for reading in readings):
            if _compiles(written):
                SPEC_PATTERN_OF[written] = pattern
                return "pattern", written
    return "", pattern


# The counts a repetition may keep, tried in turn (first every count: Java's classes spelled only), in a pattern
# jsonschema-rs refuses: its limit on a compiled pattern's size is reached by the repetitions of a large class (a
# Unicode property's) beyond about a hundred.
_REPETITIONS_KEPT = (1 << 30, 64, 0)


def _compiles(pattern: str) -> bool:
    """Whether jsonschema-rs reads the pattern."""
    try:
        jsonschema_rs.Draft202012Validator({"pattern": pattern})
    except (ValueError, jsonschema_rs.ValidationError):
        return False
    return True


class _PythonPattern:
    """jsonschema-rs's custom keyword for a `pattern` only Python's `re` reads: searched for as openapi-core does."""

    def __init__(self, parent_schema: Schema, value: Any, schema_path: Any) -> None:
        self.pattern = re.compile(value)

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and not self.pattern.search(instance):
            raise ValueError(f"{json.dumps(instance)} does not match {json.dumps(self.pattern.pattern)}")


def plain_validator(schema: Schema) -> Any:
    """A jsonschema-rs validator of the schema as written, for a judge outside the mock (the contract runner's): its
    float bounds from 2**53 up read as the whole numbers they are (`_exact_bound`) and its patterns as the mock reads
    them (`_pattern_as_readable`), as openapi-core and a server judge them; formats and `multipleOf` as jsonschema-rs
    reads them, as schemathesis does."""
    return jsonschema_rs.Draft202012Validator(
        _rebuild(schema, {}, _as_exact_bounds), keywords={PYTHON_PATTERN: _PythonPattern}
    )


def made_meetable(schema: Schema) -> Schema | None:
    """A copy of the schema in which each part no value satisfies as written is read as a value can meet it
    (`_as_meetable`: closed parts beside parts requiring or declaring another property opened, a `oneOf` with two
    options alike read as an `anyOf`), each such part marked (`OPENED`): what a server can answer there at best. None
    where the schema holds no such part."""
    opened: list[bool] = []

    def as_opened(node: dict[str, Any], out: dict[str, Any], child: Callable[[Any], Any]) -> None:
        out.update((key, child(value)) for key, value in node.items())
        if _as_meetable(node, out):
            opened.append(True)
            out[OPENED] = True  # what it was remains known (`unmeetable_as_written`)

    rebuilt: Schema = _rebuild(schema, {}, as_opened)
    return rebuilt if opened else None


# Marks a part `made_meetable` changed: a document handed on so (the contract runner's engine) still says which of
# its schemas no value met as written.
OPENED = "x-specmock-closed-parts-opened"


def unmeetable_as_written(schema: Any) -> bool:
    """Whether the schema is one no value meets as written (`closed_part_conflict`, `twin_options`), or a copy of
    one made meetable."""
    return isinstance(schema, dict) and (
        bool(schema.get(OPENED)) or closed_part_conflict(schema) is not None or _met_together(schema) is not None
    )


def _met_together(schema: Any) -> tuple[int, int] | None:
    """Two options of a `oneOf` every natural value of either meets together (`twin_options`, `open_alike_options`)."""
    return twin_options(schema) or open_alike_options(schema)


def _as_meetable(node: dict[str, Any], out: dict[str, Any]) -> bool:
    """`out` (the copy of `node`) as a value can meet it where no value meets it as written: its closed parts opened
    (`_closed_parts_opened`), a `oneOf` with two options alike read as an `anyOf` (`twin_options`). Whether it did."""
    opened = _closed_parts_opened(node, out)
    if _met_together(node) is not None and isinstance(out.get("oneOf"), list):
        _as_any_of(out, out.pop("oneOf"))
        return True
    return opened


def _closed_parts_opened(node: dict[str, Any], out: dict[str, Any]) -> bool:
    """Open the closed parts of `out`'s `allOf` (its copy of `node`'s) where they refuse what another part requires or
    declares (`closed_part_conflict`): the schema its parts describe together. Whether it did."""
    if closed_part_conflict(node) is None:
        return False
    if _refuses_others(out) and not out.get("patternProperties"):
        del out["additionalProperties"]  # closed beside its parts: it refused every property they declare
    if "allOf" not in out:
        return True  # closed beside its `oneOf` alternatives, now open to them
    out["allOf"] = [
        {k: v for k, v in part.items() if k != "additionalProperties"}
        if isinstance(part, dict) and _refuses_others(part)
        else part
        for part in out["allOf"]
    ]
    return True


def _refuses_others(part: dict[str, Any]) -> bool:
    """Whether a part refuses some value of a property it does not declare: `additionalProperties` false, or a schema
    that says something (`{type: object}`)."""
    extra = part.get("additionalProperties")
    return extra is False or (isinstance(extra, dict) and bool(extra))


def _as_exact_bounds(node: dict[str, Any], out: dict[str, Any], child: Callable[[Any], Any]) -> None:
    out.update((key, child(value)) for key, value in node.items())
    _exact_bounds_in(out)
    _pattern_as_readable(out)


def _exact_bounds_in(out: dict[str, Any]) -> None:
    for bound in NUMERIC_BOUNDS:
        if isinstance(out.get(bound), float):
            out[bound] = _exact_bound(out[bound])


def _exact_bound(bound: float) -> int | float:
    """A float bound as openapi-core (Python) compares a whole number with it: exactly. Go's generators write
    uint64's `maximum` as 1.8446744073709552e+19 (Nomad's 140 of them), and jsonschema-rs compared an integer
    beyond it through a float, taking 18446744073709551999 for at most 2**64; as a whole number the bound is
    compared exactly. Every float from 2**53 up is whole."""
    return int(bound) if abs(bound) >= 2**53 and math.isfinite(bound) else bound


def self_contained(schema: Schema) -> Schema:
    """The schema with the targets of its kept `$ref`s (recursive schemas) placed where the `$ref`s point.

    A recursive schema keeps `{"$ref": "#/components/schemas/Node"}` (a RefNode); the validator
    gets the schema plus `components.schemas.Node`, so the pointer resolves inside it.
    """
    targets: dict[str, Any] = {}
    seen: set[int] = set()
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, RefNode):
            targets.setdefault(node["$ref"], node.target)
            stack.append(node.target)
        elif isinstance(node, dict):
            stack.extend(value for value in node.values() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            stack.extend(value for value in node if isinstance(value, (dict, list)))
    if not targets:
        return schema
    wrapper: dict[str, Any] = dict(schema)
    for ref, target in targets.items():
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in ref[2:].split("/")]
        place = wrapper
        for token in tokens[:-1]:
            child = place.get(token)
            place[token] = dict(child) if isinstance(child, dict) else {}
            place = place[token]
        place[tokens[-1]] = target
    return wrapper


@functools.lru_cache(maxsize=256)
def text_of_format(name: str) -> Schema:
    """`{"type": "string", "format": name}`, one object per format: validators are kept per schema object, so a
    format judged alone is compiled once, not on every call."""
    return {"type": "string", "format": name}


def is_valid(schema: Schema, value: Any) -> bool:
    return bool(validator_for(schema).is_valid(value))


def fits(schema: Schema, value: Any) -> bool:
    """`is_valid`, for a value tried against many schemas most of which refuse it on sight (a `oneOf`'s options):
    a schema that `surely_refuses` the value compiles no validator. HubSpot's media bridge answers expressions
    whose inputs are one of 70 operators, each tagged by its `operator` and each holding expressions again: a
    validator of one operator took 40 ms to compile, and matching one made-up expression compiled all 70."""
    return not surely_refuses(schema, value) and is_valid(schema, value)


# How many levels of a value `surely_refuses` reads (a tag is a property of the object, or of one inside it), and
# through how many `allOf`/`anyOf`/`oneOf` at one level: a union its options inherit (HubSpot's PublicActor, one of
# actors that are each `allOf: [PublicActor, …]`) is a cycle that never goes a level deeper.
SURE_LEVELS = 3
SURE_COMBINATIONS = 8


def surely_refuses(schema: Any, value: Any, levels: int = SURE_LEVELS, combinations: int = SURE_COMBINATIONS) -> bool:
    """Whether the value fails the schema on a reading that needs no validator: the declared `type`, `const`,
    `enum`, `required`, `additionalProperties: false` and `items`/`minItems`/`maxItems`, of the schema and of the
    parts of its `allOf`, `anyOf` and `oneOf`, and of the properties and items the value holds, `levels` deep.
    False where that reading cannot tell: never True for a value the schema takes (tests/unit/mock hold it
    against jsonschema-rs). Python's equality is JSON's or looser (`1 == True`), so an `enum` Python finds no
    match in is one JSON Schema finds none in either."""
    schema = deref(schema)
    if schema is False:
        return True
    if not isinstance(schema, dict) or levels < 0 or combinations < 0:
        return False
    declared = schema.get("type")
    if declared is not None and not of_declared_type(value, declared):
        return True
    if "const" in schema and value != schema["const"]:
        return True
    enum = schema.get("enum")
    if isinstance(enum, list) and value not in enum:
        return True
    if isinstance(value, dict) and _object_surely_refused(schema, value, levels):
        return True
    if isinstance(value, list) and _array_surely_refused(schema, value, levels):
        return True
    combinations -= 1
    if any(surely_refuses(part, value, levels, combinations) for part in _listed(schema, "allOf")):
        return True
    if "discriminator" in schema:  # judged by the schema its value selects, which may be none of the options
        return False
    return any(
        (options := _listed(schema, key))
        and all(surely_refuses(option, value, levels, combinations) for option in options)
        for key in ("anyOf", "oneOf")
    )


def _listed(schema: dict[str, Any], key: str) -> list[Any]:
    parts = schema.get(key)
    return parts if isinstance(parts, list) else []


def _object_surely_refused(schema: dict[str, Any], value: dict[str, Any], levels: int) -> bool:
    required = schema.get("required")
    if isinstance(required, list) and any(isinstance(name, str) and name not in value for name in required):
        return True
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        properties = {}
    if (
        schema.get("additionalProperties") is False
        and "patternProperties" not in schema
        and any(name not in properties for name in value)
    ):
        return True
    return any(name in value and surely_refuses(sub, value[name], levels - 1) for name, sub in properties.items())


def _array_surely_refused(schema: dict[str, Any], value: list[Any], levels: int) -> bool:
    least, most = schema.get("minItems"), schema.get("maxItems")
    if (isinstance(least, int) and len(value) < least) or (isinstance(most, int) and len(value) > most):
        return True
    items = schema.get("items")
    # beside `prefixItems`, `items` judges only the items after them
    return "prefixItems" not in schema and any(surely_refuses(items, item, levels - 1) for item in value)


_JSON_TYPES = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})


def of_declared_type(value: Any, declared: Any) -> bool:
    """Whether the value is of a type the schema declares (or of one this cannot judge: a type JSON Schema does
    not name makes the schema one the validator cannot compile, and so takes anything)."""
    kinds = declared if isinstance(declared, list) else [declared]
    kind = json_type(value)
    if kind in kinds or (kind == "integer" and "number" in kinds) or not kind:
        return True
    if any(not isinstance(name, str) or name not in _JSON_TYPES for name in kinds):
        return True
    # 2.0 is an integer to JSON Schema
    return kind == "number" and "integer" in kinds and float(value).is_integer()


def json_type(value: Any) -> str:
    """The JSON type of a (decoded) value; "" for what JSON has no type for."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else ""


@functools.lru_cache(maxsize=1024)
def _pattern_validator(pattern: str) -> Any:
    schema = {"type": "string", "pattern": pattern}
    _pattern_as_readable(schema)
    return _compile(schema)


def matches_pattern(pattern: str, text: str) -> bool:
    """Whether `text` matches a schema's `pattern` as the validator reads it (ECMA-262, its class escapes as Python's
    `re` reads them); a pattern it cannot read holds nothing back, as in a request."""
    return bool(_pattern_validator(pattern).is_valid(text))


class SchemaProblem(NamedTuple):
    """One way a value fails its schema: where (dotted path), why, and whether something required is absent."""

    where: str
    message: str
    kind: ViolationKind = ViolationKind.INVALID


def iter_problems(schema: Schema, value: Any) -> Iterator[SchemaProblem]:
    """Every way `value` fails `schema`."""
    validator = validator_for(schema)
    if validator.is_valid(value):
        return
    for error in validator.iter_errors(value):
        path = [str(p) for p in error.instance_path]
        message = error.message
        kind = ViolationKind.INVALID
        if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Required):
            missing = getattr(error.kind, "property", None)
            if missing is not None:
                path.append(str(missing))
                message = f"{missing!s} is required"
                kind = ViolationKind.MISSING
        elif isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Pattern):
            # said with the spec's own pattern, not the spelling compiled for it (`\\p{Nd}` for `\\d`)
            written = SPEC_PATTERN_OF.get(error.kind.pattern, error.kind.pattern)
            message = f'{json.dumps(error.instance, ensure_ascii=False)} does not match "{written}"'
        elif isinstance(error.kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
            unexpected = getattr(error.kind, "unexpected", None)
            if unexpected:
                path.append(str(unexpected[0]))
                message = f"unexpected property {unexpected[0]!s}"
        yield SchemaProblem(".".join(path), _shorten(message), kind)


def _shorten(message: str, limit: int = 240) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
