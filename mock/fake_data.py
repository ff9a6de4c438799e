"""Schema-valid, realistic, reproducible fake values: the only module that imports faker.

A value is chosen from the schema first (const, enum, examples, default), then from the
field-rule table (mock/field_rules.py: the property's format and name, `email`, `avatar_url`,
`phone_number`…), then from its type and bounds. The same schema and seed always give the same
value. Once an object is built, `cohere` makes its fields agree with each other: a slug
follows the title, `updated_at` is not before `created_at`, a count matches the list beside it.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import functools
import itertools
import math
import random
import re
import string
import uuid
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from faker import Faker

from mock.field_rules import (
    DEFAULT_REALISM,
    MILLISECOND_MOMENT,
    PROBLEMS,
    RFC_2822_FORMATS,
    NameKind,
    Realism,
    record_kind,
)
from mock.identity_cache import IdentityCache
from mock.pattern_syntax import python_pattern
from mock.schema_validation import (
    NUMERIC_BOUNDS,
    a_multiple_to_every_judge,
    fits,
    folded,
    folded_with,
    is_valid,
    json_type,
    made_meetable,
    matches_pattern,
    multiple_of_step,
    of_declared_type,
    response_view,
    text_of_format,
)
from mock.spec.discriminators import KIND_PROPERTY, Discriminator, discriminator_of, subtypes_of
from mock.spec.model import Schema
from mock.spec.names import counted_list_stem, names_list, spelling_key
from mock.spec.refs import RefNode, deref
from mock.spec.resources import names_an_id, names_own_id, singular
from mock.spec.schemas import closed_part_conflict, declared_properties, primary_type, schema_types

# Objects and arrays nested this deep get every property and two items. Below it they still do, one item an
# array, while the answer is small (`NESTED_BUDGET` objects and arrays made so far): a playlist's tracks keep
# their names (Spotify's `tracks.items[].track` sits five levels down). Past the budget, or `HARD_DEPTH`, an
# object gets only its required properties and an array its minimum items, so no answer grows without end.
MAX_DEPTH = 4
HARD_DEPTH = 10
NESTED_BUDGET = 400
# A schema met again inside itself (a comment's replies are comments, a status's `reblog` is a status) is made
# once more with its required properties only: one level of it, never a chain.
# A schema whose required properties lead back to itself (a node that requires its parent node) has no
# finite value at all; past this depth generation gives up on the branch (null) instead of recursing on.
# `specs check` reports such schemas; the answer is then as close to the schema as a finite value can be.
GIVE_UP_DEPTH = 32

_faker = Faker("en_US", use_weighting=False)
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ID_ALPHABET = string.ascii_letters + string.digits


class Faking:
    """One generation pass: a seeded random source shared by faker and our own choices.

    `for_response`: the value is an answer, so `writeOnly` properties (passwords) stay out of it.
    """

    def __init__(
        self, seed: int, use_examples: bool = True, realism: Realism = DEFAULT_REALISM, for_response: bool = False
    ) -> None:
        self.rng: random.Random = random.Random(seed)
        _faker.seed_instance(seed)
        self.faker: Faker = _faker
        self.use_examples: bool = use_examples
        self.realism: Realism = realism
        self.for_response: bool = for_response
        self.depth = 0  # objects and arrays we are inside
        self.made = 0  # objects and arrays made so far (`NESTED_BUDGET`)
        self.inside: set[int] = set()  # the object schemas being made, by identity: one met again recurses
        self.again: set[int] = set()  # the objects made of a schema met again inside itself, by identity
        # values made for a oneOf/anyOf no generated value satisfied (invalid); an optional property holding
        # one is left out instead, so only a required one can carry it into the answer
        self.unsatisfied = 0
        self.record_kind = NameKind.THING  # whose record's fields are being made (`field_rules.record_kind`)
        self.field = ""  # the name of the field whose value a rule's generator is making

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def datetime(self) -> dt.datetime:
        return EPOCH + dt.timedelta(microseconds=self.rng.randint(0, 300 * 86400 * 10**6))

    def format_datetime(self, moment: dt.datetime) -> str:
        return format_datetime(moment, self.realism.datetime_precision)

    def format_rfc_2822(self, moment: dt.datetime) -> str:
        return format_rfc_2822(moment)

    def prefixed_id(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice(ID_ALPHABET) for _ in range(14))


def format_datetime(moment: dt.datetime, precision: str = "ms") -> str:
    """RFC 3339 in UTC, with whole seconds (`s`), milliseconds (`ms`, as most backends send) or microseconds."""
    timespec = {"s": "seconds", "ms": "milliseconds", "us": "microseconds"}[precision]
    return moment.astimezone(dt.UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def format_rfc_2822(moment: dt.datetime) -> str:
    """An RFC 2822 date in UTC, as e-mail and HTTP write them: `Thu, 03 Dec 2026 16:55:23 +0000`."""
    return email.utils.format_datetime(moment.astimezone(dt.UTC))


def format_moment(moment: dt.datetime, fmt: str, precision: str = "ms") -> str:
    """A moment written as a field of this `format` holds it: RFC 2822 for the formats that say so, else RFC 3339."""
    return format_rfc_2822(moment) if fmt in RFC_2822_FORMATS else format_datetime(moment, precision)


def moment_value(schema: Any, now: float, precision: str, name: str = "") -> Any:
    """`now` as the field holds time: a date-time (RFC 3339 at the mock's precision, or RFC 2822 where its format
    says so), a date, or Unix seconds (milliseconds where the field's `name` counts them: `created_at_ms`); None
    where it holds none of these."""
    if not isinstance(schema, dict):
        return None
    moment = dt.datetime.fromtimestamp(now, dt.UTC)
    flat = folded(schema)
    written = format_moment(moment, str(flat.get("format", "")), precision)
    unix = int(now * 1000) if MILLISECOND_MOMENT.search(name) else int(now)
    for candidate in (written, clock_text_within(written, flat) or written, moment.date().isoformat(), unix):
        if is_valid(schema, candidate):
            return candidate
    return None


def expiries_ahead(record: dict[str, Any], properties: dict[str, Any], now: float, precision: str) -> dict[str, Any]:
    """A record made `now` expires after it: each moment named as its expiry (`expires_at`, `expiry_date`) that the
    made-up record holds in the past is moved as far into the future, written as its schema holds time (OpenAI's
    video just made had expired three months before)."""
    out = record
    for name, value in record.items():
        if _time_rank(name) != _EXPIRY_RANK:
            continue
        then = _seconds_of(value)
        if then is None or then >= now:
            continue
        ahead = moment_value(properties.get(name) or {}, now + (now - then), precision, name)
        if ahead is not None:
            out = {**out, name: ahead}
    return out


def _seconds_of(value: Any) -> float | None:
    """A moment as Unix seconds: of a Unix time, or an RFC 3339 date-time or date (UTC where it names no zone)."""
    shape = _time_shape(value)
    if shape == "unix":
        return float(value)
    if shape == "unix_ms":
        return float(value) / 1000
    if isinstance(value, str) and shape is not None:
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp()
    return None


def fake_value(
    schema: Schema | None,
    seed: int,
    name: str = "",
    use_examples: bool = True,
    realism: Realism = DEFAULT_REALISM,
    for_response: bool = False,
) -> Any:
    ctx = Faking(seed, use_examples, realism, for_response)
    value = generate(schema or {}, ctx, name)
    return cohere(value, schema if isinstance(schema, dict) else {})


def faker_provider(name: str) -> Callable[[Faker], Any] | None:
    """A faker provider by name (`ean13`, `iban`…), for user field rules; None when faker has none."""
    if name.startswith("_"):
        return None
    try:
        method = getattr(_faker, name)
    except AttributeError:
        return None
    return (lambda f: getattr(f, name)()) if callable(method) else None


# ---------------------------------------------------------------- dispatch


def generate(schema: Schema | bool, ctx: Faking, name: str = "") -> Any:  # `true`/`false` are schemas too
    if isinstance(schema, RefNode):
        schema = deref(schema)
    if not isinstance(schema, dict) or ctx.depth > GIVE_UP_DEPTH:
        return None
    if "const" in schema:
        return schema["const"]
    if ctx.use_examples:
        # a spec's example that breaks its own schema is never served: generated data replaces it
        for candidate in _examples_of(schema):
            if is_valid(schema, candidate):
                return candidate
    if "enum" in schema and schema["enum"]:
        choices = [v for v in schema["enum"] if v is not None] or schema["enum"]
        chosen = ctx.rng.choice(choices)
        if is_valid(schema, chosen):
            return chosen
        # an enum its own schema refuses in part (a value beyond `maxLength`), or whole: Vimeo's user
        # `content_filter`, `type: array` beside an enum of words, which no value meets; an optional field is left out
        valid = [v for v in schema["enum"] if is_valid(schema, v)]
        if valid:
            return ctx.rng.choice(valid)
        ctx.unsatisfied += 1
        return chosen
    if _ABSENT_WHEN_HEALTHY.search(name) and is_valid(schema, None):
        # judged whole: Clerk's `error` is `type: [object, "null"]` beside a `oneOf` that takes no null
        return None
    found = discriminator_of(schema) if "discriminator" in schema else None
    if found is not None and found.combinator != "allOf":
        return _discriminated(schema, found, ctx, name)
    # beside an `allOf`, the parts are the schema's own parents, not its kinds (Azure's blueprint `Artifact` is
    # `allOf: [AzureResourceBase]`, and was answered with `kind: AzureResourceBase`, outside its enum): its kinds are
    # those that inherit it, else none
    kinds = subtypes_of(schema) if "discriminator" in schema or KIND_PROPERTY in schema else None
    if kinds is not None:
        before = ctx.unsatisfied
        value = _discriminated(schema, kinds, ctx, name)
        if ctx.unsatisfied == before:
            return value
        ctx.unsatisfied = before  # no kind fits the base (one closed against their fields): a value of the base alone
    if "allOf" in schema or "oneOf" in schema or "anyOf" in schema:
        closed = _closed_against_its_parts(schema)
        # no value satisfies the schema as written, only as its parts describe it together (Bytebase's CEL `Expr`,
        # closed beside the `allOf` that declares its fields; ShipEngine's rate body, closed beside its `allOf` and
        # requiring fields none declares): the value is made as it is judged, `made_meetable`, and an optional property
        # holding it is left out
        made = _combined(_meetable(schema) if closed else schema, ctx, name)
        if closed and not fits(schema, made):
            ctx.unsatisfied += 1
        return made
    kind = primary_type(schema, "string")
    return TYPE_GENERATORS.get(kind, _any_value)(schema, ctx, name)


def _combined(schema: Schema, ctx: Faking, name: str) -> Any:
    """A value of a schema made of parts (`allOf`) or of alternatives (`oneOf`, `anyOf`)."""
    if "allOf" in schema:
        return generate(folded(schema), ctx, name)
    options: list[Any] = schema.get("oneOf") or schema.get("anyOf") or []
    non_null = [o for o in options if not _is_null_schema(o)] or options
    first: Any = None
    before = ctx.unsatisfied
    for index, option in enumerate(non_null[:24]):
        value = generate(folded_with(schema, option, ("oneOf", "anyOf")), ctx, name)
        if index == 0:
            first = value
        if "type" in schema and not of_declared_type(value, schema["type"]):
            continue  # the option's type and the schema's own have nothing in common (an object `anyOf` beside `type:
            # array`, SoundCloud's subscriptions): no value of this option meets the schema
        # oneOf wants exactly one match: a value several options accept is tried again from the next
        matches = sum(_takes(ctx, o, value) for o in options if isinstance(o, dict))
        if matches == 1 or ("anyOf" in schema and matches > 1):
            ctx.unsatisfied = before
            return value
        others = list(options)
        others.remove(option)  # one of them: two identical options set apart from each other never are
        apart = set_apart(value, option, others, answer=ctx.for_response) if matches > 1 else None
        if apart is not None:
            ctx.unsatisfied = before
            return apart
    # No option gave a value the combination accepts (a nullable oneOf whose options all accept `{}`):
    # where null is allowed, null is the value that is valid.
    ctx.unsatisfied = before
    if any(_is_null_schema(o) for o in options) and _takes(ctx, schema, None):
        return None
    # nor where the schema's own fields, folded into each option, break it (Meilisearch's task details: closed
    # settings, or null, beside an object's fields): an option's value alone, where the whole takes it
    for option in non_null[:24]:
        value = generate(option, ctx, name)
        if _takes(ctx, schema, value):
            ctx.unsatisfied = before
            return value
    ctx.unsatisfied = before + 1
    return first


_CLOSED_AGAINST_PARTS: IdentityCache[bool] = IdentityCache(max_entries=50_000)
_MEETABLE: IdentityCache[Schema] = IdentityCache(max_entries=10_000)


def _closed_against_its_parts(schema: Schema) -> bool:
    """`closed_part_conflict`, remembered per schema (spec nodes, which live as long as the spec)."""
    return _CLOSED_AGAINST_PARTS.get_or_build((schema,), lambda: closed_part_conflict(schema) is not None)


def _meetable(schema: Schema) -> Schema:
    """`made_meetable`, remembered per schema."""
    return _MEETABLE.get_or_build((schema,), lambda: made_meetable(schema) or schema)


def _takes(ctx: Faking, schema: Any, value: Any) -> bool:
    """Whether a schema takes the value as it will be judged: an answer by `response_view`, where a `writeOnly`
    property is not required (Bytebase's external secret: the option requiring only its write-only `token` takes
    every answer, so an answer of the `appRole` option fits two options of the oneOf, and none conforms)."""
    return _answer_fits(schema, value) if ctx.for_response else fits(schema, value)


def _answer_fits(schema: Any, value: Any) -> bool:
    return fits(response_view(schema), value)


# The plainest values of each JSON type, in the order one is tried to set a oneOf's option apart from another.
_PLAIN_VALUES: tuple[Any, ...] = (None, False, 0, "", [], {})


def set_apart(value: Any, own: Any, others: list[Any], answer: bool = False) -> Any:
    """An object made for the option `own` of a oneOf that other options accept too, set apart from them: a property
    each of them declares and `own` leaves open is set to a plain value that option refuses, null where it can.
    Open options that overlap (Figma's connector endpoint, `{endpointNodeId, magnet}` or `{endpointNodeId,
    position}`, neither requiring its own field) take every value of either kind; `"position": null` is one only the
    first takes. Where the other's field takes null too (Lob's identity validation, a nullable `recipient` or a
    nullable `company`), a value of another type is the only one that tells the kinds apart. None where no such
    property sets it apart. An `answer` is judged as answers are (`response_view`), and no `writeOnly` property,
    which no answer holds, sets it apart."""
    judge = _answer_fits if answer else fits
    own_schema = deref(own)
    if (
        not isinstance(value, dict)
        or not isinstance(own_schema, dict)
        or own_schema.get("additionalProperties") is False
    ):
        return None
    own_names = set(declared_properties(own_schema))
    apart = dict(value)
    for other in others:
        if not isinstance(deref(other), dict) or not judge(other, apart):
            continue
        declared = declared_properties(deref(other))
        if answer:
            declared = {name: sub for name, sub in declared.items() if not _write_only(sub)}
        refused = next(
            (
                (name, plain)
                for plain in _PLAIN_VALUES
                for name in declared
                if name not in own_names and name not in apart and not is_valid(declared[name], plain)
            ),
            None,
        )
        if refused is None:
            return None
        name, plain = refused
        apart[name] = type(plain)() if isinstance(plain, (list, dict)) else plain  # never the shared one
    if judge(own, apart) and not any(judge(other, apart) for other in others if isinstance(deref(other), dict)):
        return apart
    return None


def _discriminated(schema: Schema, found: Discriminator, ctx: Faking, name: str) -> Any:
    """One of the schemas the discriminator selects, its property set to the value that selects it."""
    options = found.options()
    start = ctx.rng.randrange(len(options))
    first: Any = None
    before = ctx.unsatisfied
    for offset in range(min(len(options), 8)):
        value_name, target = options[(start + offset) % len(options)]
        value = generate(folded_with(schema, target, ("discriminator", found.combinator)), ctx, name)
        if isinstance(value, dict):
            value[found.property] = value_name
        if offset == 0:
            first = value
        if is_valid(schema, value):
            ctx.unsatisfied = before
            return value
    ctx.unsatisfied = before + 1
    return first


# A live record has no deletion or failure yet: where the spec lets these be null, they are.
_ABSENT_WHEN_HEALTHY = re.compile(r"^(deleted|failure|failed|error|cancel)")


def _is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


# ---------------------------------------------------------------- types


def _object(schema: Schema, ctx: Faking, name: str) -> dict[str, Any]:
    ctx.depth += 1
    ctx.made += 1
    kind = ctx.record_kind
    ctx.record_kind = record_kind(name or str(schema.get("title") or ""), schema.get("properties") or ())
    again = id(schema) in ctx.inside
    ctx.inside.add(id(schema))
    try:
        made = _object_fields(schema, ctx, name, again or _past_budget(ctx))
        if again:
            ctx.again.add(id(made))
        return made
    finally:
        ctx.depth -= 1
        ctx.record_kind = kind
        if not again:
            ctx.inside.discard(id(schema))


def _made_again(value: Any, ctx: Faking) -> bool:
    """Whether a value is an object made of a schema met again inside itself, or a list of only such objects."""
    if isinstance(value, list):
        return bool(value) and all(id(item) in ctx.again for item in value)
    return id(value) in ctx.again


def _past_budget(ctx: Faking) -> bool:
    """Whether what is made here gets only what its schema requires (see MAX_DEPTH)."""
    return ctx.depth > HARD_DEPTH or (ctx.depth > MAX_DEPTH and ctx.made > NESTED_BUDGET)


def _object_fields(schema: Schema, ctx: Faking, name: str, shallow: bool) -> dict[str, Any]:
    value: dict[str, Any] = {}
    required = set(schema.get("required") or [])
    for prop, sub in (schema.get("properties") or {}).items():
        if (prop not in required and shallow) or (ctx.for_response and _write_only(sub)):
            continue  # writeOnly values (passwords) are never answered back, required or not (OpenAPI 3.0.3)
        if sub is False:
            continue  # no value is valid: the property is never there (Codat's `additionalProperties: false`, written
            # among the properties)
        before = ctx.unsatisfied
        made = generate(sub, ctx, prop)
        if ctx.unsatisfied > before and prop not in required:
            ctx.unsatisfied = before  # a oneOf no value satisfies (two identical options): leave it out
            continue
        if prop not in required and _made_again(made, ctx):
            continue  # an optional way back into itself (a reply's `reply_to`): left out, not a hollow copy
        value[prop] = made
    extra = schema.get("additionalProperties")
    if extra is not False or _closed_against_its_parts(schema):
        # a required name the schema declares no property for (Azure OpenAI's vector store `bytes`) is still
        # required: it gets a value of what the schema lets any other property hold; so too where the schema allows
        # no other property (e-conomic's employee): no value meets it, and it is judged as `made_meetable` opens it
        for prop in schema.get("required") or ():
            if isinstance(prop, str) and prop not in value and prop not in (schema.get("properties") or {}):
                value[prop] = generate(extra if isinstance(extra, dict) else {}, ctx, prop)
    if shallow:
        return value
    prefix = ctx.realism.prefixes.for_record(value)
    if prefix and isinstance(value.get("id"), str) and not value["id"].startswith(prefix):
        candidate = ctx.prefixed_id(prefix)
        if is_valid((schema.get("properties") or {}).get("id") or {}, candidate):
            value["id"] = candidate
    if isinstance(extra, dict) and extra and not schema.get("properties"):
        has_email = "email" in (extra.get("properties") or {})
        # two entries, or as many as `minProperties` asks, never past `maxProperties` (Omics' one-entry schema maps)
        wanted = max(2, int(schema.get("minProperties", 0)))
        if isinstance(schema.get("maxProperties"), int):
            wanted = min(wanted, max(int(schema["maxProperties"]) - len(value), 0))
        for _ in range(wanted):
            entry = generate(extra, ctx, name)
            if has_email and isinstance(entry, dict) and isinstance(entry.get("email"), str):
                key = entry["email"]
            else:
                key = _map_key(schema.get("propertyNames"), ctx, value)
            if key is not None:
                value[key] = entry
    least = schema.get("minProperties")
    if isinstance(least, int) and not isinstance(least, bool) and extra is not False:
        # an object that must hold fields and names too few (APIs.guru's copy of a spec's `info`, `minProperties: 1`
        # and no properties): made-up ones, of what the schema lets any field hold
        while len(value) < least:
            key = _map_key(schema.get("propertyNames"), ctx, value)
            if key is None:
                break
            value[key] = generate(extra if isinstance(extra, dict) else {}, ctx, key)
    return value


def _map_key(names: Any, ctx: Faking, taken: dict[str, Any]) -> str | None:
    """A key of a map that its `propertyNames` allow and it does not hold yet (one of an `enum`, one drawn from a
    pattern: Meilisearch counts tasks by status); a made-up word where it says nothing. None where none is left."""
    names = deref(names) if isinstance(names, dict) else {}
    if names.get("enum"):
        left = [v for v in names["enum"] if isinstance(v, str) and v not in taken]
        return ctx.rng.choice(left) if left else None
    for attempt in range(8):
        # a made-up word first, as where nothing is said (`{type: string}` says nothing more); drawn from the schema
        # where that word will not do
        key = f"{ctx.faker.word()}-{ctx.rng.randint(1, 999)}" if attempt < 2 else generate(names, ctx, "key")
        if isinstance(key, str) and key not in taken and is_valid(names, key):
            return key
    return None


def _examples_of(schema: Schema) -> list[Any]:
    found = []
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        found.append(schema["examples"][0])
    if "example" in schema:
        found.append(schema["example"])
    if "default" in schema:
        found.append(schema["default"])
    return found


def _write_only(schema: Any) -> bool:
    return isinstance(schema, dict) and deref(schema).get("writeOnly") is True


def without_write_only(value: Any, schema: Any) -> Any:
    """`value` as an answer: `writeOnly` properties (passwords) removed at every level the schema describes,
    also from values a scenario stored from a request; `required` binds them in requests only (OpenAPI 3.0.3)."""
    if not declares_write_only(schema):  # most schemas: nothing to remove, so no walk over the value
        return value
    return _without_write_only(value, schema, 0)


_write_only_declared: IdentityCache[bool] = IdentityCache()


def declares_write_only(schema: Any) -> bool:
    """Whether `writeOnly: true` appears anywhere in the schema (its `$ref`s followed); worked out once per
    schema object, which lives as long as its loaded API."""
    return _write_only_declared.get_or_build((schema,), lambda: _any_write_only(schema, set()))


def _any_write_only(node: Any, seen: set[int]) -> bool:
    node = deref(node)
    if id(node) in seen:
        return False
    seen.add(id(node))
    if isinstance(node, dict):
        if node.get("writeOnly") is True:
            return True
        return any(_any_write_only(value, seen) for value in node.values() if isinstance(value, (dict, list)))
    if isinstance(node, list):
        return any(_any_write_only(value, seen) for value in node if isinstance(value, (dict, list)))
    return False


def _without_write_only(value: Any, schema: Any, depth: int) -> Any:
    schema = deref(schema)
    if not isinstance(schema, dict) or depth > 32:
        return value
    parts = [schema, *(deref(p) for key in ("allOf", "oneOf", "anyOf") for p in schema.get(key) or [])]
    parts = [p for p in parts if isinstance(p, dict)]
    if isinstance(value, list):
        items = [p["items"] for p in parts if "items" in p]
        return [_without_write_only(v, items[0], depth + 1) for v in value] if items else value
    if not isinstance(value, dict):
        return value
    # through parts of parts: Bytebase's external secret is `allOf` a part that is `oneOf` an `appRole` or a
    # writeOnly `token`, and the token a client sent was answered back
    properties = declared_properties(schema)
    answer = {}
    for name, field in value.items():
        sub = properties.get(name)
        if sub is None:
            answer[name] = field
        elif not _write_only(sub):
            answer[name] = _without_write_only(field, sub, depth + 1)
    return answer


def _array(schema: Schema, ctx: Faking, name: str) -> list[Any]:
    ctx.depth += 1
    ctx.made += 1
    try:
        return _array_items(schema, ctx, name)
    finally:
        ctx.depth -= 1


# Lists an answer reports problems in (`errors`, Xero's `Warnings` and `ValidationErrors`): an answer made up
# reports none, since whatever it answers went well (an error envelope fills its own: `mock.envelopes`)
PROBLEM_LIST = re.compile(rf"^{PROBLEMS}$", re.IGNORECASE)


def _array_items(schema: Schema, ctx: Faking, name: str) -> list[Any]:
    low = int(schema.get("minItems", 0))
    if ctx.for_response and low == 0 and PROBLEM_LIST.match(name):
        return []
    high = int(schema.get("maxItems", max(low, 3)))
    if high < low:  # no list is that long and that short: an optional field holding it is left out
        ctx.unsatisfied += 1
    count = low if _past_budget(ctx) else min(max(low, 2 if ctx.depth <= MAX_DEPTH else 1), high)
    singular = name[:-1] if name.endswith("s") else name
    prefix = schema.get("prefixItems")
    # a tuple: each position by its own schema; after them only what `items` admits (`items: false`: nothing)
    values: list[Any] = [generate(sub, ctx, singular) for sub in prefix[:high]] if isinstance(prefix, list) else []
    items = schema.get("items")
    if items is False or (values and "items" not in schema and len(values) >= low):
        return values
    items = items if isinstance(items, dict) else {}
    count = max(count, len(values))
    for _ in range(count * 4):
        if len(values) >= count:
            break
        before = ctx.unsatisfied
        item = generate(items, ctx, singular)
        if ctx.unsatisfied > before and len(values) >= low:
            # no value meets the items' schema (SoundCloud's subscriptions: each an object `anyOf` and `type:
            # array`): the list holds only as many as it must, none where it may
            ctx.unsatisfied = before
            break
        if isinstance(item, dict) and values and ctx.use_examples:
            # A list holds each record once: the spec's examples (the item's own, or its fields': Box's events,
            # each with the example `event_id`) make its first record, and the others are made up.
            ctx.use_examples = False
            try:
                item = generate(items, ctx, singular)
            finally:
                ctx.use_examples = True
        if schema.get("uniqueItems") and item in values:
            continue
        values.append(item)
    return values


def _integer(schema: Schema, ctx: Faking, name: str) -> int:
    low, high = _bounds(schema, 0, 1000, integer=True)
    hinted = _numeric_hint(schema, name, ctx, "integer")
    value = int(hinted) if hinted is not None and _within(schema, hinted) else ctx.rng.randint(int(low), int(high))
    step = multiple_of_step(schema)
    if isinstance(step, int):
        value = max(int(low), value - value % step)
        if value % step:
            value += step - value % step
    _note_unmet_bounds(schema, value, ctx)
    return value


def _number(schema: Schema, ctx: Faking, name: str) -> float:
    low, high = _bounds(schema, 0.0, 100.0, integer=False)
    hinted = _numeric_hint(schema, name, ctx, "number")
    if hinted is not None and _within(schema, hinted):
        value = float(hinted)
    else:
        value = min(max(round(ctx.rng.uniform(low, high), 2), low), high)
    step = multiple_of_step(schema)
    if step is not None:
        value = _multiple_near(value, step, low, high)
    _note_unmet_bounds(schema, value, ctx)
    return value


def _note_unmet_bounds(schema: Schema, value: float, ctx: Faking) -> None:
    """A number no value of which keeps to the schema's bounds (a minimum above its maximum, or no multiple between
    them): an optional field holding it is left out."""
    numeric = {key: schema[key] for key in NUMERIC_BOUNDS if _is_number(schema.get(key))}
    if not _within(numeric, value):
        ctx.unsatisfied += 1


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)  # OpenAPI 3.0's `exclusiveMinimum: true`


def _multiple_near(value: float, step: float, low: float, high: float) -> float:
    """A multiple of `step` within the bounds near `value`, and one to every judge (`a_multiple_to_every_judge`):
    openapi-core (and jsonschema) take `x / step` for whole, and 16.17 / 0.01 is 1617.0000000000002 (Lob's check
    amounts); jsonschema-rs (schemathesis') refuses 15.530000000000001. The value itself where no multiple fits the
    bounds."""
    first, last = math.ceil(low / step), math.floor(high / step)
    near = min(max(round(value / step), first), last)
    for offset in range(64):
        for count in (near + offset, near - offset):
            candidate = count * step
            if first <= count <= last and low <= candidate <= high and a_multiple_to_every_judge(candidate, step):
                return int(candidate) if isinstance(step, int) else candidate
    return value


def _within(schema: Schema, value: float) -> bool:
    """Whether a value keeps to the bounds the schema declares. Only those: a field rule's value (a Unix time, a
    token's lifetime in seconds) is often beyond the range an unbounded number is drawn from."""
    return (
        value >= schema.get("minimum", value)
        and value <= schema.get("maximum", value)
        and ("exclusiveMinimum" not in schema or value > schema["exclusiveMinimum"])
        and ("exclusiveMaximum" not in schema or value < schema["exclusiveMaximum"])
    )


def _bounds(schema: Schema, low: float, high: float, integer: bool) -> tuple[float, float]:
    if "minimum" in schema:
        low = schema["minimum"]
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + (1 if integer else 0.01)
    if "maximum" in schema:
        high = schema["maximum"]
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - (1 if integer else 0.01)
    if high < low:
        high = low + (1000 if integer else 100.0)
        if "maximum" in schema or "exclusiveMaximum" in schema:
            high = low
    return low, high


def _numeric_hint(schema: Schema, name: str, ctx: Faking, kind: str) -> float | None:
    maker = ctx.realism.maker(name, str(schema.get("format", "")), kind)
    value = maker(ctx) if maker else None
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _boolean(schema: Schema, ctx: Faking, name: str) -> bool:
    maker = ctx.realism.maker(name, str(schema.get("format", "")), "boolean")
    value = maker(ctx) if maker else None
    return value if isinstance(value, bool) else ctx.rng.random() < 0.5


def _null(schema: Schema, ctx: Faking, name: str) -> None:
    return None


def _any_value(schema: Schema, ctx: Faking, name: str) -> Any:
    return ctx.faker.word()


# ---------------------------------------------------------------- strings


def _string(schema: Schema, ctx: Faking, name: str) -> str:
    if schema.get("format") == "byte" and ("minLength" in schema or "maxLength" in schema) and "pattern" not in schema:
        return _base64_within(int(schema.get("minLength", 0)), schema.get("maxLength"), ctx)
    maker = ctx.realism.maker(name, str(schema.get("format", "")), "string")
    ctx.field = name
    value = maker(ctx) if maker else ctx.faker.word()
    if not isinstance(value, str):
        value = str(value)
    if "format" not in schema and name:
        prefix = ctx.realism.prefixes.for_field(name)  # `customer`, `customer_id`: an id the spec shows as cus_…
        if prefix:
            value = ctx.prefixed_id(prefix)
    if "pattern" not in schema:
        if schema.get("format") in ("date-time", "time") and ("minLength" in schema or "maxLength" in schema):
            fitted = clock_text_within(value, schema)
            if fitted is not None:
                return fitted
            ctx.unsatisfied += 1  # no length fits: an optional field holding it is left out
        return _fit_length(value, schema, ctx)
    high = schema.get("maxLength")
    value = _fit_length(
        _from_pattern(
            schema["pattern"],
            ctx,
            value,
            int(schema.get("minLength", 0)),
            high and int(high),
            str(schema["format"]) if "format" in schema else None,
        ),
        schema,
        ctx,
    )
    if not matches_pattern(schema["pattern"], value) or (
        "format" in schema and not is_valid(text_of_format(str(schema["format"])), value)
    ):
        # no text of its length the pattern matches was found (AWS IoT Wireless' certificate, `…$\{1,4096\}`: text
        # after the end), or none the format takes too (Seldon's base64 `tensor_content`, whose pattern ends in
        # ` maxLength: 2097152`): an optional field holding it is left out
        ctx.unsatisfied += 1
    return value


# RFC 3339 `date-time` and `time`: the seconds, a fraction of any length, and a zone; each part can be written longer
_CLOCK_TEXT = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}|\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$")


def clock_text_within(value: str, schema: Schema) -> str | None:
    """The same instant as this RFC 3339 text, written at a length the schema's bounds allow, by the length of its
    fraction of a second and its zone (`Z` or `+00:00`): padded with letters it was no date-time (UniCourt's
    `createdDate`, 25 characters, was `2026-04-27T02:00:19.605Zo`; `2026-04-27T02:00:19+00:00` is one). None where
    no length fits, or the text is no RFC 3339 time."""
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    found = _CLOCK_TEXT.match(value)
    if found is None:
        return None
    if low <= len(value) and (high is None or len(value) <= int(high)):
        return value
    seconds, digits = found.group(1), found.group(2) or ""
    longest = len(seconds) + 1 + 9 + len("+00:00")  # nanoseconds and a written offset
    for length in range(low, min(longest, longest if high is None else int(high)) + 1):
        for zone in ("Z", "+00:00"):
            fraction = length - len(seconds) - len(zone)  # its dot and digits
            if fraction == 0:
                return seconds + zone
            if 2 <= fraction <= 10:
                return seconds + "." + digits[: fraction - 1].ljust(fraction - 1, "0") + zone
    return None


def _base64_within(low: int, high: Any, ctx: Faking) -> str:
    """Base64 text of a length from `low` to `high`: a multiple of four (whole groups, no padding), as `byte` asks;
    text cut or padded to its length was no base64 (`aGVsbG`)."""
    length = max(low, min(16, int(high) if isinstance(high, int) else 16))
    length += -length % 4  # up to whole groups
    if isinstance(high, int) and length > high:
        length = high - high % 4
    if length < low:
        # no whole groups fit between the bounds (2 to 3 characters): an optional field is left out
        ctx.unsatisfied += 1
    return base64.b64encode(ctx.rng.randbytes(length // 4 * 3)).decode()


def _fit_length(value: str, schema: Schema, ctx: Faking) -> str:
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    if high is not None and int(high) < low:
        # no text is that long and that short (PayPal's card token `payer_id`, minLength 256 and maxLength 1): an
        # optional field holding it is left out
        ctx.unsatisfied += 1
    while len(value) < low:
        value += ctx.rng.choice(string.ascii_lowercase)
    if high is not None and len(value) > int(high):
        value = value[: int(high)]
    return value


def _from_pattern(
    pattern: str, ctx: Faking, fallback: str, low: int = 0, high: int | None = None, of_format: str | None = None
) -> str:
    r"""A value the pattern matches, of a length from `low` to `high`: padded or cut afterwards, a value made to the
    pattern alone broke it (GitHub's 40-character commit SHA, `^[0-9a-fA-F]+$`, was 9 hex digits and 31 letters).
    Where the schema names a format too, a value of both: text the pattern writes after the format's own value, where
    the pattern may match anywhere (OPTIMADE's versioned base URL, `format: uri` and `.+/v[0-1](\\.[0-9]+)*/?$`, was
    `I3wvJeN/v1.2/`, no URI)."""
    formatted = text_of_format(of_format) if of_format else None

    def fits(candidate: str) -> bool:
        return (
            low <= len(candidate) <= (high if high is not None else len(candidate))
            and matches_pattern(pattern, candidate)
            and (formatted is None or is_valid(formatted, candidate))
        )

    for candidate in (fallback, fallback.lower(), fallback.upper()):
        if fits(candidate):
            return candidate
    writable = python_pattern(pattern)
    if writable is None:
        return fallback
    matched: str | None = None
    after_the_format = formatted is not None and not pattern.startswith("^")
    # repeats as short as usual first; where a length is asked for, each repeat at least that long, then half
    for least in dict.fromkeys((0, low, low // 2) if low else (0,)):
        generator = _pattern_writer(least)(ctx.rng)
        for _ in range(10 if least else 20):
            written = str(generator.xeger(writable))
            joined = fallback.rstrip("/") + "/" + written.lstrip("/")
            for candidate in (written, joined) if after_the_format else (written,):
                if fits(candidate):
                    return candidate
                if matched is None and matches_pattern(pattern, candidate):
                    matched = candidate
    return matched if matched is not None else fallback


# How many times a pattern's `*`, `+` or `{n,}` repeats at most beyond its least: rstr's own ceiling (100), nested
# (DigitalOcean's hostname, `^((xn--)?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\.)+[a-zA-Z]{2,}\.?$`), wrote strings of
# hundreds of thousands of characters, 0.8 s each.
PATTERN_REPEATS = 8


@functools.cache
def _pattern_writer(least: int = 0) -> Any:
    """rstr's pattern writer, its repeats kept short (PATTERN_REPEATS), each at least `least` times where it may be;
    imported only by specs with patterns."""
    import rstr

    class ShortRepeats(rstr.Rstr):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # a pattern's "any character" (`.`, `[^/]`) writes letters and digits, as ids and names are: Mollie's
            # `^cst_.+$` customers were `cst_\r^t07~Kr` and `cst_.I`
            self._cases = {
                **self._cases,
                "any": lambda _: self._random.choice(_PLAIN),
                "not_literal": lambda code: self._random.choice(_PLAIN.replace(chr(code), "") or _PLAIN),
            }

        def _handle_in(self, value: Any) -> Any:
            states = [self._handle_state(state) for state in value]
            if states and states[0] == [False]:  # a negated class: a plain character outside it, where one is
                excluded = set(itertools.chain(*states[1:]))
                plain = [c for c in _PLAIN if c not in excluded]
                if plain:
                    return self._random.choice(plain)
            return super()._handle_in(value)

        def _handle_repeat(self, start_range: int, end_range: int, value: str) -> str:
            if least:
                times = min(end_range, max(start_range, least))
                return str(super()._handle_repeat(times, times, value))
            return str(super()._handle_repeat(start_range, min(end_range, start_range + PATTERN_REPEATS), value))

    return ShortRepeats


_PLAIN = string.ascii_letters + string.digits


TYPE_GENERATORS: dict[str, Callable[[Schema, Faking, str], Any]] = {
    "object": _object,
    "array": _array,
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "null": _null,
}


# ---------------------------------------------------------------- coherence


def cohere(value: Any, schema: Schema, pinned: frozenset[str] = frozenset()) -> Any:
    """Make an object's fields agree with each other, at every depth, without leaving its schema.

    A slug follows the sibling title (or the title the slug, when the request `pinned` the slug);
    timestamps are ordered (created ≤ started ≤ updated/ended ≤ expires); counts and pager totals
    match the list beside them. Each change is kept only if the field's schema accepts it. `pinned`: the
    spelling keys (`mock.spec.names`) of the fields the request set, which stay as they are.
    """
    return _cohere(value, schema if isinstance(schema, dict) else {}, pinned, 0)


def _cohere(value: Any, schema: Schema, pinned: frozenset[str], depth: int) -> Any:
    if depth > 32:
        return value
    schema = _resolved_for(deref(schema), value)  # a recursive schema's kept $ref is followed
    if "enum" in schema or "const" in schema:
        return value  # one of the values the schema lists, whole (PandaScore's video games: `ow`, not `overwatch`)
    if isinstance(value, list):
        items = schema.get("items")
        item_schema = items if isinstance(items, dict) else {}
        cohered = [_cohere(item, item_schema, pinned, depth + 1) for item in value]
        distinct = _distinct_ids(cohered, item_schema)
        # items whose id no other value could replace are dropped, down to what the list must hold at least
        return distinct if len(distinct) >= int(schema.get("minItems") or 0) else cohered
    if not isinstance(value, dict):
        return value
    properties = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    out = {
        key: _cohere(item, properties.get(key) or (extra if isinstance(extra, dict) else {}), pinned, depth + 1)
        for key, item in value.items()
    }
    _slug_and_title(out, properties, pinned)
    _agree_references(out, properties, pinned)
    _primary_among_its_list(out, properties, pinned)
    _recompose(out, schema, pinned)
    _flags_and_their_moments(out, properties, schema.get("required") or (), pinned)
    _order_times(out, properties)
    _match_counts(out, properties)
    return out


# the run of one letter an example fills an id with (`aaaa…`, `XXXX…`): a placeholder, not a name
_PLACEHOLDER_RUN = re.compile(r"([A-Za-z])\1{5,}$")


def same_shape(text: str, rng: random.Random) -> str:
    """Another value of `text`'s shape: its letters before the first digit kept, then digits as digits and letters
    as letters of the same case and range (hex stays hex), anything else as it was. Text with no digit is
    another only where it ends in a placeholder (Twilio's `IMaaaa…`, `sk-xxxx…`): that run is drawn afresh."""
    first_digit = next((i for i, ch in enumerate(text) if ch.isdigit()), None)
    placeholder = _PLACEHOLDER_RUN.search(text) if first_digit is None else None
    first_digit = placeholder.start() if placeholder else len(text) if first_digit is None else first_digit
    kept, rest = text[:first_digit], text[first_digit:]
    if rest.isdigit() and len(rest) < 6:
        rest = "1" * 6  # `p1`: ten ids of that shape would soon repeat
    hex_only = all(ch in "0123456789abcdefABCDEF-" for ch in rest)
    out = []
    for ch in rest:
        if ch.isdigit():
            out.append(str(rng.randint(0, 9)))
        elif ch.isascii() and ch.isalpha():
            letters = ("abcdef" if hex_only else string.ascii_lowercase) if ch.islower() else None
            letters = letters or ("ABCDEF" if hex_only else string.ascii_uppercase)
            # a placeholder has no digits to keep in place: its run is digits and letters alike
            out.append(rng.choice(string.digits + letters if placeholder else letters))
        else:
            out.append(ch)
    return kept + "".join(out)


_SLUG = re.compile(r"(^|_)slug$|[a-z]Slug$")  # `slug`, DigitalOcean's `task_slug`


# What names an object that has no id, in the order a client keys its rows by
_KEYS_BY_NAME = ("key", "name")


def _distinct_ids(items: list[Any], item_schema: Schema) -> list[Any]:
    """A list whose objects have ids (`id`, `gid`, `node_id`…: `names_own_id`; else their `key` or `name`) and slugs
    of their own. An example's item, or a property's example, gives every item the same id, and a frontend keying
    its rows by id shows one row. A repeated id becomes the next number past the list's largest, or the id with the
    item's place appended, where the id's schema accepts that, or else a value of its enum no item has; an item for
    which no value of its enum is left (Linode's longview ids, four named plans, in a list of five) is left out.
    A repeated id no other value of its schema can be found for is left as it is."""
    objects = [item for item in items if isinstance(item, dict)]
    if len(objects) < 2:
        return items
    repeated: set[int] = set()  # places of items whose id, one of an enum, no other value could replace
    keys = dict.fromkeys(key for item in objects for key in item)
    named = [key for key in keys if names_own_id(key) or _SLUG.search(key)]
    if not named:  # no field names its own object: its one key field is its key (Harbor's users: `user_id`)
        keyed = [key for key in keys if names_an_id(key)]
        # and its `key` or its `name`, which a client keys its rows by too (Google's resource names: two
        # repositories, each with its `webhookId`, were both `Amber Lantern` on one page)
        named = (keyed if len(keyed) == 1 else []) + [key for key in _KEYS_BY_NAME if key in keys][:1]
    for name in named:
        values = [item.get(name) for item in objects]
        seen: set[Any] = set()
        numbers = [v for v in values if type(v) is int]
        after = max(numbers, default=0)
        for place, item in enumerate(objects):
            value = item.get(name)
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                continue
            if value in seen:
                if isinstance(value, int):
                    after += 1
                    candidate: Any = after
                else:
                    candidate = another_id(value, place + 1)
                properties = _resolved_for(deref(item_schema), item).get("properties") or {}
                id_schema = deref(properties.get(name) or {})
                if isinstance(value, str) and (candidate in seen or not is_valid(id_schema, candidate)):
                    # a fixed shape (Docker's 64 hex digits): another value of that shape
                    candidate = same_shape(value, random.Random(f"{value}|{place}"))
                if candidate in seen or not is_valid(id_schema, candidate):
                    candidate = next((v for v in id_schema.get("enum") or () if v not in seen), value)
                if candidate in seen:
                    if id_schema.get("enum"):
                        repeated.add(place)
                    continue
                item[name] = value = candidate
            seen.add(value)
    if not repeated:
        return items
    dropped = {id(objects[place]) for place in repeated}
    return [item for item in items if id(item) not in dropped]


_UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def another_id(value: str, place: int) -> str:
    """Another id like `value`, for the `place`-th record that would have had it: a uuid another uuid, an id with
    digits in it (`cus_4QbC9x`, a Docker digest) another of its shape, a word id (`how-to-train`) the word and
    `-<place>`. A suffix on a uuid or a token breaks the shape other paths declare for it (Resend's email ids are
    uuids where its attachments' paths take them)."""
    if _UUID_TEXT.match(value):
        return str(uuid.uuid5(uuid.NAMESPACE_OID, f"{value}|{place}"))
    if any(ch.isdigit() for ch in value):
        return same_shape(value, random.Random(f"{value}|{place}"))
    return f"{value}-{place}"


def _resolved_for(schema: Schema, value: Any) -> Schema:
    schema = folded(schema)
    options = schema.get("oneOf") or schema.get("anyOf")
    if options:
        # The value's JSON type often names the option alone (Stripe's expandable `customer`: an id string or
        # the object): no validator needs compiling to see it.
        kind = json_type(value)
        typed = [o for o in options if isinstance(o, dict) and kind in _admitted(o)]
        if len(typed) == 1:
            chosen = typed[0]
        else:
            fitting = [o for o in options if isinstance(o, dict) and fits(o, value)]
            chosen = fitting[0] if fitting else next((o for o in options if not _is_null_schema(o)), options[0])
        # the choice made, less the union an option may inherit back (see `folded_with`)
        return (
            _resolved_for(folded_with(schema, deref(chosen), ("oneOf", "anyOf")), value)
            if isinstance(chosen, dict)
            else {}
        )
    return schema


def _admitted(schema: Any) -> set[str]:
    """The JSON types a schema lets through (an integer is a number too); every type when it names none."""
    kinds = set(schema_types(schema))
    if not kinds:
        return {"null", "boolean", "integer", "number", "string", "array", "object"}
    return kinds | ({"integer"} if "number" in kinds else set())


# A field the spec's examples show built of others: GitHub's `full_name`, `octocat/Hello-World`, is the owner's
# `login` and the `name`; a `display_name` "Jane Doe" the `first_name` and the `last_name`. Only whole values
# joined by these, with no words of their own, count: a description that mentions the name is no template.
_JOINERS = frozenset("/-_.:@ ,#")
Part = tuple[str, tuple[str, ...]]  # ("text", ()) literal joiners, or ("field", path of the field it copies)
_COMPOSED: IdentityCache[tuple[tuple[str, tuple[Part, ...]], ...]] = IdentityCache(max_entries=4096)


def _recompose(record: dict[str, Any], schema: Schema, pinned: frozenset[str]) -> None:
    """Rebuild each field the examples show built of others from what those hold now (a request's `name`, the
    caller's `login`), where its schema accepts it; a field the request set itself (`pinned`) stays."""
    properties = schema.get("properties") or {}
    for name, parts in _composed_fields(schema):
        if spelling_key(name) in pinned or not isinstance(record.get(name), str):
            continue
        pieces = []
        for kind, where in parts:
            value = _at_path(record, where) if kind == "field" else where[0]
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                break
            pieces.append(str(value))
        else:
            _set_if_valid(record, properties, name, "".join(pieces))


def _at_path(value: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
    return value


def _composed_fields(schema: Schema) -> tuple[tuple[str, tuple[Part, ...]], ...]:
    """The fields of an object schema whose examples are other fields' examples joined, once per schema."""
    return _COMPOSED.get_or_build((schema,), lambda: _find_composed(schema))


def _find_composed(schema: Schema) -> tuple[tuple[str, tuple[Part, ...]], ...]:
    properties = schema.get("properties") or {}
    shown: dict[tuple[str, ...], str] = {}  # the example of each scalar field, this object's and one level down
    for name, sub in properties.items():
        sub = folded(deref(sub) or {})
        example = next(iter(_examples_of(sub)), None)
        if isinstance(example, (str, int)) and not isinstance(example, bool):
            shown[(name,)] = str(example)
        for inner, inner_sub in (sub.get("properties") or {}).items() if isinstance(sub, dict) else ():
            inner_example = next(iter(_examples_of(folded(deref(inner_sub) or {}))), None)
            if isinstance(inner_example, (str, int)) and not isinstance(inner_example, bool):
                shown[(name, inner)] = str(inner_example)
    found = []
    for name, sub in properties.items():
        target = shown.get((name,))
        if target is None or "string" not in schema_types(folded(deref(sub) or {})):
            continue
        others = sorted(
            ((path, text) for path, text in shown.items() if path[0] != name and len(text) >= 2 and text != target),
            key=lambda item: -len(item[1]),
        )
        parts = _split_into(target, others)
        if parts is not None and sum(kind == "field" for kind, _ in parts) >= 2:
            found.append((name, parts))
    return tuple(found)


def _split_into(target: str, others: list[tuple[tuple[str, ...], str]]) -> tuple[Part, ...] | None:
    """`target` as other fields' examples (longest first) and joiners between them, or None."""
    parts: list[Part] = []
    at = 0
    while at < len(target):
        match = next(((path, text) for path, text in others if target.startswith(text, at)), None)
        if match is not None:
            parts.append(("field", match[0]))
            at += len(match[1])
        elif target[at] in _JOINERS:
            parts.append(("text", (target[at],)))
            at += 1
        else:
            return None
    return tuple(parts)


# `author_id` and `author`, `tag_ids` and `tags`; authentik's `users` and `users_obj`, `groupDetails`
_EXPANDED = re.compile(r"^(?P<stem>.+?)(?:_obj|Obj|_object|Object|_detail|_details|Detail|Details|_expanded|Expanded)$")
_OBJECT_IDS = ("id", "pk", "uuid", "_id")


def agree_references(record: dict[str, Any], schema: Schema, pinned: frozenset[str]) -> dict[str, Any]:
    """`record` with its ids and the objects they name agreeing (`_agree_references`), at its top level only: an
    update changes nothing else the way `cohere` would (a slug stays as it was when the title changes)."""
    out = dict(record)
    _agree_references(out, folded(deref(schema)).get("properties") or {}, pinned)
    return out


def _agree_references(record: dict[str, Any], properties: dict[str, Any], pinned: frozenset[str]) -> None:
    """An id field and the object beside it that it names (`author_id` and `author`) name the same record: the
    object takes the id, or the id the object's, where the request set the object and not the id."""
    for expanded, held in list(record.items()):
        if isinstance(held, list):
            if not all(isinstance(item, dict) for item in held):  # objects, or none yet
                continue
        elif held is not None and not isinstance(held, dict):
            continue
        reference = _reference_beside(record, expanded)
        if reference is None:
            continue
        ids = record[reference]
        object_schema = _object_of(properties.get(expanded), isinstance(held, list))
        id_field = next((name for name in _OBJECT_IDS if name in (object_schema.get("properties") or {})), None)
        if id_field is None:
            continue
        if held is None:  # null until now (a parent set by an update): an object made for the id, the same each time
            if ids is None or isinstance(ids, (list, dict)):
                continue
            held = generate(
                object_schema, Faking(zlib.crc32(f"{expanded}|{ids}".encode()), for_response=True), expanded
            )
            if not isinstance(held, dict):
                continue
        if spelling_key(expanded) in pinned and spelling_key(reference) not in pinned:
            named = [item.get(id_field) for item in held] if isinstance(held, list) else held.get(id_field)
            if named is not None and not (isinstance(named, list) and None in named):
                _set_if_valid(record, properties, reference, named)
        elif isinstance(held, list) and isinstance(ids, list):
            if not ids or held:
                _set_if_valid(
                    record, properties, expanded, [{**held[n % len(held)], id_field: v} for n, v in enumerate(ids)]
                )
        elif isinstance(held, dict) and not isinstance(ids, (list, dict)):
            _set_if_valid(record, properties, expanded, None if ids is None else {**held, id_field: ids})


# `primary_email_address_id`, `defaultPaymentMethodId`: the main one of a list beside it (`email_addresses`)
_PRIMARY = re.compile(r"^(primary|default|main)(?P<stem>.+?)id$")


def _primary_among_its_list(record: dict[str, Any], properties: dict[str, Any], pinned: frozenset[str]) -> None:
    """A reference to the main one of a list beside it (Clerk's user `primary_email_address_id` beside its
    `email_addresses`) names one of the list's objects, the first, where it names none of them and the request did not
    set it."""
    lists = {
        spelling_key(singular(name)): name
        for name, held in record.items()
        if isinstance(held, list) and held and all(isinstance(item, dict) for item in held)
    }
    if not lists:
        return  # most records: cohered on every answer, at every depth
    for reference, value in list(record.items()):
        flat = spelling_key(reference)
        found = _PRIMARY.match(flat) if flat not in pinned else None
        listed = lists.get(found.group("stem")) if found else None
        if listed is None:
            continue
        id_field = next((name for name in _OBJECT_IDS if name in record[listed][0]), None)
        ids = [item.get(id_field) for item in record[listed]] if id_field else []
        if ids and value not in ids:
            _set_if_valid(record, properties, reference, ids[0])


def _reference_beside(record: dict[str, Any], expanded: str) -> str | None:
    """The field beside `expanded` holding the id (or the ids) of the record it expands."""
    found = _EXPANDED.match(expanded)
    if found and found.group("stem") in record:
        return found.group("stem")
    single = singular(expanded)
    return next(
        (name for name in (f"{expanded}_id", f"{expanded}Id", f"{single}_ids", f"{single}Ids") if name in record), None
    )


def _object_of(schema: Any, many: bool) -> Schema:
    """The object schema of an expanded field (of its items, where it is a list), through `$ref`, `allOf` and a
    nullable `anyOf`/`oneOf`."""
    node = deref(schema) if isinstance(schema, dict) else {}
    if many:
        items = node.get("items")
        node = deref(items) if isinstance(items, dict) else {}
    for option in node.get("anyOf") or node.get("oneOf") or ():
        option = deref(option) if isinstance(option, dict) else {}
        if not _is_null_schema(option):
            node = option
            break
    return folded(node)


def _set_if_valid(record: dict[str, Any], properties: dict[str, Any], key: str, value: Any) -> None:
    sub = deref(properties.get(key))
    if sub is None or is_valid(sub, value):
        record[key] = value


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


TITLE_NAMES = ("title", "name", "headline", "subject")


def title_from_slug(slug: str) -> str:
    """The title a slug was made from, as near as it says: `how-to-train` is "How to train"."""
    words = slug.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _slug_and_title(record: dict[str, Any], properties: dict[str, Any], pinned: frozenset[str]) -> None:
    if not isinstance(record.get("slug"), str):
        return
    title_key = next((k for k in TITLE_NAMES if isinstance(record.get(k), str)), None)
    if title_key is None:
        return
    if "slug" in pinned and title_key not in pinned:
        title = title_from_slug(record["slug"])
        if title:
            _set_if_valid(record, properties, title_key, title)
    elif "slug" not in pinned:
        slug = slugify(record[title_key])
        if slug:
            _set_if_valid(record, properties, "slug", slug)


# Where a timestamp stands in a record's life; the values are reordered to follow these ranks.
_TIME_RANKS = (
    (re.compile(r"(created?|creation|inserted|registered|issued)"), 0),  # `create_time` (Google's AIP-142)
    (re.compile(r"(started|start|begin|began|periodstart|from)"), 1),
    (re.compile(r"(updated?|modified|edited|lastmodified|lastupdated?)"), 2),
    (re.compile(r"(ended|end|finished|completed|stopped|periodend|until)"), 2),
    (re.compile(r"(expires|expiry|expiration|expire)"), 3),
)
_EXPIRY_RANK = 3
# What names a field as a moment rather than which moment: `created_at`, `createdOn`, Twilio's `date_created`.
# `created_at_unix`, `createdAtMs`: the clock's unit after it too.
_TIME_AFFIX = re.compile(
    r"^date(?=[a-z])|(at|on|date|time|timestamp|datetime|ts)?(unix|epoch)?(ms|millis|milliseconds)?$"
)


@functools.lru_cache(maxsize=4096)  # field names repeat: GitHub's repository answer asks for 1,200
def _time_rank(name: str) -> int | None:
    flat = spelling_key(name)
    # the affixes read leftmost first: `updatetime` loses `datetime`, so its last word alone is tried too
    for stem in (_TIME_AFFIX.sub("", flat) or flat, _LAST_TIME_WORD.sub("", flat)):
        for pattern, rank in _TIME_RANKS:
            if pattern.fullmatch(stem):
                return rank
    return None


_LAST_TIME_WORD = re.compile(r"(timestamp|time|date|at|on)$")


def _time_shape(value: Any) -> str | None:
    """Which values can be compared with each other: ISO strings of one length, or Unix times in seconds or in
    milliseconds (past 10^11, which in seconds is the year 5138)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if value <= 10**8 else "unix" if value < 10**11 else "unix_ms"
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return f"iso{len(value)}"
    return None


def end_stem(word: str) -> str:
    """The word of an end without its inflection: `completed`, `complete` and `is_completed` are one end, and so
    are `cancelled` and `canceled`."""
    return re.sub(r"(?<=l)led$|ed$|e$", "", re.sub(r"^is_?", "", word.lower()))


def flag_stem(name: str) -> str:
    """The stem of what a flag says was done (`archiv` of `archived`, `is_archived`, `publish` of `publish`)."""
    return end_stem(_letters(name))


def moments_named(names: Iterable[str], stem: str) -> list[str]:
    """Of `names`, those of the moment the thing `stem` names was done: `archivedAt`, `archived_on` of `archiv`."""
    letters = {name: _letters(name) for name in names}
    return [
        name for name, plain in letters.items() if plain.startswith(stem) and _ACTED_MOMENT.match(plain[len(stem) :])
    ]


# what follows a stem in the name of the moment it was done: `archiv` + `edAt`, `publish` + `ed_on`
_ACTED_MOMENT = re.compile(r"^(e?d)(at|on|date|time|timestamp)$")
# how the letters of such a moment's name end (`archivedAt`, `published_on`)
_MOMENT_ENDING = re.compile(r"(at|on|date|time|timestamp)$")


def _letters(name: str) -> str:
    """A name's letters alone, lower-cased: `archivedat` of `archived_at` and of `archivedAt`."""
    return re.sub(r"[^a-z]", "", name.lower())


def _flags_and_their_moments(
    record: dict[str, Any], properties: dict[str, Any], required: Iterable[str], pinned: frozenset[str]
) -> None:
    """A flag that says a thing was not done has no moment it was done: `archived: false` beside an `archivedAt`
    (HubSpot's contacts) leaves the moment null, or out where the schema allows neither."""
    unset = [key for key, value in record.items() if value is False]
    # looked for once per object, among the names that end as a moment's do: this runs on every object made up
    moments = [key for key in record if _MOMENT_ENDING.search(_letters(key))] if unset else []
    for key in unset if moments else ():
        stem = flag_stem(key)
        if len(stem) < 3:
            continue
        for moment in moments_named(moments, stem):
            if record.get(moment) is None or spelling_key(moment) in pinned:
                continue
            if is_valid(properties.get(moment) or {}, None):
                record[moment] = None
            elif moment not in required:
                del record[moment]


def _order_times(record: dict[str, Any], properties: dict[str, Any]) -> None:
    groups: dict[str, list[tuple[int, str]]] = {}
    for key, value in record.items():
        rank = _time_rank(key)
        shape = _time_shape(value) if rank is not None else None
        if rank is not None and shape is not None:
            groups.setdefault(shape, []).append((rank, key))
    for members in groups.values():
        if len({rank for rank, _ in members}) < 2:
            continue
        ordered_keys = [key for _, key in sorted(members)]
        ordered_values = sorted(record[key] for key in ordered_keys)
        candidate = dict(zip(ordered_keys, ordered_values, strict=True))
        if all(properties.get(k) is None or is_valid(properties[k], v) for k, v in candidate.items()):
            record.update(candidate)


_TOTAL_NAMES = re.compile(
    r"^(total|count|total_?count|total_?results|total_?items|total_?entries|num_?results|num_?items|size|hits)$",
    re.IGNORECASE,
)
_PAGES_NAMES = re.compile(r"^(total_?pages|pages|page_?count|num_?pages|last_?page)$", re.IGNORECASE)
_MORE_NAMES = re.compile(r"^(has_?more|has_?next(_?page)?|more)$", re.IGNORECASE)
_PAGER_NAMES = re.compile(r"^(meta|pagination|paging|page_?info|pager|page)$", re.IGNORECASE)


def _match_counts(record: dict[str, Any], properties: dict[str, Any]) -> None:
    lists = {key: value for key, value in record.items() if isinstance(value, list)}
    if not lists:
        return
    only = next(iter(lists.values())) if len(lists) == 1 else None
    for key, value in list(record.items()):
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            stem = counted_list_stem(key)
            listed = _list_named(stem, lists) if stem is not None else None
            if listed is not None:
                _set_if_valid(record, properties, key, len(listed))
        elif isinstance(value, dict) and only is not None and _PAGER_NAMES.match(key):
            sub = properties.get(key) or {}
            pager = dict(value)
            _pager_totals(pager, (_resolved_for(sub, value).get("properties") or {}), len(only))
            _set_if_valid(record, properties, key, pager)
    if only is not None:
        _pager_totals(record, properties, len(only))


def _pager_totals(record: dict[str, Any], properties: dict[str, Any], count: int) -> None:
    for key, value in list(record.items()):
        if isinstance(value, bool):
            if _MORE_NAMES.match(key):
                _set_if_valid(record, properties, key, False)
        elif isinstance(value, int):
            if _TOTAL_NAMES.match(key):
                _set_if_valid(record, properties, key, count)
            elif _PAGES_NAMES.match(key):
                _set_if_valid(record, properties, key, 1 if count else 0)


def _list_named(stem: str, lists: dict[str, list[Any]]) -> list[Any] | None:
    return next((value for key, value in lists.items() if names_list(stem, key)), None)
